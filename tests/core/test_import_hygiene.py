"""The core never imports Textual: sub-commands and --version start as fast as Python."""

from __future__ import annotations

import importlib.util
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import coach

# The app shell: only these may import Textual (launch and cli do so inside a function).
SHELL = {"coach.app", "coach.cli", "coach.__main__", "coach.key_order", "coach.launch"}


def modules_of(package: str) -> Iterator[str]:
    """Every module of `package`, in every subpackage, found without importing them."""
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations is not None
    for module in pkgutil.iter_modules(spec.submodule_search_locations, prefix=f"{package}."):
        yield module.name
        if module.ispkg:
            yield from modules_of(module.name)


# content/ installs as coach.content, but an editable install does not put it under coach/.
CORE = sorted(
    name
    for name in {"coach", "coach.content", *modules_of("coach")}
    if name not in SHELL and not name.startswith(("coach.screens", "coach.content."))
)


def modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_the_core_has_modules_to_check() -> None:
    """The list above is not empty by accident."""
    assert {
        "coach.store.store",
        "coach.storage.durable",
        "coach.model",
        "coach.guidance.library",
        "coach.commands.commitments",
        "coach.content",
    } <= set(CORE)


def test_every_subpackage_is_walked() -> None:
    """Each folder of coach/ that is a package has its modules checked (screens aside)."""
    folders = {path.parent.name for path in Path(coach.__file__).parent.glob("*/__init__.py")}
    walked = {name.split(".")[1] for name in CORE if name.count(".") >= 2}
    assert folders - {"screens", "content"} <= walked
    assert len(folders) >= 9  # storage, store, meeting, ... found on disk, not listed here


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_textual(module: str) -> None:
    """Importing a core module pulls in neither Textual nor any screen."""
    loaded = modules_after(f"import {module}")
    assert "textual" not in loaded
    assert not any(name.startswith("coach.screens") for name in loaded)


@pytest.mark.parametrize("module", ["coach.cli", "coach.launch"])
def test_the_command_line_imports_textual_only_to_open_the_app(module: str) -> None:
    """The shell's entry points bring Textual in only when the app is opened."""
    loaded = modules_after(f"import {module}")
    assert "textual" not in loaded


def test_version_does_not_import_textual() -> None:
    """`coach --version` answers without loading the TUI."""
    loaded = modules_after(
        "from coach.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert "coach.cli" in loaded
    assert "textual" not in loaded
