"""What the pack format gives fairness (issue 8): who speaks, role- and state-aware text,
per-role meter direction, clamped effects said out loud, hidden verdicts, the date line.

Each feature is tried on a small pack of its own, in every front end that shows it: the
engine's Outcome, plain mode, the Markdown debrief and the TUI (Pilot).
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from summit_game import engine as E
from summit_game.engine import debrief
from summit_game.pack import PackError, load_pack
from summit_game.pack.attribution import quote_label, split
from summit_game.plain import Plain

SOURCE = """\
---
title: ignored front matter
---

The minister told reporters "never trust them, not for a minute" after the talks.

Our view is that trust must be earned, and that a “guarantee on paper” is worth little without enforcement.

A ceasefire is a beginning, not an end.
"""

PACK = """\
id: fair
title: Fairness test
version: "1"
as_of: "This scenario knows only the op-ed of 1 May 2025."
start: talks
sources:
  - id: oped
    file: op-ed.md
    title: On trust
    authors: ["Ann Author", "Bob Writer"]
    publisher: The Paper
    date: "2025-05-01"
    url: https://example.org/oped
    licence: CC0
    kind: op-ed
variables:
  harm:
    label: Civilian harm
    description: "How much the fighting costs civilians."
    start: 9
    max: 10
    good: low
  leverage:
    label: Leverage over Moscow
    description: "How much the other side must listen."
    start: 5
    good: high
    good_for: {moscow: low}
roles:
  - id: kyiv
    title: Kyiv's negotiator
    briefing: You speak for Kyiv.
  - id: moscow
    title: Moscow's negotiator
    briefing: You speak for Moscow.
scenes:
  - id: talks
    title: The talks
    text: Kyiv's team leaves the room.
    role_text:
      kyiv: You leave the room with your team.
    choices:
      - id: press
        label: Press on
        effects: ["harm += 3", "leverage += 2"]
        text: The guns do not stop.
        cite:
          - quote: "never trust them, not for a minute"
            speaker: The minister
          - quote: "trust must be earned"
        result_cite:
          - quote: "A ceasefire is a beginning"
        goto: end
      - id: pause
        label: Pause
        effects: ["harm -= 4"]
        text: A quiet week.
        cite:
          - quote: "a “guarantee on paper” is worth little without enforcement"
        goto: end
endings:
  - id: over
    title: It is over
    text: The fighting dies down.
    role_text:
      moscow: Moscow calls it a victory; the fighting dies down.
    variants:
      - if: "harm >= 10"
        text: The fighting goes on, and civilians pay for it.
      - if: "harm <= 5"
        role_text:
          kyiv: Kyiv counts a quiet week as a start.
    cite:
      - quote: "A ceasefire is a beginning, not an end."
    debrief:
      - Was it worth it?
