"""The first screen of a workshop: the room chooses whom it plays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from ..screens.role import PickScreen, numbered, pick_bindings
from ..widgets.choices import Item, MarkedList
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from ..widgets.page import Page
from ..widgets.topbar import TopBar

if TYPE_CHECKING:
    from ...pack import Pack


class RoomRoleScreen(PickScreen):
    CSS_PATH = "workshop.tcss"
    AUTO_FOCUS = "#picks"
    BINDINGS = [
        *pick_bindings("The room plays the highlighted role", "Choose a role by its number"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(self, pack: "Pack", route: str | None) -> None:
        super().__init__()
        self.pack = pack
        self.route = route

    def compose(self) -> ComposeResult:
        route = self.pack.routes.get(self.route or "")
        yield TopBar(self.pack.title, "Workshop", route.title if route else "", id="topbar")
        with Horizontal(id="columns"):
            with Vertical(id="left"):
                yield Static("Whom does the room play?", id="question", classes="big")
                yield Static("Choose one role together; every decision after this is the room's vote.",
                             classes="hint")
                yield MarkedList(id="picks")
                if self.pack.manifest.content_note:  # the room sees what a player alone sees first
                    yield Static(f"Content note: {self.pack.manifest.content_note}", id="note", classes="hint",
                                 markup=False)
            with VerticalScroll(id="right"):
                yield Static(id="about-title", classes="heading", markup=False)
                yield Static(id="about", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        picks = self.query_one("#picks", MarkedList)
        picks.set_items([
            Item(r.id, lambda m, i=i, r=r: numbered(i, r.title, "", m), value=r)
            for i, r in enumerate(self.pack.roles.values(), 1)
        ])
        picks.focus()
        self.show_about()

    def show_about(self) -> None:
        item = self.query_one("#picks", MarkedList).current
        if item is None:
            return
        self.query_one("#about-title", Static).update(f"Briefing: {item.value.title}")
        self.query_one("#about", Static).update(Page().markdown(item.value.briefing).visual())

    def take(self, index: int, item: Item) -> None:
        self.app.run_worker(self.app.begin(item.id), group="flow", exclusive=True)

    def palette_commands(self) -> Iterable[SystemCommand]:
        for i, item in enumerate(self.query_one("#picks", MarkedList).items):
            yield SystemCommand(f"Role: {item.value.title}", f"The room plays it (key {i + 1})",
                                lambda i=i: self._take(i))
