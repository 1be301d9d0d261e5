"""Helpers for driving coach with Textual's Pilot and reading what the screen shows."""

from __future__ import annotations

import asyncio
import inspect
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.text import Text
from textual import events
from textual._wait import wait_for_idle
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static
from textual.worker import WorkerCancelled

from coach.app import CoachApp
from coach.screens.dashboard import DashboardScreen
from coach.screens.widgets.list_table import ListTable
from coach.workspace import Workspace
from tests.conftest import TODAY


class CoachUnderTest(CoachApp):
    """coach's app as the tests drive it: every key pressed is handled before the next.

    Pilot's `press` waits a fixed 20 ms or more (twice) after every key for the
    process to look idle: in a test that types a few hundred characters that was
    most of its time.  Here each key waits instead for what it set off to be done,
    KeyOrder having delivered it and the app, the screen and the focused field
    having handled what they were sent; after the last key, Pilot's own wait.
    """

    # Its stylesheets are beside coach/app.py, not beside this file.
    _BASE_PATH = inspect.getfile(CoachApp)

    async def _press_keys(self, keys: Iterable[str]) -> None:
        for key in keys:
            if key.startswith("wait:"):
                await super()._press_keys([key])
                continue
            send_key(self, key)
            while not self.key_order.idle:
                await asyncio.sleep(0)
            await handled(self)
        await wait_for_idle(0)
        await self.animator.wait_until_complete()
        await wait_for_idle(0)


def make_app(directory: Path) -> CoachApp:
    """The app on `directory`, with 'today' fixed so dates are predictable."""
    return CoachUnderTest(directory, today=lambda: TODAY)


async def handled(app: App[None]) -> None:
    """Wait until the app, its screen and the focused widget have handled every message
    sent to them so far (twice over: what those messages sent on is handled too)."""
    loop = asyncio.get_running_loop()
    for _ in range(2):
        waiting = []
        for node in (app, app.screen, app.focused):
            done: asyncio.Future[None] = loop.create_future()
            if node is not None and node.call_later(done.set_result, None):
                waiting.append(done)
        if waiting:
            await asyncio.wait(waiting, timeout=PATIENCE)


# How long a test waits for the app to catch up before it calls that a failure.
# Generous, so a loaded machine makes a test slower, never red: a test never
# carries on after a fixed pause hoping the app was done.
PATIENCE = 60.0


async def wait_until(
    pilot: Pilot[None],
    condition: Callable[[], object],
    what: str,
    seconds: float = PATIENCE,
    progress: Callable[[], object] | None = None,
) -> None:
    """Let the app run until `condition()` holds; fail, saying `what`, if it never does.

    With `progress` (a measure of work done, such as lines stored so far), the wait
    fails only after `seconds` in which it did not change: a machine loaded by other
    work is slow but gets there, an app that is stuck does not.
    """
    deadline = time.monotonic() + seconds
    done = progress() if progress is not None else None
    while not condition():
        if progress is not None and (now := progress()) != done:
            done, deadline = now, time.monotonic() + seconds
        if time.monotonic() > deadline:
            still = f" (stuck at {done!r})" if progress is not None else ""
            raise AssertionError(f"waited {seconds:.0f} s for {what}{still}")
        await pilot.pause(0.01)


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish, saves become durable and the screen catch up."""
    app = pilot.app
    assert isinstance(app, CoachApp)
    await wait_until(
        pilot,
        lambda: app.key_order.idle,
        "typed keys to arrive",
        progress=lambda: app.key_order.waiting,
    )
    # The dashboard starts reading its ledger and nudges once its rows are drawn.
    await wait_until(
        pilot,
        lambda: not getattr(app.screen, "memory_pending", False),
        "the dashboard's ledger",
    )
    while True:
        try:
            await app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            continue  # an exclusive worker replaced by a newer one: wait for that one
    await pilot.pause()
    workspace = app.workspace
    if workspace is not None:
        # Saves run on the writer thread; wait for them like a person waits a moment.
        await wait_until(pilot, lambda: workspace.writer.idle, "saves to finish")
    # Long tables fill in after their first screenful: wait for the rest of the rows.
    await wait_until(
        pilot,
        lambda: all(table.complete for table in app.screen.query(ListTable)),
        "long tables to fill",
    )
    await pilot.pause()


async def in_palette(pilot: Pilot[None], query: str, expected: str) -> None:
    """ctrl+p, type `query`, wait until the highlighted command says `expected`, Enter."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await wait_until(
        pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the command palette"
    )
    await type_text(pilot, query)

    def highlighted() -> str:
        commands = pilot.app.screen.query_one(CommandList)
        index = commands.highlighted
        if index is None:
            return ""
        return str(commands.get_option_at_index(index).prompt)

    await wait_until(pilot, lambda: expected in highlighted(), f"the palette to offer {expected!r}")
    await pilot.press("enter")
    await settle(pilot)


def workspace_of(pilot: Pilot[None]) -> Workspace:
    """The open workspace of the app under test."""
    app = pilot.app
    assert isinstance(app, CoachApp) and app.workspace is not None
    return app.workspace


async def opened(pilot: Pilot[None]) -> DashboardScreen:
    """Wait for the data to open; returns the dashboard."""
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, DashboardScreen),
        f"the dashboard to open (showing {pilot.app.screen!r})",
    )
    await settle(pilot)
    assert isinstance(pilot.app.screen, DashboardScreen)
    return pilot.app.screen


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type like a person: one key per character."""
    await pilot.press(*text)


def shown(widget: Widget) -> str:
    """The plain text a Static shows."""
    assert isinstance(widget, Static), widget
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def rows(table: Widget) -> list[list[str]]:
    """Every row of a table as plain strings."""
    assert isinstance(table, DataTable), table
    found = []
    for index in range(table.row_count):
        found.append(
            [
                cell.plain if isinstance(cell, Text) else str(cell)
                for cell in table.get_row_at(index)
            ]
        )
    return found


def options(option_list: Widget) -> list[str]:
    """Every option's text."""
    assert isinstance(option_list, OptionList), option_list
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


def screen_text(app: App[None]) -> str:
    """Every character the terminal is sent for the current screen, line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def send_key(app: App[None], key: str) -> None:
    """Send one key as the terminal does (a character, or a key name: "enter", "shift+tab")."""
    name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
    original = REPLACED_KEYS.get(name, name)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = name if len(name) == 1 else None
    event = events.Key(name, char)
    event.set_sender(app)
    driver = app._driver
    assert driver is not None
    driver.send_message(event)


def burst(pilot: Pilot[None], *keys: str) -> None:
    """Hand the app every key at once, as a terminal delivers a fast typist's keys.

    `pilot.press` waits until the app has handled each key before it sends the next,
    so it can never show what happens when keys arrive while the app is still busy
    with earlier ones.  Each key is one character or a key name ("enter",
    "shift+tab"); `typed` makes keys of text.
    """
    for key in keys:
        send_key(pilot.app, key)


def typed(text: str) -> list[str]:
    """Keys for `text`, each line followed by enter (for burst)."""
    return [key for line in text.split("\n") for key in (*line, "enter")]
