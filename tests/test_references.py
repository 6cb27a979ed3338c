"""References that stay put: printed short ids keep naming their record, and session numbers never
change meaning, in either journal, whatever is planned later."""

from __future__ import annotations

import json
import re

from mentorlog.journal.journal import open_journal
from mentorlog.process import rules
from mentorlog.sessions import notes

from .conftest import NOW, as_json, ok


def printed_id(output: str) -> str:
    found = re.search(r"\b(?:note|Option|Rule|Topic) ([0-9a-z]{6,})\b", output)
    assert found, output
    return found.group(1)


def test_every_printed_id_resolves_after_a_thousand_more_records(cli, journal_path):
    printed = {
        "note": printed_id(ok(cli("note", "--shared", "Ask about the grant")).stdout),
        "option": printed_id(ok(cli("option", "add", "Ask the city fund")).stdout),
        "rule": printed_id(ok(cli("rule", "add", "Phones off")).stdout),
        "topic": printed_id(ok(cli("topic", "add", "Pricing my work")).stdout),
    }
    journal = open_journal(str(journal_path))
    try:
        for i in range(500):  # all in the same minute (the tests' clock does not move at all)
            notes.add_note(journal, f"more note {i}", NOW)
            rules.add_rule(journal, f"more rule {i}", None, NOW)
    finally:
        journal.close()
    for kind, short in printed.items():
        ok(cli("edit", short, "--text", f"edited {kind}"))
    entries = {e["text"] for e in as_json(cli("log", "-n", "2000", "--json"))}
    assert "edited note" in entries
    assert "edited rule" in {r["text"] for r in as_json(cli("rule", "list", "--json"))}


def test_a_session_keeps_its_number_when_an_earlier_one_is_planned(cli, journal_path):
    ok(cli("session", "plan", "2026-12-10 18:00"))
    ok(cli("session", "plan", "2026-12-20 18:00"))
    ok(cli("session", "plan", "2026-12-01 18:00"))  # earlier than both: it gets the next number
    listed = {s["number"]: s["starts_at"][:10] for s in as_json(cli("session", "list", "--json"))}
    assert listed == {1: "2026-12-10", 2: "2026-12-20", 3: "2026-12-01"}
    shown = ok(cli("session", "list")).stdout.splitlines()
    assert [line.split()[0] for line in shown[1:]] == ["3", "1", "2"]  # in date order, numbers kept


def test_two_sessions_planned_at_once_are_numbered_apart_after_an_exchange(cli, tmp_path):
    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"

    def run(path, *args, **kw):
        return cli("--journal", str(path), *args, **kw)

    ok(run(maja, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"))
    ok(run(maja, "session", "plan", "2026-12-01 18:00"))
    first = tmp_path / "first.json"
    ok(run(maja, "share", str(first), "--plain"))
    ok(run(tomaz, "init", "--from", str(first)))
    ok(run(maja, "session", "plan", "2026-12-15 18:00"))  # both make a session 2
    later = {"MENTORLOG_NOW": "2026-11-21T15:00:00+01:00"}
    ok(run(tomaz, "session", "plan", "2027-01-05 18:00", env=later))
    to_tomaz, to_maja = tmp_path / "to-tomaz.json", tmp_path / "to-maja.json"
    ok(run(maja, "share", str(to_tomaz), "--plain"))
    merged = as_json(run(tomaz, "merge", str(to_tomaz), "--json"))
    assert merged["renumbered"] == [{"session": 3, "was": 2, "date": "2027-01-05"}]
    ok(run(tomaz, "share", str(to_maja), "--plain"))
    ok(run(maja, "merge", str(to_maja)))
    for path in (maja, tomaz):
        numbers = {s["starts_at"][:10]: s["number"] for s in as_json(run(path, "session", "list", "--json"))}
        assert numbers == {"2026-12-01": 1, "2026-12-15": 2, "2027-01-05": 3}
    assert json.loads(ok(run(maja, "session", "show", "2", "--json")).stdout)["starts_at"].startswith(
        "2026-12-15"
    )
