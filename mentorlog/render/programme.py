"""The programme's outputs as text: a summary field by field (`programme preview`), what an intake
took and refused, and the coordinator's dashboard (`programme status`). Pure functions."""

from __future__ import annotations

from typing import Any


def preview_lines(data: dict[str, Any]) -> list[str]:
    """Every field the summary carries, one per line (the signature and keys aside)."""
    lines = [
        f"To the programme, as {data['role']} of the pair "
        f"{data['mentor']} (mentor) & {data['mentee']} (mentee):",
        f"  journal: {data['journal']}",
        f"  pair: {data['pair']}",
    ]
    if data["left_on"] is not None:
        lines.append(f"  left on: {data['left_on']} (nothing else is sent)")
        return lines
    agreement = data["agreement"]
    meetings = agreement["meetings"] if agreement["meetings"] is not None else "not said"
    lines += [
        f"  phase: {data['phase']}",
        f"  agreement: {agreement['state'] or 'none yet'}, {agreement['start']} to {agreement['end']}, "
        f"meetings: {meetings}, rhythm: {agreement['cadence']}",
        f"  sessions: {len(data['sessions'])}",
    ]
    for session in data["sessions"]:
        held = f", {session['held_minutes']} minutes" if session["held_minutes"] is not None else ""
        lines.append(f"    {session['planned']} {session['state']}{held}")
    lines.append(f"  milestones: {len(data['milestones'])}")
    lines += [f"    {m['date']} {m['key']}" for m in data["milestones"]]
    end = data["end"]
    lines.append(f"  end: {end['on']} ({end['kind']})" if end else "  end: not yet")
    lines.append(f"  last activity: {data['last_activity'] or 'none'}")
    if data["ratings"] is None:
        lines.append("  feedback ratings: not shared (`mentorlog programme share-ratings on` shares them)")
    else:
        lines.append(
            f"  feedback ratings: {', '.join(str(r['rating']) for r in data['ratings']) or 'none yet'}"
        )
    return lines


def intake_lines(result: dict[str, Any]) -> list[str]:
    lines = []
    for item in result["taken"]:
        if item["left_on"]:
            lines.append(f"{item['name']} ({item['role']}) left the programme on {item['left_on']}.")
        else:
            lines.append(f"Took the summary of {item['name']} ({item['role']}).")
    if result["unchanged"]:
        lines.append(f"{result['unchanged']} summaries unchanged.")
    for item in result["refused"]:
        lines.append(f"Refused {item['file']}: {item['reason']}.")
    if not lines:
        lines.append("No summaries yet.")
    return lines


def status_lines(data: dict[str, Any]) -> list[str]:
    programme = data["programme"]
    pairs = {p["pair"]: p for p in data["pairs"]}

    def names(ids: list[str]) -> str:
        return "; ".join(f"{pairs[i]['mentor']} & {pairs[i]['mentee']}" for i in ids) or "none"

    phases = (
        ", ".join(f"{item['phase']} {item['pairs']}" for item in data["by_phase"] if item["pairs"]) or "none"
    )
    average = data["feedback"]["average"]
    lines = [
        f"{programme['name']} ({programme['start']} to {programme['end']}), "
        f"coordinator {programme['coordinator']}",
        f"Pairs: {len(data['pairs'])}; ongoing by phase: {phases}",
        f"Sessions held: {data['sessions']['held']} of {data['sessions']['agreed']} agreed",
        f"Feedback average: {average if average is not None else 'none shared'}",
        f"Agreement not approved after 3 weeks: {names(data['not_approved'])}",
        f"Inactive: {names(data['inactive'])}",
        f"Quarter check-in due: {names(data['quarter_due'])}",
        *_consultation_lines(data),
        f"Silent for 30 days: {names(data['silent'])}",
        f"Ended: {names(data['ended'])}; completed: {names(data['completed'])}",
    ]
    for p in data["pairs"]:
        agreed = p["sessions_agreed"] if p["sessions_agreed"] is not None else "?"
        lines.append(
            f"  {p['mentor']} & {p['mentee']}: {p['phase']}, {p['sessions_held']}/{agreed} sessions, "
            f"last summary {p['last_summary']}"
        )
    lines += [f"  {item['name']} ({item['role']}) left on {item['left_on']}" for item in data["left"]]
    return lines


def certificate_markdown(person: dict[str, Any]) -> str:
    """A confirmation of participation in Markdown (names as text, never as structure)."""
    from mentorlog.render.escape import markdown_inline

    name = markdown_inline(person["name"])
    partner = markdown_inline(person["partner"])
    programme = markdown_inline(person["programme"])
    with_whom = f"with the {'mentor' if person['role'] == 'mentee' else 'mentee'} {partner}"
    return (
        "# Confirmation of participation\n\n"
        f"{name} took part in {programme} as {person['role']}, {with_whom}, "
        f"from {person['start']} to {person['ended_on']}; the mentorship was completed.\n\n"
        f"- Sessions held: {person['sessions_held']}\n"
        f"- Hours: {person['hours_held']}\n\n"
        f"Confirmed by the programme's coordinator, {markdown_inline(person['coordinator'])}.\n"
    )


def _consultation_lines(data: dict[str, Any]) -> list[str]:
    """For the pairs whose quarter check-in is due: whether their consultations are planned."""
    due = set(data["quarter_due"])
    lines = []
    for p in data["pairs"]:
        if p["pair"] in due:
            planned = p["consultation_planned"]
            said = [
                f"for {role} {'planned' if planned[role] else 'not planned yet'}"
                for role in ("mentees", "mentors")
            ]
            lines.append(f"  {p['mentor']} & {p['mentee']}: consultation {', '.join(said)}")
    return lines
