"""A module imported on first use: for modules only the rarer paths need (hints, JSON output).

``difflib = lazy("difflib")`` keeps ``difflib.get_close_matches(...)`` working while a
process that never asks for a hint never pays for the import (``summit-game check`` on a
valid pack is measured against reading the same YAML; see benchmarks/bench_check.py).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class _Lazy:
    __slots__ = ("_name", "_module")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy(name: str) -> Any:
    return _Lazy(name)
