"""Conditions and effects: a tiny, safe expression language.

Authors write ``escalation >= 7 and not nato_offered`` or ``trust += 1``.
Each expression is parsed once at load with :mod:`ast`, checked against an
allow-list, type-checked against the declared variables, and compiled into
a Python closure. Nothing is ever passed to ``eval``.

Allowed: ``and``, ``or``, ``not``, unary ``-``, comparisons (chained too),
``+`` and ``-`` on numbers, names of declared variables plus ``role`` and
``route``, ``true``/``false``, whole numbers and short quoted strings.
Effects are ``name = expr``, ``name += expr`` or ``name -= expr``.
"""

from __future__ import annotations

import ast
import functools
import operator
import re
import warnings
from typing import Any, Callable

from .record import Frozen

MAX_LENGTH = 200
MAX_NODES = 60
MAX_DEPTH = 12
MAX_STRING = 64
MAX_INT = 1_000_000

INT, BOOL, STR = "number", "true/false", "text"

BUILTINS = {"role": STR, "route": STR}
LITERALS = {"true": True, "false": False, "True": True, "False": False}

_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_COMPARE_TEXT = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}

_NODE_NAMES = {
    ast.Call: "function calls",
    ast.Attribute: "attribute access (a.b)",
    ast.Subscript: "indexing (a[b])",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.JoinedStr: "f-strings",
    ast.IfExp: "if-expressions",
    ast.NamedExpr: ":=",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Starred: "*",
}
_OPERATORS = {
    ast.Mult: "*", ast.Pow: "**", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@",
    ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^",
}


class ExprError(Exception):
    """A problem in an expression; ``code`` is a diagnostic code, ``offset`` 0-based."""

    def __init__(self, code: str, message: str, offset: int = 0):
        super().__init__(message)
        self.code = code
        self.message = message
        self.offset = offset


Env = dict[str, Any]


#: a quoted text compared with ``role`` or ``route``: (name, text, 0-based offset in the source)
Literal_ = tuple[str, str, int]


class Condition(Frozen):
    def __init__(self, source: str, fn: Callable[[Env], bool], reads: frozenset[str], text: str,
                 literals: tuple[Literal_, ...] = ()) -> None:
        d = self.__dict__
        d["source"] = source
        d["fn"] = fn
        d["reads"] = reads
        d["text"] = text  # the condition in words, for "unavailable because ..."
        d["literals"] = literals  # texts compared with role/route, checked by the loader

    def __call__(self, env: Env) -> bool:
        return self.fn(env)


class EffectOp(Frozen):
    def __init__(self, source: str, target: str, fn: Callable[[Env], Any], reads: frozenset[str] = frozenset(),
                 literals: tuple[Literal_, ...] = ()) -> None:
        d = self.__dict__
        d["source"] = source
        d["target"] = target
        d["fn"] = fn  # computes the new (unclamped) value
        d["reads"] = reads
        d["literals"] = literals  # texts compared with role/route, checked by the loader


def _lead(source: str) -> int:
    """How many characters of white space come before the expression."""
    return len(source) - len(source.lstrip())


#: (stripped source, mode) -> its tree, as the loader parsed it: the bounds check, the analysis and
#: the words of a condition read the same tree instead of parsing the text again. Trees are only
#: read, never changed. Emptied at each load (``forget_trees``), so it holds one pack's expressions.
_TREES: dict[tuple[str, str], ast.AST] = {}
_MAX_TREES = 50_000  # a pack of 5,000 scenes has about 15,000 distinct expressions


def tree(source: str, mode: str = "eval") -> ast.AST:
    """The tree of ``source.strip()`` (``ast.parse`` with ``mode``), parsed once and shared.

    For expressions the loader has compiled (it parsed them already); any other text is parsed
    here, and a syntax error raised as ``ast.parse`` raises it.
    """
    key = (source.strip(), mode)
    found = _TREES.get(key)
    if found is None:
        found = ast.parse(key[0], mode=mode)
        _remember(key, found)
    return found


def forget_trees() -> None:
    """Drop the shared trees (the loader calls it as it starts a pack)."""
    _TREES.clear()


def _remember(key: tuple[str, str], found: ast.AST) -> None:
    if len(_TREES) >= _MAX_TREES:
        _TREES.clear()
    _TREES[key] = found


