"""What a new user meets in the first five minutes: slips on the command line, a pack that is not
there, Ctrl+C at a prompt, a terminal that cannot draw the game. Each is said, with what to do, and
exits non-zero; none is a traceback."""

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(args, tmp_path, stdin="", **env):
    environ = {**os.environ, "SUMMIT_GAME_SAVES": str(tmp_path / "saves"), "NO_COLOR": "1", **env}
    return subprocess.run([sys.executable, "-m", "summit_game.cli", *args], input=stdin, capture_output=True,
                          text=True, env=environ, cwd=tmp_path, timeout=120)


def said(r) -> str:
    assert "Traceback" not in r.stderr + r.stdout
    return " ".join((r.stderr + r.stdout).split())


@pytest.mark.parametrize("typo, meant", [("plya", "play"), ("chek", "check"), ("pack", "packs"),
                                         ("playtets", "playtest")])
def test_a_mistyped_command_is_named_with_the_one_meant(tmp_path, typo, meant):
    r = run([typo, "tutorial"], tmp_path)
    assert r.returncode == 2
    assert f"'{typo}' is not a command" in said(r)
    assert f"did you mean 'summit-game {meant}'?" in said(r)


def test_a_pack_folder_named_like_a_command_still_plays(tmp_path):
    (tmp_path / "chek").mkdir()  # summit-game PACK plays PACK: a folder is never taken for a slip
    r = run(["chek"], tmp_path)
    assert "is not a command" not in said(r)
    assert "chek/pack.yaml" in said(r) or "pack.yaml" in said(r)


@pytest.mark.parametrize("args, option, meant", [(["play", "--plian"], "--plian", "--plain"),
                                                 (["--plian"], "--plian", "--plain"),
                                                 (["check", "--strikt", "tutorial"], "--strikt", "--strict"),
                                                 (["workshop", "--secnds", "9"], "--secnds", "--seconds")])
def test_a_mistyped_option_is_said_by_its_command_with_the_closest(tmp_path, args, option, meant):
    r = run(args, tmp_path)
    assert r.returncode == 2
    command = args[0] if not args[0].startswith("-") else "play"
    assert r.stderr.startswith(f"usage: summit-game {command} ")  # that command's usage, not the top's
    assert f"unrecognized arguments: {option} (did you mean {meant}?)" in said(r)
    assert f"'summit-game {command} --help' lists what it takes" in said(r)


@pytest.mark.parametrize("command, verb", [("play", "play"), ("playtest", "playtest"), ("graph", "draw")])
def test_a_pack_that_is_not_there_names_the_bundled_ones(tmp_path, command, verb):
    r = run([command, "nonsense"], tmp_path)
    assert r.returncode == 1
    text = said(r)
    assert f"cannot {verb} nonsense: there is no folder 'nonsense' and no bundled pack of that name" in text
    assert "the bundled packs are anchorage, tutorial ('summit-game packs' describes them)" in text
    assert "run 'summit-game check" not in text  # check would only say the same again
    near = run([command, "tutorail"], tmp_path)
    assert "(did you mean 'tutorial'?)" in said(near)


def test_check_and_quote_name_the_bundled_packs_for_a_folder_that_is_not_there(tmp_path):
    for args in (["check", "tutorail"], ["quote", "tutorail", "some words"]):
        r = run(args, tmp_path)
        assert r.returncode == 1
        assert ("there is no folder 'tutorail' and no bundled pack of that name (did you mean 'tutorial'?); "
                "the bundled packs are anchorage, tutorial") in said(r)
    clean = run(["check", "tutorial"], tmp_path)
    assert "no bundled pack" not in said(clean) and clean.returncode == 0


def test_a_file_given_as_a_pack_asks_for_the_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    r = run(["play", "notes.txt"], tmp_path)
    assert r.returncode == 1
    assert "'notes.txt' is not a folder: give the pack's folder (the one that holds pack.yaml)" in said(r)


def test_a_path_the_system_refuses_where_no_command_expected_it_is_said(monkeypatch, capsys):
    from summit_game import cli

    def refused(args):
        raise PermissionError(13, "Permission denied", "/somewhere/saves")

    monkeypatch.setattr(cli, "cmd_packs", refused)
    assert cli.main(["packs"]) == 1  # it was re-raised as a traceback: the OSError branch came too late
    assert "summit-game packs: cannot use '/somewhere/saves': Permission denied" in capsys.readouterr().err


def test_an_unknown_role_lists_the_roles(tmp_path):
    r = run(["play", "--plain", "--role", "spy", "tutorial"], tmp_path)
    assert r.returncode == 2
    assert "unknown role 'spy'; this pack has: east, west" in said(r)


