"""play --watch: an edit reloads the pack while playing; the player keeps their place.

The reload itself (engine/reload.py) is tested directly; plain mode and the TUI are
driven with the watcher poked by hand after each edit, so no test waits on the file
system's timing, and one test proves the real watcher sees an edit.
"""

from __future__ import annotations

import io
import queue
import shutil
import threading
import time
from pathlib import Path

import pytest
from test_tui_support import TUTORIAL, screen_name, text_of, wait_for

from summit_game import engine as E
from summit_game.engine.reload import PackWatcher, reload_game
from summit_game.pack import load_pack
from summit_game.plain import Plain

SCENES = "scenes/meeting.yaml"


@pytest.fixture
def pack(tmp_path) -> Path:
    root = tmp_path / "river"
    shutil.copytree(TUTORIAL, root)
    return root


def edit(root: Path, old: str, new: str) -> None:
    f = root / SCENES
    text = f.read_text()
    assert old in text
    f.write_text(text.replace(old, new))


def played(pack: Path, *choices: str) -> tuple:
    p = load_pack(pack)
    state = E.start(p, "east", 3, "full")
    for c in choices:
        state, _ = E.choose(p, state, c)
    return p, state


# ---------------------------------------------------------------- the reload


def test_an_edit_that_fits_replays_every_decision(pack):
    p, state = played(pack, "listen", "share")
    edit(pack, "title: Three ways forward", "title: Three ways forward, again")
    r = reload_game(pack, p, state)
    assert r.ok and not r.unchanged and r.problem == ""
    assert r.state.history == state.history and r.state.scene == state.scene
    assert r.pack.scenes["proposal"].title == "Three ways forward, again"
    assert r.summary(2) == "The pack was reloaded; your 2 decisions were replayed on it."
    assert r.summary(1) == "The pack was reloaded; your decision was replayed on it."


def test_an_edit_that_no_longer_fits_says_where(pack):
    p, state = played(pack, "listen", "share")
    edit(pack, "      - id: share\n", "      - id: share_tolls\n")
    r = reload_game(pack, p, state)
    assert r.ok and len(r.outcomes) == 1 and r.state.scene == "proposal"
    assert r.summary(2) == ("The pack was reloaded. Decision 1 was replayed; decision 2 no longer fits it (no "
                            "choice 'share' in scene 'proposal'): you go on from decision 2.")
    edit(pack, "      - id: listen\n", "      - id: hear\n")
    r = reload_game(pack, p, state)
    assert r.summary(2) == ("The pack was reloaded. Decision 1 no longer fits it (no choice 'listen' in scene "
                            "'council'): you go on from decision 1.")


def test_a_broken_edit_gives_its_located_errors(pack, monkeypatch):
    monkeypatch.chdir(pack)
    p, state = played(pack, "listen")
    edit(pack, "goto: proposal", "goto: propsal")
    r = reload_game(pack, p, state)
    assert not r.ok and r.state is None
    line = (pack / SCENES).read_text().splitlines().index("        goto: propsal") + 1
    assert r.error_text().splitlines()[0] == (f"scenes/meeting.yaml:{line}:15: error SG021: goto 'propsal' names no "
                                              "scene or ending")


def test_unchanged_and_a_removed_role(pack):
    p, state = played(pack, "listen")
    (pack / SCENES).write_text((pack / SCENES).read_text())  # saved again, same words
    assert reload_game(pack, p, state).unchanged
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("  - id: east\n", "  - id: eastern\n"))
    text = manifest.read_text()
    (pack / SCENES).write_text((pack / SCENES).read_text().replace("[east]", "[eastern]"))
    (pack / SCENES).write_text((pack / SCENES).read_text().replace("    east:", "    eastern:"))
    manifest.write_text(text.replace("role == 'east'", "role == 'eastern'"))
    r = reload_game(pack, p, state)
    assert r.ok and r.state is None, r.error_text()
    assert r.summary(1) == "The pack was reloaded, but this game cannot go on in it: the role 'east' is no longer in the pack"


def test_the_watcher_sees_an_edit_and_ignores_saves(pack):
    saves = pack / "saves"
    saves.mkdir()
    watcher = PackWatcher(pack, saves, debounce_ms=50).start()
    try:
        time.sleep(0.5)  # let the watcher settle before the first edit
        (saves / "debrief-x.md").write_text("# Debrief\n")
        (pack / "notes.json").write_text("{}")
        assert not watcher.wait(2), "a save or a .json file is not part of the pack"
        edit(pack, "title: Three ways forward", "title: Three ways")
        assert watcher.wait(30)
        assert watcher.changed() and not watcher.changed()
    finally:
        watcher.stop()


# ---------------------------------------------------------------- plain mode


class Keyboard:
    """Standard input a test types into, a line at a time."""

    def __init__(self):
        self.lines: queue.Queue[str] = queue.Queue()

    def type(self, line: str) -> None:
        self.lines.put(line + "\n")

    def readline(self) -> str:
        return self.lines.get()

    def isatty(self) -> bool:
        return False


