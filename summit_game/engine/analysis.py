"""Static and dynamic analysis behind ``summit-game check`` (the warnings).

Every reachability warning is a yes/no question: can some role reach this
scene, this ending; can a role be left with no available choice in this
scene; can this choice send a role into auto routes that never stop; can a
role that a scene is not for reach it? Each is settled one of two ways:

* **yes, by a witness**: a real game state, found by playing the pack with
  the engine's own rules (``core._enter`` and the same clamping as
  ``core._apply_effects``), every role on every route. The warning shows it
  (the example values of a soft-lock, the loop's message);
* **no, by proof**: ``engine.abstract`` over-approximates every state the
  game can reach (per scene, an interval per meter and the possible values
  of each flag, iterated to a fixed point through conditions, effects with
  clamping, auto routes, chance and every role's and route's start). What it
  rules out cannot happen in any game, whatever the pack's size; a search
  that ran out of states it could still expand (it only skips states that
  provably cannot lead to the question) is a proof too.

The search runs in three steps, each only while questions are open: a
breadth-first pass that plays each scene once per role and route (cost:
the pack's size); the over-approximation, which rules out what it can; then
a search per remaining question, guided by it (only scenes from which the
question's scene or ending can still be reached, over each role's and
route's own moves, nearest and most promising states first: for an ending,
states closest to its condition; and once a search has run a while, no
state whose meters can no longer come out as the question needs, given how
far each can still rise and fall on the way). A question
still open after ``cap`` states is reported as SG108 ("no witness found"),
and every other warning stays exact.
"""

from __future__ import annotations

import ast
import heapq
from collections import deque
from operator import add, itemgetter
from types import MappingProxyType
from typing import Any, Callable

from ..pack.diagnostics import Diagnostic
from ..pack.expr import LITERALS, tree  # tree: the loader's own parse of an expression
from ..pack.loader import Pack, paused_gc
from .core import EngineError, State, _enter

STATE_CAP = 200_000
# A guided search prunes only once it has expanded more states than this and than the pack has
# scenes: the headroom it prunes with costs about one pass over the scenes (ski rental: never more
# than twice what the better choice in hindsight would cost), and most searches end sooner.
PRUNE_AFTER = 32
STEPS_PER_STATE = 16  # the search also stops after STEPS_PER_STATE x cap choices tried (wide scenes)

# a question: ("scene", sid, role or None for any role), ("ending", id), ("stuck", sid),
# ("loop", sid, choice id)
Question = tuple


class Exploration:
    """What the search found (``Exploration()``: nothing yet)."""

    def __init__(self) -> None:
        # scene -> roles seen there; exact for the roles a role-limited scene is not for (SG109),
        # while for other scenes one role's witness settles the question
        self.visited_scenes: dict[str, set[str]] = {}
        self.endings: dict[str, set[str]] = {}  # ending -> roles
        self.stuck: dict[str, tuple[str, State]] = {}  # scene -> (role, example state)
        self.states = 0  # game states expanded by the search
        self.capped = False  # some question is still open (see ``open``)
        # auto routes that loop under some state: (scene, choice or None at the start) -> (role, message)
        self.loops: dict[tuple[str, str | None], tuple[str, str]] = {}
        self.open: list[Question] = []  # neither witnessed nor ruled out
        self.steps = 0  # choices and auto routes tried, concrete and abstract (bounded by the pack's size x states)
        self.proved = False  # whether the over-approximation was needed


def _edges(pack: Pack, role: str | None) -> dict[str, set[str]]:
    """Scene -> targets it can lead to (choices this role sees, chance outcomes, auto routes)."""
    out: dict[str, set[str]] = {}
    for sid, scene in pack.scenes.items():
        targets = {goto for _, goto in scene.auto}
        for c in scene.choices:
            if role is not None and c.roles is not None and role not in c.roles:
                continue
            if c.goto:
                targets.add(c.goto)
            targets.update(o.goto for o in c.chance or [] if o.goto)
        out[sid] = targets
    return out


def linked(pack: Pack) -> set[str]:
    """Scenes and endings reachable from a start through gotos and auto routes, ignoring conditions."""
    edges = _edges(pack, None)
    todo = [pack.start, *(r.start for r in pack.routes.values() if r.start)]
    seen: set[str] = set()
    while todo:
        target = todo.pop()
        if target in seen:
            continue
        seen.add(target)
        if target == "end":
            todo.extend(pack.endings)
        else:
            todo.extend(edges.get(target, ()))
    seen.discard("end")
    return seen


# ------------------------------------------------------------------ guidance
#
# How far a state is from making a condition come out as wanted (0: it does): the sum over
# "and", the least over "or", for a comparison the distance between its sides. It only orders
# the search; it never decides anything.


_NEGATE = {"Lt": "GtE", "LtE": "Gt", "Gt": "LtE", "GtE": "Lt", "Eq": "NotEq", "NotEq": "Eq"}
# per comparison, how far x is from making ``x OP y`` true (0: it is)
_GAPS: dict[str, Callable[[int, int], int]] = {
    "Lt": lambda x, y: max(0, x - y + 1),
    "LtE": lambda x, y: max(0, x - y),
    "Gt": lambda x, y: max(0, y - x + 1),
    "GtE": lambda x, y: max(0, y - x),
    "Eq": lambda x, y: abs(x - y),
    "NotEq": lambda x, y: 0 if x != y else 1,
}


