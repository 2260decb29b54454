"""Input guards every app of the game shares (the game and the workshop's projector).

Found by seeded random input in a real terminal (tests/test_terminal.py): keys,
clicks and links queued before a screen changed reached a screen no longer in
front, or one being torn down as the app quit; the command palette outlived the
screen it was opened over; an overlay stayed above a screen a timer or a pack
load replaced. ``Guarded`` is a mixin for ``App``: late input is dropped and the
palette is the guarded one (pack text literal).
"""

from __future__ import annotations

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
        await super().on_event(event)  # type: ignore[misc]

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
