"""`ladders cycle open|list|close` and `ladders remind`: running a leveling cycle from the shell.

Like the other server commands they open a data directory, and import nothing of the
server at module level (`ladders --help` loads this module to list them).
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ladders.cli.common import fail, parse_date
from ladders.cli.server_cmds import ORG_OPTION, DataDirOption, _start, organisation_from_command_line
from ladders.core.errors import Problem

if TYPE_CHECKING:
    from ladders.accounts.models import Organisation
    from ladders.cycles.models import Cycle

cycle_app = typer.Typer(help="Leveling cycles: open, list and close them.", no_args_is_help=True)
OrgOption = Annotated[
    str | None, typer.Option(ORG_OPTION, help="The organisation (default: the first real one).")
]


def _prepared(data_dir: Path, org_name: str | None) -> Organisation:
    from ladders.server.runner import prepare

    _start(data_dir)
    prepare()
    from ladders.accounts.services import default_org

    return organisation_from_command_line(org_name) if org_name is not None else default_org()


def _refuse(message: str, field: str = "") -> None:
    fail([Problem(message, source="command line", field=field)])


def _cycle_named(org: Organisation, name: str) -> Cycle:
    from ladders.cycles.models import Cycle

    found = Cycle.objects.filter(org=org, name=name).first()
    if found is None:
        known = ", ".join(Cycle.objects.filter(org=org).values_list("name", flat=True)) or "none yet"
        _refuse(f"{org.name} has no cycle named '{name}' (cycles: {known})", "NAME")
        raise AssertionError("unreachable")  # pragma: no cover
    return found


def _describe(cycle: Cycle) -> str:
    scope = (
        "whole organisation" if cycle.whole_org else "teams " + ", ".join(t.name for t in cycle.teams.all())
    )
    return (
        f"{cycle.name}  {cycle.quarter}  {cycle.state:<9}  opens {cycle.opens_on}  self review due "
        f"{cycle.self_review_due}  sign-off due {cycle.sign_off_due}  ({scope})"
    )


@cycle_app.command("open")
def cycle_open(
    name: Annotated[str, typer.Argument(help="The cycle's name, such as 2027-Q1.")],
    quarter: Annotated[
        str | None, typer.Option(help="YYYY-Qn: the quarter its check-ins are for (default: the name).")
    ] = None,
    opens: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD; a later day schedules it (default: today).")
    ] = None,
    self_review_due: Annotated[str | None, typer.Option(help="YYYY-MM-DD the self review is due.")] = None,
    sign_off_due: Annotated[str | None, typer.Option(help="YYYY-MM-DD the sign-off is due.")] = None,
    team: Annotated[
        list[str] | None, typer.Option(help="Only this team (repeat for more; default: everyone).")
    ] = None,
    org_name: OrgOption = None,
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """Open a cycle: everyone in scope gets a check-in for its quarter. A scheduled one opens now."""
    org = _prepared(data_dir, org_name)
    from django.utils import timezone

    from ladders.accounts.models import Team
    from ladders.cycles import services
    from ladders.cycles.models import Cycle, Participant
    from ladders.server.errors import ServiceError

    try:
        existing = Cycle.objects.filter(org=org, name=name).first()
        if existing is not None:
            if quarter or opens or self_review_due or sign_off_due or team:
                _refuse(f"the cycle '{name}' exists already; to open it as it is, give only its name", "NAME")
            cycle = services.cycle_open(actor=None, cycle=existing, background=False)
        else:
            if self_review_due is None or sign_off_due is None:
                missing = "--self-review-due" if self_review_due is None else "--sign-off-due"
                _refuse(f"a new cycle needs its due dates: {missing} YYYY-MM-DD", missing)
                return
            teams = []
            for team_name in team or []:
                found = Team.objects.filter(org=org, name=team_name).first()
                if found is None:
                    known = ", ".join(Team.objects.filter(org=org).values_list("name", flat=True)) or "none"
                    _refuse(f"{org.name} has no team '{team_name}' (teams: {known})", "--team")
                teams.append(found)
            cycle = services.cycle_create(
                actor=None,
                org=org,
                name=name,
                quarter=quarter or name,
                opens_on=parse_date(opens, "--opens") or timezone.localdate(),
                self_review_due=parse_date(self_review_due, "--self-review-due") or date.min,
                sign_off_due=parse_date(sign_off_due, "--sign-off-due") or date.min,
                teams=[t for t in teams if t is not None],
                background=False,
            )
    except ServiceError as error:
        field = "--" + error.field.replace("_", "-").replace("opens-on", "opens") if error.field else ""
        if error.field == "name":
            field = "NAME"
        _refuse(str(error), field)
        return
    people = Participant.objects.filter(cycle=cycle).count()
    print(_describe(cycle))
    if cycle.state == "open":
        print(f"opened {cycle.name}: {people} check-in{'s' if people != 1 else ''} asked for")
    else:
        print(f"scheduled {cycle.name}: it opens on {cycle.opens_on} (the next `ladders remind` after that)")


@cycle_app.command("list")
def cycle_list(org_name: OrgOption = None, data_dir: DataDirOption = Path("ladders-data")) -> None:
    """List the organisation's cycles, newest quarter first."""
    org = _prepared(data_dir, org_name)
    from ladders.cycles.models import Cycle

    cycles = list(Cycle.objects.filter(org=org).prefetch_related("teams").order_by("-quarter", "-pk"))
    for cycle in cycles:
        print(_describe(cycle))
    print(f"{len(cycles)} cycle{'s' if len(cycles) != 1 else ''} in {org.name}")


