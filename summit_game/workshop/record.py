"""The room's record: what a workshop decided, written after every decision, enough to resume it.

JSON, UTF-8, written atomically like the saves (temp file in the same folder,
fsync, the previous record kept as ``.bak``, ``os.replace``, fsync of the
folder), with a SHA-256 over the rest so a damaged file is told apart from a
good one. Nothing personal is in it: no PIN, no device tokens, no addresses;
only counts.

Format ``summit-game-workshop-record``, schema 1::

    {
      "format": "summit-game-workshop-record",
      "schema": 1,
      "engine": "0.1.0",                       # summit-game's version
      "started_at": "2026-05-01T09:30:00+00:00",
      "saved_at": "2026-05-01T09:41:12+00:00",
      "pack": {"id": "anchorage", "version": "2.0", "title": "...", "hash": "<content hash>"},
      "role": "us", "role_title": "...",
      "route": "short", "route_title": "Icebreaker",  # route and its title may be null
      "seed": 1234,
      "seconds": 60,                           # length of a vote; null for no timer
      "start": {"trust": 3, ...},              # every variable before the first decision
      "decisions": [                           # one per played decision, in order
        {
          "number": 1, "scene": "battlefield", "scene_title": "...",
          "options": [{"id": "ceasefire", "label": "...", "available": true}, ...],
          "split": {"ceasefire": {"phones": 12, "hands": 3}, ...},   # every shown option
          "joined": 20, "voted": 17,           # phones in the room at the close; phones that voted
          "played": "ceasefire", "label": "...",
          "tie_pick": false, "tied": [],       # tied options when the facilitator picked
          "closed_by": "timer",                # "timer" | "skip"
          "chance": null,                      # or {"draw": 1, "weight": 1, "total": 4, "share": 0.25}
          "after": {"trust": 4, ...}           # every variable after the decision (meters and flags)
        }
      ],
      "finished": false,
      "ending": null,                          # or {"id": "...", "title": "..."}
      "checksum": "<sha256 of the canonical JSON of everything else>"
    }

``write(path, room)`` writes it; ``read(path)`` checks it (a damaged file falls back
to its ``.bak``) and returns the dict; ``Room.resume`` rebuilds a room from it by
replaying ``decisions`` through the engine (chance outcomes are forced to the
recorded draws, so the room sees what it saw). ``default_path`` and ``latest``
name and find records in a saves folder. Every problem is a ``RecordError`` whose
message a facilitator can act on.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from .. import engine as E
from ..engine.saves import atomic_write

if TYPE_CHECKING:
    from ..pack.compiled import Pack
    from .room import Room

FORMAT = "summit-game-workshop-record"
SCHEMA = 1
PREFIX = "workshop-"
MAX_BYTES = 5_000_000


class RecordError(Exception):
    """A record that cannot be written, read or resumed; the message says why."""


# ---------------------------------------------------------------- writing


def _checksum(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _starts(pack: "Pack", role: str, route: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {n: v.start for n, v in pack.variables.items()}
    values.update(pack.roles[role].start)
    if route is not None and route in pack.routes:
        values.update(pack.routes[route].set)
    return values


def decision_dict(played) -> dict[str, Any]:
    """One ``Played`` as the record stores it."""
    d, t = played.decision, played.tally
    ch = played.chance
    return {
        "number": d.number,
        "scene": d.scene,
        "scene_title": d.title,
        "options": [{"id": o.id, "label": o.label, "available": o.available} for o in d.options],
        "split": {c.option: {"phones": c.phones, "hands": c.hands} for c in t.counts},
        "joined": t.joined,
        "voted": t.voted,
        "played": played.option,
        "label": played.label,
        "tie_pick": played.tie_pick,
        "tied": list(played.tied),
        "closed_by": played.closed_by,
        "chance": None if ch is None else {"draw": ch.draw, "weight": ch.weight, "total": ch.total,
                                           "share": round(ch.share, 4)},
        "after": dict(played.values),
    }


def to_dict(room: "Room") -> dict[str, Any]:
    """The record of ``room`` as it stands (with its checksum)."""
    pack, state = room.pack, room.state
    role = pack.roles.get(state.role)
    route = pack.routes.get(state.route or "")
    ending = pack.endings.get(state.ending or "")
    body: dict[str, Any] = {
        "format": FORMAT,
        "schema": SCHEMA,
        "engine": __version__,
        "started_at": room.started_at,
        "saved_at": room.now_iso(),
        "pack": {"id": pack.id, "version": pack.version, "title": pack.title, "hash": pack.content_hash},
        "role": state.role,
        "role_title": role.title if role else state.role,
        "route": state.route,
        "route_title": route.title if route else None,
        "seed": state.seed,
        "seconds": room.timer.seconds,
        "start": _starts(pack, state.role, state.route),
        "decisions": [decision_dict(p) for p in room.results],
        "finished": state.finished,
        "ending": {"id": ending.id, "title": ending.title} if ending else None,
    }
    body["checksum"] = _checksum(body)
    return body


def write(path: Path, room: "Room") -> Path:
    """Write the record atomically (the old one becomes ``.bak``). Raises OSError on failure."""
    data = json.dumps(to_dict(room), indent=1, ensure_ascii=False).encode("utf-8")
    atomic_write(Path(path), data, keep_backup=True)
    return Path(path)


def default_path(folder: Path, pack_id: str, when: datetime | None = None) -> Path:
    """A fresh record file name in ``folder``: ``workshop-PACK-YYYYmmdd-HHMMSS.json`` (never an existing one)."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^a-z0-9_-]", "-", pack_id.lower())[:48] or "pack"
    path = Path(folder) / f"{PREFIX}{safe}-{stamp}.json"
    n = 2
    while path.exists() or path.with_name(path.name + ".bak").exists():
        path = Path(folder) / f"{PREFIX}{safe}-{stamp}-{n}.json"
        n += 1
    return path


