"""Run by test_live_kill.py: capture a line, then die by SIGKILL the moment it shows as saved.

python tests/support/live_kill_child.py DATA_DIR
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from coach.app import CoachApp
from coach.screens.live.capture import LiveScreen
from coach.screens.live.start import LiveStartScreen
from coach.screens.widgets.capture_log import SAVED


async def main(directory: Path) -> None:
    """Open capture with someone new, type, press Enter, and get killed."""
    app = CoachApp(directory, live_with="Some Person")
    async with app.run_test(size=(80, 24)) as pilot:
        while not (
            isinstance(app.screen, LiveStartScreen)
            and app.focused is not None
            and app.focused.id == "purposes"
        ):
            await pilot.pause(0.01)
        await pilot.press("enter")  # the default purpose
        while not isinstance(app.screen, LiveScreen):
            await pilot.pause(0.01)
        screen = app.screen
        await pilot.press(*"noted just before the crash", "enter")
        await pilot.press(*"and a half-typed")
        # The moment the line is shown as saved, as a person would see it:
        while not any(line.state == SAVED for line in screen._lines):
            await asyncio.sleep(0)
        print("shown as saved", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
