"""`coach done` and its kin while the app is open: the app, the one writer, makes the change,
shows it within moments, and loses nothing of its own edits."""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from pathlib import Path

from coach.model import CommitmentStatus
from coach.relay.protocol import socket_path
from coach.screens.widgets.list_table import ListTable
from coach.store.store import Store
from tests.conftest import TODAY
from tests.screens.test_dashboard import seed
from tests.support.ui import make_app, opened, rows, settle, wait_until


async def shell(directory: Path, *args: str) -> tuple[int, str, str]:
    """`coach --data-dir DIRECTORY ARGS --today …` in a new process, while the app runs on."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "coach",
        "--data-dir",
        str(directory),
        *args,
        "--today",
        TODAY.isoformat(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def open_texts(table: ListTable) -> list[str]:
    """The commitments the dashboard lists, by text."""
    return [row[-1] for row in rows(table)]


async def test_done_from_the_shell_lands_in_the_open_app(data_dir: Path) -> None:
    """The app holds the data; `coach done` asks it; the dashboard drops the row at once; the
    app's own change made meanwhile and the shell's are both stored when it quits."""
    seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await opened(pilot)
        await settle(pilot)
        table = dashboard.query_one("#commitments", ListTable)
        assert "Send the draft" in open_texts(table)
        code, out, err = await shell(data_dir, "done", "send the draft")
        assert (code, err) == (0, ""), err
        assert out == f"Done: Send the draft [{out.split('[')[1]}"
        await wait_until(
            pilot, lambda: "Send the draft" not in open_texts(table), "the dashboard to show it"
        )
        assert any("Done: Send the draft" in str(note.message) for note in app._notifications)
        # The app's own change, made while the shell's is stored: both are kept.
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("d")
        await settle(pilot)
        code, out, err = await shell(data_dir, "add", "Call the venue", "--person", "Alex")
        assert code == 0, err
        await wait_until(
            pilot, lambda: "Call the venue" in open_texts(table), "the added one to show"
        )
    store = Store.open(data_dir, read_only=True)
    try:
        done = {c.text for c in store.commitments.find(status=CommitmentStatus.DONE)}
        opened_now = {c.text for c in store.commitments.find(status=CommitmentStatus.OPEN)}
    finally:
        store.close()
    assert "Send the draft" in done and len(done) == 2  # the shell's and the app's
    assert "Call the venue" in opened_now


async def test_the_socket_is_private_and_gone_when_the_app_quits(data_dir: Path) -> None:
    """0600 while the app listens; removed when it quits, and the shell then writes itself."""
    seed(data_dir)
    app = make_app(data_dir)
    path = socket_path(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await wait_until(pilot, path.exists, "the app to listen")
        info = os.lstat(path)
        assert stat.S_ISSOCK(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600
    assert not path.exists()
    code, out, _ = await shell(data_dir, "done", "Book the course")
    assert code == 0 and out.startswith("Done: Book the course")


async def test_an_ambiguous_ref_sent_to_the_app_changes_nothing(data_dir: Path) -> None:
    """The open app answers with the candidates; the shell exits 4; the rows stay."""
    seed(data_dir)
    async with make_app(data_dir).run_test(size=(80, 24)) as pilot:
        dashboard = await opened(pilot)
        await settle(pilot)
        table = dashboard.query_one("#commitments", ListTable)
        before = open_texts(table)
        code, out, err = await shell(data_dir, "done", "o")  # in "Book the course", "Someday"…
        assert code == 4 and out == ""
        assert "could be" in err and "Book the course" in err
        await settle(pilot)
        assert open_texts(table) == before


async def test_a_stale_socket_left_by_a_killed_app_is_replaced(data_dir: Path) -> None:
    """A coach killed with SIGKILL leaves its socket; the next one listens all the same."""
    seed(data_dir)
    path = socket_path(data_dir)
    import socket

    with socket.socket(socket.AF_UNIX) as left:
        left.bind(os.fspath(path))  # bound, never listening: what a dead coach leaves
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: app._listener is not None, "the app to listen")
        code, _, err = await shell(data_dir, "done", "Book the course")
        assert code == 0, err
