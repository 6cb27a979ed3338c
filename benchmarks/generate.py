"""Build the "large" journal of the benchmark (README: "Speed"): ten years of one mentorship,
through mentorlog's own store layer (the same row conventions and schema steps as every command uses).

520 sessions (weekly), 100,000 notes of every kind, 5,000 actions, 300 goals with revisions and
progress, topics (a cancelled session's carried to the next one held, and discussed there, as
`session held` does), feedback, assessments, the agreement and rules. Texts and dates come from a
seeded random generator, so two runs build the same content (ids differ: they carry randomness).
Nineteen in twenty notes are shared, so a bundle of the journal holds over 100,000 records.

    python benchmarks/generate.py OUT.db [--seed 7]

It also writes OUT-partner.db, the partner's journal of the same pair, started from the mentee's
first bundle (the pair alone) before anything else was written: the starting point of the merge
figure. The journal is made in four steps: the pair (through the store), the partner's journal
(through the command line, `share` and `init --from`, as two people would), ten years of records
in one transaction (through the store: every row passes the journal's value checks), and a last
`share`, so that, as in a journal in use, nothing waits to be shared.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mentorlog import __version__
from mentorlog.journal.journal import open_journal
from mentorlog.model import Phase, Role, Visibility
from mentorlog.store import journal as journal_store
from mentorlog.store import pair
from mentorlog.store.journal import writing
from mentorlog.store.records import Writer, new_id, new_row

YEARS = 10
SESSIONS = 520
NOTES = 100_000
ACTIONS = 5_000
GOALS = 300
KINDS = ["note"] * 5 + ["question", "idea", "decision", "lesson", "contact"]
WORDS = (
    "grant budget festival venue tour pricing fee contract residency audience premiere rehearsal "
    "producer director board funding application deadline partner network programme season "
    "co-production letter support assistant team plan risk schedule city ministry europe call "
    "review feedback lesson decision question idea scale invoice sponsor press ticket"
).split()
VERBS = "ask send write call finish draft review plan book price sign check prepare".split()


def sentence(rng: random.Random, low: int = 6, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def start_of(now: datetime) -> datetime:
    return now - timedelta(days=365 * YEARS)


def create_pair(path: Path, now: datetime) -> None:
    """The mentee's journal with the pair alone, made ten years ago."""
    start = start_of(now)
    writer = Writer(role=Role.MENTEE, origin=new_id(start), phase=Phase.GETTING_STARTED, now=start)

    def build(db) -> None:
        pair.create(
            db,
            writer,
            me=Role.MENTEE,
            mentor="Tomaž Zupan",
            mentee="Maja Horvat",
            programme="Creative Mentorship, ten years on",
            starts_on=start.date().isoformat(),
            ends_on=(now + timedelta(days=120)).date().isoformat(),
            version=__version__,
        )

    journal_store.create_journal(path, build)


