"""The end of the mentorship: the final-reflection answers, the official ending and the
certificate of participation.

Design: each role keeps one answer per reflection question (revising replaces it), and answers
only its own questions (model.REFLECTION_OWNERS: the final suggestions are the mentor's; unmet
goals, wishes and the support needed next are the mentee's; the rest are both's); ending
records the day and whether the mentorship was completed or ended early, and the journal
stays fully readable and writable afterwards (a pair may keep in touch).
"""

from __future__ import annotations

from datetime import date, datetime

from mentorlog.dates import in_words, parse_date
from mentorlog.errors import InvalidInput, Refused
from mentorlog.journal import validate
from mentorlog.journal.journal import Journal
from mentorlog.model import Audience, EndKind, ReflectionKey, Role, may_answer
from mentorlog.process import agreement
from mentorlog.store import ending as ending_store
from mentorlog.store import pair as pair_store
from mentorlog.store import sessions as sessions_store
from mentorlog.store.journal import writing
from mentorlog.store.records import Row

QUESTIONS = {
    ReflectionKey.INSIGHTS: "What were the most important insights and learnings?",
    ReflectionKey.LIKED: "What did we like more, and what less?",
    ReflectionKey.LEARNED_ABOUT_MYSELF: "What did I learn about myself?",
    ReflectionKey.SAME_OR_DIFFERENT: "What will I do the same, and what differently?",
    ReflectionKey.UNMET_GOALS: "Which goals were not met — are they still a priority?",
    ReflectionKey.WISHES: "What are my wishes for further development?",
    ReflectionKey.SUPPORT_NEEDED: "What support will I need next?",
    ReflectionKey.FINAL_SUGGESTIONS: "Final suggestions and comments (the mentor's)",
    ReflectionKey.STAY_IN_TOUCH: "How do we stay in touch?",
}


def questions_for(role: Role) -> dict[ReflectionKey, str]:
    """The questions `role` answers (model.REFLECTION_OWNERS): the mentee is never asked for the
    mentor's final suggestions, nor the mentor for the mentee's wishes."""
    return {key: question for key, question in QUESTIONS.items() if may_answer(role, key)}


def _not_yours(journal: Journal, role: Role, key: str) -> Refused:
    owner = role.other
    name = getattr(journal.pair, str(owner)).split()[0]
    return Refused(
        f"{key} is the {owner}'s question: {name} answers it "
        f"(at one laptop: `mentorlog --as {owner} reflect --answer {key}=…`)."
    )


def parse_answers(pairs_: list[str]) -> dict[str, str]:
    """`KEY=TEXT` pairs from the command line, with the keys checked."""
    answers = {}
    for item in pairs_:
        key, sep, text = item.partition("=")
        key = key.strip().lower()
        if not sep or key not in QUESTIONS:
            raise InvalidInput(
                f"{item[:40]!r} is not KEY=TEXT with a known key; keys: {', '.join(QUESTIONS)}."
            )
        answers[key] = text
    return answers


def reflect(
    journal: Journal, answers: dict[str, str], now: datetime, acting_as: Role | None = None
) -> list[Row]:
    """Save (or revise) this role's answers; returns every answer given so far."""
    if not answers:
        raise InvalidInput('No answers given: `mentorlog reflect --answer insights="…"`.')
    writer = journal.writer(now, acting_as)
    for key in answers:
        if not may_answer(writer.role, key):
            raise _not_yours(journal, writer.role, key)
    cleaned = {
        key: validate.value("reflection", "text", text, f"answer to {key}") for key, text in answers.items()
    }
    with writing(journal.db):
        for key, text in cleaned.items():
            ending_store.save_answer(journal.db, writer, key, text)
    return answers_given(journal, Audience.OWNER)


def answers_given(journal: Journal, audience: Audience) -> list[Row]:
    found = []
    for row in ending_store.answers(journal.db, audience):
        found.append(
            {
                "key": row["key"],
                "question": QUESTIONS.get(row["key"], row["key"]),
                "author": row["author"],
                "text": row["text"],
                "updated_at": row["updated_at"],
            }
        )
    order = list(QUESTIONS)
    return sorted(found, key=lambda a: (order.index(a["key"]) if a["key"] in order else 99, a["author"]))


def current_answers(journal: Journal, role: Role) -> dict[str, str]:
    return {a["key"]: a["text"] for a in answers_given(journal, Audience.OWNER) if a["author"] == str(role)}


def end(
    journal: Journal,
    now: datetime,
    on: str | None = None,
    early: bool = False,
    reason: str | None = None,
    acting_as: Role | None = None,
    date_order: str = "dmy",
) -> Row:
    if journal.pair.ended:
        raise Refused(f"The mentorship already ended on {journal.pair.ended_on}; nothing changed.")
    if early and not (reason and reason.strip()):
        raise InvalidInput('Ending early needs a reason: `mentorlog end --early --reason "…"`.')
    if reason and not early:
        raise InvalidInput("A reason goes with --early; a completed mentorship needs none.")
    day = parse_date(on, now, date_order=date_order) if on else now.date()
    if journal.pair.starts_on and day < date.fromisoformat(journal.pair.starts_on):
        raise InvalidInput(f"The end ({day}) can't come before the start ({journal.pair.starts_on}).")
    reason = validate.optional_value("pair", "end_reason", reason, "reason")
    with writing(journal.db):
        pair_store.set_ending(
            journal.db,
            journal.writer(now, acting_as),
            day.isoformat(),
            EndKind.EARLY if early else EndKind.COMPLETED,
            reason,
        )
    journal.refresh()
    return {"ended_on": day.isoformat(), "end_kind": journal.pair.end_kind, "end_reason": reason}


def certificate_context(journal: Journal, now: datetime) -> Row:
    pair = journal.pair
    if not pair.ended:
        raise Refused(
            "The certificate confirms a mentorship that has ended; end it first with `mentorlog end` "
            "(or `mentorlog end --early --reason T`)."
        )
    held = sessions_store.session_totals(journal.db, Audience.PARTNER)  # a certificate is for others to see
    start = agreement.terms(journal, Audience.PARTNER).start.isoformat()  # agreed (else init's)
    return {
        "pair": {"mentor": pair.mentor, "mentee": pair.mentee, "programme": pair.programme},
        "period": {
            "start": start,
            "end": pair.ended_on,
            "start_in_words": in_words(start),
            "end_in_words": in_words(pair.ended_on),
        },
        "sessions_held": held.held,
        "hours": round(held.minutes / 60, 1),
        "end_kind": pair.end_kind,
        "issued_on": now.date().isoformat(),
        "issued_in_words": in_words(now.date().isoformat()),
    }
