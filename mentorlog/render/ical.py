"""The iCalendar text of the calendar data that `sessions/calendar.py` builds.

User text goes through `escape.ical_text` (control characters made visible); the icalendar
library then applies RFC 5545's TEXT escaping (`,`, `;`, `\\`, newlines) and line folding.
DTSTAMP is the export time; SEQUENCE comes with each item.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from mentorlog.dates import from_stamp
from mentorlog.render.escape import ical_text

TEXT_FIELDS = ("summary", "description", "location", "url")


def calendar_text(data: dict[str, Any]) -> str:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//mentorlog//mentorlog//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", ical_text(data["name"]))
    exported = from_stamp(data["exported_at"])
    for item in data["items"]:
        component = icalendar.Event() if item["component"] == "VEVENT" else icalendar.Todo()
        component.add("uid", item["uid"])
        component.add("dtstamp", from_stamp(item["dtstamp"]) if item.get("dtstamp") else exported)
        component.add("sequence", item["sequence"])
        for key, value in item.items():
            if key in ("component", "uid", "sequence", "dtstamp", "alarm") or value is None:
                continue
            if key in ("dtstart", "dtend"):
                value = from_stamp(value)
            elif key == "due":
                value = date.fromisoformat(value)
            elif key in TEXT_FIELDS:
                value = ical_text(value)
            component.add(key, value)
        if item.get("alarm"):
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", ical_text(item["summary"]))
            alarm.add("trigger", -timedelta(days=1) if item["alarm"] == "-P1D" else timedelta(0))
            component.add_component(alarm)
        cal.add_component(component)
    return str(cal.to_ical().decode("utf-8"))
