"""This journal's keys: its age key pair (bundles sealed to it) and its Ed25519 signing key (the
bundles it signs), made at `init` (or by the first command that needs them, for a journal made
before they existed), renewed together by `pair --code`; kept in the journal's local `keys` table
(store/keys.py), never in a bundle or an export.

Every function here runs inside the caller's write transaction.
"""

from __future__ import annotations

from datetime import datetime

from mentorlog.dates import stamp
from mentorlog.store import keys as keys_store
from mentorlog.store.db import Db
from mentorlog.store.keys import Keys


def make(db: Db, now: datetime) -> Keys:
    """A new key pair for a journal that has none."""
    from mentorlog.sealing import agefile, signing

    identity, recipient = agefile.new_identity()
    secret, public = signing.new_key()
    keys = Keys(
        identity=identity, recipient=recipient, made_at=stamp(now), signing_key=secret, signing_public=public
    )
    keys_store.save_new(db, keys)
    return keys


def ensure(db: Db, now: datetime) -> Keys:
    """The journal's keys, made now if it has none yet (or no signing key yet: a journal made
    before bundles were signed gets one at its first exchange)."""
    keys = keys_store.read(db)
    if keys is None:
        return make(db, now)
    if keys.signing_key is None:
        from mentorlog.sealing import signing

        secret, public = signing.new_key()
        keys_store.change(db, signing_key=secret, signing_public=public)
        return _read(db)
    return keys


def renew(db: Db, now: datetime, code: str) -> Keys:
    """A new age key pair, a new signing key and a new pairing code; the old secret age key is kept
    until the partner's first bundle for the new one arrives (bundles made meanwhile still open).
    The old signing key is dropped: the partner refuses it once the new one is pinned there."""
    from mentorlog.sealing import agefile, signing

    old = ensure(db, now)
    identity, recipient = agefile.new_identity()
    secret, public = signing.new_key()
    keys_store.change(
        db,
        identity=identity,
        recipient=recipient,
        signing_key=secret,
        signing_public=public,
        made_at=stamp(now),
        previous_identity=old.identity,
        code=code,
        code_made_at=stamp(now),
    )
    return _read(db)


def start_code(db: Db, now: datetime, code: str) -> Keys:
    """Put a pairing code in use (the first pairing)."""
    ensure(db, now)
    keys_store.change(db, code=code, code_made_at=stamp(now))
    return _read(db)


def _read(db: Db) -> Keys:
    keys = keys_store.read(db)
    assert keys is not None
    return keys
