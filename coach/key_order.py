"""Every key reaches the field that had the cursor when it was typed, in order, whole.

A terminal hands a fast typist's keys (or keys typed on a busy laptop) to the app
in bursts.  Stock Textual forwards each key to the focused widget at once, but a
key the widget does not take as text (Enter, Tab, ctrl+n, escape) comes back up
to the app before its binding runs: by then the keys typed after it have already
been forwarded to the old widget.  So "alpha" Enter "beta" could submit
"alphabeta", text typed after Tab landed in the field that was left, and a
backspace could delete a later letter.

KeyOrder takes every key (and paste) in the order it arrived and delivers them
one at a time:

- a key the focused field takes as text goes straight to it (the common case,
  and cheap: a field handles its keys in order), once any focus move asked for
  before it has been carried out;
- any other key waits until the focused field has taken every earlier key, then
  its binding runs here, and whatever it sets off - the messages it posts, a
  focus move, a new screen being mounted - settles before the next key is
  delivered.

Nothing is dropped: keys wait in the queue while a screen changes, and reach the
field the new screen puts the cursor in.  They also wait while the data is being
read at start (`hold`), and then reach the dashboard; a key typed for it is dropped
if the problem screen comes instead.  And they wait, a moment at most, while a page
reads its first rows (`hold_for`): Enter typed right after p opens the conversation on
top of the person's page rather than falling on a table not filled yet.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable, Collection, Iterable
from typing import Any

from textual import events
from textual._time import get_time  # the clock Textual stamps each event with
from textual.app import App
from textual.message_pump import MessagePump

QUIT_KEY = "ctrl+q"  # the app's quit, which never waits

# A handler that never finishes must not stop typing for good: after this long the
# next key is delivered anyway.
PATIENCE = 5.0


async def drained(pump: MessagePump) -> None:
    """Wait until `pump` has handled every message posted to it before now."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def mark() -> None:
        if not done.done():
            done.set_result(None)

    if not pump.call_later(mark):
        return  # closed or closing: it will handle nothing more
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done, PATIENCE)


