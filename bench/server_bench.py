"""Team-server benchmarks: page server time in-process, and API latency under load on loopback.

Every figure is reported as a ratio to the trivial view (`/healthz`) measured in the same
run, so the table says how much work a page adds rather than how fast this machine is.
"""

from __future__ import annotations

import http.client
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def _time_view(client, path: str, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return times


def page_times(summary: dict, repeats: int) -> list[dict]:
    """Server time of pages through Django's test client (no network), median of repeats."""
    from django.test import Client

    rows = []
    floor_client = Client()
    floor = statistics.median(_time_view(floor_client, "/healthz", repeats * 4))
    rows.append(
        {
            "stage": "GET /healthz (trivial view)",
            "items": repeats * 4,
            "median_ms": floor * 1000,
            "ratio": 1.0,
        }
    )
    for label, person, path, count in (
        ("dashboard (engineer)", summary["engineer"], "/", repeats),
        ("team page (manager, ~100 reports)", summary["manager"], "/team/", repeats),
    ):
        client = Client()
        client.force_login(person.user)
        median = statistics.median(_time_view(client, path, count))
        rows.append({"stage": label, "items": count, "median_ms": median * 1000, "ratio": median / floor})
    return rows + admin_team_page_times(summary, repeats)


TEAM_PAGE_KINDS = (
    ("team page (admin, whole org), warm", "warm"),
    ("team page (admin), cold: first of the day", "next_day"),
    ("team page (admin), cold: all levels expired", "expired"),
)


def _expire_team_levels(org, kind: str) -> None:
    """Age the stored team levels as `kind` says, so the next team page visit is cold.

    `next_day`: every level was assessed yesterday, as at the first visit of a day (only
    those an evidence date changes are reassessed; none under a ladder without windows).
    `expired`: no stored level holds any more, the worst case (every record reassessed).
    """
    from datetime import timedelta

    from django.utils import timezone

    from ladders.leveling.models import FactsRecord

    today = timezone.localdate()
    rows = FactsRecord.objects.filter(org=org)
    if kind == "next_day":
        rows.update(assessed_on=today - timedelta(days=1))
    elif kind == "expired":
        rows.update(assessed_on=today - timedelta(days=1), valid_until=today)


def admin_team_page_times(summary: dict, repeats: int) -> list[dict]:
    """The admin's team page over the whole org: warm, and cold after the stored levels age.

    Each repeat runs, in turn, the floor then the page for every kind (ageing the levels
    just before a cold visit), so load drift moves the floor and the page alike; each
    ratio is to the floor's median over the same repeats.
    """
    from django.test import Client

    floor_client, client = Client(), Client()
    client.force_login(summary["admin"].user)
    _time_view(client, "/team/", 1)  # the first visit writes any missing records: not timed here
    floor: list[float] = []
    times: dict[str, list[float]] = {kind: [] for _, kind in TEAM_PAGE_KINDS}
    for _ in range(max(3, repeats // 2)):
        for _, kind in TEAM_PAGE_KINDS:
            _expire_team_levels(summary["org"], kind)
            floor += _time_view(floor_client, "/healthz", 1)
            times[kind] += _time_view(client, "/team/", 1)
    base = statistics.median(floor)
    rows = [
        {
            "stage": "GET /healthz (floor, between team pages)",
            "items": len(floor),
            "median_ms": base * 1000,
            "ratio": 1.0,
        }
    ]
    for label, kind in TEAM_PAGE_KINDS:
        median = statistics.median(times[kind])
        rows.append(
            {"stage": label, "items": len(times[kind]), "median_ms": median * 1000, "ratio": median / base}
        )
    return rows


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load(port: int, paths: list[str], token: str, concurrency: int, total: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Bearer {token}"}
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            path = paths[n % len(paths)]
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def _server_cpu(pid: int) -> float | None:
    """CPU seconds used so far by the server process and its workers (Linux /proc), or None.

    Latency under load on a shared machine swings with everyone else's work; the CPU the
    server spent per request does far less, so the table shows both.
    """
    try:
        pids = [pid] + [
            int(entry)
            for entry in os.listdir("/proc")
            if entry.isdigit() and _proc_stat(int(entry))[1] == pid
        ]
        ticks = sum(_proc_stat(each)[0] for each in pids)
    except (OSError, ValueError, IndexError):
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


def _proc_stat(pid: int) -> tuple[int, int]:
    """(user + system clock ticks, parent pid) of a process; (0, 0) once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0, 0
    return int(fields[11]) + int(fields[12]), int(fields[1])


def _wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the server did not start") from None
            time.sleep(0.3)


def _expire(ids: list[int]) -> None:
    """Make the stored results of `ids` stale, as the next day does: the next request recomputes."""
    from datetime import timedelta

    from django.utils import timezone

    from ladders.leveling.models import LiveAssessment

    LiveAssessment.objects.filter(person_id__in=ids).update(as_of=timezone.localdate() - timedelta(days=1))


API_KINDS = (
    ("assessment, stored (warm)", "warm"),
    ("assessment, ?as_of= a past day (computed)", "fresh"),
    ("assessment, stored, first after expiry (cold)", "cold"),
)
FLOOR_LABEL = "GET /healthz (trivial view, the floor)"


def api_load(
    data_dir: Path, summary: dict, token: str, *, concurrency: int, total: int, rounds: int
) -> list[dict]:
    """p50/p99 of the assessment endpoint against a real server on loopback, to the floor's p99.

    Each round times every kind next to a batch of the floor (`/healthz`), the floor first in
    even rounds and second in odd ones: stored results (warm), results computed for a past
    day, and the first request for each person after their stored result expired (cold).
    Each kind's ratio is its p99 over the p99 of the floor batches run beside it, so load
    drift on a shared machine moves a figure and its floor alike.
    """
    port = _free_port()
    env = dict(os.environ, LADDERS_DATA_DIR=str(data_dir))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    exe = Path(sys.executable).with_name("ladders")
    server = subprocess.Popen(
        [
            str(exe),
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--workers",
            "2",
            "--no-task-worker",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        _wait_until_up(port, server)
        rng = random.Random(5)
        per_batch = min(max(concurrency * 4, total // rounds), len(summary["ids"]))
        ids = rng.sample(summary["ids"], per_batch)
        paths = {
            "warm": [f"/api/v1/people/{pk}/assessment" for pk in ids],
            "fresh": [f"/api/v1/people/{pk}/assessment?as_of=2026-01-15" for pk in ids],
        }
        paths["cold"] = paths["warm"]  # each person once after expiry: every request recomputes
        # Store everyone's result and warm both workers.
        _load(port, paths["warm"], token, concurrency, per_batch)
        _load(port, paths["fresh"][:40], token, concurrency, 40)
        times: dict[str, list[float]] = {kind: [] for _, kind in API_KINDS}
        floors: dict[str, list[float]] = {kind: [] for _, kind in API_KINDS}
        errors: dict[str, int] = dict.fromkeys(times, 0)
        cpu: dict[str, float | None] = dict.fromkeys([*times, "floor"], 0.0)
        floor_errors = 0

        def timed(kind: str, batch: list[str]) -> tuple[list[float], int]:
            before = _server_cpu(server.pid)
            latencies, failed = _load(port, batch, token, concurrency, per_batch)
            after = _server_cpu(server.pid)
            spent = cpu[kind]
            cpu[kind] = None if None in (before, after, spent) else spent + after - before  # type: ignore[operator]
            return latencies, failed

        for n in range(rounds):
            for _, kind in API_KINDS:
                floor_first = n % 2 == 0
                if floor_first:
                    floor, failed = timed("floor", ["/healthz"])
                if kind == "cold":
                    _expire(ids)
                latencies, kind_failed = timed(kind, paths[kind])
                if not floor_first:
                    floor, failed = timed("floor", ["/healthz"])
                times[kind] += latencies
                errors[kind] += kind_failed
                floors[kind] += floor
                floor_errors += failed
        every_floor = [t for kind in floors for t in floors[kind]]

        def cpu_ms(kind: str, requests: int) -> float:
            spent = cpu[kind]
            return math.nan if spent is None else spent / requests * 1000  # nan: no /proc here

        rows = [
            {
                "stage": FLOOR_LABEL,
                "requests": len(every_floor),
                "p50_ms": _percentile(every_floor, 50) * 1000,
                "p99_ms": _percentile(every_floor, 99) * 1000,
                "floor_p99_ms": _percentile(every_floor, 99) * 1000,
                "cpu_ms": cpu_ms("floor", len(every_floor)),
                "errors": floor_errors,
                "ratio": 1.0,
            }
        ]
        for label, kind in API_KINDS:
            floor_p99 = _percentile(floors[kind], 99)
            rows.append(
                {
                    "stage": label,
                    "requests": len(times[kind]),
                    "p50_ms": _percentile(times[kind], 50) * 1000,
                    "p99_ms": _percentile(times[kind], 99) * 1000,
                    "floor_p99_ms": floor_p99 * 1000,
                    "cpu_ms": cpu_ms(kind, len(times[kind])),
                    "errors": errors[kind],
                    "ratio": _percentile(times[kind], 99) / floor_p99,
                }
            )
        return rows
    finally:
        server.terminate()
        server.wait(timeout=30)


def run_server(
    people: int, history_quarters: int, *, repeats: int, concurrency: int, total: int, rounds: int = 4
) -> tuple:
    data_dir = Path(os.environ.get("LADDERS_BENCH_DATA", ROOT / "bench" / "results" / f"org-{people}"))
    data_dir.mkdir(parents=True, exist_ok=True)
    from ladders.server.runner import configure, prepare

    # Pages are timed in-process through Django's test client, which calls itself testserver.
    os.environ.setdefault("LADDERS_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
    configure(data_dir, secure=False)
    prepare()
    from bench.synthetic_org import build_org

    print(
        f"Building (or reusing) a {people:,}-person org with {history_quarters} quarters of history "
        f"in {data_dir}"
    )
    summary = build_org(people, history_quarters)
    from ladders.accounts.models import ApiToken
    from ladders.accounts.services import token_create

    # A new token each run; the earlier runs' ones would reach the per-person limit.
    ApiToken.objects.filter(person=summary["admin"], name="bench").delete()
    token = token_create(summary["admin"], "bench")
    pages = page_times(summary, repeats)
    api = api_load(data_dir, summary, token, concurrency=concurrency, total=total, rounds=rounds)
    return pages, api
