"""``summit-game playtest``: run the playtester over a pack, check ``playtest.yaml``, write the report.

``run_playtest`` explores every role (on every route) with an unweighted player, then each
line of play of ``playtest.yaml``; ``check_expectations`` turns the file's expectations into
located diagnostics; ``render_text`` / ``render_json`` write the report. Nothing here reads a
clock or a set's iteration order, so the same arguments give the same report, byte for byte.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from typing import Any, Callable

from ..pack.compiled import Pack, Where
from ..pack.diagnostics import Diagnostic
from ..pack.playtest_file import EndingShare, MeterCompare, Playtest, Reachable, Unreachable
from .playtest import DEFAULT_CAP, DEFAULT_RUNS, MAX_DECISIONS, SEED_TRIES, Group, PathStep, explore_exhaustive, explore_random, find_seed

_EPS = 1e-9


@dataclass
class Report:
    pack: Pack
    pack_arg: str  # the pack as the author named it, for the commands to paste
    strategy: str
    runs: int
    seed: int
    cap: int
    groups: list[Group]  # unweighted players, per role and route
    lines: list[Group]  # lines of play
    playtest: Playtest
    roles: list[str]
    routes: list[str | None]
    diagnostics: list[Diagnostic] = field(default_factory=list)  # expectations not met
    met: int = 0
    skipped: list[str] = field(default_factory=list)  # expectations not checked, and why
    _seeds: dict[tuple, int | None] = field(default_factory=dict, repr=False)

    def explored(self) -> list[Group]:
        """Every group played: each role and route, each line, and the random estimate of each that was capped."""
        played = self.groups + self.lines
        return played + [g.estimate for g in played if g.estimate is not None]

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def seed_for(self, g: Group, path: tuple[PathStep, ...], seed: int | None) -> int | None:
        if seed is not None:
            return seed
        key = (g.role, g.route, path)
        if key not in self._seeds:
            self._seeds[key] = find_seed(self.pack, g.role, g.route, path)
        return self._seeds[key]

    def command(self, g: Group, path: tuple[PathStep, ...], seed: int | None) -> str:
        """The shell line that replays ``path`` in plain mode, or why there is none."""
        s = self.seed_for(g, path, seed)
        if s is None:
            return (f"(no seed below {SEED_TRIES:,} draws these chance outcomes; "
                    f"in play, choose {' '.join(str(p.number) for p in path)})")
        numbers = "".join(f"{p.number}\\n" for p in path)
        cmd = f"printf '{numbers}' | " if path else ""
        cmd += f"summit-game play --plain --role {g.role}"
        if g.route:
            cmd += f" --route {g.route}"
        return cmd + f" --seed {s} {shlex.quote(self.pack_arg)}"


def _seat(role: str, route: str | None, line: str | None) -> str:
    """'line listener: east / full': what the progress line says is being explored."""
    return (f"line {line}: " if line else "") + role + (f" / {route}" if route else "")


def run_playtest(pack: Pack, playtest: Playtest, *, pack_arg: str, strategy: str = "exhaustive",
                 role: str | None = None, route: str | None = None, runs: int = DEFAULT_RUNS, seed: int = 0,
                 cap: int = DEFAULT_CAP, progress: Callable[[str], None] | None = None) -> Report:
    """``progress``, if given, is told what is being explored as it goes (a line of text each time: the
    command line shows it on a terminal, where a large pack's search takes minutes)."""
    roles = [role] if role else list(pack.roles)
    routes: list[str | None] = [route] if route else (list(pack.routes) or [None])

    def explore(r: str, rt: str | None, line=None) -> Group:
        what = _seat(r, rt, line.id if line else None)
        if progress is not None:
            progress(f"{what}: {'random games' if strategy == 'random' else 'exploring'}")
        if strategy == "random":
            return explore_random(pack, r, rt, line, runs=runs, seed=seed)
        told = None if progress is None else (lambda n: progress(f"{what}: {n:,} states of at most {cap:,}"))
        return explore_exhaustive(pack, r, rt, line, cap=cap, progress=told)

    groups = [explore(r, rt) for r in roles for rt in routes]
    lines = [explore(ln.role, ln.route, ln) for ln in playtest.lines.values()
             if ln.role in roles and (route is None or ln.route == route)]
    for g in groups + lines:
        if g.capped:  # what the search could not follow, estimated by games a player could type in
            spec = playtest.lines[g.line] if g.line else None
            if progress is not None:
                progress(f"{_seat(g.role, g.route, g.line)}: stopped at the cap; {runs:,} random games")
            g.estimate = explore_random(pack, g.role, g.route, spec, runs=runs, seed=seed)
    report = Report(pack, pack_arg, strategy, runs, seed, cap, groups, lines, playtest, roles, routes)
    check_expectations(report)
    return report


# ----------------------------------------------------------------- expectations


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _mean(g: Group, name: str) -> float | None:
    total = sum(e.share for e in g.endings.values())
    if total <= 0:
        return None
    return sum(e.meters[name][1] * e.share for e in g.endings.values()) / total


def check_expectations(report: Report) -> None:
    pack = report.pack
    lines = {g.line: g for g in report.lines}
    how = f"in {report.runs:,} random runs" if report.strategy == "random" else "exact"
    first_route = next(iter(pack.routes), None)
    for spec in report.playtest.expect:
        m = spec.model
        file, line, col = spec.where
        problems: list[tuple[str, str, str]] = []  # (code, message, hint)

        def skip(why: str) -> None:
            report.skipped.append(f"{file}:{line}:{col}: {spec.kind}: not checked: {why}")

        def line_group(name: str) -> Group | None:
            g = lines.get(name)
            if g is None:
                skip(f"line '{name}' was not played (its role or route was left out)")
            return g

        if isinstance(m, (Reachable, Unreachable)):
            target = m.reachable if isinstance(m, Reachable) else m.unreachable
            if m.line is not None:
                g1 = line_group(m.line)
                if g1 is None:
                    continue
                considered = [g1]
                who = f"line '{m.line}'"
            else:
                if m.role is not None and m.role not in report.roles:
                    skip(f"role '{m.role}' was not explored")
                    continue
                considered = [g for g in report.groups
                              if (m.role is None or g.role == m.role) and (m.route is None or g.route == m.route)]
                if not considered:
                    skip(f"route '{m.route}' was not explored")
                    continue
                who = (f"the {m.role} role" if m.role else "any role") + (f" on route '{m.route}'" if m.route else "")
            # a random game of a capped search's estimate that reaches the target is a game that does
            hits = [h for g in considered for h in (g, g.estimate) if h is not None and h.reached(target)]
            capped = any(g.capped for g in considered)
            if isinstance(m, Reachable) and not hits:
                if capped:
                    problems.append(("SG211", f"'{target}' was not reached by {who} before the cap of {report.cap:,} states"
                                     f" nor in {report.runs:,} random games after it",
                                     "raise --cap, or try --strategy random with more --runs"))
                else:
                    problems.append(("SG210", f"'{target}' is not reachable for {who} ("
                                     + (how if report.strategy == "random" else "every game explored") + ")", ""))
            elif isinstance(m, Unreachable) and hits:
                g = hits[0]
                path = _path_to(g, target)
                text = " > ".join(str(p) for p in path) if path is not None else "(passed through)"
                seen = " (a random game after the cap)" if g.strategy == "random" and report.strategy != "random" else ""
                problems.append(("SG210", f"'{target}' is reachable for {who}: {g.role}"
                                 + (f" / {g.route}" if g.route else "") + f": {text or 'at the start'}{seen}", ""))
            elif isinstance(m, Unreachable) and capped:
                problems.append(("SG211", f"'{target}' was not reached before the cap of {report.cap:,} states, "
                                 "so its being unreachable is not proven", "raise --cap"))
        elif isinstance(m, EndingShare):
            if m.line is not None:
                g1 = line_group(m.line)
                who = f"line '{m.line}'"
            else:
                rt = m.route if m.route is not None else first_route
                g1 = next((g for g in report.groups if g.role == m.role and g.route == rt), None)
                who = f"an unweighted {m.role} player" + (f" on route '{rt}'" if rt else "")
                if g1 is None:
                    skip(f"role '{m.role}'" + (f" on route '{rt}'" if rt else "") + " was not explored")
            if g1 is None:
                continue
            e = g1.endings.get(m.ending)
            share = e.share if e else 0.0
            unknown = g1.unfinished if g1.capped else 0.0
            if m.at_least is not None:
                if share + unknown < m.at_least - _EPS:
                    problems.append(("SG210", f"{who} ends in '{m.ending}' {_pct(share)} of the time ({how}); "
                                     f"expected at least {_pct(m.at_least)}", ""))
                elif share < m.at_least - _EPS:
                    problems.append(("SG211", f"{who} ends in '{m.ending}' at least {_pct(share)} of the time, "
                                     f"and {_pct(unknown)} of games were cut off by the cap; expected at least "
                                     f"{_pct(m.at_least)}", "raise --cap"))
            if m.at_most is not None:
                if share > m.at_most + _EPS:
                    problems.append(("SG210", f"{who} ends in '{m.ending}' {_pct(share)} of the time ({how}); "
                                     f"expected at most {_pct(m.at_most)}", ""))
                elif share + unknown > m.at_most + _EPS:
                    problems.append(("SG211", f"{who} ends in '{m.ending}' {_pct(share)} of the time, but "
                                     f"{_pct(unknown)} of games were cut off by the cap; expected at most "
                                     f"{_pct(m.at_most)}", "raise --cap"))
        elif isinstance(m, MeterCompare):
            a_name = m.higher_on or m.lower_on
            assert a_name is not None
            ga, gb = lines.get(a_name), lines.get(m.than)
            if ga is None or gb is None:
                missing = [n for n, x in ((a_name, ga), (m.than, gb)) if x is None]
                skip(" and ".join(f"line '{n}'" for n in missing)
                     + (" was" if len(missing) == 1 else " were") + " not played (its role or route was left out)")
                continue
            ma, mb = _mean(ga, m.meter), _mean(gb, m.meter)
            word = "higher" if m.higher_on else "lower"
            if ma is None or mb is None:
                which = a_name if ma is None else m.than
                problems.append(("SG211", f"line '{which}' never ends, so '{m.meter}' cannot be compared", ""))
            else:
                ok = ma > mb + _EPS if m.higher_on else ma < mb - _EPS
                if not ok:
                    problems.append(("SG210", f"'{m.meter}' ends at {ma:.2f} on average on line '{a_name}' and "
                                     f"{mb:.2f} on line '{m.than}'; expected it {word} on '{a_name}'", ""))
        if problems:
            for code, msg, hint in problems:
                report.diagnostics.append(Diagnostic(file, line, col, code, msg, hint))
        else:
            report.met += 1


def _path_to(g: Group, target: str) -> tuple[PathStep, ...] | None:
    e = g.endings.get(target)
    return e.path if e else None


# ----------------------------------------------------------------- coverage


@dataclass
class Missed:
    what: str  # scene | ending | variant | choice | outcome | quote
    name: str
    where: Where | None
    why: str = ""


def _quote_text(q) -> str:
    t = " ".join(q.quote.split())
    return f'"{t[:57]}..."' if len(t) > 60 else f'"{t}"'


def coverage(report: Report) -> list[Missed]:
    """What no explored game (of an unweighted player) reached, in pack order: the games of a capped
    search's estimate count, as games a player could type in."""
    pack = report.pack
    groups = report.groups + [g.estimate for g in report.groups if g.estimate is not None]
    shown = set().union(*(g.scenes_shown for g in groups)) if groups else set()
    passed = set().union(*(g.scenes_passed for g in groups)) if groups else set()
    opts = set().union(*(g.options_shown for g in groups)) if groups else set()
    avail = set().union(*(g.available for g in groups)) if groups else set()
    taken = set().union(*(g.taken for g in groups)) if groups else set()
    drawn = set().union(*(g.drawn for g in groups)) if groups else set()
    endings = {e for g in groups for e in g.endings}
    variants = set().union(*(g.variants for g in groups)) if groups else set()
    out: list[Missed] = []
    for sid, scene in pack.scenes.items():
        if sid not in shown and sid not in passed:
            out.append(Missed("scene", sid, scene.where))
    for eid, ending in pack.endings.items():
        if eid not in endings:
            why = f"its condition `{ending.cond.source}` never held when an ending was chosen" if ending.cond else ""
            out.append(Missed("ending", eid, ending.where, why))
    for eid, ending in pack.endings.items():  # a variant of an ending no game reached is said by the ending
        for i, v in enumerate(ending.variants if eid in endings else ()):
            if (eid, i) not in variants:
                out.append(Missed("variant", f"{eid}[{i + 1}/{len(ending.variants)}]", v.where or ending.where,
                                  f"its condition `{v.cond.source}` never held when a game ended there"
                                  + ("" if v.text else f" for {', '.join(v.role_text)}")))
    for sid, scene in pack.scenes.items():
        if sid not in shown:
            continue
        for c in scene.choices:
            key = (sid, c.id)
            if key in taken:
                for d, o in enumerate(c.chance or []):
                    if (sid, c.id, d) not in drawn:
                        out.append(Missed("outcome", f"{sid}.{c.id}[{d + 1}/{len(c.chance or [])}]", c.where,
                                          f"weight {o.weight}"))
                continue
            if key in avail:
                why = f"available but never picked in {report.runs:,} runs" if report.strategy == "random" else ""
            elif key in opts:
                why = f"shown but never available: its condition `{c.cond.source}` never held" if c.cond else ""
            elif c.roles is not None and not set(c.roles) & set(report.roles):
                why = f"only for {', '.join(c.roles)}, not explored"
            elif c.cond is not None and c.hide:
                why = f"hidden: its condition `{c.cond.source}` never held"
            else:
                why = "never shown"
            out.append(Missed("choice", f"{sid}.{c.id}", c.where, why))
    for what, quote, where, seen in _quotes(pack, shown, opts, taken, drawn, endings):
        if not seen:
            out.append(Missed("quote", _quote_text(quote), where, what))
    return out


def _quotes(pack: Pack, shown, opts, taken, drawn, endings):
    """Every citation with where it is shown and whether any game showed it."""
    for sid, s in pack.scenes.items():
        for q in s.cite:
            yield f"scene {sid}", q, s.where, sid in shown
        for c in s.choices:
            for q in c.cite:
                yield f"choice {sid}.{c.id}", q, c.where, (sid, c.id) in opts
            for q in c.result_cite:
                yield f"consequence of {sid}.{c.id}", q, c.where, (sid, c.id) in taken
            for d, o in enumerate(c.chance or []):
                for q in o.cite:
                    yield f"outcome {d + 1} of {sid}.{c.id}", q, c.where, (sid, c.id, d) in drawn
    for eid, e in pack.endings.items():
        for q in e.cite:
            yield f"ending {eid}", q, e.where, eid in endings


# ----------------------------------------------------------------- rendering


def _loc(w: Where | None) -> str:
    return f"{w.file}:{w.line}:{w.column}" if w else ""


def _places(wheres: list[Where]) -> str:
    by_file: dict[str, list[int]] = {}
    for w in wheres:
        by_file.setdefault(w.file, []).append(w.line)
    return "; ".join(f"{f}:{','.join(str(n) for n in sorted(set(lines)))}" for f, lines in by_file.items())


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def _meters_text(pack: Pack, meters: dict[str, tuple[float, float, float]]) -> str:
    parts = []
    for name, (lo, mean, hi) in meters.items():
        info = pack.variables[name]
        if info.kind == "meter":
            parts.append(f"{name} {_num(lo)}/{mean:.2f}/{_num(hi)}")
        else:
            parts.append(f"{name} {_pct(mean)} true")
    return ", ".join(parts)


def _group_text(report: Report, g: Group, out: list[str]) -> None:
    pack = report.pack
    role = pack.roles[g.role]
    head = f"{g.role} ({role.title})"
    if g.route:
        head += f", route {g.route}"
    if g.line:
        head = f"line {g.line}: {head}"
    if report.strategy == "random":
        size = f"{g.runs:,} runs, {g.states:,} decisions"
    else:
        size = f"{g.states:,} states" + (f", stopped at the cap of {report.cap:,}" if g.capped else "")
    out.append(f"== {head} ({size})")
    if g.line:
        line = report.playtest.lines[g.line]
        prefer = ", ".join(str(p) for p in line.prefer) or "nothing"
        out.append(f"   prefers: {prefer}" + (f"; {line.note}" if line.note else ""))
    _endings_text(report, g, out, "not reached before the cap" if g.capped else "not reached")
    if g.unfinished > _EPS:
        why = "cut off by the cap" if g.capped else (
            f"not ended after {MAX_DECISIONS} decisions" if g.strategy == "random" else "going round a loop forever")
        out.append(f"   unfinished: {_pct(g.unfinished)} of games ({why})")
    est = g.estimate
    if est is not None:
        out.append(f"   estimated from {est.runs:,} seeded random games of the same player "
                   f"(as --strategy random --seed {report.seed} plays them), for what the search did not follow:")
        _endings_text(report, est, out, "not reached in those games")
        if est.unfinished > _EPS:
            out.append(f"   unfinished: {_pct(est.unfinished)} of those games (not ended after {MAX_DECISIONS} decisions)")
    for p in g.problems:
        out.append(f"   {_problem_text(report, g, p)}")
    out.append("")


def _endings_text(report: Report, g: Group, out: list[str], missing_as: str) -> None:
    """Each ending ``g`` reached: its share, one shortest path, the line that replays it, final meters."""
    pack = report.pack
    width = max([len(e) for e in g.endings] + [6])
    for eid, e in g.endings.items():
        title = pack.endings[eid].title
        out.append(f"   {eid.ljust(width)}  {_pct(e.share):>6}  {title}")
        steps = " > ".join(str(p) for p in e.path) or "(at the start)"
        out.append(f"   {'':{width}}          shortest: {steps}")
        out.append(f"   {'':{width}}          {report.command(g, e.path, e.seed)}")
        if e.meters:
            out.append(f"   {'':{width}}          final (min/mean/max): {_meters_text(pack, e.meters)}")
    missing = [eid for eid in pack.endings if eid not in g.endings]
    if missing:
        out.append(f"   {missing_as}: {', '.join(missing)}")


def _problem_text(report: Report, g: Group, p) -> str:
    what = "SOFT-LOCK" if p.kind == "stuck" else "ERROR"
    steps = " > ".join(str(s) for s in p.path) or "(at the start)"
    text = f"{what} in scene '{p.scene}' ({_pct(p.share)} of games): {p.message}\n      path: {steps}"
    text += f"\n      {report.command(g, p.path, p.seed)}"
    if p.values:
        vals = ", ".join(f"{k} = {str(v).lower() if isinstance(v, bool) else v}" for k, v in p.values.items())
        text += f"\n      with {vals}"
    return text


def render_text(report: Report) -> str:
    pack = report.pack
    out: list[str] = []
    if report.strategy == "random":
        how = (f"random: {report.runs:,} seeded runs per role and route (seed {report.seed}); "
               "choices picked at random among those available, chance drawn by each run's game seed")
    else:
        how = ("exhaustive: every available choice equally likely, every chance outcome by its weight; "
               "equal game states merged")
    out.append(f"Playtest of {pack.title} ({report.pack_arg}), {how}.")
    total = sum(g.states for g in report.groups + report.lines)
    capped = [g for g in report.groups + report.lines if g.capped]
    if report.strategy == "exhaustive":
        out.append(f"{len(report.groups)} role/route start(s), {len(report.lines)} line(s) of play, {total:,} states: "
                   + (f"{len(capped)} stopped at the cap of {report.cap:,} states (their shares are lower bounds, "
                      f"and each is estimated from {report.runs:,} random games below: raise --cap for exact shares)"
                      if capped else "complete"))
    out.append("Paths are scene.choice ids ([k/n]: chance outcome k of n); the command under each replays it in plain mode.")
    out.append("")
    for g in report.groups:
        _group_text(report, g, out)
    for g in report.lines:
        _group_text(report, g, out)

    scope = f"roles {', '.join(report.roles)}"
    if any(report.routes):
        scope += f"; routes {', '.join(r for r in report.routes if r)}"
    out.append(f"== Never reached ({scope})")
    missed = coverage(report)
    if missed and any(g.capped for g in report.groups):
        out.append("   (the exploration stopped at its cap: some of these may be reached by games neither it nor its "
                   "random estimate followed; summit-game check says what no path reaches)")
    if not missed:
        out.append("   nothing: every scene, ending, ending variant, choice, chance outcome and quote was reached")
    for what in ("scene", "ending", "variant", "choice", "outcome", "quote"):
        rows = [m for m in missed if m.what == what]
        for m in rows:
            why = f": {m.why}" if m.why else ""
            out.append(f"   {'ending variant' if what == 'variant' else what} {m.name} ({_loc(m.where)}){why}")
    out.append("")

    problems = [(g, p) for g in report.explored() for p in g.problems]
    out.append(f"== Soft-locks and errors: {len(problems) or 'none'}")
    for g, p in problems:
        out.append(f"   {g.role}" + (f" / {g.route}" if g.route else "") + (f" (line {g.line})" if g.line else "")
                   + f": {_problem_text(report, g, p)}")
    out.append("")

    out.append("== Variables: where each is written and read")
    for name, info in pack.variables.items():
        kind = f"meter {info.min}..{info.max}" if info.kind == "meter" else "flag"
        out.append(f"   {name} ({kind}, starts {str(info.start).lower()})")
        out.append(f"      written: {_places(pack.writes.get(name, [])) or 'never'}")
        out.append(f"      read:    {_places(pack.reads.get(name, [])) or 'never'}")
    out.append("")

    if report.playtest.file:
        n = len(report.playtest.expect)
        bad = sum(1 for d in report.diagnostics if d.is_error)
        out.append(f"== Expectations ({report.playtest.file}): {report.met} of {n - len(report.skipped)} met"
                   + (f", {len({(d.file, d.line, d.column) for d in report.diagnostics})} not" if bad else "")
                   + (f", {len(report.skipped)} not checked" if report.skipped else ""))
        for d in report.diagnostics:
            out.append(d.format_text())
        for s in report.skipped:
            out.append(f"   {s}")
    else:
        out.append(f"== Expectations: none (write {report.pack_arg.rstrip('/')}/playtest.yaml; see docs/authoring.md)")
    return "\n".join(out) + "\n"


def _path_json(path) -> list[dict[str, Any]]:
    return [{"scene": p.scene, "choice": p.choice, "number": p.number, "draw": p.draw,
             "outcomes": p.outcomes} for p in path]


def _group_json(report: Report, g: Group) -> dict[str, Any]:
    return {
        "role": g.role, "route": g.route, "line": g.line, "states": g.states, "runs": g.runs if g.runs else None,
        "capped": g.capped, "unfinished": g.unfinished,
        "estimate": None if g.estimate is None else {"strategy": "random", "seed": report.seed,
                                                     **_group_json(report, g.estimate)},
        "endings": {
            eid: {"share": e.share, "title": report.pack.endings[eid].title,
                  "path": _path_json(e.path), "seed": report.seed_for(g, e.path, e.seed),
                  "command": report.command(g, e.path, e.seed),
                  "meters": {k: {"min": lo, "mean": mean, "max": hi} for k, (lo, mean, hi) in e.meters.items()}}
            for eid, e in g.endings.items()
        },
        "problems": [
            {"kind": p.kind, "scene": p.scene, "message": p.message, "share": p.share, "path": _path_json(p.path),
             "seed": report.seed_for(g, p.path, p.seed), "command": report.command(g, p.path, p.seed),
             "values": p.values}
            for p in g.problems
        ],
    }


def render_json(report: Report) -> str:
    pack = report.pack
    data = {
        "pack": pack.id, "title": pack.title, "strategy": report.strategy,
        "runs": report.runs if report.strategy == "random" else None,
        "seed": report.seed if report.strategy == "random" else None,
        "cap": report.cap if report.strategy == "exhaustive" else None,
        "roles": report.roles, "routes": report.routes,
        "groups": [_group_json(report, g) for g in report.groups],
        "lines": [_group_json(report, g) for g in report.lines],
        "never_reached": [{"kind": m.what, "name": m.name, "file": m.where.file if m.where else None,
                           "line": m.where.line if m.where else None, "why": m.why} for m in coverage(report)],
        "variables": {name: {"kind": info.kind,
                             "written": [_loc(w) for w in pack.writes.get(name, [])],
                             "read": [_loc(w) for w in pack.reads.get(name, [])]}
                      for name, info in pack.variables.items()},
        "expectations": {"file": report.playtest.file, "total": len(report.playtest.expect), "met": report.met,
                         "failed": [d.as_dict() for d in report.diagnostics], "skipped": report.skipped},
        # of playtest.yaml itself (SG114, SG116), each as check's JSON gives it
        "warnings": [d.as_dict() for d in report.playtest.warnings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


__all__ = ["Missed", "Report", "check_expectations", "coverage", "render_json", "render_text", "run_playtest"]
