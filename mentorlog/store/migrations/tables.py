"""The schema steps that made the records' tables as the first version had them (m001–m004).
Released: never edited (later changes are steps of their own, in `changes.py`)."""

from __future__ import annotations

from typing import Any

from mentorlog.store.migrations.registry import step
from mentorlog.store.records import create_table


@step
def m001_foundation(db: Any) -> None:
    # This journal file itself: local, never exchanged.
    db["journal"].create({"id": str, "me": str, "created_at": str, "mentorlog_version": str}, pk="id")
    # The mentorship: one row, shared by both journals of the pair (same id).
    create_table(
        db,
        "pair",
        {
            "mentor": str,
            "mentee": str,
            "programme": str,
            "starts_on": str,
            "ends_on": str,
            "current_phase": str,
        },
    )


@step
def m002_process(db: Any) -> None:
    """The agreement and rules, vision, goals, here-and-now and there-and-then records."""
    create_table(
        db,
        "agreement",
        {
            "version": int,
            "state": str,  # draft, proposed, approved
            "period_start": str,
            "period_end": str,
            "meetings": int,
            "cadence": str,
            "length_minutes": int,
            "place": str,
            "contact": str,
            "expect_mentor": str,
            "expect_mentee": str,
            "content_plan": str,
            "proposed_at": str,
            "proposed_by": str,
            "approved_at": str,
            "approved_by": str,
        },
    )
    db["agreement"].create_index(["version"], unique=True)
    create_table(db, "rule", {"text": str, "kind": str})
    create_table(db, "vision", {"text": str})
    create_table(
        db,
        "goal",
        {
            "title": str,
            "measure": str,
            "due": str,
            "why": str,
            "term": str,
            "status": str,  # active, achieved, dropped
            "progress": int,
            "ended_on": str,
            "end_reason": str,
        },
    )
    db["goal"].create_index(["status"])
    create_table(
        db,
        "goal_revision",
        {"goal_id": str, "before": str, "after": str, "reason": str},
        foreign_keys=[("goal_id", "goal", "id")],
    )
    db["goal_revision"].create_index(["goal_id"])
    create_table(
        db,
        "goal_progress",
        {"goal_id": str, "percent": int, "note": str},
        foreign_keys=[("goal_id", "goal", "id")],
    )
    db["goal_progress"].create_index(["goal_id"])
    create_table(db, "assessment", {"area": str, "text": str, "rating": int})
    db["assessment"].create_index(["area"])
    create_table(
        db, "outcome", {"text": str, "by": str, "goal_id": str}, foreign_keys=[("goal_id", "goal", "id")]
    )
    create_table(
        db,
        "action",
        {
            "text": str,
            "owner": str,
            "due": str,
            "goal_id": str,
            "status": str,  # open, done, dropped
            "done_at": str,
        },
        foreign_keys=[("goal_id", "goal", "id")],
    )
    db["action"].create_index(["status", "due"])
    create_table(
        db,
        "option",
        {"text": str, "outcome_id": str, "feasibility": int, "action_id": str},
        foreign_keys=[("outcome_id", "outcome", "id"), ("action_id", "action", "id")],
    )


@step
def m003_sessions_and_notes(db: Any) -> None:
    """Sessions, topics, feedback, notes (quick notes, questions, lessons, contacts), and search."""
    create_table(
        db,
        "session",
        {
            "starts_at": str,  # UTC, ISO 8601 with milliseconds
            "length_minutes": int,
            "mode": str,  # in-person, online
            "place": str,
            "link": str,
            "kind": str,  # one-to-one, workshop, consultation
            "state": str,  # proposed, confirmed, held, cancelled
            "proposed_by": str,
            "confirmed_by": str,
            "held_at": str,
            "cancel_reason": str,
        },
    )
    db["session"].create_index(["starts_at"])
    db["session"].create_index(["state", "starts_at"])
    create_table(
        db,
        "topic",
        {"text": str, "session_id": str, "status": str, "discussed_at": str},
        foreign_keys=[("session_id", "session", "id")],
    )
    db["topic"].create_index(["session_id", "status"])
    db["topic"].create_index(["status"])
    create_table(
        db,
        "feedback",
        {"session_id": str, "rating": int, "worked": str, "improve": str},
        foreign_keys=[("session_id", "session", "id")],
    )
    db["feedback"].create_index(["session_id"])
    create_table(
        db,
        "note",
        {
            "text": str,
            "kind": str,  # note, question, idea, decision, lesson, contact
            "session_id": str,  # the session it belongs to, or (questions) is parked for
            "tags": str,  # JSON array of strings
            "via": str,  # contacts: email, phone, message, video, in-person, other
            "occurred_on": str,  # contacts: the day it happened
            "asked_at": str,  # questions: when the session they were parked for was held
        },
        foreign_keys=[("session_id", "session", "id")],
    )
    db["note"].create_index(["created_at"])
    db["note"].create_index(["kind", "created_at"])
    db["note"].create_index(["session_id"])
    db["note"].create_index(["kind", "asked_at"])
    for table, columns in (
        ("note", ["text"]),
        ("topic", ["text"]),
        ("goal", ["title", "measure", "why"]),
        ("action", ["text"]),
    ):
        db[table].enable_fts(columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2")


@step
def m004_reflection_and_ending(db: Any) -> None:
    """Final-reflection answers, and how and when the mentorship ended."""
    create_table(db, "reflection", {"key": str, "text": str})
    db["reflection"].create_index(["key", "author"])
    pair = db["pair"]
    pair.add_column("ended_on", str)
    pair.add_column("end_kind", str)  # completed, early
    pair.add_column("end_reason", str)
