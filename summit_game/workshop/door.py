"""Who is at the door: the PIN, the limits on asking, and which phones are in the room now.

A ``Door`` is shared by the ``Lobby`` (the room before it has a game: the projector is at
the role choice) and the ``Room`` that follows it, so a phone that joined while the room
chose whom it plays is the same phone, with the same PIN, once the first decision opens.

Which phones are *in the room* (joined): those that asked (opened the page, polled it,
voted) within the last ``AWAY`` seconds (five minutes) on the room's clock; which are *on
the page now*: those that asked within ``PRESENT`` seconds. The phone page polls every
1.5 s (without JavaScript it reloads every 5 s), so a phone whose page is open is on the
page; a phone whose screen locked (its page stops polling) or that lost the network is in
the room still, not on the page, and on the page again as soon as it wakes; a phone
silent for five minutes has left. A phone that comes back (a reload, a new page with its
cookie) is the one token it was, counted once. A phone that lost its cookie (a private tab
closed) comes back as a new token: the old one is no longer on the page within
``PRESENT`` seconds, and no longer joined after ``AWAY``.

A facilitator reads "Joined 20 (14 on the page now)": with 15 s alone, a room whose phones
locked while it talked saw its count fall to a handful, as though people had left.

Pure Python, clock-injected (``time.monotonic`` in the app, a fake clock in tests), no
sleeping; call it from one thread.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ..pack.compiled import Pack

Clock = Callable[[], float]

PRESENT = 15.0  # seconds: a phone that asked within this long has the page open now
AWAY = 300.0  # seconds: a phone silent for longer has left the room (a locked screen for less has not)
_RECOUNT = 0.25  # seconds: how stale the count of present phones may be (the projector looks 4 times a second)


@dataclass(frozen=True)
class Limits:
    """How much one device (token) or one network address may ask, as token buckets.

    ``*_burst`` requests at once, then ``*_rate`` per second. Defaults suit a room of
    phones on their own addresses; all requests from one address share its bucket
    (a benchmark with hundreds of phones on 127.0.0.1 raises ``address_burst``).
    """

    token_burst: int = 10  # votes by one device
    token_rate: float = 1.0
    address_burst: int = 240  # joins and votes from one address
    address_rate: float = 20.0
    pin_burst: int = 10  # wrong PINs from one address (a 4-digit PIN takes hours to guess)
    pin_rate: float = 0.1
    max_devices: int = 5000  # tokens a room keeps


class _Buckets:
    """Token buckets by key, on the injected clock; old full buckets are forgotten."""

    def __init__(self, clock: Clock, burst: int, rate: float):
        self._clock, self._burst, self._rate = clock, float(burst), float(rate)
        self._b: dict[str, tuple[float, float]] = {}

    def empty(self, key: str) -> bool:
        """Has ``key`` nothing left to take now (without taking)?"""
        level, at = self._b.get(key, (self._burst, self._clock()))
        return min(self._burst, level + (self._clock() - at) * self._rate) < 1.0

    def take(self, key: str) -> bool:
        now = self._clock()
        level, at = self._b.get(key, (self._burst, now))
        level = min(self._burst, level + (now - at) * self._rate)
        if level < 1.0:
            self._b[key] = (level, now)
            return False
        self._b[key] = (level - 1.0, now)
        if len(self._b) > 20000:  # forget buckets that have refilled
            self._b = {k: v for k, v in self._b.items()
                       if min(self._burst, v[0] + (now - v[1]) * self._rate) < self._burst}
        return True


def new_pin() -> str:
    """A random 4-digit PIN (leading zeros allowed)."""
    return f"{secrets.randbelow(10000):04d}"


class Door:
    """The PIN, the flood limits and the phones present, for a lobby and then its room."""

    def __init__(self, clock: Clock, pin: str | None = None, limits: Limits | None = None,
                 present: float = PRESENT, away: float = AWAY):
        self.clock = clock
        self.pin = pin if pin is not None else new_pin()
        self.limits = limits or Limits()
        self.present = present
        self.away = max(away, present)
        self._seen: dict[str, float] = {}  # token -> when it last asked (the room's clock)
        # (when, how many in the room, how many on the page), or None: count again
        self._count: tuple[float, int, int] | None = None
        self.token_buckets = _Buckets(clock, self.limits.token_burst, self.limits.token_rate)
        self.address_buckets = _Buckets(clock, self.limits.address_burst, self.limits.address_rate)
        self.pin_buckets = _Buckets(clock, self.limits.pin_burst, self.limits.pin_rate)

    # ------------------------------------------------------------ asking

    def flooded(self, address: str | None) -> bool:
        """Count one request from ``address``; True when it is over its limit."""
        return address is not None and not self.address_buckets.take(address)

    def pin_refusal(self, pin: object, address: str | None, token: str | None = None) -> tuple[str, str] | None:
        """None for the right PIN, else (reason, message); wrong guesses are limited per address.

        Once an address has used up its wrong guesses, the right PIN is refused too, until the limit
        refills (it let the right PIN in at once, so a guesser past the limit went on guessing at the
        request rate and learnt which guess was right). A phone already in the room (``token`` known)
        still gets in with the right PIN: its polls never pay for another device's typing."""
        right = isinstance(pin, str) and hmac.compare_digest(pin.strip().encode(), self.pin.encode())
        flood = "flood", "Too many wrong PINs from this device; wait a minute and try again."
        if right:
            if address is not None and not (token and self.knows(token)) and self.pin_buckets.empty(address):
                return flood
            return None
        if address is not None and not self.pin_buckets.take(address):
            return flood
        return "pin", "Wrong PIN: check the PIN on the screen."

    # ------------------------------------------------------------ presence

    def knows(self, token: str) -> bool:
        return token in self._seen

    def is_present(self, token: str) -> bool:
        """Has this phone the page open now (it asked within ``present`` seconds)?"""
        at = self._seen.get(token)
        return at is not None and self.clock() - at <= self.present

    def is_in(self, token: str) -> bool:
        """Is this phone in the room (it asked within ``away`` seconds: a locked screen is still in)?"""
        at = self._seen.get(token)
        return at is not None and self.clock() - at <= self.away

    def full(self, token: str, keep: frozenset[str] | set[str] = frozenset()) -> bool:
        """Would seeing ``token`` go over ``limits.max_devices``? Forgets phones that left (not in ``keep``) first."""
        if token in self._seen or len(self._seen) < self.limits.max_devices:
            return False
        now = self.clock()
        self._seen = {t: at for t, at in self._seen.items() if now - at <= self.away or t in keep}
        return len(self._seen) >= self.limits.max_devices

    def see(self, token: str) -> bool:
        """The phone ``token`` asked just now; True when that brings it into the room (new, or back after
        ``away``). The count on the page is counted again either way (a phone that woke is on it again)."""
        back = not self.is_in(token)
        if not self.is_present(token):
            self._count = None
        self._seen[token] = self.clock()
        return back

    def _counted(self) -> tuple[float, int, int]:
        now = self.clock()
        if self._count is None or not 0 <= now - self._count[0] < _RECOUNT:
            away, present = now - self.away, now - self.present
            self._count = (now, sum(1 for at in self._seen.values() if at >= away),
                           sum(1 for at in self._seen.values() if at >= present))
        return self._count

    def count(self, voters: Any = ()) -> int:
        """How many phones are in the room now: asked within ``away``, or holding a vote in ``voters``."""
        return self._counted()[1] + sum(1 for t in voters if not self.is_in(t))

    def count_present(self) -> int:
        """How many phones have the page open now (asked within ``present`` seconds)."""
        return self._counted()[2]


