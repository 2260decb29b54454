"""JSON Schema for pack files, for authors' editors (YAML language servers).

Generated from the same pydantic models the loader validates with, and
rewritten to draft-07 (``definitions`` instead of ``$defs``), which the
common YAML editor extensions understand without warnings. pydantic's
``anyOf`` for ``str | None`` and ``int | bool`` becomes one schema with a
list of types, so that the editor's hover shows the key's own description
once (tests/test_yaml_language_server.py drives yaml-language-server).
"""

from __future__ import annotations

import json
from typing import Any

from .model import ID_PATTERN, KIND_PATTERN, Manifest, SceneFile
from .playtest_file import PlaytestFile

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _simple(branch: Any) -> bool:
    """A branch that is one type with keywords of that type only (no $ref, no combinators)."""
    return (isinstance(branch, dict) and isinstance(branch.get("type"), str)
            and not {"$ref", "anyOf", "oneOf", "allOf", "not", "if"} & branch.keys())


def _collapse_unions(node: Any) -> None:
    """``anyOf: [X, {type: null}]`` and ``anyOf`` of bare types become one schema with a list of types.

    pydantic writes ``str | None`` and ``int | bool`` as ``anyOf``. A YAML language server shows
    the title of every branch on hover ("Label || Label") and the description of the branch
    that matched instead of the key's own (a goto's hover read "An id: ..." instead of
    "Next scene..."). One schema with ``type: [string, null]`` says the same to a validator.
    """
    if isinstance(node, list):
        for item in node:
            _collapse_unions(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _collapse_unions(value)
    if node.get("default", 0) is None and isinstance(node.get("type"), str) and node["type"] != "null":
        # a key that may be left out but never written empty (`if:`, `roles:` with nothing after
        # them): 'default: null' would offer null as the value to type in, and contradict the type
        del node["default"]
    branches = node.get("anyOf")
    if not isinstance(branches, list) or not all(_simple(b) for b in branches):
        return
    types = [b["type"] for b in branches]
    if len(set(types)) != len(types):
        return
    keywords = [{k: v for k, v in b.items() if k not in ("type", "description", "title")} for b in branches]
    rest = [k for k in keywords if k]
    if len(rest) > 1:
        return  # two branches with their own keywords: a real union, keep it
    merged: dict[str, Any] = dict(rest[0]) if rest else {}
    if "enum" in merged and "null" in types:
        merged["enum"] = [*merged["enum"], None]
    if "const" in merged:
        return
    described = [b["description"] for b in branches if "description" in b]
    if "null" in types and node.get("default", 0) is None:
        # 'default: null' says only that the key may be left out; the server offers it as the
        # value to type in, and yaml-language-server 1.25's completion throws on a null default
        # of a type list (every key after it in the mapping was then left out of completion)
        del node["default"]
    del node["anyOf"]
    node["type"] = types
    for k, v in merged.items():
        node.setdefault(k, v)
    if "description" not in node and described:
        node["description"] = described[0]


def _draft07(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    text = json.dumps(schema).replace('"#/$defs/', '"#/definitions/')
    out = json.loads(text)
    _collapse_unions(out)
    defs = out.pop("$defs", None)
    result: dict[str, Any] = {"$schema": DRAFT_07, "title": title, "description": description}
    result.update({k: v for k, v in out.items() if k not in ("title", "description")})
    if defs:
        result["definitions"] = defs
    return result


def _key_patterns(node: Any) -> None:
    """A mapping keyed by ids (``dict[Id, ...]``) gets its key rule in ``propertyNames`` too.

    pydantic writes the id pattern under ``patternProperties``, which only checks the values
    of matching keys: a key that is not an id would pass the editor but not ``check``.
    """
    if isinstance(node, dict):
        pp = node.get("patternProperties")
        if isinstance(pp, dict) and len(pp) == 1:
            names = node.setdefault("propertyNames", {})
            names.setdefault("pattern", next(iter(pp)))
        for value in node.values():
            _key_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _key_patterns(value)


#: what an editor says for a value its pattern refuses, instead of the pattern itself ('String does not match
#: the pattern of "^[a-z][a-z0-9_]{0,47}$".'); check's own words for the same (SG012)
PATTERN_WORDS = {
    ID_PATTERN: "Not a valid id: use lower-case letters, digits and _, starting with a letter (at most 48), "
                "e.g. the_vote.",
    KIND_PATTERN: "Use lower-case letters, spaces and hyphens, starting with a letter: e.g. article, policy brief, op-ed.",
}
#: more words for a key's value of the wrong type, or (with an id's pattern) not an id
KEY_WORDS = {
    "goto": "goto takes the id of a scene or an ending (not its title), or end: the first ending whose 'if' holds.",
    "start": "start takes the id of a scene (not its title).",
    "if": "A condition, in quotes: if: \"trust >= 3 and not talks_failed\".",
    "version": "The pack's version, in quotes: version: \"1.0\" (without them, 1.0 is a number).",
}
#: keywords of a list's own schema other than its type, words and least length: with any of them, the server's
#: own message for each (too many items, ...) is kept
_LIST_RULES = {"maxItems", "uniqueItems", "contains", "errorMessage"}


def _plain_words(node: Any, key: str | None = None) -> None:
    """The editor's messages in an author's words: ``patternErrorMessage`` for the patterns of ids and kinds,
    ``errorMessage`` for a goto, a start or an if of the wrong type (``goto:`` with nothing, ``if: true``), and
    for a list given as one value ('effects: "trust += 1"', 'cite:' with a mapping
    under it), which yaml-language-server otherwise words 'Incorrect type. Expected "array".'. Other
    validators ignore both keywords (draft-07 allows keywords of one's own)."""
    if isinstance(node, list):
        for item in node:
            _plain_words(item)
        return
    if not isinstance(node, dict):
        return
    types = node.get("type")
    if node.get("pattern") in PATTERN_WORDS:
        node["patternErrorMessage"] = PATTERN_WORDS[node["pattern"]] + (
            f" {KEY_WORDS[key]}" if key in ("goto", "start") else "")
    if key in KEY_WORDS and types == "string" and "errorMessage" not in node:
        node["errorMessage"] = KEY_WORDS[key]
    if key is not None and (types == "array" or (isinstance(types, list) and "array" in types)) \
            and not _LIST_RULES & node.keys():
        least = node.get("minItems", 0)
        some = f" of at least {least} item{'s' if least > 1 else ''}" if least else ""
        node["errorMessage"] = (f"'{key}' takes a list{some}: each item on a line of its own below it, starting "
                                "with '- ' (or all of them in [...], separated by commas)")
    for name, value in node.items():
        if name == "properties" and isinstance(value, dict):
            for prop, sub in value.items():
                _plain_words(sub, prop)
        else:
            _plain_words(value)


def schemas() -> dict[str, dict[str, Any]]:
    """file name -> schema: one for pack.yaml, one for scene files, one for playtest.yaml."""
    out = {
        "pack.schema.json": _draft07(
            Manifest.model_json_schema(by_alias=True),
            "summit-game pack.yaml",
            "The manifest of a summit-game scene pack. See docs/authoring.md.",
        ),
        "scene.schema.json": _draft07(
            SceneFile.model_json_schema(by_alias=True),
            "summit-game scene file",
            "Scenes and endings of a summit-game scene pack. See docs/authoring.md.",
        ),
        "playtest.schema.json": _draft07(
            PlaytestFile.model_json_schema(by_alias=True),
            "summit-game playtest.yaml",
            "Lines of play and expectations that `summit-game playtest` checks. See docs/authoring.md.",
        ),
    }
    _key_patterns(out["pack.schema.json"])
    _key_patterns(out["scene.schema.json"])
    # a scene file holding only comments (or nothing) is allowed: it adds nothing
    out["scene.schema.json"]["type"] = ["object", "null"]
    for schema in out.values():
        _plain_words(schema)
    return out


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
