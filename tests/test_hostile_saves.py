"""Hostile and unlucky saves (issue 11, items 5, 8 and 9): forged ones, shared autosaves, planted symlinks.

The checksum detects damage, not forgery: these saves all carry a valid one.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summit_game import engine as E
from summit_game.engine import saves

ROOT = Path(__file__).resolve().parent.parent


def played(pack, choices=("listen",), seed=5, role="east"):
    s = E.start(pack, role, seed=seed)
    for cid in choices:
        s, _ = E.choose(pack, s, cid)
    return s


def forge(path: Path, change) -> None:
    """Edit a save's fields and give it a valid checksum again, as a forger would."""
    body = json.loads(path.read_text(encoding="utf-8"))
    body.pop("checksum")
    change(body)
    body["checksum"] = saves._checksum(body)
    path.write_text(json.dumps(body), encoding="utf-8")


def run(args, stdin, saves_dir, **env):
    return subprocess.run([sys.executable, "-m", "summit_game.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "SUMMIT_GAME_SAVES": str(saves_dir), **env})


# ---------------------------------------------------------------- item 5: every field validated

FORGERIES = [
    ("a timestamp without a timezone", lambda b: b.update(saved_at="2025-08-18T10:00:00"),
     "its saved_at (an ISO time with its timezone) is missing or not valid"),
    ("year 1", lambda b: b.update(saved_at="0001-01-01T00:00:00+00:00"),
     "its saved_at (an ISO time with its timezone) is missing or not valid"),
    ("an escape in the title", lambda b: b["pack"].update(title="\x1b]0;pwned\x07\x1b[2J"),
     "its pack title is missing or not valid"),
    ("an escape in the pack id", lambda b: b["pack"].update(id="tutorial\x1b[2J"), "its pack id is missing or not valid"),
    ("an escape in the scene title", lambda b: b["summary"].update(scene_title="x\x9b2J"),
     "its summary scene title is missing or not valid"),
    ("a right-to-left override", lambda b: b["pack"].update(title="\u202etxt.exe"),
     "its pack title is missing or not valid"),
    ("a huge seed", lambda b: b.update(seed=10**30), "its seed is missing or not valid"),
    ("a role that is no id", lambda b: b.update(role="../../etc"), "its role is missing or not valid"),
    ("a history step that is no id", lambda b: b["history"].append(["council", "\x1b[A"]),
     "its history step is missing or not valid"),
    ("state values of the wrong type", lambda b: b["state"]["values"].update(trust="high"),
     "its state values is missing or not valid"),
]


@pytest.mark.parametrize("what, change, message", FORGERIES, ids=[f[0] for f in FORGERIES])
def test_a_forged_save_is_damaged_with_the_field_named(tutorial, tmp_path, what, change, message):
    good = saves.save_game(tmp_path, "good", tutorial, played(tutorial))
    bad = saves.save_game(tmp_path, "forged", tutorial, played(tutorial, ("listen", "share")))
    forge(bad, change)
    infos = {i.slot: i for i in saves.list_saves(tmp_path)}  # sorting naive and aware times raised TypeError
    assert not infos["good"].damaged and infos["good"].path == good
    assert infos["forged"].damaged
    assert infos["forged"].problem == f"forged.json is damaged: {message}"
    with pytest.raises(saves.SaveError, match=re.escape(message)):
        saves.load_game(tmp_path, "forged", tutorial)


def test_a_year_1_save_west_of_utc_does_not_break_the_listing(tutorial, tmp_path, monkeypatch):
    from summit_game.tui.session import when

    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        path = saves.save_game(tmp_path, "old", tutorial, played(tutorial))
        forge(path, lambda b: b.update(saved_at="0001-01-01T00:00:00+00:00"))
        [info] = saves.list_saves(tmp_path)
        assert info.damaged and when(info.saved_at) != ""  # the file's own time, which .astimezone() can show
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


async def test_forged_saves_on_the_title_and_load_screens(tutorial, tmp_path):
    """The title screen crashed on every start; escapes changed the terminal's title and cleared it."""
    from test_tui_support import make_app, screen_lines, wait_for

    saves.save_game(tmp_path, "good", tutorial, played(tutorial))
    for i, (_, change, _) in enumerate(FORGERIES):
        forge(saves.save_game(tmp_path, f"forged-{i}", tutorial, played(tutorial)), change)
    app = make_app(saves=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, "TitleScreen")
        for _ in range(100):
            if app.screen.looked_up:
                break
            await pilot.pause(0.02)
        assert app.screen.latest.slot == "good"  # Continue offers the one save that is sound
        await pilot.press("ctrl+o")
        await wait_for(pilot, "LoadScreen")
        await pilot.pause(0.2)
        shown = screen_lines(app)
        assert "forged-0  DAMAGED" in shown
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", shown)
        assert [it.id for it in app.screen.query_one("#saves").items if not it.disabled] == ["good"]


def test_plain_mode_refuses_a_forged_save_without_echoing_it(tutorial, tmp_path):
    path = saves.save_game(tmp_path, "forged", tutorial, played(tutorial))
    forge(path, lambda b: b["pack"].update(title="\x1b]0;pwned\x07"))
    r = run(["play", "--plain", "tutorial", "--load", "forged"], "", tmp_path)
    assert r.returncode == 1
    assert r.stdout.splitlines()[-1] == ("Cannot go on with that save: forged.json is damaged: "
                                         "its pack title is missing or not valid")
    assert "\x1b" not in r.stdout + r.stderr


# any JSON value, bounded only by what Hypothesis draws (integers and strings of any size)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
FIELDS = [("saved_at",), ("engine",), ("slot",), ("pack",), ("pack", "id"), ("pack", "title"), ("pack", "version"),
          ("pack", "hash"), ("role",), ("route",), ("seed",), ("history",), ("state",), ("state", "scene"),
          ("state", "ending"), ("state", "values"), ("summary",), ("summary", "scene_title"), ("summary", "steps")]


@settings(max_examples=150)
@given(edits=st.lists(st.tuples(st.sampled_from(FIELDS), json_values), min_size=1, max_size=4))
def test_saves_fuzzed_with_valid_checksums_list_load_or_refuse(tutorial, tmp_path_factory, edits):
    from summit_game.tui.session import when

    folder = tmp_path_factory.mktemp("fuzz")
    path = saves.save_game(folder, "fuzzed", tutorial, played(tutorial))

    def change(body):
        for where, value in edits:
            node = body
            for key in where[:-1]:
                node = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, dict):
                node[where[-1]] = value

    forge(path, change)
    [info] = saves.list_saves(folder)
    when(info.saved_at)  # never raises
    for text in (info.slot, info.pack_id, info.pack_title, info.role, info.route or "", info.scene_title):
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", text)
    try:
        loaded = saves.load_game(folder, "fuzzed", tutorial)
    except saves.SaveError as exc:
        assert "fuzzed" in str(exc)
    else:
        assert loaded.state.role in tutorial.roles


# ---------------------------------------------------------------- item 8: one autosave per game


def test_two_games_of_one_pack_keep_two_autosaves(tutorial, tmp_path):
    from summit_game.tui.session import Session

    a = Session.new(tutorial, tmp_path, "east", seed=1)
    b = Session.new(tutorial, tmp_path, "west", seed=2)
    assert a.autosave_name != b.autosave_name
    a.choose("listen")
    a.choose("share")
    b.choose("listen")  # another tab of the same pack: it overwrote a's autosave, then a's .bak
    for s, steps in ((a, 2), (b, 1)):
        [info] = [i for i in saves.list_saves(tmp_path) if i.slot == s.autosave_name]
        assert (info.role, info.steps, info.damaged) == (s.state.role, steps, False)
    bak = json.loads((tmp_path / f"{a.autosave_name}.json.bak").read_text())
    assert bak["role"] == "east" and len(bak["history"]) == 1


def test_names_kept_for_autosaves_are_refused(tutorial, tmp_path):
    from summit_game.tui.session import Session

    s = Session.new(tutorial, tmp_path, "east", seed=1)
    s.choose("listen")
    for name in ("autosave", "autosave-anchorage", "autosave-tutorial-0123abcd"):
        note = s.save(name)
        assert note.path is None
        assert note.error == (f"'{name}': names starting with 'autosave' are kept for the game's autosaves; "
                              "choose another")
    r = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "1", "tutorial"],
            "s autosave-anchorage\nq\n", tmp_path / "plain")
    assert ("Not saved: 'autosave-anchorage': names starting with 'autosave' are kept for the game's autosaves; "
            "choose another") in r.stdout


