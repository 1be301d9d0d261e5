"""The core never imports Textual: sub-commands and --version start as fast as Python."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import coach
from coach import commands

SHELL = {"coach.app", "coach.cli", "coach.__main__", "coach.key_order"}
CORE = [
    *sorted(
        f"coach.{module.name}"
        for module in pkgutil.iter_modules(coach.__path__)
        if f"coach.{module.name}" not in SHELL and module.name not in ("screens", "content")
    ),
    *sorted(f"coach.commands.{module.name}" for module in pkgutil.iter_modules(commands.__path__)),
    "coach.content",
]


def modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_the_core_has_modules_to_check() -> None:
    """The list below is not empty by accident."""
    assert {"coach.store", "coach.storage", "coach.model", "coach.guidance"} <= set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_textual(module: str) -> None:
    """Importing a core module pulls in neither Textual nor any screen."""
    loaded = modules_after(f"import {module}")
    assert "textual" not in loaded
    assert not any(name.startswith("coach.screens") for name in loaded)


def test_version_does_not_import_textual() -> None:
    """`coach --version` answers without loading the TUI."""
    loaded = modules_after(
        "from coach.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert "coach.cli" in loaded
    assert "textual" not in loaded
