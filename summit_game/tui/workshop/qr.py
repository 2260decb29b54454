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
from .widgets import OneLine, reach_lines


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
                yield OneLine(id="qr-words", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        server = self.app.server
        if server is None:
            return
        scan = Content.assemble(("Scan, or open ", "bold"), (server.page_url, "bold $text-primary"),
                                ("  and type the PIN ", "bold"), (self.app.shown_pin, "bold reverse"), "\n")
        # who can reach it on one row (at 80 columns the --lan aside wrapped)
        self.query_one("#qr-words", OneLine).say(*(scan + Content.styled(line, "$text-muted")
                                                   for line in reach_lines(server.reaches)))

    def action_close(self) -> None:
        self.dismiss(None)
