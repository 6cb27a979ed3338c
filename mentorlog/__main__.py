"""Run mentorlog as `python -m mentorlog`."""

from mentorlog.cli import main

if __name__ == "__main__":
    main()
