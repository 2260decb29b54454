"""The footer: the screen's keys, each clickable, in one widget.

Textual's ``Footer`` rebuilds a widget per key every time the bindings are
refreshed (on every screen change and focus change); measured here, that
was a third of the time from a choice to the next scene. ``KeyBar`` draws
the same information as one line of Content and only redraws it.

A click on a key simulates that key, so mouse and keyboard do exactly the
same thing. The command palette key shows on the right when there is room.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 100%;
        background: $footer-background;
        color: $footer-foreground;
        link-style: none;
        link-style-hover: reverse;
        link-background-hover: $footer-background;
    }
    """

    compact: reactive[bool] = reactive(False)
    show_command_palette: reactive[bool] = reactive(True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[tuple[str, str, str, str]] = []  # (key, display, description, tooltip)
        self._help: set[int] = set()  # indexes in _keys of the help key: kept when the bar is too narrow

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        # as Textual's Footer does: the signal's callback holds this widget, so a screen that
        # outlives its widgets (Textual keeps the title, its default screen) kept the bar alive
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys: list[tuple[str, str, str, str]] = []
        helps: set[int] = set()
        seen: set[str] = set()
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or not binding.description or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            if binding.action.rpartition(".")[2] == "help":
                helps.add(len(keys))
            keys.append((binding.key.split(",")[0], self.app.get_key_display(binding), binding.description,
                         tooltip or binding.tooltip))
        if keys != self._keys or helps != self._help:
            self._keys, self._help = keys, helps
            self.refresh()

    def keys(self) -> list[tuple[str, str]]:
        """(key shown, description) of each key in the bar (for tests)."""
        return [(display, description) for _, display, description, _ in self._keys]

    def render(self) -> Content:
        gap = " " if self.compact else "  "
        parts: list[Content] = []
        for key, display, description, _tooltip in self._keys:
            click = Style.from_meta({"@click": f"app.simulate_key({key!r})"})
            parts.append(Content.assemble(
                (f" {display} ", "bold $footer-key-foreground"), (description, "$footer-description-foreground"),
            ).stylize(click))
        line = Content(gap).join(parts)
        width = self.size.width
        if width and line.cell_length > width:
            # Too narrow for every key (80 columns): the keys that fit whole, in order, and always
            # the help key, which lists every one (a bar cut at the edge hid '? Help' and 'esc Title').
            kept = [i for i in range(len(parts)) if i in self._help]
            used = sum(parts[i].cell_length + len(gap) for i in kept)
            for i, part in enumerate(parts):
                if i not in self._help and used + part.cell_length + len(gap) <= width:
                    kept.append(i)
                    used += part.cell_length + len(gap)
            line = Content(gap).join([parts[i] for i in sorted(kept)])
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = Content.assemble(("^p ", "bold $footer-key-foreground"), "commands ")
            room = self.size.width - line.cell_length - palette.cell_length
            if room >= 2:
                click = Style.from_meta({"@click": "app.command_palette"})
                line = Content.assemble(line, " " * room, palette.stylize(click))
        return line
