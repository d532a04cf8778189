"""Inviting someone by email: the mail holds a one-time link that sets their first password."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from ladders.accounts.models import Person
from ladders.leveling.models import AuditEvent
from tests.web.web_helpers import text_of

NEW_PASSWORD = "a-long-and-unusual-passphrase"


def _invite(client, acme, **changes):
    form = {
        "name": "Nina New",
        "email": "nina@acme.example",
        "role": "engineer",
        "title": "Engineer",
        "team": "Applied AI",
        "manager": acme.manager.pk,
        **changes,
    }
    return client.post(reverse("admin-people-invite"), form)


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_an_invited_person_gets_a_link_that_sets_their_password_once(acme, signed_in):
    response = _invite(signed_in(acme.admin), acme)

    assert response.status_code == 302
    nina = Person.objects.get(name="Nina New")
    assert (nina.org, nina.manager, nina.team.name) == (acme.org, acme.manager, "Applied AI")
    assert not nina.user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nina@acme.example"]
    path = _link(mail.outbox[0]).split("testserver", 1)[1]

    visitor = Client()
    assert nina.user.username in text_of(visitor.get(path))
    done = visitor.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302 and done["Location"] == reverse("login")
    assert Client().login(username=nina.user.username, password=NEW_PASSWORD)
    again = visitor.post(
        path, {"new_password1": "another-passphrase-x", "new_password2": "another-passphrase-x"}
    )
    assert again.status_code == 404 and "not valid" in text_of(again)
    assert AuditEvent.objects.filter(person=nina, action="person.invited", actor=acme.admin).exists()
    assert AuditEvent.objects.filter(person=nina, action="person.invitation_accepted").exists()


def test_a_weak_password_is_refused_and_the_link_still_works(acme, signed_in):
    _invite(signed_in(acme.admin), acme)
    path = _link(mail.outbox[0]).split("testserver", 1)[1]

    weak = Client().post(path, {"new_password1": "password", "new_password2": "password"})

    assert weak.status_code == 422
    assert Client().get(path).status_code == 200


def test_an_email_already_used_in_the_organisation_is_a_form_error(acme, signed_in):
    client = signed_in(acme.admin)
    _invite(client, acme)

    again = _invite(client, acme, name="Nina Again")

    assert again.status_code == 409
    assert "already has" in text_of(again)
    assert not Person.objects.filter(name="Nina Again").exists() and len(mail.outbox) == 1


def test_a_made_up_link_is_not_found(db, client):
    response = client.get(reverse("invite-accept", args=["MTIzNDU", "abc-123"]))

    assert response.status_code == 404