def _distance(node: ast.AST, want: bool) -> Callable[[dict], int]:
    """How far a state's values (``env``) are from making ``node`` come out as ``want``."""
    if isinstance(node, ast.BoolOp):
        parts = [_distance(v, want) for v in node.values]
        if want == isinstance(node.op, ast.And):
            return lambda env: sum([p(env) for p in parts])
        return lambda env: min([p(env) for p in parts])
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return _distance(node.operand, not want)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        a, right = _value(node.left), node.comparators[0]
        op = type(node.ops[0]).__name__
        o = op if want else _NEGATE[op]
        gap, eq = _GAPS[o], o == "Eq"
        if isinstance(right, ast.Constant) and type(right.value) in (int, bool):
            c = right.value  # the common case, a variable against a number
            n = int(c)

            def d_const(env):
                x = a(env)
                if isinstance(x, str):
                    return 0 if (x == c) == eq else 1
                return gap(int(x), n)
            return d_const
        b = _value(right)

        def d_cmp(env):
            x, y = a(env), b(env)
            if isinstance(x, str) or isinstance(y, str):
                return 0 if (x == y) == eq else 1
            return gap(int(x), int(y))
        return d_cmp
    if isinstance(node, ast.Compare):  # chained: an "and" of its pairs
        pairs = [ast.Compare(left, [op], [right]) for left, op, right in
                 zip([node.left, *node.comparators], node.ops, node.comparators)]
        return _distance(ast.BoolOp(ast.And(), pairs), want)
    v = _value(node)
    return lambda env: 0 if bool(v(env)) == want else 1


