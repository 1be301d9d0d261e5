"""Helpers for driving coach with Textual's Pilot and reading what the screen shows."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static
from textual.worker import WorkerCancelled

from coach.app import CoachApp
from coach.screens.dashboard import DashboardScreen
from coach.screens.widgets.tables import ListTable
from tests.conftest import TODAY


def make_app(directory: Path) -> CoachApp:
    """The app on `directory`, with 'today' fixed so dates are predictable."""
    return CoachApp(directory, today=lambda: TODAY)


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and the screen catch up."""
    # The dashboard starts reading its ledger and nudges once its rows are drawn.
    for _ in range(100):
        if not getattr(pilot.app.screen, "memory_pending", False):
            break
        await pilot.pause(0.01)
    for _ in range(10):
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            continue  # an exclusive worker replaced by a newer one: wait for that one
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, CoachApp)
    if app.workspace is not None:
        # Saves run on the writer thread; wait for them like a person waits a moment.
        for _ in range(200):
            if app.workspace.writer.idle:
                break
            await pilot.pause(0.01)
    # Long tables fill in after their first screenful: wait for the rest of the rows.
    for _ in range(200):
        if all(table.complete for table in app.screen.query(ListTable)):
            break
        await pilot.pause(0.01)
    await pilot.pause()


async def opened(pilot: Pilot[None]) -> DashboardScreen:
    """Wait for the data to open; returns the dashboard."""
    for _ in range(100):
        await settle(pilot)
        if isinstance(pilot.app.screen, DashboardScreen):
            return pilot.app.screen
    raise AssertionError(f"the dashboard never opened: {pilot.app.screen!r}")


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
