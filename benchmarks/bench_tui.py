"""How fast the game feels in a real terminal (a pseudo-terminal, like tmux gives it).

    .venv/bin/python benchmarks/bench_tui.py [--runs 7] [--decisions 10] [--games 3] [--rounds 3] [--only memory]

Measures, in this one run, so the numbers are comparable on this machine:

1. first frame: process start -> the title screen drawn, for ``summit-game``
   (no arguments: the title) and for a bare Textual app (Header, Static,
   Footer) as the baseline, interleaved; the ratio is what counts (target: at
   most 1.10x). Also ``run_app(None)`` called directly: the same title, without
   the command line's own start-up.
2. a choice to the next rendered scene: key -> "You chose" and the consequence's
   top bar ("Decision N: what followed") drawn, then Enter -> the next scene's
   title and its top bar ("Decision N+1") drawn (the title alone is no mark: the
   consequence names the next scene on its last line), against a bare
   Textual app switching between two screens of similar size (a screen of text
   with a footer pushed, then popped back to an updated one). The game and the
   bare app run side by side and take turns, decision by decision, so a busy
   moment on the machine hits both. ``--games`` games are played from the start
   (default 3), so the first choice, one per game, is a median too. Target: at
   most 1.25x, and the game's first choice no slower than the later ones.
3. memory: resident and proportional set size once the pack is loaded and the
   first scene drawn, against the bare app at the same point (in the choices
   run, one sample); and in its own rows (``--only memory``, ``--rounds``), the
   two ways a player reaches the first scene: ``play PACK --role --route``
   straight in, and ``summit-game`` through the title (Enter on the highlighted
   pack, then the role's and the route's number keys, as a player would), each
   against the bare two-screen app, started in turn round by round; medians.
   Target: at most 1.2x the bare app's RSS.

Bytecode is compiled first and PYTHONDONTWRITEBYTECODE is not passed on, so an
editable install does not measure compiling the sources. Prints numbers and
ratios; asserts nothing (no timing asserts in tests).
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
COLS, ROWS = 100, 32

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare-app-ready")
        yield Footer()

Bare().run()
"""

FLOOR_APP = """
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

TEXT = "\\n".join(f"line {i} " + "lorem ipsum dolor sit amet " * 3 for i in range(26))

class Other(Screen):
    BINDINGS = [Binding("enter", "back", "Back")]
    def compose(self):
        yield Static(id="o")
        yield Footer()
    def on_screen_resume(self):
        self.query_one("#o").update(f"OTHER-{self.app.n}-SHOWN\\n" + TEXT)
    def action_back(self):
        self.app.n += 1
        self.app.main_static.update(f"MAIN-{self.app.n}-SHOWN\\n" + TEXT)
        self.app.pop_screen()

class Floor(App):
    BINDINGS = [Binding("1", "other", "Other")]
    n = 0
    def compose(self):
        yield Static("MAIN-0-SHOWN\\n" + TEXT, id="s")
        yield Footer()
    def on_mount(self):
        self.main_static = self.query_one("#s")
        self.install_screen(Other(), "other")
    def action_other(self):
        self.n += 1
        self.push_screen("other")

Floor().run()
"""

RUN_APP = """
import sys
from summit_game.tui.app import run_app
sys.exit(run_app(None))
"""


