"""CoachApp: opens the data off the first paint, shows the dashboard, saves before leaving."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

import coach.screens
from coach.errors import CorruptDataError, DataInUseError, NewerVersionError, StoreError
from coach.key_order import KeyOrder
from coach.locations import config_dir, content_dir
from coach.screens.opening import OpeningScreen
from coach.screens.widgets.fit import fit
from coach.settings import Settings, read_settings, write_settings
from coach.user_text import visible

# Only the opening screen is imported before the first paint: the store, the
# dashboard and the rest are imported on the worker that opens the data, after
# it (see benchmarks/RESULTS.md), or where they are first needed.
if TYPE_CHECKING:
    from coach.guidance.library import Guidance
    from coach.screens.dashboard import DashboardScreen
    from coach.screens.saving import Autosave
    from coach.store.store import Store
    from coach.workspace import Workspace


def _people_and_commitments() -> type[Provider]:
    """The palette's people-and-commitments entries (imported when the palette opens)."""
    from coach.screens.palette import PeopleAndCommitments

    return PeopleAndCommitments


def _screen_styles(*names: str) -> list[str | PurePath]:
    """The stylesheets of some screens (in coach.screens), by file name."""
    folder = Path(coach.screens.__file__).parent
    return [folder / name for name in names]


class CoachApp(App[None]):
    """The coach terminal app."""

    TITLE = "coach"
    # The screens every start shows have their styles read with the app's own:
    # Textual re-parses every stylesheet whenever a screen brings a new one, which
    # cost ~50 ms on the way to the dashboard (see benchmarks/RESULTS.md).
    CSS_PATH = ["app.tcss", *_screen_styles("opening.tcss", "dashboard.tcss")]
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
        # The date and the time the screens work with (the tests fix them).
        self.today = today
        self.now = now
        # `coach live [PERSON]`: go straight to capture once the data is open.
        self.live_with = live_with
        # A tiny file, read before the first paint so the chosen theme shows at once.
        self.settings, self._settings_problem = read_settings(config_dir())
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.workspace: Workspace | None = None
        self._leaving_anyway = False
        self.key_order: KeyOrder | None = None

    # -- opening the data -----------------------------------------------------------

    def on_mount(self) -> None:
        """Paint at once, read the data in the background, and save on hang-up."""
        self.key_order = KeyOrder(self)
        self.key_order.start()
        self.screen_change_signal.subscribe(self, self._fit)
        self.push_screen(OpeningScreen())
        # Reading the data holds Python's interpreter lock for a good while (json
        # parsing does not let go of it), so it waits until the first frame is out.
        self.call_after_refresh(self.open_data, read_only=False)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self._settings_problem is not None:
            self.notify(
                str(self._settings_problem),
                title="Settings",
                severity="warning",
                markup=False,
                timeout=20,
            )
        elif self.settings.theme not in self.available_themes:
            self.notify(
                f"There is no theme called {self.settings.theme!r}; using the default.",
                title="Settings",
                severity="warning",
                markup=False,
            )
        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self._hang_up)

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes from the terminal go through KeyOrder, which keeps their order."""
        if (
            isinstance(event, (events.Key, events.Paste))
            and not event.is_forwarded
            and self.key_order is not None
        ):
            if isinstance(event, events.Key) and not self.app_focus:
                self.app_focus = True
            self.key_order.take(event)
            return
        await super().on_event(event)

    def on_resize(self, event: events.Resize) -> None:
        """A notice replaces the screen while the terminal is too small for it."""
        # The new size, not self.size: Textual's own handler, which updates that, runs after.
        fit(self.screen, event.size.width, event.size.height)

    def _fit(self, screen: Screen[object]) -> None:
        fit(screen, self.size.width, self.size.height)

    def open_data(self, *, read_only: bool) -> None:
        """Open the store on a thread; the dashboard or a problem screen follows."""

        def work() -> None:
            # Imported here, off the first paint; _opened then finds them loaded.
            import coach.screens.dashboard
            import coach.workspace  # noqa: F401
            from coach.guidance.library import load_guidance
            from coach.store.store import Store

            guidance = load_guidance(content_dir())
            for problem in guidance.problems:
                self.call_from_thread(
                    self.notify,
                    f"{problem}. The rest of your content is in use.",
                    title="Your content",
                    severity="warning",
                    markup=False,
                    timeout=20,
                )
            try:
                store = Store.open(self.directory, read_only=read_only)
            except StoreError as error:
                self.call_from_thread(self._cannot_open, error)
            else:
                self.call_from_thread(self._opened, store, guidance)

        self.run_worker(work, thread=True, name="open data", exit_on_error=True)

    def _opened(self, store: Store, guidance: Guidance) -> None:
        from coach.screens.dashboard import DashboardScreen
        from coach.workspace import Workspace
        from coach.writer import Writer

        self.workspace = Workspace(
            store=store, writer=Writer(), today=self.today, guidance=guidance
        )
        if self.now is not None:
            self.workspace.now = self.now
        # Pushed over the opening screen, never replacing it: a screen removed while
        # it is still mounting trips Textual's Header.
        self.push_screen(DashboardScreen(self.workspace))
        if self.live_with is not None and not store.read_only:
            self.start_live(self.live_with)
            self.live_with = None
        for warning in store.warnings:
            self.notify(warning, title="Backup", severity="warning", markup=False, timeout=15)
        if store.read_only:
            self.notify(
                "Another coach is changing this data, so this one only shows it.",
                title="Read-only",
                markup=False,
            )

    def _cannot_open(self, error: StoreError) -> None:
        # Imported here, like the help: only a few starts need them, and every start
        # would pay for importing them (see benchmarks/RESULTS.md).
        from coach.screens.problem import Choice, DataProblemScreen
        from coach.storage.backups import newest_good

        heading, choices = "coach cannot open your data", [Choice("Quit", "quit", "primary")]
        explanation = str(error)
        if isinstance(error, DataInUseError):
            heading = "Your data is open in another coach"
            explanation += (
                "\n\nOnly one coach can change the data at a time, so nothing is lost. "
                "Close the other one, or open this one read-only to look things up."
            )
            choices = [Choice("Open read-only", "read-only", "primary"), Choice("Quit", "quit")]
        elif isinstance(error, CorruptDataError):
            heading = "Your data file cannot be read"
            backup = newest_good(self.directory)
            if backup is not None:
                explanation += (
                    f"\n\nThe newest good backup is from {backup.describe()}. Restoring it "
                    "keeps the unreadable file beside it, renamed, so nothing is thrown away."
                )
                choices = [
                    Choice(
                        f"Restore the backup of {backup.taken:%d %b %H:%M}", "restore", "primary"
                    )
                ]
            else:
                explanation += "\n\nThere is no backup to restore."
                choices = []
            choices += [
                Choice("Start afresh (keep the file aside)", "afresh"),
                Choice("Quit", "quit"),
            ]
        elif isinstance(error, NewerVersionError):
            heading = "This data needs a newer coach"
        self.push_screen(DataProblemScreen(heading, explanation, choices), self._problem_answered)

    def _problem_answered(self, action: str | None) -> None:
        if action == "read-only":
            self.open_data(read_only=True)
        elif action in ("restore", "afresh"):
            self._recover(action)
        else:
            self.exit()

    def _recover(self, action: str) -> None:
        from coach.storage import recovery

        def work() -> None:
            try:
                if action == "restore":
                    backup, aside = recovery.restore_newest_backup(self.directory)
                    done = f"Restored the backup of {backup.describe()}."
                else:
                    aside = recovery.start_afresh(self.directory)
                    done = "Started afresh."
            except (OSError, StoreError) as error:
                self.call_from_thread(self._cannot_open, StoreError(f"Could not recover: {error}"))
                return
            kept = ", ".join(str(path) for path in aside)
            message = f"{done} The unreadable file is kept as {kept}." if kept else done
            self.call_from_thread(self.notify, message, title="Recovered", markup=False, timeout=20)
            self.call_from_thread(self.open_data, read_only=False)

        self.run_worker(work, thread=True, name="recover data", exit_on_error=True)

    def start_live(self, name: str = "") -> None:
        """Open live capture with `name` (or ask who the meeting is with)."""
        from coach.screens.live.capture import LiveScreen
        from coach.screens.live.start import LiveStartScreen

        workspace = self.workspace
        if workspace is None:
            return

        def chosen(conversation_id: str | None) -> None:
            if conversation_id:
                self.push_screen(LiveScreen(workspace, conversation_id))

        self.push_screen(LiveStartScreen(workspace, name), chosen)

    # -- leaving ----------------------------------------------------------------------

    def _autosaves(self) -> Iterable[Autosave]:
        from coach.screens.saving import Autosave

        for screen in self.screen_stack:
            autosave = getattr(screen, "autosave", None)
            if isinstance(autosave, Autosave):
                yield autosave

    async def action_quit(self) -> None:
        """Save everything, then quit; if a save fails, say so and stay."""
        results = [await autosave.settle() for autosave in self._autosaves()]
        if all(results) or self._leaving_anyway:
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
        for autosave in self._autosaves():
            autosave.flush()
        self.exit()

    def close_data(self) -> None:
        """Finish every queued save and release the data (after the app has stopped)."""
        if self.workspace is None:
            return
        self.workspace.writer.close(timeout=30)
        self.workspace.store.close()
        self.workspace = None

    async def on_unmount(self) -> None:
        """On the way out of run() and run_test() alike: nothing queued is lost."""
        if self.key_order is not None:
            self.key_order.stop()
        await asyncio.to_thread(self.close_data)

    def _remember_theme(self, theme: Theme) -> None:
        """Save a newly chosen theme (on a thread: it is a file write)."""
        if theme.name == self.settings.theme:
            return
        self.settings = Settings(theme=theme.name)
        chosen = self.settings

        def work() -> None:
            try:
                write_settings(config_dir(), chosen)
            except OSError as error:
                self.call_from_thread(
                    self.notify,
                    f"Could not save the theme: {error}",
                    severity="warning",
                    markup=False,
                )

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
        """Notify; plain-text messages (paths, error text, user text) show control characters
        as symbols, so that a folder name holding an escape sequence cannot drive the terminal."""
        if not markup:
            message, title = visible(message), visible(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- help and commands ------------------------------------------------------------

    def action_help(self) -> None:
        """Show the help (once)."""
        # The help's Markdown widget costs ~30 ms to import: not on the way to the dashboard.
        from coach.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """coach's own commands first, then Textual's."""
        dashboard = self._dashboard()
        if dashboard is not None:
            yield SystemCommand(
                "New conversation",
                "Prepare a conversation with someone",
                dashboard.action_new_conversation,
            )
            yield SystemCommand(
                "Live capture", "Capture notes and commitments during a meeting", self.start_live
            )
            yield SystemCommand("Dashboard", "Go back to the dashboard", self._to_dashboard)
        yield SystemCommand("Help", "The five steps and every key", self.action_help)
        if dashboard is not None:
            yield SystemCommand(
                "Search conversations",
                "Find a conversation by any word in its notes, answers or commitments",
                dashboard.action_review,
            )
            yield SystemCommand(
                "Review conversations",
                "Search every conversation, filter, open one, see a person's timeline",
                dashboard.action_review,
            )
            yield SystemCommand(
                "Export", "Markdown, JSON or iCalendar, to a file", self._export_everything
            )
        yield from super().get_system_commands(screen)

    def _export_everything(self) -> None:
        from coach.screens.dialogs.export import Scope
        from coach.screens.exporting import export_from

        if self.workspace is not None:
            export_from(self.screen, self.workspace, Scope())

    def _dashboard(self) -> DashboardScreen | None:
        from coach.screens.dashboard import DashboardScreen

        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                return screen
        return None

    async def _to_dashboard(self) -> None:
        from coach.screens.dashboard import DashboardScreen
        from coach.screens.saving import Autosave

        while len(self.screen_stack) > 1 and not isinstance(self.screen, DashboardScreen):
            autosave = getattr(self.screen, "autosave", None)
            if isinstance(autosave, Autosave) and not await autosave.settle():
                return
            self.pop_screen()
