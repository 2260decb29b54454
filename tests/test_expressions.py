"""The expression language: known escapes are refused at load, and what is allowed means what it says.

Conditions and effects come from untrusted pack files. They are parsed with
``ast``, checked against an allow-list, type-checked and compiled to closures;
nothing reaches ``eval``. These tests try the classic escapes one by one, and
then check that every allowed expression evaluates exactly as Python would.
"""

from __future__ import annotations

import operator
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summit_game.pack import PackError, load_pack
from summit_game.pack.expr import (
    BOOL,
    INT,
    MAX_LENGTH,
    ExprError,
    compile_condition,
    compile_effect,
)

VARS = {"trust": INT, "cost": INT, "ready": BOOL, "open": BOOL}
TEMPLATE = Path(__file__).parent / "packs" / "minimal"


def error(source: str, effect: bool = False) -> ExprError:
    with pytest.raises(ExprError) as info:
        (compile_effect if effect else compile_condition)(source, VARS)
    return info.value


# ------------------------------------------------------------------ escapes


ESCAPES = [
    # (expression, code, words in the message, 0-based offset of the culprit)
    ("__import__('os').system('ls')", "SG030", "function calls", 0),
    ("ready.__class__", "SG030", "attribute access", 0),
    ("ready.__class__.__mro__[1].__subclasses__()", "SG030", "function calls", 0),
    ("().__class__.__bases__[0]", "SG030", "indexing", 0),
    ("9**9**9", "SG030", "'**' is not allowed", 1),
    ("trust ** 99 > 1", "SG030", "'**' is not allowed", 6),
    ("trust * 2 > 1", "SG030", "'*' is not allowed", 6),
    ("'x' * 100000 == role", "SG030", "'*' is not allowed", 4),
    ("trust << 64 > 1", "SG030", "'<<' is not allowed", 6),
    ("trust / 0 > 1", "SG030", "'/' is not allowed", 6),
    ("(lambda: 1)() == 1", "SG030", "function calls", 0),
    ("ready or (lambda: true)", "SG030", "lambda", 10),
    ("[x for x in 'ab'] == []", "SG030", "comprehensions", 0),
    ("any(x for x in 'ab')", "SG030", "function calls", 0),
    ("ready and {x for x in 'ab'}", "SG030", "comprehensions", 10),
    ("ready and {x: 1 for x in 'ab'}", "SG030", "comprehensions", 10),
    ("f'{trust}' == role", "SG030", "f-strings", 0),
    ("(ready := true)", "SG030", ":=", 1),
    ("ready if ready else open", "SG030", "if-expressions", 0),
    ("[1] == [1]", "SG030", "lists", 0),
    ("ready == None", "SG030", "None is not allowed", 9),
    ("trust > 1.5", "SG030", "decimal numbers", 8),
    ("b'x' == role", "SG030", "bytes value", 0),
    ("globals()", "SG030", "function calls", 0),
    ("__builtins__", "SG031", "unknown variable '__builtins__'", 0),
    ("ready is ready", "SG030", "only ==, !=", 0),
    ("'a' in role", "SG030", "only ==, !=", 0),
    ("~trust > 0", "SG030", "only 'not' and '-'", 0),
    ("import os", "SG030", "invalid syntax", 0),
    ("ready; ready", "SG030", "invalid syntax", 5),
    ("ready\nor open", "SG030", "one line", 0),
    ("", "SG030", "empty", 0),
    ("trust >= 1000001", "SG033", "number 1000001 is too large: the limit is 1,000,000", 9),
    ("role == '" + "e" * 65 + "'", "SG033", "quoted text in an expression is too long: 65 characters; the limit is 64", 8),
    ("'" + "x" * 65 + "' == role", "SG033", "quoted text", 0),
    ("not " * 13 + "ready", "SG033", "nested deeper", 52),
    ("1 + " * 30 + "1 > trust", "SG033", "nested deeper", 0),
    ("0<" * 70 + "0", "SG033", "more than 60 parts", 118),
    ("trust + " * 12_500 + "1 > 0", "SG033", "100,005 characters", 0),
]