class Term:
    """A child process on a pseudo-terminal of COLS x ROWS."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # child
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.execve(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        self.buffer = b""

    def wait_for(self, marker: bytes, timeout: float = 20.0, since: int = 0) -> float:
        """Seconds until ``marker`` appears in the output written after offset ``since``."""
        deadline = time.perf_counter() + timeout
        while marker not in self.buffer[since:]:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{marker!r} not seen; last output: {self.buffer[-400:]!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    raise TimeoutError(f"process ended before {marker!r}") from None
                if not chunk:
                    raise TimeoutError(f"process ended before {marker!r}")
                self.buffer += chunk
        return time.perf_counter()

    def wait_for_all(self, markers: list[bytes], since: int = 0) -> float:
        """Seconds until every marker has appeared after offset ``since`` (the last one's time)."""
        return max(self.wait_for(marker, since=since) for marker in markers)

    def send(self, data: bytes) -> int:
        mark = len(self.buffer)
        os.write(self.fd, data)
        return mark

    def drain(self, seconds: float = 0.05) -> None:
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.buffer += chunk

    def quit(self) -> int:
        """Ctrl+Q; returns the peak RSS of the child in MiB."""
        try:
            os.write(self.fd, b"\x11")
        except OSError:
            pass
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            self.drain(0.05)
            pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return usage.ru_maxrss // 1024
        os.kill(self.pid, 9)
        _, _, usage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return usage.ru_maxrss // 1024


def environment(saves: Path) -> dict[str, str]:
    skip = ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS), SUMMIT_GAME_SAVES=str(saves))
    return env


def first_frame(argv: list[str], marker: bytes, env: dict[str, str]) -> tuple[float, int]:
    term = Term(argv, env)
    seen = term.wait_for(marker)
    elapsed = seen - term.start
    term.drain(0.1)
    return elapsed, term.quit()


def bench_first_frame(runs: int, saves: Path) -> dict[str, list[float]]:
    env = environment(saves)
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP)
        direct = Path(tmp) / "direct.py"
        direct.write_text(RUN_APP)
        cases = {
            "bare Textual app": ([PYTHON, str(bare)], b"bare-app-ready"),
            "summit-game (CLI)": ([str(Path(PYTHON).parent / "summit-game")], b"S U M M I T"),
            "run_app directly": ([PYTHON, str(direct)], b"S U M M I T"),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        memory: dict[str, int] = {}
        for case in cases.values():  # warm the file cache once
            first_frame(case[0], case[1], env)
        for _ in range(runs):
            for name, (argv, marker) in cases.items():  # interleaved, so drift hits all alike
                t, rss = first_frame(argv, marker, env)
                times[name].append(t)
                memory[name] = max(memory.get(name, 0), rss)
    base = statistics.median(times["bare Textual app"])
    print(f"first frame, median of {runs} ({COLS}x{ROWS} pty):")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"  {name:20s} {med * 1000:7.1f} ms   {med / base:4.2f}x   (min {min(ts) * 1000:.1f}, "
              f"max {max(ts) * 1000:.1f}; peak RSS at the title {memory[name]} MiB)")
    print("  target: summit-game at most 1.10x the bare app")
    return times


