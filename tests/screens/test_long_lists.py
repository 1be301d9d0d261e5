"""Hundreds of open commitments: the first screenful shows at once, the rest fills in after."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from coach.model import Commitment, Owner, Person
from coach.screens.widgets.list_table import ListTable, Row
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.holding import hold_store_open
from tests.support.ui import burst, make_app, opened, rows, settle, wait_until

COUNT = 260


def seed(directory: Path) -> None:
    """One person owed COUNT commitments, due one day after another."""
    store = Store.open(directory)
    person = Person("Alex Kim")
    talk = store.conversations.start(person, "building-trust", TODAY, new_person=True)
    store.put_records(
        commitments=[
            Commitment(f"Promise {n:03}", Owner.ME, person.id, talk.id, due=TODAY + timedelta(n))
            for n in range(COUNT)
        ]
    )
    store.close()


async def test_every_commitment_arrives_in_order_and_the_cursor_keeps_its_place(
    data_dir: Path,
) -> None:
    """All rows end up there, in due order; marking one done far down keeps the cursor there."""
    seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        table = dashboard.query_one("#commitments", ListTable)
        assert table.complete
        assert [row[3] for row in rows(table)] == [f"Promise {n:03}" for n in range(COUNT)]
        table.focus()
        table.move_cursor(row=200)
        await pilot.press("d")
        await settle(pilot)
        assert table.row_count == COUNT - 1
        assert table.cursor_row == 200
        assert rows(table)[200][3] == "Promise 201"
        await pilot.press("u")
        await settle(pilot)
        assert table.row_count == COUNT
        assert rows(table)[200][3] == "Promise 200"


async def test_a_refill_while_rows_are_still_coming_shows_only_the_new_rows(
    data_dir: Path,
) -> None:
    """Filling a table again before the last fill finished never mixes the two."""
    seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        table = dashboard.query_one("#commitments", ListTable)
        dashboard.refresh_data()
        dashboard.refresh_data()  # twice in a row: the first fill's later rows are dropped
        assert not table.complete
        await settle(pilot)
        assert table.complete
        assert [row[3] for row in rows(table)] == [f"Promise {n:03}" for n in range(COUNT)]


async def test_opening_fills_each_table_once(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dashboard reads and shows its rows once on opening, not again on showing or sizing."""
    seed(data_dir)
    fills: list[str] = []
    real = ListTable.show_rows

    def counted(table: ListTable, items: Sequence[Any], row: Callable[[Any], Row]) -> None:
        fills.append(str(table.id))
        real(table, items, row)

    monkeypatch.setattr(ListTable, "show_rows", counted)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        assert sorted(fills) == ["commitments", "conversations"]
        await pilot.resize_terminal(100, 40)  # taller: nothing to cut differently
        await settle(pilot)
        assert len(fills) == 2
        await pilot.resize_terminal(140, 40)  # wider: texts are cut anew
        await settle(pilot)
        assert len(fills) == 4


