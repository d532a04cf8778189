"""Importing people from a CSV file: every row is checked first, then all are created or none.

Columns (a header row names them, in any order; only `name` is required):
name, username, email, role, manager, team, title, level, base_salary, currency, market.
`manager` is a name or username
of a row earlier or later in the same file, or of someone already in the organisation.
Every value is held to the limits of `ladders.core.limits`, the same the database columns
and the core's profile use, so an imported person can always be stored and assessed.

A file of thousands of people takes minutes (each generated password is hashed with
argon2), so the page does not import it in the request: `people_import_start` stores the
file as a `PeopleImport` and queues `ladders.leveling.tasks.people_import_task`; the
background worker runs `people_import_run`, which reports its stage and progress on that
row for the page to show. The passwords are hashed before the one transaction that
creates everyone, so the transaction is short and a failure still creates nobody.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from ladders.accounts.models import Person, Role
from ladders.accounts.permissions import can_import_people
from ladders.accounts.services import person_create, username_base
from ladders.core import limits
from ladders.core.errors import unknown_message
from ladders.core.framework import Framework
from ladders.core.text import byte_size, text_problem
from ladders.leveling.audit import audit
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import ImportState, PeopleImport
from ladders.leveling.pay import person_salary_set, validated_salary
from ladders.server.errors import Forbidden, Invalid, ServiceError

COLUMNS = (
    "name",
    "username",
    "email",
    "role",
    "manager",
    "team",
    "title",
    "level",
    "base_salary",
    "currency",
    "market",
)
COLUMN_LIMITS = {
    "name": limits.PERSON_NAME,
    "username": limits.USERNAME,
    "email": limits.EMAIL,
    "role": limits.ID,
    "manager": max(limits.PERSON_NAME, limits.USERNAME),  # a name or a username
    "team": limits.TEAM_NAME,
    "title": limits.JOB_TITLE,
    "level": limits.ID,
    "base_salary": 40,
    "currency": 3,
    "market": limits.ID,
}
PROGRESS_EVERY = 25
"""Rows between two progress writes while the passwords are hashed."""

Progress = Callable[[str, int, int], None]
"""Told (stage, done, total) as an import goes on."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One thing wrong with the file: the line it is on, the column and what to do."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column or 'file'}: {self.message}"


