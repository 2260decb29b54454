"""SG111: conditions that can never be true (or are always true) within the variables' declared bounds."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_pack_errors import S, make_pack

from summit_game.cli import main
from summit_game.pack import load_pack
from summit_game.pack.bounds import constant_parts
from summit_game.pack.compiled import VarInfo
from summit_game.pack.expr import compile_condition

COND = 'if: "trust >= 2 and not ready"'  # scenes/main.yaml line 9; the expression starts at column 14
GUARD = "so what it guards never happens; check the number, or the meter's min and max in pack.yaml"

CASES = [
    ('if: "trust >= 70"', 14,
     "this condition can never be true within the variables' bounds (trust is 0..10)", GUARD),
    ('if: "trust + 5 > 15 and ready"', 14,
     "this condition can never be true within the variables' bounds (trust is 0..10)", GUARD),
    ('if: "trust >= 0 and not ready"', 14,
     "'trust >= 0' is always true within the variables' bounds (trust is 0..10)",
     "so the condition does not depend on it; check the number, or the meter's min and max in pack.yaml"),
    ('if: "not ready or trust > 10"', 27,
     "'trust > 10' can never be true within the variables' bounds (trust is 0..10)",
     "so the condition does not depend on it; check the number, or the meter's min and max in pack.yaml"),
    ('if: "-1 < trust"', 14,
     "this condition is always true within the variables' bounds (trust is 0..10)",
     "so this 'if' changes nothing; check the number, or the meter's min and max in pack.yaml"),
]


@pytest.mark.parametrize("cond,col,message,hint", CASES, ids=[c[0] for c in CASES])
def test_constant_condition_is_a_located_warning(tmp_path, monkeypatch, cond, col, message, hint):
    root = make_pack(tmp_path, [(S, COND, cond)])
    monkeypatch.chdir(root)
    [w] = load_pack(root).warnings
    assert (w.file, w.line, w.column, w.code, w.message, w.hint) == ("scenes/main.yaml", 9, col, "SG111", message, hint)
    assert not w.is_error


@pytest.mark.parametrize("cond", ['if: "2 <= trust <= 8"', 'if: "trust - trust >= 1 or ready"',
                                  "if: \"role == 'east' and trust > 3\"", 'if: "trust == 10"'])
def test_conditions_that_can_go_either_way_are_not_reported(tmp_path, monkeypatch, cond):
    root = make_pack(tmp_path, [(S, COND, cond)])
    monkeypatch.chdir(root)
    assert load_pack(root).warnings == []


def test_check_reports_it_and_strict_fails(tmp_path, monkeypatch, capsys):
    root = make_pack(tmp_path, [(S, COND, 'if: "trust >= 70"')])
    monkeypatch.chdir(root)
    assert main(["check", "."]) == 0
    assert main(["check", "--strict", "."]) == 1
    out = capsys.readouterr().out
    assert ("scenes/main.yaml:9:14: warning SG111: this condition can never be true within the variables' "
            "bounds (trust is 0..10)") in out


def test_block_scalar_points_at_its_indicator(tmp_path, monkeypatch):
    root = make_pack(tmp_path, [(S, COND, "if: >-\n          trust >= 70")])
    monkeypatch.chdir(root)
    [w] = load_pack(root).warnings
    assert (w.line, w.column) == (9, 13)


# ---------------------------------------------------------------- never wrong

VARS = {
    "a": VarInfo("a", "meter", "a", 0, 0, 10, "none", True, ""),
    "b": VarInfo("b", "meter", "b", -3, -5, 2, "none", True, ""),
    "f": VarInfo("f", "flag", "f", False, 0, 1, "none", False, ""),
}
TYPES = {"a": "number", "b": "number", "f": "true/false"}

num = st.recursive(
    st.sampled_from(["a", "b", "0", "3", "10", "-4", "12"]),
    lambda inner: st.tuples(inner, st.sampled_from([" + ", " - "]), inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
    max_leaves=3,
)
comparison = st.tuples(num, st.sampled_from([" < ", " <= ", " > ", " >= ", " == ", " != "]), num).map("".join)
boolean = st.recursive(
    st.one_of(comparison, st.sampled_from(["f", "true", "false"])),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from([" and ", " or "]), inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        inner.map(lambda x: f"not {x}")),
    max_leaves=4,
)
ALL_STATES = [{"a": a, "b": b, "f": f, "role": "r", "route": ""}
              for a, b, f in itertools.product(range(0, 11), range(-5, 3), (True, False))]


@settings(max_examples=200, deadline=None)
@given(boolean)
def test_a_reported_value_is_the_value_in_every_state_within_bounds(source):
    """Whatever SG111 says a condition (or a part of it) always is, it is, in every state within the bounds."""
    try:
        cond = compile_condition(source, TYPES)
    except Exception:
        return  # too long or nested for the language: not a condition a pack can hold
    for part in constant_parts(source, VARS):
        fn = cond if part.whole else compile_condition(part.text, TYPES)
        assert all(fn(s) is part.value for s in ALL_STATES), (source, part)


def test_the_property_finds_both_kinds():
    found = {constant_parts(s, VARS)[0].value for s in ("a > 10", "b <= 2", "a + b > 12", "f or a >= 0")}
    assert found == {True, False}


# ---------------------------------------------------------------- a choice's roles: are who can read its if

LEAVE = "        roles: [east]\n"  # the 'leave' choice, line 16 of scenes/main.yaml


@pytest.mark.parametrize("cond,col,message,hint", [
    ("if: \"role == 'west'\"", 14,
     "this condition can never be true for the roles that see this choice (east)",
     "so what it guards never happens; check the role named here, and the choice's roles: (only those roles see it)"),
    ("if: \"role != 'west' and trust > 3\"", 14,
     "'role != 'west'' is always true for the roles that see this choice (east)",
     "so the condition does not depend on it; check the role named here, and the choice's roles: "
     "(only those roles see it)"),
], ids=["never", "always"])
def test_a_condition_on_role_is_read_for_the_choices_roles(tmp_path, monkeypatch, cond, col, message, hint):
    root = make_pack(tmp_path, [(S, LEAVE, LEAVE + "        " + cond + "\n")])
    monkeypatch.chdir(root)
    [w] = load_pack(root).warnings
    assert (w.file, w.line, w.column, w.code, w.message, w.hint) == ("scenes/main.yaml", 17, col, "SG111", message, hint)


def test_a_condition_on_role_without_a_choices_roles_is_read_for_the_packs_roles(tmp_path, monkeypatch):
    cond = "if: \"role == 'east' and trust > 3\""  # 'talk' has no roles:
    root = make_pack(tmp_path, [(S, COND, cond)])
    monkeypatch.chdir(root)
    assert load_pack(root).warnings == []  # east or west
    west = "  - id: west\n    title: Envoy of the west bank\n    briefing: You repaired the bridge.\n" \
           "    start:\n      trust: 2\n"
    root = make_pack(tmp_path / "b", [(S, COND, cond), ("pack.yaml", west, "")])
    [w] = load_pack(root).warnings
    assert (w.line, w.column, w.message, w.hint) == (
        9, 14, "'role == 'east'' is always true for the pack's roles (east)",
        "so the condition does not depend on it; check the role named here")


ROLES = ("r", "s", "t")
with_roles = st.recursive(
    st.one_of(comparison, st.sampled_from(["f", "role == 'r'", "role != 's'", "'t' == role", "role == role"])),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from([" and ", " or "]), inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        inner.map(lambda x: f"not {x}")),
    max_leaves=4,
)


@settings(max_examples=200, deadline=None)
@given(with_roles, st.sets(st.sampled_from(ROLES), min_size=1).map(lambda s: tuple(sorted(s))))
def test_a_value_reported_for_some_roles_holds_for_each_of_them(source, roles):
    try:
        cond = compile_condition(source, TYPES)
    except Exception:
        return
    states = [dict(s, role=r) for s in ALL_STATES for r in roles]
    for part in constant_parts(source, VARS, roles, True):
        fn = cond if part.whole else compile_condition(part.text, TYPES)
        assert all(fn(s) is part.value for s in states), (source, roles, part)
