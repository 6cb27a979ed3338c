"""The demo journal: a realistic pair, built through the same services a person would use.

`build_demo` (re)creates the journal `demo` in `<home>` so that every command has something
worth showing. The story: Maja Horvat, an independent theatre producer, is mentored by
Tomaž Zupan, a festival director, in a one-year programme that started ten months ago.
The journal is Maja's (the mentee's); Tomaž's steps are taken `--as mentor`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from mentorlog import paths
from mentorlog.errors import MentorlogError, Refused
from mentorlog.model import Phase, Role
from mentorlog.services import agreement, goals, plan
from mentorlog.services import journal as journals
from mentorlog.store import journal as store

DEMO_NAME = "demo"
MENTOR = "Tomaž Zupan"
MENTEE = "Maja Horvat"
PROGRAMME = "Creative Mentorship 2026"
START_DAYS_AGO = 300

MENTOR_ROLE = Role.MENTOR

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
    start = now - timedelta(days=START_DAYS_AGO)
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

    clock = iter(range(10_000))

    def day(n: int, hour: int = 18) -> datetime:
        """Day n of the mentorship at `hour`, a minute later each call, as a person types."""
        at = (start + timedelta(days=n)).replace(hour=hour, minute=0, second=0, microsecond=0)
        return at + timedelta(minutes=next(clock) % 60)

    _getting_started(journal, day)
    journals.move_phase(journal, str(Phase.HERE_AND_NOW), day(30))
    for area, text, rating in ASSESSMENTS:
        plan.assess(journal, area, text, rating, day(31))
    journals.move_phase(journal, str(Phase.THERE_AND_THEN), day(60))
    _there_and_then(journal, day, now)
    journals.move_phase(journal, str(Phase.BRIDGING_THE_GAP), day(95))
    return journal


def _getting_started(journal: journals.Journal, day) -> None:
    agreement.edit(
        journal,
        {
            "meetings": 10,
            "cadence": "every-3-weeks",
            "length_minutes": 90,
            "place": "Café Union, Ljubljana, or online when Tomaž travels",
            "contact": "E-mail for anything that can wait a week; a phone call for urgent decisions.",
            "expect_mentor": "Honest feedback on plans and budgets; introductions to festival programmers.",
            "expect_mentee": "Proposes topics three days ahead, comes prepared, does what she commits to.",
            "content_plan": "Autumn: funding and pricing. Winter: co-productions. Spring: touring abroad.",
        },
        day(0),
    )
    agreement.propose(journal, day(0, 20))
    agreement.approve(journal, day(1, 9), acting_as=MENTOR_ROLE)
    for text, kind in (
        ("What we say in a session stays between us.", "confidentiality"),
        ("We start on time and cancel at least a day ahead.", "respect"),
        ("Maja's family business is off-limits unless she brings it up.", "off-limits"),
        ("Between sessions: e-mail, answered within a week.", "communication"),
    ):
        plan.add_rule(journal, text, kind, day(0, 19))


def _there_and_then(journal: journals.Journal, day, now: datetime) -> None:
    goals.set_vision(
        journal,
        "In a year I run a small production house with two resident groups, "
        "paid fairly, touring Slovenia and the region.",
        day(61),
    )
    grant = goals.add_goal(
        journal,
        "Apply for the city's multi-year arts programme grant",
        day(61),
        measure="application submitted with a three-year budget",
        due=day(200).date().isoformat(),
        why="A multi-year grant is the base the production house stands on.",
        term="medium",
    )
    pricing = goals.add_goal(
        journal,
        "Set and publish a fee scale for my production work",
        day(61),
        measure="fee scale sent to three groups",
        due=(day(150)).date().isoformat(),
        why="Being paid fairly is part of the vision.",
        term="short",
    )
    goals.add_goal(journal, "Touring abroad", day(62), term="long")  # not yet SMART, on purpose
    outcome = plan.add_outcome(
        journal,
        "A co-production with a festival abroad premieres",
        (now + timedelta(days=120)).date().isoformat(),
        day(62),
        grant["id"],
    )
    first = plan.add_option(
        journal, "Ask three regional festivals about co-producing", day(62), outcome["id"], 4
    )
    plan.add_option(journal, "Apply to Creative Europe with a partner", day(62), outcome["id"], 2)
    plan.choose_option(journal, first["id"], day(63), due=(now - timedelta(days=5)).date().isoformat())
    plan.add_action(
        journal,
        "Draft the three-year budget",
        day(63),
        due=(now + timedelta(days=10)).date().isoformat(),
        goal=grant["id"],
    )
    plan.add_action(
        journal,
        "Introduce Maja to the programmer of the Maribor festival",
        day(63),
        owner="mentor",
        due=(now + timedelta(days=20)).date().isoformat(),
        acting_as=MENTOR_ROLE,
    )
    fees = plan.add_action(
        journal,
        "Collect fee scales from two peers",
        day(63),
        due=day(100).date().isoformat(),
        goal=pricing["id"],
    )
    plan.close_action(journal, fees["id"], "done", day(98))
    goals.record_progress(journal, pricing["id"], 60, day(110), note="draft fee scale discussed in session")
    goals.revise_goal(
        journal,
        grant["id"],
        day(140),
        reason="the city moved the deadline",
        due=(now + timedelta(days=40)).date().isoformat(),
    )
    goals.record_progress(journal, grant["id"], 35, day(150), note="budget skeleton and partner letters")
    goals.finish_goal(journal, pricing["id"], day(170))
