"""The playtester: every way a pack can go, and how often, through the engine's own API.

Two strategies, both driving ``start``/``shown``/``advance`` and nothing else (``shown`` is
``options`` and ``advance`` is ``choose`` without the ``Option`` and ``Outcome`` objects the search
never reads: the same rules, the same choices and the same next state):

* **exhaustive**: from each role's start (on each route), every available choice and every
  chance outcome (forced with ``advance(..., draw=i)``), breadth-first. States that play the
  same from here on (equal ``State.key()``, see ``_key``) are merged and their probabilities summed: a
  chance outcome has its weight's share, an unweighted player takes each available choice
  equally often, a line of play takes its preferred choice whenever one is available. So the
  result is each ending's exact probability (up to a cap on states, which it reports), the
  shortest path to everything reached (breadth-first order), and every soft-lock and error.
* **random**: seeded runs, each a game a player could type into ``play --plain``: the game's
  own seed draws chance outcomes, and a second seeded generator picks the choices. The same
  seed gives the same runs, and so the same report, byte for byte.

What each run covers (scenes shown, options shown and taken, chance outcomes drawn, endings)
is kept so that the report can say what no game reached.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from ..pack.compiled import ChoiceC, Pack
from ..pack.playtest_file import LineSpec, Pref
from .core import EngineError, State, _env, advance, shown, start

DEFAULT_CAP = 100_000  # states per role/route/line in the exhaustive search
DEFAULT_RUNS = 1000  # random runs per role/route/line
MAX_DECISIONS = 500  # a random run that has not ended by then is reported as unfinished
SEED_TRIES = 20_000  # seeds tried to find one that draws a path's chance outcomes
_CONVERGED = 1e-13  # mass still moving round a loop below which a loop counts as left


@dataclass(frozen=True)
class PathStep:
    scene: str
    choice: str
    number: int  # the option's number as play --plain shows it
    draw: int | None = None  # the chance outcome taken, if the choice has chance
    outcomes: int = 0  # how many chance outcomes the choice has

    def __str__(self) -> str:
        s = f"{self.scene}.{self.choice}"
        if self.draw is not None:
            s += f"[{self.draw + 1}/{self.outcomes}]"
        return s


@dataclass
class Problem:
    """A soft-lock or an error, with the path that reproduces it."""

    kind: str  # "stuck" | "error"
    scene: str
    message: str
    path: tuple[PathStep, ...]
    share: float
    seed: int | None = None  # random runs: the game's seed
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class EndingStats:
    id: str
    share: float
    path: tuple[PathStep, ...]  # one shortest path
    seed: int | None  # random runs: the seed of the run that took that path
    meters: dict[str, tuple[float, float, float]]  # name -> (min, mean, max) of final values
    states: int = 0  # distinct final states (exhaustive) or runs (random)


@dataclass
class Group:
    """The result for one role on one route, played by an unweighted player or a line of play."""

    role: str
    route: str | None
    line: str | None
    strategy: str
    states: int = 0  # distinct states (exhaustive) or decisions taken (random)
    runs: int = 0
    capped: bool = False
    unfinished: float = 0.0  # share of games not ended: cut off by the cap, or going round a loop
    endings: dict[str, EndingStats] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # coverage
    scenes_shown: set[str] = field(default_factory=set)
    scenes_passed: set[str] = field(default_factory=set)  # passed through by auto routes
    options_shown: set[tuple[str, str]] = field(default_factory=set)
    available: set[tuple[str, str]] = field(default_factory=set)
    taken: set[tuple[str, str]] = field(default_factory=set)
    drawn: set[tuple[str, str, int]] = field(default_factory=set)
    variants: set[tuple[str, int]] = field(default_factory=set)  # (ending, index) of each variant a game ended on
    _first: dict[str, tuple[PathStep, ...]] = field(default_factory=dict, repr=False)
    #: an exhaustive search that stopped at its cap: the same player's seeded random games, whose
    #: shares estimate what the search could not follow (``run_playtest`` plays them)
    estimate: "Group | None" = None

    @property
    def label(self) -> str:
        who = f"line {self.line}" if self.line else "every choice equally likely"
        return f"{self.role}" + (f" / {self.route}" if self.route else "") + f" ({who})"

    def reached(self, target: str) -> bool:
        return target in self.endings or target in self.scenes_shown or target in self.scenes_passed


# ----------------------------------------------------------------- policies


def _policy(line: LineSpec | None):
    """available choices, as (choice, option number) -> [((choice, number), probability)] for a player
    or a line of play."""
    prefer: Sequence[Pref] = line.prefer if line else ()

    def pick(scene: str, avail: list[tuple[ChoiceC, int]]) -> list[tuple[tuple[ChoiceC, int], float]]:
        for pref in prefer:
            if pref.scene is not None and pref.scene != scene:
                continue
            for o in avail:
                if o[0].id == pref.choice:
                    return [(o, 1.0)]
        p = 1.0 / len(avail)
        return [(o, p) for o in avail]

    return pick


# ----------------------------------------------------------------- exhaustive


def _summarise_meters(pack: Pack, finals: Iterable[tuple[State, float]]) -> dict[str, tuple[float, float, float]]:
    rows = list(finals)
    if not rows:
        return {}
    total = sum(m for _, m in rows) or 1.0
    out: dict[str, tuple[float, float, float]] = {}
    for name in pack.variables:
        vals = [s.values[name] for s, _ in rows]
        mean = sum(v * m for v, (_, m) in zip(vals, rows)) / total
        out[name] = (float(min(vals)), mean, float(max(vals)))
    return out


def _key(state: State) -> tuple:
    """``State.key()`` for the states of one search: (scene, ending, values). Every state of a search
    has its root's values, copied and assigned to, so in one order: unsorted, they say the same (the
    sort took a tenth of the search's time)."""
    return state.scene, state.ending, tuple(state.values.values())


