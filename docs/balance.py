"""The balance of the Anchorage scenario, computed from the engine: docs/balance.md.

    python docs/balance.py            print the report
    python docs/balance.py --write    write docs/balance.md
    python docs/balance.py --check    exit 1 if docs/balance.md is not what the pack gives now

The lines of play are the pack's own, in scenes/anchorage/playtest.yaml (what `summit-game
playtest anchorage` checks): a seat and the choices it prefers, taken whenever available, with an
even pick where none is. Each line is played on both routes by the playtester's exhaustive search
(``summit_game.engine.playtest.explore_exhaustive``), which follows every path through the engine's
own ``start``/``shown``/``advance`` (the rules of ``options``/``choose``, without the texts a search never
reads) and merges equal states, so the shares are exact, not sampled.
``play_out`` below walks every path itself through ``options``/``choose``, on purpose: ``walk`` keeps every
final state, for the tests of the ending texts, and is the plain walk the tests hold the playtester's
shares to; ``saturation`` reads each ``Outcome``'s ``clamped`` (the effects a meter's bound stopped),
which ``advance`` does not return.

tests/test_balance.py regenerates the report and fails when docs/balance.md is stale, and asserts
the fairness properties the report states.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from summit_game import engine as E  # noqa: E402
from summit_game.pack import load_pack  # noqa: E402

PACK = ROOT / "scenes" / "anchorage"
DOC = ROOT / "docs" / "balance.md"

# The endings in which the war goes on or escalates: the game counts them as failures for every
# seat. (The issue asks that no line of play has all its outcomes in the two worst; the tests
# assert the stricter: never all in these three.)
FAILURES = ("corner", "collapse", "long_war")

# Ceasefires a seat's stated line refuses (its briefing): a deal Washington and Moscow made alone ("no deal about
# Ukraine made without Ukraine"; "Europe at the table") and peace on a battle line that leaves the east lost
# ("no legal recognition of any occupied land"; "borders not changed by force"; the Charter's "territorial
# integrity"). They still count as ceasefires in the shares above, and for Washington and Moscow they are what
# their lines ask for; the report says how often each of these seats' lines ends in one, so that a ceasefire
# share is not read as a seat's success when it is the peace that seat's line refuses. (The same reading of the
# lines as tests/test_anchorage.py's _FLAG_READINGS, for the flags behind these endings.)
REFUSED = {"ukraine_negotiator": ("over_heads", "partition"), "european_adviser": ("over_heads", "partition"),
           "un_mediator": ("partition",)}

@dataclass(frozen=True)
class Line:
    name: str
    title: str
    role: str
    prefer: tuple[str, ...]
    why: str
    spec: object  # the playtester's LineSpec


def lines(pack) -> list[Line]:
    """The named lines of play, from the pack's playtest.yaml (read by the playtester's own reader)."""
    from summit_game.pack.playtest_file import read_playtest

    out = []
    for spec in read_playtest(pack).lines.values():
        title, _, why = spec.note.partition(": ")
        why = why[:1].upper() + why[1:]
        out.append(Line(spec.id, title, spec.role, tuple(str(p) for p in spec.prefer), why, spec))
    return out


@dataclass
class Result:
    endings: dict[str, float] = field(default_factory=dict)  # ending -> probability
    means: dict[str, float] = field(default_factory=dict)  # meter -> mean final value
    finals: dict[str, dict[tuple, float]] = field(default_factory=dict)  # ending -> values -> probability
    states: int = 0  # states expanded


def play_out(pack, role: str, route: str | None = None, prefer: tuple[str, ...] = ()):
    """Every path from ``role``'s start, through the engine, one decision at a time; equal states
    merged with their probability. Yields each layer (the states after 0, 1, 2, ... decisions:
    key -> (state, probability); a finished state is in the layer it ended in only) with the
    moves taken from it: (outcome, probability)."""
    first = E.start(pack, role, 0, route)
    layer = {first.key(): (first, 1.0)}
    while layer:
        nxt: dict[tuple, tuple] = {}
        moves = []
        for state, p in layer.values():
            if state.finished:
                continue
            available = [o.id for o in E.options(pack, state) if o.available]
            pick = next((c for c in prefer if c in available), None)
            chosen = [pick] if pick else available
            scene = pack.scenes[state.scene]
            for cid in chosen:
                choice = scene.choice(cid)
                if choice.chance:
                    total = sum(o.weight for o in choice.chance)
                    draws = [(d, o.weight / total) for d, o in enumerate(choice.chance)]
                else:
                    draws = [(None, 1.0)]
                for d, w in draws:
                    after, outcome = E.choose(pack, state, cid, draw=d)
                    q = p / len(chosen) * w
                    moves.append((outcome, q))
                    key = after.key()
                    nxt[key] = (nxt[key][0], nxt[key][1] + q) if key in nxt else (after, q)
        yield layer, moves
        layer = nxt


def walk(pack, role: str, route: str | None = None, prefer: tuple[str, ...] = ()) -> Result:
    """Every path from ``role``'s start (``play_out``): the endings, their final values, the mean meters."""
    names = list(pack.variables)
    out = Result()
    for layer, _ in play_out(pack, role, route, prefer):
        for state, p in layer.values():
            if not state.finished:
                out.states += 1
                continue
            out.endings[state.ending] = out.endings.get(state.ending, 0.0) + p
            values = tuple(state.values[n] for n in names)
            bucket = out.finals.setdefault(state.ending, {})
            bucket[values] = bucket.get(values, 0.0) + p
    meters = [n for n, v in pack.variables.items() if v.kind == "meter"]
    for m in meters:
        i = names.index(m)
        out.means[m] = sum(values[i] * p for bucket in out.finals.values() for values, p in bucket.items())
    return out


