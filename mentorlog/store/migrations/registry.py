"""The registry of the journal's schema steps: each step is registered in order (its name is what
sqlite-utils records in `_sqlite_migrations`, set `mentorlog`) and applied in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mentorlog import crashpoints

if TYPE_CHECKING:
    from sqlite_utils.migrations import Migrations

    from mentorlog.store.db import Db

Step = Callable[[Any], None]  # a step takes the sqlite-utils Database (`db[table]` a Table or a View)

SET_NAME = "mentorlog"
STEPS: list[str] = []  # every step this version knows, in order
_FUNCTIONS: list[Step] = []


def step(fn: Step) -> Step:
    """Register a schema step (its name is what `_sqlite_migrations` records)."""
    STEPS.append(fn.__name__)
    _FUNCTIONS.append(fn)
    return fn


def migration_set() -> Migrations:
    """The steps as a sqlite-utils `Migrations` set; imported only when a journal needs them."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(SET_NAME)
    for fn in _FUNCTIONS:
        migrations(name=fn.__name__)(_marked(fn))
    return migrations


def apply_steps(db: Db) -> None:
    """Apply the pending steps (inside the caller's transaction), then (re)make the value checks
    from the field declarations once, for the schema as the steps left it (store/checks.py)."""
    from mentorlog.store import checks

    migrations = migration_set()
    if migrations.pending(db.utils):
        migrations.apply(db.utils)
        checks.install(db.utils)


def _marked(fn: Step) -> Step:
    """The step, then the crash point `migration-step` (its writes made, not yet committed)."""

    def run(db: Any) -> None:
        fn(db)
        crashpoints.reached("migration-step")

    return run
