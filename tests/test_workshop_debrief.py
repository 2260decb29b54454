"""The room's debrief (Markdown handout and JSON record), and compare reading rooms beside teams."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from summit_game.compare import run_compare
from summit_game.engine.record import SUFFIX, read_record
from summit_game.pack import load_pack
from summit_game.workshop import Phase, Room
from summit_game.workshop import debrief as D
from summit_game.workshop.compare import find_records, read_any

ROOT = Path(__file__).resolve().parent.parent
PIN = "1234"


class Clock:
    t = 100.0

    def __call__(self):
        return self.t


@pytest.fixture(scope="module")
def anchorage():
    return load_pack(ROOT / "scenes" / "anchorage")


def tok(i: int) -> str:
    return f"phone-token-{i:04d}"


def play_room(pack, folder, role="us_envoy", route="short", seed=3, votes=None):
    """Every decision: phones spread over the options, then two hands for the last; ties picked first."""
    room = Room.new(pack, role, route=route, seed=seed, clock=Clock(), pin=PIN,
                    record_path=Path(folder) / "workshop-test-20260101-090000.json")
    n = 0
    while room.phase != Phase.ENDED:
        opts = room.decision.votable
        plan = votes(n, opts) if votes else {opts[(i + n) % len(opts)]: 1 for i in range(1)}
        i = 0
        for option, count in plan.items():
            for _ in range(count):
                assert room.vote(tok(i), option, PIN)
                i += 1
        room.add_hands(opts[-1], 2)
        room.skip()
        if room.phase == Phase.TIE:
            room.pick(room.tied[0])
        room.next()
        n += 1
    return room


def spread(n, opts):
    return {o: (3 if k == 0 else 1) for k, o in enumerate(opts)}


def test_the_debrief_has_the_path_splits_arguments_not_taken_why_questions_and_sources(anchorage, tmp_path):
    room = play_room(anchorage, tmp_path, votes=spread)
    d = D.build(room)
    assert d.ending == room.state.ending and len(d.decisions) == len(room.results)
    md = D.to_markdown(d)
    ending = anchorage.endings[room.state.ending]
    assert md.startswith(f"# The room's debrief: {ending.title}")
    assert "**The room played:** US special envoy" in md and "**Route:** Icebreaker" in md
    first = room.results[0]
    taken = first.decision.option(first.option)
    assert f"**The room chose:** {taken.label}:" in md
    # the split of every option, phones and hands
    for o in first.decision.options:
        c = first.tally.count(o.id)
        assert f"{o.label}{' (played)' if o.id == first.option else ''}" in md
        assert f"| {c.phones} | {c.hands} | {c.total} |" in md
    # the article on an option the room did not take, quoted verbatim with its label
    other = next(o for o in first.decision.options if o.id != first.option and o.cite)
    q = other.cite[0]
    assert f'"{" ".join(q.quote.split())}" (The article — Gaskell & Gokay, ¶{q.paragraph})' in md
    assert "The article on the options the room did not take:" in md
    # why this ending came about, in words
    assert "## Why this ending (the game's model)" in md
    if ending.cond is not None:
        assert f"This ending comes when **{D.condition_words(ending.cond.source, {n: v.label for n, v in anchorage.variables.items()})}**" in md
    for question in ending.debrief:
        assert question in md
    assert "CC BY-NC 4.0" in md and "Callum Gaskell and Bulent Gokay" in md
    assert "Quotations are verbatim from the article; everything else" in md
    # a handout of one to two pages
    assert len(md) < 12_000 and len([ln for ln in md.splitlines() if ln.strip()]) < 130


def test_conditions_read_as_words_with_the_values_they_had(anchorage):
    labels = {n: v.label for n, v in anchorage.variables.items()}
    assert D.condition_words("escalation >= 8", labels) == "Escalation risk at least 8"
    assert (D.condition_words("un_mission and ceasefire >= 6", labels, {"un_mission": False, "ceasefire": 4})
            == "UN-led mission agreed (it was no) and Ceasefire prospects at least 6 (it was 4)")
    assert D.condition_words("not (a or b)", {}) == "not (a or b)"


def test_a_tie_and_a_chance_draw_are_said_as_such(anchorage, tmp_path):
    # a tie at every decision (one vote on each of the first two options), the facilitator picks the first
    def tie(n, opts):
        return {opts[0]: 1, opts[1]: 1}

    room = Room.new(anchorage, "us_envoy", route="short", seed=3, clock=Clock(), pin=PIN)
    assert room.vote(tok(1), "fight_on", PIN) and room.vote(tok(2), "cede", PIN)
    room.skip()
    assert room.phase == Phase.TIE
    room.pick("fight_on")  # fight_on has chance outcomes
    d = D.build(room)
    dec = d.decisions[0]
    assert dec.tie_pick and dec.chance is not None
    md = D.to_markdown(d)
    assert "A tie between Fight on, with more and faster Western weapons and Trade land" in md
    assert "the facilitator picked" in md
    assert f"Chance, not the room, decided what followed: outcome {dec.chance.outcome} of 3" in md
    assert "The room has not reached an ending yet." in md


def test_a_vote_nobody_took_part_in_is_said_as_no_votes_not_a_tie(anchorage, tmp_path):
    # a vote closed with no votes at all is level, and the facilitator picks: the debrief said "A tie
    # between" every option, and compare "a tie"
    room = Room.new(anchorage, "us_envoy", route="short", seed=3, clock=Clock(), pin=PIN,
                    record_path=tmp_path / "workshop-anchorage-20260101-100000.json")
    room.skip()
    assert room.phase == Phase.TIE
    room.pick("third_way")
    d = D.build(room)
    md = D.to_markdown(d)
    assert "No votes: the facilitator picked." in md and "A tie between" not in md
    assert D.pick_words(d.decisions[0]) == "no votes: the facilitator picked"
    out, err = io.StringIO(), io.StringIO()
    assert run_compare([str(tmp_path)], "markdown", out, err) == 0, err.getvalue()
    assert "no votes: the facilitator picked" in out.getvalue() and "a tie" not in out.getvalue()


def test_export_writes_markdown_and_a_record_compare_reads(anchorage, tmp_path):
    room = play_room(anchorage, tmp_path, votes=spread)
    w = D.export(tmp_path, room)
    assert w.markdown.name == "workshop-test-20260101-090000-debrief.md"
    assert w.record.name == "workshop-test-20260101-090000-debrief" + SUFFIX
    data = json.loads(w.record.read_text())
    assert data["format"] == "summit-game-record" and data["kind"] == "room"
    assert data["live_record"] == "workshop-test-20260101-090000.json"
    first = data["decisions"][0]
    assert [o["id"] for o in first["votes"]["options"]] == [o.id for o in room.results[0].decision.options]
    assert first["votes"]["options"][0]["phones"] == 3 and first["votes"]["options"][-1]["hands"] == 2
    assert first["not_taken"] and all(q["quote"] for o in first["not_taken"] for q in o["argued"])
    assert data["questions"] == list(anchorage.endings[room.state.ending].debrief)
    s = read_record(w.record)
    assert s.kind == "room" and s.decisions[0].votes is not None and s.name.startswith("Room of ")
    # a folder holds the live record and the debrief record of the same room: it is shown once
    assert find_records(tmp_path) == [w.record]


def test_a_live_record_of_an_unfinished_room_is_compared_too(anchorage, tmp_path):
    room = Room.new(anchorage, "us_envoy", route="short", seed=3, clock=Clock(), pin=PIN,
                    record_path=tmp_path / "workshop-anchorage-20260101-100000.json")
    room.vote(tok(1), "cede", PIN)
    room.set_hands("third_way", 3)
    room.skip()
    s = read_any(room.record_path)
    assert s.kind == "room" and s.ending is None and len(s.decisions) == 1
    d = s.decisions[0]
    assert d.choice == "third_way" and {t.choice: (t.phones, t.hands) for t in d.votes}["cede"] == (1, 0)
    assert any(m.label == "Ceasefire prospects" for m in s.meters)  # labels from the bundled pack
    out, err = io.StringIO(), io.StringIO()
    assert run_compare([str(tmp_path)], "markdown", out, err) == 0, err.getvalue()
    text = out.getvalue()
    assert "| Played as | a room |" in text and "(not finished)" in text
    assert "3 of 4 votes (1:0 2:1 3:3)" in text


def test_a_damaged_live_record_is_a_message(tmp_path, anchorage):
    room = Room.new(anchorage, "us_envoy", route="short", seed=3, clock=Clock(), pin=PIN,
                    record_path=tmp_path / "workshop-a-20260101-100000.json")
    room.skip()
    room.pick(room.tied[0]) if room.phase == Phase.TIE else None
    data = json.loads(room.record_path.read_text())
    data["seed"] = 99  # the checksum no longer matches
    room.record_path.write_text(json.dumps(data))
    out, err = io.StringIO(), io.StringIO()
    assert run_compare([str(room.record_path)], "table", out, err) == 1
    assert f"{room.record_path}: damaged: its checksum does not match" in err.getvalue()


def test_a_room_reads_its_seats_own_text_and_ending_and_others_words_stay_theirs(anchorage, tmp_path):
    """Issue 8 in the workshop: the projector's scene and the debrief's ending are the text the room's seat
    reads (role_text, and the ending's variant for the state it ends in), the debrief carries the pack's
    date line, and words the article quotes from others are said to be reported, not argued."""
    from summit_game import engine as E

    def later(plan):  # twelve decisions of votes from the same phones: a minute between decisions
        Clock.t += 60
        return plan

    def pick(n, opts):  # the first decision goes to Starmer's warning where the seat has it
        return later({("verify" if "verify" in opts else opts[0]): 3})

    for role in ("kremlin_negotiator", "ukraine_negotiator", "european_adviser"):
        room = Room.new(anchorage, role, route=None, seed=3, clock=Clock(), pin=PIN,
                        record_path=tmp_path / f"workshop-{role}-20260101-090000.json")
        table = anchorage.scenes["table"]
        assert room.decision.text == table.text_for(role)
        if role in table.role_text:
            assert room.decision.text != table.text
    start = Clock.t
    try:
        room = play_room(anchorage, tmp_path, role="european_adviser", route=None, seed=3, votes=pick)
        other = play_room(anchorage, tmp_path, role="european_adviser", route=None, seed=3,
                          votes=lambda n, opts: later({opts[0] if n else "incentives": 3}))
    finally:
        Clock.t = start
    d = D.build(room)
    assert d.ending_text == E.ending_text(anchorage, room.state)
    md = D.to_markdown(d)
    assert f"*{anchorage.as_of}*" in md
    assert "Keir Starmer, as quoted in the article (Gaskell & Gokay, ¶1)" not in md  # verify was taken
    md = D.to_markdown(D.build(other))
    starmer = md.index("Keir Starmer, as quoted in the article (Gaskell & Gokay, ¶1)")
    assert md.rfind("Reported in the article (others' words, not the article's argument):", 0, starmer) > \
        md.rfind("- **", 0, starmer)
    assert [c.reported for o in D.build(other).decisions[0].options for c in o.argued if "Starmer" in c.label] == [True]


def test_a_chance_is_said_in_lowest_terms_on_the_projector_and_in_the_debrief():
    """Weights 2 of 4 read 'a 1 in 2 chance' (a facilitator read '2 in 4' to the room); odds already in
    lowest terms stay as they are."""
    from summit_game.tui.workshop.reveal import chance_words

    assert D.ChanceNote(2, 3, 2, 4).words() == (
        "Chance, not the room, decided what followed: outcome 2 of 3, which had a 1 in 2 chance (the pack's weights).")
    assert "a 3 in 10 chance" in D.ChanceNote(1, 2, 3, 10).words()

    class Drawn:  # what the projector's reveal reads of a chance draw
        chance = type("C", (), {"draw": 0, "outcomes": 2, "weight": 6, "total": 9})()

    assert chance_words(Drawn()) == (
        "Chance, not the room, decided what followed: outcome 1 of 2, which had a 2 in 3 chance (the pack's weights).")


def test_the_keys_of_a_tie_are_listed_as_a_sentence_lists_them():
    from summit_game.tui.workshop.vote import _either

    assert [_either(k) for k in (["1"], ["1", "2"], ["1", "2", "4"])] == ["1", "1 or 2", "1, 2 or 4"]


def test_a_rooms_debrief_the_disk_has_no_room_for_leaves_no_empty_file(anchorage, tmp_path, monkeypatch):
    room = play_room(anchorage, tmp_path / "live", votes=spread)
    room.record_path = None  # a room without a live record: its debrief claims a name by the time

    def full(path, *a, **k):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(D, "atomic_write", full)
    with pytest.raises(OSError):
        D.export(tmp_path / "out", room)
    assert list((tmp_path / "out").iterdir()) == []