def _parse(source: str, mode: str) -> ast.AST:
    """Parse ``source.strip()``; offsets in errors are relative to ``source.strip()``."""
    if not isinstance(source, str):
        raise ExprError("SG032", "an expression must be text")
    if len(source) > MAX_LENGTH:
        raise ExprError("SG033", f"expression is {len(source):,} characters; the limit is {MAX_LENGTH}")
    if not source.strip():
        raise ExprError("SG030", "empty expression")
    if "\n" in source or "\r" in source:
        raise ExprError("SG030", "an expression must be on one line")
    try:
        with warnings.catch_warnings():  # "invalid decimal literal" and the like are not for authors' terminals
            warnings.simplefilter("ignore")
            stripped = source.strip()
            parsed = ast.parse(stripped, mode=mode)
    except SyntaxError as exc:
        offset = max((exc.offset or 1) - 1, 0)
        raise ExprError("SG030", f"not a valid expression: {exc.msg}{_syntax_hint(source.strip(), mode)}",
                        offset) from None
    except (ValueError, MemoryError, RecursionError):
        raise ExprError("SG030", "not a valid expression") from None
    # The number of parts is counted by _Checker as it visits them (cheaper than a second walk).
    _remember((stripped, mode), parsed)  # parsed again at every load: shared only after it
    return parsed


_WORD_OPS = {"&&": "and", "||": "or", "!": "not", "===": "==", "<>": "!="}
_FLIPPED = {"=>": ">=", "=<": "<="}  # written the other way round
#: what a word processor (or a maths habit) puts where an expression needs ASCII
_TYPOGRAPHIC = {"\u2265": ">=", "\u2264": "<=", "\u2260": "!=", "\u2018": "'", "\u2019": "'", "\u201c": "'",
                "\u201d": "'", "\u2212": "-", "\u2013": "-", "\u2014": "-"}


def _syntax_hint(source: str, mode: str) -> str:
    """A short hint for the slips authors make most often."""
    import re

    for ch, word in _TYPOGRAPHIC.items():
        if ch in source:
            return (f"; write a straight quote, ', instead of {ch}" if word == "'" else
                    f"; write '{word}' instead of '{ch}'")
    for op, word in _FLIPPED.items():
        if op in source:
            return f"; write '{word}' instead of '{op}'"
    for op, word in _WORD_OPS.items():
        if op in source and not (op == "!" and "!=" in source):
            return f"; write '{word}' instead of '{op}'"
    if mode == "exec":
        spaced = re.search(r"([+-])\s+=", source)
        if spaced:  # 'trust + = 2'
            return f"; write '{spaced.group(1)}=' with no space inside"
        step = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*(\+\+|--)\s*", source)
        if step:  # 'trust++'
            return f"; write '{step.group(1)} {step.group(2)[0]}= 1'"
        if "," in source and len(re.findall(r"[+-]?=(?!=)", source)) > 1:  # 'trust += 2, cost -= 1'
            import json

            parts = [p.strip() for p in source.split(",")]
            return f"; one effect per list item: {json.dumps(parts, ensure_ascii=False)}"
    if mode == "eval" and re.search(r"(?<![=!<>])=(?!=)", source):
        return "; compare with '==' (a single '=' is for effects)"
    if re.search(r"\b(AND|OR|NOT|And|Or|Not)\b", source):
        return "; write and, or, not in lower case"
    if re.search(r"\b(and|or|not)\s*$", source):
        return "; something is missing after the last and/or/not"
    return ""


