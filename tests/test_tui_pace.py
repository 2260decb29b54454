"""A choice at Textual's own pace: what each step of a choice draws and reads, counted (no timing).

- While the player reads a consequence, the next scene is shown on the play screen under it and
  drawn there unseen; Enter then renders no widget's content again, and the scene it brings back
  is the very one Enter pressed at once shows.
- No screen reads CSS after the first frame (each new source reparsed the whole stylesheet).
- The consequence screen, shown again for every choice, is not restyled each time, but is after
  the theme changed while it was away.
- No garbage collection runs between a choice's key and its consequence on screen: the game
  collects while the player reads (heap.py), and the terminal game's thresholds are put back
  when it ends.
- None runs either from `summit-game`'s start to its first frame: the collector is off from
  the command line's start and back on once the title is drawn, or when the command stops
  before (a test calling ``main()`` with its own argv is not the game's own process, and
  ``play --watch`` may wait for an edit before any frame: both left alone).
"""

from __future__ import annotations

import gc

from test_tui_support import SCENES, first_available, make_app, new_game, screen_lines, wait_for
from textual.widget import Widget

from summit_game.tui import heap

READ = 0.5  # seconds "reading" the consequence: the next scene is prepared within this


def renders(monkeypatch) -> list[Widget]:
    """Every widget whose content is rendered from now on, in order."""
    rendered: list[Widget] = []
    original = Widget._render_content

    def counting(self):
        rendered.append(self)
        return original(self)

    monkeypatch.setattr(Widget, "_render_content", counting)
    return rendered


class KeyToFrame:
    """True from a choice's key (``start``) until the consequence screen's first frame is out."""

    def __init__(self, monkeypatch) -> None:
        from summit_game.tui.app import SummitApp
        from summit_game.tui.screens.consequence import ConsequenceScreen

        self.on = False
        display = SummitApp._display

        def first_frame_ends_it(app, screen, renderable):
            if isinstance(screen, ConsequenceScreen):
                self.on = False
            return display(app, screen, renderable)

        monkeypatch.setattr(SummitApp, "_display", first_frame_ends_it)

    async def choose(self, pilot) -> None:
        """Take the first available choice and wait for its consequence on screen."""
        self.on = True
        await pilot.press(str(first_available(pilot.app)))
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.pause()
        assert not self.on, "the consequence was not drawn"


async def _play(tmp_path, read: float, journal: bool = False) -> list[str]:
    """The screens after each Enter of a game of first choices, to its ending, Enter pressed
    ``read`` seconds after the consequence shows (with the journal opened and closed first)."""
    app = make_app(saves=tmp_path)
    shown = []
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 2, 1)
        while not app.session.finished:
            await pilot.press(str(first_available(app)))
            await wait_for(pilot, "ConsequenceScreen")
            if read:
                await pilot.pause(read)
            if journal:
                await pilot.press("j")
                await wait_for(pilot, "JournalScreen")
                await pilot.press("escape")
                await wait_for(pilot, "ConsequenceScreen")
            await pilot.press("enter")
            await wait_for(pilot, "EndingScreen" if app.session.finished else "PlayScreen")
            await pilot.pause(0.2)
            lines = screen_lines(app)
            if app.session.finished:  # the ending: its story (the debrief below says where and when it was saved)
                lines = lines[:lines.index("Debrief")]
            shown.append(lines)
    return shown


async def test_the_next_scene_prepared_unseen_is_the_scene_enter_shows_at_once(tmp_path):
    at_once = await _play(tmp_path / "a", 0)
    assert len(at_once) >= 2 and "Decision 2" in at_once[0]
    # Enter during the preparation, after it, and after the journal was opened over the consequence
    for name, read, journal in [("b", 0.06, False), ("c", READ, False), ("d", READ, True)]:
        assert await _play(tmp_path / name, read, journal) == at_once, (read, journal)


async def test_enter_after_reading_renders_no_widget_again(tmp_path, monkeypatch):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        play = app.screen
        title_before = app.session.scene.title
        await pilot.press(str(first_available(app)))
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.pause(READ)
        assert app.screen is not play  # unseen so far
        rendered = renders(monkeypatch)
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        await pilot.pause(0.2)
        assert app.screen is play
        title = app.session.scene.title
        assert title != title_before and title in screen_lines(app)
        widgets = set(play.query("*"))  # the screen's own background is drawn again as it comes back
        again = [f"{type(w).__name__}#{w.id}" for w in rendered if w in widgets]
        assert again == [], f"rendered again after Enter: {again}"


