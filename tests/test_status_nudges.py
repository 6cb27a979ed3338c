"""The nudges of `status` (README: "The dashboard and its nudges"), each shown and cleared, with a
fixed clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentorlog.journal import journal as journals
from mentorlog.model import Role
from mentorlog.sessions import feedback as feedback_service
from mentorlog.sessions import sessions
from mentorlog.sessions import topics as topic_service
from mentorlog.sessions.status import status_report

from .conftest import NOW


@pytest.fixture
def journal(mentorlog_home):
    opened = journals.init_journal(
        "nudges",
        mentor="Tomaž",
        mentee="Maja",
        me="mentee",
        programme=None,
        start="2026-06-01",
        end="2027-06-01",
        now=NOW - timedelta(days=173),
    )
    yield opened
    opened.close()


def codes(journal, now=NOW):
    return [n["code"] for n in status_report(journal, now)["nudges"]]


def test_no_next_session_until_one_is_planned(journal):
    assert "no-next-session" in codes(journal)
    sessions.plan(journal, "in 5 days 18:00", NOW)
    assert "no-next-session" not in codes(journal)


def test_inactive_after_cadence_plus_two_weeks(journal):
    assert "inactive" in codes(journal)  # nothing held since the start in June
    sessions.plan(journal, "2 days ago 18:00", NOW, past=True)
    sessions.held(journal, 1, NOW)
    assert "inactive" not in codes(journal)
    assert "inactive" in codes(journal, NOW + timedelta(days=45))  # monthly cadence: 30 + 14 days


def test_feedback_missing_after_a_held_session(journal):
    sessions.plan(journal, "yesterday 18:00", NOW, past=True)
    sessions.held(journal, 1, NOW)
    assert "feedback-missing" in codes(journal)
    feedback_service.give_feedback(journal, 1, 4, NOW, acting_as=Role.MENTOR)
    assert "feedback-missing" in codes(journal)  # the mentor's feedback is not the owner's
    feedback_service.give_feedback(journal, 1, 5, NOW)
    assert "feedback-missing" not in codes(journal)


def test_topic_late_when_the_next_session_is_close_and_has_no_topic(journal):
    sessions.plan(journal, "in 2 days 18:00", NOW)
    assert "topic-late" in codes(journal)
    topic_service.add_topic(journal, "Fees", NOW)
    assert "topic-late" not in codes(journal)


def test_length_outside_guidance(journal):
    sessions.plan(journal, "in 9 days 18:00", NOW, length=45)
    assert "length-outside-guidance" in codes(journal)
    sessions.cancel(journal, 1, NOW)
    sessions.plan(journal, "in 9 days 18:00", NOW, length=120)
    assert "length-outside-guidance" not in codes(journal)


def test_quarter_check_in_until_a_session_is_held_after_the_mark(journal):
    assert "quarter-check-in" in codes(journal)  # started in June, now November
    assert "quarter-check-in" not in codes(journal, NOW - timedelta(days=100))  # before September
    sessions.plan(journal, "3 days ago 18:00", NOW, past=True)
    sessions.held(journal, 1, NOW)
    assert "quarter-check-in" not in codes(journal)


def test_final_session_due_in_the_last_month(journal):
    near_end = NOW.replace(year=2027, month=5, day=10)
    assert "final-session-due" in codes(journal, near_end)
    assert "final-session-due" not in codes(journal)
    journals.move_phase(journal, "final-reflection", near_end)
    sessions.plan(journal, "in 10 days 18:00", near_end)
    assert "final-session-due" not in codes(journal, near_end)


def test_status_shows_the_next_session_and_counts(journal):
    sessions.schedule(journal, "monthly", 3, NOW, start="in 3 days 18:00")
    data = status_report(journal, NOW)
    assert data["next_session"]["number"] == 1 and data["next_session"]["days_until"] == 3
    assert data["counts"]["sessions_planned"] == 3 and data["counts"]["sessions_held"] == 0


def test_a_note_written_during_a_session_belongs_to_it(journal):
    from mentorlog.sessions import notes

    sessions.plan(journal, "today 13:00", NOW, length=90, past=True)  # 13:00–14:30; NOW is 14:30
    during = notes.add_note(journal, "She wants to tour in spring", NOW)
    assert during["session"] == 1
    later = notes.add_note(journal, "Much later", NOW + timedelta(hours=3))
    assert later["session"] is None
    sessions.plan(journal, "in 3 days 18:00", NOW)
    question = notes.add_note(journal, "Ask about the venue", NOW + timedelta(hours=3), kind="question")
    assert question["session"] == 2  # a question is parked for the next session


def test_the_overdue_nudge_names_the_goal_furthest_past_its_date_by_a_short_id_that_finds_it(journal):
    from mentorlog.journal import ids
    from mentorlog.process import goals

    made = [("Second late", "2026-10-20"), ("Not yet due", "2026-12-20"), ("Oldest late", "2026-09-01")]
    for title, due in [*made, ("Latest late", "2026-11-10")]:
        goals.add_goal(journal, title, NOW - timedelta(days=120), due=due)
    report = status_report(journal, NOW)
    message = next(n["message"] for n in report["nudges"] if n["code"] == "goal-overdue")
    assert message.startswith("3 goals are past their due date, the oldest 'Oldest late' (due 2026-09-01")
    named = message.split("goal done ")[1].split("`")[0]
    assert ids.find(journal.db, "goal", named)["title"] == "Oldest late"
    assert report["counts"]["goals_overdue"] == 3
