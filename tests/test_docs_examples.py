"""Every YAML example in docs/authoring.md is checked: an author copies them.

Each ```yaml block is preceded by a marker saying what it illustrates,
``<!-- example: KIND -->``, and is read with the pack reader (so YAML's own
traps apply) and validated against that model. The tutorial's examples also
compile their conditions and effects against the tutorial's variables, and
their quotes are found in the tutorial's memo, as `check` would do.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter

from summit_game.pack import model as m
from summit_game.pack._yaml import read_yaml
from summit_game.pack.citations import SourceText
from summit_game.pack.expr import compile_condition, compile_effect
from summit_game.pack.playtest_file import PlaytestFile

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "authoring.md"
BLOCK = re.compile(r"^( *)```yaml\n(.*?)^\1```", re.M | re.S)
MARKER = re.compile(r"<!-- example: ([a-z-]+) -->\s*$")
TUTORIAL_TYPES = {"trust": "number", "cost": "number", "mediator": "true/false"}
MEMO = SourceText.from_text((ROOT / "scenes" / "tutorial" / "sources" / "river-memo.md").read_text())


def examples() -> list[tuple[int, str, str]]:
    """(line, kind, yaml text) for every ```yaml block of the docs."""
    text = DOCS.read_text()
    out = []
    for block in BLOCK.finditer(text):
        line = text.count("\n", 0, block.start()) + 1
        before = text[:block.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = MARKER.search(before)
        out.append((line, marker.group(1) if marker else "", textwrap.dedent(block.group(2))))
    return out


def _walk(value: Any, key: str = ""):
    """(key, value) for every mapping entry, all the way down."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, v
            yield from _walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, key)


def _tutorial_world(value: Any) -> None:
    """Conditions and effects compile against the tutorial's variables; quotes are in its memo."""
    for key, v in _walk(value):
        if key == "if" and isinstance(v, str):
            compile_condition(v, TUTORIAL_TYPES)
        elif key == "effects":
            for e in v:
                compile_effect(e, TUTORIAL_TYPES)
        elif key == "quote":
            assert MEMO.find(v) is not None, f"quote not in the tutorial's memo: {v!r}"


def _manifest_part(value: dict) -> None:
    fields = m.Manifest.model_fields
    for key, v in value.items():
        assert key in fields, f"pack.yaml has no key {key!r}"
        TypeAdapter(fields[key].annotation).validate_python(v, strict=True)


def check(kind: str, text: str) -> None:
    if kind == "modelines":
        for line in text.strip().splitlines():
            name = re.match(r"# yaml-language-server: \$schema=\S*/(\w+\.schema\.json)\b", line)
            assert name and (ROOT / "docs" / "schema" / name.group(1)).is_file(), line
        return
    if kind == "pre-commit":
        config = yaml.safe_load(text)
        ours = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
        used = {h["id"] for repo in config["repos"] for h in repo["hooks"]}
        assert used and used <= ours
        return
    value = read_yaml(text.encode(), "example.yaml").value
    if kind.endswith("-shape"):  # an example from another pack than the tutorial: its shape only
        kind = kind.removesuffix("-shape")
        model = {"choices": list[m.Choice], "variables": dict[str, m.Variable]}[kind]
        TypeAdapter(model).validate_python(value, strict=True)
        return
    if kind == "manifest-part":
        _manifest_part(value)
    elif kind == "scene-file":
        m.SceneFile.model_validate(value)
    elif kind == "scenes":
        TypeAdapter(list[m.Scene]).validate_python(value, strict=True)
    elif kind == "endings":
        TypeAdapter(list[m.Ending]).validate_python(value, strict=True)
    elif kind == "choices":
        TypeAdapter(list[m.Choice]).validate_python(value, strict=True)
    elif kind == "citations":
        TypeAdapter(list[m.Citation]).validate_python(value["cite"], strict=True)
    elif kind == "playtest":
        PlaytestFile.model_validate(value)
        return
    else:
        raise AssertionError(f"unknown example kind {kind!r}")
    _tutorial_world(value)


EXAMPLES = examples()


def test_every_yaml_example_says_what_it_is():
    assert len(EXAMPLES) >= 10
    unmarked = [line for line, kind, _ in EXAMPLES if not kind]
    assert not unmarked, f"docs/authoring.md lines {unmarked}: put <!-- example: KIND --> before the block"


@pytest.mark.parametrize("line,kind,text", EXAMPLES, ids=[f"line{line}-{kind}" for line, kind, _ in EXAMPLES])
def test_yaml_example(line, kind, text):
    if not kind:
        pytest.skip("unmarked (see the test above)")
    check(kind, text)


def test_a_broken_example_would_fail():
    with pytest.raises(Exception):
        check("choices", "- id: x\n  label: X\n  goto: end\n  if: trust >= 3 and\n")
    with pytest.raises(Exception):
        check("choices", "- id: x\n  lable: X\n  goto: end\n")
    with pytest.raises(AssertionError):
        check("citations", 'cite:\n  - quote: "Trust is fragile, they say."\n')
