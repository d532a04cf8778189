"""Every write of a cycle: create (scheduled or open), open, close, and enrol someone who joins.

Admins only (`can_manage_cycles`), one transaction each, audited. Opening gives everyone in
scope a check-in for the cycle's quarter (an empty draft, or the one they already have);
closing records where each person stood, so what was signed off stays as it was and what
was not is listed, never dropped.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from ladders.accounts.models import Organisation, Person, Team
from ladders.accounts.permissions import can_manage_cycles
from ladders.core import limits
from ladders.core.cycles import CycleDates, CycleState, cycle_dates_problems, standing, state_on_creation
from ladders.core.dates import checkin_quarter_problem
from ladders.core.text import text_problem
from ladders.cycles.models import Channel, Cycle, MailPreference, OrgWebhook, Participant
from ladders.leveling.audit import audit
from ladders.leveling.models import CheckIn
from ladders.server.errors import Conflict, Forbidden, Invalid


def _allowed(actor: Person | None, org: Organisation) -> None:
    if actor is not None and (actor.org_id != org.pk or not can_manage_cycles(actor)):
        raise Forbidden("only an admin of the organisation opens and closes cycles")


def cycle_dates(cycle: Cycle) -> CycleDates:
    return CycleDates(cycle.opens_on, cycle.self_review_due, cycle.sign_off_due)


def in_scope(cycle: Cycle) -> QuerySet[Person]:
    people = Person.objects.filter(org_id=cycle.org_id, user__is_active=True)
    return people if cycle.whole_org else people.filter(team__in=cycle.teams.all())


@transaction.atomic
def cycle_create(
    *,
    actor: Person | None,
    org: Organisation,
    name: str,
    quarter: str,
    opens_on: date,
    self_review_due: date,
    sign_off_due: date,
    teams: list[Team] | None = None,
    today: date | None = None,
    background: bool = True,
) -> Cycle:
    """A new cycle; it opens at once when its open date has come, else it waits, scheduled.

    `teams` empty or None means the whole organisation. The quarter is the current one or
    an earlier one (a check-in is never for a quarter that has not begun). With
    `background`, a cycle over more than `CYCLE_OPEN_SYNC_PEOPLE` people is left
    "opening" for the worker (`ladders.cycles.opening`); the CLI opens it in-process.
    """
    _allowed(actor, org)
    today = today or timezone.localdate()
    name = name.strip()
    if problem := text_problem(name, limit=limits.CYCLE_NAME):
        raise Invalid(f"name: {problem}", field="name")
    if not name:
        raise Invalid("name: a name is required, such as 2027-Q1", field="name")
    if problem := checkin_quarter_problem(quarter, today=max(today, opens_on)):
        raise Invalid(f"quarter: {problem}", field="quarter")
    dates = CycleDates(opens_on, self_review_due, sign_off_due)
    for field, problem in cycle_dates_problems(dates):
        raise Invalid(f"{field}: {problem}", field=field)
    for team in teams or []:
        if team.org_id != org.pk:
            raise Invalid("teams: a team of another organisation", field="teams")
    if Cycle.objects.filter(org=org, name=name).exists():
        raise Conflict(f"a cycle named '{name}' exists already", field="name")
    if overlap := _overlapping(org, quarter, teams or []):
        raise Conflict(
            f"the cycle {overlap.name} asks the same people for {quarter} already", field="quarter"
        )
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(
                org=org,
                name=name,
                quarter=quarter,
                opens_on=opens_on,
                self_review_due=self_review_due,
                sign_off_due=sign_off_due,
                whole_org=not teams,
                created_by=actor,
            )
    except IntegrityError:
        raise Conflict(f"a cycle named '{name}' exists already", field="name") from None
    if teams:
        cycle.teams.set(teams)
    audit(
        actor,
        "cycle.created",
        org_id=org.pk,
        subject=name,
        after={
            "quarter": quarter,
            "opens_on": str(opens_on),
            "self_review_due": str(self_review_due),
            "sign_off_due": str(sign_off_due),
            "teams": sorted(t.name for t in teams or []),
        },
    )
    if state_on_creation(opens_on, today=today) == CycleState.OPEN:
        _open(actor, cycle, background=background)
    return cycle


def _overlapping(org: Organisation, quarter: str, teams: list[Team]) -> Cycle | None:
    """Another cycle of the quarter that would ask some of the same people, if any."""
    others = Cycle.objects.filter(org=org, quarter=quarter).prefetch_related("teams")
    wanted = {team.pk for team in teams}
    for other in others:
        if other.whole_org or not wanted or wanted & {team.pk for team in other.teams.all()}:
            return other
    return None


def cycle_enrol(cycle: Cycle, person: Person) -> Participant:
    """A place in the cycle and a check-in for its quarter (the person's own, if they have one)."""
    checkin = CheckIn.objects.filter(person=person, quarter=cycle.quarter).first()
    if checkin is None:
        checkin = CheckIn.objects.get_or_create(person=person, quarter=cycle.quarter)[0]
    place, created = Participant.objects.get_or_create(
        cycle=cycle, person=person, defaults={"checkin": checkin}
    )
    if not created and place.checkin_id is None:
        place.checkin = checkin
        place.save(update_fields=["checkin"])
    return place


def _open(actor: Person | None, cycle: Cycle, *, background: bool = False) -> Cycle:
    if background and in_scope(cycle).count() > limits.CYCLE_OPEN_SYNC_PEOPLE:
        from ladders.cycles.opening import cycle_opening_queue

        return cycle_opening_queue(actor=actor, cycle=cycle)
    people = list(in_scope(cycle))
    for person in people:
        cycle_enrol(cycle, person)
    cycle.state = CycleState.OPEN
    cycle.opened_at = timezone.now()
    cycle.save(update_fields=["state", "opened_at"])
    audit(actor, "cycle.opened", org_id=cycle.org_id, subject=cycle.name, after={"people": len(people)})
    return cycle


@transaction.atomic
def cycle_open(*, actor: Person | None, cycle: Cycle, background: bool = True) -> Cycle:
    """Open a scheduled cycle now (before its open date, if the admin wants); a large one is
    left "opening" for the worker, as in `cycle_create`."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _allowed(actor, cycle.org)
    if cycle.state != CycleState.SCHEDULED:
        raise Conflict(f"the cycle {cycle.name} is {cycle.state}; only a scheduled cycle can be opened")
    if problem := checkin_quarter_problem(cycle.quarter, today=timezone.localdate()):
        raise Conflict(f"the cycle {cycle.name} cannot open yet: {problem}")
    return _open(actor, cycle, background=background)


def cycles_open_due(*, today: date) -> list[Cycle]:
    """Open every scheduled cycle whose open date has come (what `ladders remind` does first)."""
    opened = []
    for cycle in Cycle.objects.filter(state=CycleState.SCHEDULED, opens_on__lte=today).order_by("pk"):
        with transaction.atomic():
            locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
            if locked.state == CycleState.SCHEDULED and not checkin_quarter_problem(
                locked.quarter, today=today
            ):
                opened.append(_open(None, locked))
    return opened


@transaction.atomic
def cycle_close(*, actor: Person | None, cycle: Cycle, today: date | None = None) -> list[Participant]:
    """Close an open cycle; returns the places that were not signed off, which stay listed."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _allowed(actor, cycle.org)
    if cycle.state != CycleState.OPEN:
        raise Conflict(f"the cycle {cycle.name} is {cycle.state}; only an open cycle can be closed")
    today = today or timezone.localdate()
    unsigned = []
    places = list(Participant.objects.filter(cycle=cycle).select_related("checkin", "person"))
    for place in places:
        place.closed_standing = standing(
            status=place.checkin.status if place.checkin else None,
            started=started(place.checkin),
            dates=cycle_dates(cycle),
            today=today,
            closed=True,
        ).value
        if place.closed_standing != "signed_off":
            unsigned.append(place)
    Participant.objects.bulk_update(places, ["closed_standing"])
    cycle.state = CycleState.CLOSED
    cycle.closed_at = timezone.now()
    cycle.save(update_fields=["state", "closed_at"])
    audit(
        actor,
        "cycle.closed",
        org_id=cycle.org_id,
        subject=cycle.name,
        after={
            "signed_off": len(places) - len(unsigned),
            "not_signed_off": [p.person.name for p in unsigned],
        },
    )
    return unsigned


def started(checkin: CheckIn | None) -> bool:
    """Whether a draft holds anything its author wrote (what "draft" means, against "not started")."""
    if checkin is None:
        return False
    return bool(
        checkin.self_ratings or checkin.time_allocation or checkin.notes or checkin.self_assessed_level
    )


def cycle_enrol_new_person(*, person: Person) -> list[Participant]:
    """Someone who joins while cycles are open gets a place (and a check-in) in each in scope."""
    places = []
    today = timezone.localdate()
    # An opening cycle too: the worker may have enrolled everyone it saw before this person came.
    states = (CycleState.OPEN, CycleState.OPENING)
    for cycle in Cycle.objects.filter(org_id=person.org_id, state__in=states):
        fits = cycle.whole_org or (person.team_id and cycle.teams.filter(pk=person.team_id).exists())
        if fits and checkin_quarter_problem(cycle.quarter, today=today) is None:
            places.append(cycle_enrol(cycle, person))
    return places


@transaction.atomic
def mail_preferences_save(
    *, actor: Person, reminders: bool, submitted: bool, signed_off: bool
) -> MailPreference:
    """The caller's own choice of mails."""
    found, _ = MailPreference.objects.update_or_create(
        person=actor, defaults={"reminders": reminders, "submitted": submitted, "signed_off": signed_off}
    )
    audit(
        actor,
        "mail.preferences",
        org_id=actor.org_id,
        person=actor,
        after={"reminders": reminders, "submitted": submitted, "signed_off": signed_off},
    )
    return found


def webhook_problem(url: str) -> str | None:
    """Why `url` cannot be a webhook: https, or http to this machine only (for trying one out)."""
    from urllib.parse import urlsplit

    if problem := text_problem(url, limit=limits.WEBHOOK_URL):
        return problem
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port out of range raises here)
    except ValueError:
        return "not a web address"
    if not parts.hostname:
        return "write the whole address, starting https://"
    if parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost", "::1"}
    ):
        return None
    return "a webhook address starts https:// (http:// only to this machine, for trying one out)"


@transaction.atomic
def webhook_set(*, actor: Person, channel: str, url: str) -> OrgWebhook | None:
    """Set (or, with an empty url, remove) the organisation's incoming webhook."""
    if not can_manage_cycles(actor):
        raise Forbidden("only an admin sets the organisation's webhook")
    url = url.strip()
    if not url:
        deleted, _ = OrgWebhook.objects.filter(org_id=actor.org_id).delete()
        if deleted:
            audit(actor, "webhook.removed", org_id=actor.org_id)
        return None
    if channel not in {Channel.SLACK, Channel.TEAMS}:
        raise Invalid("channel: choose slack or teams", field="channel")
    if problem := webhook_problem(url):
        raise Invalid(f"url: {problem}", field="url")
    hook, _ = OrgWebhook.objects.update_or_create(
        org_id=actor.org_id, defaults={"channel": channel, "url": url}
    )
    audit(actor, "webhook.set", org_id=actor.org_id, after={"channel": channel})
    return hook
