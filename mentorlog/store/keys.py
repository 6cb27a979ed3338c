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
  this journal's current key arrives);
- `signing_key`, `signing_public`: this journal's Ed25519 signing key (its secret seed, base64)
  and its public key (`ssh-ed25519 AAAA…`), with which every bundle it writes is signed; renewed
  with the age key pair by `pair --code`;
- `partner_signing_key`, `partner_signing_since`: the partner's signing key, pinned at pairing
  (from the bundle the pairing code opened), and when it was pinned: from then on only bundles it
  signed are taken in;
- `revoked`: the partner's signing keys replaced by a re-pairing, with when (JSON
  `[[key, stamp], …]`): a bundle signed by one of them is refused and never pins it again;
- `partner_code`: the partner's pairing code that opened their code-locked bundle, kept until a
  bundle of theirs sealed to this journal's key shows that they pinned it: meanwhile this
  journal's bundles are locked with it (their journal opens them by itself), so that its keys
  reach the partner vouched for by the code;
- `spent_code`: this journal's code once the partner's answer locked with it has arrived (no
  longer used to lock, only to open that answer again), until a bundle sealed to this journal's key
  arrives.

The journal file is mode 0600; the secret key is as safe as the journal's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentorlog.store.db import Db

TABLE = "keys"
COLUMNS = (
    "identity", "recipient", "made_at", "previous_identity", "partner_recipient", "paired_at",
    "partner_key_from", "code", "code_made_at", "signing_key", "signing_public", "partner_signing_key",
    "partner_signing_since", "revoked", "partner_code", "spent_code",
)  # fmt: skip
SIGNING_COLUMNS = (
    "signing_key", "signing_public", "partner_signing_key", "partner_signing_since", "revoked",
    "partner_code", "spent_code",
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
    signing_key: str | None = None
    signing_public: str | None = None
    partner_signing_key: str | None = None
    partner_signing_since: str | None = None
    revoked: str | None = None
    partner_code: str | None = None
    spent_code: str | None = None

    def revoked_keys(self) -> dict[str, str]:
        """The partner's replaced signing keys, each with when it was replaced."""
        import json

        return {key: when for key, when in json.loads(self.revoked)} if self.revoked else {}


def create_table(db: Db) -> None:
    db.execute(
        f"create table [{TABLE}] (id integer primary key check (id = 1), identity text not null, "
        "recipient text not null, made_at text not null, previous_identity text, partner_recipient text, "
        "paired_at text, partner_key_from text, code text, code_made_at text)"
    )


def add_signing_columns(db: Db) -> None:
    """The signing keys' columns, added to a `keys` table made before them."""
    for name in SIGNING_COLUMNS:
        db.execute(f"alter table [{TABLE}] add column [{name}] text")


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
    db.change_the_row(TABLE, COLUMNS, values)
