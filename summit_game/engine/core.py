"""The rules of play: pure functions over immutable state.

    state = start(pack, role, seed)
    for option in options(pack, state): ...     # or shown(pack, state): (choice, available) pairs
    state, outcome = choose(pack, state, option.id)
    state = advance(pack, state, option.id).state  # the same step, without the Outcome

Everything a front end shows comes from a ``State`` or an ``Outcome``. The
same seed and the same choices always give the same game.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from ..pack.citations import Quote
from ..pack.compiled import ChoiceC, EndingC, Pack, SceneC
from ..pack.record import Frozen

MAX_AUTO_HOPS = 64


class EngineError(ValueError):
    """A request the rules do not allow (unknown role, unavailable choice, ...)."""


class Step(Frozen):
    """One decision in the history: the scene it was taken in and the choice's stable id."""

    def __init__(self, scene: str, choice: str) -> None:
        d = self.__dict__
        d["scene"] = scene
        d["choice"] = choice


class State(Frozen):
    """Where a game is: immutable; ``replace(...)`` makes the next one."""

    def __init__(self, pack_id: str, role: str, route: str | None, seed: int, scene: str | None, ending: str | None,
                 values: Mapping[str, Any], history: tuple[Step, ...] = ()) -> None:
        d = self.__dict__
        d["pack_id"] = pack_id
        d["role"] = role
        d["route"] = route
        d["seed"] = seed
        d["scene"] = scene  # None once an ending is reached
        d["ending"] = ending
        d["values"] = values
        d["history"] = history

    @property
    def finished(self) -> bool:
        return self.ending is not None

    def key(self) -> tuple:
        """What makes two states play the same from here on (for exploring the graph)."""
        return (self.scene, self.ending, tuple(sorted(self.values.items())))


_new = object.__new__
_set = object.__setattr__


def _next_state(state: State, scene: str | None, ending: str | None, values: Mapping[str, Any],
                history: tuple[Step, ...]) -> State:
    """``State(state.pack_id, state.role, state.route, state.seed, scene, ending, values, history)``,
    made without calling ``__init__``: its attributes are set at once. A test checks it makes what ``State(...)`` makes."""
    new = _new(State)
    _set(new, "__dict__", {
        "pack_id": state.pack_id, "role": state.role, "route": state.route, "seed": state.seed,
        "scene": scene, "ending": ending, "values": values, "history": history,
    })
    return new


class Option(Frozen):
    def __init__(self, id: str, label: str, available: bool, reason: str | None, cite: tuple[Quote, ...],
                 number: int) -> None:
        d = self.__dict__
        d["id"] = id
        d["label"] = label
        d["available"] = available
        d["reason"] = reason  # why it is unavailable
        d["cite"] = cite
        d["number"] = number  # 1-based position among the shown options


class Change(Frozen):
    def __init__(self, name: str, label: str, before: Any, after: Any, good: str, kind: str) -> None:
        d = self.__dict__
        d["name"] = name
        d["label"] = label
        d["before"] = before
        d["after"] = after
        d["good"] = good  # "high" | "low" | "none"
        d["kind"] = kind  # "meter" | "flag"

    @property
    def delta(self) -> int:
        if self.kind == "meter":
            return int(self.after) - int(self.before)
        return 0


class Clamp(Frozen):
    """An effect the meter's bound stopped: 'would have gone to 12; it stops at 10, the top of its scale'."""

    def __init__(self, name: str, label: str, before: int, wanted: int, after: int) -> None:
        d = self.__dict__
        d["name"] = name
        d["label"] = label
        d["before"] = before  # the value before the effect
        d["wanted"] = wanted  # where the effect would have taken it
        d["after"] = after  # the bound it stopped at

    @property
    def at_max(self) -> bool:
        return self.wanted > self.after

    def describe(self) -> str:
        """One sentence, the same in every front end. It names the bound as the scale's end, not as "the
        game's model": the consequence it sits under is already headed so, and a meter pinned for several
        decisions would say the label after every one of them."""
        end = "top" if self.at_max else "bottom"
        if self.before == self.after:
            return f"{self.label} is already at {self.after}, the {end} of its scale: this moves it no further."
        return f"{self.label} would have gone to {self.wanted}; it stops at {self.after}, the {end} of its scale."


