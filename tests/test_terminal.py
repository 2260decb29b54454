"""The game and the workshop's projector in a real terminal (tmux): seeded random input never
crashes them, and a crash is never silent.

Bounded: a fixed number of inputs per seed (no timing assertions). Skips, saying
why, where tmux is missing; CI installs it (.ci/run).
"""

from __future__ import annotations

import json
import random
import re
import sys
import textwrap
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from terminal import PROJECTOR_KEYS, Terminal, crashed, game_command, random_input, tmux_available, traceback_lines, workshop_command

pytestmark = pytest.mark.skipif(tmux_available() is not None, reason=tmux_available() or "")

def assert_no_crash(printed: str, code: int | None, log: list) -> None:
    """Fail with the whole traceback (its files, marked lines and error) and the last inputs: an
    assertion's message is cut short by pytest, and the pane is gone once the test ends."""
    if crashed(printed, code):
        pytest.fail(f"exit {code}\n{traceback_lines(printed)}\nlast inputs:\n  " + "\n  ".join(map(str, log[-12:])),
                    pytrace=False)


def test_the_game_draws_at_the_size_of_its_window(tmp_path):
    """Inside pytest every child inherited COLUMNS=80 LINES=24 (importing readline exports them), so the
    game drew at 80 x 24 in each of these 100 x 32 windows; ``Terminal`` unsets them."""
    term = Terminal(tmp_path / "term", game_command(), env={"SUMMIT_GAME_SAVES": str(tmp_path / "saves")})
    with term:
        assert term.wait_for("^p commands"), term.screen()
        rows = term.screen().rstrip("\n").split("\n")
        assert len(rows) == 32 and "^p commands" in rows[-1], term.screen()  # the key bar on the last row
        assert len(rows[-1].rstrip()) > 90, rows[-1]  # and across the whole width
        term.keys("C-q")
        assert term.wait_exit() == 0, term.errors()


SEEDS = [3, 24]  # seeds that found crashes before the fixes (issue 11, item 4)
INPUTS = 150  # per seed


@pytest.mark.parametrize("seed", SEEDS)
def test_seeded_random_input_never_crashes_the_game(seed, tmp_path):
    saves = tmp_path / "saves"
    term = Terminal(tmp_path / "term", game_command(), env={"SUMMIT_GAME_SAVES": str(saves)})
    rng = random.Random(seed)
    log: list[str] = []
    with term:
        assert term.wait_for("summit-game"), term.screen()
        left = INPUTS
        while left > 0:
            left -= random_input(term, rng, left, log)
            code = term.exited()
            if code is None:
                break
            # the game ended on its own: only a clean quit (a Quit entry, 'q') may do that
            assert_no_crash(term.errors(), code, log)
            term.start()
            assert term.wait_for("summit-game"), term.screen()
        term.keys("C-q")
        code = term.wait_exit()
        printed = term.errors()
        if code is None:  # it did not quit: where every thread was (a stall, not a crash)
            printed = term.dump_stacks()
    assert_no_crash(printed, code, log)


def test_a_game_started_again_gets_the_first_size_of_the_window_back(tmp_path):
    """The random-input tests start the game again after a Quit entry: in the window random input
    had left too small, it showed only its 'make the window larger' notice (seed 24, now and then)."""
    term = Terminal(tmp_path / "term", game_command(), env={"SUMMIT_GAME_SAVES": str(tmp_path / "saves")})
    with term:
        assert term.wait_for("summit-game"), term.screen()
        term.resize(50, 16)  # under the game's 64 x 20
        term.keys("C-q")
        code = term.wait_exit()
        if code is None:  # it did not quit (seen once in CI, 2026-12-01): what it showed, where every thread was
            screen = term.screen()
            pytest.fail(f"Ctrl+Q in a 50 x 16 window did not quit the game within 20 s; the screen:\n{screen}\n"
                        f"{term.dump_stacks()}")
        assert code == 0, term.errors()
        term.start()
        assert term.wait_for("Choose"), term.screen()  # a key of the game's own footer: no notice
        shown = term.tmux("display", "-p", "-t", "t", "#{window_width}x#{window_height}").stdout.strip()
        assert shown == f"{term.width}x{term.height}"
        assert "the game needs at least" not in term.screen()


