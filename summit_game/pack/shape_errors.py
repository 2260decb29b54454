"""Pass 2 of loading: pydantic's validation errors, translated into located diagnostics.

Each error's ``loc`` is followed back through the YAML document to its
file:line:column; unknown keys get a "did you mean"; type, size and id
errors get plain words; a misspelt required key is reported once.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model as m
from ._yaml import Located
from .diagnostics import Diagnostic, excerpt


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {excerpt(value, 30)}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing (null)"
    return type(value).__name__


_EXPECT = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "float_type": "a number",
}


def _model_at(cls: Any, loc: tuple) -> type[BaseModel] | None:
    """The model class found by following ``loc`` from ``cls`` (for did-you-mean)."""
    current: Any = cls
    for part in loc:
        origin = typing.get_origin(current)
        if origin is typing.Annotated:
            current = typing.get_args(current)[0]
            origin = typing.get_origin(current)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if args else None
            origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            fields = {(f.alias or n): f for n, f in current.model_fields.items()}
            if part not in fields:
                return None
            current = fields[part].annotation
        elif origin is list:
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    while True:
        origin = typing.get_origin(current)
        if origin is typing.Annotated:
            current = typing.get_args(current)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if args else None
        else:
            break
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _what_key(root_cls: type[BaseModel], loc: tuple) -> str:
    """A hint for a missing key: what it is for, in the model's own words ('' when it has none)."""
    parent = _model_at(root_cls, loc[:-1])
    if parent is None:
        return ""
    for name, f in parent.model_fields.items():
        if (f.alias or name) == loc[-1] and f.description:
            said = f.description
            if said[1:2].islower():
                said = said[0].lower() + said[1:]
            return f"add '{loc[-1]}:' here: {said}"
    return ""


#: the pack file models, in words, for "a key of a choice, not of a scene"
_WHAT = {"Manifest": "pack.yaml", "Source": "a source", "Variable": "a variable", "Role": "a role",
         "Route": "a route", "Scene": "a scene", "Choice": "a choice", "Outcome": "a chance outcome",
         "Auto": "an auto route", "Ending": "an ending", "Variant": "an ending variant", "Citation": "a citation",
         "SceneFile": "a scene file"}


_WHAT.update({"PlaytestFile": "playtest.yaml", "Line": "a line of play", "Reachable": "an expectation",
              "Unreachable": "an expectation", "EndingShare": "an expectation", "MeterCompare": "an expectation"})


#: words other formats use for a key of ours, which difflib would not find ('condition' for 'if')
_SYNONYMS = {
    "condition": "if", "conditions": "if", "when": "if", "requires": "if", "require": "if", "unless": "if",
    "next": "goto", "go": "goto", "to": "goto", "target": "goto", "jump": "goto", "then": "goto",
    "options": "choices", "option": "choices", "answers": "choices",
    "body": "text", "content": "text", "narration": "text", "description": "text",
    "citation": "cite", "citations": "cite", "quotes": "cite", "cites": "cite",
    "name": "title", "heading": "title",
    "effect": "effects", "set": "effects", "actions": "effects",
    "weights": "weight", "probability": "weight", "chances": "chance",
}
#: the same, where the word is a key of another mapping: a choice's 'title' is its 'label', a scene's
#: 'label' its 'title', a role's 'text' its 'briefing' (used only where the word is not a key itself)
_SYNONYMS_ELSEWHERE = {
    "title": ("label",), "label": ("title",), "text": ("briefing",), "description": ("briefing", "text"),
    "name": ("label",), "heading": ("label",), "body": ("briefing",), "intro": ("briefing",),
}


def _belongs_to(key: str, here: type[BaseModel]) -> str:
    """Which other mappings of the same file kind have ``key`` ('a choice or a chance outcome'), or ''."""
    import sys

    module = sys.modules.get(here.__module__)
    owners: list[str] = []
    for name, what in _WHAT.items():
        cls = getattr(module, name, None)
        if (name != here.__name__ and isinstance(cls, type) and issubclass(cls, BaseModel)
                and key in _keys_of(cls) and what not in owners and what != _WHAT.get(here.__name__)):
            owners.append(what)
    if not owners or len(owners) > 3:
        return ""  # a key most mappings have (id, title, text) says nothing about where it belongs
    return " or ".join([", ".join(owners[:-1]), owners[-1]] if len(owners) > 1 else owners)