def _value(node: ast.AST) -> Callable[[dict], Any]:
    if isinstance(node, ast.Name):
        if node.id in LITERALS:
            c = LITERALS[node.id]
            return lambda env: c
        return itemgetter(node.id)
    if isinstance(node, ast.Constant):
        c = node.value
        return lambda env: c
    if isinstance(node, ast.UnaryOp):
        inner = _value(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda env: not inner(env)
        if isinstance(node.op, ast.USub):
            return lambda env: -inner(env)
        return inner
    if isinstance(node, ast.BinOp):
        a, b = _value(node.left), _value(node.right)
        if isinstance(node.op, ast.Add):
            return lambda env: a(env) + b(env)
        return lambda env: a(env) - b(env)
    d = _distance(node, True)  # a condition used as a value
    return lambda env: d(env) == 0


class _Guide:
    """Sum of distances of several (condition, wanted truth) pairs."""

    def __init__(self, parts: list[tuple[str, bool]]):
        cache: dict[tuple[str, bool], Callable] = {}
        self.parts = []
        for source, want in parts:
            f = cache.get((source, want))
            if f is None:
                f = cache[(source, want)] = _distance(tree(source).body, want)  # type: ignore[attr-defined]
            self.parts.append(f)

    def __call__(self, env: dict) -> int:
        total = 0
        for f in self.parts:
            total += f(env)
        return total


# ------------------------------------------------------------------ the search


class _Prune:
    """Whether a state can no longer make the question's conditions come out as needed.

    Each (condition, wanted truth) must hold when the question's node is reached: for an ending
    reached only by ``goto: end``, its own condition true and every earlier one false; for a
    soft-lock, every choice of the role unavailable and no auto route taken; for a loop, the
    choice available. From a state, each variable can only arrive within its headroom of where
    it is (``_Graph.headroom``); if some condition cannot come out as wanted for any values in
    those intervals, no game from that state reaches the question, so the state need not be
    expanded (and a search that runs out of states still proves "no").
    """

    def __init__(self, search, graph: "_Graph", parts: list[tuple[str, bool, tuple | None]], sink: str):
        self.contexts, self.graph, self.sink = search.contexts, graph, sink
        comp = graph.comp
        self.parts = [(comp.condition(src)[0], want, roles) for src, want, roles in parts]
        self.bounds = graph.bounds
        self.room: dict[int, tuple] = {}

    def __call__(self, ctx: int, sid: str, values: tuple) -> bool:
        got = self.room.get(ctx)
        if got is None:
            role, route = self.contexts[ctx]
            evs = [(ev, want) for ev, want, roles in self.parts if roles is None or role in roles]
            got = self.room[ctx] = (self.graph.headroom(ctx, self.sink), evs,
                                    frozenset([role]), frozenset([route or ""]))
        room, evs, role_set, route_set = got
        h = room.get(sid)
        if h is None:
            return True
        up, down = h
        reg = []
        for v, (lo, hi), u, dn in zip(values, self.bounds, up, down):
            v = int(v)
            reg.append(v - dn if v - dn > lo else lo)
            reg.append(v + u if v + u < hi else hi)
        reg.append(role_set)
        reg.append(route_set)
        for ev, want in evs:
            a, b = ev(reg)
            if (b == 0) if want else (a == 1):
                return True
        return False


class _Search:
    def __init__(self, pack: Pack, cap: int):
        self.pack = pack
        self.cap = cap
        self.ex = Exploration()
        names = self.names = tuple(pack.variables)
        read = set(pack.reads)
        relevant = tuple(n for n in names if n in read)
        self.get_all = itemgetter(*names) if len(names) > 1 else (lambda d: (d[names[0]],) if names else ())
        self.relevant_index = tuple(names.index(n) for n in relevant)
        self.contexts = [(role, route) for role in pack.roles for route in [None, *pack.routes]]
        variables = pack.variables

        clamp = {n: (v.min, v.max) if v.kind == "meter" else (None, None) for n, v in variables.items()}

        self.plans: dict[str, list[tuple]] = {}
        self.slack = 1  # the most one move can shift the guide's distances (see _guided)
        shift: dict[str, int] = {}
        # An outcome's steps by the identities of its effects: the loader shares one effect per text,
        # and a pack repeats few combinations of them (the 1,000-scene benchmark pack: 3,000
        # choices, under 200 combinations), so each is built, and its shift counted, once.
        made: dict[tuple, tuple] = {}

        def steps_of(effects) -> tuple:
            key = tuple(map(id, effects))
            got = made.get(key)
            if got is None:
                got = made[key] = tuple((e.target, e.fn, *clamp[e.target]) for e in effects)
                moved = 0
                for e in effects:
                    if e.source not in shift:
                        shift[e.source] = _shift(e.source, variables[e.target])
                    moved += shift[e.source]
                if moved > self.slack:
                    self.slack = moved
            return got

        for sid, scene in pack.scenes.items():
            plan = []
            for c in scene.choices:
                if c.chance:
                    outcomes = tuple((steps_of([*c.effects, *o.effects]), o.goto or c.goto) for o in c.chance)
                else:
                    outcomes = ((steps_of(c.effects), c.goto),)
                plan.append((c.roles, c.cond.fn if c.cond is not None else None, c.id, outcomes))
            self.plans[sid] = plan
        # the scenes without auto routes: a move there rests there (see ``expand``'s ``skip``)
        self.plain = frozenset(sid for sid, scene in pack.scenes.items() if not scene.auto)
        idx = self.relevant_index
        self._relevant = (itemgetter(*idx) if len(idx) > 1 else
                          (lambda v, i=idx[0]: (v[i],)) if idx else (lambda v: ()))
        if idx == tuple(range(len(names))) and len(idx) > 1:
            self._relevant = tuple  # every variable is read: the values themselves

    def key(self, ctx: int, sid: str, values: tuple) -> tuple:
        return (ctx, sid, self._relevant(values))

    def starts(self) -> list[tuple[int, str, tuple]]:
        """Each role's start on each route: (context, scene, values); endings and loops recorded."""
        pack, ex = self.pack, self.ex
        out = []
        for ctx, (role, route) in enumerate(self.contexts):
            env = {n: v.start for n, v in pack.variables.items()}
            env.update(pack.roles[role].start)
            first = pack.start
            if route is not None:
                env.update(pack.routes[route].set)
                first = pack.routes[route].start or first
            env["role"], env["route"] = role, route or ""
            try:
                sid, ending, passed = _enter(pack, first, env)
            except EngineError as exc:
                ex.loops.setdefault((first, None), (role, str(exc)))
                continue
            for x in passed:
                ex.visited_scenes.setdefault(x, set()).add(role)
            if ending is not None:
                ex.endings.setdefault(ending, set()).add(role)
            if sid is not None:
                ex.visited_scenes.setdefault(sid, set()).add(role)
                out.append((ctx, sid, self.get_all(env)))
        return out

    def expand(self, ctx: int, sid: str, values: tuple, skip: set[str] | None = None) -> list[tuple[str, tuple, dict]]:
        """Every next state of a state in a scene (witnesses recorded): [(scene, values, env)].

        ``skip``: scenes without auto routes that this context has reached already (the
        breadth-first pass's); a move there is left out, its values not worked out, since it
        would record nothing new and the pass drops it.
        """
        pack, ex, names = self.pack, self.ex, self.names
        role, route = self.contexts[ctx]
        endings = pack.endings
        visited, reached = ex.visited_scenes, ex.endings
        ex.states += 1
        env = dict(zip(names, values))
        env["role"] = role
        env["route"] = route or ""
        out = []
        moved = False
        plain = self.plain
        plan = self.plans[sid]
        ex.steps += len(plan)  # one step per choice tried
        for choice_roles, cond, cid, outcomes in plan:
            if choice_roles is not None and role not in choice_roles:
                continue
            if cond is not None and not cond(env):
                continue
            moved = True
            for steps, goto in outcomes:
                if skip is not None and goto in skip:
                    continue
                env2 = dict(env)
                for target, fn, lo, hi in steps:
                    v = fn(env2)
                    if lo is not None:
                        if v < lo:
                            v = lo
                        elif v > hi:
                            v = hi
                    env2[target] = v
                if goto in plain:
                    nxt, ending = goto, None  # the common case, without _enter's loop
                elif goto in endings:
                    nxt, ending = None, goto
                else:
                    try:
                        nxt, ending, passed = _enter(pack, goto, env2)  # type: ignore[arg-type]
                    except EngineError as exc:
                        ex.loops.setdefault((sid, cid), (role, str(exc)))
                        continue
                    for x in passed:
                        visited.setdefault(x, set()).add(role)
                if ending is not None:
                    reached.setdefault(ending, set()).add(role)
                    continue
                there = visited.get(nxt)
                if there is None:
                    visited[nxt] = {role}
                else:
                    there.add(role)
                out.append((nxt, self.get_all(env2), env2))
        if not moved and sid not in ex.stuck:
            ex.stuck[sid] = (role, State(pack.id, role, route, 0, sid, None, MappingProxyType(dict(zip(names, values)))))
        return out


def _step(source: str) -> int | None:
    """k for ``x += k`` (-k for ``x -= k``) with a whole number k; None for anything else."""
    stmt = tree(source, "exec").body[0]  # type: ignore[attr-defined]
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, int):
        return stmt.value.value if isinstance(stmt.op, ast.Add) else -stmt.value.value  # the loader allows += and -= only
    return None


def _shift(source: str, info) -> int:
    """How far an effect can move its variable in one go: k for ``x += k``, else the whole range."""
    k = _step(source)
    if k is not None:
        return abs(k)
    return 1 if info.kind == "flag" else info.max - info.min


