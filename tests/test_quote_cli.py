"""`summit-game quote PACK "words"`: where a passage is, what to paste, the closest passages otherwise.

It must agree with `check`: what it offers to paste is exactly what the loader accepts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from summit_game.cli import main
from summit_game.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).parent / "packs" / "minimal"
CURLY = ("# A memo\n\nTalking helps. Walking out costs nothing today.\n\nEvery meeting ends with a vote.\n\n"
         "{4.1} The chair said: \u201cthe vote is the whole point\u201d \u2014 and sat down.\n")


def quote(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(["quote", *args])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def pack(tmp_path, monkeypatch):
    root = tmp_path / "pack"
    shutil.copytree(TEMPLATE, root)
    (root / "sources" / "memo.md").write_text(CURLY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


def test_found_says_where_and_what_to_paste(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    rc, out, err = quote(capsys, "scenes/tutorial", "Trust is  fragile")
    assert rc == 0 and err == ""
    assert out == ("found in source 'memo' (A Memo on the River Bridge), paragraph 4:\n"
                   '  "Trust is fragile"\n'
                   "paste:\n"
                   '  - quote: "Trust is fragile"\n')


def test_found_as_the_source_has_it_with_its_reference(pack, capsys):
    rc, out, _ = quote(capsys, "pack", 'said: "the vote is the whole point" - and')
    assert rc == 0
    assert out.splitlines() == [
        "found in source 'memo' (A memo), 4.1 (paragraph 4):",
        '  "said: \u201cthe vote is the whole point\u201d \u2014 and"',
        "paste:",
        '  - quote: "said: \u201cthe vote is the whole point\u201d \u2014 and"',
    ]


def test_the_paste_is_what_check_accepts(pack, capsys):
    """The pasted citation, put in a scene file, loads, at the paragraph quote named."""
    rc, out, _ = quote(capsys, "pack", "--format", "json", "the whole point\" - and")
    assert rc == 0
    [hit] = json.loads(out)["found"]
    assert (hit["paragraph"], hit["ref"], hit["place"]) == (4, "4.1", "4.1")
    [cite] = yaml.safe_load(hit["paste"])
    scene = pack / "scenes" / "main.yaml"
    text = scene.read_text()
    scene.write_text(text.replace('- quote: "Every meeting ends with a vote."', "- quote: " + json.dumps(cite["quote"])))
    loaded = load_pack(pack)
    [q] = loaded.scenes["second"].choices[0].cite
    assert (q.paragraph, q.ref, q.quote) == (4, "4.1", "the whole point\u201d \u2014 and")


def test_words_the_source_quotes_are_said_to_need_a_speaker(pack, capsys):
    """The paste alone would get SG110 from check: quote says so, and what to add."""
    rc, out, _ = quote(capsys, "pack", "the vote is the whole point")
    assert rc == 0
    assert out.splitlines()[2:] == [
        "paste:",
        '  - quote: "the vote is the whole point"',
        "these words are inside quotation marks in the source: someone it quotes says them; add 'speaker: NAME' "
        "(who) to the citation, so the game labels them as theirs (check warns without it, SG110)",
    ]
    rc, out, _ = quote(capsys, "pack", "--format", "json", "the vote is the whole point")
    assert [h["reported"] for h in json.loads(out)["found"]] == [True]
    rc, out, _ = quote(capsys, "pack", "Walking out costs nothing")  # the source's own words
    assert "speaker" not in out
    rc, out, _ = quote(capsys, "pack", "--format", "json", "Walking out costs nothing")
    assert [h["reported"] for h in json.loads(out)["found"]] == [False]
    from summit_game.pack.loader import load_sources
    from summit_game.pack.lookup import lookup

    sources, _ = load_sources(pack)
    assert [h.reported for h in lookup(sources, "whole point").found] == [True]


def test_words_in_a_block_quote_are_said_to_need_a_speaker(pack, capsys):
    """check gives SG110 for a block quote's words cited without a speaker: quote says so, as for marks."""
    memo = pack / "sources" / "memo.md"
    memo.write_text(memo.read_text(encoding="utf-8").replace("Every meeting ends", "> Every meeting ends"),
                    encoding="utf-8")
    rc, out, _ = quote(capsys, "pack", "Every meeting ends with a vote")
    assert rc == 0 and out.splitlines()[-1] == (
        "these words are in a block quote in the source (a paragraph that starts with '>'): someone it quotes "
        "says them; add 'speaker: NAME' (who) to the citation, so the game labels them as theirs (check warns "
        "without it, SG110)")
    rc, out, _ = quote(capsys, "pack", "--format", "json", "Every meeting ends with a vote")
    assert [h["reported"] for h in json.loads(out)["found"]] == [True]
    assert main(["check", "pack"]) == 0  # the scene cites these words, with no speaker: as quote said
    assert "warning SG110: this quote is in a block quote" in capsys.readouterr().out


