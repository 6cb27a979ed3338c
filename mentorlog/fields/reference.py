"""The agreement's terms as the command reference lists them (docs/commands.md, "The agreement's
terms"): each term's JSON key, the flag of `agreement edit` that sets it, the values it may hold
and what it means, all read from the declarations. docs/json.md points there rather than listing
the terms again, so a new term changes the declaration and the generated files only."""

from __future__ import annotations

from mentorlog.fields.agreement import AGREEMENT, FORM_ORDER
from mentorlog.fields.declare import Field
from mentorlog.fields.values import Choice, Day, Domain, Int, Text

TITLE = "The agreement's terms"
ANCHOR = "the-agreements-terms"  # the heading's anchor, as docs/json.md links to it


def values_in_words(domain: Domain) -> str:
    """What a value of `domain` may be, as a table cell says it."""
    if isinstance(domain, Choice):
        return ", ".join(f"`{member.value}`" for member in domain.kind)
    if isinstance(domain, Int):
        return f"a whole number, {domain.low}–{domain.high}"
    if isinstance(domain, Day):
        return "a day, `YYYY-MM-DD`"
    if isinstance(domain, Text):
        lines = "" if domain.multiline else ", one line"
        return f"text of at most {domain.max_length:,} characters{lines}"
    raise TypeError(f"no words for {domain!r}")  # a term of another kind needs its words here


def term_row(declared: Field) -> tuple[str, str, str, str]:
    """One term: its key, the flag that sets it, the values it may hold, what it means."""
    form = declared.form
    assert form is not None, f"{declared.name} is not a term people fill in"
    return (declared.name, form.option(declared.name), values_in_words(declared.domain), form.help)


def terms() -> list[tuple[str, str, str, str]]:
    """Every term, in the order `agreement edit` asks them."""
    return [term_row(AGREEMENT[name]) for name in FORM_ORDER]


def terms_section() -> str:
    """The section docs/commands.md ends with."""
    lines = [
        f"## {TITLE}",
        "",
        "The keys of `agreement show --json` (and of each version of `agreement history --json`) that",
        "hold the terms, in the order `agreement edit` asks them, with the flag that sets each. A term",
        "not set is `null`.",
        "",
        "| key | flag | values | meaning |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| `{key}` | `{flag}` | {values} | {meaning} |" for key, flag, values, meaning in terms()]
    return "\n".join(lines) + "\n"
