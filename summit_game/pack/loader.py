"""Folder -> checked, compiled ``Pack``; or every located error found.

Loading is in three passes, each reporting all it finds before stopping:
1. read every file (size, encoding, YAML safety) with positions;
2. validate shapes with the pydantic models, mapping each error back to
   its file:line:column, with "did you mean" for misspelt keys;
3. resolve references: ids, gotos, roles, sources and quotes, and compile
   and type-check every condition and effect.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import hashlib
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model as m
from ._yaml import CONTROL, Located, YamlProblem, read_yaml
from .citations import Quote, SourceText, reference
from .diagnostics import Diagnostic, PackError, display_path
from .expr import BOOL, INT, Condition, EffectOp, ExprError, compile_condition, compile_effect

MANIFEST = "pack.yaml"
_CONSTANT_SET = re.compile(r"\s*[A-Za-z_][A-Za-z0-9_]*\s*=\s*([-+]?\d+)\s*\Z")
MAX_FILES = 400
MAX_SOURCE_BYTES = 2_000_000
RESERVED = {"end"}


# ---------------------------------------------------------------- compiled pack


@dataclass(frozen=True)
class Where:
    file: str
    line: int
    column: int


@dataclass
class VarInfo:
    name: str
    kind: str  # "meter" | "flag"
    label: str
    start: int | bool
    min: int
    max: int
    good: str
    show: bool
    description: str
    where: Where | None = None

    @property
    def type(self) -> str:
        return INT if self.kind == "meter" else BOOL


@dataclass
class SourceInfo:
    model: m.Source
    text: SourceText

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def kind(self) -> str:
        return self.model.kind

    def reference(self) -> str:
        s = self.model
        return reference(s.authors, s.title, s.publisher, s.date, s.url)


@dataclass
class OutcomeC:
    weight: int
    text: str
    effects: list[EffectOp]
    cite: list[Quote]
    goto: str | None


@dataclass
class ChoiceC:
    id: str
    label: str
    roles: tuple[str, ...] | None
    cond: Condition | None
    hide: bool
    reason: str | None
    cite: list[Quote]
    effects: list[EffectOp]
    text: str
    result_cite: list[Quote]
    chance: list[OutcomeC] | None
    goto: str | None
    where: Where
    role_text: dict[str, str] = field(default_factory=dict)

    def text_for(self, role: str) -> str:
        return self.role_text.get(role, self.text)


@dataclass
class SceneC:
    id: str
    title: str
    speaker: str | None
    location: str | None
    roles: tuple[str, ...] | None
    text: str
    cite: list[Quote]
    auto: list[tuple[Condition | None, str]]
    choices: list[ChoiceC]
    where: Where

    def choice(self, choice_id: str) -> ChoiceC | None:
        for c in self.choices:
            if c.id == choice_id:
                return c
        return None


@dataclass
class EndingC:
    id: str
    title: str
    cond: Condition | None
    text: str
    cite: list[Quote]
    debrief: list[str]
    where: Where


@dataclass
class Pack:
    root: Path
    manifest: m.Manifest
    variables: dict[str, VarInfo]
    sources: dict[str, SourceInfo]
    roles: dict[str, m.Role]
    routes: dict[str, m.Route]
    scenes: dict[str, SceneC]
    endings: dict[str, EndingC]  # in selection order
    content_hash: str
    files: list[str] = field(default_factory=list)
    reads: dict[str, list[Where]] = field(default_factory=dict)
    writes: dict[str, list[Where]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def title(self) -> str:
        return self.manifest.title

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def start(self) -> str:
        return self.manifest.start

    @property
    def source_kind(self) -> str:
        """What to call the pack's sources together: their shared kind, else 'source'."""
        kinds = {s.kind for s in self.sources.values()}
        return kinds.pop() if len(kinds) == 1 else "source"

    def all_quotes(self) -> list[Quote]:
        quotes: list[Quote] = []
        for s in self.scenes.values():
            quotes += s.cite
            for c in s.choices:
                quotes += c.cite + c.result_cite
                for o in c.chance or []:
                    quotes += o.cite
        for e in self.endings.values():
            quotes += e.cite
        return quotes


# ---------------------------------------------------------------- pass 1 + 2


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing (null)"
    return type(value).__name__


_EXPECT = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "float_type": "a number",
}