"""


def write_pack(folder: Path, pack: str = PACK, source: str = SOURCE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    (folder / "op-ed.md").write_text(source, encoding="utf-8")
    return folder


@pytest.fixture
def fair(tmp_path):
    return load_pack(write_pack(tmp_path / "fair"))


def run_plain(pack, role, lines, saves, hide=False) -> str:
    out = io.StringIO()
    Plain(pack, out, io.StringIO("".join(f"{x}\n" for x in lines)), saves, hide_verdicts=hide).run(role, None, 1)
    return out.getvalue()


# ------------------------------------------------------------------ who speaks


def test_quote_labels_say_who_speaks(fair):
    minister, own = fair.scenes["talks"].choices[0].cite
    assert minister.speaker == "The minister" and own.speaker is None
    assert quote_label(fair, minister) == "The minister, as quoted in the op-ed (Author & Writer, ¶1)"
    assert quote_label(fair, own) == "The op-ed — Author & Writer, ¶2"
    assert quote_label(fair, minister, paragraph="paragraph ") == \
        "The minister, as quoted in the op-ed (Author & Writer, paragraph 1)"
    assert quote_label(fair, own, paragraph=None) == "The op-ed — Author & Writer"
    assert split([minister, own]) == ((own,), (minister,))


def test_reported_speech_without_a_speaker_is_warned_where_the_quote_is(tmp_path):
    from summit_game.engine.analysis import analyse

    text = PACK.replace("            speaker: The minister\n", "")
    pack = load_pack(write_pack(tmp_path / "p", text))
    warned = [d for d in analyse(pack) if d.code == "SG110"]
    line = text.splitlines().index('          - quote: "never trust them, not for a minute"') + 1
    assert [(d.line, d.column) for d in warned] == [(line, 20)]
    assert warned[0].message == ("this quote is inside quotation marks in source 'oped' (paragraph 1): the source "
                                 "shows it is reported speech, but the citation names no speaker")
    assert "speaker: NAME" in warned[0].hint
    assert warned[0].severity.value == "warning"


def test_curly_marks_count_and_a_quote_around_the_marks_is_the_authors(tmp_path):
    from summit_game.engine.analysis import analyse

    text = PACK.replace('"a “guarantee on paper” is worth little without enforcement"', '"guarantee on paper"')
    pack = load_pack(write_pack(tmp_path / "p", text))
    assert [d.code for d in analyse(pack) if d.code == "SG110"] == ["SG110"]  # inside “...”
    pack = load_pack(write_pack(tmp_path / "q"))  # the same words with the authors' own around them
    assert [d for d in analyse(pack) if d.code == "SG110"] == []


def test_check_cli_reports_the_warning_and_still_exits_0(tmp_path, capsys):
    from summit_game.cli import main

    write_pack(tmp_path / "p", PACK.replace("            speaker: The minister\n", ""))
    assert main(["check", str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    assert "warning SG110: this quote is inside quotation marks" in out
    assert main(["check", "--strict", str(tmp_path / "p")]) == 1


@pytest.mark.parametrize("old, new, what", [
    ("        text: The guns do not stop.\n", "        text: \"The guns do not stop. The game's model: harm rises.\"\n",
     "consequence"),
    ("        text: A quiet week.\n", "        text: \"A quiet week, and the game’s model says it helps.\"\n", "consequence"),
    ("    text: The fighting dies down.\n", "    text: \"The game's model: the fighting dies down.\"\n", "ending text"),
    ("      moscow: Moscow calls it", "      moscow: The game's own model says Moscow calls it", "ending text"),
    ("          kyiv: Kyiv counts", "          kyiv: The game's model, Kyiv counts", "ending text"),
    ('"How much the other side must listen."', '"The game\'s model, not a measurement: how much."', "description"),
])
def test_text_the_game_labels_as_its_model_does_not_say_so_again(tmp_path, old, new, what):
    """SG112: every front end heads consequences, endings and the meters 'The game's model'; the pack text
    saying it too reads twice (issue 8). The warning points at the text."""
    assert old in PACK
    text = PACK.replace(old, new)
    pack = load_pack(write_pack(tmp_path / "p", text))
    warned = [d for d in pack.warnings if d.code == "SG112"]
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if new.strip().split(":")[0] in ln
                and "game" in ln)
    assert [d.line for d in warned] == [line]
    assert warned[0].message.lower().startswith(f"this {what} says 'the game")
    assert "labelled as the game's model already" in warned[0].message
    assert warned[0].severity.value == "warning"
    # scene text is narration, not labelled by the game: it may speak of the model
    assert [d for d in load_pack(write_pack(tmp_path / "q", PACK.replace(
        "text: Kyiv's team leaves the room.", "text: \"In the game's model, Kyiv's team leaves.\""))).warnings
            if d.code == "SG112"] == []


def test_bundled_packs_say_the_games_model_once():
    from summit_game.pack.bundled import resolve_pack

    for name in ("anchorage", "tutorial"):
        assert [d for d in load_pack(resolve_pack(name)).warnings if d.code == "SG112"] == [], name


def test_plain_mode_labels_and_the_debrief_keeps_reported_apart(fair, tmp_path):
    out = run_plain(fair, "kyiv", ["c 1", "1"], tmp_path)
    flat = " ".join(out.split())
    assert 'The minister, as quoted in the op-ed (Author & Writer, paragraph 1): "never trust them, not for a minute"' in flat
    assert 'The op-ed — Author & Writer, paragraph 2: "trust must be earned"' in flat
    debrief_part = flat.split("Debrief", 1)[1]
    argued = debrief_part.split("What the op-ed argued:")[1].split("Reported in the op-ed")[0]
    assert "trust must be earned" in argued and "never trust them" not in argued
    reported = debrief_part.split("Reported in the op-ed (others' words, not the op-ed's argument):")[1]
    assert reported.lstrip().startswith("The minister, as quoted in the op-ed")
    [md] = tmp_path.glob("debrief-fair-kyiv-*.md")
    text = md.read_text()
    assert '> **The minister, as quoted in the op-ed (Author & Writer, ¶1):** "never trust them, not for a minute"' in text
    assert text.index("What the op-ed argued:") < text.index('"trust must be earned"') < text.index("Reported in the op-ed")
    assert text.index("Reported in the op-ed") < text.index('"never trust them')


def test_debrief_structure_splits_argued_and_reported(fair):
    state = E.start(fair, "kyiv")
    state, o = E.choose(fair, state, "press")
    d = debrief.build(fair, state, [o])
    [dec] = d.decisions
    assert [q.quote for q in dec.argued] == ["trust must be earned"]
    assert [q.quote for q in dec.reported] == ["never trust them, not for a minute"]
    assert d.label(dec.reported[0]) == "The minister, as quoted in the op-ed (Author & Writer, ¶1)"


# ------------------------------------------------------------------ role- and state-aware text


def test_scene_text_per_role(fair):
    assert E.scene_text(fair, E.start(fair, "kyiv")) == "You leave the room with your team."
    assert E.scene_text(fair, E.start(fair, "moscow")) == "Kyiv's team leaves the room."


@pytest.mark.parametrize("role, choice, expected", [
    ("kyiv", "press", "The fighting goes on, and civilians pay for it."),  # harm 9 + 3 -> 10 (capped)
    ("moscow", "press", "The fighting goes on, and civilians pay for it."),
    ("kyiv", "pause", "Kyiv counts a quiet week as a start."),  # harm 5: the second variant, Kyiv's text
    ("moscow", "pause", "Moscow calls it a victory; the fighting dies down."),  # that variant has no Moscow text
])
def test_ending_text_follows_the_state_and_the_role(fair, role, choice, expected):
    state, _ = E.choose(fair, E.start(fair, role), choice)
    assert state.ending == "over"
    assert E.ending_text(fair, state) == expected
    assert debrief.build(fair, state, []).ending_text == expected


def test_plain_mode_shows_role_and_state_text(fair, tmp_path):
    out = run_plain(fair, "kyiv", ["1"], tmp_path)
    assert "You leave the room with your team." in out and "Kyiv's team leaves" not in out
    flat = " ".join(out.split())
    assert "The game's model, how it ends: The fighting goes on, and civilians pay for it." in flat
    assert "dies down" not in flat


@pytest.mark.parametrize("old, new, code, message", [
    ('      - if: "harm >= 10"\n', '      - if: "harm + 1"\n', "SG032", "must be true or false"),
    ('      - if: "harm >= 10"\n', '      - if: "harms >= 10"\n', "SG031", "unknown variable 'harms'"),
    ("    role_text:\n      moscow:", "    role_text:\n      moscw:", "SG023", "unknown role 'moscw'"),
])
def test_variant_and_role_text_errors_are_located(tmp_path, old, new, code, message):
    text = PACK.replace(old, new)
    with pytest.raises(PackError) as exc:
        load_pack(write_pack(tmp_path / "p", text))
    [d] = exc.value.diagnostics
    assert d.code == code and message in d.message, d.format_text()
    marker = new.splitlines()[-1]
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith(marker))
    assert d.line == line
    if code == "SG023":
        assert d.hint == "did you mean 'moscow'?"


def test_a_variant_needs_some_text(tmp_path):
    text = PACK.replace("        role_text:\n          kyiv: Kyiv counts a quiet week as a start.\n", "")
    with pytest.raises(PackError) as exc:
        load_pack(write_pack(tmp_path / "p", text))
    [d] = exc.value.diagnostics
    assert (d.code, d.message) == ("SG012", "this variant has no text: give it text or role_text")
    assert d.line == text.splitlines().index('      - if: "harm <= 5"') + 1


def test_good_for_names_known_roles(tmp_path):
    text = PACK.replace("good_for: {moscow: low}", "good_for: {moskow: low}")
    with pytest.raises(PackError) as exc:
        load_pack(write_pack(tmp_path / "p", text))
    [d] = exc.value.diagnostics
    assert (d.code, d.message, d.hint) == ("SG023", "unknown role 'moskow'", "did you mean 'moscow'?")


# ------------------------------------------------------------------ meters: direction, bounds, the model


def test_a_meter_is_good_one_way_for_one_seat_and_the_other_way_for_another(fair, tmp_path):
    _, kyiv = E.choose(fair, E.start(fair, "kyiv"), "press")
    _, moscow = E.choose(fair, E.start(fair, "moscow"), "press")
    by = lambda o: {c.name: c for c in o.changes}  # noqa: E731
    assert by(kyiv)["leverage"].good == "high" and by(moscow)["leverage"].good == "low"
    assert E.good_for(fair, E.start(fair, "moscow"), "leverage") == "low"
    out = run_plain(fair, "moscow", ["m", "1"], tmp_path)
    assert "Leverage over Moscow: 5 to 7 (+2, worse)" in out
    assert "Leverage over Moscow: 5 of 10, lower is better for your side" in out
    [md] = tmp_path.glob("debrief-fair-moscow-*.md")
    assert "| Leverage over Moscow | 5 | 7 | lower is better for your side |" in md.read_text()


def test_meters_are_described_as_the_games_model_in_plain_mode(fair, tmp_path):
    out = " ".join(run_plain(fair, "kyiv", ["m", "q"], tmp_path).split())
    assert "Meters: the game's model of where things stand, not a measurement." in out
    assert ("Civilian harm: 9 of 10, lower is better for your side "
            "How much the fighting costs civilians.") in out
    assert out.count("game's model") == out.count("Meters: the game's model")  # said once per list


def test_an_effect_stopped_by_a_bound_is_said(fair, tmp_path):
    _, o = E.choose(fair, E.start(fair, "kyiv"), "press")
    [clamp] = o.clamped
    assert (clamp.name, clamp.before, clamp.wanted, clamp.after) == ("harm", 9, 12, 10)
    assert clamp.describe() == "Civilian harm would have gone to 12; it stops at 10, the top of its scale."
    assert [c.name for c in o.changes] == ["harm", "leverage"]  # Change keeps its fields
    # already at the bound: the change vanishes, the clamp does not
    state = E.State(fair.id, "kyiv", None, 0, "talks", None, {"harm": 10, "leverage": 5})
    _, o = E.choose(fair, state, "press")
    assert [c.name for c in o.changes] == ["leverage"]
    assert [c.describe() for c in o.clamped] == ["Civilian harm is already at 10, the top of its scale: this moves it no further."]
    out = run_plain(fair, "kyiv", ["1"], tmp_path)
    assert "Civilian harm would have gone to 12; it stops at 10, the top of its scale." in out
    [md] = tmp_path.glob("debrief-fair-kyiv-*.md")
    assert "- Civilian harm would have gone to 12; it stops at 10, the top of its scale." in md.read_text()


def test_the_workshop_reveal_says_a_bound_stopped_an_effect(fair):
    """The projector's reveal lists the effects like the player's consequence, the bound's sentence too."""
    from summit_game.tui.workshop.reveal import build_reveal
    from summit_game.workshop.room import Room

    room = Room.new(fair, "kyiv", seed=1, clock=lambda: 0.0, seconds=60, pin="1234")
    assert room.set_hands("press", 3).ok
    assert room.skip().ok and room.last.option == "press"
    page = build_reveal(room, 100)
    flat = " ".join(" ".join(str(b[1].plain) for b in page.blocks).split())
    assert "Civilian harm would have gone to 12; it stops at 10, the top of its scale." in flat
    assert flat.count("game's model") == 1  # the consequence's heading, and nothing under it


