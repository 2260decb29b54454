"""The title screen: the packs, then Continue, Load, Help, Quit.

Enter on the title plays the highlighted pack, which is the default
(Anchorage) unless ``summit-game play PATH`` named another. Everything here
comes from a cheap read of each ``pack.yaml`` (see ``catalog``); the full
pack loads in the background while the player reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static

from ..widgets.choices import INDENT, Item, MarkedList, head
from ..widgets.hanging import Hanging
from ..widgets.topbar import TopBar
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from .base import GameScreen

if TYPE_CHECKING:
    from ..catalog import PackEntry

BANNER = "S U M M I T   G A M E"
TAGLINE = "Take a seat. Choose. What follows is the game's model; the quotes are the source's."


def pack_prompt(number: int, entry: "PackEntry", marked: bool) -> Hanging:
    """The title; under the highlighted pack, its summary and source reference too."""
    blocks: list = [(head(marked, str(number)), Content.styled(entry.title, "bold"))]
    if not marked:
        return Hanging(blocks)
    if entry.summary:
        blocks.append((INDENT, Content(entry.summary)))
    if entry.as_of:
        blocks.append((INDENT, Content.styled(entry.as_of, "italic")))
    for ref in entry.references:
        blocks.append((INDENT, Content.assemble(("Source: ", "bold dim"), (ref, "dim"))))
    if not entry.bundled:
        blocks.append((INDENT, Content.styled(f"Folder: {entry.folder}", "dim")))
    return Hanging(blocks)


def menu_prompt(key: str, label: str, detail: str, marked: bool) -> Hanging:
    body = Content.assemble(label, ("  " + detail, "dim") if detail else "")
    return Hanging([(head(marked, key), body)])


class TitleScreen(GameScreen):
    CSS_PATH = "title.tcss"
    AUTO_FOCUS = ""  # focused on mount without scrolling: Textual centres a widget it focuses, and at 80 x 24
    # the title opened scrolled past the game's name and the "Choose a scenario" heading (Anchorage's entry is tall)
    BINDINGS = [
        Binding("enter", "play", "Play", priority=True, tooltip="Play the highlighted scenario, or open the highlighted entry"),
        Binding("n", "new_game", "New game", tooltip="Start the highlighted scenario"),
        Binding("c", "continue_game", "Continue", tooltip="Go on with the last game (the autosave)"),
        Binding("l", "load", "Load", tooltip="Load a saved game"),
        Binding("question_mark", "app.help", "Help", key_display="?", tooltip="Every key of the game"),
        Binding("q", "app.quit", "Quit", tooltip="Quit the game"),
        Binding("1", "pick(1)", "Scenario", key_display="1-9", show=False, tooltip="Play a scenario by its number"),
    ] + [Binding(str(n), f"pick({n})", f"Scenario {n}", show=False) for n in range(2, 10)]

    def __init__(self) -> None:
        super().__init__()
        self.latest = None  # SaveInfo of the last game, once looked up
        self.looked_up = False
        self._set_highlight: int | None = None  # where refresh_menu put the highlight: not the player's move

    def compose(self) -> ComposeResult:
        yield TopBar("a policy game in the terminal")
        with VerticalScroll(id="page"):
            with Vertical(id="banner"):
                yield Static(BANNER, id="banner-title")
                yield Static(TAGLINE, id="tagline")
            yield Static("Choose a scenario: Enter plays the highlighted one", classes="heading")
            yield MarkedList(id="menu")
            yield Static(id="saves-path", classes="path", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        self.refresh_menu()
        self.query_one("#menu", MarkedList).focus(scroll_visible=False)
        self.query_one("#saves-path", Static).update(f"Saves and debriefs go to {self.app.saves_place}")
        # Background work only once the first frame is out: a thread importing the pack
        # loader holds the GIL long enough to delay the title by a quarter of a second.
        self.call_after_refresh(self.set_timer, 0.05, self._after_first_frame)

    def _after_first_frame(self) -> None:
        self.run_worker(self._look_up_latest(), group="latest", exclusive=True)

    async def _look_up_latest(self) -> None:
        import asyncio

        self.app.flush_saves()
        self.latest = await asyncio.to_thread(self.app.latest_playable)
        self.looked_up = True
        self.refresh_menu()
        entry = self.app.entry_for(self.latest.pack_id) if self.latest else None
        if entry is not None and entry.pack is None:  # for the role's title in the Continue line
            try:
                await asyncio.to_thread(entry.load)
            except Exception:  # noqa: BLE001 - reported if the player picks it
                pass
            self.refresh_menu()
        self.app.preload(self.app.default_entry)

    def _continue_detail(self) -> str:
        if not self.looked_up:
            return "(looking for your last game…)"
        info = self.latest
        if info is None:
            return "(no saved game yet)"
        from ..session import when

        where = f" at “{info.scene_title}”" if info.scene_title else ""
        role = info.role.replace("_", " ")
        entry = self.app.entry_for(info.pack_id)
        if entry is not None and entry.pack is not None and info.role in entry.pack.roles:
            role = entry.pack.roles[info.role].title
        steps = f"{info.steps} decision" + ("" if info.steps == 1 else "s")
        return f"{info.pack_title} · {role}{where} · {steps} · {when(info.saved_at)}"

    def refresh_menu(self) -> None:
        found = self.query("#menu").results(MarkedList)
        menu = next(found, None)
        if menu is None:  # the look-up finished after the screen was replaced
            return
        keep = menu.current.id if menu.current else None
        entries = self.app.entries
        items = [
            Item(f"pack-{i}", lambda m, i=i, e=e: pack_prompt(i, e, m), value=e, divider=(i == len(entries)))
            for i, e in enumerate(entries, 1)
        ]
        continue_disabled = self.looked_up and self.latest is None
        items += [
            Item("continue", lambda m: menu_prompt("c", "Continue", self._continue_detail(), m), disabled=continue_disabled),
            Item("load", lambda m: menu_prompt("l", "Load a saved game", "", m)),
            Item("help", lambda m: menu_prompt("?", "Help: every key", "", m)),
            Item("quit", lambda m: menu_prompt("q", "Quit", "", m)),
        ]
        default = self.app.default_entry
        highlight = next((i for i, e in enumerate(entries) if e is default), 0)
        if keep is not None:
            highlight = next((i for i, it in enumerate(items) if it.id == keep), highlight)
        menu.set_items(items, highlight)
        self._set_highlight = menu.highlighted

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self._set_highlight:  # the player moved it: the page follows
            self._set_highlight = None
            self.call_after_refresh(self._show_highlighted)

    def _show_highlighted(self) -> None:
        """Scroll the page to the highlighted entry (the list only scrolls itself)."""
        from textual.geometry import Region

        menu = self.query_one("#menu", MarkedList)
        try:  # the list's line tables, as the play screen reads them
            line, height = menu._index_to_line[menu.highlighted], menu._heights[menu.highlighted]  # type: ignore[index]
        except KeyError:
            return
        box = menu.virtual_region
        y = box.y + max(line - round(menu.scroll_y), 0)
        self.query_one("#page").scroll_to_region(Region(box.x, y, box.width, min(height, box.height)),
                                                 animate=False, immediate=True)

    # ------------------------------------------------------------ actions

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option_index)

    def action_play(self) -> None:
        menu = self.query_one("#menu", MarkedList)
        self._open(menu.highlighted)

    def _open(self, index: int | None) -> None:
        menu = self.query_one("#menu", MarkedList)
        if index is None or not 0 <= index < len(menu.items):
            return
        item = menu.items[index]
        if item.value is not None:
            self.app.new_game(item.value)
        elif item.id == "continue":
            self.action_continue_game()
        elif item.id == "load":
            self.action_load()
        elif item.id == "help":
            self.app.action_help()
        elif item.id == "quit":
            self.app.flush_saves()
            self.app.exit(0)

    def action_new_game(self) -> None:
        item = self.query_one("#menu", MarkedList).current
        entry = item.value if item is not None and item.value is not None else self.app.default_entry
        self.app.new_game(entry)

    def action_pick(self, number: int) -> None:
        entries = self.app.entries
        if 1 <= number <= len(entries):
            entry = entries[number - 1]
            # highlighted too: an Enter after the number ('2', then Enter to be sure), while the scenario
            # opens, asks for the same one, not for the one highlighted before
            menu = self.query_one("#menu", MarkedList)
            menu.highlighted = next((i for i, it in enumerate(menu.items) if it.value is entry), menu.highlighted)
            self.app.new_game(entry)

    def action_continue_game(self) -> None:
        self.app.continue_game()

    def action_load(self) -> None:
        self.app.open_load()

    def palette_commands(self) -> Iterable[SystemCommand]:
        for i, entry in enumerate(self.app.entries, 1):
            yield SystemCommand(f"Play: {entry.title}", entry.summary or f"Start scenario {i} (key {i})",
                                lambda e=entry: self.app.new_game(e))
