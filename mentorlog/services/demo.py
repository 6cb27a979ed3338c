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

from datetime import datetime, timedelta

from mentorlog import paths
from mentorlog.errors import MentorlogError, Refused
from mentorlog.model import Role
from mentorlog.services import agreement, ending, goals, notes, plan, sessions
from mentorlog.services import journal as journals
from mentorlog.store import journal as store

DEMO_NAME = "demo"
MENTOR = "Tomaž Zupan"
MENTEE = "Maja Horvat"
PROGRAMME = "Creative Mentorship 2026"
START_DAYS_AGO = 372
YEAR_DAYS = 365
AS_MENTOR = Role.MENTOR

ASSESSMENTS = (
    ("personal", "Energetic, but spreads herself thin; rarely says no to a project.", 3),
    ("professional", "Six years producing for independent theatre groups, always as a freelancer.", 3),
    ("knowledge", "Knows the Slovenian funding landscape; little of EU programmes.", 2),
    ("skills", "Strong budgeting and scheduling; negotiating fees is hard for her.", 3),
    ("resources", "A laptop, a small rehearsal room shared with two groups, no savings buffer.", 2),
    ("network", "Close to the independent scene in Ljubljana; few contacts abroad.", 2),
    ("strengths", "Reliable, calm under pressure, trusted by artists.", 4),
    ("improvements", "Pricing her work, delegating, long-term planning.", None),
)

# (day of the mentorship, state it ends in, topics the mentee proposes, feedback (mentee, mentor))
SESSIONS = (
    (7, "held", ["What we each expect from this year", "How often and where we meet"], (5, 5)),
    (31, "held", ["Where I stand: my skills and my network"], (4, 5)),
    (62, "held", ["My vision for the production house", "Which goals first?"], (5, 4)),
    (96, "held", ["A fee scale I can defend"], (4, 4)),
    (124, "held", ["The city grant: multi-year or project?"], (5, 5)),
    (152, "held", ["Saying no to projects", "Budget for the autumn tour"], (3, 4)),
    (180, "held", ["Co-producing with a festival abroad"], (5, 5)),
    (208, "held", ["Quarter look back: are the goals still right?"], (4, 5)),
    (236, "held", ["Delegating to a production assistant"], (4, 4)),
    (264, "cancelled", ["Contracts with venues"], None),
    (271, "held", ["Grant application: the three-year budget"], (5, 5)),
    (304, "held", ["The festival's offer: do I say yes?", "Pricing the co-production"], (5, 5)),
    (332, "held", ["Contracts with venues, at last"], (4, 5)),
    (360, "held", ["Looking back on the year", "How we stay in touch"], (5, 5)),
)
# After the end: a catch-up the mentor proposes and the mentee confirms, four days from now.
CATCH_UP_DAY = START_DAYS_AGO + 4
CATCH_UP_TOPICS = ["The co-production budget, line by line", "A production assistant in spring?"]

REASSESSMENTS = (
    ("personal", "Says no more easily; protects two evenings a week.", 4),
    ("professional", "Runs her own small production house with two resident groups.", 4),
    ("knowledge", "Knows the city's and two EU funding schemes well.", 4),
    ("skills", "Negotiates fees with a published scale behind her.", 4),
    ("resources", "A multi-year grant application in; a shared office; a small buffer.", 3),
    ("network", "Programmers at three festivals in the region know her work.", 4),
)

ANSWERS = {
    "mentee": {
        "insights": "A fee is a statement of value. Saying no makes room for what matters.",
        "liked": "More: honest feedback on budgets. Less: sessions when I came tired.",
        "learned-about-myself": "I am better at negotiating than I thought, once I have a scale behind me.",
        "same-or-different": "Same: topics three days ahead. Differently: ask for help earlier.",
        "unmet-goals": "Touring abroad is still a priority, for the second year of the house.",
        "wishes": "Learn to lead a small team.",
        "support-needed": "A peer group of producers; a lawyer for co-production contracts.",
        "stay-in-touch": "A catch-up every three months, and e-mail when something big comes up.",
    },
    "mentor": {
        "insights": "Maja's plans were good from the start; what changed is that she now defends them.",
        "final-suggestions": "Keep the fee scale public, review it every year, and find a board member "
        "who knows finance.",
        "stay-in-touch": "Coffee every three months; I will keep forwarding calls from festivals.",
    },
}

