"""Property tests: whatever bytes a pack holds, loading gives a pack or located errors, never a traceback.

A pack file is untrusted input (facilitators share packs), so the reader and
loader are fuzzed at several levels, from raw bytes up to valid packs with one
value swapped for something of the wrong shape:

* arbitrary bytes, and YAML-like token soup, straight into ``read_yaml``;
* arbitrary bytes as ``pack.yaml`` or as a scene file of an otherwise valid pack;
* the valid pack in ``tests/packs/minimal`` with byte ranges deleted, duplicated
  or inserted;
* the same pack with one value anywhere replaced by a random YAML value (integers
  and strings of any size, numbers of thousands of digits).

Every outcome must be a ``Pack`` (which ``analyse`` and a playthrough then take
without error) or a ``PackError`` whose diagnostics all have a known code, a
file and a line/column that fit the file. Any other exception fails the test.
The example counts keep this file under a minute on two cores.
"""

from __future__ import annotations

import importlib.util
import json
import random
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summit_game import engine as E
from summit_game.engine.analysis import analyse
from summit_game.pack import CODES, Pack, PackError, load_pack
from summit_game.pack._yaml import YamlProblem, read_yaml
from summit_game.pack.citations import SourceText, fold, fold_text
from summit_game.pack.expr import BOOL, INT, ExprError, compile_condition, compile_effect


ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).parent / "packs" / "minimal"
FILES = ("pack.yaml", "scenes/main.yaml")
ORIGINAL = {name: (TEMPLATE / name).read_bytes() for name in FILES}

FUZZ = settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
FUZZ_FOLDER = settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def check_diagnostic(d, text: str | None = None) -> None:
    assert d.code in CODES, d
    assert d.file, d
    assert d.line >= 0 and d.column >= 0, d
    if d.line:
        assert d.column >= 1, d
    if text is not None and d.line:
        # libyaml counts \r, \x85, \u2028 and \u2029 as line breaks too; splitlines counts a superset
        assert d.line <= len(text.splitlines()) + 1, (d, len(text.splitlines()))
    # every output format renders it
    assert d.format_text() and d.format_github()
    json.dumps(d.as_dict())


def outcome(root: Path) -> Pack | None:
    """Load ``root``: a pack, or None after checking every diagnostic. Anything else propagates."""
    try:
        pack = load_pack(root)
    except PackError as exc:
        assert exc.diagnostics, "a PackError with nothing in it"
        texts = {}
        for name in FILES:
            try:
                texts[name] = (root / name).read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                pass
        for d in exc.diagnostics:
            assert d.is_error
            name = next((n for n in FILES if d.file.endswith(n)), None)
            check_diagnostic(d, texts.get(name))
        return None
    # a pack that loads must also survive `check` and a playthrough
    for d in analyse(pack, cap=2_000):
        check_diagnostic(d)
    rng = random.Random(0)
    for role in pack.roles:
        state = E.start(pack, role, seed=1)
        for _ in range(50):
            if state.finished:
                break
            opts = [o for o in E.options(pack, state) if o.available]
            if not opts:
                break
            try:
                state, _ = E.choose(pack, state, rng.choice(opts).id)
            except E.EngineError as exc:  # the one runtime refusal: auto routes that loop (SG102 warns)
                assert "auto routes loop" in str(exc)
                break
    return pack


@pytest.fixture(scope="module")
def folder():
    """One pack folder per test module, rewritten for each example (hypothesis reuses it)."""
    tmp = Path(tempfile.mkdtemp(prefix="sg-fuzz-"))
    root = tmp / "pack"
    shutil.copytree(TEMPLATE, root)
    yield root
    shutil.rmtree(tmp, ignore_errors=True)


def write(root: Path, files: dict[str, bytes]) -> None:
    for name in FILES:
        (root / name).write_bytes(files.get(name, ORIGINAL[name]))


# ------------------------------------------------------------------ read_yaml


def read_outcome(data: bytes | str) -> None:
    try:
        doc = read_yaml(data, "fuzz.yaml")
    except YamlProblem as problem:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        check_diagnostic(problem.diagnostic, text)
        assert problem.diagnostic.code in {"SG002", "SG003", "SG004", "SG005", "SG006", "SG007", "SG008", "SG012"}
        with pytest.raises(YamlProblem) as lean_problem:
            read_yaml(data, "fuzz.yaml", lean=True)
        assert lean_problem.value.diagnostic == problem.diagnostic  # read lean: the same error
        return
    same_places_as_pyyaml(doc, data)
    same_as_read_lean(doc, data)


