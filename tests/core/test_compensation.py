"""Compensation: where a base salary sits in its band, premiums, the mid to senior jump, the brief."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ladders.core.compensation import bands_load
from ladders.core.errors import InputError

USD = {"base": 150000, "currency": "USD", "market": "us"}


@pytest.fixture(scope="module")
def bands(fw, examples):
    return bands_load(examples / "bands-us.yaml", fw)


def test_sam_rivera_sits_in_the_mid_band(example_data, assess_data, bands):
    comp = assess_data(example_data("sam-rivera"), bands=bands)["compensation"]

    assert (comp["level"], comp["base"], comp["currency"], comp["market"]) == ("mid", 150000, "USD", "us")
    assert comp["band"] == {"min": 130000, "max": 165000}
    assert comp["position"] == round((150000 - 130000) / (165000 - 130000), 4) == 0.5714
    assert comp["placement"] == "in band"


@pytest.mark.parametrize(
    ("base", "position", "placement"),
    [
        (120000, round(-10000 / 35000, 4), "below band"),
        (130000, 0.0, "in band"),
        (165000, 1.0, "in band"),
        (170000, round(40000 / 35000, 4), "above band"),
    ],
)
def test_position_is_base_minus_min_over_the_band_width(
    base, position, placement, example_data, assess_data, bands
):
    data = example_data("sam-rivera").set(compensation={**USD, "base": base})

    comp = assess_data(data, bands=bands)["compensation"]

    assert (comp["position"], comp["placement"]) == (position, placement)


def test_a_band_for_another_market_or_currency_is_not_used(example_data, assess_data, bands):
    data = example_data("sam-rivera").set(compensation={**USD, "currency": "EUR", "market": "de"})

    comp = assess_data(data, bands=bands)["compensation"]

    assert (comp["band"], comp["position"], comp["placement"]) == (None, None, None)


# --- production AI premium ------------------------------------------------------------------


def premium(result):
    return next(p for p in result["compensation"]["premiums"] if p["id"] == "production_ai")


def test_a_shipped_project_with_real_users_earns_the_production_ai_premium(profile_data, assess_data, bands):
    data = profile_data("junior", compensation=USD).add("app", "shipped_project", users="real")

    found = premium(assess_data(data, bands=bands))

    assert found["eligible"] is True
    assert found["evidence"] == ["app"]
    assert found["percent"] == [20, 35]
    assert found["range"] == [180000, 202500]


@pytest.mark.parametrize("skill", ["llm_deployment", "vector_databases", "agent_workflows"])
def test_end_to_end_ownership_of_production_ai_earns_the_premium(skill, profile_data, assess_data, bands):
    data = profile_data("junior", compensation=USD).add(
        "owned", "end_to_end_ownership", skills=["api_design", skill]
    )

    found = premium(assess_data(data, bands=bands))

    assert found["eligible"] is True
    assert found["evidence"] == ["owned"]


def test_neither_real_users_nor_production_ai_ownership_means_no_premium(profile_data, assess_data, bands):
    data = profile_data("junior", compensation=USD)
    data.add("internal-tool", "shipped_project", users="internal")
    data.add("owned", "end_to_end_ownership", skills=["rag_systems", "api_design"])
    data.add("course", "course", skills=["llm_deployment"])

    found = premium(assess_data(data, bands=bands))

    assert found["eligible"] is False
    assert found["range"] is None


def test_work_dated_after_as_of_does_not_earn_the_premium(profile_data, assess_data, bands):
    data = profile_data("junior", compensation=USD).add(
        "app", "shipped_project", users="real", date=date(2027, 1, 1)
    )

    assert premium(assess_data(data, bands=bands))["eligible"] is False


# --- the mid to senior jump -------------------------------------------------------------


def test_mid_to_senior_is_a_jump_of_20_to_35_percent(example_data, assess_data, bands):
    jump = assess_data(example_data("sam-rivera"), bands=bands)["compensation"]["jump"]

    assert (jump["from"], jump["to"], jump["percent"]) == ("mid", "senior", [20, 35])
    assert jump["range"] == [180000, 202500]
    assert jump["next_band"] == {"min": 165000, "max": 212500}


@pytest.mark.parametrize("level", ["junior", "senior", "staff"])
def test_other_steps_have_no_jump_defined(level, profile_data, assess_data, bands):
    result = assess_data(profile_data(level, compensation=USD), bands=bands)

    assert result["compensation"]["jump"] is None


# --- negotiation brief ------------------------------------------------------------------


def test_the_negotiation_brief_lists_only_measurable_outcomes(example_data, assess_data, bands):
    brief = assess_data(example_data("sam-rivera"), bands=bands)["compensation"]["negotiation_brief"]

    ids = [entry["evidence"] for entry in brief]
    assert "release-notes" not in ids  # "saves them time": no number
    assert "intern-evals" not in ids
    assert all(re.search(r"\d", entry["outcome"]) for entry in brief)
    assert ids[0] == "rag-bot"


def test_the_negotiation_brief_puts_the_largest_scope_first(profile_data, assess_data, bands):
    data = profile_data("junior", compensation=USD)
    data.add("fix", "debugging_story", scope="feature", outcome="p95 latency fell by 30%")
    data.add("platform", "internal_platform", scope="multi_team", outcome="Used by 7 teams")
    data.add("vague", "adr", scope="company", outcome="Everyone agreed")
    data.add("owned", "end_to_end_ownership", scope="team", outcome="99.9% availability")

    brief = assess_data(data, bands=bands)["compensation"]["negotiation_brief"]

    assert [(e["evidence"], e["scope"]) for e in brief] == [
        ("platform", "multi_team"),
        ("owned", "team"),
        ("fix", "feature"),
    ]
    assert brief[0] == {
        "evidence": "platform",
        "title": "internal platform platform",
        "outcome": "Used by 7 teams",
        "scope": "multi_team",
    }


# --- when there is nothing to compare ------------------------------------------------------


def test_principal_has_no_band_rather_than_an_invented_one(example_data, assess_data, bands):
    comp = assess_data(example_data("principal-visionary"), bands=bands)["compensation"]

    assert comp["level"] == "principal"
    assert (comp["band"], comp["position"], comp["placement"]) == (None, None, None)
    assert comp["negotiation_brief"]


def test_no_bands_means_no_compensation(example_data, assess_data):
    assert assess_data(example_data("sam-rivera"))["compensation"] is None


def test_no_compensation_in_the_profile_means_no_compensation(example_data, assess_data, bands):
    data = example_data("sam-rivera")
    del data["compensation"]

    assert assess_data(data, bands=bands)["compensation"] is None


# --- bands files ------------------------------------------------------------------------


def test_the_example_bands_cover_junior_to_staff(bands):
    assert [(b.level, b.min, b.max) for b in bands.bands] == [
        ("junior", 90000, 130000),
        ("mid", 130000, 165000),
        ("senior", 165000, 212500),
        ("staff", 212500, 255000),
    ]


def test_a_band_for_an_unknown_level_is_an_input_error(fw, tmp_path):
    path = tmp_path / "bands.yaml"
    path.write_text(
        "bands:\n"
        "  - {level: mid, market: us, currency: USD, min: 1, max: 2}\n"
        "  - {level: architect, market: us, currency: USD, min: 1, max: 2}\n"
    )

    with pytest.raises(InputError) as caught:
        bands_load(path, fw)

    (problem,) = caught.value.problems
    assert (problem.source, problem.line, problem.field) == (str(path), 3, "bands[1].level")
    assert "unknown level 'architect'" in problem.message


def test_a_second_band_for_the_same_level_market_and_currency_is_an_input_error(fw, tmp_path):
    path = tmp_path / "bands.yaml"
    path.write_text(
        "bands:\n"
        "  - {level: mid, market: us, currency: USD, min: 1, max: 2}\n"
        "  - {level: mid, market: us, currency: USD, min: 3, max: 4}\n"
    )

    with pytest.raises(InputError) as caught:
        bands_load(path, fw)

    assert [(p.line, p.field) for p in caught.value.problems] == [(3, "bands[1]")]


def test_a_band_whose_max_is_below_its_min_is_an_input_error(fw, tmp_path):
    path = tmp_path / "bands.yaml"
    path.write_text("bands:\n  - {level: mid, market: us, currency: USD, min: 5, max: 2}\n")

    with pytest.raises(InputError) as caught:
        bands_load(path, fw)

    assert caught.value.problems[0].line == 2


def test_the_negotiation_brief_leaves_out_learning_evidence(profile_data, assess_data, bands):
    data = profile_data("junior", compensation=USD)
    data.add("course", "course", scope="individual", outcome="Finished all 6 labs")
    data.add("fix", "debugging_story", scope="feature", outcome="p95 latency fell by 30%")

    brief = assess_data(data, bands=bands)["compensation"]["negotiation_brief"]

    assert [e["evidence"] for e in brief] == ["fix"]
