"""What authors' tools read: the schema modelines of the bundled YAML files, and the pre-commit hooks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from summit_game.cli import _parser, main

ROOT = Path(__file__).resolve().parent.parent
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")
PACK_FOLDERS = sorted(p.parent for base in ("scenes", "tests/packs") for p in (ROOT / base).glob("*/pack.yaml"))
YAML_FILES = sorted(f for folder in PACK_FOLDERS for f in folder.rglob("*.y*ml"))


def expected_schema(path: Path) -> str | None:
    """pack.yaml gets the manifest's schema, scene files the scene schema."""
    if path.name == "pack.yaml":
        return "pack.schema.json"
    if path.parent.name == "scenes":
        return "scene.schema.json"
    return None  # another kind of file (its own schema, when it has one)


def test_the_corpus_is_found():
    names = {f.relative_to(ROOT).as_posix() for f in YAML_FILES}
    assert {"scenes/anchorage/pack.yaml", "scenes/tutorial/scenes/meeting.yaml",
            "tests/packs/minimal/scenes/main.yaml"} <= names


@pytest.mark.parametrize("path", YAML_FILES, ids=[f.relative_to(ROOT).as_posix() for f in YAML_FILES])
def test_every_bundled_yaml_file_starts_with_a_modeline_that_resolves(path):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
    m = MODELINE.fullmatch(first)
    assert m, f"{path.relative_to(ROOT)} must start with '# yaml-language-server: $schema=...' (it starts {first!r})"
    target = m.group(1)
    assert not target.startswith(("/", "http")), "a relative path, so it works in every checkout"
    resolved = (path.parent / target).resolve()
    assert resolved.is_file(), f"{path.relative_to(ROOT)}: {target} does not exist"
    assert resolved.parent == ROOT / "docs" / "schema"
    want = expected_schema(path)
    if want is not None:
        assert resolved.name == want, f"{path.relative_to(ROOT)} should use {want}, not {resolved.name}"


def test_pre_commit_hooks_run_commands_that_exist(tmp_path, capsys, monkeypatch):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} >= {"summit-game-check", "summit-game-playtest"}
    commands = set(_parser()._subparsers._group_actions[0].choices)
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        argv = hook["entry"].split() + hook.get("args", [])
        assert argv[0] == "summit-game" and argv[1] in commands, argv
        re.compile(hook["files"])
    # the check hook, run from a clean pack's folder with its default args, passes
    # each hook, run from a clean pack's folder with its default args, passes
    for hook in hooks:
        monkeypatch.chdir(ROOT / "scenes" / "tutorial")
        assert main(hook["entry"].split()[1:] + hook["args"]) == 0, hook["id"]
    capsys.readouterr()


def test_the_docs_show_how_to_use_the_hooks():
    docs = (ROOT / "docs" / "authoring.md").read_text()
    for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()):
        assert f"id: {hook['id']}" in docs
