"""The timeline (`log`, `search`) as plain aligned text: one entry a line, the text wrapped under
itself on a terminal and left whole when piped (so `grep` sees whole entries). No rich here: it is
the most frequent read, and rich's import would cost more than the whole query."""

from __future__ import annotations

import textwrap


def entries_text(entries: list[dict], width: int | None) -> str:
    """`width` is the terminal's, or None when the output is piped (no wrapping)."""
    id_width = max(len(e["short_id"] or "") for e in entries)
    kind_width = max(len(e["kind"]) for e in entries)
    lines = []
    for e in entries:
        text = " ".join(e["text"].split("\n"))
        extras = [f"#{t}" for t in e.get("tags") or []]
        if e.get("session"):
            extras.append(f"s{e['session']}")
        if e["visibility"] == "private":
            extras.append("🔒\u00a0private")  # a no-break space keeps the mark whole when wrapping
        body = text + ("  " + " ".join(extras) if extras else "")
        lead = f"{(e['short_id'] or ''):<{id_width}}  {e['created_at'][:10]}  {e['kind']:<{kind_width}}  "
        if width is None or width - len(lead) < 20:
            lines.append(lead + body)
            continue
        wrapped = textwrap.wrap(body, width=width - len(lead)) or [""]
        lines.append(lead + wrapped[0])
        lines.extend(" " * len(lead) + more for more in wrapped[1:])
    return "\n".join(lines)