def results(pack) -> dict[tuple[str, str | None], Result]:
    """(line name, route) -> its result, for both routes, from the playtester's exhaustive search."""
    from summit_game.engine.playtest import explore_exhaustive

    meters = [n for n, v in pack.variables.items() if v.kind == "meter"]
    out = {}
    for route in (None, "short"):
        for line in lines(pack):
            g = explore_exhaustive(pack, line.role, route, line.spec)
            assert not g.capped and not g.problems and g.unfinished == 0, (line.name, route)
            r = Result(endings={e: st.share for e, st in g.endings.items()}, states=g.states)
            total = sum(r.endings.values())
            r.means = {m: sum(st.meters[m][1] * st.share for st in g.endings.values()) / total for m in meters}
            out[(line.name, route)] = r
    return out


@dataclass
class Saturation:
    """How a line of play meets the meters' bounds: effects a bound stopped, and when a meter sits at one."""

    clamped: dict[str, float] = field(default_factory=dict)  # meter -> effects a bound stopped, per game
    pinned_from: dict[str, int] = field(default_factory=dict)  # meter -> first decision after which it is
    # at a bound in more than half the games (meters that never are are left out)

    @property
    def per_game(self) -> float:
        return sum(self.clamped.values())


def saturation(pack, role: str, route: str | None = None, prefer: tuple[str, ...] = ()) -> Saturation:
    """The paths of ``play_out``, decision by decision, counting every effect a meter's bound stopped
    (the engine's ``Outcome.clamped``) and the share of games with each meter at a bound."""
    meters = {n: v for n, v in pack.variables.items() if v.kind == "meter"}
    out = Saturation(clamped={m: 0.0 for m in meters})
    for decision, (layer, moves) in enumerate(play_out(pack, role, route, prefer)):
        for outcome, q in moves:
            for c in outcome.clamped:
                out.clamped[c.name] += q
        if decision == 0:
            continue  # the start: no decision taken yet
        for m, v in meters.items():
            at_bound = sum(p for st, p in layer.values() if st.values[m] in (v.min, v.max))
            if at_bound > 0.5 and m not in out.pinned_from:
                out.pinned_from[m] = decision
    return out


def saturations(pack) -> dict[tuple[str, str | None], Saturation]:
    return {(line.name, route): saturation(pack, line.role, route, line.prefer)
            for route in (None, "short") for line in lines(pack)}


def pct(p: float) -> str:
    if p <= 0:
        return "·"
    v = round(p * 100)
    return "<1%" if v == 0 else f"{v}%"


