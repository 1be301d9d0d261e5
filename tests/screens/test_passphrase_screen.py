"""Encrypted data in the app: the passphrase is asked before anything else, in a field
that shows no letter; a wrong one says so (three tries, then coach leaves); the right
one opens the dashboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import keyring
import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from coach.commands import passphrases
from coach.demo import sample
from coach.screens.dashboard import DashboardScreen
from coach.screens.passphrase import PassphraseScreen
from coach.storage import conversion, unlocking
from coach.store.store import Store
from tests.support.sealed import CHEAP, PASSPHRASE, MemoryKeyring
from tests.support.ui import make_app, opened, shown, type_text, wait_until


@pytest.fixture
def sealed(data_dir: Path) -> Path:
    store = Store.open(data_dir)
    sample.fill(store, people=4, conversations=40, seed=4, today=date.today(), years=2)
    store.close()
    conversion.encrypt(data_dir, PASSPHRASE, CHEAP)
    unlocking.let_go(data_dir)
    return data_dir


async def asked(pilot: Pilot[None]) -> PassphraseScreen:
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, PassphraseScreen)
            and bool(pilot.app.screen.query("#passphrase"))
            and not pilot.app.screen.query_one("#passphrase", Input).disabled
            # AUTO_FOCUS lands when the screen resumes, a message after its widgets exist.
            and pilot.app.focused is not None
        ),
        "the passphrase field, ready to type in",
    )
    screen = pilot.app.screen
    assert isinstance(screen, PassphraseScreen)
    return screen


async def submit(pilot: Pilot[None], text: str) -> None:
    await type_text(pilot, text)
    await pilot.press("enter")


async def test_the_right_passphrase_after_a_wrong_one_opens_the_dashboard(sealed: Path) -> None:
    async with make_app(sealed).run_test(size=(80, 24)) as pilot:
        screen = await asked(pilot)
        field = screen.query_one("#passphrase", Input)
        assert field.password and pilot.app.focused is field
        await type_text(pilot, "not it")
        assert "not it" not in pilot.app.export_screenshot()  # masked: no letter shown
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: "Wrong passphrase" in shown(screen.query_one("#passphrase-note")),
            "the wrong passphrase to be said",
        )
        assert "2 more tries" in shown(screen.query_one("#passphrase-note"))
        assert field.value == "" and not field.disabled
        await submit(pilot, PASSPHRASE)
        dashboard = await opened(pilot)
        assert isinstance(dashboard, DashboardScreen)


async def test_a_passphrase_kept_in_the_keyring_opens_the_dashboard_unasked(
    sealed: Path,
) -> None:
    """`coach passphrase --remember`: the app unlocks from the keyring, no screen asks."""
    ring, before = MemoryKeyring(), keyring.get_keyring()
    ring.set_password(passphrases.KEYRING_SERVICE, str(sealed.resolve()), PASSPHRASE)
    keyring.set_keyring(ring)
    try:
        async with make_app(sealed).run_test(size=(80, 24)) as pilot:
            pushed: list[object] = []
            pilot.app.screen_change_signal.subscribe(pilot.app, pushed.append)
            dashboard = await opened(pilot)
            assert isinstance(dashboard, DashboardScreen)
            assert not any(isinstance(screen, PassphraseScreen) for screen in pushed)
    finally:
        keyring.set_keyring(before)


async def test_three_wrong_passphrases_and_coach_leaves(sealed: Path) -> None:
    app = make_app(sealed)
    async with app.run_test(size=(80, 24)) as pilot:
        await asked(pilot)
        for _ in range(3):
            await asked(pilot)
            await submit(pilot, "never the passphrase")
        await wait_until(pilot, lambda: not app.is_running, "coach to leave")
    assert app.return_code == 1
