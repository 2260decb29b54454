"""A comment written right after a value, that was meant as part of it (SG116).

`` #`` (a space, then ``#``) starts a YAML comment, even in the middle of a plain value:
``label: Vote for option #1`` is the label "Vote for option". A comment meant as one is
written ``# ...``, with a space after the mark; one that sticks to its first word (``#1``,
``#tag``) after a plain value on the same line is most likely part of the value, so it is
said. Only files whose text has `` #`` followed by a word are looked at closely.
"""

from __future__ import annotations

import re

from ._yaml import Located
from .diagnostics import Diagnostic, excerpt
from .invisible import scalars

#: '#' stuck to a word: found with a literal search (a pattern that starts with a class scanned every
#: byte: 14 ms a load of the Anchorage pack), then looked at: after a space, with a value before it
_HASH_WORD = re.compile(rb"#[^\s#!]")
_AFTER = re.compile(r"[ \t]+(#[^\s#!]\S*)")


def _stuck(data: bytes) -> bool:
    """Whether ``data`` has a '#word' after a space that follows something on its line."""
    for m in _HASH_WORD.finditer(data):
        i = m.start()
        if i and data[i - 1] in b" \t" and data[data.rfind(b"\n", 0, i) + 1:i].strip():
            return True
    return False


def check(doc: Located, data: bytes, file: str) -> list[Diagnostic]:
    """SG116 warnings for ``doc``, read without error from ``data``."""
    if b"#" not in data or not _stuck(data):
        return []
    text = data.decode("utf-8").removeprefix("\ufeff")
    keys = {(m.line, m.column) for m in doc.keys.values()}
    out = []
    for value, plain, a, b, line, col in scalars(text):
        if not plain or (line, col) in keys or not isinstance(value, str):
            continue
        m = _AFTER.match(text, b)
        if m is None:
            continue
        word = m.group(1)
        out.append(Diagnostic(file, line + 1, col + 1, "SG116",
                              f"'{excerpt(word, 20)}' after this value starts a comment: the value is "
                              f"'{excerpt(value)}'",
                              f"to keep '{excerpt(word, 20)}' in the value, put the whole value in quotes "
                              f"(\"{excerpt(value + ' ' + word, 60)}\"); a comment is written '# ...', with a space"))
    return out
