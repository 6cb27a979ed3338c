"""Named points inside long writes where a test can stop the process, to prove a write is all or nothing.

`reached(name)` does nothing unless the environment asks for it:

- `MENTORLOG_CRASH_AT=NAME` (or `NAME:N`, the Nth time the point is reached): the process kills
  itself with SIGKILL right there, as a power cut or `kill -9` would.
- `MENTORLOG_PAUSE_AT=NAME:DIR`: on reaching the point the process creates `DIR/NAME.reached` and
  waits until `DIR/NAME.go` exists (at most 60 seconds), so a test can look at, or kill, a
  process that is known to be in the middle of a write.

The points: `merge-waiting` (a bundle checked, its write transaction not yet begun),
`merge-batch` (a batch of merged rows written, before the commit), `migration-step`
(a schema step's writes made, before the commit) and `init-from-build` (a new journal's rows
written into its temporary file, before it is committed and linked into place).
"""

from __future__ import annotations

import os

CRASH_AT = "MENTORLOG_CRASH_AT"
PAUSE_AT = "MENTORLOG_PAUSE_AT"
PAUSE_LIMIT_SECONDS = 60
POLL_SECONDS = 0.005

_times_reached: dict[str, int] = {}


def reached(name: str) -> None:
    """Mark the point `name`; crash or pause here when the environment names it."""
    crash, pause = os.environ.get(CRASH_AT), os.environ.get(PAUSE_AT)
    if not crash and not pause:
        return
    count = _times_reached[name] = _times_reached.get(name, 0) + 1
    if crash:
        point, _, nth = crash.partition(":")
        if point == name and count == int(nth or 1):
            import signal

            os.kill(os.getpid(), signal.SIGKILL)
    if pause:
        point, _, folder = pause.partition(":")
        if point == name:
            _pause(name, folder)


def _pause(name: str, folder: str) -> None:
    import time

    with open(os.path.join(folder, f"{name}.reached"), "w"):
        pass
    go = os.path.join(folder, f"{name}.go")
    deadline = time.monotonic() + PAUSE_LIMIT_SECONDS
    while not os.path.exists(go) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
