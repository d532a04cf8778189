"""`ladders evidence suggest --post`: the suggestions reach the person's inbox on a real server."""

from __future__ import annotations

from ladders.accounts.services import token_create
from ladders.leveling.models import EvidenceSuggestion
from tests.org_fixtures import make_org

BRAG = "- 2026-03-04: Led the incident response for the search outage.\n"


def test_suggestions_posted_twice_land_once_in_the_inbox(ladders, live_server, transactional_db, tmp_path):
    org = make_org()
    brag = tmp_path / "brag.md"
    brag.write_text(BRAG, encoding="utf-8")
    token = token_create(org.engineer)
    url = f"{live_server.url}/api/v1/people/{org.engineer.pk}/suggestions"

    first = ladders("evidence", "suggest", "--brag", brag, "--post", url, "--token", token)
    again = ladders("evidence", "suggest", "--brag", brag, "--post", url, "--token", token)

    assert first.exit_code == 0, first.stderr
    assert "1 new in the inbox" in first.stderr
    assert "0 new in the inbox, 1 already there" in again.stderr
    assert EvidenceSuggestion.objects.filter(person=org.engineer).count() == 1


def test_a_refused_post_exits_2_with_the_servers_answer(ladders, live_server, transactional_db, tmp_path):
    org = make_org()
    brag = tmp_path / "brag.md"
    brag.write_text(BRAG, encoding="utf-8")
    url = f"{live_server.url}/api/v1/people/{org.engineer.pk}/suggestions"

    result = ladders("evidence", "suggest", "--brag", brag, "--post", url, "--token", "not-a-token")

    assert result.exit_code == 2
    assert "401" in result.stderr
    assert not EvidenceSuggestion.objects.exists()
