"""The first frame as counts no machine's noise blurs: CPU time and instructions from process start to the title's write.

    .venv/bin/python benchmarks/bench_first_frame.py [--runs 11] [--tree DIR ...]          # CPU time, interleaved
    .venv/bin/python benchmarks/bench_first_frame.py --instructions [--tree DIR ...]       # valgrind's count, once each

``bench_tui.py`` times the first frame on the wall clock, which on a shared 2-core machine moves
by more than the gap it is about (the bare app's own first frame has measured 197-552 ms in one
run). Here each process stops itself the moment the frame holding its marker is handed to
Textual's writer thread (``S U M M I T`` for the game, ``bare-app-ready`` for the bare app of
``bench_tui.py``), and says either its CPU time so far (``time.process_time``: every thread's) or,
under valgrind's cachegrind, how many instructions it ran. A small hook does it, imported before
anything else (it imports no Textual itself: a finder patches the writer thread as Textual
imports it), so both apps start exactly as they would. The game runs as ``summit-game`` does
(``cli.main`` with no arguments) from this tree and from every ``--tree`` given (``git archive``
copies of other commits, bytecode compiled), in a 100x32 pseudo-terminal.

Prints medians (CPU) or counts (instructions) and ratios to the bare app; asserts nothing.
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import pty
import re
import select
import shutil
import statistics
import struct
import sys
import tempfile
import termios
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_tui import BARE_APP, COLS, ROWS  # noqa: E402

HOOK = r'''
import os, sys, time
_marker, _out = os.environ["FF_MARKER"], os.environ["FF_OUT"]

def _patch(module):
    write = module.WriterThread.write
    def first_frame_ends_it(self, text):
        if _marker in text:
            with open(_out, "a") as f:
                f.write(f"{time.process_time():.6f}\n")
            os._exit(0)
        write(self, text)
    module.WriterThread.write = first_frame_ends_it

import importlib.abc, importlib.machinery
class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "textual.drivers._writer_thread":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            _patch(module)
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, _Finder())
'''

GAME = ("import sys; sys.path.insert(0, {tree!r}); exec(open({hook!r}).read()); sys.argv = ['summit-game']; "
        "from summit_game.cli import main; sys.exit(main())")
BARE = "exec(open({hook!r}).read()); exec(open({bare!r}).read())"


def run(argv: list[str], env: dict[str, str], timeout: float = 120.0) -> None:
    """Run ``argv`` in a pseudo-terminal of COLS x ROWS until it exits (the hook ends it at its first frame)."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.execvpe(argv[0], argv, env)
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                os.kill(pid, 9)
                raise SystemExit(f"bench_first_frame: no first frame within {timeout} s: {argv[-1][:120]}")
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:  # the child has gone
                break
    finally:
        os.waitpid(pid, 0)
        os.close(fd)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=11, help="interleaved runs of each (CPU time)")
    ap.add_argument("--tree", action="append", default=[], help="another checkout to count too (a git archive)")
    ap.add_argument("--instructions", action="store_true", help="count instructions under valgrind (once each)")
    args = ap.parse_args(argv)
    if args.instructions and shutil.which("valgrind") is None:
        print("bench_first_frame: --instructions needs valgrind (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    trees = [str(ROOT), *(str(Path(t).resolve()) for t in args.tree)]
    for tree in trees:
        compileall.compile_dir(str(Path(tree) / "summit_game"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        hook, bare = Path(tmp) / "hook.py", Path(tmp) / "bare.py"
        hook.write_text(HOOK)
        bare.write_text(BARE_APP)
        skip = ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL", "PYTHONDONTWRITEBYTECODE")
        env = {k: v for k, v in os.environ.items() if k not in skip}
        env.update(TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS), PYTHONHASHSEED="0",
                   SUMMIT_GAME_SAVES=str(Path(tmp) / "saves"))
        cases = {"bare Textual app": ([sys.executable, "-c", BARE.format(hook=str(hook), bare=str(bare))], "bare-app-ready")}
        for tree in trees:
            cases[f"summit-game {tree}"] = ([sys.executable, "-c", GAME.format(tree=tree, hook=str(hook))], "S U M M I T")
        if args.instructions:
            counts = {}
            for name, (cmd, marker) in cases.items():
                log = Path(tmp) / "valgrind.log"
                run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                     f"--log-file={log}", *cmd], {**env, "FF_MARKER": marker, "FF_OUT": str(Path(tmp) / "cpu")})
                found = re.search(r"I\s+refs:\s+([\d,]+)", log.read_text())
                if not found:
                    raise SystemExit(f"bench_first_frame: no count in valgrind's log:\n{log.read_text()[-800:]}")
                counts[name] = int(found.group(1).replace(",", ""))
            base = counts["bare Textual app"]
            print(f"instructions from process start to the first frame ({COLS}x{ROWS} pty, valgrind cachegrind):")
            for name, n in counts.items():
                print(f"  {name:40s} {n / 1e6:9.1f}M   {n / base:5.3f}x")
            return 0
        for name, (cmd, marker) in [*cases.items()]:  # warm the file cache once
            run(cmd, {**env, "FF_MARKER": marker, "FF_OUT": str(Path(tmp) / "warm")})
        for _ in range(args.runs):
            for k, (name, (cmd, marker)) in enumerate(cases.items()):  # interleaved, so drift hits all alike
                run(cmd, {**env, "FF_MARKER": marker, "FF_OUT": str(Path(tmp) / f"cpu{k}")})
        times = {name: [float(x) for x in (Path(tmp) / f"cpu{k}").read_text().split()] for k, name in enumerate(cases)}
    base = statistics.median(times["bare Textual app"])
    print(f"CPU time from process start to the first frame, median of {args.runs} ({COLS}x{ROWS} pty):")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"  {name:40s} {med * 1000:7.1f} ms   {med / base:5.3f}x   (min {min(ts) * 1000:.1f}, max {max(ts) * 1000:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
