"""The room model: a whole room playing one game, by phones and by raised hands, on a timer.

Pure Python, no Textual, no web server, no sleeping: time comes from a ``clock``
you pass in (``time.monotonic`` in the app, a fake clock in tests). The room
drives the engine API exactly as the TUI does (``start``/``options``/``choose``),
so the projector, the phone page and the debrief all read one game.

Not thread-safe: call it from one thread (the asyncio loop the Textual app and
the voting server share).

Lifecycle of one decision (``room.phase``)::

    OPEN ──(timer expires / skip())──► majority? ──yes──► PLAYED ──next()──► OPEN (next decision)
      ▲                                   │ no (a tie)                  └──► ENDED (the game is over)
      │                                   ▼
      └── votes, hands, timer keys       TIE ──pick(option)──► PLAYED

Creating and reading::

    room = Room.new(pack, "east", route="quick", seconds=60, clock=time.monotonic,
                    record_path=folder / "workshop-....json")
    room.pin                 # "4821": required for every phone vote (never stored in the record)
    room.phase               # Phase.OPEN / TIE / PLAYED / ENDED (a str enum: "open", ...)
    room.decision            # Decision: number, scene, title, text, options (engine Options, some disabled)
    room.tally()             # Tally: per option phones + hands = total; joined, voted, leaders
    room.timer               # Timer: status ("idle" | "running" | "paused" | "done"), left(), seconds
    room.time_left()         # seconds left on the open vote (float), or None with no timer
    room.tied                # the tied option ids while phase is TIE, else ()
    room.last                # Played: what the last closed vote did (split, option, tie pick, chance, outcome)
    room.results             # every Played so far, in order (the debrief and the record read these)
    room.state, room.pack    # the engine's State and the Pack
    room.outcomes            # the engine Outcomes so far (for engine.debrief.build)
    room.joined, room.voted  # phones in the room (asked within door.away s, or voting); phones that voted
    room.present             # of those, the phones with the page open now (asked within door.present s)
    room.version             # bumped on every change (a cheap "redraw?" check for UIs and phones)

Acting (each returns ``Accepted`` or ``Refused``, never raises for a bad request)::

    room.admit(address)                            # count a request against the address's flood limit
    room.check_pin(pin, address=None)              # is it the PIN? (wrong guesses are limited per address)
    room.join(token, pin, address=None)            # a phone opened or polled the page (it is present)
    room.vote(token, option_id, pin, decision=None, address=None)   # a phone's vote (changeable)
    room.vote_of(token)                            # that phone's vote on the open decision, or None
    room.closed_vote_of(token)                     # its vote on the decision just closed (tie, played)
    room.add_hands(option_id, n=1)                 # +n raised hands (n may be negative; floors at 0)
    room.set_hands(option_id, count)               # the counted hands for one option
    room.start_timer() / pause_timer() / resume_timer() / extend(seconds) / skip()
    room.tick()                                    # call a few times a second: closes the vote on expiry
    room.pick(option_id)                           # the facilitator breaks a tie
    room.next()                                    # after the reveal: open the next decision (or end)

``Refused.reason`` is one of the ``REASONS`` codes below; ``Refused.message`` is words a
person can read. Hands and timer keys are the facilitator's and need no PIN.

Listening: ``unsubscribe = room.subscribe(callback)``; ``callback(event)`` is called
synchronously after every change with an ``Event(kind, room, detail)``:

    joined   {"joined": n}                           a phone came in (new, or back after going silent; counted once)
    left     {"joined": n}                           phones left (silent for door.away: five minutes)
    vote     {"option", "previous", "voted", "joined"}  a phone voted or changed its vote
    hands    {"option", "hands"}                     the hands for an option changed
    timer    {"status", "left"[, "extended"]}        started, paused, resumed or extended
    tie      {"tied", "closed_by"}                   the vote closed level: call pick()
    played   {"option", "tie_pick", "chance"}        the room's choice was played: see room.last
    saved    {"path", "error"}                       the record was written (or could not be)
    opened   {"number", "scene"}                     a new decision is open
    ended    {"ending"}                              the game is over

Refused requests emit nothing. Every event bumps ``room.version``. An exception in a
listener never breaks the room: it is kept in ``room.listener_errors``.

The record: after every played decision the room writes its record (``record.py``) to
``record_path`` atomically; ``room.save_error`` says why the last write failed, if it did.
``Room.resume(record_path_or_dict, pack, ...)`` rebuilds a room by replaying the recorded
decisions through the engine and reopens the decision that was open (with fresh votes:
votes are kept in memory only until their decision closes).
"""

