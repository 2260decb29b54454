"""A top-level screen that another one replaces lets go of what it held.

``summit-game`` reaches the first scene through the title, the role and the route
screens; ``play --role --route`` goes straight there. The title path held 3 MiB more
at the first scene (41.4 against 38.3 MiB, ``bench_tui.py --only memory``; the bare
Textual app 33.4): the screens left behind, not anything the player still sees. What
kept them, and what each cut saved (benchmarks/README.md):

1. **Their drawn lines, beside the new screen's.** Textual removes the replaced screen
   only after the new one is mounted, and a widget keeps its rendered lines until it is
   removed (its styled lines even after): the new screen was built and drawn while the
   old one's lines were held, and that peak stayed resident. A screen that has left the
   stack is never drawn again, so ``drop_lines`` lets its widgets' lines go at once
   (Textual would render them again if it were shown again). -1.5 MiB.
2. **The title, which Textual keeps.** The app's default screen (the title) stays
   referenced for the app's life (a local of Textual's start-up coroutine), and its
   cached list of displayed children still held the removed widgets; so did each key
   bar's subscription to its screen's bindings signal (``KeyBar.on_unmount`` now ends
   it, as Textual's Footer does). ``settle`` reads the list again once they are gone,
   which empties it. -0.2 MiB.
3. **A frozen heap.** The heap is frozen after a pack loads (``app._load_settled``) so
   that no later collection scans the pack, and the title was alive then (it loads the
   pack while the player reads it): its widgets, garbage once it is replaced, sat in
   the permanent generation, which no collection visits. So once a top-level screen is
   replaced and removed, ``settle`` collects the whole heap and freezes it again: a full
   collection of 20-60 ms (the game's heap, 50,000-70,000 objects), run just after the
   new screen is drawn and idle, a few times a game (title -> role -> play -> ending ->
   title). Only in a process that is the game's own (``run_app``: the app's
   ``settle_heap``): a test run's heap is pytest's (450,000 objects frozen, 300 ms a
   collection), and a served tab is a fork of a warm parent whose frozen heap all its
   forks share (a collection would write to every page of it). -0.5 MiB.

Not needed: clearing Textual's ``StylesCache.get_inner_outer`` cache (an
``lru_cache`` on a method, which keeps the styles cache of every widget it saw,
Textual issue #6665) saved nothing more once the lines are dropped.
"""

from __future__ import annotations

import gc
import weakref
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

SETTLE_AFTER = 0.05  # seconds after the new screen is drawn and idle


def release(app: "App", replaced: "Screen", collect: bool) -> None:
    """``replaced`` has just left the screen stack for good (``switch_screen``): let it go.

    Its lines go at once (``drop_lines``); the rest once Textual has removed it and the
    new screen is drawn and idle (``settle``: the new screen's first frame does not wait
    for a collection). The short timer lets the callbacks queued for that frame run
    first: one holds the old screen's ``refresh_bindings``, and a screen still held
    while the heap is frozen again would stay frozen once it is garbage.
    """
    drop_lines(replaced)
    later = partial(settle, weakref.ref(replaced), collect)
    app.call_next(app.call_after_refresh, app.set_timer, SETTLE_AFTER, later)  # after the removal, queued before


def drop_lines(screen: "Screen") -> None:
    """Let the widgets of ``screen`` (which has left the screen stack) drop the lines they drew.

    Textual's own removal of a widget resets its render cache, later; its styles cache
    (the styled lines) it keeps. Both are Textual's private attributes: a Textual
    version without them makes this do nothing, and tests/test_tui_memory.py fails.
    """
    from textual.geometry import NULL_SIZE
    from textual.widget import _RenderCache

    for widget in screen.walk_children(with_self=True):
        cache = getattr(widget, "_styles_cache", None)
        if cache is not None:
            cache.clear()
        if hasattr(widget, "_render_cache"):
            widget._render_cache = _RenderCache(NULL_SIZE, [])


def settle(replaced: "weakref.ref[Screen]", collect: bool) -> None:
    """Once the replaced screen is removed: nothing of it stays reachable; with ``collect``, the heap is collected.

    It comes as a weak reference, so that nothing here holds it while the heap is frozen again.
    """
    screen = replaced()
    if screen is not None:  # the title, which Textual keeps
        screen.displayed_children  # recomputed: the removed widgets leave Textual's cached list
        del screen
    if not collect or not gc.isenabled():  # a pack loading in a thread (the loader pauses the collector)
        return
    from ..pack.loader import heap_frozen

    frozen = heap_frozen()
    if frozen:
        gc.unfreeze()
    gc.collect()
    if frozen:
        gc.freeze()
