"""Hundreds of open commitments: the first screenful shows at once, the rest fills in after."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from coach.screens.widgets.tables import ListTable

from coach.model import Commitment, Owner, Person
from coach.store import Store
from tests.conftest import TODAY
from tests.ui import make_app, opened, rows, settle

COUNT = 260


def seed(directory: Path) -> None:
    """One person owed COUNT commitments, due one day after another."""
    store = Store.open(directory)
    person = Person("Alex Kim")
    talk = store.start_conversation(person, "building-trust", TODAY, new_person=True)
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
