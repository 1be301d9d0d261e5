"""Opening the app: only in a terminal, since a TUI on a pipe would draw for nobody, forever."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

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
    with keys_as_typed(sys.stdin):
        # Imported here: the shell commands never pay for Textual.
        from coach.app import CoachApp

        app = CoachApp(directory, live_with=live_with)
        app.run()
    leave_at_once(app.return_code or EXIT_OK)
    return EXIT_OK  # not reached


@contextlib.contextmanager
def keys_as_typed(stream: TextIO) -> Iterator[None]:
    """The terminal hands over each key as typed, from now until the app has stopped; then
    it is as it was.

    Textual does the same, but only once it is imported and running, a fifth of a second
    after `coach` is typed. A key typed before that met the terminal's line editing:
    Enter became ctrl+j (which does nothing), ctrl+q and ctrl+s were taken as flow
    control and never arrived, and each key was echoed over the shell's prompt. Textual
    takes these settings as the ones to put back when it stops, so they are put back to
    the terminal's own here.
    """
    try:
        import termios
    except ImportError:  # Windows: no termios, and Textual reads keys its own way there
        yield
        return
    try:
        before = termios.tcgetattr(stream)
    except (termios.error, OSError, ValueError):
        yield
        return
    typed = [*before[:6], list(before[6])]
    # As Textual sets them (textual.drivers.linux_driver), for the moments before it does.
    signals = 0 if os.environ.get("TEXTUAL_ALLOW_SIGNALS") else termios.ISIG
    typed[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | signals)
    typed[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
    typed[6][termios.VMIN], typed[6][termios.VTIME] = 1, 0
    with contextlib.suppress(termios.error, OSError):
        termios.tcsetattr(stream, termios.TCSANOW, typed)  # NOW: what was typed stays
    try:
        yield
    finally:
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(stream, termios.TCSANOW, before)


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
