"""Validating a pack file's shape without importing pydantic (the common case: a valid file).

Importing pydantic and building the models costs more than loading a whole
small pack, and a process that only checks or plays a pack that is valid
needs none of pydantic's error machinery. So the loader first runs this
validator, which follows ``shape.json``: the models' own validation schema
(pydantic's core schema of ``model.Manifest`` and ``model.SceneFile``,
exported by ``python -m summit_game.pack.shape``; a test keeps it equal to the
models). The models stay the one description of the format: nothing here is
written by hand but the meaning of each kind of node, the same as pydantic's
strict mode.

It answers with objects that read like the models (same attribute names,
frozen), or ``None`` the moment anything is off, and then the loader asks
pydantic itself, which gives the located errors (or, where this validator was
more careful than needed, the models). A test compares the two on fuzzed files.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Callable

from .rules import scene_file_pattern

SPEC = Path(__file__).with_name("shape.json")

class Invalid(Exception):
    """Not valid here: let pydantic say why."""


class Shape:
    """A validated value that reads like the pydantic model it stands for."""

    _fields: tuple[str, ...] = ()

    def __init__(self, **values: Any) -> None:
        for k, v in values.items():
            object.__setattr__(self, k, v)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._fields)

    def __hash__(self) -> int:  # like a frozen model's: by value (unhashable contents raise, as there)
        return hash((type(self).__name__, tuple(getattr(self, f) for f in self._fields)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self._fields)})"


# Field validators of the models, by qualified name, as pydantic-free functions: the models'
# validators call the same functions, so the rule lives in one place.
VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "scene_file_pattern": scene_file_pattern,
}


def _pattern(p: str) -> re.Pattern:
    # pydantic matches patterns with Rust's regex, where `$` is the end of the text; in
    # Python's `re` it also matches before a final newline, so it is made exact with \Z.
    if p.endswith("$") and not p.endswith("\\$"):
        p = p[:-1] + r"\Z"
    return re.compile(p)


class _Compiler:
    def __init__(self, defs: dict[str, dict]):
        self.defs = defs
        self.classes: dict[str, type] = {}
        self.done: dict[str, Callable] = {}
        self.shared: list[tuple] = []  # (the list or dict every missing field shares, a copy of it)

    def node(self, n: dict) -> Callable[[Any], Any]:
        t = n["type"]
        make = getattr(self, "_" + t.replace("-", "_"))
        return make(n)

    def _definition_ref(self, n):
        ref = n["schema_ref"]
        if ref not in self.done:
            self.done[ref] = None  # type: ignore[assignment]
            self.done[ref] = self.node(self.defs[ref])
        if self.done[ref] is not None:
            return self.done[ref]
        holder = self.done  # a model that holds itself (none does today): looked up when used

        def v(x):
            return holder[ref](x)
        return v

    def _str(self, n, nullable: bool = False):
        lo, hi = n.get("min_length"), n.get("max_length")
        pat = _pattern(n["pattern"]).search if "pattern" in n else None
        # the common kinds each as its own small function (ids: a pattern only; texts: nothing)
        if lo is None and hi is None:
            if pat is None:
                def v(x):
                    if type(x) is not str and (x is not None or not nullable):
                        raise Invalid
                    return x
                return v

            def v(x):
                if type(x) is not str:
                    if x is None and nullable:
                        return x
                    raise Invalid
                if pat(x) is None:
                    raise Invalid
                return x
            return v

        def v(x):
            if type(x) is not str:
                if x is None and nullable:
                    return x
                raise Invalid
            if (lo is not None and len(x) < lo) or (hi is not None and len(x) > hi):
                raise Invalid
            if pat is not None and pat(x) is None:
                raise Invalid
            return x
        return v

    def _int(self, n):
        ge, le, gt, lt = n.get("ge"), n.get("le"), n.get("gt"), n.get("lt")

        def v(x):
            if type(x) is not int or (ge is not None and x < ge) or (le is not None and x > le) \
                    or (gt is not None and x <= gt) or (lt is not None and x >= lt):
                raise Invalid
            return x
        return v

    def _bool(self, n):
        def v(x):
            if type(x) is not bool:
                raise Invalid
            return x
        return v

    def _literal(self, n):
        expected = [(type(e), e) for e in n["expected"]]

        def v(x):
            for t, e in expected:
                if type(x) is t and x == e:
                    return x
            raise Invalid
        return v

    def _nullable(self, n):
        if n["schema"]["type"] == "str":
            return self._str(n["schema"], nullable=True)  # one call, not two
        inner = self.node(n["schema"])

        def v(x):
            return None if x is None else inner(x)
        return v

    def _union(self, n):
        choices = [self.node(c if isinstance(c, dict) else c[0]) for c in n["choices"]]

        def v(x):
            for c in choices:
                try:
                    return c(x)
                except Invalid:
                    continue
            raise Invalid
        return v

    def _list(self, n):
        item = self.node(n["items_schema"]) if "items_schema" in n else (lambda x: x)
        lo, hi = n.get("min_length"), n.get("max_length")

        if lo is None and hi is None:  # most lists: no bounds
            def v(x):
                if type(x) is not list:
                    raise Invalid
                return list(map(item, x))  # a new list, as pydantic's (map: no comprehension's frame)
            return v

        def v(x):
            if type(x) is not list or (lo is not None and len(x) < lo) or (hi is not None and len(x) > hi):
                raise Invalid
            return list(map(item, x))
        return v

    def _dict(self, n):
        key = self.node(n["keys_schema"]) if "keys_schema" in n else (lambda x: x)
        val = self.node(n["values_schema"]) if "values_schema" in n else (lambda x: x)
        lo, hi = n.get("min_length"), n.get("max_length")

        def v(x):
            if type(x) is not dict or (lo is not None and len(x) < lo) or (hi is not None and len(x) > hi):
                raise Invalid
            return {key(k): val(i) for k, i in x.items()}
        return v

    def _function_after(self, n):
        inner = self.node(n["schema"])
        fn = VALIDATORS[n["function"]]

        def v(x):
            try:
                return fn(inner(x))
            except (ValueError, AssertionError):
                raise Invalid from None
        return v

    def _model(self, n):
        name = n["name"]
        fields = n["schema"]["fields"]
        # Per key the model accepts: (attribute, check, required). The check is None for a plain
        # text (tested inline: most fields are), else a validator. The values start as a copy of
        # the defaults, and only the keys the mapping has are looked at: a Choice has 13 fields,
        # and a typical one in a file gives 5 or 6.
        by_key: dict[str, tuple] = {}
        defaults: dict[str, Any] = {}
        required = 0
        for attr, f in fields.items():
            key = f.get("validation_alias", attr)
            s = f["schema"]
            if s["type"] == "default":
                d = s["default_factory"] if "default_factory" in s else s["default"]
                # A missing list or dict field shares one default per model and field, where pydantic
                # makes a fresh one: equal to it, and nothing changes a pack file's values after
                # validation (the compiled pack shares its empty lists the same way; tests/test_shape.py
                # checks that every shared default is unchanged after loads, checks and games).
                defaults[attr] = copy.deepcopy(d) if isinstance(d, (list, dict)) else d
                s = s["schema"]
                req = 0
            else:
                req = 1
                required += 1
            check = None if s == {"type": "str"} else self.node(s)
            by_key[key] = (attr, check, req)
        names = tuple(fields)
        cls = self.classes.get(name)
        if cls is None:
            cls = self.classes[name] = type(name, (Shape,), {"_fields": names})
        self.shared += [(d, copy.deepcopy(d)) for d in defaults.values() if isinstance(d, (list, dict))]
        new = object.__new__
        setattr_ = object.__setattr__
        lookup = by_key.get
        start = defaults.copy

        def v(x):
            if type(x) is not dict:
                raise Invalid
            values = start()
            seen = 0
            for key, value in x.items():
                entry = lookup(key)
                if entry is None:
                    raise Invalid  # a key the model does not know
                attr, check, req = entry
                if check is None:
                    if type(value) is not str:
                        raise Invalid
                else:
                    value = check(value)
                values[attr] = value
                seen += req
            if seen != required:
                raise Invalid  # a required key is missing
            obj = new(cls)
            setattr_(obj, "__dict__", values)
            return obj
        return v


_validators: dict[str, Callable[[Any], Any]] | None = None
_shared: list[tuple] = []


def _load() -> dict[str, Callable[[Any], Any]]:
    global _validators
    if _validators is None:
        spec = json.loads(SPEC.read_text(encoding="utf-8"))
        compiler = _Compiler(spec["definitions"])
        _validators = {name: compiler.node(node) for name, node in spec["models"].items()}
        _shared[:] = compiler.shared
    return _validators


def shared_defaults_unchanged() -> bool:
    """Whether every default the validated values share is still what the models say (tests ask)."""
    _load()
    return all(type(d) is type(c) and d == c for d, c in _shared)


def validate(model: str, value: Any) -> Any:
    """``value`` as model ``model`` ("Manifest" or "SceneFile"), or None if it is not plainly valid."""
    try:
        return _load()[model](value)
    except Invalid:
        return None
    except RecursionError:  # pragma: no cover - the YAML reader caps nesting long before
        return None


# ------------------------------------------------------------------ exporting the spec (needs pydantic)


def export() -> dict:
    """The models' core schema, reduced to what ``_Compiler`` reads (classes by name, no functions)."""
    from . import model as m

    defs: dict[str, dict] = {}

    def ref(r: str) -> str:  # 'summit_game.pack.model.Citation:94903499210496' -> 'Citation' (stable)
        return r.split(":")[0].rsplit(".", 1)[-1]

    def conv(n: dict) -> dict:
        t = n["type"]
        if t == "definitions":
            for d in n["definitions"]:
                conv(d)  # registers itself under its ref
            return conv(n["schema"])
        if t == "model":
            config = n.get("config", {})
            if config.get("extra_fields_behavior") != "forbid" or not config.get("strict"):
                raise ValueError(f"{n['cls'].__name__}: the shape validator knows strict models with extra='forbid' only")
            if n.get("custom_init") or n.get("post_init") or n.get("root_model"):
                raise ValueError(f"{n['cls'].__name__}: custom init, post-init and root models are not supported")
            inner = n["schema"]
            if inner["type"] != "model-fields" or inner.get("computed_fields") or inner.get("model_validators"):
                raise ValueError(f"{n['cls'].__name__}: unsupported model schema")
            name = n["cls"].__name__
            if name in defs:  # each model once, by name; everywhere else a reference to it
                return {"type": "definition-ref", "schema_ref": name}
            out = {"type": "model", "name": name, "schema": {"fields": {}}}
            defs[name] = out
            for fname, f in inner["fields"].items():
                field: dict[str, Any] = {"schema": conv(f["schema"])}
                alias = f.get("validation_alias")
                if alias is not None:
                    if not isinstance(alias, str):
                        raise ValueError(f"{fname}: only a plain string alias is supported")
                    field["validation_alias"] = alias
                out["schema"]["fields"][fname] = field
            if "ref" in n and ref(n["ref"]) != name:
                raise ValueError(f"two models named {name}")
            return {"type": "definition-ref", "schema_ref": name}
        if t == "definition-ref":
            return {"type": t, "schema_ref": ref(n["schema_ref"])}
        if t == "default":
            out = {"type": "default", "schema": conv(n["schema"])}
            if "default_factory" in n:
                if n.get("default_factory_takes_data"):
                    raise ValueError("default factories that take data are not supported")
                out["default_factory"] = n["default_factory"]()
            else:
                out["default"] = n["default"]
            json.dumps(out.get("default_factory", out.get("default")))  # must be plain data
            return out
        if t == "function-after":
            fn = n["function"]["function"]
            qualname = getattr(fn, "__qualname__", repr(fn))
            if qualname not in VALIDATORS:
                raise ValueError(f"field validator {qualname} has no pydantic-free twin in shape.VALIDATORS")
            return {"type": t, "function": qualname, "schema": conv(n["schema"])}
        simple = {
            "str": {"min_length", "max_length", "pattern"},
            "int": {"ge", "le", "gt", "lt"},
            "bool": set(),
            "literal": {"expected"},
        }
        if t in simple:
            extra = set(n) - simple[t] - {"type", "strict", "metadata", "ref"}
            if extra:
                raise ValueError(f"{t} schema with {sorted(extra)}: not supported by the shape validator")
            return {k: v for k, v in n.items() if k == "type" or k in simple[t]}
        if t == "nullable":
            return {"type": t, "schema": conv(n["schema"])}
        if t == "union":
            if n.get("mode", "smart") != "smart":
                raise ValueError("only smart unions are supported")
            choices = [conv(c if isinstance(c, dict) else c[0]) for c in n["choices"]]
            if any(c["type"] not in ("int", "bool", "str", "literal") for c in choices):
                raise ValueError("unions of anything but plain values are not supported")
            return {"type": t, "choices": choices}
        if t in ("list", "dict"):
            out = {"type": t}
            for k in ("min_length", "max_length"):
                if k in n:
                    out[k] = n[k]
            for k in ("items_schema", "keys_schema", "values_schema"):
                if k in n:
                    out[k] = conv(n[k])
            return out
        raise ValueError(f"core schema node '{t}' is not supported by the shape validator; teach pack/shape.py")

    models = {"Manifest": conv(m.Manifest.__pydantic_core_schema__),
              "SceneFile": conv(m.SceneFile.__pydantic_core_schema__)}
    return {"note": "generated from summit_game/pack/model.py by `python -m summit_game.pack.shape`; do not edit",
            "models": models, "definitions": defs}


def dumps(spec: dict) -> str:
    return json.dumps(spec, indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - run by hand when model.py changes
    SPEC.write_text(dumps(export()), encoding="utf-8")
    print(f"wrote {SPEC}")
