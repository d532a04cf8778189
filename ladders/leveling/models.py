"""What leveling stores. Rules are never here: they come from the framework via ladders.core."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from ladders.accounts.models import Organisation, Person, Team
from ladders.core import limits


class FrameworkVersion(models.Model):
    """An uploaded framework file; exactly one per organisation is active."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="frameworks")
    framework_id = models.CharField(max_length=limits.ID)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    content_hash = models.CharField(max_length=80)
    yaml_text = models.TextField()
    active = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org"], condition=Q(active=True), name="one_active_framework_per_org"
            ),
            models.UniqueConstraint(fields=["org", "content_hash"], name="framework_hash_unique_in_org"),
        ]
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class Evidence(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="evidence")
    slug = models.CharField(max_length=limits.ID, help_text="The evidence id that checks cite.")
    kind = models.CharField(max_length=limits.ID)
    title = models.CharField(max_length=limits.EVIDENCE_TITLE)
    date = models.DateField()
    scope = models.CharField(max_length=limits.ID)
    users = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=limits.EVIDENCE_OUTCOME, blank=True)
    skills = models.JSONField(default=list, blank=True)
    links = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True, help_text="Markdown; rendered sanitised.")
    source = models.JSONField(
        default=dict, blank=True, help_text="Where an accepted suggestion came from (core EvidenceSource)."
    )
    author = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "slug"], name="evidence_slug_unique_per_person")
        ]
        ordering = ["-date", "-id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title


class SuggestionState(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class EvidenceSuggestion(models.Model):
    """One suggestion in a person's evidence inbox; its stable id keeps a rescan from adding it twice."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="evidence_suggestions")
    suggestion_id = models.CharField(max_length=limits.ID)
    kind = models.CharField(max_length=limits.ID)
    title = models.CharField(max_length=limits.EVIDENCE_TITLE)
    date = models.DateField()
    data = models.JSONField(
        help_text="The whole suggestion, as `ladders evidence suggest --format json` writes it."
    )
    state = models.CharField(max_length=20, choices=SuggestionState.choices, default=SuggestionState.PENDING)
    evidence = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "suggestion_id"], name="suggestion_unique_per_person")
        ]
        ordering = ["-date", "suggestion_id"]

    def __str__(self) -> str:
        return self.title


class CheckInStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    SIGNED_OFF = "signed_off", "Signed off"


class CheckIn(models.Model):
    """A quarterly check-in: self and manager ratings, time allocation, notes."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="checkins")
    quarter = models.CharField(max_length=7, help_text="YYYY-Qn")
    status = models.CharField(max_length=20, choices=CheckInStatus.choices, default=CheckInStatus.DRAFT)
    self_ratings = models.JSONField(default=dict, blank=True)
    manager_ratings = models.JSONField(default=dict, blank=True)
    time_allocation = models.JSONField(null=True, blank=True)
    criteria = models.JSONField(
        default=dict, blank=True, help_text="Met criteria of a checklist ladder: id to cited evidence ids."
    )
    self_assessed_level = models.CharField(max_length=limits.ID, blank=True)
    notes = models.TextField(blank=True)
    manager_notes = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, help_text="Bumped on every save; detects stale edits.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "quarter"], name="one_checkin_per_quarter")]
        ordering = ["-quarter"]
        # The team page lists the submitted check-ins of everyone visible: few among many.
        indexes = [models.Index(fields=["status", "quarter"], name="checkin_status_quarter")]

    def __str__(self) -> str:
        return f"{self.person} {self.quarter}"


class AssessmentSnapshot(models.Model):
    """A frozen assessment: the core result as it was, with the framework that produced it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="snapshots")
    checkin = models.OneToOneField(
        CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="snapshot"
    )
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="snapshots")
    framework_hash = models.CharField(max_length=80)
    as_of = models.DateField()
    level = models.CharField(max_length=limits.ID)
    result = models.JSONField()
    evidence = models.JSONField(
        default=dict,
        blank=True,
        help_text="Each evidence id the result cites, as it was when frozen (title, kind, date, "
        "outcome, scope); pages show this, never the live record, so later edits rewrite nothing.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["person", "as_of"])]


class MaturityAssessment(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="maturity_assessments")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField()
    level = models.PositiveSmallIntegerField()
    result = models.JSONField()
    framework_hash = models.CharField(max_length=80)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]


class AuditEvent(models.Model):
    """An append-only record of a change to ratings, levels, evidence or frameworks."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_trail"
    )
    action = models.CharField(max_length=60)
    subject = models.CharField(max_length=120, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)


class SalaryBand(models.Model):
    """An organisation's pay range for one level in one market and currency (its own data)."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="salary_bands")
    level = models.CharField(max_length=limits.ID, help_text="A level id of the active framework.")
    market = models.CharField(max_length=limits.ID)
    currency = models.CharField(max_length=3, help_text="ISO 4217 code in capitals, e.g. USD.")
    min = models.DecimalField(max_digits=12, decimal_places=2)
    max = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(max_length=500, blank=True, help_text="Where the figures come from.")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org", "level", "market", "currency"], name="one_band_per_level_market_currency"
            ),
            models.CheckConstraint(condition=Q(min__lte=models.F("max")), name="band_min_not_above_max"),
        ]
        ordering = ["market", "currency", "min"]

    def __str__(self) -> str:
        return f"{self.level} {self.market} {self.currency} {self.min}-{self.max}"


class LiveAssessment(models.Model):
    """A person's current assessment, kept so pages and the API need not recompute it.

    Every service that changes an input (evidence, check-ins, maturity) deletes the row;
    the next read recomputes it. A row made under another framework or on an earlier day
    is stale by definition and is recomputed too.
    """

    person = models.OneToOneField(
        Person, primary_key=True, on_delete=models.CASCADE, related_name="live_assessment"
    )
    framework_hash = models.CharField(max_length=80)
    as_of = models.DateField()
    level = models.CharField(max_length=limits.ID)
    pitfalls = models.JSONField(default=list, blank=True)
    result = models.JSONField()
    computed = models.DateTimeField(auto_now=True)


class FactsRecord(models.Model):
    """What the rules read about one person (ratings, evidence features) as one packed record.

    A cache of the rows, never a second source of truth: rewritten after every change to a
    person's evidence or check-ins (`ladders.leveling.facts`), refused when it was packed
    for another framework, and rebuilt by `ladders facts rebuild`. Org-wide reads (the
    framework what-if, calibration levels) decode every record at once for the batch engine.
    """

    person = models.OneToOneField(Person, primary_key=True, on_delete=models.CASCADE, related_name="facts")
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    framework_hash = models.CharField(max_length=80, help_text="The framework the record was packed for.")
    checkin_quarter = models.CharField(
        max_length=7, blank=True, help_text="The check-in whose ratings the record holds (YYYY-Qn)."
    )
    latest_evidence = models.DateField(null=True, blank=True, help_text="The newest evidence date packed.")
    record = models.BinaryField()
    written = models.DateTimeField(auto_now=True)
    # The team page's columns (`ladders.leveling.team_levels`): what the record reaches on
    # `assessed_on`, so the page filters, sorts and counts in SQL. A level depends on the day
    # through evidence dates only, so it holds until `valid_until` and is reassessed then.
    level_rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Index in the framework's levels of the level reached."
    )
    next_checks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Failing checks of the next level; empty at the top."
    )
    assessed_on = models.DateField(null=True, blank=True, help_text="The day `level_rank` was assessed for.")
    valid_until = models.DateField(
        null=True, blank=True, help_text="The first later day an evidence date could change `level_rank`."
    )

    class Meta:
        # The team page joins every visible person to these columns: from the index alone,
        # without reading the packed records.
        indexes = [
            models.Index(
                fields=[
                    "person",
                    "framework_hash",
                    "assessed_on",
                    "valid_until",
                    "level_rank",
                    "next_checks",
                ],
                name="facts_team_levels",
            )
        ]


class CalibrationRecord(models.Model):
    """What calibration reads about one person besides their level: a cache of the rows.

    The ratings of the latest signed-off check-in (self and manager, packed against the
    active framework's skills by `ladders.core.calibration_arrays`), who signed it off, and
    the end of the person's level history (the latest frozen level and since when it has
    held). Rewritten after every save or delete of a check-in or snapshot and when a
    framework is activated (`ladders.leveling.calibration_store`); refused when packed for
    another framework. The person's own fields (name, level, level_since, manager, team)
    are never copied here: calibration reads them from the person, so editing a person
    leaves nothing stale.
    """

    person = models.OneToOneField(
        Person, primary_key=True, on_delete=models.CASCADE, related_name="calibration_record"
    )
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    framework_hash = models.CharField(max_length=80, help_text="The framework the ratings were packed for.")
    quarter = models.CharField(
        max_length=7, blank=True, help_text="The latest signed-off check-in (YYYY-Qn)."
    )
    signed_off_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ratings = models.BinaryField(help_text="Self then manager rating per framework skill, packed.")
    history_level = models.CharField(max_length=limits.ID, blank=True, help_text="The latest frozen level.")
    history_since = models.DateField(
        null=True, blank=True, help_text="The first as_of of the latest run of that level in the history."
    )
    written = models.DateTimeField(auto_now=True)


class ImportState(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class JobProgress:
    """How far a background job (an import, an export, a rewrite, a cycle's opening) has got.

    For models with `state` (an `ImportState`), `done` and `total`: the pages and the API show
    the same percentage, and a finished job shows 100 whatever its counts say.
    """

    state: str
    done: int
    total: int

    @property
    def finished_running(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.finished_running else (100 * self.done // self.total if self.total else 0)


class PeopleImport(JobProgress, models.Model):
    """One CSV import of people, run by the background worker (`ladders.leveling.tasks`).

    The page polls this row: its state, its stage and how far the stage has got. The CSV is
    kept only until the worker has read it; the generated passwords only until the admin who
    started the import has seen them once.
    """

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people_imports")
    started_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    stage = models.CharField(max_length=60, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True, help_text="The CSV, emptied once the worker has read it.")
    problems = models.JSONField(default=list, blank=True, help_text="[row, column, message] each.")
    people = models.JSONField(
        default=list, blank=True, help_text="Who was created; passwords are erased once shown."
    )
    passwords_shown = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"people import {self.pk} ({self.state})"


class ExportKind(models.TextChoices):
    CALIBRATION = "calibration", "Calibration table"
    PARTICIPATION = "participation", "Cycle participation"
    AUDIT = "audit", "Audit log"


class Export(JobProgress, models.Model):
    """One CSV export too large for a web request, built by the background worker.

    The file is built with the requester as the viewer, through the very functions the
    synchronous download uses, so it holds exactly what they could have downloaded; only
    they may fetch it, and only while they still have the right and until `expires`.
    """

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    parameters = models.JSONField(default=dict, blank=True, help_text="The download's filters.")
    filename = models.CharField(max_length=120)
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    stage = models.CharField(max_length=60, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0, help_text="The rows expected when it was queued.")
    rows = models.PositiveIntegerField(default=0, help_text="The rows of the finished file.")
    content = models.TextField(blank=True, help_text="The CSV, emptied when the export expires.")
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} export {self.pk} ({self.state})"


class FactsRebuild(JobProgress, models.Model):
    """One rewrite of an organisation's facts records, after a framework version was activated.

    Queued by the activation and run by the background worker (or run directly by `ladders
    facts rebuild`); the admins' framework page follows it. Until it is done the org-wide
    reads rewrite any record they find stale, so it makes them fast again, never correct.
    """

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="facts_rebuilds")
    started_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    framework_hash = models.CharField(max_length=80, help_text="The framework active when it was queued.")
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    stage = models.CharField(max_length=80, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"facts rebuild {self.pk} ({self.state})"
