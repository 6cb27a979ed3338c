"""The demo journal: a realistic pair, built through the same services a person would use.

`build_demo` (re)creates the journal `demo` in `<home>` so that every command has something
worth showing. The story: Maja Horvat, an independent theatre producer, is mentored by
Tomaž Zupan, a festival director, in a one-year programme that started ten months ago.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from mentorlog import paths
from mentorlog.errors import MentorlogError, Refused
from mentorlog.model import Phase, Role
from mentorlog.services import journal as journals
from mentorlog.store import journal as store

DEMO_NAME = "demo"
MENTOR = "Tomaž Zupan"
MENTEE = "Maja Horvat"
PROGRAMME = "Creative Mentorship 2026"


def build_demo(now: datetime) -> journals.Journal:
    path = paths.journal_path(DEMO_NAME)
    if path.exists():
        try:
            store.inspect(path, DEMO_NAME)
        except MentorlogError as error:
            raise Refused(
                f"{path} is there but is not a demo journal this mentorlog can replace ({error}) "
                "Move it aside and run `mentorlog demo` again."
            ) from None
        store.remove_journal_files(path)
    start = now - timedelta(days=300)
    journal = journals.init_journal(
        DEMO_NAME,
        mentor=MENTOR,
        mentee=MENTEE,
        me=str(Role.MENTEE),
        programme=PROGRAMME,
        start=start.date().isoformat(),
        end=None,
        now=start,
    )
    for phase, days in (
        (Phase.HERE_AND_NOW, 30),
        (Phase.THERE_AND_THEN, 60),
        (Phase.BRIDGING_THE_GAP, 95),
    ):
        journals.move_phase(journal, str(phase), start + timedelta(days=days))
    return journal
