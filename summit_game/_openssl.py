"""A process that plays the game leaves OpenSSL out of its memory.

Two imports bring OpenSSL's libcrypto and libssl into every Textual process, though a
terminal game opens no TLS connection and hashes a few kilobytes: asyncio's
``base_events`` imports ``ssl`` (for TLS transports, which Textual never opens), and
``hashlib`` imports ``_hashlib`` (OpenSSL's digests). Measured at the game's first
scene (benchmarks/README.md, "Memory per process"): 5.1 MiB of resident memory, most
of it the pages of libcrypto its start-up touches. Both imports are written to go on
without them (``try: import ssl`` / ``except ImportError: ssl = None``), and CPython's
own ``_sha256``/``_sha512`` (``_sha2`` from 3.12) give ``hashlib`` and ``hmac`` the
same digests.

So, before anything else imports them, ``keep_openssl_out`` marks ``ssl``, ``_ssl`` and
``_hashlib`` absent in ``sys.modules`` (the documented way to stop an import), imports
the modules that look for them (asyncio, hashlib, hmac: they keep what they found), and
takes the marks away again. It is a window, not a ban: code that imports ``ssl`` later
(an older anyio does, under ``play --watch``) gets the real module, and only then pays
for it.

Left alone where it would change something: a process that already imported any of
them (a test run calling ``main()`` in its own process), and a Python built without
its own SHA-2 (some distributions leave hashing to OpenSSL: ``_hashlib`` stays, only
``ssl`` is kept out).
"""

from __future__ import annotations

import importlib
import sys
from importlib.util import find_spec

OPENSSL_MODULES = ("ssl", "_ssl", "_hashlib")


def _own_sha2() -> bool:
    """Whether this Python has SHA-256 and SHA-512 of its own (``hashlib`` and ``random`` fall back to them)."""
    if find_spec("_sha2") is not None:  # 3.12+
        return True
    return find_spec("_sha256") is not None and find_spec("_sha512") is not None


def keep_openssl_out(asyncio: bool = True) -> tuple[str, ...]:
    """Import asyncio (if asked), hashlib and hmac without OpenSSL; the modules kept out (none if any was in)."""
    if any(name in sys.modules for name in OPENSSL_MODULES):
        return ()
    names = OPENSSL_MODULES if _own_sha2() else ("ssl", "_ssl")
    for name in names:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        for module in (("asyncio",) if asyncio else ()) + ("hashlib", "hmac"):
            importlib.import_module(module)
    finally:
        for name in names:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return names
