"""Commands as mentorlog prints them: every next step names the journal it is about.

Messages, nudges, news lines and errors write a next step as `` `mentorlog session confirm 1` ``.
Typed as printed, that acts on the default journal; when the command ran on another one (`-j bo`,
or `MENTORLOG_JOURNAL`), the step must say so: `` `mentorlog -j bo session confirm 1` ``. The
naming is done here, once, where text meets the person (the terminal's text, errors, the keys of
JSON that carry messages and commands), not in each of the hundreds of sentences that hold a
command. The root of the command line names the journal of the command being run
(`name_journal`); a view of several journals names each one itself (`for_journal`).
"""

from __future__ import annotations

from typing import Any

from mentorlog.paths import DEFAULT_NAME

QUOTED = "`mentorlog "  # a command inside a sentence
BARE = "mentorlog "  # a command on its own (the `command` key of JSON)
# the keys of JSON whose values are sentences or commands mentorlog wrote (never user text)
JSON_KEYS = frozenset({"message", "command", "suggestion"})

_flag = ""  # `-j NAME` of the command being run, or "" for the default journal


def journal_flag(spec: str | None) -> str:
    """`-j NAME` for the journal `spec` names (as the person named it), or "" for the default one."""
    if spec is None:
        return ""
    spec = spec.strip()
    if not spec or spec == DEFAULT_NAME:
        return ""
    import shlex

    return f"-j {shlex.quote(spec)}"


def name_journal(spec: str | None) -> None:
    """The journal this command runs on (the root option, or MENTORLOG_JOURNAL): its next steps
    name it from now on."""
    global _flag
    _flag = journal_flag(spec)


def current_flag() -> str:
    return _flag


def for_journal(text: str, flag: str | None = None) -> str:
    """`text` with every command in it naming the journal (`flag`, else the one of the command
    being run); a command that names a journal already is left as it is."""
    flag = _flag if flag is None else flag
    if not flag or "mentorlog " not in text:
        return text
    if text.startswith(BARE):
        return _named(text, 0, len(BARE), flag)
    start = text.find(QUOTED)
    while start != -1:
        text = _named(text, start, start + len(QUOTED), flag)
        start = text.find(QUOTED, start + len(QUOTED))
    return text


def _named(text: str, start: int, after: int, flag: str) -> str:
    if text.startswith(("-j ", "--journal"), after):
        return text
    return f"{text[:after]}{flag} {text[after:]}"


def json_for_journal(data: Any, flag: str | None = None) -> Any:
    """`data` (JSON to be printed) with the commands in its messages naming the journal."""
    flag = _flag if flag is None else flag
    if not flag:
        return data
    if isinstance(data, dict):
        return {
            key: for_journal(value, flag)
            if key in JSON_KEYS and isinstance(value, str)
            else json_for_journal(value, flag)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [json_for_journal(value, flag) for value in data]
    return data
