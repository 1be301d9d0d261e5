"""Driving coach in a real terminal (tmux), the way a person would: type, read the screen.

Each Terminal is its own tmux server on a private socket, so a test never touches
another tmux.  What coach writes to the terminal can be recorded (`record`) to
count the bytes an idle app sends.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

# Set up for the tests by .ci/run when the machine lacks it.
TMUX = shutil.which("tmux")


class Terminal:
    """One terminal window, `size` columns by rows, running one command."""

    def __init__(self, workdir: Path, size: tuple[int, int] = (80, 24)) -> None:
        assert TMUX is not None, "tmux is needed for the real-terminal tests"
        self.socket = workdir / "tmux.sock"
        self.size = size
        self.workdir = workdir

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        return subprocess.run(
            [TMUX, "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=30,
        )

    def start(self, *command: str, env: dict[str, str] | None = None) -> None:
        """Run `command` in a new window; when it ends, the window says so and waits."""
        variables = {"TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in variables.items())
        line = f"env {exports} {shlex.join(command)}; echo '[exited with status' $?']'; sleep 600"
        columns, rows = self.size
        self._tmux("new-session", "-d", "-s", "coach", "-x", str(columns), "-y", str(rows), line)

    def type(self, text: str, per_key: float = 0.0) -> None:
        """Type `text` literally, `per_key` seconds apart (0: as one burst)."""
        if per_key <= 0:
            self._tmux("send-keys", "-t", "coach", "-l", "--", text)
            return
        for char in text:
            self._tmux("send-keys", "-t", "coach", "-l", "--", char)
            time.sleep(per_key)

    def keys(self, *names: str) -> None:
        """Press keys by tmux's names: Enter, Tab, BTab, Escape, C-n, F1 ..."""
        self._tmux("send-keys", "-t", "coach", *names)

    def screen(self) -> str:
        """What the terminal shows now."""
        return self._tmux("capture-pane", "-p", "-t", "coach").stdout

    def wait(self, pattern: str, seconds: float = 30.0) -> str:
        """Wait until the screen matches `pattern`; fail showing the screen if it never does."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.screen()
            if re.search(pattern, shown):
                return shown
            time.sleep(0.05)
        raise AssertionError(f"/{pattern}/ never showed in {seconds:.0f} s; the screen:\n{shown}")

    def wait_gone(self, pattern: str, seconds: float = 30.0) -> str:
        """Wait until the screen no longer matches `pattern` ("saving…", say)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.screen()
            if not re.search(pattern, shown):
                return shown
            time.sleep(0.05)
        raise AssertionError(f"/{pattern}/ still showed after {seconds:.0f} s:\n{shown}")

    def wait_still(self, quiet: float = 1.0, seconds: float = 60.0) -> str:
        """Wait until the screen has not changed for `quiet` seconds (on a loaded machine
        the app may take a while to finish what it was doing)."""
        deadline = time.monotonic() + seconds
        shown, since = self.screen(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = self.screen()
            if now != shown:
                shown, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return shown
        raise AssertionError(f"the screen kept changing for {seconds:.0f} s:\n{shown}")

    def record(self, into: Path) -> None:
        """From now on, append everything the program writes to the terminal to `into`."""
        self._tmux("pipe-pane", "-o", "-t", "coach", f"cat >> {shlex.quote(str(into))}")

    def stop_recording(self) -> None:
        """Stop appending what is written."""
        self._tmux("pipe-pane", "-t", "coach")

    def close(self) -> None:
        """Close the terminal window, as a person closing it would: the program gets SIGHUP."""
        self._tmux("kill-server", check=False)

    def exited(self, seconds: float = 30.0) -> bool:
        """Whether the program has ended within `seconds`."""
        try:
            self.wait(r"\[exited with status", seconds)
        except AssertionError:
            return False
        return True


def coach_command(data: Path, *args: str) -> list[str]:
    """coach on `data`, as installed for the tests (this Python)."""
    return [sys.executable, "-m", "coach", "--data-dir", str(data), *args]


def private_env(home: Path) -> dict[str, str]:
    """Home and config directories of the test's own, whatever the machine has."""
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PATH": os.environ.get("PATH", ""),
    }
