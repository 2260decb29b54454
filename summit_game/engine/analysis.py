"""Static and dynamic analysis behind ``summit-game check`` (the warnings).

Reachability takes conditions into account: for every role and route the
game's states are explored breadth-first (every option, every chance
outcome), up to a cap. What the exploration never visits is unreachable;
a state with no available option that is not an ending is a soft-lock.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ..pack.diagnostics import Diagnostic
from ..pack.loader import Pack
from .core import State, choose, options, start

STATE_CAP = 60_000


@dataclass
class Exploration:
    visited_scenes: dict[str, set[str]] = field(default_factory=dict)  # scene -> roles
    endings: dict[str, set[str]] = field(default_factory=dict)  # ending -> roles
    stuck: dict[str, tuple[str, State]] = field(default_factory=dict)  # scene -> (role, example state)
    states: int = 0
    capped: bool = False


def explore(pack: Pack, cap: int = STATE_CAP) -> Exploration:
    ex = Exploration()
    starts: list[State] = []
    for role in pack.roles:
        for route in [None, *pack.routes]:
            starts.append(start(pack, role, 0, route))
    seen: set[tuple] = set()
    queue: deque[State] = deque()
    for s in starts:
        k = (s.role, s.route) + s.key()
        if k not in seen:
            seen.add(k)
            queue.append(s)

    def note(state: State, passed: tuple[str, ...] = ()) -> None:
        for sid in passed:
            ex.visited_scenes.setdefault(sid, set()).add(state.role)
        if state.scene:
            ex.visited_scenes.setdefault(state.scene, set()).add(state.role)
        if state.ending:
            ex.endings.setdefault(state.ending, set()).add(state.role)

    for s in queue:
        note(s)
    while queue:
        state = queue.popleft()
        ex.states += 1
        if state.finished:
            continue
        opts = [o for o in options(pack, state) if o.available]
        if not opts and state.scene not in ex.stuck:
            ex.stuck[state.scene] = (state.role, state)  # type: ignore[index]
        scene = pack.scenes[state.scene]  # type: ignore[index]
        for opt in opts:
            choice = scene.choice(opt.id)
            draws = range(len(choice.chance)) if choice and choice.chance else [None]
            for d in draws:
                nxt, outcome = choose(pack, state, opt.id, draw=d)
                note(nxt, outcome.passed)
                k = (nxt.role, nxt.route) + nxt.key()
                if k in seen:
                    continue
                if len(seen) >= cap:
                    ex.capped = True
                    continue
                seen.add(k)
                queue.append(nxt)
    return ex


def analyse(pack: Pack, cap: int = STATE_CAP) -> list[Diagnostic]:
    """Warnings for a pack that loaded without errors."""
    out: list[Diagnostic] = []
    ex = explore(pack, cap)
    mfile = pack.files[0] if pack.files else "pack.yaml"
    if ex.capped:
        out.append(Diagnostic(mfile, 1, 1, "SG108",
                              f"explored {cap:,} game states and stopped; unreachable-scene and ending warnings are skipped"))
    else:
        for scene in pack.scenes.values():
            if scene.id not in ex.visited_scenes:
                w = scene.where
                out.append(Diagnostic(w.file, w.line, w.column, "SG101",
                                      f"scene '{scene.id}' cannot be reached from the start by any role"))
        for ending in pack.endings.values():
            if ending.id not in ex.endings:
                w = ending.where
                out.append(Diagnostic(w.file, w.line, w.column, "SG106",
                                      f"ending '{ending.id}' is reached by no path",
                                      "check its condition, and that an earlier ending's does not always win"))
    for sid, (role, state) in ex.stuck.items():
        w = pack.scenes[sid].where
        values = ", ".join(f"{k}={v}" for k, v in state.values.items())
        out.append(Diagnostic(w.file, w.line, w.column, "SG102",
                              f"scene '{sid}' can leave the {role} role with no available choice",
                              f"for example with {values}"))
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
