"""A NUL character (U+0000) in anything typed into a page is refused with a 4xx, never a 500.

PostgreSQL cannot store NUL, and no person means to type one. One guard in front of every
page refuses it in query parameters and form fields alike, naming where it was.
"""

from __future__ import annotations

from django.urls import reverse

from ladders.accounts.models import LoginFailure
from ladders.leveling.models import Evidence
from tests.framework_ids import KIND
from tests.web.web_helpers import text_of


def test_a_nul_in_a_search_is_refused_naming_the_parameter(acme, signed_in):
    response = signed_in(acme.engineer).get(reverse("my-evidence"), {"q": "retriever\x00"})
    assert response.status_code == 422
    assert "Something needs fixing" in text_of(response)
    assert "query parameter 'q' contains a NUL character (U+0000)" in text_of(response)


def test_a_nul_in_a_form_field_stores_nothing_and_names_the_field(acme, signed_in):
    data = {
        "kind": KIND.debugging_story,
        "title": "Tracked down\x00 the flaky retriever",
        "date": "2026-05-04",
        "scope": "feature",
        "links": "https://example.com/\x00postmortem",
    }
    response = signed_in(acme.engineer).post(reverse("evidence-add", args=[acme.engineer.pk]), data)
    assert response.status_code == 422
    assert "form field 'title' contains a NUL character" in text_of(response)
    assert not Evidence.objects.exists()


def test_a_nul_in_a_link_alone_is_refused_too(acme, signed_in):
    data = {"kind": KIND.adr, "title": "ADR", "date": "2026-05-04", "scope": "team", "links": "a\x00b"}
    response = signed_in(acme.engineer).post(reverse("evidence-add", args=[acme.engineer.pk]), data)
    assert response.status_code == 422
    assert "form field 'links'" in text_of(response)
    assert not Evidence.objects.exists()


def test_a_nul_in_the_sign_in_form_is_refused_before_anything_is_recorded(db, client):
    response = client.post(reverse("login"), {"username": "eve\x00", "password": "x"})
    assert response.status_code == 422
    assert not LoginFailure.objects.exists()


def test_a_nul_in_a_parameter_name_is_refused_as_well(acme, signed_in):
    response = signed_in(acme.engineer).get(reverse("team") + "?a%00b=1")
    assert response.status_code == 422


def test_text_without_nul_is_untouched(acme, signed_in):
    response = signed_in(acme.engineer).get(reverse("my-evidence"), {"q": "ré\ttriever ✓"})
    assert response.status_code == 200
