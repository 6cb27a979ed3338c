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
- **A user template is limited** (when the user's folder holds any): it may run for
  `TIME_LIMIT` seconds and write `OUTPUT_LIMIT` characters, and `*` and `**` may not make a
  text, list or number larger than that; `range` already stops at 100,000 items. A template that
  goes beyond is stopped with an error naming it, and nothing is written. An error raised inside
  an included template names that template, not the one that included it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from types import CodeType, FrameType
from typing import TYPE_CHECKING, Any

from mentorlog import paths
from mentorlog.errors import InvalidInput, NotFound, Refused
from mentorlog.render import escape

if TYPE_CHECKING:
    import jinja2
    from jinja2.runtime import Context
    from jinja2.sandbox import SandboxedEnvironment

_environments: dict[tuple[str, str], SandboxedEnvironment] = {}
_compiled: dict[str, tuple[str, CodeType | None]] = {}  # jinja's key (name, file): (source checksum, code)
TIME_LIMIT = 10.0  # seconds a render with the user's templates may take
OUTPUT_LIMIT = 50_000_000  # characters it may write (the ten-year journal's export is a fifth of it)
MAX_POWER = 1000  # the largest exponent of `**` in a template


class _TemplateTooCostly(Exception):
    """A user template went beyond its limits (`what` says which); `whole`: a limit of the whole
    render (time, output), not of one line of one template."""

    def __init__(self, what: str, whole: bool = False):
        super().__init__(what)
        self.what = what
        self.whole = whole


def environment() -> SandboxedEnvironment:
    """The environment for the current user folder (one per folder, made on first use)."""
    folders = (str(paths.templates_dir()), str(paths.builtin_templates_dir()))
    if folders not in _environments:
        import jinja2

        env = _limited_sandbox()(
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


def _limited_sandbox() -> type[SandboxedEnvironment]:
    """Jinja's sandbox, with `*` and `**` kept from making values no template needs."""
    from jinja2.sandbox import SandboxedEnvironment

    class LimitedSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for items, times in ((left, right), (right, left)):
                    if (
                        isinstance(items, str | list | tuple | bytes)
                        and isinstance(times, int)
                        and len(items) * times > OUTPUT_LIMIT
                    ):
                        raise _TemplateTooCostly(f"made a value of more than {OUTPUT_LIMIT:,} characters")
            if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
                raise _TemplateTooCostly(f"raised a number to a power above {MAX_POWER}")
            return super().call_binop(context, operator, left, right)

    return LimitedSandbox


def _compiled_once() -> jinja2.BytecodeCache:
    """A template compiled once per process, shared by the environments of every folder: kept in
    memory only (compiled code is never read back from disk, where another program could change
    it), by template name and file, and used only while the source is the one compiled."""
    import jinja2

    class CompiledOnce(jinja2.BytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            checksum, code = _compiled.get(bucket.key, (None, None))
            if code is not None and checksum == bucket.checksum:
                bucket.code = code

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            _compiled[bucket.key] = (bucket.checksum, bucket.code)

    return CompiledOnce()


def _item(value: object, indent: int = 2) -> escape.Markdown:
    return escape.markdown_text(value, indent)


def plural_filter(count: int, word: str, many: str | None = None) -> str:
    from mentorlog.words import plural

    return plural(count, word, many)


def _user_loader(folder: str) -> jinja2.BaseLoader:
    """A loader for the user's folder that checks each template before reading it (made on first
    use, so jinja2 is imported only by commands that render)."""
    import jinja2

    class UserLoader(jinja2.FileSystemLoader):
        def get_source(
            self, environment: jinja2.Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
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


def render(name: str, context: dict[str, Any]) -> str:
    """Render template `name` with `context`; a broken template names its file and line."""
    import jinja2
    from jinja2.exceptions import SecurityError

    env = environment()
    shown = name  # the template named when no line of one is to blame: the user's own by its file
    try:
        template = env.get_template(name)
        if template.filename and template.filename.startswith(str(paths.templates_dir()) + os.sep):
            shown = template.filename
        if _user_templates():
            text = _render_limited(template, context)
        else:
            text = template.render(**context)
        return tidy_markdown(text) if name.endswith(".md.j2") else text
    except jinja2.TemplateNotFound as error:
        culprit = _culprit(error, None)
        if culprit is None or error.name == name:
            raise NotFound(f"No template {name!r}. `mentorlog templates list` shows them.") from None
        raise NotFound(
            f"The template {culprit} includes {error.name!r}, which is not a template: an include names "
            "a template in the templates folder or a built-in one (`mentorlog templates list`)."
        ) from None
    except jinja2.TemplateSyntaxError as error:
        where = error.filename or name
        raise InvalidInput(
            f"The template {where} is broken at line {error.lineno}: {error.message}"
        ) from None
    except jinja2.UndefinedError as error:
        raise InvalidInput(
            f"The template {_culprit(error, name)} uses something mentorlog does not provide: "
            f"{error.message}. Compare it with the built-in one (`mentorlog templates copy`)."
        ) from None
    except SecurityError as error:
        raise Refused(
            f"The template {_culprit(error, name)} tried something templates may not do ({error}). "
            "Compare it with the built-in one (`mentorlog templates copy`)."
        ) from None
    except (_TemplateTooCostly, MemoryError, RecursionError) as error:
        what = error.what if isinstance(error, _TemplateTooCostly) else "needed more memory than there is"
        whole = isinstance(error, _TemplateTooCostly) and error.whole
        raise Refused(
            f"The template {shown if whole else _culprit(error, shown)} {what}, so mentorlog stopped it; "
            "nothing was written. "
            "Compare it with the built-in one (`mentorlog templates copy`)."
        ) from None


def _user_templates() -> bool:
    """Whether the user's templates folder holds a template (then every render is limited)."""
    try:
        return any(entry.endswith(".j2") for entry in os.listdir(paths.templates_dir()))
    except OSError:
        return False


def _render_limited(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render, stopping at `TIME_LIMIT` seconds (a timer signal where there is one, else between
    pieces of output) or `OUTPUT_LIMIT` characters."""
    import signal
    import threading
    import time

    timed = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    too_long = f"ran for more than {TIME_LIMIT:g} seconds (with the templates it includes)"

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _TemplateTooCostly(too_long, whole=True)

    if timed:
        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        deadline = time.monotonic() + TIME_LIMIT
        pieces: list[str] = []
        written = 0
        for piece in template.generate(**context):
            written += len(piece)
            if written > OUTPUT_LIMIT:
                wrote = f"wrote more than {OUTPUT_LIMIT:,} characters (with the templates it includes)"
                raise _TemplateTooCostly(wrote, whole=True)
            if time.monotonic() > deadline:
                raise _TemplateTooCostly(too_long, whole=True)
            pieces.append(piece)
        return "".join(pieces)
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _culprit(error: BaseException, name: str | None) -> str | None:
    """The template whose code raised `error` (the innermost, when one includes another), as a
    file for the user's own; `name` when none is found."""
    folders = (str(paths.templates_dir()), str(paths.builtin_templates_dir()))
    found = None
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(folders[0] + os.sep):
            found = filename
        elif filename.startswith(folders[1] + os.sep):
            found = Path(filename).name
        tb = tb.tb_next
    return found or name


def render_export(data: dict[str, Any]) -> str:
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
