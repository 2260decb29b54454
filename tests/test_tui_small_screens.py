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
