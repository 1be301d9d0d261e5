"""The dashboard's glance: kept beside the data on closing, used only for that very data."""

from __future__ import annotations

import json
import os
from pathlib import Path

from coach.model import Commitment, Owner, Person
from coach.storage import conversion
from coach.storage.layout import DASHBOARD_NAME, DATA_NAME
from coach.store import glance
from coach.store.glance import Glance, Kept
from coach.store.store import Store
from coach.workspace import Workspace
from coach.writer import Writer
from tests.conftest import TODAY
from tests.support.sealed import CHEAP, PASSPHRASE


def _alex(directory: Path) -> Glance:
    """Alex Kim's data (a conversation, a commitment), and what its dashboard shows."""
    store = Store.open(directory)
    talk = store.conversations.start(Person("Alex Kim"), "building-trust", TODAY, new_person=True)
    store.put_records(commitments=[Commitment("Send the notes", Owner.ME, talk.person_id, talk.id)])
    shown = Glance(
        {talk.person_id: "Alex Kim"},
        store.commitments.find(),
        store.conversations.find(),
        [],
        {"building-trust": ("Building trust", "Trust")},
    )
    store.close()
    return shown


def test_a_glance_kept_on_closing_is_read_back_whole(data_dir: Path) -> None:
    shown = _alex(data_dir)
    glance.keep(data_dir, shown)
    assert (data_dir / DASHBOARD_NAME).stat().st_mode & 0o777 == 0o600
    back = glance.read(data_dir)
    assert back is not None
    assert back.names == shown.names and back.purposes == shown.purposes
    assert [(c.id, c.text, c.owner, c.person_id, c.due) for c in back.open] == [
        (c.id, c.text, c.owner, c.person_id, c.due) for c in shown.open
    ]
    assert [(c.id, c.person_id, c.purpose, c.date, c.status) for c in back.preparing] == [
        (c.id, c.person_id, c.purpose, c.date, c.status) for c in shown.preparing
    ]


def test_any_change_to_the_data_since_makes_it_unused(data_dir: Path) -> None:
    """`coach done` from the shell, another coach, a restore: the next start reads first."""
    glance.keep(data_dir, _alex(data_dir))
    store = Store.open(data_dir)
    (commitment,) = store.commitments.find()
    store.commitments.set_status(commitment.id, commitment.status.DONE, TODAY)
    store.close()
    assert glance.read(data_dir) is None


def test_a_data_file_put_back_as_it_was_still_makes_it_unused(data_dir: Path) -> None:
    """Same bytes, but written anew (a restore of a copy): a new file, not the one glanced."""
    glance.keep(data_dir, _alex(data_dir))
    path = data_dir / DATA_NAME
    raw = path.read_bytes()
    path.unlink()
    path.write_bytes(raw)
    assert glance.read(data_dir) is None


def test_a_damaged_or_foreign_glance_is_not_used(data_dir: Path) -> None:
    glance.keep(data_dir, _alex(data_dir))
    path = data_dir / DASHBOARD_NAME
    whole = path.read_bytes()
    for damaged in (
        whole[: len(whole) // 2],  # cut short
        b"\xff" + whole[1:],  # not text
        json.dumps({**json.loads(whole), "format": 2}).encode(),  # a newer coach's
        json.dumps({**json.loads(whole), "open": [["only", "two"]]}).encode(),
        json.dumps({**json.loads(whole), "names": ["a", "list"]}).encode(),
    ):
        path.write_bytes(damaged)
        assert glance.read(data_dir) is None
    path.unlink()
    os.symlink(data_dir / DATA_NAME, path)  # a link is never followed
    assert glance.read(data_dir) is None


def test_encrypting_removes_the_glance_and_none_is_kept_after(data_dir: Path) -> None:
    """It would be the one plaintext file beside sealed data."""
    shown = _alex(data_dir)
    glance.keep(data_dir, shown)
    conversion.encrypt(data_dir, PASSPHRASE, CHEAP)
    assert not (data_dir / DASHBOARD_NAME).exists()
    glance.keep(data_dir, shown)
    assert not (data_dir / DASHBOARD_NAME).exists()


def _workspace(directory: Path) -> Workspace:
    return Workspace(store=Store.open(directory), writer=Writer(), today=lambda: TODAY)


def test_closing_keeps_the_glance_only_if_nothing_changed_after_it(data_dir: Path) -> None:
    """Quitting from another screen after an edit the dashboard has not shown: no glance
    (it would show the data as it was before the edit)."""
    shown = _alex(data_dir)
    workspace = _workspace(data_dir)
    workspace.glance = Kept(workspace.store.changes, shown)
    workspace.close()
    assert glance.read(data_dir) is not None

    workspace = _workspace(data_dir)
    workspace.glance = Kept(workspace.store.changes, shown)
    person = workspace.store.people.all()[0]
    workspace.store.conversations.start(person, "building-trust", TODAY)
    workspace.close()
    assert not (data_dir / DASHBOARD_NAME).exists()


def test_a_long_list_is_kept_as_its_first_rows_with_the_counts_of_all(data_dir: Path) -> None:
    """Hundreds open: a screenful is drawn, the title still counts every one, and which are
    overdue is counted on the day it is read (not the day it was kept)."""
    from datetime import timedelta

    shown = _alex(data_dir)
    (first,) = shown.open
    many = [
        Commitment(f"Promise {n}", Owner.ME, first.person_id, due=TODAY + timedelta(n))
        for n in range(glance.ROWS + 50)
    ]
    glance.keep(data_dir, Glance(shown.names, many, [], [], {}))
    back = glance.read(data_dir)
    assert back is not None
    assert [c.text for c in back.open] == [f"Promise {n}" for n in range(glance.ROWS)]
    assert back.count() == glance.ROWS + 50
    assert back.overdue(TODAY) == 0
    assert back.overdue(TODAY + timedelta(10)) == 10
