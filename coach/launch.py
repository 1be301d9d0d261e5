"""Opening the app: only in a terminal, since a TUI on a pipe would draw for nobody, forever."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

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
    with keys_as_typed(sys.stdin) as before:
        # Imported here: the shell commands never pay for Textual.
        from coach.app import CoachApp

        app = CoachApp(directory, live_with=live_with)
        if before is not None:
            app.driver_class = _putting_back(app.driver_class, before)
        app.run()
    leave_at_once(app.return_code or EXIT_OK)
    return EXIT_OK  # not reached


def _putting_back(driver: type[Any], before: list[Any]) -> type[Any]:
    """`driver`, made to put back the terminal's own settings (`before`) when the app stops
    or is suspended (SIGTSTP), not the ones it found: those `keys_as_typed` set."""
    from textual.drivers.linux_driver import LinuxDriver

    if not issubclass(driver, LinuxDriver):
        return driver  # (Windows, or a driver of the user's choice: they save nothing)

    class PuttingBack(driver):  # type: ignore[misc]
        def start_application_mode(self) -> None:
            super().start_application_mode()
            self.attrs_before = before

    return PuttingBack


def _leave_on_signal(number: int, _frame: object) -> None:
    raise SystemExit(128 + number)


@contextlib.contextmanager
def keys_as_typed(stream: TextIO) -> Iterator[list[Any] | None]:
    """The terminal hands over each key as typed, from now until the app has stopped; then
    it is as it was.

    Textual does the same, but only once it is imported and running, a fifth of a second
    after `coach` is typed. A key typed before that met the terminal's line editing:
    Enter became ctrl+j (which does nothing), ctrl+q and ctrl+s were taken as flow
    control and never arrived, and each key was echoed over the shell's prompt. Textual
    takes these settings as the ones to put back when it stops or is suspended, so
    `open_app` hands it the terminal's own (`_putting_back`), which this yields.

    Until the app has its own handlers (once it is up), a hang-up or a SIGTERM ends the
    start by SystemExit rather than at once, so that the terminal is put back then too.
    """
    try:
        import termios
    except ImportError:  # Windows: no termios, and Textual reads keys its own way there
        yield None
        return
    try:
        before = termios.tcgetattr(stream)
    except (termios.error, OSError, ValueError):
        yield None
        return
    typed = [*before[:6], list(before[6])]
    # As Textual sets them (LinuxDriver._patch_lflag and _patch_iflag), for the moments
    # before it does; not called from there, as importing it loads Textual, the very wait.
    signals = 0 if os.environ.get("TEXTUAL_ALLOW_SIGNALS") else termios.ISIG
    typed[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | signals)
    typed[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
    typed[6][termios.VMIN], typed[6][termios.VTIME] = 1, 0
    ending = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    handlers = {number: signal.signal(number, _leave_on_signal) for number in ending}
    try:
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(stream, termios.TCSANOW, typed)  # NOW: what was typed stays
        yield before
    finally:
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(stream, termios.TCSANOW, before)
        for number, handler in handlers.items():
            signal.signal(number, handler)


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
