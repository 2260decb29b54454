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
the strict models of ``playtest_models`` (the same ones give ``playtest.schema.json``);
then every name in it is checked against the loaded pack. Problems are located
diagnostics, like the pack's own.

``summit-game check`` reads the file too (``check_playtest``), without running the
playtest: a plainly valid file is validated by ``plain`` below, without importing
pydantic (a check of a valid pack never does); anything else goes to the models,
which say what is wrong and where.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, NamedTuple

from .._lazy import lazy
from . import comments, invisible
from ._yaml import Located, YamlProblem, read_yaml
from .compiled import Pack
from .diagnostics import Diagnostic, display_path
from .globbing import inside, what_is

difflib = lazy("difflib")

#: the models (pydantic), imported where they are used: ``from playtest_file import Reachable`` works too
_MODEL_NAMES = {"EndingShare", "Expectation", "Line", "MeterCompare", "PlaytestFile", "Reachable", "Unreachable"}


def __getattr__(name: str) -> Any:
    if name in _MODEL_NAMES:
        from . import playtest_models

        return getattr(playtest_models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

FILE_NAME = "playtest.yaml"
MAX_BYTES = 1_000_000  # as a pack's YAML files

# NamedTuples and a plain class rather than dataclasses: ``check`` imports this module for every pack
# with a playtest.yaml, and making four dataclasses took 2 ms of a 80 ms check (eight per cent of the
# margin the check-as-a-process benchmark has); these take a tenth of that.
class Pref(NamedTuple):
    """One entry of a line's ``prefer`` list: a choice id, in one scene or in any."""

    scene: str | None
    choice: str

    def __str__(self) -> str:
        return f"{self.scene}.{self.choice}" if self.scene else self.choice


class LineSpec(NamedTuple):
    id: str
    role: str
    route: str | None
    prefer: tuple[Pref, ...]
    note: str
    where: tuple[str, int, int]


class ExpectSpec(NamedTuple):
    model: Any  # a playtest_models model (or, read by check_playtest, a Plain that reads like one)
    where: tuple[str, int, int]  # file, line, column of the expectation

    @property
    def kind(self) -> str:
        return {"Reachable": "reachable", "Unreachable": "unreachable", "EndingShare": "share",
                "MeterCompare": "meter"}[type(self.model).__name__]


class Playtest:
    """A pack's playtest.yaml as read: its named lines, its expectations, and its own warnings."""

    __slots__ = ("file", "lines", "expect", "warnings")

    def __init__(self, file: str | None, lines: dict[str, LineSpec], expect: list[ExpectSpec],
                 warnings: list[Diagnostic] | None = None) -> None:
        self.file = file  # as shown to the author; None when the pack has no playtest.yaml
        self.lines = lines
        self.expect = expect
        self.warnings = [] if warnings is None else warnings  # of the file itself (SG114, SG116), located

    def __repr__(self) -> str:
        return f"Playtest(file={self.file!r}, lines={self.lines!r}, expect={self.expect!r}, warnings={self.warnings!r})"


class PlaytestFileError(Exception):
    """A playtest.yaml with errors: ``diagnostics`` holds them and the file's warnings found with them
    (SG114, SG116), in file order, so an author sees every problem at once, as ``check`` shows them."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        first = next((d for d in self.diagnostics if d.is_error), None)
        super().__init__(first.format_text() if first else "invalid playtest.yaml")


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


def read_playtest(pack: Pack, path: Path | None = None, *, plain_first: bool = False) -> Playtest:
    """Read the pack's ``playtest.yaml`` (or ``path``); an empty Playtest when there is none.

    Raises ``PlaytestFileError`` with located diagnostics for a bad file. With ``plain_first``, a plainly
    valid file is validated without pydantic, and its expectations are ``Plain`` objects (``check``).
    """
    own = path is None  # the pack's own file: it must lie in the pack (a path given is the caller's choice)
    path = path or Path(pack.root) / FILE_NAME
    read = _read(Path(pack.root), path, own)
    if read is None:
        return Playtest(None, {}, [])
    doc, found, unread = read
    try:
        playtest = parse_playtest(pack, doc, plain_first=plain_first, unread=unread)
    except PlaytestFileError as exc:  # its shape or its names: said with the file's warnings too
        raise PlaytestFileError(exc.diagnostics + found) from None
    if any(d.is_error for d in found):  # a syntax error in an entry: the other entries were read
        raise PlaytestFileError(found)
    playtest.warnings = sorted(found)
    return playtest


def _read(root: Path, path: Path, own: bool) -> tuple[Located, list[Diagnostic], frozenset[str]] | None:
    """``path`` read as YAML, with its warnings (SG114, SG116); None when there is no such file, or
    PlaytestFileError for a file that cannot be read or is not YAML, or holds an SG036.

    A syntax error in an entry (a line of play, an expectation) is one of the diagnostics, and the other
    entries are read (``yaml_pieces``), so the file's other problems are said with it; the third item
    names the lines of play left unread, so that an expectation naming one is not told it names nothing."""
    kind = what_is(path)  # a stat only: a FIFO (whose read would block forever) or a device is never opened
    if kind == "missing":
        return None
    shown = display_path(path)
    if kind != "file":
        what = {"other": "is not a regular file (a device, FIFO or socket, or a link to one)",
                "folder": "is a folder"}.get(kind, f"cannot be read: {kind}")
        raise PlaytestFileError([Diagnostic(shown, 0, 0, "SG001", f"{FILE_NAME} {what}",
                                            f"{FILE_NAME} is a plain YAML file beside pack.yaml")])
    if own and not inside(root, path):
        raise PlaytestFileError([Diagnostic(shown, 0, 0, "SG001", f"{FILE_NAME} links outside the pack folder",
                                            "copy the file into the pack instead of linking to it")])
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PlaytestFileError([Diagnostic(shown, 0, 0, "SG002", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")])
        data = path.read_bytes()
    except OSError as exc:
        raise PlaytestFileError([Diagnostic(shown, 0, 0, "SG001", f"cannot read file: {exc.strerror or exc}")]) from None
    broken: list[Diagnostic] = []
    unread: frozenset[str] = frozenset()
    try:
        doc = read_yaml(data, shown)
    except YamlProblem as problem:
        from ._yaml import decode
        from .yaml_pieces import recover

        try:
            text = decode(data, shown)
        except YamlProblem:  # not UTF-8 (a UTF-16 file, say): there is no text to read entries from
            raise PlaytestFileError([problem.diagnostic]) from None
        got = recover(text, shown, problem.diagnostic)
        if got is None:
            raise PlaytestFileError([problem.diagnostic]) from None
        doc, broken, data = got.doc, got.errors, got.text.encode("utf-8")
        unread = frozenset(p.name for p in got.broken if p.under == "lines" and p.name)
    found = invisible.check(doc, data, shown)  # SG036 in a name or a key; SG114 in a note or a comment
    found += comments.check(doc, data, shown)  # a value followed by ' #word' (SG116), as in the pack's files
    if any(d.is_error for d in found):
        raise PlaytestFileError(broken + found)  # with the file's warnings: every problem at once
    return doc, broken + found, unread


def check_playtest(pack: Pack) -> list[Diagnostic]:
    """What ``summit-game check`` says of the pack's ``playtest.yaml``: its errors (the ones ``playtest``
    stops at) and its warnings (SG114, SG116), located; none when the pack has no such file. The file is
    read and its names checked against the pack; no game is played."""
    try:
        return read_playtest(pack, plain_first=True).warnings
    except PlaytestFileError as exc:
        return exc.diagnostics


def check_playtest_file(root: Path) -> list[Diagnostic]:
    """What ``check`` can say of ``root``'s ``playtest.yaml`` while the pack itself has errors (it cannot be
    loaded): the file's own problems (reading, YAML, SG036, its keys and values, SG114, SG116), but not
    its names (SG201), which need the pack. None when there is no such file."""
    try:
        read = _read(root, root / FILE_NAME, True)
        if read is None:
            return []
        doc, found, _ = read
        if plain(doc.value) is None:
            try:
                _validated(doc)
            except PlaytestFileError as exc:
                return sorted(exc.diagnostics + found)
        return sorted(found)
    except PlaytestFileError as exc:
        return exc.diagnostics


# ------------------------------------------------------------------ a plainly valid file, without pydantic

_ID = re.compile(r"[a-z][a-z0-9_]{0,47}\Z")  # model.ID_PATTERN (a test keeps them equal)


class Plain:
    """A value ``plain`` validated: reads like the model of the same name (every field, defaults filled)."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


