"""Saving off the keystroke path: one background thread runs writes in order.

Screens hand their changes to a Writer and carry on; the disk is never waited
for while typing.  Writes run one at a time in the order given, so a later edit
can never be overtaken by an earlier one.  A write submitted under a key that is
still waiting its turn replaces the waiting one (typing "hello" quickly saves
once, not five times); the caller's future resolves when the latest is durable.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any

Job = Callable[[], Any]


class Writer:
    """An ordered, coalescing queue of writes run on one background thread."""

    def __init__(self, on_error: Callable[[BaseException], None] | None = None) -> None:
        self._on_error = on_error
        self._waiting: OrderedDict[Hashable, tuple[Job, Future[Any]]] = OrderedDict()
        self._condition = threading.Condition()
        self._busy = False
        self._closed = False
        self._serial = 0
        self._thread = threading.Thread(target=self._run, name="coach-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Job, key: Hashable | None = None) -> Future[Any]:
        """Queue `job`; a waiting job with the same key is replaced by this one."""
        with self._condition:
            if self._closed:
                raise RuntimeError("the writer is closed")
            if key is not None and key in self._waiting:
                _, waiting = self._waiting[key]
                self._waiting[key] = (job, waiting)
                return waiting
            future: Future[Any] = Future()
            if key is None:
                self._serial += 1
                key = ("unkeyed", self._serial)
            self._waiting[key] = (job, future)
            self._condition.notify()
            return future

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued write has finished; False if time ran out."""
        with self._condition:
            return self._condition.wait_for(
                lambda: not self._waiting and not self._busy, timeout=timeout
            )

    def close(self, timeout: float | None = None) -> bool:
        """Finish what is queued, then stop the thread."""
        finished = self.flush(timeout)
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        self._thread.join(timeout)
        return finished

    @property
    def idle(self) -> bool:
        """Whether nothing is waiting or running."""
        with self._condition:
            return not self._waiting and not self._busy

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._waiting or self._closed)
                if not self._waiting:
                    return
                _, (job, future) = self._waiting.popitem(last=False)
                self._busy = True
            try:
                result = job()
            except BaseException as error:  # reported, never lost in the thread
                future.set_exception(error)
                if self._on_error is not None:
                    self._on_error(error)
            else:
                future.set_result(result)
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
