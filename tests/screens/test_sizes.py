"""Every screen at terminal sizes from 40x12 to 250x80: no crash, and a clear notice when too small.

Below 60x16 (screens/widgets/fit.py says why) each screen gives way to a notice
naming the terminal's size and the size needed; from there up the screen itself
shows, its footer on the terminal's last line.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Footer, TextArea

from coach.app import CoachApp
from coach.model import Commitment, Owner, Person
from coach.screens.help import HelpScreen
from coach.screens.new_conversation import NewConversationScreen
from coach.screens.problem import Choice, DataProblemScreen
from coach.screens.steps.flow import step_screen
from coach.screens.widgets.fit import MIN_HEIGHT, MIN_WIDTH, TooSmallNotice, too_small
from coach.steps import STEP_KEYS
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.ui import make_app, opened, screen_text, settle, type_text

SIZES = [(40, 12), (59, 30), (100, 15), (60, 16), (80, 24), (200, 60), (250, 80)]


def seed(directory: Path) -> str:
    """One conversation with a commitment; returns its id."""
    store = Store.open(directory)
    person = Person("Alex Kim", role="Designer")
    talk = store.conversations.start(person, "building-trust", TODAY, new_person=True)
    store.commitments.add(Commitment("Send the draft", Owner.ME, person.id, talk.id, due=TODAY))
    store.close()
    return talk.id


def every_screen(app: CoachApp, conversation_id: str) -> dict[str, Callable[[], Screen[Any]]]:
    """How to open each screen a person can reach (the dashboard is already open)."""
    workspace = app.workspace
    assert workspace is not None
    screens: dict[str, Callable[[], Screen[Any]]] = {
        "new conversation": lambda: NewConversationScreen(workspace),
        "help": HelpScreen,
        "problem": lambda: DataProblemScreen(
            "Your data file cannot be read", "A long explanation. " * 20, [Choice("Quit", "quit")]
        ),
    }
    for step in STEP_KEYS:
        screens[step] = partial(step_screen, step, workspace, conversation_id)
    return screens


def check_fits(app: CoachApp, name: str, size: tuple[int, int]) -> None:
    """The notice when too small, else the screen with its footer on the last line."""
    screen, shown = app.screen, screen_text(app)
    width, height = size
    if too_small(width, height):
        assert screen.has_class("-too-small"), name
        assert f"This terminal is {width}x{height}." in shown, name
        assert isinstance(app.focused, TooSmallNotice), name
    else:
        assert not screen.has_class("-too-small"), name
        assert "This terminal is" not in shown, name
        footers = screen.query(Footer)
        assert footers, name
        assert footers.first().region.bottom == height, f"{name}: the footer is off the screen"


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_screen_at_every_size(data_dir: Path, size: tuple[int, int]) -> None:
    """No crash anywhere; the notice exactly when the terminal is below the minimum."""
    conversation_id = seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        check_fits(app, "dashboard", size)
        for name, make in every_screen(app, conversation_id).items():
            await app.push_screen(make())
            await settle(pilot)
            check_fits(app, name, size)
            await app.pop_screen()
            await settle(pilot)
        check_fits(app, "dashboard again", size)


async def test_growing_the_window_brings_the_screen_back_as_it_was(data_dir: Path) -> None:
    """Shrink mid-typing: the notice, keys go nowhere; grow: the same field, text intact."""
    seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await opened(pilot)
        dashboard.query_one("#conversations").focus()
        await pilot.press("enter")
        await settle(pilot)
        field = app.screen.query_one("#field-outcomes", TextArea)
        assert app.focused is field
        await type_text(pilot, "Agree")
        await pilot.resize_terminal(MIN_WIDTH - 1, MIN_HEIGHT)
        await settle(pilot)
        assert app.screen.has_class("-too-small")
        assert f"needs at least {MIN_WIDTH}x{MIN_HEIGHT}" in screen_text(app).replace("\n", " ")
        await type_text(pilot, "xyz")  # typed blind: must not reach the hidden field
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not app.screen.has_class("-too-small")
        assert app.focused is field
        assert field.text == "Agree"
        assert "Agree" in screen_text(app)
