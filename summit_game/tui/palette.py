"""The command palette's entries, drawn as written.

Textual's own system-commands provider hands each command's name and help to
``Content.from_markup``: a pack's choice label ``[/]`` crashed the game on
Ctrl+P, and ``[@click=app.screenshot(...)]`` became a live link that wrote a
file outside the saves folder. The palette entries carry pack text (choice
labels, role, route and pack titles, summaries), so this provider builds
them as literal ``Content``, the fuzzy-match highlight included, and the app
uses it instead of Textual's.

``Palette`` is Textual's palette with two guards found by random input in a
real terminal: PageUp in the same burst as Ctrl+P paged a list not laid out
yet (``KeyError: 0``), and a second click on the background, queued while
the first one closed it, popped the screen under it; a search still running as
the palette closed found its list gone (``NoMatches``), and so did a key already
on its way when the projector closed the palette (a vote's timer ran out), and
a key that reached the palette before it was composed.
"""

from __future__ import annotations

from textual import events
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.css.query import NoMatches


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


def offered_on(screen, callback):
    """``callback``, run only while ``screen`` (the one the palette was opened over) is in front
    and composed: the palette runs a picked command a moment after it closes, and a key in the
    same burst may have opened another screen by then (Textual's 'Keys' then mounted its panel on
    a Load screen not yet composed: found by random input in tmux)."""

    def command():
        app = screen.app
        if app.screen is screen and screen.is_mounted and not getattr(app, "leaving", False):
            return callback()
        return None

    return command


class LiteralCommands(Provider):
    """The app's system commands (``App.get_system_commands``), never read as markup."""

    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda command: command[0])
        for name, help_text, callback, discover in commands:
            if discover:
                yield DiscoveryHit(literal(name), offered_on(self.screen, callback), text=name,  # type: ignore[arg-type]
                                   help=literal(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            if (score := matcher.match(name)) > 0:
                yield Hit(score, highlight(matcher, name), offered_on(self.screen, callback), text=name,  # type: ignore[arg-type]
                          help=literal(help_text))


class Palette(CommandPalette):
    """Textual's command palette that ignores input meant for it after it closed."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Its list is looked up by every one of Textual's palette actions, and is not there
        # when the palette was closed under a key on its way (the projector closes an open
        # palette when a vote's timer moves the room on), nor before it is composed (a key in
        # the same burst as Ctrl+P): NoMatches, found by random input in tmux.
        if self.app.screen is not self or not self.is_mounted:
            return False
        return super().check_action(action, parameters)

    def dismiss(self, result: object = None) -> AwaitComplete:
        if self.app.screen is not self:  # closed already: a late click or key
            return AwaitComplete.nothing()
        return super().dismiss(result)

    def _on_click(self, event: events.Click) -> None:  # type: ignore[override]
        if self.app.screen is not self:
            event.prevent_default()  # Textual's own handler would dismiss it a second time
            event.stop()

    def _on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        # Opened and closed in one burst (a flow's show_top popped it before it mounted):
        # Textual's mount reads the screen under it, which is gone.
        # (Textual calls each class's own _on_mount in turn; prevent_default stops it there.)
        stack = self.app.screen_stack
        if len(stack) < 2 or stack[-1] is not self:
            event.prevent_default()

    def _forward_event(self, event: events.Event) -> None:
        # A click on the list is taken here, at once: handled later (Textual's way) it could
        # name a line of a list a search has replaced since, and index past its end.
        if isinstance(event, events.Click):
            option = event.style.meta.get("option")
            try:
                commands = self.query_one(CommandList)
            except NoMatches:
                return
            if isinstance(option, int):
                if self.app.screen is self and 0 <= option < commands.option_count:
                    if not commands.get_option_at_index(option).disabled:
                        commands.highlighted = option
                        commands.action_select()
                return
        super()._forward_event(event)

    def _gather_commands(self, search_value: str):  # type: ignore[override]
        # Its mount (which starts a search) can run after it was closed, its list gone.
        if not any(screen is self for screen in self.app.screen_stack):
            return None
        return super()._gather_commands(search_value)

    def _refresh_command_list(self, *args, **kwargs) -> None:
        # The search runs in a worker that may still be going as the palette closes
        # (Ctrl+Q, a command chosen): its list is gone by then.
        try:
            super()._refresh_command_list(*args, **kwargs)
        except NoMatches:
            pass

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down"):
            commands = self.query_one(CommandList)
            commands._update_lines()  # Textual 8.2 pages with line indexes it may not have yet
            if commands.highlighted is not None and commands.highlighted not in commands._index_to_line:
                return
        super()._action_command_list(action)
