"""The bundle format: what travels between the two journals, written and read as a stream.

A bundle (format 2) is one JSON document laid out one record per line, so that it can be written
and read without holding it whole (docs/bundle-format.md has the schema):

    {"format":"mentorlog-bundle","version":2,"pair_id":…,"from":{…},"exported_at":…,…,"records":[
    {"table":"pair","id":…,"author":…,"created_at":…,"phase":…,"updated_at":…,"origin":…,
     "fields":{…},"versions":{…}},
    …
    ]}

Format 3 adds the signature (services/signing.py): the envelope names the sender's signing key
(`signing_key`) and how the bundle is sealed (`sealed_to`), and the last line carries the signature
of every line before it, `],"signature":"…"}` instead of `]}`.

Reading checks every value against `fields.py` before anything is written
(services/bundle_checks.py): a bad value refuses the whole bundle with a message naming the table,
the record and the field. Format-1 bundles (one line, `records` grouped by table, tags as JSON
text) are still read. A personal export (`mentorlog-export`) has the same shape, with each
record's `visibility`.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any, NamedTuple

from mentorlog import fields as schema
from mentorlog.dates import stamp as to_stamp
from mentorlog.errors import InvalidInput
from mentorlog.model import Role
from mentorlog.store import versions as fv
from mentorlog.store.exchange import MERGE_ORDER as ORDER

BUNDLE = "mentorlog-bundle"
EXPORT = "mentorlog-export"
VERSION = 3
LINE_VERSIONS = (2, 3)  # the formats written one record per line (2: unsigned; 3: signed)
CODE = "code"  # `sealed_to` of a bundle locked with a pairing code
SIGNATURE_LINE = b'],"signature":'
MAX_BYTES = 64 * 2**20  # a bundle larger than this is refused before it is read
MAX_RECORDS = 250_000
MAX_LINE = 2**20  # one record's line
MAX_MERGED = 100_000  # pairs in a bundle's merged list
CLOCK_SLACK = schema.CLOCK_SLACK  # how far ahead of this machine's clock a stamp may be (fields.py)
ENVELOPE_KEYS = {
    "format", "version", "pair_id", "from", "exported_at", "clock", "seen", "merged", "since",
    "mentorlog_version", "recipient", "signing_key", "sealed_to", "auto_sync",
}  # fmt: skip
RECORD_KEYS = {"table", "id", "author", "created_at", "phase", "updated_at", "origin", "fields", "versions"}
JSON_FIELDS = {("note", "tags"), ("goal_revision", "before"), ("goal_revision", "after")}
RECIPIENT = re.compile(r"age1[02-9ac-hj-np-z]{58}")  # an age X25519 public key (bech32)
Lines = Callable[[], Generator[bytes, None, None]]  # reads a document anew at each call, line by line


class BadBundle(InvalidInput):
    """A bundle that cannot be merged; nothing was written."""


@dataclass(frozen=True)
class Envelope:
    format: str
    version: int
    pair_id: str
    sender_role: Role
    sender_journal: str
    exported_at: str  # when it was made (the sender's wall clock)
    clock: str  # the sender's clock: every change in the bundle is at or before it
    seen: str | None = None  # the receiver's clock as the sender last had it
    merged: tuple[tuple[str, str], ...] = ()  # the sender's merges of the receiver's bundles
    since: str | None = None  # the bundle holds only changes after this stamp (None: everything)
    mentorlog_version: str | None = None
    recipient: str | None = None  # a sealed bundle's: the sender's public key, to seal bundles back
    signing_key: str | None = None  # the sender's Ed25519 public key (`ssh-ed25519 …`), format 3
    sealed_to: str | None = None  # the age key it was sealed to, `code`, or None (plain)
    auto_sync: bool = False  # the sender syncs automatically through a folder (written only when true)

    @property
    def personal(self) -> bool:
        return self.format == EXPORT


# --- writing ---------------------------------------------------------------------------------


def envelope_json(envelope: Envelope) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": envelope.format,
        "version": VERSION,
        "pair_id": envelope.pair_id,
        "from": {"role": str(envelope.sender_role), "journal_id": envelope.sender_journal},
        "exported_at": envelope.exported_at,
        "clock": envelope.clock,
        "seen": envelope.seen,
        "merged": [list(pair) for pair in envelope.merged],
        "since": envelope.since,
        "mentorlog_version": envelope.mentorlog_version,
    }
    if envelope.recipient is not None:  # sealed bundles only: a plain one never names a key
        data["recipient"] = envelope.recipient
    if envelope.signing_key is not None:  # bundles, signed; a personal export is not
        data["signing_key"] = envelope.signing_key
        data["sealed_to"] = envelope.sealed_to
    if envelope.auto_sync:  # a bundle without it (every older one) means false
        data["auto_sync"] = True
    return data


def record_json(table: str, row: dict[str, Any], *, personal: bool) -> dict[str, Any]:
    """A stored row as it travels: bookkeeping, `fields` in their JSON form, older versions.

    A removed shared record travels as a tombstone, without its free text.
    """
    tombstone = row.get("deleted_at") is not None and not personal
    older = fv.decode_map(row.get("versions"))
    values: dict[str, Any] = {}
    for name, spec in schema.TABLES[table].items():
        if (tombstone and spec.text) or older.get(name) == fv.UNKNOWN or name not in row:
            continue  # a tombstone travels without its words; a field never received is not
            # carried, nor a link the store left out (to a record the partner may not see)
        value = row.get(name)
        if value is not None and (table, name) in JSON_FIELDS:
            value = json.loads(value)
        values[name] = value
    data: dict[str, Any] = {
        "table": table,
        "id": row["id"],
        "author": row["author"],
        "created_at": row["created_at"],
        "phase": row["phase"],
        "updated_at": row["updated_at"],
        "origin": row["origin"],
        "fields": values,
        "versions": {name: v for name, v in older.items() if name in values},
    }
    if personal:
        data["visibility"] = row["visibility"]
    return data


def write(
    out: IO[bytes], envelope: Envelope, records: Iterator[dict[str, Any]], *, signing_key: str | None = None
) -> int:
    """Write the bundle to `out`, one record per line, signed with `signing_key` (this journal's
    secret signing key) when given; returns the number of records."""
    from mentorlog.services import signing

    head = json.dumps(envelope_json(envelope), ensure_ascii=False, separators=(",", ":"))
    message = signing.message_digest() if signing_key is not None else None
    line = head[:-1].encode() + b',"records":['
    count = 0
    for record in records:
        piece = line + (b",\n" if count else b"\n")
        out.write(piece)
        if message is not None:
            message.update(piece)
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
        count += 1
    out.write(line + b"\n")
    if signing_key is None or message is None:
        out.write(b"]}\n")
        return count
    message.update(line + b"\n")
    signature = signing.sign(signing_key, message.digest())
    out.write(SIGNATURE_LINE + json.dumps(signature).encode() + b"}\n")
    return count


# --- reading ---------------------------------------------------------------------------------


def refuse(message: str) -> BadBundle:
    """The refusal of a damaged bundle: `message`, and that nothing was merged."""
    return BadBundle(f"{message} Nothing was merged.")


def _lines(data: bytes) -> Generator[bytes, None, None]:
    start = 0
    size = len(data)
    while start < size:
        end = data.find(b"\n", start)
        if end < 0:
            end = size
        yield data[start:end]
        start = end + 1


def _loads(raw: bytes | str, where: str) -> Any:
    try:
        return json.loads(raw)
    except RecursionError:
        raise refuse(f"The bundle is damaged: {where} is nested too deeply to be a bundle.") from None
    except UnicodeDecodeError:
        raise refuse(f"The bundle is damaged: {where} is not UTF-8 text.") from None
    except ValueError as error:
        raise refuse(
            f"The bundle is not complete or is damaged ({where}: {str(error).split(':')[0]}); perhaps it "
            "was cut short. Ask for it again."
        ) from None


def parse(data: bytes | Lines) -> tuple[dict[str, Any], Stream]:
    """The raw envelope, and a function that streams (table, raw record) pairs from `data` (the
    bundle's bytes, or a function that reads its lines anew, as a sealed bundle is decrypted).

    The one-record-per-line layout mentorlog writes is read line by line; any other layout (a
    format-1 bundle, or a bundle re-indented by another program) is read whole, within the size
    limit.
    """
    if isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_BYTES:
            raise refuse(f"The bundle is larger than {MAX_BYTES // 2**20} MiB, the most a bundle may be.")
        blob = bytes(data)

        def source() -> Generator[bytes, None, None]:
            return _lines(blob)
    else:
        source = data
    with contextlib.closing(source()) as lines:
        first = next(lines, b"")
    if first.endswith(b'"records":[') and len(first) <= MAX_LINE:
        envelope = _loads(first + b"]}", "its first line")
        if isinstance(envelope, dict) and envelope.get("version") in LINE_VERSIONS:
            envelope.pop("records", None)
            return envelope, Stream(lambda ledger: _stream(source(), ledger))
    whole = blob if isinstance(data, (bytes, bytearray)) else _joined(source)
    if whole[:1] != b"{":
        raise refuse("This file is not a mentorlog bundle.")
    document = _loads(whole, "the file")
    if not isinstance(document, dict):
        raise refuse("This file is not a mentorlog bundle.")
    records = document.pop("records", None)
    document.pop("signature", None)  # laid out anew, its lines are not the ones signed: unverifiable
    personal = document.get("format") == EXPORT
    # Read whole, the records are parsed once and held: both readings go through the same objects.
    return document, Stream(lambda ledger: _whole(records, personal))


class Stream:
    """A bundle's records as (table, raw record) pairs, read anew at each call."""

    def __init__(self, read: Callable[[Ledger | None], Iterator[tuple[str, Any]]]):
        self._read = read

    def __call__(self) -> Iterator[tuple[str, Any]]:
        return self._read(None)

    def read(self, ledger: Ledger) -> Iterator[tuple[str, Any]]:
        """The records, each block of lines entered in `ledger` (or compared with it) first."""
        return self._read(ledger)


class Ledger:
    """A digest of each block of a bundle's lines: made while the checking pass reads them, then
    compared while the writing pass reads them again, before a block's records are handed on. A
    bundle is read twice from the same bytes held in memory (or the same ciphertext, decrypted and
    authenticated anew), so the two readings agree; the ledger makes sure of it."""

    def __init__(self) -> None:
        self.digests: list[bytes] = []
        self.comparing = False  # False: the checking pass (digests entered); True: the writing pass
        self.position = 0
        # what the checking pass found of the signature (services/signing.py): the SHA-512 of the
        # lines it covers, and the armored signature of the last line (None: the bundle is unsigned)
        self.message: Any = None
        self.signature: str | None = None

    def signed_lines(self) -> Any:
        """The running hash of the signed lines, during the checking pass only (else None)."""
        if self.comparing:
            return None
        from mentorlog.services import signing

        self.message = signing.message_digest()
        self.signature = None
        return self.message

    def enter(self, block: list[bytes]) -> None:
        import hashlib

        digest = hashlib.blake2b(b"\n".join(block), digest_size=16).digest()
        if not self.comparing:
            self.digests.append(digest)
            return
        if self.position >= len(self.digests) or self.digests[self.position] != digest:
            raise _changed()
        self.position += 1

    def close(self) -> None:
        if self.comparing and self.position != len(self.digests):
            raise _changed()


def _changed() -> BadBundle:
    return refuse("The bundle read differently the second time (was it changed while it was merged?).")


def _joined(source: Lines) -> bytes:
    """A document's lines joined again, within the size limit."""
    parts: list[bytes] = []
    size = 0
    with contextlib.closing(source()) as lines:
        for line in lines:
            size += len(line) + 1
            if size > MAX_BYTES + 1:
                raise refuse(f"The bundle is larger than {MAX_BYTES // 2**20} MiB, the most a bundle may be.")
            parts.append(line)
    return b"\n".join(parts)


def _stream(source: Generator[bytes, None, None], ledger: Ledger | None) -> Iterator[tuple[str, Any]]:
    ended = False
    number = 1
    message = ledger.signed_lines() if ledger is not None else None
    with contextlib.closing(source) as lines:
        head = next(lines, None)  # the envelope's line
        if message is not None and head is not None:
            message.update(head + b"\n")
        for block in _blocks(lines):
            if ledger is not None:
                ledger.enter(block)
            for line in block:
                number += 1
                if ended:
                    if line.strip():
                        raise refuse(f"The bundle is damaged: something follows its end (line {number}).")
                    continue
                if line == b"]}":
                    ended = True
                    continue
                if line.startswith(SIGNATURE_LINE):
                    signature = _signature(line, number)
                    if ledger is not None and message is not None:
                        ledger.signature = signature
                    ended = True
                    continue
                if message is not None:
                    message.update(line + b"\n")
                if len(line) > MAX_LINE:
                    raise refuse(f"The bundle is damaged: line {number} is longer than any record can be.")
                raw = _loads(line[:-1] if line.endswith(b",") else line, f"line {number}")
                table = raw.get("table") if isinstance(raw, dict) else None
                yield (table if isinstance(table, str) else "?"), raw
    if not ended:
        raise refuse(
            "The bundle is not complete (its end is missing); perhaps it was cut short. Ask for it again."
        )
    if ledger is not None:
        ledger.close()


def _signature(line: bytes, number: int) -> str:
    """The armored signature of a bundle's last line, `],"signature":"…"}`."""
    if len(line) > 4096:
        raise refuse(f"The bundle is damaged: its signature (line {number}) is too long to be a signature.")
    value = _loads(b"{" + line[2:], f"line {number}")
    if not isinstance(value, dict) or set(value) != {"signature"} or not isinstance(value["signature"], str):
        raise refuse(f"The bundle is damaged: its last line (line {number}) is not a signature.")
    return value["signature"]


BLOCK_LINES = 256
BLOCK_BYTES = 2**20


def _blocks(lines: Iterator[bytes]) -> Iterator[list[bytes]]:
    """Lines in blocks of at most BLOCK_LINES lines or about BLOCK_BYTES (a block is cut by its
    lines alone, so the same lines make the same blocks)."""
    block: list[bytes] = []
    size = 0
    for line in lines:
        block.append(line)
        size += len(line)
        if len(block) >= BLOCK_LINES or size >= BLOCK_BYTES:
            yield block
            block, size = [], 0
    if block:
        yield block


def _whole(records: Any, personal: bool) -> Iterator[tuple[str, Any]]:
    if isinstance(records, list):  # format 2, another layout
        for raw in records:
            table = raw.get("table") if isinstance(raw, dict) else None
            yield (table if isinstance(table, str) else "?"), raw
    elif isinstance(records, dict):  # format 1: {table: [row, …]}
        for table in ORDER:
            rows = records.get(table, [])
            if not isinstance(rows, list):
                raise refuse(f"The bundle is damaged: its {table} records are not a list.")
            for row in rows:
                yield table, _from_format_1(table, row, personal)
        unknown = sorted(set(records) - set(ORDER))
        if unknown:
            raise newer(f"records of a kind it does not know ({', '.join(unknown)})")
    else:
        raise refuse("The bundle is damaged: it holds no records.")


def _from_format_1(table: str, row: Any, personal: bool) -> Any:
    """A format-1 row (every column flat) in the format-2 shape; each field at the record's version."""
    if not isinstance(row, dict):
        return row
    bookkeeping = {"id", "created_at", "updated_at", "author", "origin", "phase"}
    record = {key: row.get(key) for key in bookkeeping}
    record["table"] = table
    fields = {key: value for key, value in row.items() if key not in bookkeeping and key != "visibility"}
    record["fields"] = fields
    record["versions"] = {}
    for key in ("tags", "before", "after"):  # format 1 wrote these JSON values as text
        value = fields.get(key)
        if (table, key) in JSON_FIELDS and isinstance(value, str):
            with contextlib.suppress(ValueError):
                fields[key] = json.loads(value)
    if personal or row.get("visibility", "shared") != "shared":
        record["visibility"] = row.get("visibility")  # a bundle's must be shared: checked later
    return record


def newer(what: str) -> BadBundle:
    """The refusal of a bundle written by a newer mentorlog, holding `what`."""
    return BadBundle(
        f"The bundle holds {what}: it was written by a newer mentorlog. Upgrade mentorlog "
        "(`pip install -U mentorlog`) to merge it; nothing was merged."
    )


def pair_names(data: bytes | Lines) -> tuple[str, str] | None:
    """(mentor, mentee) as the bundle's pair record names them, read without checking the rest
    (only to explain a refusal), or None."""
    try:
        _, stream = parse(data)
        for table, raw in stream():
            fields = raw.get("fields") if table == "pair" and isinstance(raw, dict) else None
            if isinstance(fields, dict):
                mentor, mentee = fields.get("mentor"), fields.get("mentee")
                if isinstance(mentor, str) and isinstance(mentee, str):
                    return mentor, mentee
            return None
    except InvalidInput:
        return None
    return None


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
        from mentorlog.services import signing

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
