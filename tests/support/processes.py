"""Running coach and Python the way a shell does: new processes, for the command-line tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def coach(*args: str) -> subprocess.CompletedProcess[str]:
    """`coach ARGS` in a new process, as from a shell (today fixed, except for import)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "coach",
            *args,
            *(["--today", "2026-11-20"] if "import" not in args else []),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=dict(os.environ),
    )


def data(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`coach --data-dir DIRECTORY ARGS`."""
    return coach("--data-dir", str(directory), *args)


def modules_after(code: str) -> set[str]:
    """The modules a new Python has imported after running `code`."""
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())
