"""One game in progress, as the screens see it: the pack, the state, what happened so far.

A thin layer over the engine API (``start``/``options``/``choose``) and the
saves module: it keeps the list of outcomes (for the journal and the
debrief) and autosaves after every choice. No Textual here, so it is tested
without an app.
"""

from __future__ import annotations

import random
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .. import engine as E
from ..engine import saves

if TYPE_CHECKING:
    from ..pack import Pack, Quote
    from ..pack.compiled import EndingC, SceneC


@dataclass
class SaveNote:
    """The result of the last save attempt, for the status line."""

    path: Path | None
    error: str | None = None


class Session:
    def __init__(self, pack: "Pack", folder: Path, state: E.State, outcomes: tuple[E.Outcome, ...] | list[E.Outcome] = ()):
        self._saver: ThreadPoolExecutor | None = None
        self._pending: Future | None = None  # the background writer, while it runs
        self._lock = threading.Lock()
        self._queued: E.State | None = None  # the newest state not yet handed to the writer
        self._writing = False  # the writer is running (it takes what is queued before it stops)
        self.pack = pack
        self.folder = Path(folder)
        self.state = state
        self.outcomes: list[E.Outcome] = list(outcomes)
        self.last_save: SaveNote | None = None
        self.version = 0  # bumped on every change, so screens know when to redraw
        self.debrief_path: Path | None = None
        self.finished_here = False  # the ending was reached in this session (not loaded finished)
        # This game's own autosave: two games of one pack (two tabs, two players) never share one.
        self.autosave_name = saves.autosave_slot(pack.id, saves.new_game_id())
        self.went_on_from: str | None = None  # an autosave this game continues: removed once its own is written
        self.last_autosave: SaveNote | None = None
        self.team = ""  # a team's name (play --team), carried into the debrief and its record
        # what each choice would give from one state (preview): choose takes it rather than work it out again
        self._previews: dict[str, tuple[E.State, E.Outcome]] = {}
        self._previewed: E.State | None = None

    # ------------------------------------------------------------ creating

    @classmethod
    def new(cls, pack: "Pack", folder: Path, role: str, route: str | None = None, seed: int | None = None) -> "Session":
        if seed is None:
            seed = random.SystemRandom().randrange(1, 2**31)
        return cls(pack, folder, E.start(pack, role, seed, route))

    @classmethod
    def load(cls, pack: "Pack", folder: Path, slot: str) -> tuple["Session", str | None]:
        """Load a save; the second item says where an edited pack stopped fitting, if it did."""
        loaded = saves.load_game(folder, slot, pack)
        session = cls(pack, folder, loaded.state, loaded.outcomes)
        if saves.is_autosave(slot) and not loaded.problem:  # all of it goes on in this game's own autosave
            session.went_on_from = slot
        return session, loaded.problem

    # ------------------------------------------------------------ reading

    @property
    def scene(self) -> "SceneC | None":
        return E.current_scene(self.pack, self.state)

    @property
    def ending(self) -> "EndingC | None":
        return E.current_ending(self.pack, self.state)

    @property
    def finished(self) -> bool:
        return self.state.finished

    @property
    def role_title(self) -> str:
        role = self.pack.roles.get(self.state.role)
        return role.title if role else self.state.role

    @property
    def route_title(self) -> str | None:
        route = self.pack.routes.get(self.state.route or "")
        return route.title if route else None

    @property
    def step(self) -> int:
        """1-based number of the decision being taken now."""
        return len(self.state.history) + 1

    @property
    def last_outcome(self) -> E.Outcome | None:
        return self.outcomes[-1] if self.outcomes else None

    def options(self) -> list[E.Option]:
        return E.options(self.pack, self.state)

    def visible_meters(self) -> list:
        return [v for v in self.pack.variables.values() if v.show]

    def source_label(self, q: "Quote") -> str:
        """Who speaks in a quote and where: 'The article — Gaskell & Gokay, ¶3', or
        'Keir Starmer, as quoted in the article (Gaskell & Gokay, ¶1)' (``pack.attribution``)."""
        from ..pack.attribution import quote_label

        return quote_label(self.pack, q)

    @property
    def scene_text(self) -> str:
        """The current scene's text as the player's role reads it."""
        return E.scene_text(self.pack, self.state)

    @property
    def ending_text(self) -> str:
        """The ending's text for this role and end state (its variants)."""
        return E.ending_text(self.pack, self.state)

    @property
    def source_kind(self) -> str:
        """'article', 'memo', ... or 'source' when the pack's sources differ."""
        return self.pack.source_kind

    def scene_quotes(self, options: bool = True) -> list["Quote"]:
        """The quotes shown beside the current scene: the scene's, then each option's
        (``options=False``: not the options', while their verdicts are hidden)."""
        quotes: list[Quote] = []
        scene = self.scene
        if scene is not None:
            quotes += scene.cite
            for opt in self.options() if options else ():
                quotes += opt.cite
        ending = self.ending
        if ending is not None:
            quotes += ending.cite
        return _unique(quotes)

    def journal_quotes(self) -> list["Quote"]:
        quotes: list[Quote] = []
        for o in self.outcomes:
            quotes += list(o.choice_cite) + list(o.result_cite)
        return _unique(quotes)

    # ------------------------------------------------------------ acting

    def choose(self, choice_id: str, background: bool = False) -> E.Outcome:
        """Take a choice and autosave. A failed autosave never stops the game (see ``last_save``).

        ``background`` writes the autosave on a worker thread (one at a time, in order),
        so an fsync never delays the next frame; ``flush()`` waits for it.
        """
        ahead = self._previews.get(choice_id) if self._previewed is self.state else None
        self.state, outcome = ahead or E.choose(self.pack, self.state, choice_id)
        self._previews.clear()
        self.outcomes.append(outcome)
        self.version += 1
        self.finished_here = self.state.finished
        if background:
            self.autosave_later()
        else:
            self.autosave()
        return outcome

    def preview(self, choice_id: str) -> E.Outcome | None:
        """What ``choose(choice_id)`` would give now, without taking it (None: the engine refuses it).

        The engine is pure and deterministic (a chance outcome is drawn from the seed and the
        path so far), so ``choose`` from the same state returns this very outcome.
        """
        if self._previewed is not self.state:
            self._previews.clear()
            self._previewed = self.state
        if choice_id not in self._previews:
            try:
                self._previews[choice_id] = E.choose(self.pack, self.state, choice_id)
            except E.EngineError:
                return None
        return self._previews[choice_id][1]

    def autosave(self) -> SaveNote:
        return self._autosave(self.state)

    def autosave_later(self) -> None:
        """Autosave on the writer thread. Only the newest state is written: choices made while a
        write is on its way replace one another (ten quick choices under a slow disk were ten
        fsyncs in a row, and quitting waited for them all)."""
        with self._lock:
            self._queued = self.state
            if self._writing:
                return  # the running writer takes it
            self._writing = True
        if self._saver is None:
            self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summit-autosave")
        self._pending = self._saver.submit(self._write_queued)

    def _write_queued(self) -> SaveNote | None:
        note = None
        try:
            while True:
                with self._lock:
                    state, self._queued = self._queued, None
                    if state is None:
                        self._writing = False
                        return note
                note = self._autosave(state)
        except BaseException:  # flush() raises it; the next choice starts a new writer
            with self._lock:
                self._writing = False
            raise

    def _autosave(self, state: E.State) -> SaveNote:
        first = self.last_autosave is None or self.last_autosave.path is None
        note = self.last_autosave = self._write(self.autosave_name, state)
        if note.error is None and first:
            try:
                if self.went_on_from and self.went_on_from != self.autosave_name:
                    saves.remove_save(self.folder, self.went_on_from)
                saves.prune_autosaves(self.folder, self.pack.id, spare=self.autosave_name)
            except saves.SaveError:
                pass  # tidying up never stops the game
            self.went_on_from = None
        return note

    def flush(self) -> SaveNote | None:
        """Wait for a background autosave to be on disk; its result."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()
        return self.last_save

    def save(self, slot: str, state: E.State | None = None) -> SaveNote:
        """A named save (the player's): names kept for autosaves are refused."""
        try:
            saves.check_manual_slot(slot)
        except saves.SaveError as exc:
            return SaveNote(None, str(exc))
        if state is None:
            self.flush()
        return self._write(slot, state)

    def _write(self, slot: str, state: E.State | None = None) -> SaveNote:
        try:
            note = SaveNote(saves.save_game(self.folder, slot, self.pack, state or self.state))
        except saves.SaveError as exc:
            note = SaveNote(None, str(exc))
        self.last_save = note
        return note

    def export_debrief(self) -> Path:
        from ..engine.debrief import export_debrief

        self.debrief_path = export_debrief(self.folder, self.pack, self.state, self.outcomes, team=self.team)
        return self.debrief_path

    def debrief(self):
        from ..engine.debrief import build

        return build(self.pack, self.state, tuple(self.outcomes), self.team)


def _unique(quotes: list["Quote"]) -> list["Quote"]:
    seen: set[tuple] = set()
    out = []
    for q in quotes:
        if q.key not in seen:
            seen.add(q.key)
            out.append(q)
    return out


def when(saved_at: datetime | None, now: datetime | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', or a date."""
    if saved_at is None:
        return "time unknown"
    now = now or datetime.now(timezone.utc)
    if saved_at.tzinfo is None:
        saved_at = saved_at.replace(tzinfo=timezone.utc)
    seconds = (now - saved_at).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
