"""The room model alone: no Textual, no web server, no sleeping (a fake clock)."""

from __future__ import annotations

import json

import pytest

from summit_game import engine as E
from summit_game.workshop import Limits, Phase, Room
from summit_game.workshop import record as R

PIN = "1234"
A, B, C, D, E5 = (f"phone-token-{c}" for c in "abcde")


class FakeClock:
    def __init__(self, t: float = 1000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, s: float) -> None:
        self.t += s


@pytest.fixture
def clock():
    return FakeClock()


def new_room(pack, clock, **kw):
    kw.setdefault("seconds", 60)
    kw.setdefault("pin", PIN)
    return Room.new(pack, kw.pop("role", "east"), seed=kw.pop("seed", 7), clock=clock, **kw)


# ------------------------------------------------------------ the open decision


def test_a_new_room_opens_the_first_decision_as_the_engine_shows_it(tutorial, clock):
    room = new_room(tutorial, clock)
    assert room.phase == Phase.OPEN
    d = room.decision
    assert (d.number, d.scene, d.title) == (1, "council", "The spring council")
    engine_view = E.options(tutorial, E.start(tutorial, "east", 7))
    assert [o.id for o in d.options] == [o.id for o in engine_view] == ["history", "listen"]
    assert d.votable == ("history", "listen")
    assert room.time_left() == 60 and room.timer.status == "idle"
    assert room.tally().total == 0 and room.joined == 0 and room.voted == 0


def test_votes_are_counted_and_a_changed_vote_replaces_the_old(tutorial, clock):
    room = new_room(tutorial, clock)
    assert room.vote(A, "listen", PIN).ok
    assert room.vote(B, "listen", PIN).ok
    assert room.vote(C, "history", PIN).ok
    t = room.tally()
    assert (t.count("listen").phones, t.count("history").phones, t.voted, t.joined) == (2, 1, 3, 3)
    changed = room.vote(A, "history", PIN)
    assert changed.ok and changed.changed
    again = room.vote(A, "history", PIN)
    assert again.ok and not again.changed
    t = room.tally()
    assert (t.count("listen").phones, t.count("history").phones, t.voted) == (1, 2, 3)
    assert room.vote_of(A) == "history" and room.vote_of(D) is None


def test_refusals_are_values_with_a_reason_and_change_nothing(tutorial, clock):
    room = new_room(tutorial, clock)
    room.vote(A, "listen", PIN)
    before = (room.tally(), room.version)
    cases = {
        "pin": room.vote(B, "listen", "9999"),
        "unknown_option": room.vote(B, "repairs", PIN),  # the west bank's option, hidden for east
        "bad_token": room.vote("x", "listen", PIN),
    }
    for reason, result in cases.items():
        assert not result and result.reason == reason and result.message
    assert (room.tally(), room.version) == before
    assert room.join(B, "0000").reason == "pin" and room.joined == 1


def test_an_unavailable_option_is_shown_but_cannot_be_voted_for(tutorial, clock):
    room = new_room(tutorial, clock, route="quick")  # straight to the proposal; east starts with trust 2
    share = room.decision.option("share")
    assert share is not None and not share.available
    refused = room.vote(A, "share", PIN)
    assert refused.reason == "unavailable" and "trust" in refused.message.lower()
    assert room.set_hands("share", 3).reason == "unavailable"


def test_late_joiners_vote_on_the_open_decision(tutorial, clock):
    room = new_room(tutorial, clock)
    room.vote(A, "listen", PIN)
    room.start_timer()
    clock.advance(50)
    assert room.join(B, PIN).ok and room.joined == 2 and room.voted == 1
    assert room.vote(B, "history", PIN).ok
    assert room.vote(C, "history", PIN).ok  # joins by voting
    assert (room.joined, room.voted) == (3, 3)


def test_hands_and_phones_combine(tutorial, clock):
    room = new_room(tutorial, clock)
    room.vote(A, "history", PIN)
    room.vote(B, "history", PIN)
    assert room.add_hands("listen").ok
    assert room.add_hands("listen", 2).ok
    assert room.tally().count("listen").total == 3
    assert room.add_hands("listen", -5).ok and room.hands("listen") == 0  # never below zero
    assert room.set_hands("listen", 4).ok
    assert room.set_hands("listen", -1).reason == "bad_count"
    assert room.set_hands("listen", True).reason == "bad_count"
    t = room.tally()
    assert (t.count("listen").hands, t.count("history").phones, t.phones, t.hands, t.total) == (4, 2, 2, 4, 6)
    room.skip()
    assert room.last.option == "listen" and room.last.tally.count("listen").hands == 4


