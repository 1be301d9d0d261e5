"""Live capture by keyboard: every kind of line, questions, corrections, playback, drafts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual import events
from textual.widgets import Input

from coach.model import (
    Commitment,
    CommitmentStatus,
    ConversationStatus,
    EntryKind,
    Owner,
    Person,
    PlannedQuestion,
)
from coach.screens.dashboard import DashboardScreen
from coach.screens.dialogs.look_back import LookBackDialog
from coach.screens.live.capture import LiveScreen
from coach.screens.live.playback import PlaybackScreen
from coach.screens.live.start import LiveStartScreen, start_live
from coach.screens.steps.follow_through import FollowThroughScreen
from coach.screens.widgets.capture_log import CaptureLog
from coach.screens.widgets.list_table import ListTable
from coach.screens.widgets.note import Note
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.ui import make_app, opened, options, rows, settle, shown, type_text, workspace_of


def seed(directory: Path) -> str:
    """Priya, with a conversation in preparation holding two planned questions."""
    store = Store.open(directory)
    conversation = store.conversations.start(
        Person("Priya Kapoor"), "building-trust", TODAY + timedelta(days=2), new_person=True
    )
    store.conversations.add_question(
        conversation.id, PlannedQuestion("What is important for you in your work?")
    )
    store.conversations.add_question(
        conversation.id, PlannedQuestion("How do you like to receive feedback?")
    )
    store.close()
    return conversation.id


def stored(directory: Path, conversation_id: str):  # type: ignore[no-untyped-def]
    store = Store.open(directory, read_only=True)
    return store.conversations.get(conversation_id), store.commitments.find(
        conversation_id=conversation_id
    )


async def live_on(pilot, name: str) -> LiveScreen:  # type: ignore[no-untyped-def]
    await opened(pilot)
    start_live(pilot.app, workspace_of(pilot), name)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LiveScreen), screen
    return screen


async def enter(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def test_each_kind_of_line_is_stored_with_its_time(data_dir: Path) -> None:
    """A note, quote, decision, concern, question and commitment, typed and stored."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await live_on(pilot, "priya kapoor")
        assert pilot.app.focused is screen.query_one("#capture")
        for line in [
            "Opened with thanks",
            '" I feel stretched',
            "= trial quiet Wednesdays",
            "~ worried about Q1",
            "? what would help most?",
            "! them: check the budget +3d",
        ]:
            await enter(pilot, line)
        log = options(screen.query_one(CaptureLog))
        assert len(log) == 6 and "saving" not in " ".join(log)
        assert "! them · check the budget · Mon 23 Nov" in log[5]
    conversation, commitments = stored(data_dir, conversation_id)
    assert conversation is not None
    assert [(e.kind, e.text) for e in conversation.entries] == [
        (EntryKind.NOTE, "Opened with thanks"),
        (EntryKind.QUOTE, "I feel stretched"),
        (EntryKind.DECISION, "trial quiet Wednesdays"),
        (EntryKind.CONCERN, "worried about Q1"),
        (EntryKind.QUESTION, "what would help most?"),
        (EntryKind.COMMITMENT, "check the budget"),
    ]
    assert conversation.started is not None
    started = conversation.started.date()
    assert all(e.minute == 0 and e.at.date() == started for e in conversation.entries)
    # Held only once the meeting is ended: capturing lines changes neither status nor date.
    assert conversation.status is ConversationStatus.PREPARING
    assert conversation.date == TODAY + timedelta(days=2)
    assert [(c.owner, c.text, c.due) for c in commitments] == [
        (Owner.THEM, "check the budget", TODAY + timedelta(days=3))
    ]
    unplanned = conversation.questions[-1]
    assert (unplanned.text, unplanned.asked, unplanned.planned) == (
        "what would help most?",
        True,
        False,
    )


