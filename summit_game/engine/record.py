"""The JSON record of a finished game: what ``summit-game compare`` reads.

Written beside the Markdown debrief (same name, ``.record.json``) when a TUI or
plain game ends; the room's debrief (``summit_game.workshop.debrief``) writes the
same format with ``kind: "room"`` and each decision's vote split. The dots in
the name keep it out of the saves list (a slot name has none).

Format (``schema`` 1)::

    {
      "format": "summit-game-record", "schema": 1, "kind": "game" | "room",
      "engine": "0.1.0", "written_at": "2025-08-18T10:00:00+00:00",
      "team": "",                      # a team's name, "" when none was given
      "pack": {"id", "version", "title", "hash", "as_of"},   # as_of: what the scenario knows and when
      "role": {"id", "title"}, "route": {"id", "title"} | null, "seed": 3,
      "decisions": [{
          "number": 1, "scene": "battlefield", "scene_title": "...",
          "choice": "cede", "label": "...",
          "chance": null | {"outcome": 1, "of": 2, "weight": 2, "total": 3},
          "votes": null | {"options": [{"id", "label", "phones", "hands", "total"}],
                           "joined": 12, "tie": false, "picked": false}
      }],
      "meters": [{"name", "label", "start", "final"}],
      "ending": {"id", "title"} | null,
      "debrief": "debrief-....md"      # the Markdown written beside it, if any
    }

Rooms add more (the article on the options not taken, why the ending came
about...); readers ignore what they do not know. ``read_record`` turns a file
into a ``Summary``, the one shape ``compare`` shows; every problem with a file is
a ``RecordError`` whose message names the file, and the line and column or the
field at fault.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import __version__
from ..pack.compiled import Pack
from .core import Outcome, State
from .saves import atomic_write

FORMAT = "summit-game-record"
SCHEMA = 1
SUFFIX = ".record.json"
TEAM_MAX = 40
MAX_RECORD_BYTES = 2_000_000


class RecordError(Exception):
    """A record that cannot be read; the message names the file and what is wrong."""


class TeamNameError(ValueError):
    pass


def check_team(name: str | None) -> str:
    """A team name as given, trimmed; refuse empty, over-long or control characters."""
    if name is None:
        return ""
    name = " ".join(name.split())
    if not name:
        raise TeamNameError("a team name cannot be empty")
    if len(name) > TEAM_MAX:
        raise TeamNameError(f"a team name has at most {TEAM_MAX} characters (this one has {len(name)})")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise TeamNameError("a team name cannot contain control characters")
    return name


# ---------------------------------------------------------------- the shape compare reads


@dataclass(frozen=True)
class Tally:
    """One option of a room's vote."""

    choice: str
    label: str
    phones: int
    hands: int

    @property
    def total(self) -> int:
        return self.phones + self.hands


@dataclass(frozen=True)
class Chance:
    outcome: int  # 1-based
    of: int | None  # how many outcomes there were (a room's live record does not say)
    weight: int
    total: int

    def words(self) -> str:
        of = f" of {self.of}" if self.of else ""
        return f"chance: outcome {self.outcome}{of} ({self.weight} in {self.total})"


@dataclass(frozen=True)
class SummaryDecision:
    number: int
    scene: str
    scene_title: str
    choice: str
    label: str
    chance: Chance | None = None
    votes: tuple[Tally, ...] | None = None  # rooms only
    tie: bool = False
    picked: bool = False  # the facilitator picked among tied options

    def split(self) -> str:
        """'12 of 20: 8 / 5 / 2' style words for a room's vote ('' for a game)."""
        if self.votes is None:
            return ""
        total = sum(t.total for t in self.votes)
        parts = [f"{t.total}" for t in self.votes]
        return f"{' / '.join(parts)} (of {total})"


@dataclass(frozen=True)
class Meter:
    name: str
    label: str
    start: Any
    final: Any


