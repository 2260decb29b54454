"""Markdown emphasis shared by the front ends (no Textual here: plain mode uses it too).

Pack text is untrusted, so each emphasised span is capped at 400 characters: an
unbounded lazy match against thousands of unclosed markers is quadratic (measured:
21 s for 60,000 characters of '*a ' with an unbounded pattern).
"""

from __future__ import annotations

import re

#: **bold** / __bold__ (groups 1-2) or *italic* / _italic_ (groups 3-4)
EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)(.{1,400}?)(?<=\S)\1|(?<![\w*])(\*|_)(?=\S)(.{1,400}?)(?<=\S)\3(?![\w*])"
)


def strip_emphasis(text: str) -> str:
    """The text without its emphasis markers (for plain output and screen readers)."""
    return EMPHASIS.sub(lambda m: m.group(2) if m.group(1) else m.group(4), text)
