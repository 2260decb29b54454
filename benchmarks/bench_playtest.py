"""The playtester against the bare engine loop doing the same games, in the same run.

    .venv/bin/python benchmarks/bench_playtest.py [--repeat 3] [--runs 10000] [PACK]

Two measurements, each interleaved with its baseline and reported as medians:

* exhaustive: ``explore_exhaustive`` over every role and route of the pack (default
  Anchorage) against a bare breadth-first search of the same states (same order, same cap)
  through ``start``/``options``/``choose(draw=...)`` with a set of ``State.key()`` (no
  probabilities, no paths, no coverage): what the playtester's bookkeeping costs on top of
  the engine;
* random: ``--runs`` seeded random games (spread evenly over the roles and routes) by
  ``explore_random`` against a bare loop playing the same games (same seeds, same choices).

States, choice steps, CPU time, steps per second and the ratio to the baseline are printed.
The anchor (issue 9): ChoiceScript's randomtest did half the choice steps per second of our
bare engine loop on one core here; the playtester should keep that lead (ratio under 2x).
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summit_game import engine as E  # noqa: E402
from summit_game.engine.playtest import DEFAULT_CAP, explore_exhaustive, explore_random, run_seeds  # noqa: E402
from summit_game.pack import load_pack  # noqa: E402


def groups(pack) -> list[tuple[str, str | None]]:
    return [(r, rt) for r in pack.roles for rt in (list(pack.routes) or [None])]


def bare_exhaustive(pack, cap: int) -> tuple[int, int]:
    """Breadth-first over State.key(), in the playtester's order and with its cap: the same states."""
    states = steps = 0
    for role, route in groups(pack):
        s0 = E.start(pack, role, 0, route)
        seen = {s0.key()}
        todo = deque([] if s0.finished else [s0])
        while todo:
            s = todo.popleft()
            scene = pack.scenes[s.scene]
            for o in E.options(pack, s):
                if not o.available:
                    continue
                chance = scene.choice(o.id).chance
                for d in range(len(chance)) if chance else [None]:
                    n, _ = E.choose(pack, s, o.id, draw=d)
                    steps += 1
                    k = n.key()
                    if k not in seen and len(seen) < cap:
                        seen.add(k)
                        if not n.finished:
                            todo.append(n)
        states += len(seen)
    return states, steps


def tester_exhaustive(pack, cap: int) -> tuple[int, int]:
    states = 0
    for role, route in groups(pack):
        states += explore_exhaustive(pack, role, route, cap=cap).states
    return states, 0


def bare_random(pack, runs: int) -> tuple[int, int]:
    per = runs // len(groups(pack))
    steps = 0
    for role, route in groups(pack):
        for game_seed in run_seeds(0, role, route, None, per):
            player = random.Random(f"player|{game_seed}")
            state = E.start(pack, role, game_seed, route)
            while not state.finished:
                avail = [o for o in E.options(pack, state) if o.available]
                if not avail:
                    break
                opt = avail[0] if len(avail) == 1 else player.choice(avail)
                state, _ = E.choose(pack, state, opt.id)
                steps += 1
    return per * len(groups(pack)), steps


def tester_random(pack, runs: int) -> tuple[int, int]:
    per = runs // len(groups(pack))
    steps = 0
    for role, route in groups(pack):
        steps += explore_random(pack, role, route, runs=per, seed=0).states
    return per * len(groups(pack)), steps


def timed(fn, *args) -> tuple[float, tuple[int, int]]:
    """CPU time of the process (steadier than the wall clock on a shared machine; nothing here waits)."""
    gc.collect()
    t = time.process_time()
    out = fn(*args)
    return time.process_time() - t, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pack", nargs="?", default=str(ROOT / "scenes" / "anchorage"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--cap", type=int, default=DEFAULT_CAP, help="states per role and route (the playtester's default)")
    args = ap.parse_args(argv)
    pack = load_pack(args.pack)
    print(f"python {platform.python_version()}, {platform.machine()}, {pack.id}: "
          f"{len(groups(pack))} role/route starts, median of {args.repeat} interleaved rounds")

    bare_t, tester_t = [], []
    for _ in range(args.repeat):
        t, (states, steps) = timed(bare_exhaustive, pack, args.cap)
        bare_t.append(t)
        t2, (states2, _) = timed(tester_exhaustive, pack, args.cap)
        tester_t.append(t2)
    assert states == states2, (states, states2)
    b, p = statistics.median(bare_t), statistics.median(tester_t)
    print(f"exhaustive (at most {args.cap:,} states per role and route): {states:,} states, {steps:,} choice steps")
    print(f"  bare engine loop   {b:8.2f} s  {steps / b:10,.0f} steps/s  1.00x")
    print(f"  playtester         {p:8.2f} s  {steps / p:10,.0f} steps/s  {p / b:.2f}x")

    bare_t, tester_t = [], []
    for _ in range(args.repeat):
        t, (games, steps) = timed(bare_random, pack, args.runs)
        bare_t.append(t)
        t2, (_, steps2) = timed(tester_random, pack, args.runs)
        tester_t.append(t2)
    assert steps == steps2, (steps, steps2)
    b, p = statistics.median(bare_t), statistics.median(tester_t)
    print(f"random: {games:,} games, {steps:,} choice steps")
    print(f"  bare engine loop   {b:8.2f} s  {steps / b:10,.0f} steps/s  1.00x")
    print(f"  playtester         {p:8.2f} s  {steps / p:10,.0f} steps/s  {p / b:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