def test_load_autosave_falls_back_to_the_backup_and_goes_on_in_its_own(tutorial, tmp_path):
    first = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "3", "tutorial"], "2\n2\nq\n", tmp_path)
    assert first.returncode == 0, first.stdout
    [autosave] = tmp_path.glob("autosave-tutorial-*.json")
    data = bytearray(autosave.read_bytes())
    data[len(data) // 2] ^= 0x20  # a flipped bit: the save is damaged, its .bak (one decision) is not
    autosave.write_bytes(bytes(data))
    again = run(["play", "--plain", "tutorial", "--load", "autosave"], "1\nq\n", tmp_path)
    assert again.returncode == 0, again.stdout
    assert f"Going on with the saved game '{autosave.stem}': Envoy of the east bank, Full meeting, after 1 decision." in again.stdout
    assert "(The save was damaged; its backup was used.)" in again.stdout
    assert "Goodbye: your last decision is in the autosave." in again.stdout
    # the game went on in an autosave of its own; the one it came from is gone
    [now] = tmp_path.glob("autosave-tutorial-*.json")
    assert now != autosave and not autosave.exists()
    assert len(json.loads(now.read_text())["history"]) == 2


def test_load_autosave_takes_this_packs_newest(tutorial, tmp_path):
    r = run(["play", "--plain", "tutorial", "--load", "autosave"], "", tmp_path)
    assert r.returncode == 1
    assert f"Cannot go on with that save: there is no autosave of the pack 'tutorial' in {tmp_path}" in r.stdout


def test_plain_mode_says_when_the_autosave_failed(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "1", "tutorial"], "2\nq\n", blocker)
    assert "(Autosave failed: could not save to" in r.stdout
    assert r.stdout.splitlines()[-1] == ("Goodbye: the last autosave failed (see above), so the last decisions "
                                         "are not saved.")


