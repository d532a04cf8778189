"""Team-server commands: serve, worker, user add, token create|list|revoke. They share one data directory.

`ladders --help` lists these, so it imports this module: it imports nothing of the server
at module level, only inside the commands, so the listing stays quick.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ladders.cli.common import fail, reporting_input_errors
from ladders.core.errors import Problem

if TYPE_CHECKING:
    from ladders.accounts.models import Organisation, Person

DataDirOption = Annotated[
    Path,
    typer.Option("--data-dir", help="Where the database and secret key live.", envvar="LADDERS_DATA_DIR"),
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
ORG_OPTION = "--org"

user_app = typer.Typer(help="Manage people who can sign in to the team server.", no_args_is_help=True)
token_app = typer.Typer(help="Personal API tokens.", no_args_is_help=True)
facts_app = typer.Typer(help="The facts store the org-wide pages read.", no_args_is_help=True)


def _start(data_dir: Path, *, secure: bool | None = None) -> None:
    """Configure Django for `data_dir`; a bad setting in the environment is exit 2, not a traceback."""
    from ladders.server.runner import configure

    with reporting_input_errors():
        configure(data_dir, secure=secure)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    data_dir: DataDirOption = Path("ladders-data"),
    demo: Annotated[
        bool, typer.Option("--demo", help="Load a labelled demo organisation (localhost only).")
    ] = False,
    workers: Annotated[int, typer.Option(help="Server processes.", min=1, max=32)] = 2,
    task_worker: Annotated[
        bool,
        typer.Option(
            "--task-worker/--no-task-worker",
            help="Start one background worker (as 'ladders worker') with the server.",
        ),
    ] = True,
) -> None:
    """Start the team server: migrate, load the default framework, serve pages and the API.

    A background worker starts with it (imports run there) and stops with it.
    """
    if demo and host not in LOOPBACK:
        fail(
            [
                Problem(
                    "--demo is for localhost only: its logins are printed",
                    source="command line",
                    field="--host",
                )
            ]
        )
    from ladders.server.runner import prepare, worker_start, worker_stop
    from ladders.server.runner import serve as run_server

    _start(data_dir, secure=host not in LOOPBACK)
    prepare()
    if demo:
        from ladders.server.demo import DEMO_ORG, demo_load

        logins = demo_load()
        print(f"Demo data loaded into '{DEMO_ORG}'. Sign in as any of:")
        width = max(len(name) for name, _, _ in logins)
        for name, username, password in logins:
            print(f"  {name:<{width}}  user {username:<16} password {password}")
    shown = "localhost" if host in {"127.0.0.1", "::1", "[::1]"} else host
    import os

    # Links in notifications use LADDERS_BASE_URL; without it, this address (ladders.cycles.links).
    os.environ.setdefault("LADDERS_SERVED_AT", f"http://{shown}:{port}")
    print(
        f"ladders is running at http://{shown}:{port}/  (data in {data_dir.resolve()}; Ctrl+C stops it)",
        flush=True,
    )
    background = worker_start(data_dir) if task_worker else None
    try:
        run_server(host, port, workers=workers)
    finally:
        if background is not None:
            worker_stop(background)


def worker(
    data_dir: DataDirOption = Path("ladders-data"),
    batch: Annotated[bool, typer.Option("--batch", help="Run the tasks already queued, then exit.")] = False,
    interval: Annotated[
        float, typer.Option(help="Seconds between looks at an empty queue.", min=0.1, max=60)
    ] = 1.0,
) -> None:
    """Run background tasks (people imports) queued by the server, until stopped.

    Ctrl+C or SIGTERM stops it after the task it is on. 'ladders serve' starts one; with
    PostgreSQL, start more (on any machine that reaches the database) to run tasks side by side.
    """
    from ladders.server.runner import prepare, worker_run

    _start(data_dir)
    prepare()
    print(f"ladders worker: running background tasks (data in {data_dir.resolve()})", flush=True)
    worker_run(batch=batch, interval=interval)


def organisation_from_command_line(name: str) -> Organisation:
    """The organisation `--org` names; exit 2, listing the known ones, if none has that name."""
    from ladders.accounts.lookup import LookupProblem, organisation_find

    try:
        return organisation_find(name=name)
    except LookupProblem as problem:
        fail([Problem(str(problem), source="command line", field=ORG_OPTION)])
        raise AssertionError("unreachable") from None  # pragma: no cover


def person_from_command_line(handle: str, *, org: Organisation | None, field: str) -> Person:
    """The one person a command acts on: a username, or a name only one person has (in `org`).

    Every command that takes a person resolves it here, so none picks the first of several
    namesakes. Otherwise exit 2 with the candidates (username and organisation) or "no one".
    """
    from ladders.accounts.lookup import LookupProblem, person_find

    try:
        return person_find(handle=handle, org=org)
    except LookupProblem as problem:
        hint = f", or name the organisation with {ORG_OPTION}" if problem.org_would_help else ""
        fail([Problem(f"{problem}{hint}", source="command line", field=field)])
        raise AssertionError("unreachable") from None  # pragma: no cover


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="The person's full name.")],
    role: Annotated[str, typer.Option(help="admin, manager or engineer.")] = "engineer",
    manager: Annotated[str | None, typer.Option(help="Their manager's name or username.")] = None,
    team: Annotated[str | None, typer.Option(help="Team name (created if new).")] = None,
    title: Annotated[str, typer.Option(help="Job title.")] = "",
    username: Annotated[str | None, typer.Option(help="Sign-in name (default: from the name).")] = None,
    org_name: Annotated[
        str | None,
        typer.Option(ORG_OPTION, help="Organisation to add them to (default: the first one)."),
    ] = None,
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """Add a person. The password is read from stdin when piped, else generated and printed once."""
    from ladders.server.runner import prepare

    _start(data_dir)
    prepare()
    from ladders.accounts.services import default_org, person_create
    from ladders.server.errors import ServiceError

    org = organisation_from_command_line(org_name) if org_name is not None else default_org()
    boss = person_from_command_line(manager, org=org, field="--manager") if manager else None
    password = None
    if not sys.stdin.isatty():
        password = sys.stdin.readline().strip() or None
    try:
        person, used = person_create(
            org=org,
            name=name,
            role=role,
            manager=boss,
            team_name=team,
            title=title,
            password=password,
            username=username,
        )
    except ServiceError as error:
        fail([Problem(str(error), source="command line", field=f"--{error.field}" if error.field else "")])
        return
    print(f"added {person.name} ({person.role}) to {org.name} as user '{person.user.username}'")
    if password is None:
        print(f"password (shown once): {used}")


@facts_app.command("rebuild")
def facts_rebuild(
    org_name: Annotated[
        str | None, typer.Option(ORG_OPTION, help="Rebuild this organisation only (default: every one).")
    ] = None,
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """Rewrite every person's facts record (and calibration record) from their rows.

    The server keeps the records in step by itself (after activating a framework, the
    background worker rewrites them); run this after writing to the database by other means
    (a restore from an older ladders, a script), or to rewrite them at once in this process
    without a worker. The admins' framework page shows the rewrite as it goes.
    """
    import time

    from ladders.server.runner import prepare

    _start(data_dir)
    prepare()
    from ladders.accounts.models import Organisation
    from ladders.leveling.facts_rebuilds import facts_rebuild_direct

    orgs = (
        [organisation_from_command_line(org_name)]
        if org_name is not None
        else list(Organisation.objects.order_by("pk"))
    )
    started = time.perf_counter()
    for org in orgs:
        count = facts_rebuild_direct(org=org).done
        print(f"{org.name}: {count:,} facts record{'' if count == 1 else 's'} rewritten")
    print(f"done in {time.perf_counter() - started:.1f}s")


@token_app.command("create")
def token_create(
    name: Annotated[
        str,
        typer.Argument(help="Username of the token's owner, or their full name if no one else has it."),
    ],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "cli",
    org_name: Annotated[
        str | None, typer.Option(ORG_OPTION, help="Look the name up in this organisation only.")
    ] = None,
    days: Annotated[
        int | None, typer.Option(help="Expire the token after this many days (default: never).", min=1)
    ] = None,
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """Create a personal API token; send it as 'Authorization: Bearer TOKEN'. Shown once.

    The token is the only line on stdout, so `TOKEN=$(ladders token create ...)` captures it;
    whom it is for goes to stderr, so a person can check it is the one they meant.
    """
    from ladders.server.runner import prepare

    _start(data_dir)
    prepare()
    from ladders.accounts.tokens import token_create as make_token
    from ladders.server.errors import ServiceError

    org = organisation_from_command_line(org_name) if org_name is not None else None
    person = person_from_command_line(name, org=org, field="NAME")
    try:
        token = make_token(person, label, days=days)
    except ServiceError as error:
        field = "--label" if error.field == "name" else f"--{error.field}"
        fail([Problem(str(error).removeprefix(f"{error.field}: "), source="command line", field=field)])
        return
    print(
        f"token '{label}' for {person.name} (user {person.user.username}, {person.org.name}), shown once:",
        file=sys.stderr,
    )
    print(token)


TOKEN_LIST_FORMATS = ("text", "json")


@token_app.command("list")
def token_list(
    name: Annotated[
        str | None,
        typer.Argument(help="Only this person's tokens: their username, or their full name if unique."),
    ] = None,
    org_name: Annotated[
        str | None, typer.Option(ORG_OPTION, help="Only this organisation's tokens (and look NAME up there).")
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text (a table) or json (one object per token).")
    ] = "text",
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """List API tokens: id, owner, name, first characters, created, last used, expiry and state.

    The tokens themselves are never stored, so they cannot be shown; the id is what
    `ladders token revoke` takes.
    """
    if output_format not in TOKEN_LIST_FORMATS:
        fail(
            [Problem(f"use one of {', '.join(TOKEN_LIST_FORMATS)}", source="command line", field="--format")]
        )
    _start(data_dir)
    from ladders.server.runner import prepare

    prepare()
    from ladders.accounts.models import ApiToken
    from ladders.accounts.tokens import token_state

    tokens = ApiToken.objects.select_related("person__user", "person__org").order_by(
        "person__org__name", "pk"
    )
    org = organisation_from_command_line(org_name) if org_name is not None else None
    if org is not None:
        tokens = tokens.filter(person__org=org)
    if name is not None:
        tokens = tokens.filter(person=person_from_command_line(name, org=org, field="NAME"))

    def when(moment) -> str | None:
        return moment.isoformat(timespec="seconds") if moment else None

    rows = [
        {
            "id": token.pk,
            "username": token.person.user.username,
            "organisation": token.person.org.name,
            "name": token.name,
            "prefix": token.prefix,
            "created": when(token.created),
            "last_used": when(token.last_used),
            "expires": when(token.expires),
            "state": token_state(token),
        }
        for token in tokens
    ]
    if output_format == "json":
        import json

        print(json.dumps(rows, indent=2))
        return
    if not rows:
        print("no tokens", file=sys.stderr)
        return
    columns = ("id", "username", "organisation", "name", "prefix", "last_used", "expires", "state")
    table = [[str(row[c] if row[c] is not None else "-") for c in columns] for row in rows]
    widths = [max(len(c), *(len(line[i]) for line in table)) for i, c in enumerate(columns)]
    for line in [list(columns), *table]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id, as `ladders token list` shows it.")],
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """Revoke an API token now: its next request gets 401 with the reason `revoked`."""
    _start(data_dir)
    from ladders.server.runner import prepare

    prepare()
    from ladders.accounts.tokens import token_revoke as revoke
    from ladders.server.errors import ServiceError

    try:
        token = revoke(actor=None, token_id=token_id)
    except ServiceError as error:
        fail([Problem(str(error), source="command line", field="TOKEN_ID")])
        return
    print(f"revoked token {token.pk} '{token.name}' ({token.prefix}...) of {token.person.name}")


def backup(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The backup file to write (a .tar.gz archive, mode 600).")
    ],
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """Back up the database and the secret key into one file, while the server runs."""
    import os

    from ladders.server.backup import backup_create

    with reporting_input_errors():
        manifest = backup_create(
            data_dir=data_dir,
            output=output,
            database_url=os.environ.get("DATABASE_URL") or None,
            secret_key=os.environ.get("LADDERS_SECRET_KEY") or None,
        )
    print(f"wrote {output}: {manifest.summary()}", file=sys.stderr)


def restore(
    file: Annotated[Path, typer.Argument(help="A backup file made by 'ladders backup'.")],
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """Restore a backup into a new or empty data directory (and, for PostgreSQL, an empty database)."""
    import os

    from ladders.server.backup import backup_restore

    with reporting_input_errors():
        manifest = backup_restore(
            archive=file, data_dir=data_dir, database_url=os.environ.get("DATABASE_URL") or None
        )
    print(
        f"restored the backup of {manifest.created} (ladders {manifest.ladders_version}: "
        f"{manifest.summary()}) into {data_dir}"
    )


UserArgument = Annotated[
    str, typer.Argument(help="Their username, or their full name if no one else has it.", show_default=False)
]
LookupOrgOption = Annotated[
    str | None, typer.Option(ORG_OPTION, help="Look the name up in this organisation only.")
]


def _person_for_command(handle: str, org_name: str | None, data_dir: Path) -> Person:
    from ladders.server.runner import prepare

    _start(data_dir)
    prepare()
    org = organisation_from_command_line(org_name) if org_name is not None else None
    return person_from_command_line(handle, org=org, field="USERNAME")


def _refused(error: Exception, *, field: str = "") -> None:
    fail([Problem(str(error), source="command line", field=field)])


@user_app.command("list")
def user_list(
    search: Annotated[str, typer.Option(help="Text in the name, username, email or title.")] = "",
    team: Annotated[str | None, typer.Option(help="Only this team's members.")] = None,
    status: Annotated[str, typer.Option(help="active, deactivated or all.")] = "all",
    org_name: Annotated[
        str | None, typer.Option(ORG_OPTION, help="The organisation to list (default: the first one).")
    ] = None,
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """List people: username, name, role, team, manager and whether they may sign in."""
    from ladders.server.runner import prepare

    if status not in {"active", "deactivated", "all"}:
        _refused(ValueError("--status must be active, deactivated or all"), field="--status")
    _start(data_dir)
    prepare()
    from ladders.accounts.selectors import people_listing
    from ladders.accounts.services import default_org

    org = organisation_from_command_line(org_name) if org_name is not None else default_org()
    active = {"active": True, "deactivated": False}.get(status)
    rows = people_listing(org=org, search=search, team_name=team, active=active)
    print("\t".join(("username", "name", "role", "team", "manager", "status")))
    for row in rows:
        print("\t".join(row))
    print(f"{len(rows)} {'person' if len(rows) == 1 else 'people'} in {org.name}", file=sys.stderr)


@user_app.command("edit")
def user_edit(
    username: UserArgument,
    name: Annotated[str | None, typer.Option(help="New full name.")] = None,
    title: Annotated[str | None, typer.Option(help="New job title ('' for none).")] = None,
    email: Annotated[str | None, typer.Option(help="New email address ('' for none).")] = None,
    team: Annotated[str | None, typer.Option(help="Team name, created if new ('' for none).")] = None,
    manager: Annotated[
        str | None, typer.Option(help="Their manager's username or name ('' for none).")
    ] = None,
    salary: Annotated[
        str | None, typer.Option(help="Yearly base salary; needs --currency and --market ('' clears pay).")
    ] = None,
    currency: Annotated[str, typer.Option(help="ISO 4217 code of the salary, such as USD.")] = "",
    market: Annotated[str, typer.Option(help="A market the organisation's salary bands name.")] = "",
    org_name: LookupOrgOption = None,
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """Change a person's record or pay; every change is in the audit log, made by the operator."""
    person = _person_for_command(username, org_name, data_dir)
    from django.db import transaction

    from ladders.leveling.pay import person_salary_set
    from ladders.leveling.services.people import UNCHANGED, person_edit
    from ladders.server.errors import ServiceError

    boss: Any = UNCHANGED
    if manager is not None:
        boss = person_from_command_line(manager, org=person.org, field="--manager") if manager else None
    changes: dict[str, Any] = {
        "name": name if name is not None else UNCHANGED,
        "title": title if title is not None else UNCHANGED,
        "email": email if email is not None else UNCHANGED,
        "team_name": (team or None) if team is not None else UNCHANGED,
        "manager": boss,
    }
    try:
        with transaction.atomic():
            person = person_edit(actor=None, person=person, **changes)
            if salary is not None:
                person_salary_set(
                    actor=None, person=person, base_salary=salary or None, currency=currency, market=market
                )
    except ServiceError as error:
        _refused(error, field=f"--{error.field.replace('_', '-')}" if error.field else "")
        return
    print(f"saved {person.name} (user {person.user.username}, {person.org.name})")


