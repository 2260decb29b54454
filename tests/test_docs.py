"""The docs say what the code does."""

import re
import subprocess
import sys
from pathlib import Path

from summit_game.pack.diagnostics import CODES

ROOT = Path(__file__).resolve().parent.parent


def test_codes_table_matches_code():
    text = (ROOT / "docs" / "authoring.md").read_text()
    table = text.split("<!-- codes:start -->")[1].split("<!-- codes:end -->")[0]
    rows = re.findall(r"^\| (SG\d{3}) \| (\w+) \| (.+?) \|$", table, re.M)
    assert {c: (s, t) for c, s, t in rows} == {c: (s.value, t) for c, (s, t) in CODES.items()}


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    test_section = readme.split("## Test", 1)[1]
    command = re.search(r"```\n(.+?)\n```", test_section, re.S).group(1).strip()
    ci = (ROOT / ".ci" / "run").read_text()
    assert command in ci.splitlines()
    assert "pytest" in command


def test_help_lists_every_subcommand():
    out = subprocess.run([sys.executable, "-m", "summit_game.cli", "--help"], capture_output=True, text=True).stdout
    for cmd in ("play", "check", "packs", "playtest", "quote", "schema", "compare"):
        assert re.search(rf"^\s+{cmd}\s", out, re.M), cmd


def test_committed_schemas_are_current():
    from summit_game.pack.schema import dumps, schemas

    for name, schema in schemas().items():
        committed = (ROOT / "docs" / "schema" / name).read_text()
        assert committed == dumps(schema), f"run: summit-game schema --out docs/schema ({name} is stale)"
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert "$defs" not in committed


def test_schema_command_writes_files(tmp_path):
    r = subprocess.run([sys.executable, "-m", "summit_game.cli", "schema", "--out", str(tmp_path / "s")],
                       capture_output=True, text=True)
    assert r.returncode == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["pack.schema.json", "playtest.schema.json", "scene.schema.json"]
