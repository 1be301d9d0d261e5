"""Shared fixtures: every test gets private data, config and home directories."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from coach import guidance
from coach.store import Store

# A Friday: "fri" means the next one, 27 Nov; "+3d" means Mon 23 Nov.
TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def private_directories(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point every place coach could read or write at a throwaway directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("COACH_DATA_DIR", raising=False)
    monkeypatch.delenv("COACH_CONFIG_DIR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(autouse=True)
def builtin_content_only() -> Iterator[None]:
    """Each test starts with coach's own content; one that loads user content resets it."""
    guidance.use_user_content(None)
    yield
    guidance.use_user_content(None)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data directory that does not exist yet (coach creates it)."""
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """An open store on a fresh data directory, closed afterwards."""
    opened = Store.open(data_dir)
    yield opened
    opened.close()
