"""Hostile packs for the hardening tests (no tests here).

``markup_pack`` copies a pack and puts ``text`` into every text field the
pack format has, found from the pydantic models, not from a list: every
string value of the pack's YAML gets ``text`` in front, every string field a
model declares and the pack leaves out is added, and each quote becomes a
passage (added to the source) that holds ``text``. Whatever the loader
refuses (ids, expressions, file names, patterns) is dropped, found by
loading; so a field added to the models later is covered without editing
the tests.
"""

from __future__ import annotations

import copy
import shutil
import types
import typing
from pathlib import Path
from typing import Any, Callable

import yaml


def _patterned(metadata: Any) -> bool:
    return any(getattr(m, "pattern", None) for m in metadata)


def _text_type(annotation: Any, metadata: Any = ()) -> str | None:
    """'str', 'list' or 'dict' when the field holds free text (a string with no pattern), else None."""
    if _patterned(metadata):
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _text_type(args[0], args[1:])
    if origin in (typing.Union, types.UnionType):
        return next((t for a in args if (t := _text_type(a)) is not None), None)
    if origin is list and args:
        return "list" if _text_type(args[0]) == "str" else None
    if origin is dict and len(args) == 2:
        return "dict" if _text_type(args[1]) == "str" else None
    return "str" if annotation is str else None


def _submodel(annotation: Any) -> tuple[str, type] | None:
    """('one' | 'list' | 'dict', model) when the field holds pydantic models."""
    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _submodel(args[0])
    if origin in (typing.Union, types.UnionType):
        for a in args:
            if (found := _submodel(a)) is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "one", annotation
    if origin is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return "list", args[0]
    if origin is dict and len(args) == 2 and isinstance(args[1], type) and issubclass(args[1], BaseModel):
        return "dict", args[1]
    return None


Edit = tuple[str, str, Callable[[], None]]  # (where, field, apply)


def _edits(data: Any, model: type, text: str, quote_text: str) -> list[Edit]:
    """(where, model.field, apply) for every text field of ``data`` (an instance of ``model`` as YAML data)."""
    edits: list[Edit] = []

    def walk(node: Any, model: type, where: str) -> None:
        if not isinstance(node, dict):
            return
        for name, info in model.model_fields.items():
            key = info.alias or name
            here = f"{where}.{key}"
            field = f"{model.__name__}.{key}"
            annotation = info.annotation
            sub = _submodel(annotation)
            if sub is not None:
                kind, child = sub
                value = node.get(key)
                if kind == "one":
                    walk(value, child, here)
                elif kind == "list" and isinstance(value, list):
                    for i, item in enumerate(value):
                        walk(item, child, f"{here}[{i}]")
                elif kind == "dict" and isinstance(value, dict):
                    for k, item in value.items():
                        walk(item, child, f"{here}.{k}")
                continue
            kind = _text_type(annotation, info.metadata)
            value = node.get(key)
            if kind is None:
                continue
            if key == "quote":
                edits.append((here, field, lambda n=node, k=key: n.__setitem__(k, quote_text)))
            elif kind == "str" and isinstance(value, str):
                edits.append((here, field, lambda n=node, k=key, v=value: n.__setitem__(k, text + v)))
            elif kind == "list" and isinstance(value, list):
                for i, v in enumerate(value):
                    if isinstance(v, str):
                        edits.append((f"{here}[{i}]", field, lambda lst=value, i=i, v=v: lst.__setitem__(i, text + v)))
            elif kind == "dict" and isinstance(value, dict):
                for k, v in value.items():
                    if isinstance(v, str):
                        edits.append((f"{here}.{k}", field, lambda d=value, k=k, v=v: d.__setitem__(k, text + v)))
            elif kind == "str" and key not in node:
                edits.append((here + " (added)", field, lambda n=node, k=key: n.__setitem__(k, text + "added")))

    walk(data, model, "")
    return edits


def markup_pack(src: Path, dest: Path, text: str) -> tuple[Path, list[str]]:
    """A copy of the pack at ``src`` with ``text`` in every text field; (folder, the fields changed)."""
    from summit_game.pack import PackError, load_pack
    from summit_game.pack.model import Manifest, SceneFile

    quote_text = f"The hostile passage {text}holds markup."
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest)
    for source in (dest / "sources").glob("*"):
        source.write_text(source.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{quote_text}\n", encoding="utf-8")
    files = [(dest / "pack.yaml", Manifest)] + [(f, SceneFile) for f in sorted((dest / "scenes").glob("*.yaml"))]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    originals = {f: yaml.load(f.read_text(encoding="utf-8"), Loader=loader) for f, _ in files}

    def build(chosen: set[str]) -> None:
        for f, model in files:
            data = copy.deepcopy(originals[f])
            for where, _, apply in _edits(data, model, text, quote_text):
                if f"{f.name}{where}" in chosen:
                    apply()
            f.write_text(yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")

    def loads(chosen: set[str]) -> bool:
        build(chosen)
        try:
            load_pack(dest)
        except PackError:
            return False
        return True

    fields: dict[str, set[str]] = {}  # model.field -> where (a field is text everywhere or nowhere)
    for f, model in files:
        for where, field, _ in _edits(copy.deepcopy(originals[f]), model, text, quote_text):
            fields.setdefault(field, set()).add(f"{f.name}{where}")
    accepted = [name for name, wheres in fields.items() if loads(wheres)]

    def keep(names: list[str]) -> list[str]:
        """The largest part of ``names`` the loader accepts together."""
        if not names or loads({w for n in names for w in fields[n]}):
            return names
        if len(names) == 1:
            return []
        half = len(names) // 2
        return keep(names[:half]) + keep(names[half:])

    kept = [w for n in keep(accepted) for w in fields[n]]
    build(set(kept))
    return dest, kept
