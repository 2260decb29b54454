"""Instructions and first-level data-cache misses of load + check, as ratios to ``yaml.load``.

    .venv/bin/python benchmarks/bench_instructions.py [--scenes 100] [--loads 5] [--seed 1] [--tree DIR ...]

``--tree`` counts other checkouts of the project too (``git worktree add /tmp/before COMMIT``), each
on the same generated pack, for an A/B of two commits that no machine's noise can blur.

Timings on a shared machine move by 10-40% from one minute to the next (``yaml.load`` of the
same files has measured anywhere between 17 and 33 ms at 100 scenes on one day), which hides
a change worth 2%. Counted instructions do not move: each is run under valgrind's cachegrind
(``--cache-sim=yes``, one process per count, ``PYTHONHASHSEED=0``), as K calls minus 0 calls
after the same warm-up, divided by K. The cache misses say what the instructions do not: on
this kind of machine load + check took fewer instructions than ``yaml.load`` (0.81x) and
still more time (1.0-1.15x), with twice its misses per instruction.

It needs ``valgrind`` (Debian: ``apt-get install valgrind``) and prints why when it is missing.
A count is not a time: use it to compare two trees (or two commits) of the same code, and
``bench_load.py`` for the ratio the target is about.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import gc, sys
from pathlib import Path
sys.path.insert(0, {root!r})
import yaml
from summit_game.pack import load_pack
from summit_game.pack.loader import paused_gc
from summit_game.engine.analysis import analyse
folder = Path({folder!r})
blobs = [f.read_bytes() for f in [folder / "pack.yaml", *sorted((folder / "scenes").glob("*.yaml"))]]
def base():
    with paused_gc():
        return [yaml.load(b, Loader=yaml.CSafeLoader) for b in blobs]
def ours():
    return analyse(load_pack(folder))
base(); ours()  # the same warm-up whatever is counted
fn = {{"base": base, "ours": ours}}[{what!r}]
for _ in range({k}):
    fn()
"""


def count(tree: Path, folder: Path, what: str, k: int) -> tuple[int, int]:
    """(instructions, D1 misses) of a process that calls ``what`` k times after the warm-up."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    code = CHILD.format(root=str(tree), folder=str(folder), what=what, k=k)
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=yes", "--cachegrind-out-file=/dev/null",
                          sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stderr
    refs = re.search(r"I\s+refs:\s+([\d,]+)", out)
    misses = re.search(r"D1\s+misses:\s+([\d,]+)", out)
    if not refs or not misses:
        raise SystemExit(f"bench_instructions: no counts in valgrind's output:\n{out[-800:]}")
    return int(refs.group(1).replace(",", "")), int(misses.group(1).replace(",", ""))


def per_call(tree: Path, folder: Path, what: str, k: int) -> tuple[float, float]:
    i0, d0 = count(tree, folder, what, 0)
    i1, d1 = count(tree, folder, what, k)
    return (i1 - i0) / k, (d1 - d0) / k


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--loads", type=int, default=5, help="calls counted (after one warm-up call)")
    ap.add_argument("--tree", action="append", default=[], metavar="DIR",
                    help="another checkout to count as well (its summit_game is imported); may be repeated")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("bench_instructions: valgrind is not installed (Debian: apt-get install valgrind); nothing counted")
        return 1
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_load import make_pack

    trees = [ROOT, *(Path(t).resolve() for t in args.tree)]
    for tree in trees:
        if not (tree / "summit_game" / "pack" / "loader.py").is_file():
            print(f"bench_instructions: {tree} is not a checkout of summit-game (no summit_game/pack/loader.py)")
            return 2
    with tempfile.TemporaryDirectory(prefix="sg-instr-") as tmp:
        folder = make_pack(Path(tmp) / "pack", args.scenes, seed=args.seed)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        for tree in trees:
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "summit_game")], check=False, env=env)
        bi, bd = per_call(ROOT, folder, "base", args.loads)
        rows = [(tree, *per_call(tree, folder, "ours", args.loads)) for tree in trees]
    print(f"{args.scenes} scenes (seed {args.seed}), per call, valgrind cachegrind, {args.loads} calls counted")
    print(f"  yaml.load                 {bi / 1e6:8.1f}M instructions  {bd / 1e3:7.1f}K D1 misses")
    for tree, oi, od in rows:
        name = "load + check" if tree == ROOT else f"  ({tree.name})"
        print(f"  {name:24s}  {oi / 1e6:8.1f}M instructions  {od / 1e3:7.1f}K D1 misses"
              f"   ratios {oi / bi:.3f}x and {od / bd:.3f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
