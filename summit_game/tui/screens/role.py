"""Choose a role (with its briefing), then a route where the pack has more than one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static

from ..widgets.choices import INDENT, Item, MarkedList, head
from ..widgets.hanging import Hanging
from ..widgets.page import Page
from ..widgets.topbar import TopBar
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from .base import GameScreen

if TYPE_CHECKING:
    from ...pack import Pack
    from ..catalog import PackEntry


def numbered(number: int, title: str, detail: str, marked: bool) -> Hanging:
    blocks: list = [(head(marked, str(number)), Content.styled(title, "bold"))]
    if detail:
        blocks.append((INDENT, Content.styled(detail, "dim")))
    return Hanging(blocks)


def pick_bindings(enter_tooltip: str, number_tooltip: str) -> list[Binding]:
    """Enter takes the highlighted pick; 1-9 take one by its number."""
    return [
        Binding("enter", "pick_highlighted", "Choose", priority=True, tooltip=enter_tooltip),
        Binding("1", "pick(1)", "Pick", key_display="1-9", tooltip=number_tooltip),
        *[Binding(str(n), f"pick({n})", f"Choose {n}", show=False) for n in range(2, 10)],
    ]


def briefing_bindings(stacked: str) -> list[Binding]:
    """b between the briefing and the content note (stacked), PgDn/PgUp through a long briefing.
    ``stacked`` says where the screen stacks them (its ``taking_turns``), for the tooltips."""
    return [
        Binding("b", "lower(True)", "Briefing",
                tooltip=f"{stacked}: the highlighted role's briefing in the content note's place"),
        Binding("b", "lower(False)", "Content note",
                tooltip=f"{stacked}: the pack's content note in the briefing's place"),
        Binding("pagedown", "scroll_about(1)", "More", key_display="PgDn", priority=True,
                tooltip="The rest of the briefing (or of the roles and the content note, where they run past the screen)"),
        Binding("pageup", "scroll_about(-1)", "Up", key_display="PgUp", show=False, priority=True,
                tooltip="Back up the briefing (or the roles and the content note)"),
    ]


class PickScreen(GameScreen):
    """A numbered list of picks (``#picks``) beside what the highlighted one is (``show_about``).
    A pick is taken by Enter, its number or a click: ``take`` gets the item."""

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_about()

    def show_about(self) -> None:
        """Hook: show what the highlighted pick is."""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._take(event.option_index)

    def action_pick_highlighted(self) -> None:
        self._take(self.query_one("#picks", MarkedList).highlighted)

    def action_pick(self, number: int) -> None:
        self._take(number - 1)

    def _take(self, index: int | None) -> None:
        items = self.query_one("#picks", MarkedList).items
        if index is not None and 0 <= index < len(items):
            self.take(index, items[index])

    def take(self, index: int, item: Item) -> None:
        """Hook: the pick at ``index`` was taken."""

    # the briefing (#right) and the content note take turns when stacked (``briefing_bindings``)
    briefing_shown = True

    @property
    def taking_turns(self) -> bool:
        """Hook: whether the briefing and the content note take turns under the picks (b)."""
        return False

    def show_lower(self) -> None:
        """Hook: show the briefing or the content note, as ``briefing_shown`` says."""

    def action_lower(self, briefing: bool) -> None:
        self.briefing_shown = briefing
        self.show_lower()

    def _runs_on(self):
        """What PgDn/PgUp scroll: the briefing (#right) while it runs past the screen; else, stacked, the
        picks and the content note above it (#left) while they do. At 64 x 20 the workshop's note ran off
        the bottom with no scrollbar and no key to say so."""
        for part in self.query("#right, #left"):
            if part.display and part.styles.overflow_y == "auto" and part.max_scroll_y > 0:
                return part
        return None

    def action_scroll_about(self, pages: int) -> None:
        part = self._runs_on()
        if part is not None:
            part.scroll_page_down(animate=False) if pages > 0 else part.scroll_page_up(animate=False)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "scroll_about":  # only while a part runs past the screen (else the list's own keys)
            return self._runs_on() is not None
        if action == "lower":  # side by side: no key; stacked: the one not shown
            return self.taking_turns and parameters[0] != self.briefing_shown
        return super().check_action(action, parameters)


class RoleScreen(PickScreen):
    CSS_PATH = "role.tcss"
    AUTO_FOCUS = ""  # focused on mount without scrolling: Textual centres a widget it focuses, and a
    # stacked column that scrolls (64 x 20) opened with its question above the screen
    BINDINGS = [
        *pick_bindings("Take the highlighted role or route", "Choose by number"),
        Binding("escape", "back", "Back", tooltip="Back to the role choice, or to the title"),
        *briefing_bindings("Under 100 columns"),  # stacked there only (taking_turns; role.tcss: -narrow)
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, entry: "PackEntry", pack: "Pack", role: str | None = None) -> None:
        super().__init__()
        self.entry = entry
        self.pack = pack
        self.role = role  # set once chosen: then the screen asks for the route
        self.step = "route" if role is not None else "role"
        # under 100 columns (80 x 24) the briefing under the roles had one line left under the content
        # note: the two take turns there (b), the note first
        self.briefing_shown = not pack.manifest.content_note

    def compose(self) -> ComposeResult:
        yield TopBar(self.pack.title, id="topbar")
        with Horizontal(id="columns"):
            with Vertical(id="left"):
                yield Static(id="question", classes="heading", markup=False)
                yield MarkedList(id="picks")
                if self.pack.manifest.content_note:
                    yield Static(f"Content note: {self.pack.manifest.content_note}", id="note", classes="hint",
                                 markup=False)
            with VerticalScroll(id="right"):
                yield Static(id="about-title", classes="heading", markup=False)
                yield Static(id="about", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        self.show_step()

    def show_step(self) -> None:
        picks = self.query_one("#picks", MarkedList)
        question = self.query_one("#question", Static)
        if self.step == "role":
            question.update("Choose your role")
            picks.set_items([
                Item(r.id, lambda m, i=i, r=r: numbered(i, r.title, "", m), value=r)
                for i, r in enumerate(self.pack.roles.values(), 1)
            ])
        else:
            role = self.pack.roles[self.role]  # type: ignore[index]
            question.update(f"Your role: {role.title}.\nHow long do you want to play?")
            picks.set_items([
                Item(r.id, lambda m, i=i, r=r: numbered(i, r.title, r.summary, m), value=r)
                for i, r in enumerate(self.pack.routes.values(), 1)
            ])
        self.set_class(self.step == "route", "-route")  # the content note goes with the role choice
        picks.focus(scroll_visible=False)
        self.show_about()
        self.show_lower()

    def fitted(self, width: int, height: int) -> None:
        self.show_lower()

    @property
    def taking_turns(self) -> bool:
        """Stacked (under 100 columns) with a content note, choosing a role: the note or the briefing."""
        return self.has_class("-narrow") and bool(self.pack.manifest.content_note) and self.step == "role"

    def show_lower(self) -> None:
        self.set_class(self.taking_turns and self.briefing_shown, "-briefing")
        self.set_class(self.taking_turns and not self.briefing_shown, "-note")
        self.remove_class("-cramped")  # measured again once laid out at this size
        self.call_after_refresh(self._measure)

    def _measure(self) -> None:
        """With the note shown, the room left under it shows the briefing's beginning; under five rows,
        none (a sliver of a heading), and the question names b."""
        if not self.is_attached:
            return
        # closed between the refresh that asked for this and now (random input in tmux, seed 24): the
        # look-up below finds nothing and it stops quietly (Fitted.call_after_refresh)
        cramped = self.has_class("-note") and self.query_one("#right").size.height < 5
        self.set_class(cramped, "-cramped")
        if self.step == "role":
            self.query_one("#question", Static).update(
                "Choose your role (b: each role's briefing)" if cramped else "Choose your role")
        self.call_after_refresh(self.refresh_bindings)

    def show_about(self) -> None:
        item = self.query_one("#picks", MarkedList).current
        if item is None:
            return
        title = self.query_one("#about-title", Static)
        about = self.query_one("#about", Static)
        if self.step != "role":  # each route's summary is in the list itself (role.tcss: -route)
            return
        title.update(f"Briefing: {item.value.title}")
        about.update(Page().markdown(item.value.briefing).visual())
        self.query_one("#right", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self.refresh_bindings)  # 'PgDn More' while this text runs past the screen

    def take(self, index: int, item: Item) -> None:
        if self.step == "role":
            self.role = item.id
            preset = self.app.start_route if self.app.start_route in self.pack.routes else None
            if preset is None and len(self.pack.routes) > 1:
                self.step = "route"
                self.show_step()
                return
            self.app.begin(self.pack, self.role, preset or next(iter(self.pack.routes), None))
        else:
            self.app.begin(self.pack, self.role, item.id)  # type: ignore[arg-type]

    def action_back(self) -> None:
        if self.step == "route" and self.app.start_role is None:
            self.step = "role"
            self.show_step()
        else:
            self.app.go_title()

    def palette_commands(self) -> Iterable[SystemCommand]:
        items = self.query_one("#picks", MarkedList).items
        what = "Role" if self.step == "role" else "Route"
        for i, item in enumerate(items):
            yield SystemCommand(f"{what}: {item.value.title}", f"Choose it (key {i + 1})",
                                lambda i=i: self._take(i))
