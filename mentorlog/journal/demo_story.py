"""The story of the demo journal: what Maja and Tomaž wrote in their year, as plain data.

`journal/demo.py` plays it through the services in date order. Days count from the start of
the mentorship.
"""

from __future__ import annotations

START_DAYS_AGO = 372  # the year began this many days ago and ended a week ago
YEAR_DAYS = 365

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
SESSIONS: tuple[tuple[int, str, list[str], tuple[int, int] | None], ...] = (
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
# Tomaž's own view at the end, shown beside Maja's assessments (never as hers).
MENTOR_VIEWS = (
    ("network", "Better connected than she thinks: two festivals now call her first.", 5),
    ("resources", "The buffer is still thin; one late grant would hurt.", 2),
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

NOTES: tuple[tuple[int, str, str, bool, bool, list[str]], ...] = (
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
    (359, "question", "What would you keep of this year if you started again?", True, True, []),
    (360, "decision", "We keep meeting every three months after the end, over coffee.", True, False, []),
    (360, "idea", "A peer group of producers could meet at the festival in spring.", True, True, []),
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
