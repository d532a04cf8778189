"""Settings for mypy's Django plugin, which imports them to learn the installed apps and models.

Nothing is served with them. Importing the real settings makes the data directory (and an
empty SQLite file in it), so here that directory is one inside mypy's own cache folder:
the same one on every run, whatever the environment names, and never a real data directory
or database. The key is given, so no key file is written.
"""

import os

os.environ["LADDERS_DATA_DIR"] = os.path.join(".mypy_cache", "ladders-data")
os.environ["LADDERS_SECRET_KEY"] = "type-checking-only-not-secret"
os.environ.pop("DATABASE_URL", None)

from ladders.server.settings import *  # noqa: F403