def test_lower_bound_too(fair):
    state = E.State(fair.id, "kyiv", None, 0, "talks", None, {"harm": 2, "leverage": 5})
    _, o = E.choose(fair, state, "pause")
    assert [c.describe() for c in o.clamped] == ["Civilian harm would have gone to -2; it stops at 0, the bottom of its scale."]


# ------------------------------------------------------------------ verdicts hidden until chosen; as_of


def test_plain_hide_verdicts_keeps_c_n_quiet_and_shows_the_verdict_after(fair, tmp_path):
    out = run_plain(fair, "kyiv", ["c 1", "1"], tmp_path, hide=True)
    before, after = out.split("You chose: Press on")
    assert "never trust them" not in before and "trust must be earned" not in before
    assert "verdict on each option is hidden until after you choose" in before
    assert "What the op-ed says about the option you chose:" in after
    assert "trust must be earned" in after.split("Ending:")[0]


def test_plain_v_switches_verdicts(fair, tmp_path):
    out = run_plain(fair, "kyiv", ["v", "c 1", "v", "c 1", "q"], tmp_path)
    first, second = out.split("verdict on each option is now shown before you choose")
    assert "is now hidden until after you choose." in first and "trust must be earned" not in first
    assert "trust must be earned" in second


def test_hide_verdicts_in_the_cli_help():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "summit_game.cli", "play", "--help"], capture_output=True,
                         text=True).stdout
    assert "--hide-verdicts" in out


