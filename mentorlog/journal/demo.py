"""The demo journal: a realistic year of mentoring, built through the same services a person uses.

`build_demo` (re)creates the journal `demo` in `<home>`. The story: Maja Horvat, an
independent theatre producer, is mentored by Tomaž Zupan, a festival director, in a one-year
programme that started 372 days ago and was completed a week ago, with a final reflection by
both. They agreed to stay in touch: a catch-up four days from now is the session ahead, so the
agenda has something to show. The journal is Maja's (the mentee's); Tomaž's steps are taken as
the mentor (`--as mentor`). Everything happens as a timeline of events in date order, so every
record carries a believable date and phase.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from mentorlog import paths
from mentorlog.errors import MentorlogError, Refused
from mentorlog.journal import journal as journals
from mentorlog.journal.demo_story import (
    ANSWERS,
    ASSESSMENTS,
    CATCH_UP_DAY,
    CATCH_UP_TOPICS,
    CONTACTS,
    MENTOR_VIEWS,
    NOTES,
    REASSESSMENTS,
    SESSIONS,
    START_DAYS_AGO,
    YEAR_DAYS,
)
from mentorlog.model import Role, SessionState
from mentorlog.process import agreement, ending, goals, plan, rules
from mentorlog.sessions import feedback as feedback_service
from mentorlog.sessions import notes, sessions
from mentorlog.sessions import topics as topic_service
from mentorlog.store import journal as journal_store
from mentorlog.store.records import Row

# something that happens in the demo year, done at the moment it is given (its other arguments
# are bound as defaults, one lambda per event)
Event = Callable[..., Any]

DEMO_NAME = "demo"
MENTOR = "Tomaž Zupan"
MENTEE = "Maja Horvat"
PROGRAMME = "Creative Mentorship 2026"
AS_MENTOR = Role.MENTOR


def build_demo(now: datetime) -> journals.Journal:
    path = paths.journal_path(DEMO_NAME)
    if path.exists():
        try:
            journal_store.inspect(path, DEMO_NAME)
        except MentorlogError as error:
            raise Refused(
                f"{path} is there but is not a demo journal this mentorlog can replace ({error}) "
                "Move it aside and run `mentorlog demo` again."
            ) from None
        journal_store.remove_journal_files(path)
    start = (now - timedelta(days=START_DAYS_AGO)).replace(hour=9, minute=0, second=0, microsecond=0)
    journal = journals.init_journal(
        DEMO_NAME,
        mentor=MENTOR,
        mentee=MENTEE,
        me=str(Role.MENTEE),
        programme=PROGRAMME,
        start=start.date().isoformat(),
        end=None,
        now=start,
    )
    for moment, event in sorted(_events(journal, start, now), key=lambda item: item[0]):
        event(min(moment, now))
    return journal


def _events(journal: journals.Journal, start: datetime, now: datetime) -> list[tuple[datetime, Event]]:
    """(moment, function of the moment) for everything that happens in the demo year."""
    events: list[tuple[datetime, Event]] = []
    tick = iter(range(100_000))

    def at(day: int, hour: int, fn: Event) -> None:
        moment = start + timedelta(days=day, hours=hour - 9, minutes=next(tick) % 50)
        events.append((moment, fn))

    at(0, 10, lambda t: _agreement(journal, t))
    for day, phase in (
        (30, "here-and-now"),
        (60, "there-and-then"),
        (95, "bridging-the-gap"),
        (340, "final-reflection"),
    ):
        at(day, 8, lambda t, p=phase: journals.move_phase(journal, p, t))
    for area, text, rating in ASSESSMENTS:
        at(31, 19, lambda t, a=area, x=text, r=rating: plan.assess(journal, a, x, r, t))
    state: dict[str, str] = {}

    def revise(day: int, goal: str, reason: str, due_in_days: int) -> None:
        """The goal `state[goal]` revised at 20:00 on `day`, due `due_in_days` after today."""
        due = (now + timedelta(days=due_in_days)).date().isoformat()
        at(day, 20, lambda t: goals.revise_goal(journal, state[goal], t, reason=reason, due=due))

    at(61, 20, lambda t: state.update(_there_and_then(journal, t, now)))
    at(98, 20, lambda t: plan.close_action(journal, state["fees"], "done", t))
    at(110, 20, lambda t: goals.record_progress(journal, state["pricing"], 60, t, note="draft fee scale"))
    revise(140, "grant", "the city moved the deadline", 40)
    at(150, 21, lambda t: goals.record_progress(journal, state["grant"], 35, t, note="budget skeleton"))
    at(170, 20, lambda t: goals.finish_goal(journal, state["pricing"], t))
    at(275, 20, lambda t: goals.record_progress(journal, state["grant"], 70, t, note="letters of support in"))
    at(300, 20, lambda t: plan.close_action(journal, state["budget"], "done", t))
    at(318, 20, lambda t: goals.finish_goal(journal, state["grant"], t))
    # After the last session, the long-term goal moves on: the catch-up's agenda shows it.
    revise(363, "touring", "a goal for the house's second year", 300)
    at(364, 20, lambda t: goals.record_progress(journal, state["touring"], 10, t, note="two festivals asked"))
    for area, text, rating in REASSESSMENTS:
        at(358, 19, lambda t, a=area, x=text, r=rating: plan.assess(journal, a, x, r, t))
    for area, text, rating in MENTOR_VIEWS:
        at(358, 20, lambda t, a=area, x=text, r=rating: plan.assess(journal, a, x, r, t, acting_as=AS_MENTOR))
    for role, given in ANSWERS.items():
        at(
            361 if role == "mentee" else 362,
            20,
            lambda t, r=role, g=given: ending.reflect(journal, g, t, acting_as=Role(r)),
        )
    at(YEAR_DAYS, 10, lambda t: ending.end(journal, t, on=t.date().isoformat()))
    catch_up = (start + timedelta(days=CATCH_UP_DAY)).replace(hour=17).isoformat(timespec="minutes")
    at(
        366,
        9,
        lambda t: sessions.plan(
            journal, catch_up, t, place="Café Union, Ljubljana", acting_as=AS_MENTOR, beyond_agreement=True
        ),
    )
    at(366, 21, lambda t: sessions.confirm(journal, [_number(journal, catch_up, t)], t))
    next_coffee = (start + timedelta(days=CATCH_UP_DAY + 91)).replace(hour=17).isoformat(timespec="minutes")
    at(
        366,
        10,
        lambda t: sessions.plan(
            journal, next_coffee, t, place="Café Union, Ljubljana", acting_as=AS_MENTOR, beyond_agreement=True
        ),
    )
    for i, topic in enumerate(CATCH_UP_TOPICS):
        at(
            367 + i,
            20,
            lambda t, x=topic: topic_service.add_topic(journal, x, t, _number(journal, catch_up, t)),
        )
    at(
        368,
        10,
        lambda t: plan.add_action(
            journal,
            "Send the festival the co-production budget",
            t,
            due=(now + timedelta(days=3)).date().isoformat(),
        ),
    )

    for day, end_state, topics, feedback in SESSIONS:
        when = (start + timedelta(days=day)).replace(hour=18).isoformat(timespec="minutes")
        planned_on = max(1, min(day - 14, START_DAYS_AGO - 10))
        confirmed_on = max(planned_on + 1, day - 12)
        at(planned_on, 21, lambda t, w=when: sessions.plan(journal, w, t))
        if end_state != SessionState.PROPOSED:
            at(
                confirmed_on,
                9,
                lambda t, w=when: sessions.confirm(journal, [_number(journal, w, t)], t, AS_MENTOR),
            )
        for i, topic in enumerate(topics):
            at(
                max(confirmed_on, day - 6 + i),
                20,
                lambda t, w=when, x=topic: topic_service.add_topic(journal, x, t, _number(journal, w, t)),
            )
        if end_state == SessionState.CANCELLED:
            at(
                day - 1,
                12,
                lambda t, w=when: sessions.cancel(journal, _number(journal, w, t), t, "Tomaž ill"),
            )
        if end_state == SessionState.HELD:
            at(day, 20, lambda t, w=when: sessions.held(journal, _number(journal, w, t), t))
            assert feedback is not None, when  # every session the story holds has its feedback
            mine, theirs = feedback
            at(
                day,
                22,
                lambda t, w=when, r=mine: feedback_service.give_feedback(
                    journal,
                    _number(journal, w, t),
                    r,
                    t,
                    worked="Clear next steps",
                    improve=None if r == 5 else "More time for the second topic",
                ),
            )
            at(
                day + 1,
                8,
                lambda t, w=when, r=theirs: feedback_service.give_feedback(
                    journal,
                    _number(journal, w, t),
                    r,
                    t,
                    worked="Maja came prepared",
                    improve=None if r == 5 else "Start on time",
                    acting_as=AS_MENTOR,
                ),
            )
    for day, kind, text, shared, mentor, tags in NOTES:
        at(
            day,
            21,
            lambda t, k=kind, x=text, s=shared, m=mentor, g=tags: notes.add_note(
                journal, x, t, kind=k, shared=s, tags=g, acting_as=AS_MENTOR if m else None
            ),
        )
    for day, via, text in CONTACTS:
        at(day, 12, lambda t, v=via, x=text: notes.add_contact(journal, x, v, t, shared=True))
    return events


def _number(journal: journals.Journal, when: str, now: datetime) -> int:
    for session in sessions.list_sessions(journal, now, include_past=True):
        if session["starts_at"].startswith(when[:16]):
            return int(session["number"])
    raise LookupError(when)


def _agreement(journal: journals.Journal, moment: datetime) -> None:
    agreement.edit(
        journal,
        {
            "meetings": 12,
            "start_cadence": "every-3-weeks",
            "start_meetings": 3,
            "cadence": "monthly",
            "length_minutes": 90,
            "place": "Café Union, Ljubljana, or online when Tomaž travels",
            "link": "https://meet.jit.si/maja-and-tomaz",
            "contact": "E-mail for anything that can wait a week; a phone call for urgent decisions.",
            "expect_mentor": "Honest feedback on plans and budgets; introductions to festival programmers.",
            "expect_mentee": "Proposes topics three days ahead, comes prepared, does what she commits to.",
            "content_plan": "Autumn: funding and pricing. Winter: co-productions. Spring: touring abroad.",
        },
        moment,
    )
    agreement.propose_agreement(journal, moment + timedelta(hours=2))
    agreement.approve_agreement(journal, moment + timedelta(hours=20), acting_as=AS_MENTOR)
    for text, kind in (
        ("What we say in a session stays between us.", "confidentiality"),
        ("We start on time and cancel at least a day ahead.", "respect"),
        ("Maja's family business is off-limits unless she brings it up.", "off-limits"),
        ("Between sessions: e-mail, answered within a week.", "communication"),
    ):
        rules.add_rule(journal, text, kind, moment + timedelta(hours=21))


def _there_and_then(journal: journals.Journal, moment: datetime, now: datetime) -> Row:
    later = iter(range(1, 1000))

    def t() -> datetime:
        return moment + timedelta(minutes=next(later))

    goals.set_vision(
        journal,
        "In a year I run a small production house with two resident groups, paid fairly, "
        "touring Slovenia and the region.",
        t(),
    )
    grant = goals.add_goal(
        journal,
        "Apply for the city's multi-year arts programme grant",
        t(),
        measure="application submitted with a three-year budget",
        due=(moment + timedelta(days=140)).date().isoformat(),
        why="A multi-year grant is the base the production house stands on.",
        term="medium",
    )
    pricing = goals.add_goal(
        journal,
        "Set and publish a fee scale for my production work",
        t(),
        measure="fee scale sent to three groups",
        due=(moment + timedelta(days=90)).date().isoformat(),
        why="Being paid fairly is part of the vision.",
        term="short",
    )
    touring = goals.add_goal(journal, "Touring abroad", t(), term="long")  # not yet SMART, on purpose
    outcome = plan.add_outcome(
        journal,
        "A co-production with a festival abroad premieres",
        (now + timedelta(days=120)).date().isoformat(),
        t(),
        grant["id"],
    )
    first = plan.add_option(journal, "Ask three regional festivals about co-producing", t(), outcome["id"], 4)
    plan.add_option(journal, "Apply to Creative Europe with a partner", t(), outcome["id"], 2)
    plan.choose_option(journal, first["id"], t(), due=(now - timedelta(days=5)).date().isoformat())
    budget = plan.add_action(
        journal,
        "Draft the three-year budget",
        t(),
        due=(moment + timedelta(days=200)).date().isoformat(),
        goal=grant["id"],
    )
    plan.add_action(
        journal,
        "Introduce Maja to the programmer of the Maribor festival",
        t(),
        owner="mentor",
        due=(now + timedelta(days=20)).date().isoformat(),
        acting_as=AS_MENTOR,
    )
    fees = plan.add_action(
        journal,
        "Collect fee scales from two peers",
        t(),
        due=(moment + timedelta(days=40)).date().isoformat(),
        goal=pricing["id"],
    )
    return {
        "grant": grant["id"],
        "pricing": pricing["id"],
        "touring": touring["id"],
        "fees": fees["id"],
        "budget": budget["id"],
    }
