"""What every screen of the game shares: size classes and the too-small notice.

The classes are recomputed from the app's size on every resize and whenever
a screen comes back to the top (a screen under another one misses resizes):

* ``-wide`` (100 columns or more) / ``-narrow``: side panels or stacked;
* ``-short`` (under 30 rows);
* ``-too-small`` (under ``MIN_WIDTH`` x ``MIN_HEIGHT``): everything is hidden
  but the notice, so a layout is never drawn broken.
"""

from __future__ import annotations

import inspect
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Iterable

from textual import _time, events
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from ..widgets.keybar import KeyBar
from ..widgets.notice import MIN_HEIGHT, MIN_WIDTH, TooSmall

if TYPE_CHECKING:
    from textual.app import SystemCommand

    from ..app import SummitApp

WIDE = 100
TALL = 30
COMPACT_FOOTER = 120


class ScreenWorker(Worker):
    """A screen's coroutine, as a worker.

    * It looks up its widgets after an await (the saves folder read, a pack loaded) and finds
      none when the screen closed, or the game quit, meanwhile: it stops quietly then, as a late
      message does (found by random input in tmux: Ctrl+Q while the Load screen read the folder).
    * Cancelled before it ran, its coroutine is closed. A worker's task that is cancelled before
      its first step never runs ``run``, so the coroutine was never awaited ("RuntimeWarning:
      coroutine 'TitleScreen._look_up_latest' was never awaited" as the game quit: the title's
      timer asked for it as Ctrl+Q closed the app, which then cancels every worker, in Textual's
      ``App._process_messages``, before the new one's task had run). So is one that an exclusive
      worker of its group, asked for in the same burst, replaces.
    """

    def __init__(self, screen: "Fitted", work, **kwargs) -> None:
        super().__init__(screen, work, **kwargs)  # type: ignore[arg-type]
        self._coroutine = work
        self._began = False

    async def run(self):
        self._began = True
        if self.is_cancelled:  # cancelled while pending, started after all: its coroutine is closed
            return None
        with self.node.unless_gone():  # type: ignore[attr-defined]
            return await self._coroutine
        return None

    def cancel(self) -> None:
        super().cancel()
        if not self._began:  # run() will not be called now: the task is cancelled before its first step
            self._coroutine.close()


def size_classes(width: int, height: int) -> dict[str, bool]:
    return {
        "-too-small": width < MIN_WIDTH or height < MIN_HEIGHT,
        "-wide": width >= WIDE,
        "-narrow": width < WIDE,
        "-short": height < TALL,
    }


