"""Pages of text built as one Visual: headings, Markdown, and the game's two voices.

A screen full of prose is drawn by a single ``Static`` holding a ``Page``
rather than by dozens of widgets: updating it is one ``update()``, with no
mounting, no restyling, and no relayout of the rest of the screen. That is
what keeps a choice to the next scene fast.

The game's two voices are told apart by their labels first, then
by a bar at the start of every line (``▌`` for the article, ``╎`` for the
game's model), then by type (quotation marks and italics for the article),
and only last by colour. Quotes can carry a click action (open the source
there).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from textual.content import Content
from textual.style import Style

from ...text import EMPHASIS
from .hanging import Hanging

MODEL = "The game's model"
ARTICLE_BAR = "▌ "
MODEL_BAR = "╎ "

_BULLET = re.compile(r"^\s*[-*+]\s+")
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s+")
_HEADING = re.compile(r"^\s*(#{1,6})\s+")


def inline(text: str, style: str = "") -> Content:
    """One paragraph of Markdown: **bold**, *italic*, `code`; white space folded."""
    text = " ".join(text.split())
    parts: list = []
    at = 0
    for m in EMPHASIS.finditer(text):
        parts.append((text[at:m.start()], style))
        if m.group(1):
            parts.append((m.group(2), f"{style} bold".strip()))
        else:
            parts.append((m.group(4), f"{style} italic".strip()))
        at = m.end()
    parts.append((text[at:], style))
    content = Content.assemble(*[p for p in parts if p[0]])
    return content


def markdown_blocks(text: str) -> list[tuple[str, str, str]]:
    """Split Markdown into (kind, marker, text) blocks: 'p', 'li', 'h', 'quote'."""
    blocks: list[tuple[str, str, str]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = chunk.splitlines()
        if not lines:  # empty text (a scene or consequence may have none)
            continue
        if all(_BULLET.match(ln) or _NUMBERED.match(ln) or (blocks_continuation(ln)) for ln in lines) and (
            _BULLET.match(lines[0]) or _NUMBERED.match(lines[0])
        ):
            for ln in lines:
                if m := _BULLET.match(ln):
                    blocks.append(("li", "• ", ln[m.end():]))
                elif m := _NUMBERED.match(ln):
                    blocks.append(("li", f"{m.group(1)}. ", ln[m.end():]))
                elif blocks:
                    kind, marker, prev = blocks[-1]
                    blocks[-1] = (kind, marker, prev + " " + ln.strip())
        elif m := _HEADING.match(lines[0]):
            blocks.append(("h", "", lines[0][m.end():]))
            if lines[1:]:
                blocks.append(("p", "", " ".join(lines[1:])))
        elif all(ln.lstrip().startswith(">") for ln in lines):
            blocks.append(("quote", "", " ".join(ln.lstrip()[1:] for ln in lines)))
        else:
            blocks.append(("p", "", " ".join(lines)))
    return blocks


def blocks_continuation(line: str) -> bool:
    return line.startswith("  ") and bool(line.strip())


class Page:
    """Build a page block by block, then ``visual()`` it into a ``Hanging``."""

    def __init__(self) -> None:
        self.blocks: list[tuple[Content | str, Content, Content | str | None]] = []

    def _last_blank(self) -> bool:
        return not self.blocks or (not self.blocks[-1][1].plain and not str(self.blocks[-1][0]).strip())

    def blank(self) -> "Page":
        if not self._last_blank():
            self.blocks.append(("", Content("")))
        return self

    def line(self, content: Content | str, prefix: Content | str = "", cont: Content | str | None = None) -> "Page":
        """One block; its wrapped lines start with ``cont`` (default: spaces as wide as ``prefix``)."""
        self.blocks.append((prefix, Content(content) if isinstance(content, str) else content, cont))
        return self

    def heading(self, text: str) -> "Page":
        self.blank()
        return self.line(Content.styled(text, "bold $text-primary"))

    def markdown(self, text: str, prefix: Content | str = "", style: str = "") -> "Page":
        """Markdown paragraphs, lists, headings and block quotes, each line after ``prefix``."""
        first = True
        for kind, marker, body in markdown_blocks(text):
            if not first and kind != "li":
                self.line("", prefix)
            first = False
            if kind == "li":
                self.line(inline(body, style), Content.assemble(prefix, marker),
                          Content.assemble(prefix, " " * len(marker)))
            elif kind == "h":
                self.line(inline(body, f"{style} bold".strip()), prefix, prefix)
            elif kind == "quote":
                bar = Content.assemble(prefix, "│ ")
                self.line(inline(body, f"{style} italic".strip()), bar, bar)
            else:
                self.line(inline(body, style), prefix, prefix)
        return self

    def model(self, text: str, label: str = MODEL + ":") -> "Page":
        """The game's voice: labelled, behind a dashed bar, no quotation marks."""
        bar = Content.styled(MODEL_BAR, "$text-secondary")
        self.line(Content.styled(label, "bold $text-secondary"), bar, bar)
        self.markdown(text or "(nothing more)", bar)
        return self

    def quote(self, quote: Any, who: str, *, action: str | None = None, lead: str | None = None) -> "Page":
        """The source's voice: who speaks and where (``who``, from ``pack.attribution.quote_label``),
        the verbatim words in quotation marks, the game's note."""
        bar = Content.styled(ARTICLE_BAR, "$text-accent")
        label = lead or f"{who}:"
        words = Content.styled(f"“{' '.join(quote.quote.split())}”", "italic")
        if action:
            words = words.stylize(Style.from_meta({"@click": action}))
        self.line(Content.styled(label, "bold $text-accent"), bar, bar)
        self.line(words, bar, bar)
        if quote.note:
            self.line(Content.assemble(("Note (the game's): ", "dim bold"), (" ".join(quote.note.split()), "dim")),
                      bar, bar)
        return self

    def quotes(self, quotes, who: Callable[[Any], str], action: Callable[[Any], str] | None = None) -> "Page":
        for q in quotes:
            self.blank()
            self.quote(q, who(q), action=action(q) if action else None)
        return self

    def visual(self) -> Hanging:
        blocks = list(self.blocks)
        while blocks and not blocks[-1][1].plain and not str(blocks[-1][0]).strip():
            blocks.pop()
        return Hanging(blocks or [("", Content(""), None)])

