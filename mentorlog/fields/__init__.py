"""Every field of every record, declared once: the values it may hold, its words, how it travels
and merges, and how a person fills it in. Everything else is made from these declarations: the
checks of what a person types (`journal/validate.py`), of what a bundle brings
(`exchange/bundle_checks.py`), the journal's triggers (`store/checks.py`), the bundle's JSON
Schema (`exchange/bundle_schema.py`), the flags and prompts of `agreement edit`, and the labels
of its views.

- `values`: the characters of text, days, timestamps, and the domains that check a value;
- `declare`: what a declaration holds (`Field`, `Form`);
- `agreement`: the agreement's fields, with the form people fill them in with;
- `tables`: every other table's fields, the functions that read the declarations, and the role
  each role-gated act must carry.

Standard library, `model` and `dates`' year range only, so every layer can import it.
"""

from mentorlog.fields.agreement import AGREEMENT, CADENCES, FORM_ORDER
from mentorlog.fields.declare import LONG, ONE_LINE, ROLE, SHORT, Field, Form, choices_in_words
from mentorlog.fields.tables import (
    ACT_ROLES,
    BOOKKEEPING,
    DELETED_AT,
    EVENT_ROLES,
    GOAL_FIELDS,
    OWNER_ONLY,
    REVISABLE,
    SESSION_LENGTH,
    TABLES,
    act_problem,
    approved_terms,
    check_value,
    check_values,
    field,
    form_fields,
    references_to,
    versioned,
)
from mentorlog.fields.values import (
    BLANKS,
    CLOCK_SLACK,
    EMPTY,
    FORBIDDEN,
    FORBIDDEN_RANGES,
    INVISIBLE,
    ISO_DATE,
    LINE_BREAKS,
    MAX_TAGS,
    STAMP,
    TAG,
    TAG_CHAR,
    TAG_LENGTH,
    ULID,
    YEARS,
    BadValue,
    Choice,
    Day,
    Domain,
    GoalChange,
    Int,
    Moment,
    Ref,
    Stamp,
    Tags,
    Text,
    is_iso_date,
    is_stamp,
    is_ulid,
    text_problem,
)

__all__ = [
    "ACT_ROLES", "AGREEMENT", "BLANKS", "BOOKKEEPING", "CADENCES", "CLOCK_SLACK", "DELETED_AT", "EMPTY",
    "EVENT_ROLES", "FORBIDDEN", "FORBIDDEN_RANGES", "FORM_ORDER", "GOAL_FIELDS", "INVISIBLE", "ISO_DATE",
    "LINE_BREAKS", "LONG", "MAX_TAGS", "ONE_LINE", "OWNER_ONLY", "REVISABLE", "ROLE", "SESSION_LENGTH",
    "SHORT", "STAMP", "TABLES", "TAG", "TAG_CHAR", "TAG_LENGTH", "ULID", "YEARS", "BadValue", "Choice", "Day",
    "Domain", "Field", "Form", "GoalChange", "Int", "Moment", "Ref", "Stamp", "Tags", "Text", "act_problem",
    "approved_terms", "check_value", "check_values", "choices_in_words", "field", "form_fields",
    "is_iso_date", "is_stamp", "is_ulid", "references_to", "text_problem", "versioned",
]  # fmt: skip
