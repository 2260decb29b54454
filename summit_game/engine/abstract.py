"""An over-approximation of every state a pack can reach: what ``check`` proves with.

For each role, every scene gets a *region*: an interval per meter, the
possible values of each flag (as 0..1), and the sets of roles and routes
that may be there. Regions are pushed through everything the engine does
(starts of every role and route, auto routes in order, conditions, effects
in order with their clamping, chance outcomes, the ending picked by
``goto: end``) and iterated to a fixed point. Every concrete state the game
can reach lies inside its scene's region, so what no region allows, no
game can do: a scene whose region stays empty is unreachable, whatever the
pack's size.

Conditions narrow regions (``escalation >= 7`` keeps ``escalation`` in
7..max; ``a + b > 3`` narrows both), which is what lets the regions say "no"
precisely; they never narrow away a value the condition allows.

Expressions are read from their source text (the loader has already
checked and type-checked them) into closures over a region, cached per
text. Nothing here imports Textual or runs an expression with ``eval``.
"""

from __future__ import annotations

import ast
import heapq
from typing import Callable

from ..pack.compiled import Pack
from ..pack.expr import LITERALS, tree  # tree: the loader's own parse of an expression

INF = 10**18
WIDEN_AFTER = 6  # growths of a scene's region before a growing bound jumps to the meter's bound
LOOP_ROUNDS = 64  # rounds of the (descending) loop-region iteration; any round is sound

Region = list  # [lo0, hi0, lo1, hi1, ..., roles: frozenset, routes: frozenset]; None is the empty region


# ------------------------------------------------------------------ expressions over regions
#
# Each AST node compiles to (ev, rv):
#   ev(region) -> (lo, hi) for numbers and true/false (0/1), or a frozenset of texts;
#   rv(region, lo, hi) narrows the region in place so that the node's value can lie in lo..hi
#   (for texts: rv(region, allowed_set)); it returns False when no value of the region can.