def latest(folder: Path, pack_id: str | None = None) -> Path | None:
    """The most recently saved readable record in ``folder`` (of ``pack_id`` when given), or None."""
    found: list[tuple[str, str, Path]] = []
    for path in Path(folder).glob(PREFIX + "*.json"):
        try:
            body = read(path)
        except RecordError:
            continue
        if pack_id is None or body["pack"]["id"] == pack_id:
            found.append((str(body.get("saved_at", "")), path.name, path))
    return max(found)[2] if found else None


# ---------------------------------------------------------------- reading


def _parse(path: Path) -> dict[str, Any]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise RecordError(f"{path}: {size:,} bytes is far too large for a workshop record")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RecordError(f"{path}: no such file") from None
    except OSError as exc:
        raise RecordError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RecordError(f"{path}: damaged: not readable as JSON (truncated or corrupted)") from None
    try:
        return check(body)
    except RecordError as exc:
        raise RecordError(f"{path}: {exc}") from None


def read(path: Path) -> dict[str, Any]:
    """Read and check a record; a damaged one falls back to its ``.bak``. Raises RecordError."""
    path = Path(path)
    try:
        return _parse(path)
    except RecordError as first:
        bak = path.with_name(path.name + ".bak")
        if bak.is_file():
            try:
                return _parse(bak)
            except RecordError:
                pass
        raise first


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _check_decision(i: int, d: object) -> None:
    where = f"decision {i}"
    if not isinstance(d, dict):
        raise RecordError(f"damaged: {where} is not an object")
    for key, ok in (
        ("number", _is_int), ("scene", lambda x: isinstance(x, str)), ("played", lambda x: isinstance(x, str)),
        ("tie_pick", lambda x: isinstance(x, bool)), ("split", lambda x: isinstance(x, dict)),
        ("options", lambda x: isinstance(x, list)), ("after", lambda x: isinstance(x, dict)),
        ("closed_by", lambda x: isinstance(x, str)),
        ("chance", lambda x: x is None or (isinstance(x, dict) and _is_int(x.get("draw")))),
    ):
        if not ok(d.get(key)):
            raise RecordError(f"damaged: {where} has a missing or wrong '{key}'")
    for opt, c in d["split"].items():
        if not (isinstance(c, dict) and _is_int(c.get("phones")) and _is_int(c.get("hands"))
                and c["phones"] >= 0 and c["hands"] >= 0):
            raise RecordError(f"damaged: {where}'s split for '{opt}' is not two counts")


