"""docs/json.md is the contract for scripts: every key it lists for a command is in that command's
output whatever the state of the journal (a new one, the demo, after each kind of change), and no
key is printed that it does not list. The project's own Markdown passes the same linter as its
reports."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from .conftest import demo_in, ok
from .test_outputs_reports import lint

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "json.md"
HEADING = re.compile(r"^### `mentorlog (?P<command>[^`]+)`$")
ROW = re.compile(r"^\| `(?P<key>[^`]+)` \| (?P<meaning>.+) \|$")
SAME = re.compile(r"Same keys as `mentorlog (?P<command>[^`]+)`")
KEYS_AS = re.compile(r"keys as `mentorlog (?P<command>[^`]+)`$")
# "And, under `[]`, the keys of [the agreement's terms](commands.md#…)": the rows of that section of
# the generated command reference, under the key given (none: at the top)
TERMS = re.compile(r"^And(?:, under `(?P<under>[^`]+)`,)? the keys of \[the agreement's terms\]\(commands")
REFERENCE = REPO / "docs" / "commands.md"
PLACEHOLDER = re.compile(r"\.[A-Z]+(?=\.|$)")  # `by_table.TABLE`: any name there

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
NEEDS_A_SESSION = {"session show N --json", "recap --format json"}  # a new journal has none to show
EXCHANGE = {"share --json", "merge FILE --json", "sync --json"}  # need two journals: below
# need a programme journal and pairs that joined it: tests/test_programme.py
EXCHANGE |= {"programme status --json", "programme merge FILE --json", "programme sync --json"}
EXCHANGE |= {"programme certificates --json", "programme events --json"}


def _terms() -> dict[str, str]:
    """The rows of "The agreement's terms" in docs/commands.md: each key and its meaning."""
    section = REFERENCE.read_text(encoding="utf-8").split("\n## The agreement's terms\n", 1)[1]
    rows = [line.split(" | ") for line in section.split("\n## ", 1)[0].splitlines() if line.startswith("| `")]
    assert rows, "docs/commands.md lists no terms of the agreement"
    return {cells[0].removeprefix("| ").strip("`"): cells[-1].removesuffix(" |") for cells in rows}


def _sections() -> dict[str, tuple[dict[str, str], str | None]]:
    """Each heading's own rows and the command it says it has the same keys as."""
    sections: dict[str, tuple[dict[str, str], str | None]] = {}
    current: dict[str, str] | None = None
    heading = ""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if found := HEADING.match(line):
            heading = found["command"]
            assert heading not in sections, f"{heading} listed twice"
            current = {}
            sections[heading] = (current, None)
        elif current is not None and (row := ROW.match(line)):
            assert row["key"] not in current, f"{heading}: {row['key']} listed twice"
            current[row["key"]] = row["meaning"]
        elif current is not None and (terms := TERMS.match(line)):
            prefix = f"{terms['under']}." if terms["under"] else ""
            current.update({prefix + key: meaning for key, meaning in _terms().items()})
        elif current is not None and (same := SAME.search(line)):
            sections[heading] = (current, same["command"])
    return sections


@functools.cache
def documented() -> dict[str, dict[str, str]]:
    """Every command's keys, with *Same keys as* and *keys as* resolved."""
    sections = _sections()

    def keys_of(command: str) -> dict[str, str]:
        rows, same = sections[command]
        found = dict(keys_of(same)) if same else {}
        for key, meaning in rows.items():
            if ref := KEYS_AS.search(meaning):
                inner = keys_of(ref["command"])
                base = key.removesuffix("[]") + ("[]" if key.endswith("[]") else "")
                for name, what in inner.items():
                    found[f"{base}.{name}" if base else name] = what
                if key.endswith("[]"):
                    continue  # `merged[]` names the items; `merged` is the key
            found[key] = meaning
        return found

    return {command: keys_of(command) for command in sections}


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


def _as_listed(keys: dict[str, str], document) -> set[str]:
    """The documented keys as this document is shaped: a command that prints one entry has the
    keys of an item of the list it is documented by (`note --json` and `log --json`)."""
    listed = set(keys)
    if isinstance(document, dict) and listed and all(k.startswith("[].") for k in listed):
        listed = {k.removeprefix("[].") for k in listed}
    return listed


