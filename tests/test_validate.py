"""The one choice validator: values typed by people become the model's enums, or a message that lists
what would work."""

from __future__ import annotations

import pytest

from mentorlog.errors import InvalidInput
from mentorlog.journal import validate
from mentorlog.model import NoteKind, Role, SessionKind


def test_a_choice_is_read_trimmed_in_any_case_and_defaults_when_missing():
    assert validate.choice(" Workshop ", SessionKind, "kind of session") is SessionKind.WORKSHOP
    assert validate.choice(None, Role, "owner", Role.MENTEE) is Role.MENTEE
    with pytest.raises(InvalidInput, match="The owner is missing"):
        validate.choice(None, Role, "owner")


def test_a_wrong_choice_lists_the_accepted_values():
    with pytest.raises(InvalidInput) as error:
        validate.choice("coach", Role, "owner")
    assert str(error.value) == "'coach' is not a owner; use one of: mentor, mentee."


def test_a_choice_among_some_members_names_only_those_and_the_way_to_the_others():
    written = [k for k in NoteKind if k is not NoteKind.CONTACT]
    with pytest.raises(InvalidInput) as error:
        validate.choice(
            "contact", NoteKind, "kind of note", among=written, hint=" (contacts: `mentorlog contact`)"
        )
    assert str(error.value) == (
        "'contact' is not a kind of note; use one of: note, question, idea, decision, lesson "
        "(contacts: `mentorlog contact`)."
    )
