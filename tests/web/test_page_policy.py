"""What every page shares: landmarks, labels, navigation by role, the demo banner, no inline code, CSRF.

The pages checked are every page route Django's URL resolver knows, as in the permission
matrix (tests/server/matrix_helpers.py): a route added without a row in PAGES or NOT_PAGES
fails `test_every_page_route_has_a_policy_row`, so a new page cannot skip the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ladders.core.framework_loader import DEFAULT_FRAMEWORK
from ladders.cycles import services as cycles
from ladders.leveling import services as leveling
from ladders.leveling.exports import export_start
from ladders.leveling.facts_rebuilds import facts_rebuild_direct
from ladders.leveling.imports import people_import_start
from ladders.leveling.models import SalaryBand
from ladders.promotions import services
from tests.framework_ids import KIND
from tests.minimum_profiles import MID_RATINGS
from tests.server.matrix_helpers import fill, page_routes

# Who asks for each page; the parameters of its path come from the `site` fixture.
PAGES: dict[str, tuple[str, ...]] = {
    "login": ("anonymous",),
    "password-reset": ("anonymous",),
    "password-reset-sent": ("anonymous",),
    "password-reset-confirm": ("anonymous",),  # a link that does not work: the page says so
    "password-reset-complete": ("anonymous",),
    "password-change": ("admin",),
    "tokens": ("admin",),
    "admin-tokens": ("admin",),
    "dashboard": ("admin",),
    "person": ("admin",),
    "snapshot": ("admin",),
    "my-evidence": ("admin",),
    "evidence": ("admin",),
    "evidence-add": ("admin",),
    "evidence-edit": ("admin",),
    "evidence-delete": ("admin",),
    "evidence-inbox": ("admin",),
    "checkins": ("admin",),
    "checkin": ("admin",),  # the admin's own check-in for the quarter
    "checkin-review": ("admin",),  # the sign-off form for the engineer's submitted check-in
    "team": ("admin",),
    "packets": ("admin",),
    "packet": ("admin", "manager"),  # the manager is its reviewer: the review form
    "packet-new": ("engineer",),
    "calibration": ("admin",),
    "exports": ("admin",),
    "export": ("admin",),  # a finished calibration export, the admin's own
    "framework": ("admin",),
    "maturity": ("admin",),
    "admin-frameworks": ("admin",),
    "admin-framework-preview": ("admin",),
    "admin-facts-rebuild": ("admin",),
    "admin-people-import": ("admin",),
    "admin-people-import-job": ("admin",),
    "admin-bands": ("admin",),
    "admin-band-edit": ("admin",),
    "admin-band-delete": ("admin",),
    "cycles": ("admin",),
    "cycle": ("admin", "manager"),
    "mail-preferences": ("admin",),
    "admin-cycle-new": ("admin",),
    "admin-notifications": ("admin",),
    "admin-people": ("admin",),
    "admin-people-invite": ("admin",),
    "admin-person": ("admin",),
    "admin-audit": ("admin",),
    "invite-accept": ("anonymous",),  # a live invitation link: the page to choose a password
}
# Routes that answer with no page of the site, and what they answer instead.
NOT_PAGES: dict[str, str] = {
    "healthz": "plain text for a load balancer",
    "logout": "a form's POST, then a redirect",
    "sso-start": "a redirect to the identity provider (404 with single sign-on off)",
    "sso-callback": "a redirect back from the identity provider, signed in or to /login/",
    "token-revoke": "a form's POST, then a redirect",
    "admin": "a redirect to the frameworks page",
    "admin-framework-activate": "a form's POST, then a redirect",
    "evidence-inbox-upload": "a form's POST, then a redirect to the inbox",
    "packet-draft": "a step form's POST, then a redirect",
    "packet-review": "a step form's POST, then a redirect",
    "packet-audit": "a step form's POST, then a redirect",
    "packet-decide": "a step form's POST, then a redirect",
    "packet-reopen": "a step form's POST, then a redirect",
    "packet-export-md": "a Markdown download",
    "packet-export-html": "a self-contained file to keep or mail (tests/promotions/test_packet_export.py)",
    "calibration-csv": "a CSV download",
    "export-download": "a CSV download (the export's file)",
    "cycle-csv": "a CSV download",
    "admin-cycle-open": "a form's POST, then a redirect",
    "admin-cycle-close": "a form's POST, then a redirect",
    "admin-audit-csv": "a CSV download",
    "admin-person-salary": "a form's POST, then a redirect (the form is on admin-person)",
    "admin-person-deactivate": "a form's POST, then a redirect",
    "admin-person-reactivate": "a form's POST, then a redirect",
}
# Pages every signed-in person has, each their own; anyone else's page is a 404 to an outsider.
OWN_PAGES = {
    "dashboard",
    "my-evidence",
    "checkins",
    "checkin",
    "framework",
    "maturity",
    "packets",
    "mail-preferences",
    "password-change",
    "tokens",
    "exports",
}
QUARTER = "2026-Q2"  # the engineer's check-in waiting for sign-off, and the admin's own


@dataclass
class Site:
    """An organisation with one of everything a page can be about, and each page's address."""

    paths: dict[str, str]  # route name -> path
    people: dict[str, object]  # viewer name -> person