def _namer(listed: set[str]):
    """Printed path -> documented key (a name under a placeholder such as `by_table.TABLE`)."""
    patterns = [
        (re.compile("^" + PLACEHOLDER.sub(r".[a-z_]+", re.escape(k).replace(r"\.", ".")) + "$"), k)
        for k in listed
        if PLACEHOLDER.search(k)
    ]

    def name(path: str) -> str:
        if path in listed:
            return path
        return next((key for pattern, key in patterns if pattern.match(path)), path)

    return name


def check(document, keys: dict[str, str], where: str) -> None:
    """Every key printed is documented, and every documented key is printed wherever its parent
    is an object (a key under a placeholder may be absent: there may be no such name)."""
    listed = _as_listed(keys, document)
    name = _namer(listed)
    unlisted = {name(p) for p in paths(document)} - listed
    assert not unlisted, f"{where}: printed but not in docs/json.md: {sorted(unlisted)}"

    def walk(value, prefix: str) -> None:
        if isinstance(value, dict):
            wanted = {
                k for k in listed if k.startswith(prefix) and re.fullmatch(r"[a-z_]+", k[len(prefix) :])
            }
            have = {name(prefix + k) for k in value}
            missing = wanted - have
            assert not missing, f"{where}: under {prefix or 'the top'}, documented but absent: {missing}"
            for key, inner in value.items():
                walk(inner, name(prefix + key) + ".")
        elif isinstance(value, list):
            for item in value:
                walk(item, prefix[:-1] + "[]." if prefix else "[].")

    walk(document, "")


def printed_keys(document, keys: dict[str, str]) -> set[str]:
    listed = _as_listed(keys, document)
    name = _namer(listed)
    return {name(p) for p in paths(document)}


# --- the commands that read -------------------------------------------------------------------


@pytest.fixture(scope="module")
def outputs(click_command, fresh_journal, tmp_path_factory, demo_made):
    """Each command that reads, on a new journal and on the demo."""
    import shutil

    from .conftest import Runner

    home = tmp_path_factory.mktemp("json-home")
    shutil.copy(fresh_journal, home / "journal.db")
    runner = Runner(click_command)
    env = {"MENTORLOG_HOME": str(home)}
    demo_in(home, demo_made)
    # for `journals`: a third journal, where a session waits for the partner's confirmation
    shutil.copy(fresh_journal, home / "waiting.db")
    ok(runner.run(["-j", "waiting", "session", "plan", "2026-11-24 18:00"], env=env))
    _joined_a_programme(runner, env, home, fresh_journal)
    found: dict[str, list] = {}
    for command in (c for c in reading() if c not in EXCHANGE):
        arguments = ARGUMENTS.get(command, command.split())
        journals = ("demo",) if command in NEEDS_A_SESSION else ("journal", "demo")
        for journal in (*journals, "joined") if command in PROGRAMME_EVENTS else journals:
            result = runner.run(["-j", journal, *arguments], env=env)
            assert result.exit_code == 0, (journal, command, result.output)
            found.setdefault(command, []).append((journal, json.loads(result.stdout)))
    return found


PROGRAMME_EVENTS = {"status --json", "agenda --format json"}  # also on a journal in a programme


def _joined_a_programme(runner, env: dict, home: Path, fresh_journal: Path) -> None:
    """A journal `joined` that joined a programme and took in its events and an announcement."""
    import shutil

    shutil.copy(fresh_journal, home / "joined.db")
    folder = home / "programme-folder"
    folder.mkdir()
    made = runner.run(
        ["-j", "programme", "programme", "init", "--name", "Creative Mentorship",
         "--coordinator", "Ana Novak", "--out", str(folder)], env=env,
    )  # fmt: skip
    code = made.stdout.split("shown once): ")[1].splitlines()[0]
    for plan in (
        ["plan", "consultation", "2026-12-03 17:00", "--for", "mentees", "--place", "Library hall"],
        ["plan", "workshop", "2026-12-10 17:00", "--for", "all", "--online", "https://meet.example.org/w"],
        ["announce", "Photos of the kick-off are in the folder"],
        ["sync"],
    ):
        ok(runner.run(["-j", "programme", "programme", *plan], env=env))
    ok(runner.run(["-j", "joined", "programme", "join", str(folder), "--code", code], env=env))
    ok(runner.run(["-j", "joined", "programme", "sync"], env=env))


