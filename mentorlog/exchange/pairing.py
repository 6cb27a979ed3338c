"""Pairing two journals, and sealing the bundles between them so that whoever carries a bundle
learns nothing and changes nothing (the README's "Pairing at the first meeting" and "What is
protected, and from whom").

Design:
- Each journal has its own age X25519 key pair (exchange/keys.py). The first bundle of a pairing
  is sealed with a pairing code, five words said aloud or written on paper at the first meeting
  (sealing/codes.py), and carries the sender's public key in its envelope (`recipient`). The
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
from mentorlog.exchange import keys as key_pairs
from mentorlog.exchange.authenticity import Verdict
from mentorlog.exchange.bundle import Envelope, Lines
from mentorlog.exchange.bundle_read import Ledger
from mentorlog.journal.journal import Journal
from mentorlog.model import Role
from mentorlog.sealing import agefile, agestream, codes
from mentorlog.store import keys as keys_store
from mentorlog.store.db import Db
from mentorlog.store.journal import writing
from mentorlog.store.keys import Keys

KEY = "key"  # sealed to this journal's public key
CODE = "code"  # sealed with a pairing code
ANSWER = "answer"  # sealed with the partner's pairing code: this journal's answer to it
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
    code: str | None = None  # this journal's pairing code, for the partner to type
    answer_code: str | None = None  # the partner's code: the answer to their code-locked bundle

    @property
    def protection(self) -> str:
        return CODE if self.code else ANSWER if self.answer_code else KEY

    @property
    def lock(self) -> str | None:
        """The code the bundle is locked with, if any."""
        return self.code or self.answer_code

    @property
    def sealed_to(self) -> str | None:
        """How the bundle says it is sealed (signed with it): the partner's key, or `code`."""
        return "code" if self.lock else self.partner_recipient


def seal_for_partner(journal: Journal, now: datetime) -> Seal:
    """The seal of the next bundle; a journal that is not paired yet gets its pairing code now."""
    with writing(journal.db):
        keys = key_pairs.ensure(journal.db, now)
        if keys.partner_recipient is None and keys.code is None:
            keys = key_pairs.start_code(journal.db, now, codes.new_code())
    if keys.code is not None:
        return Seal(own_recipient=keys.recipient, code=keys.code)
    if keys.partner_code is not None:
        return Seal(own_recipient=keys.recipient, answer_code=keys.partner_code)
    return Seal(own_recipient=keys.recipient, partner_recipient=keys.partner_recipient)


def signing_keys(journal: Journal, now: datetime) -> tuple[str, str]:
    """This journal's signing key (secret, public), made now for a journal made before them."""
    keys = keys_store.read(journal.db)
    if keys is None or keys.signing_key is None:
        with writing(journal.db):
            keys = key_pairs.ensure(journal.db, now)
    assert keys.signing_key is not None and keys.signing_public is not None
    return keys.signing_key, keys.signing_public


def sealed(out: IO[bytes], seal: Seal | None) -> AbstractContextManager[IO[bytes]]:
    """A writer to `out` that seals what it is given (`seal`), or `out` itself (plain)."""
    if seal is None:
        return contextlib.nullcontext(out)
    return agestream.sealed(out, recipient=seal.partner_recipient, code=seal.lock)


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
    opened_by: str | None = None  # the age public key whose secret opened it (sealed to a key)
    code: str | None = None  # the partner's code the person typed, that opened it
    own_code: bool = False  # opened with this journal's own code: the partner's answer to it


def open_bundle(journal: Journal | None, data: bytes, code: str | None) -> Opened:
    """The bundle's plaintext, or the refusal that says why it does not open (cut short, altered,
    for another journal, a wrong code, a code needed); `journal` is None for `init --from`."""
    if agefile.is_armored(data):
        data = agefile.unarmored(data)
    if not agefile.is_sealed(data):
        return Opened(data, PLAIN)
    header = agefile.read_header(data)
    keys = keys_store.read(journal.db) if journal is not None else None
    if header.with_code:
        own = (keys.code or keys.spent_code) if keys is not None else None
        if code is not None:
            typed = codes.read_code(code)
            try:
                plaintext = agefile.open_with_code(data, header, typed)
                if typed == own:  # this journal's own code, typed: the partner's answer to it
                    return Opened(plaintext, CODE, own_code=True)
                return Opened(plaintext, CODE, code=typed)
            except agefile.WrongCode:
                if own is None or own == typed:
                    raise
        if own is not None:  # the partner's answer, locked with this journal's own code
            try:
                return Opened(agefile.open_with_code(data, header, own), CODE, own_code=True)
            except agefile.WrongCode:
                pass
        raise agefile.CodeNeeded(
            "This bundle is locked with a pairing code. Give it with --code 'WORD WORD WORD WORD WORD' "
            "(your partner's `mentorlog pair` shows it), or run the command on a terminal to be asked."
        )
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
            opened_by = keys.recipient if current else agefile.recipient_of(identity)
            lines = agestream.decrypted_lines(data, header, identity)
            return Opened(lines, KEY, current_key=current, opened_by=opened_by)
    if agefile.one_bit_from_opening(data, header, [i for i in (keys.identity, keys.previous_identity) if i]):
        raise agefile.damaged_key_stanza()
    raise agefile.another_journal()


