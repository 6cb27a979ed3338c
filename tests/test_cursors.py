"""A bundle's cursors (`seen`, `merged`, `since`) are claims about what the two journals have had
of each other: a false one is refused, naming it, so that it can never stop sharing; `status`
says what the partner has had as the partner's bundles say it; `share --all` and `sync --all` are
the way back from any doubt. Two journals, paired, with automatic sync through a folder, and
edits on both sides between exchanges."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from mentorlog.dates import stamp
from mentorlog.exchange import pairing, share
from mentorlog.journal.journal import open_journal

from .conftest import NOW, as_json, clock_at, ok
from .exchange_helpers import shared_content
from .test_mentorship_sync import Two, paired_once  # noqa: F401 (a fixture, used by `two`)


@pytest.fixture
def two(cli, tmp_path, paired_once) -> Two:  # noqa: F811
    """A copy of the paired journals with automatic sync and their folder, for one test."""
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


def own_file(pair: Two, role: str) -> Path:
    return next(p for p in pair.folder.iterdir() if p.name.endswith(f"-{role}.age"))


def sealed_with(pair: Two, who: str, **envelope) -> bytes:
    """`who`'s bundle as their journal writes it, sealed for the partner, with the envelope's
    `envelope` keys set to other values (as a buggy or hostile program could)."""
    journal = open_journal(str(pair.paths[who]))
    try:
        plain = io.BytesIO()
        seal = pairing.seal_for_partner(journal, pair.moment)
        share.write_bundle(journal, plain, pair.moment, recipient=seal.own_recipient)
        first, rest = plain.getvalue().split(b"\n", 1)
        head = json.loads(first + b"]}")
        head.pop("records")
        head.update(envelope)
        text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"records":['
        out = io.BytesIO()
        with pairing.sealed(out, seal) as sink:
            sink.write(text.encode() + b"\n" + rest)
        return out.getvalue()
    finally:
        journal.close()


def attempt(pair: Two, who: str, *args: str) -> str:
    """What a command said, whether it succeeded or not (how a bad file in the folder is reported
    is the sync's own business: here, only that the refusal names the cursor)."""
    pair.moment += timedelta(minutes=1)
    result = pair.cli("--journal", str(pair.paths[who]), *args, env=clock_at(pair.moment))
    return result.stdout + result.stderr


def texts(pair: Two, who: str) -> list[str]:
    return [entry["text"] for entry in as_json(pair(who, "log", "--json"))]


def test_a_false_seen_is_refused_and_sharing_never_stops(two):
    """The reproduction: a bundle saying Tomaž's changes up to 23 h 50 min from now reached Maja.
    It is refused, naming `seen`; his later shared note still reaches her three days later."""
    ahead = stamp(two.moment + timedelta(hours=23, minutes=50))
    own_file(two, "mentee").write_bytes(sealed_with(two, "maja", seen=ahead, clock=ahead))
    said = attempt(two, "tomaz", "sync")
    assert "The bundle is refused: its seen says your partner has this journal's changes up to" in said
    assert as_json(two("tomaz", "status", "--json"))["exchange"]["partner_has_until"] != ahead
    two("tomaz", "note", "--shared", "Bring the budget draft")  # shared after the command
    two("maja", "note", "--shared", "Her own news")  # and she edits on her side
    later = clock_at(two.moment + timedelta(days=3))
    result = two.cli("--journal", str(two.paths["maja"]), "sync", env=later)
    assert result.exit_code == 0, result.output
    assert "Bring the budget draft" in texts(two, "maja")


def test_status_says_what_the_partners_bundles_say_they_have(two):
    two("tomaz", "note", "--shared", "A shared thought")  # automatic sync writes it in the folder
    status = as_json(two("tomaz", "status", "--json"))["exchange"]
    assert status["unshared_changes"] == 0 and status["not_yet_had"] == 1
    line = " ".join(two("tomaz", "status").stdout.split())
    assert "Maja's last bundle: made" in line  # what arrived is what her last bundle says
    assert "everything of yours is shared (1 change not yet arrived)" in line
    two("maja", "sync")  # her bundle says she has everything of his up to his last one
    two("tomaz", "sync")
    status = as_json(two("tomaz", "status", "--json"))["exchange"]
    assert status["not_yet_had"] == 0 and status["partner_has_until"] is not None
    line = " ".join(two("tomaz", "status").stdout.split())
    assert "everything of yours is shared ·" in line and "not yet arrived" not in line


def test_a_journal_restored_from_a_backup_comes_back_with_sync_all(two, tmp_path):
    """Tomaž restores his journal from a copy made before the last exchange: Maja's bundles now
    claim more of his than it ever sent, and are refused naming `seen`; `sync --all` on her side
    is the way back, and from then on the two journals exchange as before."""
    backup = tmp_path / "tomaz-backup.db"
    shutil.copyfile(two.paths["tomaz"], backup)
    two("tomaz", "note", "--shared", "Lost in the restore")
    two("maja", "topic", "add", "Pricing my work")  # she merges his note and shares her topic
    two("maja", "sync")
    shutil.copyfile(backup, two.paths["tomaz"])
    for suffix in ("-wal", "-shm"):
        Path(str(two.paths["tomaz"]) + suffix).unlink(missing_ok=True)
    refused = attempt(two, "tomaz", "sync")
    assert "The bundle is refused: its seen says your partner has this journal's changes up to" in refused
    assert f"`mentorlog -j {two.paths['tomaz']} sync --all`" in refused  # pasteable, in this journal
    two("maja", "sync", "--all")
    assert "Maja proposed 1 topic" in two("tomaz", "sync").stdout
    two("tomaz", "note", "--shared", "After the restore")
    two("maja", "note", "--shared", "Hers after the restore")
    for who in ("maja", "tomaz", "maja"):
        two(who, "sync")
    assert "After the restore" in texts(two, "maja")
    assert "Hers after the restore" in texts(two, "tomaz")
    assert shared_content(two.paths["maja"]) == shared_content(two.paths["tomaz"])


def test_share_all_claims_nothing_and_holds_everything(two, tmp_path):
    two("maja", "note", "--shared", "One more")
    path = tmp_path / "all.json"
    two("maja", "share", "--plain", "--all", str(path))
    head = json.loads(path.read_bytes().split(b"\n", 1)[0] + b"]}")
    assert head["seen"] is None and head["merged"] == [] and head["since"] is None
    partial = tmp_path / "usual.json"
    two("maja", "share", "--plain", str(partial))
    usual = json.loads(partial.read_bytes().split(b"\n", 1)[0] + b"]}")
    assert usual["seen"] is not None and usual["merged"]  # the usual bundle says what she had
    assert path.read_bytes().count(b'"table"') == partial.read_bytes().count(b'"table"')


def test_a_partner_who_starts_a_new_journal_resets_what_is_known_of_them(cli, tmp_path):
    """Tomaž loses his journal and starts a new one from an old bundle of Maja's: what she knew
    of the old journal (how far it had hers) is not true of the new one. Her status says what the
    new journal's bundle says, and her next bundle brings what it lacks."""
    paths = {who: tmp_path / f"{who}.db" for who in ("maja", "tomaz", "tomaz2")}

    ahead = clock_at(NOW + timedelta(hours=1))  # his old machine's clock ran an hour ahead

    def run(who: str, *args: str):
        return ok(cli("--journal", str(paths[who]), *args, env=ahead if who == "tomaz" else None))

    def share(who: str, name: str) -> str:
        path = tmp_path / name
        run(who, "share", "--plain", str(path))
        return str(path)

    run("maja", "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee")
    run("maja", "note", "--shared", "Her first note")
    old = share("maja", "old.json")
    run("tomaz", "init", "--from", old)
    run("maja", "note", "--shared", "Her second note")
    run("tomaz", "merge", share("maja", "second.json"))
    run("tomaz", "note", "A private thought")  # his clock: an hour ahead, in his bundle too
    run("maja", "merge", share("tomaz", "back.json"))  # his bundle says he has both of hers
    assert as_json(run("maja", "status", "--json"))["exchange"]["not_yet_had"] == 0
    run("tomaz2", "init", "--from", old)  # his journal lost: started again from the old file
    run("tomaz2", "note", "--shared", "His note, again")
    run("maja", "merge", share("tomaz2", "new.json"))
    exchange = as_json(run("maja", "status", "--json"))["exchange"]
    assert exchange["not_yet_had"] >= 1  # her second note: the new journal never had it
    run("tomaz2", "merge", share("maja", "again.json"))
    notes = [e["text"] for e in as_json(run("tomaz2", "log", "--json"))]
    assert "Her second note" in notes  # her bundle's `seen` is about the new journal, and taken
