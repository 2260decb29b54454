"""The game played through the app with Pilot, as a player would (keys, mouse, resizes)."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from test_tui_support import TUTORIAL, bundled, choose, drive, first_available, make_app, new_game, screen_lines, screen_name, text_of, until, wait_for

from summit_game.engine import saves

ROLES = []
for folder in bundled():
    from summit_game.pack import load_pack

    pack = load_pack(folder)
    for role in pack.roles:
        for route in (list(pack.routes) or [None])[:2]:
            ROLES.append(pytest.param(folder, role, route, id=f"{folder.name}-{role}-{route}"))


@pytest.mark.parametrize("folder, role, route", ROLES)
async def test_whole_playthrough_to_the_debrief_by_keys(folder, role, route, tmp_path):
    """Number keys and Enter alone take every role (and route) to the ending and its debrief."""
    from summit_game.pack import load_pack

    pack = load_pack(folder)
    role_number = list(pack.roles).index(role) + 1
    route_number = list(pack.routes).index(route) + 1 if route else None
    app = make_app(packs=[folder], saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, role_number, route_number)
        assert app.session.state.role == role and app.session.state.route == route
        seen = await drive(pilot)
        assert "ConsequenceScreen" in seen
        text = text_of(app)
        assert "Debrief" in text
        assert "The path you took" in text and "Discussion questions" in text
        for question in app.session.ending.debrief:
            assert question in text
        exported = list(tmp_path.glob("debrief-*.md"))
        assert len(exported) == 1
        assert f"Debrief saved to {exported[0]}" in text
        assert "# Debrief" in exported[0].read_text()
        # the autosave holds the finished game
        app.flush_saves()
        assert saves.latest(tmp_path).steps == len(app.session.outcomes)
        await pilot.press("enter")
        await wait_for(pilot, "TitleScreen")


async def test_arrows_enter_and_mouse_choose_too(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("down", "enter")  # the second choice of the east envoy: "listen"
        await wait_for(pilot, "ConsequenceScreen")
        assert app.session.outcomes[-1].choice == "listen"
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        choices = app.screen.query_one("#choices")
        # click the second line of the list: "Build a second bridge" (the first, 'share', is available at trust 3)
        await pilot.click(choices, offset=(6, 1))
        await wait_for(pilot, "ConsequenceScreen")
        assert app.session.outcomes[-1].choice == "build"


async def test_disabled_choice_says_why_and_does_nothing(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("1")  # east: recount history, trust 2 -> 1
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        options = app.session.options()
        share = next(o for o in options if o.id == "share")
        assert not share.available
        assert "Not available: Sharing needs at least some trust" in str(
            app.screen.query_one("#choices").get_option_at_index(0).prompt.plain)
        await pilot.press(str(share.number))
        await pilot.pause()
        assert screen_name(app) == "PlayScreen" and len(app.session.outcomes) == 1
        assert any("not available" in n.message for n in app._notifications)


async def test_meters_show_the_change_after_a_choice(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("2")  # listen: trust 2 -> 3
        await wait_for(pilot, "ConsequenceScreen")
        effects = app.screen.query_one("#story").visual.plain
        assert "2 → 3" in effects and "▲ +1 better" in effects
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        meters = app.screen.query_one("#meters").visual.plain
        assert "3/10" in meters and "▲ +1 better" in meters


async def test_consequence_keeps_the_two_voices_apart(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("2")
        await wait_for(pilot, "ConsequenceScreen")
        story = app.screen.query_one("#story").visual.plain
        lines = story.splitlines()
        model = lines.index("╎ The game's model:")
        assert lines[model + 1] == "╎ A pause, then a real answer. The room relaxes a little."
        article = lines.index("▌ The memo — The summit-game authors, ¶4:")
        assert lines[article + 1] == "▌ “Agreements that give both sides a reason to keep them last longer”"
        assert "Quoted from: The summit-game authors" in story
        # the quote opens the source where it is (a click on the quoted words)
        await pilot.click("#story", offset=(10, article + 1))
        await wait_for(pilot, "SourceScreen")
        assert app.screen.quotes[app.screen.index].quote.startswith("Agreements")


async def test_save_quit_continue(tmp_path):
    app = make_app(saves=tmp_path, seed=4)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 2, 1)  # west, full
        await pilot.press("2")  # listen
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        state = app.session.state
        await pilot.press("ctrl+q")
    assert app.return_value in (None, 0)

    app2 = make_app(saves=tmp_path)
    async with app2.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.pause(0.2)
        menu = app2.screen.query_one("#menu")
        for _ in range(100):  # the role's title comes once the pack has loaded, in the background
            detail = menu.item("continue").render(False).plain
            if "Envoy" in detail:
                break
            await pilot.pause(0.05)
        assert detail == "  c  Continue  The River Bridge (tutorial) · Envoy of the west bank at “Three ways forward” · 1 decision · just now"
        await pilot.press("c")
        await wait_for(pilot, "PlayScreen")
        assert app2.session.state == state
        assert app2.session.scene.id == "proposal"
        assert [o.choice for o in app2.session.outcomes] == ["listen"]


async def test_named_save_and_load(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("ctrl+s")
        await wait_for(pilot, "SaveScreen")
        slot = app.screen.query_one("#slot")
        slot.value = ""
        await pilot.press(*"Bad Name!")  # capitals made small, a space '-', what a slot cannot hold left out
        assert slot.value == "bad-name"
        slot.value = ""
        await pilot.press(*"before-vote", "enter")
        await wait_for(pilot, "PlayScreen")
        assert (tmp_path / "before-vote.json").exists()
        state = app.session.state
        await choose(pilot, 2)  # listen, then on
        assert app.session.state != state
        await pilot.press("ctrl+o")
        await wait_for(pilot, "LoadScreen")
        await pilot.pause(0.2)
        listed = app.screen.query_one("#saves")
        ids = [it.id for it in listed.items]
        assert set(ids) == {app.session.autosave_name, "before-vote"}
        assert app.session.autosave_name.startswith("autosave-tutorial-")
        listed.highlighted = ids.index("before-vote")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        await pilot.pause(0.1)
        assert app.session.state == state


async def test_a_damaged_save_is_shown_as_damaged_and_the_game_goes_on(tmp_path):
    (tmp_path / "broken.json").write_text('{"format": "summit-game-save", "trunc')
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("l")
        await wait_for(pilot, "LoadScreen")
        await pilot.pause(0.2)
        listed = app.screen.query_one("#saves")
        broken = listed.item("broken")
        assert broken is not None and broken.disabled
        assert "DAMAGED" in broken.render(False).plain
        await pilot.press("enter")  # nothing to load: a bell, no crash
        await pilot.press("escape")
        await wait_for(pilot, "TitleScreen")
        await new_game(pilot, 1, 1)  # the game goes on


async def test_a_save_from_an_edited_pack_resumes_where_it_still_fits(tmp_path):
    pack_dir = tmp_path / "pack"
    shutil.copytree(TUTORIAL, pack_dir)
    folder = tmp_path / "saves"
    app = make_app(packs=[pack_dir], saves=folder, seed=2)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await choose(pilot, 2)  # listen
        await pilot.press("1")  # share (trust 3)
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.press("ctrl+q")
    # the author renames the 'share' choice: the save's second step no longer fits
    scenes = pack_dir / "scenes" / "meeting.yaml"
    text = scenes.read_text()
    assert "      - id: share\n" in text
    scenes.write_text(text.replace("      - id: share\n", "      - id: share_tolls\n"))
    app2 = make_app(packs=[pack_dir], saves=folder)
    async with app2.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        from textual import events

        early = events.Key("enter", "\r")  # Enter typed with Continue, before the question was drawn...
        await pilot.press("c")
        await wait_for(pilot, "ConfirmScreen")
        app2.post_message(early)  # ...taken once it is in front: not an answer to a question unseen
        await pilot.press("ctrl+p")  # taken after it: the palette over the question, then back to it
        await wait_for(pilot, "Palette")
        await pilot.press("escape")
        await wait_for(pilot, "ConfirmScreen")
        message = text_of(app2)
        assert "fits up to decision 1 of 2" in message
        await pilot.press("enter")  # resume from there
        await wait_for(pilot, "PlayScreen")
        assert app2.session.scene.id == "proposal" and len(app2.session.outcomes) == 1


async def test_source_viewer_highlights_the_quote(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await choose(pilot, 2)
        await pilot.press("s")  # the highlighted choice is 'share': its quote comes first
        await wait_for(pilot, "SourceScreen")
        await pilot.pause(0.1)
        screen = app.screen
        q = screen.quotes[screen.index]
        assert q.quote.startswith("share the bridge and its tolls")
        from summit_game.tui.widgets.source_text import HIGHLIGHT

        text = screen.query_one("#text")
        assert text.is_quoted(q.paragraph)
        content = text.paragraph_content(q.paragraph)
        highlighted = [content.plain[s.start:s.end] for s in content.spans if s.style == HIGHLIGHT]
        assert highlighted == [" ".join(q.quote.split())]
        assert "Licence: CC0 1.0" in screen.query_one("#ref").visual.plain
        assert f"paragraph {q.paragraph}" in screen.query_one("#cite").visual.plain
        # next / previous citation move the highlight
        await pilot.press("n")
        await pilot.pause()
        q2 = screen.quotes[screen.index]
        assert q2 != q
        assert text.is_quoted(q2.paragraph) and (q2.paragraph == q.paragraph or not text.is_quoted(q.paragraph))
        await pilot.press("p")
        assert screen.quotes[screen.index] == q
        await pilot.press("escape")
        await wait_for(pilot, "PlayScreen")


async def test_source_viewer_scrolls_to_a_quote_far_down(tmp_path):
    folder = next((p for p in bundled() if p.name == "anchorage"), None)
    if folder is None:
        pytest.skip("the Anchorage pack is not here")
    from summit_game.pack import load_pack

    pack = load_pack(folder)
    last = max(pack.all_quotes(), key=lambda q: q.start)
    app = make_app(packs=[folder], saves=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot, 1, 1)
        app.open_source([last], 0)
        await wait_for(pilot, "SourceScreen")
        await pilot.pause(0.2)
        text = app.screen.query_one("#text")
        assert text.scroll_y > 0
        top = text.line_of(last.paragraph) - text.scroll_y + text.content_region.y
        assert text.content_region.y <= top < text.content_region.bottom  # the quoted paragraph is in view
        # and it is drawn there, with its bar in the margin
        assert "▌ ¶%d " % last.paragraph in screen_lines(app)


async def test_the_source_viewer_keeps_its_quote_in_view_through_resizes(tmp_path):
    # In tmux at 64 x 20 the reference and licence took every row and the text none; widened to
    # 80 x 24, the viewer said 'paragraph 5 · highlighted below' over paragraph 1 (the text rewraps
    # at a new width, and the scroll line then pointed elsewhere). A paragraph read far from the
    # quote stays at the top of the view too.
    folder = next((p for p in bundled() if p.name == "anchorage"), None)
    if folder is None:
        pytest.skip("the Anchorage pack is not here")
    from summit_game.pack import load_pack

    pack = load_pack(folder)
    quote = next(q for q in pack.all_quotes() if q.paragraph == 5)
    app = make_app(packs=[folder], saves=tmp_path)
    async with app.run_test(size=(64, 20)) as pilot:
        await new_game(pilot, 1, 1)
        app.open_source([quote], 0)
        await wait_for(pilot, "SourceScreen")
        text = app.screen.query_one("#text")
        for size in [(64, 20), (80, 24), (120, 36), (64, 20), (220, 60), (100, 32)]:
            await pilot.resize_terminal(*size)
            await until(pilot, lambda: "▌ ¶5 " in screen_lines(app))  # the quoted paragraph, with its bar
            assert text.content_region.height >= 7, size
            top = text.line_of(5) - text.scroll_y + text.content_region.y
            assert text.content_region.y <= top < text.content_region.bottom, size
        # short: which quote, and where, before the reference
        assert screen_lines(app).index("paragraph 5") > screen_lines(app).index("Licence")
        await pilot.resize_terminal(64, 20)
        await until(pilot, lambda: "▌ ¶5 " in screen_lines(app))
        assert screen_lines(app).index("paragraph 5") < screen_lines(app).index("¶5 ")
        # scrolled away from the quote, to paragraph 12: a resize keeps paragraph 12 at the top
        text.scroll_to(y=text.line_of(12), animate=False, immediate=True)
        await pilot.pause()
        for size in [(120, 36), (80, 24)]:
            await pilot.resize_terminal(*size)
            await until(pilot, lambda: text.line_of(12) <= text.scroll_y < text.line_of(13))


async def test_at_64x20_the_arrows_bring_the_highlighted_choice_into_view(tmp_path):
    # A scene starts at its title; at 64 x 20 Anchorage's first scene fills the screen and its
    # choices are below it. Down moved the highlight there and the page stayed put: the player
    # moved a highlight they could not see (found in tmux).
    from test_tui_support import SCENES

    app = make_app(packs=[SCENES / "anchorage"], saves=tmp_path)
    async with app.run_test(size=(64, 20)) as pilot:
        await new_game(pilot, 2, 1)
        await pilot.pause()
        assert "The morning after Anchorage" in screen_lines(app) and "▶ 1" not in screen_lines(app)
        for key, marked in [("down", "▶ 2"), ("down", "▶ 3"), ("up", "▶ 2"), ("up", "▶ 1")]:
            await pilot.press(key)
            await until(pilot, lambda: marked in screen_lines(app))
            assert "What do you do?" in screen_lines(app)  # the question and every choice fit: all shown
            assert all(f"{n}  " in screen_lines(app) for n in (1, 2, 3))
        # scrolled back to the title by hand, the next arrow brings the choices back
        await pilot.press("pageup")
        await until(pilot, lambda: "▶ 1" not in screen_lines(app))
        await pilot.press("down")
        await until(pilot, lambda: "▶ 2" in screen_lines(app))
        # moved in the wide layout, then narrowed: the highlight stays in view
        await pilot.resize_terminal(120, 36)
        await pilot.press("down")
        await pilot.pause()
        await pilot.resize_terminal(64, 20)
        await until(pilot, lambda: "▶ 3" in screen_lines(app))


async def test_journal_lists_every_decision(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("j")
        await wait_for(pilot, "JournalScreen")
        assert "No decisions yet" in text_of(app)
        await pilot.press("escape")
        await wait_for(pilot, "PlayScreen")
        await choose(pilot, 2)  # listen
        await pilot.press("2")  # then build a second bridge
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.press("j")
        await wait_for(pilot, "JournalScreen")
        text = text_of(app)
        assert "1. The spring council" in text and "You chose: Ask the other side what they need" in text
        assert "2. Three ways forward" in text and "You chose: Build a second bridge" in text
        assert "Cost to the villages   2 → 7   ▲ +5 worse" in text
        assert "The game's model:" in text and "The memo — The summit-game authors" in text


async def test_resize_to_60x20_and_back(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("2")
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert app.screen.has_class("-too-small")
        notice = app.screen.query_one("#too-small")
        assert notice.display and "too small" in notice.visual.plain and "60 x 20" in notice.visual.plain
        assert not app.screen.query_one("#page").display or app.screen.query_one("#page").region.height == 0
        # nothing can be seen, so keys do nothing (and cannot reach widgets that are not laid out)
        await pilot.press("enter", "pagedown", "pageup", "2", "j")
        await pilot.pause()
        assert screen_name(app) == "ConsequenceScreen"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        assert not app.screen.has_class("-too-small") and app.screen.has_class("-narrow")
        assert app.screen.query_one("#choices").region.height > 0
        await pilot.resize_terminal(100, 32)
        await pilot.pause()
        assert app.screen.has_class("-wide")
        assert app.session.scene.id == "proposal"


async def test_resize_on_every_screen_never_crashes(tmp_path):
    app = make_app(saves=tmp_path)
    sizes = [(64, 20), (59, 15), (200, 60), (80, 24), (100, 32)]
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        for w, h in sizes:
            await pilot.resize_terminal(w, h)
        await new_game(pilot, 1, 1)
        for key, screen in [("s", "SourceScreen"), ("escape", "PlayScreen"), ("j", "JournalScreen"),
                            ("escape", "PlayScreen"), ("question_mark", "HelpScreen"), ("escape", "PlayScreen")]:
            await pilot.press(key)
            await wait_for(pilot, screen)
            for w, h in sizes:
                await pilot.resize_terminal(w, h)
        await drive(pilot)
        for w, h in sizes:
            await pilot.resize_terminal(w, h)
        assert screen_name(app) == "EndingScreen"


async def test_help_lists_every_key(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("question_mark")
        await wait_for(pilot, "HelpScreen")
        text = text_of(app)
        from summit_game.tui.screens.help import screens

        for _, cls in screens():
            for b in cls.BINDINGS:
                if b.show:
                    assert (b.tooltip or b.description) in text, (cls.__name__, b)
        assert "ctrl+p" in text.lower() and "--plain" in text
        await pilot.press("escape")
        await wait_for(pilot, "TitleScreen")


async def test_every_footer_key_is_in_the_command_palette(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        for key, name in [(None, "PlayScreen"), ("2", "ConsequenceScreen"), ("s", "SourceScreen")]:
            if key:
                await pilot.press(key)
                await wait_for(pilot, name)
            titles = {c.title for c in app.get_system_commands(app.screen)}
            for active in app.screen.active_bindings.values():
                b = active.binding
                if b.show and b.description and b.action not in ("quit", "help", "app.help", "command_palette"):
                    assert b.description in titles, (name, b)
            if name == "PlayScreen":
                assert "Choose 2: Ask the other side what they need" in titles
        # and a palette entry runs its action
        await pilot.press("escape", "enter")
        await wait_for(pilot, "PlayScreen")
        journal = next(c for c in app.get_system_commands(app.screen) if c.title == "Journal")
        await journal.callback()
        await wait_for(pilot, "JournalScreen")


async def test_the_command_palette_lists_help_once(tmp_path):
    # Ctrl+P, 'help' at 64 x 20 showed two entries called Help (the screen's '?' and the app's F1)
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(64, 20)) as pilot:
        await wait_for(pilot, "TitleScreen")
        for step in (None, "new game"):
            if step:
                await new_game(pilot, 1, 1)
            helps = [c for c in app.get_system_commands(app.screen) if c.title == "Help"]
            assert [c.help for c in helps] == ["Every key of the game (key: ? or F1)"], screen_name(app)
            await helps[0].callback()
            await wait_for(pilot, "HelpScreen")
            await pilot.press("escape")
            await pilot.pause()


async def test_command_palette_opens_and_runs_a_choice(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Choose 2")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, "ConsequenceScreen")
        assert app.session.outcomes[-1].choice == "listen"


async def test_no_color_and_themes(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        assert app.no_color
        await new_game(pilot, 1, 1)
        # the highlighted choice is marked by more than colour
        choices = app.screen.query_one("#choices")
        assert choices.get_option_at_index(choices.highlighted).prompt.plain.startswith("▶")
        for theme in ("ansi-dark", "ansi-light", "summit-high-contrast", "textual-light"):
            app.theme = theme
            for key, screen in [("s", "SourceScreen"), ("escape", "PlayScreen"), ("j", "JournalScreen"),
                                ("escape", "PlayScreen")]:
                await pilot.press(key)
                await wait_for(pilot, screen)
        await drive(pilot)
        assert screen_name(app) == "EndingScreen"


async def test_high_contrast_theme_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTUAL_THEME", "summit-high-contrast")
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        assert app.theme == "summit-high-contrast"
        await pilot.press("f2")
        assert app.theme != "summit-high-contrast"
        await pilot.press("f2")
        assert app.theme == "summit-high-contrast"


async def test_role_and_route_from_the_command_line_skip_the_title(tmp_path):
    app = make_app(saves=tmp_path, pack_path=TUTORIAL, role="west", route="quick")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "PlayScreen")
        assert app.session.state.role == "west" and app.session.scene.id == "proposal"
        assert "Leave the meeting early" in [o.label for o in app.session.options()]


async def test_role_without_route_asks_for_the_route(tmp_path):
    app = make_app(saves=tmp_path, pack_path=TUTORIAL, role="east")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "RoleScreen")
        assert "How long do you want to play?" in text_of(app)
        await pilot.press("2")
        await wait_for(pilot, "PlayScreen")
        assert app.session.state.route == "quick"


async def test_unknown_role_exits_with_a_message(tmp_path):
    app = make_app(saves=tmp_path, pack_path=TUTORIAL, role="north")
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: not app.is_running)  # it stops once the pack has loaded (a fixed 1 s before)
    assert app.return_value == 2 and "unknown role 'north'" in app.failure


async def test_a_broken_pack_on_the_title_is_reported_and_the_game_goes_on(tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(TUTORIAL, broken)
    (broken / "pack.yaml").write_text((broken / "pack.yaml").read_text().replace("start: council", "start: nowhere"))
    app = make_app(packs=[broken, TUTORIAL], saves=tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("1")
        # the pack is loaded in a thread; once its failure is told (a fixed 1 s before), the title stays
        await until(pilot, lambda: any("cannot be played" in n.message for n in app._notifications))
        await pilot.pause()
        assert screen_name(app) == "TitleScreen"
        assert any("cannot be played" in n.message for n in app._notifications)
        await pilot.press("2")
        await wait_for(pilot, "RoleScreen")


async def test_random_keys_never_crash(tmp_path):
    """A monkey at the keyboard: the app survives and stays consistent."""
    import random

    rng = random.Random(7)
    keys = list("0123456789jsnpqelc?") + ["enter", "escape", "up", "down", "pageup", "pagedown", "tab",
                                            "ctrl+s", "ctrl+o", "f2", "space", "home", "end"]
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        for i in range(300):
            key = rng.choice(keys)
            if key == "q" and screen_name(app) == "TitleScreen":
                continue  # would quit
            await pilot.press(key)
            if i % 25 == 0:
                await pilot.resize_terminal(rng.choice([60, 80, 100, 140]), rng.choice([18, 24, 32]))
        await pilot.pause(0.3)
        assert app.is_running


def test_save_files_are_json(tmp_path, tutorial):
    from summit_game.tui.session import Session

    s = Session.new(tutorial, tmp_path, "east", seed=1)
    path = s.autosave().path
    assert json.loads(path.read_text())["format"] == "summit-game-save"


async def test_a_broken_pack_named_on_the_command_line_stops_with_its_errors(tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(TUTORIAL, broken)
    (broken / "pack.yaml").write_text((broken / "pack.yaml").read_text().replace("start: council", "start: nowhere"))
    from summit_game.tui.app import SummitApp

    app = SummitApp(pack_path=broken, saves=str(tmp_path / "saves"))
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(200):
            if not app.is_running:
                break
            await pilot.pause(0.02)
    assert app.return_value == 1
    assert "nowhere" in app.failure and "summit-game check" in app.failure


async def test_a_finished_game_continued_does_not_export_again(tmp_path):
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 2, 2)  # west, quick round
        await drive(pilot)
        assert len(list(tmp_path.glob("debrief-*.md"))) == 1
        await pilot.press("enter")
        await wait_for(pilot, "TitleScreen")
        await pilot.press("c")
        await wait_for(pilot, "EndingScreen")
        assert "Press e to export" in text_of(app)
        assert len(list(tmp_path.glob("debrief-*.md"))) == 1
        await pilot.press("e")
        assert "Debrief saved to" in text_of(app)


async def test_paging_a_list_while_too_small_is_ignored(tmp_path):
    """Found in tmux: PageDown on a choice list hidden by the too-small notice crashed the app."""
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        await pilot.press("pagedown", "pageup", "end", "home", "1")
        await pilot.pause()
        assert screen_name(app) == "PlayScreen" and app.session.state.history == ()
        await pilot.resize_terminal(100, 32)
        await pilot.pause()
        await pilot.press("pagedown", "pageup")
        await pilot.pause()
        assert screen_name(app) == "PlayScreen"


LOOP_PACK = """\
id: loop
title: Loop
version: "1"
start: a
variables:
  x: {type: flag, start: false, show: true}
