"""What every page shares: landmarks, navigation by role, the demo banner, no inline code, CSRF."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

PAGES = [
    "dashboard",
    "my-evidence",
    "checkins",
    "team",
    "framework",
    "maturity",
    "admin-frameworks",
    "admin-people-import",
]


@pytest.fixture
def every_page(acme, signed_in, add_evidence, checkin):
    add_evidence(acme.engineer, "adr", notes="**bold**")
    checkin(acme.engineer, "2026-Q1", status="submitted")
    client = signed_in(acme.admin)
    urls = [reverse(name) for name in PAGES]
    urls += [
        reverse("person", args=[acme.engineer.pk]),
        reverse("evidence", args=[acme.engineer.pk]),
        reverse("evidence-add", args=[acme.engineer.pk]),
        reverse("checkin", args=["2026-Q2"]),
        reverse("checkin-review", args=[acme.engineer.pk, "2026-Q1"]),
    ]
    return [(url, client.get(url)) for url in urls]


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
        assert '<nav aria-label="Main">' in html, url
        assert len(re.findall(r"<h1\b", html)) == 1, url
        assert 'name="viewport"' in html, url


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
    data = {"kind": "adr", "title": "x", "date": "2026-01-01", "scope": "team"}
    assert client.post(reverse("evidence-add", args=[acme.engineer.pk]), data).status_code == 403
    assert not acme.engineer.evidence.exists()


def test_an_account_without_a_person_record_is_refused_politely(db, client, django_user_model):
    user = django_user_model.objects.create_user(username="robot", password="x")
    client.force_login(user)
    assert client.get("/").status_code == 403
