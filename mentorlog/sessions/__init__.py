"""Meetings and the days between them: sessions and their times, topics, notes, the agenda, nudges and
the dashboard, the calendar and the morning view."""
