"""The game in a real terminal (tmux), fed seeded random input (no tests here).

``Terminal`` runs one command in a detached tmux session on its own socket
(under the test's temporary folder, so it never meets anyone else's tmux),
records its standard error and exit code, and sends keys, SGR mouse clicks,
bracketed pastes, raw CSI sequences and resizes. ``random_input`` is the
fuzzer: the same seed gives the same input.

Run by hand to look for crashes over many seeds:
``python tests/terminal.py 1 50`` (seeds 1 to 50; prints what it finds; ``_main`` says the rest).
"""

from __future__ import annotations

import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Keys a player presses (tmux key names). No Ctrl+C, no Ctrl+Q, no 'q': a run quits when it means to.
KEYS = (
    ["Enter"] * 6 + ["Escape"] * 3 + ["Up", "Down"] * 3 + ["Left", "Right", "PageUp", "PageDown", "Home", "End",
    "Tab", "BTab", "Space", "BSpace", "C-p", "C-s", "C-o", "F1", "F2", "?", "n", "p", "s", "j", "c", "l", "e",
    "r", "y", "x", "-", "_"] + [str(n) for n in range(10)] * 2
)
# The projector's own keys beside those: the countdown, hands, the QR code, a typed count.
PROJECTOR_KEYS = KEYS + ["Space", "e", "s", "+", "-", "n", "q", "a", "Enter", "Escape"] * 2
PASTES = ["hello", "1\n2\n3\n", "[/]", "[@click=app.quit]x[/]", "slot-1", "\x1b[A", "ü€😀", "a" * 300, ""]
CSI_FINALS = "ABCDEFGHJKPSTZfhlmnsu~"


def tmux_available() -> str | None:
    """Why the terminal tests cannot run here, or None."""
    if shutil.which("tmux") is None:
        return "tmux is not installed (CI installs it in .ci/run; locally: apt-get install tmux)"
    return None


