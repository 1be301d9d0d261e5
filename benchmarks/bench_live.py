"""Live capture: how soon a keystroke reaches the screen, and Enter to a durable save.

    python -m benchmarks.bench_live [SIZES...]      (default: 500 5000)

The app runs headless on a copy of the demo data.  A keystroke is timed from the
moment the driver hands it to the app to the first screen update written after it
(the headless driver's write is where a terminal would receive the frame).  Enter
is timed from the capture line's Enter to the moment the line is on disk (the
writer's fsync returned and the log shows it saved), while typing continues.
"""

from __future__ import annotations

import asyncio
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from textual import events
from textual.widgets import Input

from benchmarks.common import TODAY, demo_data, machine, median_ms
from coach.app import CoachApp
from coach.meeting import capture as meeting
from coach.meeting.syntax import parse_line
from coach.model import ConversationStatus, now
from coach.screens.live.capture import LiveScreen
from coach.screens.widgets.capture_log import SAVED
from coach.store.store import Store

KEYS = 200
LINES = 30


async def in_app(directory: Path) -> dict[str, float]:
    """Type and enter lines in live capture; collect the timings."""
    store = Store.open(directory, read_only=True)
    target = store.conversations.find(status=ConversationStatus.PREPARING)[0]
    store.close()
    app = CoachApp(directory, today=lambda: TODAY)
    writes: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        while app.workspace is None:
            await pilot.pause(0.01)
        app.push_screen(LiveScreen(app.workspace, target.id))
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        driver: Any = app._driver
        real_display = app._display
        # Headless, Textual skips turning a frame into terminal codes; do it here as a
        # terminal would need, then note the time the frame is ready to be written.
        terminal = Console(
            file=io.StringIO(),
            force_terminal=True,
            color_system="truecolor",
            width=120,
            height=40,
            legacy_windows=False,
        )

        def timed_display(screen: Any, renderable: Any) -> None:
            if renderable is not None:
                terminal.file = io.StringIO()
                terminal.print(renderable, end="")
                writes.append(time.perf_counter())
            real_display(screen, renderable)

        app._display = timed_display  # type: ignore[method-assign]
        keystrokes: list[float] = []
        for index in range(KEYS):
            char = "abcdefghij"[index % 10]
            before = len(writes)
            sent = time.perf_counter()
            driver.send_message(events.Key(char, char))
            await until(partial(more_than, writes, before))
            keystrokes.append(writes[before] - sent)
            await asyncio.sleep(0.02)  # a brisk typist: 50 keys a second
        capture = screen.query_one("#capture", Input)
        capture.value = ""
        enters: list[float] = []
        durable: list[float] = []
        real_add = meeting.add

        def timed_add(*args: Any, **kwargs: Any) -> Any:
            result = real_add(*args, **kwargs)
            durable.append(time.perf_counter())  # on the writer thread, after the fsync
            return result

        meeting.add = timed_add
        for number in range(LINES):
            text = f"line {number}"
            capture.value = text
            await pilot.pause(0.05)
            sent = time.perf_counter()
            driver.send_message(events.Key("enter", "\r"))
            await until(partial(shown_saved, screen, text))
            enters.append(time.perf_counter() - sent)
            durable[-1] -= sent
        meeting.add = real_add
        app._display = real_display  # type: ignore[method-assign]
    return {
        "keystroke to screen, median": median_ms(keystrokes),
        "keystroke to screen, 95th percentile": statistics.quantiles(keystrokes, n=20)[18] * 1000,
        "Enter to durable save (fsync returned), median": median_ms(durable),
        "Enter to the line shown as saved, median": median_ms(enters),
    }


def more_than(items: list[float], count: int) -> bool:
    """Whether more than `count` frames were written."""
    return len(items) > count


def shown_saved(screen: LiveScreen, text: str) -> bool:
    """Whether the log shows the line with this text as saved."""
    return any(line.state == SAVED and line.entry.text == text for line in screen._lines)


async def until(condition: Callable[[], bool], limit: float = 10.0) -> None:
    """Wait (yielding to the app) until `condition` holds; fail after `limit` seconds."""
    deadline = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never got there")
        await asyncio.sleep(0)


def core_save(directory: Path) -> float:
    """The durable save itself, as the writer runs it."""
    store = Store.open(directory)
    target = store.conversations.find(status=ConversationStatus.PREPARING)[0]
    conversation = meeting.begin(store, target.id, now())
    timings = []
    for number in range(LINES):
        line = parse_line(f"= decision {number}", TODAY)
        started = time.perf_counter()
        meeting.add(store, target.id, meeting.capture(conversation, line, now()))
        timings.append(time.perf_counter() - started)
    store.close()
    return median_ms(timings)


def bench(conversations: int) -> dict[str, float]:
    """All figures for one size, on a fresh copy of the demo data."""
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "data"
        shutil.copytree(demo_data(conversations), directory)
        figures = asyncio.run(in_app(directory))
        figures["Enter's durable write alone, median"] = core_save(directory)
    return figures


def main(sizes: list[int]) -> None:
    """Print a Markdown table."""
    results = {size: bench(size) for size in sizes}
    print(f"Machine: {machine()}; {KEYS} keystrokes and {LINES} lines per size.\n")
    print("| figure | " + " | ".join(f"{size:,} conversations" for size in sizes) + " |")
    print("| --- |" + " --- |" * len(sizes))
    for name in next(iter(results.values())):
        print(f"| {name} | " + " | ".join(f"{results[s][name]:.1f} ms" for s in sizes) + " |")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [500, 5000])