def memory(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process in MiB, from /proc."""
    rss = pss = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


def bench_choices(decisions: int, saves: Path, games: int = 3) -> None:
    """The game played by number keys and a bare app doing the same two steps, taking turns;
    ``games`` games from the start, so the first choice has as many samples."""
    sys.path.insert(0, str(ROOT))
    from summit_game import engine as E
    from summit_game.pack import load_pack
    from summit_game.pack.bundled import resolve_pack

    folder = resolve_pack(None)
    pack = load_pack(folder)
    role = next(iter(pack.roles))
    route = next(iter(pack.routes), None)
    seed = 1
    argv = [str(Path(PYTHON).parent / "summit-game"), "play", str(folder), "--role", role, "--seed", str(seed)]
    if route:
        argv += ["--route", route]
    choice_ms, scene_ms, push_ms, pop_ms, first_ms, later_ms = [], [], [], [], [], []
    mem_game = mem_floor = (0.0, 0.0)
    for game_number in range(games):
        state = E.start(pack, role, seed, route)
        with tempfile.TemporaryDirectory() as tmp:
            floor_py = Path(tmp) / "floor.py"
            floor_py.write_text(FLOOR_APP)
            game = Term(argv, environment(saves))
            floor = Term([PYTHON, str(floor_py)], environment(saves))
            game.wait_for(pack.scenes[state.scene].title.encode())
            floor.wait_for(b"MAIN-0-SHOWN")
            game.drain(0.5)
            floor.drain(0.5)
            if game_number == 0:
                mem_game, mem_floor = memory(game.pid), memory(floor.pid)
            for i in range(decisions):
                if state.finished:
                    break
                option = next(o for o in E.options(pack, state) if o.available)
                state, outcome = E.choose(pack, state, option.id)
                # the game: a choice key, then Enter to the next scene
                t0 = time.perf_counter()
                mark = game.send(str(option.number).encode())
                t1 = game.wait_for_all([b"You chose", f"Decision {i + 1}: what followed".encode()], since=mark)
                game.drain(0.15)
                # the bare app: push a screen of text
                t2 = time.perf_counter()
                mark = floor.send(b"1")
                t3 = floor.wait_for(f"OTHER-{2 * i + 1}-SHOWN".encode(), since=mark)
                floor.drain(0.15)
                choice_ms.append((t1 - t0) * 1000)
                push_ms.append((t3 - t2) * 1000)
                (first_ms if i == 0 else later_ms).append((t1 - t0) * 1000)
                if state.finished:
                    break
                title = pack.scenes[state.scene].title.encode()
                t4 = time.perf_counter()
                mark = game.send(b"\r")
                # the title alone is no mark: the consequence's last line names the next scene too
                t5 = game.wait_for_all([title, f"Decision {i + 2}".encode()], since=mark)
                game.drain(0.15)
                t6 = time.perf_counter()
                mark = floor.send(b"\r")
                t7 = floor.wait_for(f"MAIN-{2 * i + 2}-SHOWN".encode(), since=mark)
                floor.drain(0.15)
                scene_ms.append((t5 - t4) * 1000)
                pop_ms.append((t7 - t6) * 1000)
            game.drain(0.2)
            game.quit()
            floor.quit()
    med = statistics.median
    print(f"\na choice to the next rendered scene ({pack.id}, role {role}, {games} games of {decisions} decisions, "
          f"{len(choice_ms)} choices, pty),")
    print("against a bare Textual app switching two screens of text, taking turns:")
    print(f"  key -> consequence drawn   game {med(choice_ms):6.1f} ms   bare {med(push_ms):6.1f} ms   "
          f"{med(choice_ms) / med(push_ms):4.2f}x")
    print(f"  Enter -> next scene drawn  game {med(scene_ms):6.1f} ms   bare {med(pop_ms):6.1f} ms   "
          f"{med(scene_ms) / med(pop_ms):4.2f}x")
    rest = later_ms or first_ms
    print(f"  the game's first choice    {med(first_ms):6.1f} ms, median of {len(first_ms)} games "
          f"({med(first_ms) / med(rest):4.2f}x the median of the later choices, {med(rest):.1f} ms)")
    print("  target: at most 1.25x, and the first choice no slower than the rest")
    print(f"\nmemory once the pack is loaded and the first scene drawn: game RSS {mem_game[0]:.1f} MiB, "
          f"PSS {mem_game[1]:.1f} MiB; bare app RSS {mem_floor[0]:.1f} MiB, PSS {mem_floor[1]:.1f} MiB "
          f"({mem_game[0] / max(mem_floor[0], 1):4.2f}x RSS; target at most 1.2x)")


def settled_memory(term: Term, marker: bytes, settle: float = 0.5) -> tuple[float, float]:
    """(RSS, PSS) once ``marker`` is drawn and ``settle`` seconds after (what it does next, as a player reads)."""
    term.wait_for(marker)
    term.drain(settle)
    return memory(term.pid)


def through_title(term: Term, steps: list[tuple[bytes, bytes]], marker: bytes) -> tuple[float, float]:
    """The title, then each (key, what it shows) in turn, as a player would; memory at ``marker``."""
    term.wait_for(b"S U M M I T")
    term.drain(1.0)  # a player reads the title (the pack loads meanwhile)
    for key, shown in steps:
        mark = term.send(key)
        term.wait_for(shown, since=mark)
        term.drain(0.3)
    return settled_memory(term, marker)


def bench_memory(rounds: int) -> dict[str, list[float]]:
    """Memory at the first scene on both paths a player takes to it, against the bare app; in turn, round by round."""
    sys.path.insert(0, str(ROOT))
    from summit_game import engine as E
    from summit_game.pack import load_pack
    from summit_game.pack.bundled import resolve_pack

    folder = resolve_pack(None)
    pack = load_pack(folder)
    role_number, role = 1, next(iter(pack.roles))
    route_number, route = 1, next(iter(pack.routes), None)
    scene = pack.scenes[E.start(pack, role, 1, route).scene].title.encode()
    game = str(Path(PYTHON).parent / "summit-game")
    direct = [game, "play", str(folder), "--role", role, "--seed", "1"] + (["--route", route] if route else [])
    # Enter plays the highlighted (default) pack: its roles; a role's number, then its routes where
    # there are more than one, a route's number: the first scene
    steps = [(b"\r", b"Choose your role")]
    if len(pack.routes) > 1:
        steps += [(str(role_number).encode(), b"How long do you want to play?"), (str(route_number).encode(), scene)]
    else:
        steps += [(str(role_number).encode(), scene)]
    rows: dict[str, list[tuple[float, float]]] = {"bare two-screen app": [], "play --role --route": [],
                                                  "summit-game, through the title": []}
    with tempfile.TemporaryDirectory() as tmp:
        floor_py = Path(tmp) / "floor.py"
        floor_py.write_text(FLOOR_APP)
        saves = Path(tmp) / "saves"  # none yet: the choices run's autosaves would add a Continue to look up
        for _ in range(rounds):  # in turn, so the same moment of the machine hits all three alike
            for name in rows:
                env = environment(saves)
                if name == "bare two-screen app":
                    term = Term([PYTHON, str(floor_py)], env)
                    rows[name].append(settled_memory(term, b"MAIN-0-SHOWN"))
                elif name == "play --role --route":
                    term = Term(direct, env)
                    rows[name].append(settled_memory(term, scene))
                else:
                    term = Term([game], env)
                    rows[name].append(through_title(term, steps, scene))
                term.quit()
    med = statistics.median
    base = med(r for r, _ in rows["bare two-screen app"])
    print(f"\nmemory at the first scene ({pack.id}, role {role}, route {route}), {rounds} rounds in turn, medians:")
    for name, samples in rows.items():
        rss = [r for r, _ in samples]
        pss = [p for _, p in samples]
        print(f"  {name:31s} RSS {med(rss):5.1f} MiB (min {min(rss):.1f}, max {max(rss):.1f})   "
              f"PSS {med(pss):5.1f} MiB   {med(rss) / base:4.2f}x")
    print("  target: at most 1.2x the bare app's RSS")
    return {name: [r for r, _ in samples] for name, samples in rows.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--decisions", type=int, default=10)
    parser.add_argument("--games", type=int, default=3, help="games of the choice rows (default 3): each "
                        "gives one sample of the first choice")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the memory rows (default 3)")
    parser.add_argument("--only", choices=["first-frame", "choices", "memory"], help="run one part only")
    args = parser.parse_args()
    saves = Path(tempfile.mkdtemp(prefix="bench-tui-saves-"))
    compileall.compile_dir(str(ROOT / "summit_game"), quiet=1)  # measure running it, not compiling it
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    try:
        if args.only in (None, "first-frame"):
            bench_first_frame(args.runs, saves)
        if args.only in (None, "choices"):
            bench_choices(args.decisions, saves, args.games)
        if args.only in (None, "memory"):
            bench_memory(args.rounds)
    finally:
        shutil.rmtree(saves, ignore_errors=True)


if __name__ == "__main__":
    main()
