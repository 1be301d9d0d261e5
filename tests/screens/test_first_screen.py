"""The dashboard is the first screen: no opening screen before it, unless opening is slow."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.model import Person
from coach.screens.dashboard import DashboardScreen
from coach.screens.opening import OpeningScreen
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.holding import hold_store_open
from tests.support.ui import make_app, opened, rows, wait_until


def _with_a_conversation(directory: Path) -> None:
    store = Store.open(directory)
    store.conversations.start(Person("Alex Kim"), "building-trust", TODAY, new_person=True)
    store.close()


async def test_the_first_screen_shown_is_the_dashboard_with_its_rows(data_dir: Path) -> None:
    """Data that opens at once: the dashboard is the app's first screen, rows and all (no
    blank screen beneath it, drawn first)."""
    _with_a_conversation(data_dir)
    app = make_app(data_dir)
    pushed: list[object] = []
    async with app.run_test() as pilot:
        app.screen_change_signal.subscribe(app, pushed.append)
        dashboard = await opened(pilot)
        assert [type(screen) for screen in app.screen_stack] == [DashboardScreen]
        assert not any(isinstance(screen, OpeningScreen) for screen in pushed)
        assert rows(dashboard.query_one("#conversations"))[0][1] == "Alex Kim"


@pytest.fixture
def slow_open(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Alex Kim's data, whose Store.open then waits until the test lets it go on.

    The data is written before the wait is put in (written after, the writing itself
    waited the full minute: this test took 61 s).
    """
    _with_a_conversation(data_dir)
    yield from hold_store_open(monkeypatch)


async def test_slow_opening_says_so_then_shows_the_dashboard(
    data_dir: Path, slow_open: threading.Event
) -> None:
    """Years of data read slowly: a line says what is happening, then the dashboard comes."""
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, OpeningScreen), "the line saying it is opening"
        )
        slow_open.set()
        dashboard = await opened(pilot)
        assert rows(dashboard.query_one("#conversations"))[0][1] == "Alex Kim"


async def test_a_long_history_says_it_is_opening_before_reading(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data large enough to take a while: the line is drawn first (no timer fires while the
    file is parsed), then the dashboard."""
    from coach.screens import opening

    _with_a_conversation(data_dir)
    monkeypatch.setattr(opening, "SLOW_TO_READ", 0)
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        dashboard = await opened(pilot)
        assert rows(dashboard.query_one("#conversations"))[0][1] == "Alex Kim"
        assert [type(screen) for screen in app.screen_stack[1:]] == [OpeningScreen, DashboardScreen]
