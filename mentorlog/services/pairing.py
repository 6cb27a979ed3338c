"""Pairing two journals, and sealing the bundles between them so that whoever carries a bundle
learns nothing and changes nothing (the README's "Pairing at the first meeting" and "What is
protected, and from whom").

Design:
- Each journal has its own age X25519 key pair (services/keys.py). The first bundle of a pairing
  is sealed with a pairing code, five words said aloud or written on paper at the first meeting
  (services/codes.py), and carries the sender's public key in its envelope (`recipient`). The
  partner opens it with the code (`init --from`, or `merge` when re-pairing), keeps that public
  key, and seals every bundle back to it, carrying their own. From then on every bundle is sealed
  to the partner's key alone, and a journal's code is dropped once a bundle sealed to its current
  key arrives (the partner has it, so they need the code no more).
- Who may bring a new public key for the partner: a bundle sealed with a code (a new pairing), or
  a bundle sealed to this journal's key while it waits for one (no partner key yet, or a code in
  use after `pair --code`); never a plain bundle, which anyone could have written, and never an
  older bundle than the one that brought the key in use (a replayed bundle changes nothing).
- `pair --code` renews this journal's key pair and its code (a new laptop, a lost journal on
  either side): the next bundles are sealed with the new code and carry the new key.
- A refusal happens before anything is written: the journal stays byte for byte as it was.
"""

from __future__ import annotations

import contextlib
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from mentorlog.dates import stamp
from mentorlog.model import Role
from mentorlog.services import agefile, agestream, codes
from mentorlog.services import keys as key_pairs
from mentorlog.services.bundle import Envelope, Lines
from mentorlog.services.journal import Journal
from mentorlog.store import keys as store
from mentorlog.store.db import Db
from mentorlog.store.journal import writing
from mentorlog.store.keys import Keys

KEY = "key"  # sealed to this journal's public key
CODE = "code"  # sealed with a pairing code
PLAIN = "plain"  # not sealed: readable and changeable by anyone who handled it


def partner_name(journal: Journal) -> str:
    """The partner's first name (the mentor's, in the mentee's journal)."""
    pair = journal.pair
    name = pair.mentor if pair.me is Role.MENTEE else pair.mentee
    return name.split()[0] if name.split() else str(pair.me.other)


# --- sealing what `share` writes ---------------------------------------------------------------


@dataclass(frozen=True)
class Seal:
    """How the next bundle is sealed: to the partner's key, or with the pairing code."""

    own_recipient: str  # carried in the envelope, for the partner to seal bundles back
    partner_recipient: str | None = None
    code: str | None = None

    @property
    def protection(self) -> str:
        return CODE if self.code else KEY


def seal_for_partner(journal: Journal, now: datetime) -> Seal:
    """The seal of the next bundle; a journal that is not paired yet gets its pairing code now."""
    with writing(journal.db):
        keys = key_pairs.ensure(journal.db, now)
        if keys.partner_recipient is None and keys.code is None:
            keys = key_pairs.start_code(journal.db, now, codes.new_code())
    if keys.code is not None:
        return Seal(own_recipient=keys.recipient, code=keys.code)
    return Seal(own_recipient=keys.recipient, partner_recipient=keys.partner_recipient)


def sealed(out: IO[bytes], seal: Seal | None) -> AbstractContextManager[IO[bytes]]:
    """A writer to `out` that seals what it is given (`seal`), or `out` itself (plain)."""
    if seal is None:
        return contextlib.nullcontext(out)
    return agestream.sealed(out, recipient=seal.partner_recipient, code=seal.code)


def share_report(journal: Journal, seal: Seal | None) -> dict[str, Any]:
    """What `share` says about protection: how the bundle was sealed, for whom, with which code."""
    return {
        "protection": PLAIN if seal is None else seal.protection,
        "partner": partner_name(journal),
        "code": seal.code if seal is not None else None,
    }


# --- opening what `merge` and `init --from` read ----------------------------------------------


@dataclass(frozen=True)
class Opened:
    """A bundle opened: its plaintext (bytes, or its lines decrypted anew at each reading) and
    how it was protected."""

    plaintext: bytes | Lines
    protection: str
    current_key: bool = False  # sealed to this journal's current key (not the one before it)