# ------------------------------------------------------------ the timer


def test_the_timer_is_a_deadline_on_the_clock(tutorial, clock):
    room = new_room(tutorial, clock)
    clock.advance(100)  # not started: nothing runs down
    assert room.time_left() == 60 and room.phase == Phase.OPEN
    assert room.start_timer().ok and room.timer.status == "running"
    clock.advance(20)
    assert room.time_left() == 40
    assert room.pause_timer().ok
    clock.advance(500)  # paused: frozen
    assert room.time_left() == 40 and room.phase == Phase.OPEN
    assert room.resume_timer().ok
    clock.advance(10)
    assert room.time_left() == 30
    assert room.extend(15).ok and room.time_left() == 45
    assert room.extend(-3).reason == "bad_seconds"
    room.vote(A, "listen", PIN)
    clock.advance(44.5)
    room.tick()
    assert room.phase == Phase.OPEN and room.timer.mmss(room.time_left()) == "00:01"
    clock.advance(0.5)
    room.tick()  # expiry closes the vote, and the majority plays
    assert room.phase == Phase.PLAYED and room.last.closed_by == "timer" and room.last.option == "listen"
    assert room.time_left() == 0
    late = room.vote(B, "history", PIN)
    assert late.reason == "closed"
    assert room.start_timer().reason == "closed" and room.extend(10).reason == "closed"


def test_expiry_is_seen_even_without_a_tick(tutorial, clock):
    room = new_room(tutorial, clock, seconds=5)
    room.vote(A, "history", PIN)
    room.start_timer()
    clock.advance(5)
    assert room.vote(B, "listen", PIN).reason == "closed"  # the deadline has passed: closed, not counted
    assert room.last.option == "history" and room.last.tally.total == 1


def test_extend_before_the_start_and_while_paused(tutorial, clock):
    room = new_room(tutorial, clock, seconds=30)
    room.extend(30)
    assert room.time_left() == 60
    room.start_timer()
    clock.advance(10)
    room.pause_timer()
    room.extend(5)
    assert room.time_left() == 55


def test_skip_closes_now(tutorial, clock):
    room = new_room(tutorial, clock)
    room.vote(A, "history", PIN)
    assert room.skip().ok
    assert room.phase == Phase.PLAYED and room.last.closed_by == "skip"
    assert room.skip().reason == "closed"


def test_autostart_starts_each_new_decision(tutorial, clock):
    room = new_room(tutorial, clock, autostart=True, seconds=10)
    assert room.timer.status == "running"
    room.vote(A, "listen", PIN)
    clock.advance(10)
    room.tick()
    room.next()
    assert room.phase == Phase.OPEN and room.timer.status == "running" and room.time_left() == 10


def test_no_timer_room(tutorial, clock):
    room = new_room(tutorial, clock, seconds=None)
    assert room.time_left() is None and room.timer.mmss(None) == "--:--"
    assert room.start_timer().reason == "no_timer"
    room.vote(A, "listen", PIN)
    clock.advance(10_000)
    room.tick()
    assert room.phase == Phase.OPEN
    room.skip()
    assert room.last.option == "listen"


# ------------------------------------------------------------ majority, ties, playing


def test_the_majority_plays_through_the_engine(tutorial, clock):
    room = new_room(tutorial, clock)
    for tok in (A, B):
        room.vote(tok, "listen", PIN)
    room.vote(C, "history", PIN)
    room.skip()
    played = room.last
    expected_state, expected = E.choose(tutorial, E.start(tutorial, "east", 7), "listen")
    assert played.option == "listen" and not played.tie_pick and played.tied == ()
    assert played.outcome == expected and room.state == expected_state
    assert dict(played.values) == dict(expected_state.values)
    assert room.tally().count("listen").phones == 2  # the closed split stays readable for the reveal
    assert room.vote_of(A) is None
    assert room.next().ok
    assert room.phase == Phase.OPEN and room.decision.number == 2 and room.decision.scene == "proposal"
    assert room.tally().total == 0 and room.joined == 3  # votes start afresh; the devices stay joined
    assert room.next().reason == "not_played"


