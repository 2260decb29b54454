"""What a new author meets: messages for the slips a tired author makes, each located and saying how to fix it.

Found by writing a pack from the docs alone and breaking it on purpose (the rest of that corpus is
tests/test_pack_errors.py, one error per case); each test here failed before its fix.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from summit_game.pack import load_pack
from summit_game.pack.playtest_file import PlaytestFileError, read_playtest

SCENES = Path(__file__).resolve().parent.parent / "scenes"


def _playtest_errors(tmp_path, text: str) -> list[str]:
    pack = load_pack(SCENES / "tutorial")
    f = tmp_path / "playtest.yaml"
    f.write_text(textwrap.dedent(text))
    with pytest.raises(PlaytestFileError) as e:
        read_playtest(pack, f)
    return [f"{d.line}:{d.column} {d.code} {d.message}" + (f" | {d.hint}" if d.hint else "") for d in e.value.diagnostics]


def test_a_share_written_as_a_percentage_says_how_to_write_it(tmp_path):
    assert _playtest_errors(tmp_path, """\
        expect:
          - role: east
            ending: stalemate
            at_least: 50
          - {role: east, ending: stalemate, at_most: 1.5}
        """) == [
        "4:15 SG012 at_least: must be 1.0 or less | a share is written from 0 to 1: 0.5 for 50%",
        "5:46 SG012 at_most: must be 1.0 or less",
    ]
