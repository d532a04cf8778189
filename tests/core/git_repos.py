"""Small git repositories the tests build commit by commit, with chosen authors and dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class Repo:
    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "commit.gpgsign", "false")
        self.git("config", "tag.gpgsign", "false")

    def git(
        self, *args: str, author: tuple[str, str] = ("Ann Lee", "ann@example.com"), day: str = "2026-03-04"
    ) -> str:
        name, email = author
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00",
            "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(self.path),
        }
        done = subprocess.run(
            ["git", "-C", str(self.path), *args], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def commit(
        self,
        message: str,
        files: dict[str, str] | None = None,
        *,
        author: tuple[str, str] = ("Ann Lee", "ann@example.com"),
        day: str = "2026-03-04",
    ) -> str:
        for name, text in (files or {}).items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            self.git("add", name)
        self.git("commit", "-q", "--allow-empty", "-m", message, author=author, day=day)
        return self.git("rev-parse", "HEAD")
