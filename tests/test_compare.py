"""A finished game's JSON record, `play --team`, and `summit-game compare` (table and Markdown)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from summit_game import engine as E
from summit_game.compare import run_compare
from summit_game.engine import debrief
from summit_game.engine.record import SUFFIX, RecordError, check_team, read_record, record_path

ROOT = Path(__file__).resolve().parent.parent


def cli(args, saves, stdin=""):
    env = {**os.environ, "SUMMIT_GAME_SAVES": str(saves), "NO_COLOR": "1", "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "summit_game.cli", *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=60)


def finished(pack, role, route, seed, choices):
    state = E.start(pack, role, seed, route)
    outcomes = []
    for c in choices:
        state, o = E.choose(pack, state, c)
        outcomes.append(o)
    return state, outcomes


def test_the_record_is_written_beside_the_debrief(tutorial, tmp_path):
    state, outcomes = finished(tutorial, "east", "full", 3, ["listen", "share", "accept"])
    md = debrief.export_debrief(tmp_path, tutorial, state, outcomes, now=datetime(2026, 1, 1, 9, 0, 0),
                                team="Blue table")
    rec = record_path(md)
    assert rec.name == "debrief-tutorial-east-20260101-090000" + SUFFIX and rec.exists()
    data = json.loads(rec.read_text())
    assert data["format"] == "summit-game-record" and data["kind"] == "game" and data["team"] == "Blue table"
    assert data["pack"]["id"] == "tutorial" and data["pack"]["version"] == tutorial.version
    assert data["role"] == {"id": "east", "title": tutorial.roles["east"].title}
    assert data["route"]["id"] == "full" and data["seed"] == 3
    assert [(d["scene"], d["choice"]) for d in data["decisions"]] == [
        ("council", "listen"), ("proposal", "share"), ("mediator", "accept")]
    assert data["decisions"][0]["label"] == "Ask the other side what they need"
    assert data["ending"]["id"] == state.ending
    assert data["debrief"] == md.name
    trust = next(m for m in data["meters"] if m["name"] == "trust")
    assert trust["start"] == 2 and trust["final"] == state.values["trust"]
    assert "**Team:** Blue table" in md.read_text()
    played = read_record(rec)
    assert played.name == "Blue table" and len(played.decisions) == 3
    # without a team, a game is headed by the time it ended (on this computer's clock), not its file's name
    unnamed = record_path(debrief.export_debrief(tmp_path / "solo", tutorial, state, outcomes,
                                                 now=datetime(2026, 1, 1, 9, 0, 0)))
    assert read_record(unnamed).name == "Game at 09:00"
    # the saves list does not take it for a damaged save
    from summit_game.engine import saves

    assert saves.list_saves(tmp_path) == []


def test_a_chance_draw_is_recorded_as_chance(tutorial, tmp_path):
    scene = next(s for s in tutorial.scenes.values() if any(c.chance for c in s.choices))
    choice = next(c for c in scene.choices if c.chance)
    # play to that scene by the first available choices
    state = E.start(tutorial, "east", 5, "full")
    outcomes = []
    for _ in range(10):
        if state.scene == scene.id or state.finished:
            break
        opt = next(o for o in E.options(tutorial, state) if o.available)
        state, o = E.choose(tutorial, state, opt.id)
        outcomes.append(o)
    if state.scene != scene.id:
        pytest.skip("the tutorial's chance scene is not on the first-choice path")
    state, o = E.choose(tutorial, state, choice.id)
    outcomes.append(o)
    md = debrief.export_debrief(tmp_path, tutorial, state, outcomes)
    chance = json.loads(record_path(md).read_text())["decisions"][-1]["chance"]
    weights = [c.weight for c in choice.chance]
    assert chance == {"outcome": o.draw + 1, "of": len(weights), "weight": weights[o.draw], "total": sum(weights)}


def test_play_team_goes_into_the_record_and_compare_shows_teams_side_by_side(tmp_path):
    for team, keys in (("Red", "1\n2\n"), ("Blue", "2\n2\n")):
        r = cli(["play", "--plain", "--role", "east", "--route", "full", "--seed", "3", "--team", team, "tutorial"],
                tmp_path, keys)
        assert r.returncode == 0, r.stderr
        assert f"Team: {team}." in r.stdout and "Its record (for summit-game compare) is" in r.stdout
    records = sorted(tmp_path.glob("*" + SUFFIX))
    assert len(records) == 2
    r = cli(["compare", str(tmp_path)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Red" in r.stdout and "Blue" in r.stdout and "The spring council" in r.stdout
    assert "Recount who built the bridge" in r.stdout and "Ask the other side what" in r.stdout
    r = cli(["compare", "--format", "markdown", *map(str, records)], tmp_path)
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "# Compare: " + json.loads(records[0].read_text())["pack"]["title"]
    head = next(ln for ln in lines if ln.startswith("| |"))
    assert set(head.strip("| ").split(" | ")) == {"Red", "Blue"}
    body = [ln for ln in lines if ln.startswith("| ") and not ln.startswith("| |")]
    assert body[0].startswith("| Role |")  # games alone: no 'Played as' row saying 'a game' in every column
    council = next(ln for ln in lines if ln.startswith("| The spring council |"))
    assert "Recount who built the bridge" in council and "Ask the other side what they need" in council
    assert any(ln.startswith("| **Ending** |") for ln in lines)


def test_team_names_are_checked():
    assert check_team("  Blue   table ") == "Blue table"
    for bad in ("", "   ", "x" * 41, "a\x1b[2Jb"):
        with pytest.raises(ValueError):
            check_team(bad)


def test_a_bad_team_name_is_bad_usage(tmp_path):
    r = cli(["play", "--plain", "--team", "x" * 50, "tutorial"], tmp_path)
    assert r.returncode == 2
    assert "--team: a team name has at most 40 characters" in r.stderr and "Traceback" not in r.stderr


@pytest.fixture
def record(tutorial, tmp_path):
    state, outcomes = finished(tutorial, "east", "full", 3, ["listen", "share", "accept"])
    return record_path(debrief.export_debrief(tmp_path, tutorial, state, outcomes, team="Red"))


def _compare(*paths, fmt="table"):
    import io

    out, err = io.StringIO(), io.StringIO()
    code = run_compare([str(p) for p in paths], fmt, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("content, message", [
    ('{"format": "summit-game-record",\n "schema": 1,\n', ":3:1: not valid JSON"),
    ("[1, 2]", ": expected an object, found a list"),
    ('{"format": "something-else"}', ": not a summit-game record"),
    ('{"format": "summit-game-record", "schema": 9}', ": written by another version of summit-game"),
    (b"\xff\xfe\x00garbage", ": not UTF-8 text"),
])
def test_bad_files_are_located_messages(tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, out, err = _compare(bad)
    assert code == 1 and out == ""
    assert f"{bad}{message}" in err
    assert "Traceback" not in err


def test_a_wrong_field_is_named(record, tmp_path):
    data = json.loads(record.read_text())
    data["decisions"][1]["label"] = 5
    bad = tmp_path / "wrong.json"
    bad.write_text(json.dumps(data))
    code, _, err = _compare(bad)
    assert code == 1
    assert f"{bad}: decisions[1].label: expected text, found a number" in err
    del data["decisions"][1]["label"]
    bad.write_text(json.dumps(data))
    assert f"{bad}: decisions[1].label: missing" in _compare(bad)[2]


def test_a_save_is_not_a_record(tmp_path, tutorial):
    from summit_game.engine import saves

    path = saves.save_game(tmp_path, "mine", tutorial, E.start(tutorial, "east", 1))
    code, _, err = _compare(path)
    assert code == 1 and "this is a saved game, not a record" in err


def test_good_records_are_still_shown_beside_a_bad_one(record, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    code, out, err = _compare(record, bad, fmt="markdown")
    assert code == 1
    assert "| | Red |" in out
    assert "1 of 2 files could not be read; the table shows the other 1" in err


def test_a_missing_file_is_exit_2(tmp_path):
    code, _, err = _compare(tmp_path / "nope.json")
    assert code == 2 and "nope.json: no such file or folder" in err


def test_an_empty_folder_says_what_it_looked_for(tmp_path):
    code, _, err = _compare(tmp_path)
    assert code == 1 and "no records found" in err


def test_record_text_is_never_markup_or_terminal_escapes(record, tmp_path):
    data = json.loads(record.read_text())
    data["team"] = "[bold red]Team[/] \x1b[2J"
    data["decisions"][0]["label"] = "[link=http://x]click[/link]"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(data))
    code, out, _ = _compare(hostile)
    assert code == 0
    assert "[bold red]Team[/]" in out and "\x1b" not in out
    assert "[link=http://x]click[/link]" in out
    code, md, _ = _compare(hostile, fmt="markdown")
    assert "\x1b" not in md


def test_markdown_cells_escape_pipes(record, tmp_path):
    data = json.loads(record.read_text())
    data["team"] = "A|B"
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps(data))
    _, md, _ = _compare(odd, fmt="markdown")
    assert "| | A\\|B |" in md


def test_compare_help_says_what_it_reads():
    r = subprocess.run([sys.executable, "-m", "summit_game.cli", "compare", "--help"], capture_output=True,
                       text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0 and "record.json" in r.stdout and "--format" in r.stdout
    with pytest.raises(RecordError):
        read_record(ROOT / "no-such-record.json")
