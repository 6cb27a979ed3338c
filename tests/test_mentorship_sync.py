"""A mentorship lived by two people with two journals and automatic sync through a folder both see:
each is told, in their own journal, what waits for them, with a command that works when run as
printed, and neither is ever told to do the other's step."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from .conftest import NOW, Runner, as_json, clock_at, ok

COMMAND = re.compile(r"`(mentorlog [^`]+)`")
NEVER = {
    "maja": ("agreement approve", "--as mentor"),  # the mentor's steps
    "tomaz": ("agreement propose", "topic add", "--as mentee"),  # the mentee's steps
}


class Two:
    """Maja (mentee) and Tomaž (mentor), each with a journal, and a folder both see."""

    def __init__(self, cli, tmp_path: Path):
        self.cli = cli
        self.folder = tmp_path / "Sync"
        self.folder.mkdir()
        self.paths = {"maja": tmp_path / "maja.db", "tomaz": tmp_path / "tomaz.db"}
        self.moment = NOW
        self.told: dict[str, list[str]] = {"maja": [], "tomaz": []}

    def __call__(self, who: str, *args: str, expect: int = 0):
        self.moment += timedelta(minutes=1)  # one after the other, as two people would
        result = self.cli("--journal", str(self.paths[who]), *args, env=clock_at(self.moment))
        assert result.exit_code == expect, (who, args, result.output)
        said = result.stdout + result.stderr
        self.told[who].append(said)
        for step in NEVER[who]:
            assert step not in said, f"{who} was told to do the other's step ({step}): {said}"
        return result

    def run_printed(self, who: str, said: str, code: str) -> None:
        """Run, as printed, the command of the what's-new item with `code`."""
        line = next((line for line in said.splitlines() if code in line), None)
        assert line is not None, (code, said)
        command = COMMAND.findall(line)[-1]
        self(who, *shlex.split(command)[1:])


@pytest.fixture(scope="module")
def paired_once(click_command, tmp_path_factory, paired) -> Two:
    """Maja and Tomaž, paired (copies of the journals conftest's `paired` made: pairing costs two
    rounds of scrypt, seconds by design), with what that pairing wrote set aside, then each syncing
    through the folder. Pairing through the folder itself, with the code: the slow test below."""
    runner = Runner(click_command)

    def cli(*args: str, input: str | None = None, env: dict | None = None):
        return runner.run(list(args), input=input, env=env)

    pair = Two(cli, tmp_path_factory.mktemp("paired"))
    for who in ("maja", "tomaz"):
        shutil.copy2(paired[who], pair.paths[who])
    for topic in as_json(pair("maja", "topic", "list", "--json")):
        pair("maja", "rm", topic["id"])
    pair("maja", "sync", str(pair.folder), "--auto", "on")
    (first,) = pair.folder.iterdir()
    assert "Maja" not in first.name and "Tomaž" not in first.name
    assert first.read_bytes().startswith(b"age-encryption.org/v1\n-> X25519 ")  # sealed to his key
    pair("tomaz", "sync", str(pair.folder), "--auto", "on")
    assert as_json(pair("tomaz", "topic", "list", "--json")) == []
    return pair


@pytest.fixture
def two(cli, tmp_path, paired_once) -> Two:
    """A copy of the paired journals and their folder, for one test (the folder each journal
    remembers points at the copy)."""
    pair = Two(cli, tmp_path)
    for path in paired_once.folder.iterdir():
        shutil.copy2(path, pair.folder / path.name)
    for who, path in paired_once.paths.items():
        shutil.copy2(path, pair.paths[who])
        with sqlite3.connect(pair.paths[who]) as db:
            db.execute("update journal set sync_folder = ?", [str(pair.folder)])
        db.close()
    pair.moment = paired_once.moment
    return pair


