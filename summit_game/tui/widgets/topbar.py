"""A one-line title bar: where you are in the game (and whose game: the team's name, when
there is one). Drops and shortens parts to fit."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class TopBar(Widget):
    DEFAULT_CSS = """
    TopBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def __init__(self, *parts: str, id: str | None = None) -> None:
        super().__init__(id=id or "topbar")
        self.parts = [p for p in parts if p]

    def set_parts(self, *parts: str) -> None:
        self.parts = [p for p in parts if p]
        self.refresh()

    @property
    def shown_parts(self) -> list[str]:
        team = getattr(self.app, "team", "") if self.is_attached else ""
        return [*self.parts, f"Team: {team}"] if team else list(self.parts)

    @property
    def plain(self) -> str:
        return "  ·  ".join(["summit-game", *self.shown_parts])

    def render(self) -> Content:
        width = self.content_size.width or 200
        sep = "  ·  "
        name = Content.styled("summit-game", "bold")
        parts = self.shown_parts
        full = Content(sep).join([name, *[Content(p) for p in parts]])
        if full.cell_length <= width or not parts:
            return full
        # no room: drop the game's name, then shorten the first part (the pack's title)
        rest = Content(" · ").join([Content(p) for p in parts[1:]])
        room = width - rest.cell_length - (3 if parts[1:] else 0)
        first = parts[0] if len(parts[0]) <= room else parts[0][: max(room - 1, 0)] + "…"
        return Content(" · ").join([Content.styled(first, "bold"), *[Content(p) for p in parts[1:]]])
