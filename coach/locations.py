"""Where coach keeps its files, decided at call time (never at import)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "coach"
DATA_DIR_VARIABLE = "COACH_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: --data-dir, then $COACH_DATA_DIR, then the platform's place."""
    if override:
        return Path(override).expanduser().resolve()
    from_env = os.environ.get(DATA_DIR_VARIABLE)
    if from_env:
        return Path(from_env).expanduser().resolve()
    # platformdirs honours XDG_DATA_HOME on Linux.
    return platformdirs.user_data_path(APP_NAME)


def config_dir() -> Path:
    """The configuration directory (themes, the user's own questions)."""
    return platformdirs.user_config_path(APP_NAME)