@pytest.mark.parametrize("argv,said_line", [
    (["play", "--plain", "--role", "East", "tutorial"],
     "summit-game: unknown role 'East' (did you mean 'east'?); this pack has: east, west"),
    (["play", "--plain", "--role", "east", "--route", "quik", "tutorial"],
     "summit-game: unknown route 'quik' (did you mean 'quick'?); this pack has: full, quick"),
    (["graph", "tutorial", "--role", "wset"],
     "summit-game graph: unknown role 'wset' (did you mean 'west'?); this pack has: east, west"),
    (["playtest", "tutorial", "--role", "eats"],
     "summit-game playtest: unknown role 'eats' (did you mean 'east'?); this pack has: east, west"),
])
def test_a_mistyped_role_or_route_is_told_the_one_meant(tmp_path, argv, said_line):
    # it listed the pack's ids, and the player looked for the one meant ('Mayor' for 'mayor')
    r = run(argv, tmp_path)
    assert r.returncode == 2
    assert said_line in said(r).splitlines()


def test_a_dumb_terminal_is_sent_to_plain_mode(tmp_path):
    r = run([], tmp_path, TERM="dumb")
    assert r.returncode == 2
    assert "this terminal (TERM=dumb) cannot draw the game's screen" in said(r)
    assert "summit-game play --plain" in said(r)
    w = run(["workshop", "--no-phones"], tmp_path, TERM="dumb")
    assert w.returncode == 2
    assert "TERM=dumb" in said(w)


def test_load_without_plain_says_where_loading_is(tmp_path):
    r = run(["play", "--load", "autosave"], tmp_path)
    assert r.returncode == 2
    assert "--load goes with --plain" in said(r)
    assert "Continue and Load" in said(r)


def _read_until(proc, text: str, seen: bytes = b"") -> bytes:
    while text.encode() not in seen:
        ready, _, _ = select.select([proc.stdout], [], [], 120)  # a guard against a hang, not a timing
        assert ready, f"no {text!r} in {seen.decode()!r}"
        chunk = os.read(proc.stdout.fileno(), 65536)
        assert chunk, f"output ended before {text!r}: {seen.decode()!r}"
        seen += chunk
    return seen


@pytest.mark.parametrize("answers, prompt", [([], "Role (1-2): "), (["1"], "Route (1-2): "),
                                             (["1", "1"], "Your choice (1-2;")])
def test_ctrl_c_at_a_plain_prompt_before_a_decision(tmp_path, answers, prompt):
    env = {**os.environ, "SUMMIT_GAME_SAVES": str(tmp_path), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "summit_game.cli", "play", "--plain", "tutorial"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    for answer in answers:
        proc.stdin.write(f"{answer}\n".encode())
    proc.stdin.flush()
    seen = _read_until(proc, prompt)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    text = (seen + out).decode()
    assert proc.returncode == 130
    assert text.rstrip().endswith("Stopped (Ctrl+C).")
    assert b"Traceback" not in err and b"interrupted" not in err


def test_ctrl_c_after_a_decision_says_how_to_go_on(tmp_path):
    env = {**os.environ, "SUMMIT_GAME_SAVES": str(tmp_path), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "summit_game.cli", "play", "--plain", "--role", "east",
                             "--route", "full", "--seed", "3", "tutorial"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdin.write(b"2\n")
    proc.stdin.flush()
    seen = _read_until(proc, "Your choice (1-3;")  # the second decision's prompt: the first is autosaved
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    last = " ".join((seen + out).decode().split()[-20:])
    assert proc.returncode == 130
    assert last.endswith("Stopped (Ctrl+C): your last decision is in the autosave. "
                         "To go on later: summit-game play --plain --load autosave tutorial")
    assert b"Traceback" not in err
    again = run(["play", "--plain", "--load", "autosave", "tutorial"], tmp_path, stdin="q\n",
                SUMMIT_GAME_SAVES=str(tmp_path))
    assert "Going on with the saved game" in said(again) and "after 1 decision." in said(again)


def test_the_way_on_names_a_saves_folder_given_on_the_command_line(tmp_path):
    r = run(["play", "--plain", "--role", "east", "--route", "full", "--seed", "3", "--saves",
             str(tmp_path / "our saves"), "tutorial"], tmp_path, stdin="2\nq\n")
    assert r.returncode == 0
    assert (f"To go on later: summit-game play --plain --load autosave --saves '{tmp_path / 'our saves'}' tutorial"
            in said(r))


def test_plain_help_names_the_pack_in_the_way_on(tmp_path):
    """'--load autosave' without the pack goes on with the Anchorage pack's autosave, not this pack's."""
    r = run(["play", "--plain", "--role", "east", "--route", "full", "tutorial"], tmp_path, stdin="h\nq\n")
    assert "summit-game play --plain --load autosave PACK" in said(r)
