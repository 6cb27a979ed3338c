"""The sync folder is data, never a path to follow, and one bad file never stops the exchange
(README: "Without ceremony: a folder both of you see"). Two paired journals with automatic sync,
edits on both sides; whatever else appears in the folder (a link, a pipe, a folder, a cut-short
copy, a file from the future, another mentorship's bundle) is named once per change and left
alone, and nothing outside the folder is ever written."""

# ruff: noqa: F811  (the fixtures `two` and `paired_once` come from test_mentorship_sync)
from __future__ import annotations

import json
import os
import shutil
from datetime import timedelta
from pathlib import Path

from .conftest import NOW, as_json, clock_at, digest
from .test_mentorship_sync import paired_once, two  # noqa: F401


def files_of(two) -> tuple[Path, Path]:
    """(Maja's bundle, Tomaž's bundle) in the folder."""
    hers = next(p for p in two.folder.iterdir() if p.name.endswith("-mentee.age"))
    return hers, hers.with_name(hers.name.replace("-mentee.age", "-mentor.age"))


def outside(root: Path, folder: Path, journals: dict[str, Path]) -> dict[str, str]:
    """Every file under `root` but the sync folder and the journals (with their -wal/-shm), by content."""
    kept = {str(p) for p in journals.values()}
    found = {}
    for path in root.rglob("*"):
        if folder in path.parents or path == folder or path.is_symlink() or not path.is_file():
            continue
        if any(str(path).startswith(k) for k in kept):
            continue
        found[str(path)] = digest(path)
    return found


def texts(two, who: str) -> list[str]:
    return [entry["text"] for entry in as_json(two(who, "log", "-n", "1000", "--json"))]


