"""The background writer: in order, latest edit wins while waiting, failures reported."""

from __future__ import annotations

import threading

import pytest

from coach.writer import Writer


def test_jobs_run_in_the_order_given() -> None:
    """A later save can never overtake an earlier one."""
    done: list[int] = []
    writer = Writer()
    for number in range(50):
        writer.submit(lambda number=number: done.append(number))  # type: ignore[misc]
    assert writer.flush(timeout=5)
    writer.close()
    assert done == list(range(50))


def test_a_waiting_job_is_replaced_by_a_newer_one_with_the_same_key() -> None:
    """Typing fast saves the latest text once, not every keystroke."""
    release = threading.Event()
    saved: list[str] = []
    writer = Writer()
    writer.submit(release.wait)  # holds the thread so the next ones wait
    first = writer.submit(lambda: saved.append("h"), key="note")
    second = writer.submit(lambda: saved.append("hello"), key="note")
    release.set()
    assert second.result(timeout=5) is None
    assert first is second
    writer.close()
    assert saved == ["hello"]


def test_a_failing_job_is_reported_and_later_jobs_still_run() -> None:
    """One failed save does not stop the next one, and the failure reaches the app."""
    reported: list[BaseException] = []
    writer = Writer(on_error=reported.append)
    failing = writer.submit(lambda: 1 / 0)
    after = writer.submit(lambda: "fine")
    assert after.result(timeout=5) == "fine"
    with pytest.raises(ZeroDivisionError):
        failing.result(timeout=5)
    writer.close()
    assert len(reported) == 1 and isinstance(reported[0], ZeroDivisionError)


def test_close_finishes_what_is_queued() -> None:
    """Quitting waits for every queued save."""
    done: list[int] = []
    writer = Writer()
    for number in range(10):
        writer.submit(lambda number=number: done.append(number), key=number)  # type: ignore[misc]
    assert writer.close(timeout=5)
    assert done == list(range(10))
    with pytest.raises(RuntimeError):
        writer.submit(lambda: None)
