"""500 simulated phones vote over loopback: every vote counted, vote latency, the server's memory.

    .venv/bin/python benchmarks/bench_workshop.py [--phones 500] [--rounds 3] [--repeat 3] [--pack tutorial]

The server runs in its own process, as the workshop's does: a Room on the pack and the
VoteServer in one asyncio loop (no Textual: the projector's own cost is bench_tui's
business). This script is the room full of phones: each phone is its own aiohttp
session (own cookie, own connection), opens the join URL, then votes once per round,
all phones at once (the moment the facilitator starts the timer), with a new decision
opened between rounds. It measures each vote's round trip (POST /vote, JSON answer),
then asks the server for its tally and its memory (RSS, PSS and peak RSS from /proc).

Baseline, in the same run and the same way: a bare aiohttp app whose two handlers do
nothing (GET / sets a cookie, POST /vote reads the form and answers {"ok": true}),
started by the same runner settings, hit by the same phones. Ratios are workshop/bare.
All phones share 127.0.0.1, so the server's per-address flood limit is lifted for the
run (the per-device limit stays as shipped).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PIN = "1234"


# ---------------------------------------------------------------- the server process


def memory() -> dict[str, int]:
    """RSS, peak RSS and PSS of this process in KiB (Linux /proc)."""
    out: dict[str, int] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])
        for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                out["Pss"] = int(line.split()[1])
    except OSError:
        pass
    return out


async def serve(kind: str, pack_name: str) -> None:
    from aiohttp import web

    room = server = None
    if kind == "bare":
        async def index(request):
            r = web.Response(text="ok")
            r.set_cookie("t", "x" * 22, httponly=True, samesite="Strict")
            return r

        async def vote(request):
            await request.post()
            return web.json_response({"ok": True})

        app = web.Application(client_max_size=2048)
        app.router.add_get("/", index)
        app.router.add_post("/vote", vote)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
    else:
        from summit_game.pack import load_pack
        from summit_game.pack.bundled import resolve_pack
        from summit_game.workshop import Limits, Room
        from summit_game.workshop.server import VoteServer

        pack = load_pack(resolve_pack(pack_name))
        role = next(iter(pack.roles))
        limits = Limits(address_burst=10**9, address_rate=10**9)
        room = Room.new(pack, role, seed=1, pin=PIN, seconds=600, clock=time.monotonic, limits=limits)
        server = VoteServer(room)
        port = await server.start()
    idle = memory()
    print(json.dumps({"port": port}), flush=True)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = (await reader.readline()).decode().strip()
        if line in ("", "quit"):
            break
        if line == "next" and room is not None:  # close the vote and open the next decision
            room.skip()
            if room.phase.value == "tie":
                room.pick(room.tied[0])
            room.next()
            if room.phase.value == "ended":  # a short game: the room plays it again
                room = Room.new(room.pack, room.state.role, seed=1, pin=PIN, seconds=600, clock=time.monotonic,
                                limits=room.limits)
                server.room = room
            print(json.dumps({"number": room.decision.number, "options": list(room.decision.votable)}), flush=True)
        elif line == "next":
            print(json.dumps({"number": 0, "options": ["a", "b"]}), flush=True)
        elif line == "report":
            report = {"idle": idle, "now": memory()}
            if room is not None:
                t = room.tally()
                report.update(joined=t.joined, voted=t.voted, phones=t.phones)
            print(json.dumps(report), flush=True)


# ---------------------------------------------------------------- the phones


async def phones_vote(port: int, phones: int, rounds: int, ask) -> dict:
    import aiohttp

    base = f"http://127.0.0.1:{port}"
    sessions = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                      connector=aiohttp.TCPConnector(limit=1)) for _ in range(phones)]
    latencies: list[float] = []
    accepted = 0
    try:
        async def join(s):
            async with s.get(f"{base}/?pin={PIN}") as r:
                await r.read()
                return r.status

        statuses = await asyncio.gather(*(join(s) for s in sessions))
        assert all(st == 200 for st in statuses), set(statuses)
        info = ask("next") if rounds else None
        burst_times = []
        for rnd in range(rounds):
            options = info["options"]
            number = info["number"]

            async def vote(i, s):
                data = {"pin": PIN, "option": options[(i + rnd) % len(options)], "decision": str(number)}
                t0 = time.perf_counter()
                async with s.post(f"{base}/vote", data=data, headers={"Accept": "application/json"}) as r:
                    body = await r.json()
                latencies.append(time.perf_counter() - t0)
                return r.status == 200 and body.get("ok")

            t0 = time.perf_counter()
            oks = await asyncio.gather(*(vote(i, s) for i, s in enumerate(sessions)))
            burst_times.append(time.perf_counter() - t0)
            accepted += sum(bool(x) for x in oks)
            report = ask("report")
            if rnd == rounds - 1:
                break
            info = ask("next")
        # one phone alone, vote after vote (changing its mind): the cost of a vote without a queue.
        # A new phone, within the per-device burst of 10 (the limit stays as shipped).
        solo: list[float] = []
        s = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        sessions.append(s)
        await join(s)
        for k in range(9):
            data = {"pin": PIN, "option": options[k % len(options)], "decision": str(number)}
            t0 = time.perf_counter()
            async with s.post(f"{base}/vote", data=data, headers={"Accept": "application/json"}) as r:
                await r.read()
            solo.append(time.perf_counter() - t0)
        return {"latencies": latencies, "accepted": accepted, "report": report, "burst": burst_times, "solo": solo}
    finally:
        await asyncio.gather(*(s.close() for s in sessions))


def run_one(kind: str, args) -> dict:
    proc = subprocess.Popen([sys.executable, __file__, "--serve", kind, "--pack", args.pack],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdin and proc.stdout

    def ask(cmd: str) -> dict:
        proc.stdin.write(cmd + "\n")
        proc.stdin.flush()
        return json.loads(proc.stdout.readline())

    try:
        port = json.loads(proc.stdout.readline())["port"]
        result = asyncio.run(phones_vote(port, args.phones, args.rounds, ask))
        result["final"] = ask("report")
    finally:
        try:
            proc.stdin.write("quit\n")
            proc.stdin.flush()
        except BrokenPipeError:
            pass
        proc.wait(timeout=30)
    return result


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--phones", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pack", default="anchorage")
    ap.add_argument("--serve", choices=["bare", "workshop"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve:
        import os

        out = os.environ.get("BENCH_WORKSHOP_PROFILE")  # a cProfile of the server process, for where time goes
        if out:
            import cProfile

            cProfile.runctx("asyncio.run(serve(args.serve, args.pack))", globals(), locals(), f"{out}.{args.serve}")
        else:
            asyncio.run(serve(args.serve, args.pack))
        return 0
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * args.phones + 256)), hard))
    except (ImportError, ValueError, OSError):
        pass
    print(f"python {platform.python_version()}, {platform.machine()}, {args.phones} phones x {args.rounds} rounds, "
          f"pack {args.pack}, {args.repeat} alternating runs of each server")
    runs: dict[str, list[dict]] = {"bare": [], "workshop": []}
    for _ in range(args.repeat):
        for kind in ("bare", "workshop"):
            runs[kind].append(run_one(kind, args))
    ok = True
    rows = {}
    for kind, results in runs.items():
        lat = [x for r in results for x in r["latencies"]]
        rows[kind] = {
            "p50": statistics.median(pct(r["latencies"], 50) for r in results) * 1000,
            "p99": statistics.median(pct(r["latencies"], 99) for r in results) * 1000,
            "burst": statistics.median(b for r in results for b in r["burst"]),
            "solo": statistics.median(x for r in results for x in r["solo"]) * 1000,
            "rss": statistics.median(r["final"]["now"].get("VmRSS", 0) for r in results) / 1024,
            "hwm": statistics.median(r["final"]["now"].get("VmHWM", 0) for r in results) / 1024,
            "pss": statistics.median(r["final"]["now"].get("Pss", 0) for r in results) / 1024,
            "idle": statistics.median(r["final"]["idle"].get("VmRSS", 0) for r in results) / 1024,
            "n": len(lat),
        }
        expected = args.phones * args.rounds
        for r in results:
            if r["accepted"] != expected:
                ok = False
                print(f"{kind}: only {r['accepted']} of {expected} votes accepted")
            if kind == "workshop":
                rep = r["report"]
                if (rep.get("voted"), rep.get("phones"), rep.get("joined")) != (args.phones,) * 3:
                    ok = False
                    print(f"workshop: the room counted {rep} after the last round, expected {args.phones} each")
    b, w = rows["bare"], rows["workshop"]
    print()
    print(f"| | bare aiohttp (baseline) | workshop | ratio |")
    print(f"|---|---|---|---|")
    for key, label, unit in (("solo", "one phone alone, a vote", "ms"), ("p50", f"vote latency p50, {args.phones} at once", "ms"),
                             ("p99", f"vote latency p99, {args.phones} at once", "ms"),
                             ("burst", f"all {args.phones} votes of a round", "s"),
                             ("idle", "RSS before the phones", "MiB"), ("rss", "RSS after", "MiB"),
                             ("hwm", "peak RSS", "MiB"), ("pss", "PSS after", "MiB")):
        ratio = w[key] / b[key] if b[key] else float("nan")
        print(f"| {label} | {b[key]:.2f} {unit} | {w[key]:.2f} {unit} | {ratio:.2f}x |")
    print()
    print(f"every vote counted: {'yes' if ok else 'NO'} ({w['n']} workshop votes, {b['n']} baseline requests)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
