"""Paragraph references ({§4} at a paragraph's start) are shown wherever the game names a quote's place."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_tui_support import TUTORIAL, choose, make_app, new_game, text_of, wait_for

from summit_game.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def pack(tmp_path) -> Path:
    """The tutorial with its memo's paragraphs marked {§1} .. {§5}."""
    root = tmp_path / "refs"
    shutil.copytree(TUTORIAL, root)
    memo = root / "sources" / "river-memo.md"
    head, body = memo.read_text().split("\n---\n", 1)
    paragraphs = body.strip().split("\n\n")
    memo.write_text(head + "\n---\n\n" + "\n\n".join(f"{{§{i}}} {p}" for i, p in enumerate(paragraphs, 1)) + "\n")
    return root


def test_quotes_carry_the_reference(pack):
    loaded = load_pack(pack)
    assert {q.ref for q in loaded.all_quotes()} == {"§2", "§1", "§3", "§4", "§5"}
    assert all(q.ref == f"§{q.paragraph}" for q in loaded.all_quotes())


def test_plain_mode_and_the_debrief_name_the_reference(pack, tmp_path):
    env = {**os.environ, "SUMMIT_GAME_SAVES": str(tmp_path / "saves"), "NO_COLOR": "1"}
    r = subprocess.run([sys.executable, "-m", "summit_game.cli", "play", "--plain", "--role", "east", "--route", "full",
                        "--seed", "3", str(pack)], input="2\n1\n1\n", capture_output=True, text=True, env=env,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    flat = " ".join(r.stdout.split())
    assert 'The memo — The summit-game authors, §4: "Agreements that give both sides a reason to keep them last longer"' in flat
    assert "paragraph 4" not in flat
    [export] = (tmp_path / "saves").glob("debrief-*.md")
    assert re.search(r'> \*\*The memo — The summit-game authors, §4:\*\* "Agreements that give both sides .*"',
                     export.read_text())


async def test_the_tui_labels_and_the_source_viewer_show_the_reference(pack, tmp_path):
    app = make_app(packs=[pack], saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await choose(pilot, 2)
        assert ", §3:" in text_of(app) and "¶3" not in text_of(app)
        await pilot.press("s")
        await wait_for(pilot, "SourceScreen")
        await pilot.pause(0.1)
        screen = app.screen
        q = screen.quotes[screen.index]
        assert q.ref == "§3"
        assert " · §3 · highlighted below" in screen.query_one("#cite").visual.plain
        viewer = screen.query_one("#text")
        assert viewer.paragraph_content(3).plain.startswith("§3 There are three ways forward.")
        assert viewer.paragraph_content(1).plain.startswith("§1 The two villages")
