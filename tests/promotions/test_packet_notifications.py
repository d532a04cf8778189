"""Each step tells whoever acts next, by email, once the step has been saved."""

from __future__ import annotations

import pytest

from ladders.accounts.models import Person
from ladders.promotions.models import Packet
from ladders.promotions.services import packet_reopen
from tests.promotions.packet_helpers import refused


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the mail callbacks a real commit would run."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def addressees(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_submitting_mails_the_reviewer(flow, cast, mailoutbox, committed):
    packet = flow.create()
    with committed():
        flow.submit(packet)
    assert addressees(mailoutbox) == [cast.other_manager.user.email]
    message = mailoutbox[0]
    assert message.subject == "Promotion packet to review: Eve Engineer for Mid"
    assert "give each claim a verdict" in message.body.lower()
    assert message.from_email == "ladders@localhost"


def test_reviewing_mails_the_reviewer_of_the_review_with_the_flag_count(flow, cast, mailoutbox, committed):
    packet = flow.to("submitted")
    with committed():
        flow.review(packet, verdicts={})
    assert addressees(mailoutbox) == [cast.peer.user.email]
    assert "flagged 5 possible review failures" in mailoutbox[0].body


def test_the_review_of_the_review_mails_the_admins_who_decide(flow, cast, mailoutbox, committed):
    packet = flow.to("reviewed")
    with committed():
        flow.audit(packet)
    assert addressees(mailoutbox) == [cast.admin.user.email]
    assert mailoutbox[0].subject == "Promotion to decide: Eve Engineer for Mid"


def test_the_decision_mails_the_subject_and_the_author(flow, cast, mailoutbox, committed):
    packet = flow.to("audited", author=cast.manager)
    with committed():
        flow.decide(packet, "not_yet", "Write up a debugging story.")
    assert addressees(mailoutbox) == sorted([cast.engineer.user.email, cast.manager.user.email])
    assert "Write up a debugging story." in mailoutbox[0].body


def test_a_promotion_mail_says_from_when(flow, cast, mailoutbox, committed):
    packet = flow.to("audited")
    with committed():
        packet = flow.decide(packet)
    assert mailoutbox[0].subject == "Promoted: Eve Engineer for Mid"
    assert f"from {packet.subject.level_since:%Y-%m-%d}" in mailoutbox[0].body


def test_reopening_a_managers_packet_mails_the_subject(flow, cast, mailoutbox, committed):
    packet = flow.to("not_yet", author=cast.manager)
    with committed():
        packet_reopen(actor=cast.manager, packet=packet, revision=packet.revision)
    assert addressees(mailoutbox) == [cast.engineer.user.email]


def test_nobody_is_mailed_about_their_own_step(flow, cast, mailoutbox, committed):
    packet = flow.to("not_yet")
    with committed():
        packet_reopen(actor=cast.engineer, packet=packet, revision=packet.revision)
    assert mailoutbox == []


def test_people_without_an_address_are_skipped(flow, cast, mailoutbox, committed):
    reviewer = Person.objects.get(pk=cast.other_manager.pk)
    reviewer.user.email = ""
    reviewer.user.save()
    packet = flow.create()
    with committed():
        flow.submit(packet, reviewer=reviewer)
    assert mailoutbox == []


def test_no_mail_leaves_before_the_step_commits(flow, mailoutbox):
    flow.submit(flow.create())  # the test's transaction never commits
    assert mailoutbox == []


def test_a_mail_that_cannot_be_sent_does_not_undo_the_step(flow, settings, committed, caplog):
    settings.EMAIL_BACKEND = "tests.promotions.packet_helpers.BrokenMailServer"
    packet = flow.create()
    with committed():
        packet = flow.submit(packet)
    assert Packet.objects.get(pk=packet.pk).state == "submitted"
    assert "the mail server is down" in caplog.text


def test_a_refused_step_mails_nobody(flow, cast, mailoutbox, committed):
    packet = flow.create()
    with committed():
        refused(lambda: flow.submit(packet, reviewer=cast.engineer), 403)
    assert mailoutbox == []
