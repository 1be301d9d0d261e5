"""CoachApp: the dashboard first, once the data is open; keys in order; everything saved on leaving.

Opening the data is screens/opening.py's job, the palette's entries screens/palette.py's.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

import coach.screens
from coach.key_order import KeyOrder
from coach.locations import config_dir
from coach.screens.opening import Opening
from coach.screens.widgets.fit import fit
from coach.settings import Settings, read_settings, save, theme_warning
from coach.user_text import visible

# Only the opening is imported before the first paint; the rest after it, or where
# first needed (see benchmarks/RESULTS.md).
if TYPE_CHECKING:
    from coach.workspace import Workspace


def _people_and_commitments() -> type[Provider]:
    """The palette's people-and-commitments entries (imported when the palette opens)."""
    from coach.screens.palette import PeopleAndCommitments

    return PeopleAndCommitments


class CoachApp(App[None]):
    """The coach terminal app."""

    TITLE = "coach"
    # The screens every start shows have their styles read with the app's own: Textual
    # re-parses every stylesheet when a screen brings a new one (~50 ms, benchmarks/RESULTS.md).
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        *(
            Path(coach.screens.__file__).parent / name
            for name in ("opening.tcss", "dashboard.tcss")
        ),
    ]
    COMMANDS = App.COMMANDS | {_people_and_commitments}
    BINDINGS = [
        Binding("f1", "help", "Help"),
        # `?` only reaches here when no text field has focus (fields take the key).
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        directory: Path,
        *,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] | None = None,
        live_with: str | None = None,
    ) -> None:
        super().__init__()
        self.directory = directory
        self.today, self.now = today, now  # for the screens (the tests fix them)
        # `coach live [PERSON]`: go straight to capture once the data is open.
        self.live_with = live_with
        # A tiny file, read before the first paint so the chosen theme shows at once.
        self.settings, self._settings_problem = read_settings(config_dir())
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.workspace: Workspace | None = None
        self._leaving_anyway = False
        self.key_order = KeyOrder(self)

    def on_mount(self) -> None:
        """Paint at once (the data is read in the background), and save on hang-up."""
        self.key_order.start()
        self.screen_change_signal.subscribe(self, lambda screen: fit(screen, *self.size))
        Opening(
            self,
            self.directory,
            self.today,
            now=self.now,
            live_with=self.live_with,
            opened=self._opened,
        ).start()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if warning := theme_warning(self.settings, self._settings_problem, self.available_themes):
            timeout = 20 if self._settings_problem is not None else None
            self.notify(
                warning, title="Settings", severity="warning", markup=False, timeout=timeout
            )
        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self._hang_up)

    def _opened(self, workspace: Workspace) -> None:
        """The data is open (the dashboard shows next): kept, to be closed when leaving."""
        self.workspace = workspace
        self.workspace.question_hints = self.settings.question_hints

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes from the terminal go through KeyOrder, which keeps their order."""
        if not self.key_order.took(event):
            await super().on_event(event)

    def on_resize(self, event: events.Resize) -> None:
        """A notice replaces the screen while the terminal is too small for it."""
        # The new size, not self.size: Textual's own handler, which updates that, runs after.
        fit(self.screen, event.size.width, event.size.height)

    # -- leaving ----------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Save everything, then quit; if a save fails, say so and stay."""
        from coach.screens.saving import settle_all

        if await settle_all(self.screen_stack) or self._leaving_anyway:
            self.exit()
            return
        self._leaving_anyway = True
        self.notify(
            "Some edits could not be saved (see the message). Fix the problem and try "
            "again, or press ctrl+q once more to quit without them.",
            title="Not saved",
            severity="error",
            markup=False,
        )

    def _hang_up(self) -> None:
        """The terminal went away: hand every edit to the writer, then leave."""
        from coach.screens.saving import flush_all

        flush_all(self.screen_stack)
        self.exit()

    def close_data(self) -> None:
        """Finish every queued save and release the data (after the app has stopped)."""
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None

    async def on_unmount(self) -> None:
        """On the way out of run() and run_test() alike: nothing queued is lost."""
        self.key_order.stop()
        await asyncio.to_thread(self.close_data)

    # -- the theme, notifications, help and the palette -------------------------------

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name != self.settings.theme:
            self.change_settings(replace(self.settings, theme=theme.name))

    def change_settings(self, settings: Settings) -> None:
        """Use these settings and save them (on a thread: it is a file write)."""
        self.settings = settings

        def work() -> None:
            if (failed := save(config_dir(), settings)) is not None:
                self.call_from_thread(self.notify, failed, severity="warning", markup=False)

        self.run_worker(work, thread=True, name="save settings")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notify; plain text shows control characters as symbols (no escape reaches the tty)."""
        if not markup:
            message, title = visible(message), visible(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def format_title(self, title: str, sub_title: str) -> Content:
        """Every header says "read-only" while another coach holds the data."""
        workspace = self.workspace
        if workspace is not None and workspace.read_only and "read-only" not in sub_title:
            sub_title = " · ".join(part for part in (sub_title, "read-only") if part)
        return super().format_title(title, sub_title)

    def action_help(self) -> None:
        """Show the help (once; its module is imported when first asked for)."""
        from coach.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """coach's own commands first, then Textual's."""
        from coach.screens.palette import coach_commands

        yield from coach_commands(self, self.workspace)
        yield from super().get_system_commands(screen)
