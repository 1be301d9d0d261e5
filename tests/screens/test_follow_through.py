"""Follow-through: commitments with owner and due date, the next check-in, the playback."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Checkbox, Input, Select

from coach.model import CommitmentStatus, ConversationStatus, Person
from coach.screens.steps.follow_through import FollowThroughScreen
from coach.screens.widgets.list_table import ListTable
from coach.screens.widgets.note import Note
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.ui import make_app, opened, rows, settle, shown, type_text


def seed(directory: Path) -> str:
    store = Store.open(directory)
    conversation = store.conversations.start(
        Person("Alex Kim"), "building-trust", TODAY, new_person=True
    )
    store.close()
    return conversation.id


async def open_follow_through(pilot, conversation_id: str) -> FollowThroughScreen:  # type: ignore[no-untyped-def]
    from coach.screens.steps.flow import step_screen

    dashboard = await opened(pilot)
    pilot.app.push_screen(step_screen("follow_through", dashboard.workspace, conversation_id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FollowThroughScreen)
    return screen


def stored(directory: Path, conversation_id: str):  # type: ignore[no-untyped-def]
    store = Store.open(directory, read_only=True)
    return store.conversations.get(conversation_id), store.commitments.find(
        conversation_id=conversation_id
    )


async def test_commitments_with_every_date_form(data_dir: Path) -> None:
    """today, tomorrow, a weekday, +3d, +2w and ISO dates all land on the right day."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_follow_through(pilot, conversation_id)
        assert pilot.app.focused is screen.query_one("#commitment-text")
        for text, due in [
            ("A", "today"),
            ("B", "tomorrow"),
            ("C", "mon"),
            ("D", "+3d"),
            ("E", "+2w"),
            ("F", "2026-12-24"),
            ("G", ""),
        ]:
            await type_text(pilot, f"Promise {text}")
            screen.query_one("#commitment-due", Input).focus()
            await type_text(pilot, due)
            await pilot.press("enter")
            await settle(pilot)
            assert pilot.app.focused is screen.query_one("#commitment-text")
        table = rows(screen.query_one("#commitments", ListTable))
        assert [(row[1], row[2]) for row in table] == [
            ("today", "Promise A"),
            ("tomorrow", "Promise B"),
            ("Mon 23 Nov", "Promise C"),
            ("Mon 23 Nov", "Promise D"),
            ("Fri 04 Dec", "Promise E"),
            ("Thu 24 Dec", "Promise F"),
            ("no date", "Promise G"),
        ]
    _, commitments = stored(data_dir, conversation_id)
    assert len(commitments) == 7


async def test_owner_them_and_both(data_dir: Path) -> None:
    """The owner chosen is the owner stored, and the next one starts as me again."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_follow_through(pilot, conversation_id)
        for owner in ("them", "both"):
            screen.query_one("#owner", Select).value = owner
            screen.query_one("#commitment-text", Input).focus()
            await type_text(pilot, f"by {owner}")
            await pilot.press("enter")
            await settle(pilot)
            # Each added commitment puts the choice back to me, so none is misfiled.
            assert screen.query_one("#owner", Select).value == "me"
        await type_text(pilot, "by me")
        await pilot.press("enter")
        await settle(pilot)
    _, commitments = stored(data_dir, conversation_id)
    assert sorted((c.owner.value, c.text) for c in commitments) == [
        ("both", "by both"),
        ("me", "by me"),
        ("them", "by them"),
    ]


async def test_bad_commitments_get_a_message_and_store_nothing(data_dir: Path) -> None:
    """No text, or an impossible date: a clear message, what was typed kept, nothing stored."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_follow_through(pilot, conversation_id)
        note = screen.query_one("#commitment-note", Note)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(note) == "Say what was promised first." and note.is_error
        await type_text(pilot, "Send [/] the plan")
        screen.query_one("#commitment-due", Input).focus()
        await type_text(pilot, "2026-02-30")
        await pilot.press("enter")
        await settle(pilot)
        assert shown(note) == "'2026-02-30' is not a real date."
        assert screen.query_one("#commitment-text", Input).value == "Send [/] the plan"
        assert pilot.app.focused is screen.query_one("#commitment-due")
    _, commitments = stored(data_dir, conversation_id)
    assert commitments == []


async def test_mark_done_reopen_and_remove(data_dir: Path) -> None:
    """d toggles done in the list; x twice removes a commitment entered by mistake."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_follow_through(pilot, conversation_id)
        for text in ("Keep", "Mistake"):
            await type_text(pilot, text)
            await pilot.press("enter")
            await settle(pilot)
        screen.query_one("#commitments").focus()
        await pilot.press("d")
        await settle(pilot)
        assert rows(screen.query_one("#commitments", ListTable))[0][1] == "✓ done"
        await pilot.press("down", "x")
        await settle(pilot)
        # One x only asks: a stray key must not take a promise out of the ledger.
        table = screen.query_one("#commitments", ListTable)
        assert [row[2] for row in rows(table)] == ["Keep", "Mistake"]
        await pilot.press("x")
        await settle(pilot)
        assert [row[2] for row in rows(table)] == ["Keep"]
    _, commitments = stored(data_dir, conversation_id)
    assert [(c.text, c.status, c.done_on) for c in commitments] == [
        ("Keep", CommitmentStatus.DONE, TODAY)
    ]


async def test_check_in_confirmation_and_status_are_stored(data_dir: Path) -> None:
    """Next check-in, 'they confirmed', and the status each stick."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_follow_through(pilot, conversation_id)
        assert "Set the status to Held" in shown(screen.query_one("#status-note", Note))
        screen.query_one("#next-checkin", Input).focus()
        await type_text(pilot, "+2w")
        await settle(pilot)
        assert shown(screen.query_one("#checkin-note", Note)) == "Fri 04 Dec"
        screen.query_one("#confirmed", Checkbox).value = True
        screen.query_one("#status", Select).value = "held"
        await settle(pilot)
        assert shown(screen.query_one("#status-note", Note)) == ""
        await pilot.press("escape")
        await settle(pilot)
    conversation, _ = stored(data_dir, conversation_id)
    assert conversation is not None
    assert conversation.next_checkin is not None and conversation.next_checkin.isoformat() == (
        "2026-12-04"
    )
    assert conversation.summary_confirmed is True
    assert conversation.status is ConversationStatus.HELD


async def test_a_due_date_in_the_past_is_questioned_then_kept_on_enter_again(
    data_dir: Path,
) -> None:
    """`yesterday` is not taken without a word: a note asks, Enter again keeps it."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_follow_through(pilot, conversation_id)
        await type_text(pilot, "Send the notes")
        due = screen.query_one("#commitment-due", Input)
        due.focus()
        await type_text(pilot, "yesterday")
        note = screen.query_one("#commitment-note", Note)
        assert "that has passed" in shown(note)
        await pilot.press("enter")
        await settle(pilot)
        assert "in the past (Thu 19 Nov)" in shown(note) and "Enter again" in shown(note)
        assert rows(screen.query_one("#commitments", ListTable)) == []
        assert pilot.app.focused is due and due.value == "yesterday"
        await pilot.press("enter")
        await settle(pilot)
        assert [row[1:3] for row in rows(screen.query_one("#commitments", ListTable))] == [
            ["1 day late", "Send the notes"]
        ]
    _, commitments = stored(data_dir, conversation_id)
    assert [c.due for c in commitments] == [TODAY - timedelta(days=1)]
