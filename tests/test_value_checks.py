"""No value in a journal can make a command fail: the journal refuses what its fields cannot hold
(the same domains as the code's own checks), and values an older mentorlog let in are moved aside
when the journal is opened, so every command works again."""

from __future__ import annotations

import functools
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog import fields as schema
from mentorlog.store import journal

from .conftest import ok

ODD_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**62), max_value=2**62),
    st.sampled_from(
        [
            "",
            " ",
            "garbage",
            "2026-02-30",
            "2026-02-28",
            "1899-12-31",
            "2026-1-1",
            "2026-11-21T10:00:00.000Z",
            "2026-02-30T10:00:00.000Z",
            "9999-99-99T99:99:99.999Z",
            "0999-01-01T10:00:00.000Z",
            "01m80nn8jw1d5196v4nsxjpsp0",
            "zzzz",
            "held",
            "proposed",
            "mentor",
            "[bold]x",
            "a\x1b[2Jb",
            "line\nbreak",
            "caf\u202ee",
            "a\u0085b",
            '["funding", "grant"]',
            '["two words"]',
            "[1, 2]",
            '{"title": "x"}',
            "x" * 301,
            "x" * 20_001,
        ]
    ),
    st.text(max_size=30),
    # what SQLite holds besides text and integers: a blob that reads as a valid value, a real
    st.sampled_from([b"2026-11-21", b"2026-11-21T10:00:00.000Z", b"01m80nn8jw1d5196v4nsxjpsp0", b"held"]),
    st.binary(max_size=30),
    st.floats(allow_nan=False),
)
FIELDS = [(table, name) for table, specs in schema.TABLES.items() for name in specs]


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    """A journal with one record of every kind, each row a template to try values on."""
    from mentorlog.store.migrations import apply_steps

    path = tmp_path_factory.mktemp("checks") / "blank.db"
    db = journal.connect(path)
    with journal.writing(db):
        apply_steps(db)
    db.close()
    return path


def _trigger_accepts(conn: sqlite3.Connection, table: str, name: str, value: Any) -> bool:
    columns = {
        "id": "01m80nn8jw1d5196v4nsxjpsp0",
        "created_at": "2026-11-21T10:00:00.000Z",
        "updated_at": "2026-11-21T10:00:00.000Z",
        "author": "mentee",
        "origin": "01m80nn8jw1d5196v4nsxjpsp1",
        "phase": "getting-started",
        "visibility": "shared",
    }
    for other, spec in schema.TABLES[table].items():
        if spec.required and other != name:
            columns[other] = _valid_value(spec)
    columns[name] = value
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    conn.execute("savepoint probe")
    try:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        conn.execute(f"insert into [{table}] ({names}) values ({marks})", list(columns.values()))
        return True
    except sqlite3.IntegrityError as error:
        assert "mentorlog:" in str(error) or "FOREIGN KEY" in str(error), error
        return "FOREIGN KEY" in str(error)
    finally:
        conn.execute("rollback to probe")
        conn.execute("release probe")


def _valid_value(spec: schema.Field) -> Any:
    domain = spec.domain
    if isinstance(domain, schema.Text):
        return "some text"
    if isinstance(domain, schema.Choice):
        return next(iter(domain.kind)).value
    if isinstance(domain, schema.Int):
        return domain.low
    if isinstance(domain, schema.Day):
        return "2026-11-21"
    if isinstance(domain, schema.Stamp):
        return "2026-11-21T10:00:00.000Z"
    if isinstance(domain, schema.Ref):
        return "01m80nn8jw1d5196v4nsxjpsp9"
    if isinstance(domain, schema.GoalChange):
        return '{"title": "x"}'
    return "[]"


def _code_accepts(table: str, name: str, value: Any) -> bool:
    try:
        stored = schema.check_value(table, name, value)
    except schema.BadValue:
        return False
    return (
        stored == value or value is None or isinstance(schema.TABLES[table][name].domain, schema.GoalChange)
    )


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(FIELDS), ODD_VALUES)
def test_the_journal_and_the_code_agree_on_every_value(blank, field, value):
    table, name = field
    domain = schema.TABLES[table][name].domain
    if isinstance(domain, schema.Tags) and isinstance(value, str):
        try:
            if json.loads(value) != json.loads(json.dumps(json.loads(value), ensure_ascii=False)):
                return
        except ValueError:
            pass
    conn = sqlite3.connect(blank)
    try:
        as_stored = _as_stored(conn, field, value)
        assert _trigger_accepts(conn, table, name, value) == _code_accepts(table, name, as_stored), field
    finally:
        conn.close()


@functools.cache
def _affinity() -> sqlite3.Connection:
    """A database of one table per column type the journal's tables use, to store values in."""
    conn = sqlite3.connect(":memory:")
    for column_type in ("TEXT", "INTEGER", "REAL", "NUMERIC", "BLOB", ""):
        conn.execute(f"create table [affinity {column_type}] (v {column_type})")
    return conn


def _as_stored(conn: sqlite3.Connection, field: tuple[str, str], value: Any) -> Any:
    """`value` as the field's column holds it: the column's type affinity changes some values before
    any check sees them ('90' → 90, 0.5 → '0.5' in a text column), so the code is asked about that."""
    table, name = field
    column_type = next(r[2] for r in conn.execute(f"pragma table_info([{table}])") if r[1] == name)
    store = _affinity()
    store.execute(f"delete from [affinity {column_type}]")
    store.execute(f"insert into [affinity {column_type}] values (?)", [value])
    return store.execute(f"select v from [affinity {column_type}]").fetchone()[0]