def test_as_of_in_plain_mode_and_the_debrief(fair, tmp_path):
    out = run_plain(fair, "kyiv", ["1"], tmp_path)
    assert out.count("This scenario knows only the op-ed of 1 May 2025.") == 2  # the intro and the ending
    [md] = tmp_path.glob("debrief-fair-kyiv-*.md")
    assert "*This scenario knows only the op-ed of 1 May 2025.*" in md.read_text()


def test_as_of_on_the_title_screen_entry(tmp_path):
    from summit_game.tui.catalog import peek

    assert peek(write_pack(tmp_path / "p")).as_of == "This scenario knows only the op-ed of 1 May 2025."


# ------------------------------------------------------------------ the TUI


async def _start(pilot, role_number: int):
    from test_tui_support import new_game

    await new_game(pilot, role_number, None)


def _app(folder, tmp_path, **kw):
    from test_tui_support import make_app

    return make_app(packs=[folder], saves=tmp_path / "saves", **kw)


async def test_tui_labels_in_play_consequence_journal_source_and_ending(tmp_path):
    from test_tui_support import text_of, wait_for

    folder = write_pack(tmp_path / "fair")
    app = _app(folder, tmp_path)
    label = "The minister, as quoted in the op-ed (Author & Writer, ¶1):"
    async with app.run_test(size=(110, 40)) as pilot:
        await _start(pilot, 1)
        text = " ".join(text_of(app).split())
        assert "You leave the room with your team." in text
        assert label in text and "The op-ed — Author & Writer, ¶2:" in text
        await pilot.press("1")
        await wait_for(pilot, "ConsequenceScreen")
        text = " ".join(text_of(app).split())
        assert "Quoted with this outcome" in text and "says about this outcome" not in text
        assert "What the op-ed argued about this option" in text
        assert "Reported in the op-ed, on this option" in text and label in text
        assert "Civilian harm would have gone to 12; it stops at 10, the top of its scale." in text
        await pilot.press("j")
        await wait_for(pilot, "JournalScreen")
        assert label in " ".join(text_of(app).split())
        await pilot.press("escape")
        await wait_for(pilot, "ConsequenceScreen")
        await pilot.press("enter")
        await wait_for(pilot, "EndingScreen")
        text = " ".join(text_of(app).split())
        assert "The fighting goes on, and civilians pay for it." in text and "dies down" not in text
        assert "This scenario knows only the op-ed of 1 May 2025." in text
        assert "Reported in the op-ed (others' words, not its argument):" in text and label in text
        assert "Where things stood (the game's model, not a measurement)" in text
        app.screen.action_open_quote(
            next(i for i, q in enumerate(app.screen.quotes()) if q.speaker))
        await wait_for(pilot, "SourceScreen")
        assert label[:-1] in " ".join(text_of(app).split())


