"""The pages added for packets, calibration, framework review, pay and past snapshots keep the
rules every page keeps: no inline script or style (the CSP), one heading 1, landmarks, labels."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ladders.leveling import services as leveling
from ladders.leveling.models import SalaryBand
from ladders.promotions import services
from tests.web.web_helpers import MID_SKILLS


@pytest.fixture
def every_new_page(acme, fw, signed_in, mid_evidence, checkin):
    acme.engineer.level = fw.levels[0].id
    acme.engineer.save(update_fields=["level"])
    mid_evidence(acme.engineer)
    snapshot = leveling.checkin_sign_off(
        actor=acme.manager,
        checkin=checkin(acme.engineer, self_ratings=MID_SKILLS),
        manager_ratings=MID_SKILLS,
    )
    packet = services.packet_create(
        actor=acme.admin, person=acme.engineer, target=fw.levels[2].id, narrative="Aim high."
    )
    packet = services.packet_submit(actor=acme.admin, packet=packet, reviewer=acme.manager, revision=1)
    band = SalaryBand.objects.create(
        org=acme.org, level=fw.levels[1].id, market="us", currency="USD", min=1, max=2
    )
    version = leveling.framework_upload(
        actor=acme.admin, text=fw_text().replace('version: "2026.1"', 'version: "2026.2"', 1), activate=False
    )
    pages = {
        acme.admin: [
            reverse("packets"),
            reverse("packet", args=[packet.pk]),
            reverse("calibration"),
            reverse("admin-bands"),
            reverse("admin-band-edit", args=[band.pk]),
            reverse("admin-band-delete", args=[band.pk]),
            reverse("admin-framework-preview", args=[version.pk]),
            reverse("snapshot", args=[acme.engineer.pk, snapshot.pk]),
        ],
        acme.manager: [reverse("packet", args=[packet.pk])],  # the review form
        acme.engineer: [reverse("packet-new", args=[acme.engineer.pk])],
    }
    return [(url, signed_in(who).get(url)) for who, urls in pages.items() for url in urls]


def fw_text() -> str:
    from ladders.core.framework_loader import DEFAULT_FRAMEWORK

    return DEFAULT_FRAMEWORK.read_text(encoding="utf-8")


def test_the_new_pages_carry_no_inline_code_and_keep_the_landmarks(every_new_page):
    for url, response in every_new_page:
        html = response.content.decode()
        assert response.status_code == 200, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert "<style" not in html and " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url
        assert len(re.findall(r"<h1\b", html)) == 1, url
        assert '<main id="main"' in html and '<nav aria-label="Main">' in html, url


def test_every_form_control_on_the_new_pages_has_a_label(every_new_page):
    for url, response in every_new_page:
        html = response.content.decode()
        for control in re.finditer(r"<(input|select|textarea)\b([^>]*)>", html):
            attrs = control.group(2)
            if re.search(r'type="(hidden|submit)"', attrs):
                continue
            found = re.search(r'\bid="([^"]+)"', attrs)
            assert found, f"{url}: a control without an id: {control.group(0)}"
            assert f'for="{found.group(1)}"' in html, f"{url}: no label for {found.group(1)}"


def test_an_outsider_gets_404_for_each_of_them(acme, signed_in, every_new_page):
    client = signed_in(acme.outsider)
    for url, _ in every_new_page:
        if url != reverse("packets") and url != reverse("packet-new", args=[acme.engineer.pk]):
            assert client.get(url).status_code == 404, url
    assert client.get(reverse("packet-new", args=[acme.engineer.pk])).status_code == 404
