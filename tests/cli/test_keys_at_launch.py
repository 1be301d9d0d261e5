"""Keys typed while coach is still starting reach it as typed, and the terminal is put back.

A person types `coach`, Enter, and goes straight on (ctrl+End, Enter, ctrl+q) while
Python and Textual are still being loaded. Until Textual takes the terminal, the
terminal's own line editing would turn Enter into ctrl+j and swallow ctrl+q and ctrl+s
as flow control; these tests use a real pseudo-terminal.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import termios
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import pytest
from textual.drivers.linux_driver import LinuxDriver

from coach import launch

# What a person might type before the first frame: Enter, ctrl+q, ctrl+s, a letter.
TYPED_AHEAD = b"\r\x11\x13d"


@pytest.fixture
def terminal() -> Iterator[tuple[int, TextIO]]:
    """A pseudo-terminal as a fresh one comes (line editing on): its far end, and the end
    the app reads from."""
    leader, follower = os.openpty()
    stream = os.fdopen(follower, "r", closefd=True)
    try:
        yield leader, stream
    finally:
        stream.close()
        os.close(leader)


def _readable(stream: TextIO) -> bytes:
    """What the app's end can read now, without waiting for more."""
    got = b""
    while select.select([stream], [], [], 0.2)[0]:
        chunk = os.read(stream.fileno(), 1024)
        if not chunk:
            break
        got += chunk
    return got


def test_keys_typed_during_the_start_arrive_as_typed(terminal: tuple[int, TextIO]) -> None:
    """Enter stays Enter (not ctrl+j), ctrl+q and ctrl+s arrive, nothing waits for a line."""
    leader, stream = terminal
    with launch.keys_as_typed(stream):
        os.write(leader, TYPED_AHEAD)
        assert _readable(stream) == TYPED_AHEAD


def test_the_terminal_is_put_back_as_it_was(terminal: tuple[int, TextIO]) -> None:
    """After the app, and after an app that failed: the shell gets its line editing back."""
    _, stream = terminal
    before = termios.tcgetattr(stream)
    with launch.keys_as_typed(stream):
        assert termios.tcgetattr(stream) != before
    assert termios.tcgetattr(stream) == before
    with pytest.raises(RuntimeError), launch.keys_as_typed(stream):
        raise RuntimeError("the app failed")
    assert termios.tcgetattr(stream) == before


def test_not_a_terminal_is_left_alone(tmp_path: Path) -> None:
    """A file (or a closed stream) has no terminal settings: nothing to do, no error."""
    with (tmp_path / "input").open("w+") as stream, launch.keys_as_typed(stream):
        pass


def test_the_terminal_takes_keys_before_textual_is_loaded(
    terminal: tuple[int, TextIO], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`coach` sets the terminal to take keys as typed before it imports the app (and
    Textual), and puts it back once the app has stopped, before the process ends."""
    _, stream = terminal
    before = termios.tcgetattr(stream)
    seen: dict[str, object] = {}

    class App:
        return_code = 0
        driver_class: type[object] = LinuxDriver

        def __init__(self, directory: Path, *, live_with: str | None = None) -> None:
            pass

        def run(self) -> None:
            seen["while running"] = termios.tcgetattr(stream)
            seen["driver"] = self.driver_class

    def importing(name: str, *args: object, **kwargs: object) -> types.ModuleType:
        if name == "coach.app":
            seen["while importing"] = termios.tcgetattr(stream)
            module = types.ModuleType("coach.app")
            module.CoachApp = App  # type: ignore[attr-defined]
            return module
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    def leaving(code: int) -> None:
        seen["on leaving"] = termios.tcgetattr(stream)
        raise SystemExit(code)

    real_import = __import__
    monkeypatch.setattr("builtins.__import__", importing)
    monkeypatch.setattr(sys, "stdin", stream)
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(launch, "leave_at_once", leaving)
    with pytest.raises(SystemExit):
        launch.open_app(tmp_path / "data")
    for moment in ("while importing", "while running"):
        attributes = seen[moment]
        assert isinstance(attributes, list)
        assert not attributes[3] & termios.ICANON, moment
        assert not attributes[0] & (termios.ICRNL | termios.IXON), moment
    assert seen["on leaving"] == before
    # Textual's driver, made to put back the terminal's own settings, not the raw ones.
    driver = seen["driver"]
    assert isinstance(driver, type) and issubclass(driver, LinuxDriver)
    assert driver is not LinuxDriver


def _private(home: Path) -> dict[str, str]:
    """An environment of a terminal, with a HOME (and config) of the test's own."""
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "TERM": "xterm-256color",
    }


@contextlib.contextmanager
def _on_a_terminal(
    command: list[str], env: dict[str, str] | None = None
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """`command` running on a new pseudo-terminal: its far end, and the process (killed
    at the end, whatever state it is in)."""
    leader, follower = os.openpty()
    child = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=env)
    try:
        yield leader, child
    finally:
        child.kill()
        child.wait()
        os.close(follower)
        os.close(leader)


def _until(check: Callable[[bytes], bool], leader: int, seconds: float = 20) -> bytes:
    """Read what the child draws until `check(drawn)` holds; what was drawn (fails in time)."""
    drawn, deadline = b"", time.monotonic() + seconds
    while not check(drawn):
        assert time.monotonic() < deadline, f"never happened; drawn: {drawn[-300:]!r}"
        if select.select([leader], [], [], 0.05)[0]:
            try:
                drawn += os.read(leader, 65536)
            except OSError:  # the child has gone and closed its end
                break
    return drawn


def _edits_lines(leader: int) -> bool:
    return bool(termios.tcgetattr(leader)[3] & termios.ICANON)


def test_a_sigterm_during_the_start_puts_the_terminal_back() -> None:
    """Killed (SIGTERM, a hang-up) before the app has its own handlers: the shell still gets
    its line editing and echo back (a shell such as dash does not repair them itself)."""
    code = (
        "import sys, time\n"
        "from coach import launch\n"
        "with launch.keys_as_typed(sys.stdin):\n"
        "    print('starting', flush=True)\n"
        "    time.sleep(30)\n"
    )
    with _on_a_terminal([sys.executable, "-c", code]) as (leader, child):
        _until(lambda drawn: b"starting" in drawn, leader)
        assert not _edits_lines(leader)
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=10) == 128 + signal.SIGTERM
        assert _edits_lines(leader)
        assert termios.tcgetattr(leader)[3] & termios.ECHO


def test_suspended_coach_hands_the_shell_its_own_terminal(tmp_path: Path) -> None:
    """Suspended (SIGTSTP, as a shell's job control sends it) while coach runs: while it is
    stopped, the shell has its line editing back, as it was before coach started, not the
    settings coach set at launch."""
    command = [sys.executable, "-m", "coach", "--data-dir", str(tmp_path / "data")]
    with _on_a_terminal(command, env=_private(tmp_path / "home")) as (leader, child):
        _until(lambda drawn: b"Welcome to coach" in drawn, leader)
        assert not _edits_lines(leader)
        child.send_signal(signal.SIGTSTP)
        _until(lambda _drawn: _edits_lines(leader), leader)
        assert termios.tcgetattr(leader)[3] & termios.ECHO