def same_as_read_lean(doc, data: bytes | str) -> None:
    """A lean read (the loader's for scene files) gives the same value, places only the document
    itself, and answers every other question as the full read after reading again."""
    lean = read_yaml(data, "fuzz.yaml", lean=True)
    assert lean.value == doc.value
    placed = {p: (m.line, m.column) for p, m in lean._spans.items()}
    assert set(placed) <= {()}  # the document, when it is a value at all
    assert placed.items() <= {p: (m.line, m.column) for p, m in doc.spans.items()}.items()
    assert {p: lean.where(p) for p in placed} == {p: doc.where(p) for p in placed}  # answered without reading again
    assert lean._text is not None
    assert {p: lean.where(p) for p in doc.spans} == {p: doc.where(p) for p in doc.spans}
    assert {p: lean.where(p, key=True) for p in doc.keys} == {p: doc.where(p, key=True) for p in doc.keys}
    def places(d):
        return [{p: (m.line, m.column) for p, m in table.items()} for table in (d.spans, d.keys)], d.quoted, d.blocks

    assert places(lean) == places(doc)


def same_places_as_pyyaml(doc, data: bytes | str) -> None:
    """Every value and key of a document read is where PyYAML's own composer puts it, styles too."""
    text = data.decode("utf-8").removeprefix("\ufeff") if isinstance(data, bytes) else data  # as read_yaml reads it
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    spans, keys, quoted, blocks = {}, {}, set(), set()

    def walk(node, value, path):
        spans[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.style:
                quoted.add(path)
                if node.style in "|>":
                    blocks.add(path)
        elif isinstance(node, yaml.MappingNode):
            assert len(value) == len(node.value)
            for name, (k, v) in zip(value, node.value):  # our dict keeps the document's order
                keys[path + (name,)] = (k.start_mark.line + 1, k.start_mark.column + 1)
                walk(v, value[name], path + (name,))
        else:
            assert len(value) == len(node.value)
            for i, v in enumerate(node.value):
                walk(v, value[i], path + (i,))

    if node is None:
        assert doc.value is None and not doc.spans
        return
    walk(node, doc.value, ())
    assert {p: doc.where(p) for p in doc.spans} == spans
    assert {p: doc.where(p, key=True) for p in doc.keys} == keys
    assert (doc.quoted, doc.blocks) == (quoted, blocks)


@FUZZ
@given(st.binary(max_size=400))
@example(b"\xff\xfe")
@example(b"a: \x07")
@example(b"\x00")
@example(b"&a [*a, *a]")
@example(b"- " * 200)
@example(b"[" * 500)
@example(b"{a: 1, a: 2}")
@example(b"! a")
@example(b"!!binary aGk=")
@example(b"%YAML 1.1\n%TAG ! tag:yaml.org,2002:\n--- !python/none x")
@example(b"? [a]\n: b")
@example("\ufeffa: b".encode())
@example(b"a:\r b\rc: d")
def test_read_yaml_any_bytes(data):
    read_outcome(data)


TOKENS = [
    ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "?", "? ", "|", ">", "|-", ">+", "'", '"', "#", "\n", "\r\n", "\r",
    "  ", "    ", "\t", "---", "...", "&a ", "*a", "!!python/object:os.system ", "!x ", "!!str ", "!!int ",
    "!!bool ", "!!float ", "!!null ", "!!map ", "!!seq ", "!<tag:yaml.org,2002:str> ", "%YAML 1.2\n", "%TAG !e! x\n",
    "id", "title", "scenes", "choices", "goto", "if", "effects", "key", "value", "true", "no", "on", "~", "null",
    "0", "1.5", "-3", "1:20", "0x1f", ".inf", "2025-08-15", "é", "\u2028", "\x85", "\ufeff", "\\", "\\u00e9", "\x07",
    "\x00", "\ud800", "9" * 5000, "1e999", "-" + "1" * 4301, "0." + "5" * 5000,
]


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=60).map("".join))
@example("a: {b: [1, 'x', |\n  blk\n  ], c: >\n  f\n}\n'q': \"w\"\n? k\n: - - 1\n    - ~\n")
def test_read_yaml_token_soup(text):
    read_outcome(text.encode("utf-8", "surrogatepass"))  # lone surrogates become invalid UTF-8
    read_outcome(text)  # and as text (lone surrogates must be refused, not crash libyaml)


