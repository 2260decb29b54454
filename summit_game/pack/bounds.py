"""Conditions that can never be true, or are always true, within the variables' declared bounds.

``patience >= 70`` with ``max: 10`` is a typo no playthrough would reveal until a
player wonders why a choice never opens. Every meter stays within its ``min``..``max``
(starts are checked and effects clamp), so evaluating a condition over intervals,
with each meter anywhere in its bounds and each flag either way, shows which values
it can take. The evaluation over-approximates (``trust - trust`` is taken as
anywhere in -10..10), so it may miss a constant condition but never reports one
that is not.

A choice's ``if`` is also read for the roles that can see the choice: a choice with
``roles: [east]`` and ``if: role == 'west'`` is never available (the roles a game can
have are the pack's; a choice's ``roles:`` narrows them). A route is taken as any text.

Static and in the pack layer: it reads the already-checked expression again with
``ast`` and looks only at the declared bounds, not at the game's states.
"""

from __future__ import annotations

import ast

from . import expr
from .compiled import VarInfo
from .record import Frozen

_TEXT = "text"  # role, route and quoted text: which values they take is not modelled here


class Num(Frozen):
    def __init__(self, lo: int, hi: int) -> None:
        d = self.__dict__
        d["lo"] = lo
        d["hi"] = hi


class Bools(Frozen):
    def __init__(self, values: frozenset[bool]) -> None:
        self.__dict__["values"] = values


class Text(Frozen):
    def __init__(self, values: frozenset[str] | None) -> None:
        # the texts it can be (a quoted constant: one), or None for any (route)
        self.__dict__["values"] = values


ANY = Bools(frozenset((True, False)))


class Constant(Frozen):
    """A part of a condition that always has one value: ``offset`` into the condition as written."""

    def __init__(self, offset: int, text: str, value: bool, whole: bool, names: tuple[str, ...],
                 roles: tuple[str, ...] | None = None, choice_roles: bool = False) -> None:
        d = self.__dict__
        d["offset"] = offset
        d["text"] = text  # the part, as written
        d["value"] = value
        d["whole"] = whole  # the whole condition, or one comparison in it
        d["names"] = names  # the meters it reads, for the message
        d["roles"] = roles  # the roles it was read for, when it reads ``role``
        d["choice_roles"] = choice_roles  # those are a choice's ``roles:`` (else the pack's)


class _Eval:
    def __init__(self, variables: dict[str, VarInfo], source: str, roles: frozenset[str] | None = None):
        self.variables = variables
        self.roles = roles
        self.source = source
        self._utf8 = source.encode("utf-8", "surrogatepass")
        self.parts: list[tuple[ast.AST, Bools]] = []  # every comparison and its possible values

    def off(self, node: ast.AST) -> int:
        b = getattr(node, "col_offset", 0) or 0
        return b if self._utf8.isascii() else len(self._utf8[:b].decode("utf-8", "ignore"))

    def text(self, node: ast.AST) -> str:
        a, b = getattr(node, "col_offset", 0), getattr(node, "end_col_offset", None)
        return self._utf8[a:b].decode("utf-8", "ignore") if b is not None else ast.unparse(node)

    def eval(self, node: ast.AST) -> Num | Bools | Text:
        if isinstance(node, ast.BoolOp):
            values = [self.truth(self.eval(v)) for v in node.values]
            if isinstance(node.op, ast.And):
                can_true = all(True in v.values for v in values)
                can_false = any(False in v.values for v in values)
            else:
                can_true = any(True in v.values for v in values)
                can_false = all(False in v.values for v in values)
            return Bools(frozenset(x for x, ok in ((True, can_true), (False, can_false)) if ok))
        if isinstance(node, ast.UnaryOp):
            v = self.eval(node.operand)
            if isinstance(node.op, ast.Not):
                return Bools(frozenset(not x for x in self.truth(v).values))
            if isinstance(v, Num):
                return Num(-v.hi, -v.lo) if isinstance(node.op, ast.USub) else v
            return ANY
        if isinstance(node, ast.BinOp):
            a, b = self.eval(node.left), self.eval(node.right)
            if not isinstance(a, Num) or not isinstance(b, Num):
                return Num(-10**12, 10**12)
            if isinstance(node.op, ast.Add):
                return Num(a.lo + b.lo, a.hi + b.hi)
            return Num(a.lo - b.hi, a.hi - b.lo)
        if isinstance(node, ast.Compare):
            items = [self.eval(n) for n in (node.left, *node.comparators)]
            results = [self.compare(op, items[i], items[i + 1]) for i, op in enumerate(node.ops)]
            can_true = all(True in r.values for r in results)
            can_false = any(False in r.values for r in results)
            out = Bools(frozenset(x for x, ok in ((True, can_true), (False, can_false)) if ok))
            self.parts.append((node, out))
            return out
        if isinstance(node, ast.Name):
            if node.id in ("true", "True"):
                return Bools(frozenset((True,)))
            if node.id in ("false", "False"):
                return Bools(frozenset((False,)))
            info = self.variables.get(node.id)
            if info is None:
                return Text(self.roles if node.id == "role" else None)  # role, route
            if info.kind == "flag":
                return ANY
            return Num(info.min, info.max)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return Bools(frozenset((node.value,)))
            if isinstance(node.value, int):
                return Num(node.value, node.value)
            if isinstance(node.value, str):
                return Text(frozenset((node.value,)))
        return ANY

    @staticmethod
    def truth(v: Num | Bools | Text) -> Bools:
        return v if isinstance(v, Bools) else ANY

    @staticmethod
    def compare(op: ast.cmpop, a: Num | Bools | Text, b: Num | Bools | Text) -> Bools:
        def of(can_true: bool, can_false: bool) -> Bools:
            return Bools(frozenset(x for x, ok in ((True, can_true), (False, can_false)) if ok))

        if isinstance(a, Num) and isinstance(b, Num):
            if isinstance(op, ast.Lt):
                return of(a.lo < b.hi, a.hi >= b.lo)
            if isinstance(op, ast.LtE):
                return of(a.lo <= b.hi, a.hi > b.lo)
            if isinstance(op, ast.Gt):
                return of(a.hi > b.lo, a.lo <= b.hi)
            if isinstance(op, ast.GtE):
                return of(a.hi >= b.lo, a.lo < b.hi)
            overlap = a.lo <= b.hi and b.lo <= a.hi
            single = a.lo == a.hi == b.lo == b.hi
            if isinstance(op, ast.Eq):
                return of(overlap, not single)
            if isinstance(op, ast.NotEq):
                return of(not single, overlap)
        if isinstance(a, Bools) and isinstance(b, Bools) and isinstance(op, (ast.Eq, ast.NotEq)):
            pairs = {(x == y) for x in a.values for y in b.values}
            if isinstance(op, ast.NotEq):
                pairs = {not p for p in pairs}
            return Bools(frozenset(pairs))
        if (isinstance(a, Text) and isinstance(b, Text) and a.values is not None and b.values is not None
                and isinstance(op, (ast.Eq, ast.NotEq))):
            same = {x == y for x in a.values for y in b.values}
            return Bools(frozenset(same if isinstance(op, ast.Eq) else {not x for x in same}))
        return ANY


