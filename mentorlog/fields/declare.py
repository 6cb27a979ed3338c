"""What a field's declaration holds: its name and values, its words, how it travels and merges,
and, for a field people fill in with a form, how they do (`Form`)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from mentorlog.fields.values import Choice, Domain, Int, Moment, Ref, Stamp, Text
from mentorlog.model import Role

# Domains and fields are immutable values (NamedTuples: made at import by every command, they cost a
# twentieth of what frozen dataclasses cost, which a quick note would notice).


class Form(NamedTuple):
    """How a person fills a field in: the words a prompt asks with, the help of the flag that sets
    it (`--FLAG`, the field's name with dashes unless `flag` says), and where it is shown."""

    prompt: str
    help: str
    flag: str = ""  # the flag's name when it is not the field's (`--length` for `length_minutes`)
    metavar: str = ""  # the flag's value as its help names it ("": from the field's values)
    none: str = ""  # what typing `none` means, when it empties the field ("": it cannot)
    url: bool = False  # a web address: one word
    view: str = ""  # its label in the terminal view ("": not shown there)
    row: str = ""  # its row in the report's table ("": not a row)
    shown_as: str = ""  # the key whose value the view and the report show ("": the field's own)

    def option(self, name: str) -> str:
        return "--" + (self.flag or name).replace("_", "-")


class Field(NamedTuple):
    name: str
    domain: Domain
    label: str = ""
    required: bool = False
    fixed: bool = False
    group: str | None = None
    form: Form | None = None
    shared: bool = True  # it leaves the journal in a bundle to the partner (False: the owner's export only)

    @property
    def text(self) -> bool:
        return isinstance(self.domain, Text)

    @property
    def ref(self) -> str | None:
        return self.domain.table if isinstance(self.domain, Ref) else None

    @property
    def act_stamp(self) -> bool:
        """A timestamp of something done (not a planned moment): never far in the future."""
        return isinstance(self.domain, Stamp) and not isinstance(self.domain, Moment)

    @property
    def words(self) -> str:
        return self.label or self.name.replace("_", " ")

    @property
    def metavar(self) -> str:
        """The value of its flag as help names it: `DATE`, `N`, `CADENCE`, `TEXT`."""
        if self.form is not None and self.form.metavar:
            return self.form.metavar
        domain = self.domain
        if isinstance(domain, Int):
            return "N"
        if isinstance(domain, Choice):
            return domain.kind.__name__.upper()
        return "TEXT" if isinstance(domain, Text) else "DATE"


def choices_in_words(members: Iterable[StrEnum]) -> str:
    """The values of a choice as a sentence lists them: `weekly, fortnightly or monthly`."""
    values = [member.value for member in members]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


def fields(*items: Field) -> dict[str, Field]:
    return {f.name: f for f in items}


ONE_LINE = Text(200, multiline=False)
SHORT = Text(2000)
LONG = Text(5000)
ROLE = Choice(Role)