class Compiler:
    def __init__(self, index: dict[str, int], nvars: int):
        self.index = index  # variable name -> position
        self.role = 2 * nvars
        self.route = 2 * nvars + 1
        self._cond: dict[str, tuple] = {}

    def condition(self, source: str) -> tuple[Callable, Callable]:
        got = self._cond.get(source)
        if got is None:
            got = self._cond[source] = self.node(tree(source).body)  # type: ignore[attr-defined]
        return got

    def effect(self, source: str) -> tuple[int, Callable]:
        """(target position, ev of the new value) for ``x = e``, ``x += e``, ``x -= e``."""
        stmt = tree(source, "exec").body[0]  # type: ignore[attr-defined]
        if isinstance(stmt, ast.AugAssign):
            target = stmt.target.id  # type: ignore[attr-defined]
            value: ast.AST = ast.BinOp(ast.Name(target), stmt.op, stmt.value)
        else:
            target = stmt.targets[0].id  # type: ignore[attr-defined]
            value = stmt.value  # type: ignore[attr-defined]
        ev, _ = self.node(value)
        return self.index[target], ev

    def node(self, n: ast.AST) -> tuple[Callable, Callable]:
        if isinstance(n, ast.Name):
            if n.id in LITERALS:
                return self._const(1 if LITERALS[n.id] else 0)
            if n.id in ("role", "route"):
                at = self.role if n.id == "role" else self.route

                def ev_s(r, at=at):
                    return r[at]

                def rv_s(r, allowed, at=at):
                    s = r[at] & allowed
                    if not s:
                        return False
                    r[at] = s
                    return True

                return ev_s, rv_s
            i = 2 * self.index[n.id]
            j = i + 1

            def ev_n(r):
                return r[i], r[j]

            def rv_n(r, lo, hi):
                a, b = r[i], r[j]
                if lo > a:
                    a = lo
                if hi < b:
                    b = hi
                if a > b:
                    return False
                r[i], r[j] = a, b
                return True

            return ev_n, rv_n
        if isinstance(n, ast.Constant):
            if isinstance(n.value, str):
                s = frozenset({n.value})
                return (lambda r: s), (lambda r, allowed: n.value in allowed)
            return self._const(int(n.value))
        if isinstance(n, ast.UnaryOp):
            ev, rv = self.node(n.operand)
            if isinstance(n.op, ast.Not):
                return (lambda r: (1 - ev(r)[1], 1 - ev(r)[0])), (lambda r, lo, hi: rv(r, 1 - hi, 1 - lo))
            if isinstance(n.op, ast.USub):
                def ev_neg(r):
                    a, b = ev(r)
                    return -b, -a
                return ev_neg, (lambda r, lo, hi: rv(r, -hi, -lo))
            return ev, rv  # unary +
        if isinstance(n, ast.BinOp):
            return self._binop(n)
        if isinstance(n, ast.BoolOp):
            return self._boolop(n)
        if isinstance(n, ast.Compare):
            return self._compare(n)
        raise ValueError(f"not an expression the loader allows: {ast.dump(n)}")  # pragma: no cover

    @staticmethod
    def _const(c: int):
        return (lambda r: (c, c)), (lambda r, lo, hi: lo <= c <= hi)

    def _binop(self, n: ast.BinOp):
        eva, rva = self.node(n.left)
        evb, rvb = self.node(n.right)
        if isinstance(n.op, ast.Add):
            def ev(r):
                a, b = eva(r)
                c, d = evb(r)
                return a + c, b + d

            def rv(r, lo, hi):
                c, d = evb(r)
                if not rva(r, lo - d, hi - c):
                    return False
                a, b = eva(r)
                return rvb(r, lo - b, hi - a)
            return ev, rv

        def ev_sub(r):
            a, b = eva(r)
            c, d = evb(r)
            return a - d, b - c

        def rv_sub(r, lo, hi):  # x - y in lo..hi
            c, d = evb(r)
            if not rva(r, lo + c, hi + d):
                return False
            a, b = eva(r)
            return rvb(r, a - hi, b - lo)
        return ev_sub, rv_sub

    def _boolop(self, n: ast.BoolOp):
        parts = [self.node(v) for v in n.values]
        evs = [p[0] for p in parts]
        rvs = [p[1] for p in parts]
        is_and = isinstance(n.op, ast.And)

        def ev(r):
            vals = [e(r) for e in evs]
            if is_and:
                return min(v[0] for v in vals), min(v[1] for v in vals)
            return max(v[0] for v in vals), max(v[1] for v in vals)

        def rv(r, lo, hi):
            if lo > hi:
                return False
            if lo <= 0 and hi >= 1:
                return True
            want = lo >= 1
            if want == is_and:  # every part must be `want`
                return all(f(r, lo, hi) for f in rvs)
            return _any_of(r, rvs, lo, hi)  # some part is `want`
        return ev, rv

    def _compare(self, n: ast.Compare):
        nodes = [n.left, *n.comparators]
        compiled = [self.node(x) for x in nodes]
        text = [isinstance(x, ast.Constant) and isinstance(x.value, str)
                or isinstance(x, ast.Name) and x.id in ("role", "route") for x in nodes]
        pairs = []
        for k, op in enumerate(n.ops):
            (eva, rva), (evb, rvb) = compiled[k], compiled[k + 1]
            pairs.append(_pair(type(op).__name__, eva, rva, evb, rvb, text[k]))
        if len(pairs) == 1:
            return pairs[0]
        evs = [p[0] for p in pairs]
        rvs = [p[1] for p in pairs]

        def ev(r):
            vals = [e(r) for e in evs]
            return min(v[0] for v in vals), min(v[1] for v in vals)

        def rv(r, lo, hi):
            if lo > hi:
                return False
            if lo <= 0 and hi >= 1:
                return True
            if lo >= 1:
                return all(f(r, 1, 1) for f in rvs)
            return _any_of(r, rvs, 0, 0)
        return ev, rv


def _any_of(r: Region, rvs, lo: int, hi: int) -> bool:
    """Narrow ``r`` to the hull of the regions where at least one of ``rvs`` holds."""
    out = None
    for f in rvs:
        w = list(r)
        if f(w, lo, hi):
            if out is None:
                out = w
            else:
                join_into(out, w)
    if out is None:
        return False
    r[:] = out
    return True


_NEGATE = {"Lt": "GtE", "LtE": "Gt", "Gt": "LtE", "GtE": "Lt", "Eq": "NotEq", "NotEq": "Eq"}


