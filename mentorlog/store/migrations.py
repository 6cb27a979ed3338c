"""The journal's schema, one step per function, in order. A released step is never edited:
change the schema by adding a new step at the end.

The steps are recorded by sqlite-utils in `_sqlite_migrations` (set `mentorlog`); a journal
that lists a step this version does not know was written by a newer mentorlog and is refused.
"""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

from mentorlog.store.records import create_table

SET_NAME = "mentorlog"
migrations = Migrations(SET_NAME)
STEPS: list[str] = []  # every step this version knows, in order


def step(fn):
    """Register a schema step with sqlite-utils and remember its name."""
    STEPS.append(fn.__name__)
    return migrations()(fn)


@step
def m001_foundation(db):
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