roles: [{id: r, title: R, briefing: b}]
scenes:
  - id: a
    title: A
    choices:
      - {id: go, label: Go round, goto: b, effects: ["x = true"]}
      - {id: stop, label: Stop, goto: end}
  - id: b
    title: B
    auto: [{if: "x", goto: c}]
    choices: [{id: go, label: Go, goto: end}]
  - id: c
    title: C
    auto: [{if: "x", goto: b}]
    choices: [{id: go, label: Go, goto: end}]
endings: [{id: e, title: E}]
"""


async def test_a_runtime_auto_loop_is_a_message_not_a_crash(tmp_path):
    pack = tmp_path / "loop"
    pack.mkdir()
    (pack / "pack.yaml").write_text(LOOP_PACK)
    app = make_app(packs=[pack], saves=tmp_path / "s")
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("1")
        await pilot.pause()
        assert screen_name(app) == "PlayScreen" and app.session.state.history == ()
        assert any("auto routes loop" in n.message for n in app._notifications)


async def test_a_dead_end_says_so(tmp_path):
    pack = tmp_path / "dead"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        'id: dead\ntitle: Dead end\nversion: "1"\nstart: a\n'
        "roles: [{id: r1, title: One, briefing: b}, {id: r2, title: Two, briefing: b}]\n"
        "scenes:\n  - id: a\n    title: A\n    choices: [{id: go, label: Go, roles: [r2], goto: end}]\n"
        "endings: [{id: e, title: E}]\n")
    app = make_app(packs=[pack], saves=tmp_path / "s")
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        assert "No choice is available here" in str(app.screen.query_one("#status").render())
        await pilot.press("escape")
        await wait_for(pilot, "TitleScreen")


async def test_pack_text_in_notices_is_not_markup(tmp_path):
    """A disabled choice's reason with '[/]' crashed the notice; '[@click=...]' became a live link."""
    pack = tmp_path / "evil"
    shutil.copytree(TUTORIAL, pack)
    f = pack / "scenes" / "meeting.yaml"
    f.write_text(f.read_text().replace('reason: "Sharing needs at least some trust (3 or more)."',
                                       'reason: "Needs 3 [/] trust [@click=app.quit]r[/]"'))
    app = make_app(packs=[pack], saves=tmp_path / "s")
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.press("1")  # history: trust 2 -> 1, so sharing is disabled
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()
        assert screen_name(app) == "PlayScreen"
        [note] = [n for n in app._notifications if "Needs 3 [/] trust [@click=app.quit]r[/]" in n.message]
        assert note.markup is False  # shown as written: with markup on, the toast crashed on '[/]' 


