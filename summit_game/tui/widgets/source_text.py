"""A source's whole text as a virtual list of paragraphs, with a quote highlighted.

A legal source may hold 200,000 short paragraphs: one widget each took
minutes and gigabytes to open. So this is one scrolling widget that draws
only the lines in view (Textual's line API): opening it measures every
paragraph's height at the current width (a linear pass over the text, no
styles, no widgets) and renders a paragraph only when one of its lines is
on screen, keeping a small cache of rendered paragraphs.

The highlight is bold, underlined and reversed (visible without colour), and
the quoted paragraph gets a bar in the margin; ``highlight`` scrolls the
quote's paragraph into the middle of the view.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from itertools import accumulate
from typing import Sequence

from rich._wrap import divide_line
from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions

HIGHLIGHT = "bold underline reverse"
MAX_WIDTH = 100  # a paragraph's measure, margin included (long lines are hard to read)
RIGHT_PAD = 1
BAR = "▌ "  # the quoted paragraph's margin
CACHE = 256  # rendered paragraphs kept


def _clean(text: str) -> str:
    # Control characters are refused at load; tabs would render wider than measured.
    return text.replace("\t", "    ")


def _height(text: str, width: int) -> int:
    """Lines ``text`` takes wrapped at ``width``: the same wrapping Content uses to draw it."""
    lines = 0
    for line in text.split("\n"):
        if len(line) <= width and (line.isascii() or cell_len(line) <= width):
            lines += 1
        else:
            lines += len(divide_line(line, width, fold=True)) + 1
    return lines


class SourceText(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    SourceText {
        height: 1fr;
        width: 100%;
        padding: 0 1;
        overflow-x: hidden;
        scrollbar-gutter: stable;
    }
    """

    def __init__(self, body: str, paragraphs: Sequence[tuple[int, int]], *, id: str | None = None,
                 refs: Sequence[str | None] = ()) -> None:
        super().__init__(id=id)
        self.body = body
        self.spans = list(paragraphs) or [(0, len(body))]
        self.refs = list(refs)  # per paragraph: its own reference ({5.89.1} in the source), shown for its ¶ number
        self._starts = [s for s, _ in self.spans]
        self.current: tuple[int, int] | None = None
        self._quoted: set[int] = set()  # indexes of paragraphs the highlight touches
        self._width = 0  # the width the layout was measured at
        self._heights: list[int] = []  # per paragraph, its blank line after included
        self._tops: list[int] = []  # first line of each paragraph; one more entry: the total
        self._cache: OrderedDict[int, list[Strip]] = OrderedDict()
        self._pending_scroll = False
        self._view = 0  # the height of the view at the last layout
        self.rendered = 0  # paragraphs rendered so far (a test bounds it by the lines in view)

    # ------------------------------------------------------------ text

    @property
    def paragraph_count(self) -> int:
        return len(self.spans)

    def _text(self, index: int) -> tuple[str, bool, int]:
        """(shown text, is a heading, characters dropped from its start) of a paragraph."""
        start, end = self.spans[index]
        raw = self.body[start:end]
        if raw.startswith("#"):
            text = raw.lstrip("#").strip()
            return _clean(text), True, len(raw) - len(raw.lstrip("#").lstrip())
        return _clean(raw), False, 0

    def lead(self, number: int) -> str:
        """What the margin shows before paragraph ``number``: its own reference, else '¶N'."""
        ref = self.refs[number - 1] if number <= len(self.refs) else None
        return f"{ref} " if ref else f"¶{number} "

    def paragraph_content(self, number: int) -> Content:
        """Paragraph ``number`` (1-based) as drawn: its ¶ number (or reference), its text, the highlight."""
        index = number - 1
        text, heading, offset = self._text(index)
        lead = self.lead(number)
        content = Content.assemble((lead, "dim"), (text, "bold" if heading else ""))
        if self.current is not None:
            start, end = self.spans[index]
            a, b = max(self.current[0], start), min(self.current[1], end)
            if a < b:
                a, b = max(a - start - offset, 0), max(b - start - offset, 0)
                content = content.stylize(HIGHLIGHT, len(lead) + a, len(lead) + b)
        return content

    def is_quoted(self, number: int) -> bool:
        return number - 1 in self._quoted

    def paragraph_at(self, offset: int) -> int | None:
        """The number of the paragraph holding character ``offset`` of the body."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.spans[i][1]:
            return i + 1
        return None

    # ------------------------------------------------------------ layout

    def _text_width(self, index: int) -> int:
        width = min(self._width, MAX_WIDTH) - RIGHT_PAD - (len(BAR) if index in self._quoted else 0)
        return max(width, 1)

    def _measure(self, index: int) -> int:
        text, _, _ = self._text(index)
        return _height(self.lead(index + 1) + text, self._text_width(index)) + 1

    def _layout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        anchor = None
        if width != self._width:
            anchor = self._anchor()
            self._width = width
            self._heights = [self._measure(i) for i in range(len(self.spans))]
            self._cache.clear()
        elif self._view and self.scrollable_content_region.height != self._view:
            # a new height, the same width: the lines stay where they are, and the view's top with them; but
            # a quote in view goes back to its middle (made 100 x 20 from 100 x 50, the quote was below it)
            anchor = self._anchor()
            if anchor != (-1, 0):
                anchor = None
        self._tops = [0, *accumulate(self._heights)]
        self.virtual_size = Size(width, max(self._tops[-1] - 1, 0))  # no blank line after the last
        self._view = self.scrollable_content_region.height
        if anchor is not None:
            self._restore(anchor)

    # A new width wraps every paragraph anew, and the same scroll line is elsewhere in the text:
    # resized in tmux, the viewer opened at paragraph 5's quote showed paragraph 1. So the view keeps
    # what it showed: the highlighted quote if any of it was in view, else the paragraph at its top.

    def _anchor(self) -> tuple[int, int] | None:
        """(paragraph at the top of the view, lines of it scrolled past), or (-1, 0): the quote."""
        if not self._tops:
            return None
        y = round(self.scroll_offset.y)
        view = max(self._view, 1)  # the height it had: the lines the player saw
        if self._pending_scroll or any(self._tops[i] < y + view and y < self._tops[i + 1] for i in self._quoted):
            return (-1, 0)
        index = min(bisect.bisect_right(self._tops, y) - 1, len(self.spans) - 1)
        return (index, y - self._tops[index])

    def _restore(self, anchor: tuple[int, int]) -> None:
        index, into = anchor
        if index < 0:
            self._pending_scroll = True  # on_resize scrolls to it, after the refresh
            return
        y = self._tops[index] + min(into, max(self._heights[index] - 2, 0))
        self.scroll_to(y=y, animate=False, immediate=True)

    def _reflow(self, indexes: set[int]) -> None:
        """Re-measure a few paragraphs (the highlight moved) and the offsets after them."""
        if not self._width:
            return
        for i in indexes:
            self._heights[i] = self._measure(i)
            self._cache.pop(i, None)
        self._tops = [0, *accumulate(self._heights)]
        self.virtual_size = Size(self._width, max(self._tops[-1] - 1, 0))

    def on_resize(self) -> None:
        self._layout()
        if self._pending_scroll:
            self.call_after_refresh(self._scroll_to_current)

    def on_mount(self) -> None:
        self.call_after_refresh(self._layout)

    # Home and End jump (an animated scroll across 200,000 paragraphs draws hundreds of them on the way)
    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False, immediate=True)

    def line_of(self, number: int) -> int | None:
        """The first line of paragraph ``number`` in the scrolled text, once laid out."""
        if not self._tops or not 1 <= number <= len(self.spans):
            return None
        return self._tops[number - 1]

    # ------------------------------------------------------------ highlight

    def highlight(self, start: int, end: int, scroll: bool = True) -> int | None:
        """Highlight ``body[start:end]`` and scroll it into the middle of the view.

        Returns the number of the first paragraph it touches.
        """
        self.current = (start, end)
        first = bisect.bisect_right(self._starts, start) - 1
        touched = set()
        i = max(first, 0)
        while i < len(self.spans) and self.spans[i][0] < end:
            if start < self.spans[i][1]:
                touched.add(i)
            i += 1
        changed = touched ^ self._quoted
        old = self._quoted
        self._quoted = touched
        for i in old | touched:
            self._cache.pop(i, None)
        self._reflow(changed)
        self.refresh()
        if scroll and touched:
            self._pending_scroll = True
            self.call_after_refresh(self._scroll_to_current)
        return min(touched) + 1 if touched else None

    def _scroll_to_current(self) -> None:
        if not self._quoted or not self._tops:
            return
        self._pending_scroll = False
        i = min(self._quoted)
        top, height = self._tops[i], self._heights[i] - 1
        view = self.scrollable_content_region.height
        self.scroll_to(y=max(top - max(view - height, 0) // 2, 0), animate=False, immediate=True)

    # ------------------------------------------------------------ drawing

    def _strips(self, index: int) -> list[Strip]:
        cached = self._cache.get(index)
        if cached is not None:
            self._cache.move_to_end(index)
            return cached
        self.rendered += 1
        width = self._text_width(index)
        content = self.paragraph_content(index + 1)
        base = self.visual_style
        strips = content.render_strips(width, None, base, RenderOptions(self._get_style, self.styles))
        height = self._heights[index] - 1
        strips = (strips + [Strip.blank(width)] * height)[:height]  # exactly as measured
        if index in self._quoted:
            bar = Content.styled(BAR, "$accent").render_strips(len(BAR), 1, base, RenderOptions(self._get_style, self.styles))[0]
            strips = [Strip.join([bar, s]) for s in strips]
        strips.append(Strip.blank(0))
        self._cache[index] = strips
        if len(self._cache) > CACHE:
            self._cache.popitem(last=False)
        return strips

    def render_line(self, y: int) -> Strip:
        _, scroll_y = self.scroll_offset
        line = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if not self._tops or line >= self._tops[-1] or width != self._width:
            return Strip.blank(width, style)
        index = bisect.bisect_right(self._tops, line) - 1
        strips = self._strips(index)
        k = line - self._tops[index]
        strip = strips[k] if k < len(strips) else Strip.blank(0)
        return strip.crop_extend(0, width, style).apply_offsets(0, line)
