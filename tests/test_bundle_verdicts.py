"""Readers agree with mentorlog: a corpus of good and bad bundles goes to the shipped JSON Schema
(through `jsonschema`, and through ajv in strict mode where node has it) and to mentorlog's own
checks, the ones `merge` runs before it writes anything; every bundle gets the same verdict from
each. The corpus is the hostile cases of test_hostile_bundles.py that a schema can judge, the seven
a reader once found the schema letting through, and more made from the same rules.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mentorlog import fields
from mentorlog.errors import MentorlogError
from mentorlog.exchange import bundle_checks, bundle_envelope, bundle_read, bundle_schema, schema_patterns

from .conftest import NOW, digest
from .hostile import CONTROLS, ONE_LINE, RAW_CONTROLS
from .hostile import HOSTILE as HOSTILE_TEXT
from .test_hostile_bundles import (  # noqa: F401 - world is the fixture the corpus spoils
    ENVELOPE_CASES,
    VALUE_CASES,
    assemble,
    first,
    records,
    set_field,
    set_head,
    set_key,
    world,
)

# Hostile cases no schema can judge, and why: they depend on this machine's clock, on the
# journal that reads the bundle, or compare two values of a record.
BEYOND_A_SCHEMA = {
    "session-held-ahead": "a stamp ahead of the reader's clock",
    "created-at-ahead": "a stamp ahead of the reader's clock",
    "clock-ahead": "a stamp ahead of the reader's clock",
    "other-pair": "the mentorship of the reading journal",
    "versions-newer-than-record": "a field's version against the record's",
}


def spoil_all(*spoilers):
    def spoil(head: dict, rows: list[dict], ids: dict) -> None:
        for one in spoilers:
            one(head, rows, ids)

    return spoil


def add_tombstone(head: dict, rows: list[dict], ids: dict) -> None:
    """A removed note travels without its words."""
    note = first(rows, "note", lambda r: r["fields"].get("kind") == "note")
    note["fields"] = {k: v for k, v in note["fields"].items() if k != "text"}
    note["fields"]["deleted_at"] = note["updated_at"]


def author_of(table: str, role: str, where):
    def spoil(head: dict, rows: list[dict], ids: dict) -> None:
        first(rows, table, where)["author"] = role

    return spoil


def add_tombstone_of(table: str):
    """A removed record of `table`, without its words."""

    def spoil(head: dict, rows: list[dict], ids: dict) -> None:
        record = first(rows, table)
        record["fields"] = {k: v for k, v in record["fields"].items() if k != "text"}
        record["fields"]["deleted_at"] = record["updated_at"]

    return spoil


def drop_text(head: dict, rows: list[dict], ids: dict) -> None:
    """A note that is not removed but has no words."""
    note = first(rows, "note", lambda r: not r["fields"].get("deleted_at"))
    del note["fields"]["text"]


NOTE = ("note", "text")
LONGEST = fields.TABLES["note"]["text"].domain.max_length  # type: ignore[union-attr]
GOOD = [
    ("unspoiled", lambda head, rows, ids: None),
    ("leap-day-2028", set_field("action", "due", "2028-02-29")),
    ("leap-day-2000", set_field("action", "due", "2000-02-29")),
    ("first-day-of-1900", set_field("action", "due", "1900-01-01")),
    ("last-day-of-2200", set_field("action", "due", "2200-12-31")),
    ("moment-last-second-of-2200", set_field("session", "starts_at", "2200-12-31T23:59:59.999Z")),
    ("emoji-and-combining", set_field(*NOTE, "Gre\u0301at \U0001f3ad show\n\twith a tab")),
    ("no-break-space-inside", set_field(*NOTE, "10\u00a0000 EUR")),
    ("longest-note", set_field(*NOTE, "x" * LONGEST)),
    ("tag-50-letters", set_field("note", "tags", ["č" * 50], lambda r: bool(r["fields"].get("tags")))),
    ("tag-with-emoji", set_field("note", "tags", ["\U0001f3ad"], lambda r: bool(r["fields"].get("tags")))),
    ("tag-with-bom-char", set_field("note", "tags", ["a\ufeffb"], lambda r: bool(r["fields"].get("tags")))),
    ("no-tags", set_field("note", "tags", [], lambda r: bool(r["fields"].get("tags")))),
    ("tombstone-without-words", add_tombstone),
    ("merged-null", set_head("merged", None)),
    ("merged-pairs", set_head("merged", [["2026-10-12T10:00:00.000Z", "2026-10-12T10:00:05.000Z"]])),
    ("seen-null", set_head("seen", None)),
    ("versions-null", set_key("goal", "versions", None)),
    ("revision-due-null", set_field("goal_revision", "after", {"due": None})),
    ("session-confirmed-by-the-other", set_field("session", "confirmed_by", "mentor")),
    ("hostile-note", set_field(*NOTE, HOSTILE_TEXT)),  # Markdown, HTML, Jinja, markup: text
    ("hostile-one-line-place", set_field("session", "place", ONE_LINE)),
    ("hostile-goal-title", set_field("goal", "title", ONE_LINE)),
    ("answer-of-either-by-the-mentor", set_key("reflection", "author", "mentor")),
    (
        "removed-answer-by-the-other-role",
        spoil_all(
            add_tombstone_of("reflection"),
            set_field("reflection", "key", "wishes"),
            set_key("reflection", "author", "mentor"),
        ),
    ),
]
SEVEN = [  # what the schema once took and merge refused
    ("note-esc", set_field(*NOTE, "A note \x1b[2J with ESC")),
    ("note-rlo", set_field(*NOTE, "A note \u202e with RLO")),
    ("place-line-break", set_field("session", "place", "Café\nUnion")),
    ("due-feb-30", set_field("action", "due", "2026-02-30")),
    ("due-month-13", set_field("action", "due", "2026-13-45")),
    ("due-year-2250", set_field("action", "due", "2250-01-01")),
    ("merged-one-stamp", set_head("merged", [["2026-10-12T10:00:00.000Z"]])),
]
MORE_BAD = [
    ("day-arabic-indic-digits", set_field("action", "due", "\u0662\u0660\u0662\u0666-01-01")),
    ("day-1899", set_field("action", "due", "1899-12-31")),
    ("day-2201", set_field("action", "due", "2201-01-01")),
    ("day-2100-02-29", set_field("action", "due", "2100-02-29")),
    ("day-final-newline", set_field("action", "due", "2026-01-01\n")),
    ("stamp-hour-24", set_key("note", "created_at", "2026-10-01T24:00:00.000Z")),
    ("stamp-minute-60", set_key("note", "created_at", "2026-10-01T10:60:00.000Z")),
    ("stamp-final-newline", set_key("note", "created_at", "2026-10-01T10:00:00.000Z\n")),
    ("id-final-newline", set_key("rule", "id", "01m7000000000000000000000z\n")),
    ("place-line-separator", set_field("session", "place", "Café\u2028Union")),
    ("place-next-line", set_field("session", "place", "Café\x85Union")),
    ("note-del", set_field(*NOTE, "A note \x7f")),
    ("note-lone-surrogate", set_field(*NOTE, "half \udc00")),
    ("note-isolate", set_field(*NOTE, "A \u2067 note")),
    ("note-blanks-only", set_field(*NOTE, "\u3000\u200b\ufeff \t")),
    ("note-too-long", set_field(*NOTE, "x" * (LONGEST + 1))),
    ("note-text-missing", drop_text),
    ("tag-final-newline", set_field("note", "tags", ["grant\n"], lambda r: bool(r["fields"].get("tags")))),
    ("tag-no-break-space", set_field("note", "tags", ["a\u00a0b"], lambda r: bool(r["fields"].get("tags")))),
    ("tag-hash", set_field("note", "tags", ["#grant"], lambda r: bool(r["fields"].get("tags")))),
    ("tag-51-letters", set_field("note", "tags", ["č" * 51], lambda r: bool(r["fields"].get("tags")))),
    ("tag-esc", set_field("note", "tags", ["a\x1bb"], lambda r: bool(r["fields"].get("tags")))),
    ("tags-repeated", set_field("note", "tags", ["a", "a"], lambda r: bool(r["fields"].get("tags")))),
    ("tags-as-text", set_field("note", "tags", '["grant"]', lambda r: bool(r["fields"].get("tags")))),
    ("revision-as-text", set_field("goal_revision", "after", '{"due": "2027-06-01"}')),
    ("revision-due-feb-30", set_field("goal_revision", "after", {"due": "2027-02-30"})),
    ("revision-empty", set_field("goal_revision", "after", {})),
    ("merged-zero", set_head("merged", 0)),
    ("merged-three-stamps", set_head("merged", [["2026-10-12T10:00:00.000Z"] * 3])),
    ("merged-not-stamps", set_head("merged", [["yesterday", "today"]])),
    ("mentorlog-version-number", set_head("mentorlog_version", 5)),
    ("from-with-more", set_head("from", {"role": "mentee", "journal_id": "01m7" + "0" * 21 + "z", "x": 1})),
    ("recipient-final-newline", set_head("recipient", "age1" + "q" * 58 + "\n")),
    ("visibility-null-in-bundle", set_key("rule", "visibility", None)),
    ("agreement-approved-by-mentee", set_field("agreement", "approved_by", "mentee")),
    (
        "session-confirmed-by-proposer-mentor",
        spoil_all(
            set_field("session", "proposed_by", "mentor"), set_field("session", "confirmed_by", "mentor")
        ),
    ),
    (
        "reflection-answered-by-the-other-role",
        spoil_all(set_field("reflection", "key", "wishes"), set_key("reflection", "author", "mentor")),
    ),
    (
        "event-proposed-by-mentor",
        author_of("agreement_event", "mentor", lambda r: r["fields"]["event"] == "proposed"),
    ),
    ("unknown-field", set_field("rule", "colour", "red")),
    ("unknown-table", set_key("rule", "table", "secret")),
]
# tests/hostile.py's texts: its control characters in a note, each in a title, its many lines in one
MORE_BAD += [
    ("hostile-controls-in-note", set_field(*NOTE, "A note" + CONTROLS)),
    ("hostile-lines-in-title", set_field("goal", "title", HOSTILE_TEXT)),
    *(
        (f"hostile-u{ord(c):04x}-in-title", set_field("goal", "title", f"Funding{c}tour"))
        for c in RAW_CONTROLS
    ),
]
HOSTILE = [(case, spoil) for case, spoil, _ in VALUE_CASES + ENVELOPE_CASES if case not in BEYOND_A_SCHEMA]
CORPUS = [(case, spoil, True) for case, spoil in GOOD] + [
    (case, spoil, False) for case, spoil in SEVEN + MORE_BAD + HOSTILE
]


def mentorlog_refusal(data: bytes) -> str | None:
    """Why mentorlog refuses the bundle (the checks `merge` runs before writing), or None."""
    try:
        raw, stream = bundle_read.parse(data)
        envelope = bundle_envelope.check_envelope(raw, NOW)
        bundle_checks.check_all(stream, envelope, NOW)
    except MentorlogError as error:
        return str(error)
    return None


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(bundle_schema.SHIPPED.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def corpus(world, tmp_path_factory) -> dict[str, tuple[Path, bool]]:  # noqa: F811 - imported above
    """Every case of the corpus as a file: {case: (path, whether it is a good bundle)}."""
    folder = tmp_path_factory.mktemp("corpus")
    made = {}
    for case, spoil, good in CORPUS:
        head, rows = records(list(world["bundle_lines"]))
        spoil(head, rows, world["ids"])
        path = folder / f"{case}.json"
        path.write_bytes(assemble(head, rows))
        made[case] = (path, good)
    for name in ("first.json", "back.json"):  # the two journals' earlier bundles, untouched
        path = folder / f"real-{name}"
        shutil.copyfile(world["folder"] / name, path)
        made[path.stem] = (path, True)
    return made


def test_the_corpus_holds_the_hostile_cases_a_schema_can_judge():
    hostile = {case for case, _, _ in VALUE_CASES + ENVELOPE_CASES}
    assert set(BEYOND_A_SCHEMA) <= hostile
    assert len(HOSTILE) == len(hostile) - len(BEYOND_A_SCHEMA) >= 70
    assert len(CORPUS) >= 130 and sum(good for _, _, good in CORPUS) >= 15


REAL = [("real-first", True), ("real-back", True)]


@pytest.mark.parametrize(("case", "good"), [(c, g) for c, _, g in CORPUS] + REAL)
def test_the_schema_and_mentorlog_give_the_same_verdict(corpus, validator, case, good):
    path, _ = corpus[case]
    refusal = mentorlog_refusal(path.read_bytes())
    document = json.loads(path.read_bytes())
    assert (refusal is None) == good, f"{case}: mentorlog says {refusal!r}"
    if validator.is_valid(document) != good:  # the schema's reasons only when they are needed
        errors = [e.message[:200] for e in validator.iter_errors(document)][:3]
        pytest.fail(f"{case}: the schema {'refuses' if good else 'takes'} it {errors}")


def test_the_seven_are_refused_by_merge_and_change_nothing(cli, world, corpus, tmp_path):  # noqa: F811
    """The seven the schema once took: `merge` itself refuses each, naming the field, and the
    journal stays as it was."""
    journal = tmp_path / "tomaz.db"
    shutil.copyfile(world["tomaz"], journal)
    before = digest(journal)
    for case, _ in SEVEN:
        result = cli("--journal", str(journal), "merge", str(corpus[case][0]))
        assert result.exit_code == 1, (case, result.output)
        assert "refused" in result.stderr or "damaged" in result.stderr, (case, result.stderr)
        assert digest(journal) == before


def test_days_in_the_schema_are_the_real_days_of_the_years_mentorlog_takes():
    """Every day from 1899 to 2201, and the impossible days of every month, get the same verdict
    from the schema's pattern and from fields.is_iso_date."""
    import re

    pattern = re.compile("^" + schema_patterns.day_pattern() + schema_patterns.END)
    day = date(1899, 1, 1)
    while day <= date(2201, 12, 31):
        text = day.isoformat()
        assert (pattern.search(text) is not None) == fields.is_iso_date(text), text
        day += timedelta(days=1)
    for year in (1900, 1904, 2000, 2024, 2100, 2200):
        for month in range(0, 14):
            for number in (0, 29, 30, 31, 32):
                text = f"{year}-{month:02d}-{number:02d}"
                assert (pattern.search(text) is not None) == fields.is_iso_date(text), text


