"""`summit-game serve` as a room uses it: real games behind real websockets on loopback.

Each tab is its own process (forked from the warm parent); a hostile key, a tab
that closes, a crashed game or a stopped server never leaves a process behind,
and never touches another tab.
"""

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")

from serve_support import open_tab, running_server  # noqa: E402

from summit_game.serve.games import fork_supported  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
needs_fork = pytest.mark.skipif(not fork_supported(), reason="the fork launcher needs Linux")


def alive(pid: int) -> bool:
    """A process that exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):  # gone, or going: reading an exiting process's stat fails
        return False


async def gone(pid: int, within: float = 8.0) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        if not alive(pid):
            return True
        await asyncio.sleep(0.05)
    return False


async def until_no_games(server, within: float = 5.0) -> None:
    """Wait (at most ``within`` seconds) until the server has no game left."""
    end = time.monotonic() + within
    while server.games and time.monotonic() < end:
        await asyncio.sleep(0.05)


async def new_pid(server, before: set) -> int:
    for _ in range(200):
        fresh = {g.pid for g in server.games} - before
        if fresh:
            return fresh.pop()
        await asyncio.sleep(0.02)
    raise AssertionError("no game started")


async def team_tab(server, team: str, **size):
    before = {g.pid for g in server.games}
    tab = await open_tab(server.url, **size)
    pid = await new_pid(server, before)
    await tab.wait_for("Your team's name")
    await tab.keys(team + "\r")
    await tab.wait_for("Continue")
    return tab, pid


# ---------------------------------------------------------------- the page


async def test_page_loads_its_script_and_socket_from_where_it_was_opened(tmp_path):
    async with running_server(tmp_path) as server:
        page = await asyncio.to_thread(lambda: urllib.request.urlopen(server.url, timeout=10).read().decode())
        js = await asyncio.to_thread(
            lambda: urllib.request.urlopen(server.url + "static/js/textual.js", timeout=10).read())
    assert 'src="/static/js/textual.js"' in page and 'href="/static/css/xterm.css"' in page
    assert "location.host" in page and "0.0.0.0" not in page and "127.0.0.1" not in page
    assert not re.search(r"(src|href)=\"https?://", page) and "googleapis" not in page  # offline
    assert 'name="viewport" content="width=device-width' in page
    assert b"WebSocket" in js


def test_the_page_leaves_room_for_the_games_minimum_width():
    from summit_game.serve.web import MIN_COLUMNS
    from summit_game.tui.widgets.notice import MIN_WIDTH

    assert MIN_COLUMNS >= MIN_WIDTH


# ---------------------------------------------------------------- tabs and processes


def parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def maps(pid: int) -> str:
    with open(f"/proc/{pid}/maps") as f:
        return f.read()


@needs_fork
async def test_a_tab_alone_is_a_fresh_process_and_tabs_together_are_forks_a_crash_touching_no_other(tmp_path):
    async with running_server(tmp_path, fork=True) as server:
        assert server.launcher.zygote_pid is None  # no warm parent while no tab shares it
        a, pid_a = await team_tab(server, "Alpha")
        assert parent_of(pid_a) == os.getpid()  # the server's own child: a new interpreter
        assert server.launcher.zygote_pid is None
        b, pid_b = await team_tab(server, "Bravo")  # a second tab while the first plays: the warm parent
        c, pid_c = await team_tab(server, "Charlie")
        zygote = server.launcher.zygote_pid
        assert zygote is not None and len({pid_a, pid_b, pid_c}) == 3
        for pid in (pid_b, pid_c):  # forks of the warm parent, not new interpreters
            assert parent_of(pid) == zygote
        for pid in (pid_a, zygote, pid_b):  # no game, fresh or forked, nor their parent, maps OpenSSL
            assert "libcrypto" not in maps(pid) and "libssl" not in maps(pid)
        assert server.launcher.started == {"fresh": 1, "fork": 2}
        os.kill(pid_a, signal.SIGKILL)  # the fresh game crashes
        os.kill(pid_b, signal.SIGKILL)  # and a forked one
        await asyncio.wait_for(a.closed.wait(), 10)  # their tabs see the end of the game
        await asyncio.wait_for(b.closed.wait(), 10)
        mark = c.mark()
        await c.keys("?")  # the other game goes on
        await c.wait_for("Every key", after=mark)
        assert alive(pid_c) and alive(zygote)
        await c.close()
        for tab in (a, b):
            await tab.session.close()
        assert await gone(pid_c)


@needs_fork
async def test_the_warm_parent_ends_when_idle_and_a_tab_alone_is_fresh_again(tmp_path):
    async with running_server(tmp_path, fork=True) as server:
        server.launcher.idle_close = 0.3
        a, pid_a = await team_tab(server, "Alpha")
        b, pid_b = await team_tab(server, "Bravo")
        zygote = server.launcher.zygote_pid
        assert parent_of(pid_b) == zygote
        await b.close()
        assert await gone(pid_b)
        assert await gone(zygote)  # no fork of its own left: it ends after the idle time
        assert server.launcher.zygote_pid is None
        assert alive(pid_a)  # the fresh game never depended on it
        await a.close()
        assert await gone(pid_a)
        await until_no_games(server)
        c, pid_c = await team_tab(server, "Charlie")  # alone again: fresh
        assert parent_of(pid_c) == os.getpid()
        d, pid_d = await team_tab(server, "Delta")  # and a new warm parent for the next
        assert parent_of(pid_d) == server.launcher.zygote_pid != zygote
        await c.close()
        await d.close()


@needs_fork
async def test_a_warm_parent_that_dies_is_replaced_for_the_next_tab(tmp_path):
    async with running_server(tmp_path, fork=True) as server:
        a, pid_a = await team_tab(server, "Alpha")
        b, pid_b = await team_tab(server, "Bravo")
        zygote = server.launcher.zygote_pid
        os.kill(zygote, signal.SIGKILL)
        await asyncio.wait_for(b.closed.wait(), 10)  # its fork dies with it
        assert await gone(pid_b) and alive(pid_a)
        c, pid_c = await team_tab(server, "Charlie")
        assert parent_of(pid_c) == server.launcher.zygote_pid not in (None, zygote)
        await a.close()
        await c.close()
        await b.session.close()


@needs_fork
async def test_a_warm_parent_that_cannot_start_leaves_every_tab_a_fresh_process(tmp_path, monkeypatch, capsys):
    from summit_game.serve import games

    async def cannot(self):
        raise games.LaunchError("the games' parent process could not start: test")

    monkeypatch.setattr(games.WarmParent, "open", cannot)
    async with running_server(tmp_path, fork=True) as server:
        tabs = [await team_tab(server, name) for name in ("Alpha", "Bravo", "Charlie")]
        assert all(parent_of(pid) == os.getpid() for _, pid in tabs)
        assert server.launcher.started == {"fresh": 3, "fork": 0}
        for tab, _ in tabs:
            await tab.close()
    assert capsys.readouterr().err.count("every tab is a fresh process") == 1


@needs_fork
async def test_with_a_warm_start_every_tab_is_a_fork(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMIT_GAME_SERVE_WARM", "1")
    async with running_server(tmp_path) as server:
        zygote = server.launcher.zygote_pid
        assert zygote is not None
        a, pid_a = await team_tab(server, "Alpha")
        assert parent_of(pid_a) == zygote
        await a.close()


async def test_a_closed_tab_ends_its_game(tmp_path):
    async with running_server(tmp_path) as server:
        before = {g.pid for g in server.games}
        tab = await open_tab(server.url)
        pid = await new_pid(server, before)
        await tab.wait_for("Your team's name")
        await tab.close()
        assert await gone(pid)
        await until_no_games(server)
        assert not server.games


async def test_tabs_whose_sockets_vanish_end_their_games(tmp_path):
    """Sockets dropped without a close frame (a laptop lid, a lost Wi-Fi): no game is left behind."""
    async with running_server(tmp_path) as server:
        pids = []
        tabs = []
        for _ in range(3):
            before = {g.pid for g in server.games}
            tab = await open_tab(server.url)
            pids.append(await new_pid(server, before))
            await tab.wait_for("Your team's name")
            await tab.keys("\x1b[999999999999A\x1b[1114112u")  # the 14-byte inputs that once left games alive
            tabs.append(tab)
        for tab in tabs:
            tab.ws._response.connection.transport.abort()  # the TCP connection is simply gone
        for pid in pids:
            assert await gone(pid)
        await until_no_games(server)
        assert not server.games
        for tab in tabs:
            await tab.session.close()


async def test_a_game_that_does_not_quit_is_killed_after_the_grace(tmp_path):
    async with running_server(tmp_path, grace=0.5) as server:
        before = {g.pid for g in server.games}
        tab = await open_tab(server.url)
        pid = await new_pid(server, before)
        await tab.wait_for("Your team's name")
        os.kill(pid, signal.SIGSTOP)  # hung: it reads nothing, answers nothing
        try:
            await tab.close()
            assert await gone(pid)
        finally:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


async def test_hostile_keys_do_not_stop_a_served_game(tmp_path):
    from test_serve_input import HOSTILE

    async with running_server(tmp_path) as server:
        before = {g.pid for g in server.games}
        tab = await open_tab(server.url)
        pid = await new_pid(server, before)
        await tab.wait_for("Your team's name")
        for seq in HOSTILE:
            if len(seq) < 100:  # (the 5,000-digit one is typed as 5,000 keys: tested without a server)
                await tab.keys(seq)
        await tab.send("resize", {"width": 20000, "height": 20000})
        await tab.send("resize", {"width": "80", "height": 24})
        await tab.send("resize", [1, 2])
        await tab.send("stdin", 12)
        await tab.ws.send_str("not json")
        await tab.send("something", {})
        await tab.send("resize", {"width": 90, "height": 30})
        # whatever junk reached the (40-character) name field, cleared; Textual runs a binding's key
        # (backspace) after letters typed in the same instant, so the name follows a moment later
        await tab.keys("\x7f" * 60)
        await asyncio.sleep(1.0)
        await tab.keys("Delta\r")
        await tab.wait_for("Continue")
        assert server.counts.bad_messages >= 5
        await tab.close()
        assert await gone(pid)


async def test_resizes_are_clamped_before_they_reach_the_game(tmp_path):
    from summit_game.serve.limits import MAX_COLUMNS, MAX_ROWS
    from summit_game.serve.web import GameServer

    class FakeGame:
        def __init__(self):
            self.metas = []

        async def send_meta(self, meta):
            self.metas.append(meta)

    game = FakeGame()
    server = GameServer.__new__(GameServer)
    from summit_game.serve.web import Counts

    server.counts = Counts()
    await server._from_browser(game, None, '["resize", {"width": 20000, "height": 20000}]')
    await server._from_browser(game, None, '["resize", {"width": "20000", "height": 20}]')
    await server._from_browser(game, None, '["resize", {"width": 1.5, "height": 20}]')
    assert game.metas == [{"type": "resize", "width": MAX_COLUMNS, "height": MAX_ROWS}]
    assert server.counts.bad_messages == 2


async def test_a_message_over_the_limit_closes_the_socket_and_ends_the_game(tmp_path):
    from summit_game.serve.limits import MAX_MESSAGE_BYTES

    async with running_server(tmp_path) as server:
        before = {g.pid for g in server.games}
        tab = await open_tab(server.url)
        pid = await new_pid(server, before)
        await tab.wait_for("Your team's name")
        await tab.keys("x" * (MAX_MESSAGE_BYTES + 10))
        await asyncio.wait_for(tab.closed.wait(), 10)
        assert await gone(pid)
        await tab.session.close()


async def test_at_most_max_games_and_a_clear_page_when_full(tmp_path):
    async with running_server(tmp_path, max_games=1) as server:
        first = await open_tab(server.url)
        await first.wait_for("Your team's name")
        second = await open_tab(server.url)
        await asyncio.wait_for(second.closed.wait(), 10)
        assert "All 1 games this computer runs are in use" in second.text
        assert len(server.games) == 1

        def fetch():
            try:
                urllib.request.urlopen(server.url, timeout=10)
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read().decode()
            return 200, ""

        status, page = await asyncio.to_thread(fetch)
        assert status == 503 and "The room is full" in page and "--max-games" in page
        await first.close()
        await second.session.close()
        await until_no_games(server)  # the slot is free again
        third = await open_tab(server.url)
        await third.wait_for("Your team's name")
        await third.close()


async def test_a_socket_from_another_sites_page_is_refused(tmp_path):
    import aiohttp

    async with running_server(tmp_path) as server:
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as err:
                await session.ws_connect(server.url.replace("http", "ws") + "ws",
                                         headers={"Origin": "http://evil.example"})
        assert err.value.status == 403
        assert not server.games


# ---------------------------------------------------------------- the command


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_serve(tmp_path: Path, *extra: str):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "summit_game.cli", "serve", "--port", str(port),
                             "--saves", str(tmp_path), *extra], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    first = ""
    for _ in range(4):  # the start-up lines, up to "Ctrl+C ... stops"
        first += proc.stdout.readline()
        if "stops" in first or proc.poll() is not None:
            break
    return proc, port, first


def _descendants(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    children: dict[int, list[int]] = {}
    for line in out.splitlines():
        p, pp = map(int, line.split())
        children.setdefault(pp, []).append(p)
    found, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.add(c)
            todo.append(c)
    return found


@pytest.mark.parametrize("sig, n", [(signal.SIGTERM, 3), (signal.SIGINT, 1)])
async def test_stopping_serve_ends_every_game_at_once(tmp_path, sig, n):
    proc, port, first = _start_serve(tmp_path)
    try:
        assert first.startswith(f"summit-game serve: open http://127.0.0.1:{port}/"), first
        tabs = []
        for _ in range(n):
            tab = await open_tab(f"http://127.0.0.1:{port}/")
            await tab.wait_for("Your team's name")
            tabs.append(tab)
        await tabs[0].keys("Echo\r")
        await tabs[0].wait_for("Continue")
        family = _descendants(proc.pid)
        assert len(family) >= n  # the games (and, from the second tab on, their warm parent)
        t0 = time.monotonic()
        proc.send_signal(sig)
        out, _ = await asyncio.to_thread(proc.communicate, timeout=20)
        took = time.monotonic() - t0
        for tab in tabs:
            await asyncio.wait_for(tab.closed.wait(), 5)  # every tab is told, none freezes
            await tab.session.close()
        assert proc.returncode == 0, out
        assert "Traceback" not in out and "stopped." in out
        assert not [p for p in family if alive(p)]
        assert took < 10  # generous for a loaded CI machine; typically about one second
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@needs_fork
async def test_a_killed_server_leaves_no_game_fresh_or_forked(tmp_path):
    proc, port, first = _start_serve(tmp_path)
    try:
        tabs = []
        for _ in range(2):  # the first a fresh process, the second a fork of the warm parent
            tab = await open_tab(f"http://127.0.0.1:{port}/")
            await tab.wait_for("Your team's name")
            tabs.append(tab)
        family = _descendants(proc.pid)
        assert len(family) >= 3
        proc.kill()  # SIGKILL: no clean stop; every game dies with the server (PR_SET_PDEATHSIG)
        proc.wait()
        for pid in family:
            assert await gone(pid)
        for tab in tabs:
            await asyncio.wait_for(tab.closed.wait(), 5)
            await tab.session.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_start_up_line_says_who_can_reach_it_and_no_access_log(tmp_path):
    proc, port, first = _start_serve(tmp_path)
    try:
        for _ in range(5):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read()
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = first + out
    assert "who can open it: only this computer" in text and "--lan" in text
    assert "GET /" not in text and "HTTP/1.1" not in text  # no access log
    assert "0.0.0.0" not in text


@pytest.mark.parametrize("args, message", [
    (["--port", "70000"], "not a port number"),
    (["--max-games", "0"], "--max-games 0"),
    (["--lan", "--host", "10.1.2.3"], "either --lan or --host"),
    (["tutorial", "--role", "nobody"], "unknown role 'nobody'"),
    (["tutorial", "--route", "long"], "unknown route 'long'"),
])
def test_serve_bad_usage(args, message):
    r = subprocess.run([sys.executable, "-m", "summit_game.cli", "serve", *args],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_serve_help_says_who_can_reach_it():
    r = subprocess.run([sys.executable, "-m", "summit_game.cli", "serve", "--help"],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    text = " ".join(r.stdout.split())
    assert "only this computer unless --lan or --host" in text
    for option in ("--lan", "--host", "--route", "--role", "--seed", "--max-games"):
        assert option in text


def test_a_fresh_tab_off_linux_asks_no_kernel_for_a_death_signal(monkeypatch):
    """``die_with_parent`` uses prctl only on Linux (elsewhere ``ctypes.CDLL(None)`` may raise TypeError)."""
    from summit_game.serve import zygote

    def no_libc(*args, **kwargs):
        raise TypeError("no libc by that name")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(zygote.ctypes, "CDLL", no_libc)
    zygote.die_with_parent(os.getppid())  # the parent lives: it returns, and the game goes on


def test_a_fresh_tab_whose_server_is_gone_exits_at_once():
    code = ("import os, sys; from summit_game.serve.zygote import die_with_parent; "
            "die_with_parent(os.getppid() + 1 if os.getppid() != 1 else 2); print('went on')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.returncode == 1 and "went on" not in out.stdout