@pytest.fixture
def site(acme, fw, add_evidence, mid_evidence, checkin) -> Site:
    """The engineer, recorded at the first level with a signed-off mid check-in and another
    waiting; an admin's packet for them under the manager's review; a band; a new framework."""
    acme.engineer.level = fw.levels[0].id
    acme.engineer.save(update_fields=["level"])
    mid_evidence(acme.engineer)
    evidence = add_evidence(acme.engineer, KIND.adr, notes="**bold**")
    snapshot = leveling.checkin_sign_off(
        actor=acme.manager,
        checkin=checkin(acme.engineer, self_ratings=MID_RATINGS),
        manager_ratings=MID_RATINGS,
    )
    checkin(acme.engineer, QUARTER)
    packet = services.packet_create(
        actor=acme.admin, person=acme.engineer, target=fw.levels[2].id, narrative="Aim high."
    )
    packet = services.packet_submit(actor=acme.admin, packet=packet, reviewer=acme.manager, revision=1)
    band = SalaryBand.objects.create(
        org=acme.org, level=fw.levels[1].id, market="us", currency="USD", min=1, max=2
    )
    framework = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    version = leveling.framework_upload(
        actor=acme.admin, text=framework.replace('version: "2026.1"', 'version: "2026.2"', 1), activate=False
    )
    cycle = cycles.cycle_create(
        actor=acme.admin,
        org=acme.org,
        name="2025-Q4",
        quarter="2025-Q4",
        opens_on=date(2025, 10, 1),
        self_review_due=date(2025, 12, 12),
        sign_off_due=date(2025, 12, 22),
    )
    values = {
        "cycle_id": cycle.pk,
        "person_id": acme.engineer.pk,
        "snapshot_id": snapshot.pk,
        "evidence_id": evidence.pk,
        "quarter": QUARTER,
        "packet_id": packet.pk,
        "version_id": version.pk,
        "band_id": band.pk,
        "import_id": people_import_start(actor=acme.admin, text="name\nIna Imported\n").pk,
        "rebuild_id": facts_rebuild_direct(org=acme.org).pk,
        "export_id": export_start(actor=acme.admin, kind="calibration", parameters={"table": "leniency"}).pk,
        "uidb64": urlsafe_base64_encode(force_bytes(acme.outsider.user.pk)),
        "token": default_token_generator.make_token(acme.outsider.user),
    }
    routes = {route.name: route.route for route in page_routes()}
    # The reset and invitation links share their parameters' names; the reset page is asked
    # with a token that does not work (its page says so), the invitation with a live one.
    broken = {"password-reset-confirm": {"token": "not-a-reset-token"}}
    paths = {name: fill(routes[name], values | broken.get(name, {})) for name in PAGES}
    return Site(paths, {**acme.people(), "anonymous": None})


