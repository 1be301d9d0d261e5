"""Opening the app: only in a terminal, since a TUI on a pipe would draw for nobody, forever."""

from __future__ import annotations

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
    return app.return_code or EXIT_OK
