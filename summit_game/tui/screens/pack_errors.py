"""play --watch: the edited pack has errors. They are shown, located, until an edit fixes them.

The game waits here; when the pack loads again the app closes this screen and the
player goes on where they were (their choices replayed on the edited pack).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from .base import GameModal, ReadFirst


class PackErrorsScreen(ReadFirst, GameModal):
    # (ReadFirst: a q typed for the game, as the errors came up over it, does not quit it unread)
    CSS_PATH = "pack_errors.tcss"
    BINDINGS = [
        Binding("q", "app.quit", "Quit", tooltip="Quit the game (it is autosaved after every choice)"),
    ]

    def __init__(self, folder: str, errors: str) -> None:
        super().__init__()
        self.folder = folder
        self.errors = errors

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("The pack has errors", classes="heading", markup=False)
            yield Static(id="what", markup=False)
            with VerticalScroll(id="list"):
                yield Static(id="errors", markup=False)
            yield Static("Fix them in your editor and save: the game goes on where you were when the pack "
                         "loads again.", id="how", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        super().on_mount()
        self.show(self.errors)

    def show(self, errors: str) -> None:
        """Show the latest errors (the author saved again, and it still does not load)."""
        self.errors = errors
        count = sum(1 for line in errors.splitlines() if line and not line.startswith(" "))
        self.query_one("#what", Static).update(f"{self.folder}: {count} error(s) after your last edit:")
        self.query_one("#errors", Static).update(Content(errors))