def fill_years(path: Path, seed: int, now: datetime) -> dict[str, int]:
    """Ten years of records, written in one transaction; returns how many of each kind."""
    rng = random.Random(seed)
    start = start_of(now)
    journal = open_journal(str(path))
    journal_id = journal.pair.journal_id
    counts: dict[str, int] = {}

    def writer(at: datetime, role: Role = Role.MENTEE, phase: Phase = Phase.BRIDGING_THE_GAP) -> Writer:
        return Writer(role=role, origin=journal_id, phase=phase, now=at)

    def put(db, table: str, rows: list[dict]) -> None:
        db.table(table).insert_all(rows, batch_size=2000)
        counts[table] = counts.get(table, 0) + len(rows)

    def at_random(low: datetime, high: datetime) -> datetime:
        return low + timedelta(seconds=rng.uniform(0, (high - low).total_seconds()))

    def fill(db) -> None:
        w0 = writer(start, phase=Phase.GETTING_STARTED)
        put(
            db,
            "agreement",
            [
                new_row(
                    w0,
                    {
                        "version": 1,
                        "state": "approved",
                        "period_start": start.date().isoformat(),
                        "period_end": (now + timedelta(days=120)).date().isoformat(),
                        "meetings": 100,  # the most an agreement may name
                        "cadence": "weekly",
                        "length_minutes": 90,
                        "place": "Café Union",
                        "contact": "e-mail",
                        "expect_mentor": sentence(rng),
                        "expect_mentee": sentence(rng),
                        "content_plan": sentence(rng),
                        "proposed_at": w0.stamp,
                        "proposed_by": "mentee",
                        "approved_at": w0.stamp,
                        "approved_by": "mentor",
                    },
                )
            ],
        )
        put(
            db,
            "rule",
            [
                new_row(w0, {"text": sentence(rng), "kind": k})
                for k in ("respect", "confidentiality", "off-limits", "communication")
            ],
        )
        put(db, "vision", [new_row(w0, {"text": sentence(rng, 20, 40)})])
        areas = ("personal", "professional", "knowledge", "skills", "resources", "network")
        put(
            db,
            "assessment",
            [
                new_row(
                    writer(start + timedelta(days=30 + 365 * y)),
                    {"area": a, "text": sentence(rng), "rating": rng.randint(1, 5)},
                )
                for y in range(YEARS)
                for a in areas
            ],
        )

        goals = []
        for i in range(GOALS):
            made = at_random(start, now - timedelta(days=30))
            status = rng.choice(["active", "achieved", "achieved", "dropped"]) if i < GOALS - 12 else "active"
            goals.append(
                new_row(
                    writer(made),
                    {
                        "title": f"{rng.choice(VERBS).capitalize()} the {rng.choice(WORDS)} plan",
                        "measure": sentence(rng, 3, 6),
                        "due": (made + timedelta(days=rng.randint(30, 400))).date().isoformat(),
                        "why": sentence(rng),
                        "term": rng.choice(["short", "medium", "long"]),
                        "status": status,
                        "progress": 100 if status == "achieved" else rng.randint(0, 90),
                        "ended_on": None if status == "active" else made.date().isoformat(),
                        "end_reason": sentence(rng) if status == "dropped" else None,
                    },
                )
            )
        put(db, "goal", goals)
        put(
            db,
            "goal_revision",
            [
                new_row(
                    writer(at_random(start, now)),
                    {
                        "goal_id": g["id"],
                        "before": json.dumps({"due": g["due"]}),
                        "after": json.dumps({"due": g["due"]}),
                        "reason": sentence(rng, 4, 8),
                    },
                )
                for g in goals[::3]
            ],
        )
        put(
            db,
            "goal_progress",
            [
                new_row(
                    writer(at_random(start, now)),
                    {"goal_id": g["id"], "percent": rng.randint(0, 100), "note": sentence(rng, 3, 8)},
                )
                for g in goals
                for _ in range(3)
            ],
        )

        sessions = []
        first = (start + timedelta(days=7)).replace(hour=17, minute=0, second=0, microsecond=0)
        for i in range(SESSIONS):
            begins = first + timedelta(weeks=i)
            past = begins < now - timedelta(days=1)
            state = (
                ("held" if rng.random() > 0.04 else "cancelled")
                if past
                else rng.choice(["proposed", "confirmed"])
            )
            sessions.append(
                new_row(
                    writer(begins - timedelta(days=10)),
                    {
                        "number": i + 1,  # given when planned, in date order
                        "starts_at": begins.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                        "length_minutes": rng.choice([60, 90, 90, 120]),
                        "mode": "in-person",
                        "place": "Café Union",
                        "link": None,
                        "kind": "one-to-one",
                        "state": state,
                        "proposed_by": "mentee",
                        "confirmed_by": "mentor" if state != "proposed" else None,
                        "held_at": None,
                        "cancel_reason": None,
                    },
                )
            )
        put(db, "session", sessions)
        topics, carried = [], []
        for s in sessions:
            proposed = datetime.fromisoformat(s["starts_at"][:19]).replace(tzinfo=UTC) - timedelta(days=4)
            values = {"session_id": s["id"], "status": "open", "discussed_at": None}
            made = [new_row(writer(proposed), {"text": sentence(rng, 4, 9), **values}) for _ in range(2)]
            topics += made
            if s["state"] == "cancelled":
                carried += made  # a cancelled session's topics wait for the next one
            elif s["state"] == "held":  # as `session held` does: its topics and those carried, discussed
                for topic in [*carried, *made]:
                    topic.update(status="discussed", session_id=s["id"])
                carried = []
        put(db, "topic", topics)
        put(
            db,
            "feedback",
            [
                new_row(
                    writer(
                        datetime.fromisoformat(s["starts_at"][:19]).replace(tzinfo=UTC) + timedelta(hours=3),
                        role,
                    ),
                    {
                        "session_id": s["id"],
                        "rating": rng.randint(3, 5),
                        "worked": sentence(rng, 3, 8),
                        "improve": None,
                    },
                )
                for s in sessions
                if s["state"] == "held"
                for role in (Role.MENTEE, Role.MENTOR)
            ],
        )

        actions = []
        for _ in range(ACTIONS):
            made = at_random(start, now - timedelta(days=2))
            actions.append(
                new_row(
                    writer(made),
                    {
                        "text": sentence(rng, 4, 10),
                        "owner": rng.choice(["mentee", "mentee", "mentor"]),
                        "due": (made + timedelta(days=rng.randint(5, 60))).date().isoformat(),
                        "goal_id": rng.choice(goals)["id"] if rng.random() < 0.5 else None,
                        "status": "open"
                        if made > now - timedelta(days=40)
                        else rng.choice(["done", "done", "dropped"]),
                        "done_at": None,
                    },
                )
            )
        put(db, "action", actions)

        moments = sorted(at_random(start, now - timedelta(minutes=5)) for _ in range(NOTES))
        held = [s for s in sessions if s["state"] == "held"]
        batch = []
        for i, moment in enumerate(moments):
            kind = rng.choice(KINDS)
            session = held[min(len(held) - 1, int(len(held) * i / NOTES))]
            batch.append(
                new_row(
                    writer(moment, rng.choice([Role.MENTEE, Role.MENTEE, Role.MENTOR])),
                    {
                        "text": sentence(rng),
                        "kind": kind,
                        "session_id": session["id"] if rng.random() < 0.6 else None,
                        "tags": json.dumps(rng.sample(WORDS, rng.randint(0, 2))),
                        "via": rng.choice(["email", "phone", "message"]) if kind == "contact" else None,
                        "occurred_on": moment.date().isoformat() if kind == "contact" else None,
                        "asked_at": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z") if kind == "question" else None,
                    },
                    visibility=Visibility.PRIVATE if rng.random() < 0.05 else Visibility.SHARED,
                )
            )
            if len(batch) == 5000:
                put(db, "note", batch)
                batch = []
        if batch:
            put(db, "note", batch)

        # the move to the fourth phase, made now: it gives the pair a field version and sets the
        # journal's clock to now, later than every row above
        pair.set_phase(db, writer(now), Phase.BRIDGING_THE_GAP)

    try:
        with writing(journal.db):
            fill(journal.db)
    finally:
        journal.close()
    return counts


def mentorlog(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "mentorlog", *args], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    partner = args.out.with_name(args.out.stem + "-partner.db")
    first_bundle = args.out.with_name(args.out.stem + "-pair.json")
    for path in (args.out, partner, first_bundle):
        if path.exists():
            sys.exit(f"{path} exists; remove it first.")
    now = datetime.now(UTC)
    began = time.perf_counter()
    create_pair(args.out, now)
    mentorlog("-j", str(args.out), "share", str(first_bundle), "--plain")
    mentorlog("-j", str(partner), "init", "--from", str(first_bundle), "--me", "mentor")
    counts = fill_years(args.out, args.seed, now)
    # The mentee has shared her ten years with her partner, as two journals in use do: nothing waits
    # to be shared (the partner's journal stays as it was made, the merge figure's starting point).
    last_bundle = args.out.with_name(args.out.stem + "-shared.json")
    mentorlog("-j", str(args.out), "share", str(last_bundle), "--plain")
    last_bundle.unlink()
    print(
        f"built {args.out} in {time.perf_counter() - began:.1f} s: "
        + ", ".join(f"{n:,} {t}" for t, n in sorted(counts.items()))
    )


if __name__ == "__main__":
    main()
