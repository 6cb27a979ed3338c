"""Records leaving a journal: the rows a bundle (or a personal export) carries. What arrives is
the merge's (store/merge/)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mentorlog.model import Audience
from mentorlog.store.audience import hidden_links, shown, without_hidden
from mentorlog.store.db import Db
from mentorlog.store.merge.model import MERGE_ORDER


def shareable_rows(
    db: Db, table: str, *, personal: bool, since: str | None = None
) -> Iterator[dict[str, Any]]:
    """Rows a bundle (what the partner may see, links to private records left out) or a personal
    export (everything) carries, oldest id first."""
    audience = Audience.OWNER if personal else Audience.PARTNER
    where, params = [shown(audience, table, "t")], []
    if since:
        where.append("t.updated_at > ?")
        params.append(since)
    sql = (
        f"select t.*{hidden_links(audience, table, 't')} from [{table}] t "
        f"where {' and '.join(where)} order by t.id"
    )
    for row in db.query(sql, params):
        yield without_hidden(row, drop=True)


def private_count(db: Db) -> int:
    return sum(
        db.execute(f"select count(*) from [{t}] where visibility = 'private'").fetchone()[0]
        for t in MERGE_ORDER
    )