def _model_at(cls: Any, loc: tuple) -> type[BaseModel] | None:
    """The model class found by following ``loc`` from ``cls`` (for did-you-mean)."""
    current: Any = cls
    for part in loc:
        origin = typing.get_origin(current)
        if origin is typing.Annotated:
            current = typing.get_args(current)[0]
            origin = typing.get_origin(current)
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if args else None
            origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            fields = {(f.alias or n): f for n, f in current.model_fields.items()}
            if part not in fields:
                return None
            current = fields[part].annotation
        elif origin is list:
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    while True:
        origin = typing.get_origin(current)
        if origin is typing.Annotated:
            current = typing.get_args(current)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if args else None
        else:
            break
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _keys_of(cls: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in cls.model_fields.items()]


#: plain words that YAML 1.1 (and so many tutorials) treat as booleans; pack files keep them as text
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


def _sized(err: dict) -> str | None:
    """A plain-words message for pydantic's length and range errors, or None."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return "must not be empty" if n == 1 else f"must be at least {n} characters long"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters long"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return "needs at least one item" if n == 1 else f"needs at least {n} items"
    if kind == "too_long":
        return f"may have at most {ctx.get('max_length')} items"
    if kind == "greater_than_equal":
        return f"must be {ctx.get('ge')} or more"
    if kind == "less_than_equal":
        return f"must be {ctx.get('le')} or less"
    return None


def _bad_id(value: Any) -> str:
    if isinstance(value, str) and len(value) > 48 and value[:1].isalpha() and all(
        c.islower() or c.isdigit() or c == "_" for c in value
    ):
        return f"'{value[:20]}...' is not a valid id: ids are at most 48 characters"
    return f"'{value}' is not a valid id: use lower-case letters, digits and _, starting with a letter"


def _schema_errors(exc: ValidationError, doc: Located, root_cls: type[BaseModel], shown: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    misspelt: set[tuple] = set()  # (parent path, key) an unknown key was probably meant to be
    missing: list[tuple[int, tuple, Any]] = []  # (index in out, parent path, key)
    seen: set[tuple] = set()
    located: list[tuple[dict, tuple, tuple, bool]] = []
    expected: dict[tuple, list[str]] = {}  # path -> what the union members would accept
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        # Trim union-member and key markers that are not part of the document path.
        path: tuple = ()
        value: Any = doc.value
        is_key = False
        for part in loc:
            if part == "[key]":
                is_key = True
                break
            if isinstance(value, dict) and part in value:
                value = value[part]
                path += (part,)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
                path += (part,)
            else:
                break
        located.append((err, loc, path, is_key))
        if kind in _EXPECT and not is_key:
            words = expected.setdefault(path, [])
            if _EXPECT[kind] not in words:
                words.append(_EXPECT[kind])
    for err, loc, path, is_key in located:
        kind = err["type"]
        sig = (path, kind if kind not in _EXPECT else "type")
        if sig in seen:
            continue
        seen.add(sig)
        if kind == "extra_forbidden":
            key = loc[-1]
            line, col = doc.where(path, key=True)
            parent = _model_at(root_cls, loc[:-1])
            hint = ""
            if parent is not None:
                close = difflib.get_close_matches(str(key), _keys_of(parent), n=1, cutoff=0.6)
                if close:
                    hint = f"did you mean '{close[0]}'?"
                    misspelt.add((path[:-1] if path and path[-1] == key else path, close[0]))
                else:
                    hint = "allowed here: " + ", ".join(_keys_of(parent))
            out.append(Diagnostic(shown, line, col, "SG010", f"unknown key '{key}'", hint))
        elif kind == "missing":
            line, col = doc.where(path)
            missing.append((len(out), path, loc[-1]))
            out.append(Diagnostic(shown, line, col, "SG011", f"missing required key '{loc[-1]}'"))
        else:
            line, col = doc.where(path, key=is_key)
            inp = err.get("input")
            hint = ""
            if is_key:
                msg = _bad_id(inp)
            elif kind in _EXPECT:
                words = expected.get(path) or [_EXPECT[kind]]
                msg = f"expected {' or '.join(words)}, got {_describe(inp)}"
                if kind == "string_type" and isinstance(inp, (int, float, bool)):
                    msg += "; put it in quotes"
                if isinstance(inp, str) and inp.lower() in _YAML11_BOOLS and "true or false" in words:
                    msg = f"expected {' or '.join(words)}, got the text '{inp}'"
                    hint = "pack files read yes/no/on/off as text: write true or false"
            elif _sized(err) is not None:
                msg = _sized(err)  # type: ignore[assignment]
            elif kind == "string_pattern_mismatch":
                msg = _bad_id(inp)
            elif kind == "literal_error":
                msg = f"'{inp}' is not allowed here: {err['msg'].replace('Input should be ', 'use ')}"
            else:
                msg = err["msg"]
                if msg.startswith("Value error, "):
                    msg = msg[len("Value error, "):]
            where_name = ".".join(str(p) for p in path)
            if where_name and kind not in ("string_pattern_mismatch",) and not is_key:
                msg = f"{path[-1]}: {msg}" if isinstance(path[-1], str) else msg
            out.append(Diagnostic(shown, line, col, "SG012", msg, hint))
    # a misspelt required key is one mistake, not two: keep only "unknown key ... did you mean"
    drop = {i for i, path, key in missing if (path, key) in misspelt}
    return [d for i, d in enumerate(out) if i not in drop]


def _read(path: Path, shown: str, diags: list[Diagnostic]) -> Located | None:
    try:
        size = path.stat().st_size
        if size > 1_000_000:
            diags.append(Diagnostic(shown, 0, 0, "SG002", f"file is {size:,} bytes; the limit is 1,000,000"))
            return None
        data = path.read_bytes()
    except OSError as exc:
        diags.append(Diagnostic(shown, 0, 0, "SG001", f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        return read_yaml(data, shown)
    except YamlProblem as problem:
        diags.append(problem.diagnostic)
        return None


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


def _hash_files(root: Path, files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        h.update(f.relative_to(root).as_posix().encode() + b"\0")
        try:
            h.update(f.read_bytes())
        except OSError:
            pass
        h.update(b"\0")
    return h.hexdigest()


# ---------------------------------------------------------------- pass 3


class _Resolver:
    def __init__(self, root: Path, manifest: m.Manifest, mdoc: Located, mshown: str):
        self.root = root
        self.manifest = manifest
        self.diags: list[Diagnostic] = []
        self.mdoc = mdoc
        self.mshown = mshown
        self.variables: dict[str, VarInfo] = {}
        self.var_types: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.sources: dict[str, SourceInfo] = {}
        self.reads: dict[str, list[Where]] = {}
        self.writes: dict[str, list[Where]] = {}
        self._told_no_sources = False
        # Packs repeat the same expressions ("trust += 1") many times: compile each text once.
        # The variables are fixed once declare() has run, so a text always compiles the same way.
        self._conditions: dict[str, Condition | ExprError] = {}
        self._effects: dict[str, EffectOp | ExprError] = {}

    def err(self, doc: Located, shown: str, path: tuple, code: str, msg: str, hint: str = "", offset: int = 0, key: bool = False):
        line, col = doc.where(path, key=key)
        if offset and path in doc.spans:
            col += offset + (1 if path in doc.quoted else 0)
        self.diags.append(Diagnostic(shown, line, col, code, msg, hint))

    def expr_err(self, doc: Located, shown: str, path: tuple, code: str, msg: str, offset: int = 0, hint: str = ""):
        """An error inside the expression at ``path``: point at its character ``offset``.

        Plain and quoted one-line scalars map offsets to columns directly; a block
        scalar (| or >) starts on the next line, so there we point at its indicator.
        """
        line, col = doc.where(path)
        if path in doc.spans and path not in doc.blocks:
            col += offset + (1 if path in doc.quoted else 0)
        self.diags.append(Diagnostic(shown, line, col, code, msg, hint))

    def literals(self, doc: Located, shown: str, path: tuple, literals: tuple) -> None:
        """Texts compared with ``role`` or ``route`` must name a declared role or route."""
        for name, text, offset in literals:
            if name == "role":
                known, code = [r.id for r in self.manifest.roles], "SG023"
            else:
                known, code = [r.id for r in self.manifest.routes], "SG027"
                if text == "":
                    continue  # route == '' means "no route chosen"
            if text in known:
                continue
            close = difflib.get_close_matches(text, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else (f"{name}s: {', '.join(known)}" if known else f"the pack declares no {name}s")
            self.expr_err(doc, shown, path, code, f"unknown {name} '{text}'", offset, hint)

    def where(self, doc: Located, shown: str, path: tuple) -> Where:
        line, col = doc.where(path)
        return Where(shown, line, col)

    # -- declarations
    def declare(self) -> None:
        doc, shown, man = self.mdoc, self.mshown, self.manifest
        for name, var in man.variables.items():
            p = ("variables", name)
            kind = var.type or ("flag" if isinstance(var.start, bool) else "meter")
            if kind == "flag" and not isinstance(var.start, bool):
                self.err(doc, shown, p + ("start",), "SG012", f"flag '{name}' must start true or false")
            if kind == "meter":
                if isinstance(var.start, bool):
                    self.err(doc, shown, p + ("start",), "SG012", f"meter '{name}' must start at a whole number")
                elif var.min > var.max:
                    self.err(doc, shown, p + ("min",), "SG035", f"min {var.min} is above max {var.max}")
                elif not var.min <= var.start <= var.max:
                    self.err(doc, shown, p + ("start",), "SG035", f"start {var.start} is outside {var.min}..{var.max}")
            if name in ("role", "route", "true", "false", "and", "or", "not"):
                self.err(doc, shown, p, "SG012", f"'{name}' is a reserved name", key=True)
            self.variables[name] = VarInfo(
                name, kind, var.label or name.replace("_", " "), var.start, var.min, var.max, var.good,
                var.show if var.show is not None else kind == "meter", var.description or "",
                Where(shown, *doc.where(p, key=True)),  # the variable's name, where authors look for it
            )
            self.var_types[name] = self.variables[name].type
            self.labels[name] = self.variables[name].label
        # sources
        for i, src in enumerate(man.sources):
            p = ("sources", i)
            if src.id in self.sources:
                self.err(doc, shown, p + ("id",), "SG020", f"duplicate source id '{src.id}'")
                continue
            if "\x00" in src.file or not src.file.strip():
                self.err(doc, shown, p + ("file",), "SG026", "source file name is empty or holds a NUL character")
                continue
            f = self.root / src.file
            if not _inside(self.root, f):
                self.err(doc, shown, p + ("file",), "SG026", f"source file '{src.file}' is outside the pack folder")
                continue
            if not f.is_file():  # a folder, a device or a FIFO (which would block the read forever)
                what = "does not exist" if not f.exists() else "is not a regular file"
                self.err(doc, shown, p + ("file",), "SG026", f"source file '{src.file}' {what}", self.nearby(src.file))
                continue
            try:
                if f.stat().st_size > MAX_SOURCE_BYTES:
                    self.err(doc, shown, p + ("file",), "SG026", f"source file '{src.file}' is over {MAX_SOURCE_BYTES:,} bytes")
                    continue
                text = f.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                why = "not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
                self.err(doc, shown, p + ("file",), "SG026", f"cannot read source file '{src.file}': {why}")
                continue
            bad = CONTROL.search(text.replace("\r\n", "\n"))
            if bad:
                line = text.count("\n", 0, bad.start()) + 1
                self.err(doc, shown, p + ("file",), "SG026",
                         f"source file '{src.file}' has control character U+{ord(bad.group()):04X} on its line {line}",
                         "it would reach the player's terminal; remove it")
                continue
            self.sources[src.id] = SourceInfo(src, SourceText.from_text(text))
        # roles
        seen: dict[str, int] = {}
        for i, role in enumerate(man.roles):
            p = ("roles", i)
            if role.id in seen:
                self.err(doc, shown, p + ("id",), "SG020", f"duplicate role id '{role.id}'")
            seen[role.id] = i
            self.check_values(doc, shown, p + ("start",), role.start)
        seen = {}
        for i, route in enumerate(man.routes):
            p = ("routes", i)
            if route.id in seen:
                self.err(doc, shown, p + ("id",), "SG020", f"duplicate route id '{route.id}'")
            seen[route.id] = i
            self.check_values(doc, shown, p + ("set",), route.set)

    def nearby(self, name: str) -> str:
        """'did you mean' among the pack's own files (for a misspelt source file)."""
        files: list[str] = []
        try:
            for f in self.root.rglob("*"):
                if len(files) >= 2000:
                    break
                if f.is_file():
                    files.append(f.relative_to(self.root).as_posix())
        except OSError:
            return ""
        close = difflib.get_close_matches(name, files, n=1)
        return f"did you mean '{close[0]}'?" if close else ""

    def check_values(self, doc: Located, shown: str, path: tuple, values: dict) -> None:
        for name, value in values.items():
            info = self.variables.get(name)
            if info is None:
                close = difflib.get_close_matches(name, list(self.variables), n=1)
                self.err(doc, shown, path + (name,), "SG031", f"unknown variable '{name}'",
                         f"did you mean '{close[0]}'?" if close else "", key=True)
                continue
            self.writes.setdefault(name, []).append(self.where(doc, shown, path + (name,)))
            if info.kind == "flag" and not isinstance(value, bool):
                self.err(doc, shown, path + (name,), "SG032", f"'{name}' is a flag: use true or false")
            elif info.kind == "meter":
                if isinstance(value, bool):
                    self.err(doc, shown, path + (name,), "SG032", f"'{name}' is a meter: use a whole number")
                elif info.min <= info.max and not info.min <= value <= info.max:
                    self.err(doc, shown, path + (name,), "SG035", f"{name} = {value} is outside {info.min}..{info.max}")

    # -- expressions and citations
    def cond(self, doc: Located, shown: str, path: tuple, source: str | None) -> Condition | None:
        if source is None:
            return None
        c = self._conditions.get(source)
        if c is None:
            try:
                c = compile_condition(source, self.var_types, self.labels)
            except ExprError as e:
                c = e
            self._conditions[source] = c
        if isinstance(c, ExprError):
            self.expr_err(doc, shown, path, c.code, c.message, c.offset)
            return None
        self.literals(doc, shown, path, c.literals)
        for name in c.reads:
            self.reads.setdefault(name, []).append(self.where(doc, shown, path))
        return c

    def effects(self, doc: Located, shown: str, path: tuple, sources: list[str]) -> list[EffectOp]:
        out = []
        for i, s in enumerate(sources):
            e = self._effects.get(s)
            if e is None:
                try:
                    e = compile_effect(s, self.var_types)
                except ExprError as ex:
                    e = ex
                self._effects[s] = e
            if isinstance(e, ExprError):
                self.expr_err(doc, shown, path + (i,), e.code, e.message, e.offset)
                continue
            self.literals(doc, shown, path + (i,), e.literals)
            info = self.variables.get(e.target)
            constant = _CONSTANT_SET.match(s)
            if info is not None and info.kind == "meter" and constant:
                value = int(constant.group(1))
                if not info.min <= value <= info.max:
                    self.err(doc, shown, path + (i,), "SG035",
                             f"{e.target} = {value} is outside {info.min}..{info.max}",
                             "effects are clamped to the bounds, so this would set it to "
                             f"{max(info.min, min(info.max, value))}")
            self.writes.setdefault(e.target, []).append(self.where(doc, shown, path + (i,)))
            for name in e.reads - {e.target}:
                self.reads.setdefault(name, []).append(self.where(doc, shown, path + (i,)))
            out.append(e)
        return out

    def cites(self, doc: Located, shown: str, path: tuple, cites: list[m.Citation]) -> list[Quote]:
        out = []
        for i, c in enumerate(cites):
            p = path + (i,)
            sid = c.source
            if sid is None:
                if len(self.manifest.sources) == 1:
                    sid = self.manifest.sources[0].id
                elif not self.manifest.sources:
                    if not self._told_no_sources:  # one error says it; the rest would repeat it
                        self._told_no_sources = True
                        self.err(doc, shown, p, "SG024", "this quote has no source: the pack declares none",
                                 "add the text you quote under 'sources:' in pack.yaml (see docs/authoring.md)")
                    continue
                else:
                    ids = ", ".join(s.id for s in self.manifest.sources)
                    self.err(doc, shown, p, "SG024", "say which source this quote is from (source: ...)",
                             f"the pack has {len(self.manifest.sources)} sources: {ids}")
                    continue
            src = self.sources.get(sid)
            if src is None:
                if any(s.id == sid for s in self.manifest.sources):
                    continue  # the source file itself failed; already reported
                close = difflib.get_close_matches(sid, [s.id for s in self.manifest.sources], n=1)
                self.err(doc, shown, p + ("source",), "SG024", f"unknown source '{sid}'",
                         f"did you mean '{close[0]}'?" if close else "")
                continue
            span = src.text.find(c.quote)
            if span is None:
                self.err(doc, shown, p + ("quote",), "SG025", f"quote not found in source '{sid}'",
                         src.text.hint(c.quote))
                continue
            if src.text.spans_paragraphs(*span):
                self.err(doc, shown, p + ("quote",), "SG025",
                         f"quote runs across a paragraph break in source '{sid}'",
                         "quote each paragraph as its own citation")
                continue
            out.append(Quote(sid, c.quote, c.note, src.text.paragraph_of(span[0]), span[0], span[1]))
        return out

    def goto(self, doc: Located, shown: str, path: tuple, target: str | None, ids: set[str]) -> None:
        if target is None or target in ids or target == "end":
            return
        close = difflib.get_close_matches(target, sorted(ids) + ["end"], n=1)
        self.err(doc, shown, path, "SG021", f"goto '{target}' names no scene or ending",
                 f"did you mean '{close[0]}'?" if close else "")

    def role_texts(self, doc: Located, shown: str, path: tuple, texts: dict[str, str]) -> dict[str, str]:
        known = {r.id for r in self.manifest.roles}
        for role in texts:
            if role not in known:
                close = difflib.get_close_matches(role, sorted(known), n=1)
                self.err(doc, shown, path + (role,), "SG023", f"unknown role '{role}'",
                         f"did you mean '{close[0]}'?" if close else f"roles: {', '.join(sorted(known))}", key=True)
        return dict(texts)

    def roles(self, doc: Located, shown: str, path: tuple, roles: list[str] | None) -> tuple[str, ...] | None:
        if roles is None:
            return None
        known = {r.id for r in self.manifest.roles}
        for i, r in enumerate(roles):
            if r not in known:
                close = difflib.get_close_matches(r, sorted(known), n=1)
                self.err(doc, shown, path + (i,), "SG023", f"unknown role '{r}'",
                         f"did you mean '{close[0]}'?" if close else f"roles: {', '.join(sorted(known))}")
        return tuple(roles)


