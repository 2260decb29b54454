"""Plain mode, driven the way scripts and screen-reader users drive it: lines on stdin."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOX = set("─│┌┐└┘├┤┬┴┼═║╔╗╚╝▏▕█▌▐░▒▓━┃")


def run(args, stdin, saves):
    env = {**os.environ, "SUMMIT_GAME_SAVES": str(saves), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "summit_game.cli", *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=60)


def test_scripted_game_to_debrief(tmp_path):
    r = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "3", "tutorial"], "2\n1\n1\n", tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Decision 1. The spring council" in out
    assert "1. Recount who built the bridge" in out
    assert "What followed, in the game's model:" in out
    assert "Trust between the banks: 2 to 3 (+1, better)" in out
    flat = " ".join(out.split())
    assert 'The memo — The summit-game authors, paragraph 4: "Agreements that give both sides a reason to keep them last longer"' in flat
    assert "Ending: A shared bridge" in out and "\nDebrief\n" in out
    assert "Discussion questions:" in out
    assert not BOX & set(out), "plain mode must not draw boxes"
    [export] = tmp_path.glob("debrief-tutorial-east-*.md")
    text = export.read_text()
    assert text.startswith("# Debrief: A shared bridge")
    assert "## Discussion questions" in text
    [autosave] = tmp_path.glob("autosave-tutorial-*.json")  # this game's own autosave
    save = json.loads(autosave.read_text())
    assert save["history"] == [["council", "listen"], ["proposal", "share"], ["mediator", "accept"]]


def test_same_seed_same_transcript(tmp_path):
    args = ["play", "--plain", "--role", "west", "--route", "quick", "--seed", "11", "tutorial"]
    a = run(args, "3\n", tmp_path / "a").stdout
    b = run(args, "3\n", tmp_path / "b").stdout
    norm = lambda text, d: re.sub(r"\d{8}-\d{6}", "TIME", text.replace(str(d), "X"))  # noqa: E731
    assert "Ending:" in a
    assert norm(a, tmp_path / "a") == norm(b, tmp_path / "b")


def test_bad_input_is_answered_and_game_goes_on(tmp_path):
    r = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "1", "tutorial"], "9\nabc\n\nh\nq\n", tmp_path)
    assert r.returncode == 0
    assert r.stdout.count("Please type a number from 1 to 2") == 3
    assert "Commands: type a choice's number" in r.stdout
    assert "Goodbye" in r.stdout


def test_unavailable_choice_says_why(tmp_path):
    # history (trust 2 -> 1) makes "share" unavailable
    r = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "1", "tutorial"], "1\n1\nq\n", tmp_path)
    assert "1. Share the bridge and its tolls (unavailable: Sharing needs at least some trust (3 or more).)" in r.stdout
    assert "That choice is unavailable: Sharing needs at least some trust" in r.stdout


def test_end_of_input_before_the_ending_exits_3(tmp_path):
    r = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "1", "tutorial"], "2\n", tmp_path)
    assert r.returncode == 3
    assert "Input ended before the game did" in r.stdout
    assert len(list(tmp_path.glob("autosave-tutorial-*.json"))) == 1


def test_unknown_role_is_usage_error(tmp_path):
    r = run(["play", "--plain", "--role", "king", "tutorial"], "", tmp_path)
    assert r.returncode == 2
    assert "unknown role 'king'; this pack has: east, west" in r.stderr
    assert "Traceback" not in r.stderr


def test_broken_pack_cannot_be_played(tmp_path):
    pack = tmp_path / "p"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: p\ntitle: x\nversion: '1'\nstart: a\nroles: [{id: r, title: R, briefing: b}]\nbogus: 1\n")
    r = run(["play", "--plain", str(pack)], "", tmp_path)
    assert r.returncode == 1
    assert "pack.yaml:6:1: error SG010: unknown key 'bogus'" in r.stderr
    assert "Traceback" not in r.stderr


def test_source_on_a_choice_before_choosing(tmp_path):
    r = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "1", "tutorial"], "c 2\nc9\nq\n", tmp_path)
    flat = " ".join(r.stdout.split())
    assert 'On choice 2, Ask the other side what they need: The memo — The summit-game authors, paragraph 4: "Agreements' in flat
    assert "There is no choice 9: type c and a number from 1 to 2." in r.stdout


def test_c_without_a_number_and_a_choice_the_source_is_silent_on(tmp_path):
    """'c' alone is told what to type; a choice with no citation names the source's kind ('the memo')."""
    from test_pack_errors import make_pack

    vote_cite = '        cite:\n          - quote: "Every meeting ends with a vote."\n'
    pack = make_pack(tmp_path, [("scenes/main.yaml", vote_cite, ""),
                                ("pack.yaml", '    licence: "CC0 1.0"\n', '    licence: "CC0 1.0"\n    kind: memo\n')])
    r = run(["play", "--plain", "--role", "east", "--route", "quick", "--seed", "1", str(pack)], "c\nc x\nc 1\nq\n",
            tmp_path)
    assert r.stdout.count("Type c and a choice's number: c 1 for what the memo says about choice 1.") == 2
    assert "On choice 1, Vote:\nThe memo says nothing about this choice directly." in r.stdout


