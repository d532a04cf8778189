"""Start-up: point Django at a data directory, migrate, load the framework, serve."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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


WORKER_STOP_SECONDS = 10
"""How long `ladders serve` lets its worker finish the task it is on when the server stops."""


def worker_run(*, batch: bool = False, interval: float = 1.0, verbosity: int = 1) -> None:
    """Run queued background tasks (django-tasks' database worker) until stopped.

    SIGTERM or Ctrl+C stops it after the task it is running; a second one stops it at once.
    Several workers may run against one PostgreSQL database: each claims a task in a
    transaction, so no task runs twice.
    """
    from django.core.management import call_command

    call_command(
        "db_worker",
        batch=batch,
        interval=interval,
        reload=False,
        startup_delay=not batch,
        verbosity=verbosity,
    )


def worker_start(data_dir: Path) -> subprocess.Popen:
    """A `ladders worker` process beside the server, on the same data directory and database."""
    return subprocess.Popen([sys.executable, "-m", "ladders", "worker", "--data-dir", str(data_dir)])


def worker_stop(process: subprocess.Popen) -> None:
    """Stop the worker `worker_start` began: let it finish its task for a while, then end it."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)  # the second one ends the current task
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