def _required(cls: type[BaseModel]) -> list[str]:
    """The keys a mapping of this model must have, in order."""
    return [f.alias or n for n, f in cls.model_fields.items() if f.is_required()]


def _split_item(doc: Located, root_cls: type[BaseModel], path: tuple, key: Any) -> tuple[str, str] | None:
    """(message, hint) for a list item that lacks its first key (a choice's id) and has only keys the item
    above lacks: most likely a stray '- ' (before 'goto:') split one item into two. Or, for an item whose
    first key the item below has, alone or with keys this one lacks (an auto route's '- if: ...' and then
    '- goto: ...'), the same split seen from the item above it. None when not so."""
    if not path or not isinstance(path[-1], int):
        return None
    cls = _model_at(root_cls, path)
    items, item = doc.value_at(path[:-1]), doc.value_at(path)
    if (cls is None or not _required(cls) or key != _required(cls)[0] or not isinstance(item, dict) or not item
            or not set(item) <= set(_keys_of(cls)) or not isinstance(items, list)):
        return None
    what = _WHAT.get(cls.__name__, "an item").split(" ", 1)[-1]

    def only(mapping: dict) -> str:
        return " and ".join(f"{k}: {excerpt(v, 30)}" if isinstance(v, (str, int, float)) and not isinstance(v, bool)
                            else f"{k}:" for k, v in mapping.items())

    i = path[-1]
    above = items[i - 1] if i > 0 else None
    own = " and ".join(f"'{k}:'" for k in _required(cls) if k not in item)
    if isinstance(above, dict) and key in above:
        first = next(iter(item))
        name = f"'{above[key]}'" if isinstance(above[key], (str, int)) else "the one"
        line = doc.where(path[:-1] + (i - 1,))[0]
        if not set(item) & set(above):
            # an item in braces ({goto: end}) after one in braces has no '- ' to remove: its keys go inside
            braces = doc.where(path) != doc.where(path + (first,), key=True)
            fix = (f"move {only(item)} inside that {what}'s braces, after a comma" if braces else
                   f"remove the '- ' before '{first}:' and line it up with that {what}'s keys")
            return (f"this item has only {only(item)}; did a '- ' split one {what} into two?",
                    f"if it belongs to the {what} above ({name}, line {line}), {fix}; if it is a {what} of its "
                    f"own, give it {own}")
        if set(item) <= set(above):  # '- goto: end' below a choice that has its goto already
            keys = " and ".join(f"'{k}:'" for k in item)
            return (f"this item has only {only(item)}, and the {what} above ({name}, line {line}) has its own "
                    f"{keys}: is this item left over?",
                    f"if it is left over, delete it; if it is a {what} of its own, give it {own}")
    below = items[i + 1] if i + 1 < len(items) else None
    if (isinstance(below, dict) and next(iter(below), None) == key and not set(item) & set(below)
            and set(below) <= set(_keys_of(cls))):
        line = doc.where(path[:-1] + (i + 1,))[0]
        return (f"this item has no '{key}:', and the item below (line {line}) has only {only(below)}; did a '- ' "
                f"split one {what} into two?",
                f"remove the '- ' before '{key}:' on line {line} and line it up with '{next(iter(item))}:' here")
    return None


