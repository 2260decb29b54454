"""Saves: atomic, checksummed, replayed; damage is reported, never raised as a traceback."""

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summit_game import engine as E
from summit_game.engine import saves

ROOT = Path(__file__).resolve().parent.parent


def _played(pack, seed=5):
    s = E.start(pack, "east", seed=seed)
    for cid in ["listen", "share"]:
        s, _ = E.choose(pack, s, cid)
    return s


def test_round_trip_replays_history(tutorial, tmp_path):
    s = _played(tutorial)
    path = saves.save_game(tmp_path, "slot1", tutorial, s)
    assert path == tmp_path / "slot1.json"
    body = json.loads(path.read_text())
    assert body["format"] == "summit-game-save" and body["schema"] == 1
    assert body["history"] == [["council", "listen"], ["proposal", "share"]]
    assert body["pack"]["hash"] == tutorial.content_hash
    loaded = saves.load_game(tmp_path, "slot1", tutorial)
    assert loaded.problem is None
    assert loaded.state == s
    assert [o.choice for o in loaded.outcomes] == ["listen", "share"]
    [info] = saves.list_saves(tmp_path)
    assert (info.slot, info.pack_id, info.role, info.scene, info.steps, info.damaged) == (
        "slot1", "tutorial", "east", "mediator", 2, False)
    assert info.scene_title == "The market-town mediator"


def test_second_save_keeps_backup(tutorial, tmp_path):
    s = E.start(tutorial, "east", seed=1)
    saves.save_game(tmp_path, "a", tutorial, s)
    s2, _ = E.choose(tutorial, s, "listen")
    saves.save_game(tmp_path, "a", tutorial, s2)
    assert (tmp_path / "a.json.bak").exists()
    assert json.loads((tmp_path / "a.json.bak").read_text())["history"] == []


@pytest.mark.parametrize("slot", ["../evil", "/etc/passwd", "a/b", "", "UPPER", "x" * 33, "a.json", "..", "con\x00"])
def test_slot_names_cannot_escape(tutorial, tmp_path, slot):
    s = E.start(tutorial, "east")
    with pytest.raises(saves.SaveError, match="not a slot name"):
        saves.save_game(tmp_path, slot, tutorial, s)
    with pytest.raises(saves.SaveError, match="not a slot name"):
        saves.load_game(tmp_path, slot, tutorial)
    assert list(tmp_path.iterdir()) == []


def test_every_truncation_is_reported_as_damaged(tutorial, tmp_path):
    path = saves.save_game(tmp_path, "t", tutorial, _played(tutorial))
    data = path.read_bytes()
    for n in range(len(data)):
        path.write_bytes(data[:n])
        with pytest.raises(saves.SaveError) as exc:
            saves.load_game(tmp_path, "t", tutorial)
        assert "damaged" in str(exc.value) or "not a summit-game save" in str(exc.value)
        [info] = saves.list_saves(tmp_path)
        assert info.damaged


def test_bit_flips_are_reported_as_damaged(tutorial, tmp_path):
    path = saves.save_game(tmp_path, "b", tutorial, _played(tutorial))
    data = path.read_bytes()
    rng = random.Random(0)
    for _ in range(300):
        i = rng.randrange(len(data))
        flipped = bytearray(data)
        flipped[i] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(flipped))
        try:
            loaded = saves.load_game(tmp_path, "b", tutorial)
        except saves.SaveError as exc:
            assert str(exc)
        else:  # a flip in insignificant white space leaves a valid save
            assert loaded.state.history == _played(tutorial).history


def test_damaged_save_falls_back_to_backup(tutorial, tmp_path):
    s = E.start(tutorial, "east", seed=1)
    saves.save_game(tmp_path, "a", tutorial, s)
    saves.save_game(tmp_path, "a", tutorial, E.choose(tutorial, s, "listen")[0])
    (tmp_path / "a.json").write_text("{ trunc")
    loaded = saves.load_game(tmp_path, "a", tutorial)
    assert loaded.from_backup and loaded.state == s