from __future__ import annotations

import enum
import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from .. import engine as E
from .door import PRESENT, Door, Limits, new_pin  # noqa: F401  (Limits and new_pin: the package's names)

if TYPE_CHECKING:
    from ..pack.compiled import Pack

Clock = Callable[[], float]

# ---------------------------------------------------------------- values


class Phase(str, enum.Enum):
    OPEN = "open"  # votes and hands are taken for ``room.decision``
    TIE = "tie"  # the vote closed with the top options level: waiting for ``pick()``
    PLAYED = "played"  # the room's choice was played: ``room.last`` says what happened
    ENDED = "ended"  # the game is over (``room.state.ending`` is set)

    def __str__(self) -> str:  # "open", not "Phase.OPEN", in f-strings and JSON
        return self.value


REASONS = {
    "pin": "wrong PIN",
    "closed": "this vote is closed",
    "unknown_option": "no such option in this decision",
    "unavailable": "this option is not available",
    "flood": "too many requests; wait a moment",
    "full": "the room is full",
    "bad_count": "a count must be a whole number from 0 to 10000",
    "bad_seconds": "give a positive number of seconds",
    "no_timer": "this room has no timer",
    "not_tied": "there is no tie to break",
    "not_played": "the current vote has not been played yet",
    "bad_token": "this device has no valid token",
}

EVENT_KINDS = ("joined", "left", "vote", "hands", "timer", "tie", "played", "opened", "ended", "saved")


@dataclass(frozen=True)
class Refused:
    """A request that changed nothing. Falsy, so ``if room.vote(...):`` reads naturally."""

    reason: str  # one of REASONS
    message: str

    ok = False

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True)
class Accepted:
    """A request that was taken. ``changed`` is False when it repeated what was already so."""

    changed: bool = True
    option: str | None = None

    ok = True

    def __bool__(self) -> bool:
        return True


def _refuse(reason: str, message: str | None = None) -> Refused:
    return Refused(reason, message or REASONS[reason][0].upper() + REASONS[reason][1:] + ".")


@dataclass(frozen=True)
class Decision:
    """The decision the room is voting on (or has just voted on)."""

    number: int  # 1-based, like the TUI's "Decision N"; phones send it back with their vote
    scene: str  # the scene's stable id
    title: str
    text: str  # the scene text (pack text: untrusted, escape or use Text when showing it)
    options: tuple[E.Option, ...]  # as the engine shows them: some may be unavailable (with a reason)

    def option(self, option_id: str) -> E.Option | None:
        for o in self.options:
            if o.id == option_id:
                return o
        return None

    @property
    def votable(self) -> tuple[str, ...]:
        """The ids of the options a vote can go to (the available ones)."""
        return tuple(o.id for o in self.options if o.available)


@dataclass(frozen=True)
class Count:
    option: str
    phones: int
    hands: int

    @property
    def total(self) -> int:
        return self.phones + self.hands


@dataclass(frozen=True)
class Tally:
    """The split of the open (or last closed) decision, one ``Count`` per shown option."""

    counts: tuple[Count, ...]
    joined: int  # phones in the room (present, or holding a vote) as it was counted
    voted: int  # phones that voted on this decision

    def count(self, option_id: str) -> Count:
        for c in self.counts:
            if c.option == option_id:
                return c
        return Count(option_id, 0, 0)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.counts)

    @property
    def phones(self) -> int:
        return sum(c.phones for c in self.counts)

    @property
    def hands(self) -> int:
        return sum(c.hands for c in self.counts)

    def leaders(self, votable: tuple[str, ...] | None = None) -> tuple[str, ...]:
        """The option ids with the most votes (among ``votable`` when given), in shown order."""
        pool = [c for c in self.counts if votable is None or c.option in votable]
        if not pool:
            return ()
        top = max(c.total for c in pool)
        return tuple(c.option for c in pool if c.total == top)

    def share(self, option_id: str) -> float:
        """The option's fraction of all votes (0.0 when nobody voted)."""
        t = self.total
        return self.count(option_id).total / t if t else 0.0


