"""A yes/no question (e.g. resume a save from an edited pack from where it still fits)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from .base import GameModal, ReadFirst


class ConfirmScreen(ReadFirst, GameModal):
    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("enter,y", "answer(True)", "Yes", key_display="Enter/y"),
        Binding("escape,n", "answer(False)", "No", key_display="Esc/n"),
    ]

    def __init__(self, title: str, message: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.title_text, self.message, self.yes, self.no = title, message, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, classes="heading", markup=False)
            yield Static(self.message, id="message", markup=False)
            yield Static(f"Enter or y: {self.yes}      Esc or n: {self.no}", id="answers", markup=False)
        yield KeyBar()
        yield TooSmall()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