class Screen(io.StringIO):
    def wait_for(self, text: str, after: int = 0, timeout: float = 30) -> int:
        """Wait until ``text`` is written (after position ``after``); its position."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            at = self.getvalue().find(text, after)
            if at != -1:
                return at
            time.sleep(0.01)
        raise AssertionError(f"never shown: {text!r}\n---\n{self.getvalue()[after:]}")


def test_plain_mode_reloads_while_playing(pack, tmp_path):
    watcher = PackWatcher(pack)  # not started: the test pokes it after each edit
    out, keys = Screen(), Keyboard()
    game = Plain(load_pack(pack), out, keys, tmp_path / "saves", watcher=watcher)
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(game.run("east", "full", 3)), daemon=True)
    thread.start()
    at = out.wait_for("Your choice")
    keys.type("2")  # listen
    at = out.wait_for("Decision 2. Three ways forward", at)
    edit(pack, "title: Three ways forward", "title: Three ways forward, edited")
    watcher.poke()
    at = out.wait_for("The pack was reloaded; your decision was replayed on it.", at)
    at = out.wait_for("Decision 2. Three ways forward, edited", at)
    edit(pack, "goto: mediator", "goto: mediatr")
    watcher.poke()
    at = out.wait_for("The pack changed, and now it has errors:", at)
    at = out.wait_for("error SG021: goto 'mediatr' names no scene or ending", at)
    keys.type("1")
    at = out.wait_for("The pack still has errors: fix them and save (q to quit).", at)
    edit(pack, "goto: mediatr", "goto: mediator")
    watcher.poke()
    at = out.wait_for("The pack loads again, as it was: you go on where you were.", at)
    at = out.wait_for("Decision 2. Three ways forward, edited", at)
    keys.type("1")  # share
    keys.type("1")  # accept
    thread.join(30)
    assert result == [0]
    assert "Ending: A shared bridge" in out.getvalue()[at:]


# ---------------------------------------------------------------- the TUI


async def test_the_tui_reloads_shows_errors_and_goes_on(pack, tmp_path):
    from summit_game.tui.app import SummitApp

    app = SummitApp(pack_path=pack, packs=[pack], saves=str(tmp_path / "saves"), seed=3, watch=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "RoleScreen")  # play PACK goes straight to its roles
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("1")
        await wait_for(pilot, "PlayScreen")
        await pilot.press("2")
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        edit(pack, "title: Three ways forward", "title: Three ways forward, edited")
        app.watcher.poke()
        await _until(pilot, lambda: "Three ways forward, edited" in text_of(app) and not app._reloading)
        assert screen_name(app) == "PlayScreen" and app.session.step == 2
        edit(pack, "goto: mediator", "goto: mediatr")
        app.watcher.poke()
        await wait_for(pilot, "PackErrorsScreen")
        assert "goto 'mediatr' names no scene or ending" in text_of(app)
        edit(pack, "goto: mediatr", "goto: mediator")
        app.watcher.poke()
        await wait_for(pilot, "PlayScreen")
        assert app.session.step == 2 and app.session.scene.title == "Three ways forward, edited"
        edit(pack, "      - id: listen\n", "      - id: hear\n")
        app.watcher.poke()
        await _until(pilot, lambda: app.session.step == 1 and not app._reloading)
        await wait_for(pilot, "PlayScreen")
        await _until(pilot, lambda: "The spring council" in text_of(app))


async def test_a_key_typed_before_the_pack_errors_were_drawn_does_not_quit_the_game(pack, tmp_path):
    # q, typed as the edited pack's errors came up over the game, quit it (q is the errors screen's Quit)
    # before the author had seen one error; a key typed before a result screen is drawn is not for it
    from textual import events

    from summit_game.tui.app import SummitApp

    app = SummitApp(pack_path=pack, packs=[pack], saves=str(tmp_path / "saves"), seed=3, watch=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "RoleScreen")
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("1")
        await wait_for(pilot, "PlayScreen")
        early = events.Key("q", "q")  # typed now...
        edit(pack, "goto: mediator", "goto: mediatr")
        app.watcher.poke()
        await wait_for(pilot, "PackErrorsScreen")
        app.post_message(early)  # ...and taken once the errors are in front, as a key queued behind another is
        await pilot.press("ctrl+p")  # taken after it: the palette opens over the errors
        await wait_for(pilot, "Palette")
        await pilot.press("escape")
        await wait_for(pilot, "PackErrorsScreen")
        assert not app.leaving
        assert "goto 'mediatr' names no scene or ending" in text_of(app)
        await pilot.press("q")  # typed once the errors are drawn: it quits
        await _until(pilot, lambda: app.leaving)


async def _until(pilot, test, timeout: float = 30) -> None:
    waited = 0.0
    while not test():
        if waited > timeout:
            raise AssertionError("never happened")
        await pilot.pause(0.05)
        waited += 0.05
