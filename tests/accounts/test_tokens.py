"""Personal API tokens in the services: expiry, revocation, who may revoke, and `last_used`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ladders.accounts.models import ApiToken
from ladders.accounts.tokens import LAST_USED_EVERY, token_check, token_create, token_revoke
from ladders.core import limits
from ladders.leveling.models import AuditEvent
from ladders.server.errors import Conflict, Invalid, NotFound


def test_a_new_token_works_and_only_its_digest_and_first_characters_are_kept(acme):
    token = token_create(acme.engineer, "CI", days=30)
    row = ApiToken.objects.get(person=acme.engineer)
    assert token_check(token).person == acme.engineer
    assert token not in (row.digest, row.prefix) and token.startswith(row.prefix)
    assert timedelta(days=29) < row.expires - timezone.now() <= timedelta(days=30)


def test_an_expired_token_is_refused_as_expired(acme):
    token = token_create(acme.engineer, "CI", days=1)
    ApiToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    check = token_check(token)
    assert (check.person, check.refusal) == (None, "expired")


def test_a_revoked_token_is_refused_as_revoked_and_records_who_revoked_it(acme):
    token = token_create(acme.engineer, "CI")
    row = token_revoke(actor=acme.admin, token_id=ApiToken.objects.get().pk)
    assert (row.revoked_by, token_check(token).refusal) == (acme.admin, "revoked")
    assert AuditEvent.objects.filter(action="token.revoke", actor=acme.admin, person=acme.engineer).exists()


def test_a_mistyped_token_is_refused_as_unknown(acme):
    assert token_check("ldr_nothing-like-it").refusal == "unknown"
    assert token_check("not even ours").refusal == "unknown"


def test_a_token_of_a_person_who_cannot_sign_in_is_refused_as_inactive(acme):
    token = token_create(acme.engineer, "CI")
    acme.engineer.user.is_active = False
    acme.engineer.user.save()
    assert token_check(token).refusal == "inactive"


def test_the_owner_and_an_admin_may_revoke_but_a_manager_or_a_foreign_admin_may_not(acme):
    from ladders.accounts.models import Organisation, Role
    from tests.org_fixtures import add_person

    foreign = add_person(Organisation.objects.create(name="Elsewhere"), "Fiona Foreign", Role.ADMIN)
    token_create(acme.engineer, "one")
    pk = ApiToken.objects.get().pk
    for stranger in (acme.manager, acme.outsider, foreign):
        with pytest.raises(NotFound):
            token_revoke(actor=stranger, token_id=pk)
    assert ApiToken.objects.get().revoked_at is None
    token_revoke(actor=acme.engineer, token_id=pk)
    with pytest.raises(Conflict):
        token_revoke(actor=acme.admin, token_id=pk)


def test_last_used_is_written_at_most_once_a_minute(acme):
    token = token_create(acme.engineer, "CI")
    token_check(token)
    first = ApiToken.objects.get().last_used
    assert first is not None
    token_check(token)
    assert ApiToken.objects.get().last_used == first  # within the minute: no write
    ApiToken.objects.update(last_used=first - LAST_USED_EVERY)
    token_check(token)
    assert ApiToken.objects.get().last_used > first - LAST_USED_EVERY


def test_a_refused_token_does_not_update_last_used(acme):
    token = token_create(acme.engineer, "CI")
    token_revoke(actor=None, token_id=ApiToken.objects.get().pk)
    token_check(token)
    assert ApiToken.objects.get().last_used is None


def test_a_token_needs_a_name_and_a_sensible_expiry(acme):
    with pytest.raises(Invalid, match="name"):
        token_create(acme.engineer, "  ")
    with pytest.raises(Invalid, match="name"):
        token_create(acme.engineer, "x" * (limits.TOKEN_NAME + 1))
    with pytest.raises(Invalid, match="days"):
        token_create(acme.engineer, "CI", days=0)
    with pytest.raises(Invalid, match="days"):
        token_create(acme.engineer, "CI", days=limits.TOKEN_DAYS + 1)
    assert not ApiToken.objects.exists()


def test_a_person_may_hold_only_so_many_live_tokens(acme, settings):
    for n in range(limits.TOKENS_PER_PERSON):
        token_create(acme.engineer, f"t{n}")
    with pytest.raises(Conflict, match="revoke one first"):
        token_create(acme.engineer, "one too many")
    token_revoke(actor=acme.engineer, token_id=ApiToken.objects.first().pk)
    token_create(acme.engineer, "room again")


def test_a_check_reads_the_token_its_person_user_and_organisation_in_one_query(
    acme, django_assert_num_queries
):
    token = token_create(acme.engineer, "CI")
    token_check(token)  # records last_used: the next check within the minute writes nothing
    with django_assert_num_queries(1):
        person = token_check(token).person
        assert person is not None
        read = (person.name, person.user.username, person.org.name)
    assert read == (acme.engineer.name, acme.engineer.user.username, acme.org.name)


@pytest.mark.parametrize("reason", ["revoked", "expired", "inactive"])
def test_the_one_query_check_refuses_each_reason_even_right_after_a_good_call(acme, reason):
    token = token_create(acme.engineer, "CI", days=30)
    assert token_check(token).person == acme.engineer  # the compiled query is warm
    if reason == "revoked":
        token_revoke(actor=None, token_id=ApiToken.objects.get().pk)
    elif reason == "expired":
        ApiToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    else:
        acme.engineer.user.is_active = False
        acme.engineer.user.save()
    check = token_check(token)
    assert (check.person, check.refusal) == (None, reason)
