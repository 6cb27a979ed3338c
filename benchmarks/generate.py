"""Build the "large" journal of the benchmark (README: "Speed"): ten years of one mentorship,
through mentorlog's own store layer (the same row conventions and schema steps as every command uses).

520 sessions (weekly), 100,000 notes of every kind, 5,000 actions, 300 goals with revisions and
progress, topics, feedback, assessments, the agreement and rules. Texts and dates come from a
seeded random generator, so two runs build the same content (ids differ: they carry randomness).
Nineteen in twenty notes are shared, so a bundle of the journal holds over 100,000 records.

    python benchmarks/generate.py OUT.db [--seed 7]

It also writes OUT-partner.db, the partner's journal of the same pair before any of it was
shared (the starting point for the merge figure).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mentorlog import __version__
from mentorlog.model import Phase, Role, Visibility
from mentorlog.services.exchange import build as build_bundle
from mentorlog.services.exchange import init_from
from mentorlog.services.journal import open_journal
from mentorlog.store import journal as store
from mentorlog.store import pair as pairs
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


def build(path: Path, seed: int, now: datetime) -> dict:
    rng = random.Random(seed)
    start = now - timedelta(days=365 * YEARS)
    journal_id = new_id(start)
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
        pairs.create(
            db,
            w0,
            me=Role.MENTEE,
            mentor="Tomaž Zupan",
            mentee="Maja Horvat",
            programme="Creative Mentorship, ten years on",
            starts_on=start.date().isoformat(),
            ends_on=(now + timedelta(days=120)).date().isoformat(),
            version=__version__,
        )
        db.execute("update pair set current_phase = 'bridging-the-gap'")
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
                        "meetings": SESSIONS,
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
        put(
            db,
            "topic",
            [
                new_row(
                    writer(
                        datetime.fromisoformat(s["starts_at"][:19]).replace(tzinfo=UTC) - timedelta(days=4)
                    ),
                    {
                        "text": sentence(rng, 4, 9),
                        "session_id": s["id"],
                        "status": "discussed" if s["state"] == "held" else "open",
                        "discussed_at": None,
                    },
                )
                for s in sessions
                for _ in range(2)
            ],
        )
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

    store.create_journal(path, fill)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.out.exists():
        sys.exit(f"{args.out} exists; remove it first.")
    now = datetime.now(UTC)
    began = time.perf_counter()
    counts = build(args.out, args.seed, now)
    large = open_journal(str(args.out))
    partner_path = args.out.with_name(args.out.stem + "-partner.db")
    seed_bundle = args.out.with_name(args.out.stem + "-pair.json")
    _pair_only(large, seed_bundle, now)
    init_from(str(partner_path), seed_bundle, "mentor", now)[0].close()
    large.close()
    print(
        f"built {args.out} in {time.perf_counter() - began:.1f} s: "
        + ", ".join(f"{n:,} {t}" for t, n in sorted(counts.items()))
    )


def _pair_only(journal, out: Path, now: datetime) -> None:
    """A bundle holding only the pair: what the partner's journal starts from."""
    bundle = build_bundle(journal, now)
    bundle["records"] = {"pair": bundle["records"]["pair"]}
    out.write_text(json.dumps(bundle))


if __name__ == "__main__":
    main()
