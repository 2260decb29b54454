"""The journal: every decision so far, its consequence and its quotes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from ..widgets.page import Page
from ..widgets.topbar import TopBar
from .base import PagedScreen, page_bindings
from .consequence import clamp_lines, effects_lines


class JournalScreen(PagedScreen):
    CSS_PATH = "journal.tcss"
    AUTO_FOCUS = "#page"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the game"),
        Binding("j", "back", "Back", show=False),
        Binding("s", "source", "Source", tooltip="Read the source, at the first quote of the journal"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        *page_bindings(),
    ]

    def compose(self) -> ComposeResult:
        s = self.app.session
        assert s is not None
        yield TopBar(s.pack.title, s.role_title, "Journal")
        with VerticalScroll(id="page"):
            yield Static(self.page().visual(), id="journal", markup=False)
        yield KeyBar()
        yield TooSmall()

    def page(self) -> Page:
        s = self.app.session
        quotes = s.journal_quotes()
        index = {q.key: i for i, q in enumerate(quotes)}

        def click(q) -> str:
            return f"screen.open_quote({index[q.key]})"

        route = f" · {s.route_title}" if s.route_title else ""
        page = Page().line(Content.styled("Journal", "bold $text-primary"))
        page.line(Content.styled(f"{s.pack.title} · {s.role_title}{route}", "$text-muted"))
        if not s.outcomes:
            page.blank().line("No decisions yet. Make one and it will be written here.")
        for i, o in enumerate(s.outcomes, 1):
            page.blank().line(Content.styled(f"{i}. {o.scene_title}", "bold $text-primary"))
            page.line(Content.assemble(("You chose: ", "bold"), o.label))
            page.quotes(o.choice_cite, s.source_label, click)
            page.blank().model(o.text or "No further consequence.")
            page.blank()
            for line in effects_lines(o.changes):
                page.line(line, "  ")
            for line in clamp_lines(o):
                page.line(line, "  ")
            page.quotes(o.result_cite, s.source_label, click)
        return page

    def action_open_quote(self, index: int) -> None:
        self.app.open_source(self.app.session.journal_quotes(), index)

    def action_source(self) -> None:
        quotes = self.app.session.journal_quotes()
        if quotes:
            self.app.open_source(quotes, 0)
        else:
            self.notify("Nothing quoted yet.", timeout=3)

    def action_back(self) -> None:
        self.dismiss(None)
