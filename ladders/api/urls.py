"""The JSON API under /api/v1: its operations, the OpenAPI document and JSON 404s for the rest."""

from django.urls import URLPattern, include, re_path

from ladders.api.api import api
from ladders.api.errors import json_errors, route_not_found

# Not named `app_name`: Django would read that as this module's own namespace.
_patterns, _ninja_app, _namespace = api.urls
for _pattern in _patterns:
    if isinstance(_pattern, URLPattern):  # ninja lists views only, no nested resolvers
        _pattern.callback = json_errors(_pattern.callback)

urlpatterns = [
    re_path(r"^", include((_patterns, _ninja_app), namespace=_namespace)),
    re_path(r"^.*$", route_not_found),
]
