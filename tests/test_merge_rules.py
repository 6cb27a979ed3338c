"""The merge rules, each shown by two people with two journals editing between exchanges."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from .conftest import Runner, as_json, ok
from .exchange_helpers import field_state


@pytest.fixture(scope="module")
def first_exchange(click_command, tmp_path_factory) -> dict[str, Path]:
    """Maja's journal with a goal, and Tomaž's started from her first bundle: made once for the
    module, copied for each test."""
    folder = tmp_path_factory.mktemp("first-exchange")
    runner = Runner(click_command)
    paths = {"maja": folder / "maja.db", "tomaz": folder / "tomaz.db"}

    def run(who, *args):
        return ok(runner.run(["--journal", str(paths[who]), *args]))

    run("maja", "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee",
        "--start", "2026-09-01")  # fmt: skip
    run("maja", "goal", "add", "Find funding for the tour", "--due", "2027-05-01")
    run("maja", "share", str(folder / "first.json"), "--plain")
    run("tomaz", "init", "--from", str(folder / "first.json"))
    return paths


@pytest.fixture
def pair(cli, tmp_path, first_exchange):
    """Maja (mentee) and Tomaž (mentor), each with a journal, after a first exchange.

    `pair(who, *args)` runs a command in one journal; `pair.send(who)` shares that journal's
    bundle and merges it into the other one, returning the merge's JSON report.
    """
    paths = {who: tmp_path / f"{who}.db" for who in first_exchange}
    for who, made in first_exchange.items():
        shutil.copy(made, paths[who])

    def run(who, *args, **kwargs):
        return cli("--journal", str(paths[who]), *args, **kwargs)

    def send(who):
        other = "tomaz" if who == "maja" else "maja"
        bundle = tmp_path / f"from-{who}.json"
        ok(run(who, "share", str(bundle), "--plain", "--force"))
        return as_json(run(other, "merge", str(bundle), "--json"))

    def merge_text(who):
        other = "tomaz" if who == "maja" else "maja"
        bundle = tmp_path / f"from-{who}.json"
        ok(run(who, "share", str(bundle), "--plain", "--force"))
        return ok(run(other, "merge", str(bundle))).stdout

    run.send, run.merge_text, run.paths = send, merge_text, paths
    return run


def goal(pair, who) -> dict:
    return as_json(pair(who, "goal", "list", "--json"))[0]


def test_edits_of_different_fields_both_survive(pair):
    goal_id = goal(pair, "maja")["id"]
    ok(pair("tomaz", "goal", "revise", goal_id, "--title", "Funding", "--reason", "shorter"))
    ok(pair("maja", "goal", "revise", goal_id, "--due", "2027-06-01", "--reason", "the call moved"))
    to_maja = pair.send("tomaz")
    to_tomaz = pair.send("maja")
    assert to_maja["conflicts"] == [] and to_tomaz["conflicts"] == []
    for who in ("maja", "tomaz"):
        got = goal(pair, who)
        assert (got["title"], got["due"]) == ("Funding", "2027-06-01")
        history = as_json(pair(who, "goal", "show", goal_id, "--json"))["revisions"]
        assert sorted(r["reason"] for r in history) == ["shorter", "the call moved"]
    assert field_state(pair.paths["maja"]) == field_state(pair.paths["tomaz"])


def test_the_same_field_on_both_sides_the_later_wins_and_both_are_told(pair, cli):
    goal_id = goal(pair, "maja")["id"]
    ok(pair("tomaz", "goal", "revise", goal_id, "--title", "Find funding for the tour 2027", "--reason", "r"))
    env = {"MENTORLOG_NOW": "2026-11-21T16:00:00+01:00"}
    ok(
        cli(
            "--journal",
            str(pair.paths["maja"]),
            "goal",
            "revise",
            goal_id,
            "--title",
            "Funding",
            "--reason",
            "r",
            env=env,
        )
    )
    told_maja = pair.send("tomaz")
    [conflict] = told_maja["conflicts"]
    assert conflict["winner"] == "mine" and conflict["field"] == "title"
    assert conflict["message"] == (
        "goal 'Funding', title: Tomaž's 'Find funding for the tour 2027' was replaced by your later "
        "'Funding'."
    )
    told_tomaz = pair.merge_text("maja")
    assert (
        "goal 'Funding', title: your 'Find funding for the tour 2027' was replaced by Maja's later 'Funding'."
        in told_tomaz
    )
    assert goal(pair, "tomaz")["title"] == goal(pair, "maja")["title"] == "Funding"
    # the next exchange is not a conflict any more
    assert pair.send("tomaz")["conflicts"] == [] and pair.send("maja")["conflicts"] == []


def test_an_end_survives_a_concurrent_phase_change(pair):
    ok(pair("maja", "end"))
    ok(pair("tomaz", "phase", "next", "--force"))
    pair.send("tomaz")
    pair.send("maja")
    for who in ("maja", "tomaz"):
        status = as_json(pair(who, "status", "--json"))
        assert status["ended"]["kind"] == "completed" and status["phase"] == "here-and-now"
        ok(pair(who, "certificate"))


def test_a_format_1_bundle_never_undoes_an_end(pair, tmp_path):
    """A bundle of the first format carries whole rows at one version: the mentor's later phase
    change must not erase the mentee's end."""
    ok(pair("maja", "end"))
    ok(pair("tomaz", "phase", "next", "--force"))
    bundle = tmp_path / "v2.json"
    ok(pair("tomaz", "share", str(bundle), "--plain"))
    v1 = to_format_1(bundle)
    ok(pair("maja", "merge", str(v1)))
    status = as_json(pair("maja", "status", "--json"))
    assert status["ended"] is not None and status["phase"] == "here-and-now"


