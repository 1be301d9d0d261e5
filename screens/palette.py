"""coach's entries in the command palette: its own commands, and people and commitments.

`coach_commands` lists what the app offers first (a new conversation, live capture,
the dashboard, help, search, review, export).  `PeopleAndCommitments` finds people
and open commitments by name: "Person: Priya Kapoor" opens her timeline; "Done:
send the draft · Priya" marks that commitment done, "Settle: …" opens the dialog that
closes it out (done, a new date, dropped) or edits it.  Names and texts are the
user's, so they are matched and shown as plain text (Textual's own highlighter
would read them as markup).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.command import Hit, Hits, Provider
from textual.content import Content

from coach.model import CommitmentStatus
from coach.screens.dashboard import DashboardScreen
from coach.screens.dialogs.export import Scope
from coach.screens.exporting import export_from
from coach.screens.live.start import start_live
from coach.screens.saving import Autosave, NotSaved, saved
from coach.screens.text import one_line
from coach.user_text import words
from coach.workspace import Workspace


def coach_commands(app: App[Any], workspace: Workspace | None) -> Iterator[SystemCommand]:
    """coach's own commands, in the order offered (those needing the data once it is open)."""
    dashboard = _dashboard(app)
    if dashboard is not None and workspace is not None and not workspace.read_only:
        yield SystemCommand(
            "New conversation",
            "Prepare a conversation with someone",
            dashboard.action_new_conversation,
        )
        yield SystemCommand(
            "Live capture",
            "Capture notes and commitments during a meeting",
            partial(start_live, app, workspace),
        )
    if dashboard is not None:
        yield SystemCommand("Dashboard", "Go back to the dashboard", partial(_to_dashboard, app))
    yield SystemCommand("Help", "The five steps and every key", partial(app.run_action, "help"))
    if dashboard is not None and workspace is not None:
        yield SystemCommand(
            "Search conversations",
            "Find a conversation by any word in its notes, answers or commitments",
            dashboard.action_review,
        )
        yield SystemCommand(
            "Review conversations",
            "Search every conversation, filter, open one, see a person's timeline",
            dashboard.action_review,
        )
        yield SystemCommand(
            "Export",
            "Markdown, JSON or iCalendar, to a file",
            lambda: export_from(app.screen, workspace, Scope()),
        )
    if workspace is not None:
        now = "off" if workspace.question_hints else "on"
        yield SystemCommand(
            f"Question hints: turn {now}",
            "Hints beside a closed, leading, stacked or 'why' question as you plan it",
            partial(_toggle_question_hints, app, workspace),
        )


def _toggle_question_hints(app: App[Any], workspace: Workspace) -> None:
    """Turn question hints off or on, everywhere at once, and keep the choice."""
    from coach.screens.widgets.questions import QuestionsPanel

    workspace.question_hints = not workspace.question_hints
    change = getattr(app, "change_settings", None)
    settings = getattr(app, "settings", None)
    if change is not None and settings is not None:
        change(replace(settings, question_hints=workspace.question_hints))
    for screen in app.screen_stack:
        for panel in screen.query(QuestionsPanel):
            panel.use_rules(workspace.question_rules)
    state = "on" if workspace.question_hints else "off"
    app.notify(f"Question hints are {state}.", markup=False)


def _dashboard(app: App[Any]) -> DashboardScreen | None:
    for screen in app.screen_stack:
        if isinstance(screen, DashboardScreen):
            return screen
    return None


async def _to_dashboard(app: App[Any]) -> None:
    """Back to the dashboard, saving each screen on the way (and staying if one fails)."""
    while len(app.screen_stack) > 1 and not isinstance(app.screen, DashboardScreen):
        autosave = getattr(app.screen, "autosave", None)
        if isinstance(autosave, Autosave) and not await autosave.settle():
            return
        app.pop_screen()


class PeopleAndCommitments(Provider):
    """Go to a person; mark an open commitment done."""

    def _workspace(self) -> Workspace | None:
        workspace = getattr(self.app, "workspace", None)
        return workspace if isinstance(workspace, Workspace) else None

    def _entries(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """(text to match, help, what choosing it does) for every person and open commitment."""
        workspace = self._workspace()
        if workspace is None:
            return []
        store = workspace.store
        people = store.people.all()
        names = {person.id: person.name for person in people}
        entries: list[tuple[str, str, Callable[[], Any]]] = [
            (
                f"Person: {one_line(person.name, 60)}",
                "Their timeline of conversations and commitments",
                partial(self._open_person, person.id),
            )
            for person in people
        ]
        if not workspace.read_only:
            for commitment in store.commitments.find(status=CommitmentStatus.OPEN):
                who = one_line(names.get(commitment.person_id, "?"), 30)
                entries.append(
                    (
                        f"Done: {one_line(commitment.text, 60)} · {who}",
                        f"Mark this commitment ({commitment.owner.value}) done today",
                        partial(self._mark_done, commitment.id),
                    )
                )
                entries.append(
                    (
                        f"Settle: {one_line(commitment.text, 60)} · {who}",
                        "Done, a new date, dropped (why?) or edited: in a small dialog",
                        partial(self._settle, commitment.id),
                    )
                )
        return entries

    async def search(self, query: str) -> Hits:
        """People and commitments matching what is typed."""
        matcher = self.matcher(query)
        for text, help_text, command in self._entries():
            score = matcher.match(text) if _within_words(query, text) else 0
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher.fuzzy_search.match(query, text)[1], text),
                    command,
                    text=text,
                    help=help_text,
                )

    def _open_person(self, person_id: str) -> None:
        from coach.screens.review.person_timeline import PersonScreen

        workspace = self._workspace()
        if workspace is not None:
            self.app.push_screen(PersonScreen(workspace, person_id))

    async def _mark_done(self, commitment_id: str) -> None:
        workspace = self._workspace()
        if workspace is None:
            return
        store, today = workspace.store, workspace.today()
        screen = self.app.screen
        try:
            done = await saved(
                screen,
                workspace,
                lambda: store.commitments.set_status(commitment_id, CommitmentStatus.DONE, today),
            )
        except NotSaved:
            return
        self.app.notify(f"Done: {one_line(done.text, 80)}", title="Commitment kept", markup=False)
        _refresh(screen)

    def _settle(self, commitment_id: str) -> None:
        from coach.screens.commitments import settle

        workspace = self._workspace()
        if workspace is not None:
            screen = self.app.screen
            settle(screen, workspace, commitment_id, lambda _changed: _refresh(screen))


def _within_words(query: str, text: str) -> bool:
    """Whether each word typed is found in one word of `text`, its letters in order.

    The palette's own matching takes letters from anywhere: "theme" found t, h, e, m, e
    across "Done: Share the budget…", and listed every commitment under the themes.
    """
    found = [word.casefold() for word in words(text)]
    return all(
        any(_in_order(typed, word) for word in found)
        for typed in (w.casefold() for w in words(query))
    )


def _in_order(letters: str, word: str) -> bool:
    rest = iter(word)
    return all(letter in rest for letter in letters)


def _refresh(screen: Any) -> None:
    """Show the screen's data as it is now, where the screen can."""
    refresh = getattr(screen, "refresh_data", None)
    if callable(refresh):
        refresh()


def _highlight(offsets: Any, text: str) -> Content:
    """`text` as plain content, with the matched letters in bold."""
    shown = Content(text)
    for offset in offsets:
        if 0 <= offset < len(text) and not text[offset].isspace():
            shown = shown.stylize("bold reverse", offset, offset + 1)
    return shown
