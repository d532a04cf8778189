"""Suggestions from a local git repository, read with git itself in one pass over the history.

One `git log` lists every commit reachable from HEAD with its mailmapped author, author
date, trailers, message and the files it changed (`--name-status -M`, so a renamed file is
a rename, not an addition; merge commits list no files, so a file added on a branch counts
once, in the commit that added it). A second call lists the annotated tags. The framework's
`detect` rules then decide: files a person's commit adds (`files_added`), trailers on
other people's commits that name the person (`trailers`), words in the person's commit
messages (`message_patterns`) and tags the person made (`release_tags`).

Identities are compared after the repository's `.mailmap`: each `--author` is resolved with
`git check-mailmap`, authors come mailmapped from `%aE`/`%aN`, and the addresses in
trailers are resolved the same way.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ladders.core.detection import Detection, glob_match
from ladders.core.errors import InputError, Problem
from ladders.core.framework import Framework
from ladders.core.profile import EvidenceSource
from ladders.core.suggestions import Suggestion, in_window, short_title, suggestion_id

_RECORD = "\x1e"
_FIELD = "\x1f"
_TRAILER = "\x1d"
_LOG_FORMAT = "%x1e%H%x1f%aE%x1f%aN%x1f%as%x1f%P%x1f%(trailers:only,unfold,separator=%x1d)%x1f%B%x1f"
_CONTACT = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]*)>\s*$")
_HEADING = re.compile(r"^#{1,3}\s+(.+?)\s*#*\s*$", re.M)
_TITLE_BYTES = 64 * 1024
PROGRESS_EVERY = 2000
"""Commits between two calls of the progress callback."""

Progress = Callable[[int, int], None]
"""Called with (commits read, commits in all) while a repository is scanned."""


@dataclass(frozen=True, slots=True)
class Identity:
    """The person as git knows them: mailmapped addresses and names, compared case-insensitively."""

    emails: frozenset[str]
    names: frozenset[str]

    def matches(self, email: str, name: str) -> bool:
        return email.lower() in self.emails or name.strip().lower() in self.names


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    email: str
    name: str
    day: date
    parents: int
    trailers: tuple[tuple[str, str], ...]
    message: str
    added: tuple[str, ...]


def _git(repo: Path, *args: str, stdin: str | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError:
        raise InputError(
            [Problem("git is not installed (it is needed to read --git)", source=str(repo))]
        ) from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "git failed"
        raise InputError([Problem(f"cannot read this repository: {message}", source=str(repo))])
    return done.stdout


def _has_head(repo: Path) -> bool:
    done = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", "HEAD"], capture_output=True, check=False
    )
    return done.returncode == 0


def repository_name(repo: Path) -> str:
    """What `source.repository` says: the `origin` remote when there is one, else the folder's name."""
    done = subprocess.run(
        ["git", "-C", str(repo), "config", "--get", "remote.origin.url"],
        capture_output=True,
        text=True,
        check=False,
    )
    url = done.stdout.strip()
    return url or repo.resolve().name


def _mailmapped(repo: Path, contacts: list[str]) -> dict[str, tuple[str, str]]:
    """Each contact (`Name <email>` or `<email>`) as the mailmap resolves it: (email, name), lower-cased."""
    out: dict[str, tuple[str, str]] = {}
    for start in range(0, len(contacts), 200):
        chunk = contacts[start : start + 200]
        lines = _git(repo, "check-mailmap", *chunk).splitlines()
        for contact, line in zip(chunk, lines, strict=False):
            found = _CONTACT.match(line)
            if found:
                out[contact] = (found["email"].lower(), found["name"].strip().lower())
    return out


def identity_of(repo: Path, authors: list[str]) -> Identity:
    """The person behind `authors` (addresses, or names without an `@`) in this repository's mailmap."""
    emails = {a.lower() for a in authors if "@" in a}
    names = {a.strip().lower() for a in authors if "@" not in a}
    resolved = _mailmapped(repo, [f"<{e}>" for e in sorted(emails)])
    for email, name in resolved.values():
        emails.add(email)
        if name:
            names.add(name)
    return Identity(frozenset(emails), frozenset(names))