def _cut_by_comma(doc: Located, path: tuple, key: Any) -> str:
    """For an unknown key with no value, written after a comma in a {...} mapping ('text: It rains,
    and then it stops.'): the comma ended the value before it, and the rest became a key. '' when not so."""
    try:
        mapping = doc.value
        for part in (path[:-1] if path and path[-1] == key else path):
            mapping = mapping[part]
    except (KeyError, IndexError, TypeError):
        return ""
    if not isinstance(mapping, dict) or not isinstance(key, str) or mapping.get(key) is not None:
        return ""
    keys = list(mapping)
    at = keys.index(key) if key in keys else 0
    before = keys[at - 1] if at else None
    if before is None or not isinstance(mapping[before], str):
        return ""
    whole = f"{mapping[before]}, {key}"
    return (f"in a {{...}} mapping a comma ends a value: '{excerpt(key, 40)}' is the rest of '{before}:' "
            f"after its comma, read as a key: write it in quotes, {before}: {json.dumps(whole, ensure_ascii=False)}")


#: more unknown keys than this in one mapping are said without a search for what each was meant to be
#: (a 1 MB file holds 100,000 of them, and each search reads every key of the mapping)
_MANY_STRAYS = 100


@functools.cache  # asked once an unknown key, and a file may hold 100,000 of them
def _keys_of(cls: type[BaseModel]) -> tuple[str, ...]:
    return tuple(f.alias or n for n, f in cls.model_fields.items())


#: plain words that YAML 1.1 (and so many tutorials) treat as booleans; pack files keep them as text
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


_START_VALUES = {("roles", "start"), ("routes", "set")}


def _start_value_hint(name: str, where: str) -> str:
    """What a role's start: or a route's set: holds, for a value there that is text."""
    if name in ("role", "route"):
        return (f"'{name}' is set by the game (the {name} the player chose), not a variable: remove this line; "
                f"start values are for the variables under 'variables:' in pack.yaml")
    what = "a role's 'start:'" if where == "roles" else "a route's 'set:'"
    return f"{what} gives variables their start values: a whole number for a meter, true or false for a flag"


def _sized(err: dict) -> str | None:
    """A plain-words message for pydantic's length and range errors, or None."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return "must not be empty" if n == 1 else f"must be at least {n} characters long"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters long"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return "needs at least one item" if n == 1 else f"needs at least {n} items"
    if kind == "too_long":
        return f"may have at most {ctx.get('max_length')} items"
    if kind == "greater_than_equal":
        return f"must be {ctx.get('ge')} or more"
    if kind == "less_than_equal":
        return f"must be {ctx.get('le')} or less"
    return None


def _unquoted(text: str, words: list[str]) -> str | None:
    """``text`` as the number or true/false the key wants, when quotes made it text ("3", "true"), else None."""
    plain = text.strip()
    if "a whole number" in words and re.fullmatch(r"[-+]?[0-9]{1,30}", plain):
        return plain
    if "a number" in words and re.fullmatch(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)", plain) and len(plain) <= 30:
        return plain
    if "true or false" in words and plain.lower() in ("true", "false"):
        return plain.lower()
    return None


def _based(text: str) -> int | None:
    """The value of a hexadecimal, octal or binary literal (0x10, 0o17, 0b11), or None."""
    m_ = re.fullmatch(r"\s*([-+]?)0([xob])([0-9a-fA-F_]{1,30})\s*", text)
    if not m_:
        return None
    try:
        value = int(m_.group(3), {"x": 16, "o": 8, "b": 2}[m_.group(2)])
    except ValueError:
        return None
    return -value if m_.group(1) == "-" else value


def _id_like(value: Any) -> str | None:
    """The id an author probably meant by ``value`` ('Harbour Master' -> 'harbour_master'), or None."""
    if not isinstance(value, str) or len(value) > 200:
        return None
    fixed = re.sub(r"[\s-]+", "_", value.strip()).lower()
    if fixed != value and re.fullmatch(r"[a-z][a-z0-9_]{0,47}", fixed):
        return fixed
    return None


def _bad_id(value: Any) -> str:
    if isinstance(value, str) and len(value) > 48 and value[:1].isalpha() and all(
        c.islower() or c.isdigit() or c == "_" for c in value
    ):
        return f"'{value[:20]}...' is not a valid id: ids are at most 48 characters"
    return f"'{excerpt(value)}' is not a valid id: use lower-case letters, digits and _, starting with a letter"


def _unknown_key_below(doc: Located, path: tuple, located: list) -> tuple | None:
    """The path of the unknown key that follows the empty key at ``path`` in its mapping, at the same
    column: the first line of what was meant as the empty key's value, not indented under it."""
    parent = doc.value_at(path[:-1])
    if not isinstance(parent, dict):
        return None
    keys = list(parent)
    at = keys.index(path[-1]) if path[-1] in keys else -1
    if at == -1 or at + 1 >= len(keys):
        return None
    below = path[:-1] + (keys[at + 1],)
    if not any(err["type"] == "extra_forbidden" and p == below for err, _, p, _ in located):
        return None
    line, col = doc.where(path, key=True)
    bline, bcol = doc.where(below, key=True)
    return below if bline > line and bcol == col else None