IMPOSSIBLE_DAYS = ("2026-13-01", "2026-00-10", "2026-04-31", "2026-01-32", "2026-01-00")
DATED = [
    (table, name)
    for table, name in FIELDS
    if isinstance(schema.TABLES[table][name].domain, (schema.Day, schema.Stamp))
]


@pytest.mark.parametrize("field", DATED, ids="{0[0]}.{0[1]}".format)
def test_a_day_no_calendar_has_is_refused(blank, field):
    """A month or day out of range is no date at all to SQLite's date functions (they give NULL,
    which a condition must not let through as "unknown"): refused, as the code refuses it."""
    table, name = field
    stamp = isinstance(schema.TABLES[table][name].domain, schema.Stamp)
    conn = sqlite3.connect(blank)
    try:
        for day in IMPOSSIBLE_DAYS:
            value = f"{day}T10:00:00.000Z" if stamp else day
            assert not _code_accepts(table, name, value)
            assert not _trigger_accepts(conn, table, name, value), value
        for wrong_time in ("T24:00:00.000Z", "T10:60:00.000Z", "T10:00:61.000Z"):
            if stamp:
                assert not _trigger_accepts(conn, table, name, "2026-11-21" + wrong_time), wrong_time
    finally:
        conn.close()


def test_a_valid_value_as_a_blob_or_a_real_gets_the_codes_verdict_in_every_field(blank):
    """SQLite keeps a blob as it was given, and a real where the column has no text affinity; date(),
    json_valid() and the others read a blob as the text it holds. A field's valid value as a blob is
    refused, as the code refuses it, and a real gets the code's verdict on what the column holds.
    Every field, one by one; the valid value itself passes."""
    conn = sqlite3.connect(blank)
    try:
        for field in FIELDS:
            table, name = field
            valid = _valid_value(schema.TABLES[table][name])
            assert _trigger_accepts(conn, table, name, valid), field
            blob = str(valid).encode()
            assert not _code_accepts(table, name, blob), field
            assert not _trigger_accepts(conn, table, name, blob), field
            for real in (0.5, 2026.0):
                verdict = _code_accepts(table, name, _as_stored(conn, field, real))
                assert _trigger_accepts(conn, table, name, real) == verdict, (field, real)
    finally:
        conn.close()


def test_a_value_planted_with_sqlite3_is_refused(cli, journal_path):
    ok(cli("note", "--shared", "a note"))
    conn = sqlite3.connect(journal_path)
    for sql in (
        "update pair set current_phase = 'not-a-phase'",
        "update note set tags = 'not json'",
        "update note set text = 'a' || char(27) || '[2J'",
        "update pair set starts_on = '1850-01-01'",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="mentorlog: "):
            conn.execute(sql)
    conn.close()


def test_an_older_journal_with_bad_values_is_repaired_and_works(cli, tmp_path):
    """A journal from before the checks, holding what an early mentorlog let in from bundles."""
    from .test_store import make_old_journal

    path = tmp_path / "old.db"
    make_old_journal(path, "m008_value_checks")
    conn = sqlite3.connect(path)
    conn.execute("update pair set current_phase = 'not-a-phase', starts_on = '01.09.2026', mentee = null")
    conn.execute(
        "insert into session (id, created_at, updated_at, author, origin, phase, visibility, starts_at, "
        "length_minutes, mode, kind, state, proposed_by) values ('01m7000000000000000000000s', "
        "'2026-01-02T10:00:00.000Z', '2026-01-02T10:00:00.000Z', 'mentor', '01m7000000000000000000000a', "
        "'getting-started', 'shared', 'garbage', 9007199254740992, 'in-person', '[red]x', 'unknown', "
        "'mentor')"
    )
    conn.execute(
        "insert into note (id, created_at, updated_at, author, origin, phase, visibility, text, kind, tags) "
        "values ('01m7000000000000000000000n', '2026-01-02T10:00:00.000Z', '9999-12-31T23:59:59.999Z', "
        "'mentor', '01m7000000000000000000000a', 'getting-started', 'shared', null, 'note', 'not a list')"
    )
    conn.commit()
    conn.close()
    for args in (
        ("status",),
        ("log",),
        ("session", "list"),
        ("agenda",),
        ("calendar",),
        ("search", "x"),
        ("report", "final-reflection"),
        ("export", "--format", "json", "--out", str(tmp_path / "e.json")),
        ("share", str(tmp_path / "b.json"), "--plain"),
        ("backup", str(tmp_path / "b.db")),
    ):
        result = cli("--journal", str(path), *args)
        assert result.exit_code == 0, (args, result.output)
    conn = sqlite3.connect(path)
    moved = {(t, f): v for t, f, v in conn.execute("select table_name, field, value from repaired")}
    conn.close()
    assert moved[("pair", "current_phase")] == "not-a-phase"
    assert moved[("session", "starts_at")] == "garbage"
    assert moved[("session", "length_minutes")] == 2**53
    assert moved[("note", "tags")] == "not a list"
    assert moved[("note", "updated_at")] == "9999-12-31T23:59:59.999Z"
