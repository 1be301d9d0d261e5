"""The theme is remembered in the config directory; a bad settings file is never fatal."""

from __future__ import annotations

import stat
from pathlib import Path

from coach.locations import config_dir
from coach.settings import SETTINGS_NAME, Settings, read_settings, write_settings
from tests.support.ui import make_app, opened, settle


def test_settings_round_trip_privately() -> None:
    """Written settings read back the same, in a private file."""
    chosen = Settings(theme='odd "name" \\ here', question_hints=False)
    write_settings(config_dir(), chosen)
    assert read_settings(config_dir()) == (chosen, None)
    mode = stat.S_IMODE((config_dir() / SETTINGS_NAME).stat().st_mode)
    assert mode == 0o600


def test_a_broken_settings_file_gives_defaults_and_a_reason() -> None:
    """Bad TOML: the defaults, and a message with the file and line; the file is kept."""
    config_dir().mkdir(parents=True)
    path = config_dir() / SETTINGS_NAME
    path.write_text('theme = "nord"\ntheme = "again"\n')
    settings, problem = read_settings(config_dir())
    assert settings == Settings()
    assert problem is not None and str(problem).startswith(f"{path}, line 2:")
    assert path.read_text() == 'theme = "nord"\ntheme = "again"\n'


def test_question_hints_must_be_true_or_false() -> None:
    """question_hints = "no" is not taken for false: the defaults, and the line named."""
    config_dir().mkdir(parents=True)
    path = config_dir() / SETTINGS_NAME
    path.write_text('theme = "nord"\nquestion_hints = "no"\n')
    settings, problem = read_settings(config_dir())
    assert settings == Settings()
    assert problem is not None and "line 2" in str(problem) and "true or false" in str(problem)


async def test_the_chosen_theme_is_remembered(data_dir: Path) -> None:
    """Switching theme saves it; the next start uses it."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        app.theme = "nord"
        await settle(pilot)
        await app.workers.wait_for_complete()
    assert read_settings(config_dir())[0].theme == "nord"
    again = make_app(data_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert again.theme == "nord"


async def test_an_unknown_theme_falls_back_with_a_word(data_dir: Path) -> None:
    """A theme that does not exist: the default theme, and a notification saying so."""
    write_settings(config_dir(), Settings(theme="no-such-theme"))
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in n.message for n in app._notifications)
