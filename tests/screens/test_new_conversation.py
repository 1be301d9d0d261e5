"""Starting a conversation: pick or create the person, pick the purpose, maybe a date."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select

from coach.screens.new_conversation import NewConversationScreen
from coach.screens.steps.objectives import ObjectivesScreen
from coach.screens.widgets.note import Note
from coach.store.store import Store
from tests.support.ui import make_app, opened, settle, shown, type_text


def stored(directory: Path) -> tuple[list[str], int]:
    store = Store.open(directory, read_only=True)
    try:
        return [p.name for p in store.people.all()], len(store.conversations.find())
    finally:
        store.close()


async def new_form(pilot: Pilot[None]) -> NewConversationScreen:
    """Wait for the dashboard, press n, and return the form it opens."""
    await opened(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, NewConversationScreen)
    return form


async def test_an_empty_name_gets_a_message_and_stores_nothing(data_dir: Path) -> None:
    """Start with no name: a clear message beside the name, the cursor back on it."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        note = form.query_one("#name-note", Note)
        assert shown(note) == "Enter the person's name."
        assert note.is_error
        assert app.focused is form.query_one("#name")
        assert isinstance(app.screen, NewConversationScreen)
    assert stored(data_dir) == ([], 0)


async def test_a_purpose_must_be_chosen(data_dir: Path) -> None:
    """Without a purpose the form says so and stays."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Alex Kim")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewConversationScreen)
        assert "Choose what the conversation is for" in shown(form.query_one("#purpose-note", Note))
    assert stored(data_dir) == ([], 0)


async def test_an_impossible_date_gets_a_message_and_stores_nothing(data_dir: Path) -> None:
    """2026-02-30 is refused by name; nothing is stored."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot)
        await type_text(pilot, "Alex Kim")
        form.query_one("#purpose", Select).value = "building-trust"
        form.query_one("#date", Input).focus()
        await type_text(pilot, "2026-02-30")
        await settle(pilot)
        assert "Not a date yet" in shown(form.query_one("#date-note", Note))
        await pilot.press("enter")
        await settle(pilot)
        assert "'2026-02-30' is not a real date." in shown(form.query_one("#date-note", Note))
        assert isinstance(app.screen, NewConversationScreen)
    assert stored(data_dir) == ([], 0)


async def test_someone_known_is_picked_not_duplicated(data_dir: Path) -> None:
    """Typing a known name (any case) uses that person and says when you last spoke."""
    store = Store.open(data_dir)
    store.people.add("Alex Kim", role="Designer")
    store.close()
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot)
        await type_text(pilot, "alex kim")
        await settle(pilot)
        assert shown(form.query_one("#name-note", Note)).startswith("Alex Kim · Designer")
        assert not form.query_one("#new-person").display
        form.query_one("#purpose", Select).value = "developing-people"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ObjectivesScreen)
        assert app.screen.title == "Alex Kim"
    assert stored(data_dir) == (["Alex Kim"], 1)


async def test_a_new_name_like_a_known_one_says_how_to_take_the_suggestion(
    data_dir: Path,
) -> None:
    """'Alex' with Alex Kim known: the note says it is someone new, and → takes Alex Kim."""
    store = Store.open(data_dir)
    store.people.add("Alex Kim")
    store.close()
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot)
        await type_text(pilot, "alex")
        await settle(pilot)
        note = form.query_one("#name-note", Note)
        assert shown(note) == "Someone new, not Alex Kim: press → to take the suggestion."
        await pilot.press("right")
        await settle(pilot)
        assert shown(note) == "Alex Kim"


async def test_a_new_person_shows_role_and_relationship_and_the_date_preview(
    data_dir: Path,
) -> None:
    """A new name opens the role and relationship fields; a typed date is read back."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot)
        assert not form.query_one("#new-person").display
        await type_text(pilot, "Dana [b]Ortiz[/b]")
        form.query_one("#name", Input).insert_text_at_cursor(" 🙂")  # Pilot cannot type emoji
        await settle(pilot)
        assert form.query_one("#new-person").display
        form.query_one("#date", Input).focus()
        await type_text(pilot, "+2w")
        await settle(pilot)
        assert shown(form.query_one("#date-note", Note)) == "Fri 04 Dec"
        form.query_one("#purpose", Select).value = "navigating-change"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ObjectivesScreen)
        assert app.screen.title == "Dana [b]Ortiz[/b] 🙂"
    assert stored(data_dir) == (["Dana [b]Ortiz[/b] 🙂"], 1)


async def test_escape_cancels_without_storing(data_dir: Path) -> None:
    """Escape goes back to the dashboard; nothing was stored."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Alex Kim")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NewConversationScreen)
    assert stored(data_dir) == ([], 0)
