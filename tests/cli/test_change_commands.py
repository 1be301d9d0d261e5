"""`coach add`, `done`, `undo`, `due` and `drop` with the data to themselves: by REF, through
the store, with exit codes and messages a script can rely on."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from coach.model import CommitmentStatus
from coach.relay.refs import match, short_refs
from coach.store.store import Store
from coach.store.views import CommitmentView
from tests.support.processes import data
from tests.support.review_data import seed


def stored(directory: Path, commitment_id: str) -> CommitmentView:
    """The commitment as stored now (read through the store, as the app would)."""
    store = Store.open(directory, read_only=True)
    try:
        found = {view.id: view for view in store.commitments.views()}
    finally:
        store.close()
    return found[commitment_id]


def contents(directory: Path) -> dict[str, bytes]:
    """Every data file's bytes, by name (the lock aside: it records who last held it)."""
    return {
        path.name: path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != "coach.lock"
    }


def test_commitments_show_a_short_ref_and_json_an_id_and_ref(data_dir: Path) -> None:
    """The plain list leads with each REF; --json carries the id and the ref."""
    seed(data_dir)
    plain = data(data_dir, "commitments").stdout.splitlines()
    assert plain[0].split() == ["Ref", "Due", "Who", "With", "Commitment"]
    assert plain[1].startswith("k-dra ")  # k-draft and k-dropped share "k-dr"
    listed = json.loads(data(data_dir, "commitments", "--json").stdout)
    assert [(c["id"], c["ref"]) for c in listed] == [("k-draft", "k-dra")]


def test_done_by_ref_then_undo(data_dir: Path) -> None:
    """done marks it kept today, and says so on stdout; undo opens it again."""
    seed(data_dir)
    done = data(data_dir, "done", "k-dra")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "Done: Send the budget draft [k-dra]\n"
    after = stored(data_dir, "k-draft")
    assert after.status == "done" and after.document["done_on"] == "2026-11-20"
    undone = data(data_dir, "undo", "budget draft")
    assert undone.returncode == 0 and undone.stdout.startswith("Open again: Send the budget")
    assert stored(data_dir, "k-draft").is_open


def test_a_piece_of_the_text_case_and_accents_aside_is_a_ref(data_dir: Path) -> None:
    """`BUDGET` finds "Send the budget draft", the only open one that holds it."""
    seed(data_dir)
    assert data(data_dir, "done", "BUDGET").returncode == 0
    assert stored(data_dir, "k-draft").status == "done"


def test_an_ambiguous_ref_lists_the_candidates_and_changes_nothing(data_dir: Path) -> None:
    """Exit 4, the candidates with their REF on stderr, the data byte for byte as it was."""
    seed(data_dir)
    data(data_dir, "undo", "k-offsite")  # two open ones now: "the" is in both
    before = contents(data_dir)
    result = data(data_dir, "done", "the")
    assert result.returncode == 4 and result.stdout == ""
    assert "'the' could be 2 commitments" in result.stderr
    assert "k-dra  Send the budget draft (with Zoë Ångström, due 2026-11-18)" in result.stderr
    assert "k-of  Book the offsite" in result.stderr
    assert contents(data_dir) == before


def test_not_found_and_already_settled_are_refused(data_dir: Path) -> None:
    """Exit 1 with the reason on stderr: no match; already done; nothing to undo."""
    seed(data_dir)
    missing = data(data_dir, "done", "zebra")
    assert missing.returncode == 1 and "No open commitment matches 'zebra'" in missing.stderr
    settled = data(data_dir, "done", "offsite")
    assert settled.returncode == 1 and "It is already done" in settled.stderr
    still_open = data(data_dir, "undo", "k-dra")
    assert still_open.returncode == 1 and "still open" in still_open.stderr


def test_due_renegotiates_and_keeps_the_old_date(data_dir: Path) -> None:
    """`coach due REF next fri`: the new date in force, the old one in the history."""
    seed(data_dir)
    result = data(data_dir, "due", "k-dra", "next", "fri", "--note", "waiting on figures")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Now due Fri 27 Nov: Send the budget draft [k-dra]\n"
    whole = stored(data_dir, "k-draft").whole()
    assert whole.due == date(2026, 11, 27) and whole.original_due == date(2026, 11, 18)
    assert whole.history[0].note == "waiting on figures"
    past = data(data_dir, "due", "k-dra", "yesterday")
    assert past.returncode == 1 and "in the past" in past.stderr


