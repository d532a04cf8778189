"""Template context every page gets: the signed-in person, the navigation and the demo flag."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from ladders.accounts.permissions import (
    can_calibrate,
    can_use_admin_pages,
    can_view_participation,
    can_view_team,
)

# (url name, label, which url names make the item current)
_NAV = [
    ("dashboard", "Dashboard", {"dashboard", "person", "snapshot"}),
    (
        "my-evidence",
        "Evidence",
        {"my-evidence", "evidence", "evidence-add", "evidence-edit", "evidence-delete"},
    ),
    ("checkins", "Check-ins", {"checkins", "checkin"}),
    ("team", "Team", {"team", "checkin-review"}),
    (
        "packets",
        "Packets",
        {
            "packets",
            "packet",
            "packet-new",
            "packet-draft",
            "packet-review",
            "packet-audit",
            "packet-decide",
            "packet-reopen",
        },
    ),
    ("cycles", "Cycles", {"cycles", "cycle"}),
    ("calibration", "Calibration", {"calibration"}),
    ("framework", "Framework", {"framework"}),
    ("maturity", "Maturity", {"maturity"}),
    ("tokens", "Account", {"tokens", "token-revoke", "password-change"}),
    (
        "admin",
        "Admin",
        {
            "admin",
            "admin-frameworks",
            "admin-framework-activate",
            "admin-framework-preview",
            "admin-people-import",
            "admin-bands",
            "admin-band-edit",
            "admin-band-delete",
            "admin-cycle-new",
            "admin-notifications",
            "admin-tokens",
        },
    ),
]


def navigation(request: HttpRequest) -> dict:
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is None:
        return {"me": None, "is_demo": False, "nav": []}
    current = request.resolver_match.url_name if request.resolver_match else None
    hidden = set()
    if not can_view_team(person):
        hidden.add("team")
    if not can_use_admin_pages(person):
        hidden.add("admin")
    if not can_calibrate(person):
        hidden.add("calibration")
    if not can_view_participation(person):
        hidden.add("cycles")
    nav = [
        {"url": reverse(name), "label": label, "current": current in names}
        for name, label, names in _NAV
        if name not in hidden
    ]
    return {"me": person, "is_demo": person.org.is_demo, "nav": nav}
