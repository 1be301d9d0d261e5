"""Opening the app: only in a terminal, since a TUI on a pipe would draw for nobody, forever."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_NO_TERMINAL = 2

NO_TERMINAL = (
    "coach: the app needs a terminal, and standard {which} is not one. From scripts, "
    "pipes and cron, use coach's shell commands instead: coach commitments, coach report, "
    "coach export, coach import and coach doctor (coach --help lists them all)."
)


def open_app(directory: Path, live_with: str | None = None) -> int:
    """Run the app on `directory` (straight into live capture with `live_with`)."""
    for which, stream in (("input", sys.stdin), ("output", sys.stdout)):
        if stream is None or not stream.isatty():
            print(NO_TERMINAL.format(which=which), file=sys.stderr)
            return EXIT_NO_TERMINAL
    # Imported here: the shell commands never pay for Textual.
    from coach.app import CoachApp

    app = CoachApp(directory, live_with=live_with)
    app.run()
    leave_at_once(app.return_code or EXIT_OK)
    return EXIT_OK  # not reached


def leave_at_once(code: int) -> None:
    """End the process now that the app has stopped and its data is closed.

    Python's own way out frees every object one by one, which with years of
    conversations in memory took longer than quitting should (a third of a second
    at 5,000); everything is on disk by now, so only the output needs flushing.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
