"""Make the README's screenshots: the app saves pictures of itself, from the demo data.

    python docs/make_screenshots.py

Deterministic: the demo's seed and 'today' are fixed, and the cursor does not blink.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from coach.app import CoachApp
from coach.demo import sample as demo
from coach.model import ConversationStatus
from coach.screens.dashboard import DashboardScreen
from coach.screens.review.person_timeline import PersonScreen
from coach.screens.steps.flow import step_screen
from coach.store.store import Store

TODAY = demo.SHOWCASE.today
OUT = Path(__file__).parent / "screenshots"
SIZE = (110, 32)


async def shoot(directory: Path) -> None:
    """Open the app on the sample and save the dashboard, a step and a person's page."""
    app = CoachApp(directory, today=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, DashboardScreen):
                break
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        await pilot.pause(0.2)
        app.save_screenshot("dashboard.svg", str(OUT))
        preparing = dashboard.workspace.store.conversations.find(
            status=ConversationStatus.PREPARING
        )
        app.push_screen(step_screen("safety", dashboard.workspace, preparing[0].id))
        await pilot.pause(0.5)
        app.save_screenshot("safety-step.svg", str(OUT))
        app.push_screen(PersonScreen(dashboard.workspace, preparing[0].person_id))
        await pilot.pause(0.5)
        app.save_screenshot("person.svg", str(OUT))


def main() -> None:
    """Build the sample in a throwaway directory and take the pictures."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "data"
        store = Store.open(directory)
        demo.fill(
            store, demo.SHOWCASE.people, demo.SHOWCASE.conversations, demo.SHOWCASE.seed, TODAY
        )
        store.close()
        asyncio.run(shoot(directory))
    print(f"Saved screenshots in {OUT}")


if __name__ == "__main__":
    main()