# ---------------------------------------------------------------- item 9: the writer


def test_a_symlink_planted_at_the_temp_path_is_not_followed(tutorial, tmp_path, monkeypatch):
    target = tmp_path / "outside.txt"
    target.write_text("precious")
    folder = tmp_path / "saves"
    folder.mkdir()
    # the old writer's predictable names, and the first random name the new one will draw
    for name in (f".slot.json.{os.getpid()}.tmp", f".slot.json.bak.{os.getpid()}.tmp", ".slot.json.aaaaaaaaaaaa.tmp",
                 ".slot.json.bak.aaaaaaaaaaaa.tmp"):
        (folder / name).symlink_to(target)
    draws = iter(["aaaaaaaaaaaa", "bbbbbbbbbbbb", "aaaaaaaaaaaa", "cccccccccccc"] * 3)
    monkeypatch.setattr(saves.secrets, "token_hex", lambda n: next(draws))
    state = played(tutorial)
    saves.save_game(folder, "slot", tutorial, state)
    saves.save_game(folder, "slot", tutorial, played(tutorial, ("listen", "share")))
    assert target.read_text() == "precious"
    assert saves.load_game(folder, "slot", tutorial).state.history[-1].choice == "share"
    assert not [p for p in folder.iterdir() if p.is_symlink()]  # planted links are swept


def test_stale_temporary_files_are_swept(tutorial, tmp_path):
    old = time.time() - 3600
    stale = []
    for i in range(31):  # left by 31 killed writers
        p = tmp_path / f".a.json.{i:012x}.tmp"
        p.write_text("partial")
        os.utime(p, (old, old))
        stale.append(p)
    fresh = tmp_path / ".a.json.ffffffffffff.tmp"
    fresh.write_text("a writer at work right now")
    saves.save_game(tmp_path, "a", tutorial, played(tutorial))
    assert not [p for p in stale if p.exists()]
    assert fresh.exists()


def test_a_save_is_never_written_over_the_read_limit(tutorial, tmp_path):
    long_id = "x" * 48
    state = played(tutorial)
    full = state.replace(history=tuple([E.Step(long_id, long_id)] * saves.MAX_DECISIONS))
    path = saves.save_game(tmp_path, "long", tutorial, full)
    assert path.stat().st_size <= saves.MAX_SAVE_BYTES
    [info] = saves.list_saves(tmp_path)
    assert not info.damaged and info.steps == saves.MAX_DECISIONS  # read back: 10,000 decisions
    over = full.replace(history=full.history + (E.Step(long_id, long_id),))
    with pytest.raises(saves.SaveError, match=r"^this game has 10,001 decisions; a save holds at most 10,000$"):
        saves.save_game(tmp_path, "long", tutorial, over)
    assert saves.list_saves(tmp_path)[0].steps == saves.MAX_DECISIONS  # the last good one is kept


def test_debriefs_of_games_ending_in_the_same_second_keep_both(tutorial, tmp_path):
    from summit_game.engine.debrief import export_debrief

    state = played(tutorial, ("listen", "share", "accept"))
    now = datetime(2025, 8, 18, 12, 0, 0, tzinfo=timezone.utc)
    paths = {export_debrief(tmp_path, tutorial, state, [], now=now) for _ in range(3)}
    assert len(paths) == 3 and all(p.read_text().startswith("# Debrief") for p in paths)


