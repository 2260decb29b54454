"""The first screen of a workshop: the room chooses whom it plays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..screens.role import PickScreen, briefing_bindings, numbered, pick_bindings
from ..widgets.choices import Item, MarkedList
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from ..widgets.page import Page
from ..widgets.topbar import TopBar
from .widgets import OneLine

if TYPE_CHECKING:
    from ...pack import Pack


# what the room does here, longest first for OneLine: at 120x36 the first took two rows of the left
# column's 56 cells, and at 80x24, with the key for the briefings, two of 76
HINTS = ("Choose one role together; every decision after this is the room's vote.",
         "Choose one role together, then vote on every decision.",
         "Choose one role together.")
HINTS_CRAMPED = ("Choose one role together; every decision after this is the room's vote. b: each role's briefing.",
                 "Choose one role together, then vote on every decision. b: each role's briefing.",
                 "Choose one role together, then vote on every decision. b: the briefing.",
                 "Choose one role together. b: each role's briefing.")


class RoomRoleScreen(PickScreen):
    CSS_PATH = "workshop.tcss"
    AUTO_FOCUS = ""  # focused on mount without scrolling: Textual centres a widget it focuses, and a
    # stacked column that scrolls (64 x 20) opened with its question above the screen
    BINDINGS = [
        *pick_bindings("The room plays the highlighted role", "Choose a role by its number"),
        Binding("q", "qr", "QR", tooltip="Show the QR code large (to join by phone)"),
        *briefing_bindings("Under 100 columns or 30 rows, or where the note would cover the roles"),  # self.stacked
        Binding("question_mark", "app.help", "Help", key_display="?", tooltip="Every key of the projector"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(self, pack: "Pack", route: str | None) -> None:
        super().__init__()
        self.pack = pack
        self.route = route
        # stacked (under 100 x 30: 80 x 24 on a projector), the roles above, the briefing under them: the
        # briefing and a pack's content note do not both fit, so they take turns there (b), the note first:
        # the room hears it before it chooses
        self.briefing_shown = not pack.manifest.content_note
        self._covered: set[tuple[int, int]] = set()  # sizes where, side by side, the note covered the rest
        self.taken: str | None = None  # the role chosen: the room's first decision is opening

    def compose(self) -> ComposeResult:
        route = self.pack.routes.get(self.route or "")
        yield TopBar(self.pack.title, "Workshop", route.title if route else "", id="topbar")
        with Horizontal(id="columns"):
            with Vertical(id="left"):
                yield Static("Whom does the room play?", id="question", classes="big")
                yield OneLine(id="hint", classes="hint")
                yield MarkedList(id="picks")
                yield OneLine(id="phones", markup=False)  # how to join now: phones wait for the first vote
                if self.pack.manifest.content_note:  # the room sees what a player alone sees first
                    yield Static(f"Content note: {self.pack.manifest.content_note}", id="note", classes="hint",
                                 markup=False)
            with VerticalScroll(id="right"):
                yield Static(id="about-title", classes="heading", markup=False)
                yield Static(id="about", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        picks = self.query_one("#picks", MarkedList)
        picks.set_items([
            Item(r.id, lambda m, i=i, r=r: numbered(i, r.title, "", m), value=r)
            for i, r in enumerate(self.pack.roles.values(), 1)
        ])
        picks.focus(scroll_visible=False)
        self.query_one("#hint", OneLine).say(*HINTS)
        self._hint_cramped = False
        self.show_about()
        self._phones_shown: tuple | None = None
        self.show_lower()
        self.refresh_room()

    def fitted(self, width: int, height: int) -> None:
        self.show_lower()
        self.refresh_room()

    @property
    def stacked(self) -> bool:
        """Under 100 columns or 30 rows, or where the content note docked under the roles would cover them
        (or the way phones join, as at 100 x 30): the briefing under the roles, not beside them."""
        return self.has_class("-narrow") or self.has_class("-short") or tuple(self.app.size) in self._covered

    @property
    def taking_turns(self) -> bool:
        """Stacked with a content note: the note or the briefing under the roles, b switches."""
        return self.stacked and bool(self.pack.manifest.content_note)

    def show_lower(self) -> None:
        self.set_class(self.stacked, "-stacked")
        self.set_class(self.taking_turns and self.briefing_shown, "-briefing")
        self.set_class(self.taking_turns and not self.briefing_shown, "-note")
        self.remove_class("-cramped")  # measured again once laid out at this size
        self.call_after_refresh(self._measure)

    def _measure(self) -> None:
        """With the note shown, what room is left under it shows the briefing's beginning; under five
        rows, none (a sliver of a heading), and the hint names b."""
        if not self.is_attached:
            return
        if not self.stacked and self.pack.manifest.content_note:
            note, above = self.query_one("#note"), [w for w in self.query("#left > *") if w.id != "note" and w.display]
            if above and note.region.y < max(w.region.bottom for w in above):
                self._covered.add(tuple(self.app.size))
                self.show_lower()
                return
        right = self.query_one("#right", VerticalScroll)
        cramped = self.has_class("-note") and right.size.height < 5
        self.set_class(cramped, "-cramped")
        if cramped != self._hint_cramped:
            self._hint_cramped = cramped
            self.query_one("#hint", OneLine).say(*(HINTS_CRAMPED if cramped else HINTS))
        self.call_after_refresh(self.refresh_bindings)

    def refresh_room(self) -> None:
        """How phones join while the room chooses, and how many wait (the app calls this 4 times a second)."""
        app = self.app
        server, lobby = getattr(app, "server", None), getattr(app, "lobby", None)
        phones = self.query("#phones")
        if not phones:
            return
        here = bool(server is not None and server.only_here)  # no --lan: phones cannot reach the page
        line = phones.first(OneLine)
        shown = (server.page_url if server else None, here, lobby.joined if lobby else None,
                 lobby.present if lobby else None, self.taking_turns)
        if shown == getattr(self, "_phones_shown", None):
            return
        self._phones_shown = shown
        line.display = server is not None and lobby is not None
        if server is None or lobby is None:
            return
        n, present = lobby.joined, lobby.present
        # screens lock while the room chooses: those phones still wait; how many have the page open, apart
        looking = f" ({present} on the page now)" if present < n else ""
        self.call_after_refresh(self._measure)  # its lines may leave the note no room beside the briefing
        url, pin = (server.page_url, "bold $text-primary"), (app.shown_pin, "bold reverse")
        if self.taking_turns:  # one line: the rows under it are the briefing's
            line.say(*one_line(here, url, pin, n, present))
            return
        if here:
            line.say(Content.assemble(
                ("Only this computer can join", "bold"), (" (--lan lets phones in):", "$text-muted"), "\n",
                url, ("  PIN ", "bold"), pin, "\n",
                (f"{n} waiting for the first vote", "bold"), (looking, "$text-muted")))
            return
        # longest first: a room's address is longer than 192.0.2.7 ("http://192.168.100.200:8080/"), and then
        # the first line took two rows of the 56 at 120x36: the aside beside the question, then left out
        where = (url, ("  PIN ", "bold"), pin)
        aside = ("  (q: the QR code)", "$text-muted")
        waiting = (f"{n} phone{'' if n == 1 else 's'} waiting", "bold")
        line.say(*(Content.assemble(*first, "\n", *count, (looking, "$text-muted")) for first, count in (
            ((("Phones can join now: ", "bold"), *where, aside), (waiting, (" for the first vote", "bold"))),
            ((("Phones can join now", "bold"), (" (q: the QR code):", "$text-muted"), "\n", *where),
             (waiting, (" for the first vote", "bold"))),
            ((("Phones can join now:", "bold"), "\n", *where), (waiting, (" for the first vote", "bold"))),
            ((("Phones can join now:", "bold"), "\n", *where), (waiting,)))))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "qr" and (getattr(self.app, "server", None) is None or not getattr(self.app, "qr", None)):
            return None  # hands only (--no-phones): no code to show, no key for it
        return super().check_action(action, parameters)

    def action_qr(self) -> None:
        from .qr import QRScreen

        self.app.push_screen(QRScreen())

    def show_about(self) -> None:
        item = self.query_one("#picks", MarkedList).current
        if item is None:
            return
        self.query_one("#about-title", Static).update(f"Briefing: {item.value.title}")
        self.query_one("#about", Static).update(Page().markdown(item.value.briefing).visual())
        self.query_one("#right", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self.refresh_bindings)  # 'PgDn More' while this briefing runs past the screen

    def take(self, index: int, item: Item) -> None:
        # The first pick stands: a key after it (its number, then Enter to be sure) came while the room's
        # first decision was opening, and taken as a new pick it cancelled that one half-way and opened the
        # highlighted role instead (2 then Enter played the US envoy, found in tmux).
        if self.taken is not None:
            return
        self.taken = item.id
        self.app.run_worker(self.app.begin(item.id), group="flow", exclusive=True)

    def palette_commands(self) -> Iterable[SystemCommand]:
        for i, item in enumerate(self.query_one("#picks", MarkedList).items):
            yield SystemCommand(f"Role: {item.value.title}", f"The room plays it (key {i + 1})",
                                lambda i=i: self._take(i))


def one_line(here: bool, url: tuple, pin: tuple, n: int, present: int) -> list[Content]:
    """How phones join in one line, its wordings longest first for ``OneLine`` (a wrapped line pushed the
    briefing under the roles down a row, and it scrolled): the address, the PIN and how many wait always; the
    aside (the key for the QR code, which the key bar names too, or how to let phones in: --lan) shortened,
    then left out, as the line needs, and only then how many have the page open."""
    head = ("Only this computer: " if here else "Phones: ", "bold")
    waiting = (f"  {n} waiting" if n or not here else "", "bold")
    looking = (f" ({present} on the page)" if present < n and not here else "", "$text-muted")
    asides = ["  (--lan for phones)", "  (--lan)", ""] if here else ["  (q: QR code)", "  (q: QR)", ""]
    return [Content.assemble(head, url, ("  PIN ", "bold"), pin, waiting, seen, (aside, "$text-muted"))
            for seen in (looking, ("", "")) for aside in asides]
