"""The meters explained: what each stands for, in the game's model, and which way is good for your side.

The meters are the game's model of where things stand, never a measurement;
their ``description`` in the pack says what each one models.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..widgets.keybar import KeyBar
from ..widgets.meters import MODEL_NOTE, direction, flag_text
from ..widgets.notice import TooSmall
from ..widgets.page import MODEL_BAR, Page
from ..widgets.topbar import TopBar
from .base import PagedScreen, page_bindings


def meters_page(session) -> Page:
    s = session
    page = Page().line(Content.styled("The meters, explained", "bold $text-primary"))
    page.line(Content.styled(MODEL_NOTE, "italic"))
    page.line(Content.styled(f"Seen from your seat: {s.role_title}.", "$text-muted"))
    shown = s.visible_meters()
    if not shown:
        page.blank().line("This pack shows no meters.")
    for v in shown:
        value = s.state.values.get(v.name)
        now = f"{value} of {v.max}" if v.kind == "meter" else flag_text(value)
        page.blank().line(Content.assemble((v.label, "bold"), "   ", (now, "bold $text-primary")))
        way = direction(v, s.state.role)
        if way:
            page.line(Content.styled(way.capitalize() + ".", "$text-muted"), "  ")
        # the note above says once that these are the game's model; each description is its claim
        text = " ".join((v.description or "The pack does not describe this meter.").split())
        bar = Content.styled(MODEL_BAR, "$text-secondary")
        page.blank().line(Content.styled(text, "italic"), bar, bar)
    return page


class MetersScreen(PagedScreen):
    CSS_PATH = "meters.tcss"
    AUTO_FOCUS = "#page"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the game"),
        Binding("m", "back", "Back", show=False),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        *page_bindings(),
    ]

    def compose(self) -> ComposeResult:
        s = self.app.session
        assert s is not None
        yield TopBar(s.pack.title, s.role_title, "Meters")
        with VerticalScroll(id="page"):
            yield Static(meters_page(s).visual(), id="meters-page", markup=False)
        yield KeyBar()
        yield TooSmall()

    def action_back(self) -> None:
        self.dismiss(None)
