"""A bundle's envelope checked before any record is read: its format and version, the pair and
the sender, its stamps (never more than a day ahead of this machine's clock), and its cursors
(`seen`, `merged`, `since`), which may claim no more than this journal ever sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from mentorlog import fields as schema
from mentorlog.dates import stamp as to_stamp
from mentorlog.exchange.bundle import (
    BUNDLE,
    CLOCK_SLACK,
    CODE,
    ENVELOPE_KEYS,
    EXPORT,
    MAX_MERGED,
    RECIPIENT,
    VERSION,
    BadBundle,
    Envelope,
    newer,
    refuse,
)
from mentorlog.model import Role


def check_envelope(raw: dict[str, Any], now: datetime, sent: Sent | None = None) -> Envelope:
    """The bundle's envelope, checked: format, version, pair, sender and stamps; its cursors
    against what this journal has `sent` (None: no journal yet, as for `init --from`)."""
    form = raw.get("format")
    if form not in (BUNDLE, EXPORT):
        raise refuse("This file is not a mentorlog bundle.")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise refuse("The bundle is damaged: it has no valid format version.")
    if version > VERSION:
        raise newer(f"format version {version}")
    unknown = set(raw) - ENVELOPE_KEYS
    if unknown and version == VERSION:
        raise newer(f"envelope fields it does not know ({', '.join(sorted(unknown))})")
    sender = raw.get("from")
    if not schema.is_ulid(raw.get("pair_id")):
        raise refuse("The bundle is damaged: it names no valid mentorship (pair_id).")
    if (
        not isinstance(sender, dict)
        or sender.get("role") not in ("mentor", "mentee")
        or not schema.is_ulid(sender.get("journal_id"))
        or set(sender) - {"role", "journal_id"}
    ):
        raise refuse("The bundle is damaged: it does not say validly whose journal made it (from).")
    stamps: dict[str, str | None] = {}
    if version == 1:  # format 1 had no clock: its records are at or before its export
        raw = {**raw, "clock": raw.get("exported_at")}
    for key in ("exported_at", "clock", "seen", "since"):
        value = raw.get(key)
        if value is None and key in ("seen", "since"):
            stamps[key] = None
            continue
        if not schema.is_stamp(value):
            raise refuse(f"The bundle is damaged: its {key} is not a timestamp.")
        _not_ahead(str(value), now, f"The bundle's {key}")
        stamps[key] = value
    merged = raw.get("merged")
    if merged is None:
        merged = []
    if not isinstance(merged, list) or len(merged) > MAX_MERGED:
        raise refuse("The bundle is damaged: its merged list is not a list.")
    for item in merged:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not all(schema.is_stamp(v) for v in item)
            or max(item) > to_stamp(now + CLOCK_SLACK)
        ):
            raise refuse("The bundle is damaged: its merged list holds something that is not two timestamps.")
    check_cursors(version, stamps, merged, sender["journal_id"], sent)
    made_by = raw.get("mentorlog_version")
    if made_by is not None and not isinstance(made_by, str):
        raise refuse("The bundle is damaged: its mentorlog_version is not text.")
    recipient = raw.get("recipient")
    if recipient is not None and (not isinstance(recipient, str) or not RECIPIENT.fullmatch(recipient)):
        raise refuse("The bundle is damaged: its recipient is not an age public key.")
    signing_key, sealed_to = raw.get("signing_key"), raw.get("sealed_to")
    if signing_key is not None:
        from mentorlog.sealing import signing

        if not signing.valid_public(signing_key):
            raise refuse("The bundle is damaged: its signing_key is not an Ed25519 public key (ssh-ed25519).")
    if sealed_to is not None and (
        not isinstance(sealed_to, str) or not (sealed_to == CODE or RECIPIENT.fullmatch(sealed_to))
    ):
        raise refuse("The bundle is damaged: its sealed_to is neither an age public key nor `code`.")
    auto_sync = raw.get("auto_sync", False)
    if not isinstance(auto_sync, bool):
        raise refuse("The bundle is damaged: its auto_sync is not true or false.")
    return Envelope(
        format=form,
        version=version,
        pair_id=raw["pair_id"],
        sender_role=Role(sender["role"]),
        sender_journal=sender["journal_id"],
        exported_at=str(stamps["exported_at"]),
        clock=str(stamps["clock"]),
        seen=stamps["seen"],
        merged=tuple((item[0], item[1]) for item in merged),
        since=stamps["since"],
        mentorlog_version=made_by if isinstance(made_by, str) and len(made_by) <= 40 else None,
        recipient=recipient,
        signing_key=signing_key,
        sealed_to=sealed_to,
        auto_sync=auto_sync,
    )


class Sent(NamedTuple):
    """What this journal has said to its partner, to hold a bundle's cursors against."""

    shared: str  # its clock in its last bundle (its clock, if it has not shared since cursors came)
    had: str  # the partner's clock as it last said it had it (the `seen` of its bundles)
    partner: str | None  # the partner's journal that `had` is about