async def test_bad_lines_get_a_message_and_keep_what_was_typed(data_dir: Path) -> None:
    """Empty commitment, unknown owner, impossible date: message, line kept, nothing stored."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await live_on(pilot, "Priya Kapoor")
        field = screen.query_one("#capture", Input)
        note = screen.query_one("#capture-note", Note)
        for line, message in [
            ("! ", "Say who promised what"),
            ("! bob: send it", "Who made it? Start with me:, them: or both:"),
            ("! me: send it by 2026-02-30", "'2026-02-30' is not a real date."),
        ]:
            field.value = ""
            await enter(pilot, line)
            assert message in shown(note) and note.is_error
            assert field.value == line
    conversation, commitments = stored(data_dir, conversation_id)
    assert conversation is not None and conversation.entries == [] and commitments == []


async def test_a_past_due_date_is_kept_and_questioned(data_dir: Path) -> None:
    """'by yesterday' in a meeting: stored as typed (the meeting goes on, and keys typed
    after it belong to the next line), and the note says the date has passed and how to
    fix it."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await live_on(pilot, "Priya Kapoor")
        await enter(pilot, "! me: send the rota by yesterday")
        note = shown(screen.query_one("#capture-note", Note))
        yesterday = TODAY - timedelta(days=1)
        assert f"{yesterday:%a %d %b} has passed" in note and "ctrl+r" in note
        assert screen.query_one("#capture", Input).value == ""
        await enter(pilot, "! me: send the notes by tomorrow")
        assert "has passed" not in shown(screen.query_one("#capture-note", Note))
    _conversation, commitments = stored(data_dir, conversation_id)
    assert sorted(c.due for c in commitments) == [yesterday, TODAY + timedelta(days=1)]


async def test_awkward_text_is_kept_exactly(data_dir: Path) -> None:
    """A 10,000-character line, markup and a multi-line paste are stored as typed."""
    conversation_id = seed(data_dir)
    long_line = "word " * 2000
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await live_on(pilot, "Priya Kapoor")
        field = screen.query_one("#capture", Input)
        field.value = long_line
        await pilot.press("enter")
        await enter(pilot, "[/] [@click=app.quit]x[/]")
        field.post_message(events.Paste("first line\nsecond line\n"))
        await settle(pilot)
        assert "Pasted 2 lines" in shown(screen.query_one("#capture-note", Note))
        assert isinstance(pilot.app.screen, LiveScreen)  # the markup did not quit the app
    conversation, _ = stored(data_dir, conversation_id)
    assert conversation is not None
    assert [e.text for e in conversation.entries] == [
        long_line.strip(),
        "[/] [@click=app.quit]x[/]",
        "first line\nsecond line",
    ]


async def test_a_planned_question_is_asked_and_answered(data_dir: Path) -> None:
    """↓ and ctrl+t mark the second question asked; the next line answers it, + adds to it."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await live_on(pilot, "Priya Kapoor")
        await pilot.press("down", "ctrl+t")
        await settle(pilot)
        assert shown(screen.query_one("#answering")) == (
            "↳ Your next line answers: How do you like to receive feedback?"
            "  (escape: a note instead)"
        )
        await enter(pilot, "In writing first")
        assert shown(screen.query_one("#answering")) == (
            "Lines are notes again · start with + to add to: How do you like to receive feedback?"
        )
        await enter(pilot, '+ " then talk it through')
        await enter(pilot, "unrelated note")
        assert not screen.query_one("#answering").display
    conversation, _ = stored(data_dir, conversation_id)
    assert conversation is not None
    first, second = conversation.questions
    assert (first.asked, second.asked) == (False, True)
    assert second.answer == "In writing first\nthen talk it through"
    assert conversation.entries[-1].question_id is None


async def test_correcting_and_deleting_lines(data_dir: Path) -> None:
    """ctrl+r fixes the last line; ctrl+g deletes it; any line can be deleted from the log."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await live_on(pilot, "Priya Kapoor")
        await enter(pilot, "! me: send the draft by fri")
        await enter(pilot, "a typo lnie")
        await type_text(pilot, "half typed")
        await pilot.press("ctrl+r")
        await settle(pilot)
        field = screen.query_one("#capture", Input)
        assert field.value == "a typo lnie"
        field.value = "a typo line"
        await pilot.press("enter")
        await settle(pilot)
        assert field.value == "half typed"  # what was being typed comes back
        await pilot.press("ctrl+r", "ctrl+g")
        await settle(pilot)
        log = screen.query_one(CaptureLog)
        assert len(options(log)) == 1
        log.focus()
        await pilot.press("x", "x")
        await settle(pilot)
        assert options(log) == []
    conversation, commitments = stored(data_dir, conversation_id)
    assert conversation is not None and conversation.entries == [] and commitments == []
    assert conversation.live_draft == "half typed"


