"""Small words that must be right: flags in the debrief, chance text after a block, URLs kept whole."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from summit_game import engine as E
from summit_game.pack import load_pack
from summit_game.plain import Plain

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "scenes" / "tutorial"


def play(args, stdin, saves):
    env = {**os.environ, "SUMMIT_GAME_SAVES": str(saves), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "summit_game.cli", "play", "--plain", *args], input=stdin,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)


def test_the_debrief_says_flags_as_the_consequence_does(tmp_path):
    pack = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, pack)
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("    label: Mediator keeps the accounts\n",
                                                     "    label: Mediator keeps the accounts\n    show: true\n"))
    r = play(["--role", "east", "--route", "full", "--seed", "3", str(pack)], "2\n1\n1\n", tmp_path / "saves")
    assert r.returncode == 0, r.stderr
    consequence, debrief = r.stdout.split("\nDebrief\n")
    assert "Mediator keeps the accounts: yes (was no)" in consequence.splitlines()
    stood = debrief.split("Where things stood, start to end (the game's model, not a measurement):\n")[1]
    stood = stood.split("\n\n")[0].splitlines()
    assert "Mediator keeps the accounts: yes (was no)" in stood
    assert "Trust between the banks: 2 to 6 (higher is better for your side)" in stood
    assert not any("True" in line or "False" in line for line in stood)
    [export] = (tmp_path / "saves").glob("debrief-*.md")
    assert "| Mediator keeps the accounts | no | yes | - |" in export.read_text().splitlines()


def test_a_flag_given_good_has_no_direction_in_the_debrief(tmp_path):
    """'higher is better' means nothing for yes/no: the debrief says none, as the meters panel does."""
    pack = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, pack)
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("    label: Mediator keeps the accounts\n",
                                                     "    label: Mediator keeps the accounts\n    show: true\n"
                                                     "    good: high\n"))
    r = play(["--role", "east", "--route", "full", "--seed", "3", str(pack)], "2\n1\n1\n", tmp_path / "saves")
    assert r.returncode == 0, r.stderr
    stood = r.stdout.split("Where things stood, start to end (the game's model, not a measurement):\n")[1]
    stood = stood.split("\n\n")[0].splitlines()
    assert "Mediator keeps the accounts: yes (was no)" in stood
    assert "Trust between the banks: 2 to 6 (higher is better for your side)" in stood
    [export] = (tmp_path / "saves").glob("debrief-*.md")
    assert "| Mediator keeps the accounts | no | yes | - |" in export.read_text().splitlines()


BLOCK_PACK = """\
id: block
title: Block
version: "1"
start: a
roles: [{id: r, title: R, briefing: b}]
scenes:
  - id: a
    title: A
    choices:
      - id: wait
        label: Wait
        text: |
          The bridge creaks.
        chance:
          - text: |
              It holds.
        goto: end
endings: [{id: e, title: E}]
"""


def test_a_chance_outcome_after_a_block_text_has_no_leading_space(tmp_path):
    (tmp_path / "pack.yaml").write_text(BLOCK_PACK)
    pack = load_pack(tmp_path)
    state = E.start(pack, "r", seed=1)
    _, outcome = E.choose(pack, state, "wait")
    assert outcome.text == "The bridge creaks.\n\nIt holds."
    out = io.StringIO()
    Plain(pack, out, io.StringIO(), tmp_path).show_outcome(outcome)
    lines = out.getvalue().splitlines()
    assert "The bridge creaks." in lines and "It holds." in lines


def test_plain_mode_never_cuts_urls_or_licences(tmp_path):
    r = play(["anchorage"], "q\n", tmp_path)  # the introduction, then quit at the first question
    pack = load_pack(ROOT / "scenes" / "anchorage")
    intro = r.stdout
    wanted = []
    for s in pack.sources.values():
        wanted += [s.model.url, *re.findall(r"https?://[^\s)]+", s.model.licence)]
    assert wanted
    for url in wanted:
        assert any(url in line for line in intro.splitlines()), f"{url} is cut:\n{intro}"
    assert not any(line.rstrip().endswith("-") for line in intro.splitlines()), intro