def reading() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    part = text[text.index("## Commands that read") : text.index("## Commands that change something")]
    return [m["command"] for line in part.splitlines() if (m := HEADING.match(line))]


def test_the_reference_names_a_meaning_for_each_key():
    sections = documented()
    assert len(sections) >= 60
    for command, keys in sections.items():
        assert keys, f"{command}: no keys listed"
        assert all(len(meaning) > 3 and "TODO" not in meaning for meaning in keys.values()), command


def test_every_documented_key_is_printed_in_every_state_and_nothing_else(outputs):
    sections = documented()
    assert set(outputs) == set(reading()) - EXCHANGE
    for command, documents in outputs.items():
        for journal, document in documents:
            check(document, sections[command], f"{journal}: mentorlog {command}")


def test_the_demo_fills_every_documented_key_of_the_read_commands(outputs):
    """A key the demo never prints is a key no test checks: the demo shows them all."""
    sections = documented()
    for command, documents in outputs.items():
        seen: set[str] = set()
        for _journal, document in documents:
            seen |= printed_keys(document, sections[command])
        assert not set(sections[command]) - seen, command


# --- the commands that change something -------------------------------------------------------


def test_the_commands_that_change_something_print_the_documented_keys(cli, journal_path):
    """Every command that writes, once at least, on a new journal: each output checked against
    its section, and every section of the part run."""
    sections = documented()
    seen: dict[str, set[str]] = {}

    def run(heading: str, *args: str, mentor: bool = False) -> dict | list:
        result = ok(cli(*(("--as", "mentor") if mentor else ()), *args, "--json"))
        document = json.loads(result.stdout)
        check(document, sections[heading], f"mentorlog {heading}")
        seen.setdefault(heading, set()).update(printed_keys(document, sections[heading]))
        return document

    run("agreement edit --json", "agreement", "edit", "--meetings", "10", "--cadence", "monthly")
    run("agreement propose --json", "agreement", "propose")
    run("agreement edit --json", "agreement", "edit", "--meetings", "12", mentor=True)  # reopened
    run("agreement propose --json", "agreement", "propose")
    run("agreement approve --json", "agreement", "approve", mentor=True)
    run("agreement amend --json", "agreement", "amend")
    run("agreement edit --json", "agreement", "edit", "--place", "Café Union")
    run("agreement diff --json", "agreement", "diff")
    run("rule add TEXT --json", "rule", "add", "Be on time")
    run("vision TEXT --json", "vision", "A studio of my own")
    due = "--due", "2027-03-01"
    goal = run("goal add TITLE --json", "goal", "add", "Write a funding plan", *due)["short_id"]
    other = run("goal add TITLE --json", "goal", "add", "Second goal")["short_id"]
    revised = "--title", "Write the funding plan", "--reason", "clearer"
    run("goal revise ID --json", "goal", "revise", goal, *revised)
    run("goal progress ID PERCENT --json", "goal", "progress", goal, "40", "--note", "first draft")
    run("goal show ID --json", "goal", "show", goal)
    run("goal done ID --json", "goal", "done", goal)
    run("goal drop ID --json", "goal", "drop", other, "--reason", "no time")
    run("assess AREA TEXT --json", "assess", "skills", "Budgets", "--rating", "4")
    run("assess AREA TEXT --json", "assess", "skills", "Budgets well", "--rating", "3", mentor=True)
    outcome = run("outcome add TEXT --json", "outcome", "add", "A grant", "--by", "2027-06-01")["short_id"]
    option = run("option add TEXT --json", "option", "add", "Apply to the fund", "--outcome", outcome)
    run("option choose ID --json", "option", "choose", option["short_id"], "--due", "2027-01-10")
    action = run("action add TEXT --json", "action", "add", "Draft the budget", "--due", "2027-01-05")
    dropped = run("action add TEXT --json", "action", "add", "Ask the bank")
    run("action done ID --json", "action", "done", action["short_id"])
    run("action drop ID --json", "action", "drop", dropped["short_id"])
    run("session plan WHEN --json", "session", "plan", "2026-12-02 18:00")
    series = "--every", "monthly", "--count", "2", "--start", "2027-01-06 18:00"
    run("session schedule --json", "session", "schedule", *series)
    run("session confirm N --json", "session", "confirm", "1", "2", mentor=True)
    run("session confirm N --json", "session", "confirm", "1", "3", mentor=True)  # 1 already
    run("session move N WHEN --json", "session", "move", "2", "2027-01-07 18:00")
    run("session edit N --json", "session", "edit", "3", "--length", "60")
    run("session cancel N --json", "session", "cancel", "3", "--reason", "ill")
    run("topic add TEXT --json", "topic", "add", "Pricing")
    run("session plan WHEN --json", "session", "plan", "2026-11-20 10:00", "--past")
    run("session confirm N --json", "session", "confirm", "4", mentor=True)
    run("session held N --json", "session", "held", "4")
    run("session held N --json", "session", "held", "4")  # already held
    run("feedback N --json", "feedback", "4", "--rating", "4", "--worked", "clear steps")
    run("feedback N --json", "feedback", "4", "--rating", "5", "--improve", "less time")  # replaced
    run("note TEXT --json", "note", "A note", "--tag", "pricing")
    run("note TEXT --json", "note", "-q", "A question", "--shared")
    run("contact TEXT --json", "contact", "Called", "--via", "phone")
    run("note TEXT --json", "note", "Dated", "--on", "2026-11-02")
    jrnl, table = journal_path.parent / "jrnl.json", journal_path.parent / "notes.csv"
    entry = {"title": "Met", "body": "", "date": "2026-03-04", "time": "18:30", "tags": ["@a"]}
    jrnl.write_text(json.dumps({"entries": [entry]}), encoding="utf-8")
    table.write_text("date,text,kind\n2026-02-01,Decided,decision\n", encoding="utf-8")
    run("import jrnl FILE --json", "import", "jrnl", str(jrnl), "--dry-run")
    run("import jrnl FILE --json", "import", "jrnl", str(jrnl))
    run("import csv FILE --json", "import", "csv", str(table))
    run("phase next --json", "phase", "next")
    run("reflect --answer KEY=TEXT --json", "reflect", "--answer", "insights=Pricing is a skill")
    run("settings date-order ORDER --json", "settings", "date-order", "mdy")
    run("end --json", "end")

    text = DOC.read_text(encoding="utf-8")
    part = text[text.index("## Commands that change something") :]
    changing = {m["command"] for line in part.splitlines() if (m := HEADING.match(line))}
    assert set(seen) == changing, set(seen) ^ changing
    # each key printed at least once by a command of its shape (`goal add` has no revisions yet,
    # `goal revise` has), placeholders aside
    shapes: dict[frozenset[str], set[str]] = {}
    for heading, keys in seen.items():
        listed = {k for k in sections[heading] if not PLACEHOLDER.search(k)}
        if all(k.startswith("[].") for k in listed) and not any(k.startswith("[].") for k in keys):
            listed = {k.removeprefix("[].") for k in listed}
        shapes.setdefault(frozenset(listed), set()).update(keys)
    for listed, keys in shapes.items():
        assert not listed - keys, sorted(listed - keys)


# --- the exchange -------------------------------------------------------------------------------


def test_share_and_merge_print_the_documented_keys(cli, tmp_path):
    """Two journals, edits on both sides, a conflict and a renumbering: every key of share and
    merge is printed, and nothing else (`sync --json`: tests/test_mentorship_sync.py)."""
    sections = documented()
    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"

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
    assert not set(sections["merge FILE --json"]) - printed_keys(merged, sections["merge FILE --json"])


@pytest.mark.slow  # the linter takes seconds over the README
def test_the_projects_own_markdown_passes_the_linter():
    for name in ("README.md", "CHANGELOG.md", *(f"docs/{p.name}" for p in (REPO / "docs").glob("*.md"))):
        assert lint((REPO / name).read_text(encoding="utf-8")) == [], name
