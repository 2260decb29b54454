"""Input guards every app of the game shares (the game and the workshop's projector).

Found by seeded random input in a real terminal (tests/test_terminal.py): keys,
clicks and links queued before a screen changed reached a screen no longer in
front, or one being torn down as the app quit; the command palette outlived the
screen it was opened over; an overlay stayed above a screen a timer or a pack
load replaced. ``Guarded`` is a mixin for ``App``: late input is dropped and the
palette is the guarded one (pack text literal). Keys are taken in the order typed,
and input typed before a result screen (``ReadFirst``) was drawn is not for it.
"""

from __future__ import annotations

from functools import partial

from textual import events

from .widgets.notice import MIN_HEIGHT, MIN_WIDTH

CRASHED = 70  # EX_SOFTWARE: an internal error, never 0


def _literal_commands():
    """The palette's provider, imported when a palette first opens (Textual calls what is not a
    provider class in COMMANDS): the palette module is not needed before the first frame."""
    from .palette import LiteralCommands

    return LiteralCommands


class Guarded:
    """Mixin (before ``App`` in the bases): late input never reaches a screen that is not in front."""

    COMMANDS = {_literal_commands}  # Textual's own provider reads pack text in commands as markup
    leaving = False  # exit() was called: input is ignored from then on

    def action_help_quit(self) -> None:
        """Ctrl+C, pressed by reflex: say how to quit. (Textual's own notice is written in markup,
        and this game's notices are literal: it showed 'Press [b]ctrl+q[/b] to quit the app'.)"""
        self.notify("Press Ctrl+Q to quit.", title="Do you want to quit?")  # type: ignore[attr-defined]

    def deliver_screenshot(self, filename=None, path=None, time_format=None):
        """The palette's Screenshot. Textual saves it to ~/Downloads, and failed ('Failed to save
        screenshot', no reason) where that folder does not exist (a fresh account, a server, a
        classroom machine): it goes to the saves folder instead (made if need be), which the game
        shows, or the current folder when that cannot be made. In a browser tab it is a download."""
        if path is None and not self.is_web:  # type: ignore[attr-defined]
            from pathlib import Path

            folder = Path(getattr(self, "saves_folder", None) or Path.cwd())
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                folder = Path.cwd()
            path = str(folder)
        self._screenshot_folder = path
        return super().deliver_screenshot(filename, path, time_format)  # type: ignore[misc]

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        # Textual's notice says only 'Failed to save screenshot': say where, and why
        if event.name == "screenshot":
            event.prevent_default()
            exc = event.exception
            why = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            folder = getattr(self, "_screenshot_folder", None)
            where = f" in {folder}" if folder and not self.is_web else ""  # type: ignore[attr-defined]
            self.notify(f"The screenshot could not be saved{where}: {why}.", title="Screenshot",  # type: ignore[attr-defined]
                        severity="error")

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        # The palette's Screenshot: Textual's notice names the file in markup ('[$text-success]'),
        # shown literally here; say it in words instead (and stop Textual's own notice).
        if event.name == "screenshot":
            event.prevent_default()
            where = f" to {event.path}" if event.path is not None else ""
            self.notify(f"Saved the screenshot{where}.", title="Screenshot")  # type: ignore[attr-defined]

    def get_driver_class(self):
        """Textual's terminal driver, but for its input: a byte that is not UTF-8 stopped the game (tui/driver.py)."""
        cls = super().get_driver_class()  # type: ignore[misc]
        if cls.__module__ == "textual.drivers.linux_driver" and cls.__name__ == "LinuxDriver":
            from .driver import GuardedLinuxDriver

            return GuardedLinuxDriver
        return cls

    def exit(self, result=None, return_code: int = 0, message=None) -> None:
        self.leaving = True
        super().exit(result, return_code, message)  # type: ignore[misc]

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Run an action, unless its screen is not in front and composed (a late or early key, click or link)."""
        from textual.screen import Screen

        from .screens.base import Fitted

        if self.leaving:  # queued before the app began to quit: the screens are going
            return False
        target, name, _ = self._parse_action(  # type: ignore[attr-defined]
            action, self if default_namespace is None else default_namespace, namespaces)
        if target is self and name == "quit":
            # Ctrl+Q quits whatever screen is coming or going: it acts on no screen's widgets, and
            # one pressed while the next screen was still being composed was dropped (a game that
            # would not quit, seen once in CI)
            return await super().run_action(action, default_namespace, namespaces)  # type: ignore[misc]
        try:
            screen = target if isinstance(target, Screen) else getattr(target, "screen", None)
        except Exception:  # noqa: BLE001 - a widget already removed: no screen
            return False
        # in front, and composed: a key that reaches a screen before its widgets are
        # mounted (it was shown in the same burst) has nothing to act on yet
        if isinstance(screen, Fitted) and not (screen.in_front and screen.is_mounted):
            return False
        return await super().run_action(action, default_namespace, namespaces)  # type: ignore[misc]

    async def on_event(self, event: events.Event) -> None:
        # Input after the app began to quit would reach screens being torn down.
        if isinstance(event, events.InputEvent) and self.leaving:
            event.stop()
            return
        # While the window is below the minimum size only the notice is drawn: input
        # would act on widgets nobody can see (and some cannot take it unlaid-out).
        size = self.size  # type: ignore[attr-defined]
        if (isinstance(event, events.InputEvent) and not event.is_forwarded
                and (size.width < MIN_WIDTH or size.height < MIN_HEIGHT)
                and not (isinstance(event, events.Key) and event.key in ("ctrl+q", "ctrl+c"))):
            event.stop()
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self._key_in_order(event)
            return
        if isinstance(event, (events.MouseDown, events.MouseUp)) and not event.is_forwarded and self._click_unread(event):
            event.stop()
            return
        await super().on_event(event)  # type: ignore[misc]

    # -- a result is read before it is answered
    #
    # A screen that shows what followed a decision (screens.base.ReadFirst) ignores input typed before
    # it was first drawn on the terminal: '2' then Enter typed in one go took choice 2 and the Enter went
    # on past the consequence unseen; a double click on the key bar's Choose did the same (found in tmux).

    _press_unread = False  # the last mouse press was ignored: so is its release (no click)

    def _unread(self, event: events.Event) -> bool:
        """``event`` came before the screen in front, a ``ReadFirst`` one, was drawn: it is not for that screen."""
        try:
            check = getattr(self.screen, "typed_before_drawn", None)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - no screen (the app is closing)
            return False
        return check is not None and check(event)

    def _click_unread(self, event: "events.MouseDown | events.MouseUp") -> bool:
        if isinstance(event, events.MouseDown):
            self._press_unread = self._unread(event)
            return self._press_unread
        unread, self._press_unread = self._press_unread or self._unread(event), False
        return unread

    # -- keys in the order they were typed
    #
    # Textual handles a key with a priority binding (Enter on most screens here) at once, but hands every
    # other key to the focused widget's queue, from which it climbs back to the app: a key typed after
    # it overtook it. Typed in one go, '2' then Enter took the highlighted choice, not choice 2; "myslot"
    # then Enter saved under the slot name offered, not 'myslot'; on the title, 2 then Enter opened the
    # first scenario (all found in tmux). So while a key is on its way through the widgets, the keys after
    # it wait, and are taken in turn once it has been through them all.

    _key_on_its_way: "events.Key | None" = None
    _keys_waiting: "list[events.Key] | None" = None
    _KEY_STUCK = 1.0  # seconds: a key that never came back (its widget closed first) holds the rest no longer

    async def _key_in_order(self, event: events.Key) -> None:
        if self._keys_waiting is None:
            self._keys_waiting = []
        if self._key_on_its_way is not None or self._keys_waiting:
            self._keys_waiting.append(event)
            if len(self._keys_waiting) == 1 and self._key_on_its_way is not None:
                self.set_timer(self._KEY_STUCK, partial(self._key_came_back, self._key_on_its_way))  # type: ignore[attr-defined]
            return
        await self._take_key(event)

    async def _take_key(self, event: events.Key) -> None:
        if event.key not in ("ctrl+q", "ctrl+c") and self._unread(event):
            return  # typed before the result in front was drawn: it is read first (quitting still works)
        target = self.focused or self.screen  # type: ignore[attr-defined]  # where Textual forwards it
        await super().on_event(event)  # type: ignore[misc]
        if event.is_forwarded and not self.leaving:
            self._key_on_its_way = event
            self._follow_key(event, target)

    def _follow_key(self, event: events.Key, node) -> None:
        """Wait in ``node``'s queue behind ``event``, then in its parent's, up to the app's own."""
        while node is not None:
            nxt = None if node is self else (node.parent or self)
            if node.call_later(self._key_passed, event, nxt):
                return
            node = nxt  # a queue that is closing: the key will not wait there either
        self._key_came_back(event)

    def _key_passed(self, event: events.Key, nxt) -> None:
        if nxt is None:
            self._key_came_back(event)
        else:
            self._follow_key(event, nxt)

    def _key_came_back(self, event: "events.Key | None") -> None:
        if event is None or event is not self._key_on_its_way:
            return  # said already (the timer of a key that came back)
        self._key_on_its_way = None
        if self._keys_waiting:
            self.call_later(self._next_key)  # type: ignore[attr-defined]

    async def _next_key(self) -> None:
        while self._keys_waiting and self._key_on_its_way is None:
            key = self._keys_waiting.pop(0)
            if self.leaving:
                continue
            await self._take_key(key)
            if self._keys_waiting and self._key_on_its_way is not None:
                self.set_timer(self._KEY_STUCK, partial(self._key_came_back, self._key_on_its_way))  # type: ignore[attr-defined]

    def action_command_palette(self) -> None:
        from .palette import Palette

        if self.use_command_palette and not Palette.is_open(self):  # type: ignore[attr-defined]
            self.push_screen(Palette())  # type: ignore[attr-defined]  # no fixed id: the last may be on its way out

    # Textual's own commands open palettes of their own (the palette's 'Theme' entry, a list of
    # keys): those get the same guards (a late click on one, closed already, popped the screen
    # under it: found by random input in tmux).

    def search_commands(self, commands, placeholder: str = "Search for commands…"):
        from textual.command import SimpleProvider

        from .palette import Palette, offered_on

        screen = self.screen  # type: ignore[attr-defined]
        commands = [(c[0], offered_on(screen, c[1]), *c[2:]) for c in commands]
        return self.push_screen(  # type: ignore[attr-defined]
            Palette(providers=[SimpleProvider(screen, commands)], placeholder=placeholder))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        from .palette import Palette

        self.push_screen(Palette(providers=[ThemeProvider], placeholder="Search for themes…"))  # type: ignore[attr-defined]
