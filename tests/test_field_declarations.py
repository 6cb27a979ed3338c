"""Each field is declared once (mentorlog/fields/): the flags of `agreement edit`, the bundle's
shipped JSON Schema, the journal's triggers, the checks of what a person types and of what a bundle
brings, the agreement's views and the prompts are all made from the declarations. Each test here
reads one of them as its reader would (click's parameters, the JSON file, the SQL SQLite holds, the
printed output) and fails when it disagrees with the declarations."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import NotRequired, get_type_hints

import pytest
import typer

from mentorlog import fields
from mentorlog.errors import InvalidInput
from mentorlog.journal import validate
from mentorlog.rows import process, stored

from .conftest import NOW, REPO, ok
from .test_journal_rules import schema

SHIPPED = Path(fields.__file__).resolve().parent.parent / "bundle.schema.json"
TERMS = fields.form_fields("agreement")

# every field whose values a person may type: (table, name) with its declaration
TYPED = [
    (table, name, spec)
    for table, specs in fields.TABLES.items()
    for name, spec in specs.items()
    if isinstance(spec.domain, fields.Text | fields.Int | fields.Choice)
]


def edges(spec: fields.Field) -> tuple[list[object], list[object]]:
    """Values the declaration accepts and values it refuses, at the edges of its limits."""
    domain = spec.domain
    if isinstance(domain, fields.Int):
        return [domain.low, domain.high], [domain.low - 1, domain.high + 1]
    if isinstance(domain, fields.Text):
        fits, over = "x" * domain.max_length, "x" * (domain.max_length + 1)
        two_lines = "first line\nsecond line"
        if domain.multiline:
            return [fits, two_lines], [over]
        return [fits], [over, two_lines]
    assert isinstance(domain, fields.Choice)
    return [member.value for member in domain.kind], ["no-such-" + spec.name]


# --- the flags of `agreement edit` ------------------------------------------------------------------


def test_the_flags_of_agreement_edit_are_the_declared_terms_in_the_order_people_fill_them_in():
    from mentorlog.cli.agreement import app

    edit = typer.main.get_command(app).commands["edit"]  # type: ignore[attr-defined]
    flags = [p for p in edit.params if p.name not in ("json_output", "help")]
    assert [p.name for p in flags] == [spec.name for spec in TERMS]
    for param, spec in zip(flags, TERMS, strict=True):
        assert spec.form is not None
        assert param.opts == [spec.form.option(spec.name)]
        assert param.help == spec.form.help
        assert param.metavar == spec.metavar
        assert param.type.name == ("int" if isinstance(spec.domain, fields.Int) else "str")


def test_the_form_is_every_term_with_a_form_and_says_what_none_means():
    with_form = {name for name, spec in fields.AGREEMENT.items() if spec.form is not None}
    assert {spec.name for spec in TERMS} == with_form
    assert len(fields.FORM_ORDER) == len(set(fields.FORM_ORDER))
    for spec in TERMS:
        assert spec.form is not None
        if spec.form.none:  # the prompt and the help both say what `none` does
            assert f"none: {spec.form.none}" in spec.form.prompt
            assert f"none: {spec.form.none}" in spec.form.help


# --- the JSON Schema ---------------------------------------------------------------------------------


def _domain_schema(prop: dict) -> dict:
    """The value's own schema, past the `anyOf: [value, null]` of an optional field."""
    return next(p for p in prop["anyOf"] if p != {"type": "null"}) if "anyOf" in prop else prop


@pytest.mark.parametrize(("table", "name", "spec"), TYPED, ids=[f"{t}.{n}" for t, n, _ in TYPED])
def test_the_shipped_json_schema_holds_each_declared_limit(table, name, spec):
    defs = json.loads(SHIPPED.read_text(encoding="utf-8"))["$defs"]
    record = defs[f"fields-{table}"]
    prop = record["properties"][name]
    assert prop["description"] == spec.words
    value = _domain_schema(prop)
    domain = spec.domain
    if isinstance(domain, fields.Int):
        assert (value["minimum"], value["maximum"]) == (domain.low, domain.high)
    elif isinstance(domain, fields.Text):
        assert value["maxLength"] == domain.max_length
        assert value["$ref"] == "#/$defs/" + ("text" if domain.multiline else "one-line-text")
    else:
        assert value["enum"] == [member.value for member in domain.kind]
    required = spec.required and not spec.text  # required words may be missing from a tombstone
    assert (name in record.get("required", [])) == required


