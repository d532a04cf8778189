"""Start the test OpenID Connect provider in its own process, and sign in through it.

The provider is django-oauth-toolkit (tests/accounts/oidc_provider), a real program speaking
the real protocol over loopback HTTP: ladders' backend fetches its discovery document, posts
the code to its token endpoint, reads its userinfo endpoint and checks the ID token's RS256
signature against its published keys. Only the person at the keyboard is played by code here
(`provider_sign_in`), filling in the provider's sign-in and consent forms.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests
from django.test import Client

from ladders.server.sso import SsoConfig, authentication_backends

REPO = Path(__file__).resolve().parents[2]
START_SECONDS = 60
CLIENT_ID = "ladders-under-test"


@dataclass(frozen=True)
class Provider:
    url: str  # http://127.0.0.1:PORT
    client_secret: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"


@contextmanager
def running_provider(folder: Path, users: list[dict], redirect_uris: list[str]) -> Iterator[Provider]:
    secret = secrets.token_urlsafe(24)
    config = {
        "database": str(folder / "provider.sqlite3"),
        "users": users,
        "client": {"id": CLIENT_ID, "secret": secret, "redirect_uris": redirect_uris},
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.accounts.oidc_provider.provider_serve", json.dumps(config)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first_line: list[str] = []
    reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(START_SECONDS)
    try:
        if not first_line or not first_line[0].startswith("listening "):
            process.kill()
            raise RuntimeError(f"the test provider did not start: {process.communicate()[1][-3000:]}")
        yield Provider(url=first_line[0].split()[1], client_secret=secret)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def use_provider(settings, provider: Provider, **overrides) -> SsoConfig:
    """Point the server's single sign-on at `provider` (endpoints discovered from its issuer)."""
    config = SsoConfig(
        issuer=provider.issuer,
        client_id=CLIENT_ID,
        client_secret=provider.client_secret,
        provider_name="Test IdP",
        **overrides,
    )
    settings.LADDERS_SSO = config
    settings.AUTHENTICATION_BACKENDS = authentication_backends(config)
    return config


HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def provider_sign_in(client: Client, username: str, password: str, *, next_path: str = "/"):
    """Sign in to ladders (the Django test client) through the provider, as a person would.

    Returns ladders' answer to the provider's redirect back (the callback).
    """
    start = client.get("/sso/start/", {"next": next_path})
    assert start.status_code == 302, start.content[:300]
    browser = requests.Session()
    login_page = browser.get(start["Location"], timeout=10)  # the provider sends us to its sign-in form
    assert "Sign in to the test identity provider" in login_page.text, login_page.text[:500]
    next_value = html.unescape(re.search(r'name="next" value="([^"]*)"', login_page.text).group(1))
    consent = browser.post(
        login_page.url,
        {
            "username": username,
            "password": password,
            "next": next_value,
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
        },
        timeout=10,
    )
    assert 'name="allow"' in consent.text, consent.text[:800]
    fields = {name: html.unescape(value) for name, value in HIDDEN.findall(consent.text)}
    fields.update(allow="Authorize", csrfmiddlewaretoken=browser.cookies["provider_csrftoken"])
    back = browser.post(consent.url, fields, allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text[:500]
    callback = urlsplit(back.headers["Location"])
    assert callback.path == "/sso/callback/", back.headers["Location"]
    return client.get(f"{callback.path}?{callback.query}")