@dataclass(frozen=True)
class Summary:
    """A finished (or interrupted) game or room, as ``compare`` shows it."""

    path: Path
    kind: str  # "game" | "room"
    team: str
    pack_id: str
    pack_version: str
    pack_title: str
    role: str
    role_title: str
    route: str | None
    route_title: str | None
    seed: int | None
    decisions: tuple[SummaryDecision, ...]
    meters: tuple[Meter, ...]
    ending: str | None
    ending_title: str | None
    started: str = ""  # a room's start time (ISO), "" for a game
    written: str = ""  # when a game's record was written (ISO), "" for a room

    @property
    def name(self) -> str:
        """What to call it in a table: the team, a room by its start, a game by the time it ended,
        else the file's name."""
        if self.team:
            return self.team
        if self.kind == "room" and self.started:
            return "Room of " + self.started[:16].replace("T", " ")
        if self.kind == "game" and self.written:  # the time it ended, on this computer's clock
            try:
                ended = datetime.fromisoformat(self.written).astimezone()
            except ValueError:
                pass
            else:
                return f"Game at {ended:%H:%M}"
        name = self.path.name
        for suffix in (SUFFIX, ".json"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return name


# ---------------------------------------------------------------- writing


def _chance(pack: Pack, o: Outcome) -> dict | None:
    if o.draw is None:
        return None
    scene = pack.scenes.get(o.scene)
    choice = scene.choice(o.choice) if scene else None
    if choice is None or not choice.chance:
        return None
    weights = [c.weight for c in choice.chance]
    return {"outcome": o.draw + 1, "of": len(weights), "weight": weights[o.draw], "total": sum(weights)}


def meter_starts(pack: Pack, role: str, route: str | None) -> dict[str, Any]:
    starts = {n: v.start for n, v in pack.variables.items()}
    r = pack.roles.get(role)
    if r:
        starts.update(r.start)
    rt = pack.routes.get(route or "")
    if rt:
        starts.update(rt.set)
    return starts


def game_record(pack: Pack, state: State, outcomes, team: str = "", debrief: str | None = None,
                now: datetime | None = None, kind: str = "game") -> dict[str, Any]:
    """The record of a game as a JSON-ready dict (``kind='room'`` for the room's debrief)."""
    role = pack.roles.get(state.role)
    route = pack.routes.get(state.route or "")
    ending = pack.endings.get(state.ending or "")
    starts = meter_starts(pack, state.role, state.route)
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "kind": kind,
        "engine": __version__,
        "written_at": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "team": team,
        "pack": {"id": pack.id, "version": pack.version, "title": pack.title, "hash": pack.content_hash,
                 "as_of": pack.as_of},
        "role": {"id": state.role, "title": role.title if role else state.role},
        "route": {"id": route.id, "title": route.title} if route else None,
        "seed": state.seed,
        "decisions": [
            {"number": i, "scene": o.scene, "scene_title": o.scene_title, "choice": o.choice, "label": o.label,
             "chance": _chance(pack, o), "votes": None}
            for i, o in enumerate(outcomes, 1)
        ],
        "meters": [
            {"name": n, "label": v.label, "start": starts[n], "final": state.values.get(n)}
            for n, v in pack.variables.items() if v.show
        ],
        "ending": {"id": ending.id, "title": ending.title} if ending else None,
        "debrief": debrief,
    }


def write_record(path: Path, record: dict[str, Any]) -> Path:
    atomic_write(Path(path), json.dumps(record, indent=1, ensure_ascii=False).encode("utf-8"))
    return Path(path)


def record_path(markdown: Path) -> Path:
    """The record beside a Markdown debrief: ``debrief-x.md`` -> ``debrief-x.record.json``."""
    markdown = Path(markdown)
    return markdown.with_name(markdown.stem + SUFFIX)


# ---------------------------------------------------------------- reading


