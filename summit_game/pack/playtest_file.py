"""``playtest.yaml``: named lines of play and expectations about outcomes.

A pack may hold a ``playtest.yaml`` beside its ``pack.yaml``::

    lines:
      listener:                    # a named line of play
        role: east
        route: full                # optional: the pack's first route
        prefer: [listen, share, mediator.accept]
    expect:
      - reachable: shared_bridge   # some path reaches it ...
        role: east                 # ... for this role (any role when left out)
      - line: listener             # this line ends here at least 20% of the time
        ending: shared_bridge
        at_least: 0.2
      - meter: trust               # mean final value, compared between two lines
        higher_on: listener
        than: builder

The file is read with the pack's own located YAML reader and validated with
the strict models below (the same ones give ``playtest.schema.json``); then
every name in it is checked against the loaded pack. Problems are located
diagnostics, like the pack's own.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import comments, invisible
from ._yaml import Located, YamlProblem, read_yaml
from .compiled import Pack
from .diagnostics import Diagnostic, display_path
from .globbing import inside, what_is
from .model import Id
from .shape_errors import schema_errors

FILE_NAME = "playtest.yaml"
MAX_BYTES = 1_000_000  # as a pack's YAML files

Share = Annotated[float, Field(ge=0, le=1, description="A share of games, from 0 to 1 (0.2 is 20%).")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Line(_Model):
    """A line of play: a role (and route) that takes its preferred choices whenever they are available."""

    role: Id = Field(description="The role this line plays.")
    route: Id | None = Field(None, description="The route it plays. Default: the pack's first route.")
    prefer: list[str] = Field(
        default_factory=list,
        description="Choices taken whenever available, first listed first: `choice_id` (in any scene) or "
        "`scene.choice_id`. Where none is available, each available choice is equally likely.",
    )
    note: str = Field("", description="What this line stands for (shown in the report).")


class Reachable(_Model):
    """Some path reaches this ending or scene."""

    reachable: Id = Field(description="An ending or scene id.")
    role: Id | None = Field(None, description="For this role (default: for at least one role).")
    route: Id | None = Field(None, description="On this route (default: on any route).")
    line: Id | None = Field(None, description="On this line of play instead of an unweighted player.")


class Unreachable(_Model):
    """No path reaches this ending or scene."""

    unreachable: Id = Field(description="An ending or scene id.")
    role: Id | None = Field(None, description="For this role (default: for every role).")
    route: Id | None = Field(None, description="On this route (default: on every route).")
    line: Id | None = Field(None, description="On this line of play instead of an unweighted player.")


def _one_of(*keys: str, message: str) -> dict:
    """Exactly one of ``keys``; ``errorMessage`` is the words editors (VS Code, yaml-language-server) show."""
    return {"oneOf": [{"required": [k], "errorMessage": message} for k in keys]}


def _any_of(*keys: str, message: str) -> dict:
    return {"anyOf": [{"required": [k], "errorMessage": message} for k in keys]}


_LINE_OR_ROLE = "give exactly one of 'line' or 'role'"
_A_BOUND = "give 'at_least' or 'at_most' (or both), e.g. at_least: 0.2"
_HIGHER_OR_LOWER = "give exactly one of 'higher_on' or 'lower_on'"


class EndingShare(_Model):
    """How often a line of play (or an unweighted player of a role) ends in this ending."""

    # what _complete checks, said in the JSON Schema too (but for at_least <= at_most, which it cannot say)
    model_config = ConfigDict(json_schema_extra={"allOf": [
        _one_of("line", "role", message=_LINE_OR_ROLE), {"not": {"required": ["line", "route"]}},
        _any_of("at_least", "at_most", message=_A_BOUND)]})

    ending: Id = Field(description="The ending whose share is checked.")
    line: Id | None = Field(None, description="A line of play (or give `role`).")
    role: Id | None = Field(None, description="An unweighted player of this role (or give `line`).")
    route: Id | None = Field(None, description="With `role`: the route (default: the pack's first route).")
    at_least: Share | None = None
    at_most: Share | None = None

    @model_validator(mode="after")
    def _complete(self) -> "EndingShare":
        if (self.line is None) == (self.role is None):
            raise ValueError(_LINE_OR_ROLE)
        if self.line is not None and self.route is not None:
            raise ValueError("'route' goes with 'role'; a line of play names its own route")
        if self.at_least is None and self.at_most is None:
            raise ValueError(_A_BOUND)
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise ValueError(f"at_least ({self.at_least}) is more than at_most ({self.at_most})")
        return self


class MeterCompare(_Model):
    """A meter's mean final value is higher (or lower) on one line of play than on another."""

    model_config = ConfigDict(json_schema_extra=_one_of("higher_on", "lower_on", message=_HIGHER_OR_LOWER))

    meter: Id = Field(description="A meter (or a flag: then the share of games ending with it true).")
    higher_on: Id | None = Field(None, description="The line where the mean final value is higher.")
    lower_on: Id | None = Field(None, description="The line where the mean final value is lower.")
    than: Id = Field(description="The line it is compared with.")

    @model_validator(mode="after")
    def _complete(self) -> "MeterCompare":
        if (self.higher_on is None) == (self.lower_on is None):
            raise ValueError(_HIGHER_OR_LOWER)
        return self


