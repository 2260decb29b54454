"""The open decision on the projector: the options, the countdown, how to join, who has voted.

The facilitator's keys: space starts and pauses the countdown, ``e`` gives it
more time, ``s`` closes the vote now. Hands: pick an option (arrows or its
number), then ``+``/``-`` add or remove a raised hand, or ``n`` types the
count. A tie asks the facilitator to pick among the tied options (their
number, or Enter on the highlighted one). The article's verdict on each option
is not shown here: it comes with the reveal, after the vote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...workshop.room import Phase
from ..screens.base import GameScreen
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from ..widgets.page import Page
from ..widgets.topbar import TopBar
from .widgets import Countdown, JoinBox, OneLine, Options

if TYPE_CHECKING:
    from ...workshop.room import Room
    from .app import WorkshopApp

QR_MIN_HEIGHT = 34  # rows the side column needs to draw the QR code beside the rest


class VoteScreen(GameScreen):
    CSS_PATH = "workshop.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("space", "timer", "Timer", tooltip="Start the countdown, pause it, go on"),
        Binding("e", "extend", "+30 s", tooltip="Give the vote 30 seconds more"),
        Binding("s", "skip", "Close vote", tooltip="Close the vote now and play the room's choice"),
        Binding("up", "move(-1)", "Up", show=False, tooltip="Highlight the option above"),
        Binding("down", "move(1)", "Down", show=False, tooltip="Highlight the option below"),
        Binding("1", "number(1)", "Option", key_display="1-9", tooltip="Highlight an option (in a tie: pick it)"),
        *[Binding(str(n), f"number({n})", f"Option {n}", show=False) for n in range(2, 10)],
        Binding("plus,equals_sign", "hands(1)", "Hand", key_display="+", tooltip="One more raised hand for the highlighted option"),
        Binding("minus", "hands(-1)", "Hand", key_display="-", tooltip="One raised hand fewer for the highlighted option"),
        Binding("n", "type_hands", "Count", tooltip="Type the number of raised hands for the highlighted option"),
        Binding("enter", "pick", "Pick", tooltip="In a tie: play the highlighted option"),
        Binding("q", "qr", "QR", tooltip="Show the QR code large (to join by phone)"),
        Binding("ctrl+q", "app.quit", "Quit"),
        # last, and not kept in the bar as the game's help key is: at 80 columns it would push out n Count and
        # q QR, which the room needs more (it shows from 88 columns; ? works at any width)
        Binding("question_mark", "show_help", "Help", key_display="?", tooltip="Every key of the projector"),
        Binding("pageup", "scroll(-1)", "Scroll up", key_display="PgUp", show=False, tooltip="Scroll the decision up"),
        Binding("pagedown", "scroll(1)", "Scroll down", key_display="PgDn", show=False,
                tooltip="Scroll the decision down (the rest of the scene)"),
    ]

    app: "WorkshopApp"

    def __init__(self) -> None:
        super().__init__()
        self.highlighted = 0
        self._shown: tuple | None = None

    @property
    def room(self) -> "Room":
        assert self.app.room is not None
        return self.app.room

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield Static(id="title", classes="big", markup=False)
                with VerticalScroll(id="scene-scroll"):
                    yield Static(id="scene", markup=False)
                yield Static(id="prompt", classes="heading", markup=False)
                yield Options(id="options")
                yield OneLine(id="status", markup=False)
            with Vertical(id="side"):
                yield Countdown(id="countdown")
                yield Static(id="counts", markup=False)
                yield JoinBox(id="join")
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        self.show_decision()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_room()

    def fitted(self, width: int, height: int) -> None:
        self._shown = None
        if self.is_mounted:
            self.refresh_room()

    # ------------------------------------------------------------ drawing

    def show_decision(self) -> None:
        room = self.room
        d = room.decision
        if d is None:
            return
        self.query_one(TopBar).set_parts(room.pack.title, f"The room plays: {room.role_title}",
                                         f"Decision {d.number}")
        self.query_one("#title", Static).update(Content.assemble((f"Decision {d.number}: ", "bold"),
                                                                 (d.title, "bold $text-primary")))
        page = Page()
        note = room.pack.manifest.content_note
        if note and d.number == 1 and not self.app.note_seen:
            # --role skips the role choice, where the room reads the content note first: it never saw it
            page.line(Content.assemble(("Content note: ", "bold"), (" ".join(note.split()), "italic"))).blank()
        self.query_one("#scene", Static).update(page.markdown(d.text or "").visual())
        available = [i for i, o in enumerate(d.options) if o.available]
        self.highlighted = available[0] if available else 0
        self._shown = None
        self.refresh_room()

    def refresh_room(self) -> None:
        """Redraw what changed: counts, hands, the countdown, the tie. Cheap when nothing did."""
        if not self.is_mounted or self.app.room is None:
            return
        countdown = self.query(Countdown)
        if not countdown:  # composing, or being torn down (the app's tick comes at any time)
            return
        room = self.room
        if room.phase not in (Phase.OPEN, Phase.TIE):
            return
        countdown.first().show(room)
        width, height = self.app.size
        d = room.decision
        entering_tie = room.phase == Phase.TIE and (self._shown is None or self._shown[1] != room.phase)
        if entering_tie and d is not None and self._highlighted_id() not in room.tied:
            # the tie is the facilitator's to break: the highlight (Enter's pick) starts on a tied option
            self.highlighted = next(i for i, o in enumerate(d.options) if o.id in room.tied)
        scene_scroll = self.query("#scene-scroll")
        more = bool(scene_scroll) and scene_scroll.first().max_scroll_y > 0  # the scene runs past its rows
        key = (room.version, room.phase, self.highlighted, width, height, more)
        if key == self._shown:
            return
        if self._shown is None or self._shown[1] != room.phase:
            self.refresh_bindings()  # the keys of a tie are not those of an open vote
        self._shown = key
        tally = room.tally()
        server = self.app.server
        sep = "\n" if width < 100 else "   "
        joined, present = room.joined, room.present
        looking = present < joined
        counts = Content.assemble(
            ("Joined ", "bold"), (str(joined), "bold $text-primary"),
            # phones whose screens locked while the room talks are still in it; how many look now, apart
            *([("\n" if width < 100 else " ", ""), (f"({present} on {'page' if width < 100 else 'the page now'})",
                                                   "$text-muted")] if looking else []),
            # beside "(14 on the page now)" the side column has no room for the rest: Voted and Hands go on
            # a line of their own (they wrapped, and the last line of the address fell off the screen)
            (("\n" if looking else sep) + "Voted ", "bold"), (str(tally.voted), "bold $text-primary"),
            (f"{sep}Hands ", "bold"), (str(tally.hands), "bold $text-primary"),
        )
        self.query_one("#counts", Static).update(counts)
        self.query_one(JoinBox).show(
            server.join_url if server else None, server.page_url if server else None, room.pin,
            server.reaches if server else (), self.app.qr,
            show_qr=width >= 100 and height >= QR_MIN_HEIGHT,
        )
        self.query_one(Options).show(room, self.highlighted)
        prompt = self.query_one("#prompt", Static)
        status = self.query_one("#status", OneLine)
        if room.phase == Phase.TIE:
            d = room.decision
            tied = [o for o in d.options if o.id in room.tied] if d else []
            # a vote nobody took part in closes level too: the room is not told it tied
            prompt.update(Content.styled("A tie: the facilitator picks" if room.tally().total
                                         else "No votes: the facilitator picks", "bold $text-warning"))
            # the tied options are marked in the list: the line says only how to pick (at 80 columns a
            # list of their labels here ran off the screen)
            keys = (_either([str(o.number) for o in tied]), "bold reverse")
            status.say(Content.assemble(("Press ", ""), keys, (" to play it, or Enter on the highlighted one (▶).", "")),
                       Content.assemble(("Press ", ""), keys, (", or Enter on the highlighted one (▶).", "")),
                       Content.assemble(("Press ", ""), keys, (" or Enter (▶)", "")))
        else:
            # hands only (--no-phones): no phone can vote, and the room is not told to
            prompt.update("The options (vote on your phone, or raise a hand)" if getattr(self.app, "server", None)
                          else "The options (raise a hand)")
            # one line, said shorter where the column is narrow (at 100 and 120 columns it wrapped)
            hints = ("+ / -: a hand more or fewer for the highlighted one · n: type the count",
                     "+ / -: a hand more or fewer · n: type the count")
            if more:  # PgUp/PgDn have no room in the key bar at 80 columns: said here
                hints = ("PgDn: the rest of the scene · + / -: a hand more or fewer · n: type the count",
                         "PgDn: more of the scene · + / -: hands · n: type the count",
                         "PgDn: more of the scene · + / -: hands · n: count")
            if room.save_error:
                hints = (room.save_error,)
            status.say(*(Content.styled(hint, "$text-muted") for hint in hints))

    # ------------------------------------------------------------ the facilitator's keys

    def _say(self, result) -> None:
        if not result:
            self.notify(result.message, severity="warning", timeout=4)
        self.refresh_room()

    def action_timer(self) -> None:
        room = self.room
        if room.timer.status == "running":
            self._say(room.pause_timer())
        else:
            self._say(room.start_timer())

    def action_extend(self) -> None:
        self._say(self.room.extend(self.app.extend_by))

    def action_skip(self) -> None:
        self._say(self.room.skip())

    def action_move(self, step: int) -> None:
        d = self.room.decision
        if d is None or not d.options:
            return
        self.highlighted = (self.highlighted + step) % len(d.options)
        self.refresh_room()

    def action_number(self, number: int) -> None:
        d = self.room.decision
        if d is None or not 1 <= number <= len(d.options):
            return
        self.highlighted = number - 1
        if self.room.phase == Phase.TIE:
            self.action_pick()
            return
        self.refresh_room()

    def _highlighted_id(self) -> str | None:
        d = self.room.decision
        if d is None or not 0 <= self.highlighted < len(d.options):
            return None
        return d.options[self.highlighted].id

    def action_hands(self, n: int) -> None:
        option = self._highlighted_id()
        if option is not None:
            self._say(self.room.add_hands(option, n))

    def action_type_hands(self) -> None:
        option = self._highlighted_id()
        if option is None or self.room.phase != Phase.OPEN:
            return
        from .hands import HandsScreen

        d = self.room.decision
        assert d is not None
        label = d.options[self.highlighted].label

        def done(count: int | None) -> None:
            if count is not None:
                self._say(self.room.set_hands(option, count))

        self.app.push_screen(HandsScreen(self.highlighted + 1, label, self.room.hands(option)), done)

    def action_pick(self) -> None:
        room = self.room
        if room.phase != Phase.TIE:
            return
        option = self._highlighted_id()
        if option not in room.tied:
            tied = ", ".join(str(o.number) for o in room.decision.options if o.id in room.tied)  # type: ignore[union-attr]
            self.notify(f"Pick one of the tied options: {tied}.", severity="warning", timeout=4)
            return
        self._say(room.pick(option))

    def action_qr(self) -> None:
        from .qr import QRScreen

        self.app.push_screen(QRScreen())

    def action_show_help(self) -> None:
        self.app.action_help()

    def action_scroll(self, direction: int) -> None:
        scroll = self.query_one("#scene-scroll")
        scroll.scroll_page_up() if direction < 0 else scroll.scroll_page_down()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        phase = self.app.room.phase if self.app.room is not None else None
        if action in ("timer", "extend", "skip", "hands", "type_hands"):
            if phase != Phase.OPEN:
                return None  # shown greyed out? no: hidden during a tie
            if action in ("timer", "extend") and self.app.room.timer.seconds is None:
                return None
        if action == "pick":
            return phase == Phase.TIE or None
        if action == "qr" and (self.app.server is None or not self.app.qr):
            return None
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        d = self.room.decision
        if d is None:
            return
        for i, o in enumerate(d.options):
            if self.room.phase == Phase.TIE and o.id in self.room.tied:
                yield SystemCommand(f"Pick (tie): {o.label}", f"Play option {o.number}",
                                    lambda i=i: self.action_number(i + 1))
            elif self.room.phase == Phase.OPEN:
                yield SystemCommand(f"Hands for option {o.number}: {o.label}", "Type the number of raised hands",
                                    lambda i=i: (setattr(self, "highlighted", i), self.action_type_hands()))


def _either(names: list[str]) -> str:
    """'1 or 2', '1, 2 or 4': the keys of a tie, as a sentence lists them."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
