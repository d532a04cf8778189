"""The evidence inbox: suggestions from `ladders evidence suggest`, accepted or rejected one by one.

`POST /people/{id}/suggestions` takes the JSON `ladders evidence suggest --format json` writes
(or sends with `--post`); suggestions already received or decided are not added again.
Accepting creates one evidence item that keeps the suggestion's source.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from ninja import Field, Path, Query, Router, Schema, Status

from ladders.api.errors import error_responses
from ladders.api.evidence import EvidenceOut, Outcome, Title
from ladders.api.inputs import StrictIn
from ladders.api.lookups import MAX_ID, person_id_path, person_in_reach
from ladders.api.pagination import PageIn, page_of
from ladders.core import limits
from ladders.core.rules import Id
from ladders.core.suggestions import Suggestion
from ladders.core.validation import Day
from ladders.leveling.inbox import suggestion_in_reach, suggestions_pending
from ladders.leveling.services.suggestions import suggestion_accept, suggestion_reject, suggestions_receive

router = Router(tags=["evidence inbox"])


def suggestion_id_path() -> Any:
    return Path(..., ge=1, le=MAX_ID, description="The inbox record's `id` (not the suggestion's stable id).")


class SuggestionsIn(StrictIn):
    suggestions: Annotated[list[Suggestion], Field(max_length=limits.EVIDENCE_SUGGESTIONS)] = Field(
        description="As `ladders evidence suggest --format json` writes them."
    )


class ReceivedOut(Schema):
    added: int = Field(description="New suggestions now in the inbox.")
    known: int = Field(description="Suggestions already received, accepted or rejected: not added again.")


class SuggestionOut(Schema):
    id: int
    suggestion_id: str = Field(description="The stable id derived from the source.")
    kind: str
    title: str
    date: date
    state: str
    data: dict[str, Any] = Field(description="The whole suggestion: source, confidence, why, quotes.")


class AcceptIn(StrictIn):
    """Changes to the suggestion before it becomes evidence; every key is optional."""

    kind: Id | None = None
    title: Title | None = None
    date: Day | None = None
    outcome: Outcome | None = None
    skills: list[Id] | None = Field(None, max_length=100)


class SuggestionListOut(Schema):
    """One page of a person's pending suggestions, in the shape of every list."""

    count: int
    limit: int
    offset: int
    items: list[SuggestionOut]


@router.get(
    "/people/{person_id}/suggestions",
    response={200: SuggestionListOut, **error_responses(403, 404, 422)},
    operation_id="suggestions_list",
    summary="A person's pending evidence suggestions, newest first",
)
def suggestions_list(request, page: Query[PageIn], person_id: int = person_id_path()):
    person = person_in_reach(request.auth, person_id)
    return page_of(suggestions_pending(person), page)


@router.post(
    "/people/{person_id}/suggestions",
    response={200: ReceivedOut, **error_responses(400, 403, 404, 422)},
    operation_id="suggestions_receive",
    summary="Put evidence suggestions in a person's inbox",
    description="Those who may add evidence for the person may send suggestions; ids already "
    "received or decided are counted as known and not added again.",
)
def suggestions_post(request, payload: SuggestionsIn, person_id: int = person_id_path()):
    person = person_in_reach(request.auth, person_id)
    added, known = suggestions_receive(actor=request.auth, person=person, suggestions=payload.suggestions)
    return {"added": added, "known": known}


@router.post(
    "/suggestions/{suggestion_id}/accept",
    response={200: EvidenceOut, **error_responses(400, 403, 404, 409, 422)},
    operation_id="suggestion_accept",
    summary="Accept a suggestion: it becomes one evidence item with its source",
    description="Accepting again returns the same item; a rejected suggestion is a 409.",
)
def suggestion_accept_route(request, payload: AcceptIn, suggestion_id: int = suggestion_id_path()):
    row = suggestion_in_reach(request.auth, suggestion_id)
    changes = payload.model_dump(exclude_none=True)
    return suggestion_accept(actor=request.auth, suggestion=row, changes=changes)


@router.post(
    "/suggestions/{suggestion_id}/reject",
    response={204: None, **error_responses(403, 404, 409, 422)},
    operation_id="suggestion_reject",
    summary="Reject a suggestion for good",
)
def suggestion_reject_route(request, suggestion_id: int = suggestion_id_path()):
    row = suggestion_in_reach(request.auth, suggestion_id)
    suggestion_reject(actor=request.auth, suggestion=row)
    return Status(204, None)
