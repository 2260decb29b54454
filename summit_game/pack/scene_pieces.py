"""A scene file with an error in one scene or ending: the rest of the file read, and the ids left out.

A YAML syntax error stops the parser, and a shape error (SG010: an unknown key) fails the whole file's
model: either hid every other problem of the file (a goto naming no scene in the next scene) until it was
fixed. On the loader's error path only (a pack without errors never comes here), this reads such a file
scene by scene and ending by ending: a syntax error through ``yaml_pieces`` (each entry of 'scenes:' and
'endings:' parsed alone, the broken ones left out with their own SG004), a shape error by validating each
entry alone. What is left out is known by its id, so a goto to it is not told it names nothing. Each gives
None when the file cannot be accounted for so (an entry whose id cannot be read, an error outside every
entry): the loader then says the file's first errors alone, as before.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ._yaml import LINE_BREAK, Located, YamlProblem, decode
from .diagnostics import Diagnostic
from .yaml_pieces import _content, _indent, pieces, recover

#: the blocks of a scene file whose entries are read one by one
BLOCKS = ("scenes", "endings")
#: an entry's own 'id: x' (plain or quoted, a comment after it): a line of anything else does not name it
_ID = re.compile(r"id:[ \t]*(['\"]?)([A-Za-z0-9_][\w-]*)\1[ \t]*(?:#.*)?\Z")
#: 'id: x' in an entry written in braces: '- {id: x, ...'
_FLOW_ID = re.compile(r"\{[ \t]*id:[ \t]*(['\"]?)([A-Za-z0-9_][\w-]*)\1[ \t]*[,}]")


#: an 'id: x' anywhere in a line ('- id: x', '{id: x, ...', '  id: x')
_ANY_ID = re.compile(r"(?:^|[\s{,-])id:[ \t]*['\"]?([a-z][a-z0-9_]{0,47})\b")


class Left(NamedTuple):
    """What a file's entry-by-entry reading left out."""

    ids: set[str]  # the ids of the scenes and endings not read (and any other id written in them)
    endings: bool  # whether an ending is among them


def entry_id(lines: list[str]) -> str | None:
    """The id a list item ('- id: x', or 'id: x' among its first keys) gives itself, or None."""
    first = re.match(r"([ ]*)-([ ]+)", lines[0]) if lines else None
    if first is None:
        return None
    rest = lines[0][first.end():]
    m = _FLOW_ID.match(rest) or _ID.match(rest)
    if m:
        return m.group(2)
    column = first.end()  # the item's keys start where its first key does
    for line in lines[1:]:
        if len(line) - len(line.lstrip(" ")) == column and (m := _ID.match(line[column:])):
            return m.group(2)
    return None


def by_entry(data: bytes, shown: str, problem: Diagnostic) -> tuple[Located, list[Diagnostic], Left, bytes] | None:
    """A scene file whose YAML raised ``problem``: the file without its broken entries, each one's SG004,
    what was left out, and the text read (the broken entries' lines blank); None if that does not account
    for the error."""
    try:
        text = decode(data, shown)
    except YamlProblem:
        return None
    from .model import ID_PATTERN

    got = recover(text, shown, problem)
    if got is None:
        return None
    lines = LINE_BREAK.split(text)
    for p in pieces(lines) or ():
        # every line of an entry is indented at least as its keys are: a line that is not ('   endings:' or
        # '   - id: second' under the scenes' items) would have what follows it read as part of the wrong entry
        item = re.match(r"( *)-( +)", lines[p.first])
        keys = item.end() if item else _indent(lines[p.first]) + 1
        if p.block is not None and any(_content(ln) and _indent(ln) < keys for ln in lines[p.first + 1:p.end]):
            return None
    ids: set[str] = set()
    endings = False
    for p in got.broken:
        if p.under not in BLOCKS or p.name is not None:
            return None  # an error outside the scenes and endings (a top-level line, a key of its own)
        sid = entry_id(lines[p.first:p.end])
        if sid is None or not re.fullmatch(ID_PATTERN, sid):
            return None
        ids.add(sid)
        # and every other id written in it: an entry indented into this one ('     - id: second' under the
        # scene above) is left out with it, and a goto to it is not told it names nothing either
        ids.update(m.group(1) for ln in lines[p.first:p.end] if (m := _ANY_ID.search(ln)))
        endings = endings or p.under == "endings"
    return got.doc, got.errors, Left(ids, endings), got.text.encode("utf-8", "surrogatepass")


def valid_entries(value: Any) -> tuple[dict[str, list[tuple[int, Any]]], Left] | None:
    """A scene file's value whose model failed: each scene and ending valid on its own (by its index), and the
    ids of the others; None if an error is not inside an entry (a key beside 'scenes:', a block that is not a
    list, an entry without an id) or every entry is valid alone."""
    from pydantic import ValidationError

    from . import model as models
    from .model import ID_PATTERN

    if not isinstance(value, dict) or any(k not in BLOCKS for k in value):
        return None
    good: dict[str, list[tuple[int, Any]]] = {}
    ids: set[str] = set()
    endings = False
    for key, cls in (("scenes", models.Scene), ("endings", models.Ending)):
        items = value.get(key, [])
        if not isinstance(items, list):
            return None
        good[key] = []
        for i, item in enumerate(items):
            try:
                good[key].append((i, cls.model_validate(item)))
            except ValidationError:
                sid = item.get("id") if isinstance(item, dict) else None
                if not isinstance(sid, str) or not re.fullmatch(ID_PATTERN, sid):
                    return None  # its id is among its errors: what a goto to it means is for that error to say
                ids.add(sid)
                endings = endings or key == "endings"
    if not ids:
        return None
    return good, Left(ids, endings)
