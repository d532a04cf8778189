"""The NinjaAPI instance: authentication, error handling and the resource routers."""

from __future__ import annotations

from ninja import NinjaAPI

from ladders.api import (
    assessment,
    bands,
    calibration,
    checkins,
    cycles,
    evidence,
    exports,
    framework,
    packets,
    people,
    people_admin,
    reviews,
    suggestions,
)
from ladders.api.auth import api_auth
from ladders.api.errors import install_handlers

DESCRIPTION = """\
The ladders team server as JSON.

**Authentication**: `Authorization: Bearer TOKEN` with a personal token
(`ladders token create USERNAME`),
or the session of a signed-in browser; a session request that changes something must send
the CSRF token in the `X-CSRFToken` header.

**Visibility**: an engineer sees themself, a manager their reporting chain, an admin the
organisation. A person outside that reach answers 404, exactly like an id that does not
exist; a change the caller may not make to someone they can see answers 403.

**Errors** are JSON: `{"detail": "...", "field": "...", "errors": [{"field", "message"}]}`;
`field` names the input at fault (422), or is null.

**Lists** take `limit` (1-200, default 50) and `offset` and answer
`{"count", "limit", "offset", "items"}`.
"""

api = NinjaAPI(
    title="ladders",
    version="1",
    description=DESCRIPTION,
    auth=api_auth,
    urls_namespace="api",
    # The interactive docs page needs ninja's static files, which the server does not install.
    docs_url=None,
)
install_handlers(api)

for module in (
    people,
    people_admin,
    evidence,
    suggestions,
    checkins,
    assessment,
    framework,
    packets,
    reviews,
    calibration,
    bands,
    cycles,
    exports,
):
    api.add_router("", module.router)
