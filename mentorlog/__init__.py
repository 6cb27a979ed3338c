"""mentorlog: a local-first command-line mentoring journal."""

__version__ = "0.1.0"
