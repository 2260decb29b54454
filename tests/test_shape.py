"""The pydantic-free shape validator (pack/shape.py) says what the pydantic models say.

* ``shape.json`` is the models' own validation schema, exported: a test keeps it current.
* On every bundled and test pack, and on files with one value swapped for random YAML
  values, whatever the fast validator accepts the models accept too, with equal values;
  whatever the models refuse, it refuses.
* ``summit-game check`` on a valid pack never imports pydantic (it costs more than the check).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from summit_game.pack import model as m
from summit_game.pack import shape
from summit_game.pack._yaml import read_yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(ROOT.glob("scenes/*/pack.yaml")) + sorted(ROOT.glob("scenes/*/scenes/*.yaml")) \
    + sorted(ROOT.glob("tests/packs/*/pack.yaml")) + sorted(ROOT.glob("tests/packs/*/scenes/*.yaml"))


def test_shape_json_is_the_models_schema():
    assert shape.SPEC.read_text(encoding="utf-8") == shape.dumps(shape.export()), (
        "pack/shape.json is out of date with pack/model.py: run `python -m summit_game.pack.shape`")


def plain(x):
    if isinstance(x, BaseModel):
        return {k: plain(getattr(x, k)) for k in type(x).model_fields}
    if isinstance(x, shape.Shape):
        return {k: plain(getattr(x, k)) for k in x._fields}
    if isinstance(x, list):
        return [plain(i) for i in x]
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    return (type(x).__name__, x)


def model_for(path: Path) -> str:
    return "Manifest" if path.name == "pack.yaml" else "SceneFile"


def agree(model: str, value) -> bool:
    """Assert the two validators agree on ``value``; True when the fast one accepted it."""
    fast = shape.validate(model, value)
    cls = getattr(m, model)
    try:
        slow = cls.model_validate(value)
    except ValidationError:
        assert fast is None, f"the shape validator accepts what {model} refuses: {value!r}"[:2000]
        return False
    if fast is not None:
        assert plain(fast) == plain(slow)
        assert type(fast).__name__ == model
    return fast is not None


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_every_shipped_file_is_read_the_same(path):
    value = read_yaml(path.read_bytes(), str(path)).value
    assert agree(model_for(path), value), "a valid file should not need pydantic"


def test_light_values_are_frozen_and_compare_by_value():
    value = read_yaml((ROOT / "scenes" / "tutorial" / "pack.yaml").read_bytes(), "pack.yaml").value
    a, b = shape.validate("Manifest", value), shape.validate("Manifest", value)
    assert a == b and a is not b
    with pytest.raises(AttributeError):
        a.title = "changed"
    assert a.roles[0].id == m.Manifest.model_validate(value).roles[0].id


# one value anywhere replaced by a random value (the shape fuzzing of test_fuzz, both validators)

VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-3, 2000), st.sampled_from(
        ["", "x", "ab", "hide", "meter", "flag", "high", "end", "s0", "Bad Id", "a" * 49, "scenes/*.yaml", "../x",
         "ok\n", "0", "true"]), st.text(max_size=5)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(
        st.sampled_from(["id", "title", "if", "if_", "goto", "quote", "x", "start", "type", "weight"]), inner, max_size=3)),
    max_leaves=6)


def paths(value, at=()):
    yield at
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, at + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, at + (i,))


DOCS = {p: read_yaml(p.read_bytes(), str(p)).value for p in FILES}


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES), st.integers(0, 10**9), VALUES, st.booleans())
def test_one_value_swapped_both_validators_agree(path, which, new, drop):
    doc = json.loads(json.dumps(DOCS[path]))
    spots = list(paths(doc))[1:]
    target = spots[which % len(spots)]
    parent = doc
    for k in target[:-1]:
        parent = parent[k]
    if drop and isinstance(parent, dict):
        del parent[target[-1]]
    else:
        parent[target[-1]] = new
    agree(model_for(path), doc)


def test_random_documents_agree():
    rng = random.Random(4)
    words = ["id", "title", "version", "start", "roles", "scenes", "endings", "choices", "goto", "if", "label"]
    for _ in range(300):
        doc = {rng.choice(words): rng.choice([None, "s0", 1, True, [], {}, [{"id": "a", "title": "b"}]])
               for _ in range(rng.randint(0, 6))}
        agree(rng.choice(["Manifest", "SceneFile"]), doc)


def test_check_does_not_import_pydantic():
    probe = ("import sys, runpy; sys.argv = ['summit-game', 'check', 'scenes/tutorial', 'scenes/anchorage'];"
             "import summit_game.cli as c; code = c.main();"
             "print('pydantic' in sys.modules, code)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.split()[-2:] == ["False", "0"], done.stdout + done.stderr


def test_shared_defaults_stay_as_the_models_say(tmp_path):
    """A missing list or dict field shares one default (pydantic makes a fresh one each time): loading,
    checking and playing every shipped pack, and a generated one, leaves every shared default as it was."""
    import importlib.util

    from summit_game.engine import core
    from summit_game.engine.analysis import analyse
    from summit_game.pack import load_pack

    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "benchmarks" / "bench_load.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    folders = sorted({p.parent for p in FILES if p.name == "pack.yaml"})
    folders.append(bench.make_pack(tmp_path / "generated", 60, seed=2))
    rng = random.Random(1)
    for folder in folders:
        pack = load_pack(folder)
        analyse(pack)
        for role in pack.roles:
            for route in [None, *pack.routes]:
                state = core.start(pack, role, seed=rng.randrange(1000), route=route)
                for _ in range(200):
                    opts = [o for o in core.options(pack, state) if o.available] if state.scene else []
                    if not opts:
                        break
                    state, _ = core.choose(pack, state, rng.choice(opts).id)
    assert shape._shared, "the validator shares its defaults"
    assert shape.shared_defaults_unchanged()