def test_read_yaml_places_every_value_of_the_bundled_and_generated_packs_as_pyyaml_does(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "benchmarks" / "bench_load.py")
    bench_load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_load)  # type: ignore[union-attr]
    make_pack = bench_load.make_pack
    files = sorted((ROOT / "scenes").rglob("*.yaml"))
    files += sorted(make_pack(tmp_path / "gen", scenes=60, per_file=20).rglob("*.yaml"))
    for f in files:
        same_places_as_pyyaml(read_yaml(f.read_bytes(), f.name), f.read_bytes())


# ------------------------------------------------------------------ whole packs


@FUZZ_FOLDER
@given(name=st.sampled_from(FILES), data=st.binary(max_size=300))
def test_load_pack_with_any_bytes_as_a_file(folder, name, data):
    write(folder, {name: data})
    outcome(folder)


def mutate(data: bytes, ops: list[tuple[str, int, int, bytes]]) -> bytes:
    for op, at, length, extra in ops:
        at = at % (len(data) + 1)
        if op == "delete":
            data = data[:at] + data[at + length:]
        elif op == "duplicate":
            data = data[:at] + data[at:at + length] * 2 + data[at + length:]
        else:
            data = data[:at] + extra + data[at:]
    return data


OPS = st.lists(
    st.tuples(st.sampled_from(["delete", "duplicate", "insert"]), st.integers(0, 5000), st.integers(1, 40),
              st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from([t.encode("utf-8", "surrogatepass") for t in TOKENS]))),
    min_size=1, max_size=4,
)


@settings(max_examples=1200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), ops=OPS)
def test_valid_pack_with_bytes_deleted_duplicated_inserted(folder, name, ops):
    write(folder, {name: mutate(ORIGINAL[name], ops)})
    outcome(folder)


# One value anywhere in a valid file swapped for a random YAML value: exercises
# the shape checks, the error mapping and the reference passes rather than the parser.

class Digits(str):
    """A number of any size, written as plain digits (PyYAML cannot write an int of over 4,300 digits)."""


class Dumper(yaml.SafeDumper):
    pass


Dumper.add_representer(Digits, lambda d, v: d.represent_scalar("tag:yaml.org,2002:int", str(v)))

# Integers and strings unbounded in size (capping integers at 10**20 hid a traceback at 4,300 digits).
yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.integers(1, 6000).map(lambda n: Digits("-" * (n % 2) + "7" * n)),
    st.text(), st.sampled_from(["end", "first", "second", "good", "east", "memo", "trust", "ready",
                                            "trust += 1", "trust >= 2", "role == 'x'", "route == 'quick'", "", "-1"]),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, prefix + (i,))


def replaced(doc, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        return {k: (replaced(v, rest, new) if k == head else v) for k, v in doc.items()}
    return [replaced(v, rest, new) if i == head else v for i, v in enumerate(doc)]


DOCS = {name: yaml.safe_load(ORIGINAL[name]) for name in FILES}
PATHS = {name: list(paths(DOCS[name])) for name in FILES}


@settings(max_examples=800, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), which=st.integers(0, 10_000), new=yaml_values, drop=st.booleans())
def test_valid_pack_with_one_value_swapped(folder, name, which, new, drop):
    path = PATHS[name][which % len(PATHS[name])]
    doc = DOCS[name]
    if drop and path and isinstance(path[-1], str):  # or a key removed altogether
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        doc = replaced(doc, path[:-1], {k: v for k, v in parent.items() if k != path[-1]})
    else:
        doc = replaced(doc, path, new)
    write(folder, {name: yaml.dump(doc, Dumper=Dumper, allow_unicode=True, sort_keys=False).encode("utf-8")})
    outcome(folder)


# ------------------------------------------------------------------ expressions and quotes


@FUZZ
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(
    ["trust", "ready", "role", "route", "true", "not", "and", "or", "(", ")", "==", "<=", ">", "+", "-", "+=",
     "-=", "=", "1", "'east'", " ", "**", "[", "]", ".", "lambda", ":", "__import__", "é", "\\", "'", "#"]),
    max_size=20).map("".join)))
