"""Issue 13, item 7: forms on a terminal check each answer as it is given and ask again, Ctrl-C in
`reflect` keeps the answers given and exits 130, and each person is asked only their questions
(README: "Getting started: the agreement and the rules of the game", "The final reflection and
the end"). These run the real command on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time

from mentorlog.fields import AGREEMENT, FORM_ORDER

from .conftest import as_json, ok, run_on_terminal

READ_SYSCALL = {"x86_64": "0", "aarch64": "63", "arm64": "63"}  # the number of read(2)


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Terminal:
    """`python -m mentorlog ARGS` on a pseudo-terminal, answered prompt by prompt."""

    def __init__(self, *args: str):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mentorlog", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            close_fds=True,
            # Ctrl-C reaches a program in a terminal as it starts: a test run started in the
            # background (`pytest &`) ignores SIGINT, every child would inherit that, and the
            # command would never see the interrupt these tests send.
            preexec_fn=_interruptible,
        )
        os.close(slave)
        self.output = ""
        self.answered = 0  # how much of the output the prompts answered so far have read

    def _read(self, until: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], max(0.0, until - time.monotonic()))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 4096)
        except OSError:
            return False
        self.output += chunk.decode(errors="replace")
        return bool(chunk)

    def expect(self, text: str, timeout: float = 30) -> None:
        """Read until `text` has appeared (a prompt), failing after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if not self._read(deadline) and time.monotonic() >= deadline:
                raise AssertionError(f"{text!r} never appeared in:\n{self.output}")

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def answer(self, prompt: str, line: str, timeout: float = 30) -> None:
        """Wait for `prompt` after the prompts answered so far, then type `line`."""
        deadline = time.monotonic() + timeout
        while (at := self.output.find(prompt, self.answered)) < 0:
            if not self._read(deadline) and time.monotonic() >= deadline:
                raise AssertionError(f"{prompt!r} never appeared in:\n{self.output[self.answered :]}")
        self.answered = at + len(prompt)
        self.type(line)

    def interrupt(self, timeout: float = 30) -> None:
        """Ctrl-C: SIGINT to the command, as the terminal sends it, once the command waits for the
        answer. A signal that lands between the prompt and the read it waits in is seen only at the
        next key (as on a real terminal, where nobody presses Ctrl-C in those microseconds), so this
        waits until the process is blocked reading its standard input: the system call it sleeps in
        (/proc/PID/syscall) is `read` on descriptor 0. Asleep alone is not enough: on a loaded
        machine the process also sleeps on its way to the read, and the signal then came too early."""
        deadline = time.monotonic() + timeout
        while not self._reading_stdin() and time.monotonic() < deadline:
            select.select([], [], [], 0.005)
        self.proc.send_signal(signal.SIGINT)

    def _reading_stdin(self) -> bool:
        """Whether the process sleeps in read(0, …); where the system does not say, whether it sleeps."""
        read = READ_SYSCALL.get(os.uname().machine)
        try:
            with open(f"/proc/{self.proc.pid}/syscall") as calls:
                fields = calls.read().split()
        except OSError:
            fields = []
        if read is None or len(fields) < 2 or not fields[0].isdigit():
            return self._state() == "S"
        return self._state() == "S" and fields[0] == read and int(fields[1], 16) == 0

    def _state(self) -> str:
        """The process's state letter from /proc (S: asleep, waiting; R: running)."""
        try:
            with open(f"/proc/{self.proc.pid}/stat") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            return ""

    def end(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while self._read(deadline):
            pass
        code = self.proc.wait(timeout=max(deadline - time.monotonic(), 5))  # a loaded machine is slow
        os.close(self.master)
        return code


# --- agreement edit ----------------------------------------------------------------------------


def fill_agreement(term: Terminal, answers: dict[str, str], after: str = "", last: str = "") -> None:
    """Answer `agreement edit`'s prompts after the term `after` up to `last` (from the first, to
    the end), in the declared order, each found by its declared prompt: `answers` by the term's
    name, Enter for the others. The length of a start phase is asked only when its cadence is
    given (`start_cadence` in answers)."""
    begin = FORM_ORDER.index(after) + 1 if after else 0
    for name in FORM_ORDER[begin : FORM_ORDER.index(last) + 1 if last else None]:
        if name == "start_meetings" and "start_cadence" not in answers:
            continue
        form = AGREEMENT[name].form
        assert form is not None
        term.answer(form.prompt, answers.get(name, ""))


def test_an_invalid_answer_is_refused_at_once_and_asked_again_keeping_the_earlier_ones(cli, journal_path):
    term = Terminal("agreement", "edit")
    for prompt, answer in (
        ("Start of the mentorship", ""),
        ("End of the mentorship", ""),
        ("Number of meetings", "6"),
        ("Cadence of the first meetings", "sometimes"),
    ):
        term.expect(prompt)
        term.type(answer)
    term.expect(
        "'sometimes' is not a cadence at the start; use one of: weekly, fortnightly, every-3-weeks, monthly"
    )
    before = term.output.count("Cadence of the first meetings")
    term.expect("Cadence of the first meetings")  # asked again
    assert term.output.count("Cadence of the first meetings") >= before
    term.type("fortnightly")
    term.expect("How many meetings keep that start cadence")
    term.type("6")
    term.expect("must be shorter than the whole mentorship (6 meetings)")
    term.type("3")
    for prompt, answer in (
        ("Cadence (after the start phase", "monthly"),
        ("Session length in minutes", "75"),
        ("Where you meet", ""),
        ("Online meeting link", "meet jit si"),
    ):
        term.expect(prompt)
        term.type(answer)
    term.expect("A link has no spaces")
    term.type("https://meet.jit.si/maja-tomaz")
    for prompt in (
        "Contact between sessions",
        "What the mentee expects",
        "What the mentor expects",
        "content plan",
    ):
        term.expect(prompt)
        term.type("")
    term.answered = len(term.output)
    fill_agreement(term, {}, after="content_plan")
    assert term.end() == 0, term.output
    data = as_json(cli("agreement", "show", "--json"))
    assert (data["meetings"], data["start_cadence"], data["start_meetings"], data["cadence"]) == (
        6,
        "fortnightly",
        3,
        "monthly",
    )
    assert (data["length_minutes"], data["link"], data["period_start"]) == (
        75,
        "https://meet.jit.si/maja-tomaz",
        "2026-09-01",
    )


def test_no_start_cadence_skips_its_length_and_an_early_end_is_asked_again(cli, journal_path):
    term = Terminal("agreement", "edit")
    fill_agreement(term, {"period_end": "2026-08-01"}, last="period_end")
    term.answer("must come after its start (2026-09-01)", "2027-08-31")
    fill_agreement(term, {}, after="period_end")
    assert term.end() == 0, term.output
    output = term.output
    assert "must come after its start (2026-09-01)" in output
    assert "How many meetings keep that start cadence" not in output
    assert as_json(cli("agreement", "show", "--json"))["period_end"] == "2027-08-31"


def test_ctrl_c_in_agreement_edit_exits_130_and_changes_nothing(cli, journal_path):
    term = Terminal("agreement", "edit")
    term.expect("Start of the mentorship")
    term.type("")
    term.expect("End of the mentorship")
    term.interrupt()
    assert term.end() == 130, term.output
    assert "Interrupted: the agreement was not changed." in term.output
    assert "Aborted" not in term.output
    assert as_json(cli("agreement", "show", "--json"))["version"] is None


def test_ctrl_c_in_agreement_edit_keeps_the_answers_given_in_the_draft(cli, journal_path):
    term = Terminal("agreement", "edit")
    for prompt, answer in (
        ("Start of the mentorship", ""),
        ("End of the mentorship", ""),
        ("Number of meetings", "10"),
        ("Cadence of the first meetings", ""),
        ("Cadence (after", "fortnightly"),
        ("Session length in minutes", "75"),
    ):
        term.expect(prompt)
        term.type(answer)
    term.expect("Where you meet")
    term.interrupt()
    assert term.end() == 130, term.output
    assert (
        "Interrupted: 3 answers kept in the draft (number of meetings, cadence, session length)"
        in term.output
    )
    assert "Aborted" not in term.output
    draft = as_json(cli("agreement", "show", "--json"))
    assert (draft["version"], draft["state"]) == (1, "draft")
    assert (draft["meetings"], draft["cadence"], draft["length_minutes"]) == (10, "fortnightly", 75)


# --- assess ------------------------------------------------------------------------------------


def test_assess_walks_the_six_areas_and_ctrl_c_keeps_the_answers_given(cli, journal_path):
    term = Terminal("assess")
    for prompt, answer in (
        ("Personal development", "Curious and patient"),
        ("Rating 1-5", "3"),
        ("Professional development", ""),  # skipped
        ("Knowledge", "Knows the festival circuit"),
        ("Rating 1-5", "9"),
    ):
        term.expect(prompt)
        term.type(answer)
    term.expect("The rating must be from 1 to 5, not 9.")
    term.type("4")
    term.expect("Skills")
    term.interrupt()
    assert term.end() == 130, term.output
    assert "Interrupted: 2 areas saved (personal, knowledge); `mentorlog assess` asks again." in term.output
    mapped = as_json(cli("assess", "show", "--json"))
    given = {a["area"]: [(e["text"], e["rating"]) for e in a["entries"]] for a in mapped["areas"]}
    assert given["personal"] == [("Curious and patient", 3)] and given["knowledge"] == [
        ("Knows the festival circuit", 4)
    ]
    assert given["professional"] == [] and given["skills"] == []


def test_assess_form_to_the_end_says_what_is_left_and_who_sees_it(cli, journal_path):
    said = " ".join(run_on_terminal(["assess"], ["Curious", "", "", "", "Budgets", "2", "", "", ""]).split())
    assert (
        "Saved 2 areas (personal, skills). Still to map: professional, knowledge, resources, network." in said
    )
    assert "They are shared: Tomaž has them after your next `mentorlog share`" in said


# --- reflect -----------------------------------------------------------------------------------


def test_ctrl_c_in_reflect_keeps_the_answers_given_and_exits_130(cli, journal_path):
    term = Terminal("reflect")
    for question, answer in (
        ("most important insights", "A fee is a statement of value."),
        ("What did we like more", "Honest feedback."),
        ("What did I learn about myself", "I negotiate well."),
    ):
        term.expect(question)
        term.type(answer)
    term.expect("What will I do the same")  # the fourth question: three answers are in
    term.interrupt()
    assert term.end() == 130, term.output
    assert "Interrupted: 3 answers saved (insights, liked, learned-about-myself)" in term.output
    assert "Aborted" not in term.output and "nothing was saved" not in term.output
    given = as_json(cli("reflect", "--show", "--json"))
    assert [(a["key"], a["author"], a["text"]) for a in given] == [
        ("insights", "mentee", "A fee is a statement of value."),
        ("liked", "mentee", "Honest feedback."),
        ("learned-about-myself", "mentee", "I negotiate well."),
    ]


def test_each_person_is_asked_only_their_questions(cli, journal_path):
    mentee = run_on_terminal(["reflect"], [""] * 8)
    assert "Final suggestions" not in mentee
    for question in ("Which goals were not met", "What are my wishes", "What support will I need next"):
        assert question in mentee
    mentor = run_on_terminal(["--as", "mentor", "reflect"], ["", "", "", "", "Keep the fee scale public", ""])
    assert "Final suggestions and comments" in mentor
    for question in ("Which goals were not met", "What are my wishes", "What support will I need next"):
        assert question not in mentor
    given = as_json(cli("reflect", "--show", "--json"))
    assert [(a["key"], a["author"]) for a in given] == [("final-suggestions", "mentor")]
    ok(cli("reflect", "--show"))


def test_an_interrupted_form_says_what_it_kept_and_how_to_go_on():
    from mentorlog.render.messages import interrupted

    assert (
        interrupted([], "area", "assess") == "Interrupted: nothing was saved; `mentorlog assess` asks again."
    )
    assert (
        interrupted(["insights"], "answer", "reflect", then="asks the rest")
        == "Interrupted: 1 answer saved (insights); `mentorlog reflect` asks the rest."
    )