Expectation = Union[Reachable, Unreachable, EndingShare, MeterCompare]

#: the key that tells which kind an expectation is, in the order they are tried
_KINDS: list[tuple[str, type[BaseModel]]] = [
    ("reachable", Reachable), ("unreachable", Unreachable), ("meter", MeterCompare), ("ending", EndingShare),
]


class PlaytestFile(_Model):
    """playtest.yaml: named lines of play and expectations that `summit-game playtest` checks."""

    lines: dict[Id, Line] = Field(default_factory=dict, description="Named lines of play.")
    expect: list[Expectation] = Field(default_factory=list, description="Expectations about outcomes.")


@dataclass(frozen=True)
class Pref:
    """One entry of a line's ``prefer`` list: a choice id, in one scene or in any."""

    scene: str | None
    choice: str

    def __str__(self) -> str:
        return f"{self.scene}.{self.choice}" if self.scene else self.choice


@dataclass(frozen=True)
class LineSpec:
    id: str
    role: str
    route: str | None
    prefer: tuple[Pref, ...]
    note: str
    where: tuple[str, int, int]


@dataclass(frozen=True)
class ExpectSpec:
    model: BaseModel
    where: tuple[str, int, int]  # file, line, column of the expectation

    @property
    def kind(self) -> str:
        return {Reachable: "reachable", Unreachable: "unreachable", EndingShare: "share",
                MeterCompare: "meter"}[type(self.model)]


@dataclass
class Playtest:
    file: str | None  # as shown to the author; None when the pack has no playtest.yaml
    lines: dict[str, LineSpec]
    expect: list[ExpectSpec]
    warnings: list[Diagnostic] = field(default_factory=list)  # of the file itself (SG114, SG116), located


class PlaytestFileError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__(self.diagnostics[0].format_text() if self.diagnostics else "invalid playtest.yaml")


def _sub(doc: Located, prefix: tuple) -> Located:
    """The part of ``doc`` under ``prefix``, with positions re-keyed from there."""
    n = len(prefix)
    value: Any = doc.value
    for part in prefix:
        value = value[part]
    return Located(
        value, doc.file,
        {p[n:]: v for p, v in doc.spans.items() if p[:n] == prefix},
        {p[n:]: v for p, v in doc.keys.items() if p[:n] == prefix},
    )


def _close(name: str, options, holder: str = "this pack has") -> str:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    options = sorted(options)
    shown = ", ".join(options[:12]) + (" ..." if len(options) > 12 else "")
    return f"{holder}: {shown}" if options else f"{holder} none"