@dataclass
class Terminal:
    folder: Path
    command: list[str]
    width: int = 100
    height: int = 32
    env: dict[str, str] = field(default_factory=dict)
    socket: Path = field(init=False)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # tmux sockets live in a short path (the limit is about 100 bytes)
        self.socket = Path("/tmp") / f"sg-tmux-{os.getpid()}-{id(self) & 0xFFFFFF:x}"
        self.history_before = ""  # the pane's history from earlier runs (after a quit)
        self.exit_file = self.folder / "exit.txt"
        self.runs = 0

    # ------------------------------------------------------------ tmux

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-S", str(self.socket), *args], capture_output=True, text=True,
                              timeout=20, check=check)

    def start(self) -> None:
        """Start (or restart, after the game quit) the command in a fresh window."""
        self.exit_file.unlink(missing_ok=True)
        self.runs += 1
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        cmd = " ".join(shlex.quote(c) for c in self.command)
        # Textual draws on standard error: it stays the terminal; what the game prints after
        # leaving the screen (a traceback, the crash message) is read from the pane's history.
        # COLUMNS and LINES are unset: importing GNU readline (pytest's capture does, at start-up) exports
        # its 80 x 24 guess for a process with no terminal into the C environment, which os.environ does
        # not show but every child inherits; shutil.get_terminal_size reads them first, so the game drew
        # at 80 x 24 in a 100 x 32 window, and every test here ran at a size it did not ask for.
        script = (f"cd {shlex.quote(str(ROOT))} && env -u COLUMNS -u LINES {env} TERM=xterm-256color "
                  f"PYTHONFAULTHANDLER=1 {cmd};"
                  f" echo $? > {shlex.quote(str(self.exit_file))}")
        if self.runs == 1:
            conf = self.folder / "tmux.conf"
            conf.write_text("set -g history-limit 20000\nsetw -g remain-on-exit on\nset -g status off\n")
            self.tmux("-f", str(conf), "new-session", "-d", "-s", "t", "-x", str(self.width), "-y", str(self.height),
                      "sh", "-c", script)
        else:
            self.history_before += self.history()
            # at its first size again: random input may have left the window too small for the
            # game, which then shows only its "make the window larger" notice (seed 24's rare
            # failure: the game quit through a Quit entry after such a resize, and the restarted
            # one never showed its title)
            self.resize(self.width, self.height)
            self.tmux("respawn-pane", "-k", "-t", "t", "sh", "-c", script)

    def close(self) -> None:
        self.tmux("kill-server", check=False)
        self.socket.unlink(missing_ok=True)

    def __enter__(self) -> "Terminal":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ what it shows

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t", check=False).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return True
            if self.exited() is not None:
                return text in self.screen()
            time.sleep(0.05)
        return False

    def exited(self) -> int | None:
        """The exit code once the command has ended, else None."""
        try:
            value = self.exit_file.read_text().strip()
        except FileNotFoundError:
            return None
        return int(value) if value else None

    def wait_exit(self, timeout: float = 20.0) -> int | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.exited()
            if code is not None:
                return code
            time.sleep(0.05)
        return None

    def dump_stacks(self) -> str:
        """For a game that does not quit: every thread's Python stack (faulthandler, on SIGABRT), as the pane shows it."""
        pane = self.tmux("display-message", "-p", "-t", "t", "#{pane_pid}", check=False).stdout.strip()
        children = subprocess.run(["pgrep", "-P", pane], capture_output=True, text=True).stdout.split() if pane else []
        for pid in children:
            try:
                os.kill(int(pid), signal.SIGABRT)
            except (ProcessLookupError, ValueError):
                pass
        self.wait_exit(5)
        return self.history()[-6000:]

    def history(self) -> str:
        """Everything the pane shows and has scrolled away (wrapped lines joined)."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", "t", check=False).stdout

    def errors(self) -> str:
        """What the game printed on the terminal after leaving its screen, over every run."""
        return self.history_before + self.history()

    # ------------------------------------------------------------ input

    def keys(self, *names: str) -> None:
        self.tmux("send-keys", "-t", "t", *names, check=False)

    def raw(self, data: bytes) -> None:
        """Bytes straight to the game's input, as a terminal would send them."""
        if data:
            self.tmux("send-keys", "-t", "t", "-H", *[f"{b:02x}" for b in data], check=False)

    def click(self, x: int, y: int, button: int = 0) -> None:
        """An SGR mouse click (press and release) at 1-based cell x, y."""
        self.raw(f"\x1b[<{button};{x};{y}M\x1b[<{button};{x};{y}m".encode())

    def paste(self, text: str) -> None:
        self.raw(b"\x1b[200~" + text.encode() + b"\x1b[201~")

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", "t", "-x", str(width), "-y", str(height), check=False)