#: per model: field -> kind ("id", "id?" for an id or null, "str", "strs" for a list of texts,
#: "share?" for a number from 0 to 1 or null); a test keeps this equal to playtest_models
FIELDS: dict[str, dict[str, str]] = {
    "Line": {"role": "id", "route": "id?", "prefer": "strs", "note": "str"},
    "Reachable": {"reachable": "id", "role": "id?", "route": "id?", "line": "id?"},
    "Unreachable": {"unreachable": "id", "role": "id?", "route": "id?", "line": "id?"},
    "EndingShare": {"ending": "id", "line": "id?", "role": "id?", "route": "id?",
                    "at_least": "share?", "at_most": "share?"},
    "MeterCompare": {"meter": "id", "higher_on": "id?", "lower_on": "id?", "than": "id"},
}
_DEFAULTS = {"id?": None, "share?": None, "str": "", "strs": ()}
#: the key that tells which kind an expectation is, in the order they are tried (playtest_models._KINDS)
KINDS = [("reachable", "Reachable"), ("unreachable", "Unreachable"), ("meter", "MeterCompare"),
         ("ending", "EndingShare")]
_PLAIN = {name: type(name, (Plain,), {}) for name in FIELDS}


class _Off(Exception):
    """Not plainly valid: the models say why."""