def schema_errors(exc: ValidationError, doc: Located, root_cls: type[BaseModel], shown: str,
                  bad_ids: list[tuple[Diagnostic, tuple, Any]] | None = None) -> list[Diagnostic]:
    """Located diagnostics for ``exc``. ``bad_ids``, if given, gains (diagnostic, path, value) for each value
    that is not a valid id, so the loader can name the id it meant once every file is read (a goto that
    gives a scene's title)."""
    out: list[Diagnostic] = []
    misspelt: set[tuple] = set()  # (parent path, key) an unknown key was probably meant to be
    missing: list[tuple[int, tuple, Any]] = []  # (index in out, parent path, key)
    seen: set[tuple] = set()
    unknown_at: dict[tuple, int] = {}  # path of an unknown key -> its SG010's index in out
    absorbed: set[tuple] = set()  # unknown keys an empty key's error explains (they belong under it)
    located: list[tuple[dict, tuple, tuple, bool]] = []
    expected: dict[tuple, list[str]] = {}  # path -> what the union members would accept
    strays: dict[tuple, int] = {}  # path of a mapping -> how many keys it has that its model does not
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        # Trim union-member and key markers that are not part of the document path.
        path: tuple = ()
        value: Any = doc.value
        is_key = False
        for part in loc:
            if part == "[key]":
                is_key = True
                break
            if isinstance(value, dict) and part in value:
                value = value[part]
                path += (part,)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
                path += (part,)
            else:
                break
        located.append((err, loc, path, is_key))
        if kind in _EXPECT and not is_key:
            words = expected.setdefault(path, [])
            if _EXPECT[kind] not in words:
                words.append(_EXPECT[kind])
    for err, loc, path, is_key in located:
        kind = err["type"]
        sig = (path, kind if kind not in _EXPECT else "type")
        if sig in seen:
            continue
        seen.add(sig)
        if kind == "extra_forbidden":
            key = loc[-1]
            line, col = doc.where(path, key=True)
            parent = _model_at(root_cls, loc[:-1])
            hint = ""
            if parent is not None:
                allowed = _keys_of(parent)
                meant = _SYNONYMS.get(str(key).lower())
                where = path[:-1] if path and path[-1] == key else path
                mapping = doc.value_at(where)
                if where not in strays:  # counted once a mapping: a file of 50,000 unknown keys is not 50,000²
                    strays[where] = (sum(k not in allowed for k in mapping) if isinstance(mapping, dict) else 1)
                if meant not in allowed and strays[where] == 1:
                    # another mapping's word for one of this one's keys, which it lacks; with more keys of
                    # another mapping, the whole item is out of place (its indentation), as said below
                    meant = next((k for k in _SYNONYMS_ELSEWHERE.get(str(key).lower(), ())
                                  if k in allowed and not (isinstance(mapping, dict) and k in mapping)), None)
                if strays[where] > _MANY_STRAYS:  # not misspellings: no search for what each one meant
                    hint = (f"this mapping has {strays[where]:,} keys that do not belong in it; "
                            "allowed here: " + ", ".join(allowed))
                    close = None
                else:
                    close = ([meant] if meant in allowed else
                             difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6))
                if close is None:
                    pass
                elif close:
                    hint = f"did you mean '{close[0]}'?"
                    misspelt.add((path[:-1] if path and path[-1] == key else path, close[0]))
                else:
                    hint = "allowed here: " + ", ".join(_keys_of(parent))
                    if parent.__name__ == "Scene" and key == "if":
                        hint = ("a scene has no 'if': put the condition on the choices or auto routes that lead "
                                "here (or on this scene's choices); " + hint)
                    elsewhere = _belongs_to(str(key), parent)
                    cut = _cut_by_comma(doc, path, key)
                    if cut:
                        hint = cut
                    elif elsewhere:
                        # a key indented one level off: a choice's label at the scene's level
                        hint = (f"'{key}' is a key of {elsewhere}, not of {_WHAT.get(parent.__name__, 'this mapping')}: "
                                f"check where it sits (its indentation); " + hint)
            unknown_at[path] = len(out)
            out.append(Diagnostic(shown, line, col, "SG010", f"unknown key '{key}'", hint))
        elif kind == "missing":
            # a mapping that is a key's value (a variable, a line of play) is pointed at by its key,
            # as editors do; a list item's mapping by where it starts (its first key)
            line, col = doc.where(path, key=bool(path) and isinstance(path[-1], str))
            missing.append((len(out), path, loc[-1]))
            split = _split_item(doc, root_cls, path, loc[-1])
            if split is not None:
                out.append(Diagnostic(shown, line, col, "SG011", *split))
                continue
            out.append(Diagnostic(shown, line, col, "SG011", f"missing required key '{loc[-1]}'",
                                  _what_key(root_cls, loc)))
        else:
            line, col = doc.where(path, key=is_key)
            inp = err.get("input")
            hint = ""
            if is_key:
                msg = _bad_id(inp)
                if _id_like(inp):
                    hint = f"did you mean '{_id_like(inp)}'?"
            elif kind in _EXPECT:
                words = expected.get(path) or [_EXPECT[kind]]
                msg = f"expected {' or '.join(words)}, got {_describe(inp)}"
                if kind == "string_type" and isinstance(inp, (int, float, bool)):
                    msg += "; put it in quotes"
                if isinstance(inp, str) and inp.lower() in _YAML11_BOOLS and "true or false" in words:
                    msg = f"expected {' or '.join(words)}, got the text '{inp}'"
                    hint = "pack files read yes/no/on/off as text: write true or false"
                items = _model_at(root_cls, path + (0,)) if kind == "list_type" else None
                if isinstance(inp, str) and kind == "list_type" and items is not None:
                    # sources: sources/memo.md -- a list of mappings, not of text
                    hint = (f"'{path[-1]}' is a list of mappings, each starting with "
                            f"'- {_required(items)[0]}: ...' on its own line") if path and _required(items) else ""
                elif isinstance(inp, str) and kind == "list_type" and "\n" not in inp and len(inp) <= 80:
                    # one item written without its brackets: effects: "trust += 1"
                    hint = "a list of one is written in brackets: " + json.dumps([inp], ensure_ascii=False)
                mapping = _model_at(root_cls, path) if kind in ("model_type", "model_attributes_type") else None
                if (isinstance(inp, str) and mapping is not None and path and isinstance(path[-1], int)
                        and _required(mapping) and len(inp) <= 60 and "\n" not in inp):
                    # roles: [east, west] -- each item is a mapping with its own keys
                    first, *others = _required(mapping)
                    named = [f"'{k}:'" for k in others]
                    under = " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
                    hint = f"each item here is a mapping: write '- {first}: {inp}'" + (
                        f" and, under it, {under}" if others else "")
                if isinstance(inp, dict) and kind == "list_type" and inp:
                    # one item written without its dash: cite:\n  quote: "..."
                    first = excerpt(next(iter(inp)), 30)
                    hint = (f"each item of a list starts with '- ': write '- {first}: ...', "
                            f"with the item's other keys lined up under '{first}'")
                if isinstance(inp, str) and kind in ("dict_type", "model_type", "model_attributes_type") and path \
                        and isinstance(path[-1], str):
                    # role_text: some text -- a mapping is keys under the key, one a line
                    example = "ROLE: the text for that role" if path[-1] == "role_text" else "key: value"
                    hint = f"a mapping is written as lines indented under '{path[-1]}:', e.g. '  {example}'"
                if isinstance(inp, list) and kind in ("dict_type", "model_type", "model_attributes_type") and path \
                        and isinstance(path[-1], str):
                    # lines:\n  - careful: ... -- the items of a mapping have no dash
                    hint = (f"the entries under '{path[-1]}:' are 'name: ...' lines without '- ' "
                            f"(a '- ' starts an item of a list)")
                if (len(path) == 2 and path[0] == "variables" and isinstance(inp, (int, bool))
                        and kind in ("dict_type", "model_type", "model_attributes_type")):
                    # variables: {trust: 3} -- the start value where the variable's mapping goes
                    start = str(inp).lower() if isinstance(inp, bool) else str(inp)
                    hint = f"a variable is a mapping: write '{path[1]}:' and, under it, '  start: {start}'"
                if inp is None and path and isinstance(path[-1], str):
                    # `if:` or `roles:` with nothing after it is not the same as leaving the key out
                    hint = f"nothing is written after '{path[-1]}:': write its value, or leave the key out"
                    owner = _model_at(root_cls, path[:-1])
                    if owner is not None and path[-1] in _required(owner):
                        # url: with nothing after it -- leaving a required key out is an error too
                        hint = (f"nothing is written after '{path[-1]}:': write its value ('{path[-1]}' is "
                                f"required here, so it cannot be left out)")
                    below = _unknown_key_below(doc, path, located)
                    if below is not None:
                        # role_text:\n  west: ... with 'west:' indented as 'role_text:' is: one mistake, one error
                        hint = (f"the line below, '{below[-1]}:', is indented as '{path[-1]}:' is, so it is a key "
                                f"beside it, not its value: indent what belongs to '{path[-1]}:' under it "
                                "(2 spaces more)")
                        absorbed.add(below)
                if isinstance(inp, str) and kind in ("int_type", "bool_type", "float_type"):
                    plain = _unquoted(inp, words)
                    if plain is not None:
                        hint = f"in quotes it is text: write {plain} without the quotes"
                    elif (pct := re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%\s*", inp)) and path and path[-1] in (
                            "at_least", "at_most"):
                        hint = f"a share is written from 0 to 1: {float(pct.group(1)) / 100:g} for {pct.group(1)}%"
                    elif "a whole number" in words and (based := _based(inp)) is not None:
                        # YAML 1.2 (and so an editor) reads 0x10 as 16; pack files read decimal only
                        hint = f"pack files read whole numbers in decimal only: write {based}"
                if (isinstance(inp, float) and kind == "int_type" and inp.is_integer() and abs(inp) < 1e30
                        and "a number" not in words):
                    # 3.0 or 1e1: an editor's schema takes it for a whole number, pack files do not
                    hint = f"a whole number is written without a decimal point or exponent: write {int(inp)}"
                if (not hint and isinstance(inp, str) and len(path) == 4 and (path[0], path[2]) in _START_VALUES
                        and isinstance(path[3], str)):
                    # roles: [{start: {role: west}}] or routes: [{set: {route: quick}}]
                    hint = _start_value_hint(path[3], path[0])
            elif _sized(err) is not None:
                msg = _sized(err)  # type: ignore[assignment]
                if (kind == "less_than_equal" and path and path[-1] in ("at_least", "at_most")
                        and isinstance(inp, (int, float)) and 2 <= inp <= 100 and float(inp).is_integer()):
                    # a percentage written for a share: at_least: 50
                    hint = f"a share is written from 0 to 1: {inp / 100:g} for {inp:g}%"
            elif kind == "string_pattern_mismatch":
                rule = m.PATTERN_RULES.get((err.get("ctx") or {}).get("pattern", ""))
                msg = _bad_id(inp) if rule is None else rule.format(value=inp)
                if rule is None and _id_like(inp):
                    hint = f"did you mean '{_id_like(inp)}'?"
                if rule is None and bad_ids is not None:
                    out.append(Diagnostic(shown, line, col, "SG012", msg, hint))
                    bad_ids.append((out[-1], path, inp))
                    continue
            elif kind == "literal_error":
                msg = f"'{excerpt(inp)}' is not allowed here: {err['msg'].replace('Input should be ', 'use ')}"
                if inp is None and path and isinstance(path[-1], str):
                    # type: with nothing after it
                    msg = f"nothing (null) is not allowed here: {err['msg'].replace('Input should be ', 'use ')}"
                    hint = f"nothing is written after '{path[-1]}:': write its value, or leave the key out"
            else:
                msg = err["msg"]
                if msg.startswith("Value error, "):
                    msg = msg[len("Value error, "):]
            where_name = ".".join(str(p) for p in path)
            if where_name and kind not in ("string_pattern_mismatch",) and not is_key:
                msg = f"{path[-1]}: {msg}" if isinstance(path[-1], str) else msg
            out.append(Diagnostic(shown, line, col, "SG012", msg, hint))
    # a misspelt required key is one mistake, not two: keep only "unknown key ... did you mean"
    drop = {i for i, path, key in missing if (path, key) in misspelt}
    # ... and so is a required key written under another name ('text:' for a role's 'briefing:'): one key
    # missing and one unknown in the same mapping, the unknown one told what is missing
    unknown_in: dict[tuple, list[tuple[Any, int]]] = {}
    for p, i in unknown_at.items():
        if p:
            unknown_in.setdefault(p[:-1], []).append((p[-1], i))
    lacking: dict[tuple, list[tuple[int, Any]]] = {}
    for i, path, key in missing:
        lacking.setdefault(path, []).append((i, key))
    for path, keys in lacking.items():
        extra = unknown_in.get(path, [])
        if len(keys) != 1 or len(extra) != 1 or keys[0][0] in drop:
            continue
        (i, key), (name, j) = keys[0], extra[0]
        d = out[j]
        if d.hint.startswith("did you mean") or d.hint.startswith("in a {...}") or out[i].message != (
                f"missing required key '{key}'"):
            continue
        model = _model_at(root_cls, path)
        what = _WHAT.get(model.__name__, "this mapping") if model is not None else "this mapping"
        what = what.split(" ", 1)[-1] if what.startswith(("a ", "an ")) else what
        out[j] = d.replace(hint=f"this {what} needs '{key}:' and has none: if '{name}:' is meant as its {key}, "
                                f"write '{key}:' instead")
        drop.add(i)
    drop |= {unknown_at[p] for p in absorbed if p in unknown_at}
    # an item indented one level off (a choice pasted among the scenes): several keys of one other kind of
    # mapping and a required key missing are one mistake, said once at the item
    for path, keys in lacking.items():
        extra = [(k, j) for k, j in unknown_in.get(path, []) if j not in drop]
        model = _model_at(root_cls, path)
        if len(extra) < 2 or model is None or not keys or any(i in drop for i, _ in keys):
            continue
        owners = [set(re.split(r", | or ", _belongs_to(str(k), model))) - {""} for k, _ in extra]
        common = set.intersection(*owners) if all(owners) else set()
        if len(common) != 1:
            continue
        kind = common.pop()
        what = _WHAT.get(model.__name__, "mapping").split(" ", 1)[-1]
        i = keys[0][0]
        where = {"a choice": "an item under a scene's 'choices:'", "a chance outcome": "an item under a choice's 'chance:'",
                 "an auto route": "an item under a scene's 'auto:'"}.get(kind, f"an item of its own list")
        out[i] = out[i].replace(
            message=f"this {what} has keys of {kind} ({', '.join(str(k) for k, _ in extra)}) and no "
                    + " or ".join(f"'{k}:'" for _, k in keys) + f": is it {kind} indented as {_WHAT.get(model.__name__, 'this')}?",
            hint=f"{kind[0].upper() + kind[1:]} is {where}: line its '- ' up with the '- ' of the others")
        drop |= {j for _, j in extra}
    return [d for i, d in enumerate(out) if i not in drop]
