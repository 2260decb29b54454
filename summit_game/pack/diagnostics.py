"""Diagnostics: every problem in a pack has a stable code, a severity and a location.

The codes are part of the public surface: authors search for them and CI
pipelines filter on them, so a code is never reused for another meaning.
The table in docs/authoring.md is generated from ``CODES`` (a test keeps
the two in step).
"""

from __future__ import annotations

import os
import re
from enum import Enum
from pathlib import Path
from typing import Callable

from .record import Ordered


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


#: code -> (severity, short title). Never renumber; retire codes instead.
CODES: dict[str, tuple[Severity, str]] = {
    # reading files
    "SG001": (Severity.ERROR, "file or folder cannot be read"),
    "SG002": (Severity.ERROR, "file too large"),
    "SG003": (Severity.ERROR, "file is not valid UTF-8"),
    "SG004": (Severity.ERROR, "YAML syntax error"),
    "SG005": (Severity.ERROR, "duplicate key"),
    "SG006": (Severity.ERROR, "anchors and aliases are not allowed"),
    "SG007": (Severity.ERROR, "tag not allowed"),
    "SG008": (Severity.ERROR, "nesting too deep"),
    # shape
    "SG010": (Severity.ERROR, "unknown key"),
    "SG011": (Severity.ERROR, "missing required key"),
    "SG012": (Severity.ERROR, "wrong type or invalid value"),
    # references
    "SG020": (Severity.ERROR, "duplicate id"),
    "SG021": (Severity.ERROR, "goto names no scene or ending"),
    "SG022": (Severity.ERROR, "start scene missing"),
    "SG023": (Severity.ERROR, "unknown role"),
    "SG024": (Severity.ERROR, "citation names an unknown source"),
    "SG025": (Severity.ERROR, "quote not found in its source"),
    "SG026": (Severity.ERROR, "source file missing or unreadable"),
    "SG027": (Severity.ERROR, "unknown route"),
    "SG028": (Severity.ERROR, "scene has no way on"),
    "SG029": (Severity.ERROR, "source text malformed (front matter, paragraph reference)"),
    # expressions
    "SG030": (Severity.ERROR, "expression syntax not allowed"),
    "SG031": (Severity.ERROR, "unknown variable"),
    "SG032": (Severity.ERROR, "type error in expression"),
    "SG033": (Severity.ERROR, "expression too long or too complex"),
    "SG034": (Severity.ERROR, "invalid effect"),
    "SG035": (Severity.ERROR, "value outside the variable's bounds"),
    "SG036": (Severity.ERROR, "invisible or bidirectional control character in a key, id or expression"),
    # analysis (warnings)
    "SG101": (Severity.WARNING, "scene unreachable from the start"),
    "SG102": (Severity.WARNING, "player can be stuck"),
    "SG103": (Severity.WARNING, "variable never read"),
    "SG104": (Severity.WARNING, "variable never written"),
    "SG105": (Severity.WARNING, "choice has no citation"),
    "SG106": (Severity.WARNING, "ending no path reaches"),
    "SG107": (Severity.WARNING, "no fallback ending"),
    "SG108": (Severity.WARNING, "exploration capped; reachability is partial"),
    "SG109": (Severity.WARNING, "scene limited to roles is reached by another role"),
    "SG110": (Severity.WARNING, "quote inside quotation marks (or a block quote) names no speaker"),
    "SG111": (Severity.WARNING, "condition always true or never true within the variables' bounds"),
    "SG112": (Severity.WARNING, "text the game labels as its model says \"the game's model\" again"),
    "SG113": (Severity.WARNING, "a scene file not read: its name ends in .yml"),
    "SG114": (Severity.WARNING, "bidirectional control left open (or closing nothing) in text"),
    "SG115": (Severity.WARNING, "a text block holds a line that is a key (its indentation swallowed it)"),
    "SG116": (Severity.WARNING, "a value is followed by ' #word', which starts a comment"),
    "SG117": (Severity.WARNING, "a choice without 'if' has 'unavailable: hide' or 'reason', which only an 'if' uses"),
    "SG118": (Severity.WARNING, "quote names a speaker but is not inside quotation marks in its source"),
    "SG119": (Severity.WARNING, "a chance outcome has only 'goto:' after one without it (a stray '- ' split one outcome)"),
    "SG120": (Severity.WARNING, "role_text for a role the choice (or scene) is not for (its roles:)"),
    # playtest.yaml (summit-game playtest)
    "SG201": (Severity.ERROR, "playtest.yaml names no such role, route, scene, ending, choice, line or variable"),
    "SG210": (Severity.ERROR, "playtest expectation not met"),
    "SG211": (Severity.ERROR, "playtest expectation undecided: the exploration stopped at its cap"),
}


