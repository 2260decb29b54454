"""Properties of every bundled pack: random playthroughs end, never soft-lock, and replay exactly."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summit_game import engine as E
from summit_game.engine import saves
from summit_game.pack import load_pack
from summit_game.pack.bundled import bundled_packs

from summit_game.pack import PackError


def _load_all():
    packs, broken = {}, {}
    for folder in bundled_packs():
        try:
            packs[folder.name] = load_pack(folder)
        except PackError as exc:
            broken[folder.name] = str(exc)
    return packs, broken


PACKS, BROKEN = _load_all()
MAX_STEPS = 200


def _setups():
    for name, pack in PACKS.items():
        for role in pack.roles:
            for route in [None, *pack.routes]:
                yield name, role, route


SETUPS = list(_setups())


@pytest.mark.parametrize("name", sorted(PACKS))
@given(data=st.data())
@settings(max_examples=150)
def test_random_playthrough_ends_and_replays(name, data, tmp_path_factory):
    pack = PACKS[name]
    role = data.draw(st.sampled_from(sorted(pack.roles)))
    route = data.draw(st.sampled_from([None, *sorted(pack.routes)]))
    seed = data.draw(st.integers(0, 2**31))
    state = E.start(pack, role, seed, route)
    outcomes = []
    for _ in range(MAX_STEPS):
        if state.finished:
            break
        available = [o for o in E.options(pack, state) if o.available]
        assert available, f"soft-lock in scene {state.scene} with {dict(state.values)}"
        pick = data.draw(st.sampled_from(available))
        state, outcome = E.choose(pack, state, pick.id)
        outcomes.append(outcome)
        for name_, value in state.values.items():
            info = pack.variables[name_]
            if info.kind == "meter":
                assert info.min <= value <= info.max
    assert state.finished, "no ending within 200 decisions"
    assert state.ending in pack.endings
    again = E.replay(pack, role, seed, route, state.history)
    assert again.ok and again.state == state and list(again.outcomes) == outcomes
    folder = tmp_path_factory.mktemp("p")
    saves.save_game(folder, "x", pack, state)
    loaded = saves.load_game(folder, "x", pack)
    assert loaded.state == state and loaded.problem is None


@pytest.mark.parametrize("name,role,route", SETUPS)
def test_every_start_offers_an_available_choice(name, role, route):
    pack = PACKS[name]
    state = E.start(pack, role, 0, route)
    assert not state.finished
    assert any(o.available for o in E.options(pack, state))


def test_every_bundled_pack_loads_and_checks_clean():
    from summit_game.engine.analysis import analyse

    assert not BROKEN
    assert "anchorage" in PACKS and "tutorial" in PACKS
    for name, pack in PACKS.items():
        assert [d.format_text() for d in analyse(pack)] == [], name