NOTES = (
    # (day, kind, text, shared, as mentor, tags)
    (
        8,
        "decision",
        "We meet every three to four weeks, Café Union unless one of us travels.",
        True,
        False,
        [],
    ),
    (
        10,
        "note",
        "I felt nervous in the first session; I talked too much about old projects.",
        False,
        False,
        [],
    ),
    (33, "lesson", "My network is wider than I thought when I list it on paper.", True, False, ["network"]),
    (64, "idea", "A small production house with two resident groups, not five.", False, False, ["vision"]),
    (98, "lesson", "A fee is a statement of value, not a favour.", True, False, ["pricing"]),
    (
        126,
        "decision",
        "Apply for the multi-year grant rather than three project grants.",
        True,
        True,
        ["grant"],
    ),
    (
        150,
        "note",
        "Maja undersells herself in budgets: ask about her own fee line.",
        False,
        True,
        ["pricing"],
    ),
    (155, "lesson", "Saying no to one project gave me a free month for the grant.", False, False, []),
    (
        183,
        "idea",
        "Ask the Maribor festival about a residency before a co-production.",
        True,
        True,
        ["abroad"],
    ),
    (210, "lesson", "The goals were right; the time frames were too optimistic.", True, False, []),
    (240, "note", "I am tired. Maybe the assistant should start in spring, not now.", False, False, []),
    (274, "lesson", "Letters of support take six weeks; ask early.", True, False, ["grant"]),
    (296, "question", "What does the festival offer mean for the house's first season?", True, True, []),
    (298, "question", "Am I ready to run a house, or do I want to be asked?", False, False, []),
    (333, "decision", "Maja accepts the festival's co-production offer for next autumn.", True, False, []),
    (361, "lesson", "A year is short: the goals that mattered were the ones we revised.", True, False, []),
    (368, "question", "Is the co-production fee fair for the risk you carry?", True, True, ["pricing"]),
    (369, "question", "Who on the board could read the budget with you?", True, True, []),
    (370, "question", "Do I hire the assistant before or after the grant decision?", False, False, []),
)

CONTACTS = (
    (20, "email", "Sent Tomaž the list of my last six productions."),
    (70, "phone", "Quick call about the grant call that opened early."),
    (140, "message", "Tomaž forwarded a residency call in Graz."),
    (226, "email", "Sent the draft three-year budget for comments."),
    (285, "phone", "Tomaž: the Maribor festival wants to talk about a co-production."),
    (367, "email", "Tomaž sent the festival's first draft of the co-production contract."),
)


def build_demo(now: datetime) -> journals.Journal:
    path = paths.journal_path(DEMO_NAME)
    if path.exists():
        try:
            store.inspect(path, DEMO_NAME)
        except MentorlogError as error:
            raise Refused(
                f"{path} is there but is not a demo journal this mentorlog can replace ({error}) "
                "Move it aside and run `mentorlog demo` again."
            ) from None
        store.remove_journal_files(path)
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


