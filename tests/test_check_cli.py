"""`summit-game check`: exit codes, --strict, the three formats, and never a traceback.

Exit codes: 0 clean (warnings allowed), 1 errors (or warnings with --strict),
2 bad usage. Most tests call ``main()`` in this process; a few run the
installed command in a subprocess, as CI would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summit_game.cli import main

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).parent / "packs" / "minimal"


def command() -> list[str]:
    script = Path(sys.executable).with_name("summit-game")
    return [str(script)] if script.exists() else [sys.executable, "-m", "summit_game.cli"]


@pytest.fixture
def packs(tmp_path, monkeypatch):
    """Three packs in the working folder: clean, with a warning (an uncited choice), and broken."""
    shutil.copytree(TEMPLATE, tmp_path / "clean")
    shutil.copytree(TEMPLATE, tmp_path / "warned")
    scene = tmp_path / "warned" / "scenes" / "main.yaml"
    scene.write_text(scene.read_text().replace('        cite:\n          - quote: "Every meeting ends with a vote."\n', ""))
    shutil.copytree(TEMPLATE, tmp_path / "broken")
    scene = tmp_path / "broken" / "scenes" / "main.yaml"
    scene.write_text(scene.read_text().replace("goto: second", "goto: secnd"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(["check", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_clean_pack_exits_0(packs, capsys):
    rc, out, err = run(capsys, "clean")
    assert rc == 0 and out == ""
    assert err.strip() == "1 pack(s) checked: 0 error(s), 0 warning(s): ok"


SG105_HINT = ("add 'cite:' with the source's words on this option (or 'result_cite:' on its consequence); "
              "'summit-game quote PACK \"words\"' finds them")


def test_warnings_exit_0_and_1_with_strict(packs, capsys):
    rc, out, err = run(capsys, "warned")
    assert rc == 0
    assert out.splitlines() == [
        "warned/scenes/main.yaml:24:9: warning SG105: choice 'vote' in scene 'second' cites no source",
        f"    {SG105_HINT}",
    ]
    assert "1 warning(s): ok with warnings" in err
    rc, out, err = run(capsys, "warned", "--strict")
    assert rc == 1 and "failed" in err


def test_errors_exit_1_with_located_messages(packs, capsys):
    rc, out, err = run(capsys, "broken")
    assert rc == 1
    assert out.splitlines() == [
        "broken/scenes/main.yaml:13:15: error SG021: goto 'secnd' names no scene or ending",
        "    did you mean 'second'?",
    ]
    assert "1 error(s)" in err and "failed" in err


def test_several_packs_one_broken(packs, capsys):
    rc, out, err = run(capsys, "clean", "warned", "broken")
    assert rc == 1
    assert "3 pack(s) checked: 1 error(s), 1 warning(s): failed" in err


def test_json_format(packs, capsys):
    rc, out, err = run(capsys, "clean", "--format", "json")
    assert rc == 0 and json.loads(out) == [] and err == ""
    rc, out, _ = run(capsys, "broken", "warned", "--format", "json")
    assert rc == 1
    assert json.loads(out) == [
        {"file": "broken/scenes/main.yaml", "line": 13, "column": 15, "severity": "error", "code": "SG021",
         "message": "goto 'secnd' names no scene or ending", "hint": "did you mean 'second'?"},
        {"file": "warned/scenes/main.yaml", "line": 24, "column": 9, "severity": "warning", "code": "SG105",
         "message": "choice 'vote' in scene 'second' cites no source", "hint": SG105_HINT},
    ]


def test_github_format(packs, capsys):
    rc, out, err = run(capsys, "broken", "warned", "--format", "github")
    assert rc == 1 and err == ""
    assert out.splitlines() == [
        "::error file=broken/scenes/main.yaml,line=13,col=15,title=SG021::"
        "goto 'secnd' names no scene or ending (did you mean 'second'?)",
        "::warning file=warned/scenes/main.yaml,line=24,col=9,title=SG105::"
        f"choice 'vote' in scene 'second' cites no source ({SG105_HINT})",
    ]
    rc, out, _ = run(capsys, "clean", "--format", "github")
    assert rc == 0 and out == ""


def test_missing_folder_is_an_error_not_a_crash(packs, capsys):
    rc, out, err = run(capsys, "no/such/pack")
    assert rc == 1
    why = ("there is no folder 'no/such/pack' and no bundled pack of that name; the bundled packs are "
           "anchorage, tutorial ('summit-game packs' describes them)")
    assert out.splitlines() == ["no/such/pack: error SG001: pack folder does not exist", f"    {why}"]
    assert why not in err  # said once, as the hint
    rc, out, _ = run(capsys, "no/such/pack", "--format", "json")
    [d] = json.loads(out)
    assert (d["file"], d["line"], d["code"]) == ("no/such/pack", 0, "SG001")
    assert d["hint"] == why  # it was "": a script had the error without what to do


def test_a_missing_pack_s_hint_names_the_closest_bundled_pack_in_json(packs, capsys):
    rc, out, _ = run(capsys, "tutorail", "--format", "json")
    [d] = json.loads(out)
    assert rc == 1 and "(did you mean 'tutorial'?)" in d["hint"]


def test_a_scene_file_is_checked_with_its_pack(packs, capsys):
    rc, out, err = run(capsys, "clean/scenes/main.yaml")
    assert rc == 0 and out == "" and "is a file of the pack in clean: checking that pack" in err
    rc, out, _ = run(capsys, "broken/scenes/main.yaml")
    assert rc == 1 and out.startswith("broken/scenes/main.yaml:13:15: error SG021")


def test_a_pack_yaml_stands_for_its_folder(packs, capsys):
    assert run(capsys, "clean/pack.yaml")[0] == 0
    rc, out, _ = run(capsys, "broken/pack.yaml")
    assert rc == 1 and out.startswith("broken/scenes/main.yaml:13:15: error SG021")


def test_bundled_pack_by_name(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no folder called 'tutorial' here: the bundled one is used
    rc, out, err = run(capsys, "tutorial")
    assert rc == 0, out
    assert "0 error(s), 0 warning(s): ok" in err


@pytest.mark.parametrize("args", [[], ["--format", "xml"], ["--strict"], ["clean", "--nonsense"]])
def test_bad_usage_exits_2(packs, capsys, args):
    with pytest.raises(SystemExit) as info:
        main(["check", *args])
    assert info.value.code == 2
    _, err = capsys.readouterr()
    assert "usage: summit-game" in err and "Traceback" not in err


# ---------------------------------------------------------------- playtest.yaml


def test_check_reports_playtest_yaml_s_errors_located_in_every_format(packs, capsys):
    """CI and pre-commit run check: a playtest.yaml naming what the pack lacks fails it, as playtest does
    (it passed check --strict with exit 0 before), and no game is played for it."""
    (packs / "clean" / "playtest.yaml").write_text(
        "lines:\n  talker:\n    role: eest\n    prefer: [talk]\nexpect:\n  - reachable: godo\n")
    rc, text, err = run(capsys, "clean")
    assert rc == 1
    assert text.splitlines() == [
        "clean/playtest.yaml:3:11: error SG201: unknown role 'eest'",
        "    did you mean 'west'?",
        "clean/playtest.yaml:6:16: error SG201: unknown ending or scene 'godo'",
        "    did you mean 'good'?",
    ]
    assert err.strip() == "1 pack(s) checked: 2 error(s), 0 warning(s): failed"
    rc, out, _ = run(capsys, "clean", "--format", "github")
    assert rc == 1 and out.splitlines()[0] == (
        "::error file=clean/playtest.yaml,line=3,col=11,title=SG201::unknown role 'eest' (did you mean 'west'?)")
    rc, out, _ = run(capsys, "clean", "--format", "json")
    assert rc == 1 and json.loads(out)[1] == {
        "file": "clean/playtest.yaml", "line": 6, "column": 16, "severity": "error", "code": "SG201",
        "message": "unknown ending or scene 'godo'", "hint": "did you mean 'good'?"}
    assert main(["playtest", "clean"]) == 1  # playtest says the same, and stops there
    assert capsys.readouterr().err.splitlines()[:4] == text.splitlines()


def test_check_reports_playtest_yaml_s_shape_errors_and_its_warnings_count_with_strict(packs, capsys):
    (packs / "clean" / "playtest.yaml").write_text("lines:\n  talker:\n    role: east\n    prefr: [talk]\n")
    rc, out, _ = run(capsys, "clean")
    assert rc == 1 and out.splitlines() == ["clean/playtest.yaml:4:5: error SG010: unknown key 'prefr'",
                                            "    did you mean 'prefer'?"]
    (packs / "clean" / "playtest.yaml").write_text("lines:\n  talker:\n    role: east\n    note: listen first #quietly\n")
    rc, out, err = run(capsys, "clean")
    assert rc == 0 and out.startswith("clean/playtest.yaml:4:11: warning SG116: '#quietly' after this value starts a comment")
    assert "0 error(s), 1 warning(s): ok with warnings" in err
    assert run(capsys, "clean", "--strict")[0] == 1


def test_a_playtest_yaml_with_errors_has_its_warnings_said_too_and_check_and_playtest_agree(packs, capsys):
    """An SG201 (or SG036) error in playtest.yaml hid the file's SG114 and SG116: the author fixed the error
    and only then met the warnings. Every problem is said at once, by check and by playtest alike."""
    (packs / "clean" / "playtest.yaml").write_text(
        "lines:\n  talker:\n    role: eest\n    note: \"listen \u202e first\"\n"
        "  other:\n    role: east\n    note: goes left #1\n", encoding="utf-8")
    rc, text, err = run(capsys, "clean")
    assert rc == 1
    assert [line for line in text.splitlines() if not line.startswith("    ")] == [
        "clean/playtest.yaml:3:11: error SG201: unknown role 'eest'",
        "clean/playtest.yaml:4:19: warning SG114: bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE) is not "
        "closed in its paragraph",
        "clean/playtest.yaml:7:11: warning SG116: '#1' after this value starts a comment: the value is 'goes left'",
    ]
    assert err.strip() == "1 pack(s) checked: 1 error(s), 2 warning(s): failed"
    rc, out, _ = run(capsys, "clean", "--format", "json")
    checked = json.loads(out)
    assert rc == 1 and [(d["code"], d["severity"]) for d in checked] == [
        ("SG201", "error"), ("SG114", "warning"), ("SG116", "warning")]
    assert main(["playtest", "clean", "--strict", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["diagnostics"] == checked  # the same list, word for word
    assert err.splitlines()[:-1] == text.splitlines()
    assert err.splitlines()[-1] == "cannot playtest clean: its playtest.yaml has errors"
    # an error the invisible-character pass finds (SG036) keeps the file's other warnings too
    (packs / "clean" / "playtest.yaml").write_text(
        "lines:\n  talker:\n    role: \"east\u202e\"\n    note: goes left #1\n", encoding="utf-8")
    rc, out, _ = run(capsys, "clean", "--format", "json")
    checked = json.loads(out)
    assert rc == 1 and [(d["line"], d["code"]) for d in checked] == [(3, "SG036"), (4, "SG116")]
    assert main(["playtest", "clean", "--strict", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["diagnostics"] == checked
    # a file with only warnings: check's list is the playtest report's "warnings"
    (packs / "clean" / "playtest.yaml").write_text("lines:\n  talker:\n    role: east\n    note: goes left #1\n")
    rc, out, _ = run(capsys, "clean", "--format", "json", "--strict")
    checked = json.loads(out)
    assert rc == 1 and [d["code"] for d in checked] == ["SG116"]
    assert main(["playtest", "clean", "--strict", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["warnings"] == checked


def test_a_pack_with_errors_has_its_playtest_yaml_s_own_errors_said_in_the_same_round(packs, capsys):
    """playtest.yaml was read only once the pack loaded: a broken scene file hid the file's SG004 (and its
    misspelt keys and warnings), met only on the next round. Its names (SG201) still wait for the pack."""
    (packs / "broken" / "playtest.yaml").write_text("lines:\n  talker:\n    role: east\n    note: \"listen first\n"
                                                  "    prefer: [talk]\n")
    rc, out, err = run(capsys, "broken")
    assert rc == 1
    assert [line for line in out.splitlines() if not line.startswith("    ")] == [
        "broken/scenes/main.yaml:13:15: error SG021: goto 'secnd' names no scene or ending",
        "broken/playtest.yaml:4:11: error SG004: a value opened with \" is never closed",
    ]
    assert err.strip() == "1 pack(s) checked: 2 error(s), 0 warning(s): failed"
    # playtest, which stops at the pack's errors, says the file's with them, as check does (it said the pack's)
    rc, checked, _ = run(capsys, "broken", "--format", "json")
    assert main(["playtest", "broken", "--format", "json"]) == 1
    said = capsys.readouterr()
    assert json.loads(said.out)["diagnostics"] == json.loads(checked)
    assert said.err.splitlines()[-1] == "cannot playtest broken: the pack has errors (run 'summit-game check broken')"
    (packs / "broken" / "playtest.yaml").write_text("lines:\n  talker:\n    role: eest\n    prefr: [talk]\n"
                                                  "    note: goes left #1\n")
    rc, out, _ = run(capsys, "broken", "--format", "json")
    assert rc == 1 and [(d["file"], d["line"], d["code"]) for d in json.loads(out)] == [
        ("broken/scenes/main.yaml", 13, "SG021"), ("broken/playtest.yaml", 4, "SG010"),
        ("broken/playtest.yaml", 5, "SG116")]  # no SG201 for 'eest': the pack's roles are not known yet
    (packs / "broken" / "playtest.yaml").write_text("lines:\n  talker:\n    role: eest\n")
    rc, out, _ = run(capsys, "broken", "--format", "json")
    assert rc == 1 and [d["code"] for d in json.loads(out)] == ["SG021"]


BROKEN_ENTRIES = (
    "lines:\n"
    "  talker:\n"
    "    role: east\n"
    "    note: \"talks \"first\", then\"\n"   # line 4: a " inside "..." (SG004)
    "  walker:\n"
    "    role: eest\n"                      # line 6: no such role (SG201)
    "expect:\n"
    "  - line: talker\n"                    # names the line that could not be read: not an error
    "    ending: good\n"
    "    at_least: 0.5\n"
    "  - reachable: godo\n"                 # line 11: no such ending (SG201)
    "  - unreachable: plain\n"
    "    role: 'west's\n"                   # line 13: a ' inside '...' (SG004)
)


def test_a_syntax_error_in_playtest_yaml_does_not_hide_the_file_s_other_errors(packs, capsys):
    """A syntax error (SG004) in one entry of playtest.yaml was said alone: the author fixed it and only then
    met the file's other errors. Each entry is read on its own, as each scene file is: every broken entry's
    SG004 and the other entries' errors come in one run, in check and playtest alike."""
    (packs / "clean" / "playtest.yaml").write_text(BROKEN_ENTRIES, encoding="utf-8")
    rc, text, err = run(capsys, "clean")
    assert rc == 1
    assert [line for line in text.splitlines() if not line.startswith("    ")] == [
        "clean/playtest.yaml:4:18: error SG004: the value's closing \" comes before its end: text follows it",
        "clean/playtest.yaml:6:11: error SG201: unknown role 'eest'",
        "clean/playtest.yaml:11:16: error SG201: unknown ending or scene 'godo'",
        "clean/playtest.yaml:13:16: error SG004: the value's closing ' comes before its end: text follows it",
    ]
    assert err.strip() == "1 pack(s) checked: 4 error(s), 0 warning(s): failed"
    rc, out, _ = run(capsys, "clean", "--format", "json")
    checked = json.loads(out)
    assert main(["playtest", "clean", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["diagnostics"] == checked
    # a line of play misspelt beside one that could not be read: the hint names the unread one too
    (packs / "clean" / "playtest.yaml").write_text(BROKEN_ENTRIES.replace("  - line: talker", "  - line: talkr"))
    rc, out, _ = run(capsys, "clean", "--format", "json")
    assert [(d["line"], d["code"], d["hint"]) for d in json.loads(out) if d["line"] == 8] == [
        (8, "SG201", "did you mean 'talker'?")]
    # while the pack cannot be loaded, the file's own problems come together too (its names wait)
    (packs / "broken" / "playtest.yaml").write_text(BROKEN_ENTRIES.replace("    role: eest\n", "    rle: east\n"))
    rc, out, _ = run(capsys, "broken", "--format", "json")
    assert rc == 1 and [(d["file"], d["line"], d["column"], d["code"]) for d in json.loads(out)] == [
        ("broken/scenes/main.yaml", 13, 15, "SG021"), ("broken/playtest.yaml", 4, 18, "SG004"),
        ("broken/playtest.yaml", 6, 5, "SG010"), ("broken/playtest.yaml", 13, 16, "SG004")]


def test_a_playtest_yaml_error_no_entry_accounts_for_is_said_alone_as_before(packs, capsys):
    """Two lines of play of one name: each entry reads well alone, so the duplicate key is the file's error,
    said alone (its other entries are not read past it)."""
    (packs / "clean" / "playtest.yaml").write_text(
        "lines:\n  talker:\n    role: east\n  talker:\n    role: west\nexpect:\n  - reachable: godo\n")
    rc, out, _ = run(capsys, "clean", "--format", "json")
    assert rc == 1 and [(d["line"], d["column"], d["code"], d["message"]) for d in json.loads(out)] == [
        (4, 3, "SG005", "duplicate key 'talker' (first defined at line 2)")]


# ---------------------------------------------------------------- the installed command


def test_installed_command_exit_codes(packs):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args, rc in [(["clean"], 0), (["warned"], 0), (["warned", "--strict"], 1), (["broken"], 1),
                     (["missing"], 1), ([], 2), (["clean", "--format", "yaml"], 2)]:
        done = subprocess.run([*command(), "check", *args], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == rc, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout


def test_never_a_traceback_on_hostile_packs(tmp_path):
    """A few of the nastiest inputs through the real command: every one is exit 1 and a located message."""
    hostile = {
        "alias_bomb": b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
        "deep": b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
        "binary": bytes(range(256)),
        "python_tag": b"id: !!python/object/apply:os.system ['echo pwned']\n",
        "huge_expression": b"id: x\n" + b"x: \"" + b"a+" * 60_000 + b"a\"\n",
    }
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name, data in hostile.items():
        root = tmp_path / name
        shutil.copytree(TEMPLATE, root)
        (root / "pack.yaml").write_bytes(data)
        done = subprocess.run([*command(), "check", str(root), "--format", "json"], capture_output=True,
                              text=True, env=env, timeout=60)
        assert done.returncode == 1, (name, done.stderr)
        assert "Traceback" not in done.stderr, (name, done.stderr)
        diags = json.loads(done.stdout)
        assert diags and all(d["file"].endswith("pack.yaml") for d in diags), (name, diags)
    assert not (tmp_path / "pwned").exists()


def test_help_is_wrapped_to_the_terminal_width_that_columns_gives():
    """argparse's own formatter asks shutil for the width; ours reads COLUMNS and the terminal the same way."""
    env = {**os.environ, "COLUMNS": "50"}
    narrow = subprocess.run([*command(), "check", "--help"], capture_output=True, text=True, env=env)
    env["COLUMNS"] = "150"
    wide = subprocess.run([*command(), "check", "--help"], capture_output=True, text=True, env=env)
    assert narrow.returncode == wide.returncode == 0
    prose = [line for line in narrow.stdout.splitlines() if "Check scene packs" in line or "errors (or" in line]
    assert prose and all(len(line) <= 50 for line in prose)  # (argparse never breaks an option's own line)
    assert len(narrow.stdout.splitlines()) > len(wide.stdout.splitlines())
    assert max(map(len, wide.stdout.splitlines())) > 60
    assert "".join(narrow.stdout.split()) == "".join(wide.stdout.split())  # the same words, wrapped again


def test_check_imports_only_what_checking_needs():
    """Each module a check pulls in is paid for by every editor save that runs it: no terminal UI, no
    web server, no pydantic for a valid pack, not shutil (argparse asks it for the terminal width), and
    not OpenSSL (hashlib's own SHA-256 gives the pack's hash)."""
    code = ("import sys; from summit_game.cli import main\n"  # as the console script calls it
            "sys.argv = ['summit-game', 'check', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(name for name, m in sorted(sys.modules.items()) if m is not None))")
    def imported(pack: Path) -> list[str]:
        return subprocess.run([sys.executable, "-c", code, str(pack)],
                              capture_output=True, text=True, check=True).stdout.splitlines()[-1].split()

    out = imported(ROOT / "scenes" / "anchorage")
    assert "summit_game.engine.analysis" in out  # it did check
    assert "summit_game.pack.playtest_file" in out  # and read its playtest.yaml (with no pydantic either)
    for name in ("textual", "rich", "pydantic", "aiohttp", "shutil", "ssl", "_hashlib", "asyncio"):
        assert name not in out, name
    assert "summit_game.pack.playtest_file" not in imported(TEMPLATE)  # a pack with no playtest.yaml: a stat only


def test_summit_game_alone_plays_with_the_parsers_own_defaults():
    """`summit-game` with no arguments skips the parser: its play defaults are the parser's."""
    from summit_game import cli

    assert vars(cli._parser("play").parse_args(["play"])) == cli.BARE_PLAY
    assert vars(cli._parser().parse_args(["play"])) == cli.BARE_PLAY
