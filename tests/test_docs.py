"""The docs say what the code does."""

import os
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


def test_the_reserved_names_are_the_codes():
    """authoring.md's 'Reserved names' list every name a variable may not take, and the ids a scene may not."""
    from summit_game.pack.loader import RESERVED
    from summit_game.pack.rules import RESERVED_NAMES

    text = (ROOT / "docs" / "authoring.md").read_text()
    said = " ".join(text.split("Reserved names:")[1].split("\n\n")[0].split())
    variables, ids = said.split("and no scene or ending")
    assert set(re.findall(r"`(\w+)`", variables)) == set(RESERVED_NAMES)
    assert set(re.findall(r"`(\w+)`", ids)) == RESERVED


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


# ------------------------------------------------------------------ every command the docs show is one the code takes

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "docs" / "teachers").glob("*.md"))]
COMMAND = re.compile(r"summit-game(?: [^|#;&>`\n]*)?")


def doc_commands() -> list[tuple[str, bool, str]]:
    """(where, in a code block, command) for every `summit-game ...` the docs show: in code blocks (a
    line's command, up to a pipe, a redirection or a comment) and in inline code."""
    out = []
    for f in DOCS:
        text = f.read_text()
        name = f.relative_to(ROOT).as_posix()
        for block in re.finditer(r"^ *```[a-z]*\n(.*?)^ *```", text, re.M | re.S):
            first = text.count("\n", 0, block.start()) + 2
            for i, line in enumerate(block.group(1).splitlines()):
                for c in re.finditer(r"(?:^\s*|[|;&]\s*)(summit-game(?: [^|#;&>\n]*)?)", line):
                    out.append((f"{name}:{first + i}", True, c.group(1).strip()))
        prose = re.sub(r"^ *```.*?^ *```", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.M | re.S)
        for code in re.finditer(r"`([^`\n]*summit-game[^`\n]*)`", prose):
            line = prose.count("\n", 0, code.start()) + 1
            for c in COMMAND.finditer(code.group(1).replace("\\|", "|")):
                out.append((f"{name}:{line}", False, c.group(0).strip()))
    return out


def _parse(command: str) -> str:
    """What the command line's parser says of ``command`` ('' when it takes it), as main() would parse it."""
    import contextlib
    import io
    import shlex

    from summit_game.cli import main  # noqa: F401  (the commands main() knows, below)
    from summit_game.cli_parser import parser

    argv = shlex.split(command)[1:]
    commands = {"play", "check", "graph", "new", "packs", "playtest", "quote", "schema", "serve", "compare",
                "workshop"}
    if not argv:
        return ""
    if argv[0] not in commands and not argv[0].startswith("-"):
        argv = ["play", *argv]
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            parser().parse_args(argv)
    except SystemExit as exc:
        return err.getvalue().strip().splitlines()[-1] if exc.code else ""
    return ""


def test_every_command_in_the_docs_is_one_the_command_line_takes():
    found = doc_commands()
    assert len(found) > 50
    bad = []
    for where, in_block, command in found:
        said = _parse(command)
        # in prose, `summit-game compare` names the command: its arguments may be left to the text around it
        if said and not (not in_block and "the following arguments are required" in said):
            bad.append(f"{where}: {command}: {said}")
    assert not bad, "\n".join(bad)


def test_a_command_the_parser_refuses_is_found():
    assert "--plian" in _parse("summit-game play --plian")
    assert "invalid choice" in _parse("summit-game graph PACK --format svg")
    assert _parse("summit-game play --plain --role east --seed 3 tutorial") == ""


def _options() -> dict[str, "argparse.ArgumentParser"]:
    from summit_game.cli_parser import parser

    subs = parser()._subparsers._group_actions[0].choices
    for sub in subs.values():
        sub.format_help()  # adds the arguments a lazy parser holds back
    return subs


def test_every_option_the_docs_name_exists():
    known = {o for sub in _options().values() for o in sub._option_string_actions}
    scripts = {"--write"}  # python docs/balance.py --write
    bad = []
    for f in DOCS:
        for code in re.finditer(r"`([^`\n]+)`", f.read_text()):
            for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", code.group(1)):
                if option not in known | scripts:
                    bad.append(f"{f.relative_to(ROOT)}: {option} in `{code.group(1)}`")
    assert not bad, "\n".join(bad)


