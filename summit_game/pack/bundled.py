"""Where the bundled packs are: the repo's scenes/ folder, or summit_game/scenes in a wheel."""

from __future__ import annotations

from pathlib import Path

from .globbing import what_is

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
    kind = what_is(p)
    if kind == "file" and p.name == "pack.yaml":
        return p.parent  # the pack's manifest named for the pack (check my-pack/pack.yaml): its folder
    if kind != "missing" or "/" in name_or_path or "\\" in name_or_path:
        return p  # a name the system refuses (too long, ...) is the loader's to report
    candidate = bundled_root() / name_or_path
    return candidate if what_is(candidate) == "folder" else p


# ------------------------------------------------------------------ the title screen's index
#
# The title lists the bundled packs' titles before anything else happens; reading each
# pack.yaml with the YAML reader meant importing PyYAML first (about a tenth of the first
# frame). summit_game/pack/bundled_index.py holds what pack.yaml says (its scenes and endings
# left out), written by `python -m summit_game.pack.bundled` and kept current by a test; a
# pack.yaml that no longer matches its entry (size and CRC-32) is read from the file as before.
# It is a Python module, read from its cached bytecode: as JSON, importing the json module
# alone took 2 ms of the first frame (the bare Textual app imports no json).

INDEX = Path(__file__).with_name("bundled_index.py")
_LEFT_OUT = ("scenes", "endings")
_index: dict | None = None


def _crc(data: bytes) -> int:
    import zlib

    return zlib.crc32(data)


def index_entry(data: bytes) -> dict:
    """What the index holds for a pack.yaml's bytes (the YAML read with the project's reader)."""
    from ._yaml import read_yaml

    value = read_yaml(data, "pack.yaml").value
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k not in _LEFT_OUT}
    return {"size": len(data), "crc32": _crc(data), "manifest": value}


def build_index(root: Path | None = None) -> dict:
    root = root or bundled_root()
    return {p.name: index_entry((p / "pack.yaml").read_bytes()) for p in sorted(x.parent for x in root.glob("*/pack.yaml"))}


def indexed_manifest(folder: Path, data: bytes):
    """The indexed value of ``folder``'s pack.yaml when ``data`` (its bytes) still matches, else None."""
    global _index
    if _index is None:
        try:
            from .bundled_index import PACKS

            _index = PACKS
        except ImportError:  # not written (yet): every pack.yaml is read with the YAML reader
            _index = {}
    entry = _index.get(folder.name)
    if not isinstance(entry, dict) or entry.get("size") != len(data):
        return None
    try:
        if folder.resolve().parent != bundled_root().resolve():
            return None
    except OSError:
        return None
    if entry.get("crc32") != _crc(data):
        return None
    return entry.get("manifest")


def dumps_index(index: dict) -> str:
    """The index as the text of ``bundled_index.py``: one Python literal (strings, numbers, lists, dicts)."""
    from pprint import pformat

    return ('"""The bundled packs\' pack.yaml, as the title screen lists them (see bundled.py).\n\n'
            "Written by `python -m summit_game.pack.bundled`; tests/test_bundled_index.py keeps it current.\n"
            '"""\n\n'
            f"PACKS = {pformat(index, width=110, sort_dicts=False)}\n")


if __name__ == "__main__":  # pragma: no cover - run when a bundled pack.yaml changes
    INDEX.write_text(dumps_index(build_index()), encoding="utf-8")
    print(f"wrote {INDEX}")