def _value(kind: str, x: Any) -> Any:
    if kind == "id" or (kind == "id?" and x is not None):
        if type(x) is not str or _ID.match(x) is None:
            raise _Off
    elif kind == "str":
        if type(x) is not str:
            raise _Off
    elif kind == "strs":
        if type(x) is not list or any(type(i) is not str for i in x):
            raise _Off
        return list(x)
    elif kind == "share?" and x is not None:
        if type(x) not in (int, float) or not math.isfinite(x) or not 0 <= x <= 1:
            raise _Off
        return float(x)
    return x


def _plain_model(name: str, x: Any) -> Plain:
    fields = FIELDS[name]
    if type(x) is not dict or not x.keys() <= fields.keys():
        raise _Off
    values = {}
    for f, kind in fields.items():
        if f in x:
            values[f] = _value(kind, x[f])
        elif kind == "id":
            raise _Off  # required
        else:
            values[f] = list(_DEFAULTS[kind]) if kind == "strs" else _DEFAULTS[kind]
    m = _PLAIN[name](**values)
    # the models' own checks across fields (their model validators)
    if name == "EndingShare":
        if (m.line is None) == (m.role is None) or (m.line is not None and m.route is not None) \
                or (m.at_least is None and m.at_most is None) \
                or (m.at_least is not None and m.at_most is not None and m.at_least > m.at_most):
            raise _Off
    elif name == "MeterCompare" and (m.higher_on is None) == (m.lower_on is None):
        raise _Off
    return m