def test_every_option_with_a_default_says_it_in_its_help():
    """--format, --port, --max-games...: --help names the default the code uses."""
    missing = []
    for name, sub in _options().items():
        for action in sub._actions:
            if not action.option_strings or action.default in (None, False, "==SUPPRESS=="):
                continue
            shown = str(action.default)
            if shown not in (action.help or ""):
                missing.append(f"{name} {action.option_strings[0]} (default {shown}): {action.help!r}")
    assert not missing, "\n".join(missing)


def test_help_names_the_saves_folder_the_code_uses(monkeypatch, tmp_path):
    import platformdirs

    from summit_game.cli_parser import SAVES_DEFAULT
    from summit_game.paths import ENV_SAVES, saves_dir

    monkeypatch.delenv(ENV_SAVES, raising=False)
    monkeypatch.chdir(tmp_path)
    home = Path.home()
    user = platformdirs.user_data_path("summit-game", appauthor=False) / "saves"
    assert saves_dir() == user
    if sys.platform.startswith("linux") and user.is_relative_to(home) and not os.environ.get("XDG_DATA_HOME"):
        assert "~/" + user.relative_to(home).as_posix() in SAVES_DEFAULT
    (tmp_path / "saves").mkdir()
    assert saves_dir() == tmp_path / "saves"
    monkeypatch.setenv(ENV_SAVES, str(tmp_path / "elsewhere"))
    assert saves_dir() == tmp_path / "elsewhere"  # the variable first, as the help says
    assert SAVES_DEFAULT.index("$SUMMIT_GAME_SAVES") < SAVES_DEFAULT.index("./saves") < SAVES_DEFAULT.index("user data")
    for command in ("play", "serve", "workshop"):
        assert "$SUMMIT_GAME_SAVES if set" in _options()[command].format_help().replace("\n", " ").replace("  ", " ")


def test_every_command_says_its_exit_codes():
    from summit_game.cli_parser import parser

    top = " ".join(parser().format_help().split())
    assert "exit codes: 0 done, 1 errors in a pack" in top and "130 interrupted (Ctrl+C)" in top
    for name, sub in _options().items():
        text = " ".join(sub.format_help().split())
        assert re.search(r"\b[Ee]xit (codes: )?0\b", text), f"summit-game {name} --help says no exit codes"


def test_the_start_values_are_applied_in_the_order_authoring_md_says(tmp_path):
    """A route's 'set' wins over a role's 'start', which wins over the variable's 'start'."""
    from summit_game.engine.core import start
    from summit_game.pack import load_pack
    from summit_game.pack.starter import write_starter

    text = " ".join((ROOT / "docs" / "authoring.md").read_text().split())
    assert ("with `start: {trust: 2}` on a role and `set: {trust: 5}` on a route, that role starts the route "
            "at 5") in text
    root = tmp_path / "pack"
    write_starter(root)
    manifest = (root / "pack.yaml").read_text()
    assert "      trust: 2\n" in manifest  # the guest's own start
    manifest += ("routes:\n  - id: full\n    title: Full\n  - id: short\n    title: Short\n"
                 "    set: {trust: 5}\n")
    (root / "pack.yaml").write_text(manifest)
    pack = load_pack(root)
    assert pack.variables["trust"].start == 3
    assert start(pack, "guest", route="full").values["trust"] == 2
    assert start(pack, "guest", route="short").values["trust"] == 5
    assert start(pack, "host", route="full").values["trust"] == 3


