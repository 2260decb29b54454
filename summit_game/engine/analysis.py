"""Static and dynamic analysis behind ``summit-game check`` (the warnings).

Reachability takes conditions into account: for every role and route the
game's states are explored (every option, every chance outcome), up to a
cap. What the exploration never visits is unreachable; a state with no
available option that is not an ending is a soft-lock.

Exploring every state of a large pack is out of reach (six meters of 0..10
are 1.7 million value combinations per scene), so the search only explores
what can still change a warning, and stops when nothing can:

* a state is worth expanding only if its scene can still lead (following
  gotos and auto routes, conditions ignored) to an open question: a scene or
  ending not yet reached, a scene where this role could be stuck (all of its
  choices have conditions) and no soft-lock was found yet, a role-limited
  scene this role has not been seen in, or a scene whose auto routes could
  loop. Everything else from that state on has already been settled, so
  skipping it changes no warning: when the search runs out of states, the
  answer is exact, as if every state had been explored;
* states in the least-visited scenes go first, and so do states that hold a
  value never seen before, or the highest or lowest value of a variable seen
  so far in their scene: so that when the cap is reached every part of the
  pack has still been visited (breadth-first order would spend the whole
  budget on the first scenes of a long pack), and so that the states that
  cross threshold conditions (``escalation >= 9``) are found early;
* states are tuples stepped with the engine's own rules (``core._enter`` and
  the same clamping as ``core._apply_effects``; a property test checks that
  the findings equal those of a plain search of every state through
  ``start``/``options``/``choose`` on random small packs), and variables that
  nothing reads are left out of a state's identity (they cannot change what
  happens).

When the cap is reached the result is partial: soft-locks, role warnings and
loops found are real, but a scene not reached might still be reachable, so
only scenes and endings no goto leads to at all are reported as unreachable.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from operator import itemgetter
from types import MappingProxyType

from ..pack.diagnostics import Diagnostic
from ..pack.loader import Pack, paused_gc
from .core import EngineError, State, _enter

STATE_CAP = 60_000
_RECHECK = 256  # least expansions between recomputing which scenes are still worth exploring


@dataclass
class Exploration:
    # scene -> roles seen there; complete for role-limited scenes (what SG109 needs), while for
    # other scenes the search may stop before every role has been seen in them
    visited_scenes: dict[str, set[str]] = field(default_factory=dict)
    endings: dict[str, set[str]] = field(default_factory=dict)  # ending -> roles
    stuck: dict[str, tuple[str, State]] = field(default_factory=dict)  # scene -> (role, example state)
    states: int = 0
    capped: bool = False
    # auto routes that loop under some state: (scene, choice or None at the start) -> (role, message)
    loops: dict[tuple[str, str | None], tuple[str, str]] = field(default_factory=dict)
    # scenes and endings some goto path leads to, conditions ignored (an over-approximation)
    linked: set[str] = field(default_factory=set)


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
        if "end" in targets:
            targets.discard("end")
            targets.update(pack.endings)
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


def _auto_cycles(pack: Pack) -> set[str]:
    """Scenes on a cycle of auto routes (conditions ignored): the only places a loop can happen."""
    edges = {sid: {g for _, g in s.auto if g in pack.scenes} for sid, s in pack.scenes.items()}
    on_cycle: set[str] = set()
    for sid in edges:
        todo, seen = list(edges[sid]), set()
        while todo:
            x = todo.pop()
            if x == sid:
                on_cycle.add(sid)
                break
            if x not in seen:
                seen.add(x)
                todo.extend(edges[x])
    return on_cycle


def _leading_to(targets: set[str], back: dict[str, set[str]]) -> set[str]:
    """Every node with a path to one of ``targets`` (``targets`` included), over reversed edges."""
    out = set(targets)
    todo = list(targets)
    while todo:
        for src in back.get(todo.pop(), ()):
            if src not in out:
                out.add(src)
                todo.append(src)
    return out


def explore(pack: Pack, cap: int = STATE_CAP) -> Exploration:
    with paused_gc():  # the search builds many small tuples and dicts, and no cycles
        return _explore(pack, cap)


def _explore(pack: Pack, cap: int) -> Exploration:
    ex = Exploration(linked=linked(pack))
    names = tuple(pack.variables)
    variables = pack.variables
    read = set(pack.reads)
    relevant = tuple(n for n in names if n in read)
    # tuple <-> values: itemgetter with one name returns the bare value, so wrap those cases
    get_all = itemgetter(*names) if len(names) > 1 else (lambda d: (d[names[0]],) if names else ())
    get_key = itemgetter(*relevant) if len(relevant) > 1 else (lambda d: (d[relevant[0]],) if relevant else ())
    roles = list(pack.roles)
    scenes = pack.scenes

    # Per scene, what a role sees and each choice's outcomes as (clamped effects, goto).
    def clamp(target: str) -> tuple[int | None, int | None]:
        info = variables[target]
        return (info.min, info.max) if info.kind == "meter" else (None, None)

    plans: dict[str, list[tuple]] = {}
    for sid, scene in scenes.items():
        plan = []
        for c in scene.choices:
            outcomes = []
            for o in c.chance or [None]:
                effects = list(c.effects) + (list(o.effects) if o is not None else [])
                steps = tuple((e.target, e.fn, *clamp(e.target)) for e in effects)
                goto = (o.goto if o is not None else None) or c.goto
                outcomes.append((steps, goto))
            plan.append((c.roles, c.cond.fn if c.cond is not None else None, c.id, tuple(outcomes)))
        plans[sid] = plan

    # Open questions, per role, as scenes/endings; a state matters only if its scene leads to one.
    graph = {r: _edges(pack, r) for r in roles}
    back: dict[str, dict[str, set[str]]] = {}
    for r in roles:
        b: dict[str, set[str]] = {}
        for src, targets in graph[r].items():
            for t in targets:
                b.setdefault(t, set()).add(src)
        back[r] = b
    could_stick = {
        r: {sid for sid, s in scenes.items()
            if all(c.cond is not None for c in s.choices if c.roles is None or r in c.roles)}
        for r in roles
    }
    loopy = _auto_cycles(pack)

    def open_targets(r: str) -> set[str]:
        t = {sid for sid in scenes if sid not in ex.visited_scenes}
        t |= {e for e in pack.endings if e not in ex.endings}
        t |= {sid for sid in could_stick[r] if sid not in ex.stuck}
        t |= {sid for sid, s in scenes.items()
              if s.roles is not None and r not in s.roles and r not in ex.visited_scenes.get(sid, ())}
        return t | loopy

    def recompute() -> dict[str, set[str]]:
        return {r: _leading_to(open_targets(r), back[r]) for r in roles}

    visited, reached = ex.visited_scenes, ex.endings
    visits: dict[str, int] = {}
    seen: set[tuple] = set()
    heap: list[tuple] = []
    counter = 0

    values_seen: set[tuple] = set()
    extremes: dict[str, list[list]] = {}

    def push(role: str, route: str | None, sid: str, env: dict) -> None:
        nonlocal counter
        projected = get_key(env)
        key = (role, route, sid, projected)
        if key in seen:
            return
        if len(seen) >= cap:
            ex.capped = True
            return
        seen.add(key)
        counter += 1
        n = visits.get(sid, 0)
        visits[sid] = n + 1
        # New values (anywhere) and new extremes (in this scene) jump the queue: conditions are
        # mostly thresholds, and this finds the states that cross them long before an even search.
        novel = 0
        for pair in zip(relevant, projected):
            if pair not in values_seen:
                values_seen.add(pair)
                novel += 1
        ext = extremes.get(sid)
        if ext is None:
            extremes[sid] = [list(projected), list(projected)]
        else:
            lo, hi = ext
            for i, v in enumerate(projected):
                if v > hi[i]:
                    hi[i] = v
                    novel += 1
                elif v < lo[i]:
                    lo[i] = v
                    novel += 1
        heapq.heappush(heap, (n - 4 * novel, counter, role, route, sid, get_all(env)))

    for role in roles:
        for route in [None, *pack.routes]:
            env = {n: v.start for n, v in variables.items()}
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
                visited.setdefault(x, set()).add(role)
            if ending is not None:
                reached.setdefault(ending, set()).add(role)
            if sid is not None:
                visited.setdefault(sid, set()).add(role)
                push(role, route, sid, env)

    stick_any = set().union(*could_stick.values()) if roles else set()
    restricted = [(sid, set(roles) - set(s.roles)) for sid, s in scenes.items() if s.roles is not None]

    def anything_open() -> bool:
        """Cheap: is any question still open? (When none is, the search is over.)"""
        return bool(
            loopy
            or len(visited) < len(scenes) or len(reached) < len(pack.endings)
            or any(sid not in ex.stuck for sid in stick_any)
            or any(others - visited.get(sid, set()) for sid, others in restricted)
        )

    def progress() -> tuple:
        """Changes whenever a question may have been settled."""
        return (len(visited), len(reached), len(ex.stuck), sum(len(visited.get(sid, ())) for sid, _ in restricted))

    useful = recompute()
    settled = progress()
    since = 0
    every = max(_RECHECK, len(scenes))  # keeps the cost of recomputing `useful` per expansion constant
    endings = pack.endings
    while heap:
        if ex.states % _RECHECK == 0 and ex.states and not anything_open():
            break
        _, _, role, route, sid, values = heapq.heappop(heap)
        if since >= every:
            since = 0
            if progress() != settled:
                useful, settled = recompute(), progress()
        if sid not in useful[role]:
            continue  # nothing reachable from here can change a warning
        since += 1
        ex.states += 1
        env = dict(zip(names, values))
        env["role"] = role
        env["route"] = route or ""
        moved = False
        for choice_roles, cond, cid, outcomes in plans[sid]:
            if choice_roles is not None and role not in choice_roles:
                continue
            if cond is not None and not cond(env):
                continue
            moved = True
            for steps, goto in outcomes:
                env2 = dict(env)
                for target, fn, lo, hi in steps:
                    v = fn(env2)
                    if lo is not None:
                        if v < lo:
                            v = lo
                        elif v > hi:
                            v = hi
                    env2[target] = v
                target_scene = scenes.get(goto)  # type: ignore[arg-type]
                if target_scene is not None and not target_scene.auto:
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
                roles_there = visited.get(nxt)
                if roles_there is None:
                    visited[nxt] = {role}
                else:
                    roles_there.add(role)
                push(role, route, nxt, env2)
        if not moved and sid not in ex.stuck:
            example = State(pack.id, role, route, 0, sid, None, MappingProxyType(dict(zip(names, values))))
            ex.stuck[sid] = (role, example)
    return ex


def analyse(pack: Pack, cap: int = STATE_CAP) -> list[Diagnostic]:
    """Warnings for a pack that loaded without errors."""
    out: list[Diagnostic] = []
    ex = explore(pack, cap)
    mfile = pack.files[0] if pack.files else "pack.yaml"
    # Exhaustive: what was not visited is unreachable. Capped: only what no goto leads to is certain.
    unseen_scenes = [s for s in pack.scenes.values() if s.id not in ex.visited_scenes]
    unseen_endings = [e for e in pack.endings.values() if e.id not in ex.endings]
    if ex.capped:
        unsure = [x.id for x in unseen_scenes + unseen_endings if x.id in ex.linked]
        what = (f"; not reached, and so not checked: {', '.join(unsure[:10])}{' ...' if len(unsure) > 10 else ''}"
                if unsure else "; every scene and ending was still reached")
        out.append(Diagnostic(mfile, 1, 1, "SG108",
                              f"explored {ex.states:,} game states and stopped (the cap is {cap:,}){what}",
                              "soft-lock warnings cover only the states explored"))
        unseen_scenes = [s for s in unseen_scenes if s.id not in ex.linked]
        unseen_endings = [e for e in unseen_endings if e.id not in ex.linked]
    for scene in unseen_scenes:
        w = scene.where
        out.append(Diagnostic(w.file, w.line, w.column, "SG101",
                              f"scene '{scene.id}' cannot be reached from the start by any role"))
    for ending in unseen_endings:
        w = ending.where
        out.append(Diagnostic(w.file, w.line, w.column, "SG106",
                              f"ending '{ending.id}' is reached by no path",
                              "check its condition, and that an earlier ending's does not always win"
                              if ending.cond is not None else
                              "it has no condition, so it is only reached when no earlier ending matches, "
                              "or by a goto naming it; an earlier ending always matches"))
    for sid, (role, state) in ex.stuck.items():
        w = pack.scenes[sid].where
        values = ", ".join(f"{k} = {str(v).lower() if isinstance(v, bool) else v}" for k, v in state.values.items())
        out.append(Diagnostic(w.file, w.line, w.column, "SG102",
                              f"scene '{sid}' can leave the {role} role with no available choice",
                              f"for example with {values}"))
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
                                      f"scene '{sid}' is for {', '.join(scene.roles)} but {', '.join(others)} can reach it"))
    for name, info in pack.variables.items():
        w = info.where
        line, col, file = (w.line, w.column, w.file) if w else (1, 1, mfile)
        if name not in pack.reads and not info.show:
            out.append(Diagnostic(file, line, col, "SG103",
                                  f"variable '{name}' is never read by a condition and not shown",
                                  "use it in an 'if', or set 'show: true' to put it in the meters panel"))
        if name not in pack.writes:
            out.append(Diagnostic(file, line, col, "SG104", f"variable '{name}' is never changed by an effect, role or route"))
    for scene in pack.scenes.values():
        for c in scene.choices:
            cited = c.cite or c.result_cite or any(o.cite for o in c.chance or [])
            if not cited:
                w = c.where
                out.append(Diagnostic(w.file, w.line, w.column, "SG105", f"choice '{c.id}' in scene '{scene.id}' cites no source"))
    endings = list(pack.endings.values())
    if endings and endings[-1].cond is not None:
        w = endings[-1].where
        out.append(Diagnostic(w.file, w.line, w.column, "SG107",
                              "the last ending has a condition, so `goto: end` may find no match",
                              "when none matches the last ending is used anyway; make that explicit by removing its 'if'"))
    return sorted(out)
