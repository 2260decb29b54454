"""Live reload (``play --watch``): an edited pack, and the game in progress carried over to it.

The pack folder is watched with watchfiles; on a change the pack is loaded again and
the player's history is replayed on it choice by choice (``engine.replay``), so they
keep their place. Where the edit no longer fits the history, the game goes on from the
last step that does, and says where. A pack that no longer loads gives its located
errors; the game waits for the next edit.

No Textual here: the TUI and plain mode both use ``reload_game`` and ``PackWatcher``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..pack import PackError, load_pack
from ..pack.compiled import Pack
from ..pack.diagnostics import Diagnostic, render
from .core import EngineError, Outcome, State, replay

WATCHED = (".yaml", ".yml", ".md", ".txt")  # what a pack is made of (saves are .json)


@dataclass
class Reloaded:
    """What an edit did to the game in progress."""

    pack: Pack | None  # None: the pack no longer loads (see errors)
    errors: list[Diagnostic] = field(default_factory=list)
    state: State | None = None  # the replayed game; None when it could not start again
    outcomes: tuple[Outcome, ...] = ()
    problem: str = ""  # where the history stopped fitting, in words ('' when all of it fits)
    unchanged: bool = False  # the files changed, but not what the pack says (same content hash)

    @property
    def ok(self) -> bool:
        return self.pack is not None

    def error_text(self) -> str:
        return render(self.errors, "text")

    def summary(self, before: int) -> str:
        """One line for the player: what the reload kept."""
        if not self.ok:
            return f"The pack has {len(self.errors)} error(s): the game waits until they are fixed."
        if self.state is None:
            return f"The pack was reloaded, but this game cannot go on in it: {self.problem}"
        if self.problem:
            kept = len(self.outcomes)
            why = re.sub(r"^step \d+: ", "", self.problem).replace("the game had already ended",
                                                                     "the game now ends before it")
            done = ("" if kept == 0 else "Decision 1 was replayed; " if kept == 1
                    else f"Decisions 1 to {kept} were replayed; ")
            nxt = f"decision {kept + 1}" if done else f"Decision {kept + 1}"
            return (f"The pack was reloaded. {done}{nxt} no longer fits it ({why}): you go on from "
                    f"decision {kept + 1}.")
        if before == 0:
            return "The pack was reloaded."
        if before == 1:
            return "The pack was reloaded; your decision was replayed on it."
        return f"The pack was reloaded; your {before} decisions were replayed on it."


def reload_game(folder: Path, current: Pack | None, state: State | None) -> Reloaded:
    """Load ``folder`` again and replay ``state``'s history on it (if a game is in progress)."""
    try:
        pack = load_pack(folder)
    except PackError as exc:
        return Reloaded(None, list(exc.diagnostics))
    unchanged = current is not None and pack.content_hash == current.content_hash
    if state is None:
        return Reloaded(pack, unchanged=unchanged)
    if state.role not in pack.roles:
        return Reloaded(pack, problem=f"the role '{state.role}' is no longer in the pack", unchanged=unchanged)
    route = state.route if state.route in pack.routes else None
    try:
        result = replay(pack, state.role, state.seed, route, state.history)
    except EngineError as exc:  # the start itself no longer works (e.g. an auto-route loop)
        return Reloaded(pack, problem=str(exc), unchanged=unchanged)
    problem = result.problem
    if state.route is not None and route is None:
        problem = (f"the route '{state.route}' is no longer in the pack; " + problem).rstrip("; ")
    return Reloaded(pack, state=result.state, outcomes=result.outcomes, problem=problem, unchanged=unchanged)


def _wanted(saves: Path | None) -> Callable[[object, str], bool]:
    saves_resolved = saves.resolve() if saves is not None else None

    def keep(change: object, path: str) -> bool:
        p = Path(path)
        if p.name.startswith(".") or p.name.endswith("~") or p.suffix.lower() not in WATCHED:
            return False
        if saves_resolved is not None:
            try:
                p.resolve().relative_to(saves_resolved)
                return False  # a debrief exported into a saves folder inside the pack
            except ValueError:
                pass
        return True

    return keep


class PackWatcher:
    """Watches a pack folder in a background thread; ``changed`` tells whether files changed since asked.

    ``notify`` (optional) is called from the watcher thread after each batch of changes
    (the TUI passes ``call_from_thread``'s target). ``poke`` marks a change by hand (tests).
    """

    def __init__(self, folder: Path, saves: Path | None = None, notify: Callable[[], None] | None = None,
                 debounce_ms: int = 300):
        self.folder = Path(folder)
        self._filter = _wanted(saves)
        self._notify = notify
        self._debounce = debounce_ms
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.generation = 0  # batches of changes seen

    def start(self) -> "PackWatcher":
        self._thread = threading.Thread(target=self._run, name="summit-watch", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        from watchfiles import watch

        try:
            for _ in watch(self.folder, watch_filter=self._filter, debounce=self._debounce, stop_event=self._stop,
                           raise_interrupt=False):
                self.poke()
        except Exception:  # noqa: BLE001 - the folder vanished, or the OS refused: stop watching quietly
            pass

    def poke(self) -> None:
        self.generation += 1
        self._dirty.set()
        if self._notify is not None:
            self._notify()

    def changed(self) -> bool:
        """Whether files changed since the last call (and forget it)."""
        if self._dirty.is_set():
            self._dirty.clear()
            return True
        return False

    def wait(self, timeout: float | None = None) -> bool:
        """Block until a change (or ``timeout`` seconds); whether one came. Does not clear it."""
        return self._dirty.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