def test_a_tie_asks_the_facilitator(tutorial, clock):
    room = new_room(tutorial, clock)
    room.vote(A, "listen", PIN)
    room.add_hands("history")
    room.skip()
    assert room.phase == Phase.TIE and room.tied == ("history", "listen")
    assert room.state.history == ()  # nothing played yet
    assert room.vote(B, "listen", PIN).reason == "closed"
    assert room.add_hands("listen").reason == "closed"
    assert room.next().reason == "not_played"
    assert room.pick("nonsense").reason == "unknown_option"
    assert room.pick("history").ok
    assert room.phase == Phase.PLAYED and room.last.tie_pick and room.last.tied == ("history", "listen")
    assert room.last.option == "history"
    assert room.pick("history").reason == "not_tied"


def test_a_phone_keeps_seeing_its_vote_until_the_next_decision_opens(tutorial, clock):
    # once closed, vote_of is None (nothing can change it): the phone still shows what it chose
    room = new_room(tutorial, clock)
    room.vote(A, "listen", PIN)
    room.vote(B, "history", PIN)
    assert room.closed_vote_of(A) is None  # open: its vote is vote_of's
    room.skip()
    assert room.phase == Phase.TIE
    assert (room.closed_vote_of(A), room.closed_vote_of(B), room.closed_vote_of(C)) == ("listen", "history", None)
    assert room.pick("history").ok
    assert room.closed_vote_of(A) == "listen" and room.vote_of(A) is None
    assert room.next().ok
    assert room.closed_vote_of(A) is None and room.vote_of(A) is None  # a new decision: a fresh vote


def test_nobody_voting_is_a_tie_of_every_open_option(tutorial, clock):
    room = new_room(tutorial, clock, seconds=5)
    room.start_timer()
    clock.advance(6)
    room.tick()
    assert room.phase == Phase.TIE and room.tied == ("history", "listen") and room.tally().total == 0


def test_chance_is_reported_as_chance(tutorial, clock):
    draws = set()
    for seed in range(1, 30):
        room = new_room(tutorial, clock, route="quick", seed=seed)
        room.vote(A, "wait", PIN)
        room.skip()
        ch = room.last.chance
        assert ch is not None and ch.outcomes == 2 and ch.total == 4
        assert ch.weight == (3, 1)[ch.draw] and ch.share == ch.weight / 4
        assert room.last.outcome.draw == ch.draw
        draws.add(ch.draw)
        assert room.finished and room.phase == Phase.PLAYED
        room.next()
        assert room.phase == Phase.ENDED and room.decision is None
    assert draws == {0, 1}
    room = new_room(tutorial, clock, route="quick")
    room.vote(A, "build", PIN)
    room.skip()
    assert room.last.chance is None


def test_listeners_see_each_vote_as_it_arrives(tutorial, clock):
    room = new_room(tutorial, clock)
    seen = []
    unsubscribe = room.subscribe(lambda ev: seen.append((ev.kind, dict(ev.detail))))
    room.subscribe(lambda ev: 1 / 0)  # a broken listener never breaks the vote
    room.join(A, PIN)
    room.vote(A, "listen", PIN)
    room.vote(A, "history", PIN)
    room.vote(A, "history", "bad")  # refused: no event
    room.add_hands("listen", 1)
    room.start_timer()
    room.skip()
    kinds = [k for k, _ in seen]
    assert kinds == ["joined", "vote", "vote", "hands", "timer", "tie"]
    assert seen[2][1]["option"] == "history" and seen[2][1]["previous"] == "listen"
    room.pick("listen")
    assert [k for k, _ in seen][-1] == "played"
    assert room.listener_errors and isinstance(room.listener_errors[0], ZeroDivisionError)
    unsubscribe()
    room.next()
    assert seen[-1][0] == "played"