def _questions(pack: Pack) -> list[Question]:
    """Every question a reachability warning answers, before anything is known."""
    from .abstract import risky_scenes

    qs: list[Question] = [("scene", sid, None) for sid in pack.scenes]
    for sid, s in pack.scenes.items():
        if s.roles is not None:
            qs += [("scene", sid, r) for r in pack.roles if r not in s.roles]
    qs += [("ending", e) for e in pack.endings]
    for sid, s in pack.scenes.items():
        if s.auto and any(c is None for c, _ in s.auto):
            continue  # a state never stays here
        free = [c.roles for c in s.choices if c.cond is None]  # always available, to these roles
        if None in free:
            continue  # to every role: none is ever left without a choice here
        for r in pack.roles:
            if not any(r in roles for roles in free):
                qs.append(("stuck", sid))
                break
    risky, _ = risky_scenes(pack)
    if risky:
        for sid, s in pack.scenes.items():
            for c in s.choices:
                gotos = {c.goto, *(o.goto for o in c.chance or [])}
                if gotos & risky:
                    qs.append(("loop", sid, c.id))
    return qs


def _settled(ex: Exploration, q: Question) -> bool:
    kind = q[0]
    if kind == "scene":
        roles = ex.visited_scenes.get(q[1])
        return roles is not None and (q[2] is None or q[2] in roles)
    if kind == "ending":
        return q[1] in ex.endings
    if kind == "stuck":
        return q[1] in ex.stuck
    return (q[1], q[2]) in ex.loops


def explore(pack: Pack, cap: int = STATE_CAP, *, breadth: bool = True) -> Exploration:
    """Settle every question (see the module's docstring); ``cap`` bounds the states expanded.

    ``breadth=False`` skips the first, breadth-first pass and the short searches (tests use it
    to check that the over-approximation and the guided search stand on their own).
    """
    with paused_gc():  # the search builds many small tuples and dicts, and no cycles
        return _explore(pack, cap, breadth)


def _explore(pack: Pack, cap: int, breadth: bool = True) -> Exploration:
    search = _Search(pack, cap)
    ex = search.ex
    open_qs = _questions(pack)
    size = sum(1 + len(s.choices) + len(s.auto) for s in pack.scenes.values())
    max_steps = STEPS_PER_STATE * cap

    def still_open() -> list[Question]:
        # _settled, inline: one call per question per pass was a tenth of a small pack's check
        visited, endings, stuck, loops = ex.visited_scenes, ex.endings, ex.stuck, ex.loops
        out = []
        for q in open_qs:
            kind = q[0]
            if kind == "scene":
                roles = visited.get(q[1])
                if roles is not None and (q[2] is None or q[2] in roles):
                    continue
            elif kind == "ending":
                if q[1] in endings:
                    continue
            elif kind == "stuck":
                if q[1] in stuck:
                    continue
            elif (q[1], q[2]) in loops:
                continue
            out.append(q)
        return out

    # 1. Starts, then each scene played once per role and route, breadth first.
    starts = search.starts()
    resting = search.plain
    open_qs = still_open()
    for start in starts if breadth else ():
        ctx = start[0]
        role = search.contexts[ctx][0]
        if not any(q[0] == "scene" and q[2] in (None, role) for q in open_qs):
            continue
        expanded = {start[1]}
        rest = {start[1]} & resting  # reached, and a move there rests there: nothing new to see
        queue = deque([start])
        while queue and ex.states < cap and ex.steps < max_steps:
            _, sid, values = queue.popleft()
            for nxt, values2, _ in search.expand(ctx, sid, values, rest):
                if nxt not in expanded:
                    expanded.add(nxt)
                    if nxt in resting:
                        rest.add(nxt)
                    queue.append((ctx, nxt, values2))
        open_qs = still_open()
        if not open_qs:
            break
    open_qs = still_open()
    # 2. A short search for each scene and ending still not seen (most are reachable).
    plain = None
    ruled_out: set[Question] = set()  # every state that could lead there was expanded: no game does
    for q in open_qs if breadth else ():
        if q[0] in ("scene", "ending") and not _settled(ex, q) and ex.states < cap:
            plain = plain or _Graph(pack, search.contexts)
            budget = (min(cap, ex.states + 500 + 2 * len(pack.scenes)), min(max_steps, ex.steps + 20 * size))
            if _guided(search, plain, q, starts, budget) is False:
                ruled_out.add(q)
    open_qs = [q for q in still_open() if q not in ruled_out]
    if not open_qs:
        return ex

    # 3. The over-approximation rules out what it can.
    from .abstract import Abstraction

    ab = Abstraction(pack)
    ex.proved = True
    ex.steps += ab.steps

    def possible(q: Question) -> bool:
        kind = q[0]
        if kind == "scene":
            roles = ab.roles_at(q[1])
            return bool(roles) if q[2] is None else q[2] in roles
        if kind == "ending":
            return ab.ending_possible(q[1])
        if kind == "stuck":
            return any(ab.stuck_possible(q[1], r) for r in pack.roles)
        return ab.loop_possible(q[1], q[2])

    open_qs = [q for q in open_qs if possible(q)]
    if not open_qs:
        return ex

    # 4. A search per open question, through the scenes that can still lead to it.
    graph = _Graph(pack, search.contexts, ab)
    for q in open_qs:
        if _settled(ex, q) or ex.states >= cap or ex.steps >= max_steps:
            continue
        if _guided(search, graph, q, starts, (cap, max_steps)) is False:
            ruled_out.add(q)  # every state that could lead to it was expanded: no game reaches it
    ex.open = [q for q in open_qs if not _settled(ex, q) and q not in ruled_out]
    ex.capped = bool(ex.open)
    return ex


