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

The checksum detects damage, not forgery: every field of a save that passes it
is still checked (types, ids, sizes, an aware timestamp in a sane range, text
without control characters), so a crafted save cannot crash a screen or send
escape sequences to the terminal.

Each game has its own autosave, ``autosave-PACK-GAME`` (``autosave_slot(pack,
game)``): two games of one pack (two tabs, two players) never write the same
file. Names starting with ``autosave`` are kept for autosaves: a named save
cannot take one (``check_manual_slot``). A game that goes on from an autosave
writes its own and then removes the one it came from.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .. import __version__
from ..pack.compiled import Pack
from .core import EngineError, Outcome, State, Step, replay

FORMAT = "summit-game-save"
SCHEMA = 1
AUTOSAVE = "autosave"  # prefix: each game has its own autosave slot, see autosave_slot()
SLOT_RE = re.compile(r"[a-z0-9_-]{1,32}\Z")
ID_RE = re.compile(r"[a-z][a-z0-9_]{0,47}\Z")  # the pack format's ids
GAME_RE = re.compile(r"[0-9a-f]{8}\Z")
MAX_DECISIONS = 10_000  # a save holds at most this many (a looping game stops autosaving there, saying so)
MAX_SAVE_BYTES = 2_000_000  # read limit: a save of MAX_DECISIONS decisions with the longest ids fits
MAX_TEXT = 400  # titles and versions shown from a save
MAX_VARIABLES = 10_000
MAX_SEED = 2**63
KEEP_AUTOSAVES = 20  # per pack; older ones are removed once a day old
STALE_TMP_SECONDS = 600  # a temporary file this old is left over from a killed writer
SUFFIX = ".json"
# Shown from a save on one line: no control characters (ESC would reach the terminal), no bidi overrides.
_BAD_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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


def new_game_id() -> str:
    """A new game's id: eight hex digits, part of its autosave's name."""
    return secrets.token_hex(4)


def autosave_slot(pack_id: str, game: str | None = None) -> str:
    """The autosave slot of one game of a pack (``game``: ``new_game_id()``).

    Without ``game``: the one slot per pack of earlier versions (``autosave-PACK``),
    which saves of that time still use; new games always pass their id. Pack ids may
    be longer than a slot allows: a long one is shortened with a hash of the whole
    id, so two ids that share a beginning still get two slots.
    """
    if game is None:
        slot = f"{AUTOSAVE}-{pack_id}"
        if len(slot) > 32:
            digest = hashlib.sha256(pack_id.encode("utf-8")).hexdigest()[:8]
            slot = f"{AUTOSAVE}-{pack_id[:14]}-{digest}"
        return check_slot(slot)
    if not GAME_RE.match(game):
        raise SaveError(f"'{game}' is not a game id (eight hex digits)")
    short = pack_id if len(pack_id) <= 14 else pack_id[:10] + hashlib.sha256(pack_id.encode("utf-8")).hexdigest()[:4]
    return check_slot(f"{AUTOSAVE}-{short}-{game}")


def is_autosave(slot: str) -> bool:
    return slot == AUTOSAVE or slot.startswith(AUTOSAVE + "-")


def check_manual_slot(slot: str) -> str:
    """A slot name a player may save to: a valid name not kept for autosaves."""
    check_slot(slot)
    if slot.startswith(AUTOSAVE):
        raise SaveError(f"'{slot}': names starting with 'autosave' are kept for the game's autosaves; choose another")
    return slot


def _said(slot: object) -> str:
    """A name that is not a slot name, as a message shows it: short, its control and format characters written
    out (a name typed with an escape sequence must not act on the terminal)."""
    from ..pack.diagnostics import visible

    text = visible(str(slot), formats=True)
    return text if len(text) <= 60 else text[:59] + "…"


