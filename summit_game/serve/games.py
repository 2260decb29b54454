"""A game process per browser tab, and the two ways to start one.

A game speaks textual-serve's packet protocol on its standard streams: the server
writes ``D`` (keys, as bytes) and ``M`` (JSON meta: resize, focus, blur, quit)
packets to its stdin; it writes ``__GANGLION__\\n`` once, then ``D`` (screen
output), ``M`` (exit, open_url...) and ``P`` packets to its stdout. A packet is one
type byte, a 4-byte big-endian length, then the payload.

- ``WarmParent``: asks the warm parent (``serve.zygote``) to fork a game and
  hands it the tab's pipes over a Unix socket. The fork has every import done and
  every pack loaded, so a tab starts in milliseconds and the tabs share memory.
  Linux only (``PR_SET_PDEATHSIG`` ends the games with the parent).
- ``SpawnLauncher``: one fresh ``python -m summit_game.serve.tab`` per tab (any
  platform; also the benchmark's comparison).
- ``ForkLauncher``: what ``serve`` uses on Linux: a tab alone is a fresh process,
  tabs together are forks of a warm parent started when the second tab comes.

``Game.stop`` asks the game to quit, and kills it when it has not within a short
grace: a tab that closed, or a socket that died, never leaves a process behind.
No Textual here.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections import deque
from typing import AsyncIterator, Callable

PRELUDE = b"__GANGLION__\n"
MAX_PACKET = 16 * 1024 * 1024
STDERR_TAIL = 8 * 1024
QUIT_GRACE = 1.5  # seconds a game gets to save and quit before it is killed
START_TIMEOUT = 20.0  # the warm parent's imports and pack loads, on a busy machine
IDLE_CLOSE = 60.0  # seconds the warm parent waits without a game of its own before it ends

GAME_ENV = {
    "TEXTUAL_DRIVER": "summit_game.tui.served:GuardedWebDriver",
    "TEXTUAL_FPS": "60",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "TERM_PROGRAM": "textual",
    "TERM_PROGRAM_VERSION": "summit-game-serve",
}


class LaunchError(Exception):
    """A game could not be started (the message is for the facilitator's terminal)."""


def game_env(width: int, height: int, base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env.update(GAME_ENV)
    env["COLUMNS"], env["ROWS"] = str(width), str(height)
    for name in ("TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_PRESS", "TEXTUAL_SCREENSHOT"):
        env.pop(name, None)  # devtools, key presses or screenshots a facilitator's shell may carry
    return env


def encode_packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


class Game:
    """One running game: its pipes, its output as packets, and how it ends."""

    def __init__(self, pid: int, stdin: asyncio.StreamWriter, stdout: asyncio.StreamReader,
                 stderr: asyncio.StreamReader, kill: Callable[[int], None]) -> None:
        self.pid = pid
        self._stdin = stdin
        self._stdout = stdout
        self._kill = kill
        self.exited = asyncio.get_running_loop().create_future()  # the exit status, once known
        self.stderr_tail: deque[bytes] = deque(maxlen=64)
        self._stderr_task = asyncio.create_task(self._drain_stderr(stderr))
        self.stopping = False

    # ------------------------------------------------------------ output

    async def packets(self) -> AsyncIterator[tuple[bytes, bytes]]:
        """The game's output, packet by packet, until its stdout closes."""
        stdout = self._stdout
        try:
            for _ in range(50):  # anything a game prints before its driver starts
                line = await stdout.readline()
                if not line or line == PRELUDE:
                    break
                self._note_stderr(line)
            while True:
                head = await stdout.readexactly(5)
                size = int.from_bytes(head[1:], "big")
                if size > MAX_PACKET:
                    self._note_stderr(b"a packet over the size limit: output stopped\n")
                    return
                yield head[:1], await stdout.readexactly(size)
        except (asyncio.IncompleteReadError, ConnectionResetError, ValueError):
            return

    async def _drain_stderr(self, stderr: asyncio.StreamReader) -> None:
        try:
            while chunk := await stderr.read(4096):
                self._note_stderr(chunk)
        except (ConnectionResetError, asyncio.CancelledError):
            pass

    def _note_stderr(self, data: bytes) -> None:
        self.stderr_tail.append(data)
        while sum(map(len, self.stderr_tail)) > STDERR_TAIL and len(self.stderr_tail) > 1:
            self.stderr_tail.popleft()

    def last_error_line(self) -> str:
        text = b"".join(self.stderr_tail).decode("utf-8", "replace")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return lines[-1][:300] if lines else ""

    # ------------------------------------------------------------ input

    async def send(self, kind: bytes, payload: bytes) -> bool:
        if self._stdin.is_closing():
            return False
        try:
            self._stdin.write(encode_packet(kind, payload))
            await self._stdin.drain()
        except (ConnectionResetError, BrokenPipeError, RuntimeError):
            return False
        return True

    async def send_keys(self, data: bytes) -> bool:
        return await self.send(b"D", data)

    async def send_meta(self, meta: dict) -> bool:
        return await self.send(b"M", json.dumps(meta).encode("utf-8"))

    # ------------------------------------------------------------ ending

    @property
    def running(self) -> bool:
        return not self.exited.done()

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.running:
            self._kill(sig)

    async def stop(self, grace: float = QUIT_GRACE) -> None:
        """Ask the game to quit (it saves on the way out); kill it if it has not within ``grace`` s."""
        self.stopping = True
        try:
            if self.running:
                try:
                    await asyncio.wait_for(self.send_meta({"type": "quit"}), timeout=0.5)
                except (asyncio.TimeoutError, TimeoutError):
                    pass  # its input is full: it is not reading, the kill below ends it
            try:
                await asyncio.wait_for(asyncio.shield(self.exited), timeout=grace)
            except (asyncio.TimeoutError, TimeoutError):
                self.kill(signal.SIGKILL)
                try:
                    await asyncio.wait_for(asyncio.shield(self.exited), timeout=2.0)
                except (asyncio.TimeoutError, TimeoutError):
                    pass
        finally:
            self._stdin.close()
            self._stderr_task.cancel()

    def set_exited(self, status: int) -> None:
        if not self.exited.done():
            self.exited.set_result(status)


async def _pipe_streams(loop: asyncio.AbstractEventLoop, stdin_w: int, stdout_r: int, stderr_r: int):
    """asyncio streams over the server's ends of a game's three pipes."""
    stdout = asyncio.StreamReader(limit=MAX_PACKET + 64)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdout), os.fdopen(stdout_r, "rb", 0))
    stderr = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stderr), os.fdopen(stderr_r, "rb", 0))
    transport, protocol = await loop.connect_write_pipe(
        lambda: asyncio.streams.FlowControlMixin(loop=loop), os.fdopen(stdin_w, "wb", 0))  # type: ignore[attr-defined]
    stdin = asyncio.StreamWriter(transport, protocol, None, loop)
    return stdin, stdout, stderr


