"""Load + check time of a synthetic pack, as a ratio to libyaml parsing the same files.

    .venv/bin/python benchmarks/bench_load.py [--scenes 1000] [--seed 1] [--repeat 5] [--keep DIR]
    .venv/bin/python benchmarks/bench_load.py --scaling [--seeds 1-3]     # 100, 1,000 and 5,000 scenes
    .venv/bin/python benchmarks/bench_load.py --scaling --clock cpu       # CPU time: for a busy machine

A synthetic pack shaped like the bundled Anchorage pack (six meters, three
flags, three roles, two routes, citations on every choice, conditions and
effects, a source text) is written to a temporary folder. In the same run,
with the files already in the page cache, we time:

* baseline: ``yaml.load(..., Loader=yaml.CSafeLoader)`` over every file of the
  pack (libyaml parsing plus PyYAML's construction of plain Python values:
  what "just read the YAML" costs), and, for reference, libyaml's bare event
  stream (``yaml.parse`` with ``CSafeLoader``);
* ``load_pack`` (read with positions, validate, resolve, compile, verify quotes);
* ``analyse`` (the warnings behind ``summit-game check``, state exploration included);

in interleaved rounds, and print the medians and the ratios. Target: load + check at most 1.0x the
baseline, at 100, 1,000 and 5,000 scenes (``--scaling``).

The loader pauses the cyclic garbage collector while it builds the pack; the
baseline is timed with the collector paused in the same way (with it running,
``yaml.load`` spends a third of its time in collections, which flatters the
loader). No timing is asserted anywhere in the tests; these numbers go in
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summit_game.engine.analysis import analyse  # noqa: E402
from summit_game.pack import load_pack  # noqa: E402
from summit_game.pack.loader import paused_gc  # noqa: E402
from summit_game.pack._yaml import LIBYAML  # noqa: E402

METERS = ["ceasefire", "escalation", "integrity", "cohesion", "alignment", "harm"]
FLAGS = ["federal", "un_mission", "bilateral"]
ROLES = ["envoy", "minister", "observer"]
WORDS = (
    "the talks may stall unless each side sees a reason to keep an agreement and the costs of waiting "
    "grow every week while the front lines move little and the envoys trade proposals about borders "
    "sanctions guarantees money and the future of the region"
).split()


def _sentence(rng: random.Random, i: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
    return f"Point {i}: " + " ".join(words).capitalize() + "."


def make_pack(folder: Path, scenes: int = 1000, per_file: int = 50, seed: int = 1, lean: bool = False) -> Path:
    """Write a synthetic pack of ``scenes`` scenes (in files of ``per_file``) and return its folder.

    ``lean`` leaves out the prose and citations (the same random draws are made, so the game,
    its conditions, effects and gotos, is the same as without it): the analysis tests use it.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenes").mkdir(exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    sentences = [_sentence(rng, i) for i in range(400)]
    paragraphs = ["\n".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)]
    (folder / "sources" / "article.md").write_text("# A synthetic article\n\n" + "\n\n".join(paragraphs) + "\n")

    meters = "".join(
        f"  {m}:\n    label: {m.capitalize()} meter\n    description: \"Where {m} stands.\"\n"
        f"    start: {rng.randint(3, 6)}\n    good: {rng.choice(['high', 'low'])}\n"
        for m in METERS
    )
    flags = "".join(f"  {f}:\n    label: {f.replace('_', ' ').capitalize()}\n    start: false\n" for f in FLAGS)
    roles = "".join(
        f"  - id: {r}\n    title: The {r}\n    briefing: |\n      You are the **{r}**. {sentences[i]}\n"
        f"    start:\n      {METERS[i]}: {rng.randint(2, 7)}\n"
        for i, r in enumerate(ROLES)
    )
    (folder / "pack.yaml").write_text(
        "# A synthetic pack for benchmarks/bench_load.py\n"
        f"id: synthetic\ntitle: \"Synthetic pack ({scenes} scenes)\"\nversion: \"1.0\"\n"
        "summary: \"Generated for the load benchmark.\"\nstart: s0000\n"
        "sources:\n  - id: article\n    file: sources/article.md\n    title: \"A synthetic article\"\n"
        "    authors: [\"Bench Mark\"]\n    publisher: \"summit-game benchmarks\"\n    date: \"2026-01-01\"\n"
        "    url: \"https://example.org/synthetic\"\n    licence: \"CC0 1.0\"\n"
        f"variables:\n{meters}{flags}roles:\n{roles}"
        "routes:\n  - id: full\n    title: Full\n  - id: quick\n    title: Quick\n"
        f"    start: s{scenes // 2:04d}\n    set:\n      bilateral: true\n"
    )

    def cite(indent: str) -> str:
        q = rng.choice(sentences)
        words = q.split()
        a = rng.randint(0, max(0, len(words) - 6))
        quote = " ".join(words[a:a + rng.randint(5, 9)]).replace('"', "")
        if lean:
            return ""
        return f"{indent}cite:\n{indent}  - quote: \"{quote}\"\n{indent}    note: Why it matters here.\n"

    files = -(-scenes // per_file)
    for f in range(files):
        out = ["scenes:\n"]
        for i in range(f * per_file, min(scenes, (f + 1) * per_file)):
            nxt = [i + 1, i + 2, i + 3]
            text = f"    text: |\n      {rng.choice(sentences)}\n      {rng.choice(sentences)}\n"
            out.append(f"  - id: s{i:04d}\n    title: Round {i}\n")
            if not lean:
                out.append(f"    speaker: The chair\n    location: A hall\n{text}")
            out.append(cite("    "))
            out.append("    choices:\n")
            for k, n in enumerate(nxt):
                target = f"s{n:04d}" if n < scenes else "end"
                m1, m2 = rng.sample(METERS, 2)
                out.append(f"      - id: c{k}\n        label: Option {k} of round {i}\n")
                if k == 2:
                    out.append(f"        if: \"{m1} >= 3 and not {rng.choice(FLAGS)}\"\n")
                    out.append("        reason: Needs some support first.\n")
                if k == 1 and i % 7 == 0:
                    out.append(f"        roles: [{rng.choice(ROLES)}, {rng.choice(ROLES)}]\n")
                eff = [f"{m1} += {rng.randint(1, 2)}", f"{m2} -= 1"]
                if i % 5 == 0 and k == 0:
                    eff.append(f"{rng.choice(FLAGS)} = true")
                out.append(f"        effects: [{', '.join(repr(e).replace(chr(39), chr(34)) for e in eff)}]\n")
                text = f"        text: \"{rng.choice(sentences)}\"\n"
                if not lean:
                    out.append(text)
                out.append(cite("        "))
                out.append(f"        goto: {target}\n")
        if f == files - 1:
            out.append(
                "endings:\n"
                "  - id: accord\n    title: An accord\n    if: \"ceasefire >= 8 and cohesion >= 6\"\n"
                "    text: A deal holds.\n    debrief: [\"What made it hold?\"]\n"
                "  - id: breakdown\n    title: Breakdown\n    if: \"escalation >= 9\"\n    text: The talks collapse.\n"
                "  - id: drift\n    title: Drift\n    text: Nothing is settled.\n"
            )
        (folder / "scenes" / f"part{f:02d}.yaml").write_text("".join(out))
    return folder


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def _rounds(fns: dict, repeat: int, clock=time.perf_counter) -> dict[str, float]:
    """Median time of each function, run in interleaved rounds (a, b, c, a, b, c, ...).

    Interleaving keeps the ratios honest on a shared machine: a slow patch hits every
    measurement of that round, instead of whichever one happened to run then. On a machine
    whose cores other jobs keep busy, ``--clock cpu`` (this process's CPU time) leaves out the
    time spent waiting for a core, which is most of the wall clock there.
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t = clock()
            fn()
            times[name].append(clock() - t)
    return {name: statistics.median(ts) for name, ts in times.items()}


def _load_average() -> str:
    try:
        return ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on every system
        return "unknown"


def _seeds(text: str) -> list[int]:
    """'1-20' or '1,4,7' -> a list of seeds."""
    out: list[int] = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def measure(tmp: Path, scenes: int, seed: int, repeat: int, keep: bool = False, clock=time.perf_counter) -> dict:
    """Time the baseline, load and check of one generated pack (interleaved rounds, medians)."""
    folder = make_pack(tmp if keep else tmp / f"synthetic-{scenes}-{seed}", scenes, seed=seed)
    files = [folder / "pack.yaml", *sorted((folder / "scenes").glob("*.yaml"))]
    blobs = [f.read_bytes() for f in files]

    def libyaml_load():
        with paused_gc():  # as load_pack does: GC treated the same in both
            return [yaml.load(b, Loader=yaml.CSafeLoader) for b in blobs]

    def libyaml_events():
        with paused_gc():
            return sum(1 for b in blobs for _ in yaml.parse(b, Loader=yaml.CSafeLoader))

    pack = load_pack(folder)
    warnings = analyse(pack)
    t = _rounds({
        "base": libyaml_load,
        "events": libyaml_events,
        "load": lambda: load_pack(folder),
        "check": lambda: analyse(pack),
    }, repeat, clock)
    codes: dict[str, int] = {}
    for w in warnings:
        codes[w.code] = codes.get(w.code, 0) + 1
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return {**t, "files": len(files), "bytes": sum(len(b) for b in blobs), "codes": codes}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated pack (its random content)")
    ap.add_argument("--seeds", metavar="A-B", help="several seeds, e.g. 1-20 (one line each)")
    ap.add_argument("--scaling", action="store_true", help="100, 1,000 and 5,000 scenes")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", metavar="DIR", help="write the pack here and keep it")
    ap.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                    help="wall (default) or cpu: this process's CPU time, for a machine others keep busy")
    args = ap.parse_args(argv)
    clock = CLOCKS[args.clock]

    sizes = [100, 1000, 5000] if args.scaling else [args.scenes]
    seeds = _seeds(args.seeds) if args.seeds else [args.seed]
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="sg-bench-"))
    print(f"python {platform.python_version()}, PyYAML {yaml.__version__} (libyaml in the loader: {LIBYAML}), "
          f"{platform.machine()}, {os.cpu_count()} CPUs, median of {args.repeat} interleaved rounds ({args.clock} "
          f"clock), GC paused in baseline and loader alike; load average before: {_load_average()}")
    try:
        if len(sizes) == 1 and len(seeds) == 1:
            r = measure(tmp, sizes[0], seeds[0], args.repeat, keep=bool(args.keep), clock=clock)
            base, events, load, check = r["base"], r["events"], r["load"], r["check"]
            print(f"pack: {sizes[0]} scenes (seed {seeds[0]}), {r['files']} YAML files, {r['bytes'] / 1e6:.2f} MB")
            print(f"libyaml yaml.load (CSafeLoader)  {base * 1000:8.1f} ms   1.00x  (baseline)")
            print(f"libyaml events only              {events * 1000:8.1f} ms   {events / base:.2f}x")
            print(f"load_pack                        {load * 1000:8.1f} ms   {load / base:.2f}x")
            print(f"analyse (check warnings)         {check * 1000:8.1f} ms   {check / base:.2f}x")
            print(f"load + check                     {(load + check) * 1000:8.1f} ms   {(load + check) / base:.2f}x"
                  f"  (target <= 1.00x)")
            print("warnings:", ", ".join(f"{k} x{v}" for k, v in sorted(r["codes"].items())) or "none")
            return 0
        print(f"{'scenes':>6} {'seed':>4} {'MB':>5} {'yaml.load':>10} {'load':>9} {'check':>9} "
              f"{'load/base':>9} {'check/base':>10} {'total':>6}  warnings")
        for n in sizes:
            for seed in seeds:
                r = measure(tmp, n, seed, args.repeat, clock=clock)
                base = r["base"]
                codes = ", ".join(f"{k} x{v}" for k, v in sorted(r["codes"].items())) or "none"
                print(f"{n:>6} {seed:>4} {r['bytes'] / 1e6:>5.2f} {base * 1000:>8.1f}ms {r['load'] * 1000:>7.1f}ms "
                      f"{r['check'] * 1000:>7.1f}ms {r['load'] / base:>8.2f}x {r['check'] / base:>9.2f}x "
                      f"{(r['load'] + r['check']) / base:>5.2f}x  {codes}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"load average after: {_load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
