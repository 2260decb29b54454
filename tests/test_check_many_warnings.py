"""A pack with thousands of warnings: `check` says the same lines, in the same order, as before.

The scenes, choices, endings and variants the analysis's warnings point at are placed without a
full read of their file (``Located.where`` reads a lean document's text again placing the items
of its lists only, once a file). What `check` prints must not move by a character: every line,
in every format, as main printed it at 83b37ed (the digests below were taken from that tree's
`summit-game check` on this same generated pack, run from the pack's parent folder), and as it
prints with every scene file read in full.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summit_game import cli
from summit_game.pack import loader
from summit_game.pack.diagnostics import CODES, Diagnostic, render

#: what 83b37ed's `summit-game check --format F many` printed on stdout: (lines, SHA-256)
BEFORE = {
    "text": (401, "4e0a9248f7ddf2b041036a09ec591bea89d7a78d73ac1038e98683e3629d5ccc"),  # the first 200, as check shows
    "json": (2945, "30e0ec60f442f03aee4078a756a058ddf54ab06a3e2c070cdc6b8bc6254a0198"),  # all 327
    "github": (201, "d6c92dda09d34fcd78defe3d18c4fd7701d9e4d3506564806659756ad35ac7b1"),
}
#: and its summary line on stderr (text only)
SUMMARY = "1 pack(s) checked: 0 error(s), 327 warning(s): ok with warnings"


def write_pack(folder, files: int = 3, per_file: int = 60) -> None:
    """A pack where nearly every scene and choice draws a warning, written in block and in flow
    style: no choice cites (SG105), a role's scenes reached by others (SG109), a chain of scenes
    nothing leads to (SG101), an ending and an ending's variant no game reaches (SG106), variables
    never read or never changed (SG103, SG104); and in the last file, text that says "the game's
    model" and conditions always or never true (SG112, SG111: warnings of the load itself)."""
    (folder / "scenes").mkdir(parents=True)
    (folder / "pack.yaml").write_text(
        "id: many\ntitle: \"Many warnings\"\nversion: \"1.0\"\nstart: s000\n"
        "variables:\n"
        "  trust:\n    start: 3\n    min: 0\n    max: 10\n"
        "  quiet:\n    start: false\n"
        "  never:\n    start: 2\n    min: 0\n    max: 5\n"
        "  hidden:\n    start: true\n"
        "roles:\n"
        "  - id: east\n    title: The east bank\n    briefing: You built the bridge.\n"
        "  - id: west\n    title: The west bank\n    briefing: You repaired it.\n"
    )
    total = files * per_file
    for f in range(files):
        out = ["scenes:\n"]
        for i in range(f * per_file, (f + 1) * per_file):
            nxt = f"s{i + 1:03d}" if i + 1 < total else "end"
            skip = f"s{i + 2:03d}" if i + 2 < total else "end"
            if i % 9 == 4:  # flow style: the item's place is its '{'
                out.append(f"  - {{id: s{i:03d}, title: Round {i}, choices: [{{id: on, label: Go on, goto: {nxt}}},\n"
                           f"      {{id: jump, label: Jump, if: \"trust >= 4\", effects: [\"trust -= 1\"], goto: {skip}}}]}}\n")
                continue
            out.append(f"  - id: s{i:03d}\n    title: Round {i}\n")
            if i % 7 == 3:
                out.append("    roles: [east]\n")  # reached by the west bank too: SG109
            out.append("    choices:\n")
            out.append(f"      - id: on\n        label: Go on\n        effects: [\"trust += 1\"]\n        goto: {nxt}\n")
            if i % 3 == 0:
                out.append(f"      -\n        id: back\n        label: Go back\n        effects: [\"trust -= 1\"]\n"
                           f"        goto: {skip}\n")
            if i % 5 == 1:
                out.append(f"      - {{id: flow, label: In one line, goto: {nxt}}}\n")
        if f == files - 1:
            # the last file's warnings found while loading (SG111, SG112) have it read in full then
            out.append("  - id: lost\n    title: Nothing leads here\n    choices:\n"
                       "      - id: on\n        label: Go on\n        text: The game's model says it holds.\n"
                       "        goto: lost2\n"
                       "  - id: lost2\n    title: Nor here\n    choices:\n"
                       "      - id: on\n        label: Go on\n        goto: end\n")
            out.append("endings:\n"
                       "  - id: never\n    title: Never\n    if: \"trust > 10\"\n    text: It cannot happen.\n"
                       "  - id: done\n    title: Done\n    text: The talks end.\n"
                       "    variants:\n"
                       "      - if: \"quiet\"\n        text: Quietly.\n"
                       "      - {if: \"trust >= 0\", text: As ever.}\n")
        (folder / "scenes" / f"part{f}.yaml").write_text("".join(out))


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory):
    parent = tmp_path_factory.mktemp("many")
    write_pack(parent / "many")
    return parent


def _check(parent, fmt: str, monkeypatch, capsys) -> tuple[str, str]:
    monkeypatch.chdir(parent)
    cli.main(["check", "--format", fmt, "many"])
    got = capsys.readouterr()
    return got.out, got.err


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_prints_what_it_printed_before(pack_dir, fmt, monkeypatch, capsys):
    out, err = _check(pack_dir, fmt, monkeypatch, capsys)
    lines, digest = BEFORE[fmt]
    assert (out.count("\n"), hashlib.sha256(out.encode()).hexdigest()) == (lines, digest)
    if fmt == "text":
        assert err.strip() == SUMMARY


def test_every_warning_is_placed_as_a_full_read_places_it(pack_dir, monkeypatch, capsys):
    """The same diagnostics, in the same order, when every scene file is read with all its marks."""
    lean, _ = _check(pack_dir, "json", monkeypatch, capsys)
    read = loader._read
    monkeypatch.setattr(loader, "_read", lambda path, shown, diags, lean=False, kept=None, refused=None:
                        read(path, shown, diags, False, kept, refused))
    full, _ = _check(pack_dir, "json", monkeypatch, capsys)
    assert lean == full
    codes = [d["code"] for d in json.loads(lean)]
    assert {"SG101", "SG103", "SG104", "SG105", "SG106", "SG109", "SG111", "SG112"} <= set(codes)
    assert codes.count("SG105") > 200


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(st.characters(blacklist_categories=())), st.integers(-2, 10**20),
                          st.integers(0, 10**6), st.sampled_from(sorted(CODES)),
                          st.text(st.characters(blacklist_categories=())), st.text(st.characters(blacklist_categories=()))),
                max_size=4))
def test_json_is_what_json_dumps_writes(rows):
    """--format json's text is json.dumps(..., indent=2)'s, character for character, whatever the
    diagnostics hold (quotes, backslashes, controls, C1, lone surrogates from a file name)."""
    diags = [Diagnostic(f, line, col, code, message, hint) for f, line, col, code, message, hint in rows]
    assert render(diags, "json") == json.dumps([d.as_dict() for d in diags], indent=2)
