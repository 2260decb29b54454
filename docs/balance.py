"""The balance of the Anchorage scenario, computed from the engine: docs/balance.md.

    python docs/balance.py            print the report
    python docs/balance.py --write    write docs/balance.md
    python docs/balance.py --check    exit 1 if docs/balance.md is not what the pack gives now

A *line of play* is a seat and the choices it prefers: at each decision it takes the first
preferred choice that is available, and where none is, it picks evenly among the available ones.
Chance outcomes count with their weights. Every path is followed through the engine's own
``start``/``options``/``choose`` (with ``draw=`` for each chance outcome), and equal states are
merged with their probabilities added, so the shares below are exact, not sampled.

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

# The article's own recommendations, with each seat's version of them where it has one (a seat
# takes the first one it is offered). Where the article recommends nothing (sanctions, the two
# capitals), the line chooses evenly.
ARTICLE = [
    "small_steps", "incentives",        # incentives for both sides, a relationship built over time
    "third_way",                        # the binary oversimplifies
    "calibrate",                        # no swift victory, never corner Putin
    "set_aside",                        # the land swap is pointless
    "un_runs_vote", "referendum",       # UN/EU-supervised votes on autonomy
    "crimea_vote",                      # "the same approach could be applied to Crimea"
    "guarantees", "russia_guarantor",   # NATO off the agenda; guarantees not in the form of NATO
    "fund",                             # support from the coalition of the willing
    "civilians_first", "council_seats", "accept_un", "un_force",  # a UN-led mission
    "include_russia",                   # Russia cannot be entirely excluded from European security
]


@dataclass(frozen=True)
class Line:
    name: str
    title: str
    role: str
    prefer: tuple[str, ...]
    why: str


LINES = [
    *(Line(f"article_{seat}", "The article's line", seat, tuple(ARTICLE),
           "The article's recommendations, from this seat.")
      for seat in ("us_envoy", "ukraine_negotiator", "european_adviser", "un_mediator", "kremlin_negotiator")),
    Line("kyiv", "Kyiv's line", "ukraine_negotiator",
         ("verify", "fight_on", "not_a_shield", "tighten", "freeze_line", "reject_autonomy", "park_crimea",
          "guarantees", "arm_to_deter", "europe_force", "one_framework", "contain"),
         "Ceasefire first on the current line, nothing recognised, weapons and an army that deters, "
         "guarantees, sanctions kept, no deal without Ukraine."),
    Line("coalition", "The coalition of the willing's line", "european_adviser",
         ("verify", "fight_on", "calibrate", "tighten", "freeze_line", "park_crimea", "guarantees",
          "europe_pays", "europe_force", "one_framework", "contain"),
         "London's and Paris's line: pressure until Moscow agrees a ceasefire, the current line as "
         "the start, borders not changed by force, a European reassurance force, Europe at the table. "
         "It takes no stated position on autonomy votes."),
    Line("washington", "Washington's line", "us_envoy",
         ("breakthrough", "cede", "calibrate", "relief", "press_swap", "lease", "guarantees", "conditional",
          "europe_force", "two_capitals", "include_russia"),
         "End the war fast: some exchange of territory, no NATO for Ukraine, guarantees with Europe, "
         "Europe to pay and to provide the troops, a direct channel with Moscow."),
    Line("moscow", "Moscow's line", "kremlin_negotiator",
         ("root_causes", "advance", "grind", "demand_relief", "demand_donbas", "votes_held", "crimea_russian",
          "neutrality", "no_arms", "no_western_troops", "two_capitals", "new_treaty"),
         "A full settlement before any ceasefire, the 'root causes', Donetsk and Luhansk, Crimea "
         "Russian, neutrality, sanctions lifted, no Western troops, business with Washington."),
    Line("un", "The UN's line", "un_mediator",
         ("small_steps", "third_way", "calibrate", "reject_swap", "un_runs_vote", "park_crimea", "fund",
          "civilians_first", "one_framework", "wait_for_peace"),
         "A just peace in line with the Charter and Ukraine's territorial integrity; civilians first; "
         "supervision the UN can offer. It takes no side on sanctions or NATO."),
]


@dataclass
class Result:
    endings: dict[str, float] = field(default_factory=dict)  # ending -> probability
    means: dict[str, float] = field(default_factory=dict)  # meter -> mean final value
    finals: dict[str, dict[tuple, float]] = field(default_factory=dict)  # ending -> values -> probability
    states: int = 0  # states expanded


def walk(pack, role: str, route: str | None = None, prefer: tuple[str, ...] = ()) -> Result:
    """Every path from ``role``'s start, through the engine; equal states merged with their probability."""
    names = list(pack.variables)
    first = E.start(pack, role, 0, route)
    layer = {first.key(): (first, 1.0)}
    out = Result()
    while layer:
        nxt: dict[tuple, tuple] = {}
        for state, p in layer.values():
            if state.finished:
                out.endings[state.ending] = out.endings.get(state.ending, 0.0) + p
                values = tuple(state.values[n] for n in names)
                bucket = out.finals.setdefault(state.ending, {})
                bucket[values] = bucket.get(values, 0.0) + p
                continue
            out.states += 1
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
                    after, _ = E.choose(pack, state, cid, draw=d)
                    q = p / len(chosen) * w
                    key = after.key()
                    if key in nxt:
                        nxt[key] = (nxt[key][0], nxt[key][1] + q)
                    else:
                        nxt[key] = (after, q)
        layer = nxt
    meters = [n for n, v in pack.variables.items() if v.kind == "meter"]
    for m in meters:
        i = names.index(m)
        out.means[m] = sum(values[i] * p for bucket in out.finals.values() for values, p in bucket.items())
    return out