async def test_ending_plays_back_then_follow_through_then_dashboard(data_dir: Path) -> None:
    """ctrl+n shows the summary; confirming opens follow-through with the commitment there."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await live_on(pilot, "Priya Kapoor")
        await enter(pilot, "= trial quiet Wednesdays")
        await enter(pilot, "! me: send the draft by fri")
        await pilot.press("ctrl+n")
        await settle(pilot)
        playback = pilot.app.screen
        assert isinstance(playback, PlaybackScreen)
        summary = shown(playback.query_one("#summary"))
        assert "- trial quiet Wednesdays" in summary
        assert "- I will send the draft by Fri 27 Nov" in summary
        await pilot.press("ctrl+o")
        await settle(pilot)
        look_back = pilot.app.screen
        assert isinstance(look_back, LookBackDialog)
        assert "1 of 3  I asked more than I told." in shown(look_back.query_one("#statement"))
        await pilot.press("f2")  # the idea behind it, from the seeds
        await settle(pilot)
        assert "dialogues prompted by asking questions" in shown(look_back.query_one("#idea"))
        await pilot.press("y", "p", "n")
        await settle(pilot)
        follow = pilot.app.screen
        assert isinstance(follow, FollowThroughScreen)
        assert [row[2] for row in rows(follow.query_one("#commitments"))] == ["send the draft"]
        await pilot.press("escape")
        await settle(pilot)
        dashboard = pilot.app.screen
        assert isinstance(dashboard, DashboardScreen)
        assert rows(dashboard.query_one("#commitments", ListTable))[0][3] == "send the draft"
    conversation, commitments = stored(data_dir, conversation_id)
    assert conversation is not None
    assert conversation.summary_confirmed
    assert conversation.look_back == {
        "asked_more": 2,
        "checked_understanding": 1,
        "shared_early": 0,
    }
    assert "We decided:" in conversation.note("follow_through", "summary")
    assert commitments[0].status is CommitmentStatus.OPEN


async def test_what_is_typed_on_playback_is_the_correction(data_dir: Path) -> None:
    """Playback opens ready for the correction: typing at once is not lost."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        await live_on(pilot, "Priya Kapoor")
        await enter(pilot, "= pilot the rota")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PlaybackScreen)
        await type_text(pilot, "Only for March")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LookBackDialog)
        await pilot.press("escape")  # the look back is skipped: nothing rated is stored
        await settle(pilot)
        assert isinstance(pilot.app.screen, FollowThroughScreen)
    conversation, _ = stored(data_dir, conversation_id)
    assert conversation is not None
    assert conversation.correction == "Only for March"
    assert conversation.look_back == {}


