"""Exporting from the app: ask with the export dialog (dialogs/export.py), then write.

`export_from` writes the file through the writer (off the UI thread), whole and
private, and says where it went.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from coach.commands.export import NOT_ENCRYPTED
from coach.screens.dialogs.export import ExportChoice, ExportDialog, Scope
from coach.screens.saving import NotSaved, saved
from coach.sharing.exporting import render, write_file
from coach.workspace import Workspace


def export_from(screen: Screen[Any], workspace: Workspace, scope: Scope) -> None:
    """Ask how to export, then write the file through the writer and say where it went."""

    async def write(choice: ExportChoice | None) -> None:
        if choice is None:
            return
        store, today = workspace.store, workspace.today()

        def job() -> bool:
            exported = render(store, choice.request, today, workspace.guidance)
            write_file(choice.path, exported.data, replace=choice.replace)
            return exported.left_out_private

        try:
            left_out = await saved(screen, workspace, job)
        except NotSaved:
            return
        message = f"Exported to {choice.path}."
        if left_out:
            message += " Your private preparation was left out."
        if store.encrypted:
            message += " " + NOT_ENCRYPTED
        screen.notify(message, title="Exported", markup=False, timeout=10)

    screen.app.push_screen(ExportDialog(workspace, scope), write)
