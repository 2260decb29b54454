"""Lists the player picks from: numbered, arrows + Enter, mouse; disabled items say why.

The highlighted item is marked three ways: a ``▶`` marker, bold, and the
block cursor's background, so it stays visible without colour (``NO_COLOR``
turns the bar grey) and in a plain capture of the screen. (Textual 8 drops
``reverse`` from option styles, so the marker carries it.)
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .hanging import Hanging


class Item:
    """One entry of a list: ``render(marked)`` gives its prompt. (A plain class: the title imports
    this module before its first frame, and a dataclass is generated code compiled at import.)"""

    __slots__ = ("id", "render", "disabled", "divider", "value")

    def __init__(self, id: str, render: Callable[[bool], Content | Hanging], disabled: bool = False,
                 divider: bool = False, value: Any = None) -> None:
        self.id = id
        self.render = render  # marked -> prompt
        self.disabled = disabled
        self.divider = divider  # a rule under this item
        self.value = value

    def __repr__(self) -> str:
        return f"Item({self.id!r}, disabled={self.disabled}, divider={self.divider})"


class MarkedList(OptionList):
    """An OptionList whose highlighted item also carries a ``▶`` marker."""

    DEFAULT_CSS = """
    MarkedList {
        height: auto;
        max-height: 100%;
        border: none;
        padding: 0;
        background: transparent;
        &:focus { border: none; background-tint: transparent; }
        & > .option-list--option { padding: 0 1 0 0; }
        & > .option-list--option-highlighted {
            text-style: bold;
            color: $foreground;
            background: transparent;
        }
        &:focus > .option-list--option-highlighted {
            text-style: bold;
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
        & > .option-list--option-disabled { color: $text-muted; }
        & > .option-list--separator { color: $foreground 30%; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.items: list[Item] = []
        self._marked: int | None = None
        self._updating = False

    async def _on_click(self, event) -> None:
        # A click queued before its screen left the front (a second quick click), or aimed
        # at a line of a list that has changed since, selects nothing.
        clicked = event.style.meta.get("option")
        if self.screen is not self.app.screen or (clicked is not None and not 0 <= clicked < self.option_count):
            event.prevent_default()
            event.stop()

    def _move_page(self, direction: int) -> None:
        # Textual 8.2's OptionList pages with line indexes it may not have computed
        # yet (a list not laid out): KeyError. Bring them up to date, or do nothing.
        self._update_lines()
        if (self.highlighted or 0) not in self._index_to_line:
            return
        super()._move_page(direction)

    def set_items(self, items: Sequence[Item], highlight: int | None = None) -> None:
        self.items = list(items)
        enabled = [i for i, it in enumerate(self.items) if not it.disabled]
        if highlight is None or highlight not in enabled:
            highlight = enabled[0] if enabled else None
        options = []
        for i, it in enumerate(self.items):
            opt = Option(it.render(i == highlight), id=it.id, disabled=it.disabled)
            options.append(opt)
            if it.divider:
                options.append(None)  # a separator
        self._updating = True
        try:
            self.set_options(options)
        finally:
            self._updating = False
        self._marked = highlight
        self.highlighted = highlight

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        super().watch_highlighted(new)
        if self._updating or new == self._marked or not self.items:
            return
        for index, marked in ((self._marked, False), (new, True)):
            if index is not None and 0 <= index < min(len(self.items), self.option_count):
                self.replace_option_prompt_at_index(index, self.items[index].render(marked))
        self._marked = new

    @property
    def current(self) -> Item | None:
        h = self.highlighted
        if h is None or not 0 <= h < len(self.items):
            return None
        return self.items[h]

    def item(self, item_id: str) -> Item | None:
        return next((it for it in self.items if it.id == item_id), None)


def marker(marked: bool) -> str:
    return "▶ " if marked else "  "


INDENT = " " * 5


def head(marked: bool, key: str) -> Content:
    """'▶ 1  ' (or '  1  '): the marker and the key, five cells wide."""
    return Content.assemble(marker(marked), (key, "bold"), " " * max(3 - len(key), 1))


def choice_prompt(number: int, label: str, available: bool, reason: str | None, marked: bool) -> Hanging:
    if available:
        return Hanging([(head(marked, str(number)), Content(label))])
    return Hanging([
        (head(marked, str(number)), Content.styled(label, "strike")),
        (" " * 5, Content.assemble(("✗ Not available: ", "bold"), (reason or "not possible now", "italic"))),
    ])


class ChoiceList(MarkedList):
    """The choices of a scene (engine ``Option``s; the item id is the choice id)."""

    def show(self, options: Sequence[Any]) -> None:
        self.set_items([
            Item(o.id, lambda m, o=o: choice_prompt(o.number, o.label, o.available, o.reason, m),
                 disabled=not o.available, value=o)
            for o in options
        ])

    @property
    def choices(self) -> list[Any]:
        return [it.value for it in self.items]

    def option_by_number(self, number: int) -> Any | None:
        return next((o for o in self.choices if o.number == number), None)
