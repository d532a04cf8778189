"""Top-level routes: pages, the JSON API and the health check."""

from django.http import HttpResponse
from django.urls import include, path


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("ladders.api.urls")),
    path("scim/v2/", include("ladders.scim.urls")),
    path("", include("ladders.web.urls")),
]