def to_format_1(bundle: Path) -> Path:
    """The same bundle as the first mentorlog wrote it."""
    lines = bundle.read_bytes().split(b"\n")
    head = json.loads(lines[0] + b"]}")
    head.pop("records")
    head.update(version=1, exported_at=head["exported_at"])
    for key in ("clock", "seen", "since", "signing_key", "sealed_to"):
        head.pop(key, None)
    grouped: dict[str, list[dict]] = {}
    for line in lines[1:]:
        if not line or line.startswith(b"]"):  # the end, or the signature (format 1 had none)
            continue
        record = json.loads(line.rstrip(b","))
        row = {k: record[k] for k in ("id", "created_at", "updated_at", "author", "origin", "phase")}
        row["visibility"] = "shared"
        for name, value in record["fields"].items():
            row[name] = json.dumps(value) if isinstance(value, (list, dict)) else value
        grouped.setdefault(record["table"], []).append(row)
    head["records"] = grouped
    out = bundle.with_name("v1.json")
    out.write_text(json.dumps(head))
    return out


def test_a_removed_rule_stays_removed_when_the_other_side_edits_it(pair):
    ok(pair("maja", "rule", "add", "Phones off during sessions"))
    pair.send("maja")
    rule_id = as_json(pair("tomaz", "rule", "list", "--json"))[0]["id"]
    ok(pair("maja", "rm", rule_id))
    ok(pair("tomaz", "edit", rule_id, "--text", "Phones silent during sessions"))
    pair.send("tomaz")
    pair.send("maja")
    for who in ("maja", "tomaz"):
        assert as_json(pair(who, "rule", "list", "--json")) == []
    assert field_state(pair.paths["maja"]) == field_state(pair.paths["tomaz"])


def test_a_held_session_is_never_undone_by_a_concurrent_move(pair):
    ok(pair("maja", "session", "plan", "2026-11-20 10:00", "--past"))
    pair.send("maja")
    ok(pair("tomaz", "session", "confirm", "1"))
    pair.send("tomaz")
    ok(pair("maja", "session", "held", "1"))
    ok(pair("tomaz", "session", "move", "1", "2026-11-25 18:00"))  # later, unaware it was held
    pair.send("tomaz")
    pair.send("maja")
    for who in ("maja", "tomaz"):
        [session] = as_json(pair(who, "session", "list", "--all", "--json"))
        assert session["state"] == "held" and session["starts_at"].startswith("2026-11-20")