def test_straight_marks_in_the_source_paste_in_single_quotes(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    rc, out, _ = quote(capsys, "scenes/tutorial", "calls it \u201cthe first step")
    assert rc == 0
    assert "  - quote: 'calls it \"the first step'\n" in out
    assert yaml.safe_load(out.split("paste:\n")[1])[0]["quote"] == 'calls it "the first step'


def test_not_found_shows_the_closest_passage_as_the_source_has_it(pack, capsys):
    rc, out, _ = quote(capsys, "pack", "the vote is the entire point")
    assert rc == 1
    assert out.splitlines() == [
        "not found in source 'memo'",
        "closest passages:",
        "  1. source 'memo' (A memo), 4.1 (paragraph 4), 75% alike:",
        '     "the vote is the whole point"',
        '     first difference: the source has "whole" where the quote has "entire"',
        "     paste:",
        '       - quote: "the vote is the whole point"',
    ]


def test_across_a_paragraph_break(pack, capsys):
    """Found, but over a paragraph break: the paste is one citation per paragraph (check refuses one quote
    over two), in text and in JSON alike."""
    rc, out, _ = quote(capsys, "pack", "nothing today. Every meeting")
    assert rc == 1
    assert out.splitlines() == [
        "found in source 'memo', but it runs across a paragraph break (paragraph 2 to paragraph 3): quote each "
        "paragraph as its own citation",
        "paste:",
        '  - quote: "nothing today."',
        '  - quote: "Every meeting"',
    ]
    rc, out, _ = quote(capsys, "pack", "--format", "json", "nothing today. Every meeting")
    [across] = json.loads(out)["across_paragraphs"]
    assert [c["quote"] for c in yaml.safe_load(across["paste"])] == ["nothing today.", "Every meeting"]


def test_words_cut_with_dots_are_pasted_part_by_part_with_who_takes_a_speaker(pack, capsys):
    """'...' skips no words. quote said only that, and showed the closest passage to the cut words; an author
    pasting the parts met SG110 on the chair's words. Each part is pasted, with which one takes a speaker:."""
    words = "the vote is the whole point ... and sat down"
    rc, out, _ = quote(capsys, "pack", words)
    assert rc == 1
    assert out.splitlines() == [
        "not found as one passage: '...' does not skip words, but each part is in source 'memo' (4.1): quote "
        "each part as its own citation",
        "paste:",
        '  - quote: "the vote is the whole point"',
        '  - quote: "and sat down"',
        "only the part \"the vote is the whole point\" is inside quotation marks in the source: give its citation "
        "'speaker:' (who says it), not the part \"and sat down\" (the source's own words)",
    ]
    rc, out, _ = quote(capsys, "pack", "--format", "json", words)
    assert [(p["text"], p["paragraph"], p["reported"]) for p in json.loads(out)["parts"]] == [
        ("the vote is the whole point", 4, True), ("and sat down", 4, False)]
    # pasted as told, with the speaker on the chair's words: check has nothing to say of them
    scene = pack / "scenes" / "main.yaml"
    scene.write_text(scene.read_text().replace(
        '          - quote: "Every meeting ends with a vote."\n',
        '          - quote: "the vote is the whole point"\n            speaker: the chair\n'
        '          - quote: "and sat down"\n'))
    assert main(["check", "--strict", "pack"]) == 0
    # a part that is not there: the closest passages, as before
    rc, out, _ = quote(capsys, "pack", "the vote is the whole point ... and stood up")
    assert rc == 1 and out.splitlines()[0] == "not found in source 'memo'"
    assert out.splitlines()[-1] == "'...' does not skip words: quote each part as its own citation"


def test_many_places(pack, capsys):
    rc, out, _ = quote(capsys, "pack", "the")
    assert rc == 0
    assert out.splitlines()[-1] == ("found 2 times; also at: 4.1. The game uses the first: "
                                    "quote more words to pick another")


def test_works_while_the_scenes_are_broken(pack, capsys):
    scene = pack / "scenes" / "main.yaml"
    scene.write_text(scene.read_text().replace("goto: second", "goto: secnd"))
    rc, out, err = quote(capsys, "pack", "Talking helps")
    assert rc == 0 and err == "" and "paragraph 2" in out


def test_bad_usage_and_broken_sources(pack, capsys):
    assert quote(capsys, "pack", "  ")[0] == 2
    rc, _, err = quote(capsys, "pack", "Talking", "--source", "mem")
    assert rc == 2 and err.strip() == f"summit-game quote: no source 'mem' in pack (did you mean 'memo'?)"
    (pack / "sources" / "memo.md").write_text("---\ntitle: x\n\nTalking helps.\n")
    rc, out, err = quote(capsys, "pack", "Talking")
    assert rc == 1 and out == ""
    assert err.splitlines() == [
        "pack/sources/memo.md:1:1: error SG029: source 'memo': front matter opened on line 1 is never closed",
        "    end it with a line of just '---' before the text begins; if the text has no front matter, "
        "remove that first line",
        "summit-game quote: pack has no source that could be read",
    ]
    rc, _, err = quote(capsys, "nowhere", "Talking")
    assert rc == 1 and "SG001" in err


def test_the_docs_example_is_the_real_output(capsys, monkeypatch):
    import re
    import shlex

    docs = (ROOT / "docs" / "authoring.md").read_text()
    block = re.search(r"```\n\$ (summit-game quote .+?)\n(.+?)```", docs, re.S)
    monkeypatch.chdir(ROOT)
    rc = main(shlex.split(block.group(1))[1:])
    assert capsys.readouterr().out == block.group(2)
    assert rc == 1


def test_anchorage_by_its_bundled_name(capsys):
    words = "this meeting is the start of a longer process to achieve peace"
    rc, out, err = quote(capsys, "anchorage", words)
    assert (rc, err) == (0, "")
    assert out.splitlines()[0] == "found in source 'eir' (On the Trump-Putin Summit in Alaska), paragraph 2:"
    assert out.splitlines()[-1] == f'  - quote: "{words}"'
    rc, out, _ = quote(capsys, "anchorage", words.replace("start", "beginning"))
    assert rc == 1
    assert out.splitlines()[2:5] == [
        "  1. source 'eir' (On the Trump-Putin Summit in Alaska), paragraph 2, 83% alike:",
        f'     "{words}"',
        '     first difference: the source has "start" where the quote has "beginning"',
    ]


def test_a_closest_passage_over_a_paragraph_break_is_pasted_as_one_citation_per_paragraph(pack, capsys):
    """check refuses one quote over two paragraphs (SG025): quote's paste of such a near miss must not be
    one, and check's hint says the break is in the way, not only the first difference."""
    words = "costs nothing today. Every meeting ends with one vote."
    rc, out, _ = quote(capsys, "pack", words)
    assert rc == 1
    lines = out.splitlines()
    assert lines[4:] == [
        '     first difference: the source has "a" where the quote has "one"',
        "     it runs across a paragraph break (paragraph 2 to paragraph 3), and a quote lies within one "
        "paragraph: paste each part as its own citation",
        "     paste:",
        '       - quote: "costs nothing today."',
        '       - quote: "Every meeting ends with a vote."',
    ]
    scene = pack / "scenes" / "main.yaml"
    text = scene.read_text()
    pasted = "\n".join("          " + ln for ln in lines[-2:]).replace("       - ", "- ")
    scene.write_text(text.replace('          - quote: "Every meeting ends with a vote."\n', pasted + "\n"))
    loaded = load_pack(pack)
    assert [q.paragraph for q in loaded.scenes["second"].choices[0].cite] == [2, 3]
    rc, out, _ = quote(capsys, "pack", "--format", "json", words)
    [near] = json.loads(out)["closest"][:1]
    assert [c["quote"] for c in yaml.safe_load(near["paste"])] == ["costs nothing today.",
                                                                  "Every meeting ends with a vote."]
    scene.write_text(text.replace('"Every meeting ends with a vote."', json.dumps(words)))
    assert main(["check", "pack"]) == 1
    assert ("    it runs across a paragraph break: a quote lies within one paragraph, so quote each paragraph as "
            "its own citation\n") in capsys.readouterr().out


SPEECH = CURLY.replace("\u2014 and sat down.\n", "and sat down.\n\n\u201cWe will vote again tomorrow,\u201d the envoy "
                       "replied.\n")


def _check_hint(capsys, pack, citation: str) -> list[str]:
    scene = pack / "scenes" / "main.yaml"
    scene.write_text(scene.read_text().replace('- quote: "Every meeting ends with a vote."', citation))
    assert main(["check", "pack"]) == 1
    out = capsys.readouterr().out.splitlines()
    return [ln.strip() for ln in out[out.index(next(ln for ln in out if "SG025" in ln)) + 1:]
            if ln.startswith("    ")]


@pytest.mark.parametrize("citation,said", [
    # found, over a paragraph break: the envoy's words are in the second paragraph only
    ("- quote: 'and sat down. \u201cWe will vote again tomorrow'\n            speaker: the envoy",
     "quote each paragraph as its own citation; only the part in paragraph 5 is inside quotation marks in the "
     "source: give its citation 'speaker: the envoy', not the part in paragraph 4 (the source's own words)"),
    # not found (the opening mark left out), the closest passage over the break: no speaker named yet
    ("- quote: 'and sat down. We will vote again tomorrow'",
     "only the part in paragraph 5 is inside quotation marks in the source: give its citation 'speaker:' (who "
     "says it), not the part in paragraph 4 (the source's own words)"),
    # '...' joining the chair's words to the article's
    ("- quote: 'the vote is the whole point ... and sat down'\n            speaker: the chair",
     "only the part \"the vote is the whole point\" is inside quotation marks in the source: give its citation "
     "'speaker: the chair', not the part \"and sat down\" (the source's own words)"),
    # a speaker named for words no quotation marks enclose: the split citations take none
    ("- quote: 'Every meeting ends with a vote. The chair said:'\n            speaker: the chair",
     "quote each paragraph as its own citation; no part is inside quotation marks in the source: leave "
     "'speaker: the chair' off each"),
    # a part that runs into the quotation marks is two citations itself
    ("- quote: 'a vote. The chair said: \u201cthe vote is'",
     "quote each paragraph as its own citation; the part in paragraph 4 is partly inside quotation marks in the "
     "source: cite the words inside them apart, with 'speaker:' (who says them)"),
])
def test_a_quote_to_split_is_told_which_parts_take_a_speaker(pack, capsys, citation, said):
    (pack / "sources" / "memo.md").write_text(SPEECH, encoding="utf-8")
    assert _check_hint(capsys, pack, citation)[-1] == said


def test_quote_tells_which_part_of_a_quote_over_a_break_takes_a_speaker(pack, capsys):
    (pack / "sources" / "memo.md").write_text(SPEECH, encoding="utf-8")
    rc, out, _ = quote(capsys, "pack", "and sat down. \u201cWe will vote again tomorrow")
    assert rc == 1
    assert out.splitlines()[1] == ("only the part in paragraph 5 is inside quotation marks in the source: give its "
                                   "citation 'speaker:' (who says it), not the part in paragraph 4 (the source's "
                                   "own words)")
    rc, out, _ = quote(capsys, "pack", "and sat down. We will vote again tomorrow")
    assert rc == 1
    assert out.splitlines()[6] == ("     only the part in paragraph 5 is inside quotation marks in the source: give "
                                   "its citation 'speaker:' (who says it), not the part in paragraph 4 (the "
                                   "source's own words)")


def test_words_in_the_front_matter_are_said_to_be_there(pack, capsys):
    """Front matter is never quoted: words from it are told so, with its lines, not only a far passage."""
    (pack / "sources" / "memo.md").write_text("---\nWritten for the tests.\nLicence: CC0 1.0.\n---\n" + CURLY,
                                              encoding="utf-8")
    rc, out, _ = quote(capsys, "pack", "Licence: CC0 1.0.")
    assert rc == 1
    assert out.splitlines() == [  # and no passage of the text that is hardly alike
        "not found in source 'memo'",
        "these words are in the front matter of source 'memo' (lines 1 to 4), which is a note for people and "
        "is never quoted: to quote them, put them in the text below it",
    ]
    rc, out, _ = quote(capsys, "pack", "Licence: CC0 1.0.", "--format", "json")
    assert rc == 1 and json.loads(out)["front_matter"] == {"source": "memo", "last_line": 4}
    rc, out, _ = quote(capsys, "pack", "Walking in costs nothing")  # not in the front matter: not said
    assert rc == 1 and "front matter" not in out and "front_matter" not in out
