"""Packet states are one type, and the workflow says who acts next in each of them."""

from __future__ import annotations

from enum import StrEnum

from ladders.core.review import (
    ACTS_NEXT,
    CLOSED_STATES,
    MAY_ACT,
    OPEN_STATES,
    TRANSITIONS,
    PacketRole,
    PacketState,
    transition,
)


def test_states_are_a_string_enum_so_stored_values_and_templates_keep_working():
    assert issubclass(PacketState, StrEnum)
    assert [state.value for state in PacketState] == [
        "draft",
        "submitted",
        "reviewed",
        "audited",
        "promoted",
        "not_yet",
    ]
    assert PacketState("not_yet") is PacketState.NOT_YET
    assert PacketState.DRAFT == "draft"


def test_every_state_says_who_acts_next_and_nobody_acts_on_a_decided_packet():
    assert set(ACTS_NEXT) == set(PacketState)
    assert ACTS_NEXT == {
        PacketState.DRAFT: PacketRole.AUTHOR,
        PacketState.SUBMITTED: PacketRole.REVIEWER,
        PacketState.REVIEWED: PacketRole.AUDITOR,
        PacketState.AUDITED: PacketRole.DECIDER,
        PacketState.PROMOTED: None,
        PacketState.NOT_YET: None,
    }


def test_a_state_is_open_exactly_while_someone_acts_next():
    assert tuple(state for state in PacketState if ACTS_NEXT[state] is not None) == OPEN_STATES
    assert set(CLOSED_STATES) == {PacketState.PROMOTED, PacketState.NOT_YET}
    assert set(OPEN_STATES) | set(CLOSED_STATES) == set(PacketState)


def test_after_not_yet_nobody_is_waited_for_but_the_author_may_start_a_new_attempt():
    assert MAY_ACT[PacketState.NOT_YET] is PacketRole.AUTHOR
    assert MAY_ACT[PacketState.PROMOTED] is None
    assert all(MAY_ACT[state] is role for state, role in ACTS_NEXT.items() if role is not None)


def test_each_step_moves_from_the_state_whose_role_may_take_it():
    for action, (source, target) in TRANSITIONS.items():
        assert isinstance(source, PacketState) and isinstance(target, PacketState)
        assert MAY_ACT[source] is not None, action
        assert transition(source, action) is target
