"""A wheel built from the source holds every package, stylesheet and data file of the tree.

pyproject.toml lists coach's packages by hand (setuptools cannot find screens/ and
content/ under the names they install as), so a new package is easily forgotten,
and an editable install would never notice.  This builds the wheel the way a user's
`pip install .` does and fails, naming each file, if anything is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
INSTALLED = ("coach/", "screens/", "content/")


def installed(path: str) -> str:
    """Where a file of the tree lands in the wheel (screens/ and content/ go under coach/)."""
    return path if path.startswith("coach/") else f"coach/{path}"


def tracked() -> list[str]:
    """Every file git tracks (the test needs a git checkout: an sdist has no .git)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    # A file deleted but not yet committed is gone from the tree being built.
    return [name for name in listed.stdout.split("\0") if name and (ROOT / name).exists()]


def test_the_wheel_holds_every_package_stylesheet_and_data_file(tmp_path: Path) -> None:
    """Built from a clean copy of what git tracks: no build/ left over can hide a loss."""
    listed = tracked()
    copy = tmp_path / "tree"
    for name in listed:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(copy)],
        check=True,
        capture_output=True,
    )
    [wheel] = dist.glob("coach-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        held = {name for name in archive.namelist() if ".dist-info/" not in name}
    wanted = {installed(name) for name in listed if name.startswith(INSTALLED)}
    assert len(wanted) > 100  # the listing is not empty by accident
    missing = sorted(wanted - held)
    assert not missing, f"left out of the wheel (list their packages in pyproject.toml): {missing}"
    stray = sorted(held - wanted)
    assert not stray, f"in the wheel but not in the source: {stray}"