def test_the_shipped_json_schema_has_every_declared_field_and_no_other():
    defs = json.loads(SHIPPED.read_text(encoding="utf-8"))["$defs"]
    for table, specs in fields.TABLES.items():
        assert set(defs[f"fields-{table}"]["properties"]) == set(specs), table


# --- the journal's triggers, a bundle's checks and a person's input -----------------------------------


@pytest.fixture(scope="module")
def trigger_rules(fresh_journal) -> dict[str, str]:
    """Each table's conditions as the journal holds them (table → SQL of its `check_TABLE_values`
    trigger), each followed by what they read beside the new row (the `check_constants` view)."""
    found = schema(fresh_journal)
    constants = found["check_constants"]
    return {
        name.removeprefix("check_").removesuffix("_values"): f"{sql}\n{constants}"
        for name, sql in found.items()
        if name.startswith("check_") and name.endswith("_values")
    }


def _condition(sql: str, table: str, name: str) -> str:
    """The condition the trigger holds `table.name` to (`when not (COND) then raise(…)`)."""
    end = f") then raise(abort, 'mentorlog: {table}.{name} cannot hold that value')"
    before = sql[: sql.index(end)]
    start, depth = len(before), 0
    while True:  # walk back to the parenthesis that opens the condition
        start -= 1
        depth += {")": 1, "(": -1}.get(before[start], 0)
        if depth < 0:
            return before[start + 1 :]


def _source(sql: str) -> str:
    """What the trigger's conditions read beside the new row (`from check_constants`), as the
    journal holds it: the select of the view `check_constants` (after the trigger's SQL)."""
    if " end from check_constants; end" not in sql:
        return ""
    view = sql[sql.rindex("CREATE VIEW [check_constants] AS ") :]
    return f", ({view[view.index(' select ') + 1 :]})"


def _trigger_takes(sql: str, table: str, name: str, value: object) -> bool:
    condition = _condition(sql, table, name)
    db = sqlite3.connect(":memory:")
    try:
        new = f"with new as (select ? as [{name}], null as deleted_at)"
        row = db.execute(f"{new} select ({condition}) from new{_source(sql)}", [value]).fetchone()
        return bool(row[0])
    finally:
        db.close()


def _person_takes(table: str, name: str, value: object) -> bool:
    try:
        validate.value(table, name, value, name)
    except InvalidInput:
        return False
    return True


def _bundle_takes(table: str, name: str, value: object) -> bool:
    try:
        fields.check_value(table, name, value)
    except fields.BadValue:
        return False
    return True


@pytest.mark.parametrize(("table", "name", "spec"), TYPED, ids=[f"{t}.{n}" for t, n, _ in TYPED])
def test_the_trigger_a_bundle_and_a_person_meet_the_same_declared_limits(trigger_rules, table, name, spec):
    taken, refused = edges(spec)
    sql = trigger_rules[table]
    for value in taken:
        assert _trigger_takes(sql, table, name, value), (table, name, value)
        assert _bundle_takes(table, name, value), (table, name, value)
        assert _person_takes(table, name, value), (table, name, value)
    for value in refused:
        assert not _trigger_takes(sql, table, name, value), (table, name, value)
        assert not _bundle_takes(table, name, value), (table, name, value)
        assert not _person_takes(table, name, value), (table, name, value)


# --- what people see ---------------------------------------------------------------------------------