class Fitted:
    """Mixin for screens: keep the size classes and the notice in step with the terminal.

    Every screen yields a ``TooSmall()`` last in its ``compose`` (a test checks it).
    """

    app: "SummitApp"

    def _preset_classes(self) -> None:
        """Set the size classes before the first layout (a later change restyles every widget)."""
        from textual._context import active_app

        try:
            app = active_app.get()
        except LookupError:  # built outside a running app (tests of the class itself)
            return
        width, height = app.size
        for name, on in size_classes(width, height).items():
            if on:  # styled as the screen mounts, not now (styling it now read the stylesheet twice)
                self.add_class(name, update=False)  # type: ignore[attr-defined]
        # A new screen's widgets are styled as they mount: its first resume need not restyle
        # them all again unless the CSS changes before then (see on_screen_resume)
        self._styled_at = getattr(app, "_css_update_count", None)

    def on_mount(self) -> None:
        self.fit()

    def on_resize(self, event: events.Resize) -> None:
        self.fit()

    def on_screen_resume(self, event: events.ScreenResume | None = None) -> None:
        # Textual restyles every widget of a screen pushed again (the one consequence screen,
        # shown for every choice), in case the CSS changed while it was away: a tenth of a
        # choice. Its styles are kept current while it is installed but not shown (a theme
        # change bumps the app's CSS count, and then it is restyled here as before); the
        # size classes are set by fit().
        if event is not None:
            count = getattr(self.app, "_css_update_count", None)
            if count is not None and getattr(self, "_styled_at", None) == count:
                event.refresh_styles = False
            self._styled_at = count
        self.fit()

    def fit(self) -> None:
        width, height = self.app.size
        screen = self  # type: ignore[assignment]
        wanted = size_classes(width, height)
        if any(screen.has_class(name) != on for name, on in wanted.items()):  # type: ignore[attr-defined]
            screen.update_classes(wanted, animate=False)  # type: ignore[attr-defined]
        for notice in screen.query(TooSmall):  # type: ignore[attr-defined]
            notice.show_size(width, height)
        for footer in screen.query(KeyBar):  # type: ignore[attr-defined]
            footer.compact = width < COMPACT_FOOTER
            footer.show_command_palette = width >= WIDE  # narrow: room for the game's keys (Ctrl+P still works)
        self.fitted(width, height)

    # ------------------------------------------------------------ late input
    # Input is queued: a second quick click, a key in the same burst or a link clicked
    # as the screen closes reaches a screen that is no longer in front. Acting on it
    # took a choice from a list that had changed, popped the wrong screen or a
    # callback that was already gone (found by random input in tmux). So a screen
    # acts only while it is the one in front (the app's ``run_action`` checks
    # ``in_front`` for actions; ``dismiss`` here).

    @property
    def in_front(self) -> bool:
        return self.app.screen is self  # type: ignore[comparison-overlap]

    @property
    def alive(self) -> bool:
        """Still on the screen stack (in front or under an overlay): not closed."""
        return any(s is self for s in self.app.screen_stack)

    def _forward_event(self, event: events.Event) -> None:
        # A mouse press on a widget that was just removed (still in the last frame's map)
        # made Textual's text selection read its missing parent.
        if isinstance(event, events.MouseDown):
            try:
                widget, _ = self.get_widget_and_offset_at(event.x, event.y)  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - nothing there
                widget = None
            if widget is not None and widget is not self and widget.parent is None:
                return
        super()._forward_event(event)  # type: ignore[misc]

    async def _on_message(self, message) -> None:
        # A screen closed in the same burst of input that opened it still gets its
        # queued messages (its mount among them), with its widgets gone: nothing to do.
        # So does a screen opened in the burst that quit the game (its widgets go as the
        # app closes).
        with self.unless_gone():
            await super()._on_message(message)  # type: ignore[misc]

    # ------------------------------------------------------------ late work
    # A worker, a queued message, a callback after a refresh or a timer runs after its screen
    # may have closed (or as the game quits): then its widgets are gone, or going, and the
    # first look-up finds none (NoMatches). That ends it quietly; on a screen still open, a
    # missing widget is a bug and is raised as one. Textual runs a callback asked for after a
    # refresh on the screen in front when it runs (not this one): this screen's own guard
    # would not see it, so ``call_after_refresh`` and ``set_timer`` wrap theirs (``quietly``).

    @property
    def gone(self) -> bool:
        """Closed (off the screen stack), or the app is quitting: its widgets may be gone."""
        return not self.alive or bool(getattr(self.app, "leaving", False))

    @contextmanager
    def unless_gone(self):
        """The work inside stops quietly at a widget it cannot find, if this screen is ``gone``."""
        try:
            yield
        except NoMatches:
            if not self.gone:
                raise

    def quietly(self, callback):
        """``callback``, to be run later (by Textual, or by another screen): ``unless_gone``."""
        def run():
            result = None
            with self.unless_gone():
                result = callback()
            return self._awaited_quietly(result) if inspect.isawaitable(result) else result
        return run

    async def _awaited_quietly(self, awaitable):
        with self.unless_gone():
            return await awaitable

    def call_after_refresh(self, callback, *args, **kwargs) -> bool:
        return super().call_after_refresh(self.quietly(partial(callback, *args, **kwargs)))  # type: ignore[misc]

    def set_timer(self, delay: float, callback=None, *, name: str | None = None, pause: bool = False):
        return super().set_timer(delay, None if callback is None else self.quietly(callback),  # type: ignore[misc]
                                 name=name, pause=pause)

    def run_worker(self, work, name: str | None = "", group: str = "default", description: str = "",
                   exit_on_error: bool = True, start: bool = True, exclusive: bool = False, thread: bool = False):
        """A coroutine runs as a ``ScreenWorker`` (as Textual's own ``run_worker`` would run it, in the
        app's worker manager): it stops quietly if the screen went meanwhile, and is closed if it is
        cancelled before it ran."""
        if not inspect.iscoroutine(work) or thread:
            return super().run_worker(work, name, group, description, exit_on_error,  # type: ignore[misc]
                                      start, exclusive, thread)
        worker = ScreenWorker(self, work, name=name or work.__name__, group=group,
                              description=description or repr(work), exit_on_error=exit_on_error)
        self.workers.add_worker(worker, start=start, exclusive=exclusive)  # type: ignore[attr-defined]
        return worker

    def dismiss(self, result: object = None) -> AwaitComplete:
        if not self.in_front:  # closed already (or under another screen): a late key or click
            return AwaitComplete.nothing()
        return super().dismiss(result)  # type: ignore[misc]

    def fitted(self, width: int, height: int) -> None:
        """Hook: adapt to a new size (the classes are already set)."""

    def palette_commands(self) -> Iterable["SystemCommand"]:
        """Hook: extra command palette entries for this screen (besides its key bindings)."""
        return ()


