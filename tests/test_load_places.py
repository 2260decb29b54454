"""Scene files are read without positions; the places a pack keeps are looked up when first read.

``Where.later`` (summit_game/pack/compiled.py) and ``read_yaml(..., lean=True)``: what is
asked gets the same answer as a full read gives, and the pack keeps no copy of the files' values.
"""

from __future__ import annotations

import copy
import gc
import pickle
from pathlib import Path

from summit_game.pack import loader
from summit_game.pack._yaml import Located, read_yaml
from summit_game.pack.compiled import Places, Where

ROOT = Path(__file__).resolve().parent.parent
PACKS = [ROOT / "scenes" / "anchorage", ROOT / "scenes" / "tutorial"]


def _places(pack) -> dict:
    out = {}
    for sid, s in pack.scenes.items():
        out[sid] = (s.where.file, s.where.line, s.where.column)
        for c in s.choices:
            out[f"{sid}.{c.id}"] = (c.where.file, c.where.line, c.where.column)
    for eid, e in pack.endings.items():
        out[eid] = (e.where.file, e.where.line, e.where.column)
    for name in ("reads", "writes"):
        table = getattr(pack, name)
        out[name] = {v: [(w.file, w.line, w.column) for w in table[v]] for v in table}
    return out


def test_every_place_a_pack_keeps_is_the_full_reads(monkeypatch):
    """Scenes, choices, endings, and where each variable is read and written: the same file, line
    and column as when every scene file is read with all its positions."""
    monkeypatch.chdir(ROOT)
    lean = {p: _places(loader.load_pack(p)) for p in PACKS}
    read = loader._read
    monkeypatch.setattr(loader, "_read", lambda path, shown, diags, lean=False, kept=None, refused=None:
                        read(path, shown, diags, False, kept, refused))
    full = {p: _places(loader.load_pack(p)) for p in PACKS}
    assert lean == full
    anchorage = lean[PACKS[0]]
    assert all(at[1] > 1 for key, at in anchorage.items() if key not in ("reads", "writes"))
    assert sum(len(v) for v in anchorage["writes"].values()) > 50


def test_a_pack_keeps_no_copy_of_its_files_values(monkeypatch):
    """The documents kept for later places hold their text, not the values read from it
    (the models and the compiled pack hold those)."""
    monkeypatch.chdir(ROOT)
    pack = loader.load_pack(PACKS[0])
    [scene] = [s for s in pack.scenes.values()][:1]
    assert type(scene.where.__dict__["_at"][0]) is Located  # not placed yet
    seen, todo, docs = set(), [pack], []
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, (str, int, float, type)):
            continue
        seen.add(id(obj))
        if type(obj) is Located:
            docs.append(obj)
            continue
        todo += gc.get_referents(obj)
    assert {Path(d.file).name for d in docs} >= {f.name for f in (PACKS[0] / "scenes").glob("*.yaml")}  # each scene file
    assert all(d.value is None for d in docs)


def test_a_later_where_is_a_where():
    doc = read_yaml("scenes:\n  - id: a\n    title: A\n", "s.yaml", lean=True)
    later = Where.later("s.yaml", doc, ("scenes", 0))
    assert "line" not in later.__dict__
    assert later == Where("s.yaml", 2, 5) and Where("s.yaml", 2, 5) == later
    assert hash(later) == hash(Where("s.yaml", 2, 5)) and repr(later) == "Where(file='s.yaml', line=2, column=5)"
    assert (later.line, later.column) == (2, 5) and "_at" not in later.__dict__
    again = Where.later("s.yaml", doc, ("scenes", 0, "title"))
    copied, unpickled = copy.deepcopy(again), pickle.loads(pickle.dumps(again))
    assert copied == unpickled == Where("s.yaml", 3, 12)
    assert "_at" not in copied.__dict__ and "_at" not in unpickled.__dict__  # never the document
    try:
        later.nothing
    except AttributeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("an unknown attribute must raise")


def test_places_added_later_are_looked_up_when_asked():
    doc = read_yaml("effects: [\"trust += 1\"]\nif: \"trust > 2\"\n", "s.yaml", lean=True)
    places = Places()
    places.later("trust", "s.yaml", doc, ("effects", 0))
    places.add("trust", "p.yaml", 4, 7)
    places.later("trust", "s.yaml", doc, ("if",))
    assert places["trust"] == [Where("s.yaml", 1, 11), Where("p.yaml", 4, 7), Where("s.yaml", 2, 5)]


