"""Plain helpers for page tests (fixtures live in conftest.py)."""

from __future__ import annotations

import html as html_lib
import re


def text_of(response) -> str:
    """The page as text without tags, whitespace collapsed: what a reader sees."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(a|strong|em|span|code|output)\b[^>]*>", "", html)  # inline: no gap
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()