async def test_continue_ignores_saves_of_packs_not_listed(tutorial, tmp_path):
    from summit_game import engine as E

    state, _ = E.choose(tutorial, E.start(tutorial, "east", seed=1), "listen")
    saves.save_game(tmp_path, "other", tutorial, state)  # a tutorial save; the app below lists only Anchorage
    app = make_app(packs=[TUTORIAL.parent / "anchorage"], saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        for _ in range(50):
            if app.screen.looked_up:
                break
            await pilot.pause(0.05)
        assert app.screen.latest is None
        assert app.latest_playable() is None


async def test_play_pack_goes_straight_to_its_roles(tmp_path):
    """`summit-game play PACK` opens that pack's role choice; Esc shows the title with it highlighted."""
    from summit_game.tui.app import SummitApp

    app = SummitApp(pack_path=TUTORIAL, saves=str(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "RoleScreen")
        assert "Envoy of the east bank" in text_of(app.screen)
        await pilot.press("escape")
        await wait_for(pilot, "TitleScreen")
        assert app.default_entry.folder == TUTORIAL


async def test_continue_from_a_damaged_autosave_says_its_backup_was_used(tmp_path):
    # Continue loaded the backup of a damaged autosave (one decision fewer) and said only
    # "Loaded 'autosave-…' (1 decisions so far)"; plain mode says the save was damaged (found by
    # flipping a bit of an autosave and pressing c in tmux).
    app = make_app(saves=tmp_path, seed=4)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot, 2, 1)
        await pilot.press(str(first_available(app)), "enter")
        await wait_for(pilot, "PlayScreen")
        await pilot.press(str(first_available(app)), "enter")  # the second decision (the tutorial may end here)
        for _ in range(200):
            if len(app.session.state.history) == 2 and screen_name(app) in ("PlayScreen", "EndingScreen"):
                break
            await pilot.pause(0.05)
        app.flush_saves()
        name = app.session.autosave_name
        await pilot.press("ctrl+q")
    save = tmp_path / f"{name}.json"
    data = bytearray(save.read_bytes())
    data[len(data) // 2] ^= 0x20
    save.write_bytes(bytes(data))

    app2 = make_app(saves=tmp_path)
    async with app2.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("c")
        await wait_for(pilot, "PlayScreen")
        assert len(app2.session.state.history) == 1  # the backup's
        shown: list[str] = []
        for _ in range(100):
            shown = [n.message for n in app2._notifications]
            if any("Loaded" in m for m in shown):
                break
            await pilot.pause(0.05)
        # (on a slow machine a "Loading The River Bridge (tutorial)…" notice may come first: not this test's)
        assert [m for m in shown if m.startswith("Load")] in (
            [f"Loaded '{name}' from its backup copy: the save itself was damaged (1 decision so far)."],
            ["Loading The River Bridge (tutorial)…",
             f"Loaded '{name}' from its backup copy: the save itself was damaged (1 decision so far)."])


@pytest.mark.parametrize("size", [(80, 24), (64, 20)])
async def test_a_narrow_footer_keeps_the_help_key_and_cuts_no_key_in_half(tmp_path, size):
    # At 80x24 the play screen's footer ran off the edge: "... ^s Save  ^o Load" and no '? Help' (nor
    # 'esc Title'); at 64 columns it ended at 'Source' (found resizing the game in tmux).
    app = make_app(saves=tmp_path)
    async with app.run_test(size=size) as pilot:
        await new_game(pilot, 1, 1)
        await pilot.pause(0.1)
        footer = screen_lines(app).splitlines()[-1].rstrip()
        assert footer.endswith("? Help"), footer
        assert footer.startswith(" ⏎ Choose  1-9 Pick")
        shown = [(display, description) for display, description in app.screen.query_one("KeyBar").keys()
                 if f"{display} {description}" in footer]
        assert f"{shown[-2][0]} {shown[-2][1]}  ? Help" in footer  # whole keys only, then the help


async def test_ctrl_c_says_how_to_quit_in_words_not_markup(tmp_path):
    # Textual's Ctrl+C notice is markup, and the game's notices are literal: players who pressed
    # Ctrl+C read "Press [b]ctrl+q[/b] to quit the app" (found in tmux and in a browser tab).
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert [(n.title, n.message) for n in app._notifications] == [("Do you want to quit?", "Press Ctrl+Q to quit.")]
        assert app.is_running


async def test_a_saved_screenshot_is_named_in_words_not_markup(tmp_path):
    # The palette's Screenshot: Textual's notice is markup, and the game's notices are literal, so it
    # read "Saved screenshot to [$text-success]'/…svg'".
    from textual import events

    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        app.post_message(events.DeliveryComplete(key="k", path=tmp_path / "shot.svg", name="screenshot"))
        await pilot.pause()
        await pilot.pause()
        assert [n.message for n in app._notifications] == [f"Saved the screenshot to {tmp_path / 'shot.svg'}."]


async def _palette_screenshot(app, pilot):
    """Run the command palette's Screenshot entry (what a player picks there) and wait for its notice."""
    command = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
    command.callback()
    for _ in range(500):  # the file is written by a thread of Textual's; the notice follows
        if app._notifications:
            break
        await pilot.pause(0.02)
    return [(n.title, n.message, n.severity) for n in app._notifications]


async def test_the_palettes_screenshot_is_saved_where_there_is_no_downloads_folder(tmp_path, monkeypatch):
    # Textual saves it to ~/Downloads and, where that folder does not exist (a fresh account, a
    # classroom machine), said only "Failed to save screenshot". It goes to the saves folder, made if need be.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no Downloads folder there
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    saves = tmp_path / "not-yet" / "saves"
    app = make_app(saves=saves)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        notices = await _palette_screenshot(app, pilot)
    shots = list(saves.glob("*.svg"))
    assert len(shots) == 1 and shots[0].read_text(encoding="utf-8").startswith("<svg")
    assert notices == [("Screenshot", f"Saved the screenshot to {shots[0]}.", "information")]


async def test_a_screenshot_that_cannot_be_saved_says_where_and_why(tmp_path, monkeypatch):
    # Textual's own notice was "Failed to save screenshot", no folder, no reason. /proc: nothing can
    # be made or written there, even by root (the saves folder cannot be made: the current folder is tried).
    if not os.path.isdir("/proc/self"):
        pytest.skip("needs Linux's /proc")
    app = make_app(saves="/proc/summit-game-test/saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        monkeypatch.chdir("/proc")
        notices = await _palette_screenshot(app, pilot)
    assert notices == [("Screenshot", "The screenshot could not be saved in /proc: No such file or directory.",
                        "error")]


async def test_too_small_notice_offers_plain_mode_that_goes_on_with_this_game(tmp_path):
    # the notice said only "make the window larger": plain text fits any window, and this game's autosave
    # lets it go on there
    import shlex
    import subprocess
    import sys

    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        notice = app.screen.query_one("#too-small")  # the title: no game yet
        assert "Or play it as plain text, at any size: summit-game play --plain" in notice.visual.plain
        await pilot.resize_terminal(100, 32)
        await new_game(pilot, 1, 1)
        await pilot.press("2")
        await wait_for(pilot, "ConsequenceScreen")
        app.session.flush()  # the autosave, written in the background, is on disk
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        text = " ".join(app.screen.query_one("#too-small").visual.plain.split())
        command = (f"summit-game play --plain --load autosave --saves {shlex.quote(str(tmp_path))} tutorial")
        assert f"Or play it as plain text, at any size: {command}" in text
        scene = app.session.scene.id
    done = subprocess.run([sys.executable, "-m", "summit_game.cli", *shlex.split(command)[1:]], input="",
                          capture_output=True, text=True, timeout=60)
    assert "Going on with the saved game 'autosave-tutorial-" in done.stdout and scene == "proposal"
    assert "Decision 2. Three ways forward" in done.stdout  # the decision the game was at


async def test_a_served_tab_too_small_is_not_offered_a_command_line(tmp_path):
    app = make_app(saves=tmp_path)
    app.served = object()  # a browser tab's player has no shell on the facilitator's computer
    assert app.plain_command is None


async def test_at_80x24_a_player_reads_the_content_note_then_each_roles_whole_briefing(tmp_path):
    # At 80x24 the role screen left the briefing one line under the content note, with no key to read on
    from test_tui_support import SCENES

    from summit_game.pack import load_pack

    pack = load_pack(SCENES / "anchorage")
    words = lambda text: " ".join(text.split())  # noqa: E731
    app = make_app(packs=[SCENES / "anchorage"], saves=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        await pilot.pause()
        await pilot.pause()
        shown = screen_lines(app)
        assert words(f"Content note: {pack.manifest.content_note}") in words(shown)
        assert "Choose your role (b: each role's briefing)" in shown
        await pilot.press("b")
        for number, role in enumerate(pack.roles.values(), 1):
            await pilot.pause()
            await pilot.pause()
            lines = screen_lines(app).splitlines()
            assert f"▶ {number}  {role.title}" in "\n".join(lines)
            below = lines[next(i for i, line in enumerate(lines) if f"Briefing: {role.title}" in line) + 1:-1]
            about = app.screen.query_one("#about").visual.plain
            assert len(words(about)) > 500 and words(about) == words("\n".join(below)), role.id  # all of it
            await pilot.press("down")
        await pilot.press("b")
        await pilot.pause()
        assert words(f"Content note: {pack.manifest.content_note}") in words(screen_lines(app))


async def test_route_from_the_command_line_is_taken_after_the_role(tmp_path):
    """`play PACK --route quick` (no --role): the role is asked for, the route is not."""
    app = make_app(saves=tmp_path, pack_path=TUTORIAL, route="quick")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "RoleScreen")
        await pilot.press("2")
        await wait_for(pilot, "PlayScreen")
        assert app.session.state.route == "quick" and app.session.scene.id == "proposal"
        assert "How long do you want to play?" not in text_of(app)


async def test_unknown_route_exits_with_a_message(tmp_path):
    app = make_app(saves=tmp_path, pack_path=TUTORIAL, route="shrot")
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: not app.is_running)  # it stops once the pack has loaded (a fixed 1 s before)
    assert app.return_value == 2 and "unknown route 'shrot'; this pack has: full, quick" in app.failure


async def test_unknown_route_with_a_role_exits_with_a_message(tmp_path):
    app = make_app(saves=tmp_path, pack_path=TUTORIAL, role="east", route="shrot")
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: not app.is_running)  # it stops once the pack has loaded (a fixed 1 s before)
    assert app.return_value == 2 and "unknown route 'shrot'" in app.failure


def _bar(app) -> str:
    return screen_lines(app).splitlines()[-1]


@pytest.mark.parametrize("screen", ["ConsequenceScreen", "JournalScreen", "MetersScreen", "EndingScreen", "HelpScreen"])
async def test_at_80x24_a_page_that_runs_past_the_screen_shows_pgdn_in_the_key_bar(tmp_path, screen):
    # At 80x24 these pages ran on below the key bar, and the bar showed no PgDn (the role screen's
    # briefing did: 'PgDn More'); the help's bar showed 'esc Back' alone over a page of 170 lines
    from test_tui_support import SCENES

    app = make_app(packs=[SCENES / "anchorage"], saves=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot, 1, 2)  # the icebreaker: five decisions
        if screen == "MetersScreen":
            await pilot.press("m")
        elif screen == "HelpScreen":
            await pilot.press("question_mark")
        else:
            await pilot.press("2")
            await wait_for(pilot, "ConsequenceScreen")
            if screen == "JournalScreen":
                await pilot.press("j")
            elif screen == "EndingScreen":
                await drive(pilot)
        await wait_for(pilot, screen)
        page = app.screen.query_one("#page")
        await until(pilot, lambda: page.max_scroll_y > 0 and "PgDn More" in _bar(app))
        assert _bar(app).startswith(" PgDn More  "), _bar(app)  # first, as on the role screen
        assert ("esc Back" if screen == "HelpScreen" else "? Help") in _bar(app)
        await pilot.press("pagedown")
        await until(pilot, lambda: page.scroll_y > 0)
        await pilot.press("pageup")
        await until(pilot, lambda: page.scroll_y == 0)


async def test_pgdn_shows_only_while_the_page_runs_past_the_screen(tmp_path):
    # the key comes and goes as a resize makes the page fit or not, on the consequence screen
    # (one screen, reused for every choice) and on the meters
    from test_tui_support import SCENES

    app = make_app(packs=[SCENES / "anchorage"], saves=tmp_path)
    async with app.run_test(size=(130, 50)) as pilot:
        await new_game(pilot, 1, 2)
        await pilot.press("2")
        await wait_for(pilot, "ConsequenceScreen")
        for name in ("ConsequenceScreen", "MetersScreen"):
            page = app.screen.query_one("#page")
            await pilot.pause()
            await pilot.pause()
            assert page.max_scroll_y == 0 and "More" not in _bar(app), _bar(app)
            await pilot.resize_terminal(80, 24)
            await until(pilot, lambda: page.max_scroll_y > 0 and _bar(app).startswith(" PgDn More "))
            await pilot.resize_terminal(130, 50)
            await until(pilot, lambda: page.max_scroll_y == 0 and "More" not in _bar(app))
            if name == "ConsequenceScreen":
                await pilot.press("enter")
                await wait_for(pilot, "PlayScreen")
                await pilot.press("m")
                await wait_for(pilot, "MetersScreen")


@pytest.mark.parametrize("size, stacked", [((80, 24), True), ((120, 24), False), ((99, 40), True)])
async def test_the_b_key_is_there_exactly_where_its_tooltip_says(tmp_path, size, stacked):
    # 'Under 100 columns: ...': the game's role screen stacks the briefing under the roles by width
    # alone (at 120x24 it stays beside them), unlike the workshop's (under 30 rows too)
    from test_tui_support import SCENES

    app = make_app(packs=[SCENES / "anchorage"], saves=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        await pilot.pause()
        await pilot.pause()
        right, left = app.screen.query_one("#right"), app.screen.query_one("#left")
        assert (right.region.x < left.region.right) == stacked
        bar = app.screen.query_one("KeyBar").keys()
        assert (("b", "Briefing") in bar) == stacked, bar
        tips = {b.action: b.tooltip for b in type(app.screen).BINDINGS if b.key == "b"}
        assert tips == {"lower(True)": "Under 100 columns: the highlighted role's briefing in the content note's place",
                        "lower(False)": "Under 100 columns: the pack's content note in the briefing's place"}


def burst(app, *keys: str) -> None:
    """Keys that arrive in one read from the terminal (typed fast, pasted by tmux): all queued at once,
    where Pilot's press lets each one settle first."""
    from textual import events

    named = {"enter": "\r"}
    for key in keys:
        app.post_message(events.Key(key, named.get(key, key)))


def clicks(app, x: int, y: int, times: int = 1) -> None:
    """Mouse presses and releases at cell x, y (0-based) that arrive in one read from the terminal
    (a quick double click), posted to the app as its driver posts them (Pilot's click skips the app)."""
    from textual import events

    for _ in range(times):
        for kind in (events.MouseDown, events.MouseUp):
            app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))


