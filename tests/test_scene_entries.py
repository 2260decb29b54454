"""Inside one scene file, each scene and ending is read on its own once the file has an error.

A YAML syntax error in one scene (SG004) hid every other error of its file, and of the pack; an unknown key
in one scene (SG010) hid the names (SG021) of every other scene. Now the scene or ending with the error is
left out, with its own error, and the rest is checked in the same run; a goto to what was left out is not
told it names nothing. Where an error cannot be put on one entry (its id cannot be read, it lies outside
the scenes and endings), the file's first errors are said alone, as before.
"""

from __future__ import annotations

import re

import pytest
from test_pack_errors import S, load_errors, make_pack

COLON = (S, "    title: The vote\n", "    title: The vote: now\n")  # scene 'second', line 22: a value holding ': '
ENND = (S, "        goto: end\n  - id: second\n", "        goto: ennd\n  - id: second\n")  # line 20, in 'first'
LABEL = (S, "        label: Vote\n", "        lable: Vote\n")  # line 25, in scene 'second'
SECND = (S, "        goto: second\n", "        goto: secnd\n")  # line 13, in scene 'first'


def said(root, monkeypatch):
    return [(d.file, d.line, d.column, d.code, d.message, d.hint) for d in load_errors(root, monkeypatch)]


WRONG_END = (S, 20, 15, "SG021", "goto 'ennd' names no scene or ending",
             "did you mean 'end' (the first ending whose 'if' holds)?")
COLON_SAID = (S, 22, 20, "SG004", "the value of 'title:' holds ': ' (a colon and a space), which YAML reads as the "
              "start of a key", 'put the whole value in quotes: title: "The vote: now"')


def test_a_syntax_error_in_one_scene_leaves_the_others_checked(tmp_path, monkeypatch):
    """Scene 'second' does not parse: 'first' is still checked (its misspelt goto said), and its
    'goto: second' (line 13), naming the scene left out, is not an error."""
    root = make_pack(tmp_path, [COLON, ENND])
    assert said(root, monkeypatch) == [WRONG_END, COLON_SAID]


def test_a_goto_misspelling_a_scene_left_out_is_told_its_id(tmp_path, monkeypatch):
    root = make_pack(tmp_path, [COLON, SECND])
    assert said(root, monkeypatch) == [
        (S, 13, 15, "SG021", "goto 'secnd' names no scene or ending", "did you mean 'second'?"), COLON_SAID]


def test_an_unknown_key_in_one_scene_leaves_the_others_names_checked(tmp_path, monkeypatch):
    root = make_pack(tmp_path, [LABEL, ENND])
    assert said(root, monkeypatch) == [WRONG_END, (S, 25, 9, "SG010", "unknown key 'lable'", "did you mean 'label'?")]


def test_a_syntax_error_and_an_unknown_key_in_one_file(tmp_path, monkeypatch):
    root = make_pack(tmp_path, [COLON, (S, "        label: Walk out\n", "        lable: Walk out\n"),
                                (S, "    text: The banks agree.\n", "    text: The banks agree.\n    goto: first\n")])
    assert said(root, monkeypatch) == [
        (S, 15, 9, "SG010", "unknown key 'lable'", "did you mean 'label'?"), COLON_SAID,
        (S, 34, 5, "SG010", "unknown key 'goto'", "'goto' is a key of a choice, a chance outcome or an auto route, not "
         "of an ending: check where it sits (its indentation); allowed here: id, title, if, text, role_text, variants, "
         "cite, debrief"),
    ]


def test_another_file_s_names_are_checked_beside_a_broken_scene(tmp_path, monkeypatch):
    other = "scenes/other.yaml"
    root = make_pack(tmp_path, [COLON, (other, None, b"scenes:\n  - id: aside\n    title: Aside\n    choices:\n"
                                                      b"      - id: back\n        label: Back\n        goto: frist\n")])
    assert said(root, monkeypatch) == [
        COLON_SAID, (other, 7, 15, "SG021", "goto 'frist' names no scene or ending", "did you mean 'first'?")]


