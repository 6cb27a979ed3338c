"""Creating, opening and listing journals, and moving the mentorship through its phases."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from mentorlog import __version__, paths
from mentorlog.dates import check_date_order, parse_date
from mentorlog.errors import InvalidInput, JournalUnusable, NotFound, Refused
from mentorlog.journal import validate
from mentorlog.model import Audience, Pair, Phase, Role
from mentorlog.store import journal as journal_store
from mentorlog.store import pair as pair_store
from mentorlog.store import settings
from mentorlog.store import sync as sync_store
from mentorlog.store.db import Db
from mentorlog.store.records import Writer, new_id

YEAR_DAYS = 365


class Journal:
    """An open journal: its database, where it lives, and the pair it records (a plain class:
    every command opens one, and a dataclass costs start-up more than it gives here)."""

    __slots__ = ("db", "path", "label", "pair")

    def __init__(self, db: Db, path: Path, label: str, pair: Pair):
        self.db = db
        self.path = path
        self.label = label
        self.pair = pair

    def writer(self, now: datetime, acting_as: Role | None = None) -> Writer:
        """Who writes: the owner, or the other role when `--as` says so."""
        return Writer(
            role=acting_as or self.pair.me, origin=self.pair.journal_id, phase=self.pair.phase, now=now
        )

    def refresh(self) -> None:
        self.pair = pair_store.read(self.db)

    def close(self) -> None:
        self.db.close()


def journal_failure(error: Exception) -> str | None:
    """What to tell a person when the journal itself failed (busy, damaged), or None."""
    return journal_store.database_problem(error)


def auto_sync_folder(journal: Journal) -> Path | None:
    """The sync folder when automatic sync is on (`mentorlog sync --auto on`), else None."""
    folder = sync_store.sync_settings(journal.db)
    return Path(folder) if folder else None


def partner_route(journal: Journal) -> str:
    """How a shared record reaches the partner from here, so that a confirmation says what is
    true: `auto` (automatic sync writes it into the folder as this command ends), `share` (with the
    next share or sync: the two journals have exchanged before), `not-yet` (nothing exchanged yet)."""
    if auto_sync_folder(journal) is not None:
        return "auto"
    return "share" if sync_store.exchanged(journal.db) else "not-yet"


def open_journal(spec: str | None) -> Journal:
    """Open the journal named by `--journal` / `MENTORLOG_JOURNAL` / the default."""
    path = paths.journal_path(spec)
    label = paths.journal_label(path)
    db = journal_store.open_journal(path, label)
    try:
        pair = pair_store.read(db)
    except StopIteration:
        db.close()
        raise JournalUnusable(
            f"The journal {path} has no pair in it. Restore a backup or start anew."
        ) from None
    return Journal(db=db, path=path, label=label, pair=pair)


@contextlib.contextmanager
def opened(spec: str | None) -> Iterator[Journal]:
    journal = open_journal(spec)
    try:
        yield journal
    finally:
        journal.close()


def period(start: str | None, end: str | None, now: datetime, date_order: str = "dmy") -> tuple[date, date]:
    """The mentorship's period: from today and for a year unless given."""
    starts = parse_date(start, now, date_order=date_order) if start else now.date()
    if end:
        ends = parse_date(end, now, date_order=date_order)
    else:
        from dateutil.relativedelta import relativedelta

        ends = starts + relativedelta(years=1)
    if ends <= starts:
        raise InvalidInput(f"The end ({ends}) must come after the start ({starts}).")
    return starts, ends


def init_journal(
    spec: str | None,
    *,
    mentor: str,
    mentee: str,
    me: str,
    programme: str | None,
    start: str | None,
    end: str | None,
    now: datetime,
    date_order: str = "dmy",
    keep_date_order: bool = False,
) -> Journal:
    """Create a new journal for the pair; refuses to touch one that exists. Its dates are read in
    `date_order`, which the journal keeps as its setting when `keep_date_order`."""
    path = paths.journal_path(spec)
    label = paths.journal_label(path)
    role = validate.choice(me, Role, "role (--me)")
    mentor = validate.value("pair", "mentor", mentor, "mentor's name")
    mentee = validate.value("pair", "mentee", mentee, "mentee's name")
    programme = validate.optional_value("pair", "programme", programme, "programme")
    date_order = check_date_order(date_order)
    starts, ends = period(start, end, now, date_order)
    if path.exists() or path.is_symlink():
        raise Refused(
            f"A journal {label!r} already exists ({path}); nothing was changed. "
            "Choose another name with --journal NAME."
        )
    journal_id = new_id(now)

    def build(db: Db) -> None:
        writer = Writer(role=role, origin=journal_id, phase=Phase.GETTING_STARTED, now=now)
        pair_store.create(
            db,
            writer,
            me=role,
            mentor=mentor,
            mentee=mentee,
            programme=programme,
            starts_on=starts.isoformat(),
            ends_on=ends.isoformat(),
            version=__version__,
        )
        from mentorlog.exchange import keys

        keys.make(db, now)  # the journal's age key pair, for sealed bundles (exchange/pairing.py)
        if keep_date_order:
            settings.set_date_order(db, date_order)

    journal_store.create_journal(path, build)
    return open_journal(spec)


