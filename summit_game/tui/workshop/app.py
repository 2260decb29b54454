"""``summit-game workshop``: the projector. A room plays one game on one screen.

Flow: Role (the room chooses whom it plays, unless ``--role``) -> Vote (the
decision, its options, the countdown, the join box) -> Reveal (the split, the
consequence in the game's model, the article on every option) -> Vote ... ->
Ending (the room's debrief, written to the saves folder).

The room model (``summit_game.workshop.room``) holds the votes, hands and timer;
the voting server (``summit_game.workshop.server``) runs inside this app's own
event loop, started on mount (phones that join at the role choice wait in the
``Lobby``, and the room takes them in with the same PIN) and stopped on the way out. The
record is written by the room after every decision, so a crash or Ctrl+C loses
no decision, and ``--resume`` goes on from it. The app only wires screens.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding

from ..guards import CRASHED, Guarded
from ..theme import HIGH_CONTRAST, high_contrast_theme, toggle_high_contrast

if TYPE_CHECKING:
    from textual.screen import Screen

    from ...lan import Listen
    from ...pack import Pack
    from ...workshop.debrief import Written
    from ...workshop.door import Lobby
    from ...workshop.room import Event, Room

TICK = 0.25  # seconds between looks at the clock (the countdown and the timer's expiry)
FROM_RECORD = "record"  # seconds=FROM_RECORD: a resumed room keeps the vote length it was started with


class WorkshopApp(Guarded, App[int]):
    CSS_PATH = ["../app.tcss", "workshop.tcss"]
    TITLE = "summit-game workshop"
    BINDINGS = [
        Binding("f1", "help", "Help", show=False, tooltip="Every key of the projector"),
        Binding("f2", "toggle_contrast", "Contrast", show=False, tooltip="Switch the high-contrast theme on or off"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True,
                tooltip="Quit (the room's record is written after every decision: --resume goes on)"),
    ]

    def __init__(
        self,
        pack: "Pack",
        *,
        role: str | None = None,
        route: str | None = None,
        seconds: float | None | str = 60,
        seed: int | None = None,
        listen: "Listen | None" = None,
        port: int = 0,
        phones: bool = True,
        saves: str | Path | None = None,
        resume: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        pin: str | None = None,
        extend_by: float = 30,
    ) -> None:
        super().__init__()
        self.register_theme(high_contrast_theme())
        self.theme = HIGH_CONTRAST  # a projector: white on black, yellow accents
        self._previous_theme = "textual-dark"
        self.pack = pack
        self.start_role, self.route, self.seconds, self.seed = role, route, seconds, seed
        self.listen = listen
        self.port = port
        self.phones = phones
        self._saves_override = saves
        self.resume_from = resume
        self.clock = clock
        self.pin = pin
        self.extend_by = extend_by
        self.room: "Room | None" = None
        self.lobby: "Lobby | None" = None  # before the game starts: phones can join while the room chooses
        self.server = None
        self.qr: list[str] | None = None
        self.failure: str | None = None  # printed after the app exits
        self.notice: str | None = None  # said once the first screen is up (which record it resumed)
        self._unsubscribe: Callable[[], None] | None = None
        self._written = None  # the debrief files, once written
        self.note_seen = False  # the pack's content note has been on the projector (on the role choice)

    # ------------------------------------------------------------ paths

    @property
    def saves_folder(self) -> Path:
        from ...paths import saves_dir

        return saves_dir(self._saves_override)

    # ------------------------------------------------------------ start

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        # pack text and paths are untrusted: never markup
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    async def on_mount(self) -> None:
        self.set_interval(TICK, self.tick)
        if self.resume_from is not None:
            await self._resume(self.resume_from)
            return
        if self.phones:  # the voting page opens now: a phone that joins at the role choice waits there
            from ...workshop.door import Door, Lobby

            self.lobby = Lobby(self.pack, Door(self.clock, self.pin))
            if self.server is None:  # (a test may have put a stand-in there)
                await self._start_server(self.lobby)
            if self.failure:
                return
        if self.start_role is not None:
            await self.begin(self.start_role)
            return
        from .role import RoomRoleScreen

        self.note_seen = True  # the role choice shows it
        self.push_screen(RoomRoleScreen(self.pack, self.route))

    async def _resume(self, path: Path) -> None:
        from ...workshop import record as R
        from ...workshop.room import Room

        try:
            room = Room.resume(path, self.pack, clock=self.clock, pin=self.pin,
                               **({"seconds": self.seconds} if self.seconds != FROM_RECORD else {}))
        except R.RecordError as exc:
            self.failure = f"summit-game workshop: cannot resume {path}: {exc}"
            self.exit(1)
            return
        n = len(room.results)
        self.notice = f"Resumed {path} after {n} decision{'' if n == 1 else 's'}."
        await self._run_room(room)
        self.notify(self.notice, title="The workshop goes on", timeout=8)

    async def begin(self, role: str) -> None:
        """The room has chosen whom it plays: open the first decision, the voting page and the record."""
        from ...engine import EngineError
        from ...workshop import record as R
        from ...workshop.room import Room

        try:
            seconds = 60 if self.seconds == FROM_RECORD else self.seconds
            room = Room.new(self.pack, role, route=self.route, seed=self.seed, seconds=seconds,
                            clock=self.clock, pin=self.pin, record_path=R.default_path(self.saves_folder, self.pack.id),
                            door=self.lobby.door if self.lobby is not None else None)  # the phones that waited
        except EngineError as exc:
            self.failure = f"summit-game workshop: {exc}"
            self.exit(2)
            return
        await self._run_room(room)

    async def _run_room(self, room: "Room") -> None:
        self.room = room
        self._unsubscribe = room.subscribe(self._on_room_event)
        if self.phones and self.server is None:
            await self._start_server(room)
        elif self.server is not None:
            self.server.room = room
        self.show_room(push=not self.screen_stack or len(self.screen_stack) <= 1)

    async def _start_server(self, room: "Room | Lobby") -> None:
        from ...workshop.server import ServerError, VoteServer

        server = VoteServer(room, self.listen, self.port)
        try:
            await server.start()
        except ServerError as exc:
            self.failure = f"summit-game workshop: {exc}"
            self.exit(1)
            return
        self.server = server
        self.qr = _qr_lines(server.join_url)

    async def on_unmount(self) -> None:
        await self.stop_server()

    async def stop_server(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            await server.stop()

    # ------------------------------------------------------------ the room's screens

    def show_room(self, push: bool = False) -> None:
        """The screen for the room's phase: vote (open or tie), reveal (played), ending (ended)."""
        from ...workshop.room import Phase

        room = self.room
        assert room is not None
        if room.phase == Phase.ENDED:
            from .ending import RoomEndingScreen

            screen: Screen = RoomEndingScreen()
        elif room.phase == Phase.PLAYED:
            from .reveal import RevealScreen

            screen = RevealScreen()
        else:
            from .vote import VoteScreen

            screen = VoteScreen()
        # A vote's timer or a phone can move the room on while the facilitator has the
        # palette, the QR code or the hands dialog open: close them first, so nothing is
        # left above the new screen (a palette left over dismissed a screen no longer
        # there, found by random input in tmux).
        while len(self.screen_stack) > 2:  # Textual's default screen, then the room's one
            self.workers.cancel_node(self.screen)  # e.g. the palette's search, before its list goes
            self.pop_screen()
        if push or len(self.screen_stack) < 2:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    @property
    def shown_pin(self) -> str:
        """The PIN phones type (the lobby's, then the room's: the same one)."""
        served = self.room or self.lobby
        return served.pin if served is not None else ""

    def tick(self) -> None:
        room = self.room
        if room is None:
            if self.lobby is not None:  # the role choice: how many phones wait
                self.lobby.tick()
                self.redraw_room(self.screen)
            return
        room.tick()  # may close the vote (the event moves the screen on)
        self.redraw_room(self.screen)

    def redraw_room(self, screen: "Screen") -> None:
        """``screen`` redraws what changed in the room, if it shows the room. The tick and a phone's
        vote come at any time: as the projector quits (or once the screen has closed) its widgets are
        going, and the redraw stops quietly at the first one gone, as the screen's own late work does
        (a resize as Ctrl+Q tore the vote down: 'NoMatches Options')."""
        refresh = getattr(screen, "refresh_room", None)
        if refresh is not None:
            with screen.unless_gone():  # type: ignore[attr-defined]
                refresh()

    def _on_room_event(self, event: "Event") -> None:
        # called synchronously by the room (from a key, a phone's request or the tick)
        if event.kind in ("tie", "played", "ended", "opened"):
            self.call_later(self._phase_changed, event.kind)
        elif event.kind == "saved" and event.detail.get("error"):
            self.call_later(self.notify, str(event.detail["error"]), title="The record could not be written",
                            severity="error", timeout=15)
        elif hasattr(self.screen, "refresh_room"):
            self.call_later(self.redraw_room, self.screen)

    def _phase_changed(self, kind: str) -> None:
        from .vote import VoteScreen

        if kind == "tie" and isinstance(self.screen, VoteScreen):
            self.redraw_room(self.screen)
            return
        if kind in ("played", "opened", "ended"):
            want = {"played": "RevealScreen", "opened": "VoteScreen", "ended": "RoomEndingScreen"}[kind]
            if type(self.screen).__name__ != want:
                self.show_room()

    # ------------------------------------------------------------ keys the app shares

    async def action_quit(self) -> None:
        await self.stop_server()
        self.exit(0)

    def action_help(self) -> None:
        from .help import WorkshopHelpScreen

        if not isinstance(self.screen, WorkshopHelpScreen):
            self.push_screen(WorkshopHelpScreen())

    def action_toggle_contrast(self) -> None:
        toggle_high_contrast(self)

    def get_system_commands(self, screen: "Screen") -> Iterable[SystemCommand]:
        """Textual's own commands, every key shown in the footer, then the screen's extras (the options)."""
        from ..app import binding_commands, screen_commands

        yield from super().get_system_commands(screen)
        yield SystemCommand("High contrast theme", "Switch the high-contrast theme on or off (F2)",
                            self.action_toggle_contrast)
        for command in binding_commands(self, screen):
            if command.title != "Help":  # the game's help screen is not the projector's
                yield command
        yield SystemCommand("Help", "Every key of the projector (key: ? or F1)", self.action_help)
        yield from screen_commands(screen)


