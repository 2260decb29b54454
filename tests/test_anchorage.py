"""The Anchorage 2025 scenario: faithful, cited, multi-role, and playable end to end.

Everything here drives the engine API (no Textual): scripted paths to every
ending for every role, the article's eleven options each cited at the choice
and at its consequence, and an exhaustive walk of the short icebreaker route.
"""

from __future__ import annotations

import re
from fractions import Fraction
from collections import Counter
from pathlib import Path

import pytest

from summit_game import engine as E
from summit_game.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "scenes" / "anchorage"
ROLES = ["us_envoy", "ukraine_negotiator", "european_adviser", "un_mediator", "kremlin_negotiator"]


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

    assert [d.format_text() for d in analyse(pack)] == []  # SG110 included: every reported quote has its speaker


def test_other_peoples_words_are_theirs_not_the_articles(pack):
    """Starmer, Palmerston, Trump and the Financial Times speak as themselves, as quoted in the article."""
    from summit_game.pack.attribution import quote_label

    speakers = {}
    for q in pack.all_quotes():
        if q.speaker:
            speakers.setdefault(q.speaker, set()).add(_fold(q.quote))
    assert set(speakers) == {"Keir Starmer", "Lord Palmerston", "Donald Trump", "The Financial Times"}
    assert _fold("Never trust Putin") in speakers["Keir Starmer"]
    assert _fold("extremely productive") in speakers["Donald Trump"]
    assert any("not in the form of nato" in q for q in speakers["Donald Trump"])
    assert any("no eternal allies" in q for q in speakers["Lord Palmerston"])
    starmer = next(q for q in pack.all_quotes() if q.speaker == "Keir Starmer")
    assert quote_label(pack, starmer).startswith("Keir Starmer, as quoted in the article")
    # and every use of someone else's words says, in the game's voice, who they are and when they spoke
    assert all((q.note or "").strip() for q in pack.all_quotes() if q.speaker)
    # the article's own sentences that merely contain a quoted word stay the article's
    own = [q for q in pack.all_quotes() if "red lines" in q.quote or "very unhappy" in q.quote]
    assert own and all(q.speaker is None for q in own)


def test_the_scenario_says_what_it_knows(pack):
    assert pack.as_of == "This scenario knows only the article of 18 August 2025."
    for name, v in pack.variables.items():
        if v.kind == "meter":
            # the front ends label the meters as the game's model once; the description is its claim
            assert v.description and "game's model" not in v.description, name
    # Moscow's seat reads its own meters its own way; nobody else's directions change
    assert pack.variables["integrity"].good_for == {"kremlin_negotiator": "low"}
    assert pack.variables["cohesion"].good_for == {"kremlin_negotiator": "low"}


def test_five_seats_each_with_a_briefing_and_choices_of_its_own(pack):
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
        "land_swap", ["accept_swap", "press_swap", "reject_swap", "set_aside"],
        ["either pointless or irrelevant", "external borders must remain intact"]),
    "6 a UN/EU-supervised referendum on autonomy; a federal arrangement": (
        "referendum", ["referendum", "un_runs_vote", "reject_autonomy"],
        ["supervised by international organisations like the UN and the EU",
         "autonomous status within Ukraine", "federal arrangement"]),
    "7 Crimea: the same approach, the 1997 lease and Sevastopol": (
        "crimea", ["crimea_vote", "lease", "crimea_back", "park_crimea"],
        ["The same approach could be applied to Crimea", "A 1997 treaty with Ukraine",
         "controlling Sevastopol appealing", "allows the Russian navy to use the peninsula freely"]),
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
    # every seat has a real decision here (its own versions count: Moscow does not tighten sanctions
    # on itself), and every Western seat and the UN can take the article's options themselves
    for role in ROLES:
        visible = [c for c in scene.choices if c.roles is None or role in c.roles]
        assert len(visible) >= 2, f"{role} sees fewer than two options in {scene_id}"
        if role != "kremlin_negotiator":
            assert [c for c in choices if c.roles is None or role in c.roles], (role, scene_id)


def test_the_eastern_flank_speaks_beyond_one_sentence(pack):
    """Warsaw and the Baltic capitals have a view in most rounds of the talks, and an option of their own."""
    flank = re.compile(r"Warsaw|Baltic|Poland|Vilnius|eastern flank|eastern members", re.I)
    scenes = [s.id for s in pack.scenes.values()
              if flank.search(" ".join([s.text_for(r) or "" for r in ROLES]
                                       + [c.text or "" for c in s.choices]
                                       + [o.text or "" for c in s.choices for o in c.chance or []]))]
    assert len(scenes) >= 6, scenes
    choice = pack.scenes["europe"].choice("eastern_flank")
    assert flank.search(choice.label) and "european_adviser" in (choice.roles or ROLES)


def test_the_crimea_vote_is_playable_and_can_go_either_way(pack):
    choice = pack.scenes["crimea"].choice("crimea_vote")
    assert choice.roles is None  # every seat can propose it
    before = E.start(pack, "un_mediator", 0)
    for step in ["small_steps", "third_way", "calibrate", "hold", "set_aside", "un_runs_vote"]:
        before, _ = E.choose(pack, before, step)
    assert before.scene == "crimea"
    taken, out = E.choose(pack, before, "crimea_vote", draw=0)
    assert taken.values["crimea_vote"] is True and out.result_cite
    refused, _ = E.choose(pack, before, "crimea_vote", draw=1)
    assert refused.values["crimea_vote"] is False
    assert refused.values["ceasefire"] < taken.values["ceasefire"]


# ------------------------------------------------------------------ scripted paths to every ending

# One path per ending, using only choices that every Western seat and the UN see.
STRATEGIES = {
    "supervised_ceasefire": [("rapport", 0), "third_way", "decisive", "relief", "reject_swap", "reject_autonomy",
                             "park_crimea", "drop_nato", "later", ("un_force", 0), "one_framework",
                             ("include_russia", 0)],
    "over_heads": ["verify", ("cede", 0), "long_war", ("tighten", 1), "set_aside", "ceasefire_first", ("lease", 0),
                   "insist_nato", "fund", ("monitors", 0), ("two_capitals", 0), ("include_russia", 0)],
    "settlement": [("rapport", 0), "third_way", "long_war", ("tighten", 1), ("freeze_line", 0), "reject_autonomy",
                   ("crimea_vote", 0), "drop_nato", "later", ("un_force", 1), ("two_capitals", 0), "wait_for_peace"],
    "long_war": [("rapport", 0), ("fight_on", 0), "calibrate", ("tighten", 0), ("freeze_line", 0), ("referendum", 1),
                 "crimea_back", "insist_nato", "later", ("un_force", 1), "one_framework", "wait_for_peace"],
    "frozen": [("incentives", 0), "third_way", "long_war", "hold", "set_aside", ("referendum", 1), ("crimea_vote", 0),
               "insist_nato", "later", ("monitors", 0), "one_framework", "wait_for_peace"],
    "partition": [("rapport", 0), ("fight_on", 0), "long_war", "hold", "reject_swap", ("referendum", 1),
                  ("crimea_vote", 0), ("guarantees", 0), "later", ("un_force", 1), ("two_capitals", 0), "contain"],
    "corner": ["verify", ("fight_on", 0), "decisive", "relief", "reject_swap", ("referendum", 1), "crimea_back",
               "insist_nato", "fund", ("monitors", 0), "one_framework", ("include_russia", 0)],
    "cold_peace": [("rapport", 0), ("cede", 0), "decisive", ("tighten", 0), "reject_swap", ("referendum", 0),
                   "crimea_back", ("guarantees", 1), "fund", ("un_force", 0), "one_framework", "contain"],
    "collapse": ["verify", ("cede", 0), "decisive", ("tighten", 0), "set_aside", "reject_autonomy", "park_crimea",
                 "insist_nato", "later", ("un_force", 1), "one_framework", "contain"],
}