def plain(value: Any) -> tuple[dict[str, Plain], list[tuple[int, Plain]]] | None:
    """A plainly valid file's lines and expectations (what the models would give), or None: then ask them."""
    if value is None:
        value = {}
    try:
        if type(value) is not dict or not value.keys() <= {"lines", "expect"}:
            raise _Off
        lines, expect = value.get("lines", {}), value.get("expect", [])
        if type(lines) is not dict or type(expect) is not list:
            raise _Off
        out_lines = {}
        for k, v in lines.items():
            if type(k) is not str or _ID.match(k) is None:
                raise _Off
            out_lines[k] = _plain_model("Line", v)
        out_expect = []
        for i, item in enumerate(expect):
            name = next((n for key, n in KINDS if type(item) is dict and key in item), None)
            if name is None:
                raise _Off
            out_expect.append((i, _plain_model(name, item)))
        return out_lines, out_expect
    except _Off:
        return None


def _validated(doc: Located) -> tuple[dict, list[tuple[int, Any]]]:
    """The file's lines and expectations as the models give them; or PlaytestFileError, located."""
    from pydantic import ValidationError

    from .playtest_models import _KINDS, PlaytestFile
    from .shape_errors import schema_errors

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
    models: list[tuple[int, Any]] = []
    if not isinstance(raw_expect, list):
        line, col = doc.where(("expect",))
        first = next(iter(raw_expect), None) if isinstance(raw_expect, dict) else None
        hint = (f"each expectation starts with '- ': write '- {first}: ...', with its other keys lined up under "
                f"'{first}'" if isinstance(first, str) else "each expectation starts with '- ', e.g. '- reachable: ENDING'")
        diags.append(Diagnostic(shown, line, col, "SG012", "expect: expected a list of expectations", hint))
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
    return dict(top.lines), models


def parse_playtest(pack: Pack, doc: Located, *, plain_first: bool = False, unread: frozenset[str] = frozenset()) -> Playtest:
    """The file's lines and expectations, each name checked against ``pack``; or PlaytestFileError, located.
    With ``plain_first``, a plainly valid file is validated without pydantic (``plain``). ``unread``: lines
    of play the file has but that could not be read (a syntax error in them): naming one is no error."""
    shown = doc.file
    diags: list[Diagnostic] = []
    found = plain(doc.value) if plain_first else None
    top_lines, models = found if found is not None else _validated(doc)
    doc = Located(doc.value if doc.value is not None else {}, doc.file, doc.spans, doc.keys)

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
    for name, ln in top_lines.items():
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
        kind = type(m).__name__  # a model's, or the Plain that reads like it
        v = getattr(m, "role", None)
        if v is not None and v not in pack.roles:
            unknown(base + ("role",), "role", v, pack.roles)
        route = getattr(m, "route", None)
        if route is not None and route not in pack.routes:
            unknown(base + ("route",), "route", route, pack.routes)
        for field in ("line", "higher_on", "lower_on", "than"):
            v = getattr(m, field, None)
            if v is not None and v not in top_lines and v not in unread:
                unknown(base + (field,), "line of play", v, [*top_lines, *unread],
                        holder="the lines of this file are")
        if kind in ("Reachable", "Unreachable"):
            key = kind.lower()
            target = getattr(m, key)
            if target not in targets:
                unknown(base + (key,), "ending or scene", target, targets)
            if m.line is not None and (m.role is not None or m.route is not None):
                f, line, col = where(base)
                diags.append(Diagnostic(f, line, col, "SG012", "a line of play names its own role and route: "
                                        "give 'line' or 'role'/'route', not both"))
        elif kind == "EndingShare":
            if m.ending not in pack.endings:
                unknown(base + ("ending",), "ending", m.ending, pack.endings)
        elif kind == "MeterCompare":
            if m.meter not in pack.variables:
                unknown(base + ("meter",), "variable", m.meter, pack.variables)
        expects.append(ExpectSpec(m, where(base)))
    if diags:
        raise PlaytestFileError(diags)
    return Playtest(shown, lines, expects)


__all__ = [
    "EndingShare", "ExpectSpec", "Expectation", "FILE_NAME", "Line", "LineSpec", "MeterCompare", "Playtest",
    "PlaytestFile", "PlaytestFileError", "Pref", "Reachable", "Unreachable", "check_playtest", "parse_playtest",
    "plain", "read_playtest",
]
