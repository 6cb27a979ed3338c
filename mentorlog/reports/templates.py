"""Which templates exist, and copying a built-in one to the user's folder to customise it.

The user's templates folder is made 0700 and a copied template is 0600, whatever the umask, so
no other user can change what mentorlog writes for its owner (a template writable by others is
refused when rendering). A copy never replaces a file and never follows a symbolic link at the
destination.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mentorlog import paths
from mentorlog.errors import NotFound, Refused
from mentorlog.journal import files

SUFFIX = ".j2"


def list_templates() -> list[dict[str, Any]]:
    builtin = {p.name for p in paths.builtin_templates_dir().glob(f"*{SUFFIX}")}
    user_dir = paths.templates_dir()
    user = {p.name for p in user_dir.glob(f"*{SUFFIX}")} if user_dir.is_dir() else set()
    rows = []
    for name in sorted(builtin | user):
        source = "builtin" if name in builtin else "user-only"
        rows.append({"name": name, "source": source, "overridden": name in builtin and name in user})
    return rows


def copy_template(name: str) -> Path:
    """Copy the built-in template `name` into the user's folder; never overwrites theirs."""
    if not name.endswith(SUFFIX):  # `agenda` or `agenda.md` name `agenda.md.j2`
        name = f"{name}{SUFFIX}" if name.endswith(".md") else f"{name}.md{SUFFIX}"
    source = paths.builtin_templates_dir() / name
    if "/" in name or not source.is_file():
        known = ", ".join(row["name"] for row in list_templates() if row["source"] == "builtin")
        raise NotFound(f"No built-in template {name!r}. Built-in templates: {known or 'none'}.")
    dest = paths.templates_dir() / name
    if os.path.islink(dest):
        raise Refused(
            f"{dest} is a symbolic link; mentorlog does not copy through it. Remove the link and copy again."
        )
    if os.path.lexists(dest):
        raise Refused(f"You already have {dest}; edit it, or delete it to start again from the built-in one.")
    files.private_folder(dest.parent)
    return files.write_private(dest, source.read_text(encoding="utf-8"), replace_existing=False)