def _qr_lines(url: str) -> list[str]:
    from ...workshop.qr import qr_lines

    return qr_lines(url)


GO_ON = "summit-game workshop --resume"


def run_workshop(pack: "Pack", go_on: str = GO_ON, **kwargs) -> int:
    """Run the projector; then say where the room's files are. ``go_on`` is the command that resumes this
    room (the saves folder, the pack and the phones' address given as this run was)."""
    app = WorkshopApp(pack, **kwargs)
    result = app.run()
    if app.return_code:  # Textual stopped on an unhandled error (it printed the traceback above)
        lines = ["summit-game workshop: the projector stopped on an internal error (a bug; the details are above)."]
        if app.room is not None and app.room.record_path is not None and app.room.results:
            # one line where it fits, else as a quit says it: each path and the command whole on a row
            width, said = shutil.get_terminal_size().columns, f"The room's record is in {app.room.record_path}: {go_on} goes on from it."
            lines += [said] if len(said) <= width else files_said(app.room.record_path, False, None, width, go_on)
        print("\n".join(lines), file=sys.stderr)
        return CRASHED
    if app.failure:
        print(app.failure, file=sys.stderr)
        return result if isinstance(result, int) and result else 1
    room = app.room
    record = room.record_path if room is not None and room.results else None
    lines = files_said(record, room is not None and room.finished, app._written,
                       shutil.get_terminal_size().columns, go_on)
    if lines:
        print("\n".join(lines), file=sys.stderr)
    return result if isinstance(result, int) else 0


