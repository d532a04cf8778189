"""Salary bands, kept by admins per level, market and currency (everyone else: 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ladders.leveling.pay import band_delete, band_set
from ladders.server.errors import ServiceError
from ladders.web.decorators import admin_only, viewer
from ladders.web.forms import BandForm, show_service_error
from ladders.web.pages.pay import band_for_admin, bands_page


def _save(request: HttpRequest, form: BandForm) -> tuple[bool, int]:
    """Pass the form to `band_set`; (saved, status) with the service's message on its field."""
    if not form.is_valid():
        return False, 422
    try:
        band = band_set(actor=viewer(request), **form.cleaned_data)
    except ServiceError as error:
        show_service_error(form, error)
        return False, error.status
    messages.success(request, f"Saved the band {form.describe(band)}.")
    return True, 200


@login_required
@admin_only
@require_http_methods(["GET", "POST"])
def bands(request: HttpRequest) -> HttpResponse:
    context = bands_page(viewer=viewer(request))
    form = BandForm(context["framework"], request.POST or None)
    status = 200
    if request.method == "POST":
        saved, status = _save(request, form)
        if saved:
            return redirect("admin-bands")
    return render(request, "web/admin_bands.html", {**context, "form": form}, status=status)


@login_required
@admin_only
@require_http_methods(["GET", "POST"])
def band_edit(request: HttpRequest, band_id: int) -> HttpResponse:
    context = band_for_admin(viewer=viewer(request), band_id=band_id)
    form = BandForm(context["framework"], request.POST or None, band=context["band"])
    status = 200
    if request.method == "POST":
        saved, status = _save(request, form)
        if saved:
            return redirect("admin-bands")
    return render(request, "web/admin_band_form.html", {**context, "form": form}, status=status)


@login_required
@admin_only
@require_http_methods(["GET", "POST"])
def band_remove(request: HttpRequest, band_id: int) -> HttpResponse:
    me = viewer(request)
    context = band_for_admin(viewer=me, band_id=band_id)
    band = context["band"]
    if request.method == "POST":
        try:
            band_delete(actor=me, band=band)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"Deleted the band {context['level_name']} {band.market} {band.currency}."
            )
        return redirect("admin-bands")
    return render(request, "web/admin_band_delete.html", context)