class Outcome(Frozen):
    def __init__(self, scene: str, scene_title: str, choice: str, label: str, text: str,
                 choice_cite: tuple[Quote, ...], result_cite: tuple[Quote, ...], changes: tuple[Change, ...],
                 next_scene: str | None, ending: str | None, draw: int | None = None, passed: tuple[str, ...] = (),
                 clamped: tuple[Clamp, ...] = ()) -> None:
        d = self.__dict__
        d["scene"] = scene
        d["scene_title"] = scene_title
        d["choice"] = choice
        d["label"] = label
        d["text"] = text  # the consequence, in the game's voice
        d["choice_cite"] = choice_cite  # the source's argument about the option
        d["result_cite"] = result_cite  # quotations shown with the consequence
        d["changes"] = changes
        d["next_scene"] = next_scene
        d["ending"] = ending
        d["draw"] = draw  # index of the chance outcome drawn, if any
        d["passed"] = passed  # scenes passed through by auto routes
        d["clamped"] = clamped  # effects a meter's bound stopped, one per meter


def _env(state_values: Mapping[str, Any], role: str, route: str | None) -> dict[str, Any]:
    # a state's values are a MappingProxyType over a dict: its copy() copies the dict, ten times as
    # fast as dict(proxy), which reads it key by key
    env = state_values.copy() if isinstance(state_values, (dict, MappingProxyType)) else dict(state_values)
    env["role"] = role
    env["route"] = route or ""
    return env


def _select_ending(pack: Pack, env: dict[str, Any]) -> EndingC:
    last = None
    for ending in pack.endings.values():
        last = ending
        if ending.cond is None or ending.cond(env):
            return ending
    assert last is not None  # the loader requires at least one ending
    return last


def _enter(pack: Pack, target: str, env: dict[str, Any]) -> tuple[str | None, str | None, tuple[str, ...]]:
    """Follow ``target`` (and any auto routes) to a scene or an ending."""
    passed: list[str] = []
    for _ in range(MAX_AUTO_HOPS):
        if target == "end":
            return None, _select_ending(pack, env).id, tuple(passed)
        if target in pack.endings:
            return None, target, tuple(passed)
        scene = pack.scenes[target]
        for cond, goto in scene.auto:
            if cond is None or cond(env):
                passed.append(target)
                target = goto
                break
        else:
            return target, None, tuple(passed)
    raise EngineError(f"auto routes loop through scene '{target}' (more than {MAX_AUTO_HOPS} hops)")


def start(pack: Pack, role: str, seed: int = 0, route: str | None = None) -> State:
    if role not in pack.roles:
        raise EngineError(f"unknown role '{role}'; this pack has: {', '.join(pack.roles)}")
    if route is not None and route not in pack.routes:
        raise EngineError(f"unknown route '{route}'; this pack has: {', '.join(pack.routes) or 'none'}")
    values: dict[str, Any] = {name: v.start for name, v in pack.variables.items()}
    values.update(pack.roles[role].start)
    first = pack.start
    if route is not None:
        r = pack.routes[route]
        values.update(r.set)
        first = r.start or first
    scene, ending, _ = _enter(pack, first, _env(values, role, route))
    return State(pack.id, role, route, int(seed), scene, ending, MappingProxyType(values))


def current_scene(pack: Pack, state: State) -> SceneC | None:
    return pack.scenes.get(state.scene) if state.scene else None


def current_ending(pack: Pack, state: State) -> EndingC | None:
    return pack.endings.get(state.ending) if state.ending else None


def scene_text(pack: Pack, state: State) -> str:
    """The current scene's text as the player's role reads it ('' at an ending)."""
    scene = current_scene(pack, state)
    return scene.text_for(state.role) if scene is not None else ""


