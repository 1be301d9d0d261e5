"""Opening the data: the dashboard is the first screen, or the problem that stops it.

The data is read before the app's first frame, and the dashboard is its first screen,
with its rows (`Opening.first_screen`): the UI thread waits for the thread reading it,
a moment at most, which leaves it the interpreter to itself.  Pushing the dashboard
over a blank first screen once a thread had read the data beside the UI's start took
longer (benchmarks/RESULTS.md).  Keys typed meanwhile wait (`KeyOrder.hold`) and then
go to the dashboard, in order.  Only if reading takes longer than that moment (a cold
disk, years of data) does a line say what is happening until the dashboard comes
(`OpeningScreen`); data too large to read in a moment shows it at once
(`SLOW_TO_READ`).  When the data cannot be opened, the problem screen says why and
offers what can be done: open read-only, restore the newest backup, or start afresh
(which `Opening` carries out); the keys typed for the dashboard are dropped, so that
none of them chooses.  No spinner: an animation would go on redrawing while the data
is read, slowing the very thing it waits for.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from coach.errors import StoreError
from coach.key_order import KeyOrder
from coach.locations import content_dir
from coach.storage import collector
from coach.storage.unlocking import PassphraseNeeded

# The store, the dashboard and the rest are imported where the data is opened, or where
# first needed (see benchmarks/RESULTS.md).
if TYPE_CHECKING:
    from coach.guidance.library import Guidance
    from coach.screens.dashboard import DashboardScreen
    from coach.store.store import Store
    from coach.workspace import Workspace


# The screens a person opens from the dashboard, heaviest first (~40 ms each to import):
# imported once, off the UI thread, after the dashboard is drawn, so that the first press
# of p, Enter or F1 draws its screen as quickly as the second.
_OPENED_LATER = (
    "coach.screens.review.person_timeline",
    "coach.screens.review.conversation_detail",
    "coach.screens.steps.flow",
    "coach.screens.live.capture",
    "coach.screens.review.conversations",
    "coach.screens.help",
    "coach.screens.palette",
)


def _warm_up(app: App[None], guidance: Guidance, warn: Callable[[str, str], None]) -> None:
    """Say what of the user's content is left out (compiling the question rules, which
    the way to the dashboard does without), then import the screens of _OPENED_LATER.

    Run on a daemon thread, not a worker: quitting waits for every worker's thread, and
    this one only imports (~150 ms while the ledger is read beside it), so a ctrl+q
    pressed just after the dashboard appears need not wait for it.
    """
    import importlib

    try:
        for problem in guidance.problems:
            app.call_from_thread(
                warn, "Your content", f"{problem}. The rest of your content is in use."
            )
        for module in _OPENED_LATER:
            importlib.import_module(module)
    except Exception:
        # The app closed meanwhile (nothing left to say it on), or a screen cannot be
        # imported: it says so itself when opened, on the UI thread.
        return


# Reading the data for longer than this shows a line saying so (once; no timer is left).
SAY_OPENING_AFTER = 0.3  # seconds
# Data this large (file and journal) takes longer than that to parse: the line comes first.
SLOW_TO_READ = 16 * 1024 * 1024  # bytes


def _slow_to_read(directory: Path) -> bool:
    """Whether the data in `directory` is large enough to take a while to read (what a
    start reads: the data file and its journal; the settled history waits)."""
    from coach.storage.layout import DATA_NAME, JOURNAL_NAME

    size = 0
    for name in (DATA_NAME, JOURNAL_NAME):
        with contextlib.suppress(OSError):
            size += (directory / name).stat().st_size
    return size > SLOW_TO_READ


class OpeningScreen(Screen[None]):
    """A header and a line saying the data is being read (shown only when that is slow)."""

    CSS_PATH = "opening.tcss"

    def compose(self) -> ComposeResult:
        """Lay out the screen."""
        yield Header()
        with Middle(), Center():
            yield Static("Opening your conversations…", id="opening-message")
        yield Footer(compact=True)


# Reading the data comes to the store and the guidance, or to what to do instead.
Outcome = tuple["Store", "Guidance"] | Callable[[], None]


def _in_background(read: Callable[[], Outcome]) -> Future[Outcome]:
    """`read` on a thread of its own, from now: what it returns, or raises, when done.
    (A daemon thread, not an executor's: a read stuck on a dead disk must not keep the
    process from exiting.)"""
    future: Future[Outcome] = Future()

    def run() -> None:
        try:
            future.set_result(read())
        except BaseException as error:  # raised again where the result is asked for
            future.set_exception(error)

    threading.Thread(target=run, name="open data", daemon=True).start()
    return future


class Opening:
    """Opens the data for the app, then shows the dashboard, live capture or the problem."""

    def __init__(
        self,
        app: App[None],
        directory: Path,
        today: Callable[[], date],
        *,
        now: Callable[[], datetime] | None = None,
        live_with: str | None = None,
        opened: Callable[[Workspace], None] | None = None,
        drawn: Callable[[Workspace], None] | None = None,
        keys: KeyOrder | None = None,
    ) -> None:
        self.app = app
        self.directory = directory
        self.today = today
        self.now = now
        self.live_with = live_with  # `coach live [PERSON]`: straight to capture once open
        self.opened = opened  # told the workspace first, so the app can close it
        self.drawn = drawn  # told once the dashboard is drawn
        self.keys = keys  # held until the dashboard is there to take them
        self._open = False
        self._waiting: OpeningScreen | None = None
        # What first_screen came to: the dashboard, what to do instead, or still reading.
        self._first: DashboardScreen | None = None
        self._then: Callable[[], None] | None = None
        self._reading: Future[Outcome] | None = None

    def first_screen(self) -> Screen[None] | None:
        """The dashboard with its rows, the data read before the app's first frame; None
        when that takes more than a moment, or what it came to is to be said instead
        (`start` goes on with it once the app is up)."""
        if self.keys is not None:
            self.keys.hold()  # a key typed now is for the dashboard
        if _slow_to_read(self.directory):
            return None
        # Read on a thread that this one waits for, a moment at most: it has the
        # interpreter to itself meanwhile, and if it is slow (a cold disk), the app comes
        # up and says what it is doing.
        reading = _in_background(partial(self._read, read_only=False))
        try:
            read = reading.result(SAY_OPENING_AFTER)
        except TimeoutError:
            self._reading = reading
            return None
        if isinstance(read, tuple):
            self._first = self._dashboard(*read)
        else:
            self._then = read
        return self._first

    def start(self) -> None:
        """Once the app is up: go on from what `first_screen` came to, or else begin reading
        the data on a thread, saying so on screen if it takes more than a moment."""
        if self._first is not None:
            self._shown(self._first)
            return
        if self._then is not None:
            self._then()  # the passphrase to ask, the problem to show, or open it again
            self.app.set_timer(SAY_OPENING_AFTER, self._say_opening)  # (open it again)
            return
        if self.keys is not None:
            self.keys.hold()  # a key typed now is for the dashboard
        if (reading := self._reading) is not None:
            # Not read in a moment: the line says so until the dashboard comes.
            self._waiting = OpeningScreen()
            self.app.push_screen(self._waiting)
            self.app.run_worker(
                lambda: self.app.call_from_thread(self._take, reading.result()),
                thread=True,
                name="open data",
                exit_on_error=True,
            )
            return
        if _slow_to_read(self.directory):
            # Parsing holds Python's interpreter lock throughout, so no timer would fire
            # until it is done: the line is drawn first, then the reading starts.
            self._waiting = OpeningScreen()
            self.app.push_screen(self._waiting)
            self.app.call_after_refresh(self.open_data, read_only=False)
            return
        self.open_data(read_only=False)
        self.app.set_timer(SAY_OPENING_AFTER, self._say_opening)

    def _release_keys(self, *, drop: bool = False) -> None:
        if self.keys is not None:
            self.keys.release(drop=drop)

    def _say_opening(self) -> None:
        if not self._open and self._waiting is None and len(self.app.screen_stack) == 1:
            self._waiting = OpeningScreen()
            self.app.push_screen(self._waiting)

    def open_data(self, *, read_only: bool) -> None:
        """Open the store on a thread; the dashboard or a problem screen follows."""
        app = self.app
        if self.keys is not None:
            self.keys.hold()  # (again, after the passphrase or a problem: for the dashboard)

        def work() -> None:
            app.call_from_thread(self._take, self._read(read_only=read_only))

        app.run_worker(work, thread=True, name="open data", exit_on_error=True)

    def _read(self, *, read_only: bool) -> Outcome:
        """Open the store (on a thread): the data and the guidance, or what the UI thread
        is to do instead (ask for the passphrase, say what is wrong, open it again)."""
        # Imported here, on the thread: the UI thread then finds them loaded.  (What the
        # dashboard saves with comes with the warm-up, after its first frame; `coach live`
        # imports capture's on the UI thread.)
        import coach.screens.dashboard
        import coach.workspace  # noqa: F401
        from coach.guidance.library import load_guidance
        from coach.store.store import Store

        guidance = load_guidance(content_dir())  # its problems are said after the rows
        try:
            # The backup that is due waits until the dashboard is up (see _after_rows).
            store = Store.open(self.directory, read_only=read_only, back_up=False)
        except PassphraseNeeded:
            from coach.commands.passphrases import unlock_from_keyring

            if unlock_from_keyring(self.directory):
                return partial(self.open_data, read_only=read_only)
            return partial(self._ask_passphrase, read_only)
        except StoreError as error:
            return partial(self._cannot_open, error)
        # What was read lives as long as the app and holds no cycles: the collector would
        # only walk all of it again on every full collection.
        collector.keep_for_good()
        return store, guidance

    def _take(self, read: Outcome) -> None:
        """What reading the data on a thread came to, on the UI thread."""
        if isinstance(read, tuple):
            self._opened(*read)
        else:
            read()

    def _opened(self, store: Store, guidance: Guidance) -> None:
        """Opened on a thread: the dashboard over the screen below, never replacing it (a
        screen removed while it is still mounting trips Textual's Header)."""
        dashboard = self._dashboard(store, guidance)
        self.app.push_screen(dashboard)
        self._shown(dashboard)

    def _dashboard(self, store: Store, guidance: Guidance) -> DashboardScreen:
        """The workspace on the data opened, and the dashboard that shows it."""
        from coach.screens.dashboard import DashboardScreen
        from coach.workspace import Workspace
        from coach.writer import Writer

        self._open = True
        workspace = Workspace(store=store, writer=Writer(), today=self.today, guidance=guidance)
        if self.now is not None:
            workspace.now = self.now
        if self.opened is not None:
            self.opened(workspace)
        # What can wait starts once the dashboard's rows are drawn: on threads, it would
        # still hold the interpreter lock while that frame is being made.
        live = self.live_with is not None and not store.read_only
        once_drawn = None if live else partial(self._after_rows, workspace)  # (live: _shown)
        return DashboardScreen(workspace, once_drawn=once_drawn)

    def _shown(self, dashboard: DashboardScreen) -> None:
        """The dashboard is the app's screen: `coach live` goes on to capture, and what is
        to be said about the data is said."""
        app, workspace = self.app, dashboard.workspace
        store = workspace.store
        live_with = self.live_with if not store.read_only else None
        if live_with is not None:
            # Imported only for `coach live`: it brings the text area and capture with it.
            from coach.screens.live.start import start_live

            start_live(app, workspace, live_with)  # the dashboard is not drawn yet
            self.live_with = None
            app.call_after_refresh(self._after_rows, workspace)
        for warning in store.warnings:
            app.notify(warning, title="Backup", severity="warning", markup=False, timeout=15)
        if store.read_only:
            app.notify(
                "Another coach is changing this data, so this one only shows it.",
                title="Read-only",
                markup=False,
            )

    def _after_rows(self, workspace: Workspace) -> None:
        """What the start does once the dashboard is drawn: the keys typed meanwhile, the
        warm-up, the backup that is due, and whatever the app asked for (taking changes
        from the shell)."""
        app = self.app
        # Only now, laid out and with its first rows: a page down typed ahead moves by the
        # page shown, not by the height of a table not laid out yet.
        self._release_keys()
        from coach.screens.dashboard import DashboardScreen

        # (Under whatever a key typed meanwhile opened: the app's first screen.)
        dashboard = next((s for s in app.screen_stack if isinstance(s, DashboardScreen)), None)
        if dashboard is not None:  # (else the app is closing)
            threading.Thread(
                target=_warm_up,
                args=(app, workspace.guidance, dashboard.warn_when_shown),
                name="coach warm-up",
                daemon=True,
            ).start()
        if not workspace.read_only:
            # On the writer's thread, in turn with the saves.
            self._back_up(workspace)
        if self.drawn is not None:
            self.drawn(workspace)

    def _back_up(self, workspace: Workspace) -> None:
        """Take the backup that is due, and say if it could not be made."""
        store, app = workspace.store, self.app
        before = len(store.warnings)

        def said(_done: object) -> None:
            for warning in store.warnings[before:]:
                app.call_from_thread(
                    app.notify,
                    warning,
                    title="Backup",
                    severity="warning",
                    markup=False,
                    timeout=15,
                )

        workspace.writer.submit(store.back_up).add_done_callback(said)

    def _ask_passphrase(self, read_only: bool) -> None:
        from coach.screens.passphrase import PassphraseScreen

        self._release_keys(drop=True)  # they were typed for the dashboard

        def unlocked(held: bool | None) -> None:
            if held:
                self.open_data(read_only=read_only)

        self.app.push_screen(PassphraseScreen(self.directory), unlocked)

    def _cannot_open(self, error: StoreError) -> None:
        # Imported here, like the help: only a few starts need it, and every start
        # would pay for importing it (see benchmarks/RESULTS.md).
        from coach.screens.problem import problem_screen

        self._release_keys(drop=True)  # typed for the dashboard, not for this choice
        self.app.push_screen(problem_screen(error, self.directory), self._problem_answered)

    def _problem_answered(self, action: str | None) -> None:
        if action == "read-only":
            self.open_data(read_only=True)
        elif action in ("restore", "afresh"):
            self._recover(action)
        else:
            self.app.exit()

    def _recover(self, action: str) -> None:
        from coach.storage import recovery

        app = self.app

        def work() -> None:
            try:
                message = recovery.recover(self.directory, action)
            except (OSError, StoreError) as error:
                failed = StoreError(f"Could not recover: {error}")
                app.call_from_thread(self._cannot_open, failed)
                return
            app.call_from_thread(app.notify, message, title="Recovered", markup=False, timeout=20)
            app.call_from_thread(self.open_data, read_only=False)

        app.run_worker(work, thread=True, name="recover data", exit_on_error=True)
