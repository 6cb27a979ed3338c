"""The Jinja2 environment for reports, the agenda and the certificate.

Design:
- Templates come from the user's folder first (`mentorlog templates path`), then the built-in
  ones. They receive plain data built by services and never query anything. `StrictUndefined`
  makes a misspelt name an error instead of an empty string.
- **User text is escaped by default.** The environment's `finalize` passes every printed value
  through `render.escape`: `{{ note.text }}` is one line of Markdown text in which nothing can
  become structure. A template says where multi-line text goes with a filter that escapes it
  for that place — `item` (inside a list item, continuation lines indented), `block`
  (paragraphs), `quote` (a block quote), `cell` (a table cell), `heading` (the end of a
  heading) — and marks text the code itself built with `safe`. A template cannot forget to
  escape: forgetting a filter gives the safe one-line form.
- The rendered Markdown is tidied (no trailing spaces, never two blank lines in a row, one final
  newline), so a template's loops need not count blank lines.
- **Everything renders in Jinja's `SandboxedEnvironment`**, so a template (built-in or the
  user's) cannot reach Python's internals. A user template, or the user's templates folder,
  that another user could change (group or others may write, or another user owns it) is
  refused with the command that fixes it: a template writable by others would let them change
  what mentorlog writes on the owner's behalf.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mentorlog import paths
from mentorlog.errors import InvalidInput, NotFound, Refused
from mentorlog.render import escape

_environments: dict = {}
_compiled: dict[str, tuple[str, object]] = {}  # jinja's key (name, file): (source checksum, code)


def environment():
    """The environment for the current user folder (one per folder, made on first use)."""
    folders = (str(paths.templates_dir()), str(paths.builtin_templates_dir()))
    if folders not in _environments:
        import jinja2
        from jinja2.sandbox import SandboxedEnvironment

        env = SandboxedEnvironment(
            loader=jinja2.ChoiceLoader([_user_loader(folders[0]), jinja2.FileSystemLoader(folders[1])]),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            finalize=escape.finalize_markdown,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_compiled_once(),
        )
        env.filters.update(
            {
                "item": _item,
                "block": escape.markdown_text,
                "quote": escape.markdown_quote,
                "cell": escape.markdown_cell,
                "inline": escape.markdown_inline,
                "heading": escape.markdown_heading,
                "safe": escape.Markdown,
                "plural": plural_filter,
            }
        )
        _environments[folders] = env
    return _environments[folders]


def _compiled_once():
    """A template compiled once per process, shared by the environments of every folder: kept in
    memory only (compiled code is never read back from disk, where another program could change
    it), by template name and file, and used only while the source is the one compiled."""
    import jinja2

    class CompiledOnce(jinja2.BytecodeCache):
        def load_bytecode(self, bucket) -> None:
            checksum, code = _compiled.get(bucket.key, (None, None))
            if code is not None and checksum == bucket.checksum:
                bucket.code = code

        def dump_bytecode(self, bucket) -> None:
            _compiled[bucket.key] = (bucket.checksum, bucket.code)

    return CompiledOnce()


def _item(value: object, indent: int = 2) -> escape.Markdown:
    return escape.markdown_text(value, indent)


def plural_filter(count: int, word: str, many: str | None = None) -> str:
    from mentorlog.words import plural

    return plural(count, word, many)


def _user_loader(folder: str):
    """A loader for the user's folder that checks each template before reading it (made on first
    use, so jinja2 is imported only by commands that render)."""
    import jinja2

    class UserLoader(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            source, filename, uptodate = super().get_source(environment, template)
            check_not_writable_by_others(Path(filename).parent, "templates folder")
            check_not_writable_by_others(Path(filename), "template")
            return source, filename, uptodate

    return UserLoader(folder)


def check_not_writable_by_others(path: Path, what: str) -> None:
    """Refuse a template or folder that someone other than its owner could change."""
    info = os.stat(path)
    if info.st_uid != os.getuid() and os.getuid() != 0:
        raise Refused(
            f"The {what} {path} belongs to another user, who could change what mentorlog writes for you. "
            "Move it away and start again from `mentorlog templates copy NAME`."
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise Refused(
            f"The {what} {path} can be changed by other users (mode {stat.S_IMODE(info.st_mode):04o}), "
            f"so mentorlog will not use it. Fix it with `chmod go-w {path}`."
        )


def tidy_markdown(text: str) -> str:
    """No trailing spaces, no run of blank lines, no blank lines at the ends, one final newline;
    a table cell's lines in rows of their own (`escape.table_rows`)."""
    lines: list[str] = []
    for line in escape.table_rows(text).split("\n"):
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def render(name: str, context: dict) -> str:
    """Render template `name` with `context`; a broken template names its file and line."""
    import jinja2
    from jinja2.exceptions import SecurityError

    env = environment()
    try:
        template = env.get_template(name)
        text = template.render(**context)
        return tidy_markdown(text) if name.endswith(".md.j2") else text
    except jinja2.TemplateNotFound:
        raise NotFound(f"No template {name!r}. `mentorlog templates list` shows them.") from None
    except jinja2.TemplateSyntaxError as error:
        where = error.filename or name
        raise InvalidInput(
            f"The template {where} is broken at line {error.lineno}: {error.message}"
        ) from None
    except jinja2.UndefinedError as error:
        raise InvalidInput(
            f"The template {name} uses something mentorlog does not provide: {error.message}. "
            "Compare it with the built-in one (`mentorlog templates copy`)."
        ) from None
    except SecurityError as error:
        raise Refused(
            f"The template {name} tried something templates may not do ({error}). "
            "Compare it with the built-in one (`mentorlog templates copy`)."
        ) from None


def render_export(data: dict) -> str:
    """The whole journal as one Markdown document (`export --format markdown`): one title, each
    report a section under it (its headings one level down), then every entry."""
    reports = data["reports"]
    pair = next(iter(reports.values()))["pair"] if reports else None
    title = "# The whole journal"
    if pair:
        title += f": {escape.markdown_inline(pair['mentee'])} and {escape.markdown_inline(pair['mentor'])}"
    parts = [title, "_Private entries included: keep this file to yourself._"]
    for kind, context in reports.items():
        parts.append(demote_headings(render(f"{kind}.md.j2", {**context, "format": "markdown"})))
    parts.append(demote_headings(render("journal.md.j2", {"entries": data["entries"]})))
    return tidy_markdown("\n\n".join(parts))


def demote_headings(markdown: str) -> str:
    """Every ATX heading one level down (`# A` → `## A`). User text never starts a line with `#`
    (the escaping layer writes `\\#`), so every heading found is the template's own."""
    lines = []
    fenced = False
    for line in markdown.split("\n"):
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines)