MAX_MESSAGE = 400  # characters: a diagnostic never echoes more than a short excerpt of a file
MAX_HINT = 800
#: and the lone surrogates Python reads a name's undecodable bytes as (``os.fsdecode``: byte 0xff is U+DCFF),
#: which no stream can write as UTF-8, and whose byte 0x9b an 8-bit terminal takes for ESC [
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: every format character (Unicode category Cf, as of Unicode 15; a test keeps it a superset of the
#: running Python's): invisible, and the bidirectional ones reorder a line (pack/invisible.py)
FORMAT = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
                    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
                    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
                    "\U000e0020-\U000e007f]")
_CONTROL_OR_FORMAT = re.compile(_CONTROL.pattern[:-1] + FORMAT.pattern[1:])


def visible(text: str, newlines: bool = False, formats: bool = False) -> str:
    """``text`` with control characters written out (``\\x1b``), so none reaches a terminal or a CI log;
    with ``formats``, the invisible format characters too (``\\u202e``), so a diagnostic shows them."""
    def esc(m: re.Match) -> str:
        ch = m.group()
        if newlines and ch == "\n":
            return ch
        n = ord(ch)
        if 0xDC80 <= n <= 0xDCFF:  # the undecodable byte of a file name, as the byte
            return f"\\x{n - 0xDC00:02x}"
        return ({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch) or
                (f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"))

    return (_CONTROL_OR_FORMAT if formats else _CONTROL).sub(esc, text)


def excerpt(value: object, limit: int = 60) -> str:
    """A short, one-line, printable glimpse of a value for a message (never a whole file)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**limit:
        return f"a number of about {len(str(abs(value))) if abs(value) < 10**4000 else 'over 4,000'} digits"
    text = value if isinstance(value, str) else (repr(value) if not isinstance(value, (list, dict)) else
                                                 type(value).__name__)
    text = visible(" ".join(str(text).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _capped(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    keep = limit - len(f"… ({len(text):,} more characters)")
    return text[:keep] + f"… ({len(text) - keep:,} more characters)"


class Diagnostic(Ordered):
    """One located problem. ``line`` and ``column`` are 1-based; 0 means unknown.

    It keeps the file name and the words as they are (``as_dict``, so ``--format json``
    carries a file's real name; JSON escapes what needs it) and at most a short excerpt
    of any file. What is written for people (``format_text``, ``format_github``) has its
    control characters written out (``\\x1b``), so none reaches a terminal or a CI log, and its
    invisible format characters too (``\\u202e``), so the author sees them.
    """

    _uncompared = frozenset({"hint"})  # two diagnostics with other hints are the same problem

    def __init__(self, file: str, line: int, column: int, code: str, message: str, hint: str = "") -> None:
        d = self.__dict__
        d["file"] = str(file)
        d["line"] = line
        d["column"] = column
        d["code"] = code
        d["message"] = _capped(str(message), MAX_MESSAGE)
        d["hint"] = _capped(str(hint), MAX_HINT)

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format_text(self) -> str:
        loc = visible(self.file, formats=True)
        if self.line:
            loc += f":{self.line}:{self.column or 1}"
        text = f"{loc}: {self.severity.value} {self.code}: {self.shown_message()}"
        if self.hint:
            text += "\n    " + self.shown_hint().replace("\n", "\n    ")
        return text

    def shown_message(self) -> str:
        """The message as written for people: control characters written out, capped again."""
        return _capped(visible(self.message, formats=True), MAX_MESSAGE)

    def shown_hint(self) -> str:
        return _capped(visible(self.hint, newlines=True, formats=True), MAX_HINT)

    def format_github(self) -> str:
        def esc(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        kind = "error" if self.is_error else "warning"
        message = self.shown_message() + (f" ({self.shown_hint()})" if self.hint else "")
        params = f"file={esc(visible(self.file, formats=True))}"
        if self.line:
            params += f",line={self.line},col={self.column or 1}"
        params += f",title={self.code}"
        return f"::{kind} {params}::{esc(message)}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class PackError(Exception):
    """Raised when a pack cannot be loaded; carries every error found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        first = self.diagnostics[0].format_text() if self.diagnostics else "invalid pack"
        more = len(self.diagnostics) - 1
        super().__init__(first + (f" (and {more} more)" if more > 0 else ""))


def _below(a: str, b: str) -> str | None:
    """POSIX, both normalised absolute paths with one leading slash: ``a`` relative to the folder ``b``
    as pathlib's ``relative_to`` words it, or None when ``a`` is not below ``b``."""
    if a == b:
        return "."
    if b == "/":
        return a[1:]
    if a.startswith(b) and a[len(b):len(b) + 1] == "/":
        return a[len(b) + 1:]
    return None


def display_path(path: Path | str, base: Path | None = None,
                 real: Callable[[Path], Path | None] | None = None) -> str:
    """A path as shown to authors: relative to the working folder when it can be.

    ``real`` follows links (``globbing.RealPaths``, each folder once), for a caller naming many
    files; only a file outside the folder as written needs it."""
    p = Path(path)
    base = base or Path.cwd()
    # as written first: a symbolic link is named as the author sees it, not by its target
    a, b = os.path.abspath(p), os.path.abspath(base)
    posix = os.sep == "/" and a[:2] != "//" and b[:2] != "//"  # POSIX: answered as text (pathlib is slow)
    if posix:
        shown = _below(a, b)
        if shown is not None:
            return shown
    else:
        try:
            return str(Path(a).relative_to(b))
        except ValueError:
            pass
    try:
        real_path, real_base = (p.resolve(), base.resolve()) if real is None else (real(p), real(base))
    except (ValueError, OSError, RuntimeError):
        return str(p)
    if real_path is None or real_base is None:
        return str(p)
    rp, rb = str(real_path), str(real_base)
    if posix and rp[:2] != "//" and rb[:2] != "//":
        shown = _below(rp, rb)
        return str(p) if shown is None else shown
    try:
        return str(real_path.relative_to(real_base))
    except ValueError:
        return str(p)


_C1 = re.compile(r"[\x7f-\x9f]")


def json_safe(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with DEL and the C1 controls escaped too
    (``\\u009b``): JSON escapes only U+0000-U+001F, and a terminal acts on U+009B as on ESC [."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json(diagnostics: list[Diagnostic]) -> str:
    """``json.dumps([d.as_dict() for d in diagnostics], indent=2)``, character for character, in half
    the time: with ``indent`` json encodes in Python, value by value (0.16 s for the 15,000 warnings
    of a 5,000-scene pack with no citations); here each string goes to its C escaper (the fields are
    strings and whole numbers, in ``as_dict``'s order)."""
    import json

    if not diagnostics:
        return "[]"
    esc = json.encoder.encode_basestring_ascii  # what json.dumps uses for a string (ensure_ascii)

    def value(v: object) -> str:
        return esc(v) if type(v) is str else int.__repr__(v) if type(v) is int else json.dumps(v)

    items = ["  {\n" + ",\n".join(f"    {esc(k)}: {value(v)}" for k, v in d.as_dict().items()) + "\n  }"
             for d in diagnostics]
    return "[\n" + ",\n".join(items) + "\n]"


def render(diagnostics: list[Diagnostic], fmt: str) -> str:
    if fmt == "json":
        return _json(diagnostics)
    if fmt == "github":
        return "\n".join(d.format_github() for d in diagnostics)
    return "\n".join(d.format_text() for d in diagnostics)
