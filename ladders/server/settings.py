"""One settings module, driven by environment variables.

LADDERS_DATA_DIR   where the SQLite database and secret key live (default ./ladders-data)
DATABASE_URL       postgres://user:pass@host:port/name switches to PostgreSQL
LADDERS_DEBUG      1 for development (never in production)
LADDERS_ALLOWED_HOSTS  comma-separated host names (default: localhost names)
LADDERS_SECRET_KEY     overrides the generated key file
LADDERS_SECURE     1 when served over HTTPS: secure cookies and HSTS (default: on unless debug)

and the others in docs/server.md. Yes/no and numeric values are read strictly (see
ladders.server.environment): a value not understood stops start-up, naming the variable.
"""

from __future__ import annotations

import os
from pathlib import Path

from ladders.core import limits
from ladders.server.database import database_settings
from ladders.server.datadir import data_dir, secret_key
from ladders.server.environment import (
    LOG_LEVELS,
    env_base_url,
    env_choice,
    env_flag,
    env_int,
    env_time_zone,
)
from ladders.server.sso import authentication_backends, sso_config

DATA_DIR = data_dir()
BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_flag("LADDERS_DEBUG", default=False)
SECURE = env_flag("LADDERS_SECURE", default=not DEBUG)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("LADDERS_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "ladders.server",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ladders.accounts",
    "ladders.leveling",
    "ladders.promotions",
    "ladders.cycles",
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

DATABASES = {"default": database_settings(os.environ.get("DATABASE_URL"), DATA_DIR)}

# Background tasks (ladders.leveling.tasks) are queued in the database and run by
# `ladders worker` (one starts with `ladders serve`; PostgreSQL deployments may run more).
TASKS: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Single sign-on through an OpenID Connect provider (ladders.server.sso): None when off.
LADDERS_SSO = sso_config()
AUTHENTICATION_BACKENDS = authentication_backends(LADDERS_SSO)

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

# Sign-in throttling (see ladders.accounts.throttle): failures for one user name from one
# address, and from one address whatever the names, within the window.
LOGIN_FAILURE_LIMIT = env_int("LADDERS_LOGIN_FAILURE_LIMIT", limits.LOGIN_FAILURES, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int(
    "LADDERS_LOGIN_ADDRESS_FAILURE_LIMIT", limits.LOGIN_ADDRESS_FAILURES, minimum=1
)
LOGIN_FAILURE_WINDOW_SECONDS = env_int(
    "LADDERS_LOGIN_FAILURE_WINDOW", limits.LOGIN_FAILURE_WINDOW_SECONDS, minimum=1
)

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
BEHIND_PROXY = env_flag("LADDERS_BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

LANGUAGE_CODE = "en"
TIME_ZONE = env_time_zone("LADDERS_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve app static files directly: no collectstatic, no CDN
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("LADDERS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("LADDERS_FROM_EMAIL", "ladders@localhost")
# With the SMTP backend (django.core.mail.backends.smtp.EmailBackend): where the mail server is.
EMAIL_HOST = os.environ.get("LADDERS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("LADDERS_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = os.environ.get("LADDERS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LADDERS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("LADDERS_EMAIL_TLS", default=False)
EMAIL_TIMEOUT = 20
# The server's public address, for the links in reminders and notifications
# (ladders.cycles.links); without it they point at the address `ladders serve` listens on.
BASE_URL = env_base_url("LADDERS_BASE_URL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("LADDERS_LOG_LEVEL", "WARNING", LOG_LEVELS)},
}
