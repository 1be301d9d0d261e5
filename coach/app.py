"""CoachApp: the dashboard first, once the data is open; keys in order; everything saved on leaving.

Opening the data is screens/opening.py's job, the palette's entries screens/palette.py's.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import signal
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.content import Content
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

import coach.screens
from coach.key_order import KeyOrder
from coach.locations import config_dir
from coach.screens.opening import Opening, OpeningScreen
from coach.screens.widgets.fit import fit
from coach.settings import Settings, read_settings, save, theme_warning
from coach.user_text import visible

# Only the opening is imported with the app; what it opens the data with, then, and the
# rest after the first frame, or where first needed (see benchmarks/RESULTS.md).
if TYPE_CHECKING:
    from coach.relay.listener import Listener
    from coach.relay.protocol import Answer, Change
    from coach.workspace import Workspace


def _people_and_commitments() -> type[Provider]:
    """The palette's people-and-commitments entries (imported when the palette opens)."""
    from coach.screens.palette import PeopleAndCommitments

    return PeopleAndCommitments


class CoachApp(App[None]):
    """The coach terminal app."""

    TITLE = "coach"
    # The screens every start shows, and the review (`r`, the most opened), have their styles
    # read with the app's own: Textual re-parses every stylesheet when a screen brings a new
    # one (~35-50 ms, benchmarks/RESULTS.md). Every rule of theirs names its screen.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        *(
            Path(coach.screens.__file__).parent / name
            for name in ("opening.tcss", "dashboard.tcss", "review/conversations.tcss")
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
        self._listener: Listener | None = None  # takes changes from the shell (coach done)
        self._leaving_anyway = False
        self.key_order = KeyOrder(self)
        # The screen each notification was raised on (a dialog's: the screen beneath it).
        self._raised_on: dict[str, Screen[object]] = {}
        self._raised_over: dict[str, Screen[object]] = {}  # raised, not handled yet

    def get_default_screen(self) -> Screen[Any]:
        """The dashboard, its rows in the first frame, when the data opens at once."""
        self._opener = Opening(
            self,
            self.directory,
            self.today,
            now=self.now,
            live_with=self.live_with,
            opened=self._opened,
            drawn=self._take_changes_from_the_shell,
            keys=self.key_order,
        )
        return self._opener.first_screen() or super().get_default_screen()

    def on_mount(self) -> None:
        """Go on with the opening (on a thread, if not done already), and save on hang-up."""
        self.key_order.start()
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self._opener.start()
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
        if hasattr(signal, "SIGTSTP"):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signal.SIGTSTP, self._suspend_on_signal)

    def _suspend_on_signal(self) -> None:
        """SIGTSTP (a shell's job control, `kill -TSTP`): the terminal put back, then
        stopped, as Textual's driver does it, but from the event loop.  Textual does it in
        its signal handler, in whatever frame the signal interrupted; one that was
        inside a write to the terminal holds the output queue's lock, which the
        handler's own writes then wait for, for good.  (A CI run once saw the shell not
        get its terminal back within 20 s; that this was the cause is not proven.)"""
        suspend = getattr(self._driver, "_sigtstp_application", None)
        if suspend is not None:
            suspend()

    def _opened(self, workspace: Workspace) -> None:
        """The data is open (the dashboard shows next): kept, to be closed when leaving."""
        self.workspace = workspace
        self.workspace.question_hints = self.settings.question_hints

    def _take_changes_from_the_shell(self, workspace: Workspace) -> None:
        """As the one writer, take the changes shell commands send (`coach done` …): once
        the dashboard is drawn, as binding the socket would hold that frame back."""
        if not workspace.read_only:
            self.run_worker(self._listen(), name="shell listener")

    async def _listen(self) -> None:
        # Imported on a thread (~10 ms): the dashboard takes keys meanwhile.
        await asyncio.to_thread(importlib.import_module, "coach.relay.listener")
        from coach.relay.listener import listen

        try:
            self._listener = await listen(self.directory, self._change_from_the_shell)
        except (OSError, NotImplementedError) as error:  # Windows, or a full disk
            self.notify(
                f"Changes from the shell (coach done, coach add …) cannot reach this coach "
                f"while it is open: {error}",
                title="Shell",
                severity="warning",
                markup=False,
            )

    async def _change_from_the_shell(self, change: Change) -> Answer:
        """Make a change a shell command sent, on the writer after what the screens queued,
        then show it where it can be seen."""
        from coach.relay.changes import apply
        from coach.relay.protocol import Answer, Outcome

        workspace = self.workspace
        if workspace is None:
            return Answer(Outcome.REFUSED, "coach is closing; try again in a moment.")
        store = workspace.store
        try:
            made = workspace.writer.submit(lambda: apply(store, change))
            answer: Answer = await asyncio.wrap_future(made)
        except Exception as error:  # a failed write: the shell says so, nothing is half done
            return Answer(Outcome.REFUSED, f"Not saved: {error}")
        if answer.outcome is Outcome.DONE:
            refresh = getattr(self.screen, "refresh_data", None)
            if callable(refresh):
                refresh()
            self.notify(answer.message, title="From the shell", markup=False)
        return answer

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes from the terminal go through KeyOrder, which keeps their order."""
        if not self.key_order.took(event):
            await super().on_event(event)

    def on_resize(self, event: events.Resize) -> None:
        """A notice replaces the screen while the terminal is too small for it."""
        # The new size, not self.size: Textual's own handler, which updates that, runs after.
        fit(self.screen, event.size.width, event.size.height)

    def _screen_changed(self, screen: Screen[object]) -> None:
        fit(screen, *self.size)
        self._withdraw_notifications(screen)

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
        if self._listener is not None:
            # First: a change asked for from now on is made by the shell command itself,
            # once the lock is free.
            await self._listener.close()
            self._listener = None
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
        if timeout is None:
            timeout = self.NOTIFICATION_TIMEOUT
        # Textual's own lines, so that the notice knows the screen it was raised over
        # now: it is shown only once its message is handled, maybe after a key typed ahead
        # has opened another screen, which it must not cover (see _on_notify).
        notification = Notification(message, title, severity, timeout, markup=markup)
        screen = self._base_screen()
        if screen is not None and not self._opening(screen):
            self._raised_over[notification.identity] = screen
        self.post_message(Notify(notification))

    @staticmethod
    def _opening(screen: Screen[object]) -> bool:
        """Whether `screen` stands in while the data opens (the opening screen, or
        Textual's own blank first screen)."""
        return isinstance(screen, OpeningScreen) or screen.id == "_default"

    def _base_screen(self) -> Screen[object] | None:
        """The screen in front, or the one beneath the dialogs in front."""
        stack: list[Screen[object]] = list(self.screen_stack)
        return next((s for s in reversed(stack) if not isinstance(s, ModalScreen)), None)

    def _on_notify(self, event: Notify) -> None:
        screen = self._base_screen()
        raised_over = self._raised_over.pop(event.notification.identity, None)
        if (
            event.notification.severity == "information"
            and raised_over is not None
            and raised_over is not screen
            and raised_over in self.screen_stack
        ):
            # Its screen is covered now (going on would have withdrawn it): not shown.
            # (Textual calls every class's handler in turn: App's too, unless prevented.)
            event.prevent_default()
            return
        # One message at a time (warnings and errors stay until read): stacked, they
        # grew down over the tables.
        if event.notification.severity == "information":
            for older in [n for n in self._notifications if n.severity == "information"]:
                self._unnotify(older, refresh=False)
        # What opening the data said (before the dashboard is up: on the opening screen,
        # or on Textual's own blank first screen) is for whichever screen comes first.
        if screen is not None and not self._opening(screen):
            self._raised_on[event.notification.identity] = screen
        super()._on_notify(event)

    def _withdraw_notifications(self, screen: Screen[object]) -> None:
        """A notification stays with the screen it was raised on: going on to another
        screen withdraws it ("Due now" must not cover the review's rows).  One that said
        why its screen closed stays on the screen it closed to, and goes with the next
        change; warnings and errors stay until they time out."""
        if isinstance(screen, ModalScreen):
            return
        stack = set(self.screen_stack)
        stale: list[Notification] = []
        for notification in self._notifications:
            owner = self._raised_on.get(notification.identity)
            if notification.severity != "information" or owner is None or owner is screen:
                continue
            if owner in stack:
                stale.append(notification)
            else:  # its screen has closed: it belongs to this one now
                self._raised_on[notification.identity] = screen
        for notification in stale:
            self._unnotify(notification, refresh=False)
        if stale:
            self._refresh_notifications()
        known = {notification.identity for notification in self._notifications}
        self._raised_on = {k: v for k, v in self._raised_on.items() if k in known}

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
