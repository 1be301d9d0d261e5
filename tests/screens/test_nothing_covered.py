"""Notifications stay with their screen and cover no field; the live log shows every
wrapped line whole, with or without its scroll bar."""

from __future__ import annotations

from pathlib import Path

from coach.screens.dashboard import DashboardScreen
from coach.screens.live.capture import LiveScreen
from coach.screens.review.conversations import ReviewScreen
from coach.screens.widgets.capture_log import CaptureLog
from tests.screens.test_reads_well import Ids, fill
from tests.support.reading import covered
from tests.support.ui import burst, make_app, opened, screen_text, settle, typed, wait_until


async def test_due_now_stays_on_the_dashboard(data_dir: Path) -> None:
    """The nudge shows on the dashboard, under the header; it is gone in the review."""
    fill(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot)
        assert [n.title for n in app._notifications] == ["Due now"]
        assert "Due now" in screen_text(app).splitlines()[1]
        assert not covered(app, "dashboard")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert not app._notifications
        assert not covered(app, "review")


async def test_a_notice_in_live_capture_leaves_the_line_in_view(data_dir: Path) -> None:
    """ctrl+f before any line: the notice shows, the capture line is not under it."""
    fill(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot)
        assert app.workspace is not None
        app.push_screen(LiveScreen(app.workspace, Ids(app.workspace.store).preparing))
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert [n.message for n in app._notifications][-1].startswith("Capture a line first")
        assert not covered(app, "live capture")


async def test_the_live_log_shows_the_end_of_a_wrapped_line(data_dir: Path) -> None:
    """A line that just fits the log, then enough lines for a scroll bar: scrolled back
    to, the first line still shows its last word (the bar takes two columns of it)."""
    fill(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert app.workspace is not None
        app.push_screen(LiveScreen(app.workspace, Ids(app.workspace.store).preparing))
        await settle(pilot)
        log = app.screen.query_one("#log", CaptureLog)
        # "12:00   +0 · " comes before the text: make the line one cell short of the
        # width the log has before any scroll bar.
        width = log.size.width - 2  # its padding
        text = "They lost a big retail client in the spring, and again in"
        text = (text + " x" * 40)[: width - 14] + " Q3"
        burst(pilot, *typed(text))
        await settle(pilot)
        await wait_until(pilot, lambda: log.option_count == 1, "the first line")
        burst(pilot, *typed("\n".join(f"Note number {n}" for n in range(1, 20))))
        await settle(pilot)
        await wait_until(pilot, lambda: log.option_count == 20, "the lines to be logged")
        log.focus()
        await settle(pilot)
        await pilot.press("home")
        await settle(pilot)
        text_shown = screen_text(app)
        assert "Q3" in text_shown, text_shown


async def test_a_notice_raised_just_before_a_key_opens_a_screen_stays_behind(
    data_dir: Path,
) -> None:
    """The dashboard said "Due now" just as a key typed ahead opened the review: Textual
    shows a notice only once its message is handled, after the review is in front, and
    it covered the review's rows (seen in CI, with "n" typed ahead to the new form)."""
    fill(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: bool(app._notifications), "the dashboard's own notice")
        app.clear_notifications()
        dashboard = app.screen
        assert app.workspace is not None
        dashboard.notify("1 commitment due today or overdue", title="Due now", markup=False)
        await app.push_screen(ReviewScreen(app.workspace))  # before the notice is handled
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert [(n.title, n.message) for n in app._notifications] == []
        await app.pop_screen()
        await settle(pilot)
        assert app.screen is dashboard


async def test_a_warning_about_your_content_waits_for_the_dashboard(data_dir: Path) -> None:
    """A content file of the user's with a rule that cannot be used is said once the
    dashboard is up; with the new-conversation form opened by a key typed meanwhile, it
    is said when they come back to the dashboard, not over the field they type in."""
    from coach.locations import content_dir
    from coach.screens.new_conversation import NewConversationScreen

    folder = content_dir()
    folder.mkdir(parents=True)
    (folder / "hints.toml").write_text(
        '[[question_hints]]\nkind = "leading"\npatterns = ["^(broken"]\n'
        'hint = "Does not compile."\nidea = "-"\n',
        encoding="utf-8",
    )
    fill(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        dashboard = await opened(pilot)
        assert isinstance(dashboard, DashboardScreen)

        def said() -> list[str]:
            return [n.message for n in app._notifications if n.title == "Your content"]

        await wait_until(pilot, lambda: bool(said()), "the warning on the dashboard")
        app.clear_notifications()
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewConversationScreen)
        dashboard.warn_when_shown("Your content", "hints.toml, line 3: not usable")
        await settle(pilot)
        assert said() == []
        assert not covered(app, "new conversation")
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is dashboard  # (`app.screen` is narrowed to the form above)
        assert said() == ["hints.toml, line 3: not usable"]


async def test_a_warning_raised_while_typed_keys_wait_waits_for_them(data_dir: Path) -> None:
    """Raised on the dashboard while a key typed during the start is still on its way: not
    said until that key is taken; it opens the new-conversation form, so it is said when
    the dashboard is back."""
    from coach.app import CoachApp
    from coach.screens.new_conversation import NewConversationScreen

    fill(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        dashboard = await opened(pilot)
        assert isinstance(app, CoachApp) and isinstance(dashboard, DashboardScreen)

        def said() -> list[str]:
            return [n.message for n in app._notifications if n.title == "Your content"]

        app.key_order.hold()  # (as while the data is read)
        burst(pilot, "n")
        await wait_until(pilot, lambda: app.key_order.waiting == 1, "the key to wait")
        dashboard.warn_when_shown("Your content", "hints.toml, line 3: not usable")
        await pilot.pause(0.3)
        assert said() == []
        app.key_order.release()
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewConversationScreen)
        await pilot.pause(0.3)
        assert said() == []
        await pilot.press("escape")
        await settle(pilot)
        assert said() == ["hints.toml, line 3: not usable"]
