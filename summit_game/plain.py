"""Plain mode: the same game as lines of text, numbered choices on standard input.

This is the path for screen-reader and braille users and for scripts:

    printf '1\\n2\\n1\\n' | summit-game play --plain --role east --seed 3 tutorial

No box drawing, no colour, no cursor movement: every line is a sentence or
a numbered item. It drives the same engine API as the TUI.
"""

from __future__ import annotations

import queue
import random
import re
import sys
import textwrap
import threading
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import engine as E
from .engine import debrief, saves
from .engine.record import record_path
from .pack.attribution import PARAGRAPH, quote_label, reported_heading
from .pack.citations import Quote
from .pack.compiled import Pack
from .pack.diagnostics import visible
from .pack.suggest import unknown_id
from .paths import saves_dir
from .output import Out, OutputFailed, silence
from .text import strip_emphasis

if TYPE_CHECKING:
    from .engine.reload import PackWatcher

HELP = """Commands: type a choice's number and press Enter.
  c N  what the source says about choice N, before you choose
  v  hide or show the source's verdict on each option until after you choose
  j  journal: every decision so far
  s  save (s NAME saves to a named slot; NAME is 1-32 of a-z 0-9 - _)
  m  meters, and what each stands for in the game's model
  h  this help
  q  quit (the game is autosaved after every decision; go on later with
     summit-game play --plain --load autosave PACK: quitting shows the line)"""




_NUMBER = re.compile(r"[0-9]{1,6}\Z")  # ASCII digits only: int() refuses '²', which isdigit() accepts
EXIT_INPUT_ENDED = 3  # scripts can tell a cut-off game from a finished one
EXIT_INTERRUPTED = 130  # Ctrl+C, as the shell reports a SIGINT
EXIT_OUTPUT_FAILED = 1  # the game's text could not be written (a full disk, ``> /dev/full``)


def fill(text: str, width: int, **kw) -> str:
    """Wrap at spaces only: a URL, a licence or a hyphenated name is never cut, so it copies and pastes whole."""
    return textwrap.fill(text, width, break_on_hyphens=False, break_long_words=False, **kw)


class _Quit(Exception):
    pass


class _Reload(Exception):
    """The pack's files changed while the game waited for input (play --watch)."""


#: the most of an answer shown after its prompt, when the input is not a terminal
ECHO_AT_MOST = 200


def _echoed(line: str) -> str:
    """An answer read from piped input, as the transcript shows it after its prompt: its control and format
    characters written out (an escape sequence in the input must not act on the terminal, nor an override
    reorder the line), and a very long one cut."""
    text = visible(line.removesuffix("\n"), formats=True)
    if len(text) > ECHO_AT_MOST:
        text = text[:ECHO_AT_MOST] + f"… ({len(text) - ECHO_AT_MOST:,} more characters)"
    return text


class _Lines:
    """Standard input read by a thread, so the game can wait for a line or a change of the pack at once."""

    def __init__(self, inp: TextIO):
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(inp,), name="summit-stdin", daemon=True)
        self._thread.start()

    def _read(self, inp: TextIO) -> None:
        while True:
            try:
                line = inp.readline()
            except (OSError, ValueError):
                line = ""
            self._queue.put(line)
            if not line:
                return

    def get(self, watcher: "PackWatcher") -> str:
        """The next line ('' at the end of input); raises _Reload when the pack changes first."""
        while True:
            if watcher.wait(0):
                raise _Reload
            try:
                return self._queue.get(timeout=0.2)
            except queue.Empty:
                continue


