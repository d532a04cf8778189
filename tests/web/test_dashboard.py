"""My dashboard: level and why, the checklist with evidence, the plan, the charts and history."""

from __future__ import annotations

from datetime import date

from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import AssessmentSnapshot
from tests.framework_ids import KIND
from tests.minimum_profiles import MID_RATINGS
from tests.web.web_helpers import text_of


def test_it_shows_my_level_and_why(acme, signed_in, fw):
    page = text_of(signed_in(acme.engineer).get("/"))
    first, second = fw.levels[0].name, fw.levels[1].name
    assert f"Evidence-based level: {first}" in page
    assert f"is at {first} because the gates of every level up to {first} pass" in page
    assert f"{second} (next level): not reached" in page


def test_the_checklist_lists_every_check_and_cites_the_evidence_that_passed_it(
    acme, signed_in, fw, add_evidence
):
    add_evidence(acme.engineer, KIND.debugging_story, title="The leaking connection pool")
    response = signed_in(acme.engineer).get("/")
    page = text_of(response)
    for level in fw.levels:
        for gate in level.gates:
            assert gate.title in page
    item = acme.engineer.evidence.get()
    assert f'href="/people/{acme.engineer.pk}/evidence/{item.pk}/edit/">The leaking connection pool' in (
        response.content.decode()
    )


def test_the_plan_names_an_action_and_evidence_kind_for_each_failing_next_level_check(acme, signed_in, fw):
    page = text_of(signed_in(acme.engineer).get("/"))
    next_level = fw.levels[1]
    assert f"Plan to {next_level.name}" in page
    for gate in next_level.gates:
        assert " ".join(gate.action.split()) in page
    assert "Evidence to add: Shipped project." in page
    assert "Typical time:" in page


def test_pitfalls_are_shown_with_their_advice(acme, signed_in, add_evidence):
    add_evidence(acme.engineer, KIND.shipped_project, users="real", outcome="People liked it")
    page = text_of(signed_in(acme.engineer).get("/"))
    assert "Shipped work without a measured outcome" in page
    assert "Advice:" in page


def test_the_skills_chart_is_an_svg_drawn_against_the_next_levels_needs(acme, signed_in, fw):
    html = signed_in(acme.engineer).get("/").content.decode()
    assert "<svg" in html and 'aria-labelledby="skills-title skills-desc"' in html
    assert html.count('class="bar') == len(fw.skills)
    assert f"the rating {fw.levels[1].name} needs" in html or f"what {fw.levels[1].name} needs" in html


def test_level_history_shows_each_signed_off_quarter_with_its_framework_hash(acme, signed_in, checkin):
    version, fw = active_framework(acme.org)
    for quarter, level in [("2026-Q1", fw.levels[0].id), ("2026-Q2", fw.levels[1].id)]:
        record = checkin(acme.engineer, quarter, status="signed_off")
        AssessmentSnapshot.objects.create(
            person=acme.engineer,
            checkin=record,
            framework=version,
            framework_hash=fw.content_hash,
            as_of=date(2026, 3 if quarter.endswith("1") else 6, 30),
            level=level,
            result={},
        )
    response = signed_in(acme.engineer).get("/")
    page = text_of(response)
    assert f"2026-Q1 {fw.levels[0].name}" in page and f"2026-Q2 {fw.levels[1].name}" in page
    assert fw.content_hash.split(":")[-1][:12] in page
    assert 'aria-labelledby="history-title history-desc"' in response.content.decode()


def test_submitted_ratings_count_and_draft_ones_do_not(acme, signed_in, checkin, mid_evidence, fw):
    mid_evidence(acme.engineer)
    client = signed_in(acme.engineer)
    checkin(acme.engineer, "2026-Q2", status="draft", self_ratings=MID_RATINGS)
    assert f"Evidence-based level: {fw.levels[0].name}" in text_of(client.get("/"))
    checkin(acme.engineer, "2026-Q1", status="submitted", self_ratings=MID_RATINGS)
    assert f"Evidence-based level: {fw.levels[1].name}" in text_of(client.get("/"))


def test_only_get_is_allowed(acme, signed_in):
    assert signed_in(acme.engineer).post("/").status_code == 405
