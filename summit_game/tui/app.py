"""The Textual app: wires the screens together, nothing more.

Flow: Title -> Role (and route) -> Play <-> Consequence -> ... -> Ending
(with its Debrief). Source viewer, Journal, Help, Save and Load open over
any of them. Top-level moves use ``switch_screen`` (the stack stays short);
overlays are pushed.

Startup is kept fast: this module imports only Textual's core and the title
screen; the pack loader (pydantic) and the engine are imported in a thread
after the first frame, while the player reads the title.
"""

from __future__ import annotations

import asyncio
import os
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding

from .catalog import PackEntry, catalog
from .guards import CRASHED, Guarded
from .theme import HIGH_CONTRAST, high_contrast_theme, toggle_high_contrast

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.worker import Worker

    from ..engine import Outcome
    from ..engine.saves import SaveInfo
    from ..pack import Pack, Quote
    from ..serve.config import TabConfig
    from .session import Session


class SummitApp(Guarded, App[int]):
    # The title screen's styles are read with the app's: a screen's own CSS_PATH read later
    # re-parses the whole stylesheet, which would delay the first frame.
    CSS_PATH = ["app.tcss", "screens/title.tcss"]
    TITLE = "summit-game"
    BINDINGS = [
        Binding("f1", "help", "Help", show=False, tooltip="Every key of the game"),
        Binding("f2", "toggle_contrast", "Contrast", show=False, tooltip="Switch the high-contrast theme on or off"),
        Binding("ctrl+s", "save", "Save", show=False, tooltip="Save to a named slot (any screen of a game)"),
        Binding("ctrl+o", "load", "Load", show=False, tooltip="Load a saved game (any screen)"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Quit (the game is autosaved after every choice)"),
    ]

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        # Notices carry pack text and paths (untrusted): never read them as markup, which
        # could crash on '[/]' or turn '[@click=app.quit]' into a live link. (Screens' notify
        # passes markup=True by default, so it is overridden here, for every caller.)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _on_app_blur(self, event: events.AppBlur) -> None:
        if getattr(self._driver, "browser_focused", False):
            # Textual's web driver posts a blur as it starts; a page quick to say it has the focus is read
            # first, and that stale blur would leave the tab with nothing focused: the typed keys unread
            event.prevent_default()

    def __init__(
        self,
        pack_path: Path | None = None,
        role: str | None = None,
        route: str | None = None,
        seed: int | None = None,
        saves: str | None = None,
        packs: list[Path] | None = None,
        team: str = "",
        hide_verdicts: bool = False,
        watch: bool = False,
        entries: list[PackEntry] | None = None,
        served: "TabConfig | None" = None,
        settle_heap: bool = False,
    ) -> None:
        super().__init__()
        # the whole heap collected (and frozen again) as a top-level screen is replaced: only in a
        # process that is the game's own (run_app), never in a test run's or a served tab's fork of
        # the warm parent, whose frozen heap its forks share (see replaced.py)
        self.settle_heap = settle_heap
        # a tab of `summit-game serve`: the team's name first, each team its own saves folder
        self.served = served
        if served is not None:  # its first screen is the team's name, not the title: read its styles with the app's
            self.css_path = [*self.css_path, (Path(__file__).parent / "screens" / "team.tcss").resolve()]
        self.hide_verdicts = hide_verdicts  # the source's verdict on an option only after it is chosen (v)
        self.leaving = False  # exit() was called: input is ignored from then on
        self.register_theme(high_contrast_theme())
        if os.environ.get("TEXTUAL_THEME") == HIGH_CONTRAST:
            self.theme = HIGH_CONTRAST
        if entries is not None:  # the served tabs' warm parent read (and loaded) them once for all
            self.entries: list[PackEntry] = list(entries)
        elif packs is not None:  # tests: a fixed list instead of the bundled packs
            from .catalog import peek

            self.entries = [peek(p) for p in packs]
        else:
            self.entries = catalog(pack_path)
        self.chosen: PackEntry | None = None
        if pack_path is not None:
            resolved = Path(pack_path).resolve()
            self.chosen = next((e for e in self.entries if e.folder.resolve() == resolved), None)
            if served is not None and self.chosen is not None:
                self.entries = [self.chosen]  # `serve PACK`: the room plays that pack
        self.start_role, self.start_route, self.seed = role, route, seed
        self._saves_override = saves
        self.team = team  # play --team NAME: written into the debrief and its JSON record
        self.session: "Session | None" = None
        self.failure: str | None = None  # printed after the app exits (run_app's exit code 1)
        self._previous_theme = "textual-dark"
        self.watch_pack = watch and pack_path is not None  # play PACK --watch: reload it on every edit
        self.watcher = None  # engine.reload.PackWatcher, while watching
        self._reloading = False
        self._opening: "tuple[PackEntry, Worker] | None" = None  # the scenario new_game is opening, and its worker

    # ------------------------------------------------------------ paths

    @property
    def saves_folder(self) -> Path:
        from ..paths import saves_dir

        return saves_dir(self._saves_override)

    @property
    def saves_place(self) -> str:
        """Where saves go, as the player may be told: the folder itself in the local terminal game; a served
        tab's player is on another device and never shown the host's file system (issue 8)."""
        if self.served is not None:
            return "your team's folder on the facilitator's computer"
        return str(self.saves_folder)

    def shown_path(self, path: "Path | str") -> str:
        """A file the game wrote, as the player may be told: its full path locally, its name in a served tab."""
        return Path(path).name if self.served is not None else str(path)

    @property
    def plain_command(self) -> str | None:
        """The command that plays this game as plain text (for the too-small notice): the pack being
        played, its saves folder when one was chosen, and ``--load autosave`` when a game is under way
        (its autosave is written after every decision). None in a served tab: its player has no shell."""
        if self.served is not None:
            return None
        import shlex

        words = ["summit-game", "play", "--plain"]
        session, entry = self.session, self.chosen
        if session is not None:
            entry = next((e for e in self.entries if e.pack is session.pack), None) or entry
            if session.state.history and not session.state.finished:
                words += ["--load", "autosave"]
        if self._saves_override:
            words += ["--saves", shlex.quote(self._saves_override)]
        if entry is not None:
            words.append(entry.folder.name if entry.bundled else shlex.quote(str(entry.folder)))
        return " ".join(words)

    @property
    def default_entry(self) -> PackEntry | None:
        return self.chosen or (self.entries[0] if self.entries else None)

    # ------------------------------------------------------------ start

    def get_default_screen(self) -> "Screen":
        """The title is the app's first screen (pushing it on mount drew the first frame twice).

        Every top-level screen after it replaces it at the bottom of the stack (``show_top``).
        """
        if self.served is not None:  # a served tab: whose game is it? (team_chosen shows the title)
            from .screens.team import TeamScreen

            screen = TeamScreen()
        elif self.start_role is not None and self.default_entry is not None:
            screen = super().get_default_screen()  # `play --role`: straight into the game, no title
        else:
            from .screens.title import TitleScreen

            screen = TitleScreen()
        # A pushed screen carries a result callback, which switch_screen pops when it replaces
        # it; the default screen is not pushed, so it gets the one switch_screen would give it.
        screen._push_result_callback(screen, None)
        return screen

    def on_mount(self) -> None:
        from .heap import resume_after_start

        self.call_after_refresh(resume_after_start)  # the collector, off since `summit-game` began (heap.py)
        self.call_after_refresh(self.set_timer, 0.1, self.read_all_styles)
        if self.served is not None:  # the team's name first (the default screen)
            return
        if self.watch_pack and self.default_entry is not None:
            self.start_watching(self.default_entry.folder)
        if self.start_role is not None and self.default_entry is not None:
            self.run_worker(self._start_direct(self.default_entry), group="flow", exclusive=True)
            return
        if self.chosen is not None:  # `summit-game play PACK`: straight to that pack's roles
            self.run_worker(self._new_game(self.chosen, fatal=not self.chosen.bundled), group="flow", exclusive=True)

    def team_chosen(self, name: str) -> None:
        """A served tab's team is known: its saves folder, then the title (Continue offers its games)."""
        from ..paths import team_saves_dir
        from .screens.title import TitleScreen

        assert self.served is not None
        self.team = name
        self._saves_override = str(team_saves_dir(self.served.saves_root, name))
        self.show_top(TitleScreen())

    async def _start_direct(self, entry: PackEntry) -> None:
        pack = await self.load_pack(entry, fatal=True)
        if pack is None:
            return
        self._start_with_presets(entry, pack)

    def _unknown_preset(self, pack: "Pack", role: bool) -> bool:
        """``--role`` or ``--route`` names nothing in the pack named with it: exit 2 saying so, as
        plain mode does (a pack picked on the title without that route just asks for one)."""
        from ..pack.diagnostics import visible

        if role and self.start_role not in pack.roles:
            what, name, has = "role", self.start_role, pack.roles
        elif self.start_route is not None and self.start_route not in pack.routes:
            what, name, has = "route", self.start_route, pack.routes
        else:
            return False
        self.failure = f"summit-game: unknown {what} '{visible(str(name), formats=True)}'; this pack has: {', '.join(has) or 'none'}"
        self.exit(2)  # bad usage, as in plain mode
        return True

    def _start_with_presets(self, entry: PackEntry, pack: "Pack") -> None:
        if self._unknown_preset(pack, role=True):
            return
        if self.start_route is None and len(pack.routes) > 1:
            from .screens.role import RoleScreen

            self.show_top(RoleScreen(entry, pack, role=self.start_role))
            return
        self.begin(pack, self.start_role, self.start_route or next(iter(pack.routes), None))

    async def load_pack(self, entry: PackEntry, fatal: bool = False) -> "Pack | None":
        """The entry's pack, loaded in a thread; on errors tell the player and return None."""
        if entry.pack is not None:
            return entry.pack
        timer = self.set_timer(0.3, lambda: self.notify(f"Loading {entry.title}…", timeout=2))
        try:
            return await asyncio.to_thread(_load_settled, entry)
        except Exception as exc:  # noqa: BLE001 - PackError, or an OSError reading it
            message = f"{entry.folder} cannot be played: {exc}"
            if fatal:
                from ..pack import PackError
                from ..pack.diagnostics import render

                details = render(exc.diagnostics, "text") + "\n" if isinstance(exc, PackError) else ""
                self.failure = (details + f"cannot play {entry.folder}: the pack has errors "
                                f"(run 'summit-game check {entry.folder}')")
                self.exit(1)
            elif self.served is not None:  # the player is on another device: no host paths, no file excerpts
                from ..pack import PackError

                count = len(exc.diagnostics) if isinstance(exc, PackError) else 1
                self.notify(f"“{entry.title}” cannot be played: its files have {count} "
                            f"error{'s' if count != 1 else ''}. The facilitator can see "
                            f"{'them' if count != 1 else 'it'} with 'summit-game check {entry.folder.name}'.",
                            title="The pack has errors", severity="error", timeout=12)
            else:
                self.notify(message + f"\nRun 'summit-game check {entry.folder}' for every error.",
                            title="The pack has errors", severity="error", timeout=12)
            return None
        finally:
            timer.stop()

    def read_all_styles(self) -> None:
        """Read every screen's styles now, after the first frame, in one reparse of the stylesheet.

        Textual reads a screen's CSS_PATH the first time it is shown and then reparses the
        whole stylesheet and restyles the app: that made the first choice (the first
        consequence screen) half as slow again as the others. Every rule in screens/*.tcss
        is scoped to its screen, so reading them early changes no style.
        """
        folder = Path(__file__).parent / "screens"
        added = False
        for path in sorted(folder.glob("*.tcss")):
            path = path.resolve()  # as Screen.css_path has it
            if not self.stylesheet.has_source(str(path), ""):
                self.stylesheet.read(path)
                added = True
        # So do the widgets those screens mount that the first ones do not: a widget class's
        # DEFAULT_CSS, read as its first instance mounts, reparsed the whole stylesheet then
        # (VerticalScroll made the first choice slower than the others). Textual's own
        # reading of a class's CSS, done early; a test checks no screen adds any later.
        for cls in _later_widget_classes():
            bare = object.__new__(cls)  # _get_default_css only reads the class (its CSS bases)
            for read_from, css, tie_breaker, scope in bare._get_default_css():
                if not self.stylesheet.has_source(*read_from):
                    self.stylesheet.add_source(css, read_from=read_from, is_default_css=True,
                                               tie_breaker=tie_breaker, scope=scope)
                    added = True
        if added:
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    def preload(self, entry: PackEntry | None) -> None:
        """Load a pack in the background (the title screen starts the default one, after its first frame).

        A pack folder named on the command line that is not one of the bundled packs
        must load, or the game stops with its errors (exit code 1), as the CLI promises.
        """
        if entry is None or entry.pack is not None or entry.error is not None:
            return
        if not entry.bundled:
            self.run_worker(self.load_pack(entry, fatal=True), group="preload")
        else:
            self.run_worker(partial(_quiet_load, entry), thread=True, group="preload", exit_on_error=False)

    # ------------------------------------------------------------ game flow

    def new_game(self, entry: PackEntry | None = None) -> None:
        entry = entry or self.default_entry
        if entry is None:
            return
        opening = self._opening
        if opening is not None and opening[0] is entry and not opening[1].is_finished:
            return  # asked for again while it opens (its number, then Enter): restarted, it only began again
        self._opening = (entry, self.run_worker(self._new_game(entry), group="flow", exclusive=True))

    async def _new_game(self, entry: PackEntry, fatal: bool = False) -> None:
        pack = await self.load_pack(entry, fatal=fatal)
        if pack is None:
            return
        if self.served is not None and self.start_role is not None and self.start_role in pack.roles:
            self._start_with_presets(entry, pack)  # serve --role: every new game of every team
            return
        if entry is self.chosen and self._unknown_preset(pack, role=False):
            return
        from .screens.role import RoleScreen

        self.show_top(RoleScreen(entry, pack))

    def begin(self, pack: "Pack", role: str, route: str | None) -> None:
        from ..engine import EngineError
        from .session import Session

        self.flush_saves()
        try:
            session = Session.new(pack, self.saves_folder, role, route, self.seed)
        except EngineError as exc:  # a pack whose check warnings were ignored (an auto-route loop)
            self.notify(f"{exc}. Run 'summit-game check {pack.root}' for details.",
                        title="This pack cannot start", severity="error", timeout=10)
            return
        session.team = self.team
        self.session = session  # autosaved after its first decision: a new game never overwrites progress
        self.show_game()

    def show_game(self) -> None:
        """The play screen, or the ending if the game is over."""
        assert self.session is not None
        if self.session.finished:
            from .screens.ending import EndingScreen

            screen: Screen = EndingScreen()
        else:
            from .screens.play import PlayScreen

            screen = PlayScreen()
        self.show_top(screen)

    def show_top(self, screen: "Screen") -> None:
        """Make ``screen`` the game's one top-level screen, closing any overlay above the current one.

        Flows finish after a pack loads or a save is read: by then the player may have
        opened the help or the palette, and replacing whatever is in front left the
        title under a role screen (found by random input in tmux).

        The screen it replaces lets go of what it held (``replaced.release``).
        """
        while len(self.screen_stack) > 1:  # the top-level screen is the bottom one (the title at first)
            self.workers.cancel_node(self.screen)  # e.g. the palette's search, before its list goes
            self.pop_screen()
        replaced = self.screen
        self.switch_screen(screen)
        if replaced is not screen and not self.is_screen_installed(replaced):
            from .replaced import release

            release(self, replaced, collect=self.settle_heap)  # it is never drawn again: what it holds goes

    def consequence_screen(self, outcome: "Outcome") -> "Screen":
        """The one consequence screen, shown again for every choice.

        It is installed, so popping it keeps it: building a new screen per choice
        (compose, styles, footer) and tearing the old one down cost more than the
        rest of a choice put together.
        """
        screen = self.prepare_consequence_screen()
        if screen.is_mounted:
            screen.show(outcome)  # type: ignore[attr-defined]
        else:  # built ahead and still composing: it shows this outcome as it mounts
            screen.outcome = outcome  # type: ignore[attr-defined]
        return screen

    def prepare_consequence_screen(self) -> "Screen":
        """The consequence screen, built (composed and mounted, not shown) if it is not yet.

        The play screen asks for it while the player reads the first scene, so the first
        choice no longer pays for building it.
        """
        from .screens.consequence import ConsequenceScreen

        if not self.is_screen_installed("consequence"):
            self.install_screen(ConsequenceScreen(None), "consequence")
        screen = self.get_screen("consequence")
        if not screen.is_running:
            self._get_screen(screen)  # Textual's own start of an installed screen, before it is pushed
            # its widgets are styled as they mount: its first push need not restyle them all again
            # (unless the CSS changes before then: see Fitted.on_screen_resume)
            screen._styled_at = self._css_update_count  # type: ignore[attr-defined]
        return screen

    def go_title(self) -> None:
        from .screens.title import TitleScreen

        self.show_top(TitleScreen())

    # ------------------------------------------------------------ saves

    def continue_game(self) -> None:
        self.run_worker(self._continue(), group="flow", exclusive=True)

    def flush_saves(self) -> None:
        """Wait for a background autosave (before reading the saves folder, and on the way out)."""
        if self.session is not None:
            self.session.flush()

    async def action_quit(self) -> None:
        self.flush_saves()
        # A screen pushed and not yet composed (Ctrl+P and Ctrl+Q in one burst) is let finish first:
        # torn down half-built, the command palette's search looked for its list and failed.
        screen = self.screen
        for _ in range(50):
            if screen.is_mounted or screen is not self.screen:
                break
            await asyncio.sleep(0.02)
        self.exit(0)

    async def _continue(self) -> None:
        from ..engine import saves

        self.flush_saves()
        info = await asyncio.to_thread(self.latest_playable)
        if info is None:
            self.notify(f"No saved game yet in {self.saves_place}.", title="Continue")
            return
        await self._load(info)

    def load_save(self, info: "SaveInfo") -> None:
        self.run_worker(self._load(info), group="flow", exclusive=True)

    async def _load(self, info: "SaveInfo") -> None:
        from ..engine.saves import SaveError
        from .session import Session

        self.flush_saves()
        entry = self.entry_for(info.pack_id)
        if entry is None:
            self.notify(f"The save '{info.slot}' is for the pack '{info.pack_id}', which is not installed here.",
                        title="Cannot load", severity="error", timeout=8)
            return
        pack = await self.load_pack(entry)
        if pack is None:
            return
        try:
            session, problem = Session.load(pack, self.saves_folder, info.slot)
        except SaveError as exc:
            self.notify(str(exc), title="Cannot load", severity="error", timeout=8)
            return
        if problem:
            from .screens.confirm import ConfirmScreen

            resume = await self.push_screen_wait(ConfirmScreen(
                "The pack has changed since this save",
                f"Save '{info.slot}': {problem}",
                yes="Resume from there", no="Cancel",
            ))
            if not resume:
                return
        session.team = self.team
        self.session = session
        self.show_game()
        steps = len(session.state.history)
        so_far = f"{steps} decision{'' if steps == 1 else 's'} so far"
        if info.from_backup:  # as plain mode says it: the player lost what the damaged save held
            self.notify(f"Loaded '{info.slot}' from its backup copy: the save itself was damaged ({so_far}).",
                        title="Save damaged", severity="warning", timeout=8)
        else:
            self.notify(f"Loaded '{info.slot}' ({so_far}).", timeout=2)

    def latest_playable(self) -> "SaveInfo | None":
        """The newest undamaged save of a pack this game lists (Continue offers nothing else)."""
        from ..engine import saves

        for info in saves.list_saves(self.saves_folder):
            if not info.damaged and self.entry_for(info.pack_id) is not None:
                return info
        return None

    def entry_for(self, pack_id: str) -> PackEntry | None:
        for e in self.entries:
            if e.id == pack_id:
                return e
        return None

    # ------------------------------------------------------------ play --watch

    def start_watching(self, folder: Path) -> None:
        from ..engine.reload import PackWatcher

        self.watcher = PackWatcher(folder, self.saves_folder, notify=self._changed_in_thread).start()

    def _changed_in_thread(self) -> None:
        try:
            self.call_from_thread(self.pack_changed)
        except Exception:  # noqa: BLE001 - the app is closing
            pass

    def pack_changed(self) -> None:
        """The watched pack's files changed: reload it (in a thread) and carry the game over.

        One reload at a time, never cancelled half-way (it moves screens): a change that
        comes during one is picked up when it ends.
        """
        if not self._reloading:
            self._reloading = True
            self.run_worker(self._reloads(), group="reload")

    async def _reloads(self) -> None:
        try:
            while self.watcher is not None and self.watcher.changed():
                await self._reload()
        finally:
            self._reloading = False

    async def _reload(self) -> None:
        from ..engine.reload import reload_game
        from .screens.pack_errors import PackErrorsScreen

        entry = self.default_entry
        if entry is None:
            return
        session = self.session
        current = session.pack if session is not None else entry.pack
        result = await asyncio.to_thread(reload_game, entry.folder, current,
                                         session.state if session is not None else None)
        showing = self.screen if isinstance(self.screen, PackErrorsScreen) else None
        if not result.ok:
            if showing is not None:
                showing.show(result.error_text())
            else:
                self.push_screen(PackErrorsScreen(str(entry.folder), result.error_text()))
            return
        if showing is not None:
            await self.pop_screen()
        if result.unchanged and not result.problem:
            if showing is not None:
                self.notify("The pack loads again, as it was: you go on where you were.", title="Edited", timeout=3)
            return
        entry.pack, entry.error = result.pack, None
        if session is None:
            self.notify("The pack was reloaded.", title="Edited", timeout=3)
            return
        before = len(session.state.history)
        if result.state is None:  # this game cannot go on in the edited pack: choose again
            self.notify(result.summary(before), title="Edited", severity="warning", timeout=10)
            self.session = None
            while len(self.screen_stack) > 2:
                await self.pop_screen()
            self.new_game(entry)
            return
        assert result.pack is not None
        session.pack, session.state, session.outcomes = result.pack, result.state, list(result.outcomes)
        session.finished_here = False
        session.version += 1
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        if self.is_screen_installed("consequence") and self.get_screen("consequence") not in self.screen_stack:
            self.uninstall_screen("consequence")  # it shows an outcome of the old pack
        if session.finished:
            from .screens.ending import EndingScreen

            await self.switch_screen(EndingScreen())
        else:
            from .screens.play import PlayScreen

            await self.switch_screen(PlayScreen())
        self.notify(result.summary(before), title="Edited",
                    severity="warning" if result.problem else "information", timeout=8 if result.problem else 3)

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    # ------------------------------------------------------------ overlays

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_save(self) -> None:
        from .screens.save import SaveScreen

        if self.session is None:
            self.notify("Start or load a game first.")
        elif not isinstance(self.screen, SaveScreen):
            self.push_screen(SaveScreen())

    def open_load(self) -> None:
        from .screens.load import LoadScreen

        if not isinstance(self.screen, LoadScreen):
            self.push_screen(LoadScreen())

    def action_save(self) -> None:
        self.open_save()

    def action_load(self) -> None:
        self.open_load()

    def toggle_verdicts(self) -> None:
        """Hide or show the source's verdict on each option until after it is chosen."""
        self.hide_verdicts = not self.hide_verdicts

    def open_meters(self) -> None:
        if self.session is None:
            return
        from .screens.meters import MetersScreen

        if not isinstance(self.screen, MetersScreen):
            self.push_screen(MetersScreen())

    def open_journal(self) -> None:
        if self.session is None:
            return
        from .screens.journal import JournalScreen

        self.push_screen(JournalScreen())

    def open_source(self, quotes: "list[Quote]", index: int = 0) -> None:
        if self.session is None:
            return
        from .screens.source import SourceScreen

        self.push_screen(SourceScreen(self.session.pack, quotes, index))

    def action_toggle_contrast(self) -> None:
        toggle_high_contrast(self)

    # ------------------------------------------------------------ command palette

    def get_system_commands(self, screen: "Screen") -> Iterable[SystemCommand]:
        """Textual's own commands, then every shown key of the screen and the app, then the screen's extras."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("High contrast theme", "Switch the high-contrast theme on or off (F2)",
                            self.action_toggle_contrast)
        titles: set[str] = set()
        for command in binding_commands(self, screen):
            titles.add(command.title)
            yield command
        if self.session is not None and "Save" not in titles:
            yield SystemCommand("Save", "Save to a named slot (key: ctrl+s)", self.open_save)
        if "Load" not in titles:
            yield SystemCommand("Load", "Load a saved game (key: ctrl+o)", self.open_load)
        yield from screen_commands(screen)


def screen_commands(screen: "Screen") -> list[SystemCommand]:
    """A screen's own palette entries (its choices, roles...), or none once its widgets are gone.

    The palette asks for them as it opens, which in a burst of input can be just after
    the screen under it closed (found by random input in tmux).
    """
    from textual.css.query import NoMatches

    extra = getattr(screen, "palette_commands", None)
    if extra is None:
        return []
    try:
        return list(extra())
    except NoMatches:
        return []


def binding_commands(app: App, screen: "Screen") -> Iterable[SystemCommand]:
    """A palette entry for each key binding shown in the footer (so every action has both)."""
    seen: set[str] = {"quit", "help", "toggle_contrast", "command_palette"}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.show or not binding.description or not active.enabled or binding.system:
            continue
        action = binding.action.removeprefix("app.")  # a screen's '?' runs app.help: the one Help below
        if action in seen:
            continue
        seen.add(action)
        display = binding.key_display or app.get_key_display(binding)
        help_text = (binding.tooltip or binding.description) + f" (key: {display})"
        yield SystemCommand(binding.description, help_text, partial(app.run_action, binding.action, active.node))
    yield SystemCommand("Help", "Every key of the game (key: ? or F1)", partial(app.run_action, "help"))


def _later_widget_classes() -> list[type]:
    """Widget classes first mounted by screens after the first (consequence, source, save, palette)."""
    from textual.command import CommandInput, CommandList, SearchIcon
    from textual.containers import Horizontal, VerticalScroll
    from textual.screen import ModalScreen
    from textual.widgets import Input, LoadingIndicator

    from .palette import Palette
    from .widgets.source_text import SourceText

    return [VerticalScroll, Horizontal, ModalScreen, Input, SourceText, Palette, SearchIcon, CommandInput,
            CommandList, LoadingIndicator]


def _load_settled(entry: PackEntry) -> "Pack":
    """Load the entry's pack (in a thread), then settle the heap.

    The pack's objects live as long as the game: collect once, then keep them out of every
    later collection (a full collection scanning them fell on the first choice).
    """
    from ..pack.loader import freeze_heap

    pack = entry.load()
    freeze_heap()
    return pack


def _quiet_load(entry: PackEntry) -> None:
    try:
        _load_settled(entry)
    except Exception:  # noqa: BLE001 - reported when the player picks the pack
        return


def crash_message(app: SummitApp) -> str:
    """What the player reads after a crash: that it was one, and where their game is."""
    lines = ["summit-game: the game stopped on an internal error (a bug; the details are above)."]
    session = app.session
    note = session.last_autosave if session is not None else None
    if note is not None and note.path is not None and not note.error:
        lines.append(f"Your last decision is in the autosave {note.path}: Continue on the title screen goes on from it.")
    elif note is not None and note.error:
        lines.append(f"The last autosave failed: {note.error}")
    return "\n".join(lines)


def run_app(pack_path: Path, role: str | None = None, route: str | None = None,
            seed: int | None = None, saves: str | None = None, team: str = "", hide_verdicts: bool = False,
            watch: bool = False) -> int:
    """Run the game in the terminal; the exit code for the CLI."""
    from .heap import paced_collector

    app = SummitApp(pack_path=Path(pack_path) if pack_path else None, role=role, route=route, seed=seed, saves=saves,
                    team=team, hide_verdicts=hide_verdicts, watch=watch, settle_heap=True)
    with paced_collector():
        result = app.run()
    try:
        app.flush_saves()
    except Exception:  # noqa: BLE001 - the autosave's own failure is in last_autosave
        pass
    if app.return_code:  # Textual stopped on an unhandled error (it printed the traceback above)
        print(crash_message(app), file=sys.stderr)
        return CRASHED
    if app.failure:
        print(app.failure, file=sys.stderr)
        return result if isinstance(result, int) and result else 1
    return result if isinstance(result, int) else 0
