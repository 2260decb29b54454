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

import contextlib
import os
import re
import threading
from typing import Any

import yaml
from yaml.parser import Parser as _PyParser
from yaml.reader import Reader
from yaml.scanner import Scanner

from .diagnostics import Diagnostic, excerpt


class _PurePython(Reader, Scanner, _PyParser):
    """PyYAML's own parser, for a PyYAML built without libyaml; its events are turned into the
    bare ones libyaml is given to build (``_Event``)."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        _PyParser.__init__(self)

    def get_event(self):
        e = _PyParser.get_event(self)
        kind = _BARE.get(type(e).__name__)
        if kind is _Scalar:
            return _Scalar(e.anchor, e.tag, e.implicit, e.value, e.start_mark, e.end_mark, e.style)
        if kind is _MapStart or kind is _SeqStart:
            return kind(e.anchor, e.tag, e.implicit, e.start_mark, e.end_mark, e.flow_style)
        if kind is _Alias:
            return _Alias(e.anchor, e.start_mark, e.end_mark)
        return None if e is None else kind(e.start_mark, e.end_mark)


try:  # libyaml is several times faster; fall back quietly when it is missing
    # PyYAML does not re-export CParser at the top level (``from yaml import
    # CParser`` always fails), so take it from the extension module itself.
    from yaml._yaml import CParser as _Parser  # type: ignore[import-not-found]

    LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    LIBYAML = False
    _Parser = _PurePython  # type: ignore[misc,assignment]


class _Event(Exception):
    """A parser event as the tuple of what it was built from (``args``), and nothing else.

    libyaml's extension builds each event by calling PyYAML's event classes, found by name in
    its module, with positional arguments; each of those classes runs an ``__init__`` written
    in Python, about a third of the parser's time. While ``read_yaml`` reads, the extension's
    names point at these classes instead, whose construction (``BaseException``'s) is all C.
    """


class _Scalar(_Event):  # (anchor, tag, implicit, value, start_mark, end_mark, style)
    pass


class _MapStart(_Event):  # (anchor, tag, implicit, start_mark, end_mark, flow_style)
    pass


class _SeqStart(_Event):  # as _MapStart
    pass


class _MapEnd(_Event):  # (start_mark, end_mark)
    pass


class _SeqEnd(_Event):  # (start_mark, end_mark)
    pass


class _Alias(_Event):  # (anchor, start_mark, end_mark)
    pass


class _DocStart(_Event):  # (start_mark, end_mark, explicit, version, tags)
    pass


class _Other(_Event):  # the stream's start and end and a document's end: (start_mark, end_mark, ...)
    pass


_BARE = {
    "ScalarEvent": _Scalar, "MappingStartEvent": _MapStart, "SequenceStartEvent": _SeqStart,
    "MappingEndEvent": _MapEnd, "SequenceEndEvent": _SeqEnd, "AliasEvent": _Alias,
    "DocumentStartEvent": _DocStart, "StreamStartEvent": _Other, "StreamEndEvent": _Other,
    "DocumentEndEvent": _Other,
}
_SWAP = threading.Lock()


@contextlib.contextmanager
def _bare_events():
    """libyaml's parser builds the bare events (``_Event``) while in this block; PyYAML's own
    classes are put back at its end, so any other use of PyYAML sees them. One block at a time."""
    if not LIBYAML:  # pragma: no cover - the pure-Python parser's events are turned into them
        yield
        return
    import yaml._yaml as module  # type: ignore[import-not-found]

    with _SWAP:
        try:
            for name, cls in _BARE.items():
                setattr(module, name, cls)
            yield
        finally:
            _pyyaml_events()


def _pyyaml_events() -> None:
    """Point libyaml's extension at PyYAML's own event classes (``yaml.events``)."""
    import yaml._yaml as module  # type: ignore[import-not-found]

    for name in _BARE:
        setattr(module, name, getattr(yaml.events, name))


def _after_fork_in_child() -> None:
    """A process forked while another thread was reading (the serve launcher forks game
    processes) gets PyYAML's classes back and a free lock: that read goes on only in the parent."""
    global _SWAP
    _SWAP = threading.Lock()
    if LIBYAML:
        _pyyaml_events()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


MAX_BYTES = 1_000_000
MAX_DEPTH = 64

Path_ = tuple  # a path into the document: keys (str) and indexes (int)

_INT = re.compile(r"[-+]?[0-9]+\Z")
#: characters that would act on a terminal rather than be shown (tab and newline are text)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


#: the ASCII characters CONTROL matches, as bytes to delete
_CONTROL_ASCII = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def find_control(text: str) -> re.Match | None:
    """``CONTROL.search(text)``, answered at once for the usual ASCII text, which has none: its
    bytes lose none when the control characters are deleted from them (17 us against the
    search's 80 us on a 37,000-character source, interleaved; ``str.isprintable`` was no faster
    than the search). Other text, and text with one, is searched."""
    if text.isascii():
        data = text.encode("ascii")
        if len(data.translate(None, _CONTROL_ASCII)) == len(data):
            return None
    return CONTROL.search(text)


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


class Located:
    """A document's plain value and where each part of it was written.

    ``spans`` and ``keys`` hold the parser's marks (0-based ``line`` and ``column``
    attributes): keeping the mark itself costs nothing while parsing, and ``where``
    turns the few that are asked for into 1-based (line, column).

    A document read lean (``read_yaml(..., lean=True)``) keeps its text and only the mark of
    the document itself: a pack's scene files hold tens of thousands of values, and only an
    error, a warning, the graph or a playtest report asks where any of them is. The first
    ``where`` of a mapping that is an item of a list (a scene, a choice, an ending, a variant:
    what the analysis's warnings point at, one per choice in a pack with no citations) reads
    the text again placing those items only (``items``), in about half the time of a read with
    every mark, and answers every later such question from that. The first question it cannot
    answer so (``where`` of anything else inside, or any use of ``spans``, ``keys``, ``quoted``
    or ``blocks``) reads the text again with every mark, and answers from that from then on.
    """

    __slots__ = ("value", "file", "_spans", "_keys", "_quoted", "_blocks", "_text", "_items")

    def __init__(self, value: Any, file: str, spans: dict[tuple, Any] | None = None,
                 keys: dict[tuple, Any] | None = None, quoted: set[tuple] | None = None,
                 blocks: set[tuple] | None = None, *, text: str | None = None) -> None:
        self.value = value
        self.file = file
        self._spans = {} if spans is None else spans
        self._text = text  # lean: the text to read again (keys, quoted and blocks are then None)
        lean = text is not None
        self._keys = None if lean else {} if keys is None else keys
        self._quoted = None if lean else set() if quoted is None else quoted  # scalars in quotes or blocks
        self._blocks = None if lean else set() if blocks is None else blocks  # scalars written as blocks (| or >)
        self._items: dict[tuple, Any] | None = None  # lean: the marks of the items of lists, once asked for

    def _everything(self) -> None:
        """A lean document: read its text again, every mark kept (it read without error once)."""
        if self._text is not None:
            full = read_yaml(self._text, self.file)
            self._spans, self._keys, self._quoted, self._blocks = full._spans, full._keys, full._quoted, full._blocks
            self._text = None
            self._items = None

    def _list_items(self) -> dict[tuple, Any]:
        """A lean document: the mark of every mapping that is an item of a list, by its path (read once)."""
        items = self._items
        if items is None:
            items = self._items = read_yaml(self._text, self.file, items=True)._spans  # type: ignore[arg-type]
        return items

    @property
    def spans(self) -> dict[tuple, Any]:
        self._everything()
        return self._spans

    @property
    def keys(self) -> dict[tuple, Any]:
        self._everything()
        return self._keys  # type: ignore[return-value]

    @property
    def quoted(self) -> set[tuple]:
        self._everything()
        return self._quoted  # type: ignore[return-value]

    @property
    def blocks(self) -> set[tuple]:
        self._everything()
        return self._blocks  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"Located({self.value!r}, {self.file!r})"

    def where(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """Best position for ``path``: the exact one, else its nearest located parent."""
        if not key and type(path) is tuple:
            m = self._spans.get(path)
            if m is None and self._text is not None and path and type(path[-1]) is int:
                m = self._list_items().get(path)  # lean: a list's items are placed in one read
            if m is not None:  # a lean document places exactly what a full one does, where it places
                return (m.line + 1, m.column + 1)
        spans = self.spans
        table = self.keys if key else spans
        p = tuple(path)
        while True:
            m = table.get(p) or spans.get(p)
            if m is not None:
                return (m.line + 1, m.column + 1)
            if not p:
                return (1, 1)
            p = p[:-1]

    def value_at(self, path: tuple) -> Any:
        """The value as read at ``path`` (mapping keys and list indexes from the top), or None where the
        document has none: the keys an author wrote, before the models' defaults."""
        value = self.value
        try:
            for part in path:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
        return value


class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF")


MAX_DIGITS = 30  # a number in a pack: int() of over 4,300 digits raises, and none needs more than this


class _NotANumber(Exception):
    """A plain scalar that reads as a number no pack can use (too many digits, not finite)."""


def _number(text: str) -> int | float:
    digits = len(text.lstrip("+-").split("e")[0].split("E")[0].replace(".", ""))
    if digits > MAX_DIGITS:
        raise _NotANumber(f"a number with {digits:,} digits; numbers in packs have at most {MAX_DIGITS}")
    if _INT.match(text):
        return int(text)
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NotANumber(f"a number too large to use ({text[:20]}{'…' if len(text) > 20 else ''})")
    return value


#: the plain scalars that are not text, but numbers (which start with one of _NUMBER_START)
_LITERALS: dict[str, Any] = {
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
}
_NUMBER_START = frozenset("0123456789+-.")


def _resolve_plain(text: str) -> Any:
    if text and text[0] in _NUMBER_START:
        return _number(text) if _INT.match(text) or _FLOAT.match(text) else text
    return _LITERALS.get(text, text)  # words stay text; true/false/null and their spellings do not


def not_utf8_hint(data: bytes) -> str:
    """What to do about a file that is not UTF-8: a UTF-16 one (Windows Notepad's "Unicode") is named."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "the file is UTF-16 (it starts with that encoding's byte-order mark): save it as UTF-8"
    return "save it as UTF-8: a text saved as Windows-1252 or Latin-1 has bytes like this one"


def decode(data: bytes, file: str) -> str:
    """Bytes -> text, refusing oversized files and invalid UTF-8 with a located error."""
    if len(data) > MAX_BYTES:
        raise YamlProblem(
            Diagnostic(file, 0, 0, "SG002", f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")  # valid up to there
        line, col = _line_col(before, len(before))  # lines as libyaml counts them, columns in characters
        raise YamlProblem(
            Diagnostic(file, line, col, "SG003", f"invalid UTF-8 byte 0x{data[exc.start]:02x}", not_utf8_hint(data))
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def read_yaml(data: bytes | str, file: str, lean: bool = False, *, items: bool = False) -> Located:
    """Parse one YAML document into plain values with positions.

    Raises ``YamlProblem`` carrying a located diagnostic for anything refused.
    An empty document gives ``None``.

    ``lean`` places only the document itself and makes no path while reading; the first
    question about any other place reads the text again (``Located``). The values and the
    errors are the same either way. ``items`` reads lean, but places (and makes the paths of)
    the mappings that are items of lists as well: what a lean ``Located`` reads again first.
    """
    lean = lean or items
    if isinstance(data, bytes):
        text = decode(data, file)
    else:
        text = data
        if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise YamlProblem(Diagnostic(file, 0, 0, "SG002", f"file is over {MAX_BYTES:,} bytes"))
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # lone surrogates: not text any file could hold
            line, col = _line_col(text, exc.start)
            raise YamlProblem(Diagnostic(file, line, col, "SG003", "text holds a character UTF-8 cannot encode")) from None
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        raise YamlProblem(Diagnostic(file, line, col, "SG004", "NUL character in file"))
    result = Located(None, file, text=text) if lean else Located(None, file)
    spans, quoted, blocks, keys = result._spans, result._quoted, result._blocks, result._keys
    if items:
        result._items = spans  # what a lean document reads again for first: read already
    # This loop runs once per YAML event, so it is written for speed: the open container and
    # its state are locals (the enclosing ones wait on ``stack``), no helper calls on the
    # common path, and the parser's marks are kept as they are (``Located.where`` reads them).
    cur: Any = None  # the open mapping or sequence (None: at the top level)
    cur_path: tuple = ()
    in_map = False
    key: Any = _NO_KEY  # in a mapping: the key whose value comes next, or _NO_KEY
    kpath: tuple = ()  # that value's path
    stack: list[tuple] = []  # (container, path, is a mapping) of each enclosing container
    documents = 0
    Scalar, SeqStart, MapStart, SeqEnd, MapEnd, Alias, DocStart = (
        _Scalar, _SeqStart, _MapStart, _SeqEnd, _MapEnd, _Alias, _DocStart)
    core_tags, no_key, resolve, maybe_not_text = _CORE_TAGS, _NO_KEY, _resolve_plain, _MAYBE_NOT_TEXT
    # a control character can only reach a double-quoted scalar through an escape (libyaml
    # refuses raw ones), and every escape starts with a backslash
    escapes = "\\" in text

    def fail(m, code: str, message: str, hint: str = ""):
        raise YamlProblem(Diagnostic(file, m.line + 1, m.column + 1, code, message, hint))

    try:
        with _bare_events():
            parser = _Parser(text)
            get_event = parser.get_event
            while True:
                event = get_event()
                if event is None:
                    break
                kind = type(event)
                if kind is Scalar:
                    anchor, tag, implicit, value, mark, _, style = event.args
                    if anchor is not None or tag is not None:  # rare: refused, or a core tag
                        if anchor is not None:
                            fail(mark, "SG006", f"anchors (&{anchor}) are not allowed in pack files")
                        if tag not in core_tags:
                            fail(mark, "SG007", f"tag '{tag}' is not allowed; only plain YAML values")
                        if tag != "!":
                            try:
                                value = _tagged(value, mark, tag, fail)
                            except _NotANumber as exc:
                                fail(mark, "SG012", str(exc))
                        if escapes and style == '"' and type(value) is str and (bad := CONTROL.search(value)):
                            fail(mark, "SG004", f"control character U+{ord(bad.group()):04X} in text",
                                 "an escape like \\e or \\x1b would reach the player's terminal; remove it")
                    elif not style:
                        # libyaml reports plain scalars' style as '', PyYAML as None; an untagged
                        # plain scalar is always implicit. Words stay text (decided by the first
                        # character); the rest is resolved.
                        if not value or value[0] in maybe_not_text:
                            try:
                                value = resolve(value)
                            except _NotANumber as exc:
                                fail(mark, "SG012", str(exc), "quote it if it is meant as text")
                    elif escapes and style == '"' and (bad := CONTROL.search(value)):
                        fail(mark, "SG004", f"control character U+{ord(bad.group()):04X} in text",
                             "an escape like \\e or \\x1b would reach the player's terminal; remove it")
                    if in_map:
                        if key is no_key:  # this scalar is a key
                            if type(value) is str:
                                key = value
                            elif value is None:
                                key = "null"
                            elif value is True or value is False:
                                key = "true" if value else "false"
                            else:
                                key = str(value)
                            if key in cur:
                                if lean:  # the first key's line is in the table a full read keeps
                                    raise _AgainWithKeys
                                first = keys.get(cur_path + (key,))
                                raise YamlProblem(Diagnostic(
                                    file, mark.line + 1, mark.column + 1, "SG005",
                                    f"duplicate key '{key}' (first defined at line {first.line + 1 if first else 0})",
                                    "YAML would silently keep only the last value; remove or rename one"
                                    + ("; if this starts a new item of a list, write it '- id: ...'" if key == "id" else ""),
                                ))
                            if not lean:
                                kpath = cur_path + (key,)
                                keys[kpath] = mark
                            continue
                        cur[key] = value
                        key = no_key
                        if lean:
                            continue
                        path = kpath
                    elif cur is not None:
                        if lean:
                            cur.append(value)
                            continue
                        path = cur_path + (len(cur),)
                        cur.append(value)
                    else:
                        path = ()
                        result.value = value
                        if lean:
                            spans[path] = mark
                            continue
                    spans[path] = mark
                    if style:
                        quoted.add(path)
                        if style == "|" or style == ">":
                            blocks.add(path)
                elif kind is MapStart or kind is SeqStart:
                    anchor, tag, _, mark, _, _ = event.args
                    if anchor is not None:
                        fail(mark, "SG006", f"anchors (&{anchor}) are not allowed in pack files")
                    if tag is not None and tag not in core_tags:
                        fail(mark, "SG007", f"tag '{tag}' is not allowed; only plain YAML values")
                    if len(stack) >= MAX_DEPTH:
                        fail(mark, "SG008", f"nesting deeper than {MAX_DEPTH} levels")
                    value = {} if kind is MapStart else []
                    if in_map:
                        if key is no_key:
                            fail(mark, "SG004", "a mapping key must be a plain value, not a list or mapping")
                        cur[key] = value
                        if lean:
                            stack.append((cur, cur_path, in_map))
                            if items:  # the path of every mapping and list (a lean read makes none)
                                cur_path = cur_path + (key,)
                            key = no_key
                            cur, in_map = value, kind is MapStart
                            continue
                        key = no_key
                        path = kpath  # made with its key (a full read places every key)
                    elif cur is not None:
                        cur.append(value)
                        if lean:
                            stack.append((cur, cur_path, in_map))
                            if items:  # and the place of each mapping in a list, as a full read keeps it
                                cur_path = cur_path + (len(cur) - 1,)
                                if kind is MapStart:
                                    spans[cur_path] = mark
                            cur, in_map = value, kind is MapStart
                            continue
                        path = cur_path + (len(cur) - 1,)
                    else:
                        path = ()
                        result.value = value
                    spans[path] = mark
                    stack.append((cur, cur_path, in_map))
                    cur, cur_path, in_map = value, path, kind is MapStart
                elif kind is MapEnd or kind is SeqEnd:
                    cur, cur_path, in_map = stack.pop()
                elif kind is Alias:
                    fail(event.args[1], "SG006",
                         "aliases (*name) are not allowed in pack files; repeat the value instead")
                elif kind is DocStart:
                    documents += 1
                    if documents > 1:
                        fail(event.args[0], "SG004", "only one YAML document per file (found a second '---')")
                # StreamStart, StreamEnd and DocumentEnd carry nothing we keep
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not find expected ':'" in problem and exc.context_mark is not None:
            m = exc.context_mark  # the line that lacks its ':' (libyaml gives up on the line after it)
        line, col = (m.line + 1, m.column + 1) if m else (0, 0)
        if "nesting depth" in problem:  # libyaml's own cap (1,000 levels), met before ours in flow style
            raise YamlProblem(Diagnostic(file, line, col, "SG008", f"nesting deeper than {MAX_DEPTH} levels")) from None
        opened = exc.context_mark
        if (exc.context == "while scanning a quoted scalar" and opened is not None
                and "end of stream" in problem):
            q = _char_at(text, opened.line, opened.column)
            inside = "''" if q == "'" else '\\"'
            raise YamlProblem(Diagnostic(
                file, opened.line + 1, opened.column + 1, "SG004", f"a value opened with {q} is never closed",
                f"end it with {q} on its line; a {q} inside it is written {inside}")) from None
        early = _closed_early(text, m) if "did not find expected" in problem or "expected <block end>" in problem else None
        if early is not None:
            q, at = early
            other, inside = ('"', "''") if q == "'" else ("'", '\\"')
            raise YamlProblem(Diagnostic(
                file, m.line + 1, at + 1, "SG004", f"the value's closing {q} comes before its end: text follows it",
                f"a {q} inside a value in {q}...{q} ends it: write the value in {other}...{other} instead, or "
                f"each {q} inside it as {inside}")) from None
        run_on = _run_on(text, m) if "did not find expected" in problem or "expected <block end>" in problem else None
        if run_on is not None:
            q, n, col, end = run_on
            inside = "''" if q == "'" else '\\"'
            raise YamlProblem(Diagnostic(
                file, n + 1, col + 1, "SG004", f"a value opened with {q} is not closed on its line",
                f"so it runs on to the next {q} (line {end + 1}) and what follows that is out of place: end it "
                f"with {q} on this line; a {q} inside it is written {inside}")) from None
        # libyaml's words, and PyYAML's own parser's for the same (used without libyaml)
        comma = "did not find expected ','" in problem or "expected ',' or" in problem
        content = "expected node content" in problem or "expected the node content" in problem
        blocked = "did not find expected" in problem or "expected <block end>" in problem or content
        unclosed = (_unclosed(text, exc) if comma else _opened_above(text, exc) if content else None)
        if unclosed is not None:
            raise YamlProblem(Diagnostic(file, *unclosed)) from None
        dash = _stray_dash(text, exc) if blocked else None
        if dash is not None:
            raise YamlProblem(Diagnostic(file, line, col, "SG004", *dash)) from None
        colon = _colon_left_out(text, m) if "could not find expected ':'" in problem else None
        if colon is not None:
            raise YamlProblem(Diagnostic(file, line, col, "SG004", *colon)) from None
        above = _colon_left_out_above(text, m) if "mapping values are not allowed" in problem else None
        if above is not None:
            raise YamlProblem(Diagnostic(file, *above)) from None
        astray = (_not_an_item(text, exc) if "expected '-' indicator" in problem or (
            exc.context == "while parsing a block collection" and "expected <block end>" in problem) else None)
        if astray is not None:
            raise YamlProblem(Diagnostic(file, line, col, "SG004", *astray)) from None
        own = _in_own_words(problem, exc, text, m)
        if own is not None:
            raise YamlProblem(Diagnostic(file, *own)) from None
        if m is not None and _char_at(text, m.line, m.column) == "\t":
            raise YamlProblem(Diagnostic(file, line, col, "SG004",
                                         "a tab character, which YAML does not allow here",
                                         "YAML indents with spaces, never tabs: replace the tab with spaces")) from None
        raise YamlProblem(Diagnostic(file, line, col, "SG004", problem,
                                     _yaml_hint(problem, text, m))) from None
    except yaml.reader.ReaderError as exc:  # control characters and the like
        line, col = _line_col(text, exc.position) if isinstance(exc.position, int) else (0, 0)
        what = f"character U+{exc.character:04X} is not allowed in YAML" if isinstance(exc.character, int) else str(exc.reason)
        raise YamlProblem(Diagnostic(file, line, col, "SG004", what,
                                     "remove it, or write it as an escape inside double quotes")) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Diagnostic(file, 0, 0, "SG004", str(exc).splitlines()[0])) from None
    except UnicodeError:  # pragma: no cover - text was checked above
        raise YamlProblem(Diagnostic(file, 0, 0, "SG003", "text is not valid UTF-8")) from None
    except RecursionError:  # pragma: no cover - the depth cap should prevent it
        raise YamlProblem(Diagnostic(file, 0, 0, "SG008", "nesting too deep")) from None
    except _AgainWithKeys:  # a lean read met a duplicate key: the full read raises the same error
        return read_yaml(text, file)
    return result


class _AgainWithKeys(Exception):
    """A lean read met a duplicate key, whose message says where the first one is."""


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a libyaml mark (0-based line and column), or ''."""
    lines = LINE_BREAK.split(text)
    return lines[line][column:column + 1] if 0 <= line < len(lines) else ""


def _lines_at(text: str, mark) -> list[str] | None:
    """The text's lines as libyaml counts them, when ``mark`` is on one of them; else None."""
    if mark is None:
        return None
    lines = LINE_BREAK.split(text)
    return lines if 0 <= mark.line < len(lines) else None


_QUOTED_VALUE = re.compile(r"[ ]*(?:- )*(?:[A-Za-z_][\w-]*:[ ]+)?(?:- )?([\"'])")


def _closed_early(text: str, mark) -> tuple[str, int] | None:
    """When the line of ``mark`` holds a quoted value whose closing mark is followed by more text on the line
    (``quote: "We," said``: a " inside "..."), that mark and the 0-based column of its closing one."""
    lines = _lines_at(text, mark)
    if lines is None:
        return None
    line = lines[mark.line]
    m = _QUOTED_VALUE.match(line)
    if m is None:
        return None
    q = m.group(1)
    i = _closing(line, q, m.end())
    if i == -1:
        return None
    rest = line[i + 1:].strip()
    return (q, i) if rest and not rest.startswith("#") and i <= mark.column else None


def _closing(line: str, q: str, i: int) -> int:
    """The index of the mark that closes a value in ``q``...``q`` whose text starts at ``line[i]``, or -1."""
    while i < len(line):
        c = line[i]
        if q == '"' and c == "\\":
            i += 2
            continue
        if c == q:
            if q == "'" and line[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return -1


def _run_on(text: str, mark) -> tuple[str, int, int, int] | None:
    """When a quoted value above the line of ``mark`` is not closed on its own line and runs on to a mark on
    the line of ``mark`` (a forgotten closing "), that mark, the value's line and column (0-based), and the
    line where it ran to."""
    lines = _lines_at(text, mark)
    if lines is None:
        return None
    for n in range(mark.line - 1, max(mark.line - 40, -1), -1):
        m = _QUOTED_VALUE.match(lines[n])
        if m is None or _closing(lines[n], m.group(1), m.end()) != -1:
            continue
        q = m.group(1)
        for k in range(n + 1, mark.line + 1):  # where it runs to
            close = _closing(lines[k], q, 0)
            if close != -1:
                return (q, n, m.start(1), k) if k == mark.line and close < mark.column else None
        return None
    return None


def _stray_dash(text: str, exc) -> tuple[str, str] | None:
    """(message, hint) when libyaml stopped at a '- ' it cannot place: one among the keys of a mapping
    (a stray '- ' before a choice's 'goto:', lined up with its keys), or one inside [...] (a list in
    brackets, whose items have no dash). None when not so."""
    m, opened = exc.problem_mark, exc.context_mark
    lines = _lines_at(text, m)
    if lines is None or opened is None or not lines[m.line][m.column:m.column + 2] in ("- ", "-"):
        return None
    rest = lines[m.line][m.column + 1:]
    if rest[:1] not in ("", " "):
        return None
    key = re.match(r" +([A-Za-z_][\w-]*):", rest)
    said = f"'- {key.group(1)}:'" if key else "'- '"
    if exc.context == "while parsing a block mapping" and lines[m.line][:m.column].strip() == "":
        first = re.match(r"(- +)?([A-Za-z_][\w-]*):", lines[opened.line][opened.column:]) if opened.line < len(lines) else None
        if first is None:
            return None
        items = lines[opened.line][:opened.column].rstrip().endswith("-")
        has = {k.group(1) for n in range(opened.line, m.line)
               if (k := re.match(r"([A-Za-z_][\w-]*):", lines[n][opened.column:])) and not lines[n][:opened.column].strip(" -")}
        fixes = []
        if key is None or key.group(1) not in has:  # a key it has already would be a duplicate
            fixes.append((f"remove the '- ' to make '{key.group(1)}:' a key of it" if key else "remove the '- '")
                         + f", lined up with '{first.group(2)}:'")
        # a list inside the mapping whose items start with this key ('- id:' meant for the choices above)
        # (the nearest item above that starts with the same key: the list the author was writing in)
        deeper = next((n for n in range(m.line - 1, opened.line, -1)
                       if key is not None and _indent_of(lines[n]) > m.column
                       and re.match(rf"- +{re.escape(key.group(1))}:", lines[n].lstrip(" "))), None)
        if deeper is not None and opened.column == 0 and fixes and key.group(1) not in _TOP_BLOCKS:
            fixes.clear()  # 'id:' among the file's top-level keys ('scenes:') is not what was meant
        if deeper is not None:
            item = (f"to start an item of the list above, line the '- ' up with the one on line {deeper + 1} "
                    f"({_indent_of(lines[deeper])} spaces)")
            fixes.insert(0 if key is not None and key.group(1) in has else len(fixes), item)
        elif items:
            fixes.append(f"to start an item of its own, line the '- ' up with the one on line {opened.line + 1}")
        if not fixes:
            return None
        return (f"{said} starts a list item among the keys of the mapping that starts on line {opened.line + 1} "
                f"('{first.group(2)}:')", "; ".join(fixes))
    if exc.context == "while parsing a flow node":
        return (f"{said} inside [...]: a list in brackets has no '- ' before its items",
                "write the list one item a line under its key, each starting with '- ' and its other keys lined "
                "up under the first; or keep the brackets without the '- ', each item's keys in braces, the "
                "items separated by commas: [{id: a, label: A, goto: b}, {...}]")
    return None


def _known_keys() -> frozenset[str]:
    """Every key of a pack file or of playtest.yaml (read on the error path only: from ``shape.json``,
    which is generated from the models, and playtest_file's fields)."""
    import json
    from pathlib import Path

    from .playtest_file import FIELDS

    keys = {"lines", "expect"} | {k for fields in FIELDS.values() for k in fields}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "fields" and isinstance(v, dict):
                    keys.update(f.get("validation_alias") or name if isinstance(f, dict) else name
                                for name, f in v.items())
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(Path(__file__).with_name("shape.json").read_text(encoding="utf-8")))
    return frozenset(k for k in keys if isinstance(k, str))


def _colon_left_out(text: str, mark) -> tuple[str, str] | None:
    """(message, hint) for a line that is a key and its value without the ':' between them ('label Walk out',
    'choices'), not the words of a text block: None when the line has a ':' or does not start with a key."""
    lines = _lines_at(text, mark)
    if lines is None:
        return None
    here = lines[mark.line]
    said = re.fullmatch(r"( *(?:- +)?)([a-z_][a-z0-9_]*)(?: +([^:#]*?))? *", here)
    if said is None:
        return None
    above = next((ln for ln in reversed(lines[:mark.line]) if ln.strip() and not ln.lstrip().startswith("#")), "")
    if re.search(r":\s*[|>][-+0-9]*\s*(#.*)?$", above) and _indent_of(above) <= _indent_of(here):
        return None  # a text block's line, not indented under its key: the hint about blocks says so
    key, value = said.group(2), said.group(3)
    if key not in _known_keys():  # words of a value ('they meet at noon.'), not a key
        return None
    write = f"{key}: {value}" if value else f"{key}:"
    return (f"no ':' after the key '{key}'", f"write '{write}': a key is followed by ':' (and a space before its "
            "value)")


def _colon_left_out_above(text: str, mark) -> tuple[int, int, str, str, str] | None:
    """For "mapping values are not allowed" on a 'key: value' line under a line that is a key and its
    value without the ':' ('- id leave'): YAML read this line as more of that one's words. (line, column,
    code, message, hint) of the line without the ':', or None."""
    lines = _lines_at(text, mark)
    if lines is None:
        return None
    here = lines[mark.line]
    if not re.match(r" *[A-Za-z_][\w-]*:", here):
        return None
    for n in range(mark.line - 1, -1, -1):
        above = lines[n]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        if _indent_of(above) >= _indent_of(here):
            return None
        said = re.fullmatch(r"( *(?:- +)?)([a-z_][a-z0-9_]*) +([^:#]*?) *", above)
        if said is None or said.group(2) not in _known_keys():
            return None
        return (n + 1, len(said.group(1)) + 1, "SG004", f"no ':' after the key '{said.group(2)}'",
                f"write '{said.group(2)}: {said.group(3)}': without the ':', YAML reads line {mark.line + 1} below "
                f"as more of this line's words")
    return None


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _unclosed(text: str, exc) -> tuple[int, int, str, str, str] | None:
    """(line, column, code, message, hint) for libyaml's "did not find expected ',' or ']'": a list in
    [...] (or a mapping in {...}) never closed, said at its '[' rather than at the line after it; or, on
    its own line, two items without a comma between them. None when not so."""
    m, opened = exc.problem_mark, exc.context_mark
    lines = _lines_at(text, opened)
    if lines is None or m is None:
        return None
    bracket = _char_at(text, opened.line, opened.column)
    if bracket not in "[{" or not bracket:
        return None
    close, what = ("]", "list") if bracket == "[" else ("}", "mapping")
    if m.line > opened.line and not _closes(lines[opened.line], opened.column):
        return (opened.line + 1, opened.column + 1, "SG004",
                f"the {what} opened with '{bracket}' here is never closed",
                f"end it with '{close}' after its last {'item' if bracket == '[' else 'key and value'}, on this line")
    if m.line == opened.line:
        return (m.line + 1, m.column + 1, "SG004",
                f"expected ',' or '{close}' here: the items of a {what} in '{bracket}...{close}' are separated "
                f"by commas",
                f"put a comma between two items; a value that holds a comma, '{bracket}' or '{close}' goes in quotes")
    return None


def _opened_above(text: str, exc) -> tuple[int, int, str, str, str] | None:
    """For "did not find expected node content" in a flow node on a later line than a '[' or '{' that
    starts a value and is not closed on its line ('lines: [', then the lines below it): that bracket never
    closed, said where it is. None when not so."""
    m = exc.problem_mark
    lines = _lines_at(text, m)
    if lines is None or exc.context != "while parsing a flow node":
        return None
    for n in range(m.line - 1, max(m.line - 40, -1), -1):
        for found in re.finditer(r"(?:^\s*|:\s+|-\s+)([\[{])", lines[n]):
            at = found.start(1)
            if not _closes(lines[n], at) and not _closed_below(lines, n, found.group(1)):
                bracket = found.group(1)
                close, what = ("]", "list") if bracket == "[" else ("}", "mapping")
                return (n + 1, at + 1, "SG004", f"the {what} opened with '{bracket}' here is never closed",
                        f"end it with '{close}' after its last {'item' if bracket == '[' else 'key and value'}, "
                        "on this line")
    return None


def _closed_below(lines: list[str], n: int, bracket: str) -> bool:
    """Whether a line below line ``n`` (0-based), before the next line indented as little as it, or that
    line itself when it starts with the closing bracket, holds the bracket that closes one opened on it."""
    close = "]" if bracket == "[" else "}"
    depth = _indent_of(lines[n])
    for k in range(n + 1, len(lines)):
        line = lines[k]
        if line.strip() and _indent_of(line) <= depth:
            return line.lstrip().startswith(close)
        if close in line:
            return True
    return False


def _closes(line: str, at: int) -> bool:
    """Whether the bracket at ``line[at]`` is closed on its line (quoted values skipped)."""
    depth, i = 0, at
    while i < len(line):
        c = line[i]
        if c in "\"'":
            j = _closing(line, c, i + 1)
            if j == -1:
                return False
            i = j + 1
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return True
        elif c == "#" and line[i - 1:i] in (" ", "\t"):
            return False
        i += 1
    return False


def _not_an_item(text: str, exc) -> tuple[str, str] | None:
    """(message, hint) for libyaml's "did not find expected '-' indicator": a line of a list's items that
    is not an item: a key indented as the list's '- ' are, or less than the keys of the item above it.
    None when not so."""
    m, opened = exc.problem_mark, exc.context_mark
    lines = _lines_at(text, m)
    if lines is None or opened is None:
        return None
    here = lines[m.line]
    key = re.match(r"([A-Za-z_][\w-]*):(?:\s|$)", here[m.column:])
    if key is None or here[:m.column].strip():
        return None
    item = None  # the item above: the nearest line above that starts with the list's '- '
    for n in range(m.line - 1, opened.line - 1, -1):
        if lines[n][opened.column:opened.column + 2] == "- " and not lines[n][:opened.column].strip():
            item = n
            break
    if item is None:
        return None
    body = lines[item][opened.column + 1:]
    depth = opened.column + 1 + len(body) - len(body.lstrip(" "))  # where its keys are
    first = re.match(r"([A-Za-z_][\w-]*):", lines[item][depth:])
    if first is None:
        return None
    where = (f"lined up with the '- ' of the item above (line {item + 1})" if m.column == opened.column else
             f"indented less than the keys of the item above ('{first.group(1)}:', line {item + 1})")
    own = key.group(1) == first.group(1)  # 'id:' where an item starts: the '- ' is what was left out
    hint = ("to start an item of its own, write '- ' before it" if own else
            f"indent it as '{first.group(1)}:' is ({depth} spaces), to make it a key of the item above")
    owner = next((n for n in range(opened.line - 1, -1, -1) if lines[n].strip()
                  and not lines[n].lstrip().startswith("#") and _indent_of(lines[n]) < m.column), None)
    outer = re.match(r" *([A-Za-z_][\w-]*):\s*(#.*)?$", lines[owner]) if owner is not None else None
    if (outer is not None and not own and _indent_of(lines[owner]) == 0
            and key.group(1) in _TOP_BLOCKS):  # 'endings:' indented under 'scenes:': a key beside it
        hint = (f"indent it as '{outer.group(1)}:' is (0 spaces), to make it a key beside '{outer.group(1)}:' "
                f"(line {owner + 1}); or as '{first.group(1)}:' is ({depth} spaces), to make it a key of the item above")
    return (f"'{key.group(1)}:' is {where}, so it is neither a key of that item nor an item of the list", hint)


#: the top-level keys of pack.yaml, scene files and playtest.yaml that hold a list or a mapping (the blocks
#: one may indent by mistake under the one above it)
_TOP_BLOCKS = frozenset({"scenes", "endings", "sources", "variables", "roles", "routes", "scene_files", "lines",
                         "expect"})


def _swallowing_key(text: str, mark) -> tuple[int, str, int] | None:
    """When the line of ``mark`` is 'key:' indented deeper than the 'key: value' line above it (YAML then
    reads it as more of that value), that line's number (1-based), key and indentation."""
    lines = _lines_at(text, mark)
    if lines is None:
        return None
    here = lines[mark.line]
    indent = len(here) - len(here.lstrip(" "))
    if not re.fullmatch(r"(- )?[A-Za-z_][\w-]*", here[indent:mark.column]):
        return None
    for n in range(mark.line - 1, -1, -1):
        above = lines[n]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        depth = len(above) - len(above.lstrip(" "))
        if depth >= indent:
            continue  # a line of the same value, run on
        key = re.match(r"(?:- )?([A-Za-z_][\w-]*):[ ]+([^|>'\"\s#].*)$", above[depth:])
        return (n + 1, key.group(1), depth + (2 if above[depth:].startswith("- ") else 0)) if key else None
    return None


def _quoted(value: str) -> str:
    """``value`` in the quotes a YAML value needs to hold it as written."""
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


#: a line that is a key and its value ('    - title: The vote: now'): its indentation and dash, key, value
_KEY_VALUE = re.compile(r"( *(?:- +)?)([A-Za-z_][\w-]*):[ ]+(.*?)[ ]*\Z")


def _in_own_words(problem: str, exc, text: str, mark) -> tuple[int, int, str, str, str] | None:
    """(line, column, code, message, hint) for what libyaml (or PyYAML's own parser) says in its own words
    ("mapping values are not allowed in this context", "found character that cannot start any token"):
    what happened, and what to write, at the line where it happened. None when not one of these."""
    lines = _lines_at(text, mark)
    if lines is None:
        return None
    here = lines[mark.line]
    kv = _KEY_VALUE.match(here)
    if "could not find expected ':'" in problem or "expected '-' indicator" in problem or (
            exc.context == "while parsing a block collection" and "expected <block end>" in problem):
        slip = _no_space_after(here, dash_only=True)  # '-id: second', '-Would it hold?'
        if slip is not None:
            return (mark.line + 1, *slip)
    if "mapping values are not allowed" in problem:
        if kv is not None and mark.column > len(kv.group(1)) + len(kv.group(2)):  # inside the value
            key, value = kv.group(2), kv.group(3)
            if value[:1] in ("'", '"'):
                return (mark.line + 1, mark.column + 1, "SG004",
                        f"': ' after the value of '{key}:' in {value[0]}...{value[0]}, which YAML reads as a key",
                        f"put all of the value inside the {value[0]}...{value[0]}, or take out what follows them")
            return (mark.line + 1, mark.column + 1, "SG004",
                    f"the value of '{key}:' holds ': ' (a colon and a space), which YAML reads as the start of a key",
                    f"put the whole value in quotes: {key}: {_quoted(value)}")
        swallowed = _swallowing_key(text, mark)
        own = re.match(r"( *(?:- +)?)([A-Za-z_][\w-]*):", here)
        if swallowed is not None and own is not None:
            n, key = swallowed[:2]
            return (mark.line + 1, len(own.group(1)) + 1, "SG004",
                    f"'{own.group(2)}:' is indented deeper than '{key}:' on line {n}, so YAML reads it as more of "
                    f"that value", _yaml_hint(problem, text, mark))
        for n in range(mark.line - 1, -1, -1):  # a key above without its ':' ('scenes' above '  - id: first')
            above = lines[n]
            if not above.strip() or above.lstrip().startswith("#"):
                continue
            if _indent_of(above) > _indent_of(here):
                break
            slip = _no_space_after(above)  # '- id:first', '-id: first': YAML read the line as one word
            if slip is not None:
                return (n + 1, *slip)
            bare = re.fullmatch(r"( *(?:- +)?)([A-Za-z_][\w-]*) *", above)
            if bare is None:
                break
            word = bare.group(2)
            return (n + 1, len(bare.group(1)) + len(word) + 1, "SG004", f"no ':' after '{word}'",
                    f"write '{word}:': without the ':', YAML reads line {mark.line + 1} below as more of the word "
                    f"'{word}'")
        return None
    if kv is not None and (
            ("expected alphabetic or numeric character" in problem and exc.context and (
                "alias" in exc.context or "anchor" in exc.context))
            or "sequence entries are not allowed" in problem or "mapping keys are not allowed" in problem):
        key, value = kv.group(2), kv.group(3)  # '*Important* news', '& co', '- The council', '? x'
        if value[:1] in ("*", "&", "-", "?"):
            what = {"*": "an alias", "&": "an anchor", "-": "a list item", "?": "a key"}[value[0]]
            return (mark.line + 1, kv.start(3) + 1, "SG004",
                    f"a value cannot start with '{value[0]}' in YAML: it reads it as {what}",
                    f"put the whole value in quotes: {key}: {_quoted(value)}")
    if "did not find expected key" in problem or "expected <block end>" in problem:
        if kv is not None and kv.group(3)[:1] in ("[", "{") and mark.column > kv.start(3):
            key, value = kv.group(2), kv.group(3)  # 'title: [Aside] The council'
            pair = "[...]" if value[0] == "[" else "{...}"
            return (mark.line + 1, mark.column + 1, "SG004",
                    f"text follows the {pair} that starts the value of '{key}:', which YAML reads as a "
                    f"{'list' if value[0] == '[' else 'mapping'}",
                    f"put the whole value in quotes: {key}: {_quoted(value)}")
        deeper = _deeper_than_above(lines, mark.line)
        if deeper is not None:
            return deeper
    if "expected <document start>" in problem or "expected '<document start>'" in problem:
        first = next((k for k, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")), None)
        if first is not None and _indent_of(lines[first]) > 0:
            word = lines[first].strip()
            if word.startswith("yaml-language-server:"):
                return (first + 1, 1, "SG004", "the editor's modeline has lost its '#'",
                        "write '# yaml-language-server: ...' at the start of the line: without the '#', YAML reads "
                        "it as a key")
            key = re.match(r"(- +)?([A-Za-z_][\w-]*)", word)
            named = f"'{key.group(2)}:'" if key else "the file's first line"
            return (first + 1, _indent_of(lines[first]) + 1, "SG004",
                    f"{named} is indented, but it starts the file: a top-level key starts its line",
                    "take out the space before it" if _indent_of(lines[first]) == 1 else
                    f"take out the {_indent_of(lines[first])} spaces before it")
    if "cannot start any token" in problem:
        c = _char_at(text, mark.line, mark.column)
        if c in ("", "\t"):
            return None
        if kv is not None and mark.column == len(here) - len(here[len(kv.group(1)) + len(kv.group(2)) + 1:].lstrip(" ")):
            key, value = kv.group(2), kv.group(3)
            return (mark.line + 1, mark.column + 1, "SG004", f"a value cannot start with '{c}' in YAML",
                    f"put the whole value in quotes: {key}: {_quoted(value)}")
        return (mark.line + 1, mark.column + 1, "SG004", f"'{c}' cannot start a value or a key in YAML",
                "put the whole value in quotes")
    if exc.context == "while scanning a block scalar":
        head = re.match(r"( *(?:- +)?)([A-Za-z_][\w-]*):[ ]+([|>][-+0-9]*)[ ]*(.*?)[ ]*\Z", here)
        if head is None or not head.group(4) or head.group(4).startswith("#"):
            return None
        key, bar, rest = head.group(2), head.group(3), head.group(4)
        return (mark.line + 1, mark.column + 1, "SG004",
                f"'{bar}' starts a text block, and the text goes on the lines below it, not on its line",
                f"write '{key}: {bar}' alone on its line and '{rest}' on the next, indented more than '{key}:'")
    if "could not find expected ':'" in problem:
        glued = re.fullmatch(r"( *(?:- +)?)([a-z_][a-z0-9_]*):(\S.*?) *", here)
        if glued is not None and glued.group(2) in _known_keys():
            key, value = glued.group(2), glued.group(3)
            return (mark.line + 1, len(glued.group(1)) + 1, "SG004", f"no space after the ':' of '{key}:'",
                    f"write '{key}: {value}': without the space, YAML reads '{key}:{value}' as one word, not a key "
                    "and its value")
        for n in range(mark.line - 1, -1, -1):  # the lines of a text block not indented under its key
            above = lines[n]
            if not above.strip() or above.lstrip().startswith("#"):
                continue
            block = re.fullmatch(r"( *(?:- +)?)([A-Za-z_][\w-]*):[ ]+([|>][-+0-9]*) *(#.*)?", above)
            if block is None or len(block.group(1)) < _indent_of(here):
                break
            return (mark.line + 1, mark.column + 1, "SG004",
                    f"this line is not indented under '{block.group(2)}: {block.group(3)}' (line {n + 1}), so it is "
                    "not part of that text block", _yaml_hint(problem, text, mark))
    return None


def _no_space_after(line: str, dash_only: bool = False) -> tuple[int, str, str, str] | None:
    """(column, code, message, hint) for a line whose '-' or ':' has no space after it ('-id: first',
    '- id:first', '-Would it hold?'), which YAML reads as one word; None otherwise."""
    dash = re.fullmatch(r"( *)-([^\s-].*?) *", line)
    if dash is not None:
        rest = dash.group(2)
        return (len(dash.group(1)) + 1, "SG004", "no space after the '-' that starts this item",
                f"write '- {rest}': without the space, YAML reads '-{rest}' as one word, not an item of the list")
    if dash_only:
        return None
    glued = re.fullmatch(r"( *(?:- +)?)([a-z_][a-z0-9_]*):(\S.*?) *", line)
    if glued is not None and glued.group(2) in _known_keys():
        key, value = glued.group(2), glued.group(3)
        return (len(glued.group(1)) + 1, "SG004", f"no space after the ':' of '{key}:'",
                f"write '{key}: {value}': without the space, YAML reads '{key}:{value}' as one word, not a key and "
                "its value")
    return None


def _deeper_than_above(lines: list[str], n: int) -> tuple[int, int, str, str, str] | None:
    """For "did not find expected key" on a line indented deeper than the 'key: value' line above it, where the
    value (in quotes, in brackets) cannot go on below: (line, column, code, message, hint), or None."""
    here = lines[n]
    own = re.match(r"( *)(- +)?([A-Za-z_][\w-]*):(?:[ ]|\Z)", here)
    if own is None:
        return None
    for k in range(n - 1, -1, -1):
        above = lines[k]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        key = _KEY_VALUE.match(above)
        if key is None or len(key.group(1)) >= _indent_of(here):  # not deeper than its key ('- quote:')
            return None
        if not key.group(3) or key.group(3)[:1] not in ("'", '"', "[", "{"):
            return None
        depth = len(key.group(1))
        return (n + 1, len(own.group(1)) + 1, "SG004",
                f"'{own.group(3)}:' is indented deeper than '{key.group(2)}:' on line {k + 1}, so it is neither a key "
                f"beside it nor part of its value",
                f"indent it as '{key.group(2)}:' is ({depth} spaces)")
    return None


def _yaml_hint(problem: str, text: str = "", mark=None) -> str:
    """A plain-words hint for libyaml's commonest messages."""
    if "mapping values are not allowed" in problem:
        swallowed = _swallowing_key(text, mark)
        if swallowed is not None:
            n, key, depth = swallowed
            hint = (f"indent it as '{key}:' is ({depth} spaces); if ': ' is part of a value, put the whole value "
                    "in quotes")
            lines = _lines_at(text, mark)
            parent = next((k for k in range(n - 2, -1, -1) if lines[k].strip() and not lines[k].lstrip().startswith("#")),
                          None)
            empty = re.match(r"( *(?:- +)?)([A-Za-z_][\w-]*):\s*(#.*)?$", lines[parent]) if parent is not None else None
            if empty is not None and len(empty.group(1)) == depth:
                # 'trust:' with nothing after it, then 'label: ...' beside it: 'label:' was meant under 'trust:'
                hint = (f"'{key}:' is beside '{empty.group(2)}:' (line {parent + 1}), which has nothing after "
                        f"it: if '{key}:' belongs under '{empty.group(2)}:', indent it as this line is; if not, "
                        f"indent this line as '{key}:' is ({depth} spaces)")
            return hint
        return "a value holds ': ' (colon and space): put the whole value in quotes"
    if "tab" in problem:
        return "YAML indents with spaces, never tabs"
    if "did not find expected" in problem or "expected <block end>" in problem:
        return "check the indentation of this line and the one above"
    if "could not find expected ':'" in problem:
        return ("this line is not 'key: value': if it goes on with a text block (text: |), indent it more than "
                "the key; if it is a long value, put the whole value in quotes")
    return ""


#: what libyaml counts as a line break (its marks, and so every diagnostic, count lines this way): a file
#: with old Mac line ends (\r) or a pasted U+2028 has more lines than its '\n's
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def line_starts(text: str) -> list[int]:
    """The index in ``text`` where each line starts, its lines counted as libyaml counts them."""
    return [0] + [m.end() for m in LINE_BREAK.finditer(text)]


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``, counting lines as libyaml does."""
    import bisect

    starts = line_starts(text[:index])
    line = bisect.bisect_right(starts, index) - 1
    return line + 1, index - starts[line] + 1


class _NoKey:
    def __repr__(self) -> str:  # pragma: no cover
        return "<no key>"


_NO_KEY = _NoKey()


def _tagged(text: str, mark, tag: str, fail) -> Any:
    if tag == "tag:yaml.org,2002:str":
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        value = _resolve_plain(text)
        if not isinstance(value, bool):
            fail(mark, "SG007", f"'{text}' is not true or false")
        return value
    if tag == "tag:yaml.org,2002:int":
        if not _INT.match(text):
            fail(mark, "SG007", f"'{excerpt(text)}' is not an integer")
        return _number(text)
    if tag == "tag:yaml.org,2002:float":
        if not (_FLOAT.match(text) or _INT.match(text)):
            fail(mark, "SG007", f"'{excerpt(text)}' is not a number")
        return float(_number(text))
    fail(mark, "SG007", f"tag '{tag}' cannot be used on a plain value")