def test_floods_are_refused_per_device_and_per_address(tutorial, clock):
    room = new_room(tutorial, clock, limits=Limits(token_burst=3, token_rate=1, address_burst=5, address_rate=1,
                                                   pin_burst=2, pin_rate=0.1))
    results = [room.vote(A, ("listen", "history")[i % 2], PIN) for i in range(5)]
    assert [r.ok for r in results] == [True, True, True, False, False]
    assert results[3].reason == "flood" and room.vote_of(A) == "listen"
    clock.advance(1)
    assert room.vote(A, "history", PIN).ok  # the bucket refills
    for i in range(5):
        room.vote(f"addr-token-{i}", "listen", PIN, address="10.0.0.9")
    assert room.vote("addr-token-x", "listen", PIN, address="10.0.0.9").reason == "flood"
    assert room.vote("addr-token-y", "listen", PIN, address="10.0.0.10").ok  # another device is fine
    # wrong PINs are limited much more tightly than requests
    assert room.join(B, "1", address="10.0.0.11").reason == "pin"
    assert room.join(B, "2", address="10.0.0.11").reason == "pin"
    guessed = room.join(B, PIN[::-1], address="10.0.0.11")
    assert guessed.reason == "flood" and "PIN" in guessed.message


def test_past_its_wrong_pin_limit_an_address_is_not_told_when_a_guess_is_right(tutorial, clock):
    # The right PIN got in at once after the limit, so a guesser went on at the request rate (20 a second,
    # all 10,000 PINs in minutes) and learnt which guess was right; the limit only slowed the wrong ones.
    room = new_room(tutorial, clock, limits=Limits(pin_burst=2, pin_rate=0.1))
    assert room.join(A, PIN, address="10.0.0.11").ok  # a phone in the room at that address already
    assert [room.join(B, pin, address="10.0.0.11").reason for pin in ("1", "2", "3")] == ["pin", "pin", "flood"]
    assert room.join(B, PIN, address="10.0.0.11").reason == "flood"
    assert room.vote(B, "listen", PIN, address="10.0.0.11").reason == "flood"
    assert room.joined == 1
    assert room.join(A, PIN, address="10.0.0.11").ok and room.vote(A, "listen", PIN, address="10.0.0.11").ok
    assert room.join("other-device-token-1", PIN, address="10.0.0.12").ok  # another address is fine
    clock.advance(10)  # one more try has come back: the right PIN gets in
    assert room.join(B, PIN, address="10.0.0.11").ok


# ------------------------------------------------------------ the record


def play_two(tutorial, clock, path):
    room = new_room(tutorial, clock, record_path=path)
    room.vote(A, "listen", PIN)
    room.vote(B, "listen", PIN)
    room.add_hands("history", 1)
    room.skip()
    room.next()
    return room


def test_the_record_is_written_after_each_decision(tutorial, clock, tmp_path):
    path = tmp_path / "workshop.json"
    room = new_room(tutorial, clock, record_path=path)
    room.vote(A, "listen", PIN)
    assert not path.exists()  # written per decision, not per vote
    room.add_hands("history")
    room.add_hands("listen", 3)
    room.skip()
    body = json.loads(path.read_text())
    assert body["format"] == "summit-game-workshop-record" and body["schema"] == 1
    assert body["pack"] == {"id": "tutorial", "version": tutorial.version, "title": tutorial.title,
                            "hash": tutorial.content_hash}
    assert (body["role"], body["route"], body["seed"], body["seconds"]) == ("east", None, 7, 60)
    [d] = body["decisions"]
    assert d["scene"] == "council" and d["played"] == "listen" and d["tie_pick"] is False
    assert d["split"] == {"history": {"phones": 0, "hands": 1}, "listen": {"phones": 1, "hands": 3}}
    assert [o["id"] for o in d["options"]] == ["history", "listen"]
    assert d["after"] == dict(room.state.values) and d["after"]["trust"] == 3
    assert d["chance"] is None and d["closed_by"] == "skip"
    text = path.read_text()
    assert PIN not in text and A not in text  # no PIN, no device tokens
    room.next()
    room.vote(A, "wait", PIN)
    room.skip()
    body = json.loads(path.read_text())
    assert len(body["decisions"]) == 2 and body["decisions"][1]["chance"]["total"] == 4
    assert body["finished"] is True and body["ending"]["id"] in tutorial.endings
    assert path.with_name(path.name + ".bak").exists()
    assert R.read(path)["decisions"][1]["played"] == "wait"