def _names(node: ast.AST, variables: dict[str, VarInfo]) -> tuple[str, ...]:
    """The meters ``node`` reads, in the order written (their bounds explain the verdict)."""
    found = sorted((n.col_offset, n.id) for n in ast.walk(node)
                   if isinstance(n, ast.Name) and n.id in variables and variables[n.id].kind == "meter")
    return tuple(dict.fromkeys(name for _, name in found))


def _reads_role(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "role" for n in ast.walk(node))


def constant_parts(source: str, variables: dict[str, VarInfo],
                   roles: tuple[str, ...] | None = None, choice_roles: bool = False) -> list[Constant]:
    """The whole condition if it has one value within the bounds, else each comparison in it that has.

    ``source`` is a condition the loader has already compiled; offsets count from its first
    character as written (leading spaces included). ``roles``: the roles a game reading it can
    have (a choice's ``roles:``, then ``choice_roles``, or the pack's); None for any.
    """
    lead = len(source) - len(source.lstrip())
    stripped = source.strip()
    try:
        tree = expr.tree(stripped, "eval")  # the loader's own parse of it
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # pragma: no cover - compiled already
        return []
    ev = _Eval(variables, stripped, None if roles is None else frozenset(roles))
    whole = ev.truth(ev.eval(tree.body))
    if len(whole.values) == 1:
        return [Constant(lead, stripped, next(iter(whole.values)), True, _names(tree.body, variables),
                         roles if roles is not None and _reads_role(tree.body) else None, choice_roles)]
    out = []
    for node, value in ev.parts:
        if len(value.values) == 1:
            out.append(Constant(lead + ev.off(node), ev.text(node), next(iter(value.values)), False,
                                _names(node, variables), roles if roles is not None and _reads_role(node) else None,
                                choice_roles))
    return out


def describe(c: Constant, variables: dict[str, VarInfo]) -> tuple[str, str]:
    """(message, hint) for a constant condition or part."""
    bounds = ", ".join(f"{n} is {variables[n].min}..{variables[n].max}" for n in c.names)
    within = f" within the variables' bounds ({bounds})" if bounds else ""
    if c.roles is not None:
        who = "the roles that see this choice" if c.choice_roles else "the pack's roles"
        within += (" and" if within else "") + f" for {who} ({', '.join(c.roles)})"
    verdict = "is always true" if c.value else "can never be true"
    if c.whole:
        message = f"this condition {verdict}{within}"
        hint = ("so this 'if' changes nothing" if c.value else "so what it guards never happens")
    else:
        message = f"'{c.text}' {verdict}{within}"
        hint = "so the condition does not depend on it"
    if c.names:
        hint += "; check the number, or the meter's min and max in pack.yaml"
    if c.roles is not None:
        hint += ("; check the role named here, and the choice's roles: (only those roles see it)" if c.choice_roles
                 else "; check the role named here")
    return message, hint

