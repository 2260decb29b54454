"""Save to a named slot: type a name (or pick an existing slot to overwrite it)."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from ..widgets.choices import Item, MarkedList, head
from ..widgets.hanging import Hanging
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from .base import GameModal

SLOT_HINT = "1 to 32 of: a-z 0-9 - _"


class SlotInput(Input):
    """The slot name as it is typed or pasted: capitals made small and spaces '-' ("My Save" is my-save);
    any other character a slot cannot hold is left out, with the bell."""

    def replace(self, text: str, start: int, end: int) -> None:
        mapped = re.sub(r"\s", "-", text.lower())
        fitted = re.sub(r"[^a-z0-9_-]", "", mapped)
        if fitted or not text:
            super().replace(fitted, start, end)
        if fitted != mapped:  # something was left out
            self.restricted()


def suggest(pack_id: str, role: str) -> str:
    name = re.sub(r"[^a-z0-9_-]", "-", f"{pack_id}-{role}".lower())
    return name[:32] or "slot"


class SaveScreen(GameModal):
    CSS_PATH = "save.tcss"
    AUTO_FOCUS = "#slot"
    BINDINGS = [
        Binding("enter", "save", "Save", priority=True, tooltip="Save to the slot named"),
        Binding("escape", "cancel", "Cancel", tooltip="Back without saving"),
    ]

    def compose(self) -> ComposeResult:
        s = self.app.session
        assert s is not None
        with Vertical(id="dialog"):
            yield Static("Save the game", classes="heading")
            yield Static(f"Slot name ({SLOT_HINT}); Enter saves, Esc cancels.", classes="hint", markup=False)
            yield SlotInput(suggest(s.pack.id, s.state.role), id="slot", restrict=r"[a-z0-9_-]*", max_length=32)
            yield Static(id="problem", markup=False)
            yield Static("Existing saves (pick one to overwrite it)", classes="heading")
            yield MarkedList(id="existing")
            yield Static(f"Folder: {self.app.saves_place}", classes="path", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        from ...engine import saves

        infos = [i for i in saves.list_saves(self.app.saves_folder) if not saves.is_autosave(i.slot)]
        existing = self.query_one("#existing", MarkedList)
        if not infos:
            existing.set_items([Item("none", lambda m: Content("(none yet)"), disabled=True)])
        else:
            existing.set_items([
                Item(i.slot, lambda m, i=i: Hanging([(head(m, "·"), Content.assemble(
                    (i.slot, "bold"), ("  " + (i.problem if i.damaged else f"{i.pack_title} · {i.scene_title}"), "dim")))]),
                     value=i)
                for i in infos
            ])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        item = self.query_one("#existing", MarkedList).items[event.option_index]
        if item.value is not None:
            slot = self.query_one("#slot", Input)
            slot.value = item.value.slot
            slot.focus()

    def action_save(self) -> None:
        if self.focused is self.query_one("#existing"):
            self.query_one("#existing", MarkedList).action_select()
            return
        s = self.app.session
        assert s is not None
        name = self.query_one("#slot", Input).value.strip()
        note = s.save(name)
        if note.error:
            self.query_one("#problem", Static).update(Content.assemble(("Not saved: ", "bold $text-error"), note.error))
            return
        self.app.notify(f"Saved to {self.app.shown_path(note.path)}", title="Saved", timeout=4)
        self.dismiss(note.path)

    def action_cancel(self) -> None:
        self.dismiss(None)