LOOP_PACK = """\
id: loop
title: Loop
version: "1"
start: a
variables:
  x: {type: flag, start: true, show: true}
roles: [{id: r, title: R, briefing: b}]
scenes:
  - id: a
    title: A
    auto: [{if: "x", goto: b}]
    choices: [{id: go, label: Go, goto: b, effects: ["x = false"]}]
  - id: b
    title: B
    auto: [{if: "x", goto: a}]
    choices: [{id: go, label: Go, goto: end, effects: ["x = true"]}]
endings: [{id: e, title: E}]
"""


def test_runtime_auto_loop_is_a_message_not_a_traceback(tmp_path):
    pack = tmp_path / "loop"
    pack.mkdir()
    (pack / "pack.yaml").write_text(LOOP_PACK)
    r = run(["play", "--plain", str(pack)], "", tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "The game cannot go on: auto routes loop" in r.stdout
    assert "Traceback" not in r.stderr


def test_go_on_with_the_autosave(tmp_path):
    first = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "3", "tutorial"], "2\nq\n", tmp_path)
    assert first.returncode == 0
    again = run(["play", "--plain", "tutorial", "--load", "autosave"], "1\n1\n", tmp_path)
    assert again.returncode == 0, again.stdout
    assert re.search(r"Going on with the saved game 'autosave-tutorial-[0-9a-f]{8}': Envoy of the east bank, "
                     r"Full meeting, after 1 decision\.", again.stdout)
    assert "Decision 2. Three ways forward" in again.stdout
    assert "Ending: A shared bridge" in again.stdout
    # the debrief covers the decision taken before the save as well
    assert "1. The spring council: Ask the other side what they need" in again.stdout


def test_each_pack_has_its_own_autosave(tmp_path):
    run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "3", "tutorial"], "2\nq\n", tmp_path)
    run(["play", "--plain", "--role", "us_envoy", "--route", "short", "--seed", "3", "anchorage"], "1\nq\n", tmp_path)
    names = sorted(p.name for p in tmp_path.glob("autosave-*.json"))
    assert [re.sub(r"-[0-9a-f]{8}\.json$", "", n) for n in names] == ["autosave-anchorage", "autosave-tutorial"]


def test_loading_a_missing_save_says_so(tmp_path):
    r = run(["play", "--plain", "tutorial", "--load", "nothing"], "", tmp_path)
    assert r.returncode == 1
    assert "Cannot go on with that save: there is no save called 'nothing'\n" in r.stdout
    (tmp_path / "my-save.json").write_text("{}")  # a named save close to the name typed is offered
    r = run(["play", "--plain", "tutorial", "--load", "mysave"], "", tmp_path)
    assert "Cannot go on with that save: there is no save called 'mysave' (did you mean 'my-save'?)" in r.stdout


