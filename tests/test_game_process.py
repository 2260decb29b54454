"""What a process playing the game loads: no OpenSSL, no web stack, no pydantic (see summit_game/_openssl.py).

The game runs as the console script does (``main()`` reading ``sys.argv``) in a child on a
pseudo-terminal, plays a decision (so an autosave is hashed and written) and quits; at exit
it writes the names of the modules it imported. The autosave is then read back in this
process, where hashlib is OpenSSL's: the same checksum and pack hash, so leaving OpenSSL
out changed no digest. Plain mode is checked the same way through a pipe. No timing is
asserted; the waits are only there so a broken game fails instead of hanging.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from summit_game.engine import saves
from summit_game.pack import load_pack
from summit_game.pack.bundled import resolve_pack

ROOT = Path(__file__).resolve().parent.parent

# never imported by a game: OpenSSL, the web server and the workshop, pydantic (a valid pack), the QR code
NOT_IN_A_GAME = ("ssl", "_ssl", "_hashlib", "aiohttp", "pydantic", "segno", "summit_game.workshop",
                 "summit_game.serve", "textual_serve", "email", "http.client", "watchfiles")

PROBE = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(k for k, v in sys.modules.items() if v is not None))))
from summit_game.cli import main
sys.exit(main())
"""


def child_env(saves_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_DRIVER")}
    env.update(TERM="xterm-256color", SUMMIT_GAME_SAVES=str(saves_dir))
    return env


class Pty:
    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # pragma: no cover - the child
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
            os.chdir(ROOT)
            os.execve(argv[0], argv, env)
        self.pid, self.fd, self.out = pid, fd, b""

    def wait_for(self, marker: bytes, since: int = 0, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.out[since:]:
            left = deadline - time.monotonic()
            assert left > 0, f"{marker!r} never shown; the screen's last output: {self.out[-600:]!r}"
            if select.select([self.fd], [], [], left)[0]:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                assert chunk, f"the game ended before {marker!r}: {self.out[-600:]!r}"
                self.out += chunk

    def send(self, data: bytes) -> int:
        mark = len(self.out)
        os.write(self.fd, data)
        return mark

    def exit_code(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if select.select([self.fd], [], [], 0.1)[0]:
                try:
                    self.out += os.read(self.fd, 65536)
                except OSError:
                    pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"the game did not quit: {self.out[-600:]!r}")


def imported(path: Path) -> set[str]:
    return set(json.loads(path.read_text()))


def strays(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_IN_A_GAME))


def autosave_reads_back(saves_dir: Path, decisions: int) -> None:
    """The game's autosave, read with OpenSSL's hashlib: checksum, pack hash and replay agree."""
    pack = load_pack(resolve_pack(None))
    info = saves.latest_autosave(saves_dir, pack.id)
    assert info is not None and not info.problem, info
    body = json.loads(saves.slot_path(saves_dir, info.slot).read_text())
    assert body["pack"]["hash"] == pack.content_hash  # the game's _sha256 and OpenSSL's agree
    loaded = saves.load_game(saves_dir, info.slot, pack)  # checks the save's own SHA-256 too
    assert loaded.problem is None and not loaded.from_backup
    assert len(loaded.state.history) == decisions


@pytest.mark.skipif(sys.platform != "linux", reason="a pseudo-terminal child, as on Linux")
def test_a_game_in_the_terminal_never_loads_openssl_or_the_web_stack(tmp_path):
    saves_dir, out = tmp_path / "saves", tmp_path / "modules.json"
    argv = [sys.executable, "-c", PROBE, str(out), "play", "anchorage", "--role", "us_envoy", "--route", "short",
            "--seed", "1"]
    game = Pty(argv, child_env(saves_dir))
    game.wait_for(b"Land or war")  # the first scene
    mark = game.send(b"1")
    game.wait_for(b"You chose", since=mark)
    game.wait_for(b"Decision 1: what followed", since=mark)
    game.send(b"\x11")  # Ctrl+Q: quitting waits for the autosave to be on disk
    assert game.exit_code() == 0, game.out[-600:]
    modules = imported(out)
    assert "textual.app" in modules and "summit_game.tui.screens.play" in modules  # it did play
    assert strays(modules) == []
    autosave_reads_back(saves_dir, 1)


def test_a_plain_game_never_loads_openssl_or_the_web_stack(tmp_path):
    saves_dir, out = tmp_path / "saves", tmp_path / "modules.json"
    argv = [sys.executable, "-c", PROBE, str(out), "play", "--plain", "anchorage", "--role", "us_envoy",
            "--route", "short", "--seed", "1"]
    done = subprocess.run(argv, input="1\n\n", capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=child_env(saves_dir))
    assert "You chose" in done.stdout, done.stdout[-2000:] + done.stderr
    modules = imported(out)
    assert "summit_game.plain" in modules
    assert strays(modules) == []
    autosave_reads_back(saves_dir, 1)


WINDOW = """
import sys
from summit_game._openssl import keep_openssl_out
kept = keep_openssl_out()
import asyncio.base_events, asyncio.sslproto, hashlib, hmac
assert asyncio.base_events.ssl is None and asyncio.sslproto.ssl is None
assert hashlib.sha256(b"x").hexdigest() == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
assert hmac.new(b"k", b"x", "sha256").hexdigest() == "{hmac}"
before = sorted(m for m in ("ssl", "_ssl", "_hashlib") if m in sys.modules)
import anyio._core._sockets  # imports ssl unguarded (as an older anyio did for play --watch): it gets it
import ssl
print(list(kept), before, ssl.OPENSSL_VERSION.split()[0])
"""


def test_openssl_is_kept_out_of_a_window_not_banned():
    """asyncio, hashlib and hmac are imported without it (same digests); what imports ssl afterwards gets it."""
    import hashlib
    import hmac

    code = WINDOW.replace("{hmac}", hmac.new(b"k", b"x", "sha256").hexdigest())
    assert hashlib.sha256(b"x").hexdigest() in code
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["['ssl',", "'_ssl',", "'_hashlib']", "[]", "OpenSSL"], done.stdout


def test_a_test_process_keeps_its_openssl():
    """``main(argv)`` from a test, or a process that already has ssl: nothing is marked absent."""
    from summit_game._openssl import keep_openssl_out

    import ssl  # noqa: F401 - this process has it, as pytest's asyncio plugin does

    assert keep_openssl_out() == ()
    assert sys.modules["ssl"] is not None