def _commits(repo: Path, progress: Progress | None) -> Iterator[Commit]:
    total = int(_git(repo, "rev-list", "--count", "HEAD").strip() or 0) if progress else 0
    process = subprocess.Popen(
        [
            "git",
            "-C",
            str(repo),
            "log",
            "--use-mailmap",
            "-z",
            "--name-status",
            "-M",
            f"--format={_LOG_FORMAT}",
            "HEAD",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    assert process.stdout is not None  # stdout=PIPE
    buffer = ""
    seen = 0
    while chunk := process.stdout.read(1 << 20):
        buffer += chunk
        records = buffer.split(_RECORD)
        buffer = records.pop()
        for record in records:
            if record:
                seen += 1
                if progress and seen % PROGRESS_EVERY == 0:
                    progress(seen, total)
                yield _parse(record)
    if buffer:
        seen += 1
        yield _parse(buffer)
    _, errors = process.communicate()
    if process.returncode != 0:
        raise InputError([Problem(f"git log failed: {errors.strip()}", source=str(repo))])
    if progress:
        progress(seen, max(total, seen))


def _parse(record: str) -> Commit:
    sha, email, name, day, parents, trailers, rest = record.split(_FIELD, 6)
    message, _, files = rest.rpartition(_FIELD)
    parts = files.strip("\n\x00").split("\x00") if files.strip("\n\x00") else []
    added: list[str] = []
    i = 0
    while i < len(parts):
        status = parts[i].lstrip("\n")
        if status[:1] in {"R", "C"}:
            i += 3  # status, old path, new path: a rename or copy adds no new work
            continue
        if status == "A" and i + 1 < len(parts):
            added.append(parts[i + 1])
        i += 2
    pairs = []
    for trailer in trailers.split(_TRAILER) if trailers else []:
        key, sep, value = trailer.partition(":")
        if sep:
            pairs.append((key.strip(), value.strip()))
    return Commit(
        sha=sha,
        email=email.lower(),
        name=name,
        day=date.fromisoformat(day),
        parents=len(parents.split()),
        trailers=tuple(pairs),
        message=message.strip(),
        added=tuple(added),
    )


def _subject(message: str) -> str:
    return message.split("\n", 1)[0].strip() or "(no subject)"


def _file_titles(repo: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The first Markdown heading of each (commit, path) blob, read with one `git cat-file --batch`."""
    if not wanted:
        return {}
    request = "".join(f"{sha}:{path}\n" for sha, path in wanted).encode("utf-8")
    done = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "--batch"], input=request, capture_output=True, check=False
    )
    data = done.stdout
    titles: dict[tuple[str, str], str] = {}
    position = 0
    for key in wanted:
        newline = data.find(b"\n", position)
        if newline == -1:
            break
        header = data[position:newline].split()
        position = newline + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<name> missing": nothing follows the header
        size = int(header[2])
        body = data[position : position + min(size, _TITLE_BYTES)].decode("utf-8", errors="replace")
        position += size + 1
        if key[1].lower().endswith(".md") and (found := _HEADING.search(body)):
            titles[key] = found.group(1)
    return titles


def scan_git(
    repo: Path,
    fw: Framework,
    authors: list[str],
    *,
    since: date | None = None,
    until: date | None = None,
    progress: Progress | None = None,
) -> list[Suggestion]:
    """Every suggestion `fw`'s detect rules find in `repo` for the person named by `authors`."""
    if not repo.is_dir():
        raise InputError([Problem("not a folder", source=str(repo))])
    rules = [(kind.id, kind.detect) for kind in fw.evidence_kinds if kind.detect is not None]
    if not rules or not _has_head(repo):
        _git(repo, "rev-parse", "--git-dir")  # a folder that is no repository at all is an error
        return []
    me = identity_of(repo, authors)
    name = repository_name(repo)
    patterns = [
        (kind, [re.compile(p) for p in d.message_patterns]) for kind, d in rules if d.message_patterns
    ]
    trailer_kinds = [(kind, {t.lower() for t in d.trailers}) for kind, d in rules if d.trailers]
    file_kinds = [(kind, d.files_added) for kind, d in rules if d.files_added]

    files: list[tuple[str, Commit, str, str]] = []  # kind, commit, path, pattern
    found: list[Suggestion] = []
    trailer_contacts: dict[str, list[tuple[str, Commit, str]]] = {}
    for commit in _commits(repo, progress):
        if not in_window(commit.day, since, until):
            continue
        mine = me.matches(commit.email, commit.name)
        if mine:
            for path in commit.added:
                for kind, globs in file_kinds:
                    if pattern := glob_match(globs, path):
                        files.append((kind, commit, path, pattern))
                        break
            for kind, compiled in patterns:
                if any(p.search(commit.message) for p in compiled):
                    found.append(_message_suggestion(kind, commit, name, compiled))
        elif commit.trailers:
            for kind, keys in trailer_kinds:
                for key, value in commit.trailers:
                    if key.lower() in keys:
                        trailer_contacts.setdefault(value, []).append((kind, commit, key))
    found += _trailer_suggestions(repo, me, name, trailer_contacts)
    titles = _file_titles(repo, [(c.sha, path) for _, c, path, _ in files])
    for kind, commit, path, pattern in files:
        heading = titles.get((commit.sha, path))
        found.append(
            Suggestion(
                id=suggestion_id("git", kind, commit.sha, path),
                kind=kind,
                title=short_title(heading or Path(path).stem.replace("-", " ").replace("_", " ")),
                date=commit.day,
                source=EvidenceSource(type="git", repository=name, commit=commit.sha, path=path),
                confidence=0.9 if heading else 0.8,
                why=f"your commit {commit.sha[:10]} added {path}, which matches '{pattern}'",
            )
        )
    found += _tags(repo, rules, me, name, since, until)
    return found


def _message_suggestion(
    kind: str, commit: Commit, repo_name: str, compiled: list[re.Pattern[str]]
) -> Suggestion:
    hit = next(m for p in compiled if (m := p.search(commit.message)))
    return Suggestion(
        id=suggestion_id("git", kind, commit.sha),
        kind=kind,
        title=short_title(_subject(commit.message)),
        date=commit.day,
        source=EvidenceSource(type="git", repository=repo_name, commit=commit.sha),
        confidence=0.6,
        why=f"your commit {commit.sha[:10]} says '{hit.group(0)}' in its message",
    )


def _trailer_suggestions(
    repo: Path, me: Identity, repo_name: str, contacts: dict[str, list[tuple[str, Commit, str]]]
) -> list[Suggestion]:
    resolved = _mailmapped(repo, [c for c in contacts if _CONTACT.match(c)])
    out = []
    for contact, uses in contacts.items():
        parsed = _CONTACT.match(contact)
        email, name = resolved.get(contact) or (
            (parsed["email"].lower(), parsed["name"].lower()) if parsed else ("", contact.lower())
        )
        if not me.matches(email, name):
            continue
        for kind, commit, key in uses:
            out.append(
                Suggestion(
                    id=suggestion_id("git", kind, commit.sha, key.lower()),
                    kind=kind,
                    title=short_title(f"Reviewed: {_subject(commit.message)}"),
                    date=commit.day,
                    source=EvidenceSource(type="git", repository=repo_name, commit=commit.sha),
                    confidence=0.7,
                    why=f"commit {commit.sha[:10]} by {commit.name} carries '{key}: {contact}'",
                )
            )
    return out


def _tags(
    repo: Path,
    rules: list[tuple[str, Detection]],
    me: Identity,
    repo_name: str,
    since: date | None,
    until: date | None,
) -> list[Suggestion]:
    tag_kinds = [(kind, d.release_tags) for kind, d in rules if d.release_tags]
    if not tag_kinds:
        return []
    listing = _git(
        repo,
        "for-each-ref",
        "--format=%(refname:short)%1f%(objecttype)%1f%(taggername) %(taggeremail)"
        "%1f%(taggerdate:short)%1f%(*objectname)",
        "refs/tags",
    )
    rows = [line.split("\x1f") for line in listing.splitlines() if line.count("\x1f") == 4]
    annotated = [row for row in rows if row[1] == "tag" and row[3]]
    resolved = _mailmapped(repo, sorted({row[2] for row in annotated if _CONTACT.match(row[2])}))
    out = []
    for tag, _type, tagger, day_text, target in annotated:
        email, name = resolved.get(tagger, ("", ""))
        day = date.fromisoformat(day_text)
        if not me.matches(email, name) or not in_window(day, since, until):
            continue
        for kind, globs in tag_kinds:
            if pattern := glob_match(globs, tag):
                out.append(
                    Suggestion(
                        id=suggestion_id("git", kind, "tag", tag, target),
                        kind=kind,
                        title=short_title(f"Released {tag}"),
                        date=day,
                        source=EvidenceSource(type="git", repository=repo_name, commit=target or None),
                        confidence=0.6,
                        why=f"you tagged {tag}, which matches '{pattern}'",
                    )
                )
                break
    return out
