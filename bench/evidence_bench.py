"""Scanning a repository for evidence, against `git log --numstat` over the same history.

The repository is generated with `git fast-import`: `commits` commits by five authors, each
changing one or two source files, with a numbered ADR added every 500 commits, a
`Reviewed-by:` trailer on every tenth, a root cause named in every fiftieth message and
an annotated release tag every 5,000, so each git rule of the default ladder has work. It
is built once per size under `bench/results/` (or `LADDERS_BENCH_DATA`) and reused. The floor is `git log
--numstat` over the same history, run in the same process and measured the same way
(best of two or three runs), so the ratio compares across machines. The goal is at most 2x.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

from ladders.core.evidence_git import scan_git
from ladders.core.framework_loader import default_framework

AUTHORS = [(f"Engineer {n}", f"engineer{n}@example.com") for n in range(5)]
ME = AUTHORS[0][1]
START = 1_700_000_000  # seconds since the epoch: late 2023
STEP = 600  # ten minutes between commits


def _stream(commits: int) -> bytes:
    """The fast-import stream of the whole history, built in memory (a few tens of MB at full size)."""
    out: list[bytes] = []
    add = out.append
    for n in range(1, commits + 1):
        name, email = AUTHORS[n % len(AUTHORS)]
        reviewer = (n // 10) % len(AUTHORS)
        reviewer_name, reviewer_email = AUTHORS[reviewer if reviewer != n % len(AUTHORS) else 0]
        when = START + n * STEP
        message = f"Change {n}: tune module {n % 97}\n"
        if n % 50 == 0:
            message += "\nThe root cause was a stale cache key.\n"
        if n % 10 == 1:  # by the second engineer, reviewed by each of the others in turn
            message += f"\nReviewed-by: {reviewer_name} <{reviewer_email}>\n"
        data = message.encode()
        add(b"commit refs/heads/main\n")
        who = f"{name} <{email}> {when} +0000"
        add(f"mark :{n}\nauthor {who}\ncommitter {who}\n".encode())
        add(b"data %d\n%s\n" % (len(data), data))
        if n > 1:
            add(f"from :{n - 1}\n".encode())
        body = f"value = {n}\n".encode()
        add(b"M 100644 inline src/module_%d.py\ndata %d\n%s\n" % (n % 97, len(body), body))
        if n % 3 == 0:
            add(b"M 100644 inline tests/test_%d.py\ndata %d\n%s\n" % (n % 31, len(body), body))
        if n % 500 == 0:
            adr = f"# {n // 500}. Decision {n}\n\nContext.\n".encode()
            add(b"M 100644 inline docs/adr/%04d-decision.md\ndata %d\n%s\n" % (n // 500, len(adr), adr))
        add(b"\n")
        if n % 5_000 == 0:  # an annotated release tag, made by the first engineer
            tag = f"Release {n // 5_000}\n".encode()
            add(f"tag v1.{n // 5_000}.0\nfrom :{n}\ntagger {AUTHORS[0][0]} <{ME}> {when} +0000\n".encode())
            add(b"data %d\n%s\n" % (len(tag), tag))
    return b"".join(out)


def build_repository(commits: int, root: Path) -> Path:
    repo = root / f"evidence-repo-{commits}"
    if (repo / "HEAD").exists() or (repo / ".git" / "HEAD").exists():
        return repo
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=_stream(commits), check=True)
    subprocess.run(["git", "-C", str(repo), "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    return repo


def _best(fn, runs: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def run_evidence(commits: int, runs: int | None = None) -> tuple[list[dict], dict]:
    """Best of 3 at development sizes, of 2 at full size (which keeps it near three minutes)."""
    runs = runs or (3 if commits <= 20_000 else 2)
    root = Path(os.environ.get("LADDERS_BENCH_DATA", Path(__file__).resolve().parent / "results"))
    started = time.perf_counter()
    repo = build_repository(commits, root)
    built = time.perf_counter() - started
    fw = default_framework()

    def numstat() -> int:
        done = subprocess.run(
            ["git", "-C", str(repo), "log", "--numstat", "HEAD"], capture_output=True, check=True
        )
        return len(done.stdout)

    floor, _ = _best(numstat, runs)
    scan, found = _best(lambda: scan_git(repo, fw, [ME], until=date(2100, 1, 1)), runs)
    assert isinstance(found, list)
    rows: list[dict[str, object]] = [
        {"stage": "git log --numstat (floor)", "items": commits, "seconds": floor, "ratio": 1.0},
        {
            "stage": "evidence scan of the same history",
            "items": commits,
            "seconds": scan,
            "ratio": scan / floor,
        },
    ]
    for row, seconds in zip(rows, (floor, scan), strict=True):
        row["per_second"] = commits / seconds
    kinds: dict[str, int] = {}
    for suggestion in found:
        kinds[suggestion.kind] = kinds.get(suggestion.kind, 0) + 1
    return rows, {"build seconds": built, "suggestions": len(found), "by kind": kinds}