class _Checker:
    def __init__(self, variables: dict[str, str], source: str):
        self.variables = variables  # name -> type
        self.source = source  # as parsed (stripped)
        self._utf8 = source.encode("utf-8", "surrogatepass")
        self.reads: set[str] = set()
        self.literals: list[Literal_] = []
        self.count = 0  # parts visited, capped at MAX_NODES

    def off(self, node: ast.AST) -> int:
        """0-based character offset of ``node`` (``ast`` counts UTF-8 bytes)."""
        b = getattr(node, "col_offset", 0) or 0
        if self._utf8.isascii():
            return b
        return len(self._utf8[:b].decode("utf-8", "ignore"))

    def op_off(self, node: ast.BinOp) -> int:
        """Offset of a binary operator: the first non-space after its left operand."""
        end = getattr(node.left, "end_col_offset", None)
        if end is None:
            return self.off(node)
        b = end
        while b < len(self._utf8) and self._utf8[b:b + 1] in (b" ", b"\t", b")"):
            b += 1
        return len(self._utf8[:b].decode("utf-8", "ignore"))

    def compile(self, node: ast.AST, depth: int = 0) -> tuple[str, Callable[[Env], Any]]:
        if depth > MAX_DEPTH:
            raise ExprError("SG033", f"expression nested deeper than {MAX_DEPTH} levels", self.off(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise ExprError("SG033", f"expression has more than {MAX_NODES} parts; split it", self.off(node))
        d = depth + 1
        if isinstance(node, ast.BoolOp):
            parts = [self.compile(v, d) for v in node.values]
            for (t, _), v in zip(parts, node.values):
                if t != BOOL:
                    raise ExprError("SG032", f"'{ast.unparse(v)}' is a {t}, but and/or need true/false", self.off(v))
            fns = tuple(f for _, f in parts)
            if isinstance(node.op, ast.And):
                return BOOL, lambda env: all(f(env) for f in fns)
            return BOOL, lambda env: any(f(env) for f in fns)
        if isinstance(node, ast.UnaryOp):
            t, f = self.compile(node.operand, d)
            if isinstance(node.op, ast.Not):
                if t != BOOL:
                    raise ExprError("SG032", f"'not' needs true/false, got a {t}", self.off(node))
                return BOOL, lambda env: not f(env)
            if isinstance(node.op, ast.USub):
                if t != INT:
                    raise ExprError("SG032", f"'-' needs a number, got a {t}", self.off(node))
                return INT, lambda env: -f(env)
            if isinstance(node.op, ast.UAdd) and t == INT:
                return INT, f
            raise ExprError("SG030", "only 'not' and '-' may stand before a value", self.off(node))
        if isinstance(node, ast.BinOp):
            if not isinstance(node.op, (ast.Add, ast.Sub)):
                sym = _OPERATORS.get(type(node.op), type(node.op).__name__)
                raise ExprError("SG030", f"'{sym}' is not allowed; only + and -", self.op_off(node))
            lt, lf = self.compile(node.left, d)
            rt, rf = self.compile(node.right, d)
            if lt != INT or rt != INT:
                raise ExprError("SG032", "+ and - work on numbers only", self.off(node))
            if isinstance(node.op, ast.Add):
                return INT, lambda env: lf(env) + rf(env)
            return INT, lambda env: lf(env) - rf(env)
        if isinstance(node, ast.Compare):
            node_list = [node.left, *node.comparators]
            items = [self.compile(n, d) for n in node_list]
            ops = []
            for i, op in enumerate(node.ops):
                if type(op) not in _COMPARE:
                    raise ExprError("SG030", "only ==, !=, <, <=, >, >= may compare values", self.off(node))
                a, b = items[i][0], items[i + 1][0]
                if a != b:
                    hint = ("; a flag is true or false: test it as it is ('ready', 'not ready') or with == true"
                            if {a, b} == {BOOL, INT} else "")
                    quoted = next((n.value for n in (node_list[i], node_list[i + 1])
                                   if isinstance(n, ast.Constant) and isinstance(n.value, str)
                                   and n.value.strip().lstrip("-").isdigit()), None)
                    if quoted is not None and INT in (a, b):  # trust >= '2'
                        hint = f"; write the number without quotes: {quoted.strip()}"
                    raise ExprError("SG032", f"cannot compare a {a} with a {b}{hint}", self.off(node))
                if a != INT and type(op) not in (ast.Eq, ast.NotEq):
                    raise ExprError("SG032", f"'{_COMPARE_TEXT[type(op)]}' needs numbers, got {a}", self.off(node))
                ops.append(_COMPARE[type(op)])
                for x, y in ((node_list[i], node_list[i + 1]), (node_list[i + 1], node_list[i])):
                    if (isinstance(x, ast.Name) and x.id in BUILTINS and isinstance(y, ast.Constant)
                            and isinstance(y.value, str)):
                        self.literals.append((x.id, y.value, self.off(y)))
            fns = tuple(f for _, f in items)
            ops_t = tuple(ops)
            if len(ops_t) == 1:
                op0, a0, b0 = ops_t[0], fns[0], fns[1]
                return BOOL, lambda env: op0(a0(env), b0(env))

            def chained(env: Env) -> bool:
                left = fns[0](env)
                for op, f in zip(ops_t, fns[1:]):
                    right = f(env)
                    if not op(left, right):
                        return False
                    left = right
                return True

            return BOOL, chained
        if isinstance(node, ast.Name):
            name = node.id
            if name in LITERALS:
                value = LITERALS[name]
                return BOOL, lambda env: value
            if name in self.variables:
                self.reads.add(name)
                return self.variables[name], operator.itemgetter(name)
            import difflib

            declared = [v for v in self.variables if v not in BUILTINS]
            close = difflib.get_close_matches(name, declared, n=1) or difflib.get_close_matches(
                name, list(BUILTINS), n=1, cutoff=0.8)
            if name.lower() in ("and", "or", "not", "true", "false"):
                hint = f"; write '{name.lower()}' in lower case"
            elif name.lower() in _YAML_BOOLEANS:  # 'ready = yes': YAML 1.1's words for true and false
                hint = f"; a flag is true or false: write '{_YAML_BOOLEANS[name.lower()]}'"
            elif close:
                hint = f"; did you mean '{close[0]}'?"
            else:
                hint = f"; declare it under 'variables:' in pack.yaml (or, for a role or route name, quote it: '{name}')"
            raise ExprError("SG031", f"unknown variable '{name}'{hint}", self.off(node))
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                return BOOL, lambda env: value
            if isinstance(value, int):
                if abs(value) > MAX_INT:
                    raise ExprError("SG033", f"number {value} is too large: the limit is {MAX_INT:,}", self.off(node))
                return INT, lambda env: value
            if isinstance(value, str):
                if len(value) > MAX_STRING:
                    raise ExprError("SG033", f"quoted text in an expression is too long: {len(value):,} characters; "
                                    f"the limit is {MAX_STRING}", self.off(node))
                return STR, lambda env: value
            if isinstance(value, float):
                raise ExprError("SG030", "decimal numbers are not allowed; use whole numbers", self.off(node))
            shown = {type(None): "None", bytes: "a bytes value (b'...')", complex: "an imaginary number"}.get(type(value), repr(value))
            raise ExprError("SG030", f"{shown} is not allowed; use true, false, a whole number or quoted text",
                            self.off(node))
        what = _NODE_NAMES.get(type(node), type(node).__name__)
        raise ExprError("SG030", f"{what} not allowed in expressions", self.off(node))


_YAML_BOOLEANS = {"yes": "true", "on": "true", "no": "false", "off": "false"}


@functools.lru_cache(maxsize=32)
def _labeller(labels: tuple[tuple[str, str], ...]) -> Callable[[str], str]:
    """One regex for all variable names of a pack, longest first; labels are inserted as text."""
    table = {name: label for name, label in labels if label and label != name}
    if not table:
        return lambda text: text
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True)) + r")\b")
    return lambda text: pattern.sub(lambda m: table[m.group(1)], text)


