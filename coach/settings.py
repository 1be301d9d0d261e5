"""The user's settings (the theme, question hints), kept in config.toml in the config directory.

A settings file that cannot be read is reported and left alone: coach starts with
its defaults and does not overwrite the file until the user changes a setting.
A theme chosen in the app, or hints turned off or on, is saved here at once (`save`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from coach.errors import toml_line, toml_reason
from coach.storage.files import ensure_user_dir, replace_atomically

SETTINGS_NAME = "config.toml"
DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True)
class Settings:
    """What the user has chosen."""

    theme: str = DEFAULT_THEME
    # Hints beside a weak question (closed, leading, stacked, "why"): on unless turned off.
    question_hints: bool = True


@dataclass(frozen=True)
class SettingsProblem:
    """Why a settings file was not used."""

    path: Path
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        return f"{where}: {self.reason}. coach is using its defaults."


def read_settings(directory: Path) -> tuple[Settings, SettingsProblem | None]:
    """The settings in `directory`, or the defaults and what is wrong with the file."""
    path = directory / SETTINGS_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), SettingsProblem(path, None, str(error))
    except tomllib.TOMLDecodeError as error:
        return Settings(), SettingsProblem(path, toml_line(error), toml_reason(error))
    theme = data.get("theme", DEFAULT_THEME)
    if not isinstance(theme, str) or not theme.strip():
        line = _line_of(path, "theme")
        return Settings(), SettingsProblem(path, line, "'theme' must be the name of a theme")
    hints = data.get("question_hints", True)
    if not isinstance(hints, bool):
        line = _line_of(path, "question_hints")
        return Settings(), SettingsProblem(path, line, "'question_hints' must be true or false")
    return Settings(theme=theme.strip(), question_hints=hints), None


def write_settings(directory: Path, settings: Settings) -> None:
    """Save the settings (private file, atomic replace)."""
    ensure_user_dir(directory)
    hints = "true" if settings.question_hints else "false"
    text = f'# coach settings\ntheme = "{_escape(settings.theme)}"\nquestion_hints = {hints}\n'
    replace_atomically(directory / SETTINGS_NAME, text.encode("utf-8"))


def theme_warning(
    settings: Settings, problem: SettingsProblem | None, themes: Collection[str]
) -> str | None:
    """What to tell the user about their settings when the app opens (None: nothing)."""
    if problem is not None:
        return str(problem)
    if settings.theme not in themes:
        return f"There is no theme called {settings.theme!r}; using the default."
    return None


def save(directory: Path, settings: Settings) -> str | None:
    """Save the settings in `directory`; None, or why they could not be saved."""
    try:
        write_settings(directory, settings)
    except OSError as error:
        return f"Could not save your settings: {error}"
    return None


def _line_of(path: Path, key: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip().startswith(key):
                return number
    except OSError:
        return None
    return None


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