def test_a_mentorship_with_automatic_sync(two):
    # the agreement: proposed by Maja, approved by Tomaž from what he is told
    two("maja", "agreement", "edit", "--meetings", "10", "--place", "Café Union")
    two("maja", "agreement", "propose")
    said = two("tomaz", "status").stderr  # what's new comes on standard error, before the command's own
    assert "Maja proposed the agreement, version 1" in said
    two.run_printed("tomaz", said, "proposed the agreement")
    assert "approved the agreement, version 1" in (two("maja", "status").stderr)

    # three sessions wait for his confirmation: one command confirms them
    two("maja", "session", "schedule", "--every", "monthly", "--count", "3", "--start", "2026-12-03 18:00")
    said = two("tomaz", "status").stderr
    tomaz, maja = two.paths["tomaz"], two.paths["maja"]  # each journal named in what it prints
    assert f"3 sessions wait for your confirmation: `mentorlog -j {tomaz} session confirm 1-3`" in said
    two.run_printed("tomaz", said, "wait for your confirmation")

    # he moves one; she is told, and confirms it as printed
    two("tomaz", "session", "move", "2", "2027-01-08 18:00")
    said = two("maja", "status").stderr
    assert "Tomaž moved session 2 to Fri 8 Jan 18:00" in said
    two.run_printed("maja", said, "moved session 2")

    # his action for her, his questions for the next session, her topic for it
    two("tomaz", "action", "add", "Draft the budget", "--owner", "mentee", "--due", "2026-12-01")
    two("tomaz", "note", "-q", "--shared", "What did the fund say?")
    two("tomaz", "note", "-q", "--shared", "Who else could co-produce?")
    said = two("maja", "agenda").stderr
    assert "Tomaž added an action for you: 'Draft the budget' (due 2026-12-01)" in said
    assert f"Tomaž parked 2 questions for session 1: `mentorlog -j {maja} agenda --session 1`" in said
    two.run_printed("maja", said, "action for you")
    two("maja", "topic", "add", "Pricing my work")
    said = two("tomaz", "agenda", "--format", "json").stderr
    assert f"Maja proposed 1 topic for session 1: `mentorlog -j {tomaz} agenda --session 1`" in said
    agenda = json.loads(two("tomaz", "agenda", "--format", "json").stdout)
    assert [t["text"] for t in agenda["topics"]] == ["Pricing my work"]
    assert len(agenda["questions"]) == 2

    # an amendment, and the phase moved by her
    two("maja", "agreement", "amend")
    two("maja", "agreement", "edit", "--meetings", "12")
    two("maja", "agreement", "propose")
    two("maja", "phase", "next")
    said = two("tomaz", "status").stderr
    assert "Maja moved the mentorship to the here-and-now phase" in said
    assert "Maja proposed the agreement, version 2" in said
    two.run_printed("tomaz", said, "proposed the agreement, version 2")

    # the session is held; she is told, and gives her feedback as printed
    late = clock_at(NOW + timedelta(days=13))
    ok(two.cli("--journal", str(two.paths["tomaz"]), "session", "held", "1", env=late))
    result = two.cli("--journal", str(two.paths["maja"]), "status", env=late)
    assert (
        f"Tomaž marked session 1 held: give your feedback with `mentorlog -j {maja} feedback 1 --rating 1-5`"
        in result.stderr
    )

    # both journals hold the same shared record, and each nudge speaks to its owner
    for who in ("maja", "tomaz"):
        status = as_json(two(who, "status", "--json"))
        assert all(step not in n["message"] for n in status["nudges"] for step in NEVER[who])
        assert status["exchange"]["unshared_changes"] == 0  # automatic sync shared everything


def test_an_exchange_round_takes_four_commands_with_automatic_sync(two):
    """Maja adds a topic; Tomaž sees it and answers with a question; Maja sees the answer."""
    commands = 0

    def step(who, *args):
        nonlocal commands
        commands += 1
        return two(who, *args)

    step("maja", "topic", "add", "Pricing my work")
    assert "Maja proposed 1 topic for the next session" in step("tomaz", "agenda").stderr
    step("tomaz", "note", "-q", "--shared", "What is your fee now?")
    assert "What is your fee now?" in step("maja", "agenda").stdout
    assert commands == 4


def test_an_exchange_round_takes_six_commands_with_explicit_sync(two):
    for who in ("maja", "tomaz"):
        two(who, "sync", "--auto", "off")
    commands = 0

    def step(who, *args):
        nonlocal commands
        commands += 1
        return two(who, *args)

    step("maja", "topic", "add", "Pricing my work")
    step("maja", "sync")
    assert "Maja proposed 1 topic for the next session" in step("tomaz", "sync").stdout
    step("tomaz", "note", "-q", "--shared", "What is your fee now?")
    step("tomaz", "sync")
    assert "Tomaž parked 1 question for the next session" in step("maja", "sync").stdout
    assert commands == 6


def test_conflict_copies_are_merged_and_an_unchanged_file_is_left_alone(two):
    two("tomaz", "note", "-q", "--shared", "A question")
    partner = next(p for p in two.folder.iterdir() if p.name.endswith("-mentor.age"))
    copy = partner.with_name(partner.stem + ".sync-conflict-20261121-143000-ABCDEFG.age")
    copy.write_bytes(partner.read_bytes())
    said = two("maja", "sync").stdout
    assert "parked 1 question" in said  # from one of the two files; the other brings nothing new
    assert "parked" not in two("maja", "sync").stdout  # both files unchanged: nothing merged


