"""Two journals with automatic sync, 200 rounds, and a folder that others write into between the
rounds: junk, symbolic links (to files outside the folder, under a partner file's name and under
this journal's own), pipes, folders, cut-short copies and stale conflict copies (README: "What
the folder may hold, and what is left alone"). Both journals converge, every good change arrives,
nothing outside the folder changes, and each bad file is named."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from datetime import timedelta

import pytest

from .conftest import NOW, Runner, clock_at, digest
from .exchange_helpers import shared_content

ROUNDS = 200


@pytest.mark.slow  # over 400 commands, about a minute
def test_two_journals_converge_through_a_folder_others_write_into(click_command, paired, tmp_path):
    runner = Runner(click_command)
    folder = tmp_path / "Sync"
    folder.mkdir()
    journals = {who: tmp_path / f"{who}.db" for who in ("maja", "tomaz")}
    for who, path in journals.items():
        shutil.copy2(paired[who], path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    victims = [outside / f"victim-{n}.txt" for n in range(3)]
    for n, victim in enumerate(victims):
        victim.write_text(f"a file of mine, {n}\n")
    before = {str(v): digest(v) for v in victims}
    moment = NOW
    said: dict[str, list[str]] = {"maja": [], "tomaz": []}

    def run(who: str, *args: str) -> str:
        nonlocal moment
        moment += timedelta(minutes=1)
        result = runner.run(["--journal", str(journals[who]), *args], env=clock_at(moment))
        assert result.exit_code == 0, (who, args, result.output)
        said[who].append(result.stderr + result.stdout)
        return result.stderr + result.stdout

    for who in ("maja", "tomaz"):
        run(who, "sync", str(folder), "--auto", "on")
    (hers,) = [p for p in folder.iterdir() if p.name.endswith("-mentee.age")]
    his = hers.with_name(hers.name.replace("-mentee", "-mentor"))
    names = {"maja": hers, "tomaz": his}
    reader = {"maja": "tomaz", "tomaz": "maja"}  # who reads a file under this one's name
    bad: dict[str, str] = {}  # a bad file's name -> who must name it (once)
    replaced: list[str] = []  # own names turned into links: named by one of the two
    stale: dict[str, bytes] = {}
    rng = random.Random(20)
    notes: dict[str, list[str]] = {"maja": [], "tomaz": []}

    for n in range(ROUNDS):
        owner = rng.choice(("maja", "tomaz"))
        base = names[owner]
        copy = base.with_name(f"{base.stem}.sync-conflict-{n:03d}-X.age")
        kind = n % 8
        if kind == 0:
            copy.write_bytes(rng.randbytes(rng.randrange(1, 4000)))  # junk
            bad[copy.name] = reader[owner]
        elif kind == 1:
            copy.symlink_to(rng.choice(victims))  # a link to a file outside
            bad[copy.name] = reader[owner]
        elif kind == 2 and base.exists() and not base.is_symlink():
            copy.write_bytes(base.read_bytes()[: rng.randrange(1, base.stat().st_size)])  # cut short
            bad[copy.name] = reader[owner]
        elif kind == 3 and base.exists() and not base.is_symlink():
            stale[copy.name] = base.read_bytes()  # a good copy, put back a few rounds later
        elif kind == 4 and n % 16 == 4:
            os.mkfifo(copy)
            bad[copy.name] = reader[owner]
        elif kind == 5 and n % 24 == 5:
            copy.mkdir()
            bad[copy.name] = reader[owner]
        elif kind == 6 and n % 32 == 6 and not base.is_symlink():
            base.unlink()
            base.symlink_to(rng.choice(victims))  # ln -sf ~/victim.txt SYNC/mentorlog-…-mentee.age
            replaced.append(base.name)
        elif kind == 7 and stale:
            name, data = stale.popitem()
            (folder / name).write_bytes(data)  # a stale conflict copy: good, and old
        for who in ("maja", "tomaz") if n % 2 else ("tomaz", "maja"):
            text = f"{who} round {n}"
            notes[who].append(text)
            run(who, "note", "--shared", text)

    for who in ("maja", "tomaz", "maja"):
        run(who, "sync")
    assert shared_content(journals["maja"]) == shared_content(journals["tomaz"])
    every = set(notes["maja"]) | set(notes["tomaz"])
    for path in journals.values():
        with sqlite3.connect(path) as db:
            texts = {row[0] for row in db.execute("select text from note where visibility = 'shared'")}
        db.close()
        assert every <= texts, sorted(every - texts)[:5]
    assert {str(v): digest(v) for v in victims} == before
    assert sorted(p.name for p in outside.iterdir()) == sorted(v.name for v in victims)
    assert not hers.is_symlink() and not his.is_symlink()
    told = {who: "\n".join(lines) for who, lines in said.items()}
    for name, who in bad.items():
        assert (
            told[who].count(f"{name} in the sync folder left alone: ")
            + told[who].count(f"{name} left alone: ")
            == 1
        ), (name, who)
    for name in replaced:
        assert name in told["maja"] + told["tomaz"], name
    assert len(bad) > 50 and replaced
