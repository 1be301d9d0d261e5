"""A 1 MB paste into a note: no crash, shown, and stored to the character."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import TextArea

from coach.model import Person
from coach.screens.steps.step import StepScreen
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.ui import make_app, opened, settle

MEGABYTE = 1_000_000


def pasted_text() -> str:
    """About 1 MB of notes: many lines, some long, some with markup and tabs."""
    lines = [
        f"Line {number}: [bold]not markup[/] \t" + "word " * (number % 40)
        for number in range(12_000)
    ]
    text = "\n".join(lines)
    while len(text) < MEGABYTE:
        text += "\n" + text[: MEGABYTE - len(text)]
    return text[:MEGABYTE]


async def test_a_megabyte_pasted_into_a_note_is_kept_exactly(data_dir: Path) -> None:
    """Pasted in one go, saved on leaving the step, read back identical."""
    store = Store.open(data_dir)
    talk = store.conversations.start(Person("Alex Kim"), "building-trust", TODAY, new_person=True)
    store.close()
    text = pasted_text()
    assert len(text) == MEGABYTE
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await opened(pilot)
        dashboard.query_one("#conversations").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StepScreen)
        field = app.screen.query_one("#field-topics", TextArea)
        field.focus()
        field.post_message(events.Paste(text))
        await settle(pilot)
        assert field.text == text
        await pilot.press("ctrl+n")  # leaving the step waits until the note is saved
        await settle(pilot)
        assert app.screen.title == "Alex Kim"
    reader = Store.open(data_dir, read_only=True)
    try:
        conversation = reader.conversations.get(talk.id)
        assert conversation is not None
        assert conversation.note("objectives", "topics") == text
    finally:
        reader.close()
