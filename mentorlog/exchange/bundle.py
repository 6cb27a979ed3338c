"""The bundle format: what travels between the two journals, written and read as a stream.

A bundle (format 2) is one JSON document laid out one record per line, so that it can be written
and read without holding it whole (docs/bundle-format.md has the schema):

    {"format":"mentorlog-bundle","version":2,"pair_id":…,"from":{…},"exported_at":…,…,"records":[
    {"table":"pair","id":…,"author":…,"created_at":…,"phase":…,"updated_at":…,"origin":…,
     "fields":{…},"versions":{…}},
    …
    ]}

Format 3 adds the signature (sealing/signing.py): the envelope names the sender's signing key
(`signing_key`) and how the bundle is sealed (`sealed_to`), and the last line carries the signature
of every line before it, `],"signature":"…"}` instead of `]}`.

Reading checks every value against `fields.py` before anything is written
(exchange/bundle_checks.py): a bad value refuses the whole bundle with a message naming the table,
the record and the field. Format-1 bundles (one line, `records` grouped by table, tags as JSON
text) are still read. A personal export (`mentorlog-export`) has the same shape, with each
record's `visibility`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import IO, Any

from mentorlog import fields as schema
from mentorlog.errors import InvalidInput
from mentorlog.model import Role
from mentorlog.store.merge import join, model

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
    older = join.decode_map(row.get("versions"))
    values: dict[str, Any] = {}
    for name, spec in schema.TABLES[table].items():
        if (tombstone and spec.text) or older.get(name) == model.UNKNOWN or name not in row:
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
    if personal:  # what is the owner's alone (declared not `shared`) goes to their own export only
        data.update({name: row[name] for name in schema.OWNER_ONLY})
    return data


def write(
    out: IO[bytes], envelope: Envelope, records: Iterator[dict[str, Any]], *, signing_key: str | None = None
) -> int:
    """Write the bundle to `out`, one record per line, signed with `signing_key` (this journal's
    secret signing key) when given; returns the number of records."""
    from mentorlog.sealing import signing

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


def newer(what: str) -> BadBundle:
    """The refusal of a bundle written by a newer mentorlog, holding `what`."""
    return BadBundle(
        f"The bundle holds {what}: it was written by a newer mentorlog. Upgrade mentorlog "
        "(`pip install -U mentorlog`) to merge it; nothing was merged."
    )
