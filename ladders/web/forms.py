"""Page forms. Every choice comes from the framework; the forms only parse what was typed.

The rules (what a valid rating, kind or allocation is) live in the services, which report
problems as `ServiceError`; `show_service_error` puts each message on the field it names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Literal, get_args, get_origin

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html

from ladders.core import limits
from ladders.core.framework import Framework
from ladders.core.profile import EvidenceItem
from ladders.core.text import byte_size
from ladders.server.errors import ServiceError


def show_service_error(form: forms.Form, error: ServiceError, fields: dict[str, str] | None = None) -> None:
    """Attach a service's message to the form field it concerns, else to the whole form.

    A ratings form puts it beside the skill or section it names, in the words people read
    there (`Where my time went: ...`, `Error handling: ...`), never the raw input id.
    """
    field = (fields or {}).get(error.field, error.field)
    message = str(error)
    if isinstance(form, RatingsForm):
        message = _humane(message, form.human_names())
        if field in form.section_names:
            form.section_errors.setdefault(field, []).append(message)
            return
        skill = _single_skill(str(error), form.framework)
        if skill is not None:
            form.add_error(form.rating_field(skill), message)
            return
    form.add_error(field if field in form.fields else None, message)


def _humane(message: str, names: dict[str, str]) -> str:
    """`self_ratings.error_handling: ...` as `Error handling: ...`: each path by its last known name."""

    def name_of(match: re.Match[str]) -> str:
        for part in reversed(match.group(2).split(".")):
            if part in names:
                return f"{match.group(1)}{names[part]}:"
        return match.group(0)

    return re.sub(r"(^|; )([A-Za-z_][\w.-]*):", name_of, message)


def _single_skill(message: str, fw: Framework) -> str | None:
    """The one skill a ratings message is about, when it is about exactly one."""
    found = set(re.findall(r"_ratings\.([A-Za-z0-9_-]+)", message))
    if len(found) == 1 and (skill := found.pop()) in fw.skill_by_id:
        return skill
    return None


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's own copy of its choice field `name`, for setting the choices a framework gives.

    `form.fields` is typed as holding plain fields; this says which kind this one is.
    """
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


def _literal_values(annotation: Any) -> list[str]:
    """The values of a `Literal[...]` inside an optional annotation."""
    for arg in get_args(annotation) or (annotation,):
        if get_origin(arg) is Literal:
            return list(get_args(arg))
    return []


def _words(identifier: str) -> str:
    return identifier.replace("_", " ")


