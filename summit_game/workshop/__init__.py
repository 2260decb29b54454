"""Workshop mode: a room plays one game, voting by phone or by hands, on a timer.

- ``door``: the PIN, the flood limits and the phones present; the ``Lobby`` before the game begins.
- ``room``: the room model (votes, hands, timer, majority and ties, listeners). Pure Python.
- ``record``: the room's record, written after every decision; ``Room.resume`` reads it back.
- ``server``: the phones' voting page (aiohttp), run inside the caller's asyncio loop.
- ``qr``: the join URL as a QR code drawn with half blocks, for the projector.

Nothing here imports Textual; the projector screens live in ``summit_game.tui``.
"""

from .door import Door, Lobby
from .record import RecordError
from .room import (
    Accepted, Chance, Count, Decision, Event, Limits, Phase, Played, Refused, Room, Tally, Timer,
    new_pin, new_token,
)

__all__ = [
    "Accepted", "Chance", "Count", "Decision", "Door", "Event", "Lobby", "Limits", "Phase", "Played", "RecordError",
    "Refused", "Room", "Tally", "Timer", "new_pin", "new_token",
]
