"""Template context every page gets: the signed-in person and whether the org is a demo."""

from __future__ import annotations

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    return {
        "me": person,
        "is_demo": bool(person and person.org.is_demo),
    }
