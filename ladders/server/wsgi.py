"""WSGI entry point for production servers."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ladders.server.settings")
application = get_wsgi_application()


def _freeze_what_lives_as_long_as_the_process() -> None:
    """Move the objects every request shares out of the garbage collector's reach.

    Django, the apps, every view module and the API's routes and schemas (imported here
    rather than by the first request) live as long as the process. Left in reach, each full
    collection a request's allocations set off walks all of them: measured in-process, one
    took 50-220 ms on a busy machine, a pause every request in flight on the worker waits
    out, and most of the assessment API's slowest 1%. Frozen, a collection walks only what
    requests made. (`ladders serve` imports this module before gunicorn forks its workers,
    so the workers share these pages too.)
    """
    get_resolver().url_patterns  # noqa: B018  (imports every view and builds the API's routes)
    gc.collect()
    gc.freeze()


_freeze_what_lives_as_long_as_the_process()
