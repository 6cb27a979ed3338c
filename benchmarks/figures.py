"""The benchmark's figures that need journals of their own (`run.py`): the 100,000-record merge,
plain and encrypted, and again; `note` with automatic sync; the morning view over 10 journals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from measuring import WORK, Row, compare, digest, has_command, help_text, run, skipped, timed_with_peak

NOTE = "Ask about the grant deadline"


# --- the merge figures ------------------------------------------------------------------------

MERGE_SECONDS, MERGE_MIB = 10.0, 150.0


def merge_rows(ml: list[str], env: dict, large: Path, partner: Path) -> list[Row]:
    """Merge the large journal's bundle into the partner's journal, then the same bundle again;
    plain, then encrypted for the partner's journal."""
    print("measuring the merge …", flush=True)
    plain = "--plain" in help_text(ml, env, "share")
    # everything, claiming nothing about what either journal had (the partner's journal stands in for
    # a copy of itself at the pairing, so what the large journal had of it is the copy's)
    everything = ["--all"] if "--all" in help_text(ml, env, "share") else []
    bundle = WORK / "bundle-plain.json"
    bundle.unlink(missing_ok=True)
    shared = json.loads(
        run(
            [
                *ml,
                "-j",
                str(large),
                "share",
                str(bundle),
                "--json",
                *everything,
                *(["--plain"] if plain else []),
            ],
            env,
        ).stdout
    )
    records = shared["records"]
    rows = merge_twice(ml, env, partner, bundle, f"merge of the {records:,}-record bundle, plain")
    rows += encrypted_merge(ml, env, large, partner, records, plain)
    return rows


def merge_twice(
    ml: list[str],
    env: dict,
    partner: Path,
    bundle: Path,
    title: str,
    again: str = "merging the same bundle again",
) -> list[Row]:
    target = WORK / "merge-target.db"
    for path in WORK.glob("merge-target.db*"):  # with its sidecars and the copy made before a schema step
        path.unlink()
    shutil.copyfile(partner, target)
    merge = [*ml, "-j", str(target), "merge", str(bundle), "--json"]
    first, first_cpu, first_peak, out = timed_with_peak(merge, env)
    report = json.loads(out)
    before = digest(target)
    second, second_cpu, second_peak, out = timed_with_peak(merge, env)
    repeated = json.loads(out)
    unchanged = digest(target) == before and repeated["added"] == repeated["updated"] == 0

    def within(seconds: float, peak: float | None) -> bool:
        return seconds <= MERGE_SECONDS and (peak is None or peak <= MERGE_MIB)

    def mib(peak: float | None) -> str:
        return "peak n/a" if peak is None else f"{peak:.0f} MiB peak"

    target_text = f"≤ {MERGE_SECONDS:g} s, ≤ {MERGE_MIB:g} MiB"
    return [
        Row(
            figure=title,
            kind="single",
            value=f"{first:.2f} s (CPU {first_cpu:.2f} s), {mib(first_peak)}; "
            f"{report['added']:,} added, {report['updated']:,} updated",
            target=target_text,
            met=within(first, first_peak),
        ),
        Row(
            figure=again,
            kind="single",
            value=f"{second:.2f} s (CPU {second_cpu:.2f} s), {mib(second_peak)}; "
            + ("wrote nothing (file digest unchanged)" if unchanged else "CHANGED THE JOURNAL"),
            target=target_text + ", writes nothing",
            met=unchanged and within(second, second_peak),
        ),
    ]


def encrypted_merge(
    ml: list[str], env: dict, large: Path, partner: Path, records: int, plain: bool
) -> list[Row]:
    """The same merges with the bundle encrypted for the partner's journal (what `share` writes once
    the two journals are paired; `pair_journals` pairs them the first time)."""
    title = f"merge of the {records:,}-record bundle, encrypted"
    target_text = f"≤ {MERGE_SECONDS:g} s, ≤ {MERGE_MIB:g} MiB"
    if not plain or not has_command(ml, env, "pair"):
        return [skipped(title, target_text, "this mentorlog writes no encrypted bundle")]
    if not paired(ml, env, large):
        why = pair_journals(ml, env, large, partner)
        if why:
            return [skipped(title, target_text, why)]
    bundle = WORK / "bundle-encrypted.age"
    bundle.unlink(missing_ok=True)
    everything = ["--all"] if "--all" in help_text(ml, env, "share") else []
    shared = json.loads(run([*ml, "-j", str(large), "share", str(bundle), "--json", *everything], env).stdout)
    if shared.get("protection") != "key":
        return [
            skipped(title, target_text, f"`share` wrote a {shared.get('protection')} bundle after pairing")
        ]
    return merge_twice(ml, env, partner, bundle, title, "merging the same encrypted bundle again")


def paired(ml: list[str], env: dict, journal: Path) -> bool:
    return bool(json.loads(run([*ml, "-j", str(journal), "pair", "--json"], env).stdout)["paired"])


