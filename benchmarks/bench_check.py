"""``summit-game check PACK`` as a whole process, against reading the same YAML in a fresh process.

    .venv/bin/python benchmarks/bench_check.py [--runs 21] [PACK ...]      (default: the bundled packs)

The baseline is a fresh ``python`` that imports PyYAML and ``yaml.load``s (libyaml) the
pack's YAML files: what any tool that reads the pack pays. The two run interleaved
(baseline, check, baseline, check, ...), and each is timed as wall-clock time and as CPU
time (user + system, from ``wait4``: less sensitive to other jobs on a shared machine);
medians and their ratios are printed. Bytecode is compiled first, so neither side pays for
compiling sources. Target: check at most 2.5x the baseline. Nothing here is asserted by tests.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

READ = """
import sys, pathlib, yaml
root = pathlib.Path(sys.argv[1])
for f in [root / "pack.yaml", *sorted((root / "scenes").glob("*.yaml"))]:
    yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
"""


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one process."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{argv} failed with {status}")
    return wall, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("packs", nargs="*", help="pack folders (default: scenes/*)")
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args(argv)
    packs = [Path(p) for p in args.packs] or sorted(p.parent for p in (ROOT / "scenes").glob("*/pack.yaml"))
    compileall.compile_dir(str(ROOT / "summit_game"), quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    check = [str(Path(PYTHON).parent / "summit-game"), "check"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
          f"median of {args.runs} interleaved runs")
    print(f"{'pack':24s} {'read YAML':>18s} {'check':>18s} {'ratio wall':>10s} {'ratio CPU':>10s}")
    for pack in packs:
        cases = {"read": [PYTHON, "-c", READ, str(pack)], "check": check + [str(pack)]}
        for a in cases.values():
            run(a, env)  # warm the page cache
        wall: dict[str, list[float]] = {k: [] for k in cases}
        cpu: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(args.runs):
            for name, a in cases.items():
                w, c = run(a, env)
                wall[name].append(w)
                cpu[name].append(c)
        med = {k: (statistics.median(wall[k]), statistics.median(cpu[k])) for k in cases}
        (rw, rc), (cw, cc) = med["read"], med["check"]
        print(f"{pack.name:24s} {rw * 1000:7.1f} ms {rc * 1000:5.0f} CPU {cw * 1000:7.1f} ms {cc * 1000:5.0f} CPU "
              f"{cw / rw:9.2f}x {cc / rc:9.2f}x")
    print("target: check at most 2.5x reading the YAML")
    return 0


if __name__ == "__main__":
    sys.exit(main())