def _pair(op: str, eva, rva, evb, rvb, is_text: bool):
    """A single comparison ``a op b`` as a true/false node."""
    if is_text:
        def ev_t(r):
            a, b = eva(r), evb(r)
            eq_possible = bool(a & b)
            eq_certain = len(a) == 1 and a == b
            if op == "Eq":
                return (1 if eq_certain else 0), (1 if eq_possible else 0)
            return (0 if eq_possible else 1), (0 if eq_certain else 1)

        def narrow_t(r, o):
            if o == "Eq":
                if not rva(r, evb(r)):
                    return False
                return rvb(r, eva(r))
            a, b = eva(r), evb(r)
            if len(b) == 1:
                if not rva(r, a - b):
                    return False
            elif len(a) == 1:
                if not rvb(r, b - a):
                    return False
            return True

        def rv_t(r, lo, hi):
            if lo > hi:
                return False
            if lo <= 0 and hi >= 1:
                return True
            return narrow_t(r, op if lo >= 1 else _NEGATE[op])
        return ev_t, rv_t

    def truth(o, a, b, c, d):  # (can be false, can be true) for [a, b] o [c, d]
        if o == "Lt":
            return b >= c, a < d
        if o == "LtE":
            return b > c, a <= d
        if o == "Gt":
            return a <= d, b > c
        if o == "GtE":
            return a < d, b >= c
        overlap = a <= d and c <= b
        single = a == b == c == d
        if o == "Eq":
            return not single, overlap
        return overlap, not single

    def ev(r):
        a, b = eva(r)
        c, d = evb(r)
        f, t = truth(op, a, b, c, d)
        return (0 if f else 1), (1 if t else 0)

    def narrow(r, o):
        c, d = evb(r)
        if o == "Lt":
            ok = rva(r, -INF, d - 1)
            a, b = eva(r)
            ok = ok and rvb(r, a + 1, INF)
        elif o == "LtE":
            ok = rva(r, -INF, d)
            a, b = eva(r)
            ok = ok and rvb(r, a, INF)
        elif o == "Gt":
            ok = rva(r, c + 1, INF)
            a, b = eva(r)
            ok = ok and rvb(r, -INF, b - 1)
        elif o == "GtE":
            ok = rva(r, c, INF)
            a, b = eva(r)
            ok = ok and rvb(r, -INF, b)
        elif o == "Eq":
            ok = rva(r, c, d)
            a, b = eva(r)
            ok = ok and rvb(r, a, b)
        else:  # NotEq: only an end of an interval can be shaved off
            a, b = eva(r)
            ok = True
            if c == d:
                if a == b == c:
                    return False
                if a == c:
                    ok = rva(r, c + 1, b)
                elif b == c:
                    ok = rva(r, a, c - 1)
            elif a == b:
                if c == a:
                    ok = rvb(r, a + 1, d)
                elif d == a:
                    ok = rvb(r, c, a - 1)
        if not ok:
            return False
        a, b = eva(r)
        c, d = evb(r)
        return truth(o, a, b, c, d)[1]

    def rv(r, lo, hi):
        if lo > hi:
            return False
        if lo <= 0 and hi >= 1:
            return True
        return narrow(r, op if lo >= 1 else _NEGATE[op])
    return ev, rv


# ------------------------------------------------------------------ regions


def join_into(old: Region, new: Region) -> bool:
    """``old`` := hull(old, new); True when it grew."""
    grew = False
    n = len(old) - 2
    for i in range(0, n, 2):
        if new[i] < old[i]:
            old[i] = new[i]
            grew = True
        if new[i + 1] > old[i + 1]:
            old[i + 1] = new[i + 1]
            grew = True
    for i in (n, n + 1):
        if not new[i] <= old[i]:
            old[i] = old[i] | new[i]
            grew = True
    return grew


def meet(a: Region, b: Region) -> Region | None:
    out = list(a)
    n = len(a) - 2
    for i in range(0, n, 2):
        lo, hi = max(a[i], b[i]), min(a[i + 1], b[i + 1])
        if lo > hi:
            return None
        out[i], out[i + 1] = lo, hi
    for i in (n, n + 1):
        s = a[i] & b[i]
        if not s:
            return None
        out[i] = s
    return out