async def test_keys_typed_in_one_go_are_taken_in_the_order_typed(tmp_path):
    # Enter has a priority binding and is taken at once; '2' goes the long way, through the focused
    # list: typed together, Enter overtook it and took the highlighted choice (found in tmux)
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot)
        burst(app, "2", "enter")  # listen (choice 2), then Enter
        await wait_for(pilot, "ConsequenceScreen")
        assert [(s.scene, s.choice) for s in app.session.state.history] == [("council", "listen")]
        await pilot.press("enter")  # (the Enter typed with it was before the consequence was drawn: the next test)
        await wait_for(pilot, "PlayScreen")
        await pilot.press("ctrl+s")
        await wait_for(pilot, "SaveScreen")
        burst(app, *"myslot", "enter")  # typed into the slot's field, then Enter: saved under that name
        await wait_for(pilot, "PlayScreen")
        assert (tmp_path / "myslot.json").exists()
        assert sorted(p.name for p in tmp_path.glob("*.json") if not p.name.startswith("autosave")) == ["myslot.json"]


async def consequence_stays(pilot, chose: str) -> None:
    """The consequence of ``chose`` is still in front once every key typed before now has been taken:
    the journal (j) opens over it, and closes on it again (keys are taken in the order typed)."""
    await wait_for(pilot, "ConsequenceScreen")
    await pilot.press("j")
    await wait_for(pilot, "JournalScreen")
    await pilot.press("j")
    await wait_for(pilot, "ConsequenceScreen")
    assert f"You chose: {chose}" in screen_lines(pilot.app)


