"""Small wrappers every page view shares."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_use_admin_pages


def viewer(request: HttpRequest) -> Person:
    """The signed-in person; an account without a person record may not use the pages."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied("This account has no person record; ask an admin to add you.")
    return person


def admin_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Admin pages do not exist for anyone else (404, like any page they may not see)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_use_admin_pages(viewer(request)):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper
