"""The warm parent of the served games: ``python -m summit_game.serve.zygote FD SERVER_PID CONFIG``.

Started by ``summit-game serve`` (``games.ForkLauncher``) when a second tab comes
while one game runs. It keeps OpenSSL out (``summit_game._openssl``), imports Textual,
the game's screens and the pack loader, loads every pack the tabs can play, freezes
what it holds out of the garbage collector's reach (so the forks do not copy those
pages just by collecting), and starts no thread. Then, for each tab, it receives the
tab's three pipe ends over the Unix socket FD, forks, and the child runs the game on
them: a tab starts in milliseconds instead of half a second of imports, and the
forks share the parent's memory until they write to it.

Protocol (one JSON object per SOCK_SEQPACKET message):

    server -> parent  {"op": "spawn", "id": N, "width": W, "height": H} + 3 fds (stdin, stdout, stderr)
                      {"op": "signal", "pid": P, "sig": S}   (only to a live child of this parent)
                      {"op": "exit"}                         (kill every game, then exit)
    parent -> server  {"op": "ready"}  {"op": "spawned", "id": N, "pid": P}
                      {"op": "failed", "id": N, "error": "..."}  {"op": "exited", "pid": P, "status": S}

Every process dies with its parent (``PR_SET_PDEATHSIG``): the games with this
one, this one with the server, even when the server is killed with SIGKILL.
Linux only.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import selectors
import signal
import socket
import sys
import time

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int, sig: int = signal.SIGTERM) -> None:
    """Ask the kernel for ``sig`` when the parent dies (Linux); exit now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass
    if os.getppid() != parent:
        os._exit(1)


def warm_up(config):
    """Import everything a tab runs and load the packs it can play; the entries the tabs share."""
    import textual.app  # noqa: F401
    import textual.drivers.web_driver  # noqa: F401
    import textual.widgets  # noqa: F401

    from ..pack.bundled import resolve_pack
    from ..tui import app as _app  # noqa: F401
    from ..tui import served  # noqa: F401
    from ..tui.catalog import catalog
    from ..tui.screens import (consequence, confirm, ending, help, journal, load, meters, play,  # noqa: F401
                               role, save, source, team, title)

    folder = resolve_pack(config.pack) if config.pack else None
    entries = catalog(folder)
    for entry in entries:
        if folder is not None and entry.folder.resolve() != folder.resolve():
            continue  # `serve PACK` plays only that pack
        try:
            entry.load()
        except Exception:  # noqa: BLE001 - the tab reports it when the pack is picked
            pass
    return entries


class Zygote:
    def __init__(self, sock: socket.socket, config, entries) -> None:
        self.sock = sock
        self.config = config
        self.entries = entries
        self.children: set[int] = set()

    def send(self, msg: dict) -> None:
        try:
            self.sock.send(json.dumps(msg).encode("utf-8"))
        except OSError:
            pass

    def reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                self.children.clear()
                return
            if pid == 0:
                return
            self.children.discard(pid)
            code = os.waitstatus_to_exitcode(status)
            self.send({"op": "exited", "pid": pid, "status": code})

    def spawn(self, msg: dict, fds: list[int]) -> None:
        request = msg.get("id")
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            self.send({"op": "failed", "id": request, "error": "three pipes are needed"})
            return
        width, height = msg.get("width"), msg.get("height")
        from .limits import DEFAULT_SIZE, checked_size

        size = checked_size(width, height) or DEFAULT_SIZE
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError as exc:
            for fd in fds:
                os.close(fd)
            self.send({"op": "failed", "id": request, "error": exc.strerror or str(exc)})
            return
        if pid == 0:  # the game
            code = 1
            try:
                self.become_game(fds, size)
                from ..tui.served import run_tab

                code = run_tab(self.config, self.entries)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:  # noqa: BLE001 - on the game's own stderr, which the server reads
                import traceback

                traceback.print_exc()
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        for fd in fds:
            os.close(fd)
        self.children.add(pid)
        self.send({"op": "spawned", "id": request, "pid": pid})

    def become_game(self, fds: list[int], size: tuple[int, int]) -> None:
        parent = os.getppid()
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        die_with_parent(parent)
        self.sock.close()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.closerange(3, 256)  # the parent's selector, wakeup pipe and anything else it held
        os.environ["COLUMNS"], os.environ["ROWS"] = str(size[0]), str(size[1])

    def kill_all(self, grace: float = 1.0) -> None:
        for pid in list(self.children):
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while self.children and time.monotonic() < deadline:
            self.reap()
            time.sleep(0.02)
        for pid in list(self.children):
            _signal(pid, signal.SIGKILL)
        deadline = time.monotonic() + 2.0
        while self.children and time.monotonic() < deadline:
            self.reap()
            time.sleep(0.01)

    def serve(self) -> None:
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
        stop = []
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle
        sel = selectors.DefaultSelector()
        sel.register(self.sock, selectors.EVENT_READ)
        sel.register(wake_r, selectors.EVENT_READ)
        self.send({"op": "ready"})
        while not stop:
            for key, _ in sel.select(timeout=1.0):
                if key.fileobj == wake_r:
                    try:
                        os.read(wake_r, 512)
                    except BlockingIOError:
                        pass
                    continue
                try:
                    data, fds, _flags, _addr = socket.recv_fds(self.sock, 65536, 8)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data, fds = b"", []
                if not data:  # the server is gone
                    stop.append(True)
                    break
                try:
                    msg = json.loads(data)
                except ValueError:
                    msg = {}
                op = msg.get("op") if isinstance(msg, dict) else None
                if op == "spawn":
                    self.spawn(msg, list(fds))
                    continue
                for fd in fds:
                    os.close(fd)
                if op == "signal" and msg.get("pid") in self.children and msg.get("sig") in (
                        signal.SIGTERM, signal.SIGKILL, signal.SIGINT):
                    _signal(msg["pid"], msg["sig"])
                elif op == "exit":
                    stop.append(True)
                    break
            self.reap()
        self.kill_all()


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    fd, server_pid, config_json = int(argv[0]), int(argv[1]), argv[2]
    die_with_parent(server_pid)
    from .._openssl import keep_openssl_out

    keep_openssl_out()  # before Textual imports asyncio: no fork carries OpenSSL's pages
    sock = socket.socket(fileno=fd)
    sock.setblocking(True)
    from .config import TabConfig

    config = TabConfig.from_json(config_json)
    entries = warm_up(config)
    try:
        from ..tui.served import warm_up_app

        warm_up_app(config, entries)
    except Exception:  # noqa: BLE001 - a slower first screen per tab, never a server that cannot start
        import traceback

        traceback.print_exc()
    from ..pack.loader import freeze_heap

    freeze_heap()  # what the parent holds stays out of the collector's way in every fork
    Zygote(sock, config, entries).serve()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
