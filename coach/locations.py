"""Where coach keeps its files, decided at call time (never at import)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "coach"
DATA_DIR_VARIABLE = "COACH_DATA_DIR"
CONFIG_DIR_VARIABLE = "COACH_CONFIG_DIR"


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
    """The configuration directory (the theme, the user's own questions): $COACH_CONFIG_DIR,
    or the platform's place (platformdirs honours XDG_CONFIG_HOME)."""
    from_env = os.environ.get(CONFIG_DIR_VARIABLE)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return platformdirs.user_config_path(APP_NAME)


def content_dir() -> Path:
    """Where the user's own questions, purposes and prompts live (TOML files)."""
    return config_dir() / "content"
