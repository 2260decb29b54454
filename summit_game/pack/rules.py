"""Rules of the pack format that are code, not shape: shared by the pydantic models and ``shape``.

No pydantic here, so a process that only reads valid packs never imports it.
"""

from __future__ import annotations

#: names a variable may not take: the expression language uses them
RESERVED_NAMES = ("role", "route", "true", "false", "and", "or", "not")


def scene_file_pattern(pattern: str) -> str:
    """A ``scene_files`` pattern: not blank, no NUL, relative, never '..'."""
    if not pattern.strip() or "\x00" in pattern:
        raise ValueError("a scene file pattern must not be empty or hold a NUL character")
    if pattern.startswith("/") or ".." in pattern.replace("\\", "/").split("/"):
        raise ValueError(f"scene file pattern '{pattern}' must stay inside the pack folder")
    return pattern

#: what check says of min: or max: on a flag (resolver.py), and the editor too (the schema's errorMessage)
FLAG_HAS_NO_BOUNDS = "a flag has no {key}: it is true or false; only a meter has bounds"