@dataclass(frozen=True)
class Chance:
    """A chance outcome the engine drew: announce it as chance, not as the room's doing."""

    draw: int  # index of the outcome drawn (0-based, in the pack's order)
    weight: int  # its weight
    total: int  # the sum of the weights of all outcomes of that choice
    outcomes: int  # how many outcomes there were

    @property
    def share(self) -> float:
        """The drawn outcome's probability, for example 0.25 for weight 1 of 4."""
        return self.weight / self.total if self.total else 0.0


@dataclass(frozen=True)
class Played:
    """What one closed vote did: the split, the option played and why, and the engine's Outcome."""

    decision: Decision
    tally: Tally
    option: str  # the option played
    label: str
    tie_pick: bool  # True when the facilitator picked it from a tie
    tied: tuple[str, ...]  # the tied options (empty unless tie_pick)
    closed_by: str  # "timer" | "skip" | "resume" (rebuilt from a record)
    chance: Chance | None
    outcome: E.Outcome
    values: Mapping[str, Any]  # every variable after the decision (the meters and flags)


# ---------------------------------------------------------------- the timer


class Timer:
    """A deadline on the injected clock. Statuses: idle, running, paused, done.

    ``seconds`` is the length of a fresh vote; ``left()`` the seconds that remain
    (the full length before it starts, frozen while paused, 0 when done).
    """

    def __init__(self, clock: Clock, seconds: float | None):
        self._clock = clock
        self.seconds = seconds
        self.status = "idle"
        self._remaining = float(seconds or 0)
        self._deadline: float | None = None

    def reset(self) -> None:
        self.status = "idle"
        self._remaining = float(self.seconds or 0)
        self._deadline = None

    def left(self) -> float | None:
        if self.seconds is None:
            return None
        if self.status == "running":
            assert self._deadline is not None
            return max(0.0, self._deadline - self._clock())
        if self.status == "done":
            return 0.0
        return max(0.0, self._remaining)

    def expired(self) -> bool:
        return self.status == "running" and self._deadline is not None and self._clock() >= self._deadline

    def start(self) -> bool:
        if self.seconds is None or self.status in ("running", "done"):
            return False
        self._deadline = self._clock() + self._remaining
        self.status = "running"
        return True

    def pause(self) -> bool:
        if self.status != "running":
            return False
        self._remaining = self.left() or 0.0
        self._deadline = None
        self.status = "paused"
        return True

    def extend(self, seconds: float) -> None:
        if self.status == "running":
            assert self._deadline is not None
            self._deadline += seconds
        else:
            self._remaining += seconds

    def finish(self) -> None:
        self.status = "done"
        self._deadline = None
        self._remaining = 0.0

    @staticmethod
    def mmss(seconds: float | None) -> str:
        """'01:05' for 65 s (rounded up, so 0.2 s left still shows 00:01); '--:--' for no timer."""
        if seconds is None:
            return "--:--"
        s = max(0, math.ceil(seconds))
        return f"{s // 60:02d}:{s % 60:02d}"


# ---------------------------------------------------------------- events


@dataclass(frozen=True)
class Event:
    kind: str  # one of EVENT_KINDS
    room: "Room"
    detail: Mapping[str, Any] = field(default_factory=dict)


def new_token() -> str:
    """A random device token (what the phone's cookie holds): 128 bits, URL-safe."""
    return secrets.token_urlsafe(16)


def _valid_token(token: object) -> bool:
    return isinstance(token, str) and 8 <= len(token) <= 64 and token.isascii() and token.isprintable()


# ---------------------------------------------------------------- the room


