"""The game's screens at small and odd sizes (64 x 20, 80 x 24), as a player meets them: what is on the
screen, not how it is built. Each test is at the size where its problem showed."""

from __future__ import annotations

import pytest
from test_tui_support import SCENES, make_app, screen_lines, wait_for

ANCHORAGE = SCENES / "anchorage"


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("size", [(64, 20), (80, 24), (120, 36)])
async def test_the_route_screen_shows_each_routes_description_once_and_whole(tmp_path, size):
    # Each route's description was in the list and again in a panel under it (stacked): at 80 x 24 the
    # Icebreaker's own text was cut below the screen while the panel repeated the Full negotiation's.
    from summit_game.pack import load_pack

    pack = load_pack(ANCHORAGE)
    app = make_app(packs=[ANCHORAGE], saves=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()
        shown = words(screen_lines(app))
        assert "How long do you want to play?" in shown
        for number, route in enumerate(pack.routes.values(), 1):
            assert f"{number} {route.title} {words(route.summary)}" in shown
            assert shown.count(words(route.summary)) == 1, route.id


async def _anchorage_first_scene(pilot, role: int = 2) -> None:
    """From the title: Anchorage, a role by number, the full negotiation."""
    await wait_for(pilot, "TitleScreen")
    await pilot.press("enter")
    await wait_for(pilot, "RoleScreen")
    await pilot.press(str(role))
    await pilot.pause()
    await pilot.press("1")
    await wait_for(pilot, "PlayScreen")
    await pilot.pause()
    await pilot.pause()


async def test_at_64x20_a_line_says_the_choices_are_below_until_they_are_in_view(tmp_path):
    # At 64 x 20 the first scene's text filled the screen; only the scrollbar said there was anything
    # to choose under it.
    app = make_app(packs=[ANCHORAGE], saves=tmp_path)
    async with app.run_test(size=(64, 20)) as pilot:
        await _anchorage_first_scene(pilot)
        lines = screen_lines(app).splitlines()
        assert "What do you do?" not in "\n".join(lines)
        assert lines[-2].strip() == "↓ 3 choices below (PgDn)"  # over the key bar
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.pause()
        shown = screen_lines(app)
        assert "What do you do?" in shown and "▶ 1  Build on the summit's warm tone" in shown
        assert "choices below" not in shown
        await pilot.press("pageup")
        await pilot.pause()
        await pilot.pause()
        assert screen_lines(app).splitlines()[-2].strip() == "↓ 3 choices below (PgDn)"
        await pilot.press("down")  # the highlight, brought into view with the choices
        await pilot.pause()
        await pilot.pause()
        shown = screen_lines(app)
        assert "▶ 2  Heed Starmer" in shown and "choices below" not in shown


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_where_the_choices_are_in_view_no_line_says_they_are_below(tmp_path, size):
    app = make_app(packs=[ANCHORAGE], saves=tmp_path)
    async with app.run_test(size=size) as pilot:
        await _anchorage_first_scene(pilot)
        shown = screen_lines(app)
        assert "3  Set trust aside" in shown and "below (PgDn)" not in shown
        await pilot.resize_terminal(64, 20)  # narrowed mid-scene: the choices go below, and the line says so
        await pilot.pause()
        await pilot.pause()
        assert screen_lines(app).splitlines()[-2].strip() == "↓ 3 choices below (PgDn)"


@pytest.mark.parametrize("phones", [False, True])
async def test_at_64x20_the_workshop_content_note_scrolls_and_the_key_bar_says_so(tmp_path, phones):
    # Stacked at 64 x 20, the projector's content note ran off the bottom ("...not the game's") with no
    # scrollbar and no key to say that more was there.
    from summit_game.pack import load_pack
    from summit_game.tui.workshop.app import WorkshopApp

    pack = load_pack(ANCHORAGE)
    app = WorkshopApp(pack, route="short", seed=3, saves=tmp_path, phones=False, pin="4321")
    if phones:  # where the room joins takes a line more
        from test_workshop_snapshots import StubServer

        app.server = StubServer()
    async with app.run_test(size=(64, 20)) as pilot:
        await wait_for(pilot, "RoomRoleScreen")
        await pilot.pause()
        await pilot.pause()
        lines = screen_lines(app).splitlines()
        assert lines[1].strip() == "Whom does the room play?"  # it opens at the top
        assert "▶ 1  US special envoy" in "\n".join(lines)
        assert "PgDn More" in lines[-1]
        note = words(f"Content note: {pack.manifest.content_note}")
        assert note not in words("\n".join(lines))
        for _ in range(3):
            await pilot.press("pagedown")
            await pilot.pause()
        shown = words(screen_lines(app))
        assert note.split(". ")[-1] in shown  # its last sentence, whole
        await pilot.press("pageup", "pageup", "pageup")
        await pilot.pause()
        assert screen_lines(app).splitlines()[1].strip() == "Whom does the room play?"


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_where_the_workshop_content_note_fits_no_pgdn_is_offered(tmp_path, size):
    from summit_game.pack import load_pack
    from summit_game.tui.workshop.app import WorkshopApp

    pack = load_pack(ANCHORAGE)
    app = WorkshopApp(pack, route="short", seed=3, saves=tmp_path, phones=False, pin="4321")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, "RoomRoleScreen")
        await pilot.pause()
        await pilot.pause()
        shown = screen_lines(app)
        assert "Content note: This scenario" in shown and "article's claim." in shown  # side by side at 120
        assert "PgDn" not in shown.splitlines()[-1]


