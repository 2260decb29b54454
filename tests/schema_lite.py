"""A small JSON Schema (draft-07) validator for the tests: no dependency, every keyword our schemas use.

An unknown keyword is an error (so a schema that grows a new keyword cannot be
silently half-checked). Not a general implementation: local ``$ref`` only.
"""

from __future__ import annotations

import re
from typing import Any

#: errorMessage: the words yaml-language-server shows when the schema it sits in fails (no rule of its own)
ANNOTATIONS = {"title", "description", "default", "$schema", "examples", "definitions", "$comment", "errorMessage",
               "patternErrorMessage"}  # yaml-language-server's words for a failed keyword: annotations here


class SchemaError(Exception):
    pass


def _is_type(value: Any, name: str) -> bool:
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool) or (
            isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    raise SchemaError(f"unknown type {name!r}")


def errors(schema: Any, value: Any, root: Any = None, path: str = "$") -> list[str]:
    """Every way ``value`` breaks ``schema``, as 'path: what' lines (empty: valid)."""
    root = schema if root is None else root
    if schema is True:
        return []
    if schema is False:
        return [f"{path}: nothing is allowed here"]
    out: list[str] = []
    for key, rule in schema.items():
        if key in ANNOTATIONS:
            continue
        if key == "$ref":
            if not rule.startswith("#/"):
                raise SchemaError(f"only local $ref: {rule}")
            target: Any = root
            for part in rule[2:].split("/"):
                target = target[part]
            out += errors(target, value, root, path)
        elif key == "type":
            names = rule if isinstance(rule, list) else [rule]
            if not any(_is_type(value, n) for n in names):
                out.append(f"{path}: expected {rule}, got {type(value).__name__}")
        elif key == "enum":
            if not any(value == v and type(value) is type(v) for v in rule):
                out.append(f"{path}: {value!r} not in {rule}")
        elif key == "const":
            if not (value == rule and type(value) is type(rule)):
                out.append(f"{path}: {value!r} is not {rule!r}")
        elif key == "anyOf":
            if not any(not errors(s, value, root, path) for s in rule):
                out.append(f"{path}: matches none of anyOf")
        elif key == "oneOf":
            if sum(not errors(s, value, root, path) for s in rule) != 1:
                out.append(f"{path}: does not match exactly one of oneOf")
        elif key == "allOf":
            for s in rule:
                out += errors(s, value, root, path)
        elif key == "not":
            if not errors(rule, value, root, path):
                out.append(f"{path}: matches 'not'")
        elif key == "if":
            branch = "then" if not errors(rule, value, root, path) else "else"
            if branch in schema:
                out += errors(schema[branch], value, root, path)
        elif key in ("then", "else"):
            continue  # with "if"
        elif key in ("minLength", "maxLength", "pattern"):
            if isinstance(value, str):
                if key == "minLength" and len(value) < rule:
                    out.append(f"{path}: shorter than {rule}")
                if key == "maxLength" and len(value) > rule:
                    out.append(f"{path}: longer than {rule}")
                if key == "pattern" and not re.search(rule, value):
                    out.append(f"{path}: {value!r} does not match {rule}")
        elif key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if _is_type(value, "number"):
                bad = {"minimum": value < rule, "maximum": value > rule,
                       "exclusiveMinimum": value <= rule, "exclusiveMaximum": value >= rule}[key]
                if bad:
                    out.append(f"{path}: {value} breaks {key} {rule}")
        elif key in ("minItems", "maxItems", "items"):
            if isinstance(value, list):
                if key == "minItems" and len(value) < rule:
                    out.append(f"{path}: fewer than {rule} items")
                if key == "maxItems" and len(value) > rule:
                    out.append(f"{path}: more than {rule} items")
                if key == "items":
                    for i, item in enumerate(value):
                        out += errors(rule, item, root, f"{path}[{i}]")
        elif key in ("properties", "patternProperties", "additionalProperties", "required", "propertyNames",
                     "minProperties", "maxProperties"):
            if isinstance(value, dict):
                out += _object(schema, key, rule, value, root, path)
        else:
            raise SchemaError(f"keyword {key!r} is not supported by this validator")
    return out


def _object(schema: dict, key: str, rule: Any, value: dict, root: Any, path: str) -> list[str]:
    out: list[str] = []
    if key == "properties":
        for name, sub in rule.items():
            if name in value:
                out += errors(sub, value[name], root, f"{path}.{name}")
    elif key == "patternProperties":
        for pattern, sub in rule.items():
            for name in value:
                if re.search(pattern, str(name)):
                    out += errors(sub, value[name], root, f"{path}.{name}")
    elif key == "additionalProperties":
        known = set(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        for name in value:
            if name in known or any(re.search(p, str(name)) for p in patterns):
                continue
            out += errors(rule, value[name], root, f"{path}.{name}") if rule is not False else [
                f"{path}: unknown key {name!r}"]
    elif key == "required":
        out += [f"{path}: missing {name!r}" for name in rule if name not in value]
    elif key == "propertyNames":
        for name in value:
            out += errors(rule, name, root, f"{path}.<{name}>")
    elif key == "minProperties" and len(value) < rule:
        out.append(f"{path}: fewer than {rule} keys")
    elif key == "maxProperties" and len(value) > rule:
        out.append(f"{path}: more than {rule} keys")
    return out
