"""Hostile packs and saves against the Textual game (issue 11): nothing crashes, hangs or reaches the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_tui_support import TUTORIAL, make_app, new_game, screen_lines, screen_name, until, wait_for


def big_source_pack(tmp_path: Path, paragraphs: int) -> Path:
    """The tutorial with ``paragraphs`` one-letter paragraphs before its memo (3 bytes each)."""
    folder = tmp_path / "big"
    shutil.copytree(TUTORIAL, folder)
    src = folder / "sources" / "river-memo.md"
    _, head, body = src.read_text(encoding="utf-8").split("---\n", 2)
    filler = "".join(f"{chr(97 + i % 26)}\n\n" for i in range(paragraphs))
    src.write_text(f"---\n{head}---\n{filler}{body}", encoding="utf-8")
    return folder


async def test_a_source_of_200000_paragraphs_opens_drawing_only_what_is_in_view(tmp_path):
    folder = big_source_pack(tmp_path, 200_000)
    assert (folder / "sources" / "river-memo.md").stat().st_size > 600_000
    app = make_app(packs=[folder], saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("s")
        await wait_for(pilot, "SourceScreen")
        await pilot.pause(0.1)
        text = app.screen.query_one("#text")
        q = app.screen.quotes[app.screen.index]
        assert q.paragraph > 200_000 and text.paragraph_count == 200_005
        # one widget for the whole text, and only the paragraphs in view were rendered
        assert len(list(app.screen.query("*"))) < 40
        assert text.rendered <= text.size.height
        shown = screen_lines(app)
        assert f"▌ ¶{q.paragraph} The two villages on either side of the river" in shown
        # it scrolls like the rest of the game: End, then Home, each drawing one screenful more
        before = text.rendered
        await pilot.press("end")
        await pilot.pause()
        assert "¶200005 A mediator from the market town" in screen_lines(app)
        await pilot.press("home")
        await pilot.pause()
        assert "¶1 a" in screen_lines(app) and "¶2 b" in screen_lines(app)
        assert text.rendered - before <= 2 * text.size.height
        await pilot.press("escape")
        await wait_for(pilot, "PlayScreen")


# ---------------------------------------------------------------- markup in every text field (issue 11, item 1)

MARK = "[b]B[/b]"  # shown as these eight characters, never as a bold B


def hostile_text(folder: Path) -> str:
    """'[/]' crashed Ctrl+P; the click link overwrote a file outside the saves folder."""
    return f"{MARK}[/][@click=app.screenshot('pwned.txt','{folder}')]C[/] "


def live_links(app) -> list[str]:
    """Every click action drawn on the screen (a markup link would show up here)."""
    actions = []
    for strip in app.screen._compositor.render_strips():
        for seg in strip:
            meta = seg.style.meta if seg.style is not None else {}
            if meta.get("@click"):
                actions.append(str(meta["@click"]))
    return actions


async def palette_lines(pilot) -> str:
    """The screen once the palette's list has settled (it fills in from a worker)."""
    from textual.command import CommandList

    palette = pilot.app.screen
    for _ in range(100):
        await pilot.pause(0.02)
        if not palette.query_one(CommandList).option_count:
            continue
        if not any(w.is_running for w in palette.workers):
            break
    await pilot.pause()
    return screen_lines(pilot.app)


async def look(pilot, where: str, shows_pack_text: bool = True) -> None:
    """On this screen and in its command palette (listed, then searched): literal text, no links, no crash."""
    app = pilot.app
    await pilot.pause()
    if shows_pack_text:
        assert MARK in screen_lines(app), where
    assert not [a for a in live_links(app) if "screenshot" in a], where
    screen = app.screen
    await pilot.press("ctrl+p")
    await wait_for(pilot, "Palette")
    listed = await palette_lines(pilot)
    await pilot.press("[", "b", "]")  # a search: the palette's fuzzy highlight path
    searched = await palette_lines(pilot)
    assert not [a for a in live_links(app) if "screenshot" in a], where
    await pilot.press("pageup", "pagedown", "down", "up")
    await pilot.press("escape")
    for _ in range(100):
        if app.screen is screen:
            break
        await pilot.pause(0.02)
    assert app.screen is screen, where
    if shows_pack_text and where in ("title", "role", "route", "play"):
        # these screens list pack text as commands (choices, roles, routes, packs)
        assert MARK in listed and MARK in searched, where


