"""The Jinja2 environment for reports, the agenda and the certificate.

Templates come from the user's folder first (`mentorlog templates path`), then the built-in
ones. They receive plain data built by services and never query anything. `StrictUndefined`
makes a misspelt name an error instead of an empty string. Markdown output is not
HTML-escaped; user text is inserted as values (never parsed as template code), and the
`cell` filter keeps a `|` or a newline from breaking a Markdown table.
"""

from __future__ import annotations

from mentorlog import paths
from mentorlog.errors import InvalidInput, NotFound

_environments: dict = {}


def environment():
    """The environment for the current user folder (one per folder, made on first use)."""
    folders = (str(paths.templates_dir()), str(paths.builtin_templates_dir()))
    if folders not in _environments:
        import jinja2

        env = jinja2.Environment(
            loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder) for folder in folders]),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["cell"] = table_cell
        _environments[folders] = env
    return _environments[folders]


def table_cell(value) -> str:
    """A value made safe for one Markdown table cell."""
    if value is None:
        return ""
    text = str(value).replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(part.strip() for part in text.splitlines()) if "\n" in text else text


def render(name: str, context: dict) -> str:
    """Render template `name` with `context`; a broken template names its file and line."""
    import jinja2

    env = environment()
    try:
        template = env.get_template(name)
        return template.render(**context)
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
