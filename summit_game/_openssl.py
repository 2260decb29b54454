"""A process that plays the game leaves OpenSSL out of its memory.

Two imports bring OpenSSL's libcrypto and libssl into every Textual process, though a
terminal game opens no TLS connection and hashes a few kilobytes: asyncio's
``base_events`` imports ``ssl`` (for TLS transports, which Textual never opens), and
``hashlib`` imports ``_hashlib`` (OpenSSL's digests). Measured at the game's first
scene (benchmarks/README.md, the RSS row): 5.2 MiB of resident memory, most of it the
pages of libcrypto its start-up touches. Both imports are written to go on without
them (``try: import ssl`` / ``except ImportError: ssl = None``), and CPython's own
``_sha256``/``_sha512`` (``_sha2`` from 3.12) give the same digests to ``hashlib``,
``hmac``, ``secrets`` and ``random``. So the ``play`` command, before anything imports
them, marks the three modules absent in ``sys.modules`` (the documented way to stop an
import: it raises ``ModuleNotFoundError``, which those ``try`` blocks expect).

Left alone where it would change something: a process that already imported any of
them (a test run calling ``main()`` in its own process), and a Python built without
its own SHA-2 (some distributions leave hashing to OpenSSL: ``_hashlib`` stays, only
``ssl`` goes). ``serve`` and ``workshop`` run aiohttp and are not touched.
"""

from __future__ import annotations

import sys
from importlib.util import find_spec

OPENSSL_MODULES = ("ssl", "_ssl", "_hashlib")


def _own_sha2() -> bool:
    """Whether this Python has SHA-256 and SHA-512 of its own (``hashlib`` and ``random`` fall back to them)."""
    if find_spec("_sha2") is not None:  # 3.12+
        return True
    return find_spec("_sha256") is not None and find_spec("_sha512") is not None


def keep_openssl_out() -> tuple[str, ...]:
    """Mark OpenSSL's modules absent for the rest of this process; the names marked (none if any was in)."""
    if any(name in sys.modules for name in OPENSSL_MODULES):
        return ()
    names = OPENSSL_MODULES if _own_sha2() else ("ssl", "_ssl")
    for name in names:
        sys.modules[name] = None  # type: ignore[assignment]
    return names