def _move_id(move) -> int:
    """A move's identity: its chance outcome's, or its effects list's (both live as long as the pack)."""
    return id(move[1]) if isinstance(move, tuple) and move else id(move)


class _Graph:
    """Per context (a role on a route): node -> the nodes it may lead to, each move with how far it
    can raise and lower each variable; with ``ab``, only the moves its regions allow.

    Nodes are scenes, endings and ``end`` (which leads to every ending that may be picked). A
    condition that reads ``role`` or ``route`` is decided per context where it can be (over the
    scene's region, or any values without ``ab``): ``route == 'short'`` always sends the short
    route on and never the others, so each route's graph has only its own moves. ``distances``
    gives how many moves each node is from a target; ``headroom`` how far each variable can still
    move on the way.
    """

    def __init__(self, pack: Pack, contexts: list[tuple[str, str | None]], ab=None):
        from .abstract import Compiler

        self.pack, self.ab = pack, ab
        names = list(pack.variables)
        nv = len(names)
        bounds = self.bounds = [(v.min, v.max) if v.kind == "meter" else (0, 1) for v in pack.variables.values()]
        self.span = [hi - lo for lo, hi in bounds]
        self.zero = (0,) * nv
        index = self._index = {n: i for i, n in enumerate(names)}
        ctx_names = frozenset(("role", "route"))
        comp = self.comp = ab.comp if ab is not None else Compiler(index, nv)
        scenes = pack.scenes
        # the scenes with a condition that reads the context: their moves are decided per route
        depends: set[str] = set()
        if "role" in pack.reads or "route" in pack.reads:
            for sid, scene in scenes.items():
                if any(c is not None and c.reads & ctx_names for c, _ in scene.auto) or \
                        any(c.cond is not None and c.cond.reads & ctx_names for c in scene.choices):
                    depends.add(sid)

        def truth(cond, sid: str, role: str, route: str | None) -> bool | None:
            """For a condition that reads the context: True if it always holds here for this role
            and route, False if never, None if it depends on the variables."""
            if ab is not None:
                region = ab.entry(sid)
                if region is None:
                    return False
                region = list(region)
            else:
                region = [x for lo, hi in bounds for x in (lo, hi)] + [None, None]
            region[-2] = frozenset([role])
            region[-1] = frozenset([route or ""])
            lo, hi = comp.condition(cond.source)[0](region)
            return True if lo == 1 else False if hi == 0 else None

        def edges(sid: str, role: str, route: str | None, moves) -> list[tuple]:
            """The moves out of ``sid``: (goto, what the move does: its effects, or (choice, outcome))."""
            scene = scenes[sid]
            decide = sid in depends
            out: list[tuple] = []
            if moves is None and not decide:  # the plain graph's common case: nothing to decide
                for cond, goto in scene.auto:
                    out.append((goto, ()))
                    if cond is None:
                        return out  # always taken here: nothing after it is
                for c in scene.choices:
                    if c.roles is not None and role not in c.roles:
                        continue
                    if c.chance:
                        out.extend(((o.goto or c.goto), (c, o)) for o in c.chance if (o.goto or c.goto) is not None)
                    elif c.goto is not None:
                        out.append((c.goto, c.effects))
                return out
            a_ok, c_ok = moves if moves is not None else (None, None)
            for i, (cond, goto) in enumerate(scene.auto):
                if a_ok is not None and i not in a_ok:
                    continue
                t = True if cond is None else truth(cond, sid, role, route) if decide and cond.reads & ctx_names else None
                if t is False:
                    continue
                out.append((goto, ()))
                if t is True:
                    return out  # always taken here: nothing after it is
            for i, c in enumerate(scene.choices):
                if c.roles is not None and role not in c.roles:
                    continue
                if c_ok is not None and i not in c_ok:
                    continue
                if decide and c.cond is not None and c.cond.reads & ctx_names and \
                        truth(c.cond, sid, role, route) is False:
                    continue
                if c.chance:
                    out.extend(((o.goto or c.goto), (c, o)) for o in c.chance if (o.goto or c.goto) is not None)
                elif c.goto is not None:
                    out.append((c.goto, c.effects))
            return out

        self.fwd: list[dict[str, list[tuple]]] = []
        self.back: list[dict[str, list[str]]] = []
        self.same: list[int] = []  # per context, the first context with the very same moves
        by_role: dict[str, tuple[dict, dict]] = {}
        order = [sid for sid in scenes if sid in depends] if depends else []

        def reverse(back: dict[str, list[str]], sids, fwd, shared: dict | None = None) -> None:
            """Add ``sids``' moves to ``back``; a list ``back`` shares with ``shared`` is copied
            when first added to (each context's own from its first change on)."""
            for sid in sids:
                for goto, _ in fwd[sid]:
                    srcs = back.get(goto)
                    if srcs is None:
                        back[goto] = [sid]
                    elif srcs[-1] != sid:
                        if shared is not None and srcs is shared.get(goto):
                            srcs = back[goto] = srcs.copy()
                        srcs.append(sid)

        # Without regions, a scene none of whose choices is for some roles only (and none of whose
        # conditions reads the context) has the same moves for every role: built and reversed once.
        common: dict[str, list] = {}
        if ab is None:
            for sid, sc in pack.scenes.items():
                if sid not in depends and all(c.roles is None for c in sc.choices):
                    common[sid] = edges(sid, "", None, None)
        common_back: dict[str, list[str]] = {}
        reverse(common_back, common, common)
        per_role = [sid for sid in pack.scenes if sid not in common and sid not in depends]
        for role, route in contexts:
            base = by_role.get(role)
            if base is None:
                fwd = dict(common)
                for sid in per_role:
                    fwd[sid] = edges(sid, role, None, ab.moves(sid, role) if ab is not None else None)
                base = by_role[role] = (fwd, {})
            fwd, seen = base
            own = {sid: edges(sid, role, route, ab.moves(sid, role) if ab is not None else None) for sid in order}
            key = tuple((sid, tuple((goto, _move_id(m)) for goto, m in out)) for sid, out in own.items())
            first = seen.get(key)
            if first is not None:  # the same moves as another of this role's routes: shared, headroom too
                self.same.append(first)
                self.fwd.append(self.fwd[first])
                self.back.append(self.back[first])
                continue
            seen[key] = len(self.fwd)
            self.same.append(len(self.fwd))
            fwd = {**fwd, **own}
            back = dict(common_back)  # its lists shared until this context adds to one
            reverse(back, [*per_role, *own], fwd, common_back)
            for e in pack.endings:
                if ab is None or ab.ending_possible(e):
                    back[e] = [*back.get(e, ()), "end"]
            self.fwd.append(fwd)
            self.back.append(back)
        self._room: dict[tuple[int, str], dict] = {}
        self._dist: dict[tuple[int, str], dict] = {}
        self._moved: dict[int, tuple] = {}  # id of a move -> its rise and fall side by side (moves live in the pack)

    def _vector(self, move) -> tuple:
        """How far a move can raise, then lower, each variable (``x = ...``: its whole range); a move
        is its effects, or (choice, chance outcome)."""
        key = _move_id(move)
        got = self._moved.get(key)
        if got is not None:
            return got
        effects = [*move[0].effects, *move[1].effects] if isinstance(move, tuple) and move else move
        nv = len(self.span)
        vec = [0] * (2 * nv)
        for e in effects:
            k = _step(e.source)  # (its tree parsed once: pack.expr.tree)
            i = self._index[e.target]
            if k is None:
                vec[i] = vec[nv + i] = self.span[i]
            elif k > 0:
                vec[i] += k
            else:
                vec[nv + i] -= k
        got = self._moved[key] = tuple(vec)
        return got

    def distances(self, ctx: int, target: str) -> dict[str, int]:
        ctx = self.same[ctx]
        got = self._dist.get((ctx, target))
        if got is not None:
            return got
        back = self.back[ctx]
        d = self._dist[(ctx, target)] = {target: 0}
        todo = deque([target])
        while todo:
            x = todo.popleft()
            n = d[x] + 1
            for src in back.get(x, ()):
                if src not in d:
                    d[src] = n
                    todo.append(src)
        return d

    def headroom(self, ctx: int, sink: str) -> dict[str, tuple[tuple, tuple]]:
        """Per node that can lead to ``sink``: (rise, fall), per variable the most it can still rise
        and fall on any way there, capped at its range (``x = ...`` can move it anywhere).

        Clamping only ever keeps a value nearer where it was, so the value on arrival lies within
        the headroom of the value now, whatever the way. Cached: every ending reached by
        ``goto: end`` shares the headroom to ``end``.
        """
        ctx = self.same[ctx]
        got = self._room.get((ctx, sink))
        if got is not None:
            return got
        fwd, span2 = self.fwd[ctx], self.span * 2
        dist = self.distances(ctx, sink)
        # rise and fall side by side in one vector; the same move from several choices once
        # (the sink's own moves too: a way may pass it and come back to it)
        vector = self._vector
        succ = {sid: {(goto, vector(move)) for goto, move in fwd[sid] if goto in dist}
                for sid in dist if sid in fwd}
        best: dict[str, tuple] = {sink: self.zero * 2}
        preds: dict[str, list[str]] = {}
        waiting: dict[str, int] = {}
        for sid, out in succ.items():
            nexts = {goto for goto, _ in out if goto in succ}
            waiting[sid] = len(nexts)
            for goto in nexts:
                preds.setdefault(goto, []).append(sid)
        ready = [sid for sid, n in waiting.items() if n == 0]

        def settle(sid: str) -> bool:
            cur = best.get(sid)
            for goto, vec in succ[sid]:
                b = best.get(goto)
                if b is not None:
                    v = tuple(map(min, span2, map(add, b, vec)))
                    cur = v if cur is None else tuple(map(max, cur, v))
            if cur is None or cur == best.get(sid):
                return False
            best[sid] = cur
            return True

        while ready:  # every move's goto settled first: one pass where the ways never loop
            sid = ready.pop()
            settle(sid)
            for p in preds.get(sid, ()):
                waiting[p] -= 1
                if waiting[p] == 0:
                    ready.append(p)
        looping = [sid for sid, n in waiting.items() if n > 0]
        changed = bool(looping)
        while changed:  # around loops: the longest ways, capped at each range, until nothing grows
            changed = False
            for sid in looping:
                changed = settle(sid) or changed
        nv = len(self.span)
        best = {sid: (v[:nv], v[nv:]) for sid, v in best.items()}
        self._room[(ctx, sink)] = best
        return best