def test_a_resumed_room_is_at_the_same_decision_with_the_same_record(tutorial, clock, tmp_path):
    path = tmp_path / "workshop.json"
    room = play_two(tutorial, clock, path)
    room.vote(A, "wait", PIN)  # an open vote is not in the record: it starts afresh
    before = R.read(path)
    resumed = Room.resume(path, tutorial, clock=clock, pin="5555")
    assert resumed.phase == Phase.OPEN and resumed.decision == room.decision
    assert resumed.state == room.state and resumed.pin == "5555"
    assert resumed.tally().total == 0 and resumed.timer.seconds == 60
    again = R.to_dict(resumed)
    again.pop("checksum")
    for body in (before, again):
        body.pop("saved_at")
    assert again == before
    assert [p.outcome for p in resumed.results] == [p.outcome for p in room.results]
    assert resumed.results[0].tally == room.results[0].tally
    # it goes on writing the same file
    resumed.vote(C, "build", "5555")
    resumed.skip()
    assert len(R.read(path)["decisions"]) == 2


def test_resume_keeps_the_recorded_chance_draw(tutorial, clock, tmp_path):
    path = tmp_path / "w.json"
    room = new_room(tutorial, clock, route="quick", record_path=path, seed=11)
    room.vote(A, "wait", PIN)
    room.skip()
    draw = room.last.chance.draw
    resumed = Room.resume(path, tutorial, clock=clock)
    assert resumed.phase == Phase.ENDED and resumed.last.chance.draw == draw
    assert resumed.state == room.state


def test_a_damaged_record_says_so_and_falls_back_to_its_backup(tutorial, clock, tmp_path):
    path = tmp_path / "w.json"
    room = play_two(tutorial, clock, path)
    room.vote(A, "build", PIN)
    room.skip()  # second write: the first is now the .bak
    path.write_text(path.read_text().replace('"listen"', '"history"', 1))
    body = R.read(path)  # the checksum fails, the backup is read
    assert len(body["decisions"]) == 1
    path.with_name(path.name + ".bak").unlink()
    with pytest.raises(R.RecordError, match="checksum"):
        R.read(path)
    path.write_text("{not json")
    with pytest.raises(R.RecordError, match="not readable"):
        R.read(path)
    with pytest.raises(R.RecordError, match="no such file"):
        R.read(tmp_path / "missing.json")


def test_a_record_from_another_pack_or_an_edited_one_is_a_clear_error(tutorial, clock, tmp_path):
    from summit_game.pack import load_pack

    path = tmp_path / "w.json"
    play_two(tutorial, clock, path)
    anchorage = load_pack(tutorial.root.parent / "anchorage")
    with pytest.raises(R.RecordError, match="of the pack 'tutorial', not 'anchorage'"):
        Room.resume(path, anchorage, clock=clock)
    body = R.read(path)
    body["decisions"][0]["played"] = "repairs"  # as if the pack had lost 'listen' for this role
    body["checksum"] = R._checksum(body)
    with pytest.raises(R.RecordError, match="decision 1 of 1"):
        Room.resume(body, tutorial, clock=clock)


def test_a_failed_record_write_is_reported_and_the_game_goes_on(tutorial, clock, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    room = new_room(tutorial, clock, record_path=blocker / "w.json")
    events = []
    room.subscribe(lambda ev: events.append(ev.kind))
    room.vote(A, "listen", PIN)
    room.skip()
    assert room.phase == Phase.PLAYED and room.save_error and "could not write" in room.save_error
    assert events[-1] == "saved"


def test_default_path_and_latest(tutorial, clock, tmp_path):
    from datetime import datetime

    when = datetime(2026, 5, 1, 9, 30)
    first = R.default_path(tmp_path, "tutorial", when)
    assert first.name == "workshop-tutorial-20260501-093000.json"
    play_two(tutorial, clock, first)
    second = R.default_path(tmp_path, "tutorial", when)
    assert second != first and not second.exists()
    assert R.latest(tmp_path) == first and R.latest(tmp_path, "anchorage") is None


def test_running_counts_match_a_recount(tutorial):
    from collections import Counter

    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.lists(st.tuples(st.integers(0, 7), st.sampled_from(["history", "listen", "repairs"])), max_size=60))
    def check(moves):
        room = new_room(tutorial, FakeClock(), limits=Limits(token_burst=1000))
        last: dict[str, str] = {}
        for phone, option in moves:
            if room.vote(f"phone-token-{phone}", option, PIN).ok:
                last[phone] = option
        want = Counter(last.values())
        t = room.tally()
        assert {c.option: c.phones for c in t.counts} == {o: want.get(o, 0) for o in ("history", "listen")}
        assert t.voted == len(last)

    check()


