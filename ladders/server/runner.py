"""Start-up: point Django at a data directory, migrate, load the framework, serve."""

from __future__ import annotations

import os
from pathlib import Path


def configure(data_dir: Path | None = None, *, secure: bool | None = None) -> None:
    """Set up Django for this process; call before importing models."""
    if data_dir is not None:
        os.environ["LADDERS_DATA_DIR"] = str(data_dir)
    if secure is not None and "LADDERS_SECURE" not in os.environ:
        os.environ["LADDERS_SECURE"] = "1" if secure else "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ladders.server.settings")
    import django

    django.setup()


def prepare() -> None:
    """Apply migrations and make sure an organisation with an active framework exists.

    `migrate` ends by installing the default framework for any organisation without one,
    and a new organisation gets it as it is created (`ladders.leveling.services.default_framework`),
    so no request ever has to.
    """
    from django.core.management import call_command

    from ladders.accounts.services import default_org

    call_command("migrate", interactive=False, verbosity=0)
    default_org()


def serve(host: str, port: int, workers: int = 2, threads: int = 4) -> None:
    """Serve with gunicorn: several processes, so one slow page never blocks the rest."""
    from gunicorn.app.base import BaseApplication

    from ladders.server.wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", None)
            self.cfg.set("timeout", 60)

        def load(self):
            return application

    Server().run()