async def test_at_64x20_the_games_content_note_that_just_fits_does_not_scroll(tmp_path):
    # The role screen's column scrolls where it runs past the screen (as the workshop's does); Anchorage's
    # note just fits at 64 x 20, and with the note's own bottom padding it ran one row past and scrolled.
    from summit_game.pack import load_pack

    pack = load_pack(ANCHORAGE)
    app = make_app(packs=[ANCHORAGE], saves=tmp_path)
    async with app.run_test(size=(64, 20)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        await pilot.pause()
        await pilot.pause()
        lines = screen_lines(app).splitlines()
        assert lines[1].strip() == "Choose your role (b: each role's briefing)"
        assert words(f"Content note: {pack.manifest.content_note}") in words("\n".join(lines))
        assert "PgDn" not in lines[-1]


URL = "https://www.e-ir.info/2025/08/18/on-the-trump-putin-summit-in-alaska/"


async def test_at_80x24_the_title_breaks_the_articles_address_after_a_slash(tmp_path):
    # Folded at the width, the address left its last '/' alone on the next line.
    app = make_app(packs=[ANCHORAGE], saves=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.pause()
        lines = [line.strip() for line in screen_lines(app).splitlines()]
        at = next(i for i, line in enumerate(lines) if line.startswith("https://"))
        assert lines[at:at + 2] == ["https://www.e-ir.info/2025/08/18/", "on-the-trump-putin-summit-in-alaska/"]
        assert "/" not in lines


@pytest.mark.parametrize("width", range(8, 120))
def test_a_long_address_is_broken_after_a_slash_at_every_width(width):
    from textual.content import Content

    from summit_game.tui.widgets.hanging import wrap

    reference = f'Callum Gaskell and Bulent Gokay, "On the Trump-Putin Summit in Alaska", 2025-08-18. {URL}'
    lines = [line.plain for line in wrap(Content(reference), width)]
    assert all(len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(reference.split())  # nothing lost or added
    assert "/" not in lines
    if width >= len(URL):
        assert URL in lines[-1]  # whole, on one line
    else:
        start = next(i for i, line in enumerate(lines) if line.startswith("https://"))  # on a line of its own
        if width >= len("on-the-trump-putin-summit-in-alaska/"):  # no part of it longer than a line
            assert all(line.endswith("/") for line in lines[start:])


def _workshop(tmp_path, **kw):
    from summit_game.pack import load_pack
    from summit_game.tui.workshop.app import WorkshopApp

    return WorkshopApp(load_pack(ANCHORAGE), route="short", seed=3, saves=tmp_path, phones=False, pin="4321", **kw)


async def test_the_projectors_help_lists_every_key_of_every_workshop_screen(tmp_path):
    # The projector's key bar had no '? Help', and no screen listed its keys (the game's help lists the
    # game's, which a room never meets).
    from summit_game.tui.workshop.help import screens

    app = _workshop(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "RoomRoleScreen")
        await pilot.pause()
        assert "? Help" in screen_lines(app).splitlines()[-1]
        await pilot.press("question_mark")
        await wait_for(pilot, "WorkshopHelpScreen")
        text = words("\n".join(w.visual.plain for w in app.screen.query("Static")))
        assert text.startswith("Keys The facilitator's keys.")
        for title, cls in screens():
            assert title in text
            for b in cls.BINDINGS:
                if b.show and b.key != "question_mark":
                    assert words(b.tooltip or b.description) in text, (cls.__name__, b)
        assert "? / f1 Every key of the projector" in text and "Every key of the game" not in text
        assert "Option 2" not in text  # 1-9 says it once
        assert "PgDn More" in screen_lines(app).splitlines()[-1]
        await pilot.press("escape")
        await wait_for(pilot, "RoomRoleScreen")
        await pilot.press("1")
        await wait_for(pilot, "VoteScreen")
        await pilot.press("question_mark")  # ? works on the vote too
        await wait_for(pilot, "WorkshopHelpScreen")
        await pilot.press("escape")
        await wait_for(pilot, "VoteScreen")
        await pilot.press("f1")
        await wait_for(pilot, "WorkshopHelpScreen")


@pytest.mark.parametrize("size, phones, help_shown", [((80, 24), True, False), ((80, 24), False, True),
                                                     ((120, 36), True, True)])
async def test_on_the_vote_the_help_key_gives_way_to_the_rooms_keys(tmp_path, size, phones, help_shown):
    # At 80 columns with phones, '? Help' kept in the bar (as the game keeps its help key) pushed out
    # n Count and q QR; it shows where there is room (hands only: no q QR)
    app = _workshop(tmp_path)
    if phones:
        from test_workshop_snapshots import StubServer

        from summit_game.workshop.qr import qr_lines

        app.server, app.qr = StubServer(), qr_lines(StubServer.join_url)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, "RoomRoleScreen")
        await pilot.press("1")
        await wait_for(pilot, "VoteScreen")
        await pilot.pause()
        bar = screen_lines(app).splitlines()[-1]
        assert "n Count" in bar and ("q QR" in bar) == phones and ("? Help" in bar) == help_shown


async def test_the_source_viewer_centres_its_quote_again_when_only_the_height_changes(tmp_path):
    # A new width re-centred the quote; a new height (the same width) left the view where it was: opened
    # at 100 x 50 and made 100 x 20, the quote was below the screen.
    from test_tui_support import new_game, until

    from summit_game.pack import load_pack

    pack = load_pack(ANCHORAGE)
    quote = next(q for q in pack.all_quotes() if q.paragraph == 9)
    app = make_app(packs=[ANCHORAGE], saves=tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await new_game(pilot, 1, 1)
        app.open_source([quote], 0)
        await wait_for(pilot, "SourceScreen")
        text = app.screen.query_one("#text")

        def centred() -> bool:  # the quoted paragraph in the middle of the view (its top at the top if taller)
            height = text.line_of(10) - text.line_of(9) - 1
            return text.line_of(9) - round(text.scroll_y) == max(text.content_region.height - height, 0) // 2

        await until(pilot, centred)
        for size in [(100, 20), (100, 50), (100, 26), (100, 44)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await until(pilot, lambda: "▌ ¶9 " in screen_lines(app) and centred(), timeout=5)
        # scrolled away from the quote: a new height leaves the view where the player put it
        text.scroll_to(y=text.line_of(2), animate=False, immediate=True)
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        assert round(text.scroll_y) == text.line_of(2)


@pytest.mark.parametrize("size", [(64, 20), (80, 24)])
async def test_the_title_opens_at_the_games_name_and_follows_the_highlight(tmp_path, size):
    # Textual centred the focused menu in the page: at 80 x 24, with Anchorage's tall entry, the title
    # opened scrolled past the game's name and the "Choose a scenario" heading.
    from test_tui_support import TUTORIAL

    app = make_app(packs=[ANCHORAGE, TUTORIAL], saves=tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.pause()
        await pilot.pause()
        lines = screen_lines(app).splitlines()
        assert lines[1].strip() == "S U M M I T   G A M E"
        assert "Choose a scenario: Enter plays the highlighted one" in "\n".join(lines)
        assert "▶ 1  After Anchorage" in "\n".join(lines)
        for marked in ("▶ 2  The River Bridge", "▶ l  Load a saved game", "▶ ?  Help", "▶ q  Quit"):
            await pilot.press("down")  # (Continue is skipped: no saved game)
            await pilot.pause()
            await pilot.pause()
            assert marked in screen_lines(app), marked
        await pilot.press("down")  # round to the first
        await pilot.pause()
        await pilot.pause()
        assert "▶ 1  After Anchorage" in screen_lines(app)


async def test_at_64x20_the_reveal_wraps_an_option_under_its_label_and_hands_only_is_not_told_to_use_phones(tmp_path):
    # At 64 columns "◀ the room's choice" and "(100%: 0 phones, 2 hands)" wrapped to the screen's edge; and with
    # --no-phones the vote said "vote on your phone, or raise a hand"
    app = _workshop(tmp_path, seconds=None)
    async with app.run_test(size=(64, 20)) as pilot:
        await wait_for(pilot, "RoomRoleScreen")
        await pilot.press("1")
        await wait_for(pilot, "VoteScreen")
        await pilot.pause()
        shown = screen_lines(app)
        assert "The options (raise a hand)" in shown and "phone" not in shown.split("The options")[1]
        await pilot.press("1", "plus", "plus", "s")
        await wait_for(pilot, "RevealScreen")
        await pilot.pause()
        lines = screen_lines(app).splitlines()
        at = next(i for i, line in enumerate(lines) if "1  Fight on, with more and faster Western" in line)
        assert lines[at + 1].startswith("      room's choice")  # under the label, not at the edge
        assert lines[at + 3].startswith("      hands)")
