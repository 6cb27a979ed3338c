"""The journal's schema, one step per function, in order. A released step is never edited:
change the schema by adding a new step at the end (`changes.py`).

The steps are recorded by sqlite-utils in `_sqlite_migrations` (set `mentorlog`); a journal
that lists a step this version does not know was written by a newer mentorlog and is refused.

- `registry`: the steps in order, the sqlite-utils set, applying them;
- `tables`: the records' tables as the first version made them (m001–m004);
- `changes`: every step since, in order; the value checks they install are `store/checks.py`.
"""

from mentorlog.store.migrations.registry import SET_NAME, STEPS, apply_steps, migration_set, step

# isort: split
from mentorlog.store.migrations import tables  # the first steps register first

# isort: split
from mentorlog.store.migrations import changes
from mentorlog.store.migrations.changes import ID_TABLES

__all__ = ["ID_TABLES", "SET_NAME", "STEPS", "apply_steps", "changes", "migration_set", "step", "tables"]