@cycle_app.command("close")
def cycle_close(
    name: Annotated[str, typer.Argument(help="The cycle's name.")],
    org_name: OrgOption = None,
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """Close an open cycle; lists every check-in that was not signed off."""
    org = _prepared(data_dir, org_name)
    from ladders.core.cycles import STANDING_LABELS, Standing
    from ladders.cycles import services
    from ladders.server.errors import ServiceError

    cycle = _cycle_named(org, name)
    try:
        unsigned = services.cycle_close(actor=None, cycle=cycle)
    except ServiceError as error:
        _refuse(str(error), "NAME")
        return
    for place in unsigned:
        where = STANDING_LABELS[Standing(place.closed_standing)].lower()
        print(f"not signed off: {place.person.name} ({where})")
    count = len(unsigned)
    print(f"closed {cycle.name}: {count} check-in{'s' if count != 1 else ''} not signed off")


def remind(
    now: Annotated[
        str | None,
        typer.Option(
            help="ISO 8601 date and time to act as of, e.g. 2027-01-20T09:00:00+00:00 (default: now)."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what is due; send and record nothing.")
    ] = False,
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """Send the reminders that are due, and retry failed notifications. For cron or a systemd timer."""
    moment = None
    if now is not None:
        try:
            moment = datetime.fromisoformat(now)
        except ValueError:
            _refuse(f"'{now}' is not an ISO 8601 date and time, such as 2027-01-20T09:00:00+00:00", "--now")
    from ladders.server.runner import prepare

    _start(data_dir)
    prepare()
    from django.utils import timezone

    from ladders.cycles.links import base_url_warning
    from ladders.cycles.reminders import remind_run

    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if warning := base_url_warning():
        print(f"warning: {warning}", file=sys.stderr)
    sent, retried = remind_run(now=moment, dry_run=dry_run)
    for item in sent:
        print(("would send " if dry_run else "sent ") + item.line())
    if retried:
        print(f"{retried} earlier notification{'s' if retried != 1 else ''} delivered on retry")
    if dry_run:
        print(f"dry run: {len(sent)} reminder{'s' if len(sent) != 1 else ''} due, nothing sent or recorded")
        print("0 reminders sent")
        return
    print(f"{len(sent)} reminders sent")  # always this wording: scripts read the last line