# ---------------------------------------------------------------- a fresh process per tab


class SpawnLauncher:
    """Each tab's game is a new Python process (imports, pack loading and all: ``serve.tab``)."""

    kind = "spawn"

    def __init__(self, config_json: str, python: str = sys.executable) -> None:
        self.config_json = config_json
        self.python = python

    async def open(self) -> None:
        pass

    async def start(self, width: int, height: int) -> Game:
        try:
            proc = await asyncio.create_subprocess_exec(
                self.python, "-m", "summit_game.serve.tab", str(os.getpid()), self.config_json,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                env=game_env(width, height), start_new_session=True, limit=MAX_PACKET + 64)
        except OSError as exc:
            raise LaunchError(f"could not start a game: {exc.strerror or exc}") from None

        def kill(sig: int) -> None:
            try:
                proc.send_signal(sig)
            except ProcessLookupError:
                pass

        assert proc.stdin and proc.stdout and proc.stderr
        game = Game(proc.pid, proc.stdin, proc.stdout, proc.stderr, kill)
        asyncio.create_task(self._wait(proc, game))
        return game

    @staticmethod
    async def _wait(proc: asyncio.subprocess.Process, game: Game) -> None:
        game.set_exited(await proc.wait())

    async def close(self) -> None:
        pass


# ---------------------------------------------------------------- forks of one warm parent


