"""The first screen of a served tab: the team's name.

Under ``summit-game serve`` every tab is a team's. The name picks the team's own
saves folder (so Continue and Load only offer that team's games, and a reload
finds them again by typing the same name), goes into the top bar, the debrief and
its JSON record. Checked as ``play --team`` checks it (``engine.record.check_team``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from ...engine.record import TEAM_MAX, TeamNameError, check_team
from ...paths import team_slug
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from ..widgets.topbar import TopBar
from .base import GameScreen

ASK = "Your team's name"
HINT = (f"Type it, then press Enter (up to {TEAM_MAX} characters). Your games, saves and debrief are kept under this name: "
        "type the same name after a reload to continue.")


class TeamScreen(GameScreen):
    CSS_PATH = "team.tcss"
    AUTO_FOCUS = "#team"
    BINDINGS = [
        # not a priority binding: the Input takes the keys typed before Enter first (a fast typist's
        # or a paste's "Blue\r" arrives at once), and then submits
        Binding("enter", "done", "Start", tooltip="Play as this team"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar("a policy game in the terminal")
        with VerticalScroll(id="page"):
            with Vertical(id="dialog"):
                yield Static(ASK, classes="heading", markup=False)
                yield Static(HINT, classes="hint", markup=False)
                yield Input(placeholder="e.g. Blue", id="team", max_length=TEAM_MAX)
                yield Static(id="problem", markup=False)
        yield KeyBar()
        yield TooSmall()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#page").can_focus = False  # a click anywhere leaves the typing in the name field
        # A browser tab reports it lost and got back the focus (the page loading, a tap): Textual gives the
        # focus back only to a widget that had it, and this screen can be up before its field had it.
        self.watch(self.app, "app_focus", self._app_focus_changed, init=False)

    def _app_focus_changed(self, focused: bool) -> None:
        if focused and self.is_current and self.focused is None:
            self.query_one("#team", Input).focus(scroll_visible=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#problem", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        raw = self.query_one("#team", Input).value
        problem = self.query_one("#problem", Static)
        try:
            name = check_team(raw)
        except TeamNameError as exc:
            text = str(exc)
            problem.update(f"{text[:1].upper()}{text[1:]}. Type your team's name, then Enter.")
            self.query_one("#team", Input).focus()
            return
        if not team_slug(name):  # pragma: no cover - team_slug always gives a folder name
            problem.update("That name cannot be used; try another.")
            return
        self.app.team_chosen(name)
