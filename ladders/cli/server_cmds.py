"""Team-server commands: serve, user add, token create. They share one data directory.

`ladders --help` lists these, so this module is imported on every run: it imports nothing
of the server at module level, only inside the commands (see test_assess_import_budget).
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
) -> None:
    """Start the team server: migrate, load the default framework, serve pages and the API."""
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
    from ladders.server.runner import prepare
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
    print(
        f"ladders is running at http://{shown}:{port}/  (data in {data_dir.resolve()}; Ctrl+C stops it)",
        flush=True,
    )
    run_server(host, port, workers=workers)


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
    data_dir: DataDirOption = Path("ladders-data"),
) -> None:
    """Create a personal API token; send it as 'Authorization: Bearer TOKEN'. Shown once.

    The token is the only line on stdout, so `TOKEN=$(ladders token create ...)` captures it;
    whom it is for goes to stderr, so a person can check it is the one they meant.
    """
    from ladders.server.runner import prepare

    _start(data_dir)
    prepare()
    from ladders.accounts.services import token_create as make_token

    org = organisation_from_command_line(org_name) if org_name is not None else None
    person = person_from_command_line(name, org=org, field="NAME")
    token = make_token(person, label)
    print(
        f"token '{label}' for {person.name} (user {person.user.username}, {person.org.name}), shown once:",
        file=sys.stderr,
    )
    print(token)


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
