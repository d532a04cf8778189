"""The password-reset mail goes out over SMTP: to a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from tests.org_fixtures import PASSWORD

NEW_PASSWORD = "a-new-and-longer-passphrase"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.DEFAULT_FROM_EMAIL = "ladders@acme.example"
    yield inbox
    controller.stop()


def test_the_reset_link_arrives_by_smtp_and_sets_a_new_password(client, acme, smtp):
    acme.engineer.user.email = "eve@acme.example"
    acme.engineer.user.save()
    assert client.post(reverse("password-reset"), {"email": "eve@acme.example"}).status_code == 302
    [mail] = smtp.messages
    assert (mail["To"], mail["From"]) == ("eve@acme.example", "ladders@acme.example")
    assert mail["Subject"] == "Reset your ladders password"
    link = re.search(
        r"http://testserver(/password/reset/\S+/)", mail.get_payload(decode=True).decode()
    ).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    acme.engineer.user.refresh_from_db()
    assert acme.engineer.user.check_password(NEW_PASSWORD) and not acme.engineer.user.check_password(PASSWORD)