@pytest.mark.parametrize("source,code,words,offset", ESCAPES, ids=[e[0][:40] for e in ESCAPES])
def test_escape_is_refused(source, code, words, offset):
    e = error(source)
    assert (e.code, e.offset) == (code, offset), e.message
    assert words in e.message


def test_a_100000_character_expression_is_refused_before_parsing(monkeypatch):
    """The length cap comes first: ast.parse never sees the text (it can exhaust memory on such input)."""
    import ast

    def boom(*args, **kwargs):  # pragma: no cover - must not be called
        raise AssertionError("ast.parse was called on an over-long expression")

    monkeypatch.setattr(ast, "parse", boom)
    source = "(" * 50_000 + "ready" + ")" * 50_000
    assert len(source) > 100_000
    e = error(source)
    assert e.code == "SG033" and f"the limit is {MAX_LENGTH}" in e.message


EFFECT_ESCAPES = [
    ("trust = __import__('os')", "SG030", "function calls", 8),
    ("trust = 9**9**9", "SG030", "'**' is not allowed", 9),
    ("trust *= 2", "SG034", "only =, += and -=", 0),
    ("trust = cost = 1", "SG034", "one variable at a time", 0),
    ("trust, cost = 1, 2", "SG034", "variable name", 0),
    ("ready.x = 1", "SG034", "variable name", 0),
    ("role = 'east'", "SG034", "set by the game", 0),
    ("import os", "SG034", "an effect must be", 0),
    ("del trust", "SG034", "an effect must be", 0),
    ("trust += 1; cost += 1", "SG034", "one effect per line", 0),
    ("trust", "SG034", "an effect changes a variable", 0),
    ("trsut += 1", "SG031", "did you mean 'trust'?", 0),
    ("ready += 1", "SG032", "need a number variable", 0),
    ("trust = true", "SG032", "is a meter (a number) but the value is a true/false", 8),
    ("ready = 3", "SG032", "is a flag (true/false) but the value is a number", 8),
]


@pytest.mark.parametrize("source,code,words,offset", EFFECT_ESCAPES, ids=[e[0] for e in EFFECT_ESCAPES])
def test_effect_escape_is_refused(source, code, words, offset):
    e = error(source, effect=True)
    assert (e.code, e.offset) == (code, offset), e.message
    assert words in e.message


def test_offsets_count_characters_and_leading_spaces():
    # ast counts UTF-8 bytes; authors count characters
    assert error("role == 'ééé' and redy").offset == len("role == 'ééé' and ")
    assert error("   trust > 1 and redy").offset == len("   trust > 1 and ")
    assert error("  trsut += 1", effect=True).offset == 2


def test_type_errors():
    assert error("trust").code == "SG032"  # a condition must be true or false
    assert error("trust + ready > 1").code == "SG032"
    assert error("ready < open").code == "SG032"
    assert error("role == 1").code == "SG032"
    assert error("'a' < role").code == "SG032"
    assert error("not trust").code == "SG032"
    assert error("-ready").code == "SG032"
    assert error("trust and ready").code == "SG032"


@pytest.mark.parametrize("source,hint", [
    ("trust => 5", "write '>=' instead of '=>'"),
    ("trust =< 5", "write '<=' instead of '=<'"),
    ("trust = 5", "compare with '==' (a single '=' is for effects)"),
    ("ready && open", "write 'and' instead of '&&'"),
])
def test_the_usual_slips_are_named(source, hint):
    e = error(source)
    assert e.code == "SG030" and e.message.endswith("; " + hint)


@pytest.mark.parametrize("source,message,offset", [
    # '=+' is '= +': it sets the meter where adding was meant (before: accepted, trust set to 2)
    ("trust =+ 2", "'=+' sets 'trust' to +2: did you mean 'trust += 2'?", 6),
    ("trust=-3", "'=-' sets 'trust' to -3: did you mean 'trust -= 3'? (to set it to -3, write 'trust = -3')", 5),
    # a slip libyaml's parser only calls "invalid syntax"
    ("trust + = 2", "not a valid expression: invalid syntax; write '+=' with no space inside", 8),
    ("trust++", "not a valid expression: invalid syntax; write 'trust += 1'", 7),
    ("trust += 2, cost -= 1",
     'not a valid expression: invalid syntax; one effect per list item: ["trust += 2", "cost -= 1"]', 17),
])
def test_the_usual_effect_slips_say_what_to_write(source, message, offset):
    e = error(source, effect=True)
    assert (e.code[:4], e.message, e.offset) == ("SG03", message, offset)