def render(pack, res: dict | None = None, sat: dict | None = None) -> str:
    res = res if res is not None else results(pack)
    sat = sat if sat is not None else saturations(pack)
    played = lines(pack)
    endings = list(pack.endings.values())
    meters = [n for n, v in pack.variables.items() if v.kind == "meter"]
    roles = pack.roles
    doc = [
        "# The balance of the Anchorage scenario",
        "",
        "<!-- Generated by `python docs/balance.py --write` from the pack and the engine; "
        "tests/test_balance.py fails when it is stale. Do not edit by hand. -->",
        "",
        "Every number here is the game's model, not a forecast: how often each ending follows from a",
        "*line of play*, a seat that takes the choices its government stated as of August 2025 (or the",
        "article's recommendations) whenever they are offered, and picks evenly where it has no stated",
        "choice. Chance outcomes count with their weights. The shares are exact: every path is followed",
        "through the engine and equal states are merged, nothing is sampled.",
        "",
        "The three endings where the war goes on or escalates (" + ", ".join(
            f"*{pack.endings[e].title}*" for e in FAILURES) + ") count as failures for every seat.",
        "",
        "Every other ending but *" + pack.endings["frozen"].title + "* is a ceasefire of some kind, for every seat, "
        "even where that seat's stated line refuses its terms: *" + pack.endings["over_heads"].title + "* for Kyiv "
        "and for London and Paris (no deal without them), *" + pack.endings["partition"].title + "* for them and for "
        "the UN (the east lost). The last section says how often each of their lines ends in one.",
        "",
    ]
    for route, heading in ((None, "Full negotiation (11 or 12 decisions)"), ("short", "Icebreaker route (4 or 5 decisions)")):
        doc += [f"## {heading}", "", "Ending shares per line of play:", ""]
        head = "| line of play | seat | " + " | ".join(e.title for e in endings) + " |"
        doc += [head, "|" + "---|" * (2 + len(endings))]
        for line in played:
            r = res[(line.name, route)]
            row = [line.title, roles[line.role].title] + [pct(r.endings.get(e.id, 0.0)) for e in endings]
            doc.append("| " + " | ".join(row) + " |")
        doc += ["", "Mean final meters per line of play (the game's model; ↑ or ↓ marks the direction "
                "the meter's definition calls better; the Kremlin's seat counts integrity and cohesion the "
                "other way, and alignment neither):", ""]
        marks = {"high": " ↑", "low": " ↓", "none": ""}
        doc += ["| line of play | seat | " + " | ".join(
            pack.variables[m].label + marks[pack.variables[m].good] for m in meters) + " |",
            "|" + "---|" * (2 + len(meters))]
        for line in played:
            r = res[(line.name, route)]
            doc.append("| " + " | ".join([line.title, roles[line.role].title] +
                                          [f"{r.means[m]:.1f}" for m in meters]) + " |")
        doc += ["", "Meters at their bounds per line of play: the effects a bound stopped in an average game (the "
                "player reads each one, \"... is already at 10\"), and the decision after which a meter sits at "
                "a bound in more than half the games (· for never):", ""]
        doc += ["| line of play | seat | stopped per game | " + " | ".join(pack.variables[m].label for m in meters)
                + " |", "|" + "---|" * (3 + len(meters))]
        for line in played:
            t = sat[(line.name, route)]
            doc.append("| " + " | ".join([line.title, roles[line.role].title, f"{t.per_game:.1f}"] +
                                          [f"from {t.pinned_from[m]}" if m in t.pinned_from else "·"
                                           for m in meters]) + " |")
        doc.append("")
    doc += ["## The lines of play", ""]
    for line in played:
        if line.name.startswith("article_") and line.role != "us_envoy":
            continue
        who = "every seat" if line.name.startswith("article_") else roles[line.role].title
        doc += [f"**{line.title}** ({who}). {line.why}", "",
                  "Preferred choices, in order: " + ", ".join(f"`{c}`" for c in line.prefer) + ".", ""]
    doc += [
        "## What the numbers show",
        "",
        *summary(pack, res),
        "",
    ]
    return "\n".join(doc)


def reached_by_role(pack, res) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {r: set() for r in pack.roles}
    for line in lines(pack):
        for route in (None, "short"):
            out[line.role] |= {e for e, p in res[(line.name, route)].endings.items() if p > 0}
    return out


def summary(pack, res) -> list[str]:
    out = []
    reached = reached_by_role(pack, res)
    for role, ends in reached.items():
        out.append(f"- {pack.roles[role].title}: its lines of play reach {len(ends)} of {len(pack.endings)} endings.")
    worst = max(sum(r.endings.get(e, 0) for e in FAILURES) for r in res.values())
    out.append(f"- No line of play ends in failure every time: the highest failure share is {pct(worst)}.")
    own = [ln for ln in lines(pack) if not ln.name.startswith("article_")]
    for ln in own:
        shares = [sum(p for e, p in res[(ln.name, route)].endings.items() if e not in FAILURES + ("frozen",))
                  for route in (None, "short")]
        out.append(f"- {ln.title} ends in a ceasefire of some kind {pct(shares[0])} of the time in the full "
                   f"game and {pct(shares[1])} on the icebreaker route.")
    for role, refused in REFUSED.items():
        titles = " or ".join(f"*{pack.endings[e].title}*" for e in refused)
        parts = []
        for ln in sorted((ln for ln in lines(pack) if ln.role == role), key=lambda ln: ln.name.startswith("article_")):
            got = [refused_share(pack, res, ln, route) for route in (None, "short")]
            title = "the " + ln.title[4:] if ln.title.startswith("The ") else ln.title
            if not any(got):
                parts.append(f"{title} never")
            else:
                parts.append(f"{title} {pct(got[0]) if got[0] else 'never'} in the full game and "
                             f"{pct(got[1]) if got[1] else 'never'} on the icebreaker route")
        out.append(f"- {pack.roles[role].title}: a ceasefire on terms its stated line refuses ({titles}) ends "
                   + "; ".join(parts) + ".")
    return out


def refused_share(pack, res, line, route) -> float:
    """The share of ``line``'s games (on ``route``) ending in a ceasefire its seat's stated line refuses."""
    return sum(res[(line.name, route)].endings.get(e, 0.0) for e in REFUSED.get(line.role, ()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write docs/balance.md")
    ap.add_argument("--check", action="store_true", help="exit 1 if docs/balance.md is stale")
    args = ap.parse_args(argv)
    text = render(load_pack(PACK))
    if args.check:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print("docs/balance.md is stale: run python docs/balance.py --write", file=sys.stderr)
            return 1
        return 0
    if args.write:
        DOC.write_text(text, encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
        return 0
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