async def test_markup_in_every_text_field_is_shown_as_written_on_every_screen_and_the_palette(tmp_path):
    from hostile import markup_pack

    evil, fields = markup_pack(TUTORIAL, tmp_path / "evil", hostile_text(tmp_path))
    # the fields come from the models: the ones any screen shows are all there
    for name in (".title", ".summary", ".briefing", ".label", ".reason (added)", ".note", ".quote", ".text",
                 ".speaker", ".location", ".licence", ".publisher", ".debrief[0]", ".description (added)"):
        assert any(w.endswith(name) for w in fields), name
    app = make_app(packs=[evil], saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await look(pilot, "title")
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        await look(pilot, "role")
        await pilot.press("1")
        await pilot.pause()
        await look(pilot, "route")
        await pilot.press("1")
        await wait_for(pilot, "PlayScreen")
        await look(pilot, "play")
        for key, name in [("j", "JournalScreen"), ("escape", "PlayScreen"), ("s", "SourceScreen"),
                          ("escape", "PlayScreen")]:
            await pilot.press(key)
            await wait_for(pilot, name)
            await look(pilot, name)
        await pilot.press("1")  # recount history: trust 2 -> 1, so 'share' is disabled with its reason
        await wait_for(pilot, "ConsequenceScreen")
        await look(pilot, "consequence")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        await pilot.press("1")  # the disabled choice: its reason in a notice
        await look(pilot, "disabled choice")
        await pilot.press("ctrl+s")
        await wait_for(pilot, "SaveScreen")
        await look(pilot, "save", shows_pack_text=False)
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        await pilot.press("ctrl+o")
        await wait_for(pilot, "LoadScreen")
        await look(pilot, "load")
        await pilot.press("escape")
        await wait_for(pilot, "PlayScreen")
        await pilot.press("question_mark")
        await wait_for(pilot, "HelpScreen")
        await look(pilot, "help", shows_pack_text=False)
        await pilot.press("escape")
        from test_tui_support import drive

        await wait_for(pilot, "PlayScreen")
        await drive(pilot)
        await look(pilot, "ending")
    assert not (tmp_path / "pwned.txt").exists()


# ---------------------------------------------------------------- fast input (issue 11, item 4)


def burst(app, *keys: str) -> None:
    """Keys queued at once, as a terminal delivers a fast burst (Pilot.press waits after each)."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, None))


async def test_two_quick_clicks_on_two_choices_take_one_decision(tmp_path):
    """The second click reached the list after the first choice: KeyError in the quote panel, or a second choice."""
    from textual.widgets import OptionList

    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        choices = app.screen.query_one("#choices")
        first, second = app.session.options()[0], app.session.options()[1]
        # both selections queued before either is handled, as two fast clicks are
        for message, index in [(OptionList.OptionSelected, 0), (OptionList.OptionHighlighted, 1),
                               (OptionList.OptionSelected, 1)]:
            choices.post_message(message(choices, choices.get_option_at_index(index), index))
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.pause(0.1)
        assert [o.choice for o in app.session.outcomes] == [first.id]
        assert second.id != first.id
        assert len(app.screen_stack) == 2  # the scene (which replaced the title at the bottom), its one consequence


async def test_palette_then_page_up_in_one_burst(tmp_path):
    """Ctrl+P and PageUp in one burst paged a list not laid out yet: KeyError: 0."""
    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        for keys in [("ctrl+p", "pageup"), ("ctrl+p", "pagedown", "pageup"), ("ctrl+p", "down", "pageup")]:
            burst(app, *keys)
            await wait_for(pilot, "Palette")
            await pilot.press("escape")
            await wait_for(pilot, "PlayScreen")


async def test_palettes_textual_opens_itself_are_the_guarded_one(tmp_path):
    """The palette's 'Theme' entry opened Textual's own palette: a click on its background
    that came after it closed popped the screen under it ('Can't pop screen')."""
    from summit_game.tui.palette import Palette

    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        play = app.screen
        for opened in (app.search_themes, lambda: app.search_commands([("Quit", app.exit)])):
            opened()
            await wait_for(pilot, "Palette")
            palette = app.screen
            assert isinstance(palette, Palette)
            palette.dismiss()
            await wait_for(pilot, "PlayScreen")
            palette.dismiss()  # late: nothing
            await pilot.pause()
            assert app.screen is play


async def test_late_input_for_a_closed_screen_does_nothing(tmp_path):
    """A dismiss, an action or a list refresh that arrives after its screen closed changes nothing."""
    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        title = app.screen
        await pilot.press("question_mark")
        await wait_for(pilot, "HelpScreen")
        helpscreen = app.screen
        helpscreen.dismiss()
        helpscreen.dismiss()  # twice: it popped the title too ('pop from empty list', 'Can't pop screen')
        await wait_for(pilot, "TitleScreen")
        assert app.screen is title and len(app.screen_stack) == 1  # the title is the app's first screen
        assert await app.run_action("back", helpscreen) is False  # its Esc, arriving late: nothing
        assert app.screen is title
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        title.refresh_menu()  # the saves look-up finishing after the title was replaced ('NoMatches #menu')
        await pilot.pause()
        assert type(app.screen).__name__ == "RoleScreen"


async def test_a_crash_exits_non_zero_and_keeps_the_autosave(tmp_path, monkeypatch):
    from summit_game.engine import saves
    from summit_game.tui.app import CRASHED, crash_message
    from summit_game.tui.screens.play import PlayScreen

    real = PlayScreen.show_scene

    def show_scene(self):
        if self.session.step == 2:
            raise RuntimeError("a bug in drawing the second scene")
        real(self)

    monkeypatch.setattr(PlayScreen, "show_scene", show_scene)
    app = make_app(saves=tmp_path / "saves")
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await new_game(pilot, 1, 1)
            await pilot.press("2", "enter")  # listen: drawing the next scene crashes
            await pilot.pause(0.5)
    except RuntimeError:
        pass
    assert app.return_code == 1 and CRASHED != 0
    app.flush_saves()
    message = crash_message(app)
    path = app.session.last_save.path
    assert message.splitlines() == [
        "summit-game: the game stopped on an internal error (a bug; the details are above).",
        f"Your last decision is in the autosave {path}: Continue on the title screen goes on from it.",
    ]
    from summit_game.pack import load_pack

    loaded = saves.load_game(tmp_path / "saves", path.stem, load_pack(TUTORIAL))
    assert [o.choice for o in loaded.outcomes] == ["listen"]


async def test_the_palette_opening_over_a_closed_role_screen_offers_no_roles_and_does_not_crash(tmp_path):
    """Random input in tmux: the palette asked a role screen for its roles after its list was gone."""
    from summit_game.tui.app import SummitApp
    from summit_game.tui.screens.role import RoleScreen

    app = SummitApp(saves=str(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")  # the first pack: its roles
        for _ in range(200):
            await pilot.pause(0.02)
            if isinstance(app.screen, RoleScreen):
                break
        screen = app.screen
        assert isinstance(screen, RoleScreen)
        titles = [c.title for c in app.get_system_commands(screen)]
        assert any(t.startswith("Role: ") for t in titles)
        await screen.query_one("#picks").remove()  # as when it closes in the same burst
        titles = [c.title for c in app.get_system_commands(screen)]
        assert not any(t.startswith("Role: ") for t in titles) and "Quit" in titles


async def test_a_command_picked_in_the_palette_runs_only_on_the_screen_it_was_offered_on(tmp_path):
    """The palette runs a picked command a moment after it closes; a key in the same burst had opened
    the Load screen by then, and Textual's 'Keys' mounted its panel on it before it was composed
    (MountError; random input in tmux, seed 3)."""
    from textual.widgets import HelpPanel

    from summit_game.tui.palette import LiteralCommands

    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        title = app.screen
        hits = [hit async for hit in LiteralCommands(title).discover()]
        keys = next(hit for hit in hits if hit.text == "Keys")
        await pilot.press("l")  # the Load screen opens before the picked command runs
        await wait_for(pilot, "LoadScreen")
        keys.command()  # late: offered on the title, which is not in front
        await pilot.pause()
        assert not app.screen.query(HelpPanel) and not title.query(HelpPanel)
        await pilot.press("escape")
        await wait_for(pilot, "TitleScreen")
        keys.command()  # in front again: it runs
        await pilot.pause()
        assert app.screen.query(HelpPanel)


async def test_quitting_while_the_load_screen_reads_the_saves_folder_is_a_clean_exit(tmp_path, monkeypatch):
    """Ctrl+Q while the Load screen's worker read the folder: the worker then looked up a list the
    closing app had removed (NoMatches, exit 70; random input in tmux, seed 3)."""
    import threading

    from summit_game.engine import saves

    real, reading, release = saves.list_saves, threading.Event(), threading.Event()

    def slow_list(folder):
        reading.set()
        release.wait(10)
        return real(folder)

    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        monkeypatch.setattr(saves, "list_saves", slow_list)
        await pilot.press("l")
        await wait_for(pilot, "LoadScreen")
        load = app.screen
        for widget in list(load.children):  # as the app closing removes them, the worker still reading
            await widget.remove()
        app.leaving = True
        release.set()
        await pilot.pause(0.3)
        assert app.return_code is None  # no internal error: the worker stopped quietly
        assert load.is_attached and not load.query("#saves")
        app.leaving = False


async def test_keys_meant_for_a_palette_that_was_closed_under_them_do_nothing(tmp_path):
    """The projector closes an open palette when a vote's timer moves the room on; an Up already
    on its way then reached the closed palette ('NoMatches' for its list: exit 70 in tmux)."""
    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        play = app.screen
        await pilot.press("ctrl+p")
        await wait_for(pilot, "Palette")
        palette = app.screen
        app.pop_screen()  # what a room's change does to a palette left open
        await wait_for(pilot, "PlayScreen")
        for action in ("command_list('cursor_up')", "cursor_down", "command_list('page_up')",
                       "command_list('last')", "escape"):
            assert await app.run_action(action, palette) is False
        await pilot.pause()
        assert app.screen is play and app.return_code is None


async def test_ctrl_q_quits_while_the_next_screen_is_still_being_composed(tmp_path):
    """A key that reaches a screen before its widgets are mounted is dropped, but Ctrl+Q acts on no
    screen: pressed between a screen's push and its mount (a resize and Ctrl+Q under load in tmux),
    it was dropped too, and the game would not quit."""
    from summit_game.tui.screens.confirm import ConfirmScreen

    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        coming = ConfirmScreen("Start again?", "A screen on its way in.")
        app.push_screen(coming)
        assert app.screen is coming and not coming.is_mounted
        assert await app.run_action("back", coming) is False  # its own keys still wait for it
        assert await app.run_action("quit") is True
        await pilot.pause()
    assert app.return_code == 0


async def test_ctrl_q_quits_cleanly_while_a_palette_is_still_being_composed(tmp_path):
    """Ctrl+P and Ctrl+Q in one burst: the palette, torn down half-built, had its search look for
    its list (NoMatches, an error on the way out); the quit lets it finish composing first."""
    from summit_game.tui.palette import Palette

    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        palette = Palette()
        app.push_screen(palette)
        assert app.screen is palette and not palette.is_mounted
        assert await app.run_action("quit") is True
        await pilot.pause()
    assert app.return_code == 0


async def test_keys_that_reach_a_palette_before_it_is_composed_do_nothing(tmp_path):
    """Ctrl+P and Up in one burst: Up reached the new palette before its list was there (NoMatches)."""
    from summit_game.tui.palette import Palette

    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        palette = Palette()
        app.push_screen(palette)
        assert app.screen is palette and not palette.is_mounted
        for action in ("command_list('cursor_up')", "cursor_down", "command_list('page_up')", "escape"):
            assert await app.run_action(action, palette) is False
        await wait_for(pilot, "Palette")
        await pilot.pause(0.3)
        assert app.screen is palette and app.return_code is None
        await pilot.press("escape")
        await wait_for(pilot, "PlayScreen")


# A coroutine never awaited is reported as the game quits ("RuntimeWarning: coroutine
# 'TitleScreen._look_up_latest' was never awaited", and 'Fitted._unless_gone'): made errors here.
NEVER_AWAITED_IS_AN_ERROR = pytest.mark.filterwarnings(
    "error::RuntimeWarning", "error::pytest.PytestUnraisableExceptionWarning")


@NEVER_AWAITED_IS_AN_ERROR
async def test_a_screens_worker_cancelled_before_it_ran_has_its_coroutine_closed(tmp_path):
    """The title's look-up, asked for as Ctrl+Q quit (its timer's last callback, the screen already
    gone), was started and then cancelled with every worker as the app closed, before its task took
    a step: its coroutine was never awaited. Textual's own last act, in the same order."""
    import gc

    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        title = app.screen
        ran = []

        async def work():
            ran.append(1)

        # two in one burst: the second (exclusive) cancels the first before it ran
        first = title.run_worker(work(), group="twice", exclusive=True)
        second = title.run_worker(work(), group="twice", exclusive=True)
        assert first.is_cancelled
        await second.wait()
        assert ran == [1]  # the second ran, the first never did
        app.exit(0)
        worker = title.run_worker(work(), group="latest", exclusive=True)
        app.workers.cancel_all()  # what the closing app does next (App._process_messages)
        assert worker.is_cancelled
        await pilot.pause()
    del worker, first, second
    gc.collect()
    assert ran == [1] and app.return_code == 0


@NEVER_AWAITED_IS_AN_ERROR
async def test_ctrl_q_as_the_title_looks_for_the_last_game_leaves_no_coroutine_unawaited(tmp_path):
    """The CI run's case: Ctrl+Q with a screen on its way in, while the title's timer is due."""
    import gc

    from summit_game.tui.screens.confirm import ConfirmScreen

    for _ in range(5):  # the timer falls before or after the quit: either way, nothing is left unawaited
        app = make_app(saves=tmp_path / "saves")
        async with app.run_test(size=(100, 32)) as pilot:
            await wait_for(pilot, "TitleScreen")
            app.push_screen(ConfirmScreen("Start again?", "A screen on its way in."))
            assert await app.run_action("quit") is True
            await pilot.pause()
        assert app.return_code == 0
        gc.collect()


async def test_a_scenarios_number_then_enter_opens_that_scenario(tmp_path):
    # '2', then Enter to be sure, while the second scenario loaded: the Enter opened the one highlighted
    # before, cancelling the one asked for (found in tmux: 2 Enter on the title gave Anchorage's roles)
    app = make_app(packs=[TUTORIAL, TUTORIAL.parent / "anchorage"], saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        title = app.screen
        title.action_pick(2)  # both keys in one read from the terminal, as tmux sends them: handled
        title.action_play()  # before the scenario's worker has run at all
        await wait_for(pilot, "RoleScreen")
        assert app.screen.pack.id == "anchorage"
        await until(pilot, lambda: "Choose your role" in screen_lines(app))


# ------------------------------------------------------------ late callbacks of a closed screen
# Textual runs a callback asked for after a refresh on the screen in front when it runs: the one
# that asked may have closed meanwhile, its widgets gone or going. While Textual tears a replaced
# screen down it is still attached, off the stack, its widgets leaving one by one; the tests hold
# it there (installed, so Textual keeps it) and take its widgets away themselves.


def hold_closing(app, screen) -> None:
    """Keep ``screen`` attached once it closes, as Textual's teardown has it for a while (``empty`` then
    takes its widgets away, as the teardown does one by one)."""
    app.install_screen(screen, "closing")


async def empty(screen) -> None:
    for widget in list(screen.children):
        await widget.remove()


async def test_a_role_screens_measure_after_it_closed_stops_quietly(tmp_path):
    """Random input in tmux (seed 24): the role screen's measure after a refresh found no '#right'
    (exit 70); it stops quietly now as the screen's other late work does, not by a check of its own."""
    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        role = app.screen
        hold_closing(app, role)
        await pilot.press("escape")  # back to the title: the role screen closes
        await wait_for(pilot, "TitleScreen")
        await empty(role)
        role.show_lower()  # a resize that reached it as it closed: a measure, after the title's refresh
        await pilot.pause(0.1)
        assert app.return_code is None
        assert screen_name(app) == "TitleScreen"


async def test_pages_prepared_for_a_scene_closed_meanwhile_stop_quietly(tmp_path, monkeypatch):
    """The consequence screen, built while the player reads the first scene, prepares that scene's
    pages once it is laid out: after a refresh, by which time Esc may have closed the play screen
    ('NoMatches #choices' on the PlayScreen, exit 70). Its lay-out is held here until then."""
    from summit_game.tui.screens.consequence import ConsequenceScreen

    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot)
        play = app.screen
        await pilot.pause(0.2)  # its own consequence screen is built: built again, as after a reload
        app.uninstall_screen("consequence")
        lay_out, held = ConsequenceScreen._lay_out_unseen, []
        monkeypatch.setattr(ConsequenceScreen, "_lay_out_unseen", lambda screen: held.append(screen))
        play._prepare_consequence()  # its timer's callback, as Esc comes
        hold_closing(app, play)
        await pilot.press("escape")
        await wait_for(pilot, "TitleScreen")
        await empty(play)
        for _ in range(50):
            if held:
                break
            await pilot.pause(0.02)
        lay_out(held[0])  # laid out now: the pages of a scene no longer shown
        await pilot.pause()
        assert app.return_code is None
        assert not held[0]._pages


async def test_a_late_callback_finding_no_widget_is_still_an_error_while_its_screen_is_open(tmp_path):
    """Only a screen that has closed (or a game that quits) makes a missing widget quiet: on the
    screen in front it is a bug, and the game stops on it."""
    from textual.css.query import NoMatches

    app = make_app(saves=tmp_path / "saves")
    with pytest.raises(NoMatches):
        async with app.run_test(size=(100, 32)) as pilot:
            await wait_for(pilot, "TitleScreen")
            title = app.screen
            title.set_timer(0.01, lambda: title.query_one("#no-such-widget"))
            await pilot.pause(0.2)
    assert app.return_code == 1


async def test_a_timers_callback_for_a_closed_screen_stops_quietly(tmp_path):
    """A screen's timer and its callbacks after a refresh that look up a widget of the closed screen: nothing."""
    app = make_app(saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        role = app.screen
        hold_closing(app, role)
        await pilot.press("escape")
        await wait_for(pilot, "TitleScreen")
        await empty(role)
        ran = []
        role.set_timer(0.01, lambda: ran.append(role.query_one("#picks")))
        role.call_after_refresh(lambda: ran.append(role.query_one("#picks")))
        await pilot.pause(0.2)
        assert app.return_code is None and ran == []
