"""Absolute links for mails and webhooks: `LADDERS_BASE_URL`, else where `ladders serve` listens.

A message read outside the browser needs the whole address. Without `LADDERS_BASE_URL` the
links use the address `ladders serve` was started on (it records it in
`LADDERS_SERVED_AT`), or `http://localhost:8000`, and `base_url_warning` says so.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.urls import reverse

FALLBACK = "http://localhost:8000"


def base_url() -> str:
    return settings.BASE_URL or os.environ.get("LADDERS_SERVED_AT", "").rstrip("/") or FALLBACK


def base_url_warning() -> str | None:
    """Why the links may not work for readers, or None when `LADDERS_BASE_URL` is set."""
    if settings.BASE_URL:
        return None
    return (
        f"LADDERS_BASE_URL is not set: links in the messages point at {base_url()}, "
        "which only works for people on this machine; set it to the server's public address"
    )


def absolute(name: str, *args: object) -> str:
    return base_url() + reverse(name, args=args)
