"""Guided questions in the terminal that produce valid input files.

Each answer is checked as it is typed and asked again when it is wrong, and the finished
file is loaded back through the same loader `ladders assess` uses, so what is written is
always valid.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal, TypeVar, overload

import typer
import yaml

from ladders.core.dates import recorded_date_problem
from ladders.core.framework import Framework
from ladders.core.maturity import MaturityAnswers, answers_from_text
from ladders.core.profile import background_of, profile_from_text

T = TypeVar("T")


def say(text: str = "") -> None:
    typer.echo(text, err=True)


def ask(question: str, parse: Callable[[str], T], default: str | None = None) -> T:
    """Prompt until `parse` accepts the answer; `parse` raises ValueError with the reason."""
    while True:
        answer = typer.prompt(question, default=default, show_default=default not in (None, ""), err=True)
        try:
            return parse(answer.strip())
        except ValueError as error:
            say(f"  {error}")


def yes(question: str, default: bool = False) -> bool:
    return typer.confirm(question, default=default, err=True)


def integer(low: int, high: int, *, blank: int | None = None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if text == "" and blank is not None:
            return blank
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"enter a whole number from {low} to {high}") from None
        if not low <= value <= high:
            raise ValueError(f"enter a whole number from {low} to {high}")
        return value

    return parse


@overload
def choice(options: list[str], *, optional: Literal[False] = False) -> Callable[[str], str]: ...
@overload
def choice(options: list[str], *, optional: Literal[True]) -> Callable[[str], str | None]: ...
def choice(options: list[str], *, optional: bool = False) -> Callable[[str], str | None]:
    """Accept an option by its number in the list or by its id."""

    def parse(text: str) -> str | None:
        if text == "" and optional:
            return None
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1]
        if text in options:
            return text
        raise ValueError(f"enter a number from 1 to {len(options)} or one of: {', '.join(options)}")

    return parse


@overload
def text(*, optional: Literal[False] = False) -> Callable[[str], str]: ...
@overload
def text(*, optional: Literal[True]) -> Callable[[str], str | None]: ...
def text(*, optional: bool = False) -> Callable[[str], str | None]:
    """Accept any answer; a blank one only when `optional` (then None)."""

    def parse(value: str) -> str | None:
        if not value:
            if optional:
                return None
            raise ValueError("an answer is needed")
        return value

    return parse


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("write the date as YYYY-MM-DD") from None


def past_date(value: str) -> date:
    """A date work was done on: today at the latest (the core's rule)."""
    day = iso_date(value)
    if future := recorded_date_problem(day, today=date.today()):
        raise ValueError(future)
    return day


def numbered(options: list[tuple[str, str]]) -> None:
    for n, (option_id, label) in enumerate(options, start=1):
        say(f"  {n}. {label} ({option_id})" if label != option_id else f"  {n}. {option_id}")


def profile_interview(fw: Framework) -> str:
    """Ask for a profile step by step and return it as YAML text."""
    say(f"New profile for the {fw.name}. Press Enter to accept a [default].")
    data: dict[str, Any] = {"name": ask("Your name", text())}
    data["years_experience"] = ask("Years of professional experience", lambda v: _years(v), default="0")
    say("Background:")
    numbered([(b, b) for b in fw.backgrounds])
    data["background"] = ask(
        "Background (number or id)", choice(fw.backgrounds), default=background_of(fw, None)
    )
    levels = [lv.id for lv in fw.levels]
    say("Levels: " + ", ".join(f"{n}. {lv.name}" for n, lv in enumerate(fw.levels, start=1)))
    self_level = ask("What level do you think you are? (optional)", choice(levels, optional=True), default="")
    if self_level:
        data["self_assessed_level"] = self_level
    if fw.maturity:
        say("Org AI maturity: " + ", ".join(f"{m.value} {m.name}" for m in fw.maturity.levels))
        maturity = ask(
            "Your organisation's AI maturity (optional)",
            integer(1, len(fw.maturity.levels), blank=0),
            default="",
        )
        if maturity:
            data["org_maturity"] = maturity
    data["as_of"] = ask("Assess as of", iso_date, default=date.today().isoformat())
    data["skills"] = _skills(fw)
    if fw.activities and yes("Record how your working time splits across activities?"):
        data["time_allocation"] = _allocation(fw)
    data["evidence"] = _evidence(fw)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    text_out = (
        f"# Profile for the {fw.name} ({fw.id} {fw.version}); assess it with: ladders assess FILE\n{body}"
    )
    profile_from_text(text_out, fw, "<new profile>", today=date.today())  # never write what assess refuses
    return text_out


def _years(value: str) -> float:
    try:
        years = float(value)
    except ValueError:
        raise ValueError("enter a number of years, such as 3 or 3.5") from None
    if not 0 <= years <= 70:
        raise ValueError("enter a number of years from 0 to 70")
    return years


def _skills(fw: Framework) -> dict[str, int]:
    scale = fw.rating_scale
    say("\nSkills are rated " + ", ".join(f"{v.value} {v.name}" for v in scale.values) + ".")
    ratings: dict[str, int] = {}
    for category in fw.category_list:
        members = [s for s in fw.skills if s.category == category.id]
        if not members or not yes(f"Rate your {category.name} skills ({len(members)})?"):
            continue
        for skill in members:
            say(f"\n{skill.name}: {skill.description}")
            for value in range(scale.min + 1, scale.max + 1):
                say(f"  {value} {fw.rating_name(value)}: {skill.rubric[value]}")
            rating = ask(f"{skill.name} rating", integer(scale.min, scale.max), default=str(scale.min))
            if rating != scale.min:
                ratings[skill.id] = rating
    return ratings


def _allocation(fw: Framework) -> dict[str, int]:
    while True:
        split = {a.id: ask(f"  % of time on {a.name}", integer(0, 100), default="0") for a in fw.activities}
        total = sum(split.values())
        if total == 100:
            return split
        say(f"  those add up to {total}%, not 100%; please enter them again")


def _evidence(fw: Framework) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kinds = [k.id for k in fw.evidence_kinds]
    skills = set(fw.skill_by_id)
    while yes("\nAdd a piece of evidence (a project, review, talk, course...)?", default=not items):
        numbered([(k.id, k.name) for k in fw.evidence_kinds])
        kind = ask("Kind (number or id)", choice(kinds))
        item: dict[str, Any] = {
            "id": f"e{len(items) + 1}",
            "kind": kind,
            "title": ask("Title", text()),
            "date": ask("Date", past_date, default=date.today().isoformat()),
        }
        numbered([(s, s) for s in fw.scopes])
        item["scope"] = ask("Scope (number or id)", choice(fw.scopes), default=fw.scopes[0])
        if fw.kind_by_id[kind].has_users:
            item["users"] = ask("Who uses it (real, internal, none)", choice(["real", "internal", "none"]))
        outcome = ask(
            "Outcome, with a number if you measured one (optional)", text(optional=True), default=""
        )
        if outcome:
            item["outcome"] = outcome
        item["skills"] = ask(
            "Skills it shows (ids, comma separated, optional)", lambda v: _skill_list(v, skills), default=""
        )
        if not item["skills"]:
            del item["skills"]
        items.append(item)
    return items


def _skill_list(value: str, known: set[str]) -> list[str]:
    chosen = [s.strip() for s in value.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in known]
    if unknown:
        raise ValueError(f"unknown skill id(s): {', '.join(unknown)} (see `ladders framework show`)")
    return chosen


def maturity_interview(fw: Framework) -> tuple[MaturityAnswers, str]:
    """Walk through each SDLC phase, explaining the scale, and return the answers."""
    if fw.maturity is None:
        answers_from_text("{}", fw)  # raises the framework's own 'no maturity model' error
    model = fw.maturity
    assert model is not None
    say("Organisation AI maturity: rate how AI is used in each phase of your software lifecycle.")
    for level in model.levels:
        say(f"  {level.value} {level.name}: {level.description}")
    data: dict[str, Any] = {"org": ask("Organisation name", text()), "phases": {}}
    for phase in model.phases:
        say(f"\n{phase.name}" + (f": {phase.description}" if phase.description else ""))
        data["phases"][phase.id] = ask(f"{phase.name} rating", integer(1, len(model.levels)))
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return answers_from_text(body, fw, "<answers>"), body
