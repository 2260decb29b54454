"""A browser tab without a browser: the websocket protocol of ``summit-game serve``'s page.

``Tab.text`` is everything the game drew, with the escape sequences taken out, so a
test can wait for words on the screen. Also: start a server in the test's loop.
"""

from __future__ import annotations

import asyncio
import json
import re
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

from summit_game import lan
from summit_game.serve.config import TabConfig
from summit_game.serve.web import GameServer

CSI = re.compile(r"\x1b\[[0-9;?<=>!$ ]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def plain(raw: str) -> str:
    return CSI.sub("", raw)


class Tab:
    def __init__(self, session: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.session = session
        self.ws = ws
        self.raw = ""
        self.strings: list = []
        self.closed = asyncio.Event()
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for msg in self.ws:
                if msg.type == aiohttp.WSMsgType.BINARY:
                    self.raw += msg.data.decode("utf-8", "replace")
                elif msg.type == aiohttp.WSMsgType.TEXT:
                    self.strings.append(json.loads(msg.data))
        finally:
            self.closed.set()

    @property
    def text(self) -> str:
        return plain(self.raw)

    def mark(self) -> int:
        return len(self.raw)

    def since(self, mark: int) -> str:
        return plain(self.raw[mark:])

    async def wait_for(self, words: str, timeout: float = 30.0, after: int = 0) -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        squeezed = words.replace(" ", "")
        while True:
            seen = plain(self.raw[after:])
            if words in seen or squeezed in seen.replace(" ", ""):
                return
            if self.closed.is_set():
                raise AssertionError(f"the tab closed before {words!r} was drawn; it showed:\n{seen[-2000:]}")
            if loop.time() > end:
                raise AssertionError(f"{words!r} was not drawn within {timeout} s; the tab showed:\n{seen[-2000:]}")
            await asyncio.sleep(0.05)

    async def send(self, *envelope) -> None:
        await self.ws.send_str(json.dumps(list(envelope)))

    async def keys(self, text: str) -> None:
        await self.send("stdin", text)

    async def close(self) -> None:
        await self.ws.close()
        await self.session.close()
        await asyncio.wait_for(self._task, 10)


async def open_tab(url: str, width: int = 100, height: int = 32) -> Tab:
    session = aiohttp.ClientSession()
    ws_url = url.replace("http://", "ws://").rstrip("/") + f"/ws?width={width}&height={height}"
    ws = await session.ws_connect(ws_url)
    tab = Tab(session, ws)
    await tab.send("resize", {"width": width, "height": height})
    await tab.send("focus")  # as the page does when its terminal takes the keyboard
    return tab


@asynccontextmanager
async def running_server(saves: Path, max_games: int = 24, fork: bool | None = None, grace: float = 1.5, **presets):
    config = TabConfig(saves_root=str(saves), **presets)
    server = GameServer(config, lan.listen(None, False), 0, max_games=max_games, fork=fork, grace=grace)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
