"""Load a saved game: every save in the folder, newest first; damaged ones marked."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static

from ..widgets.choices import INDENT, Item, MarkedList, head
from ..widgets.hanging import Hanging
from ..widgets.topbar import TopBar
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from .base import GameScreen

if TYPE_CHECKING:
    from ...engine.saves import SaveInfo


def save_prompt(number: int, info: "SaveInfo", role_title: str, route_title: str | None, marked: bool) -> Hanging:
    from ..session import when

    first = (head(marked, str(number)), Content.assemble((info.slot, "bold"), ("  " + when(info.saved_at), "dim")))
    if info.damaged:
        return Hanging([
            (head(marked, str(number)), Content.assemble((info.slot, "bold"), "  ", ("DAMAGED", "bold reverse"))),
            (INDENT, Content.styled(info.problem, "italic")),
            (INDENT, Content.styled(f"saved {when(info.saved_at)}; it cannot be loaded", "dim")),
        ])
    where = info.scene_title or "the end"
    route = f" · {route_title}" if route_title else ""
    backup = "  (restored from its backup copy)" if info.from_backup else ""
    return Hanging([
        first,
        (INDENT, Content(f"{info.pack_title or info.pack_id} · {role_title}{route}")),
        (INDENT, Content.styled(f"at “{where}” · {info.steps} decision{'' if info.steps == 1 else 's'}{backup}", "dim")),
    ])


class LoadScreen(GameScreen):
    CSS_PATH = "load.tcss"
    AUTO_FOCUS = "#saves"
    BINDINGS = [
        Binding("enter", "load", "Load", priority=True, tooltip="Load the highlighted save"),
        Binding("escape", "back", "Back", tooltip="Back without loading"),
        Binding("r", "refresh", "Refresh", tooltip="Read the saves folder again"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar("Load a saved game")
        with VerticalScroll(id="page"):
            yield Static("Saved games, newest first", classes="heading")
            yield Static(f"Folder: {self.app.saves_place}", classes="path", markup=False)
            yield MarkedList(id="saves")
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        self.run_worker(self._fill(), exclusive=True)

    async def _fill(self) -> None:
        from ...engine import saves

        self.app.flush_saves()
        infos = await asyncio.to_thread(saves.list_saves, self.app.saves_folder)
        titles: dict[tuple[str, str], str] = {}  # (pack id, role or route id) -> title, for loaded packs
        for e in self.app.entries:
            if e.pack is not None:
                titles.update({(e.id, r.id): r.title for r in e.pack.roles.values()})
                titles.update({(e.id, "route:" + r.id): r.title for r in e.pack.routes.values()})

        def prompt(n: int, i: "SaveInfo", marked: bool) -> Hanging:
            role = titles.get((i.pack_id, i.role), i.role.replace("_", " "))
            route = titles.get((i.pack_id, f"route:{i.route}"), i.route) if i.route else None
            return save_prompt(n, i, role, route, marked)

        items = [
            Item(i.slot, lambda m, n=n, i=i: prompt(n, i, m), disabled=i.damaged, value=i)
            for n, i in enumerate(infos, 1)
        ]
        if not items:
            items = [Item("none", lambda m: Content("No saved games in this folder yet."), disabled=True)]
        if self.alive:  # not closed while the folder was read
            self.query_one("#saves", MarkedList).set_items(items)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_load()

    def action_load(self) -> None:
        item = self.query_one("#saves", MarkedList).current
        if item is None or item.value is None or item.disabled:
            self.app.bell()
            return
        self.app.load_save(item.value)

    def action_refresh(self) -> None:
        self.run_worker(self._fill(), exclusive=True)

    def action_back(self) -> None:
        self.dismiss(None)

