"""The five step screens: guidance, progress, questions, saving as you type, moving freely."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Select, TabbedContent, TextArea

from coach.errors import StoreError
from coach.model import Commitment, ConversationStatus, Owner, Person
from coach.screens.steps.objectives import ObjectivesScreen
from coach.screens.steps.safety import SafetyScreen
from coach.screens.steps.step import StepScreen
from coach.screens.steps.transparency import TransparencyScreen
from coach.screens.widgets.guide import GuidePanel
from coach.screens.widgets.person import PersonPanel
from coach.screens.widgets.progress import StepTab
from coach.screens.widgets.questions import QuestionsPanel
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.ui import make_app, opened, options, settle, shown, type_text


def seed(directory: Path) -> str:
    """Alex with a past conversation and open commitments; Sam with one of their own."""
    store = Store.open(directory)
    alex, sam = Person("Alex Kim", role="Designer"), Person("Sam Lee")
    past = store.conversations.start(
        alex, "developing-people", TODAY - timedelta(days=14), new_person=True
    )
    store.conversations.set_notes(
        past.id, "follow_through", {"summary": "Wants to lead the [b]redesign[/b]"}
    )
    store.conversations.set_details(past.id, status=ConversationStatus.DONE, summary_confirmed=True)
    store.commitments.add(
        Commitment(
            "Introduce Alex to the design guild",
            Owner.ME,
            alex.id,
            past.id,
            due=TODAY - timedelta(days=1),
        )
    )
    store.commitments.add(Commitment("Draft the proposal", Owner.THEM, alex.id, past.id))
    other = store.conversations.start(sam, "building-trust", TODAY, new_person=True)
    store.commitments.add(Commitment("Sam's private matter", Owner.ME, sam.id, other.id))
    upcoming = store.conversations.start(alex, "building-trust", TODAY + timedelta(days=3))
    store.close()
    return upcoming.id


async def open_steps(pilot, conversation_id: str) -> StepScreen:  # type: ignore[no-untyped-def]
    """Open the Objectives step of a conversation from the dashboard."""
    from coach.screens.steps.flow import step_screen

    app = pilot.app
    dashboard = await opened(pilot)
    app.push_screen(step_screen("objectives", dashboard.workspace, conversation_id))
    await settle(pilot)
    assert isinstance(app.screen, StepScreen)
    return app.screen


async def test_guidance_and_the_person_are_beside_the_fields(data_dir: Path) -> None:
    """The step's guide, and this person's open commitments and last conversation (only theirs)."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 40)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        guide = shown(screen.query_one(GuidePanel))
        assert "Ask yourself" in guide and "Before you meet" in guide
        about = shown(screen.query_one(PersonPanel))
        assert "Introduce Alex to the design guild" in about and "1 day late" in about
        assert "Draft the proposal" in about
        assert "Sam's private matter" not in about
        assert "Wants to lead the [b]redesign[/b]" in about  # literally, not bold
        assert "They confirmed the summary." in about
        assert screen.query_one("#side", TabbedContent).get_tab("tab-person").label.plain == (
            "About Alex"
        )


async def test_a_note_that_grows_past_the_screen_does_not_rewrap_the_fields(
    data_dir: Path,
) -> None:
    """Writing on until the fields need a scroll bar: the column keeps its width, so the
    text already written does not jump to new line breaks under the cursor."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 40)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        fields = screen.query_one("#fields")
        note = screen.query_one("#field-outcomes", TextArea)
        assert fields.max_scroll_y == 0  # all of it fits, at first
        width = note.size.width
        for _field in range(2):
            for line in range(14):
                await type_text(pilot, f"Point {line}")
                await pilot.press("enter")
            await pilot.press("tab")
        await settle(pilot)
        assert fields.max_scroll_y > 0  # now it scrolls
        assert note.size.width == width


async def test_a_suggested_question_joins_the_plan_with_one_key(data_dir: Path) -> None:
    """ctrl+o then Enter adds a question; it is marked; x takes it out again."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        panel = screen.query_one(QuestionsPanel)
        await pilot.press("ctrl+o", "enter")
        await settle(pilot)
        assert options(panel.query_one("#plan")) == ["1. What is important for you in your work?"]
        assert options(panel.query_one("#suggestions"))[0].startswith("✓ ")
        await pilot.press("enter")  # the same one again: refused, not duplicated
        await settle(pilot)
        assert len(options(panel.query_one("#plan"))) == 1
        panel.query_one("#own-question").focus()
        await type_text(pilot, "What would make Fridays better?")
        await pilot.press("enter")
        await settle(pilot)
        assert options(panel.query_one("#plan"))[1] == "2. What would make Fridays better?"
        panel.query_one("#plan").focus()
        await pilot.press("x")
        await settle(pilot)
        assert options(panel.query_one("#plan")) == ["1. What would make Fridays better?"]
    store = Store.open(data_dir, read_only=True)
    conversation = store.conversations.get(conversation_id)
    assert conversation is not None
    assert [q.text for q in conversation.questions] == ["What would make Fridays better?"]