def calendar_file_setting(journal: Journal) -> tuple[str, bool] | None:
    """The calendar file this journal keeps current after every command, and whether it holds
    every journal of the home (`mentorlog settings calendar-file`); None when it keeps none. One
    small read: every command asks (sessions/calendar_file.py does the rest, only when set)."""
    return settings.calendar_file(journal.db)


def date_order_setting(journal: Journal) -> str | None:
    """The journal's own order of numeric dates (`dmy`, `mdy`), or None when it names none."""
    return settings.date_order(journal.db)


def set_date_order(journal: Journal, order: str) -> str:
    """Keep `order` (dmy or mdy) as the way this journal reads numeric dates such as 3/4/2028."""
    order = check_date_order(order)
    with journal_store.writing(journal.db):
        settings.set_date_order(journal.db, order)
    return order


class JournalListing(NamedTuple):
    name: str
    path: Path
    pair: Pair | None
    problem: str | None


def list_journals() -> list[JournalListing]:
    """The journals in `<home>`, each with its pair, or what is wrong with it."""
    folder = paths.home()
    if not folder.is_dir():
        return []
    listing = []
    for path in sorted(folder.glob(f"*{paths.SUFFIX}")):
        try:
            journal_store.inspect(path, path.stem)
            db = journal_store.open_readonly(path)
            try:
                pair = pair_store.read(db)
            finally:
                db.close()
            listing.append(JournalListing(path.stem, path, pair, None))
        except (JournalUnusable, NotFound) as error:
            listing.append(JournalListing(path.stem, path, None, str(error).split(". ")[0]))
        except StopIteration:
            listing.append(JournalListing(path.stem, path, None, "no pair in it"))
    return listing


def phase_target(journal: Journal, target: str) -> Phase:
    """The phase `next` or a named phase means from where the mentorship stands."""
    before = journal.pair.phase
    if target.strip().lower() == "next":
        after = before.next
        if after is None:
            raise Refused(
                "The mentorship is already in its last phase, final-reflection. "
                "`mentorlog end` ends it officially."
            )
    else:
        after = validate.choice(target, Phase, "phase")
    if after is before:
        raise Refused(f"The mentorship is already in the {after} phase; nothing changed.")
    return after


def unapproved_move(journal: Journal, after: Phase) -> bool:
    """Whether moving on to `after` deserves a second thought: no agreement is approved yet (the
    getting-started work is not done). False when nothing stands in the way, or when moving back."""
    from mentorlog.store import agreement as agreement_store

    order = list(Phase)
    if order.index(after) <= order.index(journal.pair.phase):
        return False
    return agreement_store.agreement_in_force(journal.db, Audience.OWNER) is None


def move_phase(
    journal: Journal,
    target: str,
    now: datetime,
    acting_as: Role | None = None,
    require_approval: bool = False,
) -> tuple[Phase, Phase]:
    """Move to the next phase (`next`) or to a named one; returns (before, after). With
    `require_approval` (a person at the command line who has not said `--force` or yes), moving on
    before any agreement is approved is refused, naming `--force`."""
    before = journal.pair.phase
    after = phase_target(journal, target)
    if require_approval and unapproved_move(journal, after):
        raise Refused(
            f"No agreement is approved yet, so the mentorship stays in {before}. "
            f"`mentorlog phase {target.strip().lower()} --force` moves on to {after} all the same."
        )
    with journal_store.writing(journal.db):
        pair_store.set_phase(journal.db, journal.writer(now, acting_as), after)
    journal.refresh()
    return before, after