def _words(source: str, labels: dict[str, str]) -> str:
    return _labeller(tuple(labels.items()))(source.strip())


def _shifted(exc: ExprError, lead: int) -> ExprError:
    exc.offset += lead
    return exc


def compile_condition(source: str, variables: dict[str, str], labels: dict[str, str] | None = None) -> Condition:
    """Compile a condition; ``variables`` maps declared names to their type."""
    lead = _lead(source) if isinstance(source, str) else 0
    try:
        tree = _parse(source, "eval")
        checker = _Checker({**BUILTINS, **variables}, source.strip())
        t, fn = checker.compile(tree.body)  # type: ignore[attr-defined]
    except ExprError as exc:
        raise _shifted(exc, lead) from None
    if t != BOOL:
        raise ExprError("SG032", f"a condition must be true or false, but this is a {t}", lead)
    return Condition(source, fn, frozenset(checker.reads), _words(source, labels or {}), tuple(checker.literals))


def compile_effect(source: str, variables: dict[str, str]) -> EffectOp:
    lead = _lead(source) if isinstance(source, str) else 0
    try:
        return _compile_effect(source, variables)
    except ExprError as exc:
        raise _shifted(exc, lead) from None


def _turned_around(source: str, target: ast.AST, value: ast.AST) -> None:
    """'trust =+ 2' is 'trust = +2': it sets the meter, where '+=' was meant. An error, unless the sign is
    apart from the '=' ('trust = -2' sets it to -2, as written)."""
    import re

    m = re.match(r"\s*[A-Za-z_]\w*\s*(=([+-]))", source)
    if (m is None or not isinstance(target, ast.Name) or not isinstance(value, ast.UnaryOp)
            or not isinstance(value.operand, ast.Constant) or type(value.operand.value) is not int):
        return
    sign, n = m.group(2), value.operand.value
    also = f" (to set it to {sign}{n}, write '{target.id} = {sign}{n}')" if sign == "-" else ""
    raise ExprError("SG034", f"'={sign}' sets '{target.id}' to {sign}{n}: did you mean '{target.id} {sign}= {n}'?{also}",
                    m.start(1))