async def test_tui_hide_verdicts_until_chosen_and_v_switches(tmp_path):
    from test_tui_support import text_of, wait_for
    from summit_game.tui.app import binding_commands
    from summit_game.tui.widgets.keybar import KeyBar

    folder = write_pack(tmp_path / "fair")
    app = _app(folder, tmp_path, hide_verdicts=True)
    async with app.run_test(size=(110, 40)) as pilot:
        await _start(pilot, 1)
        text = " ".join(text_of(app).split())
        assert "never trust them" not in text and "trust must be earned" not in text
        assert "verdict on each option is hidden until you choose" in text
        assert ("v", "Verdicts") in app.screen.query_one(KeyBar).keys()
        assert "Verdicts" in [c.title for c in binding_commands(app, app.screen)]
        await pilot.press("v")
        await pilot.pause()
        assert "trust must be earned" in " ".join(text_of(app).split())
        await pilot.press("v")
        await pilot.pause()
        assert "trust must be earned" not in " ".join(text_of(app).split())
        await pilot.press("1")
        await wait_for(pilot, "ConsequenceScreen")
        text = " ".join(text_of(app).split())
        assert "What the op-ed argued about this option" in text and "trust must be earned" in text


async def test_tui_meters_explained_as_the_games_model_from_the_seat(tmp_path):
    from test_tui_support import text_of, wait_for

    folder = write_pack(tmp_path / "fair")
    app = _app(folder, tmp_path)
    async with app.run_test(size=(110, 40)) as pilot:
        await _start(pilot, 2)  # Moscow's negotiator
        from summit_game.tui.widgets.meters import MeterPanel

        assert "The meters are the game's model" in str(app.screen.query_one(MeterPanel).tooltip)
        await pilot.press("m")
        await wait_for(pilot, "MetersScreen")
        text = " ".join(text_of(app).split())
        assert "The meters are the game's model of where things stand, not measurements." in text
        assert "Leverage over Moscow 5 of 10 Lower is better for your side." in text
        assert "╎ How much the other side must listen." in text
        assert text.count("game's model") == 1  # the note says it once for every meter
        await pilot.press("escape")
        await wait_for(pilot, "PlayScreen")
        await pilot.press("1")
        await wait_for(pilot, "ConsequenceScreen")
        text = " ".join(text_of(app).split())
        assert "Leverage over Moscow 5 → 7 ▲ +2 worse" in text