def test_the_game_never_writes_a_save_it_would_refuse(tmp_path):
    """A pack's long title and version (free text, any length) made every save of it 'damaged'."""
    import shutil

    from summit_game.pack import load_pack

    pack_dir = tmp_path / "pack"
    shutil.copytree(ROOT / "scenes" / "tutorial", pack_dir)
    manifest = pack_dir / "pack.yaml"
    text = manifest.read_text()
    text = text.replace('title: "The River Bridge (tutorial)"', 'title: "' + "T" * 1000 + '"')
    text = text.replace('version: "1.0"', 'version: "' + "v" * 1000 + '"')
    manifest.write_text(text)
    pack = load_pack(pack_dir)
    saves.save_game(tmp_path / "s", "long", pack, played(pack))
    [info] = saves.list_saves(tmp_path / "s")
    assert not info.damaged and len(info.pack_title) == saves.MAX_TEXT and info.pack_title.endswith("…")
    assert saves.load_game(tmp_path / "s", "long", pack).problem is None
    big_seed = E.start(pack, "east", seed=2**70)
    with pytest.raises(saves.SaveError, match=r"^cannot save this game: its seed is missing or not valid$"):
        saves.save_game(tmp_path / "s", "seed", pack, big_seed)



@pytest.mark.parametrize("fails", ["atomic_write", "write_record"])
def test_a_debrief_the_disk_has_no_room_for_leaves_no_file_behind(tutorial, tmp_path, monkeypatch, fails):
    """A full disk as the game ends: no empty or half-written debrief is left for compare to read."""
    from summit_game.engine import debrief

    def full(path, *a, **k):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(debrief, fails, full)
    with pytest.raises(OSError):
        debrief.export_debrief(tmp_path, tutorial, played(tutorial, ("listen", "build")), [])
    assert list(tmp_path.iterdir()) == []  # the empty file that claimed the name is gone too


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs RLIMIT_FSIZE")
def test_plain_mode_says_in_words_why_the_debrief_was_not_written(tmp_path):
    import resource

    def small_files():  # a file grows past 1,500 bytes: EFBIG, as a disk full gives ENOSPC
        resource.setrlimit(resource.RLIMIT_FSIZE, (1500, 1500))

    r = subprocess.run([sys.executable, "-m", "summit_game.cli", "play", "--plain", "--role", "east", "--route", "full",
                        "--seed", "1", "tutorial"], input="2\n\n2\n\n2\n\n", capture_output=True, text=True,
                       cwd=ROOT, timeout=120, env={**os.environ, "SUMMIT_GAME_SAVES": str(tmp_path)},
                       preexec_fn=small_files)
    assert "Traceback" not in r.stderr
    assert f"The debrief could not be saved to {tmp_path}: File too large" in r.stdout.splitlines()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("debrief")] == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("autosave")]  # the small autosave was written


def test_load_autosave_names_the_autosave_that_is_damaged_rather_than_saying_there_is_none(tmp_path):
    first = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "3", "tutorial"], "2\nq\n", tmp_path)
    assert first.returncode == 0, first.stdout
    [autosave] = tmp_path.glob("autosave-tutorial-*.json")
    autosave.write_bytes(autosave.read_bytes()[:100])  # cut short (a kill, a full disk), and no .bak to fall back on
    assert not list(tmp_path.glob("*.bak"))
    r = run(["play", "--plain", "tutorial", "--load", "autosave"], "", tmp_path)
    assert r.returncode == 1
    assert (f"Cannot go on with that save: there is no readable autosave of the pack 'tutorial' in {tmp_path}: "
            f"{autosave.name} is damaged: not readable as a save (truncated or corrupted)") in r.stdout.splitlines()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "folder"])
def test_a_save_that_is_not_a_plain_file_is_refused_never_opened(tmp_path, kind):
    """A FIFO's read waits forever and /dev/zero's never ends: --load hung on either (it read before asking)."""
    def plant(path: Path) -> None:
        {"fifo": lambda: os.mkfifo(path), "dev_zero": lambda: path.symlink_to("/dev/zero"),
         "folder": path.mkdir}[kind]()

    plant(tmp_path / "odd.json")
    r = run(["play", "--plain", "tutorial", "--load", "odd"], "", tmp_path)
    what = "is a folder, not a save" if kind == "folder" else \
        "is not a save: it is a device, FIFO or socket (or a link to one)"
    assert (r.returncode, r.stdout.splitlines()[-1]) == (1, f"Cannot go on with that save: odd.json {what}")
    # a damaged autosave whose .bak is one: the listing (title screen, Load, --load autosave) reads the .bak
    first = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "3", "tutorial"], "2\nq\n", tmp_path)
    [autosave] = tmp_path.glob("autosave-tutorial-*.json")
    autosave.write_text("{")
    (tmp_path / (autosave.name + ".bak")).unlink(missing_ok=True)
    plant(tmp_path / (autosave.name + ".bak"))
    r = run(["play", "--plain", "tutorial", "--load", "autosave"], "", tmp_path)
    assert r.returncode == 1 and f"{autosave.name} is damaged" in r.stdout.splitlines()[-1], first.stdout[-300:]
