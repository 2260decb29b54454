"""Invisible characters in pack YAML: refused where they deceive, allowed in prose.

Unicode's format characters (category Cf: the bidirectional controls U+202A-U+202E and
U+2066-U+2069, zero-width spaces and joiners, the soft hyphen, U+FEFF, tag characters)
show as nothing, and the bidirectional ones make an editor show a line in another order
than it reads ("Trojan Source", CVE-2021-42574): ``goto: "vote\u202e"`` looks like
``goto: vote``, a key can look like another, an expression can look as if it tests
something else. So:

* in a key, an id, a name, an expression or any other value the game matches rather than
  shows, every format character is an error (SG036);
* in prose (titles, labels, text, quotes, notes, comments) a right-to-left author may need
  them, so they are allowed; a bidirectional embedding, override or isolate left open at
  the end of its paragraph (or a closing one with nothing to close) is a warning (SG114),
  because it reorders whatever follows it there. The front ends join a paragraph's lines,
  so one closed on a later line of the same paragraph is closed where the player reads it;
  in a comment, which is one line, it is closed on its line.

Only files that hold such a character, or a YAML escape that could write one, are looked
at closely: the check of every other file is one search of its text.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Iterator

from ._yaml import Located, line_starts
from .diagnostics import FORMAT, Diagnostic, excerpt

#: a YAML escape that can write one into a double-quoted value: \x.., \u...., \U........
_ESCAPE = re.compile(r"\\[xuU]")
_OPENERS = {"\u202a": "embed", "\u202b": "embed", "\u202d": "embed", "\u202e": "embed",
            "\u2066": "isolate", "\u2067": "isolate", "\u2068": "isolate"}
_CLOSERS = {"\u202c": "embed", "\u2069": "isolate"}
BIDI = re.compile("[" + "".join(_OPENERS) + "".join(_CLOSERS) + "]")

#: keys whose values (and everything below them) are prose: shown to people, never matched
PROSE = frozenset({
    "title", "summary", "content_note", "as_of", "authors", "publisher", "licence", "text", "label",
    "briefing", "reason", "note", "description", "quote", "speaker", "location", "debrief", "role_text",
})
_IDS = frozenset({"id", "goto", "start", "source", "roles", "role", "route", "line", "ending", "reachable",
                  "unreachable", "prefer", "good_for", "meter", "higher_on", "lower_on", "than"})
_EXPRESSIONS = frozenset({"if", "effects"})


#: the format characters below U+10000 (an astral one starts with byte F0 or F3 in UTF-8): the class
#: without astral ranges is searched five times as fast (5.9 ms against 33 ms on 1 MB of prose)
_FORMAT_BMP = re.compile(FORMAT.pattern[:FORMAT.pattern.index("\U000110bd")] + "]")


def text_to_check(data: bytes) -> str | None:
    """The text of a YAML file's ``data`` (valid UTF-8) when it could hold a format character, or a
    YAML escape that could write one; None, after one search, when it cannot."""
    if data.isascii():
        if not any(data[i + 1:i + 2] in (b"x", b"u", b"U") for i in _finds(data, 0x5C)):  # a backslash escape
            return None
        return data.decode("ascii")
    text = data.decode("utf-8").removeprefix("\ufeff")
    if not _may_hold(data, text) and ("\\" not in text or _ESCAPE.search(text) is None):
        return None
    return text


#: the first bytes of every format character in UTF-8 (U+00AD: C2; Arabic's: D8, DB, DC; ...; U+2000s: E2;
#: U+FEFF and U+FFF9: EF; astral: F0, F3)
_LEADS = bytes([0xC2, 0xD8, 0xDB, 0xDC, 0xE0, 0xE1, 0xE2, 0xEF, 0xF0, 0xF3])
_MANY = 400  # more such bytes than this (a text in Arabic, say): the text is searched instead


def _may_hold(data: bytes, text: str) -> bool:
    """Whether ``text`` (``data`` decoded) holds a format character. Packs' non-ASCII text is mostly a few
    curly quotes and dashes: each byte that could start one is looked at (bytes.find), which is ten times
    faster than searching the text with ``FORMAT`` (17 ns a character when the text is not Latin-1)."""
    if len(data.translate(None, _LEADS)) == len(data):
        return False
    at = [i for lead in _LEADS for i in _finds(data, lead)]
    if len(at) > _MANY:
        return (FORMAT if b"\xf0" in data or b"\xf3" in data else _FORMAT_BMP).search(text) is not None
    return any(FORMAT.match(data[i:i + 4].decode("utf-8", "ignore")[:1]) for i in at)


def _finds(data: bytes, byte: int) -> Iterator[int]:
    i = data.find(byte)
    while i != -1:
        yield i
        if i > 10**7:  # pragma: no cover - files are capped at 1 MB
            return
        i = data.find(byte, i + 1)


def _name(ch: str) -> str:
    import unicodedata  # only for a file that has one

    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'FORMAT CHARACTER')})"


def _what(path: tuple, is_key: bool) -> str:
    parent = path[-2] if len(path) >= 2 else None
    if is_key:
        return {"variables": "a variable name", "set": "a variable name", "start": "a variable name",
                "role_text": "a role id"}.get(parent, "a key") if isinstance(parent, str) else "a key"
    last = next((p for p in reversed(path) if isinstance(p, str)), None)
    if last in _EXPRESSIONS:
        return "an expression"
    if last in _IDS:
        return "an id"
    return "a value"


def _is_prose(path: tuple, is_key: bool) -> bool:
    """A value shown to people: under a prose key (``debrief``'s items, ``authors``' names too), or
    one role's text under ``role_text``."""
    if is_key or not path:
        return False
    last = next((p for p in reversed(path) if isinstance(p, str)), None)
    return last in PROSE or (len(path) >= 2 and path[-2] == "role_text")


