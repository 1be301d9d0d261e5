"""Help on F1, the command palette's own commands, and keys shown in the footer."""

from __future__ import annotations

from pathlib import Path

from coach.screens.dashboard import DashboardScreen
from coach.screens.help import HelpScreen
from coach.screens.new_conversation import NewConversationScreen
from textual.command import CommandPalette
from textual.widgets import Markdown

from tests.ui import make_app, opened, settle, type_text


async def test_f1_shows_help_and_escape_closes_it(data_dir: Path) -> None:
    """F1 opens the help over any screen; escape or F1 returns to where you were."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        markdown = app.screen.query_one(Markdown)
        assert "The five steps" in markdown.source
        await pilot.press("f1")  # F1 again closes it
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("n", "f1")  # also over a form, with a text field focused
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, NewConversationScreen)


async def test_the_palette_offers_coach_commands(data_dir: Path) -> None:
    """ctrl+p, type 'new', Enter: the new conversation form opens."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles[:4] == ["New conversation", "Live capture", "Dashboard", "Help"]
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "new conv")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NewConversationScreen)


async def test_every_screen_shows_quit_and_help_in_the_footer(data_dir: Path) -> None:
    """The keys a screen offers are in its footer, ctrl+q and F1 among them."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        for screen_key in ("dashboard", "new"):
            if screen_key == "new":
                await pilot.press("n")
                await settle(pilot)
            shown = {
                key for key, binding in app.screen.active_bindings.items() if binding.binding.show
            }
            assert {"ctrl+q", "f1"} <= shown, screen_key
        assert "escape" in shown and "ctrl+s" in shown