def _events(journal: journals.Journal, start: datetime, now: datetime):
    """(moment, function of the moment) for everything that happens in the demo year."""
    events = []
    tick = iter(range(100_000))

    def at(day: int, hour: int, fn) -> None:
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
    state = {}
    at(61, 20, lambda t: state.update(_there_and_then(journal, t, now)))
    at(98, 20, lambda t: plan.close_action(journal, state["fees"], "done", t))
    at(110, 20, lambda t: goals.record_progress(journal, state["pricing"], 60, t, note="draft fee scale"))
    at(
        140,
        20,
        lambda t: goals.revise_goal(
            journal,
            state["grant"],
            t,
            reason="the city moved the deadline",
            due=(now + timedelta(days=40)).date().isoformat(),
        ),
    )
    at(150, 21, lambda t: goals.record_progress(journal, state["grant"], 35, t, note="budget skeleton"))
    at(170, 20, lambda t: goals.finish_goal(journal, state["pricing"], t))
    at(275, 20, lambda t: goals.record_progress(journal, state["grant"], 70, t, note="letters of support in"))
    at(300, 20, lambda t: plan.close_action(journal, state["budget"], "done", t))
    at(318, 20, lambda t: goals.finish_goal(journal, state["grant"], t))
    for area, text, rating in REASSESSMENTS:
        at(358, 19, lambda t, a=area, x=text, r=rating: plan.assess(journal, a, x, r, t))
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
        lambda t: sessions.plan(journal, catch_up, t, place="Café Union, Ljubljana", acting_as=AS_MENTOR),
    )
    at(366, 21, lambda t: sessions.confirm(journal, _number(journal, catch_up, t), t))
    next_coffee = (start + timedelta(days=CATCH_UP_DAY + 91)).replace(hour=17).isoformat(timespec="minutes")
    at(
        366,
        10,
        lambda t: sessions.plan(journal, next_coffee, t, place="Café Union, Ljubljana", acting_as=AS_MENTOR),
    )
    for i, topic in enumerate(CATCH_UP_TOPICS):
        at(367 + i, 20, lambda t, x=topic: sessions.add_topic(journal, x, t, _number(journal, catch_up, t)))
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
        if end_state != "proposed":
            at(
                confirmed_on,
                9,
                lambda t, w=when: sessions.confirm(journal, _number(journal, w, t), t, AS_MENTOR),
            )
        for i, topic in enumerate(topics):
            at(
                max(confirmed_on, day - 6 + i),
                20,
                lambda t, w=when, x=topic: sessions.add_topic(journal, x, t, _number(journal, w, t)),
            )
        if end_state == "cancelled":
            at(
                day - 1,
                12,
                lambda t, w=when: sessions.cancel(journal, _number(journal, w, t), t, "Tomaž ill"),
            )
        if end_state == "held":
            at(day, 20, lambda t, w=when: sessions.held(journal, _number(journal, w, t), t))
            mine, theirs = feedback
            at(
                day,
                22,
                lambda t, w=when, r=mine: sessions.give_feedback(
                    journal, _number(journal, w, t), r, t, worked="Clear next steps", improve=None
                ),
            )
            at(
                day + 1,
                8,
                lambda t, w=when, r=theirs: sessions.give_feedback(
                    journal, _number(journal, w, t), r, t, worked="Maja came prepared", acting_as=AS_MENTOR
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
            return session["number"]
    raise LookupError(when)


def _agreement(journal: journals.Journal, moment: datetime) -> None:
    agreement.edit(
        journal,
        {
            "meetings": 12,
            "cadence": "monthly",
            "length_minutes": 90,
            "place": "Café Union, Ljubljana, or online when Tomaž travels",
            "contact": "E-mail for anything that can wait a week; a phone call for urgent decisions.",
            "expect_mentor": "Honest feedback on plans and budgets; introductions to festival programmers.",
            "expect_mentee": "Proposes topics three days ahead, comes prepared, does what she commits to.",
            "content_plan": "Autumn: funding and pricing. Winter: co-productions. Spring: touring abroad.",
        },
        moment,
    )
    agreement.propose(journal, moment + timedelta(hours=2))
    agreement.approve(journal, moment + timedelta(hours=20), acting_as=AS_MENTOR)
    for text, kind in (
        ("What we say in a session stays between us.", "confidentiality"),
        ("We start on time and cancel at least a day ahead.", "respect"),
        ("Maja's family business is off-limits unless she brings it up.", "off-limits"),
        ("Between sessions: e-mail, answered within a week.", "communication"),
    ):
        plan.add_rule(journal, text, kind, moment + timedelta(hours=21))


def _there_and_then(journal: journals.Journal, moment: datetime, now: datetime) -> dict:
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
    goals.add_goal(journal, "Touring abroad", t(), term="long")  # not yet SMART, on purpose
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
    return {"grant": grant["id"], "pricing": pricing["id"], "fees": fees["id"], "budget": budget["id"]}