def test_a_session_moved_on_one_side_and_confirmed_on_the_other(pair, cli):
    """A session's time, state and who confirmed it are one fact: the later of the two acts wins
    whole, and the one that lost is told."""
    ok(pair("maja", "session", "plan", "2026-12-03 18:00"))
    pair.send("maja")
    ok(pair("maja", "session", "move", "1", "2026-12-04 18:00"))
    env = {"MENTORLOG_NOW": "2026-11-21T16:00:00+01:00"}
    ok(cli("--journal", str(pair.paths["tomaz"]), "session", "confirm", "1", env=env))  # later
    told_maja = pair.send("tomaz")
    pair.send("maja")
    for who in ("maja", "tomaz"):
        [session] = as_json(pair(who, "session", "list", "--json"))
        assert session["state"] == "confirmed" and session["starts_at"].startswith("2026-12-03")
    assert any(c["field"] == "starts_at" and c["winner"] == "theirs" for c in told_maja["conflicts"])
    assert field_state(pair.paths["maja"]) == field_state(pair.paths["tomaz"])


def test_an_approved_agreement_version_is_immutable(pair):
    ok(pair("maja", "agreement", "edit", "--meetings", "10"))
    ok(pair("maja", "agreement", "propose"))
    pair.send("maja")
    ok(pair("tomaz", "agreement", "approve"))
    ok(pair("maja", "agreement", "edit", "--meetings", "12"))  # unaware of the approval
    told_tomaz = pair.send("maja")
    pair.send("tomaz")
    for who in ("maja", "tomaz"):
        shown = as_json(pair(who, "agreement", "show", "--json"))
        assert (shown["state"], shown["meetings"], shown["version"]) == ("approved", 10, 1)
    assert told_tomaz["conflicts"] and all(c["winner"] == "mine" for c in told_tomaz["conflicts"])
    assert field_state(pair.paths["maja"]) == field_state(pair.paths["tomaz"])


def test_two_amendments_started_at_once_both_survive(pair):
    ok(pair("maja", "agreement", "edit", "--meetings", "10"))
    ok(pair("maja", "agreement", "propose"))
    pair.send("maja")
    ok(pair("tomaz", "agreement", "approve"))
    pair.send("tomaz")
    ok(pair("maja", "agreement", "amend"))
    ok(pair("tomaz", "agreement", "amend"))
    pair.send("maja")
    pair.send("tomaz")
    for who in ("maja", "tomaz"):
        history = as_json(pair(who, "agreement", "history", "--json"))
        assert [v["version"] for v in history] == [1, 2, 2]
    assert field_state(pair.paths["maja"]) == field_state(pair.paths["tomaz"])


def test_a_wrong_clock_cannot_win_for_ever(pair, cli):
    """The mentor's clock runs a day behind: his later edit still wins, because the clock never
    goes back behind what his journal has seen (a hybrid logical clock)."""
    goal_id = goal(pair, "maja")["id"]
    ok(pair("maja", "goal", "revise", goal_id, "--title", "Funding by Maja", "--reason", "r"))
    pair.send("maja")
    behind = {"MENTORLOG_NOW": "2026-11-20T14:30:00+01:00"}
    ok(
        cli(
            "--journal",
            str(pair.paths["tomaz"]),
            "goal",
            "revise",
            goal_id,
            "--title",
            "Funding by Tomaž",
            "--reason",
            "r",
            env=behind,
        )
    )
    pair.send("tomaz")
    assert goal(pair, "maja")["title"] == "Funding by Tomaž"


def test_an_edit_made_knowing_the_other_is_no_conflict(pair):
    goal_id = goal(pair, "maja")["id"]
    ok(pair("tomaz", "goal", "revise", goal_id, "--title", "Funding for the tour", "--reason", "r"))
    assert pair.send("tomaz")["conflicts"] == []
    ok(pair("maja", "goal", "revise", goal_id, "--title", "Funding", "--reason", "r"))
    assert pair.send("maja")["conflicts"] == []
    assert goal(pair, "tomaz")["title"] == "Funding"


# --- what is never undone, through a bundle that tries -----------------------------------------


def rewritten(bundle: Path, table: str, change) -> Path:
    """`bundle` with the first record of `table` changed by `change(record)`, as a program other
    than mentorlog could write it."""
    lines = bundle.read_bytes().split(b"\n")
    lines = [b"]}" if line.startswith(b'],"signature":') else line for line in lines]  # unsigned now
    for i, line in enumerate(lines[1:], start=1):
        if not line or line == b"]}":
            continue
        record = json.loads(line.rstrip(b","))
        if record["table"] == table:
            change(record)
            lines[i] = json.dumps(record).encode() + (b"," if line.endswith(b",") else b"")
            break
    out = bundle.with_name(f"rewritten-{bundle.name}")
    out.write_bytes(b"\n".join(lines))
    return out