class PeopleImportError(Invalid):
    """The file has problems; nobody was imported. `.problems` lists every one of them."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the file; nobody was imported",
            field="csv",
        )


@dataclass(slots=True)
class _Row:
    line: int
    values: dict[str, str]
    username: str = ""
    manager_row: int | None = None  # index into the file's rows
    manager_person: Person | None = None
    unusable: set[str] = field(default_factory=set)  # columns whose value is already reported
    password: str = ""
    password_hash: str = ""

    def get(self, column: str) -> str:
        return "" if column in self.unusable else self.values.get(column, "")


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _size_problem(text: str) -> PeopleImportError | None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= limits.CSV_BYTES:
        return None
    message = f"the file is {byte_size(size)}; at most {byte_size(limits.CSV_BYTES)} is allowed"
    return PeopleImportError([RowProblem(1, "", message)])


def people_import_csv(*, actor: Person, text: str, progress: Progress = _no_progress) -> list[Person]:
    """Create everyone in the file, or nobody; raises PeopleImportError listing every problem.

    Each returned person carries `initial_password`, the generated password, held only in
    memory so the page can show it once. `progress` hears each stage as it starts and the
    count of passwords hashed so far.
    """
    if not can_import_people(actor):
        raise Forbidden("only admins import people")
    _, fw = active_framework(actor.org)
    too_big = _size_problem(text)
    if too_big is not None:
        raise too_big
    progress("checking the rows", 0, 0)
    rows, problems = _parse(text)
    if not problems:
        problems = _validate(rows, actor, fw)
    if problems:
        raise PeopleImportError(problems)
    _hash_passwords(rows, progress)
    progress("saving", len(rows), len(rows))
    return _create(rows, actor)


def _hash_passwords(rows: list[_Row], progress: Progress) -> None:
    """A generated password per row, hashed now: the slow part, outside any transaction."""
    total = len(rows)
    for done, row in enumerate(rows):
        if done % PROGRESS_EVERY == 0:
            progress("setting passwords", done, total)
        row.password = secrets.token_urlsafe(12)
        row.password_hash = make_password(row.password)


def people_import_start(*, actor: Person, text: str) -> PeopleImport:
    """Store the file and queue its import for the background worker; returns the import.

    Who may import and how big a file may be are checked here, so the page answers at once;
    the rows are checked by the worker (`people_import_run`), which records any problems.
    """
    from ladders.leveling.tasks import people_import_task

    if not can_import_people(actor):
        raise Forbidden("only admins import people")
    too_big = _size_problem(text)
    if too_big is not None:
        raise too_big
    job = PeopleImport.objects.create(
        org=actor.org, started_by=actor, text=text, stage="waiting for the worker"
    )
    result = people_import_task.enqueue(job.pk)
    PeopleImport.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def people_import_run(*, import_id: int) -> None:
    """Run one queued import (the worker calls this); its outcome is recorded on the row.

    A file with problems creates nobody and records every problem by row and column. An
    import that is not queued any more (already run by another worker) is left alone.
    """
    claimed = PeopleImport.objects.filter(pk=import_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING, stage="starting"
    )
    if not claimed:
        return
    job = PeopleImport.objects.select_related("started_by__org", "started_by__user").get(pk=import_id)

    def progress(stage: str, done: int, total: int) -> None:
        PeopleImport.objects.filter(pk=import_id).update(stage=stage, done=done, total=total)

    outcome: dict[str, object] = {"text": "", "finished": timezone.now()}
    try:
        if job.started_by is None:
            raise Forbidden("the admin who started this import no longer exists")
        created = people_import_csv(actor=job.started_by, text=job.text, progress=progress)
    except PeopleImportError as error:
        outcome |= {"state": ImportState.FAILED, "stage": str(error)}
        outcome["problems"] = [[p.row, p.column, p.message] for p in error.problems]
    except ServiceError as error:
        outcome |= {"state": ImportState.FAILED, "stage": str(error)[:60], "problems": [[1, "", str(error)]]}
    except Exception:
        PeopleImport.objects.filter(pk=import_id).update(
            state=ImportState.FAILED,
            stage="stopped by an error",
            problems=[[1, "", "the import stopped with an internal error; nobody was imported"]],
            text="",
            finished=timezone.now(),
        )
        raise
    else:
        outcome |= {
            "state": ImportState.DONE,
            "stage": f"imported {len(created)} {'person' if len(created) == 1 else 'people'}",
            "done": len(created),
            "total": len(created),
            "people": [
                {
                    "name": p.name,
                    "username": p.user.username,
                    "password": p.initial_password,
                    "role": p.get_role_display(),
                    "manager": p.manager.name if p.manager else "",
                }
                for p in created
            ],
        }
    PeopleImport.objects.filter(pk=import_id).update(**outcome)


def people_import_of(*, viewer: Person, import_id: int) -> PeopleImport:
    """One import of the viewer's organisation, for an admin; anyone else is told it does not exist."""
    if not can_import_people(viewer):
        raise Http404("No such import.")
    job = PeopleImport.objects.filter(pk=import_id, org_id=viewer.org_id).first()
    if job is None:
        raise Http404("No such import.")
    return job


def people_imports_recent(*, viewer: Person, count: int = 10) -> list[PeopleImport]:
    """The organisation's latest imports, newest first (without the files)."""
    if not can_import_people(viewer):
        return []
    return list(PeopleImport.objects.filter(org_id=viewer.org_id).defer("text", "people")[:count])


@transaction.atomic
def people_import_passwords_take(*, viewer: Person, job: PeopleImport) -> list[dict[str, str]]:
    """The people a finished import created, with their passwords for the admin who started it,
    the first time they ask; the passwords are then erased. Everyone else gets no passwords."""
    row = PeopleImport.objects.select_for_update().get(pk=job.pk)
    # The page shows `job`; it may have been read while the worker was still running. Show the
    # state read under the lock, or a job that finished in between would hand out its passwords
    # on a page that still says "running", and the next page would have none left to show.
    for name in ("state", "stage", "done", "total", "problems", "finished"):
        setattr(job, name, getattr(row, name))
    people = list(row.people)
    if row.state != ImportState.DONE or row.started_by_id != viewer.pk or row.passwords_shown:
        return [{k: v for k, v in p.items() if k != "password"} for p in people]
    row.people = [{k: v for k, v in p.items() if k != "password"} for p in people]
    row.passwords_shown = timezone.now()
    row.save(update_fields=["people", "passwords_shown"])
    job.passwords_shown = row.passwords_shown
    return people


