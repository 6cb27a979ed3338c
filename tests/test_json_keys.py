"""docs/json.md is the contract for scripts: every key it lists for a command is in that command's
output whatever the state of the journal (a new one, the demo), and no key is printed that it does
not list. The project's own Markdown passes the same linter as its reports."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from .conftest import ok
from .test_outputs_reports import lint

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "json.md"
HEADING = re.compile(r"^### `mentorlog (?P<command>[^`]+)`$")
ROW = re.compile(r"^\| `(?P<key>[^`]+)` \| (?P<meaning>.+) \|$")

# the documented command line -> the arguments that run it on the test journals
ARGUMENTS = {
    "session show N --json": ["session", "show", "1", "--json"],
    "search QUERY --json": ["search", "grant", "--json"],
    "goal list --json": ["goal", "list", "--all", "--json"],
    "action list --json": ["action", "list", "--all", "--json"],
    "session list --json": ["session", "list", "--all", "--json"],
    "topic list --json": ["topic", "list", "--all", "--json"],
    "log --json": ["log", "-n", "1000", "--json"],
}
NEEDS_A_SESSION = {"session show N --json"}  # a new journal has none to show
EXCHANGE = {"share --json", "merge FILE --json", "sync --json"}  # need two journals: below


def documented() -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if heading := HEADING.match(line):
            current = sections.setdefault(heading["command"], {})
        elif current is not None and (row := ROW.match(line)):
            assert row["key"] not in current, f"{row['key']} listed twice"
            current[row["key"]] = row["meaning"]
    return sections


def paths(value, prefix: str = "") -> list[str]:
    """Every key path in a document, as docs/json.md writes them (`a.b`, `a[].b`, `[].a`)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            found.append(prefix + key)
            found += paths(inner, prefix + key + ".")
    elif isinstance(value, list):
        for item in value:
            found += paths(item, prefix[:-1] + "[]." if prefix else "[].")
    return found


def check(document, keys: dict[str, str], where: str) -> None:
    """Every key printed is documented (a `by_table.TABLE` key stands for any table), and every
    documented key is printed wherever its parent is an object."""
    listed = set(keys)
    generic = re.compile(r"by_table\.[a-z_]+")
    printed = {generic.sub("by_table.TABLE", p) for p in paths(document)}
    unlisted = printed - listed
    assert not unlisted, f"{where}: printed but not in docs/json.md: {sorted(unlisted)}"
    for parent, objects in objects_at(document, listed):
        wanted = {k for k in listed if direct_child(k, parent)}
        for obj in objects:
            have = {parent + k if not parent else parent_key(parent, k) for k in obj}
            missing = wanted - {generic.sub("by_table.TABLE", h) for h in have}
            assert not missing, f"{where}: under {parent or 'the top'}, documented but absent: {missing}"


def parent_key(parent: str, key: str) -> str:
    return f"{parent}{key}" if parent.endswith(("[].", ".")) else f"{parent}.{key}"


def direct_child(key: str, parent: str) -> bool:
    if not key.startswith(parent):
        return False
    return re.fullmatch(r"[a-z_]+", key[len(parent) :]) is not None


def objects_at(document, listed: set[str]):
    """(parent prefix, the objects found there) for the top and every documented nested object."""
    found: list[tuple[str, list[dict]]] = []

    def walk(value, prefix: str) -> None:
        if isinstance(value, dict):
            found.append((prefix, [value]))
            for key, inner in value.items():
                name = "TABLE" if prefix == "by_table." else key
                if isinstance(inner, dict) and any(k.startswith(f"{prefix}{name}.") for k in listed):
                    walk(inner, f"{prefix}{name}.")
                elif isinstance(inner, list):
                    for item in inner:
                        if isinstance(item, dict):
                            walk(item, f"{prefix}{key}[].")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    walk(item, f"{prefix}[].")

    walk(document, "")
    return [(prefix, objs) for prefix, objs in found if prefix != "by_table."]