async def test_typing_is_saved_once_typing_pauses(data_dir: Path) -> None:
    """Without leaving the screen, what is typed is stored shortly after typing stops."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        await type_text(pilot, "Agree next steps")
        assert shown(screen.query_one("#save-state")) in ("editing", "saving…")
        await pilot.pause(screen.autosave.DELAY + 0.2)
        await settle(pilot)
        assert shown(screen.query_one("#save-state")) == "✓ saved"
        reader = Store.open(data_dir, read_only=True)
        conversation = reader.conversations.get(conversation_id)
        assert conversation is not None
        assert conversation.note("objectives", "outcomes") == "Agree next steps"


async def test_moving_between_steps_forward_back_and_by_click(data_dir: Path) -> None:
    """ctrl+n and ctrl+b move one step; clicking a step in the bar jumps there."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 40)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        assert screen.check_action("previous_step", ()) is False
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SafetyScreen)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObjectivesScreen)
        await pilot.click("#progress-transparency")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TransparencyScreen)


async def test_the_progress_bar_shows_which_steps_hold_something(data_dir: Path) -> None:
    """A step turns filled as soon as something is typed into it."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 40)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        tabs = {tab.step.key: tab for tab in screen.query(StepTab)}
        assert not any(tab.filled for tab in tabs.values())
        assert tabs["objectives"].has_class("-current")
        await type_text(pilot, "x")
        await settle(pilot)
        assert tabs["objectives"].filled and "●" in shown(tabs["objectives"])
        assert not tabs["safety"].filled and "○" in shown(tabs["safety"])


async def test_quitting_mid_step_loses_nothing(data_dir: Path) -> None:
    """Type, then quit at once: the text is stored."""
    conversation_id = seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_steps(pilot, conversation_id)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await type_text(pilot, "Quiet room")
        await pilot.press("ctrl+q")
    store = Store.open(data_dir, read_only=True)
    conversation = store.conversations.get(conversation_id)
    assert conversation is not None and conversation.note("safety", "setting") == "Quiet room"


async def test_a_failed_save_keeps_the_text_and_the_screen(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the disk refuses a save, coach says so, stays on the step, and retries on ctrl+s."""
    conversation_id = seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        assert app.workspace is not None
        store = app.workspace.store
        real = store.conversations.set_notes

        def full_disk(*args: object, **kwargs: object) -> object:
            raise StoreError("Could not save: the disk is full.")

        monkeypatch.setattr(store.conversations, "set_notes", full_disk)
        await type_text(pilot, "Important outcome")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen is screen
        assert shown(screen.query_one("#save-state")) == "✗ NOT SAVED"
        assert screen.check_action("retry_save", ()) is True
        assert any("disk is full" in n.message for n in app._notifications)
        assert screen.query_one("#field-outcomes", TextArea).text == "Important outcome"
        monkeypatch.setattr(store.conversations, "set_notes", real)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown(screen.query_one("#save-state")) == "✓ saved"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen)
    reader = Store.open(data_dir, read_only=True)
    conversation = reader.conversations.get(conversation_id)
    assert conversation is not None
    assert conversation.note("objectives", "outcomes") == "Important outcome"


async def test_changing_the_purpose_changes_the_suggestions(data_dir: Path) -> None:
    """Choosing another purpose on Objectives stores it and suggests its questions."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(120, 40)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        screen.query_one("#purpose", Select).value = "navigating-change"
        await settle(pilot)
        suggestions = options(screen.query_one("#suggestions"))
        assert "+ What's your greatest concern around the proposed change?" in suggestions
        assert "Navigating change" in (screen.sub_title or "")
    reader = Store.open(data_dir, read_only=True)
    conversation = reader.conversations.get(conversation_id)
    assert conversation is not None and conversation.purpose == "navigating-change"


async def test_what_is_open_and_the_last_conversation_stay_in_view(data_dir: Path) -> None:
    """Above the fields, one line says what is open between us and when we last spoke."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_steps(pilot, conversation_id)
        line = shown(screen.query_one("#context-line"))
        assert line == "2 open between you (1 late) · last spoke Fri 06 Nov, developing people"
