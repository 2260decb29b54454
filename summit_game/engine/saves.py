"""Saves that never lose a run.

A save is JSON (never pickle) with a format name, a schema version, the
engine version, the pack's id, version and content hash, the role, route
and seed, the history of choices by stable id, the resulting state, and a
SHA-256 over all of that. It is written atomically: a temporary file in the
same folder, fsync, the previous save kept as ``.bak``, ``os.replace``,
fsync of the folder. Loading checks everything and never raises anything
but ``SaveError`` with a message a player can read. A save is always
replayed through the engine, so a save from an edited pack is taken as far
as its history still fits.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import __version__
from ..pack.compiled import Pack
from .core import EngineError, Outcome, State, Step, replay

FORMAT = "summit-game-save"
SCHEMA = 1
AUTOSAVE = "autosave"  # prefix: each pack has its own autosave slot, see autosave_slot()
SLOT_RE = re.compile(r"[a-z0-9_-]{1,32}\Z")
MAX_SAVE_BYTES = 1_000_000
SUFFIX = ".json"


class SaveError(Exception):
    """A save could not be written or read; the message is for the player."""


@dataclass(frozen=True)
class SaveInfo:
    slot: str
    path: Path
    pack_id: str = ""
    pack_title: str = ""
    role: str = ""
    route: str | None = None
    scene: str | None = None
    scene_title: str = ""
    steps: int = 0
    saved_at: datetime | None = None
    damaged: bool = False
    problem: str = ""
    from_backup: bool = False


@dataclass(frozen=True)
class Loaded:
    state: State
    outcomes: tuple[Outcome, ...]
    problem: str | None = None  # set when the history no longer fits the pack
    from_backup: bool = False


def autosave_slot(pack_id: str) -> str:
    """The autosave slot of a pack: playing one pack never overwrites another's autosave.

    Pack ids may be longer than a slot name allows; a long one is shortened with a
    hash of the whole id, so two ids that share a beginning still get two slots.
    """
    slot = f"{AUTOSAVE}-{pack_id}"
    if len(slot) > 32:
        digest = hashlib.sha256(pack_id.encode("utf-8")).hexdigest()[:8]
        slot = f"{AUTOSAVE}-{pack_id[:14]}-{digest}"
    return check_slot(slot)


def is_autosave(slot: str) -> bool:
    return slot == AUTOSAVE or slot.startswith(AUTOSAVE + "-")


def check_slot(slot: str) -> str:
    if not isinstance(slot, str) or not SLOT_RE.match(slot):
        raise SaveError(
            f"'{slot}' is not a slot name: use 1 to 32 lower-case letters, digits, '-' or '_'"
        )
    return slot


def slot_path(folder: Path, slot: str) -> Path:
    return Path(folder) / (check_slot(slot) + SUFFIX)


def _checksum(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, keep_backup: bool = False) -> None:
    """Write ``data`` so that ``path`` is always either the old or the new content."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    if keep_backup and path.exists():
        # The previous save becomes the .bak without ever leaving `path` missing:
        # a hard link (or a copy) is put in place atomically, then the new file.
        bak = path.with_name(path.name + ".bak")
        bak_tmp = folder / f".{bak.name}.{os.getpid()}.tmp"
        try:
            bak_tmp.unlink(missing_ok=True)
            os.link(path, bak_tmp)
        except OSError:
            shutil.copyfile(path, bak_tmp)
        os.replace(bak_tmp, bak)
    os.replace(tmp, path)
    _fsync_dir(folder)


def to_dict(pack: Pack, state: State, slot: str, now: datetime | None = None) -> dict[str, Any]:
    scene = pack.scenes.get(state.scene) if state.scene else None
    ending = pack.endings.get(state.ending) if state.ending else None
    body = {
        "format": FORMAT,
        "schema": SCHEMA,
        "engine": __version__,
        "saved_at": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "slot": slot,
        "pack": {"id": pack.id, "version": pack.version, "title": pack.title, "hash": pack.content_hash},
        "role": state.role,
        "route": state.route,
        "seed": state.seed,
        "history": [[s.scene, s.choice] for s in state.history],
        "state": {"scene": state.scene, "ending": state.ending, "values": dict(state.values)},
        "summary": {
            "scene_title": scene.title if scene else (ending.title if ending else ""),
            "steps": len(state.history),
        },
    }
    body["checksum"] = _checksum(body)
    return body


def save_game(folder: Path, slot: str, pack: Pack, state: State) -> Path:
    path = slot_path(Path(folder), slot)
    data = json.dumps(to_dict(pack, state, slot), indent=1, ensure_ascii=False).encode("utf-8")
    try:
        atomic_write(path, data, keep_backup=True)
    except OSError as exc:
        raise SaveError(f"could not save to {path}: {exc.strerror or exc}") from None
    return path


