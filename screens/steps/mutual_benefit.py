"""Step 4, Mutual benefit: their interests, mine and the organisation's, and win-win options."""

from __future__ import annotations

from coach.memory.facts import FOR_MUTUAL_BENEFIT
from coach.screens.steps.step import StepScreen
from coach.steps import MUTUAL_BENEFIT


class MutualBenefitScreen(StepScreen):
    """Preparing their interests, mine and the organisation's, and win-win options."""

    STEP = MUTUAL_BENEFIT
    FACT_KINDS = FOR_MUTUAL_BENEFIT
