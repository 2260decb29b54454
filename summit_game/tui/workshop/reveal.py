"""After the vote: the split as bars, what followed (the game's model), and the article on every option.

The article's verdicts were hidden while the room voted; here they are shown
for each option, the room's choice first, apart from the game's model (each
voice has its own label and bar, as on the game's consequence screen). A
chance draw is announced as chance, with its odds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...workshop.debrief import quote_label
from ...workshop.room import Phase
from ..screens.base import GameScreen, ReadFirst
from ..screens.consequence import clamp_lines, effects_lines
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from ..widgets.page import Page
from ..widgets.topbar import TopBar
from .widgets import OneLine, option_blocks, option_lines

if TYPE_CHECKING:
    from ...workshop.room import Played, Room
    from .app import WorkshopApp


def chance_words(played: "Played") -> str | None:
    ch = played.chance
    if ch is None:
        return None
    from ...workshop.debrief import chance_sentence

    return chance_sentence(ch.draw + 1, ch.outcomes, ch.weight, ch.total)


def _voice(pack):
    return lambda q: quote_label(pack, q)


def build_reveal(room: "Room", width: int) -> Page:
    p = room.last
    assert p is not None
    pack = room.pack
    kind = pack.source_kind
    page = Page()
    for head, body in option_blocks(option_lines(room, None, width)):
        page.line(body, head)
    page.blank()
    tally = p.tally
    chosen = tally.count(p.option)
    page.line(Content.assemble(("The room chose: ", "bold"), (p.label, "bold $text-success")))
    total = tally.total
    page.line(Content.styled(
        f"{chosen.total} of {total} vote{'s' if total != 1 else ''} ({chosen.phones} phone"
        f"{'s' if chosen.phones != 1 else ''}, {chosen.hands} hand{'s' if chosen.hands != 1 else ''})"
        + ((" · a tie: the facilitator picked it" if total else " · no votes: the facilitator picked it")
           if p.tie_pick else ""), "$text-muted"))
    words = chance_words(p)
    if words:
        page.blank().line(Content.styled("Chance", "bold reverse"), "", "").line(Content.styled(words, "bold"))
    page.heading("What followed")
    page.model(p.outcome.text or "The game's model records no further consequence.")
    page.blank()
    for line in effects_lines(p.outcome.changes):
        page.line(line, "  ")
    for line in clamp_lines(p.outcome):  # a bound that stopped an effect is said, as on the player's screen
        page.line(line, "  ")
    if p.outcome.result_cite:
        page.heading(f"The {kind}, quoted with this outcome")
        page.quotes(p.outcome.result_cite, _voice(pack))
    page.heading(f"What the {kind} argued about each option")
    scene = pack.scenes.get(p.decision.scene)
    options = sorted(p.decision.options, key=lambda o: o.id != p.option)
    sources: list[str] = [q.source for q in p.outcome.result_cite]
    for o in options:
        choice = scene.choice(o.id) if scene else None
        cite = choice.cite if choice else o.cite
        sources += [q.source for q in cite]
        mark = "  ◀ the room's choice" if o.id == p.option else ""
        page.blank().line(Content.assemble((f"{o.number}. ", "bold"), (o.label, "bold"), (mark, "bold $text-success")))
        if cite:
            page.quotes(cite, _voice(pack))
        else:
            page.line(Content.styled(f"(the {kind} is not quoted on this option)", "$text-muted"), "   ")
    for src in dict.fromkeys(sources):
        page.blank().line(Content.assemble(("Quoted from: ", "bold dim"), (pack.sources[src].reference(), "dim")))
    return page


class RevealScreen(ReadFirst, GameScreen):
    CSS_PATH = "workshop.tcss"
    AUTO_FOCUS = "#page"
    BINDINGS = [
        Binding("enter", "next", "Next decision", priority=True, tooltip="Open the next decision"),
        # the same key after the last decision: the key bar said "Next decision" over the ending
        Binding("enter", "ending", "The ending", priority=True, tooltip="The ending and the room's debrief"),
        Binding("pageup", "scroll(-1)", "Scroll up", key_display="PgUp", priority=True, tooltip="Scroll the reveal up"),
        Binding("pagedown", "scroll(1)", "Scroll down", key_display="PgDn", priority=True, tooltip="Scroll the reveal down"),
        Binding("question_mark", "app.help", "Help", key_display="?", tooltip="Every key of the projector"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    app: "WorkshopApp"

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static(id="title", classes="big", markup=False)
        with VerticalScroll(id="page"):
            yield Static(id="reveal", markup=False)
        yield OneLine(id="next", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        self.show_reveal()

    def fitted(self, width: int, height: int) -> None:
        if self.is_mounted:
            self.show_reveal()

    def show_reveal(self) -> None:
        room = self.app.room
        assert room is not None and room.last is not None
        p = room.last
        self.query_one(TopBar).set_parts(room.pack.title, f"The room plays: {room.role_title}",
                                         f"Decision {p.decision.number}: the vote")
        self.query_one("#title", Static).update(Content.assemble(
            (f"Decision {p.decision.number}: ", "bold"), (p.decision.title, "bold $text-primary"),
            ("  · the vote is closed", "bold")))
        width = self.query_one("#page").content_size.width or self.app.size.width - 4
        self.query_one("#reveal", Static).update(build_reveal(room, width).visual())
        self.refresh_bindings()  # Enter's name in the key bar: the next decision, or the ending
        o = p.outcome
        if o.ending:
            ending = room.pack.endings.get(o.ending)
            title = ending.title if ending else o.ending
            # one line, said shorter at 80 columns (it wrapped there, a row less for the reveal)
            nxt = (f"This is where the story ends: “{title}”. Enter: the ending and the room's debrief.",
                   f"The end: “{title}”. Enter: the ending and the debrief.",
                   f"The end: “{title}”. Enter: the ending.")
        else:
            scene = room.pack.scenes.get(o.next_scene or "")
            nxt = (f"Next: “{scene.title if scene else o.next_scene}”. Enter opens the vote.",)
        self.query_one("#next", OneLine).say(*(Content.styled(words, "bold") for words in nxt))

    def _last(self) -> bool:
        room = self.app.room
        return room is not None and room.last is not None and bool(room.last.outcome.ending)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return not self._last()
        if action == "ending":
            return self._last()
        return True

    def action_next(self) -> None:
        room = self.app.room
        if room is not None and room.phase == Phase.PLAYED:
            room.next()  # the room's 'opened'/'ended' event moves the screen on

    def action_ending(self) -> None:
        self.action_next()

    def action_scroll(self, direction: int) -> None:
        page = self.query_one("#page")
        page.scroll_page_up() if direction < 0 else page.scroll_page_down()
