"""The command line: help, version, demo data, where the data lives, clean errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach import __version__
from coach.cli import main
from coach.locations import data_dir
from coach.store.store import Store


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


def test_version_matches_the_package() -> None:
    """`coach --version` prints the installed version."""
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"coach {__version__}"


def test_help_lists_the_commands_and_options() -> None:
    """`coach --help` shows the sub-commands and how to put the data elsewhere."""
    result = run("--help")
    assert result.returncode == 0
    for word in ("demo", "--data-dir", "COACH_DATA_DIR"):
        assert word in result.stdout


def test_demo_fills_an_empty_directory(tmp_path: Path) -> None:
    """`coach demo` adds people, conversations and commitments, and says so."""
    target = tmp_path / "demo"
    result = run("--data-dir", str(target), "demo", "--people", "4", "--conversations", "20")
    assert result.returncode == 0, result.stderr
    assert "4 people, 20 conversations" in result.stdout
    store = Store.open(target)
    try:
        assert len(store.people.all()) == 4
        assert len(store.conversations.find()) == 20
    finally:
        store.close()


def test_demo_refuses_a_directory_with_data(tmp_path: Path) -> None:
    """The demo never mixes itself into real data: clear message, exit 1, no traceback."""
    target = tmp_path / "mine"
    store = Store.open(target)
    store.people.add("Alex Kim")
    store.close()
    result = run("--data-dir", str(target), "demo")
    assert result.returncode == 1
    assert result.stderr.startswith("coach: ")
    assert "only fills an empty one" in result.stderr
    assert "Traceback" not in result.stderr
    store = Store.open(target)
    try:
        assert [p.name for p in store.people.all()] == ["Alex Kim"]
    finally:
        store.close()


def test_a_corrupt_data_file_is_reported_without_traceback(tmp_path: Path) -> None:
    """A damaged file gives one clear sentence on stderr and is left as it was."""
    target = tmp_path / "broken"
    target.mkdir()
    (target / "coach.json").write_bytes(b'{"coach": {"format": "coach-da')
    result = run("--data-dir", str(target), "demo")
    assert result.returncode == 1
    assert "cannot be read" in result.stderr
    assert "Traceback" not in result.stderr
    assert (target / "coach.json").read_bytes() == b'{"coach": {"format": "coach-da'


@pytest.mark.parametrize(
    "bad", [["demo", "--people", "0"], ["demo", "--conversations", "x"], ["nonsense"]]
)
def test_bad_arguments_exit_with_usage(bad: list[str]) -> None:
    """Wrong arguments are explained, with exit code 2."""
    result = run(*bad)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_data_dir_comes_from_option_then_variable_then_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_directories: Path
) -> None:
    """--data-dir wins, then $COACH_DATA_DIR, then the platform's place (XDG honoured)."""
    assert data_dir() == private_directories / "data" / "coach"
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "from-env"))
    assert data_dir() == tmp_path / "from-env"
    assert data_dir(str(tmp_path / "from-option")) == tmp_path / "from-option"


def test_the_environment_variable_is_used_by_the_command(tmp_path: Path) -> None:
    """COACH_DATA_DIR alone points the command at other data."""
    target = tmp_path / "elsewhere"
    result = run(
        "demo", "--people", "1", "--conversations", "1", env={"COACH_DATA_DIR": str(target)}
    )
    assert result.returncode == 0, result.stderr
    assert (target / "coach.json").exists()


def test_main_returns_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """main() reports errors as exit codes (used by the console script)."""
    target = tmp_path / "d"
    assert main(["--data-dir", str(target), "demo", "--people", "2", "--conversations", "3"]) == 0
    assert main(["--data-dir", str(target), "demo"]) == 1
    assert "coach: " in capsys.readouterr().err


def test_the_changelog_names_this_version_as_the_newest_release() -> None:
    """CHANGELOG.md's newest released heading is the version `coach --version` prints."""
    changelog = Path(__file__).parents[2] / "CHANGELOG.md"
    released = [
        line.split("]")[0].removeprefix("## [")
        for line in changelog.read_text(encoding="utf-8").splitlines()
        if line.startswith("## [") and not line.startswith("## [Unreleased]")
    ]
    assert released, "CHANGELOG.md has no released version"
    assert released[0] == __version__