CRASHING = textwrap.dedent("""
    # The game with a bug planted: drawing the second scene raises.
    import sys
    from summit_game.tui.screens.play import PlayScreen

    real = PlayScreen.show_scene

    def show_scene(self):
        if self.session.step == 2:
            raise RuntimeError("a planted bug")
        real(self)

    PlayScreen.show_scene = show_scene
    from summit_game.cli import main

    sys.exit(main(sys.argv[1:]))
""")


def test_a_crash_exits_70_says_so_and_keeps_the_autosave(tmp_path):
    script = tmp_path / "crashing.py"
    script.write_text(CRASHING)
    saves = tmp_path / "saves"
    term = Terminal(tmp_path / "term", [sys.executable, str(script), "play", "tutorial", "--seed", "1"],
                    env={"SUMMIT_GAME_SAVES": str(saves)})
    with term:
        assert term.wait_for("Choose your role"), term.screen()  # play PACK opens at its roles
        term.keys("1")
        assert term.wait_for("How long do you want to play"), term.screen()
        term.keys("1")
        assert term.wait_for("What do you do?"), term.screen()
        term.keys("2")  # ask the other side what they need
        assert term.wait_for("The game's model"), term.screen()
        term.keys("Enter")  # the next scene: the planted bug
        code = term.wait_exit()
        printed = term.errors()
    assert code == 70
    assert "RuntimeError: a planted bug" in printed
    assert "summit-game: the game stopped on an internal error (a bug; the details are above)." in printed
    autosaves = list(saves.glob("autosave*.json"))
    assert len(autosaves) == 1
    assert f"Your last decision is in the autosave {autosaves[0]}" in printed
    from summit_game.engine import saves as S
    from summit_game.pack import load_pack
    from summit_game.pack.bundled import resolve_pack

    loaded = S.load_game(saves, autosaves[0].stem, load_pack(resolve_pack("tutorial")))
    assert [o.choice for o in loaded.outcomes] == ["listen"]



@pytest.mark.parametrize("command", ["game", "projector"])
def test_bytes_that_are_not_utf8_typed_at_the_terminal_are_keys_that_do_nothing(tmp_path, command):
    """Alt+key as a byte with its high bit set (an 8-bit terminal), a Latin-1 paste, line noise: Textual's
    input thread decoded strictly and stopped the game with exit 0 (every seed of random bytes)."""
    saves = tmp_path / "saves"
    argv = game_command() if command == "game" else workshop_command()
    term = Terminal(tmp_path / "term", argv, env={"SUMMIT_GAME_SAVES": str(saves)})
    with term:
        assert term.wait_for("summit-game" if command == "game" else "Whom does the room play"), term.screen()
        term.raw(b"\xe9t\xe9 \xff\x8b\xc3")  # 'été' in Latin-1, two bytes no UTF-8 has, a sequence cut short
        term.paste("caf\xe9")
        term.raw(b"\x1b\xe1")  # Alt+a, as an 8-bit terminal sends it
        term.keys("Down", "Up")  # the game still reads keys after them
        assert term.exited() is None and not term.wait_exit(2), term.errors()[-2000:]
        term.keys("C-q")
        code = term.wait_exit()
        printed = term.errors()
    assert code == 0 and "Error" not in printed, traceback_lines(printed)


INPUT_FAILING = textwrap.dedent("""
    # The game with its terminal input thread failing (a bug in reading keys, or in Textual's parser).
    import sys
    from summit_game.tui.driver import GuardedLinuxDriver

    def failing(self):
        raise RuntimeError("the input thread failed")

    GuardedLinuxDriver.run_input_thread = failing
    from summit_game.cli import main

    sys.exit(main(sys.argv[1:]))
""")


