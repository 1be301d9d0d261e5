"""Keys typed while the data is being read: kept, in order, for the dashboard.

They wait until it is there, then act on the data; a problem with the data drops them
(none may choose on the problem screen), and ctrl+q does not wait for the data.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input

from coach.model import Commitment, Owner, Person
from coach.screens.dashboard import DashboardScreen
from coach.screens.new_conversation import NewConversationScreen
from coach.screens.problem import DataProblemScreen
from coach.storage.layout import DATA_NAME
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.holding import hold_store_open
from tests.support.ui import burst, make_app, send_key, settle, wait_until


def burst_from_the_terminal(app: App[None], *keys: str) -> None:
    """Keys as the terminal's reader thread hands them over, while the app is busy."""
    for key in keys:
        send_key(app, key)


def _alex(directory: Path) -> None:
    store = Store.open(directory)
    talk = store.conversations.start(Person("Alex Kim"), "building-trust", TODAY, new_person=True)
    late = TODAY - timedelta(days=3)  # overdue: the dashboard says "Due now"
    store.put_records(
        commitments=[Commitment("Send the notes", Owner.ME, talk.person_id, talk.id, due=late)]
    )
    store.close()


@pytest.fixture
def held_open(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Alex Kim's data, whose Store.open then waits until the test lets it go on (the
    data taking its time to read)."""
    _alex(data_dir)
    yield from hold_store_open(monkeypatch)


async def test_keys_typed_while_the_data_is_read_act_on_the_dashboard(
    data_dir: Path, held_open: threading.Event
) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        burst(pilot, "n", *"Sam")  # a new conversation with Sam, typed before anything shows
        await wait_until(pilot, lambda: app.key_order.waiting == 4, "the keys to wait")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, DashboardScreen)  # still reading: they wait
        assert app.key_order.waiting == 4
        held_open.set()
        await wait_until(
            pilot, lambda: isinstance(app.screen, NewConversationScreen), "the new conversation"
        )
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Sam"
        # "Due now" is the dashboard's to say, not over the form typed ahead to.
        assert not [n for n in app._notifications if n.title == "Due now"]


async def test_damaged_data_shows_the_problem_and_drops_the_keys_typed_meanwhile(
    data_dir: Path, held_open: threading.Event
) -> None:
    """Enter typed for the dashboard must not choose on the problem screen (its first
    button has the focus)."""
    path = data_dir / DATA_NAME
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(raw)
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        burst(pilot, "enter", "enter")
        await wait_until(pilot, lambda: app.key_order.waiting == 2, "the keys to wait")
        held_open.set()  # the data is read now: damaged
        await wait_until(
            pilot, lambda: isinstance(app.screen, DataProblemScreen), "the problem screen"
        )
        await settle(pilot)
        assert isinstance(app.screen, DataProblemScreen)  # still asking: nothing chosen
        assert path.read_bytes() == bytes(raw)  # and nothing changed


async def test_keys_typed_while_damaged_data_is_read_at_once_choose_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damage found within the moment the first frame waits for: Enter typed meanwhile
    (still on its way from the terminal when the problem screen comes) must not press
    its first button, which would restore a backup or start afresh."""
    _alex(data_dir)
    path = data_dir / DATA_NAME
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(raw)
    app = make_app(data_dir)
    real_open = Store.open

    def typed_while_reading(*args: object, **kwargs: object) -> Store:
        burst_from_the_terminal(app, "enter", "enter")
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "open", typed_while_reading)
    async with app.run_test() as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, DataProblemScreen), "the problem screen"
        )
        await settle(pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, DataProblemScreen)  # still asking: nothing chosen
        assert path.read_bytes() == bytes(raw)  # and nothing changed


async def test_quitting_does_not_wait_for_the_data(
    data_dir: Path, held_open: threading.Event
) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        burst(pilot, "r", "ctrl+q")
        await wait_until(pilot, lambda: not app.is_running, "the app to quit")
        # Gone while the data is still being read; let the reading end (the test would
        # otherwise wait for its thread, as a process does not: it exits).
        held_open.set()
    assert not app.is_running