def ending_text(pack: Pack, state: State) -> str:
    """The ending's text for this role and this end state (its first variant that holds, else its text)."""
    ending = current_ending(pack, state)
    if ending is None:
        return ""
    return ending.text_for(state.role, _env(state.values, state.role, state.route))


def good_for(pack: Pack, state: State, name: str) -> str:
    """Which direction of meter ``name`` is good for the player's role: high, low or none."""
    return pack.variables[name].good_for_role(state.role)


def _visible(choice: ChoiceC, role: str) -> bool:
    return choice.roles is None or role in choice.roles


def shown(pack: Pack, state: State) -> list[tuple[ChoiceC, bool]]:
    """The choices the player sees now, in order, each with whether it is available: what ``options``
    lists (option number k is entry k - 1), without building the ``Option`` (label, reason, quotations)."""
    scene = pack.scenes.get(state.scene) if state.scene else None
    if scene is None:
        return []
    env = _env(state.values, state.role, state.route)
    role = state.role
    out: list[tuple[ChoiceC, bool]] = []
    for choice in scene.choices:
        if not _visible(choice, role):
            continue
        ok = choice.cond is None or choice.cond(env)
        if not ok and choice.hide:
            continue
        out.append((choice, ok))
    return out


def options(pack: Pack, state: State) -> list[Option]:
    """The choices the player sees now, each available or disabled with its reason."""
    return [
        Option(choice.id, choice.label, ok,
               None if ok else (choice.reason or f"Needs: {choice.cond.text}"),  # type: ignore[union-attr]
               tuple(choice.cite), number)
        for number, (choice, ok) in enumerate(shown(pack, state), 1)
    ]


def _apply_effects(pack: Pack, effects, env: dict[str, Any]) -> dict[str, Clamp]:
    """Apply effects to ``env`` (the variables, ``role`` and ``route``) in order, each seeing the ones
    before it; meters are clamped to their bounds.

    Returns the effects a bound stopped (the last one per meter, by meter). ``engine.analysis``
    inlines this same rule in its state search (for speed); a property test in
    tests/test_fuzz.py checks that the search finds what a plain search through
    ``choose`` finds, on random small packs.
    """
    variables = pack.variables
    clamps: dict[str, Clamp] = {}
    for effect in effects:
        info = variables[effect.target]
        new = effect.fn(env)
        if info.kind == "meter":
            # max(info.min, min(info.max, new)), written out (a search takes millions of steps)
            bounded = new if new < info.max else info.max
            if not bounded > info.min:
                bounded = info.min
            if bounded != new:
                clamps[effect.target] = Clamp(effect.target, info.label, env[effect.target], new, bounded)
            new = bounded
        env[effect.target] = new
    return clamps


def _draw(choice: ChoiceC, state: State) -> int:
    weights = [o.weight for o in choice.chance or []]
    import random  # here: a check, or a game with no chance, never needs it

    rng = random.Random(f"{state.seed}|{len(state.history)}|{state.scene}|{choice.id}")
    return rng.choices(range(len(weights)), weights=weights)[0]


class Advance(NamedTuple):
    """What ``advance`` returns: the next state, and the two facts of the step a search reads."""

    state: State
    draw: int | None  # index of the chance outcome drawn, if the choice has chance
    passed: tuple[str, ...]  # scenes passed through by auto routes


