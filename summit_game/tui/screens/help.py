"""Help: every key of every screen, generated from the screens' own bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..widgets.hanging import Hanging
from ..widgets.topbar import TopBar
from ..widgets.keybar import KeyBar
from ..widgets.notice import TooSmall
from .base import PagedScreen, page_bindings

INTRO = (
    "The whole game can be played with the number keys and Enter alone: numbers pick, Enter goes on. "
    "Arrows move the highlight (▶, bold, a bar); a mouse click picks too, and every key in the bar at "
    "the bottom can be clicked. Ctrl+P opens the command palette, where every action below is listed by name. "
    "Keys are taken in the order typed. What followed a choice, the ending and a question are always read: "
    "keys typed (and clicks made) before that screen is drawn are ignored, so 2 and Enter typed in one go "
    "take choice 2 and stop at what followed; press Enter once it is on screen."
)

VOICES = (
    "Two voices: “The article — …” (or memo, report...: behind ▌, in quotation marks) is the source's own "
    "words, verbatim, with paragraph numbers; “Keir Starmer, as quoted in the article (…)” is someone the "
    "source quotes: their words, not the source's argument. “The game's model” (behind ╎) is what this "
    "game says follows, and the meters are its model too, not measurements (m explains them). "
    "Click a quote, or press s, to read it in the source; v hides the source's verdict on each option "
    "until you choose."
)


def screens() -> list[tuple[str, type]]:
    from .consequence import ConsequenceScreen
    from .ending import EndingScreen
    from .journal import JournalScreen
    from .load import LoadScreen
    from .meters import MetersScreen
    from .pack_errors import PackErrorsScreen
    from .play import PlayScreen
    from .role import RoleScreen
    from .save import SaveScreen
    from .source import SourceScreen
    from .title import TitleScreen

    return [
        ("Title", TitleScreen), ("Role and route", RoleScreen), ("Play", PlayScreen),
        ("What followed", ConsequenceScreen), ("Source viewer", SourceScreen), ("Journal", JournalScreen), ("Meters", MetersScreen),
        ("Ending and debrief", EndingScreen), ("Save", SaveScreen), ("Load", LoadScreen),
        ("Pack errors (play --watch)", PackErrorsScreen),
    ]


def key_lines(app, bindings) -> list[tuple[str, str]]:
    rows: dict[str, list[str]] = {}
    order: list[str] = []
    bindings = [b if isinstance(b, Binding) else Binding(*b) for b in bindings]
    ranged = {b.action.removesuffix("(1)") for b in bindings if b.action.endswith("(1)") and b.key_display == "1-9"}
    for b in bindings:
        desc = b.description
        if not desc:
            continue
        name, _, number = b.action.partition("(")
        if name in ranged and number[:1] and number[:1] in "23456789":
            continue  # "1-9" covers them (pick(2)... on the game's screens, number(2)... on the vote)
        if b.key == "question_mark" and b.action in ("app.help", "back", "show_help"):
            continue  # said once, under Everywhere
        # a binding of several keys ('escape,q,enter'): each as the key bar would show it
        shown = b.key_display or " / ".join(app.get_key_display(Binding(k.strip(), b.action)) for k in b.key.split(","))
        label = b.tooltip or desc
        if label not in rows:
            rows[label] = []
            order.append(label)
        if shown not in rows[label]:
            rows[label].append(shown)
    return [(" / ".join(rows[label]), label) for label in order]


def key_table(app, bindings) -> Static:
    """The keys of one screen, a row each: the key (bold), then what it does, its wrapped lines indented
    under its first (at 80 columns they ran back under the keys)."""
    rows = key_lines(app, bindings)
    width = max((len(k) for k, _ in rows), default=0)
    return Static(Hanging([(Content.assemble((k.ljust(width), "bold"), "   "), what) for k, what in rows]),
                  classes="keys")


class HelpScreen(PagedScreen):
    CSS_PATH = "help.tcss"
    AUTO_FOCUS = "#page"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Close the help"),
        Binding("q", "back", "Back", show=False),
        Binding("question_mark", "back", "Back", show=False, key_display="?"),
        *page_bindings(),  # the help runs past the screen below 160 x 48: 'PgDn More' says so
    ]

    def compose(self) -> ComposeResult:
        yield TopBar("Help")
        with VerticalScroll(id="page"):
            yield Static("Keys", classes="heading")
            yield Static(INTRO, classes="hint", markup=False)
            yield Static(VOICES, classes="hint", markup=False)
            sections = [("Everywhere", type(self.app))] + screens()
            for title, cls in sections:
                yield Static(title, classes="heading")
                yield key_table(self.app, cls.BINDINGS if title != "Everywhere" else _app_bindings(self.app))
            yield Static("Saves", classes="heading")
            elsewhere = "" if self.app.served is not None else "Use --saves DIR or $SUMMIT_GAME_SAVES for another folder. "
            yield Static(
                f"The game is autosaved after every choice to {self.app.saves_place}. "
                f"{elsewhere}Continue on the title screen "
                "goes on with the last game; Load lists every save, damaged ones marked as such. "
                "The debrief is written there as Markdown when a game ends.",
                classes="hint", markup=False)
            yield Static("Themes and colour", classes="heading")
            yield Static(
                "F2 switches the high-contrast theme; Ctrl+P → 'Theme' lists every theme (the ansi-dark and "
                "ansi-light themes use your terminal's own colours; TEXTUAL_THEME=summit-high-contrast starts "
                "with high contrast). NO_COLOR is honoured; nothing in the game is shown by colour alone. "
                "For a screen reader, play with: summit-game play --plain",
                classes="hint", markup=False)
        yield KeyBar()
        yield TooSmall()

    def action_back(self) -> None:
        self.dismiss(None)


def _app_bindings(app) -> list[Binding]:
    extra = [
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Help: every key (F1 too)"),
        Binding("ctrl+p", "command_palette", "Command palette", tooltip="Every action, by name"),
        Binding("pageup,pagedown", "scroll", "Scroll", key_display="PgUp / PgDn", tooltip="Scroll the text"),
    ]
    return list(type(app).BINDINGS) + extra
