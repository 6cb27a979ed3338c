"""The one filter for what leaves the journal in reports and the agenda: private rows stay out
unless the owner asks for them (`--include-private`; the owner's own terminal views)."""

from __future__ import annotations


def visible(rows: list[dict], include_private: bool) -> list[dict]:
    """`rows` without the private ones, unless `include_private`."""
    return rows if include_private else [r for r in rows if r.get("visibility") != "private"]