def pair_journals(ml: list[str], env: dict, large: Path, partner: Path) -> str | None:
    """Pair the large journal with its partner as two people would, through a copy of the partner's
    journal (which holds the same key pair), so that the partner's journal itself stays as it was
    made: the large journal's bundle locked with its pairing code is merged there with the code,
    and the copy's bundle back, sealed for the large journal, brings it the partner's key. None
    when done, else why not."""
    print("pairing the large journal with its partner (once) …", flush=True)
    stand_in = WORK / "pairing-partner.db"
    locked, back = WORK / "pairing-locked.age", WORK / "pairing-back.age"
    for path in [*WORK.glob("pairing-partner.db*"), locked, back]:
        path.unlink(missing_ok=True)
    shutil.copyfile(partner, stand_in)
    shared = json.loads(run([*ml, "-j", str(large), "share", str(locked), "--json"], env).stdout)
    if not shared.get("code"):
        return "the large journal's bundle was not locked with a pairing code"
    run([*ml, "-j", str(stand_in), "merge", str(locked), "--code", shared["code"]], env)
    run([*ml, "-j", str(stand_in), "share", str(back)], env)
    run([*ml, "-j", str(large), "merge", str(back)], env)
    for path in [*WORK.glob("pairing-partner.db*"), locked, back]:
        path.unlink(missing_ok=True)
    return None if paired(ml, env, large) else "the two journals did not pair"


# --- `note` with sync -------------------------------------------------------------------------


def sync_row(ml: list[str], env: dict, fresh: Path, args) -> Row:
    """`note` on a journal with `sync --auto on`, paired with its partner's journal through a
    folder whose partner file is unchanged, vs `note` on a journal without sync."""
    title = "`note` with `sync --auto on`, partner file unchanged, vs without"
    if not has_command(ml, env, "sync"):
        return skipped(title, "≤ 1.1×", "no `sync` command")
    folder = WORK / "sync-folder"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    synced, other = WORK / "synced.db", WORK / "synced-partner.db"
    for path in [*WORK.glob("synced.db*"), *WORK.glob("synced-partner.db*")]:
        path.unlink()
    shutil.copyfile(fresh, synced)
    started = json.loads(
        run([*ml, "-j", str(synced), "sync", str(folder), "--auto", "on", "--json"], env).stdout
    )
    first = next(folder.iterdir())
    run([*ml, "-j", str(other), "init", "--from", str(first), "--code", started["shared"]["code"]], env)
    run([*ml, "-j", str(other), "sync", str(folder), "--auto", "on"], env)
    run([*ml, "-j", str(synced), "status"], env)  # merges the partner's first bundle: paired
    if not paired(ml, env, synced):
        return skipped(title, "≤ 1.1×", "the two journals of the sync folder did not pair")
    return compare(
        title, [*ml, "-j", str(synced), "note", NOTE], [*ml, "-j", str(fresh), "note", NOTE], 1.1, env, args
    )


# --- the morning view -----------------------------------------------------------------------


def morning_home(ml: list[str], env: dict, count: int = 10) -> Path:
    """A home of `count` journals of a mentor with as many mentees, each under way: an agreement,
    sessions planned and held, goals, actions, notes (made anew each run)."""
    home = WORK / "morning-home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    there = {**env, "MENTORLOG_HOME": str(home)}
    for i in range(count):
        name = f"mentee-{i + 1:02d}"

        def do(*args: str, name: str = name) -> None:
            run([*ml, "-j", name, *args], there)

        do("init", "--mentor", "Tomaž Zupan", "--mentee", f"Mentee {i + 1} Novak", "--me", "mentor",
           "--start", "-60d")  # fmt: skip
        do("--as", "mentee", "agreement", "edit", "--meetings", "10", "--place", "Café Union")
        do("--as", "mentee", "agreement", "propose")
        do("agreement", "approve")
        do("--as", "mentee", "session", "schedule", "--every", "monthly", "--count", "4", "--start",
           "-45d 18:00", "--past")  # fmt: skip
        do("session", "confirm", "--all")
        do("session", "held", "1")
        do("goal", "add", f"Goal of mentee {i + 1}", "--due", "+90d", "--measure", "a result")
        do("action", "add", "Read the brief", "--owner", "mentee", "--due", "-3d")
        do("note", "--shared", "A note after the first session")
    return home


def morning_row(ml: list[str], env: dict, args) -> Row:
    title = "`journals` (the morning view) over 10 journals vs one `status`"
    if not has_command(ml, env, "journals"):
        return skipped(title, "≤ 2×", "no journals command")
    home = morning_home(ml, env)
    there = {**env, "MENTORLOG_HOME": str(home)}
    return compare(title, [*ml, "journals"], [*ml, "-j", "mentee-01", "status"], 2.0, there, args)
