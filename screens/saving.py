"""Saving from screens without blocking them: through the Writer, with errors shown.

Futures from the Writer complete on its thread; wrapping them with asyncio hands
the result back to the event loop without ever blocking it (a blocking
call_from_thread here could deadlock while the app waits for a save at exit).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any

from textual.screen import Screen
from textual.timer import Timer

from coach.errors import CoachError
from coach.workspace import Workspace

Job = Callable[[], Any]


def save(
    screen: Screen[Any], workspace: Workspace, job: Job, key: Hashable | None = None
) -> asyncio.Future[Any]:
    """Run `job` on the writer; a failure is shown as a notification on this screen."""
    future = asyncio.wrap_future(workspace.writer.submit(job, key=key))

    def report(done: asyncio.Future[Any]) -> None:
        error = done.exception() if not done.cancelled() else None
        if error is not None:
            screen.notify(_message(error), title="Not saved", severity="error", markup=False)

    future.add_done_callback(report)
    return future


class NotSaved(Exception):
    """A save failed; the user has already been told why."""


async def saved(
    screen: Screen[Any], workspace: Workspace, job: Job, key: Hashable | None = None
) -> Any:
    """Run `job` on the writer and wait for it; raises NotSaved (already reported)."""
    try:
        return await save(screen, workspace, job, key)
    except Exception as error:
        raise NotSaved(str(error)) from error


def _message(error: BaseException) -> str:
    if isinstance(error, CoachError):
        return str(error)
    return f"Something went wrong while saving: {error}"


class Autosave:
    """Saves a screen's edits shortly after typing pauses, and at once when asked.

    Each key (a conversation step, say) keeps only its newest pending job, so a
    burst of typing becomes one durable write.
    """

    DELAY = 0.4

    def __init__(
        self,
        screen: Screen[Any],
        workspace: Workspace,
        on_state: Callable[[str], None] | None = None,
    ) -> None:
        self._screen = screen
        self._workspace = workspace
        self._on_state = on_state or (lambda _state: None)
        self._pending: dict[Hashable, Job] = {}
        self._saving: dict[asyncio.Future[Any], tuple[Hashable, Job]] = {}
        self._timer: Timer | None = None
        self._quiet_from = 0.0  # when typing will have paused long enough to save

    def changed(self, key: Hashable, job: Job) -> None:
        """Note an edit; it is saved once typing pauses."""
        self._pending[key] = job
        self._on_state("unsaved")
        # One timer for a burst of typing, not one per key: it comes back until the
        # typing has paused for DELAY.
        self._quiet_from = time.monotonic() + self.DELAY
        if self._timer is None:
            self._timer = self._screen.set_timer(self.DELAY, self._when_quiet)

    def _when_quiet(self) -> None:
        self._timer = None
        wait = self._quiet_from - time.monotonic()
        if wait > 0.01:
            self._timer = self._screen.set_timer(wait, self._when_quiet)
        else:
            self.flush()

    def flush(self) -> None:
        """Hand every pending edit to the writer now."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        pending, self._pending = self._pending, {}
        for key, job in pending.items():
            future = save(self._screen, self._workspace, job, key=key)
            self._saving[future] = (key, job)
            self._on_state("saving")
            future.add_done_callback(self._finished)

    def hand_over(self) -> None:
        """The screen is closing (however the app ends): give the writer what is pending.

        The app closes the writer only after every queued save is durable, so an
        edit made just before the app was told to stop is still saved.
        """
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        pending, self._pending = self._pending, {}
        for key, job in pending.items():
            with contextlib.suppress(RuntimeError):  # the writer closed already
                self._workspace.writer.submit(job, key=key)

    async def settle(self) -> bool:
        """Flush and wait until everything is durable; False if a save failed."""
        self.flush()
        if not self._saving:
            return True
        results = await asyncio.gather(*list(self._saving), return_exceptions=True)
        return not any(isinstance(result, BaseException) for result in results)

    @property
    def dirty(self) -> bool:
        """Whether some edit is not yet durable."""
        return bool(self._pending or self._saving)

    def _finished(self, future: asyncio.Future[Any]) -> None:
        key, job = self._saving.pop(future)
        failed = future.cancelled() or future.exception() is not None
        if failed:
            # Keep the edit so the next flush tries again (unless a newer one waits).
            self._pending.setdefault(key, job)
            self._on_state("failed")
        elif not self.dirty:
            self._on_state("saved")


def autosaves(screens: Iterable[Screen[Any]]) -> Iterator[Autosave]:
    """The autosaves of these screens (those that save as the leader types)."""
    for screen in screens:
        autosave = getattr(screen, "autosave", None)
        if isinstance(autosave, Autosave):
            yield autosave


async def settle_all(screens: Iterable[Screen[Any]]) -> bool:
    """Save every edit of these screens and wait until it is durable; False if one failed."""
    results = [await autosave.settle() for autosave in autosaves(screens)]
    return all(results)


def flush_all(screens: Iterable[Screen[Any]]) -> None:
    """Hand every edit of these screens to the writer now (the terminal went away)."""
    for autosave in autosaves(screens):
        autosave.flush()
