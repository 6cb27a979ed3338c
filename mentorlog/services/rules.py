"""The rules of the game the pair agrees on (respect, confidentiality, topics off-limits, …)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mentorlog.model import Audience, Role, RuleKind
from mentorlog.services import ids, validate
from mentorlog.services.journal import Journal
from mentorlog.store import records
from mentorlog.store import rules as store
from mentorlog.store.journal import writing


def add_rule(
    journal: Journal, text: str, kind: str | None, now: datetime, acting_as: Role | None = None
) -> dict[str, Any]:
    values = {
        "text": validate.value("rule", "text", text, "rule"),
        "kind": validate.choice(kind, RuleKind, "kind of rule", RuleKind.OTHER),
    }
    with writing(journal.db):
        rule_id = records.insert(journal.db, "rule", journal.writer(now, acting_as), values)
    return _described(journal, [records.get(journal.db, "rule", rule_id)])[0]  # as `rule list` shows it


def list_rules(journal: Journal, audience: Audience, include_removed: bool = False) -> list[dict[str, Any]]:
    return _described(journal, store.list_rules(journal.db, audience, include_removed))


def _described(journal: Journal, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        ids.pick(r, ("text", "kind", "author", "deleted_at", "created_at"))
        for r in ids.with_short_ids(journal.db, rows)
    ]
