"""Snapshots of the projector at 120x36 (a projector) and 80x24 (the smallest it supports).

Update with ``pytest tests/test_workshop_snapshots.py --snapshot-update`` and look at every
changed SVG before committing it (convert to PNG with rsvg-convert).
"""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest
from test_tui_support import wait_for

ROOT = Path(__file__).resolve().parent.parent
SIZES = [pytest.param((120, 36), id="120x36"), pytest.param((80, 24), id="80x24")]
SAVES = Path("/tmp/summit-game-snapshots/workshop")  # fixed: the ending shows where it wrote


class Clock:
    t = 100.0

    def __call__(self):
        return self.t


class StubServer:
    """Where a room on a LAN would join (a fixed address, so the snapshot is stable)."""

    join_url = "http://192.168.1.23:8080/?pin=4821"
    page_url = "http://192.168.1.23:8080/"
    reach = "devices on this computer's network that can reach 192.168.1.23"
    reaches = (reach, "devices on this computer's network")  # as lan.listen words it
    only_here = False  # as with --lan
    running = True
    room = None

    async def stop(self):
        pass


@pytest.fixture
def app(monkeypatch):
    from summit_game.workshop import record as R

    # the record's name carries the time; the ending shows it
    monkeypatch.setattr(R, "default_path", lambda folder, pack_id, when=None: Path(folder) / f"workshop-{pack_id}.json")
    lock = open("/tmp/summit-game-snapshots.lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    shutil.rmtree(SAVES, ignore_errors=True)
    from summit_game.pack import load_pack
    from summit_game.tui.workshop.app import WorkshopApp

    app = WorkshopApp(load_pack(ROOT / "scenes" / "anchorage"), route="short", seed=3, saves=SAVES,
                      clock=Clock(), pin="4821")
    app.server = StubServer()
    from summit_game.workshop.qr import qr_lines

    app.qr = qr_lines(StubServer.join_url)
    yield app
    shutil.rmtree(SAVES, ignore_errors=True)
    lock.close()


async def _vote(pilot):
    await wait_for(pilot, "RoomRoleScreen")
    await pilot.press("1")
    await wait_for(pilot, "VoteScreen")
    room = pilot.app.room
    for i in range(7):
        room.vote(f"phone-token-{i:04d}", room.decision.options[i % 2].id, "4821")
    await pilot.press("3", "plus", "plus")
    await pilot.pause(0.3)


async def _reveal(pilot):
    await _vote(pilot)
    await pilot.press("s")
    await wait_for(pilot, "RevealScreen")
    await pilot.pause()


async def _ending(pilot):
    await _reveal(pilot)
    room = pilot.app.room
    while room.phase.value != "ended":
        await pilot.press("enter")
        await pilot.pause()
        if room.phase.value == "open":
            room.set_hands(room.decision.options[0].id, 5)
            await pilot.press("s")
            await wait_for(pilot, "RevealScreen")
    await wait_for(pilot, "RoomEndingScreen")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_role(snap_compare, app, size):
    async def role(pilot):
        await wait_for(pilot, "RoomRoleScreen")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=role)


def test_role_briefing_at_80x24(snap_compare, app):
    async def briefing(pilot):  # b: the highlighted role's briefing takes the content note's place
        await wait_for(pilot, "RoomRoleScreen")
        await pilot.press("down", "b")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=briefing)


@pytest.mark.parametrize("size", SIZES)
def test_vote(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_vote)


@pytest.mark.parametrize("size", SIZES)
def test_reveal(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_reveal)


@pytest.mark.parametrize("size", SIZES)
def test_ending(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_ending)
