"""Making a shell command's change, through the store: the same code in the app and the shell.

The open app runs `apply` on its writer thread for a change that came over the
socket; a shell command with the data to itself runs it directly.  Nothing is
changed unless the REF means exactly one commitment and the change is allowed.
"""

from __future__ import annotations

from datetime import date

from coach.dates import show_date
from coach.errors import InvalidInput
from coach.folding import one_called
from coach.model import Commitment, CommitmentStatus, Owner
from coach.relay.protocol import Action, Answer, Change, Found, Outcome
from coach.relay.refs import match, short_refs
from coach.store.store import Store
from coach.store.views import CommitmentView
from coach.user_text import collapse

SHOWN_CANDIDATES = 10


def apply(store: Store, change: Change) -> Answer:
    """Make `change` (durable when this returns DONE); any other outcome changed nothing."""
    try:
        today = date.fromisoformat(change.today)
        due = date.fromisoformat(change.due) if change.due else None
    except ValueError:
        return Answer(Outcome.REFUSED, "The request carried a date coach cannot read.")
    try:
        if change.action is Action.ADD:
            return _add(store, change, due)
        return _change(store, change, today, due)
    except InvalidInput as error:
        return Answer(Outcome.REFUSED, str(error))


def _add(store: Store, change: Change, due: date | None) -> Answer:
    try:
        owner = Owner(change.owner)
    except ValueError:
        return Answer(Outcome.REFUSED, "Say whose commitment it is: me, them or both.")
    if change.commitment_id and (known := store.commitments.get(change.commitment_id)):
        # Sent again after the answer was lost: it is already made.
        return _done(store, known, "Already added")
    names = {person.id: person.name for person in store.people.views()}
    with store.transaction():
        try:
            person_id = one_called(names, change.person)
        except InvalidInput as unknown:
            if not collapse(change.person):
                raise
            if not change.new_person:
                if "could be" in str(unknown):
                    raise
                raise InvalidInput(f"{unknown} Add --new-person to add them.") from None
            person_id = store.people.add(collapse(change.person)).id
        commitment = Commitment(change.text, owner, person_id, due=due)
        if change.commitment_id:
            commitment.id = change.commitment_id
        made = store.commitments.add(commitment)
    return _done(store, made, "Added")


# Which commitments each action may change: undo brings back only what was settled.
_AMONG = {
    Action.DONE: {"open"},
    Action.DUE: {"open"},
    Action.DROP: {"open"},
    Action.UNDO: {"done", "dropped"},
}


def _change(store: Store, change: Change, today: date, due: date | None) -> Answer:
    views = store.commitments.views()
    wanted = _AMONG[change.action]
    among = [view for view in views if view.status in wanted]
    found = match(change.ref, among)
    if found.one is None and not found.found:
        # Said of a commitment that is there but settled (or still open, for undo)?
        elsewhere = match(change.ref, [view for view in views if view.status not in wanted])
        if elsewhere.one is not None:
            other = store.commitments.get(elsewhere.one)
            assert other is not None
            return Answer(Outcome.REFUSED, _why_not(change.action, other), _found(store, other))
        return Answer(Outcome.NOT_FOUND, _nothing(change))
    if found.one is None:
        candidates = _candidates(store, views, found.found)
        return Answer(
            Outcome.AMBIGUOUS,
            f"{change.ref!r} could be {len(found.found)} commitments; give more of it "
            "(nothing was changed).",
            candidates=candidates,
        )
    commitment_id = found.one
    if change.action is Action.DONE:
        made = store.commitments.mark_done(commitment_id, today)
        return _done(store, made, "Done")
    if change.action is Action.UNDO:
        made = store.commitments.set_status(commitment_id, CommitmentStatus.OPEN, today)
        return _done(store, made, "Open again")
    if change.action is Action.DROP:
        made = store.commitments.drop(commitment_id, today, change.reason)
        return _done(store, made, "Dropped")
    made = store.commitments.renegotiate(commitment_id, due, today, change.reason)
    return _done(store, made, f"Now due {show_date(made.due, today)}")


def _why_not(action: Action, commitment: Commitment) -> str:
    if action is Action.UNDO:
        return "It is still open: there is nothing to undo."
    return f"It is already {commitment.status.value}: only an open one can be changed."


def _nothing(change: Change) -> str:
    which = "done or dropped" if change.action is Action.UNDO else "open"
    return (
        f"No {which} commitment matches {change.ref!r}; `coach commitments` lists the open "
        "ones with their REF."
    )


def _done(store: Store, commitment: Commitment, verb: str) -> Answer:
    found = _found(store, commitment)
    return Answer(Outcome.DONE, f"{verb}: {collapse(commitment.text)}", found)


def _refs(store: Store) -> dict[str, str]:
    return short_refs(view.id for view in store.commitments.views())


def _found(store: Store, commitment: Commitment) -> Found:
    person = store.people.get(commitment.person_id)
    return Found(
        id=commitment.id,
        ref=_refs(store).get(commitment.id, commitment.id),
        text=commitment.text,
        person=person.name if person else "",
        status=commitment.status.value,
        due=commitment.due.isoformat() if commitment.due else None,
    )


def _candidates(store: Store, views: list[CommitmentView], ids: list[str]) -> list[Found]:
    refs = short_refs(view.id for view in views)
    names = {person.id: person.name for person in store.people.views()}
    chosen = [view for view in views if view.id in set(ids)]
    chosen.sort(key=lambda view: (view.due is None, view.due or date.max, view.created))
    return [
        Found(
            id=view.id,
            ref=refs[view.id],
            text=view.text,
            person=names.get(view.person_id, ""),
            status=view.status,
            due=view.due.isoformat() if view.due else None,
        )
        for view in chosen[:SHOWN_CANDIDATES]
    ]
