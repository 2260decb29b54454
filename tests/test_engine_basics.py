from pathlib import Path

import pytest

from summit_game import engine as E


def test_tutorial_full_path_reaches_shared_bridge(tutorial):
    s = E.start(tutorial, "east", seed=1)
    assert s.scene == "council"
    s, out = E.choose(tutorial, s, "listen")
    assert [(c.name, c.before, c.after) for c in out.changes] == [("trust", 2, 3)]
    s, out = E.choose(tutorial, s, "share")
    s, out = E.choose(tutorial, s, "accept")
    assert s.ending == "shared_bridge"
    assert out.result_cite[0].quote.startswith("An outsider")
    assert [st.choice for st in s.history] == ["listen", "share", "accept"]


def test_disabled_choice_shows_reason(tutorial):
    s = E.start(tutorial, "east", seed=1)
    s, _ = E.choose(tutorial, s, "history")  # trust 2 -> 1
    share = next(o for o in E.options(tutorial, s) if o.id == "share")
    assert not share.available
    assert share.reason == "Sharing needs at least some trust (3 or more)."
    with pytest.raises(E.EngineError, match="not available"):
        E.choose(tutorial, s, "share")


def test_role_limited_and_hidden_choices(tutorial):
    east = [o.id for o in E.options(tutorial, E.start(tutorial, "east"))]
    west = [o.id for o in E.options(tutorial, E.start(tutorial, "west"))]
    assert east == ["history", "listen"] and west == ["repairs", "listen"]
    quick = E.start(tutorial, "west", route="quick")
    assert quick.scene == "proposal"
    assert "skip" in [o.id for o in E.options(tutorial, quick)]
    assert "skip" not in [o.id for o in E.options(tutorial, E.choose(tutorial, E.start(tutorial, "west"), "listen")[0])]


def test_same_seed_same_game(tutorial):
    def run(seed):
        s = E.start(tutorial, "west", seed=seed, route="quick")
        return E.choose(tutorial, s, "wait")
    draws = {run(seed)[1].draw for seed in range(40)}
    assert draws == {0, 1}  # both outcomes occur over seeds
    for seed in range(10):
        assert run(seed)[0] == run(seed)[0]


def test_replay_reproduces_state(tutorial):
    s = E.start(tutorial, "east", seed=7)
    for cid in ["listen", "share", "decline"]:
        s, _ = E.choose(tutorial, s, cid)
    r = E.replay(tutorial, "east", 7, None, s.history)
    assert r.ok and r.state == s


def test_role_text_replaces_the_consequence_for_that_role(tutorial):
    _, east = E.choose(tutorial, E.start(tutorial, "east"), "listen")
    _, west = E.choose(tutorial, E.start(tutorial, "west"), "listen")
    assert east.text == "A pause, then a real answer. The room relaxes a little."
    assert west.text.startswith("You ask first, and the east bank answers")


def test_role_text_for_an_unknown_role_is_a_located_error(tmp_path):
    import shutil

    from summit_game.pack import PackError, load_pack

    from conftest import SCENES

    shutil.copytree(SCENES / "tutorial", tmp_path / "t")
    f = tmp_path / "t" / "scenes" / "meeting.yaml"
    text = f.read_text().replace("          west: You ask first", "          wset: You ask first")
    f.write_text(text)
    with pytest.raises(PackError) as exc:
        load_pack(tmp_path / "t")
    [d] = exc.value.diagnostics
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "wset:" in l)
    assert (d.code, d.line, d.column, d.message, d.hint) == ("SG023", line, 11, "unknown role 'wset'", "did you mean 'west'?")



def _steps_agree(pack, state, cid, draw, seen):
    """choose and advance from one state: the same next state, draw and auto-route scenes, or the same error."""
    try:
        want, outcome = E.choose(pack, state, cid, draw=draw)
    except E.EngineError as exc:
        with pytest.raises(E.EngineError) as got:
            E.advance(pack, state, cid, draw=draw)
        assert str(got.value) == str(exc)
        seen["error"] += 1
        return None
    got = E.advance(pack, state, cid, draw=draw)
    assert got == (want, outcome.draw, outcome.passed)
    assert (got.state, got.draw, got.passed) == (want, outcome.draw, outcome.passed)
    assert got.state.history == want.history and dict(got.state.values) == dict(want.values)
    seen["step"] += 1
    seen["drawn"] += outcome.draw is not None
    seen["passed"] += bool(outcome.passed)
    return want


@pytest.mark.parametrize("name,passes", [("tutorial", 0), ("anchorage", 100)])
def test_advance_and_shown_are_choose_and_options_without_the_objects(name, passes):
    """shown lists what options does, and advance is choose without the Outcome: from every state reached (breadth-first, up to 400 per
    role, route and seed), every choice of the scene (shown or not: disabled, another role's), choices of
    other scenes and none, with every forced chance outcome, one out of range and the seed's own draw,
    give the same next state, draw and auto-routed scenes, or the same error."""
    from collections import Counter, deque

    from summit_game.pack import load_pack

    pack = load_pack(Path(__file__).resolve().parent.parent / "scenes" / name)
    elsewhere = [c.id for s in pack.scenes.values() for c in s.choices[:1]][::7] + ["no_such_choice"]
    seen: Counter = Counter()
    for role in pack.roles:
        for route in list(pack.routes) or [None]:
            for seed in (0, 7):
                n, todo = 0, deque([E.start(pack, role, seed, route)])
                while todo and n < 400:
                    state = todo.popleft()
                    n += 1
                    if state.finished:
                        assert _steps_agree(pack, state, elsewhere[0], None, seen) is None  # the game has ended
                        continue
                    listed = E.options(pack, state)
                    assert [(c, ok) for c, ok in E.shown(pack, state)] == [
                        (pack.scenes[state.scene].choice(o.id), o.available) for o in listed]
                    assert [o.number for o in listed] == list(range(1, len(listed) + 1))
                    chance = {c.id: len(c.chance or ()) for c in pack.scenes[state.scene].choices}
                    for cid in [*chance, *elsewhere]:
                        for draw in [None, *range(chance.get(cid, 0)), 99]:
                            nxt = _steps_agree(pack, state, cid, draw, seen)
                            if nxt is not None and draw is None:
                                todo.append(nxt)
    assert seen["step"] > 100 and seen["error"] > 100 and seen["drawn"] > 10 and seen["passed"] >= passes, seen


def test_a_step_makes_its_state_as_its_init_does(tutorial):
    """The next state is made without State's __init__ (for speed): the same attributes, equality,
    repr and record behaviour as State(...) with the same fields; a field added to State must be set there too."""
    s = E.start(tutorial, "east", 3, "full")
    nxt = E.advance(tutorial, s, E.options(tutorial, s)[0].id).state
    assert E.State._fields == ("pack_id", "role", "route", "seed", "scene", "ending", "values", "history")
    made = E.State(**{f: getattr(nxt, f) for f in E.State._fields})
    assert vars(nxt) == vars(made) and list(vars(nxt)) == list(E.State._fields)
    assert nxt == made and repr(nxt) == repr(made)
    assert nxt.replace(seed=4) == made.replace(seed=4) and nxt.replace(seed=4) != made
    with pytest.raises(AttributeError, match="cannot assign to field 'scene'"):
        nxt.scene = "elsewhere"  # type: ignore[misc]
    assert (nxt.seed, nxt.route, nxt.history[-1].scene) == (3, "full", s.scene)
