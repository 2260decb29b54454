"""Screens the player has left are let go (summit_game/tui/replaced.py).

Behaviour only: which objects are still alive, never how many MiB (benchmarks/bench_tui.py
--only memory measures that). No test here collects garbage itself: what it checks is that
the game does, after the heap was frozen with the title alive. The game settles the heap
only in a process of its own (``run_app`` passes ``settle_heap=True``); these tests ask for it.
"""

from __future__ import annotations

import weakref

from test_tui_support import first_available, make_app, screen_lines, screen_name, wait_for


def _widgets(screen) -> list[weakref.ref]:
    return [weakref.ref(w) for w in screen.walk_children()]


async def _to_route_or_scene(pilot) -> None:
    await pilot.press("1")  # the first role
    await pilot.pause()
    if screen_name(pilot.app) == "RoleScreen":
        await pilot.press("1")  # the first route
    await wait_for(pilot, "PlayScreen")


async def test_through_the_title_no_widget_of_the_title_or_role_screens_stays_alive(tmp_path):
    app = make_app(saves=tmp_path, settle_heap=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.pause(0.3)  # the pack loads while the player reads the title (then the heap is frozen)
        title = app.screen
        title_widgets = _widgets(title)
        assert title_widgets
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        role = weakref.ref(app.screen)
        role_widgets = _widgets(app.screen)
        await _to_route_or_scene(pilot)
        await pilot.pause(0.2)
        alive = [type(w).__name__ for ref in title_widgets + role_widgets if (w := ref()) is not None]
        assert alive == []
        assert role() is None
        # Textual keeps its default screen (the title) for the app's life: with nothing in it
        assert list(title.walk_children()) == [] and list(title.displayed_children) == []
        # the game goes on as before
        await pilot.press(str(first_available(app)))
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        assert "Decision 2" in screen_lines(app)


async def test_a_replaced_screen_drops_the_lines_it_drew(tmp_path):
    """Its widgets' drawn lines go as it is replaced, not after the next screen is built (the peak)."""
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        await pilot.pause(0.1)
        role = app.screen
        kept = list(role.walk_children(with_self=True))  # held here, so they outlive the screen
        assert any(w._styles_cache._cache for w in kept), "drawn lines are in Textual's styles cache"
        await _to_route_or_scene(pilot)
        assert [type(w).__name__ for w in kept if w._styles_cache._cache] == []


async def test_back_to_the_title_and_into_the_game_again(tmp_path):
    """Escape from the roles to the title (a new one, drawn in full), and a game from there."""
    app = make_app(saves=tmp_path, settle_heap=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        first_title = screen_lines(app)
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        await pilot.press("escape")
        await wait_for(pilot, "TitleScreen")
        await pilot.pause(0.2)
        assert "S U M M I T" in screen_lines(app) and "Continue" in screen_lines(app)
        assert screen_lines(app).splitlines()[:8] == first_title.splitlines()[:8]
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        assert "Choose your role" in screen_lines(app)
        await _to_route_or_scene(pilot)
        assert "Decision 1" in screen_lines(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, "SaveScreen")


async def test_without_settle_heap_the_frozen_heap_is_left_alone(tmp_path, monkeypatch):
    """A test run's or a served tab's app (a fork shares its warm parent's frozen heap) never unfreezes it."""
    import gc

    calls = []
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    app = make_app(saves=tmp_path)
    assert app.settle_heap is False
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.press("enter")
        await wait_for(pilot, "RoleScreen")
        await _to_route_or_scene(pilot)
        await pilot.pause(0.2)
    assert calls == []


def test_the_terminal_game_settles_its_heap(monkeypatch):
    """``run_app`` (the console script's game) is the one that asks for it."""
    from summit_game.tui import app as app_module

    made = {}

    class Stop(Exception):
        pass

    def fake(**kw):
        made.update(kw)
        raise Stop

    monkeypatch.setattr(app_module, "SummitApp", fake)
    try:
        app_module.run_app(None)
    except Stop:
        pass
    assert made["settle_heap"] is True


def test_no_collection_while_a_pack_loads(monkeypatch):
    """The loader pauses the collector while it builds a pack (in a thread): settling then waits for the next time."""
    import gc

    from summit_game.tui.replaced import settle

    calls = []
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    gc.disable()
    try:
        settle(lambda: None, True)
    finally:
        gc.enable()
    assert calls == []
    settle(lambda: None, True)
    assert "collect" in calls
