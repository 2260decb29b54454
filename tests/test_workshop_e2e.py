"""End to end: the projector under Pilot with its voting page on port 0, and five phones in headless
Chromium (playwright driving Debian's chromium) that open the join URL and tap; the projector shows it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_tui_support import screen_lines, wait_for

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright = pytest.importorskip("playwright.async_api", reason="playwright is not installed (pip install '.[test]')")
pytestmark = pytest.mark.skipif(not (os.path.exists(CHROMIUM) or shutil.which("chromium")),
                                reason="Debian's chromium is not installed (apt-get install chromium)")


class Clock:
    t = 0.0

    def __call__(self):
        return self.t


async def test_five_phones_vote_and_the_projector_shows_the_split(tmp_path):
    from summit_game import lan
    from summit_game.pack import load_pack
    from summit_game.tui.workshop.app import WorkshopApp

    pack = load_pack(ROOT / "scenes" / "anchorage")
    app = WorkshopApp(pack, route="short", seed=3, saves=tmp_path, clock=Clock(), listen=lan.listen(None, False),
                      port=0, role="us_envoy")
    picks = [1, 1, 1, 2, 3]  # option numbers the five phones tap
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, "VoteScreen")
        url = app.server.join_url
        async with playwright.async_playwright() as p:
            browser = await p.chromium.launch(executable_path=shutil.which("chromium") or CHROMIUM, args=FLAGS)
            try:
                for i, n in enumerate(picks):
                    context = await browser.new_context(viewport={"width": 390, "height": 844})
                    page = await context.new_page()
                    await page.goto(url)
                    await page.locator("button[name=option]").nth(n - 1).click()
                    await page.wait_for_load_state()
                    if i == 0:
                        await page.screenshot(path=str(tmp_path / "phone.png"))
                    await context.close()
            finally:
                await browser.close()
        await pilot.pause(0.3)
        shown = screen_lines(app)
        assert "Joined 5" in shown and "Voted 5" in shown
        await pilot.press("s")
        await wait_for(pilot, "RevealScreen")
        shown = screen_lines(app)
        options = app.room.last.decision.options
        assert f"{options[0].label}  ◀ the room's choice" in shown
        assert "3  (60%: 3 phones, 0 hands)" in shown
        assert "1  (20%: 1 phone, 0 hands)" in shown
        assert app.room.last.tally.phones == 5
