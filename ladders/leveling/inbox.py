"""Reads of the evidence inbox: a person's pending suggestions, for whoever may edit their evidence."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ladders.accounts.models import Person
from ladders.accounts.permissions import can_edit_evidence_of
from ladders.accounts.selectors import person_for_viewer
from ladders.leveling.frameworks import active_framework
from ladders.leveling.models import EvidenceSuggestion, SuggestionState


def suggestions_pending(person: Person) -> QuerySet[EvidenceSuggestion]:
    return EvidenceSuggestion.objects.filter(person=person, state=SuggestionState.PENDING)


def inbox_for_editor(*, viewer: Person, person_id: int) -> dict[str, Any]:
    """The person (404 unless the viewer may edit their evidence), their framework and pending suggestions."""
    person = person_for_viewer(viewer, person_id)
    if not can_edit_evidence_of(viewer, person):
        raise Http404("No such person.")
    _, fw = active_framework(person.org)
    pending = list(suggestions_pending(person))
    decided = EvidenceSuggestion.objects.filter(person=person).exclude(state=SuggestionState.PENDING).count()
    return {"person": person, "framework": fw, "suggestions": pending, "decided": decided}


def suggestion_in_reach(viewer: Person, suggestion_id: int) -> EvidenceSuggestion:
    """One suggestion whose person the viewer may edit evidence of; 404 otherwise, as for an absent id."""
    owner_id = EvidenceSuggestion.objects.filter(pk=suggestion_id).values_list("person_id", flat=True).first()
    if owner_id is None:
        raise Http404("No such suggestion.")
    try:
        owner = person_for_viewer(viewer, owner_id)
    except Http404:
        raise Http404("No such suggestion.") from None
    if not can_edit_evidence_of(viewer, owner):
        raise Http404("No such suggestion.")
    return EvidenceSuggestion.objects.get(pk=suggestion_id)
