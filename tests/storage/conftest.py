"""Fixtures of the storage tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coach.demo import sample
from coach.store.store import Store
from tests.support.sealed import seal_every_directory


@pytest.fixture(params=["plain", "sealed"])
def form(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test on plain data, then on data sealed with a passphrase's key (as after
    `coach encrypt`): the reliability suites hold for both."""
    if request.param == "sealed":
        seal_every_directory(monkeypatch)
    return str(request.param)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """Four years of a leader's conversations with six people, closed and reopened: more
    than a year of it settled in parts (the rule places records by the real day)."""
    directory = tmp_path / "data"
    store = Store.open(directory)
    sample.fill(store, people=6, conversations=240, seed=5, today=date.today(), years=4)
    store.close()
    Store.open(directory).close()  # the first backup, out of the way
    return directory
