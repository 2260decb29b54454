"""Where the bundled packs are: the repo's scenes/ folder, or summit_game/scenes in a wheel."""

from __future__ import annotations

from pathlib import Path

DEFAULT_PACK = "anchorage"


def bundled_root() -> Path:
    here = Path(__file__).resolve().parent.parent  # summit_game/
    for candidate in (here / "scenes", here.parent / "scenes"):
        if (candidate).is_dir() and any(candidate.glob("*/pack.yaml")):
            return candidate
    return here.parent / "scenes"


def bundled_packs() -> list[Path]:
    """Bundled pack folders, the default pack first."""
    root = bundled_root()
    packs = sorted(p.parent for p in root.glob("*/pack.yaml"))
    packs.sort(key=lambda p: (p.name != DEFAULT_PACK, p.name))
    return packs


def resolve_pack(name_or_path: str | None) -> Path:
    """A pack folder from a path, or the name of a bundled pack; None gives the default."""
    if name_or_path is None:
        packs = bundled_packs()
        return packs[0] if packs else bundled_root() / DEFAULT_PACK
    p = Path(name_or_path)
    if p.exists() or "/" in name_or_path or "\\" in name_or_path:
        return p
    candidate = bundled_root() / name_or_path
    return candidate if candidate.is_dir() else p