def _guided(search: _Search, graph, q: Question, starts, budget: tuple[int, int]) -> bool | None:
    """Search for a witness of ``q``: True found, False none exists, None out of states.

    Only states from which ``graph`` can lead to the question are expanded, so running out of
    them (False) proves that no game reaches it; ``budget`` caps ``search.ex.states`` and
    ``search.ex.steps``.
    """
    pack, ex = search.pack, search.ex
    kind = q[0]
    target = q[1]
    role_only = q[2] if kind == "scene" else None
    # (condition, wanted truth, the roles it is for or None) that must hold at the question's node
    parts: list[tuple[str, bool, tuple | None]] = []
    if kind == "ending":
        for eid, e in pack.endings.items():
            if eid == target:
                if e.cond is not None and eid != list(pack.endings)[-1]:
                    parts.append((e.cond.source, True, None))
                break
            if e.cond is not None:
                parts.append((e.cond.source, False, None))
    elif kind == "stuck":
        scene = pack.scenes[target]
        parts += [(c.cond.source if c.cond is not None else "true", False, c.roles) for c in scene.choices]
        parts += [(c.source, False, None) for c, _ in scene.auto if c is not None]
    elif kind == "loop":
        c = pack.scenes[target].choice(q[2])
        if c is not None and c.cond is not None:
            parts.append((c.cond.source, True, c.roles))
    wanted = [(src, want) for src, want, roles in parts if src != "true"]
    guide = _Guide(wanted) if wanted else None

    # distance (in moves) to the question's node, per context, over the graph
    dist = {ctx: graph.distances(ctx, target) for ctx, (role, _) in enumerate(search.contexts)
            if role_only is None or role == role_only}
    prune_sink = None  # where the conditions must hold, if pruning can use them (built when first asked)
    if parts:
        # the conditions hold on arrival only where nothing else leads there: an ending some move
        # sends a game to directly is reached whatever they say
        sinks = {s for ctx in dist for s in graph.back[ctx].get(target, ())} if kind == "ending" else {target}
        if sinks == {"end"} or kind != "ending":
            prune_sink = sinks.pop() if kind == "ending" else target
    prune = None

    seen: set[tuple] = set()
    heap: list[tuple] = []
    counter = 0
    for ctx, sid, values in starts:
        d = dist.get(ctx)
        if d is None or sid not in d:
            continue
        k = search.key(ctx, sid, values)
        if k in seen:
            continue
        seen.add(k)
        counter += 1
        heap.append((0, d[sid], 0, counter, ctx, sid, values))
    heapq.heapify(heap)
    slack = search.slack
    max_states, max_steps = budget
    popped = 0
    prune_after = max(PRUNE_AFTER, len(pack.scenes))
    while heap:
        if ex.states >= max_states or ex.steps >= max_steps:
            return None
        ctx, sid, values = heapq.heappop(heap)[4:]
        popped += 1
        if popped > prune_after and prune_sink is not None:
            if prune is None:
                prune = _Prune(search, graph, parts, prune_sink)
            if prune(ctx, sid, values):
                continue  # it can no longer reach the question
        d = dist[ctx]
        succ = search.expand(ctx, sid, values)
        if _settled(ex, q):
            return True
        for nxt, values2, env2 in succ:
            dn = d.get(nxt)
            if dn is None:
                continue  # nothing from there can lead to the question
            k = search.key(ctx, nxt, values2)
            if k in seen:
                continue
            seen.add(k)
            counter += 1
            # First the states that could still make the guide's conditions come out right in the
            # moves left (each move shifts them by at most `slack`), then the fewest moves plus the
            # guide's distance: a dive to the target that backs up where the conditions fail.
            bd = guide(env2) if guide else 0
            heapq.heappush(heap, (max(0, bd - slack * dn), dn + bd, bd, counter, ctx, nxt, values2))
    return _settled(ex, q) or False