@pytest.fixture(scope="module")
def outputs(click_command, fresh_journal, tmp_path_factory):
    """Each documented command's output, on a new journal and on the demo."""
    import shutil

    from .conftest import Runner

    home = tmp_path_factory.mktemp("json-home")
    shutil.copy(fresh_journal, home / "journal.db")
    runner = Runner(click_command)
    env = {"MENTORLOG_HOME": str(home)}
    ok(runner.run(["demo"], env=env))
    found: dict[str, list] = {}
    for command in documented():
        if command in EXCHANGE:
            continue
        arguments = ARGUMENTS.get(command, command.split())
        for journal in ("demo",) if command in NEEDS_A_SESSION else ("journal", "demo"):
            result = runner.run(["-j", journal, *arguments], env=env)
            assert result.exit_code == 0, (journal, command, result.output)
            found.setdefault(command, []).append((journal, json.loads(result.stdout)))
    return found


def test_the_reference_lists_each_command_once_and_names_a_meaning_for_each_key():
    sections = documented()
    assert len(sections) >= 25
    for command, keys in sections.items():
        assert keys, f"{command}: no keys listed"
        assert all(len(meaning) > 3 and "TODO" not in meaning for meaning in keys.values()), command


def test_every_documented_key_is_printed_in_every_state_and_nothing_else(outputs):
    sections = documented()
    assert set(outputs) == set(sections) - EXCHANGE
    for command, documents in outputs.items():
        for journal, document in documents:
            check(document, sections[command], f"{journal}: mentorlog {command}")


def test_the_demo_fills_every_documented_key_of_the_read_commands(outputs):
    """A key the demo never prints is a key no test checks: the demo shows them all."""
    sections = documented()
    for command, documents in outputs.items():
        seen = set()
        for _journal, document in documents:
            seen |= set(paths(document))
        assert not set(sections[command]) - seen, command


def test_share_merge_and_sync_print_the_documented_keys(cli, tmp_path):
    """Two journals, edits on both sides, a conflict and a renumbering: every key of share, merge
    and sync is printed, and nothing else."""
    sections = documented()
    maja, tomaz, folder = tmp_path / "maja.db", tmp_path / "tomaz.db", tmp_path / "Sync"
    folder.mkdir()

    def run(journal, *args):
        return ok(cli("--journal", str(journal), *args))

    run(maja, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee")
    run(maja, "goal", "add", "Funding plan")
    shared = json.loads(run(maja, "share", "--plain", str(tmp_path / "one.json"), "--json").stdout)
    check(shared, sections["share --json"], "share")
    run(tomaz, "init", "--from", str(tmp_path / "one.json"))
    goal = json.loads(run(tomaz, "goal", "list", "--json").stdout)[0]["short_id"]
    run(tomaz, "edit", goal, "--text", "Funding plan for 2027")  # the same field on both sides
    run(maja, "edit", goal, "--text", "Funding plan (EU)")
    run(tomaz, "session", "plan", "2026-12-02 18:00")  # both plan a session 1
    run(maja, "session", "plan", "2026-12-03 18:00")
    run(tomaz, "share", "--plain", str(tmp_path / "two.json"))
    merged = json.loads(run(maja, "merge", str(tmp_path / "two.json"), "--json").stdout)
    assert merged["conflicts"] and merged["renumbered"] and merged["news"]
    check(merged, sections["merge FILE --json"], "merge")
    assert not set(sections["merge FILE --json"]) - set(
        re.sub(r"by_table\.[a-z_]+", "by_table.TABLE", p) for p in paths(merged)
    ), "merge: the two-journal round leaves a documented key unprinted"
    run(maja, "note", "--shared", "For the folder")
    with sqlite3.connect(maja) as db:  # her file in the folder, as `sync` names it, left plain
        (pair_id,) = db.execute("select id from pair").fetchone()
    run(maja, "share", "--plain", str(folder / f"mentorlog-{pair_id[-6:]}-mentee.json"))
    synced = json.loads(run(tomaz, "sync", str(folder), "--json").stdout)
    assert [m["added"] for m in synced["merged"]] == [2], synced  # her session and the note
    merge_keys = {f"merged[].{key}": "" for key in sections["merge FILE --json"]}
    share_keys = {f"shared.{key}": "" for key in sections["share --json"]}
    check(synced, sections["sync --json"] | merge_keys | share_keys, "sync")


@pytest.mark.slow  # the linter takes seconds over the README
def test_the_projects_own_markdown_passes_the_linter():
    for name in ("README.md", "CHANGELOG.md", *(f"docs/{p.name}" for p in (REPO / "docs").glob("*.md"))):
        assert lint((REPO / name).read_text(encoding="utf-8")) == [], name
