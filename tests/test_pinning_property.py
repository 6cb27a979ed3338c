"""A property of the pinning rules (exchange/authenticity.py, exchange/pairing.py): for any
sequence of shares, merges, re-pairings and forged bundles, the partner's signing key pinned in a
journal is always one the partner really held, never a forger's, never one the partner gave up
before it, and the partner's current one as soon as the partner's newest code-locked bundle has
been merged.

Sealing is played, not performed (scrypt costs a second a bundle): a bundle here is its envelope,
its real signature over a message, and how it arrives (sealed to which key, with the code, or
plain), which is all the rules read. tests/test_authenticity.py does the same with real files and
the attacker's tools.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog.errors import MentorlogError
from mentorlog.exchange import keys as key_pairs
from mentorlog.exchange.bundle import Envelope
from mentorlog.exchange.bundle_read import Ledger
from mentorlog.exchange.pairing import Opened, judge, note_bundle
from mentorlog.journal.journal import init_journal
from mentorlog.sealing import agefile, signing
from mentorlog.store import keys as keys_store
from mentorlog.store.journal import writing

from .conftest import NOW

OPS = ("b_shares", "a_shares", "a_repairs", "b_repairs", "forge_old_key", "forge_stranger", "forge_unsigned")


@dataclass
class Side:
    journal: object
    held: list[str] = field(default_factory=list)  # every signing key this side ever had, in order
    codes_sent: list[str] = field(default_factory=list)  # the signing key of each code-locked bundle

    @property
    def keys(self) -> keys_store.Keys:
        found = keys_store.read(self.journal.db)
        assert found is not None
        return found


def _bundle(keys: keys_store.Keys, sender, sealed_to: str | None, *, secret: str | None = None, public=None):
    """An envelope and a ledger as the checking pass leaves them: the message, its signature."""
    envelope = Envelope(
        format="mentorlog-bundle", version=3, pair_id=sender.pair.id, sender_role=sender.pair.me,
        sender_journal=sender.pair.journal_id, exported_at="2026-11-21T13:30:00.000Z",
        clock="2026-11-21T13:30:00.000Z", recipient=keys.recipient,
        signing_key=public if public is not None else keys.signing_public, sealed_to=sealed_to,
    )  # fmt: skip
    ledger = Ledger()
    ledger.message = hashlib.sha512(repr(envelope).encode())
    signer = secret if secret is not None else keys.signing_key
    ledger.signature = signing.sign(signer, ledger.message.digest()) if signer else None
    return envelope, ledger


def _send(sender: Side, receiver: Side, now, *, envelope_and_ledger=None, how=None) -> bool:
    """The receiver merges what the sender shares now, if it can open it; True when taken."""
    keys = sender.keys
    if how is None:
        how = ("code", None) if keys.code else ("key", keys.partner_recipient)
    protection, sealed_to_key = how
    if envelope_and_ledger is None:
        envelope_and_ledger = _bundle(keys, sender.journal, "code" if protection == "code" else sealed_to_key)
        if protection == "code":
            sender.codes_sent.append(keys.signing_public)
    envelope, ledger = envelope_and_ledger
    mine = receiver.keys
    if protection == "code":
        if keys.code is None:
            return False  # no code said aloud for it
        opened = Opened(b"", "code")
    elif protection == "key":
        previous = agefile.recipient_of(mine.previous_identity) if mine.previous_identity else None
        if sealed_to_key == mine.recipient:
            opened = Opened(b"", "key", current_key=True, opened_by=mine.recipient)
        elif sealed_to_key is not None and sealed_to_key == previous:
            opened = Opened(b"", "key", current_key=False, opened_by=previous)
        else:
            return False  # sealed for a key this journal does not have: it does not open
    else:
        opened = Opened(b"", "plain")
    try:
        with writing(receiver.journal.db):
            verdict = judge(receiver.journal, envelope, opened, ledger, db=receiver.journal.db)
            note_bundle(receiver.journal.db, envelope, opened, verdict, now)
    except MentorlogError:
        return False
    return True


def _repair(side: Side, now) -> None:
    with writing(side.journal.db):
        key_pairs.renew(side.journal.db, now, "abandon ability able about above")
    side.held.append(side.keys.signing_public)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(OPS), min_size=1, max_size=14))
def test_the_pinned_key_is_always_one_the_partner_held(tmp_path_factory, ops):
    folder = tmp_path_factory.mktemp("pinning")
    now = NOW
    a = Side(init_journal(str(folder / "a.db"), mentor="T Z", mentee="M H", me="mentee", programme=None,
                          start="2026-09-01", end=None, now=now))  # fmt: skip
    b_journal = init_journal(str(folder / "b.db"), mentor="T Z", mentee="M H", me="mentor", programme=None,
                             start="2026-09-01", end=None, now=now)  # fmt: skip
    b = Side(b_journal)
    with writing(b.journal.db):  # the same mentorship: the ids the rules compare
        b.journal.db.execute("update pair set id = ?", [a.journal.pair.id])
    b.journal.refresh()
    for side in (a, b):
        with writing(side.journal.db):
            key_pairs.start_code(side.journal.db, now, "abandon ability able about above")
        side.held.append(side.keys.signing_public)
    _send(a, b, now)  # the first meeting: A's code-locked bundle, then B's answer
    _send(b, a, now)
    stolen_b = [b.keys.signing_key]  # a thief may hold any key B ever had
    forger_secret, forger_public = signing.new_key()
    reached = 0  # how far along B's keys A's pinned one has come: never back
    for step, op in enumerate(ops):
        now = now + timedelta(minutes=step + 1)
        if op == "b_shares":
            locked = b.keys.code is not None
            taken = _send(b, a, now)
            if locked:
                assert taken and a.keys.partner_signing_key == b.keys.signing_public, "the code's key"
        elif op == "a_shares":
            _send(a, b, now)
        elif op == "a_repairs":
            _repair(a, now)
        elif op == "b_repairs":
            stolen_b.append(b.keys.signing_key)
            _repair(b, now)
        else:
            keys, target = b.keys, a.keys.recipient
            if op == "forge_old_key":  # signed with a key B held before (a stolen laptop)
                secret = stolen_b[0]
                public = signing.public_of(secret)
            elif op == "forge_stranger":
                secret, public = forger_secret, forger_public
            else:  # unsigned, naming B's key
                secret, public = keys.signing_key, keys.signing_public
            envelope, ledger = _bundle(keys, b.journal, target, secret=secret, public=public)
            if op == "forge_unsigned":
                ledger.signature = None
            # refused unless signed by the key A has pinned (an old key stays B's until A merges
            # B's re-pairing: a thief with it writes until then, and never after)
            if public != a.keys.partner_signing_key or op == "forge_unsigned":
                for how in (("key", target), ("plain", None)):
                    before = a.keys
                    assert not _send(b, a, now, envelope_and_ledger=(envelope, ledger), how=how), op
                    assert a.keys == before
        pinned = a.keys.partner_signing_key
        assert pinned is not None, "paired at the first meeting, pinned for good"
        assert pinned in b.held, "a key B never held is pinned"
        assert pinned not in a.keys.revoked_keys()
        assert b.held.index(pinned) >= reached, "the pinned key went back to one B gave up"
        reached = b.held.index(pinned)
