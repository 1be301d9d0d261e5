"""Snapshots of every screen at 80x24 and 120x40, on the same repeatable demo data.

A snapshot fails when what a person would see changes.  After a deliberate change,
look at the report and accept it with `pytest tests/snapshots/test_snapshots.py --snapshot-update`.
The data, today's date and the clock (the Workspace's `today` and `now`) are fixed;
cursors do not blink (coach's fields are made steady, before any screen is pushed);
every worker and save has finished before the picture is taken.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from coach.app import CoachApp
from coach.demo import sample as demo
from coach.model import CommitmentStatus, ConversationStatus, FactKind
from coach.screens.dialogs.close_out import CloseOutDialog
from coach.screens.dialogs.drop import DropDialog
from coach.screens.dialogs.export import ExportDialog, Scope
from coach.screens.dialogs.fact import FactDialog
from coach.screens.dialogs.new_date import NewDateDialog
from coach.screens.help import HelpScreen
from coach.screens.live.capture import LiveScreen
from coach.screens.live.playback import PlaybackScreen
from coach.screens.live.start import LiveStartScreen
from coach.screens.new_conversation import NewConversationScreen
from coach.screens.review.conversation_detail import ConversationDetailScreen
from coach.screens.review.conversations import ReviewScreen
from coach.screens.review.person_timeline import PersonScreen
from coach.screens.steps.flow import step_screen
from coach.store.store import Store
from coach.workspace import Workspace
from tests.conftest import TODAY
from tests.support.ui import opened, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
NOON = datetime(2026, 11, 20, 12, 0).astimezone()
SnapCompare = Callable[..., bool]
Open = Callable[[Workspace, "Ids"], Screen[Any]]


class Ids:
    """Ids of demo records each screen is shown with."""

    def __init__(self, store: Store) -> None:
        preparing = store.conversations.find(status=ConversationStatus.PREPARING)
        held = [
            c for c in store.conversations.find() if c.status is not ConversationStatus.PREPARING
        ]
        self.preparing = preparing[0].id
        self.held = held[0].id
        self.person = preparing[0].person_id
        self.commitment = store.commitments.find(status=CommitmentStatus.OPEN)[0]


@pytest.fixture
def demo_dir(tmp_path: Path) -> Iterator[Path]:
    """The showcase sample."""
    directory = tmp_path / "data"
    store = Store.open(directory)
    sample = demo.SHOWCASE  # the same data as the README's pictures
    assert sample.today == TODAY
    demo.fill(store, sample.people, sample.conversations, sample.seed, sample.today)
    store.close()
    yield directory


def fixed(directory: Path) -> CoachApp:
    """The app on `directory`, its day TODAY and its clock stopped at noon."""
    return CoachApp(directory, today=lambda: TODAY, now=lambda: NOON)


def steady(app: CoachApp) -> None:
    """Every text field shown has a steady cursor, so the picture does not depend on the
    moment it is taken.  coach's fields never blink (screens/widgets/editors.py), from the
    moment they are made, before their screen is pushed; a stock one would, so it fails here."""
    for screen in app.screen_stack:
        for field in [*screen.query(Input), *screen.query(TextArea)]:
            assert not field.cursor_blink, f"{field!r} on {screen!r} blinks"


def showing(
    open_screen: Open | None, press: tuple[str, ...] = ()
) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A run_before that opens the data, pushes a screen and waits for it to settle."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, CoachApp)
        await opened(pilot)
        assert app.workspace is not None
        if open_screen is not None:
            store = app.workspace.store
            app.push_screen(open_screen(app.workspace, Ids(store)))
            await settle(pilot)
        if press:
            await pilot.press(*press)
            await settle(pilot)
        steady(app)
        app.clear_notifications()
        await pilot.pause()

    return run_before


SCREENS: dict[str, Open | None] = {
    "dashboard": None,
    "new_conversation": lambda ws, ids: NewConversationScreen(ws, name="Priya Kapoor"),
    "objectives": lambda ws, ids: step_screen("objectives", ws, ids.preparing),
    "safety": lambda ws, ids: step_screen("safety", ws, ids.preparing),
    "transparency": lambda ws, ids: step_screen("transparency", ws, ids.preparing),
    "mutual_benefit": lambda ws, ids: step_screen("mutual_benefit", ws, ids.preparing),
    "follow_through": lambda ws, ids: step_screen("follow_through", ws, ids.held),
    "help": lambda ws, ids: HelpScreen(),
    "live_start": lambda ws, ids: LiveStartScreen(ws),
    "live": lambda ws, ids: LiveScreen(ws, ids.preparing),
    "playback": lambda ws, ids: PlaybackScreen(ws, ids.held),
    "review": lambda ws, ids: ReviewScreen(ws),
    "conversation": lambda ws, ids: ConversationDetailScreen(ws, ids.held),
    "person": lambda ws, ids: PersonScreen(ws, ids.person),
    "export": lambda ws, ids: ExportDialog(ws, Scope(conversation_id=ids.held)),
    "close_out": lambda ws, ids: CloseOutDialog(ids.commitment, TODAY),
    "drop": lambda ws, ids: DropDialog(ids.commitment, TODAY),
    "new_date": lambda ws, ids: NewDateDialog(ids.commitment, TODAY),
    "fact": lambda ws, ids: FactDialog("Prefers feedback in writing first", FactKind.FEEDBACK),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(
    snap_compare: SnapCompare, demo_dir: Path, name: str, size: tuple[int, int]
) -> None:
    """Each screen looks as accepted, at a standard and a large size."""
    app = fixed(demo_dir)
    assert snap_compare(app, terminal_size=size, run_before=showing(SCREENS[name]))


@pytest.mark.parametrize("size", SIZES)
def test_empty_dashboard(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    """The first thing a new user sees."""
    app = fixed(tmp_path / "empty")
    assert snap_compare(app, terminal_size=size, run_before=showing(None))


def test_too_small(snap_compare: SnapCompare, demo_dir: Path) -> None:
    """Below the smallest size a screen can use, a notice says how large it needs to be."""
    app = fixed(demo_dir)
    assert snap_compare(app, terminal_size=(50, 12), run_before=showing(None))


def test_damaged_data(snap_compare: SnapCompare) -> None:
    """A data file that cannot be read: the problem, in plain words, and the way out."""
    # A fixed place, because the screen shows the file's path.
    directory = Path(tempfile.gettempdir()) / "coach-snapshot" / "data"
    shutil.rmtree(directory.parent, ignore_errors=True)
    directory.mkdir(parents=True)
    (directory / "coach.json").write_bytes(b"\x00 not a coach file")
    app = fixed(directory)

    async def run_before(pilot: Pilot[None]) -> None:
        for _ in range(50):
            await settle(pilot)
            if type(app.screen).__name__ == "DataProblemScreen":
                break
        app.clear_notifications()
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        shutil.rmtree(directory.parent, ignore_errors=True)