def files_said(record: Path | None, finished: bool, written: "Written | None", width: int,
               go_on: str = GO_ON) -> list[str]:
    """Where the room's files are, said in the terminal once the projector has closed: each line whole within
    ``width`` where a wording allows, longest first. At 80 columns the debrief's line wrapped in the middle
    of its file's name ('...-debrief.' on one row, 'md (and ...)' on the next): its companion then goes on a
    line of its own, then the way to go on, and where even a path does not fit, the folder is said once
    (on a line of its own if need be), above the files' names."""
    resume = [] if finished else [f"Go on with: {go_on}"]
    records = [[]] if record is None else [
        [f"The room's record: {record}" + ("" if finished else f" (go on with: {go_on})")],
        [f"The room's record: {record}", *resume]]
    debriefs = [[]] if written is None else [
        [f"The room's debrief: {written.markdown} (and {written.record.name})"],
        [f"The room's debrief: {written.markdown}", f"  and {written.record.name}"]]
    wordings = [r + d for r in records for d in debriefs]
    paths = ([record] if record else []) + ([written.markdown, written.record] if written else [])
    if paths and len({p.parent for p in paths}) == 1:
        what = "record and debrief" if record and written else "record" if record else "debrief"
        folder = str(paths[0].parent).rstrip(os.sep) + os.sep
        names = [*(f"  {p.name}" for p in paths), *(resume if record else [])]
        wordings += [[f"The room's {what}, in {folder}", *names], [f"The room's {what}, in this folder:", folder, *names]]
    return next((w for w in wordings if all(len(line) <= width for line in w)), wordings[-1])
