"""The join URL as a QR code drawn in text, for a phone camera to read off the projector.

``segno`` makes the matrix; this module draws it with half blocks, two modules
per character cell (top and bottom), with the standard quiet zone of four
modules on every side::

    lines = qr_lines(server.join_url)     # a list of equal-length strings of "█▀▄ "

In the drawing a block is a **dark** module and a space a light one, so show the
lines dark on light: for example Rich/Textual style ``"black on white"`` on every
line (the quiet zone included; it is part of the code). A screen that cannot set
colours and shows light text on dark can pass ``invert=True`` (blocks become the
light modules) so the code still reads dark-on-light.

Size: a join URL of about 30 characters is a version 3 code (29 modules), so 37
columns by 19 rows with the quiet zone, which fits an 80x24 terminal.
"""

from __future__ import annotations

import segno

FULL, UPPER, LOWER, EMPTY = "█", "▀", "▄", " "
QUIET = 4  # modules of quiet zone (ISO/IEC 18004)


def matrix(data: str, border: int = QUIET) -> list[list[bool]]:
    """The QR matrix of ``data`` with ``border`` light modules around it (True = dark)."""
    code = segno.make(data, error="m", micro=False)
    return [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=border)]


def draw(mat: list[list[bool]], invert: bool = False) -> list[str]:
    """Draw a module matrix with half blocks: row pairs become one text line."""
    mat = list(mat)
    if len(mat) % 2:  # an odd height: the last line's lower half is one more row of quiet zone
        mat.append([False] * len(mat[0]))
    rows = [[m != invert for m in row] for row in mat]
    glyph = {(True, True): FULL, (True, False): UPPER, (False, True): LOWER, (False, False): EMPTY}
    return ["".join(glyph[(top, bottom)] for top, bottom in zip(rows[i], rows[i + 1]))
            for i in range(0, len(rows), 2)]


def qr_lines(data: str, invert: bool = False) -> list[str]:
    """The QR code of ``data`` (a join URL) as text lines, quiet zone included; see the module doc."""
    return draw(matrix(data), invert=invert)
