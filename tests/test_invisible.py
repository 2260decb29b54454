"""Invisible and bidirectional characters ("Trojan Source"): SG036 where they deceive, SG114 in prose."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from test_pack_errors import P, S, make_pack

from summit_game.cli import main
from summit_game.pack import PackError, load_pack
from summit_game.pack.diagnostics import FORMAT
from summit_game.pack.invisible import unbalanced

RLO, PDF, RLI, PDI, ZWSP, RLM, ZWNJ = "\u202e", "\u202c", "\u2067", "\u2069", "\u200b", "\u200f", "\u200c"


def test_every_format_character_of_this_python_is_known():
    missing = [f"U+{c:04X}" for c in range(sys.maxunicode + 1)
               if unicodedata.category(chr(c)) == "Cf" and not FORMAT.fullmatch(chr(c))]
    assert missing == []


def errors(root, monkeypatch) -> list[tuple]:
    monkeypatch.chdir(root)
    with pytest.raises(PackError) as exc:
        load_pack(root)
    return [(d.file, d.line, d.column, d.code, d.message) for d in exc.value.diagnostics]


@pytest.mark.parametrize("edit,where,what", [
    # an expression: a role name that reads 'east' but is not
    ((S, '"trust >= 2 and not ready"', "\"trust >= 2 and role != 'east" + RLO + "'\""), (9, 42),
     "U+202E (RIGHT-TO-LEFT OVERRIDE) in an expression"),
    ((S, '["trust += 1", "ready = true"]', '["trust += 1", "ready = true' + ZWSP + '"]'), (10, 46),
     "U+200B (ZERO WIDTH SPACE) in an expression"),
    # an id, written as a YAML escape: placed at the value
    ((S, "goto: second", 'goto: "sec\\u2066ond"'), (13, 15), "U+2066 (LEFT-TO-RIGHT ISOLATE) in an id"),
    # a variable's name (a key in pack.yaml)
    ((P, "  trust:\n", "  tru\u00adst:\n"), (18, 6), "U+00AD (SOFT HYPHEN) in a variable name"),
    # a tag character (astral, invisible): text smuggled into an id
    ((S, "goto: second", "goto: sec\U000e0041ond"), (13, 18), "U+E0041 (TAG LATIN CAPITAL LETTER A) in an id"),
], ids=["role_in_expression", "effect", "escaped_goto", "variable_name", "tag_character"])
def test_a_format_character_where_the_game_matches_text_is_an_error_at_the_character(tmp_path, monkeypatch, edit,
                                                                                      where, what):
    root = make_pack(tmp_path, [edit])
    found = [d for d in errors(root, monkeypatch) if d[3] == "SG036"]
    assert found == [(edit[0], *where, "SG036", f"invisible character {what}")]


def test_a_key_with_a_zero_width_space_is_said_and_shown(tmp_path, monkeypatch, capsys):
    root = make_pack(tmp_path, [(S, "    title: The vote\n", "    ti" + ZWSP + "tle: The vote\n")])
    monkeypatch.chdir(root)
    assert main(["check", "."]) == 1
    out = capsys.readouterr().out
    assert ZWSP not in out  # written out, so the author sees it
    # said once: SG036 names the character and what deleting it leaves (the SG010 'unknown key' said less)
    assert out == ("scenes/main.yaml:22:7: error SG036: invisible character U+200B (ZERO WIDTH SPACE) in a key\n"
                   "    it shows as nothing, or makes an editor show the line in another order than it reads "
                   "(\"Trojan Source\"): delete it, which leaves 'title'. Only prose (titles, labels, text) may "
                   "hold it\n")
    assert main(["check", ".", "--format", "json"]) == 1
    [d] = json.loads(capsys.readouterr().out)
    assert (d["line"], d["column"], d["code"]) == (22, 7, "SG036")


@pytest.mark.parametrize("edit,where,what,left", [
    ((S, "goto: second", 'goto: "sec\\u2066ond"'), (13, 15), "an id", "second"),  # SG012: not a valid id
    ((S, "  - id: second\n", "  - id: sec" + ZWSP + "ond\n"), (21, 12), "an id", "second"),
    ((P, "  trust:\n", "  tru\u00adst:\n"), (18, 6), "a variable name", "trust"),  # SG012 at the key
    ((P, "    max: 10\n", "    max: 10\n    good: hi" + ZWSP + "gh\n"), (22, 13), "a value", "high"),  # SG012
])
def test_one_invisible_character_is_one_error(tmp_path, monkeypatch, edit, where, what, left):
    root = make_pack(tmp_path, [edit])
    [(file, line, col, code, message)] = errors(root, monkeypatch)
    assert (file, line, col, code) == (edit[0], *where, "SG036") and message.endswith(f" in {what}")
    with pytest.raises(PackError) as exc:
        load_pack(root)
    assert f"delete it, which leaves '{left}'" in exc.value.diagnostics[0].hint


@pytest.mark.parametrize("text", [
    f"{RLI}\u05e9\u05dc\u05d5\u05dd{PDI} means peace",  # an isolate, closed
    f"\u05e9\u05dc\u05d5\u05dd{RLM} and {ZWNJ}",  # marks and joiners: not controls that stay open
    f"{RLO}abc{PDF} {RLI}x{PDI}",
])
def test_prose_may_hold_balanced_bidirectional_controls(tmp_path, monkeypatch, text):
    root = make_pack(tmp_path, [(S, "label: Talk it through", f'label: "{text}"'),
                                (S, "text: The two banks meet.", f"text: The two {RLM}banks meet.  # {RLI}x{PDI}")])
    monkeypatch.chdir(root)
    assert load_pack(root).warnings == []


def test_an_unbalanced_control_in_prose_or_a_comment_is_a_warning(tmp_path, monkeypatch, capsys):
    root = make_pack(tmp_path, [(S, "label: Talk it through", f'label: "Talk {RLO}it through"'),
                                (S, "    title: The vote\n", f"    title: The {PDF}vote\n"),
                                (S, "text: The two banks meet.", f"text: The two banks meet.  # note {RLO}x")])
    monkeypatch.chdir(root)
    warned = [(w.line, w.column, w.code, w.message) for w in load_pack(root).warnings]
    assert warned == [
        (5, 39, "SG114", "bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE) is not closed on its line (in a comment)"),
        (8, 22, "SG114", "bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE) is not closed in its paragraph"),
        (22, 16, "SG114", "bidirectional control U+202C (POP DIRECTIONAL FORMATTING) closes nothing"),
    ]
    assert main(["check", "."]) == 0
    assert main(["check", "--strict", "."]) == 1
    out = capsys.readouterr().out
    assert RLO not in out and "\\u202e" not in out.split("warning SG114")[0]


RLE = "\u202b"
BLOCK = "    text: |\n      {}\n      {}\n"


@pytest.mark.parametrize("first,second", [
    (f"The two {RLE}banks", f"meet{PDF} at the mill."),  # a paragraph's lines are joined: closed where it is read
    (f"The two {RLI}banks", f"meet{PDI} at the mill."),
    (f"The {RLE}two{PDF} banks", "meet."),
])
def test_a_control_closed_on_a_later_line_of_its_paragraph_is_closed(tmp_path, monkeypatch, first, second):
    root = make_pack(tmp_path, [(S, "    text: The two banks meet.\n", BLOCK.format(first, second))])
    monkeypatch.chdir(root)
    assert load_pack(root).warnings == []


@pytest.mark.parametrize("block,where,why", [
    # a blank line ends the paragraph: what it opened is open there, and what the next one closes, nothing
    ("    text: |\n      The two {RLE}banks\n\n      meet{PDF}.\n", (6, 15), "is not closed in its paragraph"),
    ("    text: |\n      The two banks\n\n      meet{PDF}.\n", (8, 11), "closes nothing"),
    # a list item is a block of its own
    ("    text: |\n      - the {RLE}east bank\n      - the west{PDF} bank\n", (6, 13), "is not closed in its paragraph"),
    # the one left open is pointed at, not the first of its kind (closed in the paragraph before)
    ("    text: |\n      The {RLE}two{PDF} banks\n\n      meet {RLE}at the mill.\n", (8, 12),
     "is not closed in its paragraph"),
])
def test_a_control_left_open_at_the_end_of_its_paragraph_is_a_warning(tmp_path, monkeypatch, block, where, why):
    root = make_pack(tmp_path, [(S, "    text: The two banks meet.\n", block.format(RLE=RLE, PDF=PDF))])
    monkeypatch.chdir(root)
    [w] = load_pack(root).warnings
    assert (w.file, w.line, w.column, w.code) == (S, *where, "SG114")
    assert w.message.endswith(why)


@pytest.mark.parametrize("brk", ["\r", "\r\n", "\u2028"], ids=["old_mac", "windows", "line_separator"])
def test_sg036_and_sg114_count_lines_as_every_other_diagnostic(tmp_path, monkeypatch, brk):
    # a file with old Mac line ends (or a pasted U+2028) has more lines than its '\n's, as libyaml (and so
    # every other diagnostic) counts them: SG036 and SG114 said line 1, column 400 and more
    root = make_pack(tmp_path, [(S, "label: Talk it through", f'label: "Talk {RLO}it through"'),
                                (S, "goto: second", f"goto: sec{ZWSP}ond")])
    scene = root / S
    scene.write_bytes(scene.read_bytes().replace(b"\n", brk.encode()))
    monkeypatch.chdir(root)
    found = [d[:4] for d in errors(root, monkeypatch) if d[3] == "SG036"]
    assert found == [(S, 13, 18, "SG036")]
    scene.write_bytes(scene.read_bytes().replace(f"sec{ZWSP}ond".encode(), b"second"))
    assert [(w.line, w.column, w.code) for w in load_pack(root).warnings] == [(8, 22, "SG114")]


@pytest.mark.parametrize("bad,said", [(b"\x00", ("SG004", "NUL character in file")),
                                      (b"\xff", ("SG003", "invalid UTF-8 byte 0xff"))])
def test_a_bad_byte_after_old_mac_line_ends_is_placed_on_its_line(bad, said):
    from summit_game.pack._yaml import YamlProblem, read_yaml

    with pytest.raises(YamlProblem) as info:  # the third line, as libyaml counts them (it said line 2 or 1)
        read_yaml(b"a: 1\rb: 2\r\nc: \xc3\xa9" + bad + b"\r", "f.yaml")
    d = info.value.diagnostic
    assert (d.line, d.column, d.code, d.message) == (3, 5, *said)  # the column counts characters


def test_an_unbalanced_control_in_a_playtest_file_note_is_a_warning(tmp_path, monkeypatch, capsys):
    root = make_pack(tmp_path, [])
    (root / "playtest.yaml").write_text(f"lines:\n  first:\n    role: east\n    note: \"Talks {RLO}first\"\n")
    monkeypatch.chdir(root)
    assert main(["playtest", "."]) == 0  # a warning: the playtest runs
    err = capsys.readouterr().err
    assert err.startswith("playtest.yaml:4:18: warning SG114: bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE) "
                          "is not closed in its paragraph\n")
    (root / "playtest.yaml").write_text(f"lines:\n  first:\n    role: east\n    note: Talks first #1\n")
    assert main(["playtest", "."]) == 0
    assert capsys.readouterr().err.startswith("playtest.yaml:4:11: warning SG116: '#1' after this value starts a comment")


def test_a_format_character_in_a_playtest_file_name_is_an_error(tmp_path, monkeypatch, capsys):
    root = make_pack(tmp_path, [])
    (root / "playtest.yaml").write_text(f"lines:\n  first:\n    role: east\n    prefer: [talk{RLO}]\n")
    monkeypatch.chdir(root)
    assert main(["playtest", "."]) == 1
    assert capsys.readouterr().err.startswith(
        "playtest.yaml:4:18: error SG036: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) in an id\n")


@pytest.mark.parametrize("line,expected", [
    ("plain", None),
    (f"{RLO}x{PDF}", None),
    (f"{RLI}{RLO}x{PDI}", None),  # closing an isolate closes what it holds
    (f"{RLO}x", (0, "is not closed on its line")),
    (f"x{PDF}", (1, "closes nothing")),
    (f"x{PDI}", (1, "closes nothing")),
    (f"{RLO}{PDI}", (1, "closes nothing")),
    (f"{RLI}x{PDF}{PDI}", (2, "closes nothing")),
])
def test_unbalanced(line, expected):
    assert unbalanced(line) == expected
