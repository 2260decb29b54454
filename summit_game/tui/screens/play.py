"""The scene: its narrative, the choices, the meters, and what the article says.

Wide terminals get a side panel (meters, then the article's quotes for the
scene and for the highlighted choice); narrow ones stack it all in one
scrolling column, choices first after the narrative.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static

from ..heap import collect_while_reading
from ..widgets.choices import ChoiceList
from ..widgets.meters import MeterPanel
from ..widgets.topbar import TopBar
from ..widgets.page import Page
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from .base import GameScreen

if TYPE_CHECKING:
    from ...engine import Outcome
    from ...pack import Quote
    from ..session import Session


PREPARE_AFTER = 0.05  # seconds: the next scene is prepared this long after the consequence is drawn


class PlayScreen(GameScreen):
    CSS_PATH = "play.tcss"
    AUTO_FOCUS = ""  # focused in show_scene, without scrolling the narrative away
    BINDINGS = [
        Binding("enter", "choose_highlighted", "Choose", priority=True, tooltip="Take the highlighted choice"),
        Binding("1", "pick(1)", "Pick", key_display="1-9", tooltip="Take a choice by its number"),
        *[Binding(str(n), f"pick({n})", f"Choice {n}", show=False) for n in range(2, 10)],
        Binding("j", "journal", "Journal", tooltip="Every decision so far, with its consequence and quotes"),
        Binding("m", "meters", "Meters", tooltip="What each meter stands for: the game's model, not a measurement"),
        Binding("v", "toggle_verdicts", "Verdicts", tooltip="Hide or show the source's verdict on each option "
                "until after you choose (play --hide-verdicts starts with them hidden)"),
        Binding("s", "source", "Source", tooltip="Read the source, at the quoted passage"),
        Binding("ctrl+s", "save", "Save", tooltip="Save to a named slot"),
        Binding("ctrl+o", "load", "Load", tooltip="Load a saved game"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("escape", "title", "Title", tooltip="Back to the title screen (the game is autosaved)"),
        # priority: the focused choice list took PgUp/PgDn to move its highlight, and no key scrolled the page
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, priority=True),
        Binding("pagedown", "scroll(1)", "Scroll down", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown_version = -1
        self._first_highlight: int | None = None
        self._following = False  # the player has moved the highlight on this scene: the page follows it

    @property
    def session(self) -> "Session":
        assert self.app.session is not None
        return self.app.session

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Container(id="body"):
            with Vertical(id="main"):
                yield Static(id="scene", markup=False)
                yield Static("What do you do?", id="prompt", classes="heading")
                yield ChoiceList(id="choices")
                yield Static(id="status", classes="hint", markup=False)
            with Vertical(id="side"):
                yield Static("Where things stand", id="meters-heading", classes="heading side-heading")
                yield MeterPanel(id="meters")
                yield Static(f"The {self.session.source_kind}", id="quotes-heading", classes="heading side-heading")
                yield Static(id="quotes", markup=False)
        yield Static(id="below", markup=False)  # '↓ 3 choices below (PgDn)': the choices are past the screen
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        self.show_scene()
        for page in self.query("#body, #main"):
            self.watch(page, "scroll_y", self._scrolled, init=False)
        self.screen_layout_refresh_signal.subscribe(self, lambda _screen: self._show_below())
        # while the player reads the scene: the consequence screen, built ahead of the first choice
        self.app.call_after_refresh(self.set_timer, PREPARE_AFTER, self._prepare_consequence)

    def _prepare_consequence(self) -> None:
        if self.in_front and not self.app.leaving:
            # laid out after a refresh, maybe once Esc has closed this screen: its pages then stop quietly
            self.app.prepare_consequence_screen().when_laid_out(self.quietly(self._prepare_pages))  # type: ignore[attr-defined]

    def _prepare_pages(self) -> None:
        """While the player reads: each available choice's consequence page, built ahead.

        One page per turn of the event loop, so a key in the meantime is not kept waiting;
        then a collection, so none is due on the choice (heap.py). Any change of the game's
        state (a choice, a load) ends it: a page prepared for another state is never shown.
        """
        s = self.session
        state = s.state
        # the choices the scene shows (show_scene has just listed them for this state)
        ids = [o.id for o in self.query_one("#choices", ChoiceList).choices if o.available] if not s.finished else []
        screen = self.app.prepare_consequence_screen()

        def step(i: int) -> None:
            if s.state is not state or self.app.leaving:
                return
            if i < len(ids) and screen.is_mounted:
                outcome = s.preview(ids[i])
                if outcome is None or screen.prepare_page(outcome):  # type: ignore[attr-defined]
                    self.call_later(step, i + 1)
                    return
            collect_while_reading()

        step(0)

    def on_screen_resume(self) -> None:
        if self.session.version != self.shown_version and not self.session.finished:
            self.show_scene()

    def fitted(self, width: int, height: int) -> None:
        for meters in self.query(MeterPanel):
            meters.set_compact(width < 100)
        if self._following:  # a resize (to the narrow layout, a shorter window) keeps it in view
            self.call_after_refresh(self._show_highlighted)

    # ------------------------------------------------------------ drawing

    def show_scene(self) -> None:
        s = self.session
        scene = s.scene
        if scene is None:
            return
        self.shown_version = s.version
        self.query_one(TopBar).set_parts(s.pack.title, s.role_title, f"Decision {s.step}")
        page = Page().line(Content.styled(scene.title, "bold $text-primary"))
        where = " · ".join(x for x in (scene.location, scene.speaker) if x)
        if where:
            page.line(Content.styled(where, "italic $text-muted"))
        page.blank().markdown(s.scene_text)
        self.query_one("#scene", Static).update(page.visual())
        last = s.last_outcome
        self.query_one("#meters", MeterPanel).show(
            s.pack.variables.values(), s.state.values, last.changes if last else (), role=s.state.role
        )
        choices = self.query_one("#choices", ChoiceList)
        options = s.options()
        choices.show(options)
        self._first_highlight = choices.highlighted  # where the list starts: not the player's move
        self._following = False
        choices.focus(scroll_visible=False)
        self.show_quotes()
        self.call_after_refresh(self._scroll_top)
        note = s.last_autosave
        status = self.query_one("#status", Static)
        messages = []
        if not any(o.available for o in options):  # a dead end that `summit-game check` warns about (SG102)
            messages.append(f"No choice is available here: this pack has a dead end for your role. "
                            f"Esc returns to the title; 'summit-game check {s.pack.root}' shows where.")
        if note is not None and note.error:
            messages.append(f"Autosave failed: {note.error}")
        status.update("\n".join(messages))
        status.display = bool(messages)

    def _scroll_top(self) -> None:
        """A new scene starts at its title (runs after the refresh: the screen may be gone by then)."""
        for widget in self.query("#body, #main, #side"):
            widget.scroll_home(animate=False, immediate=True)

    def show_quotes(self) -> None:
        """The article on this scene, then on the highlighted choice; click a quote to read it in the source."""
        s = self.session
        scene = s.scene
        hidden = self.app.hide_verdicts
        quotes = s.scene_quotes(options=not hidden)
        index = {q.key: i for i, q in enumerate(quotes)}

        def opener(q: "Quote") -> str | None:
            return f"screen.open_quote({index[q.key]})" if q.key in index else None

        page = Page()
        page.quotes(scene.cite if scene else [], s.source_label, opener)
        current = self.query_one("#choices", ChoiceList).current
        if hidden:
            page.blank().line(Content.styled(
                f"The {s.source_kind}'s verdict on each option is hidden until you choose: the consequence "
                "shows it. (v shows verdicts now.)", "italic $text-muted"))
        elif current is not None and current.value.cite and self.shown_version == s.version:
            page.blank().line(Content.styled(f"On “{current.value.label}”:", "bold"))
            page.quotes(current.value.cite, s.source_label, opener)
        if not page.blocks:
            page.line(Content.styled("Nothing quoted here.", "$text-muted"))
        else:
            for src in dict.fromkeys(q.source for q in quotes):
                page.blank().line(Content.assemble(("Quoted from: ", "bold dim"), (s.pack.sources[src].reference(), "dim")))
        self.query_one("#quotes", Static).update(page.visual())

    def action_open_quote(self, index: int) -> None:
        self.app.open_source(self.session.scene_quotes(options=not self.app.hide_verdicts), index)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.shown_version == self.session.version:  # not a late one from the list before the last choice
            self.show_quotes()
            if self._following or event.option_index != self._first_highlight:
                self._following = True  # the player moves it: from now on the page follows
                self._show_highlighted()

    def _show_highlighted(self) -> None:
        """Scroll the page to the highlighted choice (the question and every choice, if they fit).

        A new scene starts at its title, and at 64 x 20 (or under a long scene) the choices are
        below the screen: arrows moved a highlight no one could see (found in tmux)."""
        choices = self.query_one("#choices", ChoiceList)
        highlighted = choices.highlighted
        page = self.query_one("#body" if self.has_class("-narrow") else "#main")
        window = page.scrollable_content_region
        try:  # what Textual's own scroll_to_highlight reads (each brings the list's lines up to date first)
            line, height = choices._index_to_line[highlighted], choices._heights[highlighted]  # type: ignore[index]
        except KeyError:
            return
        top = choices.content_region.y - round(choices.scroll_y) + line
        bottom = top + height
        first, last = self.query_one("#prompt").region.y, choices.region.bottom
        if last - first <= window.height and first <= top:
            top, bottom = first, last
        if top < window.y:
            delta = top - window.y
        elif bottom > window.bottom:
            delta = bottom - window.bottom
        else:
            return
        page.scroll_to(y=page.scroll_y + delta, animate=False, immediate=True)

    def _scrolled(self) -> None:
        self.call_after_refresh(self._show_below)  # the widgets' regions are where they are drawn, once redrawn

    def _show_below(self) -> None:
        """Under the page, a line while choices are below the screen: how many, and the key.

        At 64 x 20 a scene's text fills the screen and its choices are under it: only the scrollbar
        said that there was anything to choose (found in tmux)."""
        below = self.query_one("#below", Static)
        hidden = self._choices_below()
        if hidden:
            count = len(self.query_one("#choices", ChoiceList).items)
            more = " more" if hidden < count else ""
            below.update(f"↓ {hidden}{more} choice{'' if hidden == 1 else 's'} below (PgDn)")
        if below.display != bool(hidden):
            below.display = bool(hidden)

    def _choices_below(self) -> int:
        """How many of the choices start below the page's window."""
        choices = self.query_one("#choices", ChoiceList)
        if not choices.items or not choices.region:
            return 0
        window = self.query_one("#body" if self.has_class("-narrow") else "#main").scrollable_content_region
        try:  # the list's line tables, as _show_highlighted reads them
            lines = [choices._index_to_line[i] for i in range(len(choices.items))]  # type: ignore[index]
        except KeyError:
            return 0
        top = choices.content_region.y - round(choices.scroll_y)
        return sum(1 for line in lines if top + line >= window.bottom)

    # ------------------------------------------------------------ choosing

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.take(event.option_index + 1)

    def action_choose_highlighted(self) -> None:
        current = self.query_one("#choices", ChoiceList).current
        if current is not None:
            self.take(current.value.number)

    def action_pick(self, number: int) -> None:
        self.take(number)

    def take(self, number: int) -> None:
        if not self.in_front or self.shown_version != self.session.version:
            return  # a second quick click or key: the list it was aimed at has gone
        option = self.query_one("#choices", ChoiceList).option_by_number(number)
        if option is None:
            self.app.bell()
            return
        if not option.available:
            self.app.bell()
            self.notify(f"“{option.label}” is not available: {option.reason}", title=f"Choice {number}",
                        severity="warning", timeout=4)
            return
        from ...engine import EngineError

        try:
            outcome = self.session.choose(option.id, background=True)
        except EngineError as exc:  # a pack whose check warnings were ignored (an auto-route loop)
            self.app.bell()
            self.notify(f"{exc}. Run 'summit-game check {self.session.pack.root}' for details.",
                        title="The pack cannot go on this way", severity="error", timeout=10)
            return
        self.show_consequence(outcome)

    def show_consequence(self, outcome: "Outcome") -> None:
        self.app.push_screen(self.app.consequence_screen(outcome), self._after_consequence)
        # once the consequence is drawn (it comes first: that is what the player waits for)
        self.app.call_after_refresh(self.set_timer, PREPARE_AFTER, self._prepare_next_scene)

    def _prepare_next_scene(self) -> None:
        """While the player reads the consequence, show the next scene here, unseen, and draw it.

        Textual lays out the screen under the one in front as it changes; drawing it too
        means Enter only brings it back: the frame composes lines already rendered (every
        widget of a full screen rendered after Enter was the slowest part of a choice).
        Nothing of it shows before Enter; if Enter comes first, the scene is shown then.
        """
        s = self.session
        if self.in_front or not self.alive or s.finished or self.shown_version == s.version:
            return
        self.show_scene()
        self.set_timer(PREPARE_AFTER, self._render_unseen)

    def _compositor_refresh(self) -> None:
        # Textual counts the screen under the one in front as visible and, when it changes,
        # redraws the one in front over it: the whole consequence screen written to the
        # terminal again, unchanged, as the next scene is prepared under it. Under an opaque
        # screen nothing of this one shows; an overlay (help, save...) lets it show through.
        top = self.app.screen
        if top is not self and top.styles.background.a == 1:
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            return
        super()._compositor_refresh()

    def _render_unseen(self) -> None:
        if not self.in_front and self.alive and self.shown_version == self.session.version:
            self._compositor.render_update(full=True)  # fills each widget's line cache; shows nothing
            self._prepare_pages()

    def _after_consequence(self, _: object = None) -> None:
        if self.session.finished:
            self.app.show_game()
        elif self.session.version != self.shown_version:
            self.show_scene()

    # ------------------------------------------------------------ other actions

    def action_journal(self) -> None:
        self.app.open_journal()

    def action_source(self) -> None:
        s = self.session
        hidden = self.app.hide_verdicts
        quotes = s.scene_quotes(options=not hidden)
        current = self.query_one("#choices", ChoiceList).current
        index = 0
        if current is not None and current.value.cite and not hidden:
            key = current.value.cite[0].key
            index = next((i for i, q in enumerate(quotes) if q.key == key), 0)
        self.app.open_source(quotes, index)

    def action_save(self) -> None:
        self.app.open_save()

    def action_meters(self) -> None:
        self.app.open_meters()

    def action_toggle_verdicts(self) -> None:
        self.app.toggle_verdicts()
        self.show_quotes()
        hidden = self.app.hide_verdicts
        self.notify(f"The {self.session.source_kind}'s verdict on each option: "
                    + ("hidden until you choose (the consequence shows it)." if hidden else "shown before you choose."),
                    title="Verdicts", timeout=3)

    def action_load(self) -> None:
        self.app.open_load()

    def action_title(self) -> None:
        self.app.go_title()

    def action_scroll(self, direction: int) -> None:
        target = self.query_one("#body") if self.has_class("-narrow") else self.query_one("#main")
        if direction < 0:
            target.scroll_page_up()
        else:
            target.scroll_page_down()

    def palette_commands(self) -> Iterable[SystemCommand]:
        for o in self.query_one("#choices", ChoiceList).choices:
            if o.available:
                yield SystemCommand(f"Choose {o.number}: {o.label}", f"Take this choice (key {o.number})",
                                    lambda n=o.number: self.take(n))
