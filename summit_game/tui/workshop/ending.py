"""The room's ending and its Debrief, written to the saves folder (Markdown + JSON) when it opens.

What it shows comes from ``summit_game.workshop.debrief.build``, the structure
the files are written from, so the screen and the handout say the same thing.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Rule, Static

from ...pack.attribution import reported_heading
from ...workshop import debrief as D
from ..screens.base import GameScreen, ReadFirst
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from ..widgets.page import Page
from ..widgets.topbar import TopBar
from .widgets import OneLine

if TYPE_CHECKING:
    from .app import WorkshopApp


def _cited(page: Page, c: D.Cited, kind: str = "source") -> None:
    bar = Content.styled("▌ ", "$text-accent")
    if c.reported:  # others' words the source quotes, never its argument
        page.line(Content.styled(f"{reported_heading(kind)} (others' words, not the {kind}'s argument)", "dim italic"),
                  bar, bar)
    page.line(Content.styled(c.label + ":", "bold $text-accent"), bar, bar)
    page.line(Content.styled(f"“{' '.join(c.quote.split())}”", "italic"), bar, bar)
    if c.note:
        page.line(Content.assemble(("Note (the game's): ", "dim bold"), (" ".join(c.note.split()), "dim")), bar, bar)


def debrief_page(d: D.RoomDebrief) -> Page:
    kind = d.source_kind
    page = Page()
    page.line(Content.assemble(("The end: ", "bold"), (d.ending_title, "bold $text-primary")))
    if d.as_of:
        page.line(Content.styled(d.as_of, "italic $text-muted"))
    if d.ending_text.strip():
        page.blank().model(d.ending_text, label="The game's model: how it ends")
    for c in d.ending_cite:
        page.blank()
        _cited(page, c, kind)
    page.heading("Why this ending (the game's model)")
    if d.why is None:
        page.line("The room has not reached an ending yet.")
    elif d.why.condition is None:
        page.line("None of the other endings' conditions held at the end, so the game's model ends here.")
    else:
        page.line(Content.assemble("This ending comes when ", (d.why.condition, "bold"), "."))
        page.line(Content.styled("At the end: " + "; ".join(f"{a}: {b}" for a, b in d.why.values), "$text-muted"))
    for e in d.not_reached:
        page.line(Content.assemble(("Not reached: ", "$text-muted"), (e.title, "italic"), f", needs {e.measured}"),
                  "  • ", "    ")
    page.heading("The room's path: the vote at each decision")
    if not d.decisions:
        page.blank().line("No decisions were taken.")
    for dec in d.decisions:
        page.blank().line(Content.assemble((f"{dec.number}. {dec.scene_title}: ", "bold"), (dec.label, "bold $text-success")))
        page.line(Content.styled(D.votes_words(dec) + (D.pick_words(dec, " · ") if dec.tie_pick else ""),
                                 "$text-muted"), "   ")
        split = " · ".join(f"{i}. {o.total}" for i, o in enumerate(dec.options, 1))
        page.line(Content.styled(f"Split: {split}", "$text-muted"), "   ")
        if dec.chance is not None:
            page.line(Content.styled(dec.chance.words(), "bold"), "   ")
        others = [o for o in dec.not_taken if o.argued]
        if others:
            page.line(Content.styled(f"The {kind} on the options the room did not take:", "italic"), "   ")
            for o in others:
                page.line(Content.styled(o.label, "bold"), "   – ", "     ")
                for c in o.argued:
                    sub = Page()
                    _cited(sub, c, kind)
                    for prefix, content, cont in sub.blocks:
                        page.line(content, Content.assemble("     ", prefix), Content.assemble("     ", cont or prefix))
    if d.meters:
        page.heading("Where things stood (the game's model)")
        width = max(len(label) for _, label, _, _ in d.meters)
        for _, label, a, b in d.meters:
            page.line(Content.assemble(label.ljust(width), "   ", f"{D._show(a)} → ", (D._show(b), "bold")), "  ")
    page.heading("Discussion questions")
    if d.questions:
        for i, q in enumerate(d.questions, 1):
            page.line(q, f"{i}. ")
    else:
        page.line(Content.styled("(This ending has no questions.)", "$text-muted"))
    page.heading("Source")
    for ref in d.references:
        page.line(Content.styled(ref, "$text-muted"))
    for lic in d.licences:
        page.line(Content.styled(f"Licence: {lic}", "$text-muted"))
    return page


class RoomEndingScreen(ReadFirst, GameScreen):
    # (ReadFirst: a PgDn typed before the ending is on the projector does not scroll the room past it)
    CSS_PATH = "workshop.tcss"
    AUTO_FOCUS = "#page"
    BINDINGS = [
        Binding("w", "write", "Write debrief", tooltip="Write the room's debrief again (Markdown and JSON)"),
        Binding("pageup", "scroll(-1)", "Scroll up", key_display="PgUp", priority=True, tooltip="Scroll up"),
        Binding("pagedown", "scroll(1)", "Scroll down", key_display="PgDn", priority=True, tooltip="Scroll down"),
        Binding("question_mark", "app.help", "Help", key_display="?", tooltip="Every key of the projector"),
        # the workshop is over: the key bar says how to close it (the app's own Ctrl+Q is not shown)
        Binding("ctrl+q", "app.quit", "Quit", priority=True, tooltip="Quit: the debrief is written"),
    ]

    app: "WorkshopApp"

    def compose(self) -> ComposeResult:
        room = self.app.room
        assert room is not None
        d = D.build(room)
        yield TopBar(room.pack.title, f"The room played: {room.role_title}", "The end")
        with VerticalScroll(id="page"):
            yield Static("The room's debrief", id="debrief-title", classes="big")
            yield OneLine(id="written", markup=False)
            yield Rule()
            yield Static(debrief_page(d).visual(), id="debrief", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        if self.app._written is None:
            self.action_write()
        else:
            self._said_where()

    def action_write(self) -> None:
        room = self.app.room
        assert room is not None
        try:
            self.app._written = D.export(self.app.saves_folder, room)
        except OSError as exc:
            self.query_one("#written", OneLine).say(Content.styled(
                f"The debrief could not be written to {self.app.saves_folder}: {exc.strerror or exc}", "bold $text-error"))
            return
        self._said_where()

    def _said_where(self) -> None:
        w = self.app._written
        md = ("Written to ", "bold"), (str(w.markdown), "bold underline")
        folder = (("Written to ", "bold"), (str(w.markdown.parent).rstrip(os.sep) + os.sep, "bold underline"), "\n",
                  (w.markdown.name, "bold underline"))
        record = ("and its record (for summit-game compare) ", "$text-muted"), (w.record.name, "$text-muted")
        record_under = ("and its record (for summit-game compare):", "$text-muted"), "\n", (w.record.name, "$text-muted")
        again, again_under = ("  · w writes them again", "dim"), ("\n", ("w writes them again", "dim"))
        # each line whole where it fits (the end of "· w writes them again" wrapped even at 120 columns); at
        # 80, the record's name, then the folder and the file's name, on lines of their own
        self.query_one("#written", OneLine).say(*(
            Content.assemble(*first, "\n", *second, *last) for first, second, last in (
                (md, record, (again,)), (md, record, again_under), (md, record_under, (again,)),
                (md, record_under, again_under), (folder, record_under, (again,)), (folder, record_under, again_under))))

    def action_scroll(self, direction: int) -> None:
        page = self.query_one("#page")
        page.scroll_page_up() if direction < 0 else page.scroll_page_down()
