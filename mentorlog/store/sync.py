"""The journal's own sync settings (the folder both partners see, automatic or not) and what was
last seen of each partner file there. Light on purpose: every command reads `sync_settings`."""

from __future__ import annotations

from typing import Any


def sync_folder(db) -> str | None:
    row = db.execute("select sync_folder from journal limit 1").fetchone()
    return row[0] if row else None


def sync_auto(db) -> bool:
    row = db.execute("select sync_auto from journal limit 1").fetchone()
    return bool(row and row[0])


def sync_settings(db) -> str | None:
    """The sync folder when automatic sync is on, else None (one small read per command)."""
    row = db.execute("select sync_folder, sync_auto from journal limit 1").fetchone()
    return row[0] if row and row[0] and row[1] else None


def set_sync(db, folder: str, auto: bool | None) -> None:
    values: dict[str, Any] = {}
    if folder != sync_folder(db):
        values["sync_folder"] = folder
    if auto is not None and auto != sync_auto(db):
        values["sync_auto"] = int(auto)
    if values:
        assignments = ", ".join(f"[{name}] = ?" for name in values)
        db.execute(f"update journal set {assignments}", list(values.values()))


def sync_seen(db, path: str) -> tuple[int, int, int] | None:
    """What a partner file in the sync folder was when it was last merged: size, time, inode."""
    row = db.execute("select size, mtime_ns, inode from sync_seen where path = ?", [path]).fetchone()
    return (row[0], row[1], row[2]) if row else None


def note_sync_seen(db, path: str, size: int, mtime_ns: int, inode: int) -> None:
    db.execute(
        "insert into sync_seen (path, size, mtime_ns, inode) values (?, ?, ?, ?) on conflict(path) do "
        "update set size = excluded.size, mtime_ns = excluded.mtime_ns, inode = excluded.inode",
        [path, size, mtime_ns, inode],
    )
