"""The join QR code, as drawn in text, decodes to the join URL.

The bitmap is rebuilt from the drawn characters (not from segno's matrix), so the
test proves the drawing: the half blocks, their polarity and the quiet zone.
"""

from __future__ import annotations

import pytest

from summit_game.workshop.qr import FULL, LOWER, UPPER, qr_lines

zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is in the test extra: pip install -e '.[test]'")

URLS = [
    "http://127.0.0.1:8123/?pin=0042",
    "http://192.168.178.104:49152/?pin=9981",
    "http://[fe80::1c2b:3dff:fe4a:5b6c]:8100/?pin=1234",
]


def bitmap(lines: list[str], scale: int = 4, dark_char_is_dark: bool = True) -> memoryview:
    """Grayscale pixels from the drawing: each character is two modules, top and bottom."""
    modules: list[list[bool]] = []
    for line in lines:
        top = [ch in (FULL, UPPER) for ch in line]
        bottom = [ch in (FULL, LOWER) for ch in line]
        modules += [top, bottom]
    if not dark_char_is_dark:
        modules = [[not m for m in row] for row in modules]
    width = len(modules[0]) * scale
    px = bytearray()
    for row in modules:
        line = bytearray()
        for m in row:
            line += bytes([0 if m else 255]) * scale
        px += bytes(line) * scale
    return memoryview(px).cast("B", (len(modules) * scale, width))


@pytest.mark.parametrize("url", URLS)
def test_the_drawn_code_decodes_to_the_join_url(url):
    lines = qr_lines(url)
    assert len({len(line) for line in lines}) == 1
    assert set("".join(lines)) <= {FULL, UPPER, LOWER, " "}
    found = zxingcpp.read_barcode(bitmap(lines), formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False)
    assert found is not None and found.text == url


def test_quiet_zone_of_four_modules_and_dark_on_light():
    lines = qr_lines(URLS[0])
    assert lines[0].strip() == "" and lines[1].strip() == ""  # 4 rows of quiet zone = 2 lines
    assert lines[-1].strip() == "" and lines[-2].strip() == ""
    width = len(lines[0])
    for line in lines:
        assert line[:4] == "    " and line[-4:] == "    "
    # the finder pattern's dark outer ring starts right after the quiet zone, top-left
    assert lines[2][4] == FULL and lines[2][3] == " "
    assert (width - 2 * 4 - 21) % 4 == 0  # a QR symbol is 21 + 4k modules wide
    assert len(lines) <= 24 and width <= 80  # fits a small terminal


def test_inverted_drawing_for_light_on_dark_screens():
    lines = qr_lines(URLS[0], invert=True)
    assert lines[0] == FULL * len(lines[0])  # the quiet zone is now drawn
    # a light-on-dark screen shows the blocks light: the code still reads dark modules on light
    found = zxingcpp.read_barcode(bitmap(lines, dark_char_is_dark=False), try_invert=False)
    assert found is not None and found.text == URLS[0]
