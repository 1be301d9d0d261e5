"""The dashboard drawn at once from last time's glance, the data read behind it.

Keys typed while it is read wait, then act on the data; a glance of data changed
since is never shown; a problem with the data drops what was typed for the dashboard.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from coach.model import Commitment, Owner, Person
from coach.screens.dashboard import DashboardScreen
from coach.screens.new_conversation import NewConversationScreen
from coach.screens.problem import DataProblemScreen
from coach.storage.layout import DASHBOARD_NAME, DATA_NAME
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.ui import burst, make_app, opened, rows, settle, wait_until


def _alex(directory: Path) -> None:
    store = Store.open(directory)
    talk = store.conversations.start(Person("Alex Kim"), "building-trust", TODAY, new_person=True)
    late = TODAY - timedelta(days=3)  # overdue: the dashboard would say "Due now"
    store.put_records(
        commitments=[Commitment("Send the notes", Owner.ME, talk.person_id, talk.id, due=late)]
    )
    store.close()


async def _quit_once(directory: Path) -> None:
    """Open the dashboard and quit: the glance is kept."""
    async with make_app(directory).run_test() as pilot:
        await opened(pilot)
        await pilot.press("ctrl+q")
    assert (directory / DASHBOARD_NAME).exists()


@pytest.fixture
def held_open(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Store.open waits until the test lets it go on (the data taking its time)."""
    go_on = threading.Event()
    real_open = Store.open

    def waiting(*args: object, **kwargs: object) -> Store:
        go_on.wait(60)
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "open", waiting)
    yield go_on
    go_on.set()


@pytest.fixture
def quit_once(data_dir: Path) -> Path:
    """Alex Kim's data, opened and quit once in the app (before Store.open is held)."""
    import asyncio

    _alex(data_dir)
    asyncio.run(_quit_once(data_dir))
    return data_dir


async def test_last_time_s_rows_come_first_and_keys_typed_meanwhile_act_on_the_data(
    quit_once: Path, held_open: threading.Event
) -> None:
    go_on, data_dir = held_open, quit_once
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard's glance"
        )
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        dashboard: DashboardScreen = screen
        assert not dashboard.is_open
        assert rows(dashboard.query_one("#conversations"))[0][1] == "Alex Kim"
        assert rows(dashboard.query_one("#commitments"))[0][3] == "Send the notes"
        burst(pilot, "n", *"Sam")  # a new conversation, with Sam: typed before the data is open
        await wait_until(  # (after a second: why the keys wait)
            pilot, lambda: "reading" in str(dashboard.sub_title), "the header saying it reads"
        )
        assert isinstance(app.screen, DashboardScreen)  # nothing acted on the copy: keys wait
        assert app.key_order.waiting == 4
        go_on.set()
        await wait_until(
            pilot, lambda: isinstance(app.screen, NewConversationScreen), "the new conversation"
        )
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Sam"
        # "Due now" is the dashboard's to say, not over the form typed ahead to.
        assert not [n for n in app._notifications if n.title == "Due now"]
        assert dashboard.is_open and app.workspace is not None
        assert dashboard.sub_title == ""


async def test_a_glance_of_data_changed_since_is_never_shown(data_dir: Path) -> None:
    """`coach done` from the shell after quitting: the start reads the data first."""
    _alex(data_dir)
    await _quit_once(data_dir)
    store = Store.open(data_dir)
    (commitment,) = store.commitments.find()
    store.commitments.set_status(commitment.id, commitment.status.DONE, TODAY)
    store.close()
    shown: list[object] = []
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        app.screen_change_signal.subscribe(app, shown.append)
        dashboard = await opened(pilot)
        assert rows(dashboard.query_one("#commitments")) == []
        assert dashboard.query_one("#commitments-section").has_class("-none")
    # The one dashboard there was had the data from its first frame on.
    assert [s for s in shown if isinstance(s, DashboardScreen)] == [dashboard]


async def test_damaged_data_behind_a_glance_shows_the_problem_and_drops_the_keys(
    quit_once: Path, held_open: threading.Event
) -> None:
    """Enter typed for the dashboard must not choose on the problem screen (its first
    button has the focus)."""
    data_dir = quit_once
    path = data_dir / DATA_NAME
    before = os.stat(path)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # damage the disk did: same size, same file, same time
    with open(path, "r+b") as file:
        file.write(raw)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard's glance"
        )
        burst(pilot, "enter", "enter")
        await wait_until(pilot, lambda: app.key_order.waiting == 2, "the keys to wait")
        held_open.set()  # the data is read now: damaged
        await wait_until(
            pilot, lambda: isinstance(app.screen, DataProblemScreen), "the problem screen"
        )
        await settle(pilot)
        assert isinstance(app.screen, DataProblemScreen)  # still asking: nothing chosen
        glanced = [s for s in app.screen_stack if isinstance(s, DashboardScreen)]
        assert len(glanced) == 1 and not glanced[0].is_open  # the glance was shown first
        assert path.read_bytes() == bytes(raw)  # and nothing changed