def test_a_place_looked_up_twice_at_once_answers_both():
    """Two threads reading a later Where's line at once both get it: here the lookup itself has the
    line read again before it is done, as a second thread would."""

    class Doc:
        calls = 0

        def where(self, path):
            self.calls += 1
            if self.calls == 1:
                assert later.line == 2  # the other thread, meanwhile
            return (2, 5)

    later = Where.later("s.yaml", Doc(), ("scenes", 0))
    assert (later.line, later.column) == (2, 5)
    assert "_at" not in later.__dict__


ODD = """\
scenes:
- id: a
  choices:
  - {id: x, goto: b}
  -
    id: y
    goto: b
  - id: z
    chance:
      - {weight: 1, goto: a}
      - weight: 2
        goto: b
1: [{n: 1}, [{m: 2}, {m: 3}], plain]
true:
  - - {deep: 1}
    - deep: 2
null: {inner: [{k: v}]}
"it's": [{q: 1}]
"""


def _items(value, path=()) -> list[tuple]:
    """The paths of the mappings that are items of lists in ``value``."""
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _items(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, dict):
                out.append(path + (i,))
            out += _items(v, path + (i,))
    return out


def test_a_lean_document_places_the_items_of_its_lists_without_every_mark():
    """A scene, a choice, an ending (any mapping in a list, in block or flow style, under any key) is
    placed where a full read places it, and asking for one reads the text again without its scalars'
    and keys' marks (their table is still unread); anything else is then placed from a full read."""
    full = read_yaml(ODD, "s.yaml")
    lean = read_yaml(ODD, "s.yaml", lean=True)
    paths = _items(full.value)
    assert ("scenes", 0, "choices", 0) in paths and ("1", 1, 0) in paths and ("true", 0, 1) in paths
    assert ("null", "inner", 0) in paths and ("it's", 0) in paths and len(paths) == 13
    assert [lean.where(p) for p in paths] == [full.where(p) for p in paths]
    assert lean._keys is None  # no full read yet
    assert lean.where(("scenes", 0, "choices", 2, "goto")) == full.where(("scenes", 0, "choices", 2, "goto"))
    assert lean.where(("scenes", 0, "choices", 9)) == full.where(("scenes", 0, "choices", 9)) == (4, 3)
    assert lean._keys is not None  # now read in full
    assert [lean.where(p) for p in paths] == [full.where(p) for p in paths]


def test_a_lean_documents_items_are_read_once():
    lean = read_yaml(ODD, "s.yaml", lean=True)
    assert lean.where(("scenes", 0)) == (2, 3)
    items = lean._items
    assert lean.where(("scenes", 0, "choices", 1)) == (6, 5) and lean._items is items


def test_a_lean_document_asked_for_a_key_or_a_value_first_is_read_in_full_once(monkeypatch):
    """What is not an item of a list (a path not ending in an index) has the full read straight away,
    not the items' read first (a warning of the load itself: SG111 on an 'if', SG112 on a text)."""
    from summit_game.pack import _yaml

    lean = read_yaml(ODD, "s.yaml", lean=True)
    reads = []
    monkeypatch.setattr(_yaml, "read_yaml", lambda *a, **k: reads.append(k) or read_yaml(*a, **k))
    assert lean.where(("scenes", 0, "choices", 1, "goto")) == (7, 11)
    assert lean.where(("scenes", 0, "choices", 1)) == (6, 5)
    assert reads == [{}]  # one read, with every mark

    lean = read_yaml(ODD, "s.yaml", lean=True)
    assert lean.where(("scenes", 0, "choices", 1)) == (6, 5) and lean.where(("scenes", 0)) == (2, 3)
    assert reads == [{}, {"items": True}]


def test_a_scene_file_that_cites_nothing_is_read_with_its_items_placed(tmp_path, monkeypatch):
    """Each choice of a file that cites nothing has a warning (SG105), so its one read places its lists'
    items: placing the warnings reads it no more. A file that cites is read lean, as before."""
    from summit_game.pack import _yaml

    (tmp_path / "bare.yaml").write_text(ODD)
    (tmp_path / "cited.yaml").write_text(ODD + "cite: [{quote: Talking helps.}]\n")
    diags: list = []
    bare = loader._read(tmp_path / "bare.yaml", "bare.yaml", diags, True)
    cited = loader._read(tmp_path / "cited.yaml", "cited.yaml", diags, True)
    assert diags == [] and bare._keys is None and cited._keys is None  # both read lean
    reads = []
    monkeypatch.setattr(_yaml, "read_yaml", lambda *a, **k: reads.append(k) or read_yaml(*a, **k))
    assert bare.where(("scenes", 0, "choices", 1)) == (6, 5) and bare.where(("true", 0, 1)) == (16, 7)
    assert reads == []
    assert cited.where(("scenes", 0, "choices", 1)) == (6, 5) and reads == [{"items": True}]
