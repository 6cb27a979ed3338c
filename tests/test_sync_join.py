"""Joining with the folder and the code, nothing else (README: "Without ceremony: a folder both
of you see"): the first person's sync says what the partner types; the partner's journal starts
from the bundle in the folder, paired, syncing as the first person does. The README's walk-through
runs here as printed, both sides."""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
from pathlib import Path

import pytest

from .conftest import as_json, ok

README = Path(__file__).resolve().parent.parent / "README.md"
PROMPT = re.compile(r"^(maja|tomaz)\$ (mentorlog .*)$")
JOINS = re.compile(r"joins from this folder with: `(mentorlog init --from [^`]+)`")
CODE = re.compile(r"never in the folder\): (.+)$", re.M)
DATA_HOME = "~/.local/share/mentorlog"


def walk_through() -> list[tuple[str, str, list[str]]]:
    """The README's two-sided folder walk-through: (who, command, the lines printed)."""
    blocks = re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    (block,) = [b for b in blocks if "tomaz$ mentorlog init --from ~/Sync/mentoring" in b]
    steps: list[tuple[str, str, list[str]]] = []
    for line in block.splitlines():
        if found := PROMPT.match(line):
            steps.append((found[1], found[2], []))
        else:
            steps[-1][2].append(line)
    return steps


@pytest.mark.slow  # two rounds of scrypt, as the other tests of a pairing with the code
def test_the_readmes_first_day_through_the_folder_runs_as_printed(cli, tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "Sync" / "mentoring").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("COLUMNS", "100")
    data = {who: tmp_path / who for who in ("maja", "tomaz")}
    steps = walk_through()
    printed = "\n".join(line for _, _, lines in steps for line in lines)
    readme_code = CODE.search(printed)[1]
    readme_pair6 = re.search(r"mentorlog-(\w{6})-mentor\.age", printed)[1]
    code = None
    printed_join = None
    for who, command, expected in steps:
        if command.startswith("mentorlog init --from"):
            assert printed_join is not None
            assert command.replace(readme_code, code) == printed_join  # typed as it was printed
            command = printed_join
        result = cli(*shlex.split(command)[1:], env={"MENTORLOG_HOME": str(data[who])})
        assert result.exit_code == 0, (command, result.output)
        said = result.stderr + result.stdout
        if found := CODE.search(said):
            code = found[1]
            printed_join = JOINS.search(said)[1]
        pair6 = next((p.name[10:16] for p in (home / "Sync" / "mentoring").iterdir()), None)
        shown = said.replace(str(data[who]), DATA_HOME).replace(str(home), "~")
        if code:
            shown = shown.replace(code, readme_code)
        if pair6:
            shown = shown.replace(f"mentorlog-{pair6}-", f"mentorlog-{readme_pair6}-")
        assert [line.rstrip() for line in shown.splitlines()] == expected, (who, command)
    with sqlite3.connect(data["tomaz"] / "journal.db") as db:
        assert db.execute("select sync_auto from journal").fetchone() == (1,)  # as Maja's
    db.close()


