"""The bounds a browser is held to, shared by the web front and the game process.

No Textual here: the front checks a message before it reaches a game, and the
game's own driver checks again (a game may be run by another front).
"""

from __future__ import annotations

# A terminal in a browser: a 4K screen at a small font is about 400 x 150 cells.
# A game drawn at 20,000 x 20,000 cells grew to 643 MB; these bounds keep it to a few.
MAX_COLUMNS = 400
MAX_ROWS = 200
DEFAULT_SIZE = (80, 24)
# One websocket message (a key, a paste, a resize): a paste longer than this is refused.
MAX_MESSAGE_BYTES = 64 * 1024


def checked_size(width: object, height: object) -> tuple[int, int] | None:
    """A terminal size clamped to 1..MAX, or None when either is not a whole number.

    ``True`` is not a number of columns, nor is ``80.5`` or ``"80"``.
    """
    if type(width) is not int or type(height) is not int:
        return None
    return min(max(width, 1), MAX_COLUMNS), min(max(height, 1), MAX_ROWS)


def size_from_query(width: str | None, height: str | None) -> tuple[int, int]:
    """The size a websocket URL asks for (``?width=..&height=..``), clamped; the default if unreadable."""
    try:
        w, h = int(width or ""), int(height or "")
    except ValueError:
        return DEFAULT_SIZE
    return checked_size(w, h) or DEFAULT_SIZE
