"""Who made a bundle: the signature checked against the partner's pinned signing key, and the only
ways a new key is pinned (the README's "What is protected, and from whom").

The rules, decided before anything is written and again inside the merge's write transaction:

- A signed bundle must verify against the signing key its envelope names, and must say how it was
  sealed (`sealed_to`) as it really was: to the key that opened it, with a code, or plain. So a
  bundle signed for one journal and re-sealed, or unsealed and passed on as plain, is refused.
- Once a partner's signing key is pinned, only bundles it signed are taken in. A key a
  re-pairing replaced is refused for ever.
- A new signing key (and with it the partner's age key) is pinned only from a bundle a pairing code
  opened: the partner's code, typed by the person (said aloud, it vouches for the key), or this
  journal's own code, with which the partner's journal locks its answer (exchange/pairing.py).
  Nothing the sender writes about itself (its `exported_at`, its `recipient`) decides which key is
  pinned.
- A journal paired before bundles were signed (or not paired at all) pins the partner's key from the
  first signed bundle sealed to its current key (and says so); `pair --code` on either side is the
  way to be sure.
- Unsigned bundles: taken as before while no key is pinned (the first exchange is protected by
  the code); once one is pinned, a plain unsigned file only with `merge --unsigned`, never by
  `sync`, and a sealed unsigned one never.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentorlog.exchange.bundle import CODE, BadBundle, Envelope
from mentorlog.exchange.bundle_read import Ledger
from mentorlog.store.keys import Keys

KEY = "key"
PLAIN = "plain"


class NotFromPartner(BadBundle):
    """A bundle not signed by the partner's pinned key: another journal's, a forgery, or unsigned."""


@dataclass(frozen=True)
class Verdict:
    """What the signature says of a bundle that may be taken in."""

    signed_by: str | None  # the signing key that verified (None: taken unsigned)
    pin: str | None = None  # a new signing key of the partner's to pin
    recipient: str | None = None  # the partner's age key, pinned with it
    replaces: str | None = None  # the pinned key it replaces (then refused for ever)
    first_use: bool = False  # pinned because this journal was paired before bundles were signed
    unsigned: bool = False  # taken without a signature of the pinned key (`merge --unsigned`)

    def as_dict(self) -> dict[str, Any]:
        return {
            "signed": self.signed_by is not None,
            "new_partner_key": self.pin is not None,
            "replaced_partner_key": self.replaces is not None,
            "unsigned": self.unsigned,
        }


def verdict(
    keys: Keys | None,
    envelope: Envelope,
    protection: str,
    current_key: bool,
    opened_by: str | None,
    ledger: Ledger,
    partner: str,
    *,
    unsigned_ok: bool = False,
    by_sync: bool = False,
) -> Verdict:
    """Whether the bundle may be taken in, and which key it pins; raises NotFromPartner (or
    BadBundle for a signature that does not match) before anything is written.

    `opened_by` is the age public key whose secret opened a bundle sealed to a key."""
    pinned = keys.partner_signing_key if keys is not None else None
    signature = ledger.signature
    if signature is None or envelope.signing_key is None:
        return _unsigned(keys, envelope, protection, partner, unsigned_ok=unsigned_ok, by_sync=by_sync)
    from mentorlog.sealing import signing

    valid = signing.verifies(signature, ledger.message.digest(), envelope.signing_key)
    vouched = protection == PLAIN and unsigned_ok and not by_sync
    if vouched and not (valid and envelope.signing_key == pinned):
        return Verdict(signed_by=None, unsigned=True)  # the person vouches for it: `merge --unsigned`
    if not valid:
        raise BadBundle(
            "This bundle's signature does not match what it holds: it was changed after it was signed, "
            f"or it is not {partner}'s. Nothing was merged; ask {partner} to share again."
        )
    sealed_as = {PLAIN: None, CODE: CODE}.get(protection, opened_by)
    if envelope.sealed_to != sealed_as:
        raise NotFromPartner(
            f"This bundle was signed to be {_sealed_words(envelope.sealed_to)}, but it came "
            f"{_sealed_words(sealed_as)}: someone unsealed it and passed it on. Nothing was merged."
        )
    key = envelope.signing_key
    revoked = keys.revoked_keys() if keys is not None else {}
    if key in revoked:
        raise NotFromPartner(
            f"This bundle is signed by a key {partner}'s journal gave up on {revoked[key][:10]}, when the "
            f"two journals were paired again: not from {partner}'s journal as it is now. Nothing was merged."
        )
    if key == pinned:
        return Verdict(signed_by=key)
    if protection == CODE:  # opened with a pairing code: the code vouches for the key
        return Verdict(signed_by=key, pin=key, recipient=envelope.recipient, replaces=pinned)
    if pinned is None and protection == KEY and current_key and keys is not None and keys.code is None:
        # sealed to this journal's current key, which only a partner's journal or a copy of this one
        # reveals: paired before signatures (or by a copy), pinned on first use. A journal waiting
        # with its code takes keys only from the answer locked with that code.
        recipient = envelope.recipient if keys.partner_recipient is None else None
        return Verdict(signed_by=key, pin=key, recipient=recipient, first_use=True)
    if pinned is None and protection == PLAIN:  # not paired yet: a plain bundle pins nothing, as before
        if by_sync:
            raise _plain_in_folder(partner)
        return Verdict(signed_by=None, unsigned=True)
    raise NotFromPartner(
        f"This bundle is signed by a key this journal does not know: not from {partner}'s journal. "
        f"Nothing was merged. (If {partner} started a journal anew or paired again, {partner} tells "
        "you the new pairing code and you merge the next bundle with it.)"
    )


def _unsigned(
    keys: Keys | None, envelope: Envelope, protection: str, partner: str, *, unsigned_ok: bool, by_sync: bool
) -> Verdict:
    pinned = keys.partner_signing_key if keys is not None else None
    if pinned is None and not (by_sync and protection == PLAIN):
        return Verdict(signed_by=None, unsigned=protection == PLAIN)
    if protection == PLAIN and unsigned_ok and not by_sync:
        return Verdict(signed_by=None, unsigned=True)
    if protection == PLAIN:
        if by_sync:
            raise _plain_in_folder(partner)
        raise NotFromPartner(
            f"This plain bundle is not signed by {partner}'s journal, so anyone could have written it. "
            f"Nothing was merged. If you are sure it is {partner}'s, take it with "
            "`mentorlog merge --unsigned FILE`."
        )
    raise NotFromPartner(
        f"This bundle is not signed by {partner}'s journal (it may come from an older mentorlog): anyone "
        f"who knows your journal's public key could have made it. Nothing was merged; ask {partner} "
        "to update mentorlog and share again."
    )


def _plain_in_folder(partner: str) -> NotFromPartner:
    return NotFromPartner(
        f"This plain file is not signed by {partner}'s journal, so anyone could have written it; sync "
        "never takes such a file. Nothing was merged."
    )


def _sealed_words(sealed_to: str | None) -> str:
    if sealed_to is None:
        return "plain (not sealed)"
    if sealed_to == CODE:
        return "locked with a pairing code"
    return f"sealed to the key {sealed_to[:12]}…"
