"""Keeping what a person has taught us: one key turns a note or an answer into a learned fact.

`learn_from` opens a small dialog (dialogs/fact.py) that only asks which kind of
fact it is (with a guess from the words) and lets the text be trimmed; the fact is
then stored through the writer, dated today, with the conversation it came from.
Correcting a fact and marking it superseded are flows of this module too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from coach.memory import facts
from coach.model import EntryKind, Fact, FactKind
from coach.screens.dialogs.fact import FactDialog, FactDraft
from coach.screens.saving import NotSaved, saved
from coach.screens.text import one_line
from coach.user_text import trim
from coach.workspace import Workspace


def learn_from(
    screen: Screen[Any],
    workspace: Workspace,
    *,
    person_id: str,
    text: str,
    conversation_id: str | None,
    captured_as: EntryKind | None = None,
    context: str = "",
    after: Callable[[Fact], None] | None = None,
    from_scratch: bool = False,
) -> None:
    """Ask what `text` teaches about the person, and keep it (then call `after`).

    `context`: where it was written (a field's label, a question), to guess its kind.
    `from_scratch`: the leader types the fact themselves (`text` may be blank).
    """
    if workspace.read_only:
        screen.notify("Another coach holds the data: nothing can be added.", markup=False)
        return
    if not trim(text) and not from_scratch:
        screen.notify("There is nothing written there to learn from yet.", markup=False)
        return

    async def chosen(draft: FactDraft | None) -> None:
        if draft is None:
            return
        store, today = workspace.store, workspace.today()
        try:
            fact = await saved(
                screen,
                workspace,
                lambda: store.facts.learn(
                    person_id,
                    draft.kind,
                    draft.text,
                    on=today,
                    conversation_id=conversation_id,
                ),
            )
        except NotSaved:
            return
        screen.notify(
            f"{facts.SHORT[fact.kind]}: {one_line(fact.text, 60)}", title="Learned", markup=False
        )
        if after is not None:
            after(fact)

    if from_scratch and not trim(text):
        dialog = FactDialog("", FactKind.MATTERS, title="What have they taught you?", hint="choose")
    else:
        dialog = FactDialog(text, facts.guess_kind(text, captured_as, context))
    screen.app.push_screen(dialog, chosen)


def correct_fact(
    screen: Screen[Any], workspace: Workspace, fact: Fact, after: Callable[[Fact], None]
) -> None:
    """Ask for a fact's corrected kind and words, and store them."""

    async def chosen(draft: FactDraft | None) -> None:
        if draft is None:
            return
        store = workspace.store
        try:
            changed = await saved(
                screen, workspace, lambda: store.facts.revise(fact.id, draft.kind, draft.text)
            )
        except NotSaved:
            return
        after(changed)

    dialog = FactDialog(fact.text, fact.kind, title="Correct what you learned", hint="as kept")
    screen.app.push_screen(dialog, chosen)


async def supersede_fact(
    screen: Screen[Any], workspace: Workspace, fact: Fact, after: Callable[[Fact], None]
) -> None:
    """Mark a fact superseded (kept in the record, dimmed), or current again."""
    store, today = workspace.store, workspace.today()
    try:
        changed = await saved(screen, workspace, lambda: store.facts.supersede(fact.id, today))
    except NotSaved:
        return
    screen.notify(
        "Marked superseded: kept in the record, dimmed."
        if not changed.current
        else "Current again.",
        markup=False,
    )
    after(changed)