def test_a_value_set_with_its_sign_apart_from_the_equals_is_no_slip():
    assert compile_effect("trust = -2", VARS).target == "trust"
    assert compile_effect("trust = +2", VARS).target == "trust"


def test_a_number_in_quotes_compared_with_a_meter_is_told_to_lose_its_quotes():
    e = error("trust >= '2'")
    assert (e.code, e.message) == ("SG032", "cannot compare a number with a text; write the number without quotes: 2")


def test_a_flag_compared_with_a_number_and_an_undeclared_effect_say_what_to_write():
    e = error("ready == 1")
    assert (e.code, e.message) == ("SG032", "cannot compare a true/false with a number; a flag is true or false: "
                                            "test it as it is ('ready', 'not ready') or with == true")
    assert error("role == 1").message == "cannot compare a text with a number"  # only a flag's slip has the hint
    e = error("moratorium = true", effect=True)
    assert (e.code, e.message) == ("SG031", "unknown variable 'moratorium'; declare it under 'variables:' in pack.yaml")
    assert error("trsut += 1", effect=True).message == "unknown variable 'trsut'; did you mean 'trust'?"


def test_role_and_route_texts_are_recorded_for_the_loader():
    c = compile_condition("role == 'east' and 'quick' != route", VARS)
    assert c.literals == (("role", "east", 8), ("route", "quick", 19))
    e = compile_effect("ready = role == 'west'", VARS)
    assert e.literals == (("role", "west", 16),)


def test_labels_with_backslashes_are_text():
    """A label is inserted as text, never as a regex template."""
    c = compile_condition("trust >= 3 and trusted", {"trust": INT, "trusted": BOOL},
                          {"trust": r"Trust \1 \g<0>", "trusted": "Trusted"})
    assert c.text == r"Trust \1 \g<0> >= 3 and Trusted"


def test_escape_in_a_pack_is_a_located_load_error(tmp_path, monkeypatch):
    root = tmp_path / "pack"
    shutil.copytree(TEMPLATE, root)
    scene = root / "scenes" / "main.yaml"
    scene.write_text(scene.read_text().replace('"trust >= 2 and not ready"', "\"().__class__.__bases__[0] == 'x'\""))
    monkeypatch.chdir(root)
    with pytest.raises(PackError) as info:
        load_pack(root)
    [d] = info.value.diagnostics
    assert (d.file, d.line, d.column, d.code) == ("scenes/main.yaml", 9, 14, "SG030")


# ------------------------------------------------------------------ meaning


def env(**values):
    base = {"trust": 3, "cost": 2, "ready": False, "open": True, "role": "east", "route": ""}
    base.update(values)
    return base


def test_chained_comparisons_and_boolean_operators():
    c = compile_condition("0 <= trust < 5 != cost and not ready or open and role == 'east'", VARS)
    for t in range(-1, 7):
        for r in (True, False):
            e = env(trust=t, ready=r)
            expected = (0 <= t < 5 != e["cost"] and not r) or (e["open"] and e["role"] == "east")
            assert c(e) is expected or c(e) == expected


def test_effects_compute_new_values():
    assert compile_effect("trust += 2", VARS).fn(env()) == 5
    assert compile_effect("trust -= cost - 1", VARS).fn(env()) == 2
    assert compile_effect("trust = -cost + 10", VARS).fn(env()) == 8
    assert compile_effect("ready = not ready and trust > 2", VARS).fn(env()) is True
    assert compile_effect("open = role == 'west'", VARS).fn(env()) is False


# Random allowed expressions evaluate exactly as Python evaluates the same text.

names_int = st.sampled_from(["trust", "cost"])
names_bool = st.sampled_from(["ready", "open"])
ints = st.integers(-20, 20).map(str)


