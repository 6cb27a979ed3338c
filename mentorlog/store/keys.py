"""This journal's age key pair and what it knows of the partner's: the `keys` table.

Local to this journal and never exchanged (not a record table: no bundle, export or report
carries it). One row at most:

- `identity`, `recipient`: this journal's age X25519 secret key (`AGE-SECRET-KEY-1…`) and its
  public key (`age1…`), made at `init` (or on first need for a journal made before keys);
- `previous_identity`: the secret key before `pair --code` renewed it, kept only until the
  partner's first bundle for the new key arrives, so that bundles made meanwhile still open;
- `partner_recipient`, `paired_at`, `partner_key_from`: the partner's public key, when this
  journal learnt it, and when the partner made the bundle that brought it (an older bundle
  never brings back an older key);
- `code`, `code_made_at`: the pairing code while one is in use (until the partner's bundle for
  this journal's current key arrives).

The journal file is mode 0600; the secret key is as safe as the journal's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentorlog.store.db import Db

TABLE = "keys"
COLUMNS = (
    "identity", "recipient", "made_at", "previous_identity", "partner_recipient", "paired_at",
    "partner_key_from", "code", "code_made_at",
)  # fmt: skip


@dataclass(frozen=True)
class Keys:
    identity: str
    recipient: str
    made_at: str
    previous_identity: str | None = None
    partner_recipient: str | None = None
    paired_at: str | None = None
    partner_key_from: str | None = None
    code: str | None = None
    code_made_at: str | None = None


def create_table(db: Db) -> None:
    db.execute(
        f"create table [{TABLE}] (id integer primary key check (id = 1), identity text not null, "
        "recipient text not null, made_at text not null, previous_identity text, partner_recipient text, "
        "paired_at text, partner_key_from text, code text, code_made_at text)"
    )


def read(db: Db) -> Keys | None:
    """The journal's keys, or None when it has none yet."""
    names = ", ".join(COLUMNS)
    row = next(db.query(f"select {names} from [{TABLE}] where id = 1"), None)
    return Keys(**row) if row else None


def save_new(db: Db, keys: Keys) -> None:
    """Store the journal's first keys (inside the caller's write transaction)."""
    db.insert(TABLE, {"id": 1, **{name: getattr(keys, name) for name in COLUMNS}})


def change(db: Db, **values: Any) -> None:
    """Set some of the row's columns (inside the caller's write transaction)."""
    unknown = set(values) - set(COLUMNS)
    if unknown:
        raise ValueError(f"no such column in {TABLE}: {sorted(unknown)}")
    assignments = ", ".join(f"[{name}] = ?" for name in values)
    db.execute(f"update [{TABLE}] set {assignments} where id = 1", list(values.values()))
