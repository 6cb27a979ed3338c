"""The calendar file kept current (`mentorlog settings calendar-file PATH|off [--all]`): an iCalendar
file any calendar app can subscribe to, rewritten after every command on the journal.

- **What it holds**: the journal's calendar (`sessions/calendar.py`) with the reminders: each
  session with an alarm the day before, the to-dos of `reminder_todos`. With `--all`, every
  journal of the home in one file (each journal keeps the setting, so a change in any of them
  rewrites it).
- **Written only when it changed**, atomically (journal/files.py): each item's DTSTAMP is when
  its content last changed, so a command that changed nothing, a read, leaves the file's bytes
  and time alone, and a calendar app that polls it sees a change only when there is one.
- **Cheap when unset**: the setting is one column of the journal row, read once per command
  (`journal/journal.py: calendar_file_setting`); this module, the calendar and icalendar are
  imported only when a file is set.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from mentorlog import paths
from mentorlog.dates import stamp
from mentorlog.errors import InvalidInput, JournalUnusable, NotFound
from mentorlog.journal.files import check_destination, write_private
from mentorlog.journal.journal import Journal, opened
from mentorlog.pasteable import for_journal
from mentorlog.sessions import calendar as calendars
from mentorlog.store import settings
from mentorlog.store.journal import writing

OFF = "off"


def destination(path: str) -> Path:
    """The file `path` names, absolute (the setting is used from any folder), checked as `--out`
    checks a file it may replace."""
    if not path.strip():
        raise InvalidInput("Give the calendar file a name, e.g. `~/mentoring.ics`, or `off`.")
    target = Path(path).expanduser().absolute()
    check_destination(target, replace_existing=True)
    return target


def set_calendar_file(journal: Journal, path: str, every_journal: bool = False) -> list[str]:
    """Keep `path` current for this journal (or, `every_journal`, for every journal of the home,
    in one file); `off` stops it. Returns the names of the journals set."""
    if path.strip().lower() == OFF:
        names = _journals() if every_journal else [journal]
        for name in names:
            _set(name, journal, None, False)
        return [_label(name, journal) for name in names]
    target = str(destination(path))
    names = _journals() if every_journal else [journal]
    for name in names:
        _set(name, journal, target, every_journal)
    return [_label(name, journal) for name in names]


def _journals() -> list[Path]:
    folder = paths.home()
    return sorted(folder.glob(f"*{paths.SUFFIX}")) if folder.is_dir() else []


def _set(which: Journal | Path, current: Journal, path: str | None, every: bool) -> None:
    if isinstance(which, Journal) or which == current.path:
        with writing(current.db):
            settings.set_calendar_file(current.db, path, every)
        return
    try:
        with opened(str(which)) as other, writing(other.db):
            settings.set_calendar_file(other.db, path, every)
    except (JournalUnusable, NotFound):
        pass  # a file in the home that is not a usable journal: `mentorlog journals` names it


def _label(which: Journal | Path, current: Journal) -> str:
    return current.label if isinstance(which, Journal) else which.stem


def calendar_data(journal: Journal | None, now: datetime, every_journal: bool) -> dict[str, Any]:
    """The calendar file's content as data: this journal's calendar with its reminders, or every
    journal's of the home (`journal`, when given, is the one open already)."""
    if not every_journal and journal is not None:
        return _named(journal, calendars.calendar(journal, now, reminders=True))
    items: dict[str, dict[str, Any]] = {}
    for path in _journals():
        if journal is not None and path == journal.path:
            data = _named(journal, calendars.calendar(journal, now, reminders=True))
        else:
            try:
                with opened(str(path)) as other:
                    data = _named(other, calendars.calendar(other, now, reminders=True))
            except (JournalUnusable, NotFound):
                continue
        for item in data["items"]:
            items.setdefault(item["uid"], item)  # two journals of one pair in one home: once
    return {"name": "Mentoring: every journal", "exported_at": stamp(now), "items": list(items.values())}


def _named(journal: Journal, data: dict[str, Any]) -> dict[str, Any]:
    """The commands in the to-dos name their journal (`mentorlog -j bo feedback 3 …`): pasted from
    a calendar app, they act on it, whatever journal the shell would take."""
    flag = f"-j {shlex.quote(journal.label)}"
    for item in data["items"]:
        if item.get("description"):
            item["description"] = for_journal(item["description"], flag)
    return data


def keep_current(
    journal: Journal, now: datetime, setting: tuple[str, bool], render: Callable[[dict[str, Any]], str]
) -> bool:
    """Write the calendar file of `setting` when its content differs from what is there (true when
    it was written); `render` turns the data into iCalendar text (render/ical.py)."""
    path, every = setting
    text = render(calendar_data(journal, now, every))
    target = Path(path)
    try:
        if target.read_bytes() == text.encode("utf-8"):
            return False
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        pass
    write_private(check_destination(target, replace_existing=True), text)
    return True