def test_every_character_gets_the_same_verdict_from_the_schema_and_the_checks():
    """Each code point alone, in a text of many lines, of one line and in a tag: the schema's
    classes and fields.py say the same (the character rules are asked of fields.py, so a new
    forbidden character flows into the schema when it is made anew)."""
    import re

    classes = schema_patterns.character_classes()
    forbidden, one_line = re.compile(classes["forbidden"]), re.compile(classes["one_line"])
    tag = re.compile(f"^{classes['tag']}+{schema_patterns.END}")
    something = re.compile(classes["not_blank"])
    text, line, tags = fields.Text(100), fields.Text(100, multiline=False), fields.Tags()
    # the whole BMP, the tags and variation selectors of plane 14, and a sample of the rest
    codes = [*range(0x10000), *range(0xE0000, 0xE1000), *range(0x10000, 0x110000, 61)]
    for code in codes:
        c = "a" + chr(code)
        assert (forbidden.search(c) is None) == _takes(text.check, c), hex(code)
        assert (one_line.search(c) is None) == _takes(line.check, c), hex(code)
        assert (tag.search(c) is not None) == _takes(tags.check, [c]), hex(code)
        alone = chr(code)  # a text of this character only: empty, forbidden, or a text
        schema_takes = something.search(alone) is not None and forbidden.search(alone) is None
        assert schema_takes == _takes(text.check, alone), hex(code)


def _takes(check: Any, value: Any) -> bool:
    try:
        check(value)
    except ValueError:
        return False
    return True


def _ajv() -> str | None:
    return shutil.which("ajv")


@pytest.mark.skipif(_ajv() is None, reason="ajv-cli is not installed (npm install -g ajv-cli)")
def test_ajv_in_strict_mode_takes_the_schema_and_agrees_on_the_corpus(corpus, tmp_path):
    ajv = str(_ajv())
    schema = str(bundle_schema.SHIPPED)
    compiled = subprocess.run(
        [ajv, "compile", "--spec=draft2020", "--strict=true", "-s", schema],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    folder = next(iter(corpus.values()))[0].parent
    checked = subprocess.run(
        [ajv, "validate", "--spec=draft2020", "--strict=true", "--errors=line", "-s", schema,
         "-d", f"{folder}/*.json"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    said = checked.stdout + checked.stderr
    for case, (path, good) in corpus.items():
        verdict = f"{path} valid" in said
        assert verdict == good, f"{case}: ajv says {'valid' if verdict else 'invalid'}"
        assert (f"{path} invalid" in said) != good, case