def autosaved_history(app, folder) -> list:
    app.flush_saves()
    [autosave] = folder.glob("autosave-*.json")
    return json.loads(autosave.read_text())["history"]


async def test_a_key_typed_with_the_choice_leaves_its_consequence_on_screen(tmp_path):
    # '2' then Enter typed in one go took choice 2, and the Enter went on past its consequence: the
    # player never saw what followed (found in tmux). Keys typed before a consequence is drawn are
    # not for it; one typed after it works.
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot)
        burst(app, "2", "enter")
        await consequence_stays(pilot, "Ask the other side what they need")
        assert "Next: “Three ways forward”. Press Enter to go on." in screen_lines(app)
        await pilot.press("enter")  # typed after the consequence was drawn: on to the next scene
        await wait_for(pilot, "PlayScreen")
        assert "Three ways forward" in screen_lines(app)
        assert [(s.scene, s.choice) for s in app.session.state.history] == [("council", "listen")]
        assert autosaved_history(app, tmp_path) == [["council", "listen"]]  # the choice, once


async def test_a_double_click_on_choose_leaves_the_consequence_on_screen(tmp_path):
    # The key bar's first key is Choose on a scene and Continue on its consequence: a double click
    # there took the highlighted choice and went on past what followed (found in tmux)
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot)
        highlighted = app.session.options()[0]  # the first choice is highlighted as a scene opens
        bar = screen_lines(app).splitlines()[-1]
        assert bar.lstrip().startswith("⏎ Choose")
        clicks(app, bar.index("⏎") + 1, 31, times=2)
        await consequence_stays(pilot, highlighted.label)
        bar = screen_lines(app).splitlines()[-1]
        clicks(app, bar.index("⏎ Continue") + 3, 31)  # a click once it is drawn: on
        await wait_for(pilot, "PlayScreen")
        assert autosaved_history(app, tmp_path) == [["council", highlighted.id]]


async def test_a_key_typed_before_the_ending_was_drawn_leaves_it_on_screen(tmp_path):
    # Enter, Enter to be sure, on the last consequence: a second Enter typed before the ending was drawn
    # is not for the ending (Enter there goes back to the title, the debrief unread)
    from textual import events

    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_game(pilot)
        await choose(pilot, 2, 1)
        await pilot.press("1")  # accept the mediator: the story ends
        await wait_for(pilot, "ConsequenceScreen")
        second = events.Key("enter", "\r")  # typed with the first Enter (its time is now)...
        await pilot.press("enter")
        await wait_for(pilot, "EndingScreen")
        app.post_message(second)  # ...and taken once the ending is in front, as a key queued behind another is
        await pilot.press("j")  # taken after it
        await wait_for(pilot, "JournalScreen")
        await pilot.press("escape")
        await wait_for(pilot, "EndingScreen")
        assert "The end: " in screen_lines(app)
        await pilot.press("enter")  # typed once the ending is drawn: the title
        await wait_for(pilot, "TitleScreen")
