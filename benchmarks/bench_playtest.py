"""The playtester against the bare engine loop doing the same games, in the same run.

    .venv/bin/python benchmarks/bench_playtest.py [--repeat 3] [--runs 10000] [PACK]

Two measurements, each interleaved with its baseline and reported as medians:

* exhaustive: ``explore_exhaustive`` over every role and route of the pack (default
  Anchorage) against a bare breadth-first search of the same states (same order, same cap)
  through ``start``/``options``/``choose(draw=...)`` with a set of ``State.key()`` (no
  probabilities, no paths, no coverage), and the same bare search through the lean
  ``shown``/``advance`` the playtester drives: what its bookkeeping costs on top of the engine;
* random: ``--runs`` seeded random games (spread evenly over the roles and routes) by
  ``explore_random`` against bare loops playing the same games (same seeds, same choices),
  through ``options``/``choose`` and through ``shown``/``advance``.

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


def lean_exhaustive(pack, cap: int) -> tuple[int, int]:
    """bare_exhaustive through shown/advance, merging on the values unsorted as the playtester does."""
    states = steps = 0
    for role, route in groups(pack):
        s0 = E.start(pack, role, 0, route)
        seen = {(s0.scene, s0.ending, tuple(s0.values.values()))}
        todo = deque([] if s0.finished else [s0])
        while todo:
            s = todo.popleft()
            for c, ok in E.shown(pack, s):
                if not ok:
                    continue
                for d in range(len(c.chance)) if c.chance else [None]:
                    n = E.advance(pack, s, c.id, draw=d).state
                    steps += 1
                    k = (n.scene, n.ending, tuple(n.values.values()))
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


def lean_random(pack, runs: int) -> tuple[int, int]:
    per = runs // len(groups(pack))
    steps = 0
    for role, route in groups(pack):
        for game_seed in run_seeds(0, role, route, None, per):
            player = random.Random(f"player|{game_seed}")
            state = E.start(pack, role, game_seed, route)
            while not state.finished:
                avail = [c for c, ok in E.shown(pack, state) if ok]
                if not avail:
                    break
                c = avail[0] if len(avail) == 1 else player.choice(avail)
                state = E.advance(pack, state, c.id).state
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

    bare_t, lean_t, tester_t = [], [], []
    for _ in range(args.repeat):
        t, (states, steps) = timed(bare_exhaustive, pack, args.cap)
        bare_t.append(t)
        t1, (states1, steps1) = timed(lean_exhaustive, pack, args.cap)
        lean_t.append(t1)
        t2, (states2, _) = timed(tester_exhaustive, pack, args.cap)
        tester_t.append(t2)
    assert states == states1 == states2 and steps == steps1, (states, states1, states2, steps, steps1)
    print(f"exhaustive (at most {args.cap:,} states per role and route): {states:,} states, {steps:,} choice steps")
    report(steps, bare_t, lean_t, tester_t)

    bare_t, lean_t, tester_t = [], [], []
    for _ in range(args.repeat):
        t, (games, steps) = timed(bare_random, pack, args.runs)
        bare_t.append(t)
        t1, (_, steps1) = timed(lean_random, pack, args.runs)
        lean_t.append(t1)
        t2, (_, steps2) = timed(tester_random, pack, args.runs)
        tester_t.append(t2)
    assert steps == steps1 == steps2, (steps, steps1, steps2)
    print(f"random: {games:,} games, {steps:,} choice steps")
    report(steps, bare_t, lean_t, tester_t)
    return 0


def report(steps: int, bare_t: list[float], lean_t: list[float], tester_t: list[float]) -> None:
    b, lean, p = statistics.median(bare_t), statistics.median(lean_t), statistics.median(tester_t)
    print(f"  bare engine loop, options/choose   {b:8.2f} s  {steps / b:10,.0f} steps/s  1.00x")
    print(f"  bare engine loop, shown/advance    {lean:8.2f} s  {steps / lean:10,.0f} steps/s  {lean / b:.2f}x")
    print(f"  playtester                         {p:8.2f} s  {steps / p:10,.0f} steps/s  {p / b:.2f}x "
          f"({p / lean:.2f}x the shown/advance loop)")


if __name__ == "__main__":
    sys.exit(main())
