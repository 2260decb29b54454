"""What a new author meets: messages for the slips a tired author makes, each located and saying how to fix it.

Found by writing a pack from the docs alone and breaking it on purpose (the rest of that corpus is
tests/test_pack_errors.py, one error per case); each test here failed before its fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summit_game.pack import load_pack

from playtest_support import playtest_file_errors

SCENES = Path(__file__).resolve().parent.parent / "scenes"


def test_a_share_written_as_a_percentage_says_how_to_write_it(tmp_path):
    assert playtest_file_errors(tmp_path, """\
        expect:
          - role: east
            ending: stalemate
            at_least: 50
          - {role: east, ending: stalemate, at_most: 1.5}
        """) == [
        "4:15 SG012 at_least: must be 1.0 or less | a share is written from 0 to 1: 0.5 for 50%",
        "5:46 SG012 at_most: must be 1.0 or less",
    ]


def test_a_share_written_with_a_percent_sign_says_how_to_write_it(tmp_path):
    assert playtest_file_errors(tmp_path, """\
        expect:
          - {role: east, ending: stalemate, at_least: 90%}
          - {role: east, ending: stalemate, at_most: "12.5 %"}
        """) == [
        "2:47 SG012 at_least: expected a number, got text | a share is written from 0 to 1: 0.9 for 90%",
        "3:46 SG012 at_most: expected a number, got text | a share is written from 0 to 1: 0.125 for 12.5%",
    ]


# ---------------------------------------------------------------- SG106's hint says why, and only what is true

from test_pack_errors import P, S, make_pack  # noqa: E402

from summit_game.engine.analysis import analyse  # noqa: E402


def _sg106(tmp_path, monkeypatch, edits) -> list[str]:
    root = make_pack(tmp_path, edits)
    monkeypatch.chdir(root)
    return [f"{w.line}:{w.column} {w.message} | {w.hint}" for w in analyse(load_pack(root)) if w.code == "SG106"]


def test_an_ending_behind_one_without_a_condition_is_told_which_one(tmp_path, monkeypatch):
    # the first ending's condition deleted: it has no condition, so goto: end always stops there
    assert _sg106(tmp_path, monkeypatch, [(S, '    if: "ready and trust >= 4"\n', "")]) == [
        "33:5 ending 'plain' is reached by no path | ending 'good' before it has no condition, so `goto: end` "
        "always stops there: move this ending above 'good', or name it in a goto",
    ]


def test_when_no_game_ends_the_hint_does_not_blame_the_endings_order(tmp_path, monkeypatch):
    # the vote needs trust >= 9, which no game reaches: every game is stuck before any ending
    warnings = _sg106(tmp_path, monkeypatch, [
        (S, "        label: Vote\n", '        label: Vote\n        if: "trust >= 9"\n'),
        (S, "        roles: [east]\n", '        roles: [east]\n        if: "trust >= 9"\n'),
    ])
    assert warnings == [
        f"{line}:5 ending '{e}' is reached by no path | no game of any role reaches an ending at all: "
        "see where the other warnings say players are stuck" for line, e in ((32, "good"), (36, "plain"))
    ]


def test_a_last_ending_never_left_to_it_says_so_without_claiming_an_earlier_one_always_matches(tmp_path, monkeypatch):
    # every game ends with trust >= 4 and ready: 'good' takes them all, by its condition
    assert _sg106(tmp_path, monkeypatch, [
        (S, "        roles: [east]\n", '        roles: [east]\n        if: "false"\n'),
        (S, '        label: Vote\n', '        label: Vote\n        effects: ["trust += 2", "ready = true"]\n'),
    ]) == [
        "36:5 ending 'plain' is reached by no path | it has no condition, so `goto: end` picks it only when no "
        "earlier ending's condition holds; no game gets there that way, or by a goto naming it",
    ]


def test_an_ending_a_goto_names_is_not_told_to_be_named_in_a_goto(tmp_path, monkeypatch):
    # an auto route names 'walkout', but trust never falls to 0 there: the goto is what no game gets through
    assert _sg106(tmp_path, monkeypatch, [
        (S, "    title: The vote\n", '    title: The vote\n    auto:\n      - if: "trust <= 0"\n        goto: walkout\n'),
        (S, "    text: The bridge stands, and the quarrel with it.\n",
         "    text: The bridge stands, and the quarrel with it.\n  - id: walkout\n    title: Walkout\n"
         "    text: One bank leaves.\n"),
    ]) == [
        "40:5 ending 'walkout' is reached by no path | a goto names it, but no game gets through that goto: its "
        "condition never holds when a player is there, or only roles that never get there see it (and `goto: end` "
        "never picks it: ending 'plain' before it has no condition)",
    ]


# ---------------------------------------------------------------- playtest --format json always prints JSON


def test_playtest_json_of_a_broken_pack_or_playtest_file_is_json_with_the_located_errors(tmp_path, monkeypatch, capsys):
    import json
    import shutil

    from summit_game.cli import main

    monkeypatch.chdir(tmp_path)
    shutil.copytree(SCENES / "tutorial", "p")
    (tmp_path / "p" / "playtest.yaml").write_text("expect:\n  - {reachable: end_z}\n")
    assert main(["playtest", "p", "--format", "json"]) == 1
    out = capsys.readouterr()
    report = json.loads(out.out)
    assert report["pack"] == "p" and report["error"] == "its playtest.yaml has errors"
    assert [(d["file"], d["line"], d["column"], d["code"]) for d in report["diagnostics"]] == [
        ("p/playtest.yaml", 2, 17, "SG201")]
    assert "p/playtest.yaml:2:17: error SG201" in out.err  # and as text for the person running it
    assert main(["playtest", "nowhere", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(d["file"], d["code"]) for d in report["diagnostics"]] == [("nowhere", "SG001")]


# ---------------------------------------------------------------- what the command line echoes back


@pytest.mark.parametrize("argv", [
    ["graph", "\x1b]0;pwned\x07"],
    ["playtest", "\x1b]0;pwned\x07"],
    ["playtest", "tutorial", "--role", "\x1b]0;pwned\x07"],
    ["graph", "tutorial", "--role", "\x1b]0;pwned\x07"],
    ["quote", "tutorial", "bridge \x1b]0;pwned\x07"],
    ["quote", "tutorial", "bridge", "--source", "\x1b]0;pwned\x07"],
    ["new", "NEW/\x1b]0;pwned\x07"],
])
def test_a_name_given_on_the_command_line_is_echoed_without_its_control_characters(argv, tmp_path, monkeypatch, capsys):
    """A folder, a role or the words looked for, named with an escape sequence (a pack folder unpacked from a
    shared archive can be), never reaches the terminal as one: it is written out, as diagnostics write it."""
    from summit_game.cli import main

    monkeypatch.chdir(tmp_path)
    argv = [a.replace("NEW", str(tmp_path)) for a in argv]
    main(argv)
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err and "\x07" not in out.out + out.err
    assert "\\x1b]0;pwned\\x07" in out.out + out.err


def test_quote_json_of_a_pack_it_cannot_read_is_json_with_the_located_errors(tmp_path, monkeypatch, capsys):
    import json
    import shutil

    from summit_game.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["quote", "nowhere", "some words", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["words"] == "some words" and report["error"] == "cannot read nowhere"
    assert [(d["file"], d["code"]) for d in report["diagnostics"]] == [("nowhere", "SG001")]
    shutil.copytree(SCENES / "tutorial", "p")
    (tmp_path / "p" / "sources" / "river-memo.md").unlink()
    assert main(["quote", "p", "some words", "--format", "json"]) == 1
    out = capsys.readouterr()
    report = json.loads(out.out)
    assert report["error"] == "p has no source that could be read"
    assert [(d["file"], d["line"], d["code"]) for d in report["diagnostics"]] == [("p/pack.yaml", 16, "SG026")]
    assert "p/pack.yaml:16:11: error SG026" in out.err


def test_check_prints_the_first_200_diagnostics_and_counts_every_one(tmp_path, monkeypatch, capsys):
    """A file with 250 unknown keys: 200 shown, one line for the rest, every one counted and in json."""
    import json

    from test_pack_errors import make_pack as make

    from summit_game.cli import main

    keys = "".join(f"    k{i:03d}: 1\n" for i in range(250))
    root = make(tmp_path, [(S, "    text: The two banks meet.\n", "    text: The two banks meet.\n" + keys)])
    monkeypatch.chdir(root)
    assert main(["check", "."]) == 1
    out = capsys.readouterr()
    shown = [line for line in out.out.splitlines() if " error SG010: " in line]
    assert len(shown) == 200 and shown[-1].startswith("scenes/main.yaml:205:5: error SG010: unknown key 'k199'")
    assert out.out.splitlines()[-1] == (
        "... and 50 more, not shown: fix these first, or see them all with 'summit-game check --format json'")
    assert "250 error(s)" in out.err
    assert main(["check", ".", "--format", "json"]) == 1
    assert len(json.loads(capsys.readouterr().out)) == 250


def test_quote_names_a_paragraph_whose_reference_is_its_own_number_once(tmp_path, monkeypatch, capsys):
    import shutil

    from summit_game.cli import main

    monkeypatch.chdir(tmp_path)
    shutil.copytree(SCENES / "tutorial", "p")
    memo = tmp_path / "p" / "sources" / "river-memo.md"
    paragraphs = memo.read_text(encoding="utf-8").split("\n\n")
    # [0] is the front matter, [1] paragraph 1: the second paragraph numbered 2 by its author too
    paragraphs[2] = "{2} " + paragraphs[2]
    paragraphs[3] = "{B.1} " + paragraphs[3]
    memo.write_text("\n\n".join(paragraphs), encoding="utf-8")
    second, third = (" ".join(paragraphs[i].split()[1:5]) for i in (2, 3))
    assert main(["quote", "p", second]) == 0
    assert "(A Memo on the River Bridge), paragraph 2:" in capsys.readouterr().out
    assert main(["quote", "p", third]) == 0
    assert "(A Memo on the River Bridge), B.1 (paragraph 3):" in capsys.readouterr().out


def test_named_lines_written_as_a_list_say_to_drop_the_dash(tmp_path):
    assert playtest_file_errors(tmp_path, """\
        lines:
          - listener:
              role: east
        """) == [
        "2:3 SG012 lines: expected a mapping, got a list | the entries under 'lines:' are 'name: ...' lines "
        "without '- ' (a '- ' starts an item of a list)",
    ]


def test_a_pack_named_by_its_pack_yaml_is_its_folder(tmp_path, monkeypatch, capsys):
    """`check my-pack/pack.yaml` (naming the manifest, a natural slip) checks the pack, as `check my-pack` does."""
    import shutil

    from summit_game.cli import main

    monkeypatch.chdir(tmp_path)
    shutil.copytree(SCENES / "tutorial", "my-pack")
    (tmp_path / "my-pack" / "scenes" / "meeting.yaml").write_text(
        (SCENES / "tutorial" / "scenes" / "meeting.yaml").read_text().replace("goto: proposal", "goto: proposl", 1))
    assert main(["check", "my-pack/pack.yaml"]) == 1
    by_file = capsys.readouterr().out
    assert main(["check", "my-pack"]) == 1
    assert by_file == capsys.readouterr().out
    assert "my-pack/scenes/meeting.yaml:" in by_file and "goto 'proposl' names no scene or ending" in by_file
    monkeypatch.chdir(tmp_path / "my-pack")
    assert main(["graph", "pack.yaml"]) == 1  # the same pack, from inside its folder
    assert "scenes/meeting.yaml:" in capsys.readouterr().err


def test_a_line_of_plays_key_in_an_expectation_says_where_it_belongs(tmp_path):
    assert playtest_file_errors(tmp_path, """\
        expect:
          - reachable: stalemate
            prefer: [listen]
        """) == [
        "3:5 SG010 unknown key 'prefer' | 'prefer' is a key of a line of play, not of an expectation: check where "
        "it sits (its indentation); allowed here: reachable, role, route, line",
    ]


def test_a_quote_in_a_paragraph_numbered_by_its_own_number_is_labelled_by_its_number(tmp_path, monkeypatch):
    """{2} on the second paragraph: the game's label says '¶2' ('paragraph 2' in plain mode), not a bare '2'."""
    import shutil

    from summit_game.pack.attribution import quote_label

    shutil.copytree(SCENES / "tutorial", tmp_path / "p")
    memo = tmp_path / "p" / "sources" / "river-memo.md"
    paragraphs = memo.read_text(encoding="utf-8").split("\n\n")  # [0] is the front matter
    paragraphs[2] = "{2} " + paragraphs[2]
    paragraphs[3] = "{B.1} " + paragraphs[3]
    memo.write_text("\n\n".join(paragraphs), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    pack = load_pack(tmp_path / "p")
    quotes = [q for s in pack.scenes.values() for q in s.cite] + [
        q for s in pack.scenes.values() for c in s.choices for q in c.cite]
    second = next(q for q in quotes if q.paragraph == 2)
    assert quote_label(pack, second).endswith(" authors, ¶2)")  # a speaker's words: the place in brackets
    assert quote_label(pack, second, "paragraph ").endswith(" authors, paragraph 2)")
    third = next(q for q in quotes if q.paragraph == 3)
    assert ", B.1" in quote_label(pack, third)


# ---------------------------------------------------------------- the warnings say why, and what to do

ORPHAN = """\
  - id: orphan
    title: Nobody comes here
    auto:
      - goto: end
endings:"""


def _hints(tmp_path, monkeypatch, edits, code: str) -> list[str]:
    root = make_pack(tmp_path, edits)
    monkeypatch.chdir(root)
    return [f"{w.line}:{w.column} {w.hint}" for w in analyse(load_pack(root)) if w.code == code]


def test_an_unreachable_scene_says_whether_nothing_names_it_or_no_game_gets_through(tmp_path, monkeypatch):
    assert _hints(tmp_path / "a", monkeypatch, [(S, "endings:", ORPHAN)], "SG101") == [
        "29:5 nothing leads to it: no goto, auto route or route start on the way from the start names it"]
    # the only way to 'second' needs trust >= 9 (trust is 2 or 3 there), and the quick route starts elsewhere
    assert _hints(tmp_path / "b", monkeypatch, [
        (S, 'if: "trust >= 2 and not ready"', 'if: "trust >= 9"'),
        (P, "routes:\n  - id: quick\n    title: Quick round\n    start: second\n", ""),
    ], "SG101") == [
        "21:5 gotos lead to it, but no game gets through them: their conditions never hold when a player is there, "
        "or only roles that never get there see them"]


def test_a_choice_without_a_citation_says_how_to_cite(tmp_path, monkeypatch):
    assert _hints(tmp_path, monkeypatch, [(S, '        cite:\n          - quote: "Every meeting ends with a vote."\n', "")],
                  "SG105") == [
        "24:9 add 'cite:' with the source's words on this option (or 'result_cite:' on its consequence); "
        "'summit-game quote PACK \"words\"' finds them"]


def test_a_variable_never_changed_and_a_scene_reached_by_another_role_say_what_to_do(tmp_path, monkeypatch):
    assert _hints(tmp_path / "a", monkeypatch, [
        (P, "  ready:\n", "  calm:\n    start: 1\n  ready:\n"),
        (S, 'if: "ready and trust >= 4"', 'if: "ready and trust >= 4 and calm >= 1"')], "SG104") == [
        "22:3 it is 1 in every game: change it in an effect (\"calm += 1\"), or give a role or route its own start value"]
    assert _hints(tmp_path / "b", monkeypatch, [(S, "    title: The vote\n", "    title: The vote\n    roles: [east]\n")],
                  "SG109") == [
        "21:5 close the ways in to other roles ('roles:' on the choices that lead here, or an 'if' on role), or add "
        "those roles to this scene's 'roles:'; 'summit-game playtest PACK --role west' shows a path here"]


def test_a_soft_lock_names_the_playtest_that_shows_the_path(tmp_path, monkeypatch):
    assert _hints(tmp_path, monkeypatch, [(S, "        label: Vote\n", '        label: Vote\n        if: "trust >= 5"\n')],
                  "SG102") == [
        "21:5 for example with trust = 3, ready = false; 'summit-game playtest PACK --role east' shows a path there. "
        "Give the scene a choice (or an auto route) that is always available, or loosen the conditions"]
