"""The process tests/storage/test_crash.py kills: deterministic work, reported line by line.

Run as `python tests/support/crash_child.py DIR SEED`.  It opens the store in DIR, plans a
sequence of operations from SEED and the data it finds, and performs them,
printing "begin N" before operation N and "ack N" once the call has returned
(so the change is acknowledged).  The parent replays the same plan on a plain
model to know what the store must hold after the kill.

Kept free of pytest and Textual so that it starts quickly.
"""

from __future__ import annotations

import os
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Buffer

from coach.model import Commitment, CommitmentStatus, Owner, Person
from coach.storage import durable as storage
from coach.store.store import Store

# Compact once the journal passes a few KB, so compactions are frequent and get killed.
COMPACT_AT = 3 * 1024
OPERATIONS = 2000  # far more than fit in the time before the kill
MOST_PEOPLE = 12
MOST_COMMITMENTS = 20
# Commitments are made in 2023 and done at its end: once done they are settled history,
# so folds write the monthly parts too, and kills land between a part and the data file.
MADE = datetime(2023, 1, 5, 9, tzinfo=UTC)
DAY = date(2023, 12, 31)
# os.write may write fewer bytes than asked; making it always do so lets a kill land
# in the middle of a journal line or a temporary file, as a power cut could.
SHORT_WRITE = 16


@dataclass
class State:
    """What the parent compares: each person's name, each commitment's text and status."""

    people: dict[str, str] = field(default_factory=dict)
    commitments: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def copy(self) -> State:
        """An independent copy."""
        return State(dict(self.people), dict(self.commitments))


# An operation: (kind, arguments).  Kinds: person, commit, bulk, done, drop.
Operation = tuple[str, tuple[str, ...]]


def state_of(store: Store) -> State:
    """The comparable state of a store."""
    return State(
        people={person.id: person.name for person in store.people.all()},
        commitments={c.id: (c.person_id, c.text, c.status.value) for c in store.commitments.find()},
    )


def plan(seed: int, start: State, count: int = OPERATIONS) -> list[Operation]:
    """`count` operations that, from `start`, add people and make the data grow and shrink."""
    rng = random.Random(seed)
    state = start.copy()
    operations: list[Operation] = []
    for number in range(1, count + 1):
        tag = f"{seed}-{number}"
        people = sorted(state.people)
        open_ones = sorted(k for k, v in state.commitments.items() if v[2] == "open")
        roll = rng.random()
        operation: Operation
        if not people or (len(people) < MOST_PEOPLE and roll < 0.08):
            operation = ("person", (f"p{tag}", f"Person {tag}"))
        elif state.commitments and (len(state.commitments) > MOST_COMMITMENTS or roll < 0.35):
            operation = ("drop", (rng.choice(sorted(state.commitments)),))
        elif open_ones and roll < 0.5:
            operation = ("done", (rng.choice(open_ones),))
        elif roll < 0.6:
            parts: list[str] = []
            for part in range(rng.randint(2, 5)):
                parts += [f"c{tag}-{part}", rng.choice(people), _text(rng, tag)]
            operation = ("bulk", tuple(parts))
        else:
            operation = ("commit", (f"c{tag}", rng.choice(people), _text(rng, tag)))
        apply(state, operation)
        operations.append(operation)
    return operations


def _text(rng: random.Random, tag: str) -> str:
    """A commitment text of very varied length, so the file grows and shrinks."""
    return f"Promise {tag}" + " lorem ipsum" * rng.choice([1, 5, 20, 80, 200])


def apply(state: State, operation: Operation) -> None:
    """What `operation` does to the comparable state."""
    kind, args = operation
    if kind == "person":
        state.people[args[0]] = args[1]
    elif kind == "commit":
        state.commitments[args[0]] = (args[1], args[2], "open")
    elif kind == "bulk":
        for start in range(0, len(args), 3):
            state.commitments[args[start]] = (args[start + 1], args[start + 2], "open")
    elif kind == "done":
        person_id, text, _ = state.commitments[args[0]]
        state.commitments[args[0]] = (person_id, text, "done")
    elif kind == "drop":
        del state.commitments[args[0]]
    else:
        raise ValueError(kind)


def replay(start: State, operations: list[Operation]) -> State:
    """The state after performing `operations` from `start`."""
    state = start.copy()
    for operation in operations:
        apply(state, operation)
    return state


def perform(store: Store, operation: Operation) -> None:
    """Carry `operation` out through the store's public API."""
    kind, args = operation
    if kind == "person":
        store.put_records(people=[Person(name=args[1], id=args[0])])
    elif kind == "commit":
        store.commitments.add(
            Commitment(
                text=args[2], owner=Owner.ME, person_id=args[1], id=args[0], created=_made(args[0])
            )
        )
    elif kind == "bulk":
        store.put_records(
            commitments=[
                Commitment(
                    text=args[i + 2],
                    owner=Owner.THEM,
                    person_id=args[i + 1],
                    id=args[i],
                    created=_made(args[i]),
                )
                for i in range(0, len(args), 3)
            ]
        )
    elif kind == "done":
        store.commitments.set_status(args[0], CommitmentStatus.DONE, DAY)
    elif kind == "drop":
        store.commitments.delete(args[0])
    else:
        raise ValueError(kind)


def _made(commitment_id: str) -> datetime:
    """When a commitment was made: a month of 2023 that its id picks (parts for each)."""
    return MADE + timedelta(days=30 * (sum(map(ord, commitment_id)) % 12))


def hold_test_key() -> None:
    """Seal every file with the key the test gave (tests/support/sealed.py), if it gave one."""
    given = os.environ.get("COACH_TEST_DATA_KEY")
    if given:
        from coach.storage import unlocking
        from coach.storage.sealing import DataKey

        key = DataKey(bytes.fromhex(given))
        unlocking.held = lambda directory: key


def say(line: str) -> None:
    """Tell the parent, at once."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def write_briefly(fd: int, data: Buffer) -> int:
    """os.write, taking at most SHORT_WRITE bytes at a time."""
    return _real_write(fd, bytes(memoryview(data)[:SHORT_WRITE]))


_real_write = os.write


def main(directory: Path, seed: int) -> None:
    """Open, work until killed (or done), close."""
    storage.COMPACT_AT_LEAST = COMPACT_AT
    hold_test_key()  # sealed, when the test runs against encrypted data
    os.write = write_briefly
    say("opening")
    store = Store.open(directory)
    operations = plan(seed, state_of(store))
    say("ready")
    for number, operation in enumerate(operations, start=1):
        say(f"begin {number}")
        perform(store, operation)
        say(f"ack {number}")
    say("closing")
    store.close()
    say("done")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
