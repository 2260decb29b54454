"""The projector's pieces: the countdown, the join box, the options with their counts and bars.

Each draws from the room (``summit_game.workshop.room``) and redraws only when
what it shows has changed. Pack text is drawn as ``Content``, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Digits, Static

from ...workshop.room import Phase, Timer
from ..widgets.hanging import Hanging

if TYPE_CHECKING:
    from ...workshop.room import Room

BAR = "█"


class OneLine(Static):
    """A line said as fully as its width allows: of its wordings, longest first, the first that fits on
    one row (a status that wrapped pushed the rows under it down, past the bottom at 80x24). Chosen
    again on every resize; the last wording is shown (and wraps) where none fits."""

    _wordings: tuple[Content, ...] = ()

    def say(self, *wordings: Content | str) -> None:
        self._wordings = tuple(Content(w) if isinstance(w, str) else w for w in wordings)
        self._pick()

    def on_resize(self) -> None:
        self._pick()

    def _pick(self) -> None:
        if not self._wordings:
            return
        width = self.content_size.width  # 0 until laid out: then the first, chosen again on the resize
        chosen = next((w for w in self._wordings if not width or widest(w) <= width), self._wordings[-1])
        if chosen is not getattr(self, "_chosen", None):
            self._chosen = chosen
            self.update(chosen)
            # chosen while the screen lays out (on a resize), the new height was not laid out: once more after
            self.call_after_refresh(self.refresh, layout=True)


def widest(content: Content) -> int:
    """The cells of the longest of its lines."""
    return max(cell_len(line) for line in content.plain.split("\n"))
# what the timer does, each said shorter, longest first for OneLine: under 100 columns the words have
# 20 cells beside the counts, where "Not started: press space to start" took two rows
TIMER_WORDS = {
    "idle": ("Not started: press space to start", "Not started: space starts", "Press space to start"),
    "running": ("Voting: space pauses",),
    "paused": ("Paused: space goes on", "Paused: press space"),
    "done": ("The vote is closed",),
    "untimed": ("No timer: press s to close the vote", "No timer: s closes the vote", "s closes the vote"),
}


class Countdown(Vertical):
    """mm:ss in large digits, with what the timer is doing in words."""

    DEFAULT_CSS = """
    Countdown { height: auto; width: 100%; }
    Countdown > Digits { width: auto; }
    Countdown > #timer-words { width: 100%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Digits("--:--", id="clock")
        yield OneLine(id="timer-words", markup=False)

    def show(self, room: "Room") -> None:
        left = room.time_left()
        if room.phase != Phase.OPEN:
            words = TIMER_WORDS["done"]
        elif room.timer.seconds is None:
            words = TIMER_WORDS["untimed"]
        else:
            words = TIMER_WORDS.get(room.timer.status, ("",))
        # a closed vote shows no time: closed with 50 s to run (or before the countdown began) it read "00:00",
        # a countdown run out on a vote that was over (the phones say "Closed" there)
        shown = (Timer.mmss(left) if room.phase == Phase.OPEN else "--:--", words, room.timer.status)
        if shown == self._shown:
            return
        self._shown = shown
        self.query_one(Digits).update(shown[0])
        self.query_one("#timer-words", OneLine).say(*words)
        self.set_class(room.timer.status == "running" and left is not None and left <= 10, "-ending")
        self.set_class(room.timer.status == "paused", "-paused")

    @property
    def text(self) -> str:
        return self._shown[0] if self._shown else ""