def random_input(term: Terminal, seed: int | random.Random, count: int, log: list[str] | None = None,
                 keys: list[str] = KEYS) -> int:
    """Up to ``count`` seeded random inputs (bursts of keys, clicks, pastes, raw CSI, resizes).

    Stops early when the game has exited; returns how many were sent.
    """
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    width, height = term.width, term.height
    for sent in range(count):
        if term.exited() is not None:
            return sent
        r = rng.random()
        if r < 0.45:
            burst = [rng.choice(keys) for _ in range(rng.randint(1, 6))]
            what = ("keys", *burst)
            term.keys(*burst)
        elif r < 0.70:
            clicks = [(rng.randint(1, width), rng.randint(1, height)) for _ in range(rng.randint(1, 3))]
            what = ("clicks", *clicks)
            data = b"".join(f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m".encode() for x, y in clicks)
            term.raw(data)
        elif r < 0.78:
            text = rng.choice(PASTES)
            what = ("paste", text)
            term.paste(text)
        elif r < 0.88:
            params = ";".join(str(rng.choice([0, 1, 2, 5, 9, 99, 65535, rng.randint(0, 10**6)]))
                              for _ in range(rng.randint(0, 3)))
            final = rng.choice(CSI_FINALS)
            what = ("csi", params, final)
            term.raw(f"\x1b[{params}{final}".encode())
        else:
            width, height = rng.choice([(100, 32), (80, 24), (60, 20), (40, 12), (140, 45), (59, 15)])
            what = ("resize", width, height)
            term.resize(width, height)
        if log is not None:
            log.append(repr(what))
        time.sleep(rng.choice([0, 0, 0.01, 0.05]))
    return count


def traceback_lines(printed: str, limit: int = 4000) -> str:
    """The lines of a Rich traceback that say where and what (its frames' files, the marked lines,
    the error), without the boxes and locals that fill a short excerpt of it."""
    keep = [ln for ln in printed.splitlines() if "Error" in ln or "❱" in ln or ".py" in ln]
    return "\n".join(keep)[-limit:]


def crashed(printed: str, code: int | None) -> bool:
    """A traceback, an error or an exit code other than 0 (a clean quit)."""
    return code != 0 or "Traceback" in printed or "Error" in printed or "internal error" in printed


def game_command(pack: str = "tutorial") -> list[str]:
    return [sys.executable, "-m", "summit_game.cli", "play", pack]


def workshop_command(pack: str = "tutorial") -> list[str]:
    """The projector with its voting page on any free port and a 2-second vote (the timer fires)."""
    return [sys.executable, "-m", "summit_game.cli", "workshop", pack, "--port", "0", "--seconds", "2", "--seed", "1"]


def _main() -> None:  # pragma: no cover - a tool for people
    """``python tests/terminal.py FIRST LAST [COUNT] [workshop] [WxH]``: seeds FIRST to LAST, COUNT inputs
    each (300), in a WxH window (100x32); a clean quit (a Quit entry) starts it again, as the tests do."""
    import re

    args = sys.argv[1:]
    size = next((a for a in args if re.fullmatch(r"\d+x\d+", a)), "100x32")
    args = [a for a in args if a != size]
    first, last = (int(a) for a in args[0:2])
    count = int(args[2]) if len(args) > 2 else 300
    workshop = len(args) > 3 and args[3] == "workshop"  # the projector instead of the game
    width, height = (int(n) for n in size.split("x"))
    shown = "Whom does the room play" if workshop else "summit-game"  # up and drawn
    for seed in range(first, last + 1):
        folder = Path("/tmp") / f"sg-fuzz-{os.getpid()}" / str(seed)
        command = workshop_command() if workshop else game_command()
        if os.environ.get("DEBUG_RUN"):  # a script that logs full tracebacks to $CRASH_LOG
            command = [sys.executable, os.environ["DEBUG_RUN"], "play", "tutorial"]
        term = Terminal(folder, command, width=width, height=height,
                        env={"SUMMIT_GAME_SAVES": str(folder / "saves"), "CRASH_LOG": str(folder / "crash.log")})
        rng, log = random.Random(seed), []
        started = time.monotonic()
        with term:
            term.wait_for(shown)
            left = count
            while left > 0:
                left -= random_input(term, rng, left, log, PROJECTOR_KEYS if workshop else KEYS)
                code = term.exited()
                if code is None or crashed(term.errors(), code):
                    break
                term.start()  # a clean quit: again, for the inputs left
                term.wait_for(shown)
            code = term.exited()
            if code is None:
                term.keys("C-q")
                code = term.wait_exit()
            errors = term.errors()
        bad = crashed(errors, code)
        print(f"seed {seed} at {size}: exit {code} after {time.monotonic() - started:.1f} s{' CRASH' if bad else ''}")
        if bad:
            print(traceback_lines(errors))
            print("last inputs:", *log[-8:], sep="\n  ")
            if (folder / "crash.log").exists():
                print((folder / "crash.log").read_text()[-3000:])


if __name__ == "__main__":
    _main()