def test_unicode_digits_are_not_numbers(tmp_path):
    r = run(["play", "--plain", "--role", "east", "--seed", "1", "tutorial"], "²\n1\nc²\n١\nq\n", tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stdout.count("Please type a number from 1 to") == 3


DEAD_END = """\
id: dead
title: Dead end
version: "1"
start: a
roles: [{id: r1, title: One, briefing: b}, {id: r2, title: Two, briefing: b}]
scenes:
  - id: a
    title: A
    choices: [{id: go, label: Go, roles: [r2], goto: end}]
endings: [{id: e, title: E}]
"""


def test_a_dead_end_says_so_and_exits_1(tmp_path):
    pack = tmp_path / "dead"
    pack.mkdir()
    (pack / "pack.yaml").write_text(DEAD_END)
    r = run(["play", "--plain", "--role", "r1", str(pack)], "1\n1\n", tmp_path)
    assert r.returncode == 1
    assert "The game cannot go on: no choice is available to the r1 role in scene 'a'" in r.stdout


def test_two_debriefs_in_the_same_second_are_both_kept(tutorial, tmp_path):
    from datetime import datetime

    from summit_game import engine as E
    from summit_game.engine import debrief

    s = E.start(tutorial, "east", seed=1, route="quick")
    s, o = E.choose(tutorial, s, "build")
    now = datetime(2026, 1, 1, 12, 0, 0)
    a = debrief.export_debrief(tmp_path, tutorial, s, [o], now=now)
    b = debrief.export_debrief(tmp_path, tutorial, s, [o], now=now)
    assert a != b and a.exists() and b.exists() and b.name.endswith("-120000-2.md")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args, stdin", [
    (["--plain"], ""),  # the title screen's text alone fills nothing: the first prompt's flush is refused
    (["play", "--plain", "--role", "east", "--seed", "3", "tutorial"], "1\n1\n2\n"),
])
def test_plain_mode_that_cannot_write_its_text_says_so(tmp_path, args, stdin):
    # `summit-game --plain > /dev/full` said "summit-game play: cannot use: No space left on device".
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "summit_game.cli", *args, "--saves", str(tmp_path)],
                              input=stdin, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "summit-game play: the game's text could not be written to standard output: No space left on device. "
        "The game stopped."]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", [["packs"], ["graph", "tutorial"], ["playtest", "tutorial"], ["schema"]])
def test_a_command_that_cannot_write_its_output_says_so(command):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "summit_game.cli", *command], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"summit-game {command[0]}: the output could not be written to standard output: No space left on device."]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args, said", [
    (["--help"], "summit-game: the help"),
    (["-h"], "summit-game: the help"),
    (["play", "--help"], "summit-game play: the help"),
    (["workshop", "--help"], "summit-game workshop: the help"),
    (["check", "--help"], "summit-game check: the help"),
    (["--version"], "summit-game: the version"),
])
def test_help_that_cannot_be_written_says_so(args, said):
    # `summit-game --help > /dev/full` exited 0 having written nothing (argparse drops the refused write)
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "summit_game.cli", *args], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"{said} could not be written to standard output: No space left on device."]


def test_help_to_a_reader_that_goes_away_ends_quietly():
    done = subprocess.run(f"{sys.executable} -m summit_game.cli workshop --help | head -c 6", shell=True,
                          capture_output=True, text=True, timeout=60)
    assert done.stdout == "usage:" and done.stderr == ""


def test_a_reader_that_goes_away_still_ends_the_command_quietly():
    # `summit-game packs | head -1`: a closed pipe is not an error to report
    done = subprocess.run(f"{sys.executable} -m summit_game.cli graph tutorial | head -c 1", shell=True,
                          capture_output=True, text=True, timeout=60)
    assert done.stdout == "%" and done.stderr == ""


ESCAPE = "x\x1b]0;pwned\x07\x1b[2J\u202e"
WRITTEN = "x\\x1b]0;pwned\\x07\\x1b[2J\\u202e"


def test_piped_answers_are_shown_written_out_and_cut(tmp_path):
    # the transcript shows each answer after its prompt: an escape sequence in the input reached the terminal
    # as it was (retitling the window, clearing the screen), an override reordered the line, a 5 MB line
    # came back whole; and a save name with one was echoed raw by 'Not saved: ...'
    answers = f"{ESCAPE}\ns {ESCAPE}\n{'7' * 5000}\nq\n"
    r = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "1", "tutorial"], answers, tmp_path)
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "\u202e" not in r.stdout
    assert f"h: help): {WRITTEN}\nPlease type a number" in r.stdout
    assert f"h: help): s {WRITTEN}\nNot saved: '{WRITTEN}' is not a slot name" in r.stdout
    assert f"h: help): {'7' * 200}… (4,800 more characters)\nPlease type a number" in r.stdout


@pytest.mark.parametrize("option", ["--role", "--route", "--seed", "--load"])
def test_an_option_with_an_escape_sequence_is_said_written_out(tmp_path, option):
    r = run(["play", "--plain", option, ESCAPE, "tutorial"], "q\n", tmp_path)
    assert r.returncode in (1, 2)
    said = r.stdout + r.stderr
    assert "\x1b" not in said and "\x07" not in said and "\u202e" not in said
    assert f"'{WRITTEN}'" in said