def _take(pack: Pack, state: State, choice_id: str, draw: int | None):
    """A step's rules, the one implementation ``choose`` and ``advance`` share: check the choice, draw
    its chance outcome, apply the effects, follow the goto. Returns (next state, scene, choice, chance
    outcome or None, draw, clamps by meter)."""
    if state.ending is not None:
        raise EngineError("the game has ended; there is nothing left to choose")
    scene = pack.scenes.get(state.scene) if state.scene else None
    if scene is None:  # pragma: no cover - a state from another pack
        raise EngineError(f"scene '{state.scene}' is not in this pack")
    choice = scene.choice(choice_id)
    role = state.role
    if choice is None or not _visible(choice, role):
        raise EngineError(f"no choice '{choice_id}' in scene '{scene.id}'")
    env = _env(state.values, role, state.route)
    cond = choice.cond
    if cond is not None and not cond(env):
        raise EngineError(f"choice '{choice_id}' is not available: {choice.reason or cond.text}")

    effects = choice.effects
    goto = choice.goto
    o = None
    if choice.chance:
        if draw is None or not 0 <= draw < len(choice.chance):
            draw = _draw(choice, state)
        o = choice.chance[draw]
        effects = effects + o.effects
        goto = o.goto or goto
    else:
        draw = None

    clamps = _apply_effects(pack, effects, env)
    assert goto is not None  # the loader guarantees every choice or outcome has one
    next_scene, ending, passed = _enter(pack, goto, env)
    # env is its own copy of the values, with role and route (reserved names, never variables) last:
    # without them it is the next state's values, in the same order
    del env["role"], env["route"]
    new_state = _next_state(state, next_scene, ending, MappingProxyType(env),
                            state.history + (Step(scene.id, choice.id),))
    return new_state, scene, choice, o, draw, clamps, passed


def advance(pack: Pack, state: State, choice_id: str, *, draw: int | None = None) -> Advance:
    """Take a choice as ``choose`` does (the same rules, the same next state, the same errors), without
    the ``Outcome``'s texts, quotations and changes: for a search that reads only where the game goes."""
    new_state, _, _, _, draw, _, passed = _take(pack, state, choice_id, draw)
    return Advance(new_state, draw, passed)


def choose(pack: Pack, state: State, choice_id: str, *, draw: int | None = None) -> tuple[State, Outcome]:
    """Take a choice. ``draw`` forces a chance outcome (the playtester tries each one)."""
    new_state, scene, choice, o, draw, clamps, passed = _take(pack, state, choice_id, draw)
    role = state.role
    text = choice.text_for(role)
    result_cite = list(choice.result_cite)
    if o is not None:
        # one blank line between the two, however the YAML block scalars ended
        text = "\n\n".join(t.strip("\n") for t in (text, o.text) if t.strip())
        result_cite += o.cite
    before, values = state.values, new_state.values
    changes = tuple(
        Change(name, info.label, before[name], values[name], info.good_for_role(role), info.kind)
        for name, info in pack.variables.items()
        if before[name] != values[name]
    )
    outcome = Outcome(
        scene.id, scene.title, choice.id, choice.label, text, tuple(choice.cite), tuple(result_cite),
        changes, new_state.scene, new_state.ending, draw, passed, tuple(clamps.values()),
    )
    return new_state, outcome


class Replay(Frozen):
    def __init__(self, state: State, outcomes: tuple[Outcome, ...], failed_at: int | None = None,
                 problem: str = "") -> None:
        d = self.__dict__
        d["state"] = state
        d["outcomes"] = outcomes
        d["failed_at"] = failed_at  # index into the history where it stopped fitting
        d["problem"] = problem

    @property
    def ok(self) -> bool:
        return self.failed_at is None


def replay(pack: Pack, role: str, seed: int, route: str | None, history: list[Step] | tuple[Step, ...]) -> Replay:
    """Replay a history choice by choice; stop at the first step that no longer fits."""
    state = start(pack, role, seed, route)
    outcomes: list[Outcome] = []
    for i, step in enumerate(history):
        if state.finished:
            return Replay(state, tuple(outcomes), i, f"step {i + 1}: the game had already ended")
        if state.scene != step.scene:
            return Replay(state, tuple(outcomes), i,
                          f"step {i + 1}: expected scene '{step.scene}' but the pack is now at '{state.scene}'")
        try:
            state, outcome = choose(pack, state, step.choice)
        except EngineError as exc:
            return Replay(state, tuple(outcomes), i, f"step {i + 1}: {exc}")
        outcomes.append(outcome)
    return Replay(state, tuple(outcomes))
