"""summit-game graph: Mermaid and DOT that stay valid whatever the pack's text says."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from summit_game.cli import main
from summit_game.engine.graph import build_graph, to_dot, to_mermaid
from summit_game.pack import load_pack

from playtest_support import SOFTLOCK, UNREACHED, make_pack

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = 'Say "end" [now] #1 <script>alert(1)</script> & a|b --> c %% d {e} (f) `x` back\\slash \\n; end'

# One statement per line; a label is a double-quoted string with no quote, bracket, pipe, '#'
# (except in entity codes), '<', '>' or '&' left in it.
_LABEL = r'"(?:[^"#&<>|\[\]{}()`;\\]|#\d+;)*"'
_ID = r"[a-z][a-z0-9_]*"
MERMAID_LINE = re.compile(
    rf"^(%% .*|flowchart TD"
    rf"|    {_ID}\[{_LABEL}\]|    {_ID}\(\[{_LABEL}\]\)|    {_ID}\{{{_LABEL}\}}|    {_ID}\(\({_LABEL}\)\)"
    rf"|    {_ID} (?:-->|-\.->)\|{_LABEL}\| {_ID}|    {_ID} --> {_ID}"
    rf"|    classDef [a-z]+ [a-z0-9:#, .-]+|    class {_ID}(?:,{_ID})* [a-z]+)$"
)


def mermaid_labels(text: str) -> list[str]:
    return [html.unescape(m.replace("#", "&#")) for m in re.findall(r'"((?:[^"]|)*?)"', text)]


def check_mermaid(text: str) -> None:
    for line in text.splitlines():
        assert MERMAID_LINE.match(line), line
        assert not re.match(r"^    end\b", line)  # a bare `end` closes a subgraph in Mermaid


def test_tutorial_mermaid(tutorial):
    text = to_mermaid(build_graph(tutorial))
    check_mermaid(text)
    lines = text.splitlines()
    assert "flowchart TD" in lines
    assert '    s_council["The spring council"]' in lines
    # where play begins: a Start node, an edge to each route's first scene, named by the route
    assert lines[lines.index("flowchart TD") + 1] == '    play_start(("Start"))'
    assert '    play_start -->|"Full meeting"| s_council' in lines
    assert '    play_start -->|"Quick round"| s_proposal' in lines
    assert '    e_stalemate(["Stalemate"])' in lines
    assert '    s_council -->|"Recount who built the bridge #91;east#93;"| s_proposal' in lines
    assert '    s_proposal -->|"Share the bridge and its tolls if trust #62;= 3"| s_mediator' in lines
    assert '    s_proposal -->|"Do nothing and wait #40;1 in 4#41;"| select_ending' in lines
    assert '    s_mediator -.->|"auto if trust #62;= 8"| select_ending' in lines
    assert '    select_ending -.->|"if trust #62;= 6 and mediator"| e_shared_bridge' in lines
    assert '    select_ending -.->|"otherwise"| e_stalemate' in lines
    assert "unreachable" not in "".join(line for line in lines if not line.startswith(("%%", "    classDef")))


def test_tutorial_dot_for_one_role(tutorial):
    text = to_dot(build_graph(tutorial, "east"))
    assert '    "s_council" -> "s_proposal" [label="Recount who built the bridge"];' in text
    assert "Recount the repairs" not in text  # the west bank's choice
    assert '"select_ending" -> "e_shared_bridge" [label="if trust >= 6 and mediator", style=dashed];' in text
    assert '    "play_start" [label="Start", shape=circle];' in text
    assert '    "play_start" -> "s_proposal" [label="Quick round", style=bold];' in text
    assert text.startswith("// The River Bridge (tutorial): scenes and endings, as east sees them\ndigraph pack {") or \
        "digraph pack {" in text


def hostile_pack(tmp_path: Path) -> Path:
    q = json.dumps(HOSTILE)  # JSON strings are YAML double-quoted strings
    scenes = f"""\
    scenes:
      - id: s
        title: {q}
        choices:
          - id: end_it
            label: {q}
            cite: [{{quote: "Talking helps."}}]
            chance:
              - {{weight: 2, goto: done}}
              - {{weight: 1, goto: end}}
    endings:
      - id: done
        title: {q}
      - {{id: other, title: 'Other'}}
    """
    return make_pack(tmp_path / "hostile", scenes)


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = hostile_pack(tmp_path)
    return load_pack(root)


def test_hostile_text_cannot_break_mermaid(hostile):
    text = to_mermaid(build_graph(hostile))
    check_mermaid(text)
    labels = mermaid_labels(text)
    assert " ".join(HOSTILE.split()) in labels  # the scene's and the ending's title, intact once decoded
    assert any(lab.startswith(" ".join(HOSTILE.split())[:40]) for lab in labels)  # the edge, shortened
    assert "<script>" not in text and "%%" not in text.split("flowchart TD")[1]
    assert "    play_start --> s_s" in text.splitlines()  # a pack without routes: one edge, no label
    # `goto: end` always picks the first ending (it has no condition): the second is reached by no edge
    assert '    select_ending -.->|"always"| e_done' in text and "-> e_other" not in text.replace(".->", "->")


def _dot_json(text: str) -> dict:
    r = subprocess.run(["dot", "-Tjson"], input=text, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_hostile_text_cannot_break_dot(hostile):
    text = to_dot(build_graph(hostile))
    # every statement line: a quoted id, an edge between quoted ids, or graph settings
    string = r'"(?:[^"\\]|\\\\|\\")*"'
    for line in text.splitlines()[:-1]:
        if line.startswith("//") or line == "digraph pack {" or line.startswith(("    graph [", "    node [", "    edge [")):
            continue
        assert re.fullmatch(rf'    {string}(?: -> {string})? \[(?:[a-z]+=(?:{string}|[a-z]+)(?:, )?)+\];', line), line
    assert text.splitlines()[-1] == "}"
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed (apt-get install graphviz): syntax checked by pattern only")
    data = _dot_json(text)
    titles = {o["name"]: o["label"] for o in data["objects"]}
    # Graphviz keeps escString's backslash pairs in its JSON; halve them to get the text shown
    shown = titles["s_s"].replace('\\"', '"').replace("\\\\", "\\")
    assert shown == " ".join(HOSTILE.split())


def test_marks_for_a_soft_lock_and_unreachable_nodes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lock = load_pack(make_pack(tmp_path / "lock", SOFTLOCK))
    for role in (None, "a"):
        text = to_mermaid(build_graph(lock, role))
        check_mermaid(text)
        assert '    s_t["T #40;soft-lock#41;"]' in text
        assert "    class s_t softlock" in text
    dot = to_dot(build_graph(lock, "a"))
    assert '"s_t" [label="T (soft-lock)", color="#cc0000", style="rounded,bold"];' in dot
    u = load_pack(make_pack(tmp_path / "u", UNREACHED, variables="  x: {start: 0, min: 0, max: 100}"))
    for role in (None, "a"):
        text = to_mermaid(build_graph(u, role))
        assert '    s_island["Nobody comes here #40;unreachable#41;"]' in text
        assert '    e_never(["Never #40;unreachable#41;"])' in text
        assert re.search(r"^    class (?:s_island,e_never|e_never,s_island) unreachable$", text, re.M), text
        assert '-->|"Leap if x #62;= 70"| e_never' in text


def test_anchorage_graph_renders_with_graphviz():
    pack = load_pack(ROOT / "scenes" / "anchorage")
    g = build_graph(pack)
    check_mermaid(to_mermaid(g))
    assert len([n for n in g.nodes if n.kind == "scene"]) == len(pack.scenes)
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed (apt-get install graphviz)")
    data = _dot_json(to_dot(g))
    assert {o["name"] for o in data["objects"]} >= {f"s_{s}" for s in pack.scenes} | {f"e_{e}" for e in pack.endings}


def test_graph_command_line(tmp_path, monkeypatch, capsys):
    with pytest.raises(SystemExit) as e:
        main(["graph", "--help"])
    assert e.value.code == 0 and "examples:" in capsys.readouterr().out
    assert main(["graph", "tutorial"]) == 0
    check_mermaid(capsys.readouterr().out)
    assert main(["graph", "tutorial", "--format", "dot", "--role", "west"]) == 0
    assert '"s_council" -> "s_proposal" [label="Recount the repairs after the flood"];' in capsys.readouterr().out
    assert main(["graph", "tutorial", "--role", "north"]) == 2
    assert "unknown role 'north'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["graph", "tutorial", "--format", "svg"])
    assert e.value.code == 2
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "pack.yaml").write_text(textwrap.dedent("id: [\n"))
    assert main(["graph", "bad"]) == 1
    err = capsys.readouterr().err
    assert "bad/pack.yaml:" in err and "Traceback" not in err


def test_what_the_authoring_docs_say_is_dashed_is_what_the_graph_dashes():
    """authoring.md said "Auto routes and `goto: end` are dashed", which an author reads as the choice's edge:
    that one is solid; the diamond's edges to the endings (and auto routes) are the dashed ones."""
    pack = load_pack(ROOT / "tests" / "packs" / "minimal")
    mermaid, dot = to_mermaid(build_graph(pack)), to_dot(build_graph(pack))
    assert '    s_second -->|"Vote"| select_ending\n' in mermaid
    assert '    select_ending -.->|"otherwise"| e_plain\n' in mermaid
    assert '"s_second" -> "select_ending" [label="Vote"];' in dot
    assert '"select_ending" -> "e_plain" [label="otherwise", style=dashed];' in dot
    docs = " ".join((ROOT / "docs" / "authoring.md").read_text(encoding="utf-8").split())
    assert ("A choice's `goto: end` is a solid edge, as any choice's is, into one diamond, \"goto end: the first "
            "ending whose condition holds\"; the diamond's own edges to the endings are dashed") in docs
    assert "\"goto end: the first ending whose condition holds\"" in " ".join(mermaid.split())


def test_graph_help_says_where_play_begins(capsys):
    with pytest.raises(SystemExit):
        main(["graph", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "play begins at a Start node, with an edge to the first scene (one to each route's first scene" in said
