"""The command palette's entries, drawn as written.

Textual's own system-commands provider hands each command's name and help to
``Content.from_markup``: a pack's choice label ``[/]`` crashed the game on
Ctrl+P, and ``[@click=app.screenshot(...)]`` became a live link that wrote a
file outside the saves folder. The palette entries carry pack text (choice
labels, role, route and pack titles, summaries), so this provider builds
them as literal ``Content``, the fuzzy-match highlight included, and the app
uses it instead of Textual's.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content


def literal(text: str) -> Content:
    """``text`` as it is written: never markup, control characters dropped."""
    return Content("".join(ch for ch in str(text) if ch.isprintable() or ch == " "))


def highlight(matcher: Matcher, name: str) -> Content:
    """``name`` literally, with the characters the query matched in the match style."""
    content = literal(name)
    if content.plain != name:  # control characters dropped: offsets would not line up
        return content
    score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    if score:
        for offset in offsets:
            if not name[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class LiteralCommands(Provider):
    """The app's system commands (``App.get_system_commands``), never read as markup."""

    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda command: command[0])
        for name, help_text, callback, discover in commands:
            if discover:
                yield DiscoveryHit(literal(name), callback, text=name, help=literal(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            if (score := matcher.match(name)) > 0:
                yield Hit(score, highlight(matcher, name), callback, text=name, help=literal(help_text))  # type: ignore[arg-type]
