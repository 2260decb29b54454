"""The join QR code as large as the terminal allows, for a room far from the screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Static

from ..screens.base import GameModal
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall


class QRScreen(GameModal):
    CSS_PATH = "workshop.tcss"
    BINDINGS = [
        Binding("escape,q,enter", "close", "Back", tooltip="Back"),
    ]

    def compose(self) -> ComposeResult:
        app = self.app
        server = app.server
        with Vertical(id="qr-page"):
            with Center():
                yield Static("\n".join(app.qr or []), id="qr-big", markup=False)
            if server is not None:
                yield Static(Content.assemble(
                    ("Scan, or open ", "bold"), (server.page_url, "bold $text-primary"),
                    ("  and type the PIN ", "bold"), (app.shown_pin, "bold reverse"),
                    "\n", (f"Who can reach it: {server.reach}", "$text-muted")), id="qr-words", markup=False)
        yield KeyBar()
        yield TooSmall()

    def action_close(self) -> None:
        self.dismiss(None)
