"""Property (README: "Two journals"): whatever the edits and the order of exchanges, after a final
exchange both ways the shared content of the two journals is identical, and merging a bundle twice
changes nothing."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog.errors import MentorlogError
from mentorlog.model import Role
from mentorlog.services import entries, exchange, goals, notes, sessions
from mentorlog.services.journal import init_journal, move_phase

from .conftest import NOW, digest
from .exchange_helpers import shared_content

SIDES = st.sampled_from(["mentee", "mentor"])
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("note"), SIDES, st.booleans()),
        st.tuples(st.just("goal"), SIDES),
        st.tuples(st.just("edit"), SIDES, st.integers(0, 20)),
        st.tuples(st.just("rm"), SIDES, st.integers(0, 20)),
        st.tuples(st.just("restore"), SIDES, st.integers(0, 20)),
        st.tuples(st.just("session"), SIDES),
        st.tuples(
            st.just("phase"), SIDES, st.sampled_from(["here-and-now", "there-and-then", "bridging-the-gap"])
        ),
        st.tuples(st.just("exchange"), SIDES),
    ),
    max_size=25,
)


def send(source, target, folder: Path, now):
    bundle = folder / "bundle.json"
    exchange.share(source, bundle, now)
    exchange.merge(target, bundle)
    return bundle


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_journals_converge_whatever_the_order_of_exchanges(ops):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        side = {
            "mentee": init_journal(
                str(folder / "mentee.db"),
                mentor="T",
                mentee="M",
                me="mentee",
                programme=None,
                start="2026-01-01",
                end=None,
                now=NOW,
            )
        }
        exchange.share(side["mentee"], folder / "first.json", NOW)
        side["mentor"] = exchange.init_from(str(folder / "mentor.db"), folder / "first.json", "mentor", NOW)
        known: dict[str, list[str]] = {"mentee": [], "mentor": []}
        try:
            for step, op in enumerate(ops):
                now = NOW + timedelta(seconds=step // 2)  # pairs of steps share a moment: ties happen
                kind, who = op[0], op[1]
                journal = side[who]
                other = "mentor" if who == "mentee" else "mentee"
                try:
                    if kind == "note":
                        known[who].append(notes.add_note(journal, f"note {step}", now, shared=op[2])["id"])
                    elif kind == "goal":
                        known[who].append(goals.add_goal(journal, f"Goal number {step} to reach", now)["id"])
                    elif kind in ("edit", "rm", "restore") and known[who]:
                        target = known[who][op[2] % len(known[who])]
                        if kind == "edit":
                            entries.edit(journal, target, f"edited at step {step} by {who}", now)
                        elif kind == "rm":
                            entries.remove(journal, target, now)
                        else:
                            entries.restore(journal, target, now)
                    elif kind == "session":
                        sessions.plan(journal, "2027-01-05 18:00", now, length=90)
                    elif kind == "phase":
                        move_phase(journal, op[2], now, Role(who))
                    elif kind == "exchange":
                        send(journal, side[other], folder, now)
                        known[other] = sorted(set(known[other]) | set(known[who]))
                except MentorlogError:
                    pass  # refused steps (removing twice, same phase) change nothing, as in real use
            final = NOW + timedelta(hours=1)
            send(side["mentee"], side["mentor"], folder, final)
            bundle = send(side["mentor"], side["mentee"], folder, final)
            assert shared_content(folder / "mentee.db") == shared_content(folder / "mentor.db")
            before = digest(folder / "mentee.db")
            exchange.merge(side["mentee"], bundle)
            assert digest(folder / "mentee.db") == before
        finally:
            for journal in side.values():
                journal.close()