class Plain:
    def __init__(self, pack: Pack, out: TextIO, inp: TextIO, saves_folder: Path, width: int = 78, team: str = "",
                 hide_verdicts: bool = False, watcher: "PackWatcher | None" = None):
        self.pack = pack
        self.team = team
        self.hide_verdicts = hide_verdicts  # the source's verdict on an option only after it is chosen
        self.out = Out(out)
        self.inp = inp
        self.folder = saves_folder
        self.width = width
        self.outcomes: list[E.Outcome] = []
        # this game's own autosave (never another game's), and whether the last write of it worked
        self.autosave_name = saves.autosave_slot(pack.id, saves.new_game_id())
        self.autosaved: bool | None = None  # None: nothing to save yet
        self.went_on_from: str | None = None  # the autosave this game continues (removed once its own is written)
        self.loaded_from: str | None = None
        self.watcher = watcher  # play --watch: edits to the pack reload it while playing
        self._lines = _Lines(inp) if watcher is not None else None

    # -- output helpers
    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def para(self, text: str, indent: str = "") -> None:
        text = strip_emphasis(text)
        for block in text.strip().split("\n\n"):
            lines = [ln.strip() for ln in block.splitlines()]
            if all(ln.startswith(("- ", "* ")) or not ln for ln in lines):
                for ln in lines:
                    if ln:
                        self.say(indent + ln)
            else:
                self.say(fill(" ".join(ln for ln in lines if ln), self.width, initial_indent=indent,
                                       subsequent_indent=indent))
            self.say()

    def quote(self, q: Quote, indent: str = "") -> None:
        label = quote_label(self.pack, q, paragraph=PARAGRAPH)
        self.say(fill(f'{label}: "{" ".join(q.quote.split())}"', self.width,
                      initial_indent=indent, subsequent_indent=indent))
        if q.note:
            pad = indent + "  "
            self.say(fill(f"Note, in the game's voice: {q.note}", self.width, initial_indent=pad, subsequent_indent=pad))

    def ask(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        if self._lines is not None and self.watcher is not None:
            try:
                line = self._lines.get(self.watcher)
            except _Reload:
                self.out.write("\n")
                raise
        else:
            line = self.inp.readline()
        if not line:
            raise EOFError
        if not self.inp.isatty():  # the answer read, shown after its prompt: written out, never acted on
            self.out.write(_echoed(line) + "\n")
        return line.strip()

    def pick(self, prompt: str, items: list[str]) -> int:
        for i, item in enumerate(items, 1):
            self.say(f"{i}. {item}")
        while True:
            answer = self.ask(f"{prompt} (1-{len(items)}): ")
            if answer.lower() in ("q", "quit"):
                raise _Quit
            if _NUMBER.match(answer) and 1 <= int(answer) <= len(items):
                return int(answer) - 1
            self.say(f"Please type a number from 1 to {len(items)}, or q to quit.")

    # -- game
    def intro(self) -> None:
        m = self.pack.manifest
        self.say(f"{m.title} (version {m.version})")
        self.say()
        if m.summary:
            self.para(m.summary)
        if m.content_note:
            self.para("Content note: " + m.content_note)
        if self.pack.as_of:
            self.para(self.pack.as_of)
        for s in self.pack.sources.values():
            self.say(fill("Source: " + s.reference(), self.width))
            self.say(fill("Licence: " + s.model.licence, self.width))
        self.say()
        self.say("Type h at any prompt for help.")
        self.say()

    def choose_role(self, role: str | None) -> str:
        if role is not None:
            return role
        roles = list(self.pack.roles.values())
        if len(roles) == 1:
            return roles[0].id
        self.say("Choose your role:")
        i = self.pick("Role", [r.title for r in roles])
        return roles[i].id

    def choose_route(self, route: str | None) -> str | None:
        if route is not None or not self.pack.routes:
            return route
        routes = list(self.pack.routes.values())
        self.say("Choose how long to play:")
        i = self.pick("Route", [f"{r.title}: {r.summary}" if r.summary else r.title for r in routes])
        return routes[i].id

    def meters(self, state: E.State) -> None:
        self.say("Meters: the game's model of where things stand, not a measurement.")
        for name, v in self.pack.variables.items():
            if v.show:
                value = state.values[name]
                if v.kind == "meter":
                    good = v.good_for_role(state.role)
                    better = {"high": ", higher is better for your side",
                              "low": ", lower is better for your side"}.get(good, "")
                    self.say(f"{v.label}: {value} of {v.max}{better}")
                else:
                    self.say(f"{v.label}: {'yes' if value else 'no'}")
                if v.description.strip():
                    pad = "  "
                    self.say(fill(" ".join(v.description.split()), self.width,
                                           initial_indent=pad, subsequent_indent=pad))
        self.say()

    def scene(self, state: E.State) -> None:
        scene = E.current_scene(self.pack, state)
        assert scene is not None
        self.say(f"Decision {len(state.history) + 1}. {scene.title}")
        where = " - ".join(x for x in (scene.location, scene.speaker) if x)
        if where:
            self.say(where)
        self.say()
        text = scene.text_for(state.role)
        if text:
            self.para(text)
        for q in scene.cite:
            self.quote(q)
        if scene.cite:
            self.say()

    def journal(self) -> None:
        if not self.outcomes:
            self.say("No decisions yet.")
        for i, o in enumerate(self.outcomes, 1):
            self.say(f"{i}. {o.scene_title}: {o.label}")
            if o.text:
                self.para(o.text, indent="   ")
        self.say()

    def show_outcome(self, o: E.Outcome) -> None:
        self.say()
        self.say(f"You chose: {o.label}")
        if o.text.strip():
            self.say("What followed, in the game's model:")
            self.para(o.text)
        for c in o.changes:
            if c.kind == "meter":
                word = ""
                if c.good != "none" and c.delta:
                    word = ", better" if (c.delta > 0) == (c.good == "high") else ", worse"
                self.say(f"{debrief.change_words(c.label, c.before, c.after)} ({c.delta:+d}{word})")
            else:
                self.say(debrief.change_words(c.label, c.before, c.after))
        for clamp in o.clamped:
            self.say(fill(clamp.describe(), self.width))
        if o.changes or o.clamped:
            self.say()
        if o.result_cite:
            self.say("Quoted with this outcome:")
        for q in o.result_cite:
            self.quote(q)
        if o.result_cite:
            self.say()
        if self.hide_verdicts and o.choice_cite:
            self.say(f"What the {self.pack.source_kind} says about the option you chose:")
            for q in o.choice_cite:
                self.quote(q)
            self.say()

    def save(self, state: E.State, slot: str) -> None:
        try:
            path = saves.save_game(self.folder, saves.check_manual_slot(slot), self.pack, state)
            self.say(f"Saved to {path}")
        except saves.SaveError as exc:
            self.say(f"Not saved: {exc}")

    def turn(self, state: E.State) -> E.State:
        self.scene(state)
        opts = E.options(self.pack, state)
        if not any(o.available for o in opts):  # a dead end the pack's check warned about (SG102)
            for o in opts:
                self.say(f"{o.number}. {o.label} (unavailable: {o.reason})")
            raise E.EngineError(f"no choice is available to the {state.role} role in scene '{state.scene}'")
        for o in opts:
            line = f"{o.number}. {o.label}"
            if not o.available:
                line += f" (unavailable: {o.reason})"
            self.say(line)
        while True:
            answer = self.ask(f"Your choice (1-{len(opts)}; c N: the {self.pack.source_kind} on choice N; h: help): ")
            low = answer.lower()
            if low in ("q", "quit"):
                raise _Quit
            if low in ("h", "help", "?"):
                self.say(HELP)
                continue
            if low == "j":
                self.journal()
                continue
            if low == "v":
                self.hide_verdicts = not self.hide_verdicts
                self.say(f"The {self.pack.source_kind}'s verdict on each option is now "
                         + ("hidden until after you choose." if self.hide_verdicts else "shown before you choose (c N)."))
                continue
            if low.startswith("c") and _NUMBER.match(low[1:].strip()):
                n = int(low[1:].strip())
                if 1 <= n <= len(opts) and self.hide_verdicts:
                    self.say(f"The {self.pack.source_kind}'s verdict on each option is hidden until after you "
                             "choose; it is shown with the consequence. (Type v to show verdicts before choosing.)")
                elif 1 <= n <= len(opts):
                    self.say(f"On choice {n}, {opts[n - 1].label}:")
                    for q in opts[n - 1].cite:
                        self.quote(q)
                    if not opts[n - 1].cite:
                        self.say(f"The {self.pack.source_kind} says nothing about this choice directly.")
                    self.say()
                else:
                    self.say(f"There is no choice {n}: type c and a number from 1 to {len(opts)}.")
                continue
            if low == "c" or (low.startswith("c ") and not low[2:].strip().isdigit()):
                self.say(f"Type c and a choice's number: c 1 for what the {self.pack.source_kind} says about "
                         "choice 1.")
                continue
            if low == "m":
                self.meters(state)
                continue
            if low == "s" or low.startswith("s "):
                self.save(state, answer[2:].strip() or "quicksave")
                continue
            if _NUMBER.match(answer) and 1 <= int(answer) <= len(opts):
                opt = opts[int(answer) - 1]
                if not opt.available:
                    self.say(f"That choice is unavailable: {opt.reason}")
                    continue
                state, outcome = E.choose(self.pack, state, opt.id)
                self.outcomes.append(outcome)
                self.show_outcome(outcome)
                self.save_quietly(state)
                return state
            self.say(f"Please type a number from 1 to {len(opts)}, or h for help.")

    def save_quietly(self, state: E.State) -> None:
        try:
            saves.save_game(self.folder, self.autosave_name, self.pack, state)
        except saves.SaveError as exc:
            self.autosaved = False
            self.say(f"(Autosave failed: {exc})")
            return
        first, self.autosaved = self.autosaved is None, True
        if first:
            try:
                if self.went_on_from:
                    saves.remove_save(self.folder, self.went_on_from)
                saves.prune_autosaves(self.folder, self.pack.id, spare=self.autosave_name)
            except saves.SaveError:
                pass  # tidying up never stops the game
            self.went_on_from = None

    def where_saved(self) -> str:
        """The end of a goodbye: where the last decision is, truthfully."""
        if self.autosaved:
            return "your last decision is in the autosave."
        if self.autosaved is False:
            return "the last autosave failed (see above), so the last decisions are not saved."
        if self.loaded_from:
            return f"nothing new to save; the game is still in the save '{self.loaded_from}'."
        return "there was no decision to save."

    def go_on(self) -> str:
        """After a goodbye with the last decision in the autosave: the command that goes on from it."""
        if not self.autosaved:
            return ""
        import shlex

        from .pack.bundled import resolve_pack

        root = Path(self.pack.root)
        pack = self.pack.id if resolve_pack(self.pack.id).resolve() == root.resolve() else str(root)
        where = "" if saves_dir().resolve() == self.folder.resolve() else f" --saves {shlex.quote(str(self.folder))}"
        return f" To go on later: summit-game play --plain --load autosave{where} {shlex.quote(pack)}"

    def ending(self, state: E.State) -> None:
        d = debrief.build(self.pack, state, self.outcomes, self.team)
        self.say(f"Ending: {d.ending_title}")
        self.say()
        if d.as_of:
            self.para(d.as_of)
        if d.ending_text:
            self.para("The game's model, how it ends: " + d.ending_text)
        for q in d.ending_cite:
            self.quote(q)
        self.say()
        self.say("Debrief")
        self.say()
        self.say("The path you took:")
        kind = self.pack.source_kind
        for dec in d.decisions:
            self.say(f"{dec.number}. {dec.scene_title}: {dec.label}")
            if dec.argued:
                self.say(f"   What the {kind} argued:")
            for q in dec.argued:
                self.quote(q, indent="   ")
            if dec.reported:
                self.say(f"   {reported_heading(kind)} (others' words, not the {kind}'s argument):")
            for q in dec.reported:
                self.quote(q, indent="   ")
            if dec.consequence.strip():
                self.para("The game's model: " + dec.consequence.strip(), indent="   ")
            for line in dec.clamped:
                self.say(fill(line, self.width, initial_indent="   ", subsequent_indent="   "))
        self.say()
        if d.meter_rows:
            self.say("Where things stood, start to end (the game's model, not a measurement):")
            for r in d.meter_rows:
                direction = debrief.direction_words(r.good)
                self.say(debrief.change_words(r.label, r.start, r.final) + (f" ({direction})" if direction else ""))
            self.say()
        self.say("Discussion questions:")
        for i, q in enumerate(d.questions, 1):
            self.say(fill(f"{i}. {q}", self.width, subsequent_indent="   "))
        self.say()
        try:
            path = debrief.export_debrief(self.folder, self.pack, state, self.outcomes, team=self.team)
            self.say(f"Debrief saved to {path}")
            self.say(f"Its record (for summit-game compare) is {record_path(path)}")
        except OSError as exc:
            self.say(f"The debrief could not be saved to {self.folder}: {exc.strerror or exc}")

    def resume(self, slot: str) -> E.State:
        if slot == saves.AUTOSAVE:  # the newest autosave of this pack's games (its .bak if it is damaged)
            info = saves.latest_autosave(self.folder, self.pack.id)
            if info is None:
                damaged = saves.damaged_autosaves(self.folder, self.pack.id)
                if damaged:  # there is one: 'there is none' sent the player looking for the wrong thing
                    raise saves.SaveError(f"there is no readable autosave of the pack '{self.pack.id}' in "
                                          f"{self.folder}: {damaged[0].problem}")
                raise saves.SaveError(f"there is no autosave of the pack '{self.pack.id}' in {self.folder}")
            slot = info.slot
        loaded = saves.load_game(self.folder, slot, self.pack)
        self.loaded_from = slot
        if saves.is_autosave(slot) and not loaded.problem:
            self.went_on_from = slot
        self.outcomes = list(loaded.outcomes)
        r = self.pack.roles[loaded.state.role]
        route = self.pack.routes.get(loaded.state.route) if loaded.state.route else None
        n = len(loaded.outcomes)
        self.say(f"Going on with the saved game '{slot}': {r.title}" + (f", {route.title}" if route else "")
                 + f", after {n} decision{'' if n == 1 else 's'}.")
        if loaded.from_backup:
            self.say("(The save was damaged; its backup was used.)")
        if loaded.problem:
            self.say(loaded.problem)
        self.say()
        return loaded.state

    def begin(self, role: str | None, route: str | None, seed: int | None) -> E.State:
        """Ask for what the command line left open (role, route) and start the game."""
        while True:
            try:
                role_id = self.choose_role(role if role in self.pack.roles else None)
                route_id = self.choose_route(route if route in self.pack.routes else None)
                break
            except _Reload:
                self.reload(None)
        if seed is None:
            seed = random.SystemRandom().randrange(1_000_000)
        state = E.start(self.pack, role_id, seed, route_id)
        r = self.pack.roles[role_id]
        self.say(f"You are: {r.title}. Seed {seed} (replay this game with --seed {seed}).")
        if self.team:
            self.say(f"Team: {self.team}.")
        self.say()
        self.para(r.briefing)
        return state

    def reload(self, state: E.State | None) -> E.State | None:
        """The pack's files changed: load it again and replay the game on it (play --watch).

        While the pack has errors, show them and wait for the next edit (q quits).
        Returns the replayed state (None when there was no game, or it cannot go on).
        """
        from .engine.reload import reload_game

        assert self.watcher is not None
        broken = False
        while True:
            self.watcher.changed()
            result = reload_game(self.pack.root, self.pack, state)
            if result.ok:
                break
            broken = True
            self.say("The pack changed, and now it has errors:")
            self.say(result.error_text())
            self.say("Fix them and save: the game goes on when the pack loads again. (q to quit)")
            self.wait_for_fix()
        assert result.pack is not None
        before = len(state.history) if state is not None else 0
        if result.unchanged and not result.problem:
            self.say("The pack loads again, as it was: you go on where you were." if broken
                     else "(The pack's files changed, but not what it says.)")
            self.say()
            return state
        self.pack = result.pack
        if state is None:
            self.say("The pack was reloaded.")
            self.say()
            return None
        self.say(result.summary(before))
        self.say()
        if result.state is None:
            return None
        self.outcomes = list(result.outcomes)
        return result.state

    def wait_for_fix(self) -> None:
        """Wait for the next edit of the pack; a line typed meanwhile is answered (q quits)."""
        assert self._lines is not None and self.watcher is not None
        while True:
            try:
                line = self._lines.get(self.watcher)
            except _Reload:
                return
            if not line:
                raise EOFError
            if line.strip().lower() in ("q", "quit"):
                raise _Quit
            self.say("The pack still has errors: fix them and save (q to quit).")

    def run(self, role: str | None, route: str | None, seed: int | None, load: str | None = None) -> int:
        self.intro()
        try:
            state = self.resume(load) if load is not None else self.begin(role, route, seed)
            while not state.finished:
                try:
                    state = self.turn(state)
                except _Reload:
                    replayed = self.reload(state)
                    if replayed is None:  # the game cannot go on in the edited pack: a new one
                        self.outcomes = []
                        replayed = self.begin(None, None, None)
                    state = replayed
            self.ending(state)
            return 0
        except _Quit:
            self.say(f"Goodbye: {self.where_saved()}{self.go_on()}" if self.outcomes else "Goodbye.")
            return 0
        except EOFError:
            self.say()
            self.say("Input ended before the game did"
                     + (f"; {self.where_saved()}{self.go_on()}" if self.outcomes else "."))
            return EXIT_INPUT_ENDED
        except KeyboardInterrupt:  # Ctrl+C at a prompt: said like the other ways out, with where the game is
            self.say()
            self.say("Stopped (Ctrl+C)" + (f": {self.where_saved()}{self.go_on()}" if self.outcomes else "."))
            return EXIT_INTERRUPTED
        except saves.SaveError as exc:
            self.say(f"Cannot go on with that save: {exc}")
            return 1
        except E.EngineError as exc:  # a pack whose warnings were ignored (e.g. an auto-route loop)
            self.say(f"The game cannot go on: {exc}. Run 'summit-game check {self.pack.root}' for details.")
            return 1


def run_plain(pack: Pack, role: str | None = None, route: str | None = None, seed: int | None = None,
              saves: str | None = None, out: TextIO | None = None, inp: TextIO | None = None,
              load: str | None = None, team: str = "", hide_verdicts: bool = False, watch: bool = False) -> int:
    if role is not None and role not in pack.roles:
        print(f"summit-game: {unknown_id('role', role, visible(role, formats=True), pack.roles)}", file=sys.stderr)
        return 2
    if route is not None and route not in pack.routes:
        print(f"summit-game: {unknown_id('route', route, visible(route, formats=True), pack.routes)}", file=sys.stderr)
        return 2
    folder = saves_dir(saves)
    watcher = None
    if watch:
        from .engine.reload import PackWatcher

        watcher = PackWatcher(pack.root, folder).start()
    out = out or sys.stdout
    game = Plain(pack, out, inp or sys.stdin, folder, team=team, hide_verdicts=hide_verdicts,
                 watcher=watcher)
    try:
        return game.run(role, route, seed, load)
    except OutputFailed as exc:
        silence(out)
        saved = f" The game stopped; {game.where_saved()}" if game.outcomes else " The game stopped."
        print(f"summit-game play: the game's text could not be written to {exc.stream}: {exc.reason}.{saved}",
              file=sys.stderr)
        return EXIT_OUTPUT_FAILED
    finally:
        if watcher is not None:
            watcher.stop()


__all__ = ["run_plain", "Plain", "HELP"]

