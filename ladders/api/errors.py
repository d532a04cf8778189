"""Every error under /api/v1 is JSON: `{"detail": ..., "field": ..., "errors": [...]}`.

Ninja's own handlers cover the operations; `json_errors` wraps every URL of the API (the
OpenAPI view, the root, method-not-allowed answers) and `route_not_found` catches the rest,
so no path under /api/v1 ever answers with an HTML page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from ladders.core.errors import InputError
from ladders.server.errors import ServiceError

logger = logging.getLogger(__name__)

# Parts of a pydantic location that say where a value came from, not which field it is.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "payload"}


class FieldErrorOut(Schema):
    field: str | None
    message: str


class FieldError(TypedDict):
    """One entry of an error body's `errors`, as the handlers build it (`FieldErrorOut`)."""

    field: str | None
    message: str


class ErrorOut(Schema):
    """The body of every error answer."""

    detail: str
    field: str | None = None
    errors: list[FieldErrorOut] | None = None
    reason: str | None = None  # a refused API token: unknown, revoked, expired or inactive


UNAUTHENTICATED = "Not signed in: send `Authorization: Bearer TOKEN`, or sign in for a session."


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The documented error answers of an operation: 401 always, plus `statuses`."""
    return {status: ErrorOut for status in sorted({401, *statuses})}


def error_body(
    detail: str, *, field: str | None = None, errors: list[FieldError] | None = None
) -> dict[str, Any]:
    return {"detail": detail, "field": field, "errors": errors}


def error_response(status: int, detail: str, **extra: Any) -> JsonResponse:
    return JsonResponse(error_body(detail, **extra), status=status)


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str | None:
    parts = [str(p) for p in loc if not (isinstance(p, str) and p in _SOURCES)]
    if not parts and loc and loc[0] == "body":
        return "body"  # the body as a whole: missing, or not a JSON object
    return ".".join(parts) or None


# -- ninja exception handlers ---------------------------------------------------------------


def on_validation_error(request: HttpRequest, exc: ValidationError, api) -> HttpResponse:
    errors: list[FieldError] = [
        {
            "field": _field_of(e.get("loc", ())),
            "message": str(e.get("msg", "invalid")).removeprefix("Value error, "),
        }
        for e in exc.errors
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    first = errors[0]["field"] if errors else None
    return api.create_response(
        request, error_body(detail or "invalid input", field=first, errors=errors), status=422
    )


def on_service_error(request: HttpRequest, exc: ServiceError, api) -> HttpResponse:
    field = exc.field or None
    errors: list[FieldError] = [{"field": field, "message": str(exc).removeprefix(f"{field}: ")}]
    return api.create_response(request, error_body(str(exc), field=field, errors=errors), status=exc.status)


def on_input_error(request: HttpRequest, exc: InputError, api) -> HttpResponse:
    errors: list[FieldError] = [{"field": p.field or None, "message": p.message} for p in exc.problems]
    detail = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems)
    return api.create_response(
        request, error_body(detail, field=errors[0]["field"], errors=errors), status=422
    )


def on_not_found(request: HttpRequest, exc: Http404, api) -> HttpResponse:
    return api.create_response(request, error_body(str(exc) or "Not found."), status=404)


def on_authentication_error(request: HttpRequest, exc: AuthenticationError, api) -> HttpResponse:
    detail = exc.message if exc.message != "Unauthorized" else UNAUTHENTICATED
    body = error_body(detail)
    reason = getattr(exc, "reason", None)  # set by ladders.api.auth.TokenRefused
    if reason:
        body["reason"] = reason
    response = api.create_response(request, body, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="ladders"'
    return response


def on_http_error(request: HttpRequest, exc: HttpError, api) -> HttpResponse:
    return api.create_response(request, error_body(str(exc)), status=exc.status_code)


def on_suspicious_request(request: HttpRequest, exc: SuspiciousOperation, api) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return api.create_response(request, error_body("The request body is too large."), status=413)
    return api.create_response(request, error_body("Bad request."), status=400)


def on_permission_denied(request: HttpRequest, exc: PermissionDenied, api) -> HttpResponse:
    return api.create_response(request, error_body(str(exc) or "Not allowed."), status=403)


def on_unexpected_error(request: HttpRequest, exc: Exception, api) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, error_body("Internal server error; it has been logged."), status=500)


def install_handlers(api) -> None:
    """Register the handlers above; the most specific exception class wins."""
    for exc_class, handler in [
        (Exception, on_unexpected_error),
        (Http404, on_not_found),
        (SuspiciousOperation, on_suspicious_request),
        (PermissionDenied, on_permission_denied),
        (HttpError, on_http_error),
        (AuthenticationError, on_authentication_error),
        (ValidationError, on_validation_error),
        (ServiceError, on_service_error),
        (InputError, on_input_error),
    ]:
        api.add_exception_handler(exc_class, lambda request, exc, handler=handler: handler(request, exc, api))


# -- responses produced outside ninja's operations ------------------------------------------


def json_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn any non-JSON error answer of `view` (404 page, bare 405) into the JSON error body."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return _no_route(request)
        if response.status_code < 400 or response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            replacement = error_response(
                405, f"{request.method} is not allowed here; allowed methods: {allowed or 'none'}."
            )
            replacement["Allow"] = allowed
            return replacement
        return error_response(response.status_code, HTTPStatus(response.status_code).phrase + ".")

    return wrapped


def _no_route(request: HttpRequest) -> JsonResponse:
    return error_response(
        404, f"No API route at {request.path}; the routes are listed in /api/v1/openapi.json."
    )


@csrf_exempt  # answers 404 to every method; nothing to protect
def route_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return _no_route(request)
