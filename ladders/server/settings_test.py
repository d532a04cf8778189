"""Settings for the test suite: a throwaway data directory, and PostgreSQL when asked.

`LADDERS_TEST_DATABASE=postgres` runs the suite against PostgreSQL at the URL in
`LADDERS_TEST_POSTGRES` (or the local server on 127.0.0.1:5432 when it only says 1).
"""

import os
import tempfile

os.environ.setdefault("LADDERS_DATA_DIR", tempfile.mkdtemp(prefix="ladders-test-"))
os.environ.setdefault("LADDERS_SECRET_KEY", "test-only-key-not-secret")
# One test database per run, so two runs on the same server never trample each other.
os.environ.setdefault("LADDERS_TEST_DB_NAME", f"test_ladders_{os.getpid()}")
if os.environ.get("LADDERS_TEST_DATABASE") == "postgres":
    url = os.environ.get("LADDERS_TEST_POSTGRES", "")
    os.environ["DATABASE_URL"] = url if "://" in url else "postgres://postgres@127.0.0.1:5432/postgres"
else:
    os.environ.pop("DATABASE_URL", None)

from ladders.server.settings import *  # noqa: F403

# Tasks run as they are queued, inside the request that queues them; the tests of the
# worker itself (tests/server/test_worker.py) switch back to the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Fast hashing in tests only; the real settings use argon2 (tested in tests/server).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, as in production: threads then wait for each other's writes (WAL and the busy
    # timeout), where a shared in-memory database answers "table is locked" instead.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