class KeyOrder:
    """One queue for every key and paste, delivered in order by one task."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        # Each key with the number of the hold it arrived in: `release(drop=True)` drops
        # the keys of the holds before.
        self._waiting: asyncio.Queue[tuple[int, events.Key | events.Paste]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._undelivered = 0
        self._ready = asyncio.Event()
        self._ready.set()
        self._hold = 0
        # Keys typed before this moment are dropped, even those still on their way from
        # the terminal when `release(drop=True)` came (the app busy reading the data).
        self._typed_too_early = float("-inf")
        # A page's hold (`hold_for`): the keys that end it, and the timer that does (None:
        # no page holds the keys, though the opening may).
        self._ended_by: Collection[str] = ()
        self._timer: asyncio.TimerHandle | None = None
        self._holds = 0  # holds begun, so that a page's release ends only its own
        # The keys still to be delivered, by name, in order (the first is the one being
        # delivered, while `_delivering`).
        self._arrived: deque[str] = deque()
        self._delivering = False

    def start(self) -> None:
        """Begin delivering (from the app's mount, so the task runs in its context)."""
        self._task = asyncio.create_task(self._deliver_all(), name="coach key order")

    def stop(self) -> None:
        """Stop delivering (the app is closing)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def took(self, event: events.Event) -> bool:
        """Take `event` if it is a key or paste from the terminal (False: it is not, and the
        app handles it as usual)."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if isinstance(event, events.Key) and not self._app.app_focus:
            self._app.app_focus = True
        if self.held and isinstance(event, events.Key):
            if event.key == QUIT_KEY and self._timer is None:
                self.release(drop=True, typed_before=event.time)  # quitting waits for nothing
            elif event.key in self._ended_by or event.key == QUIT_KEY:
                # (The keys before it first, in order: typed for a page that is there, and
                # kept should the quit be refused, with edits not saved.)
                self.release()
        self.take(event)
        return True

    def take(self, event: events.Key | events.Paste) -> None:
        """Queue a key or paste as it arrives from the terminal."""
        self._undelivered += 1
        self._arrived.append(event.key if isinstance(event, events.Key) else "")
        dropped = event.time < self._typed_too_early  # (its hold is over: never delivered)
        self._waiting.put_nowait((self._hold - 1 if dropped else self._hold, event))

    def hold(self) -> None:
        """Keep every key waiting from now on, until `release`."""
        self._holds += 1
        self._ready.clear()
        self._forget_page_hold()

    def hold_for(self, seconds: float, *, ended_by: Collection[str] = ()) -> Callable[[], None]:
        """Keep every key waiting from now on, for `seconds` at most, or until a key named
        in `ended_by` arrives (escape: leaving the page needs nothing from it), or until
        the function returned is called (the page is ready for them).  The function ends
        this hold only: not one begun after it.  No hold at all if the next key is such a
        key (typed right after the one that opened the page, it leaves it), nor while the
        data is still being opened (`hold`: that hold is not the page's to end)."""
        after = 1 if self._delivering else 0  # (the key being delivered comes first)
        upcoming = self._arrived[after] if len(self._arrived) > after else None
        if upcoming in ended_by or (self.held and self._timer is None):
            return lambda: None
        self.hold()
        this = self._holds
        self._ended_by = ended_by

        def release() -> None:
            if this == self._holds and self.held:
                self.release()

        self._timer = asyncio.get_running_loop().call_later(seconds, release)
        return release

    def release(self, *, drop: bool = False, typed_before: float | None = None) -> None:
        """Deliver the keys that waited, and those that come from now on; or, with `drop`,
        forget every key typed before now (or `typed_before`), those still on their way
        too: they were typed for a screen that is not coming."""
        if drop:
            self._hold += 1
            self._typed_too_early = get_time() if typed_before is None else typed_before
        self._forget_page_hold()
        self._ready.set()

    def _forget_page_hold(self) -> None:
        self._ended_by = ()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    @property
    def held(self) -> bool:
        """Whether keys are being kept waiting (`hold`)."""
        return not self._ready.is_set()

    @property
    def idle(self) -> bool:
        """Whether every key that arrived has been delivered."""
        return self._undelivered == 0

    @property
    def waiting(self) -> int:
        """How many keys have arrived and are still to be delivered."""
        return self._undelivered

    async def _deliver_all(self) -> None:
        while True:
            hold, event = await self._waiting.get()
            try:
                await self._ready.wait()
                if hold == self._hold:
                    self._delivering = True
                    await self._deliver(event)
            except Exception as error:  # shown by Textual, as an error in a handler is
                self._app._handle_exception(error)
            finally:
                self._delivering = False
                self._undelivered -= 1
                self._arrived.popleft()

    async def _deliver(self, event: events.Key | events.Paste) -> None:
        app = self._app
        # A focus move asked for in code (widget.focus()) is carried out by the app
        # later; one asked for before this key arrived is in place before it is delivered.
        await drained(app)
        focused = app.focused
        if isinstance(event, events.Paste) or (
            focused is not None and focused.check_consume_key(event.key, event.character)
        ):
            (focused or app.screen)._forward_event(event)
            return
        screen = app.screen
        # Everything typed before this key is in its field first.
        if focused is not None:
            await drained(focused)
        if screen.maximized is not None and event.key == "escape" and app.escape_to_minimize:
            screen.minimize()
            return
        if focused is not None:
            with contextlib.suppress(Exception):
                screen._clear_tooltip()
        handled = await app._check_bindings(event.key, priority=True)
        if not handled:
            handled = await app._check_bindings(event.key)
        if not handled:
            (app.focused or app.screen)._forward_event(event)
        await self._settle(focused, screen)

    async def _settle(self, focused: MessagePump | None, screen: MessagePump) -> None:
        """Let what a key set off finish: messages it posted, a focus move, a new screen."""
        app = self._app
        for pump in _up_to_screen(focused, screen):
            await drained(pump)
        await drained(app)  # focus() and screen changes are carried out by the app
        if app.screen is not screen:
            await drained(app.screen)  # composed, mounted and resumed
            await drained(app)  # and the focus it asked for is set


def _up_to_screen(focused: MessagePump | None, screen: MessagePump) -> Iterable[MessagePump]:
    """The focused widget and its containers, up to and including the screen."""
    node = focused
    while node is not None and node is not screen:
        yield node
        node = node._parent
    yield screen
