"""The agreement's fields, each declared once: its values, its words, and how a person fills it in.

Each term people write carries a `Form`: the prompt `agreement edit` asks it with, the help of the
flag that sets it, its label in `agreement show` and its row in the agreement report. The flags of
`agreement edit`, its prompts, the checks of each answer, the terminal view and the report's rows
are all made from these declarations; the journal's triggers and the bundle's JSON Schema from
their values (`Field.domain`), as for every table.
"""

from __future__ import annotations

from mentorlog.fields.declare import LONG, ROLE, Field, Form, choices_in_words, fields
from mentorlog.fields.values import Choice, Day, Int, Stamp, Text
from mentorlog.model import AgreementState, Cadence

CADENCES = ", ".join(c.value for c in Cadence)

AGREEMENT = fields(
    Field("version", Int(1, 1000), required=True, fixed=True),
    Field("state", Choice(AgreementState), required=True, group="workflow"),
    Field(
        "period_start",
        Day(),
        label="start of the period",
        form=Form("Start of the mentorship", "Start of the mentorship.", view="Start", row="Period"),
    ),
    Field(
        "period_end",
        Day(),
        label="end of the period",
        form=Form("End of the mentorship", "End of the mentorship.", view="End"),
    ),
    Field(
        "meetings",
        Int(1, 100),
        label="number of meetings",
        form=Form("Number of meetings", "How many meetings.", view="Meetings", row="Meetings"),
    ),
    Field(
        "cadence",
        Choice(Cadence),
        form=Form(
            f"Cadence (after the start phase, if any: {CADENCES})",
            f"{choices_in_words(Cadence)} (after the start phase, if any).",
            view="Cadence",
            row="Cadence",
            shown_as="cadence_in_words",
        ),
    ),
    Field(
        "length_minutes",
        Int(15, 480),
        label="session length",
        form=Form(
            "Session length in minutes",
            "Session length in minutes.",
            flag="length",
            metavar="MIN",
            view="Session length (min)",
            row="Session length",
        ),
    ),
    Field(
        "place",
        Text(500),
        form=Form("Where you meet", "Where you meet.", view="Place", row="Place"),
    ),
    Field(
        "start_cadence",
        Choice(Cadence),
        label="cadence at the start",
        form=Form(
            f"Cadence of the first meetings, if it differs ({CADENCES}; none: no start phase)",
            "The cadence of the first meetings, if it differs (none: no start phase).",
            none="no start phase",
        ),
    ),
    Field(
        "start_meetings",
        Int(1, 100),
        label="number of meetings at the start",
        form=Form("How many meetings keep that start cadence", "How many meetings keep the start cadence."),
    ),
    Field(
        "link",
        Text(500, multiline=False),
        label="online link",
        form=Form(
            "Online meeting link (none: no link)",
            "Online meeting link (none: no link).",
            metavar="URL",
            none="no link",
            url=True,
            view="Online link",
            row="Online link",
        ),
    ),
    Field(
        "contact",
        LONG,
        label="contact between sessions",
        form=Form(
            "Contact between sessions",
            "How you keep in touch between sessions.",
            view="Contact between sessions",
            row="Contact between sessions",
        ),
    ),
    Field(
        "expect_mentor",
        LONG,
        label="expectations of the mentor",
        form=Form(
            "What the mentee expects of the mentor",
            "What the mentee expects of the mentor.",
            view="Expected of the mentor",
        ),
    ),
    Field(
        "expect_mentee",
        LONG,
        label="expectations of the mentee",
        form=Form(
            "What the mentor expects of the mentee",
            "What the mentor expects of the mentee.",
            view="Expected of the mentee",
        ),
    ),
    Field(
        "content_plan",
        LONG,
        label="content plan",
        form=Form("A rough content plan", "A rough plan of the content.", view="Content plan"),
    ),
    Field("proposed_at", Stamp(), group="workflow"),
    Field("proposed_by", ROLE, group="workflow"),
    Field("approved_at", Stamp(), group="workflow"),
    Field("approved_by", ROLE, group="workflow"),
)

# The order people fill the terms in: the prompts ask them so, and `--json` lists them so.
FORM_ORDER = (
    "period_start", "period_end", "meetings", "start_cadence", "start_meetings", "cadence",
    "length_minutes", "place", "link", "contact", "expect_mentor", "expect_mentee", "content_plan",
)  # fmt: skip
