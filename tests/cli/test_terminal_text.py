"""Text that reaches a terminal is safe everywhere (issue 19, finding 4).

Whatever a file or the data holds, what a command prints cannot drive the terminal
(escape sequences, C1 controls), reorder what is shown (bidi overrides such as
U+202E) or fail to encode (a lone surrogate): it is shown as visible symbols.  And
a command that changed the data never ends in an encoding traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from coach.user_text import terminal_safe
from tests.support.processes import coach, data
from tests.support.review_data import seed


def exported(data_dir: Path, tmp_path: Path) -> dict[str, Any]:
    """The JSON export of the review data."""
    seed(data_dir)
    path = tmp_path / "x.json"
    data(data_dir, "export", "--format", "json", "--output", str(path))
    document: dict[str, Any] = json.loads(path.read_text())
    return document


def test_a_table_named_with_an_escape_sequence_is_shown_as_symbols(
    data_dir: Path, tmp_path: Path
) -> None:
    """'Added 1 \\x1b[31mred' reaches the terminal as 'Added 1 ␛[31mred'."""
    document = exported(data_dir, tmp_path)
    document["tables"] = {"\x1b[31mred": [{"id": "r1"}]}
    path = tmp_path / "red.json"
    path.write_text(json.dumps(document))
    result = coach("--data-dir", str(tmp_path / "new"), "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "Added 1 ␛[31mred." in result.stdout


def test_a_lone_surrogate_or_a_bidi_override_never_breaks_the_import(
    data_dir: Path, tmp_path: Path
) -> None:
    """The data changed: exit 3 with the conflict shown safely, never a traceback and exit 1."""
    document: dict[str, Any] = exported(data_dir, tmp_path)
    tables = document["tables"]
    sam = next(p for p in tables["people"] if p["id"] == "p-sam")
    sam["name"] = "Sam \ud800 \u202eevil"  # a name the file gives: described by it
    talk = next(c for c in tables["conversations"] if c["person_id"] == "p-sam")
    talk["purpose"] = "changed"  # a conflict, described by the stored person's name
    tables["commitments"].append(dict(tables["commitments"][0], id="k-new"))
    path = tmp_path / "x.json"
    path.write_text(json.dumps(document))
    result = subprocess.run(
        [sys.executable, "-m", "coach", "--data-dir", str(data_dir), "import", str(path)],
        capture_output=True,
        check=False,
        timeout=60,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert "Traceback" not in err
    assert result.returncode == 3, err
    assert out.startswith("Added 1 commitments.")
    assert "\u202e" not in out and "\ud800" not in out
    assert "conversation with Sam \ufffd <U+202E>evil" in out


def test_the_one_function_makes_every_kind_visible() -> None:
    """Controls as symbols, bidi controls named, lone surrogates and unencodable characters
    replaced; ordinary text (accents, CJK, emoji, line breaks) untouched."""
    assert terminal_safe("a\x1b[2J\x9b\x00b") == "a␛[2J\ufffd␀b"
    assert terminal_safe("x\u202ey\u2066z\u200fw") == "x<U+202E>y<U+2066>z<U+200F>w"
    assert terminal_safe("lone \udc80") == "lone \ufffd"
    assert terminal_safe("Zoë 中文 🙂\nnext") == "Zoë 中文 🙂\nnext"
    assert terminal_safe("Zoë \ud800", encoding="ascii") == "Zo\\xeb \\ufffd"


def test_an_error_message_holding_a_bidi_override_is_shown_safely(tmp_path: Path) -> None:
    """A path with U+202E in an error goes to stderr named, not raw."""
    missing = tmp_path / "gone\u202etxt.json"
    result = coach("--data-dir", str(tmp_path / "d"), "import", str(missing))
    assert result.returncode == 1
    assert "\u202e" not in result.stderr and "<U+202E>" in result.stderr
