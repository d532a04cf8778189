"""Signing in (throttled after repeated failures, or through the SSO provider) and out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from ladders.accounts.throttle import sign_in_check
from ladders.server.errors import ServiceError
from ladders.web.forms import SignInForm


def _next_url(request: HttpRequest) -> str:
    """Where to go after signing in: a path on this site, else the dashboard.

    Only a path that starts with one `/` is followed. Anything else is refused, not
    interpreted: a bare word such as `reports` would otherwise be taken for a view name,
    and `//host` or `https://host` would lead to another site.
    """
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    is_path = wanted.startswith("/") and not wanted.startswith(("//", "/\\"))
    if is_path and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return settings.LOGIN_REDIRECT_URL


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None)
    status = 200
    sso = settings.LADDERS_SSO
    refusal = ""
    if request.method == "POST" and sso is not None and sso.only:
        refusal = f"Password sign-in is turned off here: sign in with {sso.provider_name}."
        status = 403
    elif request.method == "POST" and form.is_valid():
        try:
            user = sign_in_check(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except ServiceError as error:
            form.add_error(None, str(error))
            status = error.status
        else:
            login(request, user)
            return redirect(_next_url(request))
    elif request.method == "POST":
        status = 400
    context = {"form": form, "next": _next_url(request), "sso": sso, "refusal": refusal}
    return render(request, "web/login.html", context, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
