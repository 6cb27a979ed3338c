"""The rules of the game the pair agrees on (respect, confidentiality, topics off-limits, …)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from mentorlog.errors import InvalidInput
from mentorlog.journal import ids, validate
from mentorlog.journal.journal import Journal
from mentorlog.model import TOPIC_DAYS_AHEAD, Audience, Role, RuleKind
from mentorlog.store import records
from mentorlog.store import rules as rules_store
from mentorlog.store.journal import writing

if TYPE_CHECKING:
    from mentorlog.rows.process import RuleShown

# what scripts see of a rule, after its id and short id (rows/process.py: RuleShown)
SHOWN = ("text", "kind", "days", "author", "deleted_at", "created_at")


def add_rule(
    journal: Journal,
    text: str,
    kind: str | None,
    now: datetime,
    acting_as: Role | None = None,
    days: int | None = None,
) -> RuleShown:
    """A rule of the game; one of the kind `topics` says in `days` how many days before a session
    the mentee proposes its topics (`topic_days`)."""
    values: dict[str, Any] = {
        "text": validate.value("rule", "text", text, "rule"),
        "kind": validate.choice(kind, RuleKind, "kind of rule", RuleKind.OTHER),
    }
    if values["kind"] == RuleKind.TOPICS:
        if days is None:
            raise InvalidInput(
                "A rule of the kind topics says how many days before a session topics come: add `--days 5`."
            )
        values["days"] = validate.value("rule", "days", days, "number of days")
    elif days is not None:
        raise InvalidInput("`--days` goes with `--kind topics` (how many days before a session topics come).")
    with writing(journal.db):
        rule_id = records.insert(journal.db, "rule", journal.writer(now, acting_as), values)
    return _described(journal, [records.get(journal.db, "rule", rule_id)])[0]  # as `rule list` shows it


def topic_days(journal: Journal) -> int:
    """How many days before a session its topics are proposed: as a rule of the kind `topics`
    says, else the programme's guidance (`model.TOPIC_DAYS_AHEAD`)."""
    return rules_store.topic_days(journal.db) or TOPIC_DAYS_AHEAD


def list_rules(journal: Journal, audience: Audience, include_removed: bool = False) -> list[RuleShown]:
    return _described(journal, rules_store.list_rules(journal.db, audience, include_removed))


def _described(journal: Journal, rows: Sequence[Mapping[str, Any]]) -> list[RuleShown]:
    return cast("list[RuleShown]", [ids.pick(r, SHOWN) for r in ids.with_short_ids(journal.db, rows)])