def test_a_failure_of_the_input_thread_is_a_crash_not_a_quit(tmp_path):
    script = tmp_path / "failing.py"
    script.write_text(INPUT_FAILING)
    term = Terminal(tmp_path / "term", [sys.executable, str(script), "play", "tutorial"],
                    env={"SUMMIT_GAME_SAVES": str(tmp_path / "saves")})
    with term:
        code = term.wait_exit()
        printed = term.errors()
    assert code == 70  # Textual's own input thread's failure exited 0, as a quit does
    assert "RuntimeError: the input thread failed" in printed
    assert "summit-game: the game stopped on an internal error (a bug; the details are above)." in printed

def test_keys_or_a_double_click_typed_with_a_choice_leave_its_consequence_on_screen(tmp_path):
    """'2' then Enter typed in one go took choice 2 and went on past its consequence, unseen; so did a
    double click on the key bar's Choose (found in tmux). Input typed before a consequence is drawn is
    not for it; Enter once it is drawn goes on. The autosave holds each choice once."""
    from summit_game import engine as E
    from summit_game.pack import load_pack
    from summit_game.pack.bundled import resolve_pack

    pack = load_pack(resolve_pack("tutorial"))
    state, _ = E.choose(pack, E.start(pack, "east", seed=1, route=next(iter(pack.routes), None)), "listen")
    highlighted = E.options(pack, state)[0]  # the first choice of the second scene: highlighted as it opens
    saves = tmp_path / "saves"
    term = Terminal(tmp_path / "term", game_command() + ["--seed", "1"], env={"SUMMIT_GAME_SAVES": str(saves)})
    with term:
        assert term.wait_for("Choose your role"), term.screen()
        term.keys("1")
        assert term.wait_for("How long do you want to play"), term.screen()
        term.keys("1")
        assert term.wait_for("What do you do?"), term.screen()
        term.keys("2", "Enter")  # one read: ask the other side what they need, and Enter
        assert term.wait_for("You chose: Ask the other side what they need"), term.screen()
        term.keys("j")  # typed after both and taken after them: the journal over the consequence
        assert term.wait_for("1. The spring council"), term.screen()  # the journal's first entry
        term.keys("j")
        assert term.wait_for("Decision 1: what followed"), term.screen()
        assert "Next: “Three ways forward”" in term.screen()
        term.keys("Enter")  # once the consequence is drawn: on
        assert term.wait_for("Decision 2"), term.screen()
        rows = term.screen().splitlines()
        y = next(i for i, row in enumerate(rows) if "⏎ Choose" in row)
        x = rows[y].index("⏎ Choose") + 1
        click = f"\x1b[<0;{x + 1};{y + 1}M\x1b[<0;{x + 1};{y + 1}m"  # SGR, 1-based cells: the key bar's Choose
        term.raw((click * 2).encode())  # a double click, in one read
        assert term.wait_for(f"You chose: {highlighted.label}"), term.screen()
        term.keys("j")
        assert term.wait_for("2. Three ways forward"), term.screen()
        term.keys("j")
        assert term.wait_for("Decision 2: what followed"), term.screen()
        term.keys("C-q")
        code = term.wait_exit()
        printed = term.errors()
    assert code == 0, printed
    [autosave] = saves.glob("autosave-*.json")
    assert json.loads(autosave.read_text())["history"] == [["council", "listen"], [state.scene, highlighted.id]]


# ------------------------------------------------------------ the workshop's projector

PAGE, PIN = re.compile(r"http://127\.0\.0\.1:(\d+)"), re.compile(r"PIN (\d{4,8})")
WORKSHOP_SEEDS = [1, 2]  # both crashed before the projector closed its overlays on a phase change


class Phone:
    """A phone on the voting page: joins, polls and votes (sometimes wrongly), seeded."""

    def __init__(self, port: str, pin: str, rng: random.Random) -> None:
        self.base, self.pin, self.rng = f"http://127.0.0.1:{port}", pin, rng
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def _ask(self, path: str, form: dict[str, str] | None = None) -> dict:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers={"Accept": "application/json"})
        try:
            with self.opener.open(request, timeout=10) as answer:
                return json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as refused:  # a refusal (closed vote, wrong PIN) is an answer
            return json.loads(refused.read() or b"{}")

    def act(self) -> str:
        try:
            return self._act()
        except (urllib.error.URLError, ConnectionError):  # the projector has just quit (a Quit entry)
            return "phone: no page"

    def _act(self) -> str:
        view = self._ask("/api/state?" + urllib.parse.urlencode({"pin": self.pin}))
        options = [o["id"] for o in view.get("options") or []] or ["none"]
        pin = self.pin if self.rng.random() < 0.9 else "0000"
        option = self.rng.choice(options + ["not-an-option"])
        self._ask("/vote", {"pin": pin, "option": option, "decision": str(view.get("number"))})
        return f"phone {option}"


