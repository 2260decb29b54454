"""Reading and checking scene packs. Never imports Textual.

The names below are loaded on first use (PEP 562), so importing a light
submodule such as ``summit_game.pack.bundled`` does not pull in the loader
and its pydantic models.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CODES": ".diagnostics",
    "Diagnostic": ".diagnostics",
    "PackError": ".diagnostics",
    "Severity": ".diagnostics",
    "Quote": ".citations",
    "Pack": ".loader",
    "load_pack": ".loader",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover
    from .citations import Quote
    from .diagnostics import CODES, Diagnostic, PackError, Severity
    from .loader import Pack, load_pack


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value
