"""The review with years of history: the latest months show at once, the earlier years
follow as soon as they are read, and a damaged part of them is said plainly."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from coach.demo import sample
from coach.screens.review.conversations import ReviewScreen
from coach.screens.widgets.results import ResultsTable
from coach.storage.layout import PARTS_DIR
from coach.store.store import Store
from tests.support.ui import make_app, opened, settle, shown, wait_until

CONVERSATIONS = 240


@pytest.fixture
def history(data_dir: Path) -> Path:
    """Four years of conversations with six people, most of them settled in parts."""
    store = Store.open(data_dir)
    sample.fill(store, people=6, conversations=CONVERSATIONS, seed=5, today=date.today(), years=4)
    store.close()
    return data_dir


def count(screen: ReviewScreen) -> str:
    return shown(screen.query_one("#count"))


async def review(pilot: Pilot[None]) -> ReviewScreen:
    await opened(pilot)
    await pilot.press("r")
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, ReviewScreen)
            and pilot.app.screen.query_one(ResultsTable).row_count > 0
        ),
        "the review to show rows",
    )
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


@pytest.fixture
def may_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Reading the earlier years waits until the test sets the event (at the latest when
    it ends, so that no thread is left waiting)."""
    go_on = threading.Event()
    reading = Store.read_everything

    def held_back(store: Store, stop: Callable[[], bool] | None = None) -> None:
        assert go_on.wait(30)
        reading(store, stop)

    monkeypatch.setattr(Store, "read_everything", held_back)
    yield go_on
    go_on.set()


async def test_the_latest_months_show_while_the_earlier_years_are_read(
    history: Path, may_read: threading.Event
) -> None:
    """Reading the earlier years is held back: the latest conversations are listed newest
    first with a word that more is coming; once read, every conversation is there."""
    async with make_app(history).run_test(size=(100, 30)) as pilot:
        screen = await review(pilot)
        assert count(screen).endswith("· reading the earlier years…")
        at_hand = screen.query_one(ResultsTable).row_count
        assert 0 < at_hand < CONVERSATIONS / 2
        may_read.set()
        await wait_until(
            pilot,
            lambda: count(screen) == f"{CONVERSATIONS} conversations · newest first",
            "every conversation to be listed",
        )
        await settle(pilot)
        assert screen.query_one(ResultsTable).row_count == CONVERSATIONS


async def test_no_match_yet_while_reading_says_so_not_to_change_the_search(
    history: Path, may_read: threading.Event
) -> None:
    """A search typed while the earlier years are read that matches none of the latest
    months says that none of those read so far match, not to try fewer words; once the
    rest is read and matches none either, the advice comes."""
    async with make_app(history).run_test(size=(100, 30)) as pilot:
        screen = await review(pilot)
        at_hand = screen.query_one(ResultsTable).row_count
        await pilot.press(*"zzqx")
        await wait_until(pilot, lambda: count(screen).startswith("None"), "no match")
        assert count(screen) == (
            f"None of the {at_hand} read so far match · reading the earlier years…"
        )
        may_read.set()
        await wait_until(
            pilot,
            lambda: "reading" not in count(screen),
            "every conversation to be read",
        )
        assert count(screen) == (
            f"None of {CONVERSATIONS} conversations match · try fewer words, or clear a filter"
        )


async def test_a_damaged_part_is_said_and_the_rest_works(history: Path) -> None:
    """A part that cannot be read: the review keeps the latest months and says what is
    wrong and what to do; the app goes on."""
    victim = sorted((history / PARTS_DIR).iterdir())[2]
    raw = bytearray(victim.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    victim.write_bytes(bytes(raw))
    async with make_app(history).run_test(size=(100, 30)) as pilot:
        screen = await review(pilot)
        await wait_until(
            pilot,
            lambda: any(
                "Part of your history cannot be read" in (n.title or "")
                for n in pilot.app._notifications
            ),
            "the damage to be said",
        )
        said = next(n for n in pilot.app._notifications if n.title.startswith("Part of"))
        assert victim.name in said.message and "coach doctor" in said.message
        assert screen.query_one(ResultsTable).row_count > 0
        # The count no longer says the rest is coming.
        await wait_until(pilot, lambda: "cannot be read" in count(screen), "the count to say")
        assert count(screen).endswith("· the earlier years cannot be read")
        assert "reading" not in count(screen)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.is_running