def check_cursors(
    version: int, stamps: dict[str, str | None], merged: list[list[str]], sender: str, sent: Sent | None
) -> None:
    """A bundle's cursors are claims about the two journals, checked like its values: none may
    claim more than the sender's own clock, or more than this journal ever sent or said it had.

    `seen` (this journal's clock as the sender last had it) and the first stamp of each `merged`
    pair (this journal's clock in a bundle the sender merged) are at most this journal's clock in
    its last bundle; `since` (the bundle holds only the sender's changes after it) is at most what
    this journal said it had of the sender's, since the sender took it from a `seen` of ours. A
    false `seen` would stop this journal's changes from ever being shared again; a false `since`
    would leave out changes this journal never had. A journal not made yet (`sent` None) has said
    nothing: it starts from a whole bundle only. (A format-1 bundle had no clock of its own: its
    time of export stands for it, so nothing is held against it.)
    """
    clock = str(stamps["clock"]) if version == VERSION else "9999"
    seen, since = stamps["seen"], stamps["since"]
    for at, after in merged:
        if at > after or after > clock:
            raise _false_cursor(
                "merged",
                f"says a bundle of this journal's up to {at} was merged at {after}, "
                + ("before it was made" if at > after else f"after the sender's own clock ({clock})"),
            )
    if seen is not None and seen > clock:
        raise _false_cursor("seen", f"({seen}) is later than the sender's own clock ({clock})")
    if since is not None and since > clock:
        raise _false_cursor("since", f"({since}) is later than the sender's own clock ({clock})")
    if sent is None:
        if since is not None:
            raise _false_cursor(
                "since",
                f"says it holds only the changes after {since}, but a new journal has had none of them",
            )
        return
    if seen is not None and seen > sent.shared:
        raise _false_cursor(
            "seen",
            f"says your partner has this journal's changes up to {seen}, more than it ever sent (its "
            f"last bundle went up to {sent.shared or 'nothing'})",
        )
    for at, _after in merged:
        if at > sent.shared:
            raise _false_cursor(
                "merged",
                f"says your partner merged a bundle of this journal's up to {at}, more than it ever sent "
                f"(its last bundle went up to {sent.shared or 'nothing'})",
            )
    had = sent.had if sent.partner == sender else ""
    if since is not None and since > had:
        raise _false_cursor(
            "since",
            f"says it holds only the changes after {since}, more than this journal ever said it had "
            f"(your partner's changes up to {had or 'none'})",
        )


def _false_cursor(field: str, claim: str) -> BadBundle:
    return BadBundle(
        f"The bundle is refused: its {field} {claim}.\n"
        "Nothing was merged; ask your partner to share everything again: `mentorlog share --all` "
        "(or `mentorlog sync --all`)."
    )


def _not_ahead(value: str, now: datetime, what: str) -> None:
    limit = to_stamp(now + CLOCK_SLACK)
    if value > limit:
        raise refuse(
            f"{what} is dated {value[:16].replace('T', ' ')} UTC, more than a day ahead of this "
            f"machine's clock ({to_stamp(now)[:16].replace('T', ' ')} UTC): one of the two clocks is wrong. "
            "Check the date and time on both machines, then share again."
        )
