"""Teams under `summit-game serve`: each tab names its team, plays in the team's own
saves folder, and gets its debrief as a download from the serve process.
"""

import asyncio
import fcntl
import json
import os
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")

from serve_support import open_tab, running_server  # noqa: E402
from test_tui_support import TUTORIAL, drive, wait_for  # noqa: E402

from summit_game.paths import team_saves_dir, team_slug  # noqa: E402
from summit_game.serve.config import TabConfig  # noqa: E402

PRESETS = dict(pack=str(TUTORIAL), role="east", route="quick", seed=0)


def test_team_slugs():
    assert team_slug("Blue") == team_slug("BLUE!") == team_slug("  blue ") == "blue"
    assert team_slug("Équipe Bleue") == "equipe-bleue"
    assert team_slug("../../etc/passwd") == "etc-passwd"
    cyrillic = team_slug("Команда")
    assert re.fullmatch(r"team-[0-9a-f]{10}", cyrillic) and cyrillic == team_slug("команда")
    assert team_slug("Команда") != team_slug("Équipe")
    assert len(team_slug("x" * 40)) <= 32
    assert team_saves_dir("/s", "Red Team") == Path("/s/teams/red-team")


# ---------------------------------------------------------------- the team screen (Pilot)


def _served_app(saves: Path, **presets):
    from summit_game.tui.served import make_app

    return make_app(TabConfig(saves_root=str(saves), public_url="http://192.0.2.7:8200", **presets))


async def test_a_tab_asks_its_team_first_and_keeps_its_saves_apart(tmp_path):
    app = _served_app(tmp_path, pack=str(TUTORIAL))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TeamScreen")
        await pilot.press("enter")
        await pilot.pause()
        assert "A team name cannot be empty" in str(app.screen.query_one("#problem").render())
        assert app.screen.__class__.__name__ == "TeamScreen"
        await pilot.press(*"Red Fox")
        await pilot.press("enter")
        await wait_for(pilot, "TitleScreen")
        assert app.team == "Red Fox"
        assert app.saves_folder == tmp_path / "teams" / "red-fox"
        assert "Team: Red Fox" in app.screen.query_one("#topbar").plain
        assert [e.id for e in app.entries] == ["tutorial"]  # `serve PACK`: that pack only


async def test_a_served_player_never_sees_the_hosts_folders(tmp_path):
    """The title, help and load screens say where saves go; a served tab's player is on another device, so
    they are told it is the team's folder on the facilitator's computer, not the host's path (issue 8)."""
    from test_tui_support import text_of

    app = _served_app(tmp_path, pack=str(TUTORIAL))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TeamScreen")
        await pilot.press(*"Red Fox", "enter")
        await wait_for(pilot, "TitleScreen")
        await pilot.pause()
        seen = [text_of(app)]
        await pilot.press("question_mark")
        await wait_for(pilot, "HelpScreen")
        seen.append(text_of(app))
        for text in seen:
            flat = " ".join(text.split())
            assert str(tmp_path) not in flat and "/teams/" not in flat, flat
            assert "SUMMIT_GAME_SAVES" not in flat
        assert "Saves and debriefs go to your team's folder on the facilitator's computer" in " ".join(seen[0].split())
        assert app.shown_path(tmp_path / "teams" / "red-fox" / "mine.json") == "mine.json"


