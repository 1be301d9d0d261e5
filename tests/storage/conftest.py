"""Fixtures of the storage tests."""

from __future__ import annotations

import pytest

from tests.support.sealed import seal_every_directory


@pytest.fixture(params=["plain", "sealed"])
def form(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test on plain data, then on data sealed with a passphrase's key (as after
    `coach encrypt`): the reliability suites hold for both."""
    if request.param == "sealed":
        seal_every_directory(monkeypatch)
    return str(request.param)
