"""A source's whole text, one widget per paragraph, with a quote highlighted.

The highlight is bold, underlined and reversed (visible without colour);
``highlight`` scrolls the quote's paragraph into the middle of the view.
"""

from __future__ import annotations

from typing import Sequence

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

HIGHLIGHT = "bold underline reverse"


class Paragraph(Static):
    DEFAULT_CSS = """
    Paragraph {
        height: auto;
        width: 100%;
        margin: 0 0 1 0;
        padding: 0 1 0 0;
        &.-quoted { border-left: outer $accent; padding-left: 1; }
    }
    """

    def __init__(self, number: int, start: int, end: int, text: str) -> None:
        super().__init__(id=f"p{number}", markup=False)
        self.number, self.start, self.end, self.text = number, start, end, text
        self.show(None)

    def show(self, span: tuple[int, int] | None) -> None:
        heading = self.text.startswith("#")
        text = self.text.lstrip("#").strip() if heading else self.text
        offset = len(self.text) - len(text) if heading else 0
        content = Content.assemble((f"¶{self.number} ", "dim"), (text, "bold" if heading else ""))
        quoted = False
        if span is not None:
            a, b = max(span[0], self.start), min(span[1], self.end)
            if a < b:
                quoted = True
                lead = len(f"¶{self.number} ")
                content = content.stylize(HIGHLIGHT, lead + a - self.start - offset, lead + b - self.start - offset)
        self.set_class(quoted, "-quoted")
        self.update(content)


class SourceText(VerticalScroll):
    DEFAULT_CSS = """
    SourceText {
        height: 1fr;
        width: 100%;
        padding: 0 1;
    }
    """

    def __init__(self, body: str, paragraphs: Sequence[tuple[int, int]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.body = body
        self.spans = list(paragraphs) or [(0, len(body))]
        self.current: tuple[int, int] | None = None

    def compose(self):
        for i, (start, end) in enumerate(self.spans, 1):
            yield Paragraph(i, start, end, self.body[start:end])

    def paragraph_at(self, offset: int) -> Paragraph | None:
        for p in self.query(Paragraph):
            if p.start <= offset < p.end:
                return p
        return None

    def highlight(self, start: int, end: int, scroll: bool = True) -> Paragraph | None:
        """Highlight ``body[start:end]`` and scroll it into the middle of the view."""
        old = self.current
        self.current = (start, end)
        first: Paragraph | None = None
        for p in self.query(Paragraph):
            touches_new = p.start < end and start < p.end
            touches_old = old is not None and p.start < old[1] and old[0] < p.end
            if touches_new or touches_old:
                p.show(self.current if touches_new else None)
            if touches_new and first is None:
                first = p
        if scroll and first is not None:
            target = first
            self.call_after_refresh(self.scroll_to_center, target, animate=False)
        return first