def open_bundle(journal: Journal | None, data: bytes, code: str | None) -> Opened:
    """The bundle's plaintext, or the refusal that says why it does not open (cut short, altered,
    for another journal, a wrong code, a code needed); `journal` is None for `init --from`."""
    if agefile.is_armored(data):
        data = agefile.unarmored(data)
    if not agefile.is_sealed(data):
        return Opened(data, PLAIN)
    header = agefile.read_header(data)
    if header.with_code:
        if code is None:
            raise agefile.CodeNeeded(
                "This bundle is locked with a pairing code. Give it with --code 'WORD WORD WORD WORD WORD' "
                "(your partner's `mentorlog pair` shows it), or run the command on a terminal to be asked."
            )
        return Opened(agefile.open_with_code(data, header, codes.read_code(code)), CODE)
    keys = store.read(journal.db) if journal is not None else None
    if keys is None:
        if journal is None:
            raise agefile.ForAnotherJournal(
                "This bundle is encrypted for a journal that is already paired, not locked with a pairing "
                "code, so no new journal can start from it. Your partner runs `mentorlog pair --code`, "
                "shares again and tells you the code; start from that bundle."
            )
        raise agefile.another_journal()
    for identity, current in ((keys.identity, True), (keys.previous_identity, False)):
        if identity and agefile.opens_with(data, header, identity):
            return Opened(agestream.decrypted_lines(data, header, identity), KEY, current_key=current)
    if agefile.one_bit_from_opening(data, header, [i for i in (keys.identity, keys.previous_identity) if i]):
        raise agefile.damaged_key_stanza()
    raise agefile.another_journal()


def note_bundle(db: Db, envelope: Envelope, opened: Opened, now: datetime) -> str | None:
    """After a merge (inside its transaction): keep the partner's public key the bundle brings, and
    drop this journal's code once the partner has its current key. Returns `paired` when the
    partner's key is new here, else None; writes nothing when nothing changes."""
    if opened.protection == PLAIN:
        return None
    keys = store.read(db)
    if keys is None:  # a code-locked bundle merged into a journal made before keys
        keys = key_pairs.make(db, now)
    changes = _adopted(keys, envelope, opened, now)
    if opened.protection == KEY and opened.current_key and (keys.code or keys.previous_identity):
        changes.update(code=None, code_made_at=None, previous_identity=None)
    if changes:
        store.change(db, **changes)
    return "paired" if "partner_recipient" in changes else None


def start_keys(db: Db, envelope: Envelope, opened: Opened, now: datetime) -> None:
    """A journal started from a bundle (`init --from`): its own keys, and the partner's public
    key when the bundle was sealed with a code."""
    keys = key_pairs.make(db, now)
    changes = _adopted(keys, envelope, opened, now)
    if changes:
        store.change(db, **changes)


def _adopted(keys: Keys, envelope: Envelope, opened: Opened, now: datetime) -> dict[str, Any]:
    offered = envelope.recipient
    if offered is None or offered == keys.partner_recipient or opened.protection == PLAIN:
        return {}
    waiting = keys.partner_recipient is None or keys.code is not None
    if opened.protection == KEY and not waiting:
        return {}  # paired and not re-pairing: the key in use stays
    if envelope.exported_at < (keys.partner_key_from or "") or not agefile.valid_recipient(offered):
        return {}
    return {"partner_recipient": offered, "paired_at": stamp(now), "partner_key_from": envelope.exported_at}


# --- `pair` ----------------------------------------------------------------------------------


def pairing_state(journal: Journal, now: datetime, *, renew: bool = False) -> dict[str, Any]:
    """The pairing as data (`pair`): with whom and since when, or the code the partner needs. A
    journal that is not paired gets its code now; `renew` makes a new key pair and a new code."""
    with writing(journal.db):
        if renew:
            keys = key_pairs.renew(journal.db, now, codes.new_code())
        else:
            keys = key_pairs.ensure(journal.db, now)
            if keys.partner_recipient is None and keys.code is None:
                keys = key_pairs.start_code(journal.db, now, codes.new_code())
    return {
        "paired": keys.partner_recipient is not None,
        "partner": partner_name(journal),
        "paired_at": keys.paired_at,
        "code": keys.code,
        "code_made_at": keys.code_made_at,
        "renewed": renew,
        "recipient": keys.recipient,
        "partner_recipient": keys.partner_recipient,
        "code_bits": round(codes.bits(), 1),
    }


def paired_with(journal: Journal) -> str | None:
    """The partner's first name when this journal holds the partner's key (read only)."""
    keys = store.read(journal.db)
    return partner_name(journal) if keys is not None and keys.partner_recipient else None


def local_time(value: str | None, now: datetime) -> str | None:
    """A stored stamp as the local wall time, `YYYY-MM-DD HH:MM`."""
    from mentorlog.dates import from_stamp

    return from_stamp(value).astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M") if value else None