def test_expressions_give_a_result_or_an_expression_error(source):
    variables = {"trust": INT, "ready": BOOL}
    for compile_ in (compile_condition, compile_effect):
        try:
            compiled = compile_(source, variables)
        except ExprError as e:
            assert e.code in CODES and e.offset >= 0
            continue
        result = compiled.fn({"trust": 3, "ready": True, "role": "east", "route": ""})
        assert isinstance(result, (bool, int))


@FUZZ
@given(st.text(alphabet=st.sampled_from(" \t\n\u00a0\u2009abc'\"\u2019\u201c\u2014\u2026-.`\x1c"), max_size=40))
@example("a `b`  c")
def test_fast_quote_folding_matches_the_indexed_one(text):
    assert fold_text(text) == fold(text)[0]


@FUZZ
@given(st.text(alphabet=st.sampled_from("ab \n\t\r\x0b\u2028\u3000"), max_size=40))
@example("a\n  \nb\n\n\nc d\n e")
def test_paragraphs_are_split_as_the_one_character_at_a_time_pattern_split_them(text):
    import re

    from summit_game.pack.citations import _PARAGRAPH

    reference = re.compile(r"[^\n](?:.|\n(?!\s*\n))*")
    assert [m.span() for m in _PARAGRAPH.finditer(text)] == [m.span() for m in reference.finditer(text)]


@FUZZ
@given(st.text(alphabet=st.sampled_from(" \t\n\r\x1c\u3000\u00a0\u2009\u202fab'\"\u2019\u201c\u2014\u2026-."),
               max_size=40))
@example("  a\u2026\u2026  b \n\n")
def test_the_sparse_offsets_of_a_source_are_the_per_character_index(text):
    """SourceText keeps the folded text's offsets only where they shift: every offset is fold's own."""
    import bisect

    st_ = SourceText(text)
    st_._fold()
    folded, index = fold(text)
    assert st_._folded == folded
    assert [st_._at(j) for j in range(len(folded))] == index
    assert [st_._folded_at(x) for x in range(len(text) + 2)] == [bisect.bisect_left(index, x) for x in range(len(text) + 2)]


