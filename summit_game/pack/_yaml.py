"""Reading untrusted YAML with every value located.

We drive libyaml's event parser (falling back to PyYAML's pure-Python one)
and build plain Python values ourselves, so that we control exactly what a
pack file may contain:

* size is capped before parsing and the bytes must be valid UTF-8;
* anchors and aliases are refused (an alias bomb is a few hundred bytes);
* only YAML core tags are accepted;
* nesting deeper than ``MAX_DEPTH`` is refused while building;
* duplicate mapping keys are errors (PyYAML itself keeps the last one);
* plain scalars resolve like YAML 1.2's core schema, minus its surprises:
  only ``true``/``false`` are booleans, ``null``/``~``/empty are null,
  plain integers and floats are numbers, and everything else (``no``,
  ``on``, ``1:20``, dates) stays a string.

Every value's position is kept in a ``Located`` result: ``spans[path]`` is
the 1-based (line, column) of the value at ``path`` (a tuple of keys and
indexes) and ``keys[path]`` the position of the key that introduced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Diagnostic

try:  # libyaml is several times faster; fall back quietly when it is missing
    from yaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)


MAX_BYTES = 1_000_000
MAX_DEPTH = 64

Path_ = tuple  # a path into the document: keys (str) and indexes (int)

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}


@dataclass
class Located:
    value: Any
    file: str
    spans: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    quoted: set[tuple] = field(default_factory=set)  # scalars written in quotes or as blocks

    def where(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """Best position for ``path``: the exact one, else its nearest located parent."""
        table = self.keys if key else self.spans
        p = tuple(path)
        while True:
            if p in table:
                return table[p]
            if p in self.spans:
                return self.spans[p]
            if not p:
                return (1, 1)
            p = p[:-1]


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _resolve_plain(text: str) -> Any:
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def decode(data: bytes, file: str) -> str:
    """Bytes -> text, refusing oversized files and invalid UTF-8 with a located error."""
    if len(data) > MAX_BYTES:
        raise YamlProblem(
            Diagnostic(file, 0, 0, "SG002", f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            Diagnostic(file, line, col, "SG003", f"invalid UTF-8 byte 0x{data[exc.start]:02x}")
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def read_yaml(data: bytes | str, file: str) -> Located:
    """Parse one YAML document into plain values with positions.

    Raises ``YamlProblem`` carrying a located diagnostic for anything refused.
    An empty document gives ``None``.
    """
    text = decode(data, file) if isinstance(data, bytes) else data
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(Diagnostic(file, 0, 0, "SG002", f"file is over {MAX_BYTES:,} bytes"))
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise YamlProblem(Diagnostic(file, line, 1, "SG004", "NUL character in file"))
    result = Located(None, file)
    parser = _Parser(text)
    # stack of containers under construction: (value, path, pending_key, key_mark)
    stack: list[list] = []
    documents = 0

    def mark(event) -> tuple[int, int]:
        m = event.start_mark
        return (m.line + 1, m.column + 1)

    def fail(event, code: str, message: str):
        line, col = mark(event)
        raise YamlProblem(Diagnostic(file, line, col, code, message))

    def attach(value: Any, event, container: bool) -> tuple | None:
        """Place ``value`` in its parent; return its path."""
        if not stack:
            result.value = value
            path: tuple = ()
        else:
            top = stack[-1]
            parent, ppath = top[0], top[1]
            if isinstance(parent, list):
                path = ppath + (len(parent),)
                parent.append(value)
            else:  # mapping
                if top[2] is _NO_KEY:
                    # this value is a key
                    if container:
                        fail(event, "SG004", "a mapping key must be a plain value, not a list or mapping")
                    if value is None:
                        key = "null"
                    elif isinstance(value, bool):
                        key = "true" if value else "false"
                    else:
                        key = str(value)
                    if key in parent:
                        first = result.keys.get(ppath + (key,), (0, 0))
                        line, col = mark(event)
                        raise YamlProblem(
                            Diagnostic(
                                file, line, col, "SG005",
                                f"duplicate key '{key}' (first defined at line {first[0]})",
                                "YAML would silently keep only the last value; remove or rename one",
                            )
                        )
                    top[2] = key
                    result.keys[ppath + (key,)] = mark(event)
                    return None
                key = top[2]
                path = ppath + (key,)
                parent[key] = value
                top[2] = _NO_KEY
        result.spans[path] = mark(event)
        return path

    try:
        while True:
            event = parser.get_event()
            if event is None:
                break
            kind = type(event)
            if kind is yaml.StreamStartEvent or kind is yaml.StreamEndEvent:
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    fail(event, "SG004", "only one YAML document per file (found a second '---')")
                continue
            if kind is yaml.DocumentEndEvent:
                continue
            if kind is yaml.AliasEvent:
                fail(event, "SG006", "aliases (*name) are not allowed in pack files; repeat the value instead")
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                fail(event, "SG006", f"anchors (&{anchor}) are not allowed in pack files")
            tag = getattr(event, "tag", None)
            if kind is yaml.ScalarEvent:
                if tag is not None and tag not in _CORE_TAGS:
                    fail(event, "SG007", f"tag '{tag}' is not allowed; only plain YAML values")
                if tag is not None and tag != "!":
                    value = _tagged(event, tag, fail)
                elif event.implicit[0] and event.style is None:
                    value = _resolve_plain(event.value)
                else:
                    value = event.value
                path = attach(value, event, False)
                if path is not None and event.style is not None:
                    result.quoted.add(path)
            elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                if tag is not None and tag not in _CORE_TAGS:
                    fail(event, "SG007", f"tag '{tag}' is not allowed; only plain YAML values")
                if len(stack) >= MAX_DEPTH:
                    fail(event, "SG008", f"nesting deeper than {MAX_DEPTH} levels")
                value = [] if kind is yaml.SequenceStartEvent else {}
                path = attach(value, event, True)
                stack.append([value, path, _NO_KEY])
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                stack.pop()
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        line, col = (m.line + 1, m.column + 1) if m else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(Diagnostic(file, line, col, "SG004", problem)) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) and the like
        m = getattr(exc, "position", None)
        raise YamlProblem(Diagnostic(file, 0, 0, "SG004", str(exc).splitlines()[0])) from None
    except RecursionError:  # pragma: no cover - the depth cap should prevent it
        raise YamlProblem(Diagnostic(file, 0, 0, "SG008", "nesting too deep")) from None
    return result


class _NoKey:
    def __repr__(self) -> str:  # pragma: no cover
        return "<no key>"


_NO_KEY = _NoKey()


def _tagged(event, tag: str, fail) -> Any:
    text = event.value
    if tag == "tag:yaml.org,2002:str":
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        value = _resolve_plain(text)
        if not isinstance(value, bool):
            fail(event, "SG007", f"'{text}' is not true or false")
        return value
    if tag == "tag:yaml.org,2002:int":
        if not _INT.match(text):
            fail(event, "SG007", f"'{text}' is not an integer")
        return int(text)
    if tag == "tag:yaml.org,2002:float":
        if not (_FLOAT.match(text) or _INT.match(text)):
            fail(event, "SG007", f"'{text}' is not a number")
        return float(text)
    fail(event, "SG007", f"tag '{tag}' cannot be used on a plain value")
