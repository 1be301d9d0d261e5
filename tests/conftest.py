"""Shared fixtures: every test gets private data, config and home directories."""

from __future__ import annotations

import functools
import json
import os
import random
from collections.abc import Iterator
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from hypothesis import core as hypothesis_core

from coach.store.store import Store

# Property tests draw the same examples on every run (derandomized, no example
# database), so the suite's outcome never depends on chance.  Setting
# COACH_FUZZ_EXAMPLES explores instead: new examples from a seed that is printed,
# and COACH_FUZZ_SEED=<that seed> replays a run exactly.
EXPLORING = "COACH_FUZZ_EXAMPLES" in os.environ
FUZZ_SEED = int(os.environ.get("COACH_FUZZ_SEED") or random.SystemRandom().randrange(2**32))
hypothesis.settings.register_profile(
    "repeatable", derandomize=True, database=None, deadline=None, print_blob=True
)
hypothesis.settings.register_profile("explore", database=None, deadline=None, print_blob=True)
hypothesis.settings.load_profile("explore" if EXPLORING else "repeatable")


def pytest_configure(config: pytest.Config) -> None:
    """When exploring, every property test draws from the one printed seed."""
    if EXPLORING:
        hypothesis_core.global_force_seed = FUZZ_SEED  # type: ignore[assignment]


def pytest_report_header(config: pytest.Config) -> str:
    """Say how property tests choose their examples, and how to replay them."""
    if EXPLORING:
        return (
            f"fuzz: exploring with seed {FUZZ_SEED}; COACH_FUZZ_SEED={FUZZ_SEED} replays this run"
        )
    return "fuzz: repeatable examples (COACH_FUZZ_EXAMPLES=N explores new ones)"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Repeat the seed at the end, where a failure is read."""
    if EXPLORING:
        terminalreporter.write_line(
            f"fuzz seed {FUZZ_SEED}: COACH_FUZZ_SEED={FUZZ_SEED} replays it"
        )


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


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data directory that does not exist yet (coach creates it)."""
    return tmp_path / "data"


@pytest.fixture
def store() -> Store:
    """An empty store in memory: for tests where durability is not the point."""
    return Store.in_memory()


@pytest.fixture
def file_store(data_dir: Path) -> Iterator[Store]:
    """An open store on a fresh data directory (real files, fsync), closed afterwards."""
    opened = Store.open(data_dir)
    yield opened
    opened.close()


@functools.cache
def _export_schema() -> Any:
    """The validator of content/export-format.schema.json, made once per process."""
    from jsonschema import Draft202012Validator

    schema = json.loads(
        files("coach.content").joinpath("export-format.schema.json").read_text("utf-8")
    )
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(autouse=True)
def every_export_fits_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every JSON export any test makes in this process is checked against the schema
    that ships with coach (the command-line tests check theirs themselves)."""
    from coach.sharing import archive

    encode = archive.encode

    def checked(tables: dict[str, list[dict[str, Any]]]) -> bytes:
        data = encode(tables)
        _export_schema().validate(json.loads(data))
        return data

    monkeypatch.setattr(archive, "encode", checked)
