"""Opening and creating journal files without ever harming one.

Design:
- A journal is inspected through a read-only connection before anything writes to it: a
  missing file, a folder, an empty file, a file that is not SQLite, a SQLite file that is not a
  mentorlog journal, a journal written by a newer mentorlog (schema steps this version does
  not know) and a read-only journal are all refused with a clear message, untouched.
- Before pending schema steps are applied to an existing journal, it is copied aside
  (`NAME.db.<time>.before-<step>.bak`, mode 0600) with SQLite's backup API; the steps then run
  in one write transaction, so a crash leaves all of them or none.
- A new journal is built in a hidden temporary file in the same folder and linked into place
  only when complete, so `init` leaves nothing behind when it fails. A temporary file whose
  process was killed (its name carries the process id) is removed the next time that journal
  is created or opened.
- Connections use WAL, foreign keys and a busy timeout; write transactions start with
  `BEGIN IMMEDIATE`, so two processes writing at once take turns instead of failing.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from mentorlog.errors import ForeignSchema, JournalUnusable, NotFound
from mentorlog.paths import make_private_folders
from mentorlog.store import checks
from mentorlog.store.db import Db
from mentorlog.store.migrations import SET_NAME, STEPS, apply_steps

SQLITE_MAGIC = b"SQLite format 3\x00"
# `.NAME….<random>-<pid>.creating` or `.copying`, and SQLite's files beside it.
PROGRAMME_SET = "mentorlog-programme"  # a programme journal's schema set (store/programme.py)
TEMPORARY = re.compile(r"\..+\.[0-9a-f]{8}-(\d+)\.(?:creating|copying)(?:-wal|-shm|-journal)?")
BUSY_TIMEOUT_MS = 15_000
FILE_MODE = 0o600


def inspect(path: Path, label: str) -> list[str]:
    """The schema steps applied to the journal at `path`, read without writing anything.

    Raises `NotFound` or `JournalUnusable` for every kind of file that is not a usable journal.
    """
    _check_file(path, label)
    conn = _readonly_connection(path)
    try:
        return _applied_steps(conn, path)
    finally:
        conn.close()


def _check_file(path: Path, label: str) -> None:
    """Refuse, from the file system alone, what cannot be a journal mentorlog may write to."""
    if not path.exists():
        raise NotFound(
            f"No journal {label!r} yet. Create it with "
            "`mentorlog init --mentor NAME --mentee NAME --me mentor|mentee`."
        )
    if path.is_dir():
        raise JournalUnusable(f"{path} is a folder, not a journal. Give --journal a file path.")
    info = path.stat()
    if info.st_size == 0:
        raise JournalUnusable(
            f"{path} is an empty file, not a mentorlog journal. Move it aside or choose another --journal."
        )
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise JournalUnusable(
            f"{path} is not a mentorlog journal (not a SQLite file). "
            "Move it aside or choose another --journal."
        )
    if not (info.st_mode & stat.S_IWUSR) or not os.access(path, os.W_OK):
        raise JournalUnusable(
            f"The journal {path} is read-only. Make it writable (`chmod u+w {path}`) or work on a copy."
        )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise JournalUnusable(
            f"The folder of {path} is read-only, and SQLite needs to write beside the journal. "
            "Make the folder writable or copy the journal elsewhere."
        )


def _applied_steps(conn: sqlite3.Connection, path: Path) -> list[str]:
    """The schema steps recorded in the journal, by reading only; refuses a file that is not a
    journal, or one written by a newer mentorlog."""
    try:
        has_table = conn.execute(
            "select 1 from sqlite_master where type = 'table' and name = '_sqlite_migrations'"
        ).fetchone()
        names = (
            [
                row[0]
                for row in conn.execute(
                    "select name from _sqlite_migrations where migration_set = ? order by rowid",
                    [SET_NAME],
                )
            ]
            if has_table
            else []
        )
    except sqlite3.DatabaseError as error:
        raise JournalUnusable(
            f"{path} can't be read as a journal ({error}). Restore a backup or choose another --journal."
        ) from None
    if not names:
        if has_table and _is_programme(conn):
            raise JournalUnusable(
                f"{path} is a programme journal, not a pair's journal: the programme's commands "
                f"take it (`mentorlog --journal {path} programme status`)."
            )
        raise JournalUnusable(
            f"{path} is a SQLite database but not a mentorlog journal. Choose another --journal."
        )
    refuse_unknown_steps(
        names,
        STEPS,
        lambda step: (
            f"The journal {path} was written by a newer mentorlog (schema step {step}). "
            "Upgrade mentorlog (`pip install -U mentorlog`) to open it; it was left untouched."
        ),
    )
    return names


def refuse_unknown_steps(names: Sequence[str], known: Collection[str], refusal: Callable[[str], str]) -> None:
    """Refuse a file whose schema holds a step this mentorlog does not know (a newer mentorlog wrote
    it): `refusal` words the message for the newest such step. Pair and programme journals alike."""
    unknown = [name for name in names if name not in known]
    if unknown:
        raise JournalUnusable(refusal(unknown[-1]))


def _is_programme(conn: sqlite3.Connection) -> bool:
    """Whether the file is a programme journal (its own schema set, store/programme.py)."""
    found = conn.execute("select 1 from _sqlite_migrations where migration_set = ?", [PROGRAMME_SET])
    return found.fetchone() is not None


def database_problem(error: Exception) -> str | None:
    """The message for an error of SQLite itself (the journal busy, or unreadable), or None."""
    if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
        return "The journal is busy (another mentorlog is writing to it). Try again in a moment."
    if isinstance(error, sqlite3.DatabaseError):
        return f"The journal could not be read or written ({error}). `mentorlog backup` keeps a copy."
    return None


def connect(path: Path) -> Db:
    """The journal's connection on `path`, with its pragmas."""
    return _with_pragmas(_connection(path))


