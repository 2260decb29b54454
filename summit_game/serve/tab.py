"""One tab's game as a fresh process: ``python -m summit_game.serve.tab SERVER_PID CONFIG_JSON``.

What ``SpawnLauncher`` starts (a tab alone, or every tab with ``SUMMIT_GAME_SERVE_FORK=0``).
Before anything imports asyncio or hashlib, OpenSSL is kept out (``summit_game._openssl``:
a game opens no TLS connection, and its libraries' pages are a few MiB of every game's
memory); the game dies with the server, even one killed with SIGKILL
(``PR_SET_PDEATHSIG``, on Linux). Then it is ``summit_game.tui.served``'s game.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from .._openssl import keep_openssl_out

    keep_openssl_out()
    from .zygote import die_with_parent

    die_with_parent(int(argv[0]))
    from ..tui.served import main as run_game

    return run_game(argv[1:])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