class Room:
    """One game played by a room. Build it with ``Room.new`` or ``Room.resume``."""

    def __init__(
        self,
        pack: "Pack",
        state: E.State,
        *,
        seconds: float | None = 60,
        clock: Clock,
        pin: str | None = None,
        record_path: Path | str | None = None,
        autostart: bool = False,
        limits: Limits | None = None,
        wall: Callable[[], datetime] | None = None,
        started_at: str | None = None,
        door: Door | None = None,
    ):
        if seconds is not None and not seconds > 0:
            raise ValueError("seconds must be positive, or None for no timer")
        self.pack = pack
        self.state = state
        self.clock = clock
        # the PIN, the limits and the phones present (a lobby's, when phones joined before the game began)
        self.door = door if door is not None else Door(clock, pin, limits)
        self.record_path = Path(record_path) if record_path is not None else None
        self.autostart = autostart
        self._wall = wall or (lambda: datetime.now(timezone.utc))
        self.started_at = started_at or self._wall().isoformat(timespec="seconds")
        self.timer = Timer(clock, seconds)
        self.results: list[Played] = []
        self.outcomes: list[E.Outcome] = []
        self.phase = Phase.ENDED
        self.decision: Decision | None = None
        self.tied: tuple[str, ...] = ()
        self.closed_by: str | None = None
        self.version = 0
        self.save_error: str | None = None
        self.listener_errors: list[BaseException] = []
        self._listeners: list[Callable[[Event], None]] = []
        self._reported_joined = 0  # the phones joined when an event last said so
        self._reported_present = 0  # the phones on the page when the version last changed for it
        self._votes: dict[str, str] = {}  # token -> option, open decision only
        self._closed_votes: dict[str, str] = {}  # token -> option, the decision closed last (until the next opens)
        self._phones: dict[str, int] = {}  # option -> phones voting for it (kept in step with _votes)
        self._hands: dict[str, int] = {}
        self._closed_tally: Tally | None = None

    # ------------------------------------------------------------ creating

    @classmethod
    def new(cls, pack: "Pack", role: str, *, route: str | None = None, seed: int | None = None,
            **kwargs: Any) -> "Room":
        """A new room at the first decision (vote open, timer idle unless ``autostart``).

        Keyword arguments: ``seconds`` (per vote, default 60; None for no timer), ``clock``
        (required), ``pin`` (default random), ``record_path`` (default: no record written),
        ``autostart`` (start the timer whenever a decision opens), ``limits`` (``Limits``),
        ``wall`` (wall-clock ``datetime`` source for the record's timestamps), ``door`` (a ``Lobby``'s
        ``Door``: its PIN, limits and the phones that joined before the game began; ``pin`` and
        ``limits`` are then the door's).
        Raises ``engine.EngineError`` for an unknown role or route.
        """
        if seed is None:
            seed = secrets.randbelow(2**31 - 1) + 1
        room = cls(pack, E.start(pack, role, seed, route), **kwargs)
        room._open()
        return room

    @classmethod
    def resume(cls, record: "Path | str | Mapping[str, Any]", pack: "Pack", **kwargs: Any) -> "Room":
        """Rebuild a room from its record (a path or a loaded dict) by replaying it through the engine.

        The room continues at the decision that was open when the record was last
        written (votes on it start afresh) and keeps writing to ``record_path``
        (by default the file it was resumed from). A record that does not fit
        ``pack`` raises ``record.RecordError`` with a message for the facilitator.
        Same keyword arguments as ``new`` (``seconds`` defaults to the recorded one).
        """
        from . import record as R

        if isinstance(record, (str, Path)):
            kwargs.setdefault("record_path", Path(record))
            body = R.read(Path(record))
        else:
            body = R.check(dict(record))
        return R.rebuild(cls, body, pack, **kwargs)

    # ------------------------------------------------------------ reading

    @property
    def finished(self) -> bool:
        """The game has reached an ending (the phase may still be PLAYED, for the last reveal)."""
        return self.state.finished

    @property
    def role_title(self) -> str:
        """The title of the role the room plays (its id if the pack has no such role)."""
        role = self.pack.roles.get(self.state.role)
        return role.title if role else self.state.role

    @property
    def last(self) -> Played | None:
        return self.results[-1] if self.results else None

    @property
    def pin(self) -> str:
        return self.door.pin

    @property
    def limits(self) -> Limits:
        return self.door.limits

    @property
    def joined(self) -> int:
        """Phones in the room: those that asked within ``door.away`` seconds (five minutes: a phone whose
        screen locked while the room talked is still in), and those holding a vote on the open decision.
        A phone that comes back is counted once."""
        return self.door.count(self._votes)

    @property
    def present(self) -> int:
        """Of the phones joined, those with the page open now (asked within ``door.present`` seconds;
        the page polls every 1.5 s)."""
        return self.door.count_present()

    @property
    def voted(self) -> int:
        return len(self._votes)

    def is_joined(self, token: str) -> bool:
        """Is this phone in the room now (see ``joined``)?"""
        return self.door.is_in(token) or token in self._votes

    def vote_of(self, token: str) -> str | None:
        """The option this device voted for on the open decision (None if it has not, or after close)."""
        return self._votes.get(token) if self.phase == Phase.OPEN else None

    def closed_vote_of(self, token: str) -> str | None:
        """The option this device voted for on the decision that closed last, while its result is shown
        (tie and played; None once the next decision opens): a voter sees what they chose beside the
        room's choice. Kept in memory only, like the open votes."""
        return self._closed_votes.get(token) if self.phase in (Phase.TIE, Phase.PLAYED) else None

    def hands(self, option_id: str) -> int:
        return self._hands.get(option_id, 0)

    def time_left(self) -> float | None:
        """Seconds left on the open vote (0 once closed), or None when the room has no timer."""
        self.tick()
        if self.phase != Phase.OPEN:
            return None if self.timer.seconds is None else 0.0
        return self.timer.left()

    def tally(self) -> Tally:
        """The split of the open decision, or of the decision that closed last."""
        if self.phase != Phase.OPEN and self._closed_tally is not None:
            return self._closed_tally
        return self._count()

    def _count(self) -> Tally:
        if self.decision is None:
            return Tally((), self.joined, 0)
        phones = self._phones
        counts = tuple(Count(o.id, phones.get(o.id, 0), self._hands.get(o.id, 0)) for o in self.decision.options)
        return Tally(counts, self.joined, len(self._votes))

    # ------------------------------------------------------------ listening

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call ``callback(event)`` after every change; returns a function that unsubscribes."""
        self._listeners.append(callback)

        def unsubscribe() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)

        return unsubscribe

    def _emit(self, kind: str, **detail: Any) -> None:
        self.version += 1
        event = Event(kind, self, detail)
        for cb in list(self._listeners):
            try:
                cb(event)
            except Exception as exc:  # a broken screen must not break the vote
                self.listener_errors.append(exc)
                del self.listener_errors[:-20]

    # ------------------------------------------------------------ phones

    def _admit(self, address: str | None) -> Refused | None:
        return _refuse("flood") if self.door.flooded(address) else None

    def _check_pin(self, pin: object, address: str | None, token: str | None = None) -> Refused | None:
        refused = self.door.pin_refusal(pin, address, token)
        return None if refused is None else Refused(*refused)

    def _presence(self) -> None:
        """Say when phones have left (silent for ``door.away``): the projector's count goes down. A change
        in the phones on the page (screens locking and waking) is no event, only a new version to draw."""
        n = self.joined
        if n < self._reported_joined:
            self._reported_joined = n
            self._emit("left", joined=n)
        else:
            self._reported_joined = n
        present = self.present
        if present != self._reported_present:
            self._reported_present = present
            self.version += 1

    def admit(self, address: str | None) -> Accepted | Refused:
        """Count one request from ``address`` against its flood limit (for pages that ask nothing else)."""
        refused = self._admit(address)
        return Accepted(False) if refused is None else refused

    def check_pin(self, pin: object, address: str | None = None) -> Accepted | Refused:
        """Is ``pin`` this room's PIN? Wrong guesses count against the address's (tight) PIN limit."""
        refused = self._check_pin(pin, address)
        return Accepted(False) if refused is None else refused

    def join(self, token: str, pin: str, address: str | None = None) -> Accepted | Refused:
        """A device opened (or polled) the voting page with ``pin``: it is in the room, counted once.
        ``Accepted(True)`` when that brought it in (new, or back after going silent)."""
        refused = self._admit(address)
        if refused is None:
            refused = self._check_pin(pin, address, token)
        if refused is not None:
            return refused
        if not _valid_token(token):
            return _refuse("bad_token")
        if self.door.full(token, set(self._votes)):
            return _refuse("full")
        if not self.door.see(token) or token in self._votes:  # present already (a voter is counted)
            return Accepted(False)
        self._reported_joined, self._reported_present = self.joined, self.present
        self._emit("joined", joined=self._reported_joined)
        return Accepted(True)

    def vote(self, token: str, option_id: str, pin: str, decision: int | None = None,
             address: str | None = None) -> Accepted | Refused:
        """A phone's vote on the open decision; a second vote replaces the first.

        ``decision`` is the number the phone was shown: a vote sent for an earlier
        decision is refused as closed instead of landing on the next one.
        Joins the device if it had not joined yet.
        """
        refused = self._admit(address)
        if refused is None:
            refused = self._check_pin(pin, address, token)
        if refused is not None:
            return refused
        if not _valid_token(token):
            return _refuse("bad_token")
        self.tick()
        if self.phase != Phase.OPEN or self.decision is None or (decision is not None and decision != self.decision.number):
            return _refuse("closed", "This vote is closed." if self.phase != Phase.OPEN or self.decision is None
                           else "That vote is closed; a new decision is open.")
        refused = self._option_refusal(option_id)
        if refused is not None:
            return refused
        if not self.door.token_buckets.take(token):
            return _refuse("flood", "Too many votes from this device; wait a moment.")
        if self.door.full(token, set(self._votes)):
            return _refuse("full")
        self.door.see(token)
        before = self._votes.get(token)
        if before == option_id:
            return Accepted(False, option_id)
        self._votes[token] = option_id
        if before is not None:
            self._phones[before] -= 1
        self._phones[option_id] = self._phones.get(option_id, 0) + 1
        self._reported_joined, self._reported_present = self.joined, self.present
        self._emit("vote", option=option_id, previous=before, voted=self.voted, joined=self._reported_joined)
        return Accepted(True, option_id)

    def _option_refusal(self, option_id: object) -> Refused | None:
        assert self.decision is not None
        opt = self.decision.option(option_id) if isinstance(option_id, str) else None
        if opt is None:
            return _refuse("unknown_option")
        if not opt.available:
            return _refuse("unavailable", f"This option is not available: {opt.reason}")
        return None

    # ------------------------------------------------------------ hands

    def add_hands(self, option_id: str, n: int = 1) -> Accepted | Refused:
        """Add ``n`` raised hands to an option (negative to remove; never below 0)."""
        if isinstance(n, bool) or not isinstance(n, int):
            return _refuse("bad_count")
        return self.set_hands(option_id, max(0, min(10000, self.hands(option_id) + n)))

    def set_hands(self, option_id: str, count: int) -> Accepted | Refused:
        """Set the number of raised hands for an option (0 to 10000)."""
        self.tick()
        if self.phase != Phase.OPEN:
            return _refuse("closed")
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 10000:
            return _refuse("bad_count")
        refused = self._option_refusal(option_id)
        if refused is not None:
            return refused
        if self.hands(option_id) == count:
            return Accepted(False, option_id)
        self._hands[option_id] = count
        self._emit("hands", option=option_id, hands=count)
        return Accepted(True, option_id)

    # ------------------------------------------------------------ the timer

    def start_timer(self) -> Accepted | Refused:
        """Start the countdown (or resume it when paused)."""
        if self.timer.seconds is None:
            return _refuse("no_timer")
        self.tick()
        if self.phase != Phase.OPEN:
            return _refuse("closed")
        if not self.timer.start():
            return Accepted(False)
        self._emit("timer", status=self.timer.status, left=self.timer.left())
        return Accepted(True)

    resume_timer = start_timer

    def pause_timer(self) -> Accepted | Refused:
        self.tick()
        if self.phase != Phase.OPEN:
            return _refuse("closed")
        if not self.timer.pause():
            return Accepted(False)
        self._emit("timer", status=self.timer.status, left=self.timer.left())
        return Accepted(True)

    def extend(self, seconds: float) -> Accepted | Refused:
        """Give the open vote ``seconds`` more (running, paused or not yet started)."""
        if self.timer.seconds is None:
            return _refuse("no_timer")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds <= 3600:
            return _refuse("bad_seconds")
        self.tick()
        if self.phase != Phase.OPEN:
            return _refuse("closed")
        self.timer.extend(float(seconds))
        self._emit("timer", status=self.timer.status, left=self.timer.left(), extended=seconds)
        return Accepted(True)

    def skip(self) -> Accepted | Refused:
        """Close the vote now (whatever the timer says)."""
        self.tick()
        if self.phase != Phase.OPEN:
            return _refuse("closed")
        self._close("skip")
        return Accepted(True)

    def tick(self) -> None:
        """Close the vote if its deadline has passed. Cheap; call it a few times a second."""
        if self.phase == Phase.OPEN and self.timer.expired():
            self._close("timer")
        self._presence()

    # ------------------------------------------------------------ closing and playing

    def _close(self, by: str) -> None:
        assert self.decision is not None
        self.timer.finish()
        self.closed_by = by
        tally = self._count()
        self._closed_tally = tally
        self._closed_votes = self._votes
        self._votes = {}
        self._phones = {}
        leaders = tally.leaders(self.decision.votable)
        if len(leaders) == 1:
            self._play(leaders[0], tie_pick=False, tied=())
        else:
            # a tie (or a vote nobody took part in, when several options are open): the facilitator picks
            self.phase = Phase.TIE
            self.tied = leaders
            self._emit("tie", tied=leaders, closed_by=by)

    def pick(self, option_id: str) -> Accepted | Refused:
        """The facilitator's pick among the tied options (``room.tied``)."""
        if self.phase != Phase.TIE:
            return _refuse("not_tied")
        if option_id not in self.tied:
            return _refuse("unknown_option", "Pick one of the tied options.")
        tied = self.tied
        self.tied = ()
        self._play(option_id, tie_pick=True, tied=tied)
        return Accepted(True, option_id)

    def _play(self, option_id: str, *, tie_pick: bool, tied: tuple[str, ...]) -> None:
        decision = self.decision
        assert decision is not None and self._closed_tally is not None
        self.state, outcome = E.choose(self.pack, self.state, option_id)
        played = Played(
            decision=decision,
            tally=self._closed_tally,
            option=option_id,
            label=outcome.label,
            tie_pick=tie_pick,
            tied=tied,
            closed_by=self.closed_by or "skip",
            chance=chance_of(self.pack, decision.scene, option_id, outcome.draw),
            outcome=outcome,
            values=dict(self.state.values),
        )
        self.results.append(played)
        self.outcomes.append(outcome)
        self.phase = Phase.PLAYED
        self._emit("played", option=option_id, tie_pick=tie_pick, chance=played.chance)
        self.write_record()

    def next(self) -> Accepted | Refused:
        """After the reveal: open the next decision, or end the game (phase ENDED)."""
        if self.phase != Phase.PLAYED:
            return _refuse("not_played")
        self._open()
        return Accepted(True)

    def _open(self) -> None:
        self._votes = {}
        self._closed_votes = {}
        self._phones = {}
        self._hands = {}
        self._closed_tally = None
        self.tied = ()
        self.closed_by = None
        self.timer.reset()
        scene = E.current_scene(self.pack, self.state)
        if scene is None:
            self.decision = None
            self.phase = Phase.ENDED
            self._emit("ended", ending=self.state.ending)
            return
        opts = tuple(E.options(self.pack, self.state))
        self.decision = Decision(len(self.state.history) + 1, scene.id, scene.title,
                                 scene.text_for(self.state.role), opts)  # as the room's seat reads it
        self.phase = Phase.OPEN
        if self.autostart:
            self.timer.start()
        self._emit("opened", number=self.decision.number, scene=scene.id)

    # ------------------------------------------------------------ the record

    def write_record(self) -> Path | None:
        """Write the record now (the room does it after every played decision)."""
        if self.record_path is None:
            return None
        from . import record as R

        try:
            R.write(self.record_path, self)
        except OSError as exc:
            self.save_error = f"could not write the room's record to {self.record_path}: {exc.strerror or exc}"
            self._emit("saved", path=None, error=self.save_error)
            return None
        self.save_error = None
        self._emit("saved", path=self.record_path, error=None)
        return self.record_path

    def now_iso(self) -> str:
        return self._wall().isoformat(timespec="seconds")


def chance_of(pack: "Pack", scene_id: str, option_id: str, draw: int | None) -> Chance | None:
    """The Chance for ``draw`` of a choice, or None when the choice has no chance outcomes."""
    if draw is None:
        return None
    scene = pack.scenes.get(scene_id)
    choice = scene.choice(option_id) if scene else None
    if choice is None or not choice.chance or not 0 <= draw < len(choice.chance):
        return None
    weights = [o.weight for o in choice.chance]
    return Chance(draw, weights[draw], sum(weights), len(weights))
