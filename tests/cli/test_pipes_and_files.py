"""coach in pipes and with files as shell tools are: a reader that goes away early ends it
quietly, `-` is standard input or output, --data-dir goes anywhere, and an empty or
misspelt data directory is named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.processes import data
from tests.support.review_data import seed

COACH = (sys.executable, "-m", "coach")
READERS = [
    ("commitments",),
    ("commitments", "--json"),
    ("commitments", "--due"),
    ("report",),
    ("report", "--json"),
    ("export",),
    ("export", "--format", "json"),
    ("export", "--format", "ics"),
    ("export", "--schema"),
    ("search", "budget"),
    ("doctor",),
    ("manual",),
    ("completion", "bash"),
]


def to_a_reader_gone(directory: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """`coach ARGS | true`: standard output is a pipe whose reader has already closed it."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before coach writes a byte
    try:
        return subprocess.run(
            [sys.executable, "-m", "coach", "--data-dir", str(directory), *args],
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_a_reader_that_goes_away_ends_coach_quietly(data_dir: Path, args: tuple[str, ...]) -> None:
    """No traceback, nothing on stderr, and the status a shell shows for SIGPIPE (141)."""
    seed(data_dir)
    if args == ("commitments", "--due"):
        args = (*args, "--today", "2026-11-20")  # something due, so there is a line to write
    result = to_a_reader_gone(data_dir, *args)
    assert result.stderr == b""
    assert result.returncode == 141


def test_help_to_a_reader_gone_is_quiet(data_dir: Path) -> None:
    """argparse prints the help itself (and lets a closed pipe be): quiet all the same."""
    result = to_a_reader_gone(data_dir, "--help")
    assert result.stderr == b"" and result.returncode == 0


def test_data_dir_before_or_after_the_command(data_dir: Path, tmp_path: Path) -> None:
    """Both places mean the same; given twice, the one after the command counts."""
    seed(data_dir)
    before = subprocess.run(
        [sys.executable, "-m", "coach", "--data-dir", str(data_dir), "commitments", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    after = subprocess.run(
        [sys.executable, "-m", "coach", "commitments", "--json", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert before.stdout == after.stdout and json.loads(after.stdout)
    last = ("--data-dir", str(data_dir))  # given twice: after the command counts
    both = subprocess.run(
        [*COACH, "--data-dir", str(tmp_path / "x"), "commitments", "--json", *last],
        capture_output=True,
        text=True,
        check=True,
    )
    assert both.stdout == before.stdout


@pytest.mark.parametrize(
    "args", [("commitments",), ("commitments", "--json"), ("report",), ("search", "x")]
)
def test_a_directory_without_coach_data_is_named(tmp_path: Path, args: tuple[str, ...]) -> None:
    """A misspelt --data-dir is not a silent "No open commitments": stderr names it."""
    result = data(tmp_path / "typo", *args)
    assert result.returncode == 0
    assert result.stderr == f"coach: no coach data in {tmp_path / 'typo'}\n"
    exported = data(tmp_path / "typo", "export")
    assert exported.returncode == 1 and "no coach data in" in exported.stderr


def test_export_to_standard_output_with_a_dash(data_dir: Path, tmp_path: Path) -> None:
    """`-o -` prints, as no -o does; no file called "-" appears."""
    seed(data_dir)
    printed = subprocess.run(
        [
            sys.executable,
            "-m",
            "coach",
            "--data-dir",
            str(data_dir),
            *("export", "--format", "json", "-o", "-"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert printed.returncode == 0 and json.loads(printed.stdout)["tables"]
    assert not (tmp_path / "-").exists()


def test_import_from_standard_input_with_a_dash(data_dir: Path, tmp_path: Path) -> None:
    """`coach export --format json | coach import -` carries everything across."""
    seed(data_dir)
    exported = data(data_dir, "export", "--format", "json").stdout
    elsewhere = tmp_path / "elsewhere"
    result = subprocess.run(
        [sys.executable, "-m", "coach", "--data-dir", str(elsewhere), "import", "-"],
        input=exported,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Added 2 people, 3 conversations, 4 commitments")
    again = data(elsewhere, "commitments", "--json")
    assert [c["id"] for c in json.loads(again.stdout)] == ["k-draft"]


def test_import_of_a_refused_stream_changes_nothing(data_dir: Path) -> None:
    """A broken file on standard input: refused, exit 1, the data byte for byte the same."""
    seed(data_dir)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    result = subprocess.run(
        [sys.executable, "-m", "coach", "--data-dir", str(data_dir), "import", "-"],
        input='{"format": "coach-export", "tables": {"people": {"x": {"name": 3}}}}',
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert "standard input" in result.stderr
    after = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    assert after == before
