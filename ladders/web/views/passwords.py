"""Changing one's password, and resetting a forgotten one by an e-mailed link (Django's views).

All of them are 404 in SSO-only mode (`LADDERS_SSO_ONLY`): nobody has a password there. A
completed reset also lifts a sign-in lock-out of that user name, since whoever holds the link
has just shown they own the account's e-mail.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import reverse_lazy

from ladders.accounts.throttle import login_failures_forget


def passwords_on(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if settings.LADDERS_SSO is not None and settings.LADDERS_SSO.only:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


class _Change(auth_views.PasswordChangeView):
    template_name = "web/password_change.html"
    success_url = reverse_lazy("password-change")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password is changed. Your other sessions are signed out.")
        return response


class _Confirm(auth_views.PasswordResetConfirmView):
    template_name = "web/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        login_failures_forget(username=form.user.get_username())
        return response


password_change = passwords_on(_Change.as_view())
password_reset = passwords_on(
    auth_views.PasswordResetView.as_view(
        template_name="web/password_reset.html",
        email_template_name="web/password_reset_email.txt",
        subject_template_name="web/password_reset_subject.txt",
        success_url=reverse_lazy("password-reset-sent"),
    )
)
password_reset_sent = passwords_on(
    auth_views.PasswordResetDoneView.as_view(template_name="web/password_reset_sent.html")
)
password_reset_confirm = passwords_on(_Confirm.as_view())
password_reset_complete = passwords_on(
    auth_views.PasswordResetCompleteView.as_view(template_name="web/password_reset_complete.html")
)
