"""A second year of mentoring, made from a seed: other people, another rhythm, sessions cancelled
with reasons, goals achieved, dropped and overdue, outcomes reached and missed, feedback with
comments from both, decisions, shared notes and contacts by both. Built through the services with
each event's own moment, as the demo is, so the report tests check their facts on a year nobody
wrote by hand."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from mentorlog.model import Role

MENTEES = ["Ana Kovač", "Nika Zajc", "Eva Mlakar", "Lara Golob"]
MENTORS = ["Luka Novak", "Jan Krajnc", "Marko Vidmar", "Peter Kos"]
WORDS = (
    "budget festival venue tour pricing contract residency audience premiere rehearsal board "
    "funding deadline partner network season letter assistant team plan risk schedule press"
).split()
AREAS = ("personal", "professional", "knowledge", "skills", "resources", "network")
MENTOR = Role.MENTOR


def build_year(path: str, now: datetime, seed: int) -> dict:
    """A journal at `path` whose year began 380 days before `now`, not ended; returns what it holds
    by name (goal ids, the people)."""
    from mentorlog.journal import journal as journals
    from mentorlog.process import agreement, goals, plan
    from mentorlog.sessions import feedback as feedback_service
    from mentorlog.sessions import notes, sessions
    from mentorlog.sessions import topics as topic_service

    rng = random.Random(seed)

    def words(n: int = 5) -> str:
        text = " ".join(rng.choice(WORDS) for _ in range(n))
        return text[0].upper() + text[1:]

    start = (now - timedelta(days=380)).replace(hour=9, minute=0, second=0, microsecond=0)
    mentee, mentor = rng.choice(MENTEES), rng.choice(MENTORS)
    journal = journals.init_journal(
        path,
        mentor=mentor,
        mentee=mentee,
        me="mentee",
        programme=f"Studio programme {seed}",
        start=start.date().isoformat(),
        end=(start + timedelta(days=360)).date().isoformat(),
        now=start,
    )
    events: list = []
    tick = iter(range(100_000))

    def at(day: int, hour: int, fn) -> None:
        events.append((start + timedelta(days=day, hours=hour - 9, minutes=next(tick) % 50), fn))

    meetings = rng.randint(9, 12)

    def agree(t):
        agreement.edit(
            journal,
            {"meetings": meetings, "cadence": "monthly", "length_minutes": 90, "place": "The library"},
            t,
        )
        agreement.propose_agreement(journal, t + timedelta(hours=1))
        agreement.approve_agreement(journal, t + timedelta(hours=2), acting_as=MENTOR)

    at(0, 10, agree)
    for day, phase in (
        (15, "here-and-now"),
        (40, "there-and-then"),
        (70, "bridging-the-gap"),
        (330, "final-reflection"),
    ):
        at(day, 8, lambda t, p=phase: journals.move_phase(journal, p, t))
    for area in AREAS:
        at(20, 19, lambda t, a=area: plan.assess(journal, a, f"{words()} (first)", rng.randint(1, 4), t))
        # a second look before the plan: the one the gap per area is measured from
        at(
            30,
            19,
            lambda t, a=area: plan.assess(journal, a, f"{words()} (before the plan)", rng.randint(1, 4), t),
        )
        at(
            350,
            19,
            lambda t, a=area: plan.assess(journal, a, f"{words()} (at the end)", rng.randint(2, 5), t),
        )
    at(351, 20, lambda t: plan.assess(journal, "network", words(), 4, t, acting_as=MENTOR))
    state: dict = {"mentee": mentee, "mentor": mentor, "meetings": meetings}

    def plan_year(t):
        goals.set_vision(journal, f"In a year I {words(8).lower()}.", t)
        g = lambda title, due, i: goals.add_goal(  # noqa: E731
            journal, title, t + timedelta(minutes=i), measure=words(3), due=due, why=words(4), term="medium"
        )["id"]
        state["achieved"] = g(
            "Finish the touring budget for the season", (start + timedelta(days=200)).date().isoformat(), 1
        )
        state["overdue"] = g(
            "Secure a partner venue abroad", (now - timedelta(days=rng.randint(10, 60))).date().isoformat(), 2
        )
        state["dropped"] = g(
            "Launch a podcast about producing", (start + timedelta(days=300)).date().isoformat(), 3
        )
        state["ahead"] = g("Write the three-year plan", (now + timedelta(days=90)).date().isoformat(), 4)
        plan.add_outcome(
            journal,
            "The season's budget is balanced",
            (start + timedelta(days=250)).date().isoformat(),
            t + timedelta(minutes=5),
            state["achieved"],
        )
        plan.add_outcome(
            journal,
            "A partner abroad signs a letter",
            (start + timedelta(days=280)).date().isoformat(),
            t + timedelta(minutes=6),
        )
        plan.add_outcome(
            journal,
            "The plan is read by the board",
            (now + timedelta(days=60)).date().isoformat(),
            t + timedelta(minutes=7),
        )
        state["actions"] = [
            plan.add_action(
                journal,
                f"{words(4)} ({i})",
                t + timedelta(minutes=10 + i),
                owner=rng.choice(["mentor", "mentee"]),
                due=(start + timedelta(days=rng.randint(60, 420))).date().isoformat(),
                acting_as=None,
            )["id"]
            for i in range(6)
        ]

    at(45, 20, plan_year)
    at(120, 20, lambda t: goals.record_progress(journal, state["achieved"], 50, t, note=words(3)))
    at(180, 20, lambda t: goals.finish_goal(journal, state["achieved"], t))
    at(150, 20, lambda t: goals.record_progress(journal, state["overdue"], 40, t, note=words(3)))
    at(
        220,
        20,
        lambda t: goals.revise_goal(
            journal, state["overdue"], t, reason="the venue asked for more time", measure=words(3)
        ),
    )
    at(260, 20, lambda t: goals.drop_goal(journal, state["dropped"], "no time for it this year", t))
    for i, day in enumerate(sorted(rng.sample(range(90, 370), 3))):
        at(day, 20, lambda t, i=i: plan.close_action(journal, state["actions"][i], "done", t))

    days = list(range(7, 355, rng.randint(24, 30)))
    cancelled = set(rng.sample(range(2, len(days) - 1), 2))
    reasons = ["a premiere moved", "the mentor travelled", "illness in the family"]
    for k, day in enumerate(days):
        when = (start + timedelta(days=day)).replace(hour=17).isoformat(timespec="minutes")
        at(max(1, day - 12), 21, lambda t, w=when: sessions.plan(journal, w, t))
        at(
            max(2, day - 10),
            9,
            lambda t, w=when: sessions.confirm(journal, [_number(journal, w, t)], t, MENTOR),
        )
        for j in range(rng.randint(1, 2)):
            at(
                day - 5 + j,
                20,
                lambda t, w=when: topic_service.add_topic(journal, words(), t, _number(journal, w, t)),
            )
        if k in cancelled:
            reason = reasons[k % len(reasons)]
            at(
                day - 1,
                12,
                lambda t, w=when, r=reason: sessions.cancel(journal, _number(journal, w, t), t, r),
            )
            continue
        at(
            day - 2,
            21,
            lambda t: notes.add_note(
                journal, f"{words()}?", t, kind="question", shared=True, acting_as=MENTOR
            ),
        )
        at(day, 20, lambda t, w=when: sessions.held(journal, _number(journal, w, t), t))
        at(
            day,
            21,
            lambda t, w=when: feedback_service.give_feedback(
                journal,
                _number(journal, w, t),
                rng.randint(3, 5),
                t,
                worked=words(3),
                improve=rng.choice([None, words(3)]),
            ),
        )
        if rng.random() < 0.8:
            at(
                day + 1,
                9,
                lambda t, w=when: feedback_service.give_feedback(
                    journal,
                    _number(journal, w, t),
                    rng.randint(3, 5),
                    t,
                    worked=rng.choice([None, words(3)]),
                    improve=words(2),
                    acting_as=MENTOR,
                ),
            )
        at(
            day + 1,
            19,
            lambda t: notes.add_note(journal, f"Decided: {words()}", t, kind="decision", shared=True),
        )
        if rng.random() < 0.5:
            at(
                day + 2,
                19,
                lambda t: notes.add_note(
                    journal, f"Shared: {words()}", t, kind="note", shared=True, acting_as=MENTOR
                ),
            )
        at(
            day + 3,
            12,
            lambda t: notes.add_contact(
                journal,
                f"Contact: {words()}",
                rng.choice(["email", "phone"]),
                t,
                shared=True,
                acting_as=rng.choice([None, MENTOR]),
            ),
        )
    # after the last session held: progress the next agenda shows
    at(
        days[-1] + 4,
        20,
        lambda t: goals.record_progress(journal, state["ahead"], 30, t, note="a first draft"),
    )
    # the next meeting, after the period: the agenda of it looks back to the last session held
    next_meeting = (now + timedelta(days=10)).replace(hour=17, minute=0).isoformat(timespec="minutes")
    events.append(
        (now - timedelta(days=1), lambda t: sessions.plan(journal, next_meeting, t, beyond_agreement=True))
    )
    for moment, event in sorted(events, key=lambda item: item[0]):
        event(min(moment, now))
    return state


def _number(journal, when: str, now: datetime) -> int:
    from mentorlog.sessions import sessions

    for session in sessions.list_sessions(journal, now, include_past=True):
        if session["starts_at"].startswith(when[:16]):
            return session["number"]
    raise LookupError(when)