class SignInForm(forms.Form):
    username = forms.CharField(
        max_length=limits.USERNAME, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        max_length=4096, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class EvidenceFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, label="Kind")
    q = forms.CharField(required=False, max_length=limits.SEARCH_QUERY, label="Search")

    def __init__(self, fw: Framework, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", "All kinds"), *((k.id, k.name) for k in fw.evidence_kinds)]
        self.fields["q"].widget.attrs["type"] = "search"

    def values(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["kind"], self.cleaned_data["q"].strip()


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField()
    title = forms.CharField(max_length=limits.EVIDENCE_TITLE)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="YYYY-MM-DD")
    scope = forms.ChoiceField(help_text="How far the work reached.")
    users = forms.ChoiceField(required=False)
    outcome = forms.CharField(
        required=False,
        max_length=limits.EVIDENCE_OUTCOME,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What changed because of it. A number makes it measurable: 40%, 12 hours/week, 3x.",
    )
    skills = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    links = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="One address per line."
    )
    notes = forms.CharField(
        required=False,
        max_length=limits.NOTES,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown: **bold**, lists, links.",
    )

    def __init__(self, fw: Framework, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [(k.id, k.name) for k in fw.evidence_kinds]
        choice_field(self, "scope").choices = [(s, _words(s)) for s in fw.scopes]
        with_users = [k for k in fw.evidence_kinds if k.has_users]
        users = _literal_values(EvidenceItem.model_fields["users"].annotation)
        choice_field(self, "users").choices = [("", "Not applicable"), *((u, u) for u in users)]
        self.fields["users"].help_text = escape(
            "Who uses it. Only for: " + ", ".join(k.name for k in with_users) + "."
        )
        self.fields["users"].widget.attrs["data-kinds"] = " ".join(k.id for k in with_users)
        self.fields["kind"].widget.attrs["data-controls-users"] = "1"
        categories = {c.id: c.name for c in fw.category_list}
        choice_field(self, "skills").choices = [
            (categories[cid], [(s, fw.skill_by_id[s].name) for s in members])
            for cid, members in fw.skills_by_category.items()
            if members
        ]
        self.fields["skills"].help_text = "The skills this work shows."

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["date"] = data["date"].isoformat()
        return data

    @staticmethod
    def initial_from(item) -> dict[str, Any]:
        return {
            "kind": item.kind,
            "title": item.title,
            "date": item.date,
            "scope": item.scope,
            "users": item.users,
            "outcome": item.outcome,
            "skills": item.skills,
            "links": "\n".join(item.links or []),
            "notes": item.notes,
        }


NOT_RATED = "Not rated"


class RatingsForm(forms.Form):
    """One radio group per framework skill, each value labelled with that skill's rubric line.

    Every group starts with "Not rated": a skill left there is saved as unrated (left out
    of the ratings), never as the floor of the scale, so nobody is counted as agreeing about
    a skill neither of them rated.
    """

    # Inputs the services name that group several fields of a form: the error goes beside
    # the group (see `show_service_error`), under its human name.
    section_names: ClassVar[Mapping[str, str]] = {}

    def __init__(self, fw: Framework, *args, hints: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = fw
        self.section_errors: dict[str, list[str]] = {}
        scale = fw.rating_scale
        for skill in fw.skills:
            choices: list[tuple[Any, Any]] = [("", NOT_RATED)]
            for value in scale.values:
                line = skill.rubric.get(value.value, value.description)
                choices.append(
                    (value.value, format_html("<strong>{} {}</strong> {}", value.value, value.name, line))
                )
            self.fields[self.rating_field(skill.id)] = forms.TypedChoiceField(
                label=skill.name,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect(attrs={"class": "rating"}),
                help_text=escape((hints or {}).get(skill.id, skill.description)),
                initial="",
            )

    @staticmethod
    def rating_field(skill_id: str) -> str:
        return f"rating__{skill_id}"

    def initial_ratings(self, ratings: dict[str, int]) -> None:
        for skill_id, value in ratings.items():
            name = self.rating_field(skill_id)
            if name in self.fields:
                self.initial[name] = value

    def rating_groups(self) -> list[dict[str, Any]]:
        """The rating fields by skill category; a group holding an error is shown open."""
        fw = self.framework
        groups = []
        for category in fw.category_list:
            fields = [self[self.rating_field(s)] for s in fw.skills_by_category.get(category.id, [])]
            if fields:
                groups.append(
                    {"category": category, "fields": fields, "has_errors": any(f.errors for f in fields)}
                )
        return groups

    def ratings(self) -> dict[str, int]:
        """The skills given a rating; those left "Not rated" are left out."""
        values = {s.id: self.cleaned_data.get(self.rating_field(s.id)) for s in self.framework.skills}
        return {skill: value for skill, value in values.items() if value is not None}

    def human_names(self) -> dict[str, str]:
        """What people call each input a service may name: field labels, skills, activities."""
        fw = self.framework
        names = {name: str(field.label or _words(name)) for name, field in self.fields.items()}
        names.update(self.section_names)
        names.update({s.id: s.name for s in fw.skills})
        names.update({a.id: a.name for a in fw.activities})
        return names

    def problem_count(self) -> int:
        return len(self.errors) + sum(len(v) for v in self.section_errors.values())


class CheckInForm(RatingsForm):
    self_assessed_level = forms.ChoiceField(
        required=False, label="The level I think I am at", help_text="Compared with what the evidence shows."
    )
    notes = forms.CharField(required=False, max_length=limits.NOTES, widget=forms.Textarea(attrs={"rows": 5}))
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, fw: Framework, *args, **kwargs):
        super().__init__(fw, *args, **kwargs)
        choice_field(self, "self_assessed_level").choices = [
            ("", "Not saying"),
            *((lv.id, lv.name) for lv in fw.levels),
        ]
        for activity in fw.activities:
            self.fields[self.time_field(activity.id)] = forms.IntegerField(
                label=activity.name,
                required=False,
                min_value=0,
                max_value=100,
                widget=forms.NumberInput(attrs={"class": "percent", "inputmode": "numeric", "step": 1}),
            )

    section_names: ClassVar[Mapping[str, str]] = {"time_allocation": "Where my time went"}

    @staticmethod
    def time_field(activity_id: str) -> str:
        return f"time__{activity_id}"

    def initial_time(self, allocation: dict[str, float]) -> None:
        for activity_id, value in allocation.items():
            self.initial[self.time_field(activity_id)] = round(value) if value == round(value) else value

    def time_fields(self) -> list[forms.BoundField]:
        return [self[self.time_field(a)] for a in self.framework.activity_ids]

    def time_allocation(self) -> dict[str, float] | None:
        """None when every share is blank; otherwise blanks count as 0%."""
        values = {a: self.cleaned_data.get(self.time_field(a)) for a in self.framework.activity_ids}
        if all(v is None for v in values.values()):
            return None
        return {a: v or 0 for a, v in values.items()}


class CriteriaFields:
    """The criteria of a checklist ladder as one checkbox each, added to a check-in form.

    A ticked criterion keeps the evidence it cited before (the API records citations); a
    newly ticked one is self-asserted.
    """

    def __init__(self, form: forms.Form, fw: Framework, met: dict[str, list[str]]) -> None:
        self.form, self.framework, self.cited = form, fw, met
        for criterion in fw.criteria:
            form.fields[self.field(criterion.id)] = forms.BooleanField(
                required=False, label=criterion.text, help_text="; ".join(criterion.examples)
            )
            form.initial[self.field(criterion.id)] = criterion.id in met

    @staticmethod
    def field(criterion_id: str) -> str:
        return f"criterion__{criterion_id}"

    def groups(self) -> list[dict[str, object]]:
        """Per topic (in category order), per level (in ladder order), the bound checkboxes."""
        out = []
        for category in self.framework.category_list:
            levels = []
            for level in self.framework.levels:
                members = self.framework.criteria_of(level.id).get(category.id, [])
                if members:
                    fields = [self.form[self.field(c.id)] for c in members]
                    levels.append({"level": level, "fields": fields})
            if levels:
                out.append({"topic": category, "levels": levels})
        return out

    def met(self) -> dict[str, list[str]]:
        data = self.form.cleaned_data
        return {
            c.id: list(self.cited.get(c.id, []))
            for c in self.framework.criteria
            if data.get(self.field(c.id))
        }


class SignOffForm(RatingsForm):
    manager_notes = forms.CharField(
        required=False,
        max_length=limits.NOTES,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Notes for the record",
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)


class MaturityForm(forms.Form):
    def __init__(self, fw: Framework, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = fw
        model = fw.maturity
        levels = model.levels if model else []
        for phase in model.phases if model else []:
            self.fields[f"phase__{phase.id}"] = forms.TypedChoiceField(
                label=phase.name,
                help_text=escape(phase.description or ""),
                coerce=int,
                choices=[
                    (lv.value, format_html("<strong>{} {}</strong> {}", lv.value, lv.name, lv.description))
                    for lv in levels
                ],
                widget=forms.RadioSelect(attrs={"class": "rating"}),
            )

    def phases(self) -> dict[str, int]:
        return {name.removeprefix("phase__"): value for name, value in self.cleaned_data.items()}


class TextOrFileForm(forms.Form):
    """Paste the text or pick a file: the file wins when both are given."""

    file = forms.FileField(required=False)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}))
    max_bytes = limits.YAML_BYTES  # each form names its own limit

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("file")
        if upload is not None:
            if upload.size > self.max_bytes:
                raise ValidationError(f"The file is larger than {byte_size(self.max_bytes)}.")
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", "The file is not UTF-8 text.")
                return data
            data["source"] = upload.name
        elif not (data.get("text") or "").strip():
            raise ValidationError("Choose a file or paste the text.")
        else:
            data["source"] = "pasted text"
        return data


