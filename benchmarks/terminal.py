"""An app in a real pseudo-terminal: keys in, every byte it draws out, timed as it arrives.

`Terminal` starts a command on a new pty of a fixed size (TIOCSWINSZ) as its controlling
terminal, with a private HOME and XDG directories.  A reader thread takes each chunk the
app writes the moment it arrives and stamps it with `time.perf_counter()`; the caller
feeds the chunks to a `benchmarks.vt.Screen` while it waits for something to be drawn,
so a figure is the time from a key's write to the arrival of the chunk that drew it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import queue
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.vt import Screen

# The start of a synchronised update (DEC mode 2026): Textual opens every frame with it.
FRAME_START = b"\x1b[?2026h"
# Textual asks whether the terminal has synchronised output; the answer a terminal that has
# it gives (kitty, WezTerm, iTerm2, foot, recent VTE): supported, currently off.
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_ANSWER = b"\x1b[?2026;2$y"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class NeverDrawn(TimeoutError):
    """What was waited for did not appear on the screen in time."""


@dataclass
class Output:
    """What the app has written so far: bytes, chunks (reads of the pty) and frames."""

    written: int = 0
    chunks: int = 0
    frames: int = 0


def private_environment(home: Path) -> dict[str, str]:
    """An environment for the app: a terminal's variables and a HOME of its own."""
    folders = {
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_STATE_HOME": home / ".local" / "state",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        **{name: str(folder) for name, folder in folders.items()},
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }


def _take_terminal() -> None:
    """In the child, after setsid: make the pty on standard input its controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """One command running on a pseudo-terminal of `width` x `height`."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        environment: dict[str, str],
        cwd: Path,
        width: int = 80,
        height: int = 24,
    ) -> None:
        self.screen = Screen(width, height)
        self.output = Output()
        self._chunks: queue.SimpleQueue[tuple[float, bytes] | None] = queue.SimpleQueue()
        self._ended = False
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self._master = master
        try:
            self.process = subprocess.Popen(
                list(command),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                cwd=cwd,
                env=environment,
                start_new_session=True,
                preexec_fn=_take_terminal,  # noqa: PLW1509 (no threads of ours run yet)
            )
        finally:
            os.close(slave)
        self._reader = threading.Thread(target=self._read, name="pty reader", daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        """The app's process id."""
        return self.process.pid

    def _read(self) -> None:
        """Take every chunk as it comes, stamped with its arrival (the reader thread)."""
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO: the app has gone and the pty is closed
                data = b""
            arrived = time.perf_counter()
            if not data:
                self._chunks.put(None)
                return
            self.output.written += len(data)
            self.output.chunks += 1
            self.output.frames += data.count(FRAME_START)
            if SYNC_QUERY in data:
                with contextlib.suppress(OSError):
                    os.write(self._master, SYNC_ANSWER)
            self._chunks.put((arrived, data))

    def send(self, keys: bytes) -> float:
        """Write keys as a terminal would when they are typed; the moment they were written."""
        sent = time.perf_counter()
        os.write(self._master, keys)
        return sent

    def _take(self, timeout: float) -> float | None:
        """Feed the next chunk to the screen; its arrival, or None when none came in time."""
        if self._ended:
            raise NeverDrawn(f"the app ended (exit {self.process.poll()})")
        try:
            item = self._chunks.get(timeout=max(timeout, 0))
        except queue.Empty:
            return None
        if item is None:
            self._ended = True
            raise NeverDrawn(f"the app ended (exit {self.process.wait()})")
        arrived, data = item
        self.screen.feed(data)
        return arrived

    def wait_for(
        self, drawn: Callable[[Screen], bool], timeout: float = 20.0, what: str = ""
    ) -> float:
        """The arrival of the chunk after which `drawn(screen)` holds (now, if it already does)."""
        self.drain()
        if not self.screen.synchronised and drawn(self.screen):
            return time.perf_counter()
        deadline = time.perf_counter() + timeout
        while True:
            arrived = self._take(deadline - time.perf_counter())
            if arrived is not None and not self.screen.synchronised and drawn(self.screen):
                return arrived
            if time.perf_counter() > deadline:
                raise NeverDrawn(f"never drawn: {what}\n{self.screen.text()}")

    def wait_for_text(self, text: str, timeout: float = 20.0) -> float:
        """The arrival of the chunk after which `text` is on the screen."""
        return self.wait_for(lambda screen: screen.shows(text), timeout, repr(text))

    def drain(self) -> None:
        """Feed the screen everything that has arrived."""
        while not self._chunks.empty():
            self._take(0)

    def idle(self, seconds: float) -> None:
        """Let `seconds` pass, keeping the screen up to date."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            self._take(deadline - time.perf_counter())

    def quiet(self, seconds: float, timeout: float = 10.0) -> bool:
        """Wait until nothing has been written for `seconds`; False if that never happened."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self._take(seconds) is None:
                return True
        return False

    def cpu_seconds(self) -> float:
        """CPU time the app has used so far, user and system, all its threads."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        # After the name: state is field 3, utime 14 and stime 15 (counted from 1).
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def close(self) -> None:
        """End the app (SIGTERM, as a closing terminal would; SIGKILL if it lingers)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)
        with contextlib.suppress(OSError):
            os.close(self._master)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
