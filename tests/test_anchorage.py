"""The Anchorage 2025 scenario: faithful, cited, multi-role, and playable end to end.

Everything here drives the engine API (no Textual): scripted paths to every
ending for every role, the article's eleven options each cited at the choice
and at its consequence, and an exhaustive walk of the short icebreaker route.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from summit_game import engine as E
from summit_game.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "scenes" / "anchorage"
ROLES = ["us_envoy", "ukraine_negotiator", "european_adviser", "un_mediator"]


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


def play(pack, role, steps, route=None, seed=0):
    """Take ``steps`` (a choice id, or (choice id, chance draw)); return the final state and outcomes."""
    state = E.start(pack, role, seed, route)
    outcomes = []
    for step in steps:
        cid, draw = step if isinstance(step, tuple) else (step, None)
        assert not state.finished, f"the game ended before '{cid}'"
        state, out = E.choose(pack, state, cid, draw=draw)
        outcomes.append(out)
    return state, outcomes


def quotes(quoted) -> set[str]:
    return {q.quote.strip() for q in quoted}


# ------------------------------------------------------------------ the pack as a whole


def test_source_ships_unchanged_with_full_reference_and_licence(pack):
    src = pack.sources["eir"]
    m = src.model
    assert m.title == "On the Trump-Putin Summit in Alaska"
    assert m.authors == ["Callum Gaskell", "Bulent Gokay"]
    assert m.publisher == "E-International Relations"
    assert m.date == "2025-08-18"
    assert m.url == "https://www.e-ir.info/2025/08/18/on-the-trump-putin-summit-in-alaska/"
    assert "CC BY-NC 4.0" in m.licence and "non-commercial" in m.licence
    # CI lays ../shared beside the checkout: the shipped copy must be the article, unchanged
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "sources" / m.file.split("/")[-1]
    shipped = PACK / m.file
    if shared.exists():
        assert shipped.read_bytes() == shared.read_bytes()
    assert "Gaskell" in src.reference() and "2025-08-18" in src.reference()


def test_content_note_and_date_anchor(pack):
    note = pack.manifest.content_note
    assert "August 2025" in note and "not a forecast" in note
    opening = pack.scenes[pack.start].text
    assert "15 August" in opening and "August 2025" in opening


def test_check_is_clean(pack):
    from summit_game.engine.analysis import analyse

    assert [d for d in analyse(pack)] == []


def test_four_roles_each_with_a_briefing_and_choices_of_its_own(pack):
    assert list(pack.roles) == ROLES
    own = Counter()
    for scene in pack.scenes.values():
        for c in scene.choices:
            for r in c.roles or ():
                own[r] += 1
    for role in ROLES:
        assert len(pack.roles[role].briefing.split()) >= 60
        assert own[role] >= 2, f"{role} has too few choices of its own"


def test_at_least_25_distinct_quotations_spread_over_the_article(pack):
    qs = pack.all_quotes()
    spans = {q.key for q in qs}
    assert len(spans) >= 25
    # every paragraph of the article is quoted somewhere, not only the headline lines
    n_paragraphs = len(pack.sources["eir"].text.paragraphs)
    assert {q.paragraph for q in qs} >= set(range(1, n_paragraphs))  # all but the author note


def test_every_choice_cites_the_article(pack):
    for scene in pack.scenes.values():
        for c in scene.choices:
            assert c.cite, f"{scene.id}/{c.id} has no citation at the choice"
            consequence = c.result_cite or [q for o in c.chance or [] for q in o.cite]
            assert consequence, f"{scene.id}/{c.id} has no citation with its consequence"


def test_readable_sizes(pack):
    for scene in pack.scenes.values():
        words = len(scene.text.split())
        assert 60 <= words <= 140, f"{scene.id}: {words} words"
        for c in scene.choices:
            assert len(c.label) < 70, c.label
            assert len(c.text.split()) <= 70, f"{scene.id}/{c.id}"
    for ending in pack.endings.values():
        assert len(ending.text.split()) <= 140


def test_endings_have_debriefs(pack):
    endings = list(pack.endings.values())
    assert len(endings) >= 5
    assert endings[-1].cond is None  # the fallback
    for e in endings:
        assert e.cite, e.id
        assert len(e.debrief) >= 3, e.id


# ------------------------------------------------------------------ the eleven options

# option -> (scene, choices that take it, a distinctive phrase of the article cited at one of those choices)
OPTIONS = {
    "1 trust versus interests and incentives": (
        "table", ["verify", "incentives", "rapport", "palmerston"],
        ["Never trust Putin", "offer incentives to both parties", "Lord Palmerston"]),
    "2 cede territory versus fight on; aid and red lines": (
        "battlefield", ["fight_on", "cede", "third_way"],
        ['"red lines" set by the Kremlin', "nearly impossible without ongoing, increased Western support",
         "This binary perspective oversimplifies"]),
    "3 no swift victory; the nuclear corner; a long war as Europe's shield": (
        "victory", ["decisive", "calibrate", "long_war"],
        ["swift and decisive Ukrainian victory", "pushes Putin into a corner",
         "protect the rest of Europe"]),
    "4 sanctions have not compelled Putin": (
        "sanctions", ["tighten", "relief", "hold"],
        ["have not compelled Putin to end the war"]),
    "5 the land swap is pointless; external borders intact": (
        "land_swap", ["accept_swap", "reject_swap", "set_aside"],
        ["either pointless or irrelevant", "external borders must remain intact"]),
    "6 a UN/EU-supervised referendum on autonomy; a federal arrangement": (
        "referendum", ["referendum", "un_runs_vote", "reject_autonomy"],
        ["supervised by international organisations like the UN and the EU",
         "autonomous status within Ukraine", "federal arrangement"]),
    "7 Crimea: the 1997 lease and Sevastopol": (
        "crimea", ["lease", "crimea_back", "park_crimea"],
        ["A 1997 treaty with Ukraine", "controlling Sevastopol appealing"]),
    "8 NATO off the agenda; guarantees not in the form of NATO": (
        "nato", ["guarantees", "drop_nato", "insist_nato"],
        ["not in the form of NATO", "excluding it from the negotiation agenda is acceptable",
         "ruled out Ukraine joining"]),
    "9 financial support from the coalition of the willing": (
        "support", ["fund", "conditional", "europe_pays", "arm_to_deter"],
        ["particularly from the coalition of the willing", "substantial financial and economic support"]),
    "10 a UN-led mission backed by US air power; Russia on the Security Council": (
        "mission", ["un_force", "council_seats", "civilians_first", "europe_force", "monitors", "no_air_power"],
        ["UN-led multinational mission force", "backed by US air power and intelligence",
         "permanent member of the Security Council"]),
    "11 bilateral versus multilateral; Russia in European security; Russia and China": (
        "bilateral", ["two_capitals", "one_framework"],
        ["direct talks with Russia over multilateral partnerships", "transactional approach"]),
    "11b Russia and European security; pushing Russia and China together": (
        "europe", ["include_russia", "contain", "wait_for_peace"],
        ["cannot be entirely excluded from European security", "pushing Russia and China nearer"]),
}


def _fold(text: str) -> str:
    from summit_game.pack.citations import fold

    return fold(text)[0].lower()


@pytest.mark.parametrize("option", list(OPTIONS))
def test_each_option_of_the_article_is_a_cited_decision(pack, option):
    scene_id, choice_ids, phrases = OPTIONS[option]
    scene = pack.scenes[scene_id]
    choices = [scene.choice(cid) for cid in choice_ids]
    assert all(choices), f"missing choices in {scene_id}"
    at_choice = " | ".join(_fold(q.quote) for c in choices for q in c.cite)
    for phrase in phrases:
        assert _fold(phrase) in at_choice, f"'{phrase}' is not cited at a choice of {scene_id}"
    # and each of those phrases is one of the pack's verified quotations
    everything = " | ".join(_fold(q.quote) for q in pack.all_quotes())
    assert all(_fold(p) in everything for p in phrases)
    # the options are open to every role (role-only variants come on top)
    for role in ROLES:
        visible = [c for c in choices if c.roles is None or role in c.roles]
        assert len(visible) >= 2, f"{role} sees fewer than two options in {scene_id}"


# ------------------------------------------------------------------ scripted paths to every ending

# One strategy per ending, using only the choices every role sees.
STRATEGIES = {
    # the article's own package: incentives, no binary, calibrated aid, staged relief, the swap set
    # aside, a supervised referendum, a Sevastopol lease, guarantees outside NATO, money, a UN mission
    "settlement": ["incentives", "third_way", "calibrate", "relief", "set_aside", "referendum", "lease",
                   "guarantees", "fund", ("un_force", 0), "one_framework", "include_russia"],
    # maximum military pressure
    "corner": ["verify", ("fight_on", 0), "decisive", "tighten", "reject_swap", "reject_autonomy",
               "crimea_back", "insist_nato", "later", "europe_force", "one_framework", "contain"],
    # a hard line on every question, without escalating
    "collapse": ["verify", "third_way", "long_war", "tighten", "reject_swap", "reject_autonomy",
                 "park_crimea", "insist_nato", "later", "europe_force", "one_framework", "wait_for_peace"],
    # speed at any price, settled between Washington and Moscow
    "over_heads": ["rapport", "cede", "calibrate", "relief", "set_aside", "ceasefire_first", "lease",
                   "drop_nato", "later", "monitors", "two_capitals", "include_russia"],
    # land for peace (the swap skips the referendum: 11 decisions)
    "partition": ["incentives", "cede", "calibrate", "hold", "accept_swap", "lease", "guarantees", "fund",
                  ("un_force", 0), "one_framework", "wait_for_peace"],
    # a ceasefire with containment: sanctions tightened and Russia kept out
    "cold_peace": ["verify", "third_way", "calibrate", "tighten", "set_aside", "ceasefire_first", "lease",
                   "drop_nato", "fund", "monitors", "one_framework", "contain"],
    # a UN mission without a political settlement
    "supervised_ceasefire": ["incentives", "third_way", "calibrate", "hold", "reject_swap", "reject_autonomy",
                             "lease", "guarantees", "fund", ("un_force", 0), "one_framework", "wait_for_peace"],
    # attrition: Ukraine as Europe's shield
    "long_war": ["verify", ("fight_on", 0), "long_war", "hold", "reject_swap", "reject_autonomy",
                 "park_crimea", "guarantees", "later", "monitors", "one_framework", "wait_for_peace"],
    # a pause nobody guarantees
    "frozen": ["incentives", "third_way", "calibrate", "hold", "set_aside", "ceasefire_first", "park_crimea",
               "guarantees", "later", "monitors", "one_framework", "wait_for_peace"],
}


def test_every_ending_has_a_strategy(pack):
    assert set(STRATEGIES) == set(pack.endings)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("ending", list(STRATEGIES))
def test_strategy_reaches_its_ending(pack, role, ending):
    state, outcomes = play(pack, role, STRATEGIES[ending])
    assert state.ending == ending
    assert 10 <= len(state.history) <= 14
    for out, step in zip(outcomes, STRATEGIES[ending]):
        cid = step[0] if isinstance(step, tuple) else step
        choice = pack.scenes[out.scene].choice(cid)
        # the article's argument travels with the outcome: at the choice and with the consequence
        assert quotes(out.choice_cite) == quotes(choice.cite) and out.choice_cite
        assert out.result_cite, f"{cid}: no quotation with the consequence"
        assert out.text.strip()
    # and the debrief the game builds from the history carries the same quotations
    from summit_game.engine import debrief

    d = debrief.build(pack, state, outcomes)
    assert d.ending_title == pack.endings[ending].title
    assert len(d.decisions) == len(outcomes)
    assert [quotes(x.argued) for x in d.decisions] == [quotes(o.choice_cite) for o in outcomes]
    assert quotes(d.ending_cite) == quotes(pack.endings[ending].cite)
    assert len(d.questions) >= 3


# Paths that use each role's own choices; each role reaches at least two different endings with them.
ROLE_PATHS = {
    "us_envoy": {
        "corner": ["breakthrough", ("fight_on", 1), "decisive", "hold", "reject_swap", "referendum", "lease",
                   "guarantees", "fund", "no_air_power", "two_capitals", "include_russia"],
        "over_heads": ["breakthrough", "cede", "calibrate", "relief", "set_aside", "ceasefire_first", "lease",
                       "drop_nato", "conditional", "no_air_power", "two_capitals", "wait_for_peace"],
        "settlement": ["breakthrough", "third_way", "calibrate", "relief", "set_aside", "referendum", "lease",
                       "guarantees", "fund", ("un_force", 0), "one_framework", "include_russia"],
    },
    "ukraine_negotiator": {
        "supervised_ceasefire": ["verify", "third_way", "not_a_shield", "hold", "freeze_line", "reject_autonomy",
                                 "park_crimea", "guarantees", "fund", ("un_force", 0), "one_framework",
                                 "wait_for_peace"],
        "partition": ["incentives", "cede", "not_a_shield", "relief", "freeze_line", "ceasefire_first", "lease",
                      "drop_nato", "later", "monitors", "one_framework", "wait_for_peace"],
    },
    "european_adviser": {
        "settlement": ["palmerston", "third_way", "calibrate", "hold", "set_aside", "referendum", "lease",
                       "guarantees", "europe_pays", "council_seats", "one_framework", "include_russia"],
        "cold_peace": ["palmerston", "third_way", "calibrate", "tighten", "reject_swap", "reject_autonomy",
                       "crimea_back", "guarantees", "europe_pays", "council_seats", "one_framework", "contain"],
    },
    "un_mediator": {
        "settlement": ["incentives", "third_way", "calibrate", "hold", "set_aside", "un_runs_vote", "lease",
                       "guarantees", "fund", "civilians_first", "one_framework", "include_russia"],
        "frozen": ["verify", "third_way", "long_war", "hold", "reject_swap", "reject_autonomy", "park_crimea",
                   "insist_nato", "later", "civilians_first", "one_framework", "wait_for_peace"],
    },
}


@pytest.mark.parametrize("role", ROLES)
def test_role_choices_lead_to_different_endings(pack, role):
    reached = set()
    for ending, steps in ROLE_PATHS[role].items():
        state, outcomes = play(pack, role, steps)
        assert state.ending == ending, (role, ending, dict(state.values))
        own = [o for o in outcomes if pack.scenes[o.scene].choice(o.choice).roles]
        assert own, f"{role}'s path to {ending} uses none of its own choices"
        for o in own:
            assert o.choice_cite and (o.result_cite or o.text)
        reached.add(ending)
    assert len(reached) >= 2


def test_role_only_choices_are_hidden_from_other_roles(pack):
    s = E.start(pack, "ukraine_negotiator", 0)
    assert "breakthrough" not in [o.id for o in E.options(pack, s)]
    with pytest.raises(E.EngineError):
        E.choose(pack, s, "breakthrough")
    s = E.start(pack, "us_envoy", 0)
    assert "breakthrough" in [o.id for o in E.options(pack, s)]


def test_the_articles_un_mission_is_not_guaranteed(pack):
    # the article's plan is one reachable path, not a sure thing: Russia can veto the UN mission
    steps = ["third_way", "set_aside", "referendum", "guarantees"]
    reached = set()
    for draw in range(len(pack.scenes["mission"].choice("un_force").chance)):
        state, outcomes = play(pack, "us_envoy", steps + [("un_force", draw)], route="short")
        assert outcomes[-1].result_cite
        reached.add((state.ending, state.values["un_mission"]))
    assert ("settlement", True) in reached
    assert any(not mission and ending != "settlement" for ending, mission in reached)


def test_no_role_is_offered_a_lever_over_itself(pack):
    s = E.start(pack, "ukraine_negotiator", 0, "full")
    for cid in ["incentives", "third_way", "calibrate", "hold", "set_aside", "referendum", "lease", "guarantees"]:
        s, _ = E.choose(pack, s, cid)
    assert s.scene == "support"
    ids = [o.id for o in E.options(pack, s)]
    assert "conditional" not in ids and "arm_to_deter" in ids


def test_chance_outcomes_both_occur_and_are_cited(pack):
    s = E.start(pack, "european_adviser", 0)
    s, _ = E.choose(pack, s, "incentives")
    draws = set()
    for seed in range(30):
        st = E.start(pack, "european_adviser", seed)
        st, _ = E.choose(pack, st, "incentives")
        _, out = E.choose(pack, st, "fight_on")
        draws.add(out.draw)
        assert out.result_cite
    assert draws == {0, 1}


# ------------------------------------------------------------------ routes


def test_full_route_and_default_start_at_the_table(pack):
    assert E.start(pack, "us_envoy", 0).scene == "table"
    assert E.start(pack, "us_envoy", 0, "full").scene == "table"
    assert E.start(pack, "us_envoy", 0, "short").scene == "battlefield"


def _walk(pack, role, route):
    """Every path of a route (every option, every chance outcome): yields finished states."""
    stack = [E.start(pack, role, 0, route)]
    while stack:
        state = stack.pop()
        if state.finished:
            yield state
            continue
        opts = [o for o in E.options(pack, state) if o.available]
        assert opts, f"soft-lock in {state.scene}"
        scene = pack.scenes[state.scene]
        for o in opts:
            choice = scene.choice(o.id)
            for d in range(len(choice.chance)) if choice.chance else [None]:
                stack.append(E.choose(pack, state, o.id, draw=d)[0])


@pytest.mark.parametrize("role", ROLES)
def test_short_route_ends_within_five_decisions_whatever_is_chosen(pack, role):
    endings = Counter()
    scenes = set()
    for state in _walk(pack, role, "short"):
        assert len(state.history) <= 5
        endings[state.ending] += 1
        scenes |= {step.scene for step in state.history}
    assert len(endings) >= 4, endings
    # the same scenes as the full game, no copies
    assert scenes <= set(pack.scenes)
    assert scenes == {"battlefield", "land_swap", "referendum", "nato", "mission"}


def test_short_route_path_to_the_articles_settlement(pack):
    steps = ["third_way", "set_aside", "referendum", "guarantees", ("un_force", 0)]
    state, outcomes = play(pack, "un_mediator", steps, route="short")
    assert state.ending == "settlement"
    assert [o.scene for o in outcomes] == ["battlefield", "land_swap", "referendum", "nato", "mission"]
    # the swap taken instead: four decisions, and the land is gone
    state, _ = play(pack, "us_envoy", ["cede", "accept_swap", "drop_nato", "monitors"], route="short")
    assert state.ending == "partition" and len(state.history) == 4
