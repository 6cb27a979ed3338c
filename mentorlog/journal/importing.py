"""`import jrnl|csv FILE`: entries written elsewhere brought in as private notes, with their dates.

Design:
- Every value is checked as a person's input is (`validate`, the date grammar, the tag and kind
  rules of `notes`), every entry before anything is written: one bad entry refuses the file with
  a message naming its place (`entry 4`, `line 7`), and nothing is written.
- Each entry becomes a private note dated to its moment (`created_at`, `occurred_on`), as
  `note --at` dates one; it belongs to no session. An entry already in the journal (the same
  moment and text: a file imported twice) is skipped and counted.
- `--dry-run` checks everything and says what would come in, writing nothing.
- jrnl's JSON export (`jrnl --export json`): `{"entries": [{"date", "time", "title", "body",
  "tags": ["@tag"], "starred"}]}`; the title and the body make the note's text, a starred entry
  gets the tag `starred`. CSV: a header row naming the columns `date` and `text`, and `kind` and
  `tags` if wanted (tags separated by spaces or commas); UTF-8, any dialect `csv.Sniffer` knows.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from mentorlog import fields
from mentorlog.dates import stamp
from mentorlog.errors import InvalidInput, NotFound
from mentorlog.journal import validate
from mentorlog.journal.journal import Journal
from mentorlog.model import NoteKind, Role, Visibility
from mentorlog.sessions import notes
from mentorlog.store import notes as notes_store
from mentorlog.store import records
from mentorlog.store.journal import writing

MAX_BYTES = 32 * 2**20  # a file larger than this is refused before it is read
MAX_ENTRIES = 100_000
FORMATS = ("jrnl", "csv")


class Entry(NamedTuple):
    """One entry, checked: what the note will hold."""

    when: datetime
    text: str
    kind: str
    tags: list[str]


def import_entries(
    journal: Journal,
    form: str,
    path: Path,
    now: datetime,
    *,
    dry_run: bool = False,
    date_order: str = "dmy",
    acting_as: Role | None = None,
) -> dict[str, Any]:
    """Check every entry of `path` (in format `form`), then write them all as private notes in one
    transaction (unless `dry_run`); returns what came in."""
    form = form.strip().lower()
    if form not in FORMATS:
        raise InvalidInput(
            f"mentorlog imports {' or '.join(FORMATS)}, not {form!r}: `mentorlog import jrnl FILE`."
        )
    text = _read(Path(path).expanduser())
    raw = _jrnl(text) if form == "jrnl" else _csv(text)
    entries = [_checked(place, values, now, date_order) for place, values in raw]
    new = _new(journal, entries)
    if not dry_run and new:
        writer = journal.writer(now, acting_as)
        with writing(journal.db):
            for entry in new:
                records.insert(
                    journal.db,
                    "note",
                    writer,
                    {
                        "text": entry.text,
                        "kind": entry.kind,
                        "tags": json.dumps(entry.tags),
                        "occurred_on": entry.when.date().isoformat(),
                        "session_id": None,
                    },
                    visibility=Visibility.PRIVATE,
                    created_at=stamp(entry.when),
                )
    days = sorted(e.when.date().isoformat() for e in new)
    return {
        "format": form,
        "file": str(path),
        "dry_run": dry_run,
        "entries": len(entries),
        "imported": 0 if dry_run else len(new),
        "new": len(new),
        "already_there": len(entries) - len(new),
        "first_day": days[0] if days else None,
        "last_day": days[-1] if days else None,
        "kinds": {kind: sum(e.kind == kind for e in new) for kind in sorted({e.kind for e in new})},
    }


def _read(path: Path) -> str:
    if not path.is_file():
        raise NotFound(f"No file at {path}.")
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput(f"{path} is larger than {MAX_BYTES // 2**20} MiB; nothing was imported.")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{path} is not UTF-8 text (byte {error.start}); nothing was imported. Save it as UTF-8 first."
        ) from None


def _jrnl(text: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise InvalidInput(
            "This is not jrnl's JSON export (`jrnl --export json > FILE`); nothing was imported."
        ) from None
    entries = document.get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise InvalidInput('This JSON holds no jrnl entries (a list under "entries"); nothing was imported.')
    _count(len(entries))
    found = []
    for number, entry in enumerate(entries, start=1):
        place = f"entry {number}"
        if not isinstance(entry, dict):
            raise InvalidInput(f"{place} is not a jrnl entry; nothing was imported.")
        title, body = entry.get("title") or "", entry.get("body") or ""
        if not isinstance(title, str) or not isinstance(body, str):
            raise InvalidInput(f"{place}: its title and body must be text; nothing was imported.")
        tags = entry.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise InvalidInput(f"{place}: its tags must be a list of words; nothing was imported.")
        tags = [t.lstrip("@#") for t in tags]
        if entry.get("starred") is True:
            tags.append("starred")
        date, time = entry.get("date"), entry.get("time")
        if not isinstance(date, str) or (time is not None and not isinstance(time, str)):
            raise InvalidInput(f"{place} has no date (YYYY-MM-DD); nothing was imported.")
        found.append(
            (
                place,
                {
                    "date": f"{date} {time}" if time else date,
                    "text": "\n".join(part for part in (title.strip(), body.strip()) if part),
                    "kind": "note",
                    "tags": tags,
                },
            )
        )
    return found


def _csv(text: str) -> list[tuple[str, dict[str, Any]]]:
    import csv
    import io

    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise InvalidInput(f"This CSV cannot be read ({error}); nothing was imported.") from None
    if not rows:
        raise InvalidInput("The CSV is empty; nothing was imported.")
    header = [name.strip().lower() for name in rows[0]]
    if "date" not in header or "text" not in header:
        raise InvalidInput(
            "The CSV's first row must name its columns: date and text (and kind, tags if wanted); "
            "nothing was imported."
        )
    unknown = [name for name in header if name not in ("date", "text", "kind", "tags")]
    if unknown:
        raise InvalidInput(
            f"The CSV has a column mentorlog does not know ({unknown[0]!r}): use date, text, kind, tags."
        )
    _count(len(rows) - 1)
    found = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(header):
            raise InvalidInput(
                f"Line {line} of the CSV has {len(row)} cells, not {len(header)}; nothing was imported."
            )
        cells = dict(zip(header, row, strict=True))
        tags = cells.get("tags", "").replace(",", " ").replace(";", " ").split()
        found.append(
            (
                f"line {line}",
                {
                    "date": cells["date"],
                    "text": cells["text"],
                    "kind": cells.get("kind") or "note",
                    "tags": tags,
                },
            )
        )
    return found


def _count(number: int) -> None:
    if number > MAX_ENTRIES:
        raise InvalidInput(f"The file holds {number:,} entries; {MAX_ENTRIES:,} is the most at once.")


def _checked(place: str, values: dict[str, Any], now: datetime, date_order: str) -> Entry:
    """An entry checked as a person's input is; a refusal names its place."""
    try:
        text = validate.value("note", "text", values["text"], "text")
        written = [k for k in NoteKind if k is not NoteKind.CONTACT]
        kind = validate.choice(
            str(values["kind"]).strip().lower(), NoteKind, "kind", among=written,
            hint=" (contacts: `mentorlog contact`)",
        )  # fmt: skip
        tags = notes._tags(values["tags"])
        try:
            fields.Tags().check(tags)  # the journal's own rule for tags, as a bundle's are checked
        except ValueError as error:
            raise InvalidInput(f"The tags {error}.") from None
        date = validate.text(values["date"], "date", max_length=100, multiline=False)
        when = notes.moment_of(date, now, date_order)  # a day alone: its noon, as `note --on`
    except InvalidInput as error:
        raise InvalidInput(f"{place[:1].upper()}{place[1:]}: {error} Nothing was imported.") from None
    if when > now:
        raise InvalidInput(
            f"{place[:1].upper()}{place[1:]} is dated {when:%Y-%m-%d %H:%M}, ahead of now; "
            "nothing was imported."
        )
    return Entry(when, text, kind, tags)


def _new(journal: Journal, entries: list[Entry]) -> list[Entry]:
    """The entries not yet in the journal (no note of the same moment and text), each once."""
    there = notes_store.notes_at(journal.db, sorted({stamp(e.when) for e in entries}))
    new, seen = [], set(there)
    for entry in entries:
        key = (stamp(entry.when), entry.text)
        if key not in seen:
            seen.add(key)
            new.append(entry)
    return new
