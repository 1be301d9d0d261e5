"""Tab completion and the manual page, both made from the real parser; the schema and
search from an installed coach."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import COMMANDS
from tests.support.processes import data
from tests.support.review_data import seed


def coach_says(*args: str) -> subprocess.CompletedProcess[str]:
    """`coach ARGS` (no --today: these commands take none)."""
    return subprocess.run(
        [sys.executable, "-m", "coach", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_loads_its_completion_script(shell: str, tmp_path: Path) -> None:
    """The script names every command, and the shell itself reads it without an error."""
    result = coach_says("completion", shell)
    assert result.returncode == 0 and result.stderr == ""
    for command in COMMANDS:
        assert command.NAME in result.stdout
    # .ci/run installs zsh and fish where they are missing (README: what the tests need).
    assert shutil.which(shell), f"{shell} is needed to test its completion"
    # zsh finds completion functions on its fpath, by file name: _coach.
    script = tmp_path / ("_coach" if shell == "zsh" else f"coach.{shell}")
    script.write_text(result.stdout)
    loader = {
        "bash": f"source {script} && complete -p coach",
        "zsh": f"fpath=({tmp_path} $fpath); autoload -U compinit; "
        f"compinit -u -d {tmp_path}/dump; [[ $_comps[coach] == _coach ]]",
        "fish": f"source {script}; and complete -c coach | head -n 1",
    }[shell]
    loaded = subprocess.run(
        [shell, "-c", loader], capture_output=True, text=True, check=False, timeout=60
    )
    assert loaded.returncode == 0 and loaded.stderr == "", loaded.stderr


def test_completion_knows_the_choices_and_the_files() -> None:
    """--format's choices and file names for FILE come from the parser."""
    script = coach_says("completion", "bash").stdout
    assert "markdown" in script and "ics" in script and "_shtab_compgen_files" in script


def test_the_manual_page_holds_every_command_and_renders(tmp_path: Path) -> None:
    """roff with every command as a section; man reads it when man is there."""
    page = coach_says("manual").stdout
    assert page.startswith(".TH COACH 1")
    for command in COMMANDS:
        assert f".SS {command.NAME}" in page
    assert r"\-\-data\-dir" in page and ".SH EXIT STATUS" in page
    assert shutil.which("man"), "man is needed to read the page (.ci/run installs man-db)"
    (tmp_path / "coach.1").write_text(page)
    shown = subprocess.run(
        ["man", "-l", str(tmp_path / "coach.1")],
        capture_output=True,
        text=True,
        check=False,
        env={"MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "80", "PATH": "/usr/bin:/bin"},
    )
    assert shown.returncode == 0 and "coach done" in shown.stdout


def test_help_says_how_to_get_the_manual_and_completion() -> None:
    """`coach --help` names both."""
    shown = coach_says("--help").stdout
    assert "coach manual" in " ".join(shown.split())
    assert "coach completion" in " ".join(shown.split())


def test_export_schema_prints_the_installed_schema() -> None:
    """The schema ships with coach: `coach export --schema` prints it whole."""
    result = coach_says("export", "--schema")
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    shipped = Path(__file__).resolve().parents[2] / "content" / "export-format.schema.json"
    assert json.loads(shipped.read_text()) == schema


def test_search_from_the_shell(data_dir: Path) -> None:
    """Every word must appear, accents aside; plain text for people, --json for scripts."""
    seed(data_dir)
    plain = data(data_dir, "search", "zurich", "budget")
    assert plain.returncode == 0, plain.stderr
    lines = plain.stdout.splitlines()
    assert "Zoë Ångström" in lines[0] and lines[-1] == "1 conversation."
    listed = json.loads(data(data_dir, "search", "budget", "--json").stdout)
    assert listed[0]["conversation_id"] == "c-budget" and listed[0]["matched"]["in"]
    only_sam = json.loads(data(data_dir, "search", "budget", "--person", "sam", "--json").stdout)
    assert only_sam == []
    nothing = data(data_dir, "search", "zebra")
    assert nothing.stdout == "No conversation holds 'zebra'.\n"