def test_the_agreement_views_show_each_declared_label(cli, journal_path):
    ok(
        cli(
            "agreement", "edit", "--meetings", "8", "--cadence", "monthly", "--length", "75", "--place",
            "Café Union", "--link", "https://meet.example/x", "--contact", "Email", "--expect-mentor",
            "Feedback", "--expect-mentee", "Topics", "--content-plan", "Funding",
        )
    )  # fmt: skip
    shown = ok(cli("agreement", "show")).stdout
    report = ok(cli("report", "agreement", "--out", "-")).stdout
    views = [spec.form.view for spec in TERMS if spec.form is not None and spec.form.view]
    rows = [spec.form.row for spec in TERMS if spec.form is not None and spec.form.row]
    assert views and rows
    for label in views:
        assert any(line.strip().startswith(label) for line in shown.splitlines()), label
    for label in rows:
        assert any(line.startswith(f"| {label} |") for line in report.splitlines()), label


# --- the generated documents -------------------------------------------------------------------------


def test_the_reference_lists_each_declared_term_with_its_flag_and_limits_and_json_md_points_there():
    reference = (Path(__file__).resolve().parent.parent / "docs" / "commands.md").read_text()
    section = reference.split("\n## The agreement's terms\n", 1)[1]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| `")]
    assert [cells[0].removeprefix("| ").strip("`") for cells in rows] == list(fields.FORM_ORDER)
    for cells, spec in zip(rows, TERMS, strict=True):
        assert spec.form is not None
        assert cells[1] == f"`{spec.form.option(spec.name)}`" and cells[3] == spec.form.help + " |"
        domain = spec.domain
        if isinstance(domain, fields.Int):
            assert f"{domain.low}–{domain.high}" in cells[2]
        elif isinstance(domain, fields.Choice):
            assert all(f"`{member.value}`" in cells[2] for member in domain.kind)
        elif isinstance(domain, fields.Text):
            assert f"{domain.max_length:,} characters" in cells[2]
    json_md = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text()
    for command in ("show", "history"):  # each points at the reference and lists no term again
        section = json_md.split(f"### `mentorlog agreement {command} --json`\n", 1)[1].split("\n### ", 1)[0]
        assert "commands.md#the-agreements-terms" in section
        assert not any(f"`{name}` |" in section or f"`[].{name}` |" in section for name in fields.FORM_ORDER)


def test_one_command_makes_every_generated_file_and_each_checked_in_one_is_what_it_makes(generated_files):
    assert set(generated_files) == {"docs/commands.md", "docs/command-map.md", "mentorlog/bundle.schema.json"}
    for path, text in generated_files.items():
        assert (REPO / path).read_text(encoding="utf-8") == text, f"{path}: run the reference with --write"


# --- what leaves the journal -------------------------------------------------------------------------


def test_what_is_declared_shared_travels_in_a_bundle_and_what_is_not_only_in_the_owners_export(
    cli, journal_path, tmp_path
):
    from mentorlog.exchange import bundle_checks

    ok(cli("goal", "add", "Find funding for the tour", "--due", "2027-05-01"))
    ok(cli("note", "--shared", "--tag", "funding", "A shared note"))
    ok(cli("session", "plan", "2026-12-03 18:00"))
    bundle, export = tmp_path / "bundle.json", tmp_path / "export.json"
    ok(cli("share", str(bundle), "--plain"))
    ok(cli("export", "--format", "json", "--out", str(export)))
    shared = {name for name, spec in fields.BOOKKEEPING.items() if spec.shared}
    kept_here = set(fields.BOOKKEEPING) - shared
    assert kept_here == set(fields.OWNER_ONLY) == {"visibility"}
    # a record's own fields all travel: the bundle's checks take every declared one
    assert all(spec.shared for specs in fields.TABLES.values() for spec in specs.values())
    sent = json.loads(bundle.read_text())["records"]
    kept = json.loads(export.read_text())["records"]
    assert {r["table"] for r in sent} >= {"goal", "note", "session"}
    for record in sent:
        assert shared <= record.keys() and not kept_here & record.keys(), record
        assert set(record["fields"]) == set(fields.TABLES[record["table"]]), record["table"]
    for record in kept:
        assert shared | kept_here <= record.keys(), record
    assert bundle_checks.PERSONAL_KEYS - bundle_checks.RECORD_KEYS == kept_here
    schema = json.loads(SHIPPED.read_text())["$defs"]
    for table in fields.TABLES:
        assert not kept_here & schema[f"mentorlog-bundle-{table}"]["properties"].keys()
        assert kept_here <= schema[f"mentorlog-export-{table}"]["properties"].keys()


