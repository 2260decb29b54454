"""Issue 11, item 2: no byte sequence or browser message stops a served game's input.

Textual 8.2's own parser raises on these (and its input thread then ends, leaving a
game that never quits); the guarded parser and driver must not, and must go on
reading keys after them.
"""

import json

import pytest
from textual import events
from textual._xterm_parser import XTermParser

from summit_game.serve.limits import MAX_COLUMNS, MAX_ROWS, checked_size, size_from_query
from summit_game.tui.served import GuardedParser, GuardedWebDriver, extended_key_in_range

HOSTILE = [
    "\x1b[999999999999A",  # issue 11: OverflowError in Textual's parser
    "\x1b[1114112u",  # issue 11: ValueError (chr out of range)
    "\x1b[97;1;99999999u",  # the text field of a kitty key
    "\x1b[97;99999999999999u",  # modifiers no keyboard has
    "\x1b[55296u",  # a lone surrogate (cannot be written to a save)
    "\x1b[97:1114112;2u",  # an alternate key code
    "\x1b[" + "9" * 5000 + "u",  # more digits than int() reads
    "\x1b[<0;99999999999;5M",  # a mouse report beyond any screen
    "\x1b[48;20000;20000;1;1t",  # an in-band resize to 20,000 x 20,000
    "\x1b[48;0;0;0;0t\x1b[<0;5;5M",  # a zero size, then a mouse report divided by it
]


def test_textual_itself_still_crashes_on_them():
    """If Textual fixes its parser, this guard can go; until then it is needed."""
    for seq in HOSTILE[:2]:
        with pytest.raises((OverflowError, ValueError)):
            list(XTermParser().feed(seq))


@pytest.mark.parametrize("seq", HOSTILE)
def test_guarded_parser_survives_and_keeps_reading(seq):
    p = GuardedParser()
    tokens = list(p.feed(seq)) + list(p.tick())
    assert not any(isinstance(t, events.Resize) for t in tokens)
    for t in tokens:
        if isinstance(t, events.MouseEvent):
            assert abs(t.x) < 10_000 and abs(t.y) < 10_000
        if isinstance(t, events.Key):
            assert not any(0xD800 <= ord(c) <= 0xDFFF for c in (t.key + (t.character or "")))
    keys = [t.key for t in list(p.feed("ab")) + list(p.tick()) if isinstance(t, events.Key)]
    assert keys[-2:] == ["a", "b"]


def test_ordinary_keys_are_untouched():
    p = GuardedParser()
    got = [t.key for t in list(p.feed("x\r\x1b[A\x1b[97;5u")) + list(p.tick()) if isinstance(t, events.Key)]
    assert got == ["x", "enter", "up", "ctrl+a"]


def test_extended_key_ranges():
    assert extended_key_in_range("\x1b[97;5u")
    assert extended_key_in_range("\x1b[1114111u")
    assert not extended_key_in_range("\x1b[1114112u")
    assert not extended_key_in_range("\x1b[57344;999u")
    assert extended_key_in_range("not a key sequence")


def test_sizes_are_clamped_and_non_integers_refused():
    assert checked_size(20000, 20000) == (MAX_COLUMNS, MAX_ROWS)
    assert checked_size(0, -5) == (1, 1)
    assert checked_size(100, 32) == (100, 32)
    for bad in ("80", 80.5, None, True, [80]):
        assert checked_size(bad, 24) is None and checked_size(80, bad) is None
    assert size_from_query("20000", "9" * 5000) == (80, 24)  # too many digits: the default
    assert size_from_query("120", "40") == (120, 40)
    assert size_from_query("x", "40") == (80, 24)


class _App:
    def __init__(self):
        self.posted = []

    def post_message(self, message):
        self.posted.append(message)

    async def _post_message(self, message):
        self.posted.append(message)


def _packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


async def test_driver_resize_messages_are_bounded(monkeypatch):
    import os
    import sys

    r, w = os.pipe()
    monkeypatch.setattr(sys, "__stdin__", os.fdopen(r, "rb"))
    os.close(w)
    monkeypatch.setenv("COLUMNS", "999999")
    monkeypatch.setenv("ROWS", "nope")
    app = _App()
    driver = GuardedWebDriver(app)
    assert driver._size == (MAX_COLUMNS, 24)
    driver._on_meta("M", json.dumps({"type": "resize", "width": 20000, "height": 20000}).encode())
    driver._on_meta("M", json.dumps({"type": "resize", "width": "wide", "height": 3}).encode())
    driver._on_meta("M", b"{not json")
    driver._on_meta("M", json.dumps({"type": 5}).encode())
    driver._on_meta("M", json.dumps({"type": "resize"}).encode())
    sizes = [m.size for m in app.posted if isinstance(m, events.Resize)]
    assert [tuple(s) for s in sizes] == [(MAX_COLUMNS, MAX_ROWS)]


async def test_driver_input_thread_survives_hostile_keys_and_ends_the_game_with_its_input(monkeypatch, tmp_path):
    """The whole input loop, over a real pipe: hostile keys, a bad packet, keys after; at EOF the game quits."""
    import os
    import sys

    from textual import messages

    r, w = os.pipe()
    data = b"".join(_packet(b"D", s.encode("utf-8", "surrogatepass")) for s in HOSTILE)
    data += _packet(b"D", b"\xff\xfe bad utf-8 ") + _packet(b"M", b"[]") + _packet(b"D", b"q")
    os.write(w, data)
    os.close(w)
    stdin = os.fdopen(r, "rb")
    monkeypatch.setattr(sys, "__stdin__", stdin)
    app = _App()
    driver = GuardedWebDriver(app)
    import asyncio

    await asyncio.to_thread(driver.run_input_thread)  # returns at the end of its input
    await asyncio.sleep(0.2)
    keys = [m.key for m in app.posted if isinstance(m, events.Key)]
    assert keys[-1] == "q"
    assert any(isinstance(m, messages.ExitApp) for m in app.posted)  # input over: the game ends, it does not linger
    stdin.close()