def _parse(text: str) -> tuple[list[_Row], list[RowProblem]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    problems: list[RowProblem] = []
    header: list[str] | None = None
    rows: list[_Row] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in cells]
                problems += _header_problems(header, start)
                if problems:
                    return [], problems
                continue
            if len(cells) > len(header):
                problems.append(
                    RowProblem(start, "", f"{len(cells)} values but the header names {len(header)} columns")
                )
                continue
            rows.append(_Row(start, {h: c.strip() for h, c in zip(header, cells, strict=False)}))
            if len(rows) > limits.CSV_ROWS:
                break
    except csv.Error as error:
        problems.append(RowProblem(line, "", f"not readable as CSV: {error}"))
    if header is None:
        problems.append(RowProblem(1, "", "the file is empty; the first row must name the columns"))
    elif not rows and not problems:
        problems.append(RowProblem(2, "", "the file has a header but no people"))
    elif len(rows) > limits.CSV_ROWS:
        problems.append(
            RowProblem(rows[limits.CSV_ROWS].line, "", f"at most {limits.CSV_ROWS} people per file")
        )
    return rows, problems


def _header_problems(header: list[str], line: int) -> list[RowProblem]:
    problems = []
    expected = ", ".join(COLUMNS)
    for column in header:
        if column not in COLUMNS:
            problems.append(RowProblem(line, column, f"unknown column (expected some of: {expected})"))
    for column in {c for c in header if header.count(c) > 1}:
        problems.append(RowProblem(line, column, "this column is named twice"))
    if "name" not in header:
        problems.append(RowProblem(line, "name", "the header must have a 'name' column"))
    return problems


def _text_problems(rows: list[_Row]) -> list[RowProblem]:
    """Values too long for their column or holding control characters; those values are
    then left out (made empty) so no other check reports the same cell twice."""
    problems = []
    for row in rows:
        for column, value in row.values.items():  # the header allows only known columns
            problem = text_problem(value, limit=COLUMN_LIMITS[column])
            if problem is not None:
                problems.append(RowProblem(row.line, column, problem))
                row.unusable.add(column)
    return problems


def _validate(rows: list[_Row], actor: Person, fw: Framework) -> list[RowProblem]:
    problems: list[RowProblem] = _text_problems(rows)
    add = problems.append
    User = get_user_model()
    explicit = [row.get("username") for row in rows]
    taken = set(
        User.objects.filter(username__in=[u for u in explicit if u]).values_list("username", flat=True)
    )
    first_line: dict[str, int] = {}
    for row in rows:
        if not row.get("name") and "name" not in row.unusable:
            add(RowProblem(row.line, "name", "a name is required"))
        role = row.get("role").lower() or Role.ENGINEER
        row.values["role"] = role
        if role not in Role.values:
            add(RowProblem(row.line, "role", unknown_message("role", role, Role.values)))
        level = row.get("level")
        if level and level not in fw.level_index:
            add(
                RowProblem(
                    row.line,
                    "level",
                    unknown_message("level", level, fw.level_index),
                )
            )
        salary = [row.get(column) for column in ("base_salary", "currency", "market")]
        if any(salary) and not row.unusable & {"base_salary", "currency", "market"}:
            try:
                validated_salary(
                    org_id=actor.org_id, base_salary=salary[0] or "0", currency=salary[1], market=salary[2]
                )
            except Invalid as error:
                add(RowProblem(row.line, error.field, str(error).split(": ", 1)[-1]))
        email = row.get("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                add(RowProblem(row.line, "email", f"'{email}' is not an email address"))
        username = row.get("username")
        if username:
            try:
                User.username_validator(username)
            except ValidationError as error:
                add(RowProblem(row.line, "username", " ".join(error.messages)))
            if username in first_line:
                add(RowProblem(row.line, "username", f"'{username}' is also on row {first_line[username]}"))
            elif username in taken:
                add(RowProblem(row.line, "username", f"the username '{username}' is already taken"))
            first_line.setdefault(username, row.line)
    _assign_usernames(rows, reserved=set(first_line))
    problems += _resolve_managers(rows, actor)
    return sorted(problems, key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else -1))


