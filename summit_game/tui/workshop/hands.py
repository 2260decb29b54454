"""Type the number of raised hands for one option (a small dialog over the vote)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from ..screens.base import GameModal
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from .widgets import OneLine

MAX_HANDS = 10000


class HandsScreen(GameModal):
    CSS_PATH = "workshop.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Keep the count as it was"),
        Binding("enter", "done", "Set", priority=True, tooltip="Set the count"),
    ]

    def __init__(self, number: int, label: str, current: int) -> None:
        super().__init__()
        self.number, self.label, self.current = number, label, current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield OneLine(id="dialog-title", markup=False)
            yield Input(str(self.current), id="count", restrict=r"[0-9]{0,5}", max_length=5,
                        placeholder="0", type="integer")
            yield Static(id="dialog-error", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        # the option's label after the question where both fit on one row, else on a row of its own (in the
        # dialog's 54 cells "Raised hands for option 1: Fight on, with more and faster Western weapons"
        # wrapped after "more and")
        head = Content.styled(f"Raised hands for option {self.number}:", "bold")
        self.query_one("#dialog-title", OneLine).say(Content.assemble(head, " ", self.label),
                                                     Content.assemble(head, "\n", self.label))
        field = self.query_one(Input)
        field.focus()
        field.select_all() if hasattr(field, "select_all") else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        text = self.query_one(Input).value.strip()
        if not text:
            self.dismiss(0)
            return
        if not text.isascii() or not text.isdigit() or int(text) > MAX_HANDS:
            self.query_one("#dialog-error", Static).update(f"Type a whole number from 0 to {MAX_HANDS}.")
            return
        self.dismiss(int(text))

    def action_cancel(self) -> None:
        self.dismiss(None)
