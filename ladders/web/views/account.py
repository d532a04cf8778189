"""One's own account: personal API tokens, and (for admins) every token of the organisation.

A new token is shown once, in the answer to the form that made it, and never again: the
page is rendered there and then instead of redirecting, so the token is in no URL, no
session and no log.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ladders.accounts.tokens import org_tokens, token_create, token_revoke, token_state, tokens_of
from ladders.server.errors import NotFound, ServiceError
from ladders.web.account_forms import TokenForm
from ladders.web.decorators import admin_only, viewer
from ladders.web.forms import show_service_error


def _rows(tokens) -> list[dict]:
    return [{"token": token, "state": token_state(token)} for token in tokens]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    me = viewer(request)
    form = TokenForm(request.POST or None)
    status, new_token = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                new_token = token_create(
                    me, form.cleaned_data["name"], days=form.cleaned_data["days"], actor=me
                )
            except ServiceError as error:
                show_service_error(form, error)
                status = error.status
            else:
                status = 201
                form = TokenForm()
        else:
            status = 422
    sso_only = settings.LADDERS_SSO is not None and settings.LADDERS_SSO.only
    context = {"rows": _rows(tokens_of(me)), "form": form, "new_token": new_token, "sso_only": sso_only}
    return render(request, "web/account_tokens.html", context, status=status)


def _back(request: HttpRequest) -> str:
    """The list the revoke button was on: the admin's list or one's own."""
    wanted = request.POST.get("back", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return "tokens"


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = token_revoke(actor=viewer(request), token_id=token_id)
    except NotFound:
        raise Http404("No such token.") from None  # the same answer as for an id that is not there
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Revoked the token “{token.name}” ({token.prefix}…). It no longer works.")
    return redirect(_back(request))


@never_cache
@login_required
@admin_only
@require_http_methods(["GET"])
def admin_tokens(request: HttpRequest) -> HttpResponse:
    return render(request, "web/admin_tokens.html", {"rows": _rows(org_tokens(viewer=viewer(request)))})