def test_every_ending_left_out_is_not_told_the_pack_has_none(tmp_path, monkeypatch):
    root = make_pack(tmp_path, [(S, "    title: Agreement\n", "    title: Agree: ment\n"),
                                (S, "    title: No agreement\n", "    title: No: agreement\n"), ENND])
    [*names, a, b] = said(root, monkeypatch)
    assert names == [WRONG_END] and [(x[1], x[3]) for x in (a, b)] == [(31, "SG004"), (35, "SG004")]


def test_an_error_on_the_id_line_is_said_alone_as_before(tmp_path, monkeypatch):
    """The id of the scene left out cannot be read: a goto to any id might name it, so none is checked."""
    root = make_pack(tmp_path, [ENND, (S, "  - id: second\n", "  - id: second: now\n")])
    assert [x[1:4] for x in said(root, monkeypatch)] == [(21, 15, "SG004")]
    root = make_pack(tmp_path / "2", [ENND, (S, "  - id: second\n", "  - id: Second\n")])
    assert [x[1:4] for x in said(root, monkeypatch)] == [(21, 9, "SG012")]


def test_an_error_outside_the_scenes_and_endings_is_said_alone_as_before(tmp_path, monkeypatch):
    root = make_pack(tmp_path, [(S, "scenes:\n", "sceens:\n"), ENND])
    assert [x[1:4] for x in said(root, monkeypatch)] == [(2, 1, "SG010")]


def test_the_rest_of_a_file_is_checked_for_invisible_characters_too(tmp_path, monkeypatch):
    """What every file read whole is checked for: a zero-width space in the goto of another scene is said
    (SG036), not taken for a goto that names nothing."""
    root = make_pack(tmp_path, [COLON, (S, "        goto: second\n", "        goto: sec\u200bond\n")])
    assert [x[1:4] for x in said(root, monkeypatch)] == [(13, 18, "SG036"), (22, 20, "SG004")]


MUTATIONS = {  # what an editor slip does to one line
    "a_space_lost": lambda ln: ln[1:],
    "a_space_more": lambda ln: " " + ln,
    "three_spaces_more": lambda ln: "   " + ln,
    "a_colon_in_the_value": lambda ln: ln.rstrip("\n") + ": x\n",
    "the_colon_lost": lambda ln: ln.replace(":", "", 1),
    "a_quote_opened": lambda ln: ln.rstrip("\n") + ' "\n',
}


@pytest.mark.parametrize("slip", sorted(MUTATIONS))
def test_no_slip_on_one_line_makes_a_name_of_another_line_wrong(tmp_path, monkeypatch, slip):
    """Every line of the scene file in turn, with the misspelt goto on line 20: whatever is left out, no id that
    is still written (scenes first and second, endings good and plain) is told it does not exist, and the
    endings are not told they are missing, unless the slip is on their own lines."""
    lines = (make_pack(tmp_path / "t", []) / S).read_text(encoding="utf-8").splitlines(keepends=True)
    for n in range(2, len(lines) + 1):
        edited = lines[:n - 1] + [MUTATIONS[slip](lines[n - 1])] + lines[n:]
        root = make_pack(tmp_path / str(n), [ENND, (S, None, "".join(edited).replace(
            "        goto: end\n  - id: second", "        goto: ennd\n  - id: second", 1).encode())])
        try:
            diags = said(root, monkeypatch)
        except pytest.fail.Exception:
            continue  # the slip made a valid pack (a space more in a text, ...)
        for file, line, column, code, message, hint in diags:
            named = re.match(r"(?:goto|route start|start scene) '(\w+)' (?:names no scene|does not exist)", message)
            assert not (named and named.group(1) in ("first", "second", "good", "plain") and line != n), (n, message)
            assert not (code == "SG011" and "no endings" in message and n < 29), (n, message)
