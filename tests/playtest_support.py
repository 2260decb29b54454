"""Small packs built for the playtest and graph tests: each has one thing to find."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from summit_game.pack import load_pack
from summit_game.pack.playtest_file import PlaytestFileError, read_playtest

SCENES = Path(__file__).resolve().parent.parent / "scenes"

MEMO = """\
# A memo

Talking helps. Walking out costs nothing today.

Every meeting ends with a vote.

Nobody reads this line.
"""


def make_pack(root: Path, scenes: str, variables: str = "  x: {start: 0, min: 0, max: 10}",
              roles: str = "  - {id: a, title: Seat A, briefing: You sit at A.}", routes: str = "",
              playtest: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(exist_ok=True)
    (root / "sources" / "memo.md").write_text(MEMO)
    (root / "pack.yaml").write_text(textwrap.dedent("""\
        id: t
        title: "Test pack"
        version: "1"
        start: s
        sources:
          - id: memo
            file: sources/memo.md
            title: "A memo"
            authors: ["A. Author"]
            publisher: "tests"
            date: "2026-01-01"
            url: "https://example.org/memo"
            licence: "CC0"
        """) + f"variables:\n{variables}\nroles:\n{roles}\n" + (f"routes:\n{routes}\n" if routes else ""))
    (root / "scenes").mkdir(exist_ok=True)
    (root / "scenes" / "main.yaml").write_text(textwrap.dedent(scenes))
    if playtest is not None:
        (root / "playtest.yaml").write_text(textwrap.dedent(playtest))
    return root


# A 2-choice scene, then a 1:3 chance: 1/2, 1/8 and 3/8 by hand.
HAND = """\
scenes:
  - id: s
    title: S
    choices:
      - id: left
        label: Go left
        effects: ["x += 2"]
        cite: [{quote: "Talking helps."}]
        goto: end_a
      - id: right
        label: Go right
        cite: [{quote: "Talking helps."}]
        chance:
          - {weight: 1, goto: end_b}
          - {weight: 3, goto: end_c, effects: ["x += 4"]}
endings:
  - {id: end_a, title: Ending A}
  - {id: end_b, title: Ending B}
  - {id: end_c, title: Ending C}
"""


SOFTLOCK = """\
scenes:
  - id: s
    title: S
    choices:
      - id: go
        label: Go
        effects: ["x += 1"]
        cite: [{quote: "Talking helps."}]
        goto: t
      - id: stay
        label: Stay
        cite: [{quote: "Talking helps."}]
        goto: t
  - id: t
    title: T
    choices:
      - id: need
        label: Needs x
        if: "x >= 1"
        cite: [{quote: "Talking helps."}]
        goto: end
endings:
  - {id: done, title: Done}
"""


UNREACHED = """\
scenes:
  - id: s
    title: S
    choices:
      - id: wait
        label: Wait
        effects: ["x += 1"]
        cite: [{quote: "Talking helps."}]
        goto: end
      - id: leap
        label: Leap
        if: "x >= 70"
        cite: [{quote: "Walking out costs nothing today."}]
        result_cite: [{quote: "Nobody reads this line."}]
        goto: never
  - id: island
    title: Nobody comes here
    cite: [{quote: "Every meeting ends with a vote."}]
    choices:
      - {id: swim, label: Swim, goto: end, cite: [{quote: "Talking helps."}]}
endings:
  - id: never
    title: Never
    if: "x >= 70"
  - {id: done, title: Done}
"""


# Two choices that lead to the same state (merged), a disabled choice, a chance, `goto: end` with
# conditions. By hand, for role a (every available choice equally likely):
#   s: one, two, dice each 1/3.  one, two: x = 1 at m, where `up` is disabled: down, x = 0, low.
#   dice: 1/2 x = 2 at m (up: high, down: x = 1, mid, 1/2 each), 1/2 straight to end_z.
#   low 2/3, high 1/12, mid 1/12, end_z 1/6.
HAND_MERGED = """\
scenes:
  - id: s
    title: S
    choices:
      - {id: one, label: One, effects: ["x += 1"], goto: m, cite: [{quote: "Talking helps."}]}
      - {id: two, label: Two, effects: ["x += 1"], goto: m, cite: [{quote: "Talking helps."}]}
      - id: dice
        label: Dice
        cite: [{quote: "Talking helps."}]
        chance:
          - {weight: 1, effects: ["x += 2"], goto: m}
          - {weight: 1, goto: end_z}
  - id: m
    title: M
    choices:
      - {id: up, label: Up, if: "x >= 2", goto: end, cite: [{quote: "Talking helps."}]}
      - {id: down, label: Down, effects: ["x -= 1"], goto: end, cite: [{quote: "Talking helps."}]}
endings:
  - {id: end_z, title: Z, if: "x >= 99"}
  - {id: high, title: High, if: "x >= 2"}
  - {id: mid, title: Mid, if: "x >= 1"}
  - {id: low, title: Low}
"""


def playtest_file_errors(tmp_path: Path, text: str) -> list[str]:
    """The errors of a playtest.yaml holding ``text`` (dedented) for the tutorial, as 'line:col CODE message | hint'."""
    pack = load_pack(SCENES / "tutorial")
    f = tmp_path / "playtest.yaml"
    f.write_text(textwrap.dedent(text))
    with pytest.raises(PlaytestFileError) as e:
        read_playtest(pack, f)
    return [f"{d.line}:{d.column} {d.code} {d.message}" + (f" | {d.hint}" if d.hint else "") for d in e.value.diagnostics]
