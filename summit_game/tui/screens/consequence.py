"""What followed a choice: the game's model, the effects, the article's words.

The whole page is one ``Page`` in one ``Static``: quick to draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.visual import Visual
from textual.widgets import Static

from ...pack.attribution import reported_heading, split
from ..widgets.meters import change_content
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from ..widgets.page import Page
from ..widgets.topbar import TopBar
from .base import PagedScreen, ReadFirst, page_bindings

if TYPE_CHECKING:
    from ...engine import Change, Outcome
    from ..session import Session


def effects_lines(changes: "tuple[Change, ...]") -> list[Content]:
    """'Trust between the banks   2 → 3   ▲ +1 better', one line per change."""
    if not changes:
        return [Content("Nothing measurable changed.")]
    width = max(len(c.label) for c in changes)
    lines = []
    for c in changes:
        if c.kind == "meter":
            values = Content.assemble((f"{c.before} → {c.after}", "bold"), "   ", change_content(c))
        else:
            values = change_content(c)
        lines.append(Content.assemble(c.label.ljust(width), "   ", values))
    return lines


def clamp_lines(outcome: "Outcome") -> list[Content]:
    """'Civilian harm is already at 10, the top of its scale: this moves it no further.', one per meter a bound stopped."""
    return [Content.assemble(("╎ ", "$text-secondary"), (c.describe(), "italic")) for c in outcome.clamped]


def effects_content(changes: "tuple[Change, ...]") -> Content:
    return Content("\n").join(effects_lines(changes))


def outcome_quotes(outcome: "Outcome") -> list:
    seen, out = set(), []
    for q in list(outcome.result_cite) + list(outcome.choice_cite):
        if q.key not in seen:
            seen.add(q.key)
            out.append(q)
    return out


def consequence_page(s: "Session", o: "Outcome", action: str = "screen.open_quote") -> Page:
    quotes = outcome_quotes(o)
    index = {q.key: i for i, q in enumerate(quotes)}

    def click(q) -> str:
        return f"{action}({index[q.key]})"

    page = Page()
    page.line(Content.assemble(("You chose: ", "bold"), (o.label, "bold $text-primary")))
    page.line(Content.styled(f"In “{o.scene_title}”", "$text-muted"))
    page.heading("What followed")
    page.model(o.text or "The game's model records no further consequence.")
    page.heading("Effects")
    for line in effects_lines(o.changes):
        page.line(line, "  ")
    for line in clamp_lines(o):
        page.line(line, "  ")
    if o.result_cite:
        page.heading("Quoted with this outcome")
        page.quotes(o.result_cite, s.source_label, click)
    argued, reported = split(o.choice_cite)
    if argued:
        page.heading(f"What the {s.source_kind} argued about this option")
        page.quotes(argued, s.source_label, click)
    if reported:
        page.heading(f"{reported_heading(s.source_kind)}, on this option (others' words, not its argument)")
        page.quotes(reported, s.source_label, click)
    for src in dict.fromkeys(q.source for q in quotes):
        page.blank().line(Content.assemble(("Quoted from: ", "bold dim"), (s.pack.sources[src].reference(), "dim")))
    return page


class ConsequenceScreen(ReadFirst, PagedScreen):
    CSS_PATH = "consequence.tcss"
    AUTO_FOCUS = "#page"
    BINDINGS = [
        Binding("enter", "next", "Continue", priority=True, tooltip="On to the next scene"),
        Binding("space", "next", "Continue", show=False),
        Binding("escape", "next", "Continue", show=False),
        Binding("s", "source", "Source", tooltip="Read the source, at the first quote here"),
        Binding("j", "journal", "Journal", tooltip="Every decision so far"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        *page_bindings(),
    ]

    def __init__(self, outcome: "Outcome | None") -> None:
        super().__init__()
        self.outcome = outcome  # None: built ahead of the first choice (the app shows one before pushing it)
        self._pages: dict[int, tuple["Outcome", Visual]] = {}  # prepared while the player reads (prepare_page)
        self._when_laid_out: list[Callable[[], object]] = []

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with VerticalScroll(id="page"):
            yield Static(id="story", markup=False)
        yield Static(id="next", markup=False)  # under the scrolling story: always in view
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        if self.outcome is not None:
            self.show(self.outcome)
        else:  # built ahead: laid out unseen, so the first choice's page can be prepared at its width
            self.call_after_refresh(self._lay_out_unseen)

    def _lay_out_unseen(self) -> None:
        if not self.is_current and self.app.size and self.is_attached:
            self._refresh_layout(self.app.size)  # places the widgets; draws nothing (not in front)
            self._compositor.render_update(full=True)  # fills their line caches (the key bar's stays)
            # Laid out, the screen is not laid out again as it is pushed: it is drawn on its update
            # timer's tick, and that timer waits a whole frame period (1/60 s) the first time it
            # runs. Run it once now, unseen (a tick while it is not in front does nothing).
            self._update_timer.resume()
        waiting, self._when_laid_out = self._when_laid_out, []
        for callback in waiting:
            callback()

    def when_laid_out(self, callback: "Callable[[], object]") -> None:
        """Call ``callback`` once the screen has been laid out (at once if it has been)."""
        story = self.query("#story")  # none yet while the screen composes
        if story and story.first().size.width:
            callback()
        else:
            self._when_laid_out.append(callback)

    def show(self, outcome: "Outcome") -> None:
        """Show ``outcome`` (the app keeps one of these screens and reuses it for every choice)."""
        self.outcome = outcome
        self.unseen()  # keys typed before this outcome is drawn are not for it (ReadFirst)
        s = self.app.session
        assert s is not None
        self.query_one(TopBar).set_parts(s.pack.title, s.role_title, f"Decision {len(s.outcomes)}: what followed")
        prepared = self._pages.get(id(outcome))  # the entry holds the outcome: its id is not reused meanwhile
        self._pages.clear()
        story = prepared[1] if prepared is not None else consequence_page(s, outcome).visual()
        self.query_one("#story", Static).update(story)
        self.query_one("#next", Static).update(self._next_line())
        self.query_one("#page").scroll_home(animate=False, immediate=True)

    def prepare_page(self, outcome: "Outcome") -> bool:
        """Build, wrap and draw ``outcome``'s page ahead, while the player reads the scene.

        ``outcome`` is what a choice would give (``Session.preview``); if the player takes that
        choice, ``show`` is handed this very outcome and shows the page with its lines ready:
        the key to the consequence's frame no longer builds the page (the session's words and
        quotes), wraps it or draws its lines (3 of the 11 ms a choice took in a pty). False
        when the story's width is not known yet (the screen has never been laid out).
        """
        story = self.query_one("#story", Static)
        width = story.size.width
        if not width or self.app.session is None:
            return False
        visual = consequence_page(self.app.session, outcome).visual()
        height = visual.get_height(story.styles, width)
        Visual.to_strips(story, visual, width, height, story.visual_style)  # fills the page's own strip cache
        self._pages[id(outcome)] = (outcome, visual)
        return True

    def _next_line(self) -> str:
        s = self.app.session
        assert s is not None
        o = self.outcome
        if o.ending:
            ending = s.pack.endings.get(o.ending)
            return f"This is where the story ends: “{ending.title if ending else o.ending}”. Press Enter for the ending and the debrief."
        scene = s.pack.scenes.get(o.next_scene or "")
        return f"Next: “{scene.title if scene else o.next_scene}”. Press Enter to go on."

    def action_next(self) -> None:
        self.dismiss(None)

    def action_source(self) -> None:
        quotes = outcome_quotes(self.outcome)
        if quotes:
            self.app.open_source(quotes, 0)
        else:
            self.notify("Nothing is quoted for this choice.", timeout=3)

    def action_open_quote(self, index: int) -> None:
        self.app.open_source(outcome_quotes(self.outcome), index)

    def action_journal(self) -> None:
        self.app.open_journal()
