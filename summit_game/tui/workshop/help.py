"""Help on the projector: every key of every screen of the workshop, from the screens' own bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..screens.help import HelpScreen, key_table
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from ..widgets.topbar import TopBar

INTRO = (
    "The facilitator's keys. Every key in the bar at the bottom can be clicked, and Ctrl+P lists every "
    "action by name. The room's clock runs on while this help is open (space on the vote pauses the "
    "countdown): when a vote closes, its reveal takes this help's place."
)

HELP = "Every key of the projector"  # the tooltip of ? and F1 (one row here)


def screens() -> list[tuple[str, type]]:
    from .ending import RoomEndingScreen
    from .hands import HandsScreen
    from .qr import QRScreen
    from .reveal import RevealScreen
    from .role import RoomRoleScreen
    from .vote import VoteScreen

    return [
        ("Choosing the role", RoomRoleScreen), ("The vote", VoteScreen), ("Typing a count of hands (n)", HandsScreen),
        ("The QR code (q)", QRScreen), ("The reveal", RevealScreen), ("The ending and the debrief", RoomEndingScreen),
    ]


def app_bindings(app) -> list[Binding]:
    return [
        Binding("question_mark", "help", "Help", key_display="?", tooltip=HELP),
        *type(app).BINDINGS,
        Binding("ctrl+p", "command_palette", "Command palette", tooltip="Every action, by name"),
    ]


class WorkshopHelpScreen(HelpScreen):
    """The projector's keys (the game's help lists the game's: a room never meets them)."""

    CSS_PATH = "../screens/help.tcss"

    def compose(self) -> ComposeResult:
        yield TopBar("Help", "Workshop")
        with VerticalScroll(id="page"):
            yield Static("Keys", classes="heading")
            yield Static(INTRO, classes="hint", markup=False)
            for title, bindings in [("Everywhere", app_bindings(self.app))] + [
                    (title, cls.BINDINGS) for title, cls in screens()]:
                yield Static(title, classes="heading")
                yield key_table(self.app, bindings)
            yield Static("The room's record", classes="heading")
            yield Static(
                f"The room's record is written to {self.app.saves_folder} after every decision: after a crash "
                "or a closed lid, 'summit-game workshop --resume' goes on from the last decision. The ending "
                "writes the room's debrief there too (Markdown and JSON).",
                classes="hint", markup=False)
            yield Static("Themes", classes="heading")
            yield Static(
                "The projector starts with the high-contrast theme; F2 switches it off and on, and Ctrl+P → "
                "'Theme' lists every theme.", classes="hint", markup=False)
        yield KeyBar()
        yield TooSmall()
