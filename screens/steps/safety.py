"""Step 2, Safety: how to make it safe for them to speak openly."""

from __future__ import annotations

from coach.memory.facts import FOR_SAFETY
from coach.screens.steps.step import StepScreen
from coach.steps import SAFETY


class SafetyScreen(StepScreen):
    """Preparing how to make it safe for them to speak openly."""

    STEP = SAFETY
    FACT_KINDS = FOR_SAFETY
