"""This journal's age key pair: made at `init` (or by the first command that needs it, for a
journal made before keys existed), renewed by `pair --code`; kept in the journal's local `keys`
table (store/keys.py), never in a bundle or an export.

Every function here runs inside the caller's write transaction.
"""

from __future__ import annotations

from datetime import datetime

from mentorlog.dates import stamp
from mentorlog.store import keys as store
from mentorlog.store.db import Db
from mentorlog.store.keys import Keys


def make(db: Db, now: datetime) -> Keys:
    """A new key pair for a journal that has none."""
    from mentorlog.services import agefile

    identity, recipient = agefile.new_identity()
    keys = Keys(identity=identity, recipient=recipient, made_at=stamp(now))
    store.save_new(db, keys)
    return keys


def ensure(db: Db, now: datetime) -> Keys:
    """The journal's keys, made now if it has none yet."""
    return store.read(db) or make(db, now)


def renew(db: Db, now: datetime, code: str) -> Keys:
    """A new key pair and a new pairing code; the old secret key is kept until the partner's
    first bundle for the new one arrives (bundles made meanwhile still open)."""
    from mentorlog.services import agefile

    old = ensure(db, now)
    identity, recipient = agefile.new_identity()
    store.change(
        db,
        identity=identity,
        recipient=recipient,
        made_at=stamp(now),
        previous_identity=old.identity,
        code=code,
        code_made_at=stamp(now),
    )
    return _read(db)


def start_code(db: Db, now: datetime, code: str) -> Keys:
    """Put a pairing code in use (the first pairing)."""
    ensure(db, now)
    store.change(db, code=code, code_made_at=stamp(now))
    return _read(db)


def _read(db: Db) -> Keys:
    keys = store.read(db)
    assert keys is not None
    return keys
