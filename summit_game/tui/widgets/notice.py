"""The 'make the window larger' notice shown instead of a layout that does not fit."""

from __future__ import annotations

from textual.widgets import Static

MIN_WIDTH = 64
MIN_HEIGHT = 20


class TooSmall(Static):
    """Shown (by the screens' ``-too-small`` class) when the terminal is below the minimum size."""

    DEFAULT_CSS = """
    TooSmall {
        display: none;
        width: 100%;
        height: 100%;
        content-align: center middle;
        text-align: center;
        padding: 1 2;
        background: $background;
        color: $foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="too-small", markup=False)

    def on_mount(self) -> None:
        self.show_size(*self.app.size)

    def show_size(self, width: int, height: int) -> None:
        full = ("The window is too small for summit-game.\n\n"
                f"It is {width} x {height}; the game needs at least {MIN_WIDTH} x {MIN_HEIGHT} "
                "(80 x 24 or more looks best).\n\n"
                "Make the window larger (or the font smaller) and the game comes back "
                "where you left it. Ctrl+Q quits.")
        # a window of 20 x 8 showed 'It is 20 x 8; the game needs' and no more: the size it needs and
        # how to quit were cut off. A shorter notice where the whole one does not fit.
        short = f"Too small:\n{width} x {height}.\nThe game needs\n{MIN_WIDTH} x {MIN_HEIGHT}.\nCtrl+Q quits."
        hint = self.plain_hint()
        self.update(next((text for text in (full + hint, short + hint) if _fits(text, width, height)), short))

    def plain_hint(self) -> str:
        """The plain-text mode fits any window (and a screen reader): said where the app has one to offer."""
        command = getattr(self.app, "plain_command", None)
        if not command:
            return ""
        return f"\n\nOr play it as plain text, at any size: {command}"


def _fits(text: str, width: int, height: int) -> bool:
    """Whether ``text``, wrapped at its words, fits a window this size inside the notice's padding (1 2)."""
    import textwrap

    columns, rows = width - 4, height - 2
    if columns < 1:
        return False
    lines = sum(len(textwrap.wrap(line, columns, break_on_hyphens=False)) or 1 for line in text.split("\n"))
    return lines <= rows
