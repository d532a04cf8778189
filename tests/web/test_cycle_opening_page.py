"""A cycle opened in the background: its page shows how far the opening has got, then the cycle."""

from __future__ import annotations

from django.urls import reverse

from ladders.core import limits
from ladders.cycles.models import CycleOpening
from ladders.cycles.opening import cycle_opening_run
from tests.cycles.cycle_helpers import open_cycle
from tests.web.web_helpers import text_of

FORM = {
    "name": "2026-Q1",
    "quarter": "2026-Q1",
    "opens_on": "2026-01-05",
    "self_review_due": "2026-03-20",
    "sign_off_due": "2026-03-31",
}


def test_the_page_follows_the_opening_and_lists_no_one_until_it_is_open(acme, signed_in, monkeypatch):
    monkeypatch.setattr(limits, "CYCLE_OPEN_SYNC_PEOPLE", 1)
    client = signed_in(acme.admin)
    answer = client.post(reverse("admin-cycle-new"), FORM)
    page = client.get(answer["Location"])
    html = page.content.decode()
    assert 'http-equiv="refresh"' in html and "<progress" in html
    assert "(opening)" in text_of(page) and "Opening: waiting for the worker" in text_of(page)
    assert acme.engineer.name not in text_of(page) and "Close the cycle" not in html

    cycle_opening_run(opening_id=CycleOpening.objects.get().pk)
    opened = client.get(answer["Location"])
    assert 'http-equiv="refresh"' not in opened.content.decode()
    assert "(open)" in text_of(opened) and acme.engineer.name in text_of(opened)


def test_a_small_cycle_still_opens_in_the_request(acme, signed_in):
    cycle = open_cycle(acme)
    assert cycle.state == "open" and not CycleOpening.objects.exists()
    assert "Opening:" not in text_of(signed_in(acme.admin).get(reverse("cycle", args=[cycle.pk])))