class ReadFirst:
    """Mixin (before the screen class in the bases) for a screen that shows a result the player must
    read: what followed a choice, the ending, a vote's reveal, a question. Input typed before the
    screen was first drawn on the terminal is not for it, and is ignored (the app's ``Guarded``
    asks ``typed_before_drawn``); input after that works as anywhere else.

    Found in tmux: on a scene, '2' then Enter typed in one go took choice 2 and the Enter went on
    past its consequence, which the player never saw (a double click on the key bar's Choose did
    the same). Terminal games flush typeahead at such a message (NetHack's --More--). What counts
    is the key's own time (Textual stamps every event as the terminal's input is read), against
    the moment this screen was first written to the terminal: a key that waited in a queue
    behind another still carries the time it was typed.
    """

    _drawn_at: float | None = None  # when it was first drawn, showing what it shows now

    def unseen(self) -> None:
        """It shows something new (the one consequence screen is reused for every choice): not drawn yet."""
        self._drawn_at = None

    @property
    def drawn(self) -> bool:
        """It has been drawn on the terminal, showing what it shows now."""
        return self._drawn_at is not None

    def typed_before_drawn(self, event: events.Event) -> bool:
        return self._drawn_at is None or event.time < self._drawn_at

    def _compositor_refresh(self) -> None:
        super()._compositor_refresh()  # type: ignore[misc]
        # Textual writes a screen to the terminal from here, and only the one in front; below the
        # minimum size only the 'make the window larger' notice was drawn
        if (self._drawn_at is None and self.app.screen is self  # type: ignore[attr-defined]
                and not self.has_class("-too-small")):  # type: ignore[attr-defined]
            self._drawn_at = _time.get_time()  # the clock of events' own time


class GameScreen(Fitted, Screen):
    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        self._preset_classes()


def page_bindings() -> list[Binding]:
    """PgDn/PgUp through a ``PagedScreen``'s page; 'PgDn More' in the key bar while it runs past the screen.
    Priority: the focused page's own (hidden) PgDn would hide the screen's from the bar."""
    return [
        Binding("pagedown", "scroll(1)", "More", key_display="PgDn", priority=True, tooltip="The rest of the page"),
        Binding("pageup", "scroll(-1)", "Up", show=False, priority=True, tooltip="Back up the page"),
    ]


class PagedScreen(GameScreen):
    """A screen that is one scrolling ``#page`` (with ``page_bindings``): its PgDn key shows while the
    page runs past the screen, as the role screen's does for a long briefing. At 80 x 24 the
    consequence, journal, meters and ending pages ran on below the key bar with no key to say so."""

    _page_overflows: bool | None = None  # as the key bar last showed it

    def on_mount(self) -> None:
        # after every layout (a resize, a new page in the reused consequence screen): the bar again if need be
        self.screen_layout_refresh_signal.subscribe(self, self._laid_out)

    def _page_runs_on(self) -> bool:
        page = self.query("#page")
        return bool(page) and page.first().max_scroll_y > 0

    def _laid_out(self, _screen: Screen) -> None:
        overflows = self._page_runs_on()
        if overflows != self._page_overflows:
            self._page_overflows = overflows
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "scroll":  # only while the page runs past the screen
            return self._page_runs_on()
        return super().check_action(action, parameters)

    def action_scroll(self, direction: int) -> None:
        page = self.query_one("#page")
        page.scroll_page_up() if direction < 0 else page.scroll_page_down()


class GameModal(Fitted, ModalScreen):
    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        self._preset_classes()
