"""The web front of ``summit-game serve``: a page, a websocket per tab, the teams' debriefs.

Routes:

    GET /                         the game's page (or, when every game is taken, a page that says so)
    GET /ws                       a tab's game: keys in, screen out (textual-serve's browser protocol)
    GET /static/...               textual-serve's terminal (textual.js, xterm.css, the bundled font)
    GET /debrief/TEAM/            a team's debriefs, newest first (Markdown and the JSON record)
    GET /debrief/TEAM/FILE        one of them, as a download

The page finds the websocket at the address it was itself opened at, so a phone
that reached the laptop at 192.168.1.20 talks to 192.168.1.20 (textual-serve wrote
its ``--host`` into the page: ``0.0.0.0`` for a room, which no device can open).

Every browser message is checked before it reaches a game: a message over
``limits.MAX_MESSAGE_BYTES`` closes the socket, a resize is two whole numbers
clamped to ``limits``, anything unknown is dropped. At most ``max_games`` games run
at once. A game whose socket closes (or stops answering the heartbeat) is asked to
quit and killed after a short grace. SIGTERM and Ctrl+C end the server and every
game at once. No access log. No Textual in this module.
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web

from .. import lan
from .games import Game, LaunchError, make_launcher
from .limits import MAX_MESSAGE_BYTES, checked_size, size_from_query

HEARTBEAT = 10.0  # seconds between websocket pings; a tab that misses one is gone
MAX_GAMES = 24
TEAM_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")  # paths.team_slug's names
FILE_RE = re.compile(r"debrief-[A-Za-z0-9_.-]{1,160}\.(md|record\.json)\Z")
MAX_DOWNLOAD = 4_000_000
PAGE = Path(__file__).with_name("page.html")
# The game's minimum width (tui.widgets.notice.MIN_WIDTH, which a test keeps in step), plus two
# columns of margin: the page picks a font small enough for a phone to show that many.
MIN_COLUMNS = 66


@dataclass
class Counts:
    started: int = 0
    refused_full: int = 0
    bad_messages: int = 0


async def _no_content(request: web.Request) -> web.Response:
    return web.Response(status=204)


def _textual_serve_static() -> Path:
    import textual_serve

    return Path(textual_serve.__file__).resolve().parent / "static"


def _html_page(title: str, body: str, status: int = 200, refresh: int | None = None) -> web.Response:
    meta = f'<meta http-equiv="refresh" content="{refresh}">' if refresh else ""
    text = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">{meta}'
            f"<title>{html.escape(title)}</title><style>body{{font:18px/1.5 system-ui,sans-serif;"
            "max-width:40rem;margin:2rem auto;padding:0 1rem;background:#0c181f;color:#eee}"
            "a{color:#9cf}li{margin:.4rem 0}</style></head>"
            f"<body>{body}</body></html>")
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-store"})


class GameServer:
    def __init__(self, config, listen: lan.Listen, port: int, max_games: int = MAX_GAMES,
                 fork: bool | None = None, grace: float | None = None) -> None:
        from .games import QUIT_GRACE

        self.config = config  # summit_game.tui.served.TabConfig (its JSON is what every game gets)
        self.listen = listen
        self.port = port
        self.max_games = max_games
        self.grace = QUIT_GRACE if grace is None else grace
        self._fork = fork
        self.launcher = None  # made once the port is known (the games show the address in their links)
        self._ready = asyncio.Event()
        self.games: set[Game] = set()
        self._starting = 0
        self._sockets: set[web.WebSocketResponse] = set()
        self._runner: web.AppRunner | None = None
        self.closing = False
        self.counts = Counts()
        self.saves_root = Path(config.saves_root)
        self._min_columns = MIN_COLUMNS

    # ------------------------------------------------------------ start / stop

    @property
    def url(self) -> str:
        return self.listen.url(self.port)

    @property
    def busy(self) -> int:
        return len(self.games) + self._starting

    async def start(self) -> int:
        """Listen, then start the games' launcher; returns the bound port."""
        import dataclasses

        runner = web.AppRunner(self._make_app(), access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.listen.bind, self.port)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]
        if not self.config.public_url:
            self.config = dataclasses.replace(self.config, public_url=self.url.rstrip("/"))
        self.launcher = make_launcher(self.config.to_json(), self._fork)
        try:
            await self.launcher.open()
            self._ready.set()
        except BaseException:
            self._runner = None
            await runner.cleanup()
            raise
        return self.port

    async def stop(self) -> None:
        """Every game asked to quit at once, killed after the grace; then the sockets and the listener."""
        self.closing = True
        games = list(self.games)
        for game in games:
            game.kill(signal.SIGTERM)  # the game's driver turns it into a quit (it saves on the way out)
        await asyncio.gather(*(g.stop(self.grace) for g in games), return_exceptions=True)
        for ws in list(self._sockets):
            await ws.close(code=1001, message=b"the server stopped")
        if self.launcher is not None:
            await self.launcher.close()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    # ------------------------------------------------------------ app

    def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_MESSAGE_BYTES)
        app.router.add_get("/", self.handle_index)
        app.router.add_get("/ws", self.handle_websocket)
        app.router.add_get("/debrief/{team}/", self.handle_team)
        app.router.add_get("/debrief/{team}/{name}", self.handle_download)
        app.router.add_get("/favicon.ico", _no_content)
        app.router.add_static("/static", _textual_serve_static(), show_index=False, follow_symlinks=False)
        return app

    def _full_text(self) -> str:
        return (f"All {self.max_games} games this computer runs are in use. Close a tab you no longer "
                "play, or ask the facilitator (summit-game serve --max-games N allows more).")

    async def handle_index(self, request: web.Request) -> web.Response:
        if self.closing:
            return _html_page("summit-game", "<h1>summit-game</h1><p>The server is stopping.</p>", 503)
        if self.busy >= self.max_games:
            self.counts.refused_full += 1
            return _html_page("summit-game: full", f"<h1>The room is full</h1><p>{html.escape(self._full_text())}</p>"
                              "<p>This page tries again every 10 seconds.</p>", 503, refresh=10)
        page = PAGE.read_text(encoding="utf-8").replace("__MIN_COLUMNS__", str(self._min_columns))
        return web.Response(text=page, content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-store"})

    # ------------------------------------------------------------ a tab's game

    @staticmethod
    def _same_origin(request: web.Request) -> bool:
        """A websocket from a page of this server (or from no page: a script); not another site's page."""
        origin = request.headers.get("Origin")
        if not origin or origin == "null":
            return origin is None
        return urlsplit(origin).netloc.lower() == request.host.lower()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self._same_origin(request):
            raise web.HTTPForbidden(text="a game opens only from this server's own page")
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE_BYTES)
        await ws.prepare(request)
        if not self._ready.is_set():  # the launcher is opening (SUMMIT_GAME_SERVE_WARM=1: its warm parent)
            try:
                await asyncio.wait_for(self._ready.wait(), timeout=30)
            except (asyncio.TimeoutError, TimeoutError):
                pass
        if self.closing or self.launcher is None or self.busy >= self.max_games:
            self.counts.refused_full += 1
            text = "The server is stopping." if self.closing else self._full_text()
            await ws.send_bytes(("\r\n  " + text + "\r\n").encode("utf-8"))
            await ws.close(code=1013, message=b"full")
            return ws
        width, height = size_from_query(request.query.get("width"), request.query.get("height"))
        self._starting += 1
        try:
            game = await self.launcher.start(width, height)
        except LaunchError as exc:
            print(f"summit-game serve: {exc}", file=sys.stderr)
            await ws.send_bytes(f"\r\n  The game could not start: {exc}\r\n".encode("utf-8"))
            await ws.close()
            return ws
        finally:
            self._starting -= 1
        self.counts.started += 1
        self.games.add(game)
        self._sockets.add(ws)
        pump = asyncio.create_task(self._pump(game, ws))
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._from_browser(game, ws, msg.data)
                elif msg.type == WSMsgType.ERROR:
                    break
        finally:
            self._sockets.discard(ws)
            await game.stop(self.grace)
            self.games.discard(game)
            try:
                await asyncio.wait_for(pump, timeout=2.0)
            except (asyncio.TimeoutError, TimeoutError):
                pump.cancel()
            self._report(game)
        return ws

    async def _from_browser(self, game: Game, ws: web.WebSocketResponse, data: str) -> None:
        try:
            envelope = json.loads(data)
        except ValueError:
            envelope = None
        if not (isinstance(envelope, list) and envelope and isinstance(envelope[0], str)):
            self.counts.bad_messages += 1
            return
        kind, arg = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(arg, str):
            await game.send_keys(arg.encode("utf-8", "replace"))
        elif kind == "resize" and isinstance(arg, dict):
            size = checked_size(arg.get("width"), arg.get("height"))
            if size is None:
                self.counts.bad_messages += 1
                return
            await game.send_meta({"type": "resize", "width": size[0], "height": size[1]})
        elif kind == "ping" and isinstance(arg, str) and len(arg) <= 32:
            await ws.send_json(["pong", arg])
        elif kind in ("focus", "blur"):
            await game.send_meta({"type": kind})
        else:
            self.counts.bad_messages += 1

    async def _pump(self, game: Game, ws: web.WebSocketResponse) -> None:
        """The game's screen to the browser, until the game's output ends; then the socket closes."""
        try:
            async for kind, payload in game.packets():
                if ws.closed:
                    continue  # keep reading, so a game never blocks writing to a closed tab
                if kind == b"D":
                    await ws.send_bytes(payload)
                elif kind == b"M":
                    await self._meta_from_game(ws, payload)
        except (ConnectionResetError, RuntimeError):
            pass
        finally:
            if not ws.closed:
                await ws.close()

    async def _meta_from_game(self, ws: web.WebSocketResponse, payload: bytes) -> None:
        try:
            meta = json.loads(payload)
        except ValueError:
            return
        if not isinstance(meta, dict):
            return
        if meta.get("type") == "exit":
            await ws.close()
        elif meta.get("type") == "open_url":
            url = meta.get("url")
            # only this server's own debrief pages: a game never sends a tab elsewhere
            if isinstance(url, str) and url.startswith("/debrief/") and ".." not in url and "//" not in url:
                await ws.send_str(json.dumps(["open_url", {"url": url, "new_tab": True}]))

    def _report(self, game: Game) -> None:
        status = game.exited.result() if game.exited.done() else None
        if status not in (0, None) and not (game.stopping and status in (-signal.SIGKILL, -signal.SIGTERM)):
            line = game.last_error_line()
            print(f"summit-game serve: a tab's game (process {game.pid}) ended with an error"
                  + (f": {line}" if line else f" (exit status {status})"), file=sys.stderr)

    # ------------------------------------------------------------ debriefs

    def _team_folder(self, team: str) -> Path:
        if not TEAM_RE.match(team):
            raise web.HTTPNotFound(text="no such team")
        from ..paths import TEAMS

        folder = self.saves_root / TEAMS / team
        if folder.is_symlink() or not folder.is_dir():
            raise web.HTTPNotFound(text="this team has no debrief yet")
        return folder

    async def handle_team(self, request: web.Request) -> web.Response:
        team = request.match_info["team"]
        folder = self._team_folder(team)
        files = sorted((p for p in folder.iterdir() if FILE_RE.match(p.name) and p.name.endswith(".md")
                        and p.is_file() and not p.is_symlink()), key=lambda p: p.stat().st_mtime, reverse=True)
        if not files:
            items = "<p>No debrief yet: it is written when your game ends.</p>"
        else:
            rows = []
            for p in files:
                name = html.escape(p.name)
                record = p.name[: -len(".md")] + ".record.json"
                rec = (f' · <a href="{html.escape(record)}" download>record (JSON)</a>'
                       if (folder / record).is_file() else "")
                rows.append(f'<li><a href="{name}" download>{name}</a>{rec}</li>')
            items = "<ul>" + "".join(rows) + "</ul>"
        return _html_page(f"summit-game: {team}'s debriefs",
                          f"<h1>Debriefs of team {html.escape(team)}</h1>{items}")

    async def handle_download(self, request: web.Request) -> web.Response:
        team, name = request.match_info["team"], request.match_info["name"]
        if not FILE_RE.match(name):
            raise web.HTTPNotFound(text="no such debrief")
        folder = self._team_folder(team)
        try:
            fd = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            raise web.HTTPNotFound(text="no such debrief") from None
        with os.fdopen(fd, "rb") as f:
            if not os.path.samestat(os.fstat(f.fileno()), os.stat(folder / name, follow_symlinks=False)):
                raise web.HTTPNotFound(text="no such debrief")
            body = f.read(MAX_DOWNLOAD + 1)
        if len(body) > MAX_DOWNLOAD:
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_DOWNLOAD, actual_size=len(body))
        kind = "text/markdown" if name.endswith(".md") else "application/json"
        return web.Response(body=body, content_type=kind, charset="utf-8", headers={
            "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff"})