# ------------------------------------------------------------ who is in the room now


def test_joined_counts_the_phones_in_the_room_and_a_phone_that_comes_back_once(tutorial, clock):
    # A room of 6 showed "7 joined" after one phone dropped and came back: every token ever seen was
    # counted. A phone is in the room while it asks (the page polls every 1.5 s), and for AWAY seconds after;
    # on the page now for PRESENT seconds.
    from summit_game.workshop.door import AWAY, PRESENT

    room = new_room(tutorial, clock)
    seen = []
    room.subscribe(lambda ev: seen.append((ev.kind, ev.detail.get("joined"))))
    phones = [f"phone-token-{i}" for i in range(6)]
    for tok in phones:
        assert room.join(tok, PIN).ok
    assert (room.joined, room.present) == (6, 6)
    assert not room.join(phones[0], PIN).changed and room.joined == 6  # a reload: the same cookie
    # one phone loses its cookie (a private tab closed) and comes back as a new token
    assert room.join("phone-token-new", PIN).changed and room.joined == 7

    def poll(seconds: float) -> None:  # the six open pages poll; the old token is silent
        for _ in range(int(seconds // 1.5) + 2):
            clock.advance(1.5)
            for tok in [*phones[1:], "phone-token-new"]:
                room.join(tok, PIN)
            room.tick()

    poll(PRESENT)
    assert (room.joined, room.present) == (7, 6)  # not on the page, not yet gone: it may be a locked screen
    poll(AWAY)
    assert (room.joined, room.present) == (6, 6) and not room.is_joined(phones[0])
    assert seen[-1] == ("left", 6)
    assert room.join(phones[0], PIN).changed and room.joined == 7  # back after it had left: counted once
    assert seen[-1] == ("joined", 7)


def test_phones_whose_screens_lock_stay_joined_and_the_room_sees_how_many_look(tutorial, clock):
    # With a 15 s window, the phones of a room talking over a decision locked one by one and the
    # facilitator saw "Joined" fall from 6 to 2, as though four people had left.
    from summit_game.workshop.door import PRESENT

    room = new_room(tutorial, clock)
    kinds = []
    room.subscribe(lambda ev: kinds.append(ev.kind))
    phones = [f"phone-token-{i}" for i in range(6)]
    for tok in phones:
        room.join(tok, PIN)
    room.vote(phones[0], "listen", PIN)
    kinds.clear()
    version = room.version
    for _ in range(int(120 // 1.5)):  # two minutes of talk: four screens locked (their pages stop polling)
        clock.advance(1.5)
        for tok in phones[:2]:
            room.join(tok, PIN)
        room.tick()
    assert (room.joined, room.present, room.voted) == (6, 2, 1)
    assert kinds == [] and room.version > version  # no one left; the projector has a new count to draw
    for tok in phones[2:]:  # they wake: on the page again, counted once
        assert not room.join(tok, PIN).changed
    room.tick()
    assert (room.joined, room.present) == (6, 6) and kinds == []
    clock.advance(PRESENT + 1)
    assert room.tally().joined == 6  # the count a closed vote keeps, for the record: every phone in the room


def test_a_phone_holding_a_vote_is_counted_while_silent_and_not_after_the_close(tutorial, clock):
    from summit_game.workshop.door import AWAY

    room = new_room(tutorial, clock)
    room.vote(A, "listen", PIN)
    room.join(B, PIN)
    clock.advance(AWAY + 60)
    room.join(B, PIN)
    assert (room.joined, room.voted, room.present) == (2, 1, 1)  # A's vote stands, so A is counted
    room.skip()
    assert room.tally().joined == 2  # the count as the vote closed, kept for the reveal and the record
    room.tick()
    assert room.joined == 1
