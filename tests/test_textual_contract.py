"""What the game needs of Textual, named, so that a Textual upgrade that takes one away fails here by name.

The game's dependency is ``textual>=8.2.8,<8.3`` (pyproject.toml); the tests run on 8.2.8. The floor was
``>=8.2`` until the suite was run against older releases (2026-12-04): on 8.2.0 the game crashed on the
first resize (``update_classes`` came in 8.2.4); 8.2.4 has no ``ansi-dark`` theme, which the help screen
offers; on 8.2.5-8.2.7 a served tab stopped reading keys after a hostile kitty key sequence
(tests/test_serve_input.py: 3 failures on 8.2.5 and 8.2.6, 1 on 8.2.7). The ceiling is the next minor
release, because the game reaches into a few of Textual's private parts (each with its reason where it is
used): a new minor release is tested before it is allowed.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

import pytest
import textual

ROOT = Path(__file__).resolve().parent.parent

#: (module, attribute path): the private and the newer public names the game uses, and where
USED = [
    ("textual.dom", "DOMNode.update_classes"),  # screens/base.py: a screen's size classes (8.2.4 and later)
    ("textual.app", "App._parse_action"),  # tui/guards.py: which key binding a key press runs
    ("textual.screen", "Screen._compositor_refresh"),  # screens/base.py (ReadFirst), screens/play.py
    ("textual.widgets._option_list", "OptionList._index_to_line"),  # screens/play.py: the highlight in view
    ("textual.widgets._option_list", "OptionList._heights"),
    ("textual._xterm_parser", "_re_extended_key"),  # tui/served.py: a served tab's keys
    ("textual._xterm_parser", "XTermParser"),
    ("textual.drivers._byte_stream", "ByteStream"),
    ("textual.drivers.web_driver", "_ExitInput"),
    ("textual._context", "active_app"),  # screens/base.py
    ("textual.widget", "_RenderCache"),  # tui/replaced.py: a replaced screen's lines let go
    ("textual", "_time"),  # screens/base.py: when a screen was drawn, on the clock of events' own time
    # tui/driver.py: the terminal's input thread, as Textual 8.2's but decoding with replacement
    ("textual.drivers.linux_driver", "LinuxDriver._run_input_thread"),
    ("textual.drivers.linux_driver", "LinuxDriver.run_input_thread"),
    ("textual.drivers.linux_driver", "LinuxDriver.process_message"),
    ("textual._loop", "loop_last"),
    ("textual._parser", "ParseError"),
]


def _floor_and_ceiling() -> tuple[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    [spec] = [d for d in deps if re.match(r"textual\b", d)]
    floor = re.search(r">=\s*([\d.]+)", spec)
    ceiling = re.search(r"<\s*([\d.]+)", spec)
    assert floor and ceiling, f"pyproject.toml's textual dependency has no floor or no ceiling: {spec!r}"
    return floor.group(1), ceiling.group(1)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", text)[:3])


def test_the_installed_textual_is_one_the_game_allows():
    floor, ceiling = _floor_and_ceiling()
    assert _version(floor) <= _version(textual.__version__) < _version(ceiling), (
        f"Textual {textual.__version__} is outside pyproject.toml's >={floor},<{ceiling}")


def test_the_floor_has_the_themes_the_help_offers():
    from textual.theme import BUILTIN_THEMES

    assert _version(_floor_and_ceiling()[0]) >= (8, 2, 8)  # the suite's release (ansi-dark came in 8.2.5)
    for name in ("ansi-dark", "ansi-light", "textual-light"):
        assert name in BUILTIN_THEMES, name


@pytest.mark.parametrize("module,name", USED, ids=[f"{m}:{n}" for m, n in USED])
def test_textual_still_has_what_the_game_uses(module, name):
    value = importlib.import_module(module)
    for part in name.split("."):
        assert hasattr(value, part), f"Textual {textual.__version__}: {module}.{name} is gone; the game uses it"
        value = getattr(value, part)
