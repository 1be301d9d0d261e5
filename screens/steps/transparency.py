"""Step 3, Transparency: my intentions, what I will share early, what I must raise."""

from __future__ import annotations

from coach.screens.steps.step import StepScreen
from coach.steps import TRANSPARENCY


class TransparencyScreen(StepScreen):
    """Preparing my intentions, what I will share early, what I must raise."""

    STEP = TRANSPARENCY
