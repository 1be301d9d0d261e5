"""A full disk, for real: a child process whose files may not grow past a limit (RLIMIT_FSIZE).

The kernel then refuses the write that would cross the limit with EFBIG, as a
full disk or quota refuses it with ENOSPC.  (The SIGXFSZ signal the kernel also
sends is ignored, as coach's own process would ignore it.)  The child reports
what it was told, waits for the parent to check the files, then gets room back
and tries again.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from coach.model import Person
from coach.store.store import Store
from tests.conftest import TODAY

CHILD = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from coach.errors import StoreError
    from coach.store.store import Store

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    directory, conversation_id = Path(sys.argv[1]), sys.argv[2]
    limit, when = int(sys.argv[3]), sys.argv[4]
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)

    def make_room():
        input()  # the parent has checked the files
        resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))

    if when == "opening":
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    store = Store.open(directory)
    print("warnings:", store.warnings, flush=True)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    note = {"topics": "A long note. " * 20000}
    try:
        store.conversations.set_notes(conversation_id, "objectives", note)
    except StoreError as error:
        print("refused:", error, flush=True)
        kept = store.conversations.get(conversation_id).note("objectives", "topics")
        print("in memory:", repr(kept)[:20], flush=True)
        make_room()
        store.conversations.set_notes(conversation_id, "objectives", note)
        print("retried", flush=True)
    else:
        print("saved", flush=True)
        make_room()
    store.close()
    print("closed", flush=True)
    """
)


def seed(directory: Path) -> str:
    """A store with one conversation; returns its id."""
    store = Store.open(directory)
    try:
        conversation = store.conversations.start(
            Person("Alex Kim"), "building-trust", TODAY, new_person=True
        )
    finally:
        store.close()
    Store.open(directory).close()  # the first backup: none is due at the next start
    return conversation.id


def files(directory: Path) -> dict[str, bytes]:
    """Every file under the data directory, by relative name (the lock aside)."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != "coach.lock"
    }


def run_child(directory: Path, conversation_id: str, limit: int, when: str) -> list[str]:
    """Run the child; at "refused" or "saved", check the files and let it make room."""
    before = files(directory)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(directory), conversation_id, str(limit), when],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    said = []
    try:
        for line in child.stdout:
            said.append(line.rstrip("\n"))
            if line.startswith("refused:"):
                assert files(directory) == before, "a refused save changed the files"
            if line.startswith(("refused:", "saved")):
                child.stdin.write("\n")
                child.stdin.flush()
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        errors = child.stderr.read()
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()
    assert child.returncode == 0, f"the child failed:\n{errors}"
    assert "Traceback" not in errors
    return said


def saved_note(directory: Path, conversation_id: str) -> str:
    """The objectives' topics as stored."""
    store = Store.open(directory, read_only=True)
    try:
        conversation = store.conversations.get(conversation_id)
        assert conversation is not None
        return conversation.note("objectives", "topics")
    finally:
        store.close()


def test_full_disk_refuses_the_save_clearly_and_a_retry_works(data_dir: Path) -> None:
    """The note does not fit: files unchanged, a clear message, memory unchanged; then saved."""
    conversation_id = seed(data_dir)
    limit = (data_dir / "coach.json").stat().st_size + 4096  # far less than the note
    said = run_child(data_dir, conversation_id, limit, "working")
    refused = next(line for line in said if line.startswith("refused:"))
    assert "Could not save: the file grew larger than allowed (the disk or a quota is full)" in (
        refused
    )
    assert "in memory: ''" in said  # the unsaved note is not taken for saved
    assert said[-2:] == ["retried", "closed"]
    assert saved_note(data_dir, conversation_id) == "A long note. " * 20000


def test_full_disk_when_opening_still_opens_and_says_the_backup_failed(data_dir: Path) -> None:
    """No room for the hourly backup: coach opens the data and says the backup is missing."""
    conversation_id = seed(data_dir)
    for backup in (data_dir / "backups").iterdir():
        backup.unlink()  # so that a backup is due
    said = run_child(data_dir, conversation_id, 10, "opening")
    assert any(
        line.startswith("warnings:")
        and "Could not make today's backup: the file grew larger" in line
        for line in said
    ), said
    assert said[-2:] == ["retried", "closed"]
    assert saved_note(data_dir, conversation_id) == "A long note. " * 20000