class FrameworkUploadForm(TextOrFileForm):
    file = forms.FileField(required=False, label="Framework file (YAML)")
    text = forms.CharField(
        required=False,
        label="Or paste the YAML",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
    activate = forms.BooleanField(required=False, initial=True, label="Make it the active framework")
    max_bytes = limits.YAML_BYTES  # the YAML loader's own limit, so the form never refuses less


class PeopleImportForm(TextOrFileForm):
    max_bytes = limits.CSV_BYTES

    file = forms.FileField(required=False, label="People file (CSV)")
    text = forms.CharField(
        required=False,
        label="Or paste the CSV",
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )


def _amount_text(value) -> str:
    return str(value).removesuffix(".00")


class BandForm(forms.Form):
    """A salary band. Editing keeps its level, market and currency: those name the band."""

    level = forms.ChoiceField()
    market = forms.CharField(max_length=80, help_text="The market's id, as on people's records: us, berlin.")
    currency = forms.CharField(max_length=10, help_text="ISO 4217, three capitals: USD, EUR.")
    min = forms.CharField(
        label="Minimum", max_length=30, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    max = forms.CharField(
        label="Maximum", max_length=30, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    source = forms.CharField(
        required=False, max_length=500, help_text="Where the figures come from, e.g. a survey and its year."
    )

    def __init__(self, fw: Framework, *args, band=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = fw
        choices = [(level.id, level.name) for level in fw.levels]
        if band is not None and band.level not in fw.level_index:
            choices.append((band.level, band.level))  # a level the active framework dropped
        choice_field(self, "level").choices = choices
        if band is not None:
            for name in ("level", "market", "currency"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Part of the band's name; delete the band to change it."
            self.initial.update(
                level=band.level,
                market=band.market,
                currency=band.currency,
                min=_amount_text(band.min),
                max=_amount_text(band.max),
                source=band.source,
            )

    def describe(self, band) -> str:
        level = self.framework.level_by_id.get(band.level)
        return f"{level.name if level else band.level} {band.market} {band.currency}"


class PeopleFilterForm(forms.Form):
    """The people admin's search and filters; the choices come from the organisation."""

    q = forms.CharField(required=False, max_length=limits.SEARCH_QUERY, label="Search")
    team = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Team")
    manager = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Manager")
    level = forms.ChoiceField(required=False, label="Level")
    active = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "Everyone"), ("yes", "Active"), ("no", "Deactivated")],
    )

    def __init__(self, data, *, teams, managers, levels):
        super().__init__(data)
        choice_field(self, "team").choices = [("", "Any team"), *((t.pk, t.name) for t in teams)]
        choice_field(self, "manager").choices = [("", "Anyone"), *((p.pk, p.name) for p in managers)]
        choice_field(self, "level").choices = [("", "Any level"), *((lv.id, lv.name) for lv in levels)]

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments; an invalid filter is left out rather than guessed."""
        data = self.cleaned_data if self.is_valid() else {}
        active = {"yes": True, "no": False}.get(data.get("active") or "")
        return {
            "q": data.get("q") or "",
            "team_id": data.get("team"),
            "manager_id": data.get("manager"),
            "level": data.get("level") or "",
            "active": active,
        }


class PersonEditForm(forms.Form):
    name = forms.CharField(max_length=limits.PERSON_NAME)
    title = forms.CharField(required=False, max_length=limits.JOB_TITLE, label="Job title")
    email = forms.EmailField(required=False, max_length=limits.EMAIL)
    team = forms.CharField(
        required=False, max_length=limits.TEAM_NAME, help_text="A team name; a new name makes a new team."
    )
    manager = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, managers, initial=None):
        super().__init__(data, initial=initial)
        choice_field(self, "manager").choices = [("", "No manager"), *((p.pk, p.name) for p in managers)]


class SalaryForm(forms.Form):
    base_salary = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        label="Yearly base salary",
        help_text="Leave empty to clear the pay record.",
    )
    currency = forms.CharField(required=False, max_length=3, help_text="3 letters, such as USD or EUR.")
    market = forms.ChoiceField(required=False, help_text="A market your salary bands name.")

    def __init__(self, data=None, *, markets, initial=None):
        super().__init__(data, initial=initial)
        choice_field(self, "market").choices = [("", "–"), *((m, m) for m in markets)]


class InviteForm(forms.Form):
    name = forms.CharField(max_length=limits.PERSON_NAME)
    email = forms.EmailField(max_length=limits.EMAIL)
    role = forms.ChoiceField()
    title = forms.CharField(required=False, max_length=limits.JOB_TITLE, label="Job title")
    team = forms.CharField(required=False, max_length=limits.TEAM_NAME)
    manager = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, managers, roles):
        super().__init__(data)
        choice_field(self, "role").choices = roles
        choice_field(self, "manager").choices = [("", "No manager"), *((p.pk, p.name) for p in managers)]


class AuditFilterForm(forms.Form):
    person = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="About")
    actor = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="By")
    action = forms.ChoiceField(required=False)
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="Until", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, people, actions):
        super().__init__(data)
        people_choices = [(p.pk, p.name) for p in people]
        choice_field(self, "person").choices = [("", "Anyone"), *people_choices]
        choice_field(self, "actor").choices = [("", "Anyone"), *people_choices]
        choice_field(self, "action").choices = [("", "Any action"), *((a, a) for a in actions)]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "person_id": data.get("person"),
            "actor_id": data.get("actor"),
            "action": data.get("action") or "",
            "since": data.get("since"),
            "until": data.get("until"),
        }
