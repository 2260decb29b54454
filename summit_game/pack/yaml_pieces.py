"""A YAML file with a syntax error in one entry: the error of each entry that has one, and the rest read.

A syntax error stops the YAML parser, so one broken entry of ``playtest.yaml`` (a line of play, an
expectation) or of a scene file (a scene, an ending: ``scene_pieces``) would hide every other problem of
the file until it is fixed; this reads each entry of a file on its own. The file's top-level blocks
(``lines:``, ``expect:``; ``scenes:``, ``endings:``) are cut into their entries, by
indentation, and each entry is parsed alone with its block's key line: an entry that does not parse gives
its own located error, and the file is read again with those entries' lines left blank (so every line and
column stays where the author sees it). None when that does not account for the error: it lies outside
any entry, every entry parses alone, or the rest does not parse either (the caller then says the first
error alone, as before).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ._yaml import LINE_BREAK, Located, YamlProblem, read_yaml
from .diagnostics import Diagnostic

#: a top-level key line that opens a block: 'lines:' with nothing after it but a comment
_HEADER = re.compile(r"([A-Za-z_][\w-]*):[ \t]*(?:#.*)?\Z")
#: a mapping entry's key at the start of its line ('patient:', 'patient: {...}')
_KEY = re.compile(r"([A-Za-z_][\w-]*):(?:[ \t]|\Z)")
#: the YAML reader's own errors, which have a place in the text (not size, encoding: those are the file's)
_PARSE_CODES = {"SG004", "SG005", "SG006", "SG007", "SG008", "SG012"}


class Piece(NamedTuple):
    block: int | None  # the line index of its block's key line; None for a top-level line of its own
    under: str | None  # that key ('lines')
    first: int  # its line indexes: first to end (exclusive)
    end: int
    name: str | None  # a mapping entry's key ('patient' under 'lines:'); None for a list item


class Recovered(NamedTuple):
    doc: Located  # the file without its broken entries
    errors: list[Diagnostic]  # one per broken entry
    broken: list[Piece]  # the entries left out
    text: str  # the text read: the broken entries' lines blank


def _content(line: str) -> bool:
    s = line.strip()
    return bool(s) and not s.startswith("#")


def _indent(line: str) -> int:
    """Its indentation in spaces; a tab in it (an error of its own) makes it more of the line above."""
    n = len(line) - len(line.lstrip(" "))
    return 1 << 30 if line[n:n + 1] == "\t" else n


def pieces(lines: list[str]) -> list[Piece] | None:
    """The file's entries: each child of a top-level block key ('lines:', 'expect:') by indentation, and each
    other top-level line with what is indented under it. None for a file this cannot cut (one that starts
    indented, a document marker)."""
    out: list[Piece] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not _content(line):
            i += 1
            continue
        if _indent(line) != 0 or line.startswith(("---", "...", "%")):
            return None
        j = i + 1  # the block: every line up to the next top-level content line (an indentless '- ' is in it)
        while j < n and not (_content(lines[j]) and _indent(lines[j]) == 0 and not lines[j].startswith("-")):
            j += 1
        if not _HEADER.match(line):
            out.append(Piece(None, None, i, j, None))
            i = j
            continue
        children = [k for k in range(i + 1, j) if _content(lines[k])]
        if children:
            depth = _indent(lines[children[0]])
            starts = [k for k in children if _indent(lines[k]) == depth]
            for a, b in zip(starts, [*starts[1:], j]):
                body = lines[a][depth:]
                key = None if body.startswith("-") else (_KEY.match(body).group(1) if _KEY.match(body) else None)
                out.append(Piece(i, _HEADER.match(line).group(1), a, b, key))
        i = j
    return out


#: at most this many entries are read alone (a file of thousands is not a playtest.yaml anyone writes by hand)
MAX_PIECES = 200


def _blanked(lines: list[str], breaks: list[str], keep, end: int | None = None) -> str:
    """The text with only the lines ``keep`` says yes to (the others blank, so lines keep their numbers),
    up to line ``end`` (exclusive)."""
    return "".join((ln if keep(k) else "") + breaks[k] for k, ln in enumerate(lines[:end]))


def recover(text: str, file: str, problem: Diagnostic) -> Recovered | None:
    """``text`` (which raised ``problem``) read entry by entry, or None (see the module's docstring)."""
    if problem.code not in _PARSE_CODES or problem.line < 1:
        return None
    parts = LINE_BREAK.split(text)
    breaks = [m.group() for m in LINE_BREAK.finditer(text)] + [""]
    found = pieces(parts)
    if not found or len(found) > MAX_PIECES:
        return None
    errors: list[Diagnostic] = []
    broken: list[Piece] = []
    for p in found:
        alone = _blanked(parts, breaks, lambda k, p=p: k == p.block or k >= p.first, p.end)
        try:
            read_yaml(alone, file)
        except YamlProblem as exc:
            broken.append(p)
            # the whole file's message where it lies in this entry (it may say more: where a value ran to)
            inside = p.first < problem.line <= p.end
            errors.append(problem if inside else exc.diagnostic)
    if not broken:
        return None
    gone = {k for p in broken for k in range(p.first, p.end)}
    for block in {p.block for p in broken if p.block is not None}:
        if all(p in broken for p in found if p.block == block):
            gone.add(block)  # no entry of the block is left: leave its key out too, as if never written
    rest = _blanked(parts, breaks, lambda k: k not in gone)
    try:
        doc = read_yaml(rest, file)
    except YamlProblem:
        return None
    return Recovered(doc, errors, broken, rest)