#: a line that starts a Markdown block of its own: a list item or a heading (the front ends show each apart)
_BLOCK_START = re.compile(r"[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}[ \t])")
_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]")


def paragraphs(value: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each paragraph of a prose value as the game shows it: the front ends join the lines of
    a paragraph with spaces (titles and labels have one), so a bidirectional control opened on one line of it
    and closed on a later one is closed where the player reads it. A blank line ends a paragraph, and a list
    item or a heading is a block of its own."""
    if "\n" not in value:
        yield 0, value
        return
    start = at = 0
    heading = False  # the line before was a heading: a block of its own
    for line in value.split("\n"):
        end = at + len(line)
        if not line.strip() or (at > start and (heading or _BLOCK_START.match(line))):
            if at > start:
                yield start, value[start:at - 1]
            start = at if line.strip() else end + 1
        heading = _HEADING.match(line) is not None
        at = end + 1
    if start < len(value):
        yield start, value[start:]


def unbalanced(line: str, where: str = "on its line") -> tuple[int, str] | None:
    """The first bidirectional control of ``line`` that is left open at its end or closes nothing:
    (its index, what is wrong), or None when they pair up (or there are none). ``where`` says where it
    should have been closed, in the words of the warning."""
    if BIDI.search(line) is None:
        return None
    open_: list[tuple[int, str]] = []  # (index, kind) of each open embedding or isolate
    for m in BIDI.finditer(line):
        ch, i = m.group(), m.start()
        if ch in _OPENERS:
            open_.append((i, _OPENERS[ch]))
        elif _CLOSERS[ch] == "isolate":  # closes the last isolate and whatever it holds
            at = next((k for k in range(len(open_) - 1, -1, -1) if open_[k][1] == "isolate"), None)
            if at is None:
                return i, "closes nothing"
            del open_[at:]
        else:
            if not open_ or open_[-1][1] != "embed":
                return i, "closes nothing"
            open_.pop()
    if open_:
        return open_[0][0], f"is not closed {where}"
    return None


#: shape errors that a format character in a key or value causes by itself (an unknown key, an id or a
#: value the model refuses): at the same place as its SG036, they say the same thing less well
_CAUSED = frozenset({"SG010", "SG012"})


def duplicates(diags: list[Diagnostic], refused: set[tuple[str, int, int]]) -> list[Diagnostic]:
    """``diags`` without the shape errors at a scalar that ``check`` refused (SG036 names the character)."""
    if not refused:
        return diags
    return [d for d in diags if d.code not in _CAUSED or (d.file, d.line, d.column) not in refused]


def _nth(text: str, ch: str, a: int, b: int, n: int) -> int:
    """Where the ``n``-th (from 0) ``ch`` of ``text[a:b]`` is, or -1 (the value wrote it with an escape)."""
    j = text.find(ch, a, b)
    for _ in range(n):
        if j == -1:
            break
        j = text.find(ch, j + 1, b)
    return j


def scalars(text: str) -> Iterator[tuple[Any, bool, int, int, int, int]]:
    """(value, plain, start index, end index, line, column) of every scalar token of ``text`` (0-based)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for token in yaml.scan(text, Loader=loader):
        if type(token).__name__ == "ScalarToken":
            m = token.start_mark
            yield token.value, token.plain, m.index, token.end_mark.index, m.line, m.column


def check(doc: Located, data: bytes, file: str, refused: set[tuple[str, int, int]] | None = None) -> list[Diagnostic]:
    """SG036 errors and SG114 warnings for ``doc``, read without error from ``data``. ``refused``, if given,
    gains the (file, line, column) where each scalar with an SG036 starts: where a shape error about the same
    value (SG010, SG012) would point, so the loader says the character once (``duplicates``)."""
    text = text_to_check(data)
    if text is None:
        return []
    places: dict[tuple[int, int], tuple[tuple, bool]] = {}  # a scalar's (line, column) -> (path, is a key)
    for path, m in doc.spans.items():
        places.setdefault((m.line, m.column), (path, False))
    for path, m in doc.keys.items():
        places[(m.line, m.column)] = (path, True)
    starts = line_starts(text)  # lines as libyaml counts them (\r, U+2028, ...), as the other diagnostics
    out: list[Diagnostic] = []
    ends: dict[int, int] = {}  # each scalar's start index in the text -> its end

    def at(index: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, index) - 1
        return line + 1, index - starts[line] + 1

    for value, _, a, b, line, col in scalars(text):
        ends[a] = b
        if not isinstance(value, str) or FORMAT.search(value) is None:
            continue
        path, is_key = places.get((line, col), ((), False))
        if _is_prose(path, is_key):
            for offset, part in paragraphs(value):
                bad = unbalanced(part, "in its paragraph")
                if bad is None:
                    continue
                i, why = bad
                ch = part[i]
                j = _nth(text, ch, a, b, value.count(ch, 0, offset + i))  # where it is in the file, as written
                out.append(Diagnostic(file, *(at(j) if j != -1 else (line + 1, col + 1)), "SG114",
                                      f"bidirectional control {_name(ch)} {why}",
                                      "close each embedding or override (U+202A, U+202B, U+202D, U+202E) with "
                                      "U+202C and each isolate (U+2066-U+2068) with U+2069 in the same paragraph "
                                      "(the game joins its lines; a blank line, a list item or a heading starts "
                                      "another): left open, it shows the rest of the paragraph reordered"))
                break
            continue
        ch = FORMAT.search(value).group()
        m = FORMAT.search(text, a, b)
        if refused is not None:
            refused.add((file, line + 1, col + 1))
        left = FORMAT.sub("", value)  # what the author meant, most often: the did-you-mean of the SG010 not said
        out.append(Diagnostic(file, *(at(m.start()) if m else (line + 1, col + 1)), "SG036",
                              f"invisible character {_name(ch)} in {_what(path, is_key)}",
                              "it shows as nothing, or makes an editor show the line in another order than it "
                              "reads (\"Trojan Source\"): delete it"
                              + (f", which leaves '{excerpt(left)}'" if left.strip() else "")
                              + ". Only prose (titles, labels, text) may hold it"))
    # outside every scalar, in a comment: prose, so only an unbalanced control is said, once a line
    spans = sorted(ends.items())
    firsts = [a for a, _ in spans]
    said: set[int] = set()
    for m in BIDI.finditer(text):
        i = m.start()
        k = bisect.bisect_right(firsts, i) - 1
        if k >= 0 and i < spans[k][1]:
            continue  # inside a scalar: looked at above
        line_no, _ = at(i)
        if line_no in said:
            continue
        said.add(line_no)
        begin = max(starts[line_no - 1], spans[k][1] if k >= 0 else 0)  # after the line's last scalar
        end = starts[line_no] - 1 if line_no < len(starts) else len(text)
        hash_at = text.find("#", begin, end)
        comment_at = begin if hash_at == -1 else hash_at
        bad = unbalanced(text[comment_at:end])
        if bad is not None:
            j = comment_at + bad[0]
            out.append(Diagnostic(file, *at(j), "SG114", f"bidirectional control {_name(text[j])} {bad[1]} (in a comment)",
                                  "close it on the same line, or delete it: left open, it shows the rest of the "
                                  "line reordered"))
    return sorted(out)