async def test_no_screen_reads_css_after_the_first_frame(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.pause(0.3)  # the styles of every screen are read 0.1 s after the first frame
        sources = set(app.stylesheet.source)
        for key, screen in [(str(first_available(app)), "ConsequenceScreen"), ("s", "SourceScreen"),
                            ("escape", "ConsequenceScreen"), ("j", "JournalScreen"), ("escape", "ConsequenceScreen"),
                            ("enter", "PlayScreen"), ("m", "MetersScreen"), ("escape", "PlayScreen"),
                            ("ctrl+s", "SaveScreen"), ("escape", "PlayScreen"), ("ctrl+o", "LoadScreen"),
                            ("escape", "PlayScreen"), ("f1", "HelpScreen"), ("escape", "PlayScreen"),
                            ("ctrl+p", "Palette"), ("escape", "PlayScreen")]:
            await pilot.press(key)
            await wait_for(pilot, screen)
            assert set(app.stylesheet.source) == sources, f"{screen} read {set(app.stylesheet.source) - sources}"


async def test_the_consequence_screen_takes_a_theme_changed_while_it_was_away(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press(str(first_available(app)))
        await wait_for(pilot, "ConsequenceScreen")
        before = app.screen.query_one("#next").styles.background
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        await pilot.press("f2")  # the high-contrast theme, while the consequence screen is away
        await pilot.pause(0.2)
        await pilot.press(str(first_available(app)))
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.pause(0.1)
        shown = app.screen.query_one("#next").styles.background
        app.screen.update_node_styles(animate=False)  # what a full restyle gives
        assert shown != before
        assert shown == app.screen.query_one("#next").styles.background


async def test_no_collection_runs_between_a_choice_and_its_consequence(tmp_path, monkeypatch):
    collections: list[int] = []
    window = KeyToFrame(monkeypatch)

    def watch(phase, info):
        if window.on and phase == "start":
            collections.append(info["generation"])

    app = make_app(packs=[SCENES / "anchorage"], saves=tmp_path)
    gc.callbacks.append(watch)
    try:
        with heap.paced_collector():
            async with app.run_test(size=(100, 32)) as pilot:
                await new_game(pilot, 1, 1)
                await pilot.pause(READ)  # the player reads the first scene
                choices = 0
                while not app.session.finished and choices < 6:
                    await window.choose(pilot)
                    choices += 1
                    assert collections == [], f"choice {choices}: collections of generations {collections}"
                    await pilot.pause(READ)  # the player reads it: the game collects now
                    assert gc.get_count()[0] < heap.YOUNG // 2
                    await pilot.press("enter")
                    await pilot.pause(0.2)
                assert choices == 6
    finally:
        gc.callbacks.remove(watch)


def test_the_collector_is_paced_while_the_terminal_game_runs_and_put_back_after(monkeypatch):
    from summit_game.tui import app as tui_app

    seen = []
    monkeypatch.setattr(tui_app.SummitApp, "run", lambda self: seen.append(gc.get_threshold()) or 0)
    before = gc.get_threshold()
    assert tui_app.run_app(None) == 0
    assert seen == [(heap.YOUNG, *before[1:])]
    assert gc.get_threshold() == before


def test_a_served_tab_paces_the_collector_as_the_terminal_game_does(monkeypatch, tmp_path):
    from summit_game.serve.config import TabConfig
    from summit_game.tui import app as tui_app
    from summit_game.tui import served

    seen = []
    monkeypatch.setattr(tui_app.SummitApp, "run", lambda self: seen.append(gc.get_threshold()) or 0)
    before = gc.get_threshold()
    assert served.run_tab(TabConfig(saves_root=str(tmp_path))) == 0
    assert seen == [(heap.YOUNG, *before[1:])]
    assert gc.get_threshold() == before


async def test_the_collector_is_off_until_the_title_is_drawn_and_on_after(tmp_path, monkeypatch):
    from summit_game.tui.app import SummitApp
    from summit_game.tui.screens.title import TitleScreen

    at_frames: list[bool] = []
    display = SummitApp._display

    def seen(app, screen, renderable):
        if isinstance(screen, TitleScreen):
            at_frames.append(gc.isenabled())
        return display(app, screen, renderable)

    monkeypatch.setattr(SummitApp, "_display", seen)
    collections: list[int] = []

    def watch(phase, info):
        if phase == "start" and not at_frames:
            collections.append(info["generation"])

    gc.callbacks.append(watch)
    heap.pause_for_start()
    try:
        assert not gc.isenabled()
        app = make_app(packs=[SCENES / "anchorage"], saves=tmp_path)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause(0.2)
            assert at_frames and at_frames[0] is False, "the first frame was drawn with the collector on"
            assert collections == []
            assert "S U M M I T" in screen_lines(app)
            # the app switched it back on (the pack the title loads in the background pauses it again while it loads)
            assert heap.resume_after_start() is False
    finally:
        gc.callbacks.remove(watch)
        heap.resume_after_start()
        gc.enable()


def test_the_collector_is_left_as_it_was_when_the_collector_is_already_off():
    gc.disable()
    try:
        heap.pause_for_start()
        assert heap.resume_after_start() is False
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_summit_game_plays_with_the_collector_off_and_puts_it_back_when_it_stops(monkeypatch):
    from summit_game import cli

    during: list[bool] = []
    monkeypatch.setattr(cli, "cmd_play", lambda args: during.append(gc.isenabled()) or 2)
    monkeypatch.setattr(cli.sys, "argv", ["summit-game"])
    monkeypatch.setattr("summit_game._openssl.keep_openssl_out", lambda asyncio=True: ())
    assert cli.main() == 2  # the console script's own call
    assert during == [False]
    assert gc.isenabled()
    assert cli.main([]) == 2  # a caller's argv: not the game's own process
    assert during == [False, True]
    # play --watch may wait for an edit before its first frame (reloading a pack with errors each time)
    monkeypatch.setattr(cli.sys, "argv", ["summit-game", "play", "--watch", str(SCENES / "tutorial")])
    assert cli.main() == 2
    assert during == [False, True, True]


def test_every_tenth_collection_while_reading_is_a_full_one():
    gc.collect()
    generations = [heap.collect_while_reading() for _ in range(2 * heap.FULL_EVERY)]
    assert generations.count(2) == 2 and generations[heap.FULL_EVERY - 1] == 2
    assert set(generations) == {1, 2}


async def test_each_choice_shows_a_consequence_page_prepared_while_the_player_read(tmp_path, monkeypatch):
    """The page is built, wrapped and drawn ahead for every available choice; the key only shows it."""
    from summit_game.tui.screens import consequence

    built_on_the_key: list[str] = []
    build = consequence.consequence_page
    window = KeyToFrame(monkeypatch)

    def counting(s, outcome, *args, **kwargs):
        if window.on:
            built_on_the_key.append(outcome.label)
        return build(s, outcome, *args, **kwargs)

    monkeypatch.setattr(consequence, "consequence_page", counting)
    app = make_app(packs=[SCENES / "anchorage"], saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.pause(READ)
        for n in range(4):
            await window.choose(pilot)
            shown = screen_lines(app)
            assert f"Decision {n + 1}: what followed" in shown
            assert f"You chose: {app.session.outcomes[-1].label}" in shown
            await pilot.pause(READ)
            await pilot.press("enter")
            await pilot.pause(0.2)
    assert built_on_the_key == []


async def test_the_title_is_styled_as_it_mounts_and_not_again_as_it_is_first_shown(tmp_path, monkeypatch):
    """Setting its size classes restyled the new screen at once, and its first resume restyled
    every widget it had just styled: two passes over the stylesheet before the first frame."""
    from textual.css.stylesheet import Stylesheet

    restyled: list[str] = []
    update_nodes = Stylesheet.update_nodes
    later = {"read": False}  # read_all_styles, 0.1 s after the first frame, restyles every node on purpose

    def recording(self, nodes, animate=False):
        nodes = list(nodes)
        if not later["read"]:
            restyled.extend(type(n).__name__ for n in nodes)
        return update_nodes(self, nodes, animate=animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", recording)
    app = make_app(saves=tmp_path)
    read_all_styles = app.read_all_styles

    def reading_all_styles():
        later["read"] = True  # what follows is not the first frame's (on a loaded machine it came first)
        read_all_styles()

    monkeypatch.setattr(app, "read_all_styles", reading_all_styles)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.pause()
        assert "S U M M I T" in screen_lines(app)
        assert app.screen.has_class("-wide") and not app.screen.has_class("-narrow")
        assert "TitleScreen" not in restyled


async def test_the_first_choice_draws_only_what_changed_on_the_consequence_screen(tmp_path, monkeypatch):
    """The consequence screen, built ahead, is laid out and drawn unseen: the first choice, like
    every later one, draws its page and top bar, and its key bar again only for the key its page
    brings (PgDn, as it runs past the screen), not for every choice."""
    from summit_game.tui.widgets.keybar import KeyBar

    app = make_app(packs=[SCENES / "anchorage"], saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.pause(READ)
        bar = app.get_screen("consequence").query_one(KeyBar)
        keys = bar.keys()  # laid out unseen with no page yet: no PgDn
        rendered = renders(monkeypatch)
        await pilot.press(str(first_available(app)))
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.pause()
        assert "Decision 1: what followed" in screen_lines(app)
        names = {f"{type(w).__name__}#{w.id}" for w in rendered if w.screen is app.screen}
        # the key bar is drawn again only for the key the page brings ('PgDn More': it runs past the screen)
        assert bar.keys() == [("PgDn", "More")] + keys
        assert "Static#story" in names and [w for w in rendered if w is bar] == [bar], names
        for n in (2, 3):  # later choices' pages run on too: the same keys, the bar is not drawn again
            await pilot.press("enter")
            await wait_for(pilot, "PlayScreen")
            await pilot.pause(READ)
            rendered.clear()
            await pilot.press(str(first_available(app)))
            await wait_for(pilot, "ConsequenceScreen")
            await pilot.pause()
            assert f"Decision {n}: what followed" in screen_lines(app)
            assert bar.keys()[0] == ("PgDn", "More") and bar not in rendered
