"""The ending, then the Debrief: the path taken, what the article argued at each
decision, where things stood, and the discussion questions.

The debrief is exported to Markdown in the saves folder when the screen
opens (``e`` writes it again); the screen says where it went. What it shows
comes from ``engine.debrief.build``, the same structure the export writes.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Rule, Static

from ...engine.debrief import direction_words
from ...pack.attribution import reported_heading
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from ..widgets.page import Page
from ..widgets.topbar import TopBar
from .base import PagedScreen, ReadFirst, page_bindings


class EndingScreen(ReadFirst, PagedScreen):
    CSS_PATH = "ending.tcss"
    AUTO_FOCUS = "#page"
    BINDINGS = [
        Binding("enter", "title", "Title", priority=True, tooltip="Back to the title screen"),
        Binding("e", "export", "Export debrief", tooltip="Write the debrief to a Markdown file in the saves folder"),
        Binding("d", "download", "Download", tooltip="Open the debrief in a new browser tab, to keep (served games)"),
        Binding("j", "journal", "Journal", tooltip="Every decision, with its consequence and quotes"),
        Binding("s", "source", "Source", tooltip="Read the source, at the quotes of the debrief"),
        Binding("n", "new_game", "New game", tooltip="Play this scenario again"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("escape", "title", "Title", show=False),
        *page_bindings(),
    ]

    def compose(self) -> ComposeResult:
        s = self.app.session
        assert s is not None
        d = s.debrief()
        quotes = self.quotes()
        index = {q.key: i for i, q in enumerate(quotes)}

        def click(q) -> str:
            return f"screen.open_quote({index[q.key]})"

        ending = Page().line(Content.assemble(("The end: ", "bold"), (d.ending_title, "bold $text-primary")))
        if d.as_of:
            ending.line(Content.styled(d.as_of, "italic $text-muted"))
        if d.ending_text.strip():
            ending.blank().model(d.ending_text, label="The game's model: how it ends")
        ending.quotes(d.ending_cite, s.source_label, click)

        route = f" · {d.route_title}" if d.route_title else ""
        debrief = Page().line(Content.styled(f"{d.pack_title} · {d.role_title}{route}", "$text-muted"))
        debrief.heading(f"The path you took, and what the {s.source_kind} argued at each decision")
        if not d.decisions:
            debrief.blank().line("No decisions were taken.")
        for dec in d.decisions:
            debrief.blank().line(Content.assemble((f"{dec.number}. {dec.scene_title}: ", "bold"), dec.label))
            for q in dec.argued:
                debrief.quote(q, s.source_label(q), action=click(q))
            if dec.reported:
                debrief.line(Content.styled(f"{reported_heading(s.source_kind)} (others' words, not its argument):",
                                            "bold $text-muted"), "   ")
            for q in dec.reported:
                debrief.quote(q, s.source_label(q), action=click(q))
            if not dec.argued and not dec.reported:
                debrief.line(Content.styled(f"(the {s.source_kind} is not quoted on this option)", "$text-muted"), "   ")
            for line in dec.clamped:
                debrief.line(Content.styled(line, "italic"), "   ╎ ")
        if d.meter_rows:
            debrief.heading("Where things stood (the game's model, not a measurement)")
            width = max(len(r.label) for r in d.meter_rows)
            for r in d.meter_rows:
                way = direction_words(r.good)
                debrief.line(Content.assemble(r.label.ljust(width), "   ", f"{_show(r.start)} → ", (_show(r.final), "bold"),
                                              (f"   {way}" if way else "", "$text-muted")), "  ")
        debrief.heading("Discussion questions")
        if d.questions:
            for i, q in enumerate(d.questions, 1):
                debrief.line(q, f"{i}. ")
        else:
            debrief.line(Content.styled("(This ending has no questions.)", "$text-muted"))
        debrief.heading("Source")
        for ref in d.references:
            debrief.line(Content.styled(ref, "$text-muted"))
        for lic in d.licences:
            debrief.line(Content.styled(f"Licence: {lic}", "$text-muted"))

        yield TopBar(s.pack.title, s.role_title, "The end")
        with VerticalScroll(id="page"):
            yield Static(ending.visual(), id="ending", markup=False)
            yield Rule()
            yield Static("Debrief", id="debrief-title")
            yield Static(id="export", markup=False)
            yield Static(debrief.visual(), id="debrief", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        s = self.app.session
        if s.debrief_path is None and s.finished_here:
            self.action_export()  # reached by playing: export once
        elif s.debrief_path is not None:
            self._said_where(s.debrief_path)
        else:  # a finished game loaded from a save: export only when asked
            if (export := self._export_line()) is not None:
                export.update(Content.assemble(("Press e to export this debrief ", "bold"), f"to {self.app.saves_place}"))

    def quotes(self) -> list:
        s = self.app.session
        seen, out = set(), []
        for q in list(s.ending.cite if s.ending else []) + s.journal_quotes():
            if q.key not in seen:
                seen.add(q.key)
                out.append(q)
        return out

    def _export_line(self) -> Static | None:
        """The line that says where the debrief went (None once the screen is being replaced)."""
        return next(self.query("#export").results(Static), None)

    def action_export(self) -> None:
        s = self.app.session
        assert s is not None
        try:
            path = s.export_debrief()
        except OSError as exc:
            if (export := self._export_line()) is not None:
                export.update(f"The debrief could not be saved: {exc.strerror or exc}")
            return
        self._said_where(path)

    def _said_where(self, path) -> None:
        from ...engine.record import record_path

        export = self._export_line()
        if export is None:
            return
        if self.app.served is not None:  # a browser tab: the file is on the facilitator's computer
            export.update(Content.assemble(
                ("Your team's debrief is ready: press d to download it", "bold"),
                ("\nor open ", "dim"), (self.team_url(), "bold underline"),
                (" (every debrief of your team, with its record for summit-game compare)", "dim")))
            return
        export.update(Content.assemble(
            ("Debrief saved to ", "bold"), (str(path), "bold underline"), ("  (press e to write it again)", "dim"),
            ("\nwith its record for summit-game compare: ", "dim"), (record_path(path).name, "dim")))

    def team_url(self, name: str = "") -> str:
        """Where the serve process hands out this team's debriefs (``serve.web``: /debrief/SLUG/NAME)."""
        from ...paths import team_slug

        served = self.app.served
        base = served.public_url.rstrip("/") if served is not None else ""
        return f"{base}/debrief/{team_slug(self.app.team)}/{name}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "download":
            return self.app.served is not None  # only a browser tab has somewhere to download to
        return super().check_action(action, parameters)

    def action_download(self) -> None:
        s = self.app.session
        if s is None or self.app.served is None:
            return
        if s.debrief_path is None:
            self.action_export()
        if s.debrief_path is not None:
            # a path on the page's own origin: the browser opens it from wherever it reached the game
            from ...paths import team_slug

            self.app.open_url(f"/debrief/{team_slug(self.app.team)}/{s.debrief_path.name}")

    def action_open_quote(self, index: int) -> None:
        self.app.open_source(self.quotes(), index)

    def action_journal(self) -> None:
        self.app.open_journal()

    def action_source(self) -> None:
        self.app.open_source(self.quotes(), 0)

    def action_new_game(self) -> None:
        self.app.new_game(self.app.entry_for(self.app.session.pack.id))

    def action_title(self) -> None:
        self.app.go_title()


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
