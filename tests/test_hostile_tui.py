"""Hostile packs and saves against the Textual game (issue 11): nothing crashes, hangs or reaches the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_tui_support import TUTORIAL, make_app, new_game, screen_lines, wait_for


def big_source_pack(tmp_path: Path, paragraphs: int) -> Path:
    """The tutorial with ``paragraphs`` one-letter paragraphs before its memo (3 bytes each)."""
    folder = tmp_path / "big"
    shutil.copytree(TUTORIAL, folder)
    src = folder / "sources" / "river-memo.md"
    _, head, body = src.read_text(encoding="utf-8").split("---\n", 2)
    filler = "".join(f"{chr(97 + i % 26)}\n\n" for i in range(paragraphs))
    src.write_text(f"---\n{head}---\n{filler}{body}", encoding="utf-8")
    return folder


async def test_a_source_of_200000_paragraphs_opens_drawing_only_what_is_in_view(tmp_path):
    folder = big_source_pack(tmp_path, 200_000)
    assert (folder / "sources" / "river-memo.md").stat().st_size > 600_000
    app = make_app(packs=[folder], saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("s")
        await wait_for(pilot, "SourceScreen")
        await pilot.pause(0.1)
        text = app.screen.query_one("#text")
        q = app.screen.quotes[app.screen.index]
        assert q.paragraph > 200_000 and text.paragraph_count == 200_005
        # one widget for the whole text, and only the paragraphs in view were rendered
        assert len(list(app.screen.query("*"))) < 40
        assert text.rendered <= text.size.height
        shown = screen_lines(app)
        assert f"▌ ¶{q.paragraph} The two villages on either side of the river" in shown
        # it scrolls like the rest of the game: End, then Home, each drawing one screenful more
        before = text.rendered
        await pilot.press("end")
        await pilot.pause()
        assert "¶200005 A mediator from the market town" in screen_lines(app)
        await pilot.press("home")
        await pilot.pause()
        assert "¶1 a" in screen_lines(app) and "¶2 b" in screen_lines(app)
        assert text.rendered - before <= 2 * text.size.height
        await pilot.press("escape")
        await wait_for(pilot, "PlayScreen")
