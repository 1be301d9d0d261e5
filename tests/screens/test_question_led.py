"""Live capture keeps the meeting question-led, quietly: a hint under a weak `?` question,
the count of questions and notes, a next question after a run of notes, and "And what
else?" after a short answer. None of it takes the cursor from the capture line."""

from __future__ import annotations

from pathlib import Path

from coach.screens.widgets.note import Note
from tests.screens.test_live import enter, live_on, seed
from tests.support.ui import make_app, settle, shown, type_text


async def test_a_closed_question_is_hinted_as_it_is_typed_and_after(data_dir: Path) -> None:
    """`? do you…` shows a better question under the line; an open one shows none."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await live_on(pilot, "Priya Kapoor")
        note = screen.query_one("#capture-note", Note)
        await type_text(pilot, "? do you like the new roster")
        await settle(pilot)
        assert note.text.startswith("↳ This can be answered with a yes or a no.")
        assert "Try: What do you think of the new roster" in note.text
        await pilot.press("enter")
        await settle(pilot)
        assert "Try: What do you think of the new roster" in note.text  # still there after
        assert pilot.app.focused is screen.query_one("#capture")
        await type_text(pilot, "? what would make the roster work for you")
        await settle(pilot)
        assert note.text == ""


async def test_the_balance_and_a_next_question_after_a_run_of_notes(data_dir: Path) -> None:
    """'0 questions · 5 notes' at the top; after five notes, the first planned question."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await live_on(pilot, "Priya Kapoor")
        note = screen.query_one("#capture-note", Note)
        for number in range(4):
            await enter(pilot, f"they said thing {number}")
        assert note.text == ""
        await enter(pilot, "they said one more thing")
        assert shown(screen.query_one("#balance")) == "0 questions · 5 notes"
        assert note.text == (
            "5 notes without a question: perhaps “What is important for you in your work?”"
        )
        await enter(pilot, "? what matters most to you this year")
        assert shown(screen.query_one("#balance")) == "1 question · 5 notes"
        await enter(pilot, "growth")  # a one-word answer
        assert note.text == "A short answer: perhaps ask “And what else?”"
        await enter(pilot, "+ and more time with the team")  # adds to the answer
        assert note.text == ""