def _auto_loops(scenes: dict[str, SceneC]) -> list[list[str]]:
    """Cycles of scenes whose first auto route has no condition (the player could never stop)."""
    nxt = {sid: s.auto[0][1] for sid, s in scenes.items() if s.auto and s.auto[0][0] is None}
    loops: list[list[str]] = []
    done: set[str] = set()
    for sid in scenes:
        trail: list[str] = []
        at = sid
        while at in nxt and at not in done and at not in trail:
            trail.append(at)
            at = nxt[at]
        if at in trail:
            loops.append(trail[trail.index(at):])
        done.update(trail)
    return loops


@contextlib.contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while building many small objects.

    Loading allocates hundreds of thousands of dicts, lists and tuples that live on;
    the collector would scan them again and again (a third of the load time of a
    1,000-scene pack) and find almost no cycles. It is switched back on at the end.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load_pack(folder: str | Path) -> Pack:
    """Load and check a pack folder. Raises ``PackError`` with every error found."""
    with paused_gc():
        return _load_pack(folder)


def _load_pack(folder: str | Path) -> Pack:
    root = Path(folder)
    base = Path.cwd()
    diags: list[Diagnostic] = []
    shown_root = display_path(root, base)
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is not a folder"
        raise PackError([Diagnostic(shown_root, 0, 0, "SG001", f"pack folder {what}")])
    mpath = root / MANIFEST
    mshown = display_path(mpath, base)
    if not mpath.is_file():
        raise PackError([Diagnostic(mshown, 0, 0, "SG001", f"no {MANIFEST} in the pack folder")])
    mdoc = _read(mpath, mshown, diags)
    if mdoc is None:
        raise PackError(diags)
    if not isinstance(mdoc.value, dict):
        got = {list: "a list", type(None): "an empty file"}.get(type(mdoc.value), f"a single value ({mdoc.value!r})")
        line, col = mdoc.where(())
        raise PackError([Diagnostic(mshown, line, col, "SG012",
                                    f"pack.yaml must be a mapping of keys (id:, title:, ...), but it is {got}")])
    try:
        manifest = m.Manifest.model_validate(mdoc.value)
    except ValidationError as exc:
        diags += _schema_errors(exc, mdoc, m.Manifest, mshown)
        manifest = None
    # scene files
    patterns = mdoc.value.get("scene_files", ["scenes/*.yaml"]) if manifest is None else manifest.scene_files
    if not isinstance(patterns, list):
        patterns = ["scenes/*.yaml"]
    files: list[Path] = []
    for pattern in patterns:
        if (not isinstance(pattern, str) or not pattern or "\x00" in pattern or pattern.startswith("/")
                or ".." in pattern.replace("\\", "/").split("/")):
            continue  # the model reports these (when the manifest is otherwise valid)
        try:
            found = sorted(root.glob(pattern))
        except (ValueError, OSError, NotImplementedError) as exc:
            diags.append(Diagnostic(mshown, *mdoc.where(("scene_files",)), "SG012",
                                    f"scene_files: cannot use pattern '{pattern}': {exc}"))
            continue
        if not found and "scene_files" in mdoc.value:
            line, col = mdoc.where(("scene_files",))
            diags.append(Diagnostic(mshown, line, col, "SG001", f"scene_files: pattern '{pattern}' matches no file",
                                    "patterns are relative to the pack folder, e.g. scenes/*.yaml"))
        for f in found:
            if f.is_file() and f not in files and f != mpath:
                if not _inside(root, f):
                    diags.append(Diagnostic(display_path(f, base), 0, 0, "SG001", "file links outside the pack folder"))
                    continue
                files.append(f)
    if len(files) > MAX_FILES:
        raise PackError([Diagnostic(shown_root, 0, 0, "SG002", f"{len(files)} scene files; the limit is {MAX_FILES}")])
    scene_docs: list[tuple[Located, str, m.SceneFile]] = []
    for f in files:
        shown = display_path(f, base)
        doc = _read(f, shown, diags)
        if doc is None:
            continue
        if doc.value is None:
            continue  # an empty file is allowed
        if not isinstance(doc.value, dict):
            diags.append(Diagnostic(shown, 1, 1, "SG012", "a scene file must be a mapping with 'scenes:' and/or 'endings:'"))
            continue
        try:
            scene_docs.append((doc, shown, m.SceneFile.model_validate(doc.value)))
        except ValidationError as exc:
            diags += _schema_errors(exc, doc, m.SceneFile, shown)
    if manifest is None or any(d.is_error for d in diags):
        raise PackError(diags)

    r = _Resolver(root, manifest, mdoc, mshown)
    r.declare()

    # collect every scene and ending with its document
    entries: list[tuple[str, Any, Located, str, tuple]] = []
    for i, s in enumerate(manifest.scenes):
        entries.append(("scene", s, mdoc, mshown, ("scenes", i)))
    for i, e in enumerate(manifest.endings):
        entries.append(("ending", e, mdoc, mshown, ("endings", i)))
    for doc, shown, sf in scene_docs:
        for i, s in enumerate(sf.scenes):
            entries.append(("scene", s, doc, shown, ("scenes", i)))
        for i, e in enumerate(sf.endings):
            entries.append(("ending", e, doc, shown, ("endings", i)))
    ids: dict[str, Where] = {}
    for kind, obj, doc, shown, path in entries:
        w = r.where(doc, shown, path + ("id",))
        if obj.id in RESERVED:
            r.err(doc, shown, path + ("id",), "SG020", f"'{obj.id}' is reserved (goto: end picks an ending)")
        elif obj.id in ids:
            first = ids[obj.id]
            r.err(doc, shown, path + ("id",), "SG020", f"duplicate id '{obj.id}' (first defined at {first.file}:{first.line})",
                  "scenes and endings share one set of ids")
        else:
            ids[obj.id] = w
    all_ids = set(ids)
    ending_ids = {o.id for k, o, *_ in entries if k == "ending"}
    scene_ids = sorted(all_ids - ending_ids)
    if manifest.start in ending_ids:
        r.err(mdoc, mshown, ("start",), "SG022", f"start '{manifest.start}' is an ending; the game must start in a scene",
              f"scenes: {', '.join(scene_ids[:8])}" if scene_ids else "")
    elif manifest.start not in all_ids:
        close = difflib.get_close_matches(manifest.start, scene_ids, n=1)
        r.err(mdoc, mshown, ("start",), "SG022", f"start scene '{manifest.start}' does not exist",
              f"did you mean '{close[0]}'?" if close else "")
    for i, route in enumerate(manifest.routes):
        if route.start is not None and route.start not in all_ids:
            close = difflib.get_close_matches(route.start, scene_ids, n=1)
            r.err(mdoc, mshown, ("routes", i, "start"), "SG021", f"route start '{route.start}' names no scene",
                  f"did you mean '{close[0]}'?" if close else "")

    scenes: dict[str, SceneC] = {}
    endings: dict[str, EndingC] = {}
    for kind, obj, doc, shown, path in entries:
        if kind == "scene":
            s: m.Scene = obj
            autos = []
            for j, a in enumerate(s.auto):
                c = r.cond(doc, shown, path + ("auto", j, "if"), a.if_)
                r.goto(doc, shown, path + ("auto", j, "goto"), a.goto, all_ids)
                autos.append((c, a.goto))
            choices: list[ChoiceC] = []
            cids: set[str] = set()
            for j, ch in enumerate(s.choices):
                cp = path + ("choices", j)
                if ch.id in cids:
                    r.err(doc, shown, cp + ("id",), "SG020", f"duplicate choice id '{ch.id}' in scene '{s.id}'")
                cids.add(ch.id)
                outcomes = None
                if ch.chance is not None:
                    outcomes = []
                    if not ch.chance:
                        r.err(doc, shown, cp + ("chance",), "SG012", "chance needs at least one outcome")
                    for k, o in enumerate(ch.chance):
                        op = cp + ("chance", k)
                        r.goto(doc, shown, op + ("goto",), o.goto, all_ids)
                        if o.goto is None and ch.goto is None:
                            r.err(doc, shown, op, "SG028", "this outcome leads nowhere: give it or its choice a goto")
                        outcomes.append(OutcomeC(o.weight, o.text, r.effects(doc, shown, op + ("effects",), o.effects),
                                                 r.cites(doc, shown, op + ("cite",), o.cite), o.goto))
                elif ch.goto is None:
                    r.err(doc, shown, cp, "SG028", f"choice '{ch.id}' leads nowhere: add goto (a scene, an ending, or end)")
                r.goto(doc, shown, cp + ("goto",), ch.goto, all_ids)
                choices.append(ChoiceC(
                    ch.id, ch.label, r.roles(doc, shown, cp + ("roles",), ch.roles),
                    r.cond(doc, shown, cp + ("if",), ch.if_), ch.unavailable == "hide", ch.reason,
                    r.cites(doc, shown, cp + ("cite",), ch.cite),
                    r.effects(doc, shown, cp + ("effects",), ch.effects), ch.text,
                    r.cites(doc, shown, cp + ("result_cite",), ch.result_cite), outcomes, ch.goto,
                    r.where(doc, shown, cp), r.role_texts(doc, shown, cp + ("role_text",), ch.role_text),
                ))
            if not s.choices and not s.auto:
                r.err(doc, shown, path + ("id",), "SG028", f"scene '{s.id}' has no choices and no auto route")
            if s.id not in scenes and s.id not in endings:
                scenes[s.id] = SceneC(
                    s.id, s.title, s.speaker, s.location, r.roles(doc, shown, path + ("roles",), s.roles),
                    s.text, r.cites(doc, shown, path + ("cite",), s.cite), autos, choices, r.where(doc, shown, path),
                )
        else:
            e: m.Ending = obj
            cond = r.cond(doc, shown, path + ("if",), e.if_)
            if e.id not in scenes and e.id not in endings:
                endings[e.id] = EndingC(e.id, e.title, cond, e.text, r.cites(doc, shown, path + ("cite",), e.cite),
                                        list(e.debrief), r.where(doc, shown, path))
    for loop in _auto_loops(scenes):
        first = scenes[loop[0]]
        for kind, obj, doc, shown, path in entries:
            if kind == "scene" and obj.id == first.id:
                r.err(doc, shown, path + ("auto", 0, "goto"), "SG028",
                      "auto routes loop forever: " + " -> ".join([*loop, loop[0]]),
                      "give one of these auto routes an 'if', or send it elsewhere")
                break
    if not endings:
        r.err(mdoc, mshown, (), "SG011", "the pack has no endings: add an 'endings:' list")
    if any(d.is_error for d in r.diags):
        raise PackError(r.diags)
    all_files = [mpath, *files] + [root / s.model.file for s in r.sources.values()]
    return Pack(
        root=root,
        manifest=manifest,
        variables=r.variables,
        sources=r.sources,
        roles={x.id: x for x in manifest.roles},
        routes={x.id: x for x in manifest.routes},
        scenes=scenes,
        endings=endings,
        content_hash=_hash_files(root, all_files),
        files=[display_path(f, base) for f in all_files],
        reads=r.reads,
        writes=r.writes,
    )
