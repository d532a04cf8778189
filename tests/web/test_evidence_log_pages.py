"""A long evidence log is shown a page at a time, with page links and counts that follow the filter.

3,000 items once made a manager's view of a report's log take 11 s and 29 MB; a page now
holds at most `limits.PAGE_SIZE` items, like the API's default page.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from ladders.core import limits
from ladders.leveling.models import Evidence
from tests.framework_ids import KIND
from tests.web.web_helpers import text_of

MANY = 3000


@pytest.fixture
def log_of_3000(acme) -> None:
    """3,000 items for the engineer, newest first by number; every 4th (from 0) is an ADR."""
    start = date(2026, 11, 1)
    Evidence.objects.bulk_create(
        Evidence(
            person=acme.engineer,
            slug=f"e{n}",
            kind=KIND.adr if n % 4 == 0 else KIND.debugging_story,
            title=f"Item {n:04d}",
            date=start - timedelta(days=n),
            scope="team",
            notes="A **note**",
            author=acme.engineer,
        )
        for n in range(MANY)
    )


def items_on(response) -> list[str]:
    return re.findall(r'<h2 class="evidence-title">(Item \d{4})</h2>', response.content.decode())


def url(acme) -> str:
    return reverse("evidence", args=[acme.engineer.pk])


def test_a_managers_view_of_3000_items_shows_one_page_and_counts_them_all(acme, signed_in, log_of_3000):
    response = signed_in(acme.manager).get(url(acme))
    assert response.status_code == 200
    shown = items_on(response)
    assert len(shown) == limits.PAGE_SIZE
    assert shown[0] == "Item 0000"
    page = text_of(response)
    assert "3000 items." in page
    pages = -(-MANY // limits.PAGE_SIZE)
    assert f"Page 1 of {pages}" in page
    assert 'href="?page=2"' in response.content.decode()


def test_the_next_page_continues_where_the_first_stopped(acme, signed_in, log_of_3000):
    response = signed_in(acme.manager).get(url(acme), {"page": 2})
    shown = items_on(response)
    assert shown[0] == f"Item {limits.PAGE_SIZE:04d}" and len(shown) == limits.PAGE_SIZE
    assert 'href="?page=1"' in response.content.decode()


def test_the_last_page_holds_the_rest_and_a_page_past_it_shows_the_last(acme, signed_in, log_of_3000):
    client = signed_in(acme.engineer)
    pages = -(-MANY // limits.PAGE_SIZE)
    last = items_on(client.get(reverse("my-evidence"), {"page": pages}))
    assert last[-1] == f"Item {MANY - 1:04d}"
    assert items_on(client.get(reverse("my-evidence"), {"page": pages + 50})) == last
    assert items_on(client.get(reverse("my-evidence"), {"page": "first"}))[0] == "Item 0000"


def test_the_count_follows_the_filter_and_page_links_keep_it(acme, signed_in, log_of_3000):
    response = signed_in(acme.manager).get(url(acme), {"kind": KIND.adr})
    page = text_of(response)
    assert "750 of 3000 items match." in page
    assert f"Page 1 of {-(-750 // limits.PAGE_SIZE)}" in page
    assert all(int(item[5:]) % 4 == 0 for item in items_on(response))
    assert 'href="?kind=adr&amp;page=2"' in response.content.decode()


def test_a_search_counts_what_it_finds(acme, signed_in, log_of_3000):
    page = text_of(signed_in(acme.manager).get(url(acme), {"q": "Item 29"}))
    assert "100 of 3000 items match." in page
    assert "Page 1 of 2" in page


def test_a_short_log_has_no_page_links(acme, signed_in, add_evidence):
    add_evidence(acme.engineer, KIND.adr, title="One decision")
    response = signed_in(acme.engineer).get(reverse("my-evidence"))
    assert "1 item." in text_of(response)
    assert "Page 1 of" not in text_of(response)