@pytest.mark.slow  # two rounds of scrypt
def test_sync_folder_with_the_code_and_no_journal_joins_and_keeps_sync_as_the_partner_has_it(cli, tmp_path):
    folder = tmp_path / "Sync"
    folder.mkdir()
    maja, tomaz = str(tmp_path / "maja.db"), str(tmp_path / "tomaz.db")
    ok(cli("-j", maja, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"))
    ok(cli("-j", maja, "note", "--shared", "Our first shared note"))
    code = as_json(cli("-j", maja, "sync", str(folder), "--json"))["shared"]["code"]  # sync stays manual
    joined = ok(cli("-j", tomaz, "sync", str(folder), "--code", code))
    assert "Paired with Maja's journal" in joined.stdout
    said = f"Syncing through {folder} as Maja does: run `mentorlog -j {tomaz} sync` after a change"
    assert said in joined.stdout
    assert "Our first shared note" in [e["text"] for e in as_json(cli("-j", tomaz, "log", "--json"))]
    assert [p.name.endswith("-mentor.age") for p in sorted(folder.iterdir())].count(True) == 1
    ok(cli("-j", tomaz, "note", "--shared", "Back to you"))
    assert "Back to you" not in ok(cli("-j", maja, "log")).stdout  # no automatic sync on either side
    ok(cli("-j", tomaz, "sync"))
    assert "Back to you" not in ok(cli("-j", maja, "log")).stdout
    ok(cli("-j", maja, "sync"))
    assert "Back to you" in ok(cli("-j", maja, "log")).stdout
    assert ok(cli("-j", maja, "pair")).stdout.startswith("Paired with Tomaž's journal")


@pytest.mark.slow  # three rounds of scrypt
def test_a_journal_started_apart_is_told_so_on_both_sides_instead_of_nothing_new(cli, tmp_path):
    """Tomaž runs `init` himself and then `sync FOLDER --code WORDS`: the code opens Maja's file,
    which is named as another mentorship's with the way out; Maja's side names his file."""
    folder = tmp_path / "Sync"
    folder.mkdir()
    maja, tomaz = str(tmp_path / "maja.db"), str(tmp_path / "tomaz.db")
    ok(cli("-j", maja, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"))
    code = as_json(cli("-j", maja, "sync", str(folder), "--auto", "on", "--json"))["shared"]["code"]
    ok(cli("-j", tomaz, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentor"))
    his = ok(cli("-j", tomaz, "sync", str(folder), "--code", code)).stdout
    assert "Nothing new" not in his
    assert "This bundle is Maja Horvat & Tomaž Zupan's, but from a journal started apart from yours" in his
    assert f"run `mentorlog -j {tomaz} init --from {folder}" in his
    assert "Not written: the folder holds a bundle of the same two people" in his
    assert [p.name.endswith("-mentee.age") for p in folder.iterdir()] == [True]  # no second mentorship
    assert "Maja joins" not in his and "pairing code" not in his
    his_file = folder / "mentorlog-zz0000-mentor.age"  # his bundle, as a sync wrote it before
    ok(cli("-j", tomaz, "share", str(his_file)))
    hers = ok(cli("-j", maja, "status")).stderr
    assert (
        "mentorlog-zz0000-mentor.age in the sync folder left alone: It belongs to another mentorship" in hers
    )
    assert "not Maja Horvat & Tomaž Zupan's" in hers and "Nothing new" not in hers


@pytest.mark.slow  # three rounds of scrypt
def test_two_journals_of_the_mentor_in_one_folder_are_named_as_such(cli, tmp_path):
    folder = tmp_path / "Sync"
    folder.mkdir()
    maja, first, second = (str(tmp_path / f"{n}.db") for n in ("maja", "tomaz", "tomaz-laptop"))
    ok(cli("-j", maja, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"))
    code = as_json(cli("-j", maja, "sync", str(folder), "--auto", "on", "--json"))["shared"]["code"]
    ok(cli("-j", first, "init", "--from", str(folder), "--code", code))
    ok(cli("-j", maja, "status"))  # merges the first journal's bundle
    ok(cli("-j", second, "init", "--from", str(folder), "--me", "mentor", "--code", code))
    told = ok(cli("-j", maja, "status")).stderr  # the second journal's bundle replaced the first's
    assert "comes from another journal kept by the mentor of this mentorship" in told


def test_init_from_a_folder_names_what_it_cannot_start_from(cli, tmp_path, journal_path):
    folder = tmp_path / "Sync"
    folder.mkdir()
    empty = cli("-j", str(tmp_path / "t.db"), "init", "--from", str(folder))
    assert empty.exit_code == 1
    assert f"No mentorlog bundle in {folder} yet" in empty.stderr
    first = cli("-j", str(tmp_path / "t.db"), "sync", str(folder))  # no journal, nothing to join
    assert first.exit_code == 1
    journal = tmp_path / "t.db"
    assert f"to start the mentorship yourself, `mentorlog -j {journal} init --mentor NAME" in first.stderr
    for name in ("mentorlog-aaaaaa-mentee.age", "mentorlog-bbbbbb-mentee.age"):
        (folder / name).write_bytes(b"age-encryption.org/v1\n")
    two = cli("-j", str(tmp_path / "t.db"), "init", "--from", str(folder))
    assert two.exit_code == 1
    assert (
        "holds the bundles of 2 mentorships (mentorlog-aaaaaa-mentee.age, mentorlog-bbbbbb-mentee.age)"
        in (two.stderr)
    )
    assert not (tmp_path / "t.db").exists()


def test_a_bundle_says_automatic_sync_only_when_on_and_an_old_bundle_without_it_still_reads(now):
    from mentorlog.exchange import bundle, bundle_envelope

    raw = {
        "format": bundle.BUNDLE, "version": 2, "pair_id": "01jd0000000000000000000000",
        "from": {"role": "mentee", "journal_id": "01jd0000000000000000000001"},
        "exported_at": "2026-11-21T13:00:00.000Z", "clock": "2026-11-21T13:00:00.000Z",
    }  # fmt: skip
    assert bundle_envelope.check_envelope(raw, now).auto_sync is False
    assert bundle_envelope.check_envelope({**raw, "auto_sync": True}, now).auto_sync is True
    with pytest.raises(bundle.BadBundle, match="its auto_sync is not true or false"):
        bundle_envelope.check_envelope({**raw, "auto_sync": "yes"}, now)
    written = bundle.envelope_json(bundle_envelope.check_envelope(raw, now))
    assert "auto_sync" not in written
    assert (
        json.loads(
            json.dumps(bundle.envelope_json(bundle_envelope.check_envelope({**raw, "auto_sync": True}, now)))
        )["auto_sync"]
        is True
    )
