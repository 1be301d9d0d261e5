"""Awkward text is stored exactly and shown literally, on every screen, at any size."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import TextArea

from coach.model import Commitment, Owner, Person
from coach.screens.dashboard import DashboardScreen
from coach.screens.steps.follow_through import FollowThroughScreen
from coach.screens.steps.step import StepScreen
from coach.screens.widgets.list_table import ListTable
from coach.screens.widgets.person import PersonPanel
from coach.store.store import Store
from coach.user_text import has_controls, visible
from tests.conftest import TODAY
from tests.support.ui import make_app, opened, rows, screen_text, settle, shown

NASTY_NAME = "[/] [@click=app.quit]Q[/] \x1b[2J\x1b[31mRed"
NASTY_TEXT = "[bold]not bold[/] [/link] \x07\x1b]0;title\x07 🙂"


def seed(directory: Path) -> str:
    store = Store.open(directory)
    person = Person(NASTY_NAME, role="[i]role[/i]")
    conversation = store.conversations.start(person, "building-trust", TODAY, new_person=True)
    store.conversations.set_notes(conversation.id, "objectives", {"outcomes": NASTY_TEXT})
    store.commitments.add(Commitment(NASTY_TEXT, Owner.ME, person.id, conversation.id, due=TODAY))
    store.close()
    return conversation.id


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_markup_and_escapes_are_shown_literally(
    data_dir: Path, size: tuple[int, int]
) -> None:
    """Brackets show as typed, actions never run, control codes never reach the terminal."""
    seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=size) as pilot:
        dashboard = await opened(pilot)
        _due, _owner, person, text = rows(dashboard.query_one("#commitments", ListTable))[0]
        assert person.startswith("[/] [@click=app.q")  # cut to fit, never interpreted
        assert "\x1b" not in person
        assert text.startswith("[bold]not bold[/] [/link]") and "\x1b" not in text
        await pilot.press("enter")  # opens Follow-through of that conversation
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowThroughScreen)
        assert screen.title == visible(NASTY_NAME) == "[/] [@click=app.quit]Q[/] ␛[2J␛[31mRed"
        about = shown(screen.query_one(PersonPanel))
        assert "[/] [@click=app.quit]Q[/]" in about and "[i]role[/i]" in about
        on_screen = screen_text(app)
        assert "[@click=app.quit]Q[/]" in on_screen and "␛[2J" in on_screen
        assert not has_controls(on_screen.replace("\n", ""))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)  # still running: no action fired


async def test_a_long_pasted_note_is_stored_exactly(data_dir: Path) -> None:
    """A 5,000-character note with line breaks is kept to the character."""
    conversation_id = seed(data_dir)
    long_note = "\n".join(f"Line {n}: " + "word " * 20 for n in range(50))[:5000]
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await opened(pilot)
        dashboard.query_one("#conversations").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StepScreen)
        field = app.screen.query_one("#field-topics", TextArea)
        field.focus()
        field.insert(long_note)  # what a paste does
        await pilot.press("ctrl+n")
        await settle(pilot)
    store = Store.open(data_dir, read_only=True)
    conversation = store.conversations.get(conversation_id)
    assert conversation is not None
    assert conversation.note("objectives", "topics") == long_note
    assert conversation.note("objectives", "outcomes") == NASTY_TEXT


async def test_pasted_escape_sequences_become_visible_symbols(data_dir: Path) -> None:
    """A paste holding escape codes and Windows line ends is shown, and stored, as seen."""
    conversation_id = seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await opened(pilot)
        dashboard.query_one("#conversations").focus()
        await pilot.press("enter")
        await settle(pilot)
        field = app.screen.query_one("#field-topics", TextArea)
        field.focus()
        field.post_message(events.Paste("one\r\ntwo \x1b]0;PWNED\x07 three"))
        await settle(pilot)
        assert field.text == "one\ntwo ␛]0;PWNED␇ three"
        assert not has_controls(screen_text(app).replace("\n", ""))
        await pilot.press("ctrl+n")
        await settle(pilot)
    store = Store.open(data_dir, read_only=True)
    conversation = store.conversations.get(conversation_id)
    assert conversation is not None
    assert conversation.note("objectives", "topics") == "one\ntwo ␛]0;PWNED␇ three"