class JoinBox(Vertical):
    """How to join: the QR code, the address, the PIN, and who can reach the page."""

    DEFAULT_CSS = """
    JoinBox { height: auto; width: 100%; }
    JoinBox > #join-words { width: 100%; height: auto; }
    JoinBox > #qr { width: auto; height: auto; color: #000000; background: #FFFFFF; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple | None = None
        self.qr_lines: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(id="qr", markup=False)
        yield OneLine(id="join-words", markup=False)

    def show(self, url: str | None, page: str | None, pin: str, reach: Sequence[str], qr: list[str] | None,
             show_qr: bool = True) -> None:
        """``reach``: who can reach the page, each wording, longest first (``Listen.reaches``)."""
        shown = (url, page, pin, tuple(reach), tuple(qr or ()), show_qr)
        if shown == self._shown:
            return
        self._shown = shown
        self.qr_lines = list(qr or [])
        qr_widget = self.query_one("#qr", Static)
        qr_widget.display = bool(qr) and show_qr
        qr_widget.update("\n".join(self.qr_lines))
        words = self.query_one("#join-words", OneLine)
        if url is None:
            words.say(Content.assemble(("Phones: ", "bold"), "the voting page is off (hands only)."),
                      Content.assemble(("Phones: ", "bold"), "off (hands only)"))
            return
        head = Content.assemble(("Vote on your phone", "bold"), "\n", (page or url, "bold $text-primary"), "\n",
                                ("PIN ", "bold"), (pin, "bold reverse"), "\n")
        # who can reach it on one row (at 40 cells, beside the QR code or the counts, it took two or three)
        words.say(*(head + Content.styled(line, "$text-muted") for line in reach_lines(reach)))


def reach_lines(reach: Sequence[str]) -> list[str]:
    """Who can reach the voting page, for ``OneLine``: "Who can reach it: " and each wording (``reach``,
    longest first: ``Listen.reaches``), then each wording alone; longest first."""
    said = [f"Who can reach it: {r}" for r in reach] + [r[:1].upper() + r[1:] for r in reach]
    return sorted(said, key=cell_len, reverse=True)


def option_lines(room: "Room", highlighted: int | None, width: int) -> list[Content]:
    """The numbered options with hands and phones; once the vote closes, bars of the split."""
    d = room.decision if room.phase in (Phase.OPEN, Phase.TIE) or room.last is None else room.last.decision
    if d is None:
        return []
    tally = room.tally()
    closed = room.phase != Phase.OPEN
    total = tally.total
    played = room.last.option if room.last is not None and room.phase in (Phase.PLAYED, Phase.ENDED) else None
    tied = set(room.tied)
    marked = room.phase in (Phase.OPEN, Phase.TIE)  # in a tie, the highlight is what Enter picks
    lines: list[Content] = []
    for i, o in enumerate(d.options):
        c = tally.count(o.id)
        mark = "▶ " if i == highlighted and marked else "  "
        style = "bold"
        if not o.available:
            style = "$text-muted"
        head = Content.assemble((mark, "bold $text-primary"), (f"{o.number}  ", "bold $text-primary"))
        label = Content.styled(o.label, style)
        if o.id == played:
            label = Content.assemble(label, ("  ◀ the room's choice", "bold $text-success"))
        elif o.id in tied:
            # a vote nobody took part in closes level on every option: they are the facilitator's to
            # pick, not "tied" (the line above them says "No votes")
            label = Content.assemble(label, ("  ◀ tied" if total else "  ◀ to pick", "bold $text-warning"))
        if not o.available:
            label = Content.assemble(label, (f"  (unavailable: {o.reason})", "$text-muted"))
        lines.append(Content.assemble(head, label))
        if i == highlighted and marked:
            lines[-1] = lines[-1].stylize("reverse")
        if closed:
            share = c.total / total if total else 0.0
            bar_room = max(4, min(40, width - 30))
            n = round(share * bar_room)
            lines.append(Content.assemble(
                "     ", (BAR * n, "$text-primary" if o.id != played else "$text-success"),
                (" " if n else ""), (f"{c.total}", "bold"), f"  ({round(share * 100)}%: ",
                f"{c.phones} phone{'s' if c.phones != 1 else ''}, {c.hands} hand{'s' if c.hands != 1 else ''})"))
        elif c.hands:
            # phones' votes stay hidden until the vote closes (a room must not be nudged); the hands
            # the facilitator counted are shown, since everyone saw them raised
            lines.append(Content.assemble("     ", ("hands: ", "$text-muted"), (f"{c.hands}", "bold")))
        lines.append(Content(""))
    return lines[:-1]


OPTION_INDENT = 5  # "▶ 1  ": the marker and the number before each option's label


def option_blocks(lines: Sequence[Content]) -> list[tuple[Content, Content]]:
    """``option_lines`` as ``Hanging`` blocks: a line that wraps goes on under its label, not at column 0
    (at 64 columns "◀ the room's choice" and "(100%: 0 phones, 2 hands)" wrapped to the screen's edge)."""
    blocks = []
    for line in lines:
        head, *body = line.divide([OPTION_INDENT]) if line.cell_length > OPTION_INDENT else [line]
        blocks.append((head, body[0] if body else Content("")))
    return blocks


class Options(Widget):
    """The options of the open (or just closed) decision: ``Widget.render`` of ``option_lines``."""

    DEFAULT_CSS = """
    Options { height: auto; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.room: "Room | None" = None
        self.highlighted: int | None = 0

    def show(self, room: "Room", highlighted: int | None) -> None:
        self.room, self.highlighted = room, highlighted
        self.refresh(layout=True)

    def lines(self, width: int | None = None) -> list[Content]:
        if self.room is None:
            return []
        return option_lines(self.room, self.highlighted, width or self.content_size.width or 80)

    def render(self) -> Hanging:
        return Hanging(option_blocks(self.lines()))

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, Hanging(option_blocks(self.lines(width))).get_height(self.styles, width))