class Regions:
    """The fixed point for one group of roles, and what it proves."""

    def __init__(self) -> None:
        self.entry: dict[str, Region] = {}  # scene -> states entering it (before its auto routes)
        self.stay: dict[str, Region] = {}  # scene -> states that stay in it (no auto route applies)
        self.endings: dict[str, frozenset] = {}  # ending -> roles that may reach it
        self.loops: set[tuple[str, str]] = set()  # (scene, choice) whose auto routes may loop
        # scene -> (auto routes that may be taken, choices that may be available), by index
        self.moves: dict[str, tuple[list[int], list[int]]] = {}
        self.steps = 0  # transfer steps (choices, outcomes, auto routes, endings) taken


def risky_scenes(pack: Pack) -> tuple[set[str], bool]:
    """Scenes whose auto routes (conditions ignored) can run into a cycle, and whether long chains matter.

    The engine also stops after MAX_AUTO_HOPS auto routes without a cycle; such a chain needs
    that many scenes with auto routes, and then (the second value) every scene from which that
    many hops are possible is risky and no region is narrowed for it.
    """
    from .core import MAX_AUTO_HOPS

    scenes = pack.scenes
    auto = {sid: [g for _, g in s.auto if g in scenes] for sid, s in scenes.items() if s.auto}
    if not auto:
        return set(), False
    depth: dict[str, float] = {}
    state: dict[str, int] = {}
    for root in auto:  # longest auto chain from each scene, inf where a cycle can be reached
        if state.get(root):
            continue
        state[root] = 1
        stack = [(root, iter(auto[root]))]
        while stack:
            sid, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                state[sid] = 2
                depth[sid] = max([depth.get(sid, 0.0)] + [depth.get(g, 0.0) + 1 for g in auto[sid]])
                continue
            st = state.get(nxt, 0)
            if nxt not in auto:
                continue
            if st == 0:
                state[nxt] = 1
                stack.append((nxt, iter(auto[nxt])))
            elif st == 1:  # a cycle: everything on the stack from nxt on is on it
                on = False
                for s2, _ in stack:
                    on = on or s2 == nxt
                    if on:
                        depth[s2] = float("inf")
    changed = True
    while changed:  # cross edges into a cycle found later
        changed = False
        for sid, gs in auto.items():
            d = max([depth.get(g, 0.0) + 1 for g in gs], default=0.0)
            if d > depth.get(sid, 0.0):
                depth[sid] = d
                changed = True
    risky = {sid for sid, d in depth.items() if d >= MAX_AUTO_HOPS}
    return risky, bool(risky) and len(auto) >= MAX_AUTO_HOPS


