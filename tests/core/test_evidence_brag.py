"""Suggestions from a brag doc: every field quotes its span, and nothing is guessed."""

from __future__ import annotations

from ladders.core.evidence_brag import brag_suggestions, skill_matches
from ladders.core.framework_loader import default_framework

DOC = """# What I did in 2026

## 2026-03

- 2026-03-04: Led the incident response for the search outage; cut time to mitigate by 40%.
- Gave a talk on retrieval evaluation at the platform guild.
  Presented the RAG evaluation harness.
- Refactored some code.
- Tidied the wiki, no date and no kind.

### 2026-05-10 Wrote the ADR for moving embeddings to pgvector

We compared three options over 2 weeks.
"""


def suggestions():
    return {s.kind: s for s in brag_suggestions(DOC, default_framework(), "brag.md")}


def lines_of(lines):
    return "\n".join(DOC.splitlines()[lines[0] - 1 : lines[1]])


def test_dated_entries_naming_a_kind_become_suggestions_and_the_rest_do_not():
    assert sorted(suggestions()) == ["adr", "incident", "tech_talk"]


def test_every_quote_is_text_of_the_lines_it_cites():
    for suggestion in suggestions().values():
        assert suggestion.source.path == "brag.md"
        for quote in suggestion.quotes:
            if quote.field in {"title", "date", "outcome"}:
                assert quote.text in lines_of(quote.lines), (suggestion.kind, quote)


def test_a_number_in_the_text_becomes_the_outcome_and_none_is_invented():
    found = suggestions()
    assert found["incident"].outcome == "cut time to mitigate by 40%"
    assert found["tech_talk"].outcome is None


def test_a_date_in_the_entry_wins_and_a_month_heading_dates_the_first_and_says_so():
    found = suggestions()
    assert found["incident"].date.isoformat() == "2026-03-04"
    assert found["tech_talk"].date.isoformat() == "2026-03-01"
    assert "first of the month" in found["tech_talk"].why
    assert [q.text for q in found["tech_talk"].quotes if q.field == "date"] == ["2026-03"]


def test_a_dated_heading_is_an_entry_titled_by_its_heading_with_its_paragraph_in_its_span():
    adr = suggestions()["adr"]
    assert adr.title == "Wrote the ADR for moving embeddings to pgvector"
    assert adr.source.lines == [11, 13]
    assert adr.outcome == "We compared three options over 2 weeks"


def test_skills_show_the_words_that_matched_them():
    incident = suggestions()["incident"]
    assert incident.skills == ["incident_response"]
    [match] = incident.skill_matches
    assert {"incident", "response"} <= set(match.words)


def test_skills_are_left_empty_below_the_threshold():
    assert skill_matches(default_framework(), "Wrote a decision record about lunch") == []


def test_the_same_doc_gives_the_same_ids_even_when_lines_move():
    before = {s.id for s in brag_suggestions(DOC, default_framework(), "brag.md")}
    after = {s.id for s in brag_suggestions("\n\n\n" + DOC, default_framework(), "brag.md")}
    assert before == after