def analyse(pack: Pack, cap: int = STATE_CAP) -> list[Diagnostic]:
    """Warnings for a pack that loaded without errors (those found while loading come first)."""
    out: list[Diagnostic] = list(getattr(pack, "warnings", ()))
    ex = explore(pack, cap)
    mfile = pack.files[0] if pack.files else "pack.yaml"
    unsure_scenes = {q[1] for q in ex.open if q[0] == "scene" and q[2] is None}
    unsure_endings = {q[1] for q in ex.open if q[0] == "ending"}
    if ex.capped:
        parts = []
        unsure = [x for x in [*pack.scenes, *pack.endings] if x in unsure_scenes or x in unsure_endings]
        if unsure:
            parts.append(f"not reached, and so not checked: {', '.join(unsure[:10])}{' ...' if len(unsure) > 10 else ''}")
        roles = [f"{q[2]} in '{q[1]}'" for q in ex.open if q[0] == "scene" and q[2] is not None]
        if roles:
            parts.append(f"roles not ruled out of scenes for other roles: {', '.join(roles[:10])}"
                         f"{' ...' if len(roles) > 10 else ''}")
        stuck = [q[1] for q in ex.open if q[0] == "stuck"]
        if stuck:
            parts.append(f"soft-locks not ruled out in: {', '.join(stuck[:10])}{' ...' if len(stuck) > 10 else ''}")
        loops = [f"'{q[2]}' in '{q[1]}'" for q in ex.open if q[0] == "loop"]
        if loops:
            parts.append(f"auto-route loops not ruled out after: {', '.join(loops[:10])}"
                         f"{' ...' if len(loops) > 10 else ''}")
        out.append(Diagnostic(mfile, 1, 1, "SG108",
                              f"explored {ex.states:,} game states and stopped (the cap is {cap:,}); "
                              + "; ".join(parts),
                              "no witness was found for these, and the analysis could not rule them out; "
                              "every other warning is exact"))
    unseen_scenes = [s for s in pack.scenes.values() if s.id not in ex.visited_scenes and s.id not in unsure_scenes]
    unseen_endings = [e for e in pack.endings.values() if e.id not in ex.endings and e.id not in unsure_endings]
    named = linked(pack) if unseen_scenes else set()
    for scene in unseen_scenes:
        w = scene.where
        out.append(Diagnostic(w.file, w.line, w.column, "SG101",
                              f"scene '{scene.id}' cannot be reached from the start by any role",
                              "nothing leads to it: no goto, auto route or route start on the way from the start "
                              "names it" if scene.id not in named else
                              "gotos lead to it, but no game gets through them: their conditions never hold "
                              "when a player is there, or only roles that never get there see them"))
    order = list(pack.endings)
    if unseen_endings:  # endings a goto (or an auto route) on the way from the start names by id
        edges = _edges(pack, None)
        by_id = {t for sid in linked(pack) for t in edges.get(sid, ())}
    for ending in unseen_endings:
        w = ending.where
        fallback = next((pack.endings[e] for e in order[:order.index(ending.id)] if pack.endings[e].cond is None),
                        None)
        if not ex.endings and not ex.capped:
            hint = "no game of any role reaches an ending at all: see where the other warnings say players are stuck"
        elif fallback is not None and ending.id in by_id:
            hint = ("a goto names it, but no game gets through that goto: its condition never holds when a player "
                    "is there, or only roles that never get there see it (and `goto: end` never picks it: ending "
                    f"'{fallback.id}' before it has no condition)")
        elif fallback is not None:
            hint = (f"ending '{fallback.id}' before it has no condition, so `goto: end` always stops there: "
                    f"move this ending above '{fallback.id}', or name it in a goto")
        elif ending.cond is not None:
            hint = "check its condition, and that an earlier ending's does not always win"
        else:
            hint = ("it has no condition, so `goto: end` picks it only when no earlier ending's condition holds; "
                    "no game gets there that way, or by a goto naming it")
        out.append(Diagnostic(w.file, w.line, w.column, "SG106", f"ending '{ending.id}' is reached by no path", hint))
    for sid, (role, state) in ex.stuck.items():
        w = pack.scenes[sid].where
        values = ", ".join(f"{k} = {str(v).lower() if isinstance(v, bool) else v}" for k, v in state.values.items())
        out.append(Diagnostic(w.file, w.line, w.column, "SG102",
                              f"scene '{sid}' can leave the {role} role with no available choice",
                              f"for example with {values}; 'summit-game playtest PACK --role {role}' shows a path "
                              f"there. Give the scene a choice (or an auto route) that is always available, or loosen "
                              f"the conditions"))
    for (sid, cid), (role, problem) in ex.loops.items():
        scene = pack.scenes.get(sid)
        choice = scene.choice(cid) if scene and cid else None
        w = choice.where if choice else (scene.where if scene else None)
        file, line, col = (w.file, w.line, w.column) if w else (mfile, 1, 1)
        what = f"choosing '{cid}' in scene '{sid}'" if cid else f"starting in scene '{sid}'"
        out.append(Diagnostic(file, line, col, "SG102", f"{what} can leave the {role} role stuck: {problem}",
                              "give the auto routes conditions that cannot all hold at once"))
    for sid, roles in ex.visited_scenes.items():
        scene = pack.scenes.get(sid)
        if scene and scene.roles is not None:
            others = sorted(roles - set(scene.roles))
            if others:
                w = scene.where
                out.append(Diagnostic(w.file, w.line, w.column, "SG109",
                                      f"scene '{sid}' is for {', '.join(scene.roles)} but {', '.join(others)} can reach it",
                                      f"close the ways in to other roles ('roles:' on the choices that lead here, or an "
                                      f"'if' on role), or add those roles to this scene's 'roles:'; 'summit-game playtest "
                                      f"PACK --role {others[0]}' shows a path here"))
    for name, info in pack.variables.items():
        w = info.where
        line, col, file = (w.line, w.column, w.file) if w else (1, 1, mfile)
        if name not in pack.reads and not info.show:
            out.append(Diagnostic(file, line, col, "SG103",
                                  f"variable '{name}' is never read by a condition and not shown",
                                  "use it in an 'if', or set 'show: true' to put it in the meters panel"))
        if name not in pack.writes:
            start = str(info.start).lower() if isinstance(info.start, bool) else info.start
            example = (f"{name} = {'false' if info.start else 'true'}" if isinstance(info.start, bool)
                       else f"{name} += 1")
            out.append(Diagnostic(file, line, col, "SG104", f"variable '{name}' is never changed by an effect, role or route",
                                  f"it is {start} in every game: change it in an effect (\"{example}\"), or "
                                  f"give a role or route its own start value"))
    for scene in pack.scenes.values():
        for c in scene.choices:
            cited = c.cite or c.result_cite or any(o.cite for o in c.chance or [])
            if not cited:
                w = c.where
                out.append(Diagnostic(w.file, w.line, w.column, "SG105", f"choice '{c.id}' in scene '{scene.id}' cites no source",
                                      "add 'cite:' with the source's words on this option (or 'result_cite:' on "
                                      "its consequence); 'summit-game quote PACK \"words\"' finds them"))
    endings = list(pack.endings.values())
    if endings and endings[-1].cond is not None:
        w = endings[-1].where
        out.append(Diagnostic(w.file, w.line, w.column, "SG107",
                              "the last ending has a condition, so `goto: end` may find no match",
                              "when none matches the last ending is used anyway; make that explicit by removing its 'if'"))
    return sorted(out, key=Diagnostic.order)  # the order of Diagnostic's <, each key made once