def test_save_from_edited_pack_resumes_where_it_fits(tutorial, tmp_path):
    s = _played(tutorial)
    path = saves.save_game(tmp_path, "e", tutorial, s)
    body = json.loads(path.read_text())
    body["history"][1][1] = "renamed_choice"
    body.pop("checksum")
    body["checksum"] = saves._checksum(body)
    path.write_text(json.dumps(body))
    loaded = saves.load_game(tmp_path, "e", tutorial)
    assert "fits up to decision 1 of 2" in loaded.problem
    assert loaded.state.scene == "proposal" and len(loaded.state.history) == 1


def test_wrong_pack_is_refused(tutorial, tmp_path):
    path = saves.save_game(tmp_path, "w", tutorial, _played(tutorial))
    body = json.loads(path.read_text())
    body["pack"]["id"] = "other"
    body.pop("checksum")
    body["checksum"] = saves._checksum(body)
    path.write_text(json.dumps(body))
    with pytest.raises(saves.SaveError, match="for the pack 'other'"):
        saves.load_game(tmp_path, "w", tutorial)


SAVER = r"""
import itertools, os, sys
from summit_game.pack import load_pack
from summit_game import engine as E
from summit_game.engine import saves
pack = load_pack(sys.argv[1])
folder = sys.argv[2]
states = [E.start(pack, "east", seed=1)]
for cid in ["listen", "share", "accept"]:
    states.append(E.choose(pack, states[-1], cid)[0])
# Loaded once; each line on stdin forks a saver, a process of its own that saves in a loop until it
# is killed: its pid once it has saved once, then its exit code once it has died (-9: killed).
for _ in sys.stdin:
    ready, told = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(ready)
            saves.save_game(folder, "loop", pack, states[0])
            os.write(told, b"r")
            for i in itertools.count():
                saves.save_game(folder, "loop", pack, states[i % len(states)])
        finally:  # an error: the saver ends there (never in the loop above, and never flushing its copy of stdout)
            import traceback
            traceback.print_exc()
            os._exit(1)
    os.close(told)
    os.read(ready, 1)
    os.close(ready)
    print(pid, flush=True)
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


def test_sigkill_while_saving_never_leaves_an_unreadable_save(tutorial, tmp_path):
    """Kill a process that saves in a loop, 100 times at random moments; every save left loads.

    Each saver is forked from one process that has loaded the pack (starting Python and loading the pack
    for each of the 100 took about 0.2 s each: most of this test's time); it is killed while it saves."""
    rng = random.Random(1)
    script = tmp_path / "saver.py"
    script.write_text(SAVER)
    folder = tmp_path / "saves"
    kills = 0
    starter = subprocess.Popen([sys.executable, str(script), str(ROOT / "scenes" / "tutorial"), str(folder)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT)
    try:
        while kills < 100:
            starter.stdin.write(b"go\n")
            starter.stdin.flush()
            pid = int(starter.stdout.readline())
            time.sleep(rng.uniform(0, 0.02))
            with contextlib.suppress(ProcessLookupError):  # (it ended on its own: its exit code says so below)
                os.kill(pid, signal.SIGKILL)
            assert int(starter.stdout.readline()) == -signal.SIGKILL  # killed while it saved
            kills += 1
            loaded = saves.load_game(folder, "loop", tutorial)
            assert loaded.problem is None and loaded.state.pack_id == "tutorial"
            assert not any(i.damaged for i in saves.list_saves(folder))
    finally:
        starter.stdin.close()
        starter.wait(timeout=20)


def test_backup_alone_is_listed_and_loads(tutorial, tmp_path):
    s = E.start(tutorial, "east", seed=1)
    saves.save_game(tmp_path, "a", tutorial, s)
    saves.save_game(tmp_path, "a", tutorial, E.choose(tutorial, s, "listen")[0])
    (tmp_path / "a.json").unlink()
    [info] = saves.list_saves(tmp_path)
    assert info.slot == "a" and info.from_backup and not info.damaged
    assert saves.load_game(tmp_path, "a", tutorial).state == s


def test_long_pack_ids_get_their_own_autosave():
    a = saves.autosave_slot("negotiation_workshop_2025_a")
    b = saves.autosave_slot("negotiation_workshop_2025_b")
    assert a != b and len(a) <= 32 and len(b) <= 32
    assert saves.autosave_slot("tutorial") == "autosave-tutorial"
    assert saves.is_autosave(a)