# The same for the Kremlin's seat, which sees its own versions of the Western decisions.
KREMLIN_STRATEGIES = {
    "over_heads": [("incentives", 0), "third_way", "nuclear_signal", ("demand_relief", 0), ("demand_donbas", 0),
                   ("lease", 0),
                   ("neutrality", 0), "later", ("accept_un", 0), ("two_capitals", 0), "new_treaty"],
    "partition": [("rapport", 0), "third_way", "grind", "ride_out", ("demand_donbas", 0), ("crimea_russian", 1),
                  ("neutrality", 0), "later", ("accept_un", 1), ("two_capitals", 0), "wait_for_peace"],
    "frozen": [("incentives", 0), "third_way", "nuclear_signal", "ride_out", ("demand_donbas", 1), ("referendum", 0),
               ("crimea_russian", 0), "russia_guarantor", ("no_arms", 1), ("accept_un", 1), ("two_capitals", 0),
               "wait_for_peace"],
    "collapse": [("root_causes", 1), "advance", "nuclear_signal", "ride_out", "set_aside", ("referendum", 0),
                 "park_crimea", ("neutrality", 1), "later", ("no_western_troops", 1), "one_framework",
                 ("include_russia", 0)],
    "cold_peace": [("incentives", 0), "third_way", "grind", "ride_out", "set_aside", ("votes_held", 0),
                   ("crimea_vote", 0),
                   "russia_guarantor", ("no_arms", 0), ("monitors", 0), "one_framework", "wait_for_peace"],
    "supervised_ceasefire": [("root_causes", 1), "advance", "nuclear_signal", ("demand_relief", 0), "set_aside",
                             "ceasefire_first", "park_crimea", "russia_guarantor", ("no_arms", 0), ("accept_un", 0),
                             "one_framework", ("include_russia", 0)],
    "long_war": [("incentives", 0), ("cede", 0), "nuclear_signal", ("demand_relief", 0), ("demand_donbas", 0),
                 ("crimea_vote", 1),
                 ("neutrality", 1), "later", ("accept_un", 1), "one_framework", ("include_russia", 0)],
    "corner": [("root_causes", 1), "advance", "nuclear_signal", ("demand_relief", 1), ("demand_donbas", 1),
               ("referendum", 0), ("lease", 0), "russia_guarantor", ("no_arms", 1), ("no_western_troops", 1),
               "one_framework", "wait_for_peace"],
    "settlement": [("root_causes", 0), "advance", "nuclear_signal", "ride_out", "set_aside", ("referendum", 0),
                   ("lease", 0), ("neutrality", 0), "later", ("accept_un", 0), "one_framework", ("include_russia", 0)],
}


def strategies_for(role):
    return KREMLIN_STRATEGIES if role == "kremlin_negotiator" else STRATEGIES