@pytest.mark.parametrize("seed", WORKSHOP_SEEDS)
def test_seeded_random_input_never_crashes_the_workshop_projector(seed, tmp_path):
    """Keys, clicks, pastes, raw CSI and resizes on the projector while its 2-second timer runs
    out and phones vote: it never stops on an error (a crash exits 70, never 0)."""
    term = Terminal(tmp_path / "term", workshop_command(), env={"SUMMIT_GAME_SAVES": str(tmp_path / "saves")})
    rng = random.Random(seed)
    log: list[str] = []

    def first_vote() -> list[Phone]:  # the room picks the first role; three phones join its vote
        assert term.wait_for("Whom does the room play"), term.screen()
        term.keys("1")
        assert term.wait_for("PIN "), term.screen()
        shown = term.screen()
        port, pin = PAGE.search(shown), PIN.search(shown)
        assert port and pin, shown
        return [Phone(port[1], pin[1], random.Random(seed * 10 + n)) for n in range(3)]

    with term:
        phones = first_vote()
        left = INPUTS
        while left > 0:
            if rng.random() < 0.3:
                log.append(rng.choice(phones).act())
            left -= random_input(term, rng, min(left, 5), log, PROJECTOR_KEYS)
            code = term.exited()
            if code is not None:  # only a clean quit (a Quit entry) may end it
                assert_no_crash(term.errors(), code, log)
                term.start()
                phones = first_vote()
        term.keys("C-q")
        code = term.wait_exit()
        printed = term.errors()
    assert_no_crash(printed, code, log)
    assert any(what.startswith("phone") for what in log)  # the phones did vote meanwhile


CRASHING_PROJECTOR = textwrap.dedent("""
    # The projector with a bug planted: drawing the first reveal raises.
    import sys
    from summit_game.tui.workshop.reveal import RevealScreen

    def show_reveal(self):
        raise RuntimeError("a planted bug")

    RevealScreen.show_reveal = show_reveal
    from summit_game.cli import main

    sys.exit(main(sys.argv[1:]))
""")


def test_a_projector_crash_exits_70_and_says_where_the_record_is(tmp_path):
    script = tmp_path / "crashing.py"
    script.write_text(CRASHING_PROJECTOR)
    saves = tmp_path / "saves"
    term = Terminal(tmp_path / "term", [sys.executable, str(script), "workshop", "tutorial", "--role", "east",
                                        "--no-phones", "--seconds", "0", "--seed", "1"],
                    env={"SUMMIT_GAME_SAVES": str(saves)})
    with term:
        assert term.wait_for("Decision 1"), term.screen()
        term.keys("1", "+", "s")  # a raised hand for the first option, then close the vote
        code = term.wait_exit()
        printed = term.errors()
    assert code == 70
    assert "RuntimeError: a planted bug" in printed
    assert ("summit-game workshop: the projector stopped on an internal error (a bug; the details are above)."
            in printed)
    records = list(saves.glob("workshop-*.json"))
    assert len(records) == 1, list(saves.iterdir())
    # the line did not fit: the record (its folder and name, or its path) and the command each on lines of their own
    lines = [line.strip() for line in printed.splitlines()]
    assert "Go on with: summit-game workshop tutorial --resume --no-phones" in lines, printed[-800:]
    assert f"The room's record: {records[0]}" in lines or records[0].name in lines, printed[-800:]