# ---------------------------------------------------------------- before the game


class Lobby:
    """The room before it has a game (the projector is at the role choice): phones can join.

    The voting server serves it as it serves a ``Room`` (the same names, read the same way):
    ``phase`` is ``"waiting"``, there is no decision, and a vote is refused as not open yet.
    ``Room.new(..., door=lobby.door)`` then takes the phones in with the same PIN.
    """

    phase = "waiting"
    decision = None

    def __init__(self, pack: "Pack", door: Door):
        self.pack = pack
        self.door = door
        self.version = 0  # bumped when the count of waiting phones (or of those on the page) changes
        self._reported = (0, 0)

    @property
    def pin(self) -> str:
        return self.door.pin

    @property
    def joined(self) -> int:
        return self.door.count()

    @property
    def present(self) -> int:
        """Of those joined, the phones with the page open now (see the module's doc)."""
        return self.door.count_present()

    def tick(self) -> None:
        n = (self.door.count(), self.door.count_present())
        if n != self._reported:
            self._reported = n
            self.version += 1

    def admit(self, address: str | None):
        from .room import Accepted, _refuse

        return _refuse("flood") if self.door.flooded(address) else Accepted(False)

    def check_pin(self, pin: object, address: str | None = None):
        from .room import Accepted, Refused

        refused = self.door.pin_refusal(pin, address)
        return Accepted(False) if refused is None else Refused(*refused)

    def join(self, token: str, pin: str, address: str | None = None):
        from .room import Accepted, Refused, _refuse, _valid_token

        if self.door.flooded(address):
            return _refuse("flood")
        refused = self.door.pin_refusal(pin, address, token)
        if refused is not None:
            return Refused(*refused)
        if not _valid_token(token):
            return _refuse("bad_token")
        if self.door.full(token):
            return _refuse("full")
        back = self.door.see(token)
        if back:
            self.version += 1
        return Accepted(back)

    def vote(self, token: str, option_id: str, pin: str, decision: int | None = None, address: str | None = None):
        from .room import Refused

        joined = self.join(token, pin, address)
        if not joined:
            return joined
        return Refused("closed", "No vote is open yet: the game has not started. This page shows the vote "
                                 "when it opens.")

    def vote_of(self, token: str) -> None:
        return None

    def time_left(self) -> None:
        return None