@user_app.command("deactivate")
def user_deactivate(
    username: UserArgument, org_name: LookupOrgOption = None, data_dir: DataDirOption = Path("ladders-data")
) -> None:
    """Stop a person signing in (their API tokens too); nothing of theirs is deleted."""
    person = _person_for_command(username, org_name, data_dir)
    from ladders.leveling.services.people import person_deactivate

    reports = person_deactivate(actor=None, person=person)
    print(f"deactivated {person.name} (user {person.user.username}, {person.org.name})")
    if reports:
        names = ", ".join(f"{p.name} ({p.user.username})" for p in reports)
        print(f"reassign their reports with 'ladders user edit USERNAME --manager ...': {names}")


@user_app.command("reactivate")
def user_reactivate(
    username: UserArgument, org_name: LookupOrgOption = None, data_dir: DataDirOption = Path("ladders-data")
) -> None:
    """Let a deactivated person sign in again."""
    person = _person_for_command(username, org_name, data_dir)
    from ladders.leveling.services.people import person_reactivate

    person_reactivate(actor=None, person=person)
    print(f"reactivated {person.name} (user {person.user.username}, {person.org.name})")


@user_app.command("set-password")
def user_set_password(
    username: UserArgument, org_name: LookupOrgOption = None, data_dir: DataDirOption = Path("ladders-data")
) -> None:
    """Set a person's password: read from stdin when piped, else asked for twice (not echoed)."""
    person = _person_for_command(username, org_name, data_dir)
    from ladders.leveling.services.people import person_set_password
    from ladders.server.errors import ServiceError

    if sys.stdin.isatty():
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        person_set_password(actor=None, person=person, password=password)
    except ServiceError as error:
        _refused(error, field="password")
        return
    print(f"password set for {person.name} (user {person.user.username})")