class Abstraction:
    """Regions for a whole pack: one fixed point per role (or one for all when roles are many)."""

    def __init__(self, pack: Pack, max_steps: int | None = None):
        self.pack = pack
        self.names = list(pack.variables)
        self.nv = len(self.names)
        self.comp = Compiler({n: i for i, n in enumerate(self.names)}, self.nv)
        self.bounds = []
        for n in self.names:
            v = pack.variables[n]
            self.bounds.append((v.min, v.max) if v.kind == "meter" else (0, 1))
        size = sum(1 + len(s.choices) + len(s.auto) for s in pack.scenes.values())
        roles = list(pack.roles)
        self.groups = [[r] for r in roles] if len(roles) * size <= 400_000 else [roles]
        self._plans = self._compile_plans()
        self.loop_regions = self._loop_regions()
        self.results = [self._fixpoint(frozenset(g)) for g in self.groups]

    # the regions, merged over role groups

    def entry(self, sid: str) -> Region | None:
        out = None
        for res in self.results:
            r = res.entry.get(sid)
            if r is not None:
                out = list(r) if out is None else (join_into(out, r), out)[1]
        return out

    def roles_at(self, sid: str) -> frozenset:
        out: frozenset = frozenset()
        for res in self.results:
            r = res.entry.get(sid)
            if r is not None:
                out |= r[-2]
        return out

    def moves(self, sid: str, role: str) -> tuple[set[int], set[int]]:
        """Indexes of the auto routes and choices of ``sid`` that ``role`` may take."""
        autos: set[int] = set()
        choices: set[int] = set()
        for group, res in zip(self.groups, self.results):
            if role in group and sid in res.moves:
                a, c = res.moves[sid]
                autos.update(a)
                choices.update(c)
        return autos, choices

    def ending_possible(self, eid: str) -> bool:
        return any(eid in res.endings for res in self.results)

    def loop_possible(self, sid: str, cid: str | None) -> bool:
        return any((sid, cid) in res.loops for res in self.results)

    @property
    def steps(self) -> int:
        return sum(res.steps for res in self.results)

    def stuck_possible(self, sid: str, role: str) -> bool:
        """May a state of ``role`` stay in ``sid`` with no available choice?"""
        scene = self.pack.scenes[sid]
        for res in self.results:
            r = res.stay.get(sid)
            if r is None or role not in r[-2]:
                continue
            w = list(r)
            w[-2] = frozenset({role})
            ok = True
            for c, (vis, cond, _) in zip(scene.choices, self._plans[sid][1]):
                if vis is not None and role not in vis:
                    continue
                if cond is None or not cond[1](w, 0, 0):
                    ok = False
                    break
            if ok:
                return True
        return False

    def choice_possible(self, sid: str, index: int) -> bool:
        """May choice number ``index`` of ``sid`` be available in some reachable state?"""
        vis, cond, _ = self._plans[sid][1][index]
        for res in self.results:
            r = res.stay.get(sid)
            if r is None:
                continue
            w = list(r)
            if vis is not None:
                w[-2] = w[-2] & vis
                if not w[-2]:
                    continue
            if cond is None or cond[1](w, 1, 1):
                return True
        return False

    def auto_possible(self, sid: str, index: int) -> bool:
        """May auto route number ``index`` of ``sid`` be taken?"""
        autos = self._plans[sid][0]
        for res in self.results:
            r = res.entry.get(sid)
            if r is None:
                continue
            w = list(r)
            ok = True
            for k, (cond, _) in enumerate(autos[:index + 1]):
                want = 1 if k == index else 0
                if cond is None:
                    ok = want == 1
                elif not cond[1](w, want, want):
                    ok = False
                if not ok:
                    break
            if ok:
                return True
        return False

    # building

    def _compile_plans(self) -> dict[str, tuple[list, list]]:
        """Per scene: ([(auto cond, goto)], [(roles, cond, [(effects, goto)])])."""
        comp, pack = self.comp, self.pack
        effects_cache: dict[str, tuple] = {}

        def effects(ops) -> tuple:
            out = []
            for e in ops:
                got = effects_cache.get(e.source)
                if got is None:
                    i, ev = comp.effect(e.source)
                    got = effects_cache[e.source] = (i, ev, *self.bounds[i], pack.variables[e.target].kind == "meter")
                out.append(got)
            return tuple(out)

        plans = {}
        for sid, s in pack.scenes.items():
            autos = [(comp.condition(c.source) if c is not None else None, goto) for c, goto in s.auto]
            choices = []
            for c in s.choices:
                outs = []
                for o in c.chance or [None]:
                    ops = list(c.effects) + (list(o.effects) if o is not None else [])
                    goto = (o.goto if o is not None else None) or c.goto
                    outs.append((effects(ops), goto))
                choices.append((frozenset(c.roles) if c.roles is not None else None,
                                comp.condition(c.cond.source) if c.cond is not None else None, outs))
            plans[sid] = (autos, choices)
        self._endings = [(eid, comp.condition(e.cond.source) if e.cond is not None else None)
                         for eid, e in pack.endings.items()]
        return plans

    def _top(self, roles: frozenset | None = None) -> Region:
        r: Region = []
        for _ in self.names:
            r += [-INF, INF]
        r.append(roles if roles is not None else frozenset(self.pack.roles))
        r.append(frozenset(["", *self.pack.routes]))
        return r

    def _loop_regions(self) -> dict[str, Region]:
        """Scene -> a region holding every state whose auto routes, entered there, never stop.

        The states that loop satisfy Loop(s) = union over s's auto routes i of (route i is the
        first that applies, and the state loops from its goto): a greatest fixed point. Starting
        from everything (on scenes that can reach a cycle of auto routes) and applying that
        equation over regions only ever removes states that cannot loop, so every round is an
        over-approximation.
        """
        risky, whole = risky_scenes(self.pack)
        if whole:
            return {sid: self._top() for sid in risky}
        regions = {sid: self._top() for sid in risky}
        for _ in range(LOOP_ROUNDS):
            changed = False
            for sid in list(regions):
                out = None
                w = list(regions[sid])
                for cond, goto in self._plans[sid][0]:
                    if goto in regions:
                        t = meet(w, regions[goto])
                        if t is not None and (cond is None or cond[1](t, 1, 1)):
                            out = t if out is None else (join_into(out, t), out)[1]
                    if cond is None or not cond[1](w, 0, 0):
                        break
                new = meet(regions[sid], out) if out is not None else None
                if new is None:
                    changed = True
                    del regions[sid]
                elif new != regions[sid]:
                    regions[sid] = new
                    changed = True
            if not changed:
                break
        return regions

    def _fixpoint(self, group: frozenset) -> Regions:
        pack, plans, loops_at = self.pack, self._plans, self.loop_regions
        res = Regions()
        entry = res.entry
        endings = self._endings
        growth: dict[str, int] = {}
        order = {sid: i for i, sid in enumerate(pack.scenes)}
        heap: list[tuple[int, str]] = []
        queued: set[str] = set()
        bounds = self.bounds

        def reach_ending(eid: str, r: Region) -> None:
            res.endings[eid] = res.endings.get(eid, frozenset()) | r[-2]

        def send(r: Region, goto: str) -> None:
            res.steps += 1
            if goto == "end":
                last = len(endings) - 1
                for k, (eid, cond) in enumerate(endings):
                    if k == last or cond is None:
                        reach_ending(eid, r)
                        return
                    t = list(r)
                    if cond[1](t, 1, 1):
                        reach_ending(eid, t)
                    if not cond[1](r, 0, 0):
                        return
                return
            if goto in pack.endings:
                reach_ending(goto, r)
                return
            old = entry.get(goto)
            if old is None:
                entry[goto] = r
            else:
                before = list(old)
                if not join_into(old, r):
                    return
                n = growth[goto] = growth.get(goto, 0) + 1
                if n > WIDEN_AFTER:  # jump a growing bound to the meter's own bound (or past it)
                    for i, (lo, hi) in enumerate(bounds):
                        if old[2 * i] < before[2 * i]:
                            old[2 * i] = min(lo, old[2 * i])
                        if old[2 * i + 1] > before[2 * i + 1]:
                            old[2 * i + 1] = max(hi, old[2 * i + 1])
            if goto not in queued:
                queued.add(goto)
                heapq.heappush(heap, (order[goto], goto))

        # starts: every role of the group on every route
        for role in sorted(group, key=list(pack.roles).index):
            for route in [None, *pack.routes]:
                values = {n: v.start for n, v in pack.variables.items()}
                values.update(pack.roles[role].start)
                first = pack.start
                if route is not None:
                    values.update(pack.routes[route].set)
                    first = pack.routes[route].start or first
                r: Region = []
                for n in self.names:
                    x = int(values[n])
                    r += [x, x]
                r.append(frozenset({role}))
                r.append(frozenset({route or ""}))
                send(r, first)

        while heap:
            _, sid = heapq.heappop(heap)
            queued.discard(sid)
            r = list(entry[sid])
            autos, choices = plans[sid]
            took: list[int] = []
            available: list[int] = []
            res.moves[sid] = (took, available)  # the last pass over a scene sees its final region
            for a_index, (cond, goto) in enumerate(autos):
                if cond is None:
                    took.append(a_index)
                    send(list(r), goto)
                    r = None
                    break
                t = list(r)
                if cond[1](t, 1, 1):
                    took.append(a_index)
                    send(t, goto)
                if not cond[1](r, 0, 0):
                    r = None
                    break
            if r is None:
                res.stay.pop(sid, None)
                continue
            res.stay[sid] = r
            for c_index, (vis, cond, outs) in enumerate(choices):
                res.steps += 1
                base = r
                if vis is not None:
                    roles = r[-2] & vis
                    if not roles:
                        continue
                    base = list(r)
                    base[-2] = roles
                if cond is not None:
                    base = list(base)
                    if not cond[1](base, 1, 1):
                        continue
                available.append(c_index)
                for ops, goto in outs:
                    t = list(base)
                    for i, ev, lo, hi, clamp in ops:
                        a, b = ev(t)
                        if clamp:
                            a = lo if a < lo else hi if a > hi else a
                            b = lo if b < lo else hi if b > hi else b
                        t[2 * i], t[2 * i + 1] = a, b
                    if goto in loops_at and meet(t, loops_at[goto]) is not None:
                        res.loops.add((sid, pack.scenes[sid].choices[c_index].id))
                    send(t, goto)  # type: ignore[arg-type]
        return res
