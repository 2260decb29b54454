"""Snapshots of the screens players see, at 100x32 and at 80x24 (the tutorial pack: stable content).

Update with ``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at
every changed SVG before committing it (convert to PNG with rsvg-convert).
"""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest
from test_tui_support import TUTORIAL, choose, wait_for

SIZES = [pytest.param((100, 32), id="100x32"), pytest.param((80, 24), id="80x24")]
# A fixed folder: the title screen shows the saves path, and it must not change between runs.
SAVES = Path("/tmp/summit-game-snapshots/saves")


@pytest.fixture
def app(monkeypatch):
    # Two test runs at once (two checkouts on one machine) would share SAVES: take turns.
    lock = open("/tmp/summit-game-snapshots.lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    shutil.rmtree(SAVES, ignore_errors=True)
    from summit_game.engine import debrief

    # the exported file's name carries the time; show a fixed one
    monkeypatch.setattr(debrief, "export_debrief",
                        lambda folder, pack, state, outcomes, **kw: Path(folder) / f"debrief-{pack.id}-{state.role}.md")
    from summit_game.tui.app import SummitApp

    yield SummitApp(packs=[TUTORIAL], saves=str(SAVES), seed=1)
    shutil.rmtree(SAVES.parent, ignore_errors=True)
    lock.close()


async def _title(pilot):
    await wait_for(pilot, "TitleScreen")
    for _ in range(200):
        if pilot.app.screen.looked_up:
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def _play(pilot):
    await _title(pilot)
    await pilot.press("enter")
    await wait_for(pilot, "RoleScreen")
    await pilot.press("1", "1")  # east, full meeting
    await wait_for(pilot, "PlayScreen")


async def _consequence(pilot):
    await _play(pilot)
    await pilot.press("2")  # ask the other side what they need
    await wait_for(pilot, "ConsequenceScreen")


async def _source(pilot):
    await _consequence(pilot)
    await pilot.press("enter")
    await wait_for(pilot, "PlayScreen")
    await pilot.press("s")  # at the highlighted choice's quote: share the bridge
    await wait_for(pilot, "SourceScreen")
    await pilot.pause(0.1)


async def _journal(pilot):
    await _consequence(pilot)
    await pilot.press("enter", "1")  # share the bridge
    await wait_for(pilot, "ConsequenceScreen")
    await pilot.press("j")
    await wait_for(pilot, "JournalScreen")


async def _debrief(pilot):
    await _consequence(pilot)
    await pilot.press("enter")
    await wait_for(pilot, "PlayScreen")
    await choose(pilot, 1, 1)  # share, accept the mediator: the ending
    screen = pilot.app.screen
    screen.query_one("#page").scroll_to_widget(screen.query_one("#debrief-title"), top=True, animate=False)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_title(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_title)


@pytest.mark.parametrize("size", SIZES)
def test_play(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_play)


@pytest.mark.parametrize("size", SIZES)
def test_consequence(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_consequence)


@pytest.mark.parametrize("size", SIZES)
def test_source_viewer(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_source)


@pytest.mark.parametrize("size", SIZES)
def test_journal(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_journal)


@pytest.mark.parametrize("size", SIZES)
def test_debrief(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_debrief)
