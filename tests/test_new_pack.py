"""summit-game new: a starter pack that checks, playtests and plays; the docs' tutorial, followed."""

from __future__ import annotations

import io
import json
import re
import shlex
from pathlib import Path

import pytest

from summit_game.cli import main
from summit_game.pack import load_pack
from summit_game.pack.starter import pack_id_for

ROOT = Path(__file__).resolve().parent.parent
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def test_new_pack_checks_strict_playtests_and_has_modelines_that_resolve(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "my-pack"]) == 0
    out = capsys.readouterr().out
    assert "summit-game check --strict my-pack" in out and "summit-game playtest my-pack" in out
    root = tmp_path / "my-pack"
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == [
        ".schema/pack.schema.json", ".schema/playtest.schema.json", ".schema/scene.schema.json",
        "pack.yaml", "playtest.yaml", "scenes/meeting.yaml", "sources/notes.md",
    ]
    for rel, schema in (("pack.yaml", "pack"), ("scenes/meeting.yaml", "scene"), ("playtest.yaml", "playtest")):
        m = MODELINE.match((root / rel).read_text())
        assert m, rel
        target = ((root / rel).parent / m.group(1)).resolve()
        assert target.name == f"{schema}.schema.json" and target.is_file(), rel
        assert json.loads(target.read_text())["$schema"] == "http://json-schema.org/draft-07/schema#"
    pack = load_pack(root)
    assert pack.id == "my_pack" and len(pack.scenes) == 2 and len(pack.endings) == 2 and len(pack.sources) == 1
    assert main(["check", "--strict", "my-pack"]) == 0
    capsys.readouterr()
    assert main(["playtest", "my-pack"]) == 0
    report = capsys.readouterr().out
    assert "== Expectations (my-pack/playtest.yaml): 5 of 5 met" in report
    assert "   nothing: every scene, ending, ending variant, choice, chance outcome and quote was reached" in report


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    assert main(["new", "full"]) == 2
    err = capsys.readouterr().err
    assert "full is not empty" in err and "nothing was written" in err and "Traceback" not in err
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["notes.txt"]
    (tmp_path / "afile").write_text("x")
    assert main(["new", "afile"]) == 2
    assert "is not a folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["new", "empty"]) == 0  # an empty folder is fine
    with pytest.raises(SystemExit) as e:
        main(["new"])
    assert e.value.code == 2


@pytest.mark.parametrize("name,ident", [("my-pack", "my_pack"), ("2025 Talks", "pack_2025_talks"),
                                         ("Über!", "ber"), ("---", "my_pack")])
def test_pack_ids_from_folder_names(tmp_path, name, ident):
    assert pack_id_for(tmp_path / name) == ident


def _tutorial_steps() -> list[tuple[str, str, str]]:
    """The docs' tutorial as (instruction, block language, block text), in order."""
    text = (ROOT / "docs" / "authoring.md").read_text()
    part = text.split("<!-- tutorial:start -->")[1].split("<!-- tutorial:end -->")[0]
    steps = []
    for m in re.finditer(r"(?P<before>(?:(?!```).)*?)^(?P<indent> *)```(?P<lang>\w+)\n(?P<body>.*?)\n *```",
                         part, re.S | re.M):
        n = len(m.group("indent"))  # a block inside a list item: its lines are indented as the fence is
        body = "\n".join(line[n:] if line[:n].isspace() else line for line in m.group("body").splitlines())
        steps.append((m.group("before"), m.group("lang"), body))
    return steps


def _run(line: str, capsys, monkeypatch) -> tuple[int, str]:
    stdin = ""
    m = re.fullmatch(r"printf '([^']*)' \| (.+)", line)
    if m:
        stdin, line = m.group(1).replace("\\n", "\n"), m.group(2)
    argv = shlex.split(line)
    assert argv[0] == "summit-game", line
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    rc = main(argv[1:])
    captured = capsys.readouterr()
    return rc, captured.out + captured.err


def test_the_docs_tutorial_from_new_to_a_played_game(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    steps = _tutorial_steps()
    assert [lang for _, lang, _ in steps] == ["sh", "text", "yaml", "sh", "sh"]
    last = ""
    for before, lang, body in steps:
        if lang == "sh":
            for line in body.splitlines():
                rc, last = _run(line.strip(), capsys, monkeypatch)
                assert rc == 0, (line, last[-3000:])
        elif m := re.search(r"at the end of `([^`]+)`", before):
            path = tmp_path / "my-pack" / m.group(1)
            path.write_text(path.read_text().rstrip("\n") + "\n\n" + body.strip() + "\n")
        elif m := re.search(r"in\s+`([^`]+)`, just before the line `([^`]+)`", before):
            path = tmp_path / "my-pack" / m.group(1)
            text = path.read_text()
            marker = m.group(2) + "\n"
            assert text.count(marker) == 1, marker
            path.write_text(text.replace(marker, body.rstrip() + "\n\n" + marker))
        else:
            pytest.fail(f"a tutorial step the test cannot follow: {before.strip()[-200:]}")
    assert "You chose: Walk out of the room" in last
    assert "Ending: No deal today" in last
    pack = load_pack(tmp_path / "my-pack")
    assert [c.id for c in pack.scenes["opening"].choices] == ["listen", "press", "walk_out"]
