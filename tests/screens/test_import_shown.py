"""Whatever an import accepts, the app opens on it and every screen that shows it works.

The screens' half of tests/core/test_import_properties.py: the same export files
(values on the rules' edges, awkward text, unknown fields; none refused), imported, and then the
app opened on the data at 80x24: the dashboard, every person's page, review, every
conversation's record and the plan of every conversation still in preparation, each shown
without a crash and without a control character reaching the terminal.

COACH_FUZZ_EXAMPLES sets how many files are tried (4 by default, the same ones
every run).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from textual.pilot import Pilot

from coach.app import CoachApp
from coach.model import ConversationStatus
from coach.screens.dashboard import DashboardScreen
from coach.screens.review.conversation_detail import ConversationDetailScreen
from coach.screens.review.conversations import ReviewScreen
from coach.screens.review.person_timeline import PersonScreen
from coach.screens.steps.flow import step_screen
from coach.store.store import Store
from coach.user_text import has_controls
from tests.core.test_import_properties import import_into
from tests.support.import_files import export_files
from tests.support.ui import make_app, opened, screen_text, settle

EXAMPLES = int(os.environ.get("COACH_FUZZ_EXAMPLES", "4"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


async def shows(pilot: Pilot[None], where: str) -> None:
    """The screen is up and sends no control character to the terminal."""
    await settle(pilot)
    shown = screen_text(pilot.app)
    assert not has_controls(shown.replace("\n", "")), f"{where}: a control character was sent"


async def visit_everything(app: CoachApp, pilot: Pilot[None], directory: Path) -> None:
    """Every screen that shows a record of the data in `directory`."""
    store = Store.open(directory, read_only=True)
    try:
        people = [person.id for person in store.people.all()]
        conversations = store.conversations.find()
    finally:
        store.close()
    dashboard = await opened(pilot)
    await shows(pilot, "dashboard")
    workspace = dashboard.workspace
    screens: list[tuple[str, Any]] = [("review", lambda: ReviewScreen(workspace))]
    screens += [(f"person {p}", lambda p=p: PersonScreen(workspace, p)) for p in people]
    for talk in conversations:
        screens.append(
            (f"record {talk.id}", lambda t=talk.id: ConversationDetailScreen(workspace, t))
        )
        if talk.status == ConversationStatus.PREPARING:
            # One step shows the plan's values; every step's own text is the fuzz test's.
            where = f"objectives {talk.id}"
            screens.append((where, lambda t=talk.id: step_screen("objectives", workspace, t)))
    for where, make in screens:
        await app.push_screen(make())
        await shows(pilot, where)
        await app.pop_screen()
    await settle(pilot)
    assert isinstance(app.screen, DashboardScreen)


@PROPERTY
@given(document=export_files(refusable=False))
async def test_the_app_opens_on_whatever_an_import_accepts(document: dict[str, Any]) -> None:
    """Accepted once, shown everywhere: no screen fails on a value the import let in."""
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch) / "data"
        import_into(directory, json.dumps(document).encode())
        app = make_app(directory)
        async with app.run_test(size=(80, 24)) as pilot:
            await visit_everything(app, pilot, directory)