def test_every_ending_has_a_strategy_from_every_seat(pack):
    assert set(STRATEGIES) == set(pack.endings) == set(KREMLIN_STRATEGIES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("ending", list(STRATEGIES))
def test_strategy_reaches_its_ending(pack, role, ending):
    steps = strategies_for(role)[ending]
    state, outcomes = play(pack, role, steps)
    assert state.ending == ending, dict(state.values)
    assert 10 <= len(state.history) <= 14
    for out, step in zip(outcomes, steps):
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
    assert [quotes(x.argued) | quotes(x.reported) for x in d.decisions] == [quotes(o.choice_cite) for o in outcomes]
    for x in d.decisions:  # what others said is reported, never counted as the article's argument
        assert all(q.speaker for q in x.reported) and not any(q.speaker for q in x.argued)
    assert quotes(d.ending_cite) == quotes(pack.endings[ending].cite)
    assert len(d.questions) >= 3


# Paths that use each role's own choices; each role reaches at least two different endings with them.
ROLE_PATHS = {
    "us_envoy": {
        "supervised_ceasefire": [("breakthrough", 1), ("fight_on", 1), "long_war", "relief", ("press_swap", 0),
                                 ("crimea_vote", 1), "drop_nato", "later", ("europe_force", 0), "one_framework",
                                 ("include_russia", 0)],
        "over_heads": [("breakthrough", 1), "third_way", "calibrate", "relief", ("press_swap", 0), ("crimea_vote", 0),
                       "drop_nato", "fund", "no_air_power", ("two_capitals", 0), "wait_for_peace"],
        "partition": [("breakthrough", 1), ("fight_on", 0), "calibrate", "hold", ("press_swap", 0), "park_crimea",
                      ("guarantees", 1), "fund", "no_air_power", "one_framework", "eastern_flank"],
    },
    "ukraine_negotiator": {
        "supervised_ceasefire": [("rapport", 0), "third_way", "long_war", "hold", "accept_swap", ("lease", 0),
                                 "drop_nato", ("arm_to_deter", 1), ("un_force", 1), "one_framework", "contain"],
        "partition": ["verify", ("fight_on", 0), "not_a_shield", ("tighten", 1), "accept_swap", ("lease", 0),
                      "drop_nato", "fund", ("un_force", 2), "one_framework", "wait_for_peace"],
        "cold_peace": [("incentives", 0), "third_way", "not_a_shield", ("tighten", 1), "accept_swap", "crimea_back",
                       ("guarantees", 0), ("arm_to_deter", 1), ("monitors", 0), "one_framework", "contain"],
    },
    "european_adviser": {
        "supervised_ceasefire": ["palmerston", "third_way", "calibrate", "hold", ("press_swap", 0), "park_crimea",
                                 "insist_nato", "conditional", ("council_seats", 0), "one_framework",
                                 "wait_for_peace"],
        "partition": ["palmerston", "third_way", "long_war", ("tighten", 1), ("press_swap", 0), "crimea_back",
                      "insist_nato", "europe_pays", ("council_seats", 0), "one_framework", "wait_for_peace"],
    },
    "un_mediator": {
        "supervised_ceasefire": ["small_steps", ("fight_on", 1), "decisive", "relief", ("press_swap", 0),
                                 "crimea_back", "drop_nato", "later", ("civilians_first", 0), "one_framework",
                                 "contain"],
        "cold_peace": ["small_steps", ("cede", 0), "decisive", "hold", ("press_swap", 0), ("lease", 0),
                       "insist_nato", "fund",
                       ("civilians_first", 0), "one_framework", "contain"],
    },
    "kremlin_negotiator": {
        "partition": [("root_causes", 0), "advance", "grind", "ride_out", ("demand_donbas", 0), ("crimea_russian", 1),
                      "russia_guarantor", "later", ("accept_un", 0), "one_framework", "wait_for_peace"],
        "over_heads": [("root_causes", 0), "advance", "nuclear_signal", ("demand_relief", 1), ("demand_donbas", 0),
                       ("crimea_russian", 0), "russia_guarantor", ("no_arms", 1), ("no_western_troops", 0),
                       ("two_capitals", 0), "new_treaty"],
        "settlement": [("root_causes", 0), "advance", "nuclear_signal", ("demand_relief", 1), ("demand_donbas", 1),
                       ("referendum", 0), ("lease", 0), "russia_guarantor", ("no_arms", 0), ("accept_un", 0),
                       "one_framework", "new_treaty"],
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
    # Moscow's seat does not heed a warning about itself, nor arm Ukraine
    s = E.start(pack, "kremlin_negotiator", 0)
    ids = [o.id for o in E.options(pack, s)]
    assert "verify" not in ids and "root_causes" in ids


def test_every_seat_can_answer_how_much_victory_with_restraint(pack):
    """At 'How much victory?' each seat has an option that lowers the escalation risk: the West can
    calibrate, and Moscow's seat is not left with only nuclear threats or the grind."""
    scene = pack.scenes["victory"]
    for role in pack.roles:
        lowers = [c.id for c in scene.choices if (c.roles is None or role in c.roles)
                  and any(e.target == "escalation" and "-=" in e.source for e in c.effects)]
        assert lowers, role
    state, outcomes = play(pack, "kremlin_negotiator", [("incentives", 0), "third_way", ("restraint", 1)])
    assert outcomes[-1].choice_cite and "not the article's" in outcomes[-1].choice_cite[0].note
    assert state.values["escalation"] == 2 and state.values["harm"] == 4 and state.values["integrity"] == 7


def test_the_articles_un_mission_is_not_guaranteed(pack):
    # the article's plan is one reachable path, not a sure thing: Russia can veto the UN mission
    steps = ["third_way", "set_aside", ("referendum", 0), ("guarantees", 0)]
    reached = set()
    for draw in range(len(pack.scenes["mission"].choice("un_force").chance)):
        state, outcomes = play(pack, "us_envoy", steps + [("un_force", draw)], route="short")
        assert outcomes[-1].result_cite
        reached.add((state.ending, state.values["un_mission"]))
    assert ("settlement", True) in reached
    assert any(not mission and ending != "settlement" for ending, mission in reached)


# The UN seat's opening prisoner swap is the game's own example of the article's advice, not one of
# the article's recommendations (its note says so); everything the article itself recommends has a price.
_GAMES_OWN_EXAMPLES = {"small_steps"}


def test_every_option_the_article_recommends_carries_a_cost_or_a_risk(pack):
    """No recommendation of the article is free: some outcome makes a meter worse (by its definition),
    or a chance outcome fails to deliver what the others agree (a flag they set, the ceasefire)."""
    from summit_game.pack.playtest_file import read_playtest

    recommended = {p.choice for name, ln in read_playtest(pack).lines.items() if name.startswith("article_")
                   for p in ln.prefer}
    worse = re.compile(r"^\s*(\w+)\s*(\+=|-=)\s*\d+\s*$")
    free = []
    for scene in pack.scenes.values():
        for c in scene.choices:
            if c.id not in recommended or c.id in _GAMES_OWN_EXAMPLES:
                continue
            branches = [list(c.effects) + list(o.effects) for o in c.chance] if c.chance else [list(c.effects)]
            costly = False
            for effects in branches:
                for eff in effects:
                    m = worse.match(eff.source)
                    v = pack.variables[eff.target]
                    if m and v.kind == "meter" and (m.group(2) == "-=") == (v.good == "high"):
                        costly = True
            flags = [{e.target for e in b if pack.variables[e.target].kind == "flag"} for b in branches]
            if len(branches) > 1 and any(f != set().union(*flags) for f in flags):
                costly = True  # one draw leaves out what another delivers
            if not costly:
                free.append(f"{scene.id}.{c.id}")
    assert recommended - _GAMES_OWN_EXAMPLES
    assert not free, f"the article's options cost nothing here: {free}"


def test_what_the_narration_says_the_article_says_is_what_it_says(pack):
    """Where the game's narration reports the article, it keeps the article's own claim: NATO 'was used
    as a pretext' (not 'the pretext', and not the whole 'root causes' agenda), Russia 'might now see more
    value in a UN peacekeeping mission' (not one 'it would once have vetoed')."""
    body = " ".join(pack.sources["eir"].text.body.split())
    for phrase in ["was used as a pretext for Putin's invasion", "might now see more value in a UN peacekeeping mission"]:
        assert phrase in body
    def texts(scene):
        return [scene.text] + list((scene.role_text or {}).values())
    for text in texts(pack.scenes["nato"]):
        flat = " ".join(text.split())
        assert "was used as a pretext" in flat and "the pretext" not in flat
    for text in texts(pack.scenes["mission"]):
        flat = " ".join(text.split())
        assert "more value in a UN peacekeeping mission" in flat and "once have vetoed" not in flat
    # the 'root causes' reply cites the article's 'pretext', and says it is said of NATO alone
    pretext = pack.scenes["table"].choice("root_causes").chance[1].cite[0]
    assert "pretext" in pretext.quote and "NATO" in pretext.note and "language" in pretext.note
    # and every seat reads, at Into the corner, Kyiv's view of the threats as well as the article's
    corner = pack.endings["corner"]
    for role in pack.roles:
        for text in [corner.text_for(role)] + [v.text_for(role) for v in corner.variants]:
            flat = " ".join(text.split())
            assert "cornered" in flat and ("blackmail" in flat or "wants others to believe it" in flat), role


def test_no_seats_own_choice_is_free_for_that_seat(pack):
    """A choice only some seats have is never a sure gain for them: some outcome makes one of that
    seat's meters worse, as the seat reads it (Moscow's seat reads integrity and cohesion the other
    way). Europe's paying the bill, the UN's civilians-first mandate, Moscow's co-signed guarantee
    and its treaty once were; the UN's opening prisoner swap is the game's own small example."""
    worse = re.compile(r"^\s*(\w+)\s*(\+=|-=)\s*\d+\s*$")
    free = []
    for scene in pack.scenes.values():
        for c in scene.choices:
            if not c.roles or c.id in _GAMES_OWN_EXAMPLES:
                continue
            branches = [list(c.effects) + list(o.effects) for o in c.chance] if c.chance else [list(c.effects)]
            for role in c.roles:
                costly = gains = False
                for effects in branches:
                    for eff in effects:
                        m = worse.match(eff.source)
                        v = pack.variables[eff.target]
                        good = (v.good_for or {}).get(role, v.good)
                        if m and v.kind == "meter" and good in ("high", "low"):
                            if (m.group(2) == "-=") == (good == "high"):
                                costly = True
                            else:
                                gains = True
                if gains and not costly:
                    free.append(f"{scene.id}.{c.id} ({role})")
    assert not free, f"sure gains for the seat that has them: {free}"


def test_no_gamble_wins_on_every_draw(pack):
    """A choice with chance outcomes is a gamble for every seat that can take it: some draw leaves that
    seat no better off on its meters taken together (each step of 1 counted alike, as the seat reads the
    meter, and the flags its line names: ``_nets``). Moscow's offer of restraint once gained on both of its draws (+3 and +1 steps: escalation
    and harm down, then the West arguing or Kyiv's line steadying); a third draw, the pause lapsing amid
    accusations on both sides, now costs it two steps, and comes as often as the other two together."""
    sure = []
    for scene in pack.scenes.values():
        for c in scene.choices:
            if not c.chance:
                continue
            for role in c.roles or tuple(pack.roles):
                nets = [n for _, n in _nets(pack, c, role)]
                if min(nets) > 0:
                    sure.append(f"{scene.id}.{c.id} ({role}): {nets}")
    assert not sure, f"gambles that gain on every draw: {sure}"
    restraint = pack.scenes["victory"].choice("restraint")
    last = restraint.chance[-1]
    assert "the game's, not the article's" in last.cite[0].note and "accuses the other" in last.text


_STEP = re.compile(r"^\s*(\w+)\s*(\+=|-=)\s*(\d+)\s*$")
_SET = re.compile(r"^\s*(\w+)\s*=\s*(true|false)\s*$")

# The flags a seat's stated line (its briefing) asks for or refuses, each counted as one step when a choice sets
# it: the game's reading of those lines, written down here because the pack's flags carry no `good`. A flag a
# seat's line says nothing about counts nothing for it (the autonomy votes and the Crimea vote for every seat;
# the UN mission for all but the UN, whose line is supervision). These flags decide endings (a deal over their
# heads, the supervised settlement, the guarded ceasefire), so a count of meter steps alone misread two options:
# the two capitals' deal was +1 in two draws of three for Kyiv and London/Paris (the ceasefire nearer, the
# alignment down), though it is the deal over their heads their lines refuse; and the European force, which
# every draw agrees, was a gamble for the seats whose line it is, while counted with the flag it could not lose.
_FLAG_READINGS = {
    "recognised": {"ukraine_negotiator": -1, "european_adviser": -1, "un_mediator": -1,  # no recognition; borders
                   "kremlin_negotiator": 1},  # not changed by force; the Charter's territorial integrity / Crimea
    "bilateral": {"ukraine_negotiator": -1, "european_adviser": -1,  # no deal without Ukraine; Europe at the table
                  "us_envoy": 1, "kremlin_negotiator": 1},  # direct talks with Moscow; business with Washington
    "reassurance": {"european_adviser": 1, "ukraine_negotiator": 1, "us_envoy": 1,  # their force; guarantees that
                    "kremlin_negotiator": -1},  # mean something; Europe to provide the troops / no Western troops
    "un_mission": {"un_mediator": 1},  # a peacekeeping mission, if the Council mandates one
}


def _nets(pack, choice, role) -> list[tuple[int, int]]:
    """(weight, net) per draw of ``choice`` as ``role`` reads it: each meter step of 1 counted alike, up when the
    meter moves the way that seat calls better, down when it moves the other way, and each flag the seat's line
    asks for or refuses (``_FLAG_READINGS``) one step more. A choice without chance outcomes is one draw of
    weight 1."""
    draws = [(o.weight, list(choice.effects) + list(o.effects)) for o in choice.chance or []]
    draws = draws or [(1, list(choice.effects))]
    out = []
    for weight, effects in draws:
        net = 0
        for eff in effects:
            m = _STEP.match(eff.source)
            v = pack.variables[eff.target]
            good = (v.good_for or {}).get(role, v.good)
            if m and v.kind == "meter" and good in ("high", "low"):
                net += int(m.group(3)) * (1 if (m.group(2) == "+=") == (good == "high") else -1)
            f = _SET.match(eff.source)
            if f and v.kind == "flag":
                net += _FLAG_READINGS.get(eff.target, {}).get(role, 0) * (1 if f.group(2) == "true" else -1)
        out.append((weight, net))
    return out


def test_the_flags_a_seat_counts_are_the_packs_and_its_briefing_names_them(pack):
    """The flag readings are the game's reading of each seat's stated line, so each names a flag of the pack
    and a seat whose briefing speaks to it; and, counted, they change what the count says of the two options
    that misled it: the two capitals' deal is no gain for Kyiv or London/Paris in any draw, and the European
    force, agreed in every draw, can still cost the seats whose plan it is (Moscow refuses to sign: the
    ceasefire further away, the risk up), where it once could not lose (+2 or 0, the allies' cohesion up too)."""
    words = {"recognised": {"ukraine_negotiator": "no legal recognition", "european_adviser": "borders not changed by force",
                            "un_mediator": "territorial integrity", "kremlin_negotiator": "recognised as Russian"},
             "bilateral": {"ukraine_negotiator": "no deal about Ukraine made without Ukraine",
                           "european_adviser": "Europe at the table", "us_envoy": "direct talks with Moscow",
                           "kremlin_negotiator": "directly with Washington"},
             "reassurance": {"european_adviser": "reassurance force", "ukraine_negotiator": "security guarantees that mean",
                             "us_envoy": "together with Europe", "kremlin_negotiator": "no Western troops"},
             "un_mission": {"un_mediator": "peacekeeping mission"}}
    assert {f: set(r) for f, r in _FLAG_READINGS.items()} == {f: set(r) for f, r in words.items()}
    for flag, readings in _FLAG_READINGS.items():
        assert pack.variables[flag].kind == "flag", flag
        for role in readings:
            assert words[flag][role] in _flat(pack.roles[role].briefing), (flag, role)
    two = pack.scenes["bilateral"].choice("two_capitals")
    for role in ("ukraine_negotiator", "european_adviser"):
        assert max(n for _, n in _nets(pack, two, role)) <= 0, role
    force = pack.scenes["mission"].choice("europe_force")
    assert all("reassurance = true" in {e.source for e in o.effects} for o in force.chance)
    for role in force.roles:
        assert [n for _, n in _nets(pack, force, role)] == [2, -1], role


def _mean(nets) -> Fraction:
    return Fraction(sum(w * n for w, n in nets), sum(w for w, _ in nets))


def test_from_moscows_seat_no_option_is_a_sure_gain_on_its_meters_taken_together(pack):
    """Moscow's seat reads Western cohesion and the map the other way, so any fall in cohesion counts for
    it: an option it shares with the other seats whose worse draw for the West is the allies quarrelling
    is, from Moscow's chair, one that cannot lose. The warm tone, setting trust aside, the Sevastopol
    lease, the monitors and the two-capital deal were (+2 or 0: the West divides, or it unites and the
    ceasefire still comes closer), and so were three of the seat's own demands: sanctions lifted, no
    Western arms, a new security treaty (the West argues; or the demand fails, and the West's argument
    still counts for Moscow). Now every option that can gain Moscow something has a draw that leaves it
    worse off on its meters taken together: the allies close ranks and the talks stall, a second round
    comes to nothing while the strikes go on, or Moscow answers the allies' one voice with talk of war."""
    role = "kremlin_negotiator"
    sure = []
    for scene in pack.scenes.values():
        for c in scene.choices:
            if c.roles is not None and role not in c.roles:
                continue
            nets = [n for _, n in _nets(pack, c, role)]
            if max(nets) > 0 and min(nets) >= 0:
                sure.append(f"{scene.id}.{c.id}{'' if c.roles else ' (shared)'}: {nets}")
    assert not sure, f"options Moscow cannot lose by: {sure}"


def test_no_gamble_only_one_seat_has_only_decides_how_much_it_gains(pack):
    """A chance choice that only one seat has is a real gamble for it: some draw leaves it worse off on its
    meters taken together. London's and Paris's Council draft (+3, or 0 when vetoed: the allies 'at least
    drafted it together'), Europe's pledge to pay (+2 or 0), the UN's civilians-first mandate (+2 or 0:
    'both sides promise, for now, to spare the power stations') and Kyiv's army that deters (+1 or 0) once
    could not lose; the draw decided only how much they gained."""
    sure = []
    for scene in pack.scenes.values():
        for c in scene.choices:
            if not c.chance or not c.roles or len(c.roles) != 1:
                continue
            nets = [n for _, n in _nets(pack, c, c.roles[0])]
            if max(nets) > 0 and min(nets) >= 0:
                sure.append(f"{scene.id}.{c.id} ({c.roles[0]}): {nets}")
    assert not sure, f"gambles of one seat's own that cannot lose: {sure}"


def test_moscows_restraint_gains_it_no_more_on_average_than_its_lines_grind(pack):
    """How much victory?, from Moscow's seat: the threats (a sure step down), the grind of its own line (0)
    and the offer of restraint. Restraint once averaged +1 step, the grind 0: a student weighing the
    seat's answers found one that was better on average and a gamble only in name. Now it averages no
    more than the grind, and stays a gamble: the West arguing (+3), Kyiv's line steadying (+1), the pause
    lapsing, as March's did (-2, as likely as the other two together)."""
    role = "kremlin_negotiator"
    victory = pack.scenes["victory"]
    restraint = _nets(pack, victory.choice("restraint"), role)
    grind = _nets(pack, victory.choice("grind"), role)
    assert _mean(restraint) <= _mean(grind) == 0, (restraint, grind)
    assert min(n for _, n in restraint) < 0 < max(n for _, n in restraint)
    assert [n for _, n in restraint] == [3, 1, -2] and [w for w, _ in restraint] == [1, 1, 2]
    assert _mean(_nets(pack, victory.choice("nuclear_signal"), role)) < 0


def test_every_seat_has_a_real_gamble_and_an_option_that_can_cost_it(pack):
    """A room argues when each chair has something to weigh: for every seat, at least one choice it can take
    is a real gamble (one draw leaves it better off on its meters taken together, another worse) and at
    least one can cost it (some draw leaves it worse off). Counted over each seat's own choices and the
    ones it shares, as that seat reads its meters."""
    for role in pack.roles:
        gambles, costly = [], []
        for scene in pack.scenes.values():
            for c in scene.choices:
                if c.roles is not None and role not in c.roles:
                    continue
                nets = [n for _, n in _nets(pack, c, role)]
                if min(nets) < 0 < max(nets):
                    gambles.append(c.id)
                if min(nets) < 0:
                    costly.append(c.id)
        assert gambles and costly, (role, gambles, costly)




# Concessions the game makes certain on purpose: one consequence, no draw, a small sure step in exchange for
# what the seat gives up (sanctions relief before Moscow stops; NATO ruled out for nothing; Washington's air
# power withheld; Palmerston's line turned on London). Their price is in the seat's stated line, not in a meter.
_CERTAIN_CONCESSIONS = {"relief", "drop_nato", "no_air_power", "palmerston"}


def test_every_option_a_seat_can_gain_by_can_also_cost_it(pack):
    """From every seat, every option it can take that can leave it better off on its meters taken together
    can also leave it worse off: a choice that cannot lose is not a decision. The Western seats' shared
    options once could not lose for them: verifying everything (+1 or 0), setting trust aside (0 or +1), the
    Sevastopol lease (0 or +1), guarantees outside NATO (+2 or 0), unarmed monitors (0 or +1) and a seat for
    Russia in Europe (0 or +2): the worse outcome only took back what the option gave. Each now has an
    outcome that costs the seat a step, on cohesion, alignment, harm or the map: not on the ceasefire meter
    that Kyiv's and Europe's lines turn on, so their endings stay as they were (docs/balance.md)."""
    sure = []
    for role in pack.roles:
        for scene in pack.scenes.values():
            for c in scene.choices:
                if c.roles is not None and role not in c.roles:
                    continue
                if c.id in _CERTAIN_CONCESSIONS | _GAMES_OWN_EXAMPLES:
                    assert not c.chance, c.id  # certain by design, so no draw to speak of
                    continue
                nets = [n for _, n in _nets(pack, c, role)]
                if max(nets) > 0 and min(nets) >= 0:
                    sure.append(f"{scene.id}.{c.id} ({role}): {nets}")
    assert not sure, f"options a seat cannot lose by: {sure}"
    note = " ".join((ROOT / "docs" / "teachers" / "anchorage.md").read_text(encoding="utf-8").split())
    assert ("Four concessions are left certain on purpose, one consequence and no draw: staged sanctions relief, "
            "ruling NATO out for nothing, Washington keeping its air power out, and London quoting Palmerston") in note
    assert len(_CERTAIN_CONCESSIONS) == 4
    # the six, and how each costs the Western seats: a third outcome, as likely as the allies uniting
    for scene, cid, costs in [("table", "verify", {"ceasefire -= 1", "alignment += 1"}),
                              ("table", "incentives", {"ceasefire -= 1", "cohesion -= 1"}),
                              ("crimea", "lease", {"cohesion -= 1", "integrity -= 1"}),
                              ("nato", "guarantees", {"alignment += 1", "cohesion -= 1"}),
                              ("mission", "monitors", {"harm += 1", "cohesion -= 1"}),
                              ("europe", "include_russia", {"cohesion -= 1"})]:
        c = pack.scenes[scene].choice(cid)
        assert any({e.source for e in o.effects} == costs for o in c.chance), (cid, costs)
        for role in ("us_envoy", "ukraine_negotiator", "european_adviser", "un_mediator"):
            assert min(n for _, n in _nets(pack, c, role)) == -1, (cid, role)
def test_no_role_is_offered_a_lever_over_itself_or_money_it_lacks(pack):
    path = [("incentives", 0), "third_way", "calibrate", "hold", "set_aside", ("referendum", 0), ("lease", 0),
            ("guarantees", 0)]
    state, _ = play(pack, "ukraine_negotiator", path)
    assert state.scene == "support"
    ids = [o.id for o in E.options(pack, state)]
    assert "conditional" not in ids and "arm_to_deter" in ids
    state, _ = play(pack, "un_mediator", path)
    ids = [o.id for o in E.options(pack, state)]
    assert "conditional" not in ids and "europe_pays" not in ids
    # the UN mediator can press for funds, and is told the UN convenes rather than pays
    _, out = E.choose(pack, state, "fund")
    assert "no money of its own" in out.text
    state, _ = play(pack, "kremlin_negotiator", [("incentives", 0), "third_way", "grind", "ride_out", "set_aside",
                                                 ("referendum", 0), ("lease", 0), "russia_guarantor"])
    ids = [o.id for o in E.options(pack, state)]
    assert "fund" not in ids and "no_arms" in ids


def test_the_un_seat_reads_its_own_standing_on_arms_sanctions_and_nato(pack):
    """The UN has no weapons, no sanctions and no say in NATO: where its seat may take a choice about
    them, the consequence it reads says what the UN itself does (it reminds, proposes, does not stand
    in the way), not the West's action as if it were the UN's."""
    for scene_id, cid in [("battlefield", "fight_on"), ("victory", "decisive"), ("victory", "long_war"),
                          ("sanctions", "tighten"), ("sanctions", "relief"), ("nato", "insist_nato")]:
        c = pack.scenes[scene_id].choice(cid)
        assert "un_mediator" in c.roles, cid
        assert "un_mediator" in (c.role_text or {}), cid
        text = " ".join(c.role_text["un_mediator"].split())
        assert re.search(r"\bUN\b|\byou\b", text, re.I), cid


def test_the_kremlin_seat_offering_the_articles_crimea_options_reads_its_own_offer(pack):
    """Moscow's seat proposing the Crimea vote or the lease is not told it proposed a vote 'within
    Ukraine' after 'eleven years of occupation', nor that its own diplomats reject its own offer."""
    for cid in ["crimea_vote", "lease"]:
        c = pack.scenes["crimea"].choice(cid)
        assert c.roles is None or "kremlin_negotiator" in c.roles
        text = " ".join((c.role_text or {}).get("kremlin_negotiator", c.text).split())
        assert not re.search(r"years of occupation|its diplomats say", text), cid
        assert text.startswith("You "), cid


def test_a_seat_proposing_a_vote_its_capital_may_refuse_is_told_so_first(pack):
    """When Kyiv's or Moscow's negotiator proposes a supervised vote and a chance outcome has that
    capital say no ('Moscow says the question was settled in 2022'), the seat's own text has already
    set its negotiator apart from its capital, so the refusal does not read as the seat contradicting
    itself."""
    for scene_id, cid in [("referendum", "referendum"), ("crimea", "crimea_vote")]:
        c = pack.scenes[scene_id].choice(cid)
        for role, capital in [("ukraine_negotiator", "Kyiv"), ("kremlin_negotiator", "Moscow")]:
            if not any(f"{capital} says" in o.text for o in c.chance):
                continue
            own = " ".join((c.role_text or {}).get(role, "").split())
            assert re.search(r"your own (capital|parliament)", own), (cid, role)


def test_the_icebreakers_last_decision_promises_no_later_rounds(pack):
    """The peace mission is the icebreaker's fifth and last decision: none of its outcomes may say the
    rounds to come will settle something (the European force's refusal once did)."""
    for c in pack.scenes["mission"].choices:
        for text in [c.text or ""] + list((c.role_text or {}).values()) + [o.text or "" for o in c.chance or []]:
            assert not re.search(r"rounds? (still )?to come|next round|later rounds", " ".join(text.split())), c.id


def test_the_land_swap_is_kyivs_to_accept(pack):
    """Only Kyiv's negotiator can accept the swap outright; other seats can press Kyiv, which may refuse."""
    swap = pack.scenes["land_swap"]
    assert swap.choice("accept_swap").roles == ("ukraine_negotiator",)
    press = swap.choice("press_swap")
    assert "ukraine_negotiator" not in press.roles and len(press.chance) == 2
    outcomes = {o.goto for o in press.chance}
    assert outcomes == {"crimea", None}  # refused: the talks go on to the referendum


def test_a_chance_outcome_follows_its_choice_after_one_blank_line(pack):
    state = E.start(pack, "kremlin_negotiator", 0)
    for step in ["rapport", "cede", "nuclear_signal"]:
        state, _ = E.choose(pack, state, step)
    _, out = E.choose(pack, state, "demand_relief", draw=1)
    first, second = out.text.split("\n\n")
    assert first.endswith("in front of you.") and second.startswith("Europe will not lift")


def test_chance_outcomes_all_occur_and_are_cited(pack):
    """Fight on's three outcomes: slow deliveries and land lost, a fast package, slow deliveries and a
    line that holds."""
    draws = set()
    for seed in range(60):
        st = E.start(pack, "european_adviser", seed)
        st, _ = E.choose(pack, st, "incentives")
        _, out = E.choose(pack, st, "fight_on")
        draws.add(out.draw)
        assert out.result_cite
    assert draws == {0, 1, 2}


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
    steps = ["third_way", "set_aside", ("referendum", 0), ("guarantees", 0), ("un_force", 0)]
    state, outcomes = play(pack, "un_mediator", steps, route="short")
    assert state.ending == "settlement"
    assert [o.scene for o in outcomes] == ["battlefield", "land_swap", "referendum", "nato", "mission"]
    # the swap taken instead: four decisions, and the land is gone
    state, _ = play(pack, "us_envoy", [("cede", 0), ("press_swap", 0), "drop_nato", ("monitors", 0)], route="short")
    assert state.ending == "partition" and len(state.history) == 4
    assert state.values["recognised"] is True


def _decision_counts(pack, role, route):
    """Every number of decisions a game of this seat and route can take. No choice here has a condition
    and the auto routes read only the route (both asserted), so where a game goes from a scene does not
    depend on the meters: one walk per scene covers every path."""
    memo = {}

    def counts(state):
        if state.finished:
            return {0}
        if state.scene not in memo:
            scene = pack.scenes[state.scene]
            assert all(cond is None or cond.reads <= {"route"} for cond, _ in scene.auto), scene.id
            found = set()
            for o in E.options(pack, state):
                c = scene.choice(o.id)
                assert o.available and c.cond is None, f"{scene.id}.{o.id}"
                for d in range(len(c.chance)) if c.chance else [None]:
                    found |= {n + 1 for n in counts(E.advance(pack, state, o.id, draw=d).state)}
            memo[state.scene] = found
        return memo[state.scene]

    return counts(E.start(pack, role, 0, route))


_NUMBERS = {"four": 4, "five": 5, "eleven": 11, "twelve": 12}


@pytest.mark.parametrize("route", ["full", "short"])
def test_each_routes_summary_states_the_decisions_every_path_takes(pack, route):
    """A route's summary says how many decisions a game takes, and it is true of every path from every
    seat: conceding the east at the land swap skips the referendum, one decision fewer (the icebreaker
    once promised 'Five decisions' to games that had four)."""
    taken = set().union(*(_decision_counts(pack, role, route) for role in pack.roles))
    summary = pack.routes[route].summary
    m = re.match(r"(?:.*: )?(\w+) or (\w+) decisions\b", summary, re.I)
    assert m, summary
    stated = {int(w) if w.isdigit() else _NUMBERS[w.lower()] for w in m.groups()}
    assert stated == taken, (summary, sorted(taken))
    assert taken == ({11, 12} if route == "full" else {4, 5})


# ------------------------------------------------------------------ cuts keep their meaning

_QUALIFIER_AFTER = re.compile(r"^[\s,;:—–-]*(but|and this does not|as long as|if|unless|although|though)\b", re.I)
_QUALIFIER_BEFORE = re.compile(r"^\s*(Although|As long as|If|Unless|While|Despite)\b")


def _cite_groups(pack):
    """Citations shown together: a scene's, each choice's (at the choice, with its outcomes), each ending's."""
    for scene in pack.scenes.values():
        yield f"scene {scene.id}", list(scene.cite)
        for c in scene.choices:
            yield f"choice {scene.id}.{c.id}", list(c.cite) + list(c.result_cite) + [q for o in c.chance or [] for q in o.cite]
    for e in pack.endings.values():
        yield f"ending {e.id}", list(e.cite)


def _words(text):
    return re.findall(r"[a-z']+", _fold(text))


def test_no_cut_drops_the_condition_or_hedge_of_its_sentence(pack):
    """A quote cut just before a 'but', 'as long as', 'and this does not...' (or after an 'Although...')
    keeps the dropped clause in view: the same choice cites the whole sentence, or the note gives it."""
    problems = []
    for where, group in _cite_groups(pack):
        for q in group:
            body = pack.sources[q.source].text.body
            p_start, p_end = pack.sources[q.source].text.paragraphs[q.paragraph - 1]
            s_start = max(body.rfind(". ", p_start, q.start) + 2, p_start) if body.rfind(". ", p_start, q.start) >= 0 else p_start
            s_end = body.find(". ", q.end, p_end)
            s_end = p_end if s_end < 0 else s_end
            ends_sentence = body[q.end - 1:q.end] in ".?!" or body[q.end:q.end + 1] in (".", "")
            after = "" if ends_sentence else body[q.end:s_end]
            before = body[s_start:q.start]
            dropped = after if _QUALIFIER_AFTER.match(after) else (before if _QUALIFIER_BEFORE.match(before) else "")
            if not dropped.strip(" ,."):
                continue
            d_start = q.end if dropped is after else s_start
            d_end = d_start + len(dropped.rstrip(" .,"))
            whole = any(o.start <= min(q.start, d_start) and o.end >= max(q.end, d_end) for o in group)
            dw = _words(dropped)
            note = " ".join(_words(q.note or ""))
            restored = any(" ".join(dw[i:i + 3]) in note for i in range(max(len(dw) - 2, 1)))
            if not (whole or restored):
                problems.append(f"{where}: '{q.quote}' drops '{dropped.strip()}'")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ the game's voice, said once


def _line_numbers(pack, line_name, seed=0):
    """The plain-mode numbers that play a named line of play (playtest.yaml), first option elsewhere."""
    from summit_game.pack.playtest_file import read_playtest

    prefer = [p.choice for p in read_playtest(pack).lines[line_name].prefer]
    role = read_playtest(pack).lines[line_name].role
    state, numbers = E.start(pack, role, seed), []
    while E.current_scene(pack, state) is not None:
        available = [o for o in E.options(pack, state) if o.available]
        pick = next((o for p in prefer for o in available if o.id == p), available[0])
        numbers.append(str(pick.number))
        state, _ = E.choose(pack, state, pick.id)
    return role, numbers


@pytest.mark.parametrize("line_name", ["washington", "kyiv", "coalition", "moscow", "un"])
def test_plain_mode_says_the_games_model_once_per_consequence_and_ending(pack, tmp_path, line_name):
    """Each seat's line in plain mode: every consequence and the ending are headed as the game's model,
    and nothing under that heading says it again (the pack's text once did, 57 times)."""
    import io

    from summit_game.plain import Plain

    role, numbers = _line_numbers(pack, line_name)
    out = io.StringIO()
    Plain(pack, out, io.StringIO("".join(f"{n}\n" for n in numbers)), tmp_path).run(role, "full", 0)
    text = out.getvalue()
    assert text.count("What followed, in the game's model:") == len(numbers)
    game_part = text.split("\nDebrief\n")[0]
    blocks = game_part.split("What followed, in the game's model:")[1:]
    for block in blocks:
        consequence = block.split("\nDecision ")[0].split("\nEnding: ")[0]
        assert "game's model" not in consequence, consequence
    ending = game_part.split("\nEnding: ")[1]
    assert ending.count("game's model") == 1 and "The game's model, how it ends:" in ending
    debrief = text.split("\nDebrief\n")[1]
    for para in debrief.split("\n\n"):
        assert " ".join(para.split()).count("game's model") <= 1, para


def test_no_ending_says_it_is_the_games_model_under_the_heading_that_says_so(pack):
    """Plain mode heads every ending 'The game's model, how it ends:' and the play screen labels it too, so
    no ending's text, variant or seat's text says it again; the supervised settlement with a European
    force once did ('The game's model says it holds for now'), to every seat. The plain-mode test above
    sees only the endings its lines reach with seed 0; this one reads them all."""
    said = []
    for ending in pack.endings.values():
        for role in pack.roles:
            for i, text in enumerate([ending.text_for(role)] + [v.text_for(role) for v in ending.variants]):
                if "game's model" in " ".join(text.split()):
                    said.append(f"{ending.id} ({role}, {'variant ' + str(i) if i else 'text'})")
    assert not said, said


# What each seat reads in the game's voice does not take a side: one test per scene or ending, so a failure
# names where. Each holds a text a content commit once mended to the wording it has now.


def _flat(text: str) -> str:
    return " ".join(text.split())


def _seat_text(node, role: str) -> str:
    return _flat((node.role_text or {}).get(role, node.text))


def test_the_games_voice_takes_no_side_at_the_table(pack):
    """Moscow's seat, asked what it would gain from silent guns, reads its capital's stated terms, not a
    jibe in the game's voice ('yours is the longest list')."""
    incentives = _flat(pack.scenes["table"].choice("incentives").role_text["kremlin_negotiator"])
    assert "longest" not in incentives and "yours sets out Moscow's stated terms" in incentives


def test_the_games_voice_takes_no_side_at_how_much_victory(pack):
    """Arming Ukraine for a decisive victory gives the escalation argument to the article, beside Kyiv's
    answer from the article's own record of red lines crossed; the game's voice once stated it as a law ('The
    closer Russia comes to defeat, the higher the escalation risk') to every seat that can take the choice.
    Calibrating is the article's balance and its backers' point, with its critics' answer beside it, not
    'Neither side is about to win, which is the point'. The Kremlin's briefing gives the article's judgement
    (that Ukraine cannot win without more Western help) to the article, not to 'their hawks'."""
    victory = pack.scenes["victory"]
    decisive = victory.choice("decisive")
    for role in decisive.roles:
        flat = _seat_text(decisive, role)
        assert "the higher the escalation risk" not in flat, role
        assert "The article warns against cornering" in flat and "Kyiv answers that Western aid has crossed" in flat, role
    assert any("red lines" in q.quote for q in decisive.result_cite)
    calibrate = _flat(victory.choice("calibrate").text)
    assert "which is the point" not in calibrate and "which its backers call the point" in calibrate
    assert "Its critics answer" in calibrate
    briefing = _flat(victory.role_text["kremlin_negotiator"])
    assert "hawks" not in briefing and "The article judges that Ukraine cannot drive your army out" in briefing


def test_the_games_voice_takes_no_side_at_the_sanctions_question(pack):
    """Tightening: the drift to Beijing is the article's warning with the sanctions' defenders' answer beside
    it, not 'Pressure that does not compel pushes Russia towards China' stated as a law in the game's voice."""
    beijing = pack.scenes["sanctions"].choice("tighten").chance[0]
    flat = _flat(beijing.text)
    assert "Pressure that does not compel" not in flat
    assert "The article warns that a confrontational stance risks" in flat and "sanctions' defenders answer" in flat
    assert any("pushing Russia and China nearer" in q.quote for q in beijing.cite)


def test_the_games_voice_takes_no_side_at_the_land_swap(pack):
    """The Kremlin's land-swap briefing says 'land your troops hold', the article's 'held by Russian
    troops', not 'occupied land' in the game's voice."""
    swap = _flat(pack.scenes["land_swap"].role_text["kremlin_negotiator"])
    assert "occupied" not in swap and "other land your troops hold" in swap


def test_the_games_voice_takes_no_side_at_the_referendum(pack):
    """What Moscow says of a new vote, not a motive the game's voice gave it ('and fears a vote it might
    lose', read by the four seats that are not Moscow's). Moscow's own briefing, which gives its seat that
    reason, says whose it is: the article does not say a new vote could be lost (it once read 'a new vote,
    besides, could be lost' among the capital's stated position, unlabelled)."""
    referendum = pack.scenes["referendum"]
    for role in pack.roles:
        flat = _seat_text(referendum, role)
        assert "a vote it might lose" not in flat, role
        assert role == "kremlin_negotiator" or "settled the matter, and that nothing is left to vote on" in flat, role
    body = _flat(pack.sources["eir"].text.body)
    assert not re.search(r"\b(lose|lost|losing)\b", body)
    moscow = _seat_text(referendum, "kremlin_negotiator")
    assert "besides, could be lost" not in moscow
    assert "The game adds a reason Moscow does not state: a new vote, run by others, could be lost." in moscow


def test_the_games_voice_takes_no_side_at_the_nato_door(pack):
    """The NATO door gives Moscow its stated line (no membership, neutrality in the treaty), not the game's
    'the word NATO anywhere in a text is a reason to walk out', which four seats read and which its own
    guarantees outcome ('Moscow objects ..., but stays at the table') contradicted."""
    nato = pack.scenes["nato"]
    for role in pack.roles:
        flat = _seat_text(nato, role)
        assert "walk out" not in flat, role
        assert role == "kremlin_negotiator" or "Moscow's stated line rules out membership" in flat, role


def test_the_games_voice_takes_no_side_at_into_the_corner(pack):
    """The corner ending, read from the other seats, gives Moscow's reading of its threats beside Kyiv's
    ('blackmail'), not Kyiv's alone."""
    corner = pack.endings["corner"]
    for text in [corner.text] + [v.text for v in corner.variants]:
        flat = _flat(text)
        assert "Kyiv and its allies call the threats blackmail" in flat, flat
        assert "Moscow calls them warnings that the West's own steps made necessary" in flat, flat


def test_the_games_voice_takes_no_side_at_a_supervised_settlement(pack):
    """The article's hope of a path to a just peace stays a hope, beside Kyiv's fear of the votes, for the
    seats that once read 'It is a path towards one' in the game's voice."""
    settlement = pack.endings["settlement"]
    for role in pack.roles:
        for text in [settlement.text_for(role)] + [v.text_for(role) for v in settlement.variants]:
            flat = _flat(text)
            assert "It is a path towards one" not in flat, role
            assert role == "kremlin_negotiator" or "Kyiv fears the votes" in flat, role


def test_a_mandate_that_names_no_aggressor_is_labelled_the_games_assumption(pack):
    """The article says Russia would shape a UN mission's mandate, and nothing of what a mandate would
    call the war. Where an outcome says the mandate names no aggressor (or no enemy), that is the game's
    assumption, and the outcome's quotation says so in its note; once it sat unlabelled under the
    article's sentence on Russia's influence, as if the article said it."""
    body = " ".join(pack.sources["eir"].text.body.split())
    phrases = re.compile(r"names no (aggressor|enemy)")
    assert not phrases.search(body) and "aggressor" not in body
    labelled = []
    for scene in pack.scenes.values():
        for c in scene.choices:
            for i, o in enumerate(c.chance or []):
                if phrases.search(" ".join((o.text or "").split())):
                    notes = " ".join(q.note or "" for q in o.cite)
                    assert "the game's assumption" in notes, f"{scene.id}.{c.id} outcome {i + 1}"
                    labelled.append(f"{scene.id}.{c.id}")
            for text in [c.text or ""] + list((c.role_text or {}).values()):
                assert not phrases.search(" ".join(text.split())), f"{scene.id}.{c.id}: say it in an outcome, with its note"
    assert sorted(labelled) == ["mission.accept_un", "mission.civilians_first", "mission.civilians_first"]


def test_what_the_game_says_the_article_judges_keeps_the_articles_hedges(pack):
    """Read from every seat, the game's summaries of the article's judgements say no more than the article:
    sanctions have 'not compelled Putin to end the war' (the game said the article 'doubts it will matter',
    though the article grants the strain); Ukraine needs 'ongoing, increased' help, and even aid grown 'in speed
    and scale' leaves a Russian defeat unlikely (the game said 'more, and faster', which the article does not);
    the confrontation it warns of 'risks' drawing Russia and China together, 'increasing the chance' (the
    game's ending said it 'draws' them together); and 'tense but at least peaceful' is said of Crimea (the
    frozen conflict said the article 'hopes for arrangements that are tense but peaceful')."""
    source = _flat(next((PACK / "sources").glob("*.md")).read_text(encoding="utf-8"))
    texts = []
    for role in pack.roles:
        for sid in ("victory", "sanctions"):
            texts.append((sid, role, _flat(pack.scenes[sid].text_for(role))))
        for eid in ("cold_peace", "frozen"):
            e = pack.endings[eid]
            texts += [(eid, role, _flat(t)) for t in [e.text_for(role)] + [v.text_for(role) for v in e.variants]]
    for where, role, text in texts:
        for overstated in ("doubts it will matter", "more, and faster", "hopes for arrangements",
                           "stance draws Russia and China", "and draws Russia and China"):
            assert overstated not in text, (where, role, overstated)
        if where == "sanctions":
            assert "has not compelled Putin to end the war" in text, role
        if where == "victory":
            assert "ongoing, increased Western help" in text and "speed and scale" in text, role
        if where == "frozen":
            assert "For Crimea, the article would settle for tense but at least peaceful" in text, role
        if where == "cold_peace":
            assert "risks" in text, role
    assert "tense but at least peaceful" in source and "Crimea's status should not be a major concern" in source
    assert "have not compelled Putin to end the war" in source and "ongoing, increased Western support" in source
    tighten = pack.scenes["sanctions"].choice("tighten").cite[0]
    assert "compelled" in tighten.quote and "doubts" not in tighten.note


def test_the_un_seat_asking_to_verify_everything_reads_what_the_un_does(pack):
    """'Heed Starmer: never trust Putin, verify everything' is offered to the UN's seat too; its consequence
    said 'The allies close ranks', as if the UN were one of them. The UN's seat now reads what its office
    proposes (checks by UN staff), and the allies closing ranks behind it."""
    verify = pack.scenes["table"].choice("verify")
    text = _flat(verify.role_text["un_mediator"])
    assert "UN staff" in text and "The allies close ranks behind the hard line" in text
