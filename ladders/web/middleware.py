"""Response headers every page carries, and the guard against NUL characters in requests."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from ladders.core.text import NUL, NUL_MESSAGE, nul_path

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

# Everything is served from our own origin: no CDN, no inline script.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def content_security_policy(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

    return middleware


def refuse_nul(get_response: Callable[[HttpRequest], HttpResponse]):
    """Answer 422 to any request with a NUL character in what a person could have typed.

    PostgreSQL cannot store U+0000 and no person means to type it, so it is refused once,
    here, before any view runs: in the path, query parameters (names and values), form
    fields and JSON bodies (keys and values, however nested). API paths get the API's JSON
    error body; pages get the problem page. Files are left to their own readers.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        found = _nul_in(request)
        if found is None:
            return get_response(request)
        where, name = found
        if request.path_info.startswith("/api/"):
            from ladders.api.errors import error_response

            errors = [{"field": name, "message": NUL_MESSAGE}]
            return error_response(422, f"{name}: {NUL_MESSAGE}", field=name, errors=errors)
        message = f"The {where} '{name}' {NUL_MESSAGE} and try again."
        return render(request, "web/problem.html", {"message": message}, status=422)

    return middleware


def _shown(name: object) -> str:
    return str(name).replace(NUL, "\\0")


def _nul_in(request: HttpRequest) -> tuple[str, str] | None:
    """What holds a NUL (`("query parameter", "q")`), or None when nothing does."""
    if NUL in request.path_info:
        return "address", _shown(request.path_info)
    for where, fields in (("query parameter", request.GET), ("form field", _form_fields(request))):
        for name, values in fields.lists():
            if NUL in name or any(NUL in value for value in values):
                return where, _shown(name)
    body = _json_body(request)
    path = nul_path(body) if body is not None else None
    if path is not None:
        return "JSON field", ".".join(_shown(part) for part in path) or "body"
    return None


def _form_fields(request: HttpRequest) -> QueryDict:
    if request.content_type in FORM_TYPES:
        return request.POST  # a malformed body raises here, as it would in the view: a 400
    return QueryDict()


def _json_body(request: HttpRequest) -> object | None:
    """The parsed JSON body when it may hold an escaped NUL; None otherwise.

    A body that is too large or not JSON is left alone: the view answers it as it always has.
    """
    if request.content_type in FORM_TYPES or request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    try:
        body = request.body
    except SuspiciousOperation:
        return None
    if b"\\u0000" not in body:  # JSON can only spell NUL this way; a raw one is invalid JSON
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None
