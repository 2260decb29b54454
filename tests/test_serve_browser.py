"""Two teams in a real browser (Debian's headless chromium via playwright), phone-sized.

Each tab is its own browser context at 390x844. Each types its team's name, plays a
choice, and sees only its own game: what the page receives over its websocket is
read back as text, and each team's saves are on disk in its own folder. The
screenshots go to $SUMMIT_GAME_SCREENSHOTS when it is set (to look at them).
Skips, saying why, when /usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("textual_serve")

from serve_support import plain, running_server  # noqa: E402
from test_tui_support import TUTORIAL  # noqa: E402

from browser_support import _chromium, browser, in_the_module_loop, playwright_api  # noqa: E402,F401


class Phone:
    def __init__(self, page):
        self.page = page
        self.raw = ""
        self.ws_url = ""
        self.errors: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        self.ws_url = ws.url
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            self.raw += bytes(payload).decode("utf-8", "replace")

    @property
    def text(self) -> str:
        return plain(self.raw)

    async def wait_for(self, words: str, after: int = 0, timeout: float = 40) -> None:
        for _ in range(int(timeout / 0.1)):
            if words.replace(" ", "") in plain(self.raw[after:]).replace(" ", ""):
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"{words!r} never drawn; the tab showed:\n{plain(self.raw[after:])[-1500:]}")

    async def keys(self, text: str) -> None:
        await self.page.keyboard.type(text)


@in_the_module_loop
async def test_two_teams_on_phones_each_see_only_their_own_game(tmp_path, browser):
    shots = os.environ.get("SUMMIT_GAME_SCREENSHOTS")
    async with running_server(tmp_path, pack=str(TUTORIAL), role="east", route="quick", seed=0) as server:
        phones = {}
        for team in ("Alpha", "Bravo"):
            ctx = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                            has_touch=True)
            phone = Phone(await ctx.new_page())
            await phone.page.goto(server.url)
            await phone.wait_for("Your team's name")
            phones[team] = phone
        for team, phone in phones.items():
            cols = int(parse_qs(urlsplit(phone.ws_url).query)["width"][0])
            assert cols >= 64, f"{cols} columns on a phone: the game would say the window is too small"
            assert urlsplit(phone.ws_url).netloc == urlsplit(server.url).netloc
            await phone.page.locator("#terminal").tap()
            await phone.keys(team)
            await phone.page.keyboard.press("Enter")
            await phone.wait_for(f"Team: {team}")
            await phone.wait_for("Continue")
            await asyncio.sleep(0.3)
            await phone.page.keyboard.press("Enter")  # the presets: straight into the game
            await phone.wait_for("Three ways forward")
            mark = len(phone.raw)
            await phone.keys("3")
            await phone.wait_for("Press Enter", after=mark)
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                await phone.page.screenshot(path=str(Path(shots) / f"serve-phone-{team}.png"))
        assert "too small" not in phones["Alpha"].text and "too small" not in phones["Bravo"].text
        assert "Team: Bravo" not in phones["Alpha"].text and "Team: Alpha" not in phones["Bravo"].text
        for team in ("alpha", "bravo"):
            assert len(list((tmp_path / "teams" / team).glob("autosave-tutorial-*.json"))) == 1
        for phone in phones.values():
            assert not phone.errors
            await phone.page.context.close()
    assert not re.search(r"Traceback", "".join(ph.text for ph in phones.values()))


@in_the_module_loop
async def test_d_on_the_ending_downloads_the_debrief_in_the_page(tmp_path, browser):
    # textual.js opens a game's URL as a new tab, which a phone's browser may block (no tap opened it);
    # the page downloads the team's debrief in place instead: the file arrives, no other tab opens.
    async with running_server(tmp_path, pack=str(TUTORIAL), role="east", route="quick", seed=0) as server:
        ctx = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                        has_touch=True, accept_downloads=True)
        phone = Phone(await ctx.new_page())
        await phone.page.goto(server.url)
        await phone.wait_for("Your team's name")
        await phone.page.locator("#terminal").tap()
        await phone.keys("Alpha")
        await phone.page.keyboard.press("Enter")
        await phone.wait_for("Continue")
        await asyncio.sleep(0.3)
        await phone.page.keyboard.press("Enter")
        await phone.wait_for("Three ways forward")
        for _ in range(6):  # choose, then on, until the ending offers the download
            if "Download" in phone.text[-3000:]:
                break
            for key in "321":  # the first choice available here
                mark = len(phone.raw)
                await phone.keys(key)
                for _ in range(50):
                    if "PressEnter" in plain(phone.raw[mark:]).replace(" ", ""):
                        break
                    await asyncio.sleep(0.1)
                else:
                    continue
                break
            mark = len(phone.raw)
            await phone.page.keyboard.press("Enter")
            for _ in range(100):
                if "Download" in plain(phone.raw[mark:]) or "What do you do" in plain(phone.raw[mark:]):
                    break
                await asyncio.sleep(0.1)
        await phone.wait_for("Download")
        async with phone.page.expect_download(timeout=20000) as info:
            await phone.page.keyboard.press("d")
        download = await info.value
        assert re.fullmatch(r"debrief-tutorial-east-.*\.md", download.suggested_filename)
        saved = tmp_path / "got.md"
        await download.save_as(saved)
        assert "Team: Alpha" in saved.read_text(encoding="utf-8") or "Alpha" in saved.read_text(encoding="utf-8")
        assert len(ctx.pages) == 1, "no other tab opened"
        assert not phone.errors
        await ctx.close()


@in_the_module_loop
async def test_a_laptop_types_its_team_name_without_clicking_first(tmp_path, browser):
    # textual.js focuses the terminal only on a mouse press: the first keys typed on a laptop (the
    # team's name) went nowhere until a click (found opening the page in Chromium and typing).
    async with running_server(tmp_path, pack=str(TUTORIAL), role="east", route="quick", seed=0) as server:
        ctx = await browser.new_context(viewport={"width": 1280, "height": 800})
        tab = Phone(await ctx.new_page())
        await tab.page.goto(server.url)
        await tab.wait_for("Your team's name")
        await asyncio.sleep(0.5)
        await tab.keys("Blue")
        await tab.page.keyboard.press("Enter")
        await tab.wait_for("Team: Blue", timeout=20)
        assert tab.errors == []
