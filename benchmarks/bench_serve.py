"""Served tabs: N tabs opened at once, time until each shows its first screen, and memory per tab.

Compared in the same run with the baseline the issue names: a bare Textual app
(Header, Static, Footer) served by textual-serve, one process per tab. Rows:

- ``bare``: textual-serve's own Server running the bare app (the baseline);
- ``serve``: ``summit-game serve`` as shipped (a tab alone is a fresh process; from the second
  tab on, the warm parent starts and every later tab is forked from it);
- ``serve --warm``: the warm parent from the start, every tab a fork (``SUMMIT_GAME_SERVE_WARM=1``);
- ``serve --spawn``: ``summit-game serve`` with a fresh process per tab (``SUMMIT_GAME_SERVE_FORK=0``),
  to show what the fork buys.

Each row is a server started as its own process, then ``--tabs`` websockets opened at
the same instant (the browser's protocol: ``/ws?width=..``, a resize, a focus). "Time to
the title" is until a tab's output holds the first screen's words (the bare app's
text; the game's first screen under serve, "Your team's name"). PSS is read from
``/proc/PID/smaps_rollup`` of every process of the server's tree once every tab shows
its screen: "per tab" is the games' PSS plus the warm parent's, divided by the tabs
(the server process itself is left out of both sides). CPU per tab is the games' CPU time
plus that of a warm parent started for them, divided by the tabs.

    .venv/bin/python benchmarks/bench_serve.py                 # 1, 5 and 10 tabs, 3 rounds each
    .venv/bin/python benchmarks/bench_serve.py --tabs 10 --rounds 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
CSI = re.compile(r"\x1b\[[0-9;?<=>!$ ]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")

BARE_APP = '''
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare textual app ready")
        yield Footer()


Bare().run()
'''

BARE_SERVER = '''
import sys
from textual_serve.server import Server
Server(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2])).serve()
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    kids: dict[int, list[int]] = {}
    for line in out.splitlines():
        p, pp = map(int, line.split())
        kids.setdefault(pp, []).append(p)
    found, todo = [], [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used (a fork starts at zero)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def is_python(pid: int) -> bool:
    try:
        return "python" in Path(f"/proc/{pid}/exe").resolve().name
    except OSError:
        return False


def start(kind: str, tmp: Path) -> tuple[subprocess.Popen, int, str]:
    port = free_port()
    env = dict(os.environ)
    if kind == "bare":
        app = tmp / "bare_app.py"
        app.write_text(BARE_APP)
        cmd = [sys.executable, "-c", BARE_SERVER, f"{sys.executable} {app}", str(port)]
        marker = "bare textual app ready"
    else:
        cmd = [sys.executable, "-m", "summit_game.cli", "serve", "--port", str(port),
               "--saves", str(tmp / "saves"), "--max-games", "100"]
        if kind == "serve --spawn":
            env["SUMMIT_GAME_SERVE_FORK"] = "0"
        elif kind == "serve --warm":
            env["SUMMIT_GAME_SERVE_WARM"] = "1"
        marker = "Your team's name"
    out = subprocess.DEVNULL if kind == "bare" else subprocess.PIPE  # textual-serve logs every request
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    return proc, port, marker


async def wait_listening(port: int, proc: subprocess.Popen, kind: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    if kind != "bare":  # serve prints its start-up line once the warm parent is ready, not before
        while time.monotonic() < end:
            line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), end - time.monotonic())
            if not line:
                raise RuntimeError("the server exited before its start-up line")
            if line.startswith("summit-game serve: open"):
                threading.Thread(target=proc.stdout.read, daemon=True).start()  # drained: never a full pipe
                break
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            async with aiohttp.ClientSession() as s, s.get(f"http://127.0.0.1:{port}/") as r:
                if r.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the server did not listen in time")


async def one_tab(session, port: int, marker: str, t0: float, open_tabs: list, timeout: float = 120) -> float:
    ws = await session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=100&height=32")
    await ws.send_str(json.dumps(["resize", {"width": 100, "height": 32}]))
    await ws.send_str(json.dumps(["focus"]))
    open_tabs.append(ws)  # held open until the memory is read: a dropped socket ends its game
    raw = ""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        msg = await ws.receive(timeout=end - time.monotonic())
        if msg.type == aiohttp.WSMsgType.BINARY:
            raw += msg.data.decode("utf-8", "replace")
            if marker in CSI.sub("", raw):
                return time.monotonic() - t0
        elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            break
    raise RuntimeError(f"a tab did not show {marker!r}")


async def round_(kind: str, tabs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        proc, port, marker = start(kind, Path(tmp))
        try:
            await wait_listening(port, proc, kind)
            await asyncio.sleep(1.0)  # the server is idle
            before = set(tree(proc.pid))
            session = aiohttp.ClientSession()
            open_tabs: list = []
            t0 = time.monotonic()
            times = await asyncio.gather(*(one_tab(session, port, marker, t0, open_tabs) for _ in range(tabs)))
            await asyncio.sleep(0.5)
            procs = [p for p in tree(proc.pid) if is_python(p)]
            games = [p for p in procs if p not in before]
            parents = [p for p in procs if p in before]  # serve --warm: the warm parent; serve: one started for the tabs is in games
            pss_games = sum(pss_kib(p) for p in games)
            pss_parent = sum(pss_kib(p) for p in parents)
            cpu_games = sum(cpu_s(p) for p in games)
            for ws in open_tabs:
                await ws.close()
            await session.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return {"kind": kind, "tabs": tabs, "games": len(games), "max_s": max(times), "median_s": statistics.median(times),
            "pss_tab_mib": (pss_games + pss_parent) / tabs / 1024, "cpu_tab_s": cpu_games / tabs, "pss_games_only_mib": pss_games / tabs / 1024}


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tabs", type=int, nargs="*", default=[1, 5, 10])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--kinds", nargs="*", default=["bare", "serve", "serve --warm", "serve --spawn"])
    args = ap.parse_args()
    print(f"# bench_serve {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    print("| tabs | server | slowest tab to its first screen | median tab | CPU per tab | PSS per tab | vs bare |")
    print("|---|---|---|---|---|---|---|")
    for n in args.tabs:
        results: dict[str, list[dict]] = {k: [] for k in args.kinds}
        for _ in range(args.rounds):  # interleaved: each round runs every kind once
            for kind in args.kinds:
                results[kind].append(await round_(kind, n))

        def med(kind: str, key: str) -> float:
            return statistics.median(r[key] for r in results[kind])

        for kind in args.kinds:
            ratio = ""
            if "bare" in results:
                ratio = (f"time {med(kind, 'max_s') / med('bare', 'max_s'):.2f}x, "
                         f"CPU {med(kind, 'cpu_tab_s') / med('bare', 'cpu_tab_s'):.2f}x, "
                         f"PSS {med(kind, 'pss_tab_mib') / med('bare', 'pss_tab_mib'):.2f}x")
            print(f"| {n} | {kind} | {med(kind, 'max_s'):.2f} s | {med(kind, 'median_s'):.2f} s | "
                  f"{med(kind, 'cpu_tab_s') * 1000:.0f} ms | {med(kind, 'pss_tab_mib'):.1f} MiB | {ratio} |", flush=True)
    print(f"# load average {os.getloadavg()[0]:.1f} at the end (1 minute); medians of {args.rounds} rounds")


if __name__ == "__main__":
    asyncio.run(main())