def _parse(path: Path) -> dict[str, Any]:
    """Read and verify one save file; raise SaveError saying what is wrong."""
    try:
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise SaveError(f"{path.name} is damaged: {size:,} bytes is far too large for a save")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"there is no save called '{path.stem}'") from None
    except OSError as exc:
        raise SaveError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SaveError(f"{path.name} is damaged: not readable as a save (truncated or corrupted)") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise SaveError(f"{path.name} is not a summit-game save")
    if body.get("schema") != SCHEMA:
        raise SaveError(f"{path.name} was written by a different version of summit-game (schema {body.get('schema')!r})")
    checksum = body.pop("checksum", None)
    if not isinstance(checksum, str) or checksum != _checksum(body):
        raise SaveError(f"{path.name} is damaged: its checksum does not match its contents")
    # types (a valid checksum over nonsense is still nonsense)
    pack = body.get("pack")
    history = body.get("history")
    ok = (
        isinstance(pack, dict)
        and isinstance(pack.get("id"), str)
        and isinstance(body.get("role"), str)
        and (body.get("route") is None or isinstance(body.get("route"), str))
        and isinstance(body.get("seed"), int)
        and not isinstance(body.get("seed"), bool)
        and isinstance(history, list)
        and all(isinstance(h, list) and len(h) == 2 and all(isinstance(x, str) for x in h) for h in history)
        and isinstance(body.get("state"), dict)
    )
    if not ok:
        raise SaveError(f"{path.name} is damaged: fields are missing or of the wrong type")
    return body


def _info(path: Path, body: dict[str, Any] | None, problem: str = "", backup: bool = False) -> SaveInfo:
    if body is None:
        try:
            mtime = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
        except OSError:
            mtime = None
        return SaveInfo(path.stem, path, saved_at=mtime, damaged=True, problem=problem)
    try:
        saved_at = datetime.fromisoformat(body.get("saved_at", ""))
    except (TypeError, ValueError):
        saved_at = None
    summary = body.get("summary") if isinstance(body.get("summary"), dict) else {}
    state = body["state"]
    return SaveInfo(
        slot=path.stem,
        path=path,
        pack_id=body["pack"]["id"],
        pack_title=str(body["pack"].get("title", "")),
        role=body["role"],
        route=body.get("route"),
        scene=state.get("scene") if isinstance(state.get("scene"), str) else None,
        scene_title=str(summary.get("scene_title", "")),
        steps=len(body["history"]),
        saved_at=saved_at,
        from_backup=backup,
    )


def _read_with_backup(path: Path) -> tuple[dict[str, Any], bool]:
    try:
        return _parse(path), False
    except SaveError as first:
        bak = path.with_name(path.name + ".bak")
        if bak.exists():
            try:
                return _parse(bak), True
            except SaveError:
                pass
        raise first


def list_saves(folder: Path) -> list[SaveInfo]:
    """Every save in ``folder``, newest first; damaged ones are listed as damaged."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    infos: list[SaveInfo] = []
    paths = set(folder.glob("*" + SUFFIX))
    # a backup whose save is gone (deleted by hand) is still a way back in
    paths |= {b.with_name(b.name[: -len(".bak")]) for b in folder.glob("*" + SUFFIX + ".bak")}
    for path in sorted(paths):
        if not SLOT_RE.match(path.stem) or not (path.is_file() or path.with_name(path.name + ".bak").is_file()):
            continue
        try:
            body, backup = _read_with_backup(path)
            infos.append(_info(path, body, backup=backup))
        except SaveError as exc:
            infos.append(_info(path, None, str(exc)))
    epoch = datetime.min.replace(tzinfo=timezone.utc)
    infos.sort(key=lambda i: (i.saved_at or epoch, i.slot), reverse=True)
    return infos


def latest(folder: Path, pack_id: str | None = None) -> SaveInfo | None:
    for info in list_saves(folder):
        if not info.damaged and (pack_id is None or info.pack_id == pack_id):
            return info
    return None


def load_game(folder: Path, slot: str, pack: Pack) -> Loaded:
    path = slot_path(Path(folder), slot)
    body, backup = _read_with_backup(path)
    if body["pack"]["id"] != pack.id:
        raise SaveError(f"save '{slot}' is for the pack '{body['pack']['id']}', not '{pack.id}'")
    history = [Step(s, c) for s, c in body["history"]]
    try:
        result = replay(pack, body["role"], body["seed"], body.get("route"), history)
    except EngineError as exc:  # the role or route is gone from the pack
        raise SaveError(f"save '{slot}' no longer fits this pack: {exc}") from None
    problem = None
    if not result.ok:
        problem = (f"this save was made with another version of the pack; it fits up to decision "
                   f"{result.failed_at} of {len(history)} ({result.problem}). You can go on from there.")
    elif body["pack"].get("hash") == pack.content_hash and dict(result.state.values) != body["state"].get("values"):
        problem = "the replayed game differs from the saved one; going on from the replayed game"
    return Loaded(result.state, result.outcomes, problem, backup)
