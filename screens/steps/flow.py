"""Which screen shows which step: the order of the five steps as screens."""

from __future__ import annotations

from coach.screens.steps.follow_through import FollowThroughScreen
from coach.screens.steps.mutual_benefit import MutualBenefitScreen
from coach.screens.steps.objectives import ObjectivesScreen
from coach.screens.steps.safety import SafetyScreen
from coach.screens.steps.step import StepScreen
from coach.screens.steps.transparency import TransparencyScreen
from coach.workspace import Workspace

STEP_SCREENS: dict[str, type[StepScreen]] = {
    screen.STEP.key: screen
    for screen in (
        ObjectivesScreen,
        SafetyScreen,
        TransparencyScreen,
        MutualBenefitScreen,
        FollowThroughScreen,
    )
}


def step_screen(step: str, workspace: Workspace, conversation_id: str) -> StepScreen:
    """A new screen showing `step` of the conversation."""
    return STEP_SCREENS[step](workspace, conversation_id)