def test_at_80_columns_the_files_named_after_the_projector_closes_are_whole_on_their_rows(tmp_path):
    # 'The room's debrief: PATH (and NAME)' was printed as one line: at 80 columns the terminal cut it inside
    # the debrief's file name ('...-debrief.' on one row, 'md (and ...)' on the next).
    saves = tmp_path / "saves"
    term = Terminal(tmp_path / "term", [sys.executable, "-m", "summit_game.cli", "workshop", "tutorial", "--role",
                                        "east", "--no-phones", "--seconds", "0", "--seed", "1"],
                    width=80, height=24, env={"SUMMIT_GAME_SAVES": str(saves)})
    with term:
        for _ in range(12):  # a decision at a time: close the vote with none, the facilitator picks, on
            if "The room's debrief" in term.screen():
                break
            assert term.wait_for("Decision"), term.screen()
            term.keys("s")
            assert term.wait_for("the facilitator picks"), term.screen()
            term.keys("Enter")
            assert term.wait_for("the vote is closed"), term.screen()
            term.keys("Enter")
            term.wait_for("The room's debrief", timeout=2)
        assert term.wait_for("The room's debrief"), term.screen()
        term.keys("C-q")
        assert term.wait_exit() == 0
        rows = term.tmux("capture-pane", "-p", "-S", "-", "-E", "-", "-t", "t").stdout.splitlines()  # rows as shown
    files = sorted(p.name for p in saves.iterdir() if p.suffix != ".bak")
    assert len(files) == 3, files  # the record, the debrief and the debrief's record
    for name in files:
        assert any(row.rstrip().endswith(name) for row in rows), (name, rows[-8:])
    assert any(row.rstrip().endswith(str(saves) + "/") for row in rows), rows[-8:]


def test_the_command_said_on_the_way_out_resumes_the_room(tmp_path):
    # After Ctrl+Q the terminal said 'go on with: summit-game workshop --resume' whatever the run was given:
    # after --saves DIR that looked in the default saves folder ('no workshop to resume in ...'), and a room
    # that voted on phones came back without them. The command said now is the one that goes on.
    import shlex

    saves = tmp_path / "the room's saves"  # a space and a quote: the command is quoted for the shell
    term = Terminal(tmp_path / "term", [sys.executable, "-m", "summit_game.cli", "workshop", "tutorial", "--role",
                                        "east", "--no-phones", "--seconds", "0", "--seed", "1", "--saves", str(saves)],
                    env={"SUMMIT_GAME_SAVES": str(tmp_path / "elsewhere")})
    with term:
        assert term.wait_for("Decision 1"), term.screen()
        term.keys("s")  # no votes: the facilitator picks the highlighted option, then on to decision 2
        assert term.wait_for("the facilitator picks"), term.screen()
        term.keys("Enter")
        assert term.wait_for("the vote is closed"), term.screen()
        term.keys("Enter")
        assert term.wait_for("Decision 2"), term.screen()
        term.keys("C-q")
        assert term.wait_exit() == 0
        said = re.search(r"[Gg]o on with: (summit-game workshop [^\n)]*)", term.errors())
        assert said, term.errors()[-600:]
        words = shlex.split(said.group(1))
        assert words == ["summit-game", "workshop", "tutorial", "--resume", "--no-phones", "--saves", str(saves)]
        term.command = [sys.executable, "-m", "summit_game.cli", *words[1:]]  # typed as said
        term.start()
        assert term.wait_for("Decision 2"), term.screen() + term.errors()[-600:]  # a new room opens at 1
        term.keys("C-q")
        assert term.wait_exit() == 0


def test_in_the_smallest_window_the_notice_still_says_the_size_needed_and_how_to_quit(tmp_path):
    """At 20 x 8 the 'too small' notice was cut after 'It is 20 x 8; the game needs'."""
    term = Terminal(tmp_path / "term", game_command(), env={"SUMMIT_GAME_SAVES": str(tmp_path / "saves")})
    with term:
        assert term.wait_for("summit-game"), term.screen()
        for width, height in ((20, 8), (30, 10), (50, 16)):
            term.resize(width, height)
            assert term.wait_for(f"{width} x {height}"), term.screen()
            shown = " ".join(term.screen().split())
            assert "64 x 20" in shown and "Ctrl+Q quits." in shown, (width, height, term.screen())
        term.resize(100, 32)
        term.keys("C-q")
        assert term.wait_exit() == 0, term.errors()
