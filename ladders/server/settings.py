"""One settings module, driven by environment variables.

LADDERS_DATA_DIR   where the SQLite database and secret key live (default ./ladders-data)
DATABASE_URL       postgres://user:pass@host:port/name switches to PostgreSQL
LADDERS_DEBUG      1 for development (never in production)
LADDERS_ALLOWED_HOSTS  comma-separated host names (default: localhost names)
LADDERS_SECRET_KEY     overrides the generated key file
LADDERS_SECURE     1 when served over HTTPS: secure cookies and HSTS (default: on unless debug)
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from ladders.server.datadir import data_dir, secret_key


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _database(url: str | None, directory: Path) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(directory / "ladders.sqlite3"),
            "OPTIONS": {
                # WAL lets readers proceed while a check-in is being written.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL: unsupported scheme '{parsed.scheme}' (use postgres://)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": 60,
        "TEST": {"NAME": os.environ.get("LADDERS_TEST_DB_NAME", "test_ladders")},
    }


DATA_DIR = data_dir()
BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = secret_key(DATA_DIR)
DEBUG = _flag("LADDERS_DEBUG")
SECURE = _flag("LADDERS_SECURE", default=not DEBUG)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("LADDERS_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ladders.accounts",
    "ladders.leveling",
    "ladders.promotions",
    "ladders.web",
    "ladders.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ladders.web.middleware.content_security_policy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ladders.web.middleware.refuse_nul",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ladders.server.urls"
WSGI_APPLICATION = "ladders.server.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ladders.web.context.navigation",
            ]
        },
    }
]

DATABASES = {"default": _database(os.environ.get("DATABASE_URL"), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

# Sign-in throttling: this many failures for one username or address within the window
# blocks further attempts until the window passes.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LADDERS_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LADDERS_LOGIN_FAILURE_WINDOW", "900"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _flag("LADDERS_BEHIND_PROXY") else None

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("LADDERS_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve app static files directly: no collectstatic, no CDN
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("LADDERS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("LADDERS_FROM_EMAIL", "ladders@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LADDERS_LOG_LEVEL", "WARNING")},
}