def results(pack) -> dict[tuple[str, str | None], Result]:
    """(line name, route) -> its result, for both routes."""
    return {(line.name, route): walk(pack, line.role, route, line.prefer)
            for route in (None, "short") for line in LINES}


def pct(p: float) -> str:
    if p <= 0:
        return "·"
    v = round(p * 100)
    return "<1%" if v == 0 else f"{v}%"


def render(pack, res: dict | None = None) -> str:
    res = res if res is not None else results(pack)
    endings = list(pack.endings.values())
    meters = [n for n, v in pack.variables.items() if v.kind == "meter"]
    roles = pack.roles
    lines = [
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
    ]
    for route, heading in ((None, "Full negotiation (12 decisions)"), ("short", "Icebreaker route (5 decisions)")):
        lines += [f"## {heading}", "", "Ending shares per line of play:", ""]
        head = "| line of play | seat | " + " | ".join(e.title for e in endings) + " |"
        lines += [head, "|" + "---|" * (2 + len(endings))]
        for line in LINES:
            r = res[(line.name, route)]
            row = [line.title, roles[line.role].title] + [pct(r.endings.get(e.id, 0.0)) for e in endings]
            lines.append("| " + " | ".join(row) + " |")
        lines += ["", "Mean final meters per line of play (the game's model; ↑ or ↓ marks the direction "
                  "the meter's own definition calls better):", ""]
        marks = {"high": " ↑", "low": " ↓", "none": ""}
        lines += ["| line of play | seat | " + " | ".join(
            pack.variables[m].label + marks[pack.variables[m].good] for m in meters) + " |",
            "|" + "---|" * (2 + len(meters))]
        for line in LINES:
            r = res[(line.name, route)]
            lines.append("| " + " | ".join([line.title, roles[line.role].title] +
                                          [f"{r.means[m]:.1f}" for m in meters]) + " |")
        lines.append("")
    lines += ["## The lines of play", ""]
    for line in LINES:
        if line.name.startswith("article_") and line.role != "us_envoy":
            continue
        who = "every seat" if line.name.startswith("article_") else roles[line.role].title
        lines += [f"**{line.title}** ({who}). {line.why}", "",
                  "Preferred choices, in order: " + ", ".join(f"`{c}`" for c in line.prefer) + ".", ""]
    lines += [
        "## What the numbers show",
        "",
        *summary(pack, res),
        "",
    ]
    return "\n".join(lines)


def reached_by_role(pack, res) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {r: set() for r in pack.roles}
    for line in LINES:
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
    own = [ln for ln in LINES if not ln.name.startswith("article_")]
    for ln in own:
        shares = [sum(p for e, p in res[(ln.name, route)].endings.items() if e not in FAILURES + ("frozen",))
                  for route in (None, "short")]
        out.append(f"- {ln.title} ends in a ceasefire of some kind {pct(shares[0])} of the time in the full "
                   f"game and {pct(shares[1])} on the icebreaker route.")
    return out


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