def read_playtest(pack: Pack, path: Path | None = None) -> Playtest:
    """Read the pack's ``playtest.yaml`` (or ``path``); an empty Playtest when there is none.

    Raises ``PlaytestFileError`` with located diagnostics for a bad file.
    """
    own = path is None  # the pack's own file: it must lie in the pack (a path given is the caller's choice)
    path = path or Path(pack.root) / FILE_NAME
    kind = what_is(path)  # a stat only: a FIFO (whose read would block forever) or a device is never opened
    if kind == "missing":
        return Playtest(None, {}, [])
    shown = display_path(path)
    if kind != "file":
        what = {"other": "is not a regular file (a device, FIFO or socket, or a link to one)",
                "folder": "is a folder"}.get(kind, f"cannot be read: {kind}")
        raise PlaytestFileError([Diagnostic(shown, 0, 0, "SG001", f"{FILE_NAME} {what}",
                                            f"{FILE_NAME} is a plain YAML file beside pack.yaml")])
    if own and not inside(Path(pack.root), path):
        raise PlaytestFileError([Diagnostic(shown, 0, 0, "SG001", f"{FILE_NAME} links outside the pack folder",
                                            "copy the file into the pack instead of linking to it")])
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PlaytestFileError([Diagnostic(shown, 0, 0, "SG002", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")])
        data = path.read_bytes()
    except OSError as exc:
        raise PlaytestFileError([Diagnostic(shown, 0, 0, "SG001", f"cannot read file: {exc.strerror or exc}")]) from None
    try:
        doc = read_yaml(data, shown)
    except YamlProblem as problem:
        raise PlaytestFileError([problem.diagnostic]) from None
    found = invisible.check(doc, data, shown)  # SG036 in a name or a key; SG114 in a note or a comment
    found += comments.check(doc, data, shown)  # a value followed by ' #word' (SG116), as in the pack's files
    refused = [d for d in found if d.is_error]
    if refused:
        raise PlaytestFileError(refused)
    playtest = parse_playtest(pack, doc)
    playtest.warnings = sorted(found)
    return playtest


def parse_playtest(pack: Pack, doc: Located) -> Playtest:
    shown = doc.file
    diags: list[Diagnostic] = []
    value = doc.value if doc.value is not None else {}
    if not isinstance(value, dict):
        line, col = doc.where(())
        raise PlaytestFileError([Diagnostic(shown, line, col, "SG012",
                                            "playtest.yaml holds a mapping with 'lines:' and 'expect:'")])
    doc = Located(value, doc.file, doc.spans, doc.keys)
    raw_expect = value.get("expect", [])
    try:
        top = PlaytestFile.model_validate({**value, "expect": []})
    except ValidationError as exc:
        diags += schema_errors(exc, doc, PlaytestFile, shown)
        top = None
    models: list[tuple[int, BaseModel]] = []
    if not isinstance(raw_expect, list):
        line, col = doc.where(("expect",))
        diags.append(Diagnostic(shown, line, col, "SG012", "expect: expected a list of expectations"))
        raw_expect = []
    for i, item in enumerate(raw_expect):
        line, col = doc.where(("expect", i))
        if not isinstance(item, dict):
            diags.append(Diagnostic(shown, line, col, "SG012", "an expectation is a mapping, e.g. {reachable: ending_id}"))
            continue
        cls = next((c for key, c in _KINDS if key in item), None)
        if cls is None:
            diags.append(Diagnostic(
                shown, line, col, "SG012",
                "an expectation needs one of: reachable, unreachable, ending (with at_least or at_most), "
                "meter (with higher_on or lower_on, and than)"))
            continue
        try:
            models.append((i, cls.model_validate(item)))
        except ValidationError as exc:
            diags += schema_errors(exc, _sub(doc, ("expect", i)), cls, shown)
    if diags or top is None:
        raise PlaytestFileError(diags)

    # names checked against the pack
    def where(path: tuple, key: bool = False) -> tuple[str, int, int]:
        line, col = doc.where(path, key)
        return shown, line, col

    def unknown(path: tuple, what: str, name: str, options, message: str = "", holder: str = "this pack has") -> None:
        f, line, col = where(path)
        diags.append(Diagnostic(f, line, col, "SG201", message or f"unknown {what} '{name}'",
                                _close(name, options, holder)))

    choice_ids = {c.id for s in pack.scenes.values() for c in s.choices}
    default_route = next(iter(pack.routes), None)
    lines: dict[str, LineSpec] = {}
    for name, ln in top.lines.items():
        base = ("lines", name)
        if ln.role not in pack.roles:
            unknown(base + ("role",), "role", ln.role, pack.roles)
        if ln.route is not None and ln.route not in pack.routes:
            unknown(base + ("route",), "route", ln.route, pack.routes)
        prefs: list[Pref] = []
        for j, entry in enumerate(ln.prefer):
            scene_id, _, cid = entry.rpartition(".")
            p = base + ("prefer", j)
            if scene_id:
                scene = pack.scenes.get(scene_id)
                if scene is None:
                    unknown(p, "scene", scene_id, pack.scenes)
                    continue
                choice = scene.choice(cid)
                if choice is None:
                    unknown(p, "choice", cid, [c.id for c in scene.choices],
                            f"scene '{scene_id}' has no choice '{cid}'", "its choices are")
                    continue
                seen_by = [choice] if choice.roles is None or ln.role in choice.roles else []
            else:
                if cid not in choice_ids:
                    unknown(p, "choice", cid, choice_ids)
                    continue
                seen_by = [c for s in pack.scenes.values() for c in s.choices
                           if c.id == cid and (c.roles is None or ln.role in c.roles)]
            if not seen_by and ln.role in pack.roles:
                f, line, col = where(p)
                diags.append(Diagnostic(f, line, col, "SG201",
                                        f"the {ln.role} role never sees choice '{entry}'",
                                        "its 'roles:' leave this role out"))
                continue
            prefs.append(Pref(scene_id or None, cid))
        lines[name] = LineSpec(name, ln.role, ln.route if ln.route is not None else default_route,
                               tuple(prefs), ln.note, where(base, key=True))

    expects: list[ExpectSpec] = []
    targets = {**pack.scenes, **pack.endings}
    for i, m in models:
        base = ("expect", i)
        for field in ("role",):
            v = getattr(m, field, None)
            if v is not None and v not in pack.roles:
                unknown(base + (field,), "role", v, pack.roles)
        route = getattr(m, "route", None)
        if route is not None and route not in pack.routes:
            unknown(base + ("route",), "route", route, pack.routes)
        for field in ("line", "higher_on", "lower_on", "than"):
            v = getattr(m, field, None)
            if v is not None and v not in top.lines:
                unknown(base + (field,), "line of play", v, top.lines, holder="the lines of this file are")
        if isinstance(m, (Reachable, Unreachable)):
            target = m.reachable if isinstance(m, Reachable) else m.unreachable
            key = "reachable" if isinstance(m, Reachable) else "unreachable"
            if target not in targets:
                unknown(base + (key,), "ending or scene", target, targets)
            if m.line is not None and (m.role is not None or m.route is not None):
                f, line, col = where(base)
                diags.append(Diagnostic(f, line, col, "SG012", "a line of play names its own role and route: "
                                        "give 'line' or 'role'/'route', not both"))
        elif isinstance(m, EndingShare):
            if m.ending not in pack.endings:
                unknown(base + ("ending",), "ending", m.ending, pack.endings)
        elif isinstance(m, MeterCompare):
            if m.meter not in pack.variables:
                unknown(base + ("meter",), "variable", m.meter, pack.variables)
        expects.append(ExpectSpec(m, where(base)))
    if diags:
        raise PlaytestFileError(diags)
    return Playtest(shown, lines, expects)


__all__ = [
    "EndingShare", "ExpectSpec", "Expectation", "FILE_NAME", "Line", "LineSpec", "MeterCompare", "Playtest",
    "PlaytestFile", "PlaytestFileError", "Pref", "Reachable", "Unreachable", "parse_playtest", "read_playtest",
]
