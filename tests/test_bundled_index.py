"""The title lists the bundled packs from summit_game/pack/bundled_index.py, without importing PyYAML
or json.

The index holds each bundled pack.yaml as the YAML reader reads it (scenes and endings left
out); this test keeps it current. A pack.yaml that no longer matches its entry is read from
the file, so a stale index costs time, never a wrong title.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from summit_game.pack import bundled
from summit_game.tui import catalog

ROOT = Path(__file__).resolve().parent.parent


def test_the_index_is_current():
    text = bundled.INDEX.read_text(encoding="utf-8")
    assert text == bundled.dumps_index(bundled.build_index()), (
        "summit_game/pack/bundled_index.py is out of date: run `python -m summit_game.pack.bundled`")
    from summit_game.pack.bundled_index import PACKS

    assert PACKS == bundled.build_index()


def fields(entry):
    return (entry.id, entry.title, entry.summary, getattr(entry, "as_of", ""), entry.references)


def test_the_index_lists_what_the_files_say(monkeypatch):
    from_index = [fields(catalog.peek(p)) for p in bundled.bundled_packs()]
    monkeypatch.setattr(bundled, "_index", {})  # no index: every pack.yaml read with the YAML reader
    from_files = [fields(catalog.peek(p)) for p in bundled.bundled_packs()]
    assert from_index == from_files
    assert from_index[0][0] == "anchorage"


def test_a_stale_entry_is_not_used(monkeypatch):
    folder = bundled.bundled_packs()[0]
    index = bundled.build_index()
    index[folder.name]["manifest"]["title"] = "An old title"
    index[folder.name]["crc32"] ^= 1  # the file changed since the index was written
    monkeypatch.setattr(bundled, "_index", index)
    assert catalog.peek(folder).title != "An old title"


def test_the_title_screen_is_listed_without_pyyaml_or_json():
    probe = ("import sys; from summit_game.tui.app import SummitApp; app = SummitApp();"
             "print(len(app.entries), 'yaml' in sys.modules, 'pydantic' in sys.modules, 'json' in sys.modules,"
             "      all(e.title and e.title != e.folder.name for e in app.entries))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.split() == [str(len(bundled.bundled_packs())), "False", "False", "False", "True"], (
        done.stdout + done.stderr)


def test_the_command_reaches_the_title_without_the_engine():
    """`summit-game` with no arguments starts the title having imported no engine, PyYAML, pydantic,
    nor the pack's quotation module (3.9 ms of the first frame, for one function the title used),
    nor argparse (with gettext and the parser, 4 ms)."""
    probe = ("import sys; import summit_game.tui.app as app\n"
             "def stop(**kw):\n"
             "    print(sorted(m for m in sys.modules if m.startswith(('summit_game.engine', 'yaml', 'pydantic',\n"
             "                                                       'summit_game.pack.citations', 'argparse',\n"
             "                                                       'gettext', 'summit_game.cli_parser'))))\n"
             "    return 0\n"
             "app.run_app = stop\n"
             "from summit_game.cli import main\n"
             "sys.exit(main([]))")
    env = {**__import__("os").environ, "TEXTUAL_DRIVER": "headless"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