@pytest.mark.slow  # four rounds of scrypt, more than a second each
def test_a_file_locked_with_the_code_waits_for_sync_code(cli, tmp_path):
    """Before the two journals are paired, the mentee's bundles in the folder are locked with the
    code: the mentor's sync names the file, merges nothing from it, and `sync --code` merges it."""
    pair = Two(cli, tmp_path)
    pair("maja", "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee")
    code = as_json(pair("maja", "sync", str(pair.folder), "--json"))["shared"]["code"]
    (first,) = pair.folder.iterdir()
    pair("tomaz", "init", "--from", str(first), "--code", code)
    pair("maja", "note", "--shared", "Before we were paired")
    pair("maja", "sync")  # Tomaž's bundle has not reached her: still locked with the code
    waiting = as_json(pair("tomaz", "sync", str(pair.folder), "--json"))
    assert waiting["locked"] == [first.name] and waiting["merged"] == []
    quiet = as_json(pair("tomaz", "sync", "--json"))  # said once per change of the file
    assert quiet["locked"] == [] and quiet["merged"] == []
    pair("maja", "share", str(first), "--force")  # her file changes, still locked: she has not merged his
    told = pair("tomaz", "sync").stdout
    assert f"{first.name} in the sync folder is locked with a pairing code" in told
    merged = as_json(pair("tomaz", "sync", "--code", code, "--json"))
    assert merged["locked"] == [] and [m["file"] for m in merged["merged"]] == [first.name]
    assert merged["merged"][0]["added"] == 1
    texts = [entry["text"] for entry in as_json(pair("tomaz", "log", "--json"))]
    assert "Before we were paired" in texts


@pytest.mark.slow  # two rounds of scrypt
def test_the_mentor_who_started_from_the_locked_file_is_not_asked_for_the_code_again(cli, tmp_path):
    pair = Two(cli, tmp_path)
    pair("maja", "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee")
    code = as_json(pair("maja", "sync", str(pair.folder), "--json"))["shared"]["code"]
    (first,) = pair.folder.iterdir()
    pair("tomaz", "init", "--from", str(first), "--code", code)
    started = pair("tomaz", "sync", str(pair.folder), "--auto", "on")
    assert "locked" not in started.stdout + started.stderr
    assert "Nothing new from your partner" in started.stdout
    pair("maja", "sync")  # his bundle, sealed to her key: the two journals are paired
    assert ok(pair.cli("--journal", str(pair.paths["maja"]), "pair")).stdout.startswith("Paired")


def test_a_file_merged_by_hand_is_not_merged_again_by_sync(cli, tmp_path, paired):
    """Tomaž merges Maja's file in the folder himself (as `init --from` reads it: the slow test
    above); his first sync leaves that unchanged file alone, and merges it once it changed."""
    pair = Two(cli, tmp_path)
    for who in ("maja", "tomaz"):
        shutil.copy2(paired[who], pair.paths[who])
    name = f"mentorlog-{pair_id(pair.paths['maja'])[-6:]}-mentee.age"
    pair("maja", "note", "--shared", "Our first note")
    pair("maja", "share", str(pair.folder / name))
    assert as_json(pair("tomaz", "merge", str(pair.folder / name), "--json"))["added"] == 1
    first = as_json(pair("tomaz", "sync", str(pair.folder), "--json"))
    assert first["merged"] == [] and first["locked"] == [], first
    pair("maja", "note", "--shared", "Our second note")
    pair("maja", "share", str(pair.folder / name), "--force")
    second = as_json(pair("tomaz", "sync", "--json"))
    assert [(m["file"], m["added"]) for m in second["merged"]] == [(name, 1)], second


def pair_id(path: Path) -> str:
    with sqlite3.connect(path) as db:
        (found,) = db.execute("select id from pair").fetchone()
    db.close()
    return found


def test_sync_prints_the_keys_docs_json_lists(two):
    from .test_json_keys import check, documented, printed_keys

    two("maja", "topic", "add", "Pricing my work")
    hers = next(p for p in two.folder.iterdir() if p.name.endswith("-mentee.age"))
    cut = hers.with_name(hers.stem + ".sync-conflict-20261121-143000-ABCDEFG.age")
    cut.write_bytes(hers.read_bytes()[:200])  # a file left alone
    his = hers.with_name(hers.name.replace("-mentee.age", "-mentor.age"))
    his.unlink()
    his.symlink_to(two.folder.parent / "elsewhere.txt")  # a link replaced: a notice
    synced = as_json(two("tomaz", "sync", "--json"))
    assert [m["added"] for m in synced["merged"]] == [1], synced
    keys = documented()["sync --json"]
    check(synced, keys, "sync")
    # the keys of sync and of each merged file and shared bundle (what is inside a conflict or a
    # renumbering: tests/test_json_keys.py, through merge)
    assert {k for k in keys if k.count(".") <= 1} <= printed_keys(synced, keys)