@pytest.fixture
def every_page(site, client) -> list[tuple[str, object]]:
    """(where, response) for every page, asked by each of its viewers: where is "path as viewer"."""
    answers = []
    for name, viewers in PAGES.items():
        for viewer in viewers:
            client.logout()
            if site.people[viewer] is not None:
                client.force_login(site.people[viewer].user)
            answers.append((f"{site.paths[name]} as {viewer}", client.get(site.paths[name])))
    return answers


def test_every_page_route_has_a_policy_row():
    routes = {route.name for route in page_routes()}
    assert sorted(routes - PAGES.keys() - NOT_PAGES.keys()) == [], "add the page to PAGES (or NOT_PAGES)"
    assert sorted((PAGES.keys() | NOT_PAGES.keys()) - routes) == [], "rows for routes that no longer exist"
    assert not PAGES.keys() & NOT_PAGES.keys()


def test_no_page_carries_inline_script_or_style_so_the_csp_holds(every_page):
    for url, response in every_page:
        html = response.content.decode()
        assert response.status_code == 200, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert "<style" not in html and " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url


def test_every_page_has_a_language_a_skip_link_a_main_landmark_and_one_heading_1(every_page):
    for url, response in every_page:
        html = response.content.decode()
        assert '<html lang="en">' in html, url
        assert 'href="#main"' in html and '<main id="main"' in html, url
        if not url.endswith(" as anonymous"):  # signed out, there is nowhere to go but in
            assert '<nav aria-label="Main">' in html, url
        assert len(re.findall(r"<h1\b", html)) == 1, url
        assert 'name="viewport"' in html, url


def test_every_form_control_on_every_page_has_a_label(every_page):
    for url, response in every_page:
        html = response.content.decode()
        for control in re.finditer(r"<(input|select|textarea)\b([^>]*)>", html):
            attrs = control.group(2)
            if re.search(r'type="(hidden|submit)"', attrs):
                continue
            found = re.search(r'\bid="([^"]+)"', attrs)
            assert found, f"{url}: a control without an id: {control.group(0)}"
            assert f'for="{found.group(1)}"' in html, f"{url}: no label for {found.group(1)}"


def test_an_outsider_gets_404_for_every_page_but_their_own(acme, signed_in, site):
    client = signed_in(acme.outsider)
    for name, path in site.paths.items():
        if name not in OWN_PAGES and PAGES[name] != ("anonymous",):
            assert client.get(path).status_code == 404, path
    assert client.get(reverse("packet-new", args=[acme.engineer.pk])).status_code == 404


def test_the_static_css_and_script_are_served_from_our_own_origin(db, client):
    for path in ["/static/web/site.css", "/static/web/site.js"]:
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()


def test_the_navigation_shows_team_to_managers_and_admin_to_admins_only(acme, signed_in):
    def nav(person) -> str:
        html = signed_in(person).get("/").content.decode()
        return re.search(r'<nav aria-label="Main">.*?</nav>', html, re.S).group(0)

    assert "Team" not in nav(acme.engineer) and "Admin" not in nav(acme.engineer)
    assert "Team" in nav(acme.manager) and "Admin" not in nav(acme.manager)
    assert "Team" in nav(acme.admin) and "Admin" in nav(acme.admin)
    assert 'aria-current="page">Dashboard' in nav(acme.admin)


def test_a_demo_organisation_says_so_on_every_page(acme, signed_in):
    client = signed_in(acme.engineer)
    assert b"Demo data." not in client.get("/").content
    acme.org.is_demo = True
    acme.org.save()
    for name in ["dashboard", "framework", "maturity", "checkins"]:
        assert b"Demo data." in client.get(reverse(name)).content, name


def test_writes_without_the_csrf_token_are_refused(acme):
    client = Client(enforce_csrf_checks=True)
    client.force_login(acme.engineer.user)
    data = {"kind": KIND.adr, "title": "x", "date": "2026-01-01", "scope": "team"}
    assert client.post(reverse("evidence-add", args=[acme.engineer.pk]), data).status_code == 403
    assert not acme.engineer.evidence.exists()


def test_an_account_without_a_person_record_is_refused_politely(db, client, django_user_model):
    user = django_user_model.objects.create_user(username="robot", password="x")
    client.force_login(user)
    assert client.get("/").status_code == 403