def _connection(path: Path) -> sqlite3.Connection:
    """A connection that has not yet read or written anything (SQLite opens the file lazily)."""
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)  # also SQLite's busy timeout


def _with_pragmas(conn: sqlite3.Connection) -> Db:
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":  # persistent: set once per file
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = ON")
    return Db(conn)


def open_readonly(path: Path) -> Db:
    """A connection that can only read (for listing journals without touching them)."""
    return Db(_readonly_connection(path))


@contextlib.contextmanager
def writing(db: Db) -> Iterator[Db]:
    """One write transaction, taken at once (`BEGIN IMMEDIATE`); nested calls are savepoints.

    sqlite-utils' `db.atomic()` begins with a plain `BEGIN`, which lets two writers both read
    and then fail to write; `IMMEDIATE` makes the second wait on the busy timeout instead.
    """
    conn = db.conn
    if conn.in_transaction:
        conn.execute("SAVEPOINT mentorlog_nested")
        try:
            yield db
        except BaseException:
            conn.execute("ROLLBACK TO SAVEPOINT mentorlog_nested")
            conn.execute("RELEASE SAVEPOINT mentorlog_nested")
            raise
        conn.execute("RELEASE SAVEPOINT mentorlog_nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    db.writing, db.tx_stamp = True, None
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        db.writing, db.tx_stamp = False, None
    conn.execute("COMMIT")


def open_journal(path: Path, label: str) -> Db:
    """Open an existing journal, copying it aside and migrating it when its schema is older.

    One connection does it all: the steps applied are read before anything is written (a file
    that is not a journal, or a newer one, is refused untouched), then the pragmas are set.
    """
    _check_file(path, label)
    remove_stale_temporaries(path)
    conn = _connection(path)
    try:
        applied = _applied_steps(conn, path)
        db = _with_pragmas(conn)
    except BaseException:
        conn.close()
        raise
    pending = [name for name in STEPS if name not in applied]
    objects = db.execute("select type, name, sql from sqlite_master").fetchall()
    strangers = checks.foreign(objects)
    if strangers:
        db.close()
        raise _foreign_schema(path, strangers)
    if pending:
        moment = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        copy_database(path, path.with_name(f"{path.name}.{moment}.before-{pending[0]}.bak"))
        with writing(db):
            apply_steps(db)
    elif checks.stale(checks.checks_among(objects)):
        with writing(db):  # the rules changed, or another program changed the checks: made anew
            if checks.stale(checks.checks_in(db)):  # another mentorlog may have just done it
                checks.install(db)
    return db


def _foreign_schema(path: Path, strangers: list[tuple[str, str, str | None]]) -> ForeignSchema:
    """The refusal of a journal holding what mentorlog did not make: what, and how to remove it."""
    import shlex

    named = ", ".join(f"{kind} {name}" for kind, name, _ in strangers)
    drops = "; ".join(f"drop {kind} [{name}]" for kind, name, _ in strangers)
    command = f"sqlite3 {shlex.quote(str(path))} {shlex.quote(drops)}"
    return ForeignSchema(
        f"The journal {path} holds what mentorlog did not make ({named}): it could change what is "
        f"written or shared, so the journal is not used.\n`mentorlog --debug status` shows it; "
        f"remove it to go on: `{command}`.",
        "\n".join(f"{sql};" for _, _, sql in strangers if sql),
    )


def create_journal(path: Path, build: Callable[[Db], object]) -> None:
    """Create a journal at `path` (which must not exist): schema, then `build(db)`, all or nothing."""
    make_private_folders(path.parent)  # the journal's home: 0700, whatever the umask
    remove_stale_temporaries(path)
    temp = _temporary(path, "creating")
    _create_private_file(temp)
    try:
        db = connect(temp)
        try:
            with writing(db):
                apply_steps(db)
                build(db)
        finally:
            db.close()
        _link_into_place(temp, path)
    finally:
        _remove_with_sidecars(temp)


def copy_database(source: Path, dest: Path) -> None:
    """A consistent copy of a journal (SQLite backup API), created with mode 0600."""
    temp = _temporary(dest, "copying")
    _create_private_file(temp)
    try:
        src = _readonly_connection(source)
        dst = sqlite3.connect(str(temp))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        os.replace(temp, dest)
    finally:
        _remove_with_sidecars(temp)


def _temporary(path: Path, kind: str) -> Path:
    """A hidden file beside `path` to build it in, named after this process."""
    return path.with_name(f".{path.name}.{os.urandom(4).hex()}-{os.getpid()}.{kind}")


def remove_stale_temporaries(path: Path) -> None:
    """Delete the temporary files that a killed mentorlog left while creating or copying `path`."""
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        found = TEMPORARY.fullmatch(entry.name) if entry.name.startswith(prefix) else None
        if found and not _running(int(found.group(1))):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _readonly_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def _create_private_file(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)  # whatever the umask said


def _link_into_place(temp: Path, path: Path) -> None:
    try:
        os.link(temp, path)  # fails if something appeared at `path` meanwhile
    except FileExistsError:
        raise JournalUnusable(
            f"{path} appeared while the journal was being created; nothing was changed."
        ) from None
    except OSError:
        if path.exists():
            raise
        os.replace(temp, path)  # file systems without hard links


def remove_journal_files(path: Path) -> None:
    """Delete a journal and SQLite's files beside it (used only to rebuild the demo)."""
    _remove_with_sidecars(path)


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
