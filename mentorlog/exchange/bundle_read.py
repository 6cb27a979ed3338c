"""Reading a bundle (the format: exchange/bundle.py) as a stream of (table, raw record) pairs, read
anew at each call and never held whole: a bundle of the line formats line by line, in blocks that
the checking pass enters in a `Ledger` and the writing pass compares with it; a format-1 bundle
whole. Nothing here checks a value (exchange/bundle_checks.py does)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Generator, Iterator
from typing import Any

from mentorlog.errors import InvalidInput
from mentorlog.exchange import bundle
from mentorlog.exchange.bundle import (
    EXPORT,
    JSON_FIELDS,
    LINE_VERSIONS,
    SIGNATURE_LINE,
    BadBundle,
    Lines,
    newer,
    refuse,
)
from mentorlog.store.merge.model import MERGE_ORDER as ORDER


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
        if len(data) > bundle.MAX_BYTES:
            raise _too_large()
        blob = bytes(data)

        def source() -> Generator[bytes, None, None]:
            return _lines(blob)
    else:
        source = data
    with contextlib.closing(source()) as lines:
        first = next(lines, b"")
    if first.endswith(b'"records":[') and len(first) <= bundle.MAX_LINE:
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
        # what the checking pass found of the signature (sealing/signing.py): the SHA-512 of the
        # lines it covers, and the armored signature of the last line (None: the bundle is unsigned)
        self.message: Any = None
        self.signature: str | None = None

    def signed_lines(self) -> Any:
        """The running hash of the signed lines, during the checking pass only (else None)."""
        if self.comparing:
            return None
        from mentorlog.sealing import signing

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


def _too_large() -> BadBundle:
    return refuse(f"The bundle is larger than {bundle.MAX_BYTES // 2**20} MiB, the most a bundle may be.")


def _changed() -> BadBundle:
    return refuse("The bundle read differently the second time (was it changed while it was merged?).")


def _joined(source: Lines) -> bytes:
    """A document's lines joined again, within the size limit."""
    parts: list[bytes] = []
    size = 0
    with contextlib.closing(source()) as lines:
        for line in lines:
            size += len(line) + 1
            if size > bundle.MAX_BYTES + 1:
                raise _too_large()
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
                if len(line) > bundle.MAX_LINE:
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
