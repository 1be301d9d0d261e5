"""Opening the data: a line saying so while it is read, then the dashboard or the problem.

The screen paints at once; the data is read on a thread after the first frame.
When it is open, the screen hands the workspace to the app (`OpeningScreen.Opened`)
and shows the dashboard over itself (or live capture, for `coach live`).  When it
cannot be opened, the problem screen says why and offers what can be done: open
read-only, restore the newest backup, or start afresh (which this screen carries out).
No spinner: the screen stays under the dashboard for the rest of the session,
and an animation there would go on redrawing an app nobody is using.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from coach.errors import StoreError
from coach.locations import content_dir

# The store, the dashboard and the rest are imported on the worker that opens the
# data, after the first paint (see benchmarks/RESULTS.md), or where first needed.
if TYPE_CHECKING:
    from coach.guidance.library import Guidance
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


def _warm_up() -> None:
    """Import the screens of _OPENED_LATER (run on a worker thread)."""
    import importlib

    for module in _OPENED_LATER:
        importlib.import_module(module)


class OpeningScreen(Screen[None]):
    """A header and a line saying what is happening."""

    CSS_PATH = "opening.tcss"

    @dataclass
    class Opened(Message):
        """The data is open: the workspace every screen works with."""

        workspace: Workspace

    def __init__(
        self,
        directory: Path,
        today: Callable[[], date],
        now: Callable[[], datetime] | None = None,
        live_with: str | None = None,
    ) -> None:
        super().__init__()
        self.directory = directory
        self.today = today
        self.now = now
        self.live_with = live_with  # `coach live [PERSON]`: straight to capture once open

    def compose(self) -> ComposeResult:
        """Lay out the screen."""
        yield Header()
        with Middle(), Center():
            yield Static("Opening your conversations…", id="opening-message")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Read the data once the first frame is out."""
        # Reading the data holds Python's interpreter lock for a good while (json
        # parsing does not let go of it), so it waits until the first frame is out.
        self.app.call_after_refresh(self.open_data, read_only=False)

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
                self.app.call_from_thread(
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
                self.app.call_from_thread(self._cannot_open, error)
            else:
                self.app.call_from_thread(self._opened, store, guidance)

        self.run_worker(work, thread=True, name="open data", exit_on_error=True)

    def _opened(self, store: Store, guidance: Guidance) -> None:
        from coach.screens.dashboard import DashboardScreen
        from coach.screens.live.start import start_live
        from coach.workspace import Workspace
        from coach.writer import Writer

        workspace = Workspace(store=store, writer=Writer(), today=self.today, guidance=guidance)
        if self.now is not None:
            workspace.now = self.now
        # Told first, so the app has the workspace (to close it) before anything else runs.
        self.post_message(self.Opened(workspace))
        # Over this screen, never replacing it: a screen removed while it is still
        # mounting trips Textual's Header.
        self.app.push_screen(DashboardScreen(workspace))
        self.app.call_after_refresh(self.app.run_worker, _warm_up, thread=True, group="warm-up")
        if self.live_with is not None and not store.read_only:
            start_live(self.app, workspace, self.live_with)
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
        # Imported here, like the help: only a few starts need it, and every start
        # would pay for importing it (see benchmarks/RESULTS.md).
        from coach.screens.problem import problem_screen

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

        def work() -> None:
            try:
                message = recovery.recover(self.directory, action)
            except (OSError, StoreError) as error:
                failed = StoreError(f"Could not recover: {error}")
                self.app.call_from_thread(self._cannot_open, failed)
                return
            self.app.call_from_thread(
                self.notify, message, title="Recovered", markup=False, timeout=20
            )
            self.app.call_from_thread(self.open_data, read_only=False)

        self.run_worker(work, thread=True, name="recover data", exit_on_error=True)
