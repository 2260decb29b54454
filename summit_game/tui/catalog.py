"""The packs the title screen lists, read cheaply.

The title screen must appear fast, and importing the full pack loader
(pydantic models) costs about as much as Textual itself. So the title reads
only what it shows from each ``pack.yaml`` (id, title, summary, as_of, sources)
with the project's hardened YAML reader (``pack._yaml``), skipping the
models. Whatever it cannot read shows as the folder name. The full, checked
load happens when a pack is played (``load``), off the main thread.

No Textual and no pydantic in this module.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..pack.bundled import indexed_manifest
from ..pack.refs import reference
from ..pack.globbing import inside

if TYPE_CHECKING:
    from ..pack import Pack

MAX_BYTES = 1_000_000


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


@dataclass
class PackEntry:
    """A pack as the title screen lists it; ``pack`` once fully loaded."""

    folder: Path
    id: str
    title: str
    summary: str = ""
    as_of: str = ""  # what the scenario knows and when
    references: list[str] = field(default_factory=list)
    bundled: bool = True
    pack: "Pack | None" = None
    error: str | None = None  # the first load error, once a load failed
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def load(self) -> "Pack":
        """Load and check the whole pack (slow the first time: call it off the main thread).

        Raises ``PackError``; the message of the first error is kept in ``error``.
        """
        with self._lock:
            if self.pack is None:
                from ..pack import PackError, load_pack

                try:
                    self.pack = load_pack(self.folder)
                except PackError as exc:
                    self.error = str(exc)
                    raise
                self.id, self.title = self.pack.id, self.pack.title
                self.summary = self.pack.manifest.summary
                self.as_of = self.pack.as_of
                self.references = [s.reference() for s in self.pack.sources.values()]
            return self.pack


def peek(folder: Path, bundled: bool = True) -> PackEntry:
    """What the title screen shows about the pack in ``folder``, without loading it."""
    folder = Path(folder)
    entry = PackEntry(folder, folder.name, folder.name, bundled=bundled)
    manifest = folder / "pack.yaml"
    try:
        if manifest.stat().st_size > MAX_BYTES or not inside(folder, manifest):  # never what a link points at
            return entry
        raw = manifest.read_bytes()
        data = indexed_manifest(folder, raw) if bundled else None  # the bundled packs' index: no PyYAML
        if data is None:
            from ..pack._yaml import read_yaml  # the project's one hardened YAML reader

            data = read_yaml(raw, str(manifest)).value
    except Exception:  # noqa: BLE001 - the full load reports the real problem, with its line
        return entry
    if not isinstance(data, dict):
        return entry
    entry.id = _text(data.get("id")) or entry.id
    entry.title = _text(data.get("title")) or entry.title
    entry.summary = _text(data.get("summary"))
    entry.as_of = _text(data.get("as_of"))
    for src in data.get("sources") or []:
        if isinstance(src, dict):
            authors = [a for a in (src.get("authors") or []) if isinstance(a, str)]
            entry.references.append(
                reference(authors, _text(src.get("title")), _text(src.get("publisher")),
                          _text(src.get("date")), _text(src.get("url")))
            )
    return entry


def bundled_packs() -> list[Path]:
    from ..pack.bundled import bundled_packs as real

    return real()


def catalog(extra: Path | None = None) -> list[PackEntry]:
    """The bundled packs (the default first), plus ``extra`` first when it is not one of them."""
    entries = [peek(p) for p in bundled_packs()]
    if extra is not None:
        resolved = Path(extra).resolve()
        for e in entries:
            if e.folder.resolve() == resolved:
                return entries
        entries.insert(0, peek(Path(extra), bundled=False))
    return entries