async def test_the_local_game_says_where_its_saves_are(tmp_path):
    from test_tui_support import text_of

    from summit_game.tui.app import SummitApp

    app = SummitApp(packs=[TUTORIAL], saves=str(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TitleScreen")
        await pilot.pause()
        assert f"Saves and debriefs go to {tmp_path}" in " ".join(text_of(app).split())


def test_team_screen_snapshot(snap_compare, tmp_path_factory):
    # a fixed saves folder: nothing of it is on this screen, but keep runs alike
    app = _served_app(Path("/tmp/summit-game-snapshots/serve-team"))

    async def run_before(pilot):
        await wait_for(pilot, "TeamScreen")
        await pilot.press(*"Blue")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


SNAP_SAVES = Path("/tmp/summit-game-snapshots/serve-saves")


@pytest.fixture
def snap_lock():
    lock = open("/tmp/summit-game-snapshots.lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    shutil.rmtree(SNAP_SAVES, ignore_errors=True)
    yield
    shutil.rmtree(SNAP_SAVES, ignore_errors=True)
    lock.close()


def test_served_ending_says_how_to_download_snapshot(snap_compare, snap_lock, monkeypatch):
    from summit_game.engine import debrief

    monkeypatch.setattr(debrief, "export_debrief",
                        lambda folder, pack, state, outcomes, **kw: Path(folder) / f"debrief-{pack.id}-{state.role}.md")
    app = _served_app(SNAP_SAVES, **PRESETS)

    async def run_before(pilot):
        await wait_for(pilot, "TeamScreen")
        await pilot.press(*"Blue", "enter")
        await wait_for(pilot, "TitleScreen")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")  # the presets: no role screen
        assert (await drive(pilot))[-1] == "EndingScreen"
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 32), run_before=run_before)


# ---------------------------------------------------------------- served, over websockets


async def _team(server, name: str):
    tab = await open_tab(server.url)
    await tab.wait_for("Your team's name")
    await tab.keys(name + "\r")
    await tab.wait_for("Continue")
    return tab


async def _choose(tab, keys: list[str], then: str):
    for key in keys:
        mark = tab.mark()
        await tab.keys(key)
        await asyncio.sleep(0.3)
    await tab.wait_for(then, after=mark)


async def test_two_teams_two_games_and_continue_offers_only_your_own(tmp_path):
    async with running_server(tmp_path, **PRESETS) as server:
        a = await _team(server, "Alpha")
        b = await _team(server, "Bravo")
        await a.keys("\r")  # the presets: straight into the game
        await b.keys("\r")
        await a.wait_for("Three ways forward")
        await b.wait_for("Three ways forward")
        await _choose(a, ["3"], "Press Enter")  # one decision for Alpha, none for Bravo
        await a.close()
        await b.close()
        saves_a = tmp_path / "teams" / "alpha"
        assert len(list(saves_a.glob("autosave-tutorial-*.json"))) == 1  # this game's own autosave
        assert not list((tmp_path / "teams" / "bravo").glob("autosave-tutorial*.json"))
        assert not list(tmp_path.glob("*.json"))  # nothing in the shared folder itself

        again = await _team(server, "alpha")  # a reload, typed in another case: the same team
        await again.wait_for("1 decision")
        other = await _team(server, "Charlie")
        await other.wait_for("(no saved game yet)")
        assert "1 decision" not in other.text
        await again.close()
        await other.close()


async def test_the_debrief_is_a_download_from_the_teams_folder_only(tmp_path):
    async with running_server(tmp_path, **PRESETS) as server:
        tab = await _team(server, "Blue Whale")
        await tab.keys("\r")
        await tab.wait_for("Three ways forward")
        await _choose(tab, ["3", "\r"], "press d to download")
        await tab.wait_for(f"{server.url}debrief/blue-whale/")
        await tab.keys("d")
        for _ in range(100):
            if tab.strings:
                break
            await asyncio.sleep(0.05)
        kind, what = tab.strings[-1]
        assert kind == "open_url" and re.fullmatch(r"/debrief/blue-whale/debrief-tutorial-east-[0-9-]+\.md", what["url"])

        def get(path):
            try:
                with urllib.request.urlopen(server.url.rstrip("/") + path, timeout=10) as r:
                    return r.status, r.headers, r.read()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.headers, b""

        status, headers, body = await asyncio.to_thread(get, what["url"])
        assert status == 200 and "attachment" in headers["Content-Disposition"]
        assert "**Team:** Blue Whale" in body.decode()
        record = what["url"].replace(".md", ".record.json")
        status, _, body = await asyncio.to_thread(get, record)
        assert status == 200 and json.loads(body)["team"] == "Blue Whale"
        status, _, page = await asyncio.to_thread(get, "/debrief/blue-whale/")
        assert status == 200 and what["url"].rsplit("/", 1)[1].encode() in page

        folder = tmp_path / "teams" / "blue-whale"
        secret = tmp_path / "secret.txt"
        secret.write_text("not for the room")
        os.symlink(secret, folder / "debrief-evil.md")
        (tmp_path / "teams" / "linked").symlink_to(folder)
        [autosave] = folder.glob("autosave-tutorial-*.json")  # in the team's folder, but not a debrief
        for path in ["/debrief/blue-whale/debrief-evil.md", f"/debrief/blue-whale/{autosave.name}",
                     "/debrief/blue-whale/..%2F..%2Fsecret.txt", "/debrief/..%2F/secret.txt",
                     "/debrief/linked/", "/debrief/nobody/", "/debrief/Blue-Whale/", "/static/../../secret.txt"]:
            status, _, body = await asyncio.to_thread(get, path)
            assert status == 404 and b"not for the room" not in body, path
        await tab.close()


async def test_a_served_player_is_told_a_pack_has_errors_without_the_hosts_paths(tmp_path):
    from summit_game.tui.app import SummitApp

    broken = tmp_path / "host" / "secret-place" / "broken"
    shutil.copytree(TUTORIAL, broken)
    (broken / "pack.yaml").write_text((broken / "pack.yaml").read_text().replace("start: council", "start: nowhere"))
    app = SummitApp(packs=[broken, TUTORIAL], served=TabConfig(saves_root=str(tmp_path / "saves")))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, "TeamScreen")
        await pilot.press(*"Red Fox", "enter")
        await wait_for(pilot, "TitleScreen")
        await pilot.press("1")
        for _ in range(40):
            await pilot.pause(0.05)
            if app._notifications:
                break
        messages = [n.message for n in app._notifications]
        assert any("cannot be played: its files have 1 error." in m for m in messages), messages
        assert any("summit-game check broken" in m for m in messages), messages
        assert not any(str(tmp_path) in m or "secret-place" in m or "pack.yaml" in m for m in messages), messages
        assert app.screen.__class__.__name__ == "TitleScreen"