def load_json(path: Path, limit: int = MAX_RECORD_BYTES) -> Any:
    """A JSON file, or a RecordError naming the file (and the line:column of a syntax error)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise RecordError(f"{path}: {size:,} bytes is too large for a record (at most {limit:,})")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RecordError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RecordError(f"{path}: is a folder, not a record") from None
    except OSError as exc:
        raise RecordError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(f"{path}: not UTF-8 text (byte {exc.start}); is it a record?") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise RecordError(f"{path}: not a record (nested too deeply)") from None


class _Fields:
    """Typed access to a JSON object that names the field at fault."""

    def __init__(self, path: Path, data: Any, where: str = ""):
        self.path, self.data, self.where = path, data, where
        if not isinstance(data, dict):
            raise self.error(f"expected an object, found {_kind(data)}")

    def error(self, message: str, key: str | None = None) -> RecordError:
        at = self.where + (("." if self.where else "") + key if key else "")
        return RecordError(f"{self.path}: {at + ': ' if at else ''}{message}")

    def get(self, key: str, types: type | tuple[type, ...], optional: bool = False, default: Any = None) -> Any:
        if key not in self.data or self.data[key] is None:
            if optional:
                return default
            raise self.error("missing", key)
        value = self.data[key]
        if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
            raise self.error(f"expected {_name(types)}, found true/false", key)
        if not isinstance(value, types):
            raise self.error(f"expected {_name(types)}, found {_kind(value)}", key)
        if isinstance(value, str):  # a record is a file someone sent: no terminal escapes reach the screen
            value = "".join("\ufffd" if unicodedata.category(ch) == "Cc" else ch for ch in value)
        return value

    def obj(self, key: str, optional: bool = False) -> "_Fields | None":
        value = self.get(key, dict, optional)
        return None if value is None else _Fields(self.path, value, self._at(key))

    def items(self, key: str) -> list["_Fields"]:
        return [_Fields(self.path, v, f"{self._at(key)}[{i}]") for i, v in enumerate(self.get(key, list))]

    def _at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key


def _name(types) -> str:
    names = {str: "text", int: "a whole number", dict: "an object", list: "a list", bool: "true/false",
             float: "a number"}
    types = types if isinstance(types, tuple) else (types,)
    return " or ".join(names.get(t, t.__name__) for t in types)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def summary_from_record(path: Path, data: Any) -> Summary:
    """A ``summit-game-record`` (game or room) as a ``Summary``; RecordError says what is wrong."""
    f = _Fields(path, data)
    if f.data.get("format") == "summit-game-save":
        raise f.error("this is a saved game, not a record; a finished game's record is the "
                      "debrief-....record.json beside its debrief")
    if f.data.get("format") != FORMAT:
        raise f.error(f"not a summit-game record (its format is {f.data.get('format')!r})")
    if f.data.get("schema") != SCHEMA:
        raise f.error(f"written by another version of summit-game (record schema {f.data.get('schema')!r}; "
                      f"this one reads {SCHEMA})")
    kind = f.get("kind", str)
    if kind not in ("game", "room"):
        raise f.error(f"expected 'game' or 'room', found {kind!r}", "kind")
    pack = f.obj("pack")
    role = f.obj("role")
    route = f.obj("route", optional=True)
    ending = f.obj("ending", optional=True)
    decisions = []
    for d in f.items("decisions"):
        chance = d.obj("chance", optional=True)
        votes = d.obj("votes", optional=True)
        tallies = None
        tie = picked = False
        if votes is not None:
            tallies = tuple(
                Tally(o.get("id", str), o.get("label", str), o.get("phones", int), o.get("hands", int))
                for o in votes.items("options")
            )
            tie = votes.get("tie", bool, optional=True, default=False)
            picked = votes.get("picked", bool, optional=True, default=False)
        decisions.append(SummaryDecision(
            d.get("number", int), d.get("scene", str), d.get("scene_title", str), d.get("choice", str),
            d.get("label", str),
            Chance(chance.get("outcome", int), chance.get("of", int), chance.get("weight", int),
                   chance.get("total", int)) if chance else None,
            tallies, tie, picked,
        ))
    meters = tuple(
        Meter(m.get("name", str), m.get("label", str), m.get("start", (int, bool, str)),
              m.get("final", (int, bool, str)))
        for m in f.items("meters")
    )
    return Summary(
        path=Path(path), kind=kind, team=f.get("team", str, optional=True, default=""),
        pack_id=pack.get("id", str), pack_version=pack.get("version", str, optional=True, default=""),
        pack_title=pack.get("title", str, optional=True, default=""),
        role=role.get("id", str), role_title=role.get("title", str, optional=True, default=""),
        route=route.get("id", str) if route else None,
        route_title=route.get("title", str, optional=True, default="") if route else None,
        seed=f.get("seed", int, optional=True),
        decisions=tuple(decisions), meters=meters,
        ending=ending.get("id", str) if ending else None,
        ending_title=ending.get("title", str, optional=True, default="") if ending else None,
        started=f.get("started_at", str, optional=True, default=""),
        written=f.get("written_at", str, optional=True, default="") if kind == "game" else "",
    )


def read_record(path: Path) -> Summary:
    return summary_from_record(Path(path), load_json(path))