LATER = "2026-11-21T14:00:00.000Z"  # after every stamp of the exchange, before the tests' clock


def approved_version_1(pair) -> None:
    ok(pair("maja", "agreement", "edit", "--meetings", "12", "--period-start", "2026-09-01",
            "--period-end", "2027-06-30"))  # fmt: skip
    ok(pair("maja", "agreement", "propose"))
    pair.send("maja")
    ok(pair("tomaz", "agreement", "approve"))
    pair.send("tomaz")


def the_field_alone_later(name: str, value):
    """A change of one field at a later stamp than the record's, every other field kept at its
    version: what an edit after the approval would look like."""

    def change(record):
        newest = f"{record['updated_at']} {record['origin']}"
        record["versions"] = {
            field: record["versions"].get(field, newest) for field in record["fields"] if field != name
        }
        record["fields"][name] = value
        record["updated_at"] = LATER

    return change


def everything_later(name: str, value):
    """The version approved again, later, with one term changed: every field at a later stamp."""

    def change(record):
        record["versions"] = {}
        record["fields"][name] = value
        record["fields"]["approved_at"] = LATER
        record["updated_at"] = LATER

    return change


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [("period_end", "2099-01-01", "end of the period"), ("meetings", 99, "number of meetings")],
)
@pytest.mark.parametrize("how", [the_field_alone_later, everything_later], ids=["edited", "reapproved"])
def test_a_bundle_never_changes_an_approved_version(pair, tmp_path, name, value, words, how):
    """The reproduction: a mentee bundle setting version 1's end of the period to 2099-01-01 (or
    its meetings from 12 to 99) with a newer stamp was accepted. It is refused naming the version
    and the field, by the bundle check when the change is dated after the approval the record
    carries, by the merge when the version comes approved again; nothing changes."""
    from .conftest import digest

    approved_version_1(pair)
    ok(pair("maja", "note", "--shared", "Edits on her side"))
    ok(pair("tomaz", "note", "--shared", "Edits on his"))
    bundle = tmp_path / "maja.json"
    ok(pair("maja", "share", "--plain", str(bundle)))
    before = digest(pair.paths["tomaz"])
    result = pair("tomaz", "merge", str(rewritten(bundle, "agreement", how(name, value))))
    assert result.exit_code == 1, result.output
    if how is the_field_alone_later:
        assert f"field {name}, changed after version 1 was approved" in result.stderr, result.stderr
    else:
        assert f"changes the {words} ({name}) of version 1, which is approved and never changes" in (
            result.stderr
        )
    assert result.stderr.startswith("Error: The bundle is refused: agreement 01")
    assert digest(pair.paths["tomaz"]) == before
    shown = as_json(pair("tomaz", "agreement", "show", "--json"))
    assert (shown["meetings"], shown["period_end"]) == (12, "2027-06-30")
    assert "2099" not in pair("tomaz", "status").stdout
    ok(pair("tomaz", "merge", str(bundle)))  # the bundle as she wrote it merges


def test_a_bundle_never_takes_the_ending_away(pair, tmp_path):
    """The ending is never undone: a bundle that clears it at a later version than the ending's,
    made knowing of it, is refused naming the mentorship and the field, and the journal stays as it
    was (a first-format bundle made without knowing of it is merged and leaves the ending)."""
    from .conftest import digest

    ok(pair("maja", "end"))
    pair.send("maja")
    ok(pair("tomaz", "note", "--shared", "Thank you"))
    bundle = tmp_path / "tomaz.json"
    ok(pair("tomaz", "share", "--plain", str(bundle)))

    def unend(record):
        for field in ("ended_on", "end_kind", "end_reason"):
            record["fields"][field] = None
            record["versions"].pop(field, None)
        record["updated_at"] = LATER

    before = digest(pair.paths["maja"])
    result = pair("maja", "merge", str(rewritten(bundle, "pair", unend)))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: The bundle is refused: pair 01"), result.stderr
    assert "takes away the ending (ended_on) of the mentorship on 2026-11-21; an ending is never undone" in (
        result.stderr
    )
    assert digest(pair.paths["maja"]) == before
    ended = as_json(pair("maja", "status", "--json"))["ended"]
    assert ended is not None and ended["kind"] == "completed"
    ok(pair("maja", "merge", str(bundle)))  # the bundle as he wrote it merges