# --- the flags of the other forms ----------------------------------------------------------------------

GOAL_TEXTS = ("title", "measure", "why")
# (module of cli/, command, parameter) -> the declared field it sets
DECLARED_FLAGS = {
    ("rules", "add", "kind"): ("rule", "kind"),
    ("rules", "add", "days"): ("rule", "days"),
    **{("goals", command, name): ("goal", name) for command in ("add", "revise") for name in GOAL_TEXTS},
    ("goals", "add", "term"): ("goal", "term"),
    ("goals", "progress", "percent"): ("goal_progress", "percent"),
    **{("sessions", command, "kind"): ("session", "kind") for command in ("plan", "edit")},
    **{
        ("sessions", command, flag): ("session", name)
        for command in ("plan", "schedule", "edit")
        for flag, name in (("length", "length_minutes"), ("place", "place"), ("online", "link"))
    },
}


@pytest.mark.parametrize(("where", "declared"), DECLARED_FLAGS.items(), ids=lambda v: ".".join(v))
def test_the_flags_of_the_other_forms_say_the_declared_help_choices_and_limits(where, declared):
    import importlib

    module, command, name = where
    app = importlib.import_module(f"mentorlog.cli.{module}").app
    param = next(p for p in typer.main.get_command(app).commands[command].params if p.name == name)
    spec = fields.field(*declared)
    assert spec.form is not None and param.help == spec.form.help
    domain = spec.domain
    if isinstance(domain, fields.Choice):
        assert all(member.value in param.help for member in domain.kind)
    elif isinstance(domain, fields.Int):
        assert f"{domain.low}" in param.help and f"{domain.high}" in param.help


# --- the typed records ---------------------------------------------------------------------------


def _typed(record: type) -> dict[str, object]:
    """The keys of a typed record (a TypedDict of mentorlog/rows/) with their types, in order."""
    return get_type_hints(record)


def _always(record: type) -> list[str]:
    """The keys a typed record always has (not those it may leave out), in order."""
    hints = get_type_hints(record, include_extras=True)
    return [key for key, hint in hints.items() if getattr(hint, "__origin__", None) is not NotRequired]


def _columns(record: type, table: str) -> tuple[dict[str, object], dict[str, fields.Field]]:
    """The typed row's keys and the table's declared fields, both without what every record has."""
    common = set(_typed(stored.Record))
    typed = {key: kind for key, kind in _typed(record).items() if key not in common}
    return typed, {name: spec for name, spec in fields.TABLES[table].items() if name not in common}


def _declared_type(spec: fields.Field) -> object:
    """The Python type a stored value of the field has: whole numbers, else text (days, stamps,
    choices and references are text); null unless the field is required."""
    kind = int if isinstance(spec.domain, fields.Int) else str
    return kind if spec.required else kind | None


@pytest.mark.parametrize(
    "record, table",
    [(stored.RuleRow, "rule"), (process.VisionRow, "vision"), (process.GoalRow, "goal")]
    + [(process.GoalProgressRow, "goal_progress"), (process.AgreementEventRow, "agreement_event")],
    ids=["rule", "vision", "goal", "goal_progress", "agreement_event"],
)
def test_each_typed_row_has_every_declared_column_of_its_table_and_no_other(record, table):
    columns, declared = _columns(record, table)
    assert set(columns) == set(declared)
    for name, spec in declared.items():
        base = int if isinstance(spec.domain, fields.Int) else str
        assert columns[name] in (base, base | None), name
        if spec.required:
            assert columns[name] is base, f"{name} is required: never null"


