"""Suggestions from a brag document in Markdown, every field quoting the text it came from.

An entry is a bullet (with its indented continuation lines) or a heading with more than a
date in it (with the paragraph under it). Its date is a `YYYY-MM-DD` in the entry, or else
in the nearest heading above (`## 2026-03` dates an entry the first of that month, and says
so); an entry without a date is not suggested. Its kind is the one whose `detect.keywords`
it names most; an entry naming none is not suggested. The title is the entry's first
sentence. An outcome is filled only when the entry states a number with a unit (40%, 3x,
2 hours, $10k), and is the clause holding it. Skills are those whose name and description
share enough words with the entry (`SKILL_MATCH_MIN_SCORE`); the words are shown, and
below the threshold the list stays empty rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ladders.core import limits
from ladders.core.errors import InputError, Problem
from ladders.core.framework import Framework
from ladders.core.profile import EvidenceSource
from ladders.core.reading import read_bounded
from ladders.core.suggestions import Quote, SkillMatch, Suggestion, in_window, short_title, suggestion_id

SKILL_MATCH_MIN_SCORE = 3
"""A skill is named when its name words count 2 each and its description words 1 each, adding up to this."""
MAX_SKILLS = 3

_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b")
_MONTH_NAME = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{4})\b", re.IGNORECASE
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MEASURE = re.compile(
    r"(?:[$€£]\s?\d[\d,.]*\s?[kKmM]?\b)|(?:\b\d[\d,.]*\s?(?:%|percent\b|x\b|×|ms\b|seconds?\b|s\b|minutes?\b|"
    r"hours?\b|h\b|days?\b|weeks?\b|months?\b|k\b|K\b|tickets?\b|users?\b|customers?\b|requests?\b|engineers?\b|"
    r"teams?\b|pp\b))",
)
_WORD = re.compile(r"[a-z][a-z0-9+#]*(?:-[a-z0-9+#]+)*")
_STOP = frozenset(
    [
        "a",
        "about",
        "across",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "does",
        "done",
        "each",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "more",
        "most",
        "new",
        "not",
        "of",
        "on",
        "one",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "under",
        "up",
        "use",
        "used",
        "uses",
        "using",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "will",
        "with",
        "within",
        "without",
        "work",
        "works",
        "working",
        "would",
        "you",
        "your",
        "real",
        "well",
        "make",
        "makes",
        "making",
        "like",
        "level",
        "levels",
        "skill",
        "skills",
        "team",
        "teams",
        "system",
        "systems",
    ]
)


@dataclass(frozen=True, slots=True)
class Entry:
    text: str
    first: int
    last: int
    heading_day: tuple[date, str, int, bool] | None  # day, heading text, its line, whether only a month
    heading: bool = False  # the entry is a heading: its title is the heading's text alone


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2]


def _same_word(a: str, b: str) -> bool:
    return a == b or (len(a) >= 6 and len(b) >= 6 and a[:6] == b[:6])


def _heading_date(text: str) -> tuple[date, bool] | None:
    try:
        if found := _DAY.search(text):
            return date(int(found[1]), int(found[2]), int(found[3])), False
        if found := _MONTH.search(text):
            return date(int(found[1]), int(found[2]), 1), True
        if found := _MONTH_NAME.search(text):
            return date(int(found[2]), _MONTHS.index(found[1].lower()[:3]) + 1, 1), True
    except ValueError:
        return None
    return None


def _entries(lines: list[str]) -> list[Entry]:
    entries: list[Entry] = []
    context: tuple[date, str, int, bool] | None = None
    current: list[str] = []
    first = 0
    current_context = context
    under_heading = False  # a heading entry takes the paragraphs below it, blank lines and all

    def close(last: int) -> None:
        nonlocal current
        if current:
            # A heading entry is titled by its heading line alone; the paragraph below is its body.
            text = (
                current[0] + ". " + " ".join(current[1:])
                if under_heading and len(current) > 1
                else " ".join(current)
            )
            entries.append(Entry(text, first, last, current_context, under_heading))
        current = []

    last_line = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if heading := _HEADING.match(line):
            close(last_line)
            under_heading = False
            text = heading[2]
            dated = _heading_date(text)
            rest = _DAY.sub("", _MONTH.sub("", text)).strip(" :-–—")
            if dated:
                context = (dated[0], text, number, dated[1])
            if dated and _DAY.search(text) and len(_words(rest)) >= 2:
                current, first, current_context = [text], number, context
                under_heading = True
            last_line = number
            continue
        if bullet := _BULLET.match(line):
            close(last_line)
            under_heading = False
            current, first, current_context = [bullet[2]], number, context
            last_line = number
            continue
        if not line.strip():
            if not under_heading:
                close(last_line)
            continue
        if current:
            current.append(line.strip())
            last_line = number
    close(last_line)
    return entries


def _kind_for(fw: Framework, text: str) -> tuple[str, list[str]] | None:
    best: tuple[str, list[str]] | None = None
    lowered = text.lower()
    for kind in fw.evidence_kinds:
        if kind.detect is None or not kind.detect.keywords:
            continue
        hits = [
            w
            for w in kind.detect.keywords
            if re.search(rf"(?<![\w-]){re.escape(w.lower())}(?![\w-])", lowered)
        ]
        if hits and (best is None or len(hits) > len(best[1])):
            best = (kind.id, hits)
    return best


def skill_matches(fw: Framework, text: str) -> list[SkillMatch]:
    """The skills whose name and description share enough words with `text`, best first, with those words."""
    words = set(_words(text))
    scored = []
    for index, skill in enumerate(fw.skills):
        name_words = set(_words(skill.name))
        description_words = set(_words(skill.description)) - name_words
        named = sorted(w for w in words if any(_same_word(w, n) for n in name_words))
        described = sorted(
            w for w in words if w not in named and any(_same_word(w, d) for d in description_words)
        )
        score = 2 * len(named) + len(described)
        if score >= SKILL_MATCH_MIN_SCORE:
            scored.append((-score, index, SkillMatch(skill=skill.id, words=named + described)))
    return [match for _, _, match in sorted(scored)[:MAX_SKILLS]]


def _first_sentence(text: str) -> str:
    stripped = _DAY.sub("", text, count=1).strip(" :-–—*_")
    stripped = re.sub(r"^[\s:,\-–—]+", "", stripped)
    found = re.match(r"(.+?[.!?])(?:\s|$)", stripped)
    return (found.group(1) if found else stripped).strip()


def _outcome(text: str) -> str | None:
    """The clause of `text` holding a measured number, or None when it states none."""
    without_dates = _DAY.sub(lambda m: " " * len(m.group(0)), text)
    found = _MEASURE.search(without_dates)
    if not found:
        return None
    start = max(text.rfind(sep, 0, found.start()) for sep in (".", ";", ":", " — ", " - ", "(")) + 1
    ends = [i for sep in (".", ";", ")") if (i := text.find(sep, found.end())) != -1]
    end = min(ends) if ends else len(text)
    clause = text[start:end].strip(" ,–—-")
    return clause[: limits.EVIDENCE_OUTCOME] or None


def scan_brag(
    path: str | Path, fw: Framework, *, since: date | None = None, until: date | None = None
) -> list[Suggestion]:
    data, name = read_bounded(path, limit=limits.EVIDENCE_EXPORT_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError([Problem(f"not UTF-8 text (byte {error.start})", source=name)]) from None
    return brag_suggestions(text, fw, Path(name).name, since=since, until=until)


def brag_suggestions(
    text: str, fw: Framework, file_name: str, *, since: date | None = None, until: date | None = None
) -> list[Suggestion]:
    """The suggestions of a brag doc's text; `file_name` goes into each source."""
    found = []
    for entry in _entries(text.splitlines()):
        span = [entry.first, entry.last]
        quotes: list[Quote] = []
        own = _DAY.search(entry.text)
        try:
            day = date(int(own[1]), int(own[2]), int(own[3])) if own else None
        except ValueError:
            day = None
        why_date = ""
        if own and day:
            quotes.append(Quote(field="date", text=own.group(0), lines=[entry.first, entry.first]))
        elif entry.heading_day is not None:
            day, heading, line, month_only = entry.heading_day
            quotes.append(Quote(field="date", text=heading, lines=[line, line]))
            why_date = (
                " (dated the first of the month of its heading)" if month_only else " (dated by its heading)"
            )
        if day is None or not in_window(day, since, until):
            continue
        kind = _kind_for(fw, entry.text)
        if kind is None:
            continue
        kind_id, hits = kind
        title = _first_sentence(entry.text)
        if entry.heading:
            title = title.removesuffix(".")  # the full stop joined the heading to its paragraph
        if not title:
            continue
        quotes.append(Quote(field="title", text=title, lines=[entry.first, entry.first]))
        quotes.append(Quote(field="kind", text=", ".join(hits), lines=span))
        outcome = _outcome(entry.text)
        if outcome:
            quotes.append(Quote(field="outcome", text=outcome, lines=span))
        matches = skill_matches(fw, entry.text)
        if matches:
            quotes.append(
                Quote(field="skills", text=", ".join(w for m in matches for w in m.words), lines=span)
            )
        confidence = min(0.9, 0.4 + 0.1 * min(len(hits), 3) + (0.1 if own else 0.0))
        found.append(
            Suggestion(
                id=suggestion_id("brag", kind_id, day.isoformat(), " ".join(title.lower().split())),
                kind=kind_id,
                title=short_title(title),
                date=day,
                outcome=outcome,
                skills=[m.skill for m in matches],
                source=EvidenceSource(type="brag", path=file_name, lines=span),
                confidence=round(confidence, 2),
                why=f"lines {entry.first}-{entry.last} name {', '.join(repr(h) for h in hits)}{why_date}",
                quotes=quotes,
                skill_matches=matches,
            )
        )
    return found