def _num(depth: int):
    leaf = st.one_of(names_int, ints)
    if depth <= 0:
        return leaf
    sub = _num(depth - 1)
    return st.one_of(
        leaf,
        st.tuples(sub, st.sampled_from(["+", "-"]), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        sub.map(lambda x: f"-{x}" if not x.startswith("-") else f"-({x})"),
    )


def _bool(depth: int):
    leaf = st.one_of(names_bool, st.sampled_from(["true", "false", "role == 'east'", "route != ''"]))
    if depth <= 0:
        return leaf
    sub, num = _bool(depth - 1), _num(1)
    return st.one_of(
        leaf,
        st.tuples(num, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), num).map(" ".join),
        st.tuples(num, st.sampled_from(["<", "<="]), num, st.sampled_from(["<", "!="]), num).map(" ".join),
        st.tuples(sub, st.sampled_from(["and", "or"]), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        sub.map(lambda x: f"not {x}"),
    )


@settings(max_examples=300)
@given(
    source=_bool(3),
    trust=st.integers(-5, 15),
    cost=st.integers(-5, 15),
    ready=st.booleans(),
    opened=st.booleans(),
    role=st.sampled_from(["east", "west"]),
)
def test_conditions_mean_what_python_means(source, trust, cost, ready, opened, role):
    try:
        c = compile_condition(source, VARS)
    except ExprError as e:  # only the size caps may refuse a generated expression
        assert e.code == "SG033", (source, e.message)
        return
    e = env(trust=trust, cost=cost, ready=ready, open=opened, role=role)
    python = eval(source, {"__builtins__": {}}, {**e, "true": True, "false": False})  # the test's own text
    assert bool(c(e)) == bool(python)


@settings(max_examples=200)
@given(value=_num(3), op=st.sampled_from(["=", "+=", "-="]), trust=st.integers(-5, 15), cost=st.integers(-5, 15))
def test_effects_mean_what_python_means(value, op, trust, cost):
    source = f"trust {op} {value}"
    try:
        eff = compile_effect(source, VARS)
    except ExprError as e:
        assert e.code == "SG033", (source, e.message)
        return
    e = env(trust=trust, cost=cost)
    v = eval(value, {"__builtins__": {}}, e)
    expected = {"=": lambda: v, "+=": lambda: operator.add(trust, v), "-=": lambda: operator.sub(trust, v)}[op]()
    assert eff.target == "trust" and eff.fn(e) == expected


def test_each_expression_of_a_load_is_parsed_once_and_its_tree_shared(monkeypatch):
    """The loader parses an expression once; the bounds check (and later readers) share its tree,
    and a new load parses again rather than reuse another load's trees."""
    import ast

    from summit_game.pack import expr
    from summit_game.pack.bounds import constant_parts
    from summit_game.pack.compiled import VarInfo

    parsed: list[str] = []
    real = ast.parse
    monkeypatch.setattr(ast, "parse", lambda text, *a, **k: parsed.append(text) or real(text, *a, **k))
    expr.forget_trees()
    compile_condition(" trust > 11 and ready", VARS)
    variables = {"trust": VarInfo("trust", "meter", "Trust", 0, 0, 10, "high", True, ""),
                 "ready": VarInfo("ready", "flag", "Ready", False, 0, 1, "high", False, "")}
    assert [(c.whole, c.value) for c in constant_parts(" trust > 11 and ready", variables)] == [(True, False)]
    assert expr.tree("trust > 11 and ready ") is expr.tree(" trust > 11 and ready")
    assert parsed == ["trust > 11 and ready"]
    expr.forget_trees()
    expr.tree("trust > 11 and ready")
    assert parsed == ["trust > 11 and ready"] * 2
    with pytest.raises(SyntaxError):
        expr.tree("trust >")


def test_check_reads_the_trees_the_loader_parsed(monkeypatch):
    """load + check of a pack parses each distinct expression text once: the analysis and its
    abstraction read the loader's trees."""
    import ast

    from summit_game.engine.analysis import analyse

    parsed: list[tuple[str, str]] = []
    real = ast.parse
    monkeypatch.setattr(ast, "parse", lambda text, *a, **k: parsed.append((text, k.get("mode"))) or real(text, *a, **k))
    analyse(load_pack(Path(__file__).parent.parent / "scenes" / "anchorage"))
    assert parsed and len(parsed) == len(set(parsed))
