"""The Anchorage teacher's kit: current with the pack, complete, and honest about the model's odds."""

from __future__ import annotations

import importlib.util
import re
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from summit_game.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "docs" / "teachers"


@pytest.fixture(scope="module")
def pack():
    return load_pack(ROOT / "scenes" / "anchorage")


@pytest.fixture(scope="module")
def make_kit():
    spec = importlib.util.spec_from_file_location("make_kit", KIT / "make_kit.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_generated_parts_are_current(pack, make_kit):
    for name, make in make_kit.FILES.items():
        assert (KIT / name).read_text(encoding="utf-8") == make(pack), (
            f"docs/teachers/{name} is stale: run python docs/teachers/make_kit.py")


def test_role_cards_cover_every_seat_with_its_own_choices(pack):
    cards = (KIT / "role-cards.md").read_text(encoding="utf-8")
    assert cards.count('page-break-after') == len(pack.roles) - 1
    for role in pack.roles.values():
        assert f"## {role.title}" in cards
    assert "Demand all of Donetsk and Luhansk" in cards  # a choice only the Kremlin's seat has
    kremlin = cards.split("## Kremlin negotiator")[1]
    assert "Ukraine's territorial integrity: lower is better for your side" in kremlin


def test_endings_list_every_ending_with_its_condition(pack):
    text = (KIT / "endings.md").read_text(encoding="utf-8")
    for n, e in enumerate(pack.endings.values(), 1):
        assert f"## {n}. {e.title}" in text
        if e.cond is not None:
            assert e.cond.text in text


def test_the_kit_is_complete_and_linked():
    readme = (KIT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)]+\.md)\)", readme):
        assert (KIT / target).resolve().exists(), target
    glossary = (KIT / "glossary.md").read_text(encoding="utf-8")
    for term in ["Binary", "Calibrate", "Transactional", "Mandate", "Coalition of the willing", "Veto"]:
        assert f"**{term}.**" in glossary, term
    reading = (KIT / "reading.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^- ", reading, re.M)) >= 8
    note = (KIT / "anchorage.md").read_text(encoding="utf-8")
    assert "This scenario knows only the article of 18 August 2025." in note


def _odds(pack, scene, choice, outcome):
    c = pack.scenes[scene].choice(choice)
    total = sum(o.weight for o in c.chance)
    return Fraction(c.chance[outcome].weight, total)


def test_the_teachers_note_states_the_models_odds_as_they_are(pack):
    """The odds the note gives teachers are the pack's chance weights."""
    note = (KIT / "anchorage.md").read_text(encoding="utf-8")
    assert 1 - _odds(pack, "mission", "un_force", 2) == Fraction(3, 4) and "3 in 4 for the article's proposal" in note
    assert _odds(pack, "mission", "europe_force", 0) == Fraction(1, 2)
    assert _odds(pack, "land_swap", "freeze_line", 0) == Fraction(1, 2)
    assert _odds(pack, "land_swap", "press_swap", 0) == Fraction(1, 2)
    assert _odds(pack, "sanctions", "tighten", 1) == Fraction(1, 3)
    assert _odds(pack, "referendum", "referendum", 0) == Fraction(2, 3)
    assert _odds(pack, "crimea", "crimea_vote", 0) == Fraction(1, 2)
    assert _odds(pack, "battlefield", "fight_on", 1) == Fraction(1, 3)
    assert 1 - _odds(pack, "mission", "council_seats", 1) == Fraction(2, 3)
    assert 1 - _odds(pack, "mission", "civilians_first", 1) == Fraction(3, 4)
    assert _odds(pack, "mission", "accept_un", 0) == Fraction(2, 3)
    assert _odds(pack, "victory", "restraint", 0) == Fraction(1, 4) and "pause on strikes at power plants" in note
    assert _odds(pack, "victory", "restraint", 1) == Fraction(1, 4) and "1 in 4 that Kyiv steadies its line" in note
    assert _odds(pack, "victory", "restraint", 2) == Fraction(1, 2) and "1 in 2 that it lapses" in note
    assert _odds(pack, "bilateral", "two_capitals", 0) == Fraction(2, 3) and "deal two capitals made" in note
    assert _odds(pack, "nato", "russia_guarantor", 0) == Fraction(1, 2) and "Russia co-signs | 1 in 2" in note
    assert _odds(pack, "support", "europe_pays", 0) == Fraction(2, 3) and "carry most of the cost | 2 in 3" in note
    assert _odds(pack, "europe", "new_treaty", 0) == Fraction(1, 2) and "uniting them against it) | 1 in 2" in note
    # the options Moscow's seat shares with the others, each with an outcome that goes against Moscow
    assert _odds(pack, "table", "rapport", 0) == Fraction(2, 3) and "(rather than coming to nothing) | 2 in 3" in note
    # and the options the Western seats share, each with a third outcome that costs them
    for scene, choice, words in [("table", "incentives", "or Moscow banking the offer) | 1 in 2 (1 in 4 united; 1 in 4"),
                                 ("crimea", "lease", "first instalment) | 1 in 2 (1 in 4 together; 1 in 4"),
                                 ("mission", "monitors", "the strikes going on, recorded) | 1 in 2 (1 in 4 united; 1 in 4"),
                                 ("europe", "include_russia", "a say over NATO) | 1 in 2 (1 in 4 together; 1 in 4")]:
        c = pack.scenes[scene].choice(choice)
        assert [o.weight for o in c.chance] == [2, 1, 1] and words in note, choice
        assert _odds(pack, scene, choice, 0) == Fraction(1, 2), choice
    assert [o.weight for o in pack.scenes["nato"].choice("guarantees").chance] == [2, 1, 1]
    assert "NATO by another name) | 1 in 2 (1 in 4 vague; 1 in 4 that Moscow answers them in Beijing)" in note
    assert _odds(pack, "table", "verify", 1) == Fraction(1, 2) and "its foreign minister off to Beijing) | 1 in 2" in note
    # Kyiv's parliament lets an offer of land stand as often as it gives way when pressed to take the swap
    assert _odds(pack, "battlefield", "cede", 0) == Fraction(1, 2) and "the allies behind it) | 1 in 2" in note
