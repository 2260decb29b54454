"""The source viewer: the whole text with its reference and licence, at a quote.

Opened with a list of quotes (the citations in view) and the one to show;
``n``/``p`` step through them, highlighting each and scrolling to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ..widgets.source_text import SourceText
from ..widgets.topbar import TopBar
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from .base import GameScreen

if TYPE_CHECKING:
    from ...pack import Pack, Quote


class SourceScreen(GameScreen):
    CSS_PATH = "source.tcss"
    AUTO_FOCUS = "SourceText"
    BINDINGS = [
        Binding("n", "step(1)", "Next quote", tooltip="Highlight the next citation"),
        Binding("p", "step(-1)", "Previous quote", tooltip="Highlight the previous citation"),
        Binding("escape", "back", "Back", tooltip="Back to the game"),
        Binding("q", "back", "Back", show=False),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, pack: "Pack", quotes: "Sequence[Quote]", index: int = 0, source: str | None = None) -> None:
        super().__init__()
        self.pack = pack
        self.quotes = list(quotes)
        self.index = min(max(index, 0), max(len(self.quotes) - 1, 0))
        self.source_id = self.quotes[self.index].source if self.quotes else (source or next(iter(pack.sources), ""))

    def compose(self) -> ComposeResult:
        yield TopBar(self.pack.title, "Source", id="topbar")
        with Vertical(id="head"):
            yield Static(id="ref", markup=False)
            yield Static(id="cite", markup=False)
        yield self._text()
        yield KeyBar()
        yield TooSmall()

    def _text(self) -> SourceText:
        if not self.source_id:
            return SourceText("This pack has no source text.", [], id="text")
        text = self.pack.sources[self.source_id].text
        return SourceText(text.body, text.paragraphs, id="text", refs=text.refs)

    def on_mount(self) -> None:
        self.show()

    def fitted(self, width: int, height: int) -> None:
        # short: which quote this is, and where, before the reference (the head may not show it all)
        ref, cite = self.query_one("#ref"), self.query_one("#cite")
        first, second = (cite, ref) if self.has_class("-short") else (ref, cite)
        if self.query_one("#head").children.index(first) != 0:
            self.query_one("#head").move_child(first, before=second)

    def show(self) -> None:
        src = self.pack.sources.get(self.source_id)
        ref = self.query_one("#ref", Static)
        if src is not None:
            m = src.model
            ref.update(Content.assemble(
                (m.title, "bold $text-primary"), "\n",
                (", ".join(m.authors), "bold"), f" · {m.publisher} · {m.date}\n",
                (m.url, "underline"), "\n",
                ("Licence: ", "bold"), m.licence,
            ))
        cite = self.query_one("#cite", Static)
        if not self.quotes:
            cite.update("No quote selected: the whole text, from the top.")
            return
        q = self.quotes[self.index]
        from ...pack.attribution import quote_label

        parts: list = [(f"Quote {self.index + 1} of {len(self.quotes)}", "bold"), f" · {q.place} · highlighted below"]
        if len(self.quotes) > 1:
            parts.append(" · n next, p previous")
        parts += ["\n", (quote_label(self.pack, q), "bold $text-accent")]
        if q.note:
            parts += ["\n", ("Note (the game's): ", "bold dim"), (q.note, "dim")]
        cite.update(Content.assemble(*parts))
        self.query_one("#text", SourceText).highlight(q.start, q.end)

    async def action_step(self, delta: int) -> None:
        if len(self.quotes) < 2:
            self.app.bell()
            return
        self.index = (self.index + delta) % len(self.quotes)
        q = self.quotes[self.index]
        if q.source != self.source_id:  # another source of the pack: swap the text
            self.source_id = q.source
            old = self.query_one("#text", SourceText)
            await old.remove()
            await self.mount(self._text(), after=self.query_one("#head"))
        self.show()

    def action_back(self) -> None:
        self.dismiss(None)