#: states between two calls of an exhaustive search's ``progress``
PROGRESS_EVERY = 10_000


def explore_exhaustive(pack: Pack, role: str, route: str | None, line: LineSpec | None = None,
                       cap: int = DEFAULT_CAP, progress: Callable[[int], None] | None = None) -> Group:
    """``progress``, if given, is called with the number of states found, every ``PROGRESS_EVERY``."""
    g = Group(role, route, line.id if line else None, "exhaustive")
    policy = _policy(line)
    root = start(pack, role, 0, route)
    states: list[State | None] = [root]
    # how each node was first reached: (parent node, scene, choice, number, draw, outcomes)
    parent: list[tuple | None] = [None]
    index: dict[tuple, int] = {_key(root): 0}
    succ: list[list[tuple[float, int]]] = [[]]
    terminal: dict[int, str] = {}  # node -> "ending" | "stuck" | "error"
    errors: dict[int, str] = {}
    capped_edges: list[tuple[int, float]] = []
    lost = 0.0  # probability leaving the explored part (the cap) or never ending
    if root.finished:
        terminal[0] = "ending"
    queue = deque([] if root.finished else [0])
    shown_add, avail_add, taken_add = g.options_shown.add, g.available.add, g.taken.add
    drawn_add, scenes_add, passed_update = g.drawn.add, g.scenes_shown.add, g.scenes_passed.update

    def path_to(i: int) -> tuple[PathStep, ...]:
        steps: list[PathStep] = []
        while parent[i] is not None:
            i, scene, cid, number, d, n_out = parent[i]  # type: ignore[misc]
            steps.append(PathStep(scene, cid, number, d, n_out))
        return tuple(reversed(steps))

    while queue:
        i = queue.popleft()
        state = states[i]
        assert state is not None
        scene = state.scene
        assert scene is not None
        scenes_add(scene)
        avail = []
        for number, (choice, ok) in enumerate(shown(pack, state), 1):
            shown_add((scene, choice.id))
            if ok:
                avail.append((choice, number))
                avail_add((scene, choice.id))
        if not avail:
            terminal[i] = "stuck"
            continue
        states[i] = None  # expanded: only final and stuck states are read again (memory)
        edges = succ[i]
        for (choice, number), p in policy(scene, avail):
            cid = choice.id
            chance = choice.chance
            if chance:
                total = sum(o.weight for o in chance)
                draws = [(d, p * o.weight / total) for d, o in enumerate(chance)]
                n_out = len(chance)
            else:
                draws = [(None, p)]
                n_out = 0
            taken_add((scene, cid))
            for d, q in draws:
                try:
                    new, _, passed = advance(pack, state, cid, draw=d)
                except EngineError as exc:
                    key: tuple = ("error", scene, cid, d)
                    j = index.get(key)
                    if j is None:
                        j = len(states)
                        index[key] = j
                        states.append(None)
                        parent.append((i, scene, cid, number, d, n_out))
                        succ.append([])
                        terminal[j] = "error"
                        errors[j] = str(exc)
                    edges.append((q, j))
                    continue
                if d is not None:
                    drawn_add((scene, cid, d))
                if passed:
                    passed_update(passed)
                key = _key(new)
                j = index.get(key)
                if j is None:
                    if len(states) >= cap:
                        g.capped = True
                        capped_edges.append((i, q))
                        continue
                    j = len(states)
                    if progress is not None and not j % PROGRESS_EVERY:
                        progress(j)
                    index[key] = j
                    states.append(new)
                    parent.append((i, scene, cid, number, d, n_out))
                    succ.append([])
                    if new.finished:
                        terminal[j] = "ending"
                    else:
                        queue.append(j)
                edges.append((q, j))
    g.states = len(states)

    # probabilities: push each node's mass to its successors, in an order where every node's
    # predecessors come first (Kahn); what is left is on loops, which are iterated until settled
    n = len(states)
    mass = [0.0] * n
    absorbed = [0.0] * n
    leak = [0.0] * n
    for i, q in capped_edges:
        leak[i] += q
    mass[0] = 1.0
    indeg = [0] * n
    for edges in succ:
        for _, j in edges:
            indeg[j] += 1
    ready = deque(i for i in range(n) if indeg[i] == 0)
    done = [False] * n

    def push(i: int) -> None:
        nonlocal lost
        m = mass[i]
        if not m:
            return
        mass[i] = 0.0
        if leak[i]:
            lost += m * leak[i]
        for q, j in succ[i]:
            if j in terminal:
                absorbed[j] += m * q
            else:
                mass[j] += m * q

    if 0 in terminal:
        absorbed[0], mass[0] = 1.0, 0.0
    while ready:
        i = ready.popleft()
        done[i] = True
        push(i)
        for _, j in succ[i]:
            indeg[j] -= 1
            if indeg[j] == 0:
                ready.append(j)
    loop_nodes = [i for i in range(n) if not done[i] and i not in terminal]
    if loop_nodes:
        # Only nodes with some way out (to an ending, a soft-lock, an error or past the cap) pass
        # mass on; mass that reaches a closed loop stays there: games that never end.
        back: dict[int, list[int]] = {}
        out_of: list[int] = []
        for i in loop_nodes:
            if leak[i]:
                out_of.append(i)
            for _, j in succ[i]:
                if j in terminal:
                    out_of.append(i)
                else:
                    back.setdefault(j, []).append(i)
        open_nodes = set(out_of)
        todo = list(out_of)
        while todo:
            for k in back.get(todo.pop(), ()):
                if k not in open_nodes:
                    open_nodes.add(k)
                    todo.append(k)
        sweep = [i for i in loop_nodes if i in open_nodes]
        edges_n = sum(len(succ[i]) for i in sweep) or 1
        # sweeps until the mass still going round is negligible (bounded work for slow leaks)
        for _ in range(min(100_000, max(100, 20_000_000 // edges_n))):
            if sum(mass[i] for i in sweep) < _CONVERGED:
                break
            for i in sweep:
                push(i)
        lost += sum(mass[i] for i in loop_nodes)
    g.unfinished = lost

    # results
    finals: dict[str, list[tuple[State, float]]] = {}
    first: dict[str, int] = {}
    for i, kind in sorted(terminal.items()):
        if kind == "ending":
            s = states[i]
            assert s is not None and s.ending is not None
            finals.setdefault(s.ending, []).append((s, absorbed[i]))
            first.setdefault(s.ending, i)  # lowest index: found first, so a shortest path
        else:
            state = states[i]
            if kind == "stuck":
                assert state is not None
                msg = f"no choice is available to the {role} role in scene '{state.scene}'"
                scene, values = state.scene or "", dict(state.values)
            else:
                p = parent[i]
                assert p is not None
                scene, msg, values = p[1], errors[i], {}
            g.problems.append(Problem(kind, scene, msg, path_to(i), absorbed[i], None, values))
    g.problems = _first_per_place(g.problems)
    for ending in pack.endings:
        if ending in finals:
            rows = finals[ending]
            g.endings[ending] = EndingStats(ending, sum(m for _, m in rows), path_to(first[ending]), None,
                                            _summarise_meters(pack, rows), len(rows))
    g.variants = _variants_shown(pack, finals)
    return g


def _variants_shown(pack: Pack, finals: dict[str, list[tuple[State, float]]]) -> set[tuple[str, int]]:
    """(ending, index) of every variant whose text some final state shows its player."""
    out: set[tuple[str, int]] = set()
    for eid, rows in finals.items():
        ending = pack.endings[eid]
        if not ending.variants:
            continue
        for state, _ in rows:
            at = ending.variant_for(state.role, _env(state.values, state.role, state.route))
            if at is not None:
                out.add((eid, at))
    return out


def _first_per_place(problems: list[Problem]) -> list[Problem]:
    """One problem per (kind, scene, message), with the shortest path and the summed share."""
    out: dict[tuple, Problem] = {}
    for p in problems:
        key = (p.kind, p.scene, p.message if p.kind == "error" else "")
        have = out.get(key)
        if have is None:
            out[key] = p
        else:
            have.share += p.share
            if len(p.path) < len(have.path):
                have.path, have.values = p.path, p.values
    return sorted(out.values(), key=lambda p: (p.kind, p.scene, p.message))


# ----------------------------------------------------------------- random


def run_seeds(seed: int, role: str, route: str | None, line: str | None, runs: int) -> list[int]:
    rng = random.Random(f"summit-game playtest|{seed}|{role}|{route or ''}|{line or ''}")
    return [rng.randrange(1_000_000) for _ in range(runs)]


def explore_random(pack: Pack, role: str, route: str | None, line: LineSpec | None = None,
                   runs: int = DEFAULT_RUNS, seed: int = 0) -> Group:
    g = Group(role, route, line.id if line else None, "random", runs=runs)
    policy = _policy(line)
    finals: dict[str, list[tuple[State, float]]] = {}
    best: dict[str, tuple[tuple[PathStep, ...], int]] = {}
    problems: list[Problem] = []
    unfinished = 0
    share = 1.0 / runs if runs else 0.0
    shown_add, avail_add, taken_add = g.options_shown.add, g.available.add, g.taken.add
    drawn_add, scenes_add, passed_update = g.drawn.add, g.scenes_shown.add, g.scenes_passed.update
    scenes = pack.scenes

    def steps(path: list[tuple]) -> tuple[PathStep, ...]:
        out = []
        for scene, cid, number, draw in path:
            chance = scenes[scene].choice(cid).chance  # type: ignore[union-attr]
            out.append(PathStep(scene, cid, number, draw, len(chance) if chance else 0))
        return tuple(out)

    for game_seed in run_seeds(seed, role, route, g.line, runs):
        player = random.Random(f"player|{game_seed}")
        state = start(pack, role, game_seed, route)
        path: list[tuple] = []  # (scene, choice, number, draw): made into PathSteps only when kept
        while not state.finished:
            if len(path) >= MAX_DECISIONS:
                unfinished += 1
                break
            scene = state.scene
            assert scene is not None
            scenes_add(scene)
            avail = []
            for number, (choice, ok) in enumerate(shown(pack, state), 1):
                shown_add((scene, choice.id))
                if ok:
                    avail.append((choice, number))
                    avail_add((scene, choice.id))
            if not avail:
                problems.append(Problem("stuck", scene, f"no choice is available to the {role} role in scene '{scene}'",
                                        steps(path), share, game_seed, dict(state.values)))
                break
            weighted = policy(scene, avail)
            choice, number = weighted[0][0] if len(weighted) == 1 else player.choice(avail)
            cid = choice.id
            taken_add((scene, cid))
            try:
                state, draw, passed = advance(pack, state, cid)
            except EngineError as exc:
                path.append((scene, cid, number, None))
                problems.append(Problem("error", scene, str(exc), steps(path), share, game_seed))
                break
            g.states += 1
            if draw is not None:
                drawn_add((scene, cid, draw))
            if passed:
                passed_update(passed)
            path.append((scene, cid, number, draw))
        else:
            assert state.ending is not None
            finals.setdefault(state.ending, []).append((state, share))
            have = best.get(state.ending)
            if have is None or len(path) < len(have[0]):
                best[state.ending] = (steps(path), game_seed)
    g.unfinished = unfinished * share
    g.problems = _first_per_place(problems)
    for ending in pack.endings:
        if ending in finals:
            rows = finals[ending]
            p, s = best[ending]
            g.endings[ending] = EndingStats(ending, len(rows) * share, p, s, _summarise_meters(pack, rows), len(rows))
    g.variants = _variants_shown(pack, finals)
    return g


# ----------------------------------------------------------------- reproducing a path


def find_seed(pack: Pack, role: str, route: str | None, path: Sequence[PathStep],
              tries: int = SEED_TRIES) -> int | None:
    """A game seed under which ``path``'s chance outcomes are the ones drawn (0 when it has none)."""
    if all(s.draw is None for s in path):
        return 0
    for seed in range(tries):
        state = start(pack, role, seed, route)
        for step in path:
            try:
                state, draw, _ = advance(pack, state, step.choice)
            except EngineError:
                break
            if draw != step.draw:
                break
        else:
            return seed
    return None


__all__ = [
    "DEFAULT_CAP", "DEFAULT_RUNS", "EndingStats", "Group", "PathStep", "Problem",
    "explore_exhaustive", "explore_random", "find_seed", "run_seeds",
]