def test_the_typed_agreement_row_holds_declared_fields_as_declared():
    """Every key of the typed agreement row is a declared field of the agreement, of the declared
    kind and nullability, and every field that is not a term people write is typed; the typed terms
    (those code reads by name) follow the order people fill them in. A term added to
    `fields/agreement.py` needs no line in `rows/process.py` until code reads it by name: the
    declaration stays the one place a term is added (docs/architecture.md, "Where to change X")."""
    row, declared = _columns(process.AgreementRow, "agreement")
    assert {name: kind for name, kind in row.items() if name in declared} == {
        name: _declared_type(declared[name]) for name in row if name in declared
    }
    assert set(row) <= set(declared)
    assert set(declared) - set(fields.FORM_ORDER) <= set(row)
    terms = list(_typed(process.AgreementTerms))
    assert terms == [name for name in fields.FORM_ORDER if name in terms]
    version = list(_typed(process.AgreementVersion))
    assert version[: 3 + len(terms)] == ["version", "state", "id", *terms]


def _as_printed(record: type) -> list[str]:
    """The keys a typed agreement record prints with `--json`: its own, with every declared term
    (`fields.FORM_ORDER`) where its typed terms stand."""
    keys, terms = list(_typed(record)), list(_typed(process.AgreementTerms))
    at = keys.index(terms[0])
    assert keys[at : at + len(terms)] == terms
    return keys[:at] + list(fields.FORM_ORDER) + keys[at + len(terms) :]


def test_the_typed_agreement_goal_and_rule_records_are_the_keys_their_json_prints_in_order(cli, journal_path):
    """What `--json` prints is what the typed records say, key for key and in order (the keys a
    record may leave out, the warnings, aside)."""

    def printed(*args: str) -> list[str]:
        return list(json.loads(ok(cli(*args, "--json")).stdout))

    assert printed("agreement", "show") == _as_printed(process.AgreementView)  # none yet: all null
    assert printed("agreement", "edit", "--meetings", "8") == _as_printed(process.AgreementEdited)
    assert printed("agreement", "show") == _as_printed(process.AgreementView)
    history = json.loads(ok(cli("agreement", "history", "--json")).stdout)
    assert list(history[0]) == _as_printed(process.VersionInHistory)
    assert list(history[0]["events"][0]) == list(_typed(process.AgreementEventShown))
    ok(cli("agreement", "propose"))
    ok(cli("--as", "mentor", "agreement", "approve"))
    ok(cli("agreement", "amend"))
    ok(cli("agreement", "edit", "--meetings", "9"))
    diff = json.loads(ok(cli("agreement", "diff", "--json")).stdout)
    assert list(diff) == list(_typed(process.AgreementDiff))
    assert list(diff["changes"][0]) == list(_typed(process.FieldChange))
    ok(cli("goal", "add", "Apply for the city arts grant", "--due", "2030-01-01"))
    assert printed("goal", "show", "1") == _always(process.GoalDetail)
    check = json.loads(ok(cli("goal", "check", "--json")).stdout)
    assert list(check[0]) == list(_typed(process.GoalCheck))
    assert printed("rule", "add", "Topics come early", "--kind", "topics", "--days", "4") == list(
        _typed(process.RuleShown)
    )
    assert list(json.loads(ok(cli("rule", "list", "--json")).stdout)[0]) == list(_typed(process.RuleShown))


def test_the_journey_reports_goals_are_the_typed_records_key_for_key(cli, journal_path):
    """The goals the bridging-the-gap and final-reflection reports are made from: each key the
    typed record names, in order, its revisions and progress too."""
    from mentorlog.journal.journal import opened
    from mentorlog.model import Audience
    from mentorlog.reports.journey import _goals_with_history

    goal = json.loads(ok(cli("goal", "add", "Find funding", "--json")).stdout)["short_id"]
    ok(cli("goal", "revise", goal, "--reason", "Clearer", "--due", "2027-05-01"))
    ok(cli("goal", "progress", goal, "40"))
    with opened(str(journal_path)) as journal:
        (found,) = _goals_with_history(journal, Audience.OWNER, NOW)
    assert list(found) == list(_typed(process.GoalInJourney))
    assert [list(r) for r in found["revisions"]] == [list(_typed(process.RevisionInJourney))]
    assert [list(p) for p in found["progress_history"]] == [list(_typed(process.ProgressShown))]
