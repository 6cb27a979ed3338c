"""The console script `mentorlog`, and `python -m mentorlog`.

The collector is paused before anything loads (typer and click make tens of thousands of
objects, none of them garbage); `mentorlog.cli.main` freezes what was loaded and resumes it
(README, "Speed").
"""

import gc


def main() -> None:
    gc.disable()
    from mentorlog.cli import main as run

    run()


if __name__ == "__main__":
    main()