# ---------------------------------------------------------------- the command


def run_serve(config, listen: lan.Listen, port: int, max_games: int = MAX_GAMES) -> int:
    """``summit-game serve``: serve until SIGTERM or Ctrl+C; the exit code."""
    try:
        _textual_serve_static()
    except ImportError:
        print("summit-game serve needs textual-serve (for its terminal page): pip install 'summit-game[serve]' "
              "(from a checkout: pip install '.[serve]')", file=sys.stderr)
        return 1
    return asyncio.run(_serve(config, listen, port, max_games))


async def _serve(config, listen: lan.Listen, port: int, max_games: int) -> int:
    server = GameServer(config, listen, port, max_games)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - not on this platform
            pass
    try:
        await server.start()
    except LaunchError as exc:
        print(f"summit-game serve: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"summit-game serve: cannot listen on {listen.bind} port {port}: {exc.strerror or exc}. "
              "Choose another with --port.", file=sys.stderr)
        return 1
    print(start_line(server), flush=True)
    await stop.wait()
    n = len(server.games)
    print(f"summit-game serve: stopping ({n} game{'s' if n != 1 else ''} running)…", flush=True)
    await server.stop()
    print("summit-game serve: stopped.", flush=True)
    return 0


def start_line(server: GameServer) -> str:
    saves = server.saves_root / "teams"
    return (f"summit-game serve: open {server.url}\n"
            f"  who can open it: {server.listen.reach}\n"
            f"  each tab asks a team's name and plays its own game (at most {server.max_games} at once); "
            f"each team's saves and debriefs go to {saves}/NAME\n"
            "  Ctrl+C (or SIGTERM) stops the server and every game.")