def check(body: object) -> dict[str, Any]:
    """Check a loaded record (format, schema, checksum, field types); returns it without the checksum."""
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise RecordError("not a summit-game workshop record")
    if body.get("schema") != SCHEMA:
        raise RecordError(f"written by a different version of summit-game (record schema {body.get('schema')!r}, "
                          f"this one reads {SCHEMA})")
    body = dict(body)
    checksum = body.pop("checksum", None)
    if not isinstance(checksum, str) or checksum != _checksum(body):
        raise RecordError("damaged: its checksum does not match its contents")
    pack = body.get("pack")
    ok = (
        isinstance(pack, dict) and isinstance(pack.get("id"), str)
        and isinstance(body.get("role"), str)
        and (body.get("route") is None or isinstance(body.get("route"), str))
        and _is_int(body.get("seed"))
        and (body.get("seconds") is None or (isinstance(body.get("seconds"), (int, float))
                                             and not isinstance(body.get("seconds"), bool) and body["seconds"] > 0))
        and isinstance(body.get("decisions"), list)
    )
    if not ok:
        raise RecordError("damaged: fields are missing or of the wrong type")
    for i, d in enumerate(body["decisions"], 1):
        _check_decision(i, d)
    return body


# ---------------------------------------------------------------- resuming


def rebuild(cls: type["Room"], body: dict[str, Any], pack: "Pack", **kwargs: Any) -> "Room":
    """Replay a checked record through the engine into a new room (see ``Room.resume``)."""
    from .room import Count, Decision, Played, Tally, chance_of

    if body["pack"]["id"] != pack.id:
        raise RecordError(f"this record is of the pack '{body['pack']['id']}', not '{pack.id}'")
    try:
        state = E.start(pack, body["role"], body["seed"], body.get("route"))
    except E.EngineError as exc:
        raise RecordError(f"this record no longer fits the pack: {exc}") from None
    results: list[Played] = []
    outcomes: list[E.Outcome] = []
    for i, d in enumerate(body["decisions"], 1):
        def unfit(why: str) -> RecordError:
            return RecordError(f"this record no longer fits the pack '{pack.id}' (edited since the workshop?): "
                               f"decision {i} of {len(body['decisions'])}: {why}")

        if state.finished:
            raise unfit("the game had already ended")
        if state.scene != d["scene"]:
            raise unfit(f"the record was at scene '{d['scene']}' but the pack is now at '{state.scene}'")
        opts = tuple(E.options(pack, state))
        scene = E.current_scene(pack, state)
        assert scene is not None
        draw = d["chance"]["draw"] if d["chance"] else None
        try:
            new_state, outcome = E.choose(pack, state, d["played"], draw=draw)
        except E.EngineError as exc:
            raise unfit(str(exc)) from None
        if draw is not None and outcome.draw != draw:
            raise unfit(f"the chance outcome {draw + 1} of '{d['played']}' is no longer there")
        decision = Decision(len(state.history) + 1, scene.id, scene.title, scene.text_for(state.role), opts)
        split = d["split"]
        counts = tuple(Count(o.id, split.get(o.id, {}).get("phones", 0), split.get(o.id, {}).get("hands", 0))
                       for o in opts)
        tally = Tally(counts, d.get("joined", 0) if _is_int(d.get("joined")) else 0,
                      d.get("voted", 0) if _is_int(d.get("voted")) else 0)
        results.append(Played(
            decision=decision, tally=tally, option=d["played"], label=outcome.label,
            tie_pick=d["tie_pick"], tied=tuple(x for x in d.get("tied", []) if isinstance(x, str)),
            closed_by=d["closed_by"], chance=chance_of(pack, scene.id, d["played"], outcome.draw),
            outcome=outcome, values=dict(new_state.values),
        ))
        outcomes.append(outcome)
        state = new_state
    kwargs.setdefault("seconds", body.get("seconds"))
    kwargs.setdefault("started_at", body.get("started_at") if isinstance(body.get("started_at"), str) else None)
    room = cls(pack, state, **kwargs)
    room.results = results
    room.outcomes = outcomes
    room._open()
    return room
