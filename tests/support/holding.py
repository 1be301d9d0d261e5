"""Store.open held back until a test lets it go on: the data taking its time to read."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from coach.store.store import Store


def hold_store_open(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """For a fixture: every Store.open from now on waits until the event is set (at most
    60 s); the event is set when the fixture ends, so no thread is left waiting.

    Write the test's data before calling this: written after, the writing itself waits.
    """
    go_on = threading.Event()
    real_open = Store.open

    def waiting(*args: object, **kwargs: object) -> Store:
        go_on.wait(60)
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "open", waiting)
    yield go_on
    go_on.set()