def sender_of(bundle: Path) -> str:
    return json.loads(bundle.read_bytes().split(b"\n")[0] + b"]}")["from"]["journal_id"]


def his_version(record, journal_id: str) -> None:
    """`record` changed at a later stamp in the name of the journal `journal_id`, every field at it."""
    record["versions"] = {}
    record["updated_at"] = LATER
    record["origin"] = journal_id


@pytest.mark.parametrize("state", ["confirmed", "cancelled"])
def test_a_bundle_never_takes_a_held_session_back(pair, tmp_path, state):
    """A session Maja marked held, which Tomaž has had since: a bundle of his that puts it back to
    confirmed (or cancelled) at a later version is refused naming the session and the field;
    nothing changes, and his bundle as he wrote it merges."""
    from .conftest import digest

    ok(pair("maja", "session", "plan", "2026-11-20 10:00", "--past"))
    pair.send("maja")
    ok(pair("tomaz", "session", "confirm", "1"))
    pair.send("tomaz")
    ok(pair("maja", "session", "held", "1"))
    pair.send("maja")
    ok(pair("tomaz", "note", "--shared", "Good session"))
    ok(pair("maja", "note", "--shared", "Her own note"))
    bundle = tmp_path / "tomaz.json"
    ok(pair("tomaz", "share", "--plain", str(bundle)))

    def unhold(record):
        his_version(record, sender_of(bundle))
        record["fields"].update(state=state, held_at=None, held_phase=None)

    before = digest(pair.paths["maja"])
    result = pair("maja", "merge", str(rewritten(bundle, "session", unhold)))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: The bundle is refused: session 01"), result.stderr
    assert f"changes the state (state) of session 1 from held to {state}; a held session is never undone" in (
        result.stderr
    )
    assert digest(pair.paths["maja"]) == before
    ok(pair("maja", "merge", str(bundle)))
    [session] = as_json(pair("maja", "session", "list", "--all", "--json"))
    assert session["state"] == "held"


def test_an_older_copy_of_a_held_session_is_merged(pair, tmp_path):
    """Tomaž's bundle from before the session was held, sent again after: it tries to undo nothing
    (its version is older), so it merges and the session stays held."""
    ok(pair("maja", "session", "plan", "2026-11-20 10:00", "--past"))
    pair.send("maja")
    ok(pair("tomaz", "session", "confirm", "1"))
    old = tmp_path / "old.json"
    ok(pair("tomaz", "share", "--plain", str(old)))
    ok(pair("maja", "merge", str(old)))
    ok(pair("maja", "session", "held", "1"))
    ok(pair("tomaz", "note", "--shared", "His note"))
    pair.send("maja")
    ok(pair("maja", "merge", str(old)))  # the old copy again: nothing is undone, nothing refused
    for who in ("maja", "tomaz"):
        [session] = as_json(pair(who, "session", "list", "--all", "--json"))
        assert session["state"] == "held", who


def test_the_words_of_a_group_come_when_a_tombstone_is_restored(pair):
    """A goal dropped with a reason, then removed before Tomaž had it, reaches him as a tombstone
    (without its words, the reason among them); restored, it brings the reason too, although the
    status group it belongs to is no newer than the one he holds."""
    goal_id = goal(pair, "maja")["id"]
    ok(pair("maja", "goal", "drop", goal_id, "--reason", "Too early for a tour"))
    ok(pair("maja", "rm", goal_id))
    ok(pair("tomaz", "note", "--shared", "His own note"))  # edits on both sides between exchanges
    pair.send("maja")
    ok(pair("maja", "restore", goal_id))
    ok(pair("tomaz", "rule", "add", "Phones off"))
    pair.send("maja")
    pair.send("tomaz")
    for who in ("maja", "tomaz"):
        with sqlite3.connect(pair.paths[who]) as db:
            held = db.execute("select status, end_reason from goal where id = ?", [goal_id]).fetchall()
        db.close()
        assert held == [("dropped", "Too early for a tour")], who
    assert field_state(pair.paths["maja"]) == field_state(pair.paths["tomaz"])
