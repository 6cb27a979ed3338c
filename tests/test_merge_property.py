"""Property: whatever the two people do and however their bundles travel (any order, repeated,
interleaved), after a last exchange both ways the two journals hold the same shared record, field
by field, and no change is lost unless a later change of the same field (or of its group) replaced
it — except where the rules say a fact is never undone: an ended mentorship, a held session, an
approved agreement version."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog import fields as schema
from mentorlog.errors import MentorlogError
from mentorlog.exchange import exchange, share
from mentorlog.journal import entries
from mentorlog.journal.journal import init_journal, move_phase
from mentorlog.model import Role
from mentorlog.process import agreement, ending, goals
from mentorlog.sessions import notes, sessions
from mentorlog.store.merge import join, model

from .conftest import NOW, digest
from .exchange_helpers import field_state

SIDES = st.sampled_from(["mentee", "mentor"])
PICK = st.integers(0, 30)
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("note"), SIDES),
        st.tuples(st.just("edit"), SIDES, PICK),
        st.tuples(st.just("rm"), SIDES, PICK),
        st.tuples(st.just("restore"), SIDES, PICK),
        st.tuples(st.just("goal"), SIDES),
        st.tuples(st.just("retitle"), SIDES, PICK),
        st.tuples(st.just("redue"), SIDES, PICK),
        st.tuples(st.just("phase"), SIDES),
        st.tuples(st.just("end"), SIDES),
        st.tuples(st.just("agreement-edit"), SIDES, st.sampled_from(["meetings", "place", "contact"])),
        st.tuples(st.just("propose"), SIDES),
        st.tuples(st.just("approve"), SIDES),
        st.tuples(st.just("amend"), SIDES),
        st.tuples(st.just("plan"), SIDES),
        st.tuples(st.just("move"), SIDES, PICK),
        st.tuples(st.just("confirm"), SIDES, PICK),
        st.tuples(st.just("held"), SIDES, PICK),
        st.tuples(st.just("exchange"), SIDES),
        st.tuples(st.just("exchange"), SIDES),
    ),
    max_size=30,
)


def send(source, target, folder: Path, now) -> Path:
    bundle = folder / f"from-{source.pair.me}.json"
    share.share(source, bundle, now, plain=True)
    exchange.merge(target, bundle, now)
    return bundle


def pick(items: list[str], index: int) -> str | None:
    return items[index % len(items)] if items else None


def perform(op: tuple, journal, step: int, now, ids: dict[str, list[str]]) -> None:
    kind, who = op[0], Role(op[1])
    arg = op[2] if len(op) > 2 else 0
    number = (arg % 6) + 1 if isinstance(arg, int) else 1
    if kind == "note":
        ids["note"].append(notes.add_note(journal, f"note {step}", now, shared=True)["id"])
    elif kind == "edit" and (target := pick(ids["note"], arg)):
        entries.edit(journal, target, f"edited at step {step} by {who}", now)
    elif kind == "rm" and (target := pick(ids["note"] + ids["goal"], arg)):
        entries.remove(journal, target, now)
    elif kind == "restore" and (target := pick(ids["note"] + ids["goal"], arg)):
        entries.restore(journal, target, now)
    elif kind == "goal":
        ids["goal"].append(goals.add_goal(journal, f"Goal number {step} to reach", now)["id"])
    elif kind == "retitle" and (target := pick(ids["goal"], arg)):
        goals.revise_goal(journal, target, now, title=f"Title from step {step}", reason="clearer")
    elif kind == "redue" and (target := pick(ids["goal"], arg)):
        goals.revise_goal(journal, target, now, due=f"2027-0{1 + step % 9}-15", reason="later")
    elif kind == "phase":
        move_phase(journal, "next", now)
    elif kind == "end":
        ending.end(journal, now)
    elif kind == "agreement-edit":
        value = 4 + step % 20 if arg == "meetings" else f"{arg} at step {step}"
        agreement.edit(journal, {arg: value}, now, acting_as=Role.MENTEE)
    elif kind == "propose":
        agreement.propose_agreement(journal, now, acting_as=Role.MENTEE)
    elif kind == "approve":
        agreement.approve_agreement(journal, now, acting_as=Role.MENTOR)
    elif kind == "amend":
        agreement.amend_agreement(journal, now)
    elif kind == "plan":
        sessions.plan(journal, f"2026-11-2{step % 3} 1{step % 10}:00", now, length=90)
    elif kind == "move":
        sessions.move(journal, number, f"2026-11-20 0{step % 10}:30", now)
    elif kind == "confirm":
        sessions.confirm(journal, [number], now, acting_as=who.other)
    elif kind == "held":
        sessions.held(journal, number, now)


def seen_versions(paths: list[Path], best: dict, ever: dict) -> None:
    """Record, for each field of each shared record, the newest (version, value) seen anywhere."""
    for path in paths:
        for (table, record_id), state in field_state(path).items():
            for name, (value, version) in state.items():
                key = (table, record_id, name)
                if version > best.get(key, ("",))[0]:
                    best[key] = (version, value)
            if table == "pair" and state.get("ended_on", (None,))[0]:
                ever.setdefault("ended", set()).add(record_id)
            if table == "session" and state.get("state", (None,))[0] == "held":
                ever.setdefault("held", set()).add(record_id)
            if table == "agreement" and state.get("state", (None,))[0] == "approved":
                ever.setdefault("approved", set()).add(record_id)


def check_nothing_lost(final: dict, best: dict, ever: dict) -> None:
    groups: dict[tuple[str, str, str], list[str]] = {}
    for (table, record_id, name), (version, value) in best.items():
        spec = schema.TABLES[table][name]
        if table == "agreement" and record_id in ever.get("approved", set()):
            continue  # an approved version is immutable: concurrent edits of it are dropped
        if spec.group:
            groups.setdefault((table, record_id, spec.group), []).append(name)
            continue
        got = final[(table, record_id)].get(name)
        if got is None:
            continue  # a field a tombstone did not carry
        assert got[1] >= version, f"{table} {record_id} {name}: {got} lost the later {version} {value!r}"
        if got[1] == version:
            assert got[0] == value
    for (table, record_id, group), names in groups.items():
        newest = max(best[(table, record_id, n)][0] for n in names)
        state = final[(table, record_id)]
        have = max((state[n][1] for n in names if n in state), default="")
        absorbed = (group == "ending" and record_id in ever.get("ended", set())) or (
            group == "schedule" and record_id in ever.get("held", set())
        )
        assert have >= newest or absorbed, f"{table} {record_id} group {group}: {have} < {newest}"
    for record_id in ever.get("ended", set()):
        assert final[("pair", record_id)]["ended_on"][0], "the end of the mentorship was undone"
    for record_id in ever.get("held", set()):
        assert final[("session", record_id)]["state"][0] == "held", "a held session was undone"
    for record_id in ever.get("approved", set()):
        assert final[("agreement", record_id)]["state"][0] == "approved", "an approval was undone"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_journals_converge_and_lose_no_change(ops):
    converge_and_lose_nothing(ops)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_journals_converge_and_lose_no_change_at_length(ops):
    converge_and_lose_nothing(ops)


def converge_and_lose_nothing(ops) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        side = {
            "mentee": init_journal(
                str(folder / "mentee.db"),
                mentor="Tomaž Zupan",
                mentee="Maja Horvat",
                me="mentee",
                programme=None,
                start="2026-01-01",
                end=None,
                now=NOW,
            )
        }
        share.share(side["mentee"], folder / "first.json", NOW, plain=True)
        side["mentor"] = exchange.init_from(str(folder / "mentor.db"), folder / "first.json", None, NOW)[0]
        paths = [folder / "mentee.db", folder / "mentor.db"]
        ids: dict[str, dict[str, list[str]]] = {w: {"note": [], "goal": []} for w in side}
        best: dict[Any, Any] = {}
        ever: dict[str, set] = {}
        try:
            for step, op in enumerate(ops):
                now = NOW + timedelta(seconds=step // 2)  # pairs of steps share a moment: ties happen
                who = op[1]
                other = "mentor" if who == "mentee" else "mentee"
                try:
                    if op[0] == "exchange":
                        send(side[who], side[other], folder, now)
                        for kind in ("note", "goal"):
                            ids[other][kind] = sorted(set(ids[other][kind]) | set(ids[who][kind]))
                    else:
                        perform(op, side[who], step, now, ids[who])
                except MentorlogError:
                    pass  # a refused step changes nothing, as in real use
                seen_versions(paths, best, ever)
            final_now = NOW + timedelta(hours=1)
            send(side["mentee"], side["mentor"], folder, final_now)
            bundle = send(side["mentor"], side["mentee"], folder, final_now)
            mentee, mentor = field_state(paths[0]), field_state(paths[1])
            assert mentee == mentor
            check_nothing_lost(mentee, best, ever)
            before = digest(paths[0])
            exchange.merge(side["mentee"], bundle, final_now)  # merging again writes nothing
            assert digest(paths[0]) == before
        finally:
            for journal in side.values():
                journal.close()


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_joining_copies_is_commutative_associative_and_idempotent(data):
    """The field-version join on its own: any three copies of a session join to the same record in
    any order, and joining a copy into itself changes nothing."""
    versions = st.sampled_from(
        [
            model.version(f"2026-11-21T10:00:0{s}.000Z", o)
            for s in range(3)
            for o in ("0" * 25 + "a", "0" * 25 + "b")
        ]
    )
    states = st.sampled_from(["proposed", "confirmed", "held", "cancelled"])
    TIMES = ["2027-01-01T10:00:00.000Z", "2027-01-02T18:00:00.000Z"]  # noqa: N806

    def copy():
        names = schema.versioned("session")
        values = {n: None for n in names}
        values["starts_at"] = data.draw(st.sampled_from(TIMES))
        values["state"] = data.draw(states)
        values["length_minutes"] = data.draw(st.sampled_from([60, 90]))
        return model.Copy(values, {n: data.draw(versions) for n in names})

    a, b, c = copy(), copy(), copy()

    def joined(x, y):
        return join.join("session", x, y).copy

    assert joined(a, b).values == joined(b, a).values
    assert joined(joined(a, b), c).values == joined(a, joined(b, c)).values
    assert joined(a, a).values == a.values and not join.join("session", a, a).changed