def _assign_usernames(rows: list[_Row], reserved: set[str]) -> None:
    """Usernames for rows without one, clear of the file's own and the database's."""
    User = get_user_model()
    used = set(reserved)
    for row in rows:
        if row.get("username"):
            row.username = row.get("username")
            continue
        base = username_base(row.get("name"))
        candidate, n = base, 1
        while candidate in used or User.objects.filter(username=candidate).exists():
            n += 1
            candidate = f"{base}{n}"
        row.username = candidate
        used.add(candidate)


def _resolve_managers(rows: list[_Row], actor: Person) -> list[RowProblem]:
    problems = []
    by_username = {row.get("username"): i for i, row in enumerate(rows) if row.get("username")}
    by_name: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_name.setdefault(row.get("name").casefold(), []).append(i)
    people = Person.objects.filter(org_id=actor.org_id).select_related("user")
    for i, row in enumerate(rows):
        wanted = row.get("manager")
        if not wanted:
            continue
        if wanted in by_username:
            row.manager_row = by_username[wanted]
        else:
            existing_by_username = people.filter(user__username=wanted).first()
            if existing_by_username is not None:
                row.manager_person = existing_by_username
            else:
                in_file = by_name.get(wanted.casefold(), [])
                existing = list(people.filter(name__iexact=wanted)[:2])
                if len(in_file) + len(existing) > 1:
                    problems.append(
                        RowProblem(
                            row.line,
                            "manager",
                            f"more than one person is named '{wanted}'; give the manager's username",
                        )
                    )
                elif in_file:
                    row.manager_row = in_file[0]
                elif existing:
                    row.manager_person = existing[0]
                else:
                    problems.append(
                        RowProblem(
                            row.line,
                            "manager",
                            f"no person '{wanted}' in this file or in {actor.org.name} "
                            "(use a name or username)",
                        )
                    )
        if row.manager_row == i:
            problems.append(RowProblem(row.line, "manager", "a person cannot be their own manager"))
            row.manager_row = None
    problems += _cycles(rows)
    return problems


def _cycles(rows: list[_Row]) -> list[RowProblem]:
    problems = []
    for i, row in enumerate(rows):
        seen, current = {i}, row.manager_row
        while current is not None:
            if current == i:
                problems.append(
                    RowProblem(row.line, "manager", "the managers in this file form a loop back to this row")
                )
                break
            if current in seen:
                break
            seen.add(current)
            current = rows[current].manager_row
    return problems


@transaction.atomic
def _create(rows: list[_Row], actor: Person) -> list[Person]:
    created: list[Person] = []
    for row in rows:
        try:
            person, password = person_create(
                org=actor.org,
                name=row.get("name"),
                role=row.get("role"),
                manager=row.manager_person,
                team_name=row.get("team") or None,
                title=row.get("title"),
                level=row.get("level"),
                username=row.username,
                email=row.get("email"),
                password=row.password or None,
                password_hash=row.password_hash or None,
            )
        except ServiceError as error:  # a race with another write since validation
            raise PeopleImportError([RowProblem(row.line, error.field, str(error))]) from None
        if row.get("base_salary"):
            person_salary_set(
                actor=actor,
                person=person,
                base_salary=row.get("base_salary"),
                currency=row.get("currency"),
                market=row.get("market"),
            )
        person.initial_password = password
        created.append(person)
    for row, person in zip(rows, created, strict=True):
        if row.manager_row is not None:
            person.manager = created[row.manager_row]
            person.save(update_fields=["manager"])
    audit(
        actor,
        "people.imported",
        org_id=actor.org_id,
        subject=f"{len(created)} people",
        after={"usernames": [p.user.username for p in created]},
    )
    return created
