"""What may import what: the core never imports Textual (sub-commands and --version start as
fast as Python), and widgets and dialogs never import a screen."""

from __future__ import annotations

import ast
import importlib.util
import json
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import coach
from tests.support.processes import modules_after

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


# Imports each core module in turn in one new Python, forgetting coach and Textual
# between them, so each module's own imports are seen (one process: a second, not 100).
_EACH = """
import importlib, json, sys
found = {}
for module in sys.argv[1:]:
    for name in [n for n in sys.modules if n.split(".")[0] in ("coach", "textual")]:
        del sys.modules[name]
    importlib.import_module(module)
    found[module] = [n for n in sys.modules if n == "textual" or n.startswith("coach.screens")]
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def pulled_in() -> dict[str, list[str]]:
    """For each core module, the Textual and screen modules importing it brings in."""
    result = subprocess.run(
        [sys.executable, "-c", _EACH, *CORE], capture_output=True, text=True, check=True
    )
    found: dict[str, list[str]] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_textual(module: str, pulled_in: dict[str, list[str]]) -> None:
    """Importing a core module pulls in neither Textual nor any screen."""
    assert pulled_in[module] == []


def test_the_check_sees_textual_when_a_module_brings_it_in() -> None:
    """The one-process check is not blind: a module that imports Textual is caught."""
    result = subprocess.run(
        [sys.executable, "-c", _EACH, "coach.model", "coach.app", "coach.dates"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout)
    assert found["coach.model"] == [] and found["coach.dates"] == []
    assert "textual" in found["coach.app"]


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


def test_listing_commitments_loads_only_what_it_prints(tmp_path: Path) -> None:
    """`coach commitments` (in a shell prompt, as often as it is drawn) reads the data at
    hand and prints it: not the ledger, the guidance or the shell's changes, which other
    commands' modules would otherwise bring with them to every start."""
    loaded = modules_after(
        "from coach.cli import main\n"
        f"try:\n    main(['--data-dir', {str(tmp_path / 'data')!r}, 'commitments'])\n"
        "except SystemExit:\n    pass"
    )
    assert "coach.commands.commitments" in loaded
    heavy = {"coach.memory.ledger", "coach.guidance.library", "coach.relay.protocol"}
    assert not loaded & (heavy | {"textual"})


SCREENS = Path(coach.__file__).parents[1] / "screens"
# What a widget may use of coach.screens besides other widgets; a dialog may use widgets too.
SHARED = ("coach.screens.text", "coach.screens.messages")


def screens_imported(path: Path) -> list[str]:
    """The coach.screens modules a file imports, anywhere in it (inside functions too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [name for name in names if name.startswith("coach.screens.")]
    return found


@pytest.mark.parametrize(
    ("folder", "allowed"),
    [
        ("widgets", ("coach.screens.widgets", *SHARED)),
        ("dialogs", ("coach.screens.dialogs", "coach.screens.widgets", *SHARED)),
    ],
)
def test_widgets_and_dialogs_import_no_screen(folder: str, allowed: tuple[str, ...]) -> None:
    """A widget tells its screen what happened with a message (screens/messages.py), and a
    dialog returns its answer: neither imports a screen, so imports run one way."""
    files = sorted((SCREENS / folder).glob("*.py"))
    assert len(files) > 3  # the folder is found, not empty by accident
    wrong = {
        f"{path.name}: {name}"
        for path in files
        for name in screens_imported(path)
        if not name.startswith(allowed)
    }
    assert not wrong, f"imports a screen: {sorted(wrong)}"


# The layers of the core, as docs/architecture.md draws them: what each package may import
# besides the shared vocabulary (coach/'s own modules: model, errors, dates, ...).
VOCABULARY = {"model", "errors", "steps", "dates", "user_text", "folding"}
MAY_IMPORT = {
    "vocabulary": set(),
    "storage": set(),
    "guidance": set(),
    "store": {"storage"},
    "meeting": {"store"},
    "memory": {"store", "guidance"},
    "review": {"store", "guidance"},
    "demo": {"store", "guidance"},
    "sharing": {"store", "storage", "guidance", "memory"},
    # Changes from the shell, made through the store by the one writer.
    "relay": {"store", "storage"},
    # ...and `coach live` opens the app through launch, inside its run(); `completion`
    # and `manual` read the parser from cli, inside theirs.
    "commands": {"store", "storage", "guidance", "memory", "meeting", "review", "sharing", "demo"}
    | {"relay", "launch", "locations", "cli"},
}


def layer_of(module: str) -> str:
    """'storage' for coach.storage.journal; 'vocabulary' for coach.dates; else the module."""
    parts = module.split(".")
    if len(parts) == 1:
        return "coach"
    if (Path(coach.__file__).parent / parts[1]).is_dir():
        return parts[1]
    return "vocabulary" if parts[1] in VOCABULARY else parts[1]


def coach_imports(path: Path) -> set[str]:
    """The coach modules a file imports, anywhere in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "coach" or name.startswith("coach.")}


def test_each_layer_imports_only_those_below_it() -> None:
    """storage and guidance know nothing above them; the store knows storage; meeting,
    memory, review, demo and sharing know the store (and guidance, some of them); none of
    them knows a screen."""
    top = Path(coach.__file__).parent
    wrong = set()
    checked = 0
    for path in top.rglob("*.py"):
        relative = path.relative_to(top).with_suffix("")
        module = ".".join(("coach", *relative.parts)).removesuffix(".__init__")
        layer = layer_of(module)
        if layer not in MAY_IMPORT:
            continue  # the shell: app, cli, workspace, ... may import any of these
        checked += 1
        for name in coach_imports(path):
            used = layer_of(name)
            if used not in {layer, "vocabulary", "coach"} and used not in MAY_IMPORT[layer]:
                wrong.add(f"{module} imports {name}")
    assert checked > 40
    assert not wrong, sorted(wrong)