def test_drop_wants_a_reason(data_dir: Path) -> None:
    """--reason is required; the reason is kept."""
    seed(data_dir)
    assert data(data_dir, "drop", "k-dra").returncode == 2
    result = data(data_dir, "drop", "k-dra", "--reason", "budget cancelled")
    assert result.returncode == 0, result.stderr
    whole = stored(data_dir, "k-draft").whole()
    assert whole.status is CommitmentStatus.DROPPED and whole.drop_reason == "budget cancelled"


def test_add_with_owner_and_due_date(data_dir: Path) -> None:
    """A new commitment with a stored person (a piece of the name will do), listed at once."""
    seed(data_dir)
    result = data(data_dir, "add", "Share", "the", "notes", "--person", "zoe", "--due", "eow")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Added: Share the notes [")
    listed = json.loads(data(data_dir, "commitments", "--json", "--person", "Zoë").stdout)
    new = next(c for c in listed if c["text"] == "Share the notes")
    assert (new["owner"], new["due"], new["conversation_id"]) == ("me", "2026-11-20", None)
    theirs = data(data_dir, "add", "Send slides", "--person", "Sam", "--owner", "them", "--json")
    answer = json.loads(theirs.stdout)
    assert answer["outcome"] == "done" and answer["commitment"]["person"] == "Sam [red]Lee[/]"


def test_add_refuses_an_unknown_person_and_a_past_date_unless_told(data_dir: Path) -> None:
    """No one called so: --new-person adds them; yesterday: --allow-past keeps it."""
    seed(data_dir)
    unknown = data(data_dir, "add", "Call", "--person", "Robin")
    assert unknown.returncode == 1 and "--new-person" in unknown.stderr
    assert data(data_dir, "add", "Call", "--person", "Robin", "--new-person").returncode == 0
    past = data(data_dir, "add", "Late one", "--person", "Robin", "--due", "yesterday")
    assert past.returncode == 1 and "--allow-past" in past.stderr
    kept = data(
        data_dir, "add", "Late one", "--person", "Robin", "--due", "yesterday", "--allow-past"
    )
    assert kept.returncode == 0
    overdue = json.loads(data(data_dir, "commitments", "--json", "--overdue").stdout)
    assert "Late one" in [c["text"] for c in overdue]


def test_a_change_to_a_directory_without_data_is_refused(tmp_path: Path) -> None:
    """A misspelt --data-dir is named, and nothing is created there."""
    result = data(tmp_path / "nope", "done", "abc")
    assert result.returncode == 1 and f"no coach data in {tmp_path / 'nope'}" in result.stderr
    assert not (tmp_path / "nope").exists()


def test_short_refs_are_unique_starts_of_at_least_four() -> None:
    """The shortest start no other id shares, never under four characters."""
    refs = short_refs(["abcdef01", "abcdff02", "12345678", "abcdef99"])
    assert refs == {
        "12345678": "1234",
        "abcdef01": "abcdef0",
        "abcdef99": "abcdef9",
        "abcdff02": "abcdf",
    }
    assert set(short_refs(["ab"]).values()) == {"ab"}


def test_a_short_ref_named_for_a_few_is_unique_among_all() -> None:
    """Only the listed get a ref, but one unlisted beside it in order lengthens it."""
    ids = ["abcdef01", "abcdff02", "12345678", "abcdef99", "abcdef02"]
    assert short_refs(ids, only=["abcdef01", "12345678", "ffff0000"]) == {
        "abcdef01": "abcdef01",
        "12345678": "1234",
    }
    assert short_refs(ids, 8, only=["abcdff02"]) == {"abcdff02": "abcdff02"}


def test_a_unique_id_start_wins_over_text_that_also_matches() -> None:
    """`add5` is one commitment's start of id, though another's text holds it."""

    class Made:
        def __init__(self, id: str, text: str) -> None:
            self.id, self.text = id, text

    among = [Made("add5e0", "plan"), Made("99ff00", "read add5 notes")]
    assert match("add5", among).one == "add5e0"
    assert match("ADD5E0", among).one == "add5e0"
    assert match("notes", among).one == "99ff00"
    assert match("   ", among).found == []