def _compile_effect(source: str, variables: dict[str, str]) -> EffectOp:
    tree = _parse(source, "exec")
    body = tree.body  # type: ignore[attr-defined]
    if len(body) != 1:
        raise ExprError("SG034", "one effect per line: write each as its own list item")
    stmt = body[0]
    if isinstance(stmt, ast.Assign):
        if len(stmt.targets) != 1:
            raise ExprError("SG034", "assign one variable at a time")
        target_node, value_node, op = stmt.targets[0], stmt.value, None
        _turned_around(source.strip(), target_node, value_node)
    elif isinstance(stmt, ast.AugAssign):
        if not isinstance(stmt.op, (ast.Add, ast.Sub)):
            raise ExprError("SG034", "only =, += and -= are allowed in effects", stmt.col_offset)
        target_node, value_node, op = stmt.target, stmt.value, stmt.op
    elif isinstance(stmt, ast.Expr):
        v = stmt.value
        if (isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Add, ast.Sub)) and isinstance(v.left, ast.Name)
                and isinstance(v.right, ast.Constant) and type(v.right.value) is int):  # 'trust + 1'
            sign = "+=" if isinstance(v.op, ast.Add) else "-="
            raise ExprError("SG034", f"an effect changes a variable: did you mean '{v.left.id} {sign} {v.right.value}'?")
        raise ExprError("SG034", "an effect changes a variable: write 'name = value', 'name += n' or 'name -= n'")
    else:
        raise ExprError("SG034", "an effect must be 'name = value', 'name += n' or 'name -= n'")
    if not isinstance(target_node, ast.Name):
        raise ExprError("SG034", "the left side of an effect must be a variable name", target_node.col_offset)
    target = target_node.id
    if target in BUILTINS:
        raise ExprError("SG034", f"'{target}' is set by the game and cannot be changed", target_node.col_offset)
    if target not in variables:
        import difflib

        close = difflib.get_close_matches(target, list(variables), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "; declare it under 'variables:' in pack.yaml"
        raise ExprError("SG031", f"unknown variable '{target}'{hint}", target_node.col_offset)
    checker = _Checker({**BUILTINS, **variables}, source.strip())
    vt, vf = checker.compile(value_node)
    tt = variables[target]
    kind = "a flag (true/false)" if tt == BOOL else "a meter (a number)" if tt == INT else f"a {tt}"
    if op is not None and tt != INT:
        raise ExprError("SG032", f"'{target}' is {kind}; += and -= need a number variable (a meter): "
                                 f"write '{target} = true' or '{target} = false'")
    if vt != tt:
        raise ExprError("SG032", f"'{target}' is {kind} but the value is a {vt}", value_node.col_offset)
    if op is None:
        fn = vf
    elif isinstance(op, ast.Add):
        fn = lambda env, t=target, vf=vf: env[t] + vf(env)  # noqa: E731
    else:
        fn = lambda env, t=target, vf=vf: env[t] - vf(env)  # noqa: E731
    reads = frozenset(checker.reads | ({target} if op is not None else set()))
    return EffectOp(source, target, fn, reads, tuple(checker.literals))
