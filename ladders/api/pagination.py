"""Limit/offset pages for list operations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema

from ladders.core.limits import PAGE_SIZE

MAX_PAGE = 200


class PageIn(Schema):
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE, description=f"How many items to return (1-{MAX_PAGE}).")
    offset: int = Field(0, ge=0, le=1_000_000, description="How many items to skip.")


def page_of(items: QuerySet | list, page: PageIn) -> dict[str, Any]:
    """One page of `items` with the total count, in the shape every list operation returns."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "items": list(items[page.offset : page.offset + page.limit]),
    }
