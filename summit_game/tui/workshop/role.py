"""The first screen of a workshop: the room chooses whom it plays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
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
        Binding("q", "qr", "QR", tooltip="Show the QR code large (to join by phone)"),
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
                yield Static(id="phones", markup=False)  # how to join now: phones wait for the first vote
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
        self._phones_shown: tuple | None = None
        self.refresh_room()

    def refresh_room(self) -> None:
        """How phones join while the room chooses, and how many wait (the app calls this 4 times a second)."""
        app = self.app
        server, lobby = getattr(app, "server", None), getattr(app, "lobby", None)
        phones = self.query("#phones")
        if not phones:
            return
        shown = (server.page_url if server else None, lobby.joined if lobby else None)
        if shown == getattr(self, "_phones_shown", None):
            return
        self._phones_shown = shown
        line = phones.first(Static)
        line.display = server is not None and lobby is not None
        if server is None or lobby is None:
            return
        n = lobby.joined
        line.update(Content.assemble(
            ("Phones can join now: ", "bold"), (server.page_url, "bold $text-primary"), ("  PIN ", "bold"),
            (app.shown_pin, "bold reverse"), ("  (q: the QR code)", "$text-muted"), "\n",
            (f"{n} phone{'' if n == 1 else 's'} waiting for the first vote", "bold")))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "qr" and (getattr(self.app, "server", None) is None or not getattr(self.app, "qr", None)):
            return None  # hands only (--no-phones): no code to show, no key for it
        return super().check_action(action, parameters)

    def action_qr(self) -> None:
        from .qr import QRScreen

        self.app.push_screen(QRScreen())

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
