"""Helpers shared by the TUI tests (no tests here).

``drive`` plays a game by keys the way a player with only number keys and
Enter would: on a scene, the number of the first available choice; on the
consequence, Enter; until the ending.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "scenes"
TUTORIAL = SCENES / "tutorial"


def bundled() -> list[Path]:
    from summit_game.pack.bundled import bundled_packs

    return bundled_packs()


def make_app(packs=None, saves=None, seed=1, **kw):
    from summit_game.tui.app import SummitApp

    return SummitApp(packs=[TUTORIAL] if packs is None else packs, saves=str(saves) if saves else None, seed=seed, **kw)


def screen_name(app) -> str:
    return type(app.screen).__name__


def drawn(app) -> bool:
    """The screen in front has been drawn, if it is one that ignores keys typed before that (the
    consequence, the ending: ``ReadFirst``), as a player reads it before pressing on. Below the
    minimum size only the notice is drawn, and input waits for a larger window."""
    screen = app.screen
    return getattr(screen, "drawn", True) or screen.has_class("-too-small")


async def wait_for(pilot, name: str, timeout: float = 15.0) -> None:
    """Wait until the app shows the screen called ``name`` (loading runs in a thread), drawn."""
    waited = 0.0
    while screen_name(pilot.app) != name or not drawn(pilot.app):
        if waited > timeout:
            raise AssertionError(f"expected {name}, drawn, still on {screen_name(pilot.app)}"
                                 + ("" if drawn(pilot.app) else " (not drawn yet)"))
        await pilot.pause(0.02)
        waited += 0.02
    await pilot.pause()


async def choose(pilot, *numbers: int) -> None:
    """Take each choice by its number, read its consequence, then Enter (as a player does: a key
    typed before the consequence is drawn is ignored)."""
    for number in numbers:
        await pilot.press(str(number))
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.press("enter")
        await wait_for(pilot, "EndingScreen" if pilot.app.session.finished else "PlayScreen")


async def new_game(pilot, role_number: int = 1, route_number: int | None = 1) -> None:
    """From the title: Enter, a role by number, a route by number (if asked)."""
    await wait_for(pilot, "TitleScreen")
    await pilot.press("enter")
    await wait_for(pilot, "RoleScreen")
    await pilot.press(str(role_number))
    await pilot.pause()
    if screen_name(pilot.app) == "RoleScreen" and route_number is not None:
        await pilot.press(str(route_number))
    await wait_for(pilot, "PlayScreen")


def first_available(app) -> int:
    session = app.session
    return next(o.number for o in session.options() if o.available)


async def drive(pilot, max_steps: int = 80) -> list[str]:
    """Play to the ending with number keys and Enter only; returns the screens seen."""
    seen = []
    for _ in range(max_steps):
        name = screen_name(pilot.app)
        seen.append(name)
        if name == "EndingScreen":
            return seen
        if name == "PlayScreen":
            await pilot.press(str(first_available(pilot.app)))
        elif name == "ConsequenceScreen":
            await wait_for(pilot, name)  # drawn: Enter is for it
            await pilot.press("enter")
        else:
            raise AssertionError(f"unexpected screen {name}")
        await pilot.pause()
    raise AssertionError("no ending reached")


def text_of(app) -> str:
    """The text of every Static on the current screen (what the player reads)."""
    from textual.widgets import Static

    return "\n".join(getattr(w.visual, "plain", "") for w in app.screen.query(Static))


def screen_lines(app) -> str:
    """What the terminal shows, line by line (every widget, the palette and toasts included)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def until(pilot, check, timeout: float = 30.0) -> None:
    """Wait (on a loaded machine) until ``check()`` holds; fail saying so."""
    waited = 0.0
    while not check():
        if waited > timeout:
            raise AssertionError(f"still not so after {timeout} s")
        await pilot.pause(0.05)
        waited += 0.05
