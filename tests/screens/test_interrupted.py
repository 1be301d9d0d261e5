"""Picking up an interrupted meeting: offered first, and continued as it was left."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from textual.widgets import Input, OptionList

from coach.model import ConversationStatus
from coach.screens.dashboard import DashboardScreen
from coach.screens.dialogs.look_back import LookBackDialog
from coach.screens.live.capture import LiveScreen
from coach.screens.live.start import LiveStartScreen
from coach.screens.steps.follow_through import FollowThroughScreen
from coach.screens.widgets.capture_log import CaptureLog
from coach.screens.widgets.live_side import QuestionList
from tests.conftest import TODAY
from tests.screens.test_live import enter, live_on, seed, stored
from tests.support.ui import (
    CoachUnderTest,
    opened,
    options,
    settle,
    shown,
    type_text,
    wait_until,
)

# The meeting begins at 10:42 on the tests' today.
AT = datetime.combine(TODAY, time(10, 42)).astimezone()


def make_app(directory: Path, live_with: str | None = None) -> CoachUnderTest:
    """The app on `directory`, its clock stopped at 10:42 on the tests' today."""
    return CoachUnderTest(directory, today=lambda: TODAY, now=lambda: AT, live_with=live_with)


async def interrupt_a_meeting(data_dir: Path) -> str:
    """Priya's meeting: two lines, a question asked, half a line typed, then the app stops."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await live_on(pilot, "Priya Kapoor")
        await enter(pilot, "Opened with thanks")
        await pilot.press("ctrl+t")  # the first planned question, asked
        await enter(pilot, "Autonomy, mostly")
        await type_text(pilot, "half a tho")
        await screen.autosave.settle()
        await settle(pilot)
    return conversation_id


async def continued(pilot, conversation_id: str) -> LiveScreen:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, LiveScreen), "live capture")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LiveScreen)
    assert screen.conversation.id == conversation_id
    log = options(screen.query_one(CaptureLog))
    assert any("Opened with thanks" in line for line in log)
    assert any("Autonomy, mostly" in line for line in log)
    assert screen.query_one("#capture", Input).value == "half a tho"
    asked = screen.query_one(QuestionList)
    assert "✓" in options(asked)[0]
    return screen


async def test_the_dashboard_offers_to_continue_and_c_does(data_dir: Path) -> None:
    """'Meeting with Priya Kapoor interrupted at 10:42 — continue?'; c continues it."""
    conversation_id = await interrupt_a_meeting(data_dir)
    at = "10:42"
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        dashboard = await opened(pilot)
        line = shown(dashboard.query_one("#interrupted"))
        assert line.startswith(f"Meeting with Priya Kapoor interrupted at {at} — continue?")
        assert dashboard.active_bindings["c"].binding.show
        await pilot.press("c")
        await continued(pilot, conversation_id)


async def test_coach_live_name_offers_the_interrupted_meeting_first(data_dir: Path) -> None:
    """`coach live "Priya Kapoor"`: the interrupted meeting is highlighted; Enter continues."""
    conversation_id = await interrupt_a_meeting(data_dir)
    at = "10:42"
    app = make_app(data_dir, live_with="Priya Kapoor")
    async with app.run_test(size=(100, 30)) as pilot:

        def offered() -> bool:
            listing = app.screen.query("#preparing").results(OptionList)
            return (
                isinstance(app.screen, LiveStartScreen)
                and any(
                    "interrupted" in shown(title) for title in app.screen.query("#live-start-title")
                )
                and any(found.option_count for found in listing)
            )

        await wait_until(pilot, offered, "the choice of meeting")
        await settle(pilot)
        start = app.screen
        assert "was interrupted. Continue it?" in shown(start.query_one("#live-start-title"))
        choices = options(start.query_one("#preparing", OptionList))
        assert choices == [
            f"Continue · Priya Kapoor · interrupted at {at} · Building trust",
            "A new conversation with Priya Kapoor",
        ]
        await pilot.press("enter")
        await continued(pilot, conversation_id)


async def test_l_on_the_dashboard_lists_the_interrupted_meeting_first(data_dir: Path) -> None:
    """l: 'Continue · Priya Kapoor · interrupted at …' is the first choice, highlighted."""
    conversation_id = await interrupt_a_meeting(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        await pilot.press("l")
        await settle(pilot)
        start = pilot.app.screen
        assert isinstance(start, LiveStartScreen)
        listing = start.query_one("#preparing", OptionList)
        assert options(listing)[0].startswith("Continue · Priya Kapoor · interrupted at ")
        assert listing.highlighted == 0
        await pilot.press("enter")
        await continued(pilot, conversation_id)


async def test_escape_from_capture_keeps_it_in_preparation(data_dir: Path) -> None:
    """Lines captured, then escape: still in preparation, on its planned date."""
    conversation_id = seed(data_dir)
    planned, _ = stored(data_dir, conversation_id)
    assert planned is not None
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await live_on(pilot, "Priya Kapoor")
        await enter(pilot, "A note")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)
    conversation, _ = stored(data_dir, conversation_id)
    assert conversation is not None
    assert conversation.status is ConversationStatus.PREPARING
    assert conversation.date == planned.date


async def test_ending_the_meeting_marks_it_held_on_the_day_it_began(data_dir: Path) -> None:
    """ctrl+n, then confirmed: held, dated the day the meeting began; no longer offered."""
    conversation_id = seed(data_dir)
    async with make_app(data_dir).run_test(size=(100, 30)) as pilot:
        await live_on(pilot, "Priya Kapoor")
        await enter(pilot, "A note")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await wait_until(
            pilot, lambda: isinstance(pilot.app.screen, LookBackDialog), "the look back"
        )
        await pilot.press("escape")  # skipped: the meeting is ended all the same
        await wait_until(
            pilot, lambda: isinstance(pilot.app.screen, FollowThroughScreen), "follow-through"
        )
        await pilot.press("escape")
        dashboard = await opened(pilot)
        assert not dashboard.query_one("#interrupted").display
    conversation, _ = stored(data_dir, conversation_id)
    assert conversation is not None and conversation.started is not None
    assert conversation.status is ConversationStatus.HELD
    assert conversation.date == conversation.started.date()
