"""The pack's and engine's records (summit_game/pack/record.py) behave as the dataclasses they replaced."""

from __future__ import annotations

import copy
import pickle

import pytest

from summit_game.engine import Step
from summit_game.pack.citations import Quote
from summit_game.pack.compiled import VarInfo, Where
from summit_game.pack.diagnostics import Diagnostic


def test_fields_are_the_init_parameters_in_order():
    assert Diagnostic._fields == ("file", "line", "column", "code", "message", "hint")
    assert Quote._fields[:3] == ("source", "quote", "note")


def test_equality_is_per_class_and_per_field():
    assert Step("a", "b") == Step("a", "b") and Step("a", "b") != Step("a", "c")
    assert Step("a", "b") != ("a", "b")  # a record is not its tuple
    assert Where("f", 1, 2) != Step("f", 1)  # nor a record of another class
    assert len({Step("a", "b"), Step("a", "b"), Step("b", "a")}) == 2


def test_a_frozen_record_cannot_be_changed_and_replace_makes_a_new_one():
    s = Step("a", "b")
    with pytest.raises(AttributeError, match="cannot assign to field 'scene'"):
        s.scene = "c"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="cannot delete"):
        del s.scene  # type: ignore[misc]
    assert s.replace(choice="c") == Step("a", "c") and s == Step("a", "b")
    with pytest.raises(TypeError, match="no field 'chioce'"):
        s.replace(chioce="c")


def test_a_mutable_record_is_unhashable_as_a_mutable_dataclass_is():
    v = VarInfo("a", "meter", "A", 0, 0, 10, "high", True, "")
    with pytest.raises(TypeError):
        hash(v)
    v.label = "B"
    assert v.label == "B" and v.good_for == {} and v.good_for is not VarInfo("b", "flag", "", False, 0, 1, "", 0, "").good_for


def test_diagnostics_sort_and_compare_without_their_hints():
    a = Diagnostic("f.yaml", 3, 1, "SG001", "x", hint="one")
    b = Diagnostic("f.yaml", 2, 9, "SG001", "x")
    assert sorted([a, b]) == [b, a] and a > b and b <= a
    assert a == a.replace(hint="another") and hash(a) == hash(a.replace(hint="another"))
    assert repr(b) == "Diagnostic(file='f.yaml', line=2, column=9, code='SG001', message='x')"


def test_an_ordered_records_order_key_sorts_as_its_comparisons_do():
    import random

    rng = random.Random(3)
    diags = [Diagnostic(rng.choice(["b.yaml", "a.yaml"]), rng.randint(0, 3), rng.randint(1, 2), rng.choice(["SG105", "SG101"]),
                        rng.choice(["m", "n"]), hint=str(i)) for i in range(300)]  # ties: the hints tell them apart
    by_key = sorted(diags, key=Diagnostic.order)
    assert [d.hint for d in by_key] == [d.hint for d in sorted(diags)]  # the same order, ties kept in place


def test_records_copy_and_pickle():
    where = Where("f.yaml", 4, 2)
    assert copy.copy(where) == where and pickle.loads(pickle.dumps(where)) == where
    q = Quote("src", "words", None, 1, 0, 5)
    assert pickle.loads(pickle.dumps(q)) == q and copy.deepcopy(q) == q