async def test_the_rest_of_a_long_list_comes_without_a_frame_for_each_batch(
    data_dir: Path,
) -> None:
    """The first screenful is drawn on its own, then the other rows arrive together, in
    the next frame that shows any of them: not one frame per batch, each of which lays
    out and draws the whole dashboard again (with 879 commitments, half a second of a
    busy laptop's processor)."""
    seed(data_dir)
    app = make_app(data_dir)
    frames: list[tuple[int, bool]] = []  # (rows in the table, all of them there) per frame
    async with app.run_test(size=(100, 30)) as pilot:
        display = app._display

        def counted(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is None:
                return
            tables = screen.query("#commitments")
            if tables and tables.first().row_count:
                table = tables.first()
                frames.append((table.row_count, table.complete))

        app._display = counted  # type: ignore[method-assign]
        await opened(pilot)
    assert frames, "the dashboard was drawn with its commitments"
    first_rows, complete = frames[0]
    assert not complete and first_rows < COUNT  # the screenful came first, on its own
    # No frame in between shows part of the rest: the batches came one after another.
    before_complete = [count for count, done in frames if not done]
    assert set(before_complete) == {first_rows}, f"a frame per batch: {before_complete}"
    assert frames[-1] == (COUNT, True)


@pytest.fixture
def held_open(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The commitments of `seed`, whose Store.open then waits until the test lets it go
    on (the data taking its time to read)."""
    seed(data_dir)
    yield from hold_store_open(monkeypatch)


@pytest.mark.parametrize(
    ("keys", "row"),
    [(("ctrl+end",), COUNT - 1), (("pagedown",) * 3, None)],
)
async def test_a_key_typed_ahead_past_the_first_screenful_finds_the_rest(
    data_dir: Path, held_open: threading.Event, keys: tuple[str, ...], row: int | None
) -> None:
    """ctrl+end, page down or down typed while the data is read (delivered the moment the
    dashboard is there, with only its first screenful of rows) goes where it would in the
    whole list: ctrl+end to the last commitment, not the last of the first screenful."""
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        burst(pilot, *keys)
        await wait_until(pilot, lambda: app.key_order.waiting == len(keys), "the keys to wait")
        held_open.set()
        dashboard = await opened(pilot)
        table = dashboard.query_one("#commitments", ListTable)
        assert table.complete
        reached = table.cursor_row
        assert rows(table)[reached][3] == f"Promise {reached:03}"
        if row is None:  # three pages down: where the same keys go in the whole list
            await pilot.press("ctrl+home", *keys)
            row = table.cursor_row
            assert row > 0
        assert reached == row


async def test_down_on_the_last_row_added_so_far_goes_on_to_the_next(data_dir: Path) -> None:
    """Down pressed on the last row of the first screenful, before the rest has come
    (just after coming back to the dashboard), moves on to the next commitment."""
    seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        table = dashboard.query_one("#commitments", ListTable)
        dashboard.refresh_data()  # the rest follows the first screenful, after a frame
        last = table.row_count - 1
        table.move_cursor(row=last)
        table.action_cursor_down()  # before any of the rest has come
        assert table.cursor_row == last + 1
        assert rows(table)[last + 1][3] == f"Promise {last + 1:03}"


async def test_the_memory_read_landing_while_the_app_closes_changes_nothing(
    data_dir: Path,
) -> None:
    """The ledger's read ends as the app closes (seen in CI: this file's test above, its
    worker's result landing while the harness took the dashboard apart): nothing is
    queried on a screen being taken apart, and nothing is raised."""
    from coach.memory import nudges
    from coach.screens.widgets.memory_strip import MemoryStrip

    seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        found = nudges.overview(dashboard.workspace.store, dashboard.workspace.today())
        # As Textual closes an app: no longer running, then its screens taken apart.
        app._running = False
        await dashboard.query_one(MemoryStrip).remove()
        try:
            dashboard._memory_read(found)
        finally:
            app._running = True


class _OneTable(App[None]):
    def compose(self) -> ComposeResult:
        yield ListTable(id="people")


async def test_rows_shown_are_measured_before_the_next_frame() -> None:
    """A table's rows are measured as they are shown, not once the app is next idle: in
    a real terminal the dashboard's first frame came first (a start leaves no idle
    moment before it), and showed its rows cut to their columns' titles, in a table no
    taller than its header, redrawn right a moment later (a flash at every start)."""
    names = ["Alexandra Kimberley", "Sam Li", "Jo"]
    app = _OneTable()
    async with app.run_test(size=(100, 30)):
        table = app.query_one(ListTable)
        table.add_columns(("Who", "person"))
        table.show_rows(names, lambda name: (name, [Text(name)]))
        # (no await: nothing else has run since)
        assert table.column_width("person") == len("Alexandra Kimberley")
        assert table.virtual_size.height == 1 + len(names)  # the titles, then a row each


async def test_a_long_timeline_arrives_whole_and_ctrl_end_typed_at_once_reaches_its_end(
    data_dir: Path,
) -> None:
    """A person's page of hundreds of lines shows at once and fills in: every line arrives,
    and ctrl+end typed with the p that opened it goes to the last line of all, not the
    last of the first screenful."""
    from coach.screens.review.person_timeline import PersonScreen

    seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("r")
        await settle(pilot)
        burst(pilot, "down", "p", "ctrl+end")
        app = pilot.app
        await wait_until(pilot, lambda: isinstance(app.screen, PersonScreen), "the person page")
        await settle(pilot)
        table = app.screen.query_one("#timeline", ListTable)
        await wait_until(pilot, lambda: table.complete, "every line")
        lines = [row[1] for row in rows(table)]
        assert len(lines) == COUNT + 1
        assert sorted(lines[1:]) == [f"↳ I: Promise {n:03}" for n in range(COUNT)]
        assert table.cursor_row == COUNT