def fork_supported() -> bool:
    return sys.platform.startswith("linux") and hasattr(socket, "send_fds") and hasattr(os, "fork")


class WarmParent:
    """One warm parent (``serve.zygote``) and the games it forks; started and ended by ``ForkLauncher``."""

    def __init__(self, config_json: str, python: str = sys.executable) -> None:
        self.config_json = config_json
        self.python = python
        self._sock: socket.socket | None = None
        self._proc: asyncio.subprocess.Process | None = None
        self._next = 0
        self._waiting: dict[int, asyncio.Future] = {}
        self._games: dict[int, Game] = {}
        self._reader: asyncio.Task | None = None
        self._ready: asyncio.Future | None = None
        self.pid: int | None = None
        self._stderr: deque[bytes] = deque(maxlen=16)
        self._stderr_task: asyncio.Task | None = None
        self.lost: str | None = None  # why the warm parent is gone, when it is

    @property
    def games(self) -> int:
        """Its games still running."""
        return len(self._games)

    async def open(self) -> None:
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self._proc = await asyncio.create_subprocess_exec(
                self.python, "-m", "summit_game.serve.zygote", str(theirs.fileno()), str(os.getpid()),
                self.config_json,
                pass_fds=(theirs.fileno(),), env=game_env(80, 24), start_new_session=True,
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        except OSError as exc:
            ours.close()
            raise LaunchError(f"could not start the games' parent process: {exc.strerror or exc}") from None
        finally:
            theirs.close()
        self.pid = self._proc.pid
        assert self._proc.stderr is not None
        self._stderr_task = asyncio.create_task(self._drain(self._proc.stderr))
        ours.setblocking(False)
        self._sock = ours
        self._ready = loop.create_future()
        self._reader = asyncio.create_task(self._read())
        try:
            await asyncio.wait_for(asyncio.shield(self._ready), timeout=START_TIMEOUT)
        except (asyncio.TimeoutError, TimeoutError):
            await self.close()
            raise LaunchError("the games' parent process did not start in time") from None

    async def _drain(self, stderr: asyncio.StreamReader) -> None:
        try:
            while chunk := await stderr.read(4096):
                self._stderr.append(chunk)
        except (ConnectionResetError, asyncio.CancelledError):
            pass

    async def _read(self) -> None:
        loop = asyncio.get_running_loop()
        assert self._sock is not None
        try:
            while True:
                data = await loop.sock_recv(self._sock, 65536)
                if not data:
                    break
                self._on_message(json.loads(data))
        except (OSError, ValueError) as exc:
            self.lost = f"{type(exc).__name__}: {exc}"
        finally:
            why = self._zygote_error() or self.lost or "it stopped"
            self.lost = why
            if self._ready is not None and not self._ready.done():
                self._ready.set_exception(LaunchError(f"the games' parent process could not start: {why}"))
            for fut in self._waiting.values():
                if not fut.done():
                    fut.set_exception(LaunchError(f"the games' parent process is gone ({why})"))
            for game in self._games.values():
                game.set_exited(-signal.SIGKILL)  # its children die with it (PR_SET_PDEATHSIG)

    def _zygote_error(self) -> str:
        text = b"".join(self._stderr).decode("utf-8", "replace")
        lines = [line for line in text.splitlines() if line.strip()]
        return lines[-1][:300] if lines else ""

    def _on_message(self, msg: dict) -> None:
        op = msg.get("op")
        if op == "ready" and self._ready is not None and not self._ready.done():
            self._ready.set_result(None)
        elif op in ("spawned", "failed"):
            fut = self._waiting.pop(msg.get("id", -1), None)
            if fut is not None and not fut.done():
                if op == "spawned":
                    fut.set_result(int(msg["pid"]))
                else:
                    fut.set_exception(LaunchError(f"could not start a game: {msg.get('error')}"))
        elif op == "exited":
            game = self._games.pop(int(msg.get("pid", -1)), None)
            if game is not None:
                game.set_exited(int(msg.get("status", -1)))

    def _send(self, msg: dict, fds: list[int] = ()) -> None:
        if self._sock is None or self.lost:
            raise LaunchError(f"the games' parent process is gone ({self.lost or 'closed'})")
        data = json.dumps(msg).encode("utf-8")
        try:
            if fds:
                socket.send_fds(self._sock, [data], list(fds))
            else:
                self._sock.send(data)
        except BlockingIOError:  # the parent is not reading: do not wait for it here
            raise LaunchError("the games' parent process is not answering") from None
        except OSError as exc:
            raise LaunchError(f"the games' parent process is gone ({exc.strerror or exc})") from None

    async def start(self, width: int, height: int) -> Game:
        loop = asyncio.get_running_loop()
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        stderr_r, stderr_w = os.pipe()
        self._next += 1
        request = self._next
        fut = loop.create_future()
        self._waiting[request] = fut
        try:
            self._send({"op": "spawn", "id": request, "width": width, "height": height},
                       [stdin_r, stdout_w, stderr_w])
        except LaunchError:
            self._waiting.pop(request, None)
            for fd in (stdin_w, stdout_r, stderr_r):
                os.close(fd)
            raise
        finally:
            for fd in (stdin_r, stdout_w, stderr_w):  # the game's ends now live in the game (or nowhere)
                os.close(fd)
        try:
            pid = await asyncio.wait_for(fut, timeout=10)
        except BaseException:
            self._waiting.pop(request, None)
            for fd in (stdin_w, stdout_r, stderr_r):
                os.close(fd)
            raise
        stdin, stdout, stderr = await _pipe_streams(loop, stdin_w, stdout_r, stderr_r)

        def kill(sig: int, pid: int = pid) -> None:
            try:
                self._send({"op": "signal", "pid": pid, "sig": int(sig)})
            except LaunchError:
                pass

        game = Game(pid, stdin, stdout, stderr, kill)
        self._games[pid] = game
        return game

    async def close(self) -> None:
        """End the warm parent: it kills any game still running, then exits."""
        try:
            self._send({"op": "exit"})
        except LaunchError:
            pass
        proc = self._proc
        if proc is not None:
            try:
                await asyncio.wait_for(proc.wait(), timeout=2.0)
            except (asyncio.TimeoutError, TimeoutError):
                proc.kill()
                await proc.wait()
        if self._stderr_task is not None:
            self._stderr_task.cancel()
        if self._reader is not None:
            self._reader.cancel()
        if self._sock is not None:
            self._sock.close()
            self._sock = None


class ForkLauncher:
    """A tab alone is a fresh process; tabs together are forks of one warm parent.

    The warm parent holds a whole game's imports, packs and caches: as much memory as
    a tab, paid whatever the number of tabs, and worth it only once tabs share it
    (benchmarks/README.md, "Served tabs"). So it is started when a tab comes while
    another game runs or is starting (that tab, and every one after it, waits for the
    parent, about a second, then forks in milliseconds), and ended once it has had no
    game of its own for ``idle_close`` seconds. A tab that comes with no other game
    and no warm parent is a fresh process (``SpawnLauncher``), half a second to its
    first screen. A warm parent that cannot start (or start again, after it died) is
    not tried again: every tab from then on is a fresh process. ``warm=True``
    (``SUMMIT_GAME_SERVE_WARM=1``) starts the parent with the server (which does not
    start without it) and keeps it: every tab is a fork.
    """

    kind = "fork"

    def __init__(self, config_json: str, python: str = sys.executable, *, warm: bool = False,
                 idle_close: float = IDLE_CLOSE) -> None:
        self.config_json = config_json
        self.python = python
        self.warm = warm
        self.idle_close = idle_close
        self._fresh = SpawnLauncher(config_json, python)
        self._parent: WarmParent | None = None
        self._opening: asyncio.Task | None = None
        self._live: set[Game] = set()  # every game started here that has not exited, fresh or forked
        self._starting = 0
        self._idle: asyncio.TimerHandle | None = None
        self._closing: set[asyncio.Task] = set()
        self.started = {"fresh": 0, "fork": 0}
        self.broken: str | None = None  # why the warm parent could not start, once it could not

    @property
    def zygote_pid(self) -> int | None:
        """The warm parent's process id, while there is one."""
        return self._parent.pid if self._parent is not None and not self._parent.lost else None

    async def open(self) -> None:
        if self.warm:
            await self._warm_parent()

    async def start(self, width: int, height: int) -> Game:
        alone = self.broken is not None or (not self.warm and self._starting == 0 and not self._live
                                            and self._parent is None and self._opening is None)
        self._starting += 1
        try:
            if not alone:
                self._cancel_idle()
                try:
                    parent = await self._warm_parent()
                except LaunchError as exc:  # the tabs still play, each a fresh process
                    if self.broken is None:
                        self.broken = str(exc)
                        print(f"summit-game serve: {exc}; every tab is a fresh process from now on",
                              file=sys.stderr, flush=True)
                    alone = True
            game = await (self._fresh.start(width, height) if alone else parent.start(width, height))
        finally:
            self._starting -= 1
        self.started["fresh" if alone else "fork"] += 1
        self._live.add(game)
        game.exited.add_done_callback(lambda _f, game=game: self._ended(game))
        return game

    async def _warm_parent(self) -> WarmParent:
        parent = self._parent
        if parent is not None and not parent.lost:
            return parent
        if self._opening is None:
            self._opening = asyncio.create_task(self._open_parent())
        return await asyncio.shield(self._opening)

    async def _open_parent(self) -> WarmParent:
        try:
            old, self._parent = self._parent, None
            if old is not None:  # it stopped (or was killed): its games are gone with it
                await old.close()
            parent = WarmParent(self.config_json, self.python)
            await parent.open()
            self._parent = parent
            return parent
        finally:
            self._opening = None

    def _ended(self, game: Game) -> None:
        self._live.discard(game)
        parent = self._parent
        if (self.warm or parent is None or parent.games or self._starting or self._idle is not None
                or self._opening is not None):
            return
        loop = asyncio.get_running_loop()
        self._idle = loop.call_later(self.idle_close, self._close_idle)

    def _cancel_idle(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None

    def _close_idle(self) -> None:
        self._idle = None
        parent = self._parent
        if parent is None or parent.games or self._starting or self._opening is not None:
            return
        self._parent = None
        task = asyncio.create_task(parent.close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def close(self) -> None:
        """End the warm parent, if there is one: it kills any game of its own still running, then exits."""
        self._cancel_idle()
        if self._opening is not None:
            try:
                await asyncio.shield(self._opening)
            except BaseException:  # noqa: BLE001 - it failed to start: nothing to end
                pass
        parent, self._parent = self._parent, None
        if parent is not None:
            await parent.close()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)


def make_launcher(config_json: str, fork: bool | None = None):
    """Forks of a warm parent where that works (Linux), else a fresh process per tab.

    ``SUMMIT_GAME_SERVE_FORK=0``: a fresh process for every tab; ``SUMMIT_GAME_SERVE_WARM=1``: the warm
    parent from the start, every tab a fork (``ForkLauncher``).
    """
    if fork is None:
        fork = fork_supported() and os.environ.get("SUMMIT_GAME_SERVE_FORK", "1") != "0"
    if not fork:
        return SpawnLauncher(config_json)
    return ForkLauncher(config_json, warm=os.environ.get("SUMMIT_GAME_SERVE_WARM", "0") == "1")


__all__ = ["Game", "ForkLauncher", "SpawnLauncher", "WarmParent", "LaunchError", "make_launcher", "game_env"]