def test_a_link_at_my_bundles_name_is_replaced_and_what_it_points_at_is_never_written(two, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("my thesis, not a bundle\n")
    hers, _ = files_of(two)
    hers.unlink()
    hers.symlink_to(victim)  # ln -sf ~/victim.txt SYNC/mentorlog-<pair6>-mentee.age
    said = two("maja", "note", "--shared", "A note for Tomaž").stderr
    assert victim.read_text() == "my thesis, not a bundle\n"
    assert not hers.is_symlink() and hers.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert f"{hers.name} in the sync folder: It was a symbolic link; your bundle replaced it" in said
    assert "A note for Tomaž" in texts(two, "tomaz")  # the bundle written in its place arrives
    assert victim.read_text() == "my thesis, not a bundle\n"
    assert "symbolic link" not in two("maja", "note", "--shared", "Another").stderr  # said once


def test_a_link_pipe_or_folder_at_a_partner_name_is_named_once_and_never_followed(two, tmp_path):
    _, his = files_of(two)
    two("tomaz", "note", "--shared", "Only in the real file")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "bundle.age"
    shutil.copy2(his, target)  # a good bundle of his, outside the folder: a link to it is not read
    link = his.with_name(his.stem + ".sync-conflict-20261121-150000-LINK.age")
    link.symlink_to(target)
    pipe = his.with_name(his.stem + " (conflicted copy 2026-11-21).age")
    os.mkfifo(pipe)  # reading it would wait for ever
    folder = his.with_name(his.stem + ".sync-conflict-20261121-150000-DIR.age")
    folder.mkdir()
    before = outside(tmp_path, two.folder, two.paths)

    result = as_json(two("maja", "sync", "--json"))
    reasons = {item["file"]: item["reason"] for item in result["left_alone"]}
    rule = "not a file; mentorlog never follows or opens one in the sync folder."
    assert reasons == {
        link.name: f"It is a symbolic link, {rule}",
        pipe.name: f"It is a named pipe, {rule}",
        folder.name: f"It is a folder, {rule}",
    }
    assert [m["file"] for m in result["merged"]] == [his.name]  # the real file, merged beside them
    assert "Only in the real file" in texts(two, "maja")
    again = as_json(two("maja", "sync", "--json"))
    assert again["left_alone"] == [] and again["merged"] == []  # named once per change
    assert outside(tmp_path, two.folder, two.paths) == before and target.read_bytes() == his.read_bytes()


def test_a_cut_short_copy_never_stops_the_exchange_and_is_named_once_per_change(two):
    hers, his = files_of(two)
    for who in ("maja", "tomaz"):
        two(who, "sync", "--auto", "off")
    cut = his.with_name(his.stem + ".sync-conflict-20261121-143000-ABCDEFG.age")
    cut.write_bytes(his.read_bytes()[:300])  # a copy that stopped early
    two("tomaz", "note", "-q", "--shared", "What is your fee now?")
    two("tomaz", "sync")
    two("maja", "topic", "add", "Pricing my work")  # her change, to be shared by the sync below
    before = hers.read_bytes()

    synced = two("maja", "sync")
    said = synced.stdout
    assert synced.exit_code == 0
    assert f"{cut.name} left alone: This bundle is cut short" in said
    assert "Tomaž parked 1 question" in said  # his good file merged
    assert hers.read_bytes() != before  # and hers written
    two("tomaz", "sync")
    assert "Pricing my work" in [t["text"] for t in as_json(two("tomaz", "topic", "list", "--json"))]
    assert cut.name not in two("maja", "sync").stdout  # unchanged: not said again
    cut.write_bytes(his.read_bytes()[:400])  # changed: said again, once
    assert f"{cut.name} left alone: This bundle is cut short" in two("maja", "sync").stdout
    assert cut.name not in two("maja", "sync").stdout


def test_with_automatic_sync_a_bad_file_is_told_once_and_good_changes_still_flow(two):
    _, his = files_of(two)
    cut = his.with_name(his.stem + ".sync-conflict-20261121-143000-ABCDEFG.age")
    cut.write_bytes(his.read_bytes()[:300])
    first = two("maja", "status").stderr
    assert f"{cut.name} in the sync folder left alone: This bundle is cut short" in first
    for _ in range(3):
        assert cut.name not in two("maja", "status").stderr
    two("tomaz", "note", "-q", "--shared", "Still arrives")
    two("maja", "topic", "add", "Still leaves")
    assert "Still arrives" in texts(two, "maja")
    assert "Still leaves" in [t["text"] for t in as_json(two("tomaz", "topic", "list", "--json"))]


def test_a_partner_file_more_than_a_day_ahead_is_one_more_bad_file(two):
    _, his = files_of(two)
    ahead = his.with_name(his.stem + ".sync-conflict-20261124-090000-FUTURE.age")
    later = clock_at(NOW + timedelta(days=3))
    result = two.cli("--journal", str(two.paths["tomaz"]), "share", str(ahead), env=later)
    assert result.exit_code == 0, result.output
    two("tomaz", "note", "-q", "--shared", "From today")
    synced = as_json(two("maja", "sync", "--json"))
    (bad,) = synced["left_alone"]
    assert bad["file"] == ahead.name and "more than a day ahead of this machine's clock" in bad["reason"]
    assert [m["file"] for m in synced["merged"]] == [his.name]
    assert "From today" in texts(two, "maja")
    assert synced["shared"]["path"].endswith("-mentee.age")


def test_any_refusal_of_the_merge_leaves_that_file_alone_with_its_own_message(two):
    """The refusal's message flows through unchanged: here a bundle of her own role under his name."""
    hers, his = files_of(two)
    mine = his.with_name(his.stem + ".sync-conflict-20261121-143000-MINE.age")
    two("maja", "share", "--plain", str(mine))
    synced = as_json(two("maja", "sync", "--json"))
    (bad,) = synced["left_alone"]
    assert bad == {
        "file": mine.name,
        "reason": f"{mine} is your own bundle (made by this journal); send it to your partner instead.",
    }


def test_merge_takes_each_file_on_its_own_and_names_the_refused(two, tmp_path):
    for who in ("maja", "tomaz"):
        two(who, "sync", "--auto", "off")
    first, bad, second = tmp_path / "first.age", tmp_path / "bad.age", tmp_path / "second.age"
    two("tomaz", "note", "-q", "--shared", "In the first")
    two("tomaz", "share", str(first))
    bad.write_bytes(first.read_bytes()[:300])
    two("tomaz", "note", "-q", "--shared", "In the second")
    two("tomaz", "share", str(second))

    result = two("maja", "merge", str(first), str(bad), str(second), expect=1)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{first}: Merged Tomaž's bundle: ")
    assert any(line.startswith(f"{bad} left alone: This bundle is cut short") for line in lines)
    assert any(line.startswith(f"{second}: Merged Tomaž's bundle: 1 new record") for line in lines)
    assert result.stderr.strip().endswith(
        f"Refused 1 file of 3: {bad} (each said why above); the other 2 files merged."
    )
    assert {"In the first", "In the second"} <= set(texts(two, "maja"))

    two("tomaz", "note", "-q", "--shared", "In the third")
    two("tomaz", "share", "--force", str(second))
    result = two("maja", "merge", str(bad), str(second), "--json", expect=1)
    reports = json.loads(result.stdout)
    assert reports[0]["file"] == str(bad) and reports[0]["refused"].startswith("This bundle is cut short")
    assert reports[1]["file"] == str(second) and reports[1]["added"] == 1
    assert str(bad) in result.stderr


def test_another_mentorships_file_in_the_folder_is_named_not_nothing_new(two, cli, tmp_path):
    other = tmp_path / "ana.db"
    made = cli(
        "--journal", str(other), "init", "--mentor", "Bo Berg", "--mentee", "Ana Novak", "--me", "mentee"
    )
    assert made.exit_code == 0, made.output
    alone = tmp_path / "Ana's folder"
    alone.mkdir()
    with_names = alone / "mentorlog-zz9abc-mentee.json"
    assert cli("--journal", str(other), "share", "--plain", str(with_names)).exit_code == 0
    said = two("tomaz", "sync", str(alone)).stdout
    assert "Nothing new from your partner" not in said
    assert (
        f"{with_names.name} left alone: This bundle belongs to another mentorship: Ana Novak and Bo Berg, "
        "not Maja Horvat & Tomaž Zupan's." in said
    )
    assert with_names.name not in two("tomaz", "sync").stdout  # said once per change


def test_a_folder_that_several_mentorships_share_is_quiet_about_the_others(two, cli, tmp_path):
    """A mentor keeps one folder for all his mentees: once his partner's bundle is there, the
    bundles of his other mentorships are theirs, and not named on every change."""
    other = tmp_path / "ana.db"
    assert cli("--journal", str(other), "init", "--mentor", "Tomaž Zupan", "--mentee", "Ana Novak", "--me",
               "mentee").exit_code == 0  # fmt: skip
    shared = two.folder / "mentorlog-zz9abc-mentee.json"
    assert cli("--journal", str(other), "share", "--plain", str(shared)).exit_code == 0
    two("maja", "note", "--shared", "For Tomaž")
    said = two("tomaz", "sync").stdout
    assert shared.name not in said and "For Tomaž" in " ".join(texts(two, "tomaz"))