def judge(
    journal: Journal | None,
    envelope: Envelope,
    opened: Opened,
    ledger: Ledger,
    *,
    unsigned_ok: bool = False,
    by_sync: bool = False,
    db: Db | None = None,
) -> Verdict:
    """Whether the bundle is the partner's (exchange/authenticity.py): read before anything is
    written, and again inside the write transaction (`db`) so that a re-pairing meanwhile counts."""
    from mentorlog.exchange import authenticity, news

    keys = keys_store.read(db if db is not None else journal.db) if journal is not None else None
    partner = news.first_name(journal, envelope.sender_role) if journal is not None else "your partner"
    return authenticity.verdict(
        keys, envelope, opened.protection, opened.current_key, opened.opened_by, ledger, partner,
        unsigned_ok=unsigned_ok, by_sync=by_sync,
    )  # fmt: skip


def note_bundle(db: Db, envelope: Envelope, opened: Opened, verdict: Verdict, now: datetime) -> str | None:
    """After a merge (inside its transaction): pin the partner's keys the bundle's verdict brings
    (the old signing key then refused for ever), and drop this journal's code once the partner
    has its current key. Returns `paired` when the partner's keys are new here, `first_use` when
    a journal paired before signatures pinned its partner's signing key, else None; writes
    nothing when nothing changes."""
    if opened.protection == PLAIN:
        return None
    keys = keys_store.read(db)
    if keys is None:  # a code-locked bundle merged into a journal made before keys
        keys = key_pairs.make(db, now)
    changes = _pinned(keys, envelope, opened, verdict, now)
    signed_now = verdict.signed_by is not None or keys.partner_signing_key is None
    answered = opened.protection == KEY and opened.current_key and signed_now
    if answered and (keys.code or keys.previous_identity or keys.partner_code):
        # the partner has this journal's current key: codes are no longer needed on either side
        changes.update(
            code=None, code_made_at=None, previous_identity=None, partner_code=None, spent_code=None
        )
    if opened.own_code and verdict.signed_by is not None and keys.code:
        # the answer to it came: the partner has this journal's current key, so the code is spent
        # (kept only to open that answer again) and the key before it no longer needed
        changes.update(code=None, code_made_at=None, spent_code=keys.code, previous_identity=None)
    if changes:
        keys_store.change(db, **changes)
    if "partner_recipient" in changes or (verdict.pin and verdict.replaces):
        return "paired"
    return "first_use" if verdict.first_use else None


def start_keys(db: Db, envelope: Envelope, opened: Opened, verdict: Verdict, now: datetime) -> None:
    """A journal started from a bundle (`init --from`): its own keys, and the partner's keys when
    the bundle was sealed with a code."""
    keys = key_pairs.make(db, now)
    changes = _pinned(keys, envelope, opened, verdict, now)
    if changes:
        keys_store.change(db, **changes)


def _pinned(
    keys: Keys, envelope: Envelope, opened: Opened, verdict: Verdict, now: datetime
) -> dict[str, Any]:
    """The changes to `keys` a verdict brings: a new signing key of the partner's pinned (with the
    age key it came with), the one it replaces revoked."""
    if verdict.pin is None:
        return _adopted(keys, envelope, opened, now) if keys.partner_signing_key is None else {}
    import json

    changes: dict[str, Any] = {"partner_signing_key": verdict.pin, "partner_signing_since": stamp(now)}
    if opened.code is not None:  # the person typed the partner's code: answer with it
        changes["partner_code"] = opened.code
    if verdict.replaces and verdict.replaces != verdict.pin:
        revoked = [*keys.revoked_keys().items(), (verdict.replaces, stamp(now))]
        changes["revoked"] = json.dumps([list(item) for item in revoked])
    offered = verdict.recipient
    if offered and offered != keys.partner_recipient and agefile.valid_recipient(offered):
        changes.update(partner_recipient=offered, paired_at=stamp(now), partner_key_from=envelope.exported_at)
    return changes


def _adopted(keys: Keys, envelope: Envelope, opened: Opened, now: datetime) -> dict[str, Any]:
    """Before signatures (an unsigned bundle while no signing key is pinned): the partner's age key
    as earlier versions took it."""
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
        "signing_key": keys.signing_public,
        "partner_signing_key": keys.partner_signing_key,
        "partner_fingerprint": _fingerprint(keys.partner_signing_key),
    }


def _fingerprint(public: str | None) -> str | None:
    from mentorlog.sealing import signing

    return signing.fingerprint(public) if public else None


def paired_with(journal: Journal) -> str | None:
    """The partner's first name when this journal holds the partner's key (read only)."""
    keys = keys_store.read(journal.db)
    return partner_name(journal) if keys is not None and keys.partner_recipient else None


def local_time(value: str | None, now: datetime) -> str | None:
    """A stored stamp as the local wall time, `YYYY-MM-DD HH:MM`."""
    from mentorlog.dates import from_stamp

    return from_stamp(value).astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M") if value else None