def test_the_packs_own_authors_and_language_are_not_shown_as_authoring_md_says(tmp_path, monkeypatch, capsys):
    import io

    from summit_game.cli import main
    from summit_game.pack.starter import write_starter

    text = " ".join((ROOT / "docs" / "authoring.md").read_text().split())
    assert ("The pack's own `authors` (who wrote the pack) and `language` (of its text, default `en`) are for the "
            "people and tools that read its files: the game shows neither") in text
    root = tmp_path / "pack"
    write_starter(root)
    manifest = (root / "pack.yaml").read_text()
    assert 'authors: ["Your name"]\nstart:' in manifest and "language: en\n" in manifest
    manifest = manifest.replace('authors: ["Your name"]\nstart:', 'authors: ["Pack Writer Zed"]\nstart:')
    (root / "pack.yaml").write_text(manifest.replace("language: en\n", "language: qqz\n"))
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n1\n2\n"))
    assert main(["play", "--plain", "--role", "host", "--seed", "1", "--saves", str(tmp_path / "saves"),
                 str(root)]) == 0
    out = capsys.readouterr().out
    assert "Your name" in out  # the source's authors
    assert "Zed" not in out and "qqz" not in out
    exported = [p for p in (tmp_path / "saves").iterdir() if p.name.startswith("debrief-")]
    assert exported and not any("Zed" in p.read_text() or "qqz" in p.read_text() for p in exported)


def test_plain_mode_labels_quotes_as_authoring_md_says(tmp_path, monkeypatch, capsys):
    """Plain mode names the authors as the screen does and says 'paragraph N' for '¶N'."""
    import io

    from summit_game.cli import main
    from summit_game.pack.starter import write_starter

    text = " ".join((ROOT / "docs" / "authoring.md").read_text().split())
    assert ('Plain mode uses the same names and says "paragraph 4" for "¶4": "The memo — Jo Bloggs, paragraph 4", '
            '"The article — Gaskell & Gokay, paragraph 4"') in text
    root = tmp_path / "pack"
    write_starter(root)
    manifest = (root / "pack.yaml").read_text()
    assert '    authors: ["Your name"]\n' in manifest and "    kind: notes\n" in manifest
    manifest = manifest.replace('    authors: ["Your name"]\n', '    authors: ["Callum Gaskell", "Bulent Gokay"]\n')
    (root / "pack.yaml").write_text(manifest.replace("    kind: notes\n", "    kind: article\n"))
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n1\n2\n"))
    assert main(["play", "--plain", "--role", "host", "--seed", "1", "--saves", str(tmp_path / "saves"),
                 str(root)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert 'The article — Gaskell & Gokay, paragraph 1: "Each wants something the other can give."' in out
    assert "From the article" not in out


def test_markdown_marks_in_a_source_are_its_text_as_authoring_md_says(tmp_path, capsys):
    """A source's '*not*' is four characters of its text: a quote over it must include the stars."""
    from summit_game.cli import main
    from summit_game.pack.starter import write_starter

    text = " ".join((ROOT / "docs" / "authoring.md").read_text().split())
    assert ("**Markdown is not rendered.** Its marks are characters of the text: a quote over `*not*` or "
            "`[the plan](https://...)` must include the `*` or the `[`") in text
    root = tmp_path / "pack"
    write_starter(root)
    with (root / "sources" / "notes.md").open("a", encoding="utf-8") as f:
        f.write("\nThe wall is *not* a matter for the county alone.\n")
    assert main(["quote", str(root), "The wall is not a matter"]) == 1
    assert 'first difference: the source has "*not*" where the quote has "not"' in capsys.readouterr().out
    assert main(["quote", str(root), "The wall is *not* a matter"]) == 0


def test_a_source_with_no_address_as_authoring_md_says(tmp_path, monkeypatch, capsys):
    """url: "" is accepted, and the reference players read ends at the date."""
    import io

    from summit_game.cli import main
    from summit_game.pack.starter import write_starter

    text = " ".join((ROOT / "docs" / "authoring.md").read_text().split())
    assert 'takes `url: ""`: the reference then ends at the date.' in text
    root = tmp_path / "pack"
    write_starter(root)
    manifest = (root / "pack.yaml").read_text()
    assert '    url: "https://example.org/replace-me"\n' in manifest
    (root / "pack.yaml").write_text(manifest.replace('    url: "https://example.org/replace-me"\n', '    url: ""\n'))
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n1\n2\n"))
    assert main(["play", "--plain", "--role", "host", "--seed", "1", "--saves", str(tmp_path / "saves"),
                 str(root)]) == 0
    out = capsys.readouterr().out
    assert 'Source: Your name, "Notes for a first meeting", Your pack, 2026-01-01.\nLicence:' in out