def check_slot(slot: str) -> str:
    if not isinstance(slot, str) or not SLOT_RE.match(slot):
        raise SaveError(
            f"'{_said(slot)}' is not a slot name: use 1 to 32 lower-case letters, digits, '-' or '_'"
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


def _exclusive_temp(folder: Path, name: str) -> tuple[int, Path]:
    """A new temporary file in ``folder``: an unpredictable name, created with O_EXCL (never through a symlink)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    while True:
        tmp = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, flags, 0o644), tmp
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue


def sweep_stale(folder: Path, name: str, now: float | None = None) -> int:
    """Remove temporary files of ``name`` left by writers that were killed; how many."""
    now = time.time() if now is None else now
    removed = 0
    for tmp in Path(folder).glob(f".{glob_escape(name)}.*.tmp"):
        try:
            if tmp.is_symlink() or now - tmp.lstat().st_mtime > STALE_TMP_SECONDS:
                tmp.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def atomic_write(path: Path, data: bytes, keep_backup: bool = False) -> None:
    """Write ``data`` so that ``path`` is always either the old or the new content.

    The temporary files have unpredictable names and are created exclusively, so a
    symlink planted in the folder is never followed; ones left by killed writers
    (older than ``STALE_TMP_SECONDS``) are removed.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = _exclusive_temp(folder, path.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if keep_backup and path.is_file() and not path.is_symlink():
            # The previous save becomes the .bak without ever leaving `path` missing:
            # a hard link (or a copy) is put in place atomically, then the new file.
            bak = path.with_name(path.name + ".bak")
            bfd, bak_tmp = _exclusive_temp(folder, bak.name)
            os.close(bfd)
            try:
                os.unlink(bak_tmp)
                os.link(path, bak_tmp)
            except OSError:
                bfd = os.open(bak_tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
                with os.fdopen(bfd, "wb") as out, open(path, "rb") as src:
                    shutil.copyfileobj(src, out)
            os.replace(bak_tmp, bak)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)
    sweep_stale(folder, path.name)
    if keep_backup:
        sweep_stale(folder, path.name + ".bak")


def _fit(text: str, limit: int = MAX_TEXT) -> str:
    """Text as a save shows it: one line, printable, at most ``limit`` characters."""
    text = _BAD_TEXT.sub(" ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_dict(pack: Pack, state: State, slot: str, now: datetime | None = None) -> dict[str, Any]:
    scene = pack.scenes.get(state.scene) if state.scene else None
    ending = pack.endings.get(state.ending) if state.ending else None
    body = {
        "format": FORMAT,
        "schema": SCHEMA,
        "engine": __version__,
        "saved_at": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "slot": slot,
        # titles and versions are only shown: kept within what a save may hold
        "pack": {"id": pack.id, "version": _fit(pack.version), "title": _fit(pack.title), "hash": pack.content_hash},
        "role": state.role,
        "route": state.route,
        "seed": state.seed,
        "history": [[s.scene, s.choice] for s in state.history],
        "state": {"scene": state.scene, "ending": state.ending, "values": dict(state.values)},
        "summary": {
            "scene_title": _fit(scene.title if scene else (ending.title if ending else "")),
            "steps": len(state.history),
        },
    }
    body["checksum"] = _checksum(body)
    return body


def save_game(folder: Path, slot: str, pack: Pack, state: State) -> Path:
    """Write ``state`` to ``slot``; never a file the game could not read back (``SaveError`` instead)."""
    path = slot_path(Path(folder), slot)
    if len(state.history) > MAX_DECISIONS:
        raise SaveError(f"this game has {len(state.history):,} decisions; a save holds at most {MAX_DECISIONS:,}")
    body = to_dict(pack, state, slot)
    try:  # never a file the reader would refuse
        _validate({k: v for k, v in body.items() if k != "checksum"}, path.name)
    except SaveError as exc:
        raise SaveError(f"cannot save this game: {str(exc).split(': ', 1)[-1]}") from None
    data = json.dumps(body, indent=1, ensure_ascii=False).encode("utf-8")
    if len(data) > MAX_SAVE_BYTES:
        raise SaveError(f"this game's save would be {len(data):,} bytes; the limit is {MAX_SAVE_BYTES:,}")
    try:
        atomic_write(path, data, keep_backup=True)
    except OSError as exc:
        raise SaveError(f"could not save to {path}: {exc.strerror or exc}") from None
    return path


def _meant(path: Path) -> str:
    """" (did you mean 'my-save'?)" when a named save in the same folder is close to the one asked for."""
    from ..pack.suggest import closest_id

    try:
        named = [p.stem for p in path.parent.glob("*.json") if not is_autosave(p.stem)]
    except OSError:
        return ""
    close = closest_id(path.stem, named[:1000])
    return f" (did you mean '{close}'?)" if close else ""


def _parse(path: Path) -> dict[str, Any]:
    """Read and verify one save file; raise SaveError saying what is wrong."""
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise SaveError(f"{path.name} is a folder, not a save")
        if not stat.S_ISREG(st.st_mode):  # a FIFO's read waits forever, /dev/zero's never ends: never opened
            raise SaveError(f"{path.name} is not a save: it is a device, FIFO or socket (or a link to one)")
        if st.st_size > MAX_SAVE_BYTES:
            raise SaveError(f"{path.name} is damaged: {st.st_size:,} bytes is far too large for a save")
        with path.open("rb") as fh:
            raw = fh.read(MAX_SAVE_BYTES + 1)  # bounded, should it have grown since
        if len(raw) > MAX_SAVE_BYTES:
            raise SaveError(f"{path.name} is damaged: it is far too large for a save")
    except FileNotFoundError:
        raise SaveError(f"there is no save called '{path.stem}'{_meant(path)}") from None
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
    _validate(body, path.name)
    return body


def _damaged(name: str, what: str) -> SaveError:
    return SaveError(f"{name} is damaged: {what}")


def _text(value: Any, limit: int = MAX_TEXT) -> bool:
    return isinstance(value, str) and len(value) <= limit and not _BAD_TEXT.search(value)


def _id(value: Any) -> bool:
    return isinstance(value, str) and bool(ID_RE.match(value))


def _int(value: Any, limit: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -limit < value < limit


def parse_time(value: Any) -> datetime | None:
    """A save's ``saved_at``: an ISO time with its timezone, between 1971 and 9998 (else None)."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    if at.tzinfo is None or at.utcoffset() is None or not 1971 <= at.year <= 9998:
        return None
    return at


def _validate(body: dict[str, Any], name: str) -> None:
    """Every field a game reads or shows: a valid checksum over nonsense is still nonsense."""
    pack, history, state, summary = body.get("pack"), body.get("history"), body.get("state"), body.get("summary", {})
    checks = [
        ("engine", _text(body.get("engine"), 64)),
        ("saved_at (an ISO time with its timezone)", parse_time(body.get("saved_at")) is not None),
        ("pack", isinstance(pack, dict)),
        ("pack id", isinstance(pack, dict) and _id(pack.get("id"))),
        ("pack version", isinstance(pack, dict) and _text(pack.get("version", ""))),
        ("pack title", isinstance(pack, dict) and _text(pack.get("title", ""))),
        ("pack hash", isinstance(pack, dict) and _text(pack.get("hash", ""), 128)),
        ("role", _id(body.get("role"))),
        ("route", body.get("route") is None or _id(body.get("route"))),
        ("seed", _int(body.get("seed"), MAX_SEED)),
        ("history", isinstance(history, list) and len(history) <= MAX_DECISIONS),
        ("history step", isinstance(history, list)
         and all(isinstance(h, list) and len(h) == 2 and _id(h[0]) and _id(h[1]) for h in history)),
        ("state", isinstance(state, dict)),
        ("state scene", isinstance(state, dict) and (state.get("scene") is None or _id(state.get("scene")))),
        ("state ending", isinstance(state, dict) and (state.get("ending") is None or _id(state.get("ending")))),
        ("state values", isinstance(state, dict) and isinstance(state.get("values"), dict)
         and len(state["values"]) <= MAX_VARIABLES
         and all(_id(k) and (isinstance(v, bool) or _int(v, 10**31)) for k, v in state["values"].items())),
        ("summary", isinstance(summary, dict)),
        ("summary scene title", isinstance(summary, dict) and _text(summary.get("scene_title", ""))),
        ("summary steps", isinstance(summary, dict) and _int(summary.get("steps", 0), MAX_DECISIONS + 1)),
        ("slot", body.get("slot") is None or (isinstance(body.get("slot"), str) and bool(SLOT_RE.match(body["slot"])))),
    ]
    for what, ok in checks:
        if not ok:
            raise _damaged(name, f"its {what} is missing or not valid")


def _info(path: Path, body: dict[str, Any] | None, problem: str = "", backup: bool = False) -> SaveInfo:
    if body is None:
        try:
            mtime = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
        except OSError:
            mtime = None
        return SaveInfo(path.stem, path, saved_at=mtime, damaged=True, problem=problem)
    saved_at = parse_time(body.get("saved_at"))
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


def autosaves(folder: Path, pack_id: str) -> list[SaveInfo]:
    """The readable autosaves of a pack's games (by what they hold, not their names), newest first."""
    return [i for i in list_saves(folder) if is_autosave(i.slot) and not i.damaged and i.pack_id == pack_id]


def damaged_autosaves(folder: Path, pack_id: str) -> list[SaveInfo]:
    """The autosaves of a pack's games, by their names, that cannot be read (nor their ``.bak``), newest first."""
    prefix = autosave_slot(pack_id, "0" * 8)[:-8]
    legacy = autosave_slot(pack_id)
    return [i for i in list_saves(folder) if i.damaged and (i.slot.startswith(prefix) or i.slot == legacy)]


def latest_autosave(folder: Path, pack_id: str) -> SaveInfo | None:
    """The newest readable autosave of a pack (its ``.bak`` when the save itself is damaged)."""
    found = autosaves(folder, pack_id)
    return found[0] if found else None


def remove_save(folder: Path, slot: str) -> None:
    """Remove a save and its ``.bak`` (a game went on from it and has its own now)."""
    path = slot_path(Path(folder), slot)
    for p in (path, path.with_name(path.name + ".bak")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise SaveError(f"could not remove {p}: {exc.strerror or exc}") from None


def prune_autosaves(folder: Path, pack_id: str, keep: int = KEEP_AUTOSAVES, spare: str | None = None,
                    now: datetime | None = None) -> list[str]:
    """Remove a pack's autosaves beyond the ``keep`` newest, once they are a day old; the slots removed.

    ``spare``: a slot never removed (the game that is writing). Damaged ones are left for the player to see.
    """
    now = now or datetime.now(timezone.utc)
    removed = []
    for info in autosaves(folder, pack_id)[keep:]:
        if info.slot == spare or info.saved_at is None or now - info.saved_at < timedelta(days=1):
            continue
        try:
            remove_save(folder, info.slot)
            removed.append(info.slot)
        except SaveError:
            pass
    return removed


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
