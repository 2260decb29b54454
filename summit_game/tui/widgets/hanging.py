"""A Visual for list items whose wrapped lines keep their indent.

``Hanging([(prefix, body), ...])`` lays each block out as ``prefix`` then
``body`` wrapped to the remaining width, continuation lines indented by the
prefix's width::

    ▶ 1  Share the bridge and its tolls, which asks each village to
         trust the other
         ✗ Not available: sharing needs some trust (3 or more)

Plain ``Content`` would wrap continuation lines back to column 0.
"""

from __future__ import annotations

import re
from collections import ChainMap
from dataclasses import replace
from typing import Sequence

from rich.cells import cell_len, chop_cells
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


def _content(value: Content | str) -> Content:
    return Content(value) if isinstance(value, str) else value


_WORD = re.compile(r"\s*\S+\s*")
_AFTER_SLASH = re.compile(r"[^/]*/+|[^/]+")


def wrap(body: Content, width: int) -> list[Content]:
    """``body`` wrapped to ``width``, as ``Content.wrap`` does, except that a word too long for a line with
    a '/' in it (a web address) starts a line and is broken after a '/'. Folded at the width, the article's
    address left its last '/' alone on a line of the title at 64 to 80 columns."""
    plain = body.plain
    if "\n" in plain or not any(cell_len(w) > width and "/" in w for w in plain.split()):
        return body.wrap(width)
    breaks: list[int] = []
    used = 0  # cells on the line so far
    for word in _WORD.finditer(plain):
        text = word.group()
        if cell_len(text.rstrip()) <= width or "/" not in text:
            pieces = [(word.start(), text)]
        else:  # a line of its own, then pieces that each end after a '/'
            pieces = []
            at = word.start() + len(text) - len(text.lstrip())
            if used and word.start():
                breaks.append(word.start())  # the space before it stays on the line above (rstripped)
                used = 0
            for part in _AFTER_SLASH.findall(text.strip()):
                pieces.append((at, part))
                at += len(part)
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + text[len(text.rstrip()):])
        for start, piece in pieces:
            size = cell_len(piece.rstrip())
            if used + size <= width:
                used += cell_len(piece)
                continue
            if used and start:
                breaks.append(start)
            if size > width:  # too long even alone: folded at the width
                chunks = chop_cells(piece, width)
                if len(chunks) > 1 and not chunks[-1].strip().strip("/"):  # not a '/' alone on the last line
                    chunks[-2:] = [chunks[-2][:-1], chunks[-2][-1] + chunks[-1]]
                for chunk in chunks[:-1]:
                    start += len(chunk)
                    breaks.append(start)
                used = cell_len(chunks[-1])
            else:
                used = cell_len(piece)
    return [line.rstrip() for line in body.divide(breaks)]


class Hanging(Visual):
    """Blocks of ``(prefix, body)`` or ``(prefix, body, continuation prefix)``.

    Continuation lines get the continuation prefix, by default as many spaces
    as the prefix is wide (a bar can be repeated instead: ``("▌ ", text, "▌ ")``).
    """

    def __init__(self, blocks: Sequence[tuple]) -> None:
        self.blocks: list[tuple[Content, Content, Content]] = []
        for block in blocks:
            prefix, body = _content(block[0]), _content(block[1])
            cont = _content(block[2]) if len(block) > 2 and block[2] is not None else Content(" " * prefix.cell_length)
            self.blocks.append((prefix, body, cont))
        self._cache: tuple[int, Content] | None = None
        self._strips: tuple[tuple, list[Strip]] | None = None

    def layout(self, width: int) -> Content:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        lines: list[Content] = []
        for prefix, body, cont in self.blocks:
            indent = max(prefix.cell_length, cont.cell_length)
            wrapped = wrap(body, max(width - indent, 8)) if body.plain else [Content("")]
            for i, line in enumerate(wrapped):
                lines.append((prefix if i == 0 else cont) + line.rstrip())
        content = Content("\n").join(lines)
        self._cache = (width, content)
        return content

    @property
    def plain(self) -> str:
        return "\n".join(p.plain + b.plain for p, b, _ in self.blocks)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        # Drawn again for the same width and style (a screen shown again, a highlight moving
        # elsewhere in a list), the strips are the same: wrapping them again was a quarter of a draw.
        rules = options.rules.get
        key = (width, height, style, options.selection, options.selection_style, options.post_style,
               rules("text_align", "left"), rules("text_overflow", "fold"), rules("text_wrap", "wrap"),
               rules("line_pad", 0))
        if self._strips is not None and self._strips[0] == key:
            return self._strips[1]
        # The lines are wrapped already (layout): drawn as they are, not wrapped a second time.
        unwrapped = replace(options, rules=ChainMap({"text_wrap": "nowrap"}, options.rules))  # type: ignore[arg-type]
        strips = self.layout(width).render_strips(width, height, style, unwrapped)
        self._strips = (key, strips)
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((p.cell_length + b.get_optimal_width(rules, container_width) for p, b, _ in self.blocks), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.layout(width).plain.split("\n"))
