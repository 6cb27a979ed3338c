"""The errors mentorlog raises for people: each carries a message that names the way out.

The CLI root turns any `MentorlogError` into its message on stderr and its exit code;
nothing else in the code prints errors or exits.
"""


class MentorlogError(Exception):
    """A problem the user can fix; `str(error)` is the message shown to them."""

    exit_code = 1


class NotFound(MentorlogError):
    """A journal, record or template that does not exist."""


class InvalidInput(MentorlogError):
    """A value the user typed that cannot be used (a date, a rating, an id prefix)."""


class Refused(MentorlogError):
    """A valid request refused by the state of the record or the role of the person."""


class JournalUnusable(MentorlogError):
    """A journal file that cannot be opened safely; it is left untouched."""


class ForeignSchema(JournalUnusable):
    """A journal holding a trigger, view or table mentorlog did not make; `detail` is their SQL,
    shown with --debug."""

    def __init__(self, message: str, detail: str):
        super().__init__(message)
        self.detail = detail