@FUZZ
@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1f`ab'.\x07"), max_size=40))
@example("  a  b\n\n\n`c` \t")
def test_an_ascii_source_folds_as_fold_does(text):
    """An ASCII source is folded in one translation and its runs found with str.find (_ascii_fold):
    the same folded text, and offsets, as fold's per-character index."""
    from summit_game.pack.citations import _ascii_fold, fold_map

    folded, index = fold(text)
    got, starts, deltas = fold_map(text)
    assert got == folded == fold_text(text) == _ascii_fold(text)[0]
    import bisect

    assert [j + deltas[bisect.bisect_right(starts, j) - 1] for j in range(len(folded))] == index


@FUZZ
@given(st.text(alphabet=st.sampled_from(" \t\n\r\x1c\u3000\u00a0\u2009ab\u2026."), max_size=40), st.integers(0, 8))
@example("a\u2026  \u2026\n\n b\u2026", 0)
def test_the_shifts_are_the_matches_of_the_one_pattern(text, at):
    """fold_map finds white-space runs and ellipses apart (the runs' pattern is faster alone): the same
    places, in the same order, as the one pattern that says what shifts."""
    from summit_game.pack.citations import _SHIFTS, _shifts

    assert list(_shifts(text, at)) == [m.span() for m in _SHIFTS.finditer(text, at)]


@FUZZ
@given(st.text(alphabet=st.sampled_from("ab \n\u2026'"), max_size=60),
       st.lists(st.text(alphabet=st.sampled_from("ab \u2026'"), max_size=14), max_size=8))
@example("a b a b b a  b a", ["a b b a", "b a b a", "x y z w"])
def test_quotes_found_through_the_word_pair_index_are_where_str_find_finds_them(source, quotes):
    """After its first lookups a source indexes its pairs of words: every quote is still found first where it is."""
    for indexed in ("no", "after many finds", "told of many lookups"):
        text = SourceText(source)
        text._fold()
        text._finds = 10**6 if indexed == "after many finds" else 0
        text.expect(10**6 if indexed == "told of many lookups" else 0)
        for quote in quotes + [text._folded[i:j] for i, j in ((0, 9), (3, 20), (11, 40), (5, 17))]:
            folded = fold_text(quote)
            if folded:
                assert text._find_folded(folded) == text._folded.find(folded), (indexed, folded)


# ------------------------------------------------------------------ the analysis is exact
#
# ``explore`` skips states that cannot change a warning and steps states without the engine's
# objects. On random small packs, its findings must equal those of a plain breadth-first search
# of every state through the public engine API (start / options / choose).


def brute_force(pack: Pack) -> dict:
    from collections import deque

    from summit_game.engine.core import _enter, _env

    visited: dict[str, set[str]] = {}
    endings: set[str] = set()
    stuck: set[str] = set()
    loops: set[tuple] = set()
    seen: set[tuple] = set()
    queue: deque = deque()
    for role in pack.roles:
        for route in [None, *pack.routes]:
            first = (pack.routes[route].start if route else None) or pack.start
            try:
                s = E.start(pack, role, 0, route)
            except E.EngineError:
                loops.add((first, None))
                continue
            # start() does not say which scenes its auto routes passed through; ask the same rule
            _, _, passed = _enter(pack, first, _env(s.values, role, route))
            queue.append((s, passed))
    while queue:
        s, passed = queue.popleft()
        for sid in passed:
            visited.setdefault(sid, set()).add(s.role)
        if s.ending:
            endings.add(s.ending)
            continue
        visited.setdefault(s.scene, set()).add(s.role)
        k = (s.role, s.route) + s.key()
        if k in seen:
            continue
        seen.add(k)
        opts = [o for o in E.options(pack, s) if o.available]
        if not opts:
            stuck.add(s.scene)
        for o in opts:
            choice = pack.scenes[s.scene].choice(o.id)
            for d in range(len(choice.chance)) if choice.chance else [None]:
                try:
                    nxt, out = E.choose(pack, s, o.id, draw=d)
                except E.EngineError:
                    loops.add((s.scene, o.id))
                    continue
                queue.append((nxt, out.passed))
    return {"visited": visited, "endings": endings, "stuck": stuck, "loops": loops}


@st.composite
def small_packs(draw) -> str:
    n = draw(st.integers(1, 5))
    scenes = [f"s{i}" for i in range(n)]
    targets = st.sampled_from(scenes + ["end", "e0", "e1"])
    conds = st.sampled_from(["a >= 2", "a < 2", "b == 1", "a + b > 3", "f", "not f", "role == 'r1'",
                             "route == 'fast'", "a > b or f", "b <= 0"])
    effects = st.lists(st.sampled_from(["a += 1", "a -= 1", "b += 2", "b -= 1", "f = true", "f = not f",
                                        "a = b", "c += 1"]), max_size=2)
    out = ["scenes:"]
    for sid in scenes:
        out += [f"  - id: {sid}", f"    title: {sid}"]
        if draw(st.booleans()) and draw(st.booleans()):
            out.append(f"    roles: [{draw(st.sampled_from(['r1', 'r2']))}]")
        if draw(st.integers(0, 3)) == 0:
            out.append("    auto:")
            for _ in range(draw(st.integers(1, 2))):
                out += [f"      - if: \"{draw(conds)}\"", f"        goto: {draw(targets)}"]
        out.append("    choices:")
        for j in range(draw(st.integers(1, 3))):
            out += [f"      - id: c{j}", f"        label: c{j}"]
            if draw(st.booleans()):
                out.append(f"        if: \"{draw(conds)}\"")
            if draw(st.integers(0, 3)) == 0:
                out.append(f"        roles: [{draw(st.sampled_from(['r1', 'r2']))}]")
            out.append(f"        effects: {json.dumps(draw(effects))}")
            if draw(st.integers(0, 4)) == 0:
                out.append("        chance:")
                for _ in range(draw(st.integers(1, 2))):
                    out.append(f"          - effects: {json.dumps(draw(effects))}")
                    if draw(st.booleans()):
                        out.append(f"            goto: {draw(targets)}")
            out.append(f"        goto: {draw(targets)}")
    out += ["endings:", "  - id: e0", "    title: e0", f"    if: \"{draw(conds)}\"", "  - id: e1", "    title: e1"]
    if draw(st.booleans()):
        out.append(f"    if: \"{draw(conds)}\"")
    return "\n".join(out) + "\n"


SMALL_MANIFEST = """\
id: small
title: Small
version: "1"
start: s0
variables:
  a: {start: 1, min: 0, max: 4}
  b: {start: 0, min: -1, max: 3}
  c: {start: 0, min: 0, max: 2}
  f: {start: false}
roles:
  - {id: r1, title: R1, briefing: x}
  - {id: r2, title: R2, briefing: x, start: {a: 3}}
routes:
  - {id: fast, title: Fast, set: {b: 2}}
"""


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(scenes=small_packs())
def test_exploration_matches_a_brute_force_search(folder, scenes):
    from summit_game.engine.analysis import explore

    (folder / "pack.yaml").write_text(SMALL_MANIFEST)
    (folder / "scenes" / "main.yaml").write_text(scenes)
    try:
        pack = load_pack(folder)
    except PackError as exc:  # e.g. an unconditional auto loop, refused at load
        assert {d.code for d in exc.diagnostics} <= {"SG028"}, exc
        return
    ref = brute_force(pack)
    ex = explore(pack)
    assert not ex.capped
    assert set(ex.visited_scenes) == set(ref["visited"])
    assert set(ex.endings) == ref["endings"]
    assert set(ex.stuck) == ref["stuck"]
    assert set(ex.loops) == ref["loops"]
    for sid, scene in pack.scenes.items():
        if scene.roles is not None and sid in ref["visited"]:
            assert ex.visited_scenes[sid] - set(scene.roles) == ref["visited"][sid] - set(scene.roles)


@pytest.mark.parametrize("text", ["a: [1, 'b']\nc: {d: e}\n", "a: &x 1\n", "a: b\na: c\n", "a: [\n"])
def test_pyyaml_keeps_its_own_event_classes_around_a_read(text):
    """While read_yaml reads, libyaml builds bare events (pack/_yaml.py's _Event); before and after,
    and after a refused or broken file, PyYAML's own parser and emitter work with their classes."""
    import yaml._yaml as libyaml

    before = {name: getattr(libyaml, name) for name in ("ScalarEvent", "MappingStartEvent", "StreamEndEvent")}
    try:
        read_yaml(text, "f.yaml")
    except YamlProblem:
        pass
    assert {name: getattr(libyaml, name) for name in before} == before
    events = list(yaml.parse("a: [1, 'b']", Loader=yaml.CSafeLoader))
    assert [type(e) for e in events][3:5] == [yaml.ScalarEvent, yaml.SequenceStartEvent]
    assert yaml.dump({"a": [1, "b"]}, Dumper=yaml.CSafeDumper) == "a:\n- 1\n- b\n"


@pytest.mark.parametrize("text", [
    "a: [1, 'b', \"c\"]\nd: {e: |\n  f\n}\ng: >\n  h\n", "a: &x 1\n", "a: *x\n", "a: b\na: c\n", "a: [\n",
    "a: !!int '7'\nb: !!str 8\nc: !!bool yes\n", "- a\n- b: c\n---\n- d\n", "",
])
def test_the_pure_python_parser_reads_as_libyaml_does(text, monkeypatch):
    """Without libyaml the reader drives PyYAML's own parser: the same values, places and errors."""
    from summit_game.pack import _yaml

    def read():
        try:
            doc = read_yaml(text, "f.yaml")
        except YamlProblem as problem:
            return problem.diagnostic.code, problem.diagnostic.line
        places = [{p: (m.line, m.column) for p, m in table.items()} for table in (doc.spans, doc.keys)]
        return doc.value, places, doc.quoted, doc.blocks

    with_libyaml = read()
    made = []
    monkeypatch.setattr(_yaml, "_Parser", lambda text: made.append(text) or _yaml._PurePython(text))
    assert read() == with_libyaml
    assert made == [text]


@given(st.text(alphabet=st.sampled_from("tThHeEgGaAmMsSoOdDlLwWnN '’\u212a\u017f\u0130\u0131\u03b5\u00b5\u1e9b"), max_size=40),
       st.sampled_from(["the game's model", "THE GAME’S OWN MODEL", "The Game's Model", ""]))
@example("x", "tHe GaMe'S mOdEl")
def test_the_model_label_is_searched_only_in_texts_that_say_model(text, label):
    """SG112 looks for 'the game's model' only in texts whose lower case holds 'model': every text
    the search matches does, whatever its case and look-alike letters."""
    from summit_game.pack.resolver import MODEL_SAYS

    for t in (text, label + text, text + label, text[:7] + label + text[7:]):
        if MODEL_SAYS.search(t):
            assert "model" in t.lower()


def test_a_process_forked_during_a_read_gets_pyyaml_events_and_a_free_lock():
    """The serve launcher forks game processes: one forked while another thread is inside
    read_yaml must not inherit the bare events or a lock nobody will release."""
    import os

    import yaml._yaml as libyaml

    from summit_game.pack import _yaml

    held = _yaml._bare_events()
    held.__enter__()  # as if another thread were reading at the fork
    try:
        assert libyaml.ScalarEvent is _yaml._Scalar and _yaml._SWAP.locked()
        pid = os.fork()
        if pid == 0:  # the child: PyYAML's classes, and read_yaml works
            ok = libyaml.ScalarEvent is yaml.ScalarEvent and read_yaml("a: 1", "f.yaml").value == {"a": 1}
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        held.__exit__(None, None, None)
    assert libyaml.ScalarEvent is yaml.ScalarEvent and not _yaml._SWAP.locked()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(['a', 'b', '"c', 'd"', 'e\u2019', '\u201cf', 'g\u201d', 'h']),
                         min_size=1, max_size=6), min_size=1, max_size=5),
       st.integers(0, 400), st.integers(1, 40))
def test_locate_answers_as_paragraph_of_and_spans_paragraphs(paragraphs, at, length):
    """locate's paragraph and "runs across a break", and quotation_around told the paragraph, are what
    paragraph_of, spans_paragraphs and quotation_around alone answer (locate asks the paragraphs once);
    cited adds the paragraph's reference and whether quotation marks enclose the quote."""
    text = SourceText.from_text("\n\n".join(" ".join(words) for words in paragraphs))
    body = text.body
    if not body:
        return
    start = at % len(body)
    quote = body[start:start + length]
    found = text.locate(quote)
    if found is None:
        assert not fold_text(quote)
        return
    a, b, paragraph, across = found
    assert paragraph == text.paragraph_of(a)
    assert across == text.spans_paragraphs(a, b)
    assert text.quotation_around(a, b, paragraph) == text.quotation_around(a, b)
    assert text.cited(quote) == (a, b, paragraph, across, text.ref_of(paragraph),
                                 text.quotation_around(a, b) is not None)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["trust", "risk", "nato"]), st.sampled_from(["a.yaml", "b.yaml"]),
                          st.integers(1, 99), st.integers(1, 9)), max_size=30), st.integers(0, 30))
def test_places_are_the_mapping_of_wheres_they_stand_for(adds, ask_at):
    """Pack.reads and Pack.writes (compiled.Places) answer as the dict of lists of Where they replace:
    names in first-placed order, places in the order added, a name looked up before more places came."""
    from summit_game.pack.compiled import Places, Where

    places, want = Places(), {}
    for k, (name, file, line, col) in enumerate(adds):
        if k == ask_at and name in places:
            assert places[name] == want[name]  # built now; a later add must not leave it stale
        places.add(name, file, line, col)
        want.setdefault(name, []).append(Where(file, line, col))
    assert dict(places) == want and list(places) == list(want) and len(places) == len(want)
    assert all((n in places) == (n in want) for n in ("trust", "risk", "nato", "other"))
    assert places.get("other", []) == [] and places.get("trust", None) == want.get("trust")


# ------------------------------------------------------------------ fixed costs of a load, answered the same


@FUZZ
@given(st.text(alphabet=st.sampled_from("ab \t\n\r\x00\x07\x0b\x1b\x1f\x7f\x85\x9f\xa0\u2028\u3000é"), max_size=30))
def test_the_quick_control_answer_is_the_search(text):
    """A source is checked for control characters with a quick answer for text that has none: the
    same answer (the same first match) as the search itself."""
    from summit_game.pack._yaml import CONTROL, find_control

    found, want = find_control(text), CONTROL.search(text)
    assert (found and found.span()) == (want and want.span())


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["a", "b", "..", ".", "", "pack", "x y", "/", "//"]), max_size=5),
       st.lists(st.sampled_from(["a", "b", "..", ".", "pack", "//"]), max_size=4), st.sampled_from(["/tmp", "/", "//", ""]))
def test_display_path_names_a_file_as_pathlib_does(parts, base_parts, top):
    """display_path answers as text (pathlib is slow): the same as pathlib's relative_to of the paths
    as written, and else of the paths with their links followed, else the path as given."""
    import os

    from summit_game.pack.diagnostics import display_path
    from summit_game.pack.globbing import RealPaths

    base = Path(top, *base_parts)
    path = Path(top, *base_parts[:1], *parts)
    a, b = os.path.abspath(path), os.path.abspath(base)
    try:
        want = str(Path(a).relative_to(b))
    except ValueError:
        try:
            want = str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            want = str(path)
    assert display_path(path, base) == want
    real = RealPaths()
    assert display_path(path, base, real) == want


def test_the_content_hash_is_of_the_files_names_and_bytes_in_name_order(tmp_path):
    """Pack.content_hash (a save's link to its pack) hashes each file's name and the bytes that were
    loaded, in name order: kept from the reading, not read a second time."""
    import hashlib

    pack_dir = tmp_path / "t"
    shutil.copytree(Path(__file__).resolve().parent.parent / "scenes" / "tutorial", pack_dir)
    pack = load_pack(pack_dir)
    files = [pack_dir / "pack.yaml", *pack_dir.glob("scenes/*.yaml"), *pack_dir.glob("sources/*.md")]
    h = hashlib.sha256()
    for f in sorted(files, key=lambda p: p.relative_to(pack_dir).as_posix()):
        h.update(f.relative_to(pack_dir).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    assert pack.content_hash == h.hexdigest()


def test_real_paths_follow_links_as_resolve_does(tmp_path):
    """globbing.RealPaths follows each folder once and only looks at the file itself: for files,
    linked files, linked folders, files that do not exist and links in a loop, what Path.resolve
    gives (None where resolve raises), asked in any order and twice."""
    import os

    from summit_game.pack.globbing import RealPaths, inside

    (tmp_path / "pack" / "scenes").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "pack" / "scenes" / "a.yaml").write_text("scenes: []\n")
    (tmp_path / "outside" / "secret.md").write_text("x\n")
    os.symlink(tmp_path / "outside" / "secret.md", tmp_path / "pack" / "scenes" / "link.yaml")
    os.symlink(tmp_path / "outside", tmp_path / "pack" / "linked")
    os.symlink(tmp_path / "pack" / "loop2", tmp_path / "pack" / "loop1")
    os.symlink(tmp_path / "pack" / "loop1", tmp_path / "pack" / "loop2")
    root = tmp_path / "pack"
    names = ["scenes/a.yaml", "scenes/link.yaml", "linked/secret.md", "scenes/missing.yaml", "loop1",
             "scenes/../scenes/a.yaml", "linked", ".", "scenes/..", "nothere/x.yaml", "missing/../scenes/a.yaml",
             "scenes/a.yaml/x", "linked/../pack/scenes/a.yaml", "loop1/x.yaml", "scenes/link.yaml/.."]
    for top in (root, Path(os.path.relpath(root))):
        for order in (names, names[::-1]):
            real = RealPaths()
            for name in order + order:
                p = top / name
                try:
                    want = p.resolve()
                except (OSError, RuntimeError):
                    want = None
                assert real(p) == want, name
                assert inside(top, p, real) == inside(top, p), name


PLAYTEST_LINES = [
    "lines:", "expect:", "  talker:", "  walker:", "    role: east", "    role: eest", "    note: \"a \"b\" c\"",
    "    note: 'it's'", "    prefer: [talk", "    prefer: [talk]", "  - reachable: good", "  - line: talker",
    "- reachable: plain", "    ending: good", "    at_least: 0.5", "\tnote: x", "  talker:", "# a comment", "",
    "    x: &a 1", "---", "  - {reachable: good", "lines: {a: 1", "   odd: indent", "expect: [", "    - bad",
]


@FUZZ_FOLDER
@given(st.lists(st.sampled_from(PLAYTEST_LINES), max_size=14).map("\n".join))
def test_playtest_yaml_read_entry_by_entry_gives_located_errors_only(folder, text):
    """playtest.yaml's entries are read one by one when the file has a syntax error (yaml_pieces): any mix of
    broken and sound entries gives located diagnostics within the file, never a traceback, and with the pack
    loaded just the same as without it."""
    from summit_game.pack.playtest_file import check_playtest, check_playtest_file

    (folder / "playtest.yaml").write_text(text, encoding="utf-8")
    for d in check_playtest_file(folder):
        check_diagnostic(d, text)
    pack = load_pack(folder)
    diags = check_playtest(pack)
    for d in diags:
        check_diagnostic(d, text)
    # the syntax errors are the same whether the pack is loaded or not
    assert [d for d in diags if d.code == "SG004"] == [d for d in check_playtest_file(folder) if d.code == "SG004"]
