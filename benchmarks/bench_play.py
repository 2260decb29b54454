"""Random playthroughs per second through the engine API (start / options / choose).

    .venv/bin/python benchmarks/bench_play.py [--games 10000] [--repeat 5] [PACK ...]

Each playthrough picks a role and a route at random, then a random available
option at every step until an ending, exactly as a front end or the playtester
would drive the engine. Target: 10,000 full playthroughs of the tutorial pack in
under 2 s. The pack is loaded once, outside the timing. Median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summit_game import engine as E  # noqa: E402
from summit_game.pack import PackError, load_pack  # noqa: E402


def playthroughs(pack, games: int, seed: int = 0) -> tuple[int, int]:
    """Play ``games`` random games; return (games finished, choices made)."""
    rng = random.Random(seed)
    roles = list(pack.roles)
    routes = [None, *pack.routes]
    finished = steps = 0
    for i in range(games):
        state = E.start(pack, rng.choice(roles), seed=i, route=rng.choice(routes))
        while not state.finished:
            available = [o for o in E.options(pack, state) if o.available]
            if not available:
                break  # a soft-lock (summit-game check warns about these)
            state, _ = E.choose(pack, state, rng.choice(available).id)
            steps += 1
        finished += state.finished
    return finished, steps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("packs", nargs="*", default=[str(ROOT / "scenes" / "tutorial")])
    ap.add_argument("--games", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    print(f"python {platform.python_version()}, {platform.machine()}, median of {args.repeat}")
    for folder in args.packs:
        try:
            pack = load_pack(folder)
        except PackError as exc:
            print(f"{folder}: cannot load: {exc}")
            continue
        times = []
        for r in range(args.repeat):
            t = time.perf_counter()
            finished, steps = playthroughs(pack, args.games, seed=r)
            times.append(time.perf_counter() - t)
        t = statistics.median(times)
        print(f"{pack.id}: {args.games:,} playthroughs in {t:.3f} s = {args.games / t:,.0f} per second "
              f"({steps / args.games:.1f} choices each, {finished:,} reached an ending; "
              f"target for the tutorial: 10,000 in under 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
