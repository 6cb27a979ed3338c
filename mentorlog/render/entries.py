"""The timeline (`log`, `search`) as plain aligned text: one entry a line, the text wrapped under
itself on a terminal and left whole when piped (so `grep` sees whole entries). No rich here: it is
the most frequent read, and rich's import would cost more than the whole query. Stored text goes
through `escape.terminal_text`, so no control character reaches the terminal."""

from __future__ import annotations

import textwrap
from typing import Any

from mentorlog.render.escape import terminal_text


def entries_text(entries: list[dict[str, Any]], width: int | None) -> str:
    """`width` is the terminal's, or None when the output is piped (no wrapping). Words are never
    broken: a link longer than the space left goes whole on a line of its own."""
    id_width = max(len(e["short_id"] or "") for e in entries)
    kind_width = max(len(terminal_text(e["kind"])) for e in entries)
    lines = []
    for e in entries:
        text = " ".join(terminal_text(e["text"]).split("\n"))
        extras = [f"#{terminal_text(t)}" for t in e.get("tags") or []]
        if e.get("session"):
            extras.append(f"s{e['session']}")
        if e["visibility"] == "private":
            extras.append("🔒\u00a0private")
        if e.get("written_by_partner"):  # made in the owner's name at the partner's laptop
            extras.append(
                "(written\u00a0by\u00a0your\u00a0partner)"
            )  # a no-break space keeps the mark whole when wrapping
        body = text + ("  " + " ".join(extras) if extras else "")
        kind = terminal_text(e["kind"])
        author = terminal_text(e["author"])
        short = e["short_id"] or ""
        lead = f"{short:<{id_width}}  {e['created_at'][:10]}  {author:<6}  {kind:<{kind_width}}  "
        if width is None or width - len(lead) < 20:
            lines.append(lead + body)
            continue
        wrapped = textwrap.wrap(
            body, width=width - len(lead), break_long_words=False, break_on_hyphens=False
        ) or [""]
        lines.append(lead + wrapped[0])
        lines.extend(" " * len(lead) + more for more in wrapped[1:])
    return "\n".join(lines)