async def test_a_correction_is_recorded(data_dir: Path) -> None:
    """'They corrected it' needs what they corrected, then keeps it."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await live_on(pilot, "Priya Kapoor")
        await enter(pilot, "~ worried about Q1")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        playback = pilot.app.screen
        assert isinstance(playback, PlaybackScreen)
        assert "Type what they corrected" in shown(playback.query_one("#playback-note"))
        await type_text(pilot, "It is hiring, not the deadline")
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("y", "escape")  # one rated, the rest skipped
        await settle(pilot)
        assert isinstance(pilot.app.screen, FollowThroughScreen)
    conversation, _ = stored(data_dir, conversation_id)
    assert conversation is not None
    assert (conversation.summary_confirmed, conversation.correction) == (
        False,
        "It is hiring, not the deadline",
    )
    assert conversation.look_back == {"asked_more": 2}


async def test_a_half_typed_line_survives_quitting(data_dir: Path) -> None:
    """Type without Enter, quit: the line is back when capture opens again."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        await live_on(pilot, "Priya Kapoor")
        await type_text(pilot, "she said the rota")
        await pilot.press("ctrl+q")
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        start_live(pilot.app, workspace_of(pilot), "Priya Kapoor")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LiveStartScreen)  # continue it? (the first choice)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LiveScreen)
        assert screen.query_one("#capture", Input).value == "she said the rota"


async def test_someone_new_is_asked_only_the_purpose(data_dir: Path) -> None:
    """`coach live "Some Person"` for a stranger: pick the purpose (default offered), capture."""
    app = make_app(data_dir)
    app.live_with = "Some Person"
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await settle(pilot)
            if (
                isinstance(app.screen, LiveStartScreen)
                and app.focused is not None
                and (app.focused.id == "purposes")
            ):
                break
        assert isinstance(app.screen, LiveStartScreen)
        assert "Some Person is new to coach" in str(app.screen.query_one("#purpose-title").render())
        await pilot.press("enter")  # the default purpose
        await settle(pilot)
        assert isinstance(app.screen, LiveScreen)
        assert app.screen.title == "Some Person"
    store = Store.open(data_dir, read_only=True)
    (conversation,) = store.conversations.find()
    assert conversation.purpose == "building-trust"


async def test_live_is_one_key_from_the_dashboard_and_the_steps(data_dir: Path) -> None:
    """l on the dashboard (choosing who, or the highlighted one), ctrl+l on a step screen."""
    conversation_id = seed(data_dir)
    store = Store.open(data_dir)
    conversation = store.conversations.get(conversation_id)
    assert conversation is not None
    store.commitments.add(Commitment("An older promise", Owner.ME, conversation.person_id))
    store.close()
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        assert pilot.app.focused is dashboard.query_one("#commitments")
        await pilot.press("l")
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, LiveStartScreen)
        assert options(picker.query_one("#preparing"))[0].endswith("Priya Kapoor · Building trust")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LiveScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)
        dashboard.query_one("#conversations").focus()
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LiveScreen)  # straight to the highlighted one
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LiveScreen)


async def test_an_answer_ends_with_its_line(data_dir: Path) -> None:
    """After a `?` line, one line answers it; the next is a note; escape makes it a note."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await live_on(pilot, "Priya Kapoor")
        await enter(pilot, "? who signs off the budget")
        assert "next line answers: who signs off the budget" in shown(
            screen.query_one("#answering")
        )
        await enter(pilot, "finance, then me")
        await enter(pilot, "the office move is on hold")
        await enter(pilot, "+3 people join in January")  # a "+" after a note is its text
        await enter(pilot, "? what would help")
        await pilot.press("escape")  # not answered after all
        await settle(pilot)
        assert isinstance(pilot.app.screen, LiveScreen)
        await enter(pilot, "an aside")
    conversation, _ = stored(data_dir, conversation_id)
    assert conversation is not None
    questions = {q.id: q.text for q in conversation.questions}
    assert [(e.text, questions.get(e.question_id or "")) for e in conversation.entries] == [
        ("who signs off the budget", "who signs off the budget"),
        ("finance, then me", "who signs off the budget"),
        ("the office move is on hold", None),
        ("+3 people join in January", None),
        ("what would help", "what would help"),
        ("an aside", None),
    ]
    budget = next(q for q in conversation.questions if q.text == "who signs off the budget")
    assert budget.answer == "finance, then me"
