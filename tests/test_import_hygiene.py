"""Layers point one way: pack, engine and workshop never import Textual (the TUI is the only place that does).
Nor does serve's web front (its games import Textual in their own processes).

Each module of ``summit_game.pack``, ``summit_game.engine``, ``summit_game.workshop`` and ``summit_game.serve`` is imported in a
fresh interpreter, so nothing another test imported can hide a stray import.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import summit_game.engine
import summit_game.pack
import summit_game.serve
import summit_game.workshop

ROOT = Path(__file__).resolve().parent.parent


def modules(package) -> list[str]:
    found = [package.__name__]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        found.append(info.name)
    return sorted(found)


LAYERS = (modules(summit_game.pack) + modules(summit_game.engine) + modules(summit_game.workshop)
          + modules(summit_game.serve))

PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich", "summit_game"))))
"""


def test_the_layers_are_found():
    assert "summit_game.pack.loader" in LAYERS and "summit_game.engine.core" in LAYERS
    assert "summit_game.engine.analysis" in LAYERS
    assert "summit_game.workshop.room" in LAYERS and "summit_game.workshop.record" in LAYERS


@pytest.mark.parametrize("module", LAYERS)
def test_module_does_not_import_textual(module):
    done = subprocess.run([sys.executable, "-c", PROBE, module], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert not [m for m in loaded if m == "textual" or m.startswith("textual.")], loaded
    assert not [m for m in loaded if m.startswith("summit_game.tui")], loaded


def test_all_of_pack_and_engine_together_do_not_import_textual():
    code = "import sys\n" + "".join(f"import {m}\n" for m in LAYERS) + "print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_check_command_does_not_import_textual_or_dataclasses():
    """`summit-game check` runs in CI containers and editors' save hooks: it must not pay for (or need) the
    TUI, nor for what costs start-up time and the check does without."""
    code = (
        "import sys\nfrom summit_game.cli import main\n"
        "rc = main(['check', 'scenes/tutorial', '--format', 'json'])\n"
        "print(sorted({'textual', 'pydantic', 'dataclasses', 'inspect'} & set(sys.modules)), file=sys.stderr)\n"
        "sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    # nor pydantic (the loader's shape check is its own), nor dataclasses and the inspect it imports: a
    # dataclass execs its generated methods at import, a fifth of the process for the records check defines
    assert done.stderr.strip().splitlines()[-1] == "[]"
