"""The TUI's non-visual parts: the cheap pack catalog and the game session."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from test_tui_support import ROOT, TUTORIAL, bundled

from summit_game.engine import saves
from summit_game.tui import catalog
from summit_game.tui.session import Session, when


@pytest.mark.parametrize("folder", bundled(), ids=lambda p: p.name)
def test_peek_matches_the_full_load(folder):
    """The title screen's cheap read says what the checked pack says."""
    entry = catalog.peek(folder)
    from summit_game.pack import load_pack

    pack = load_pack(folder)
    assert (entry.id, entry.title, entry.summary) == (pack.id, pack.title, pack.manifest.summary.strip())
    assert entry.references == [s.reference() for s in pack.sources.values()]


def test_catalog_lists_the_bundled_packs_default_first():
    from summit_game.pack.bundled import bundled_packs

    assert catalog.bundled_packs() == bundled_packs()
    entries = catalog.catalog()
    assert [e.folder for e in entries] == bundled_packs()


def test_catalog_puts_an_outside_pack_first(tmp_path):
    import shutil

    outside = tmp_path / "mine"
    shutil.copytree(TUTORIAL, outside)
    entries = catalog.catalog(outside)
    assert entries[0].folder == outside and not entries[0].bundled
    assert entries[0].title == "The River Bridge (tutorial)"


@pytest.mark.parametrize("text", [
    b"title: [unclosed", b"\xff\xfe not utf-8", b"- a list\n- not a mapping\n",
    b"a: &x [1]\nb: *x\ntitle: ok\n", b"[" * 5000,
])
def test_peek_never_raises(tmp_path, text):
    (tmp_path / "pack.yaml").write_bytes(text)
    entry = catalog.peek(tmp_path)
    assert entry.title  # the folder name at worst


def test_title_startup_does_not_import_the_pack_loader():
    """Importing the app (what the first frame needs) leaves pydantic for later."""
    code = ("import sys; import summit_game.tui.app, summit_game.tui.screens.title; "
            "from summit_game.tui.catalog import catalog; catalog(); "
            "print('pydantic' in sys.modules, 'summit_game.pack.loader' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_session_autosaves_after_every_choice(tutorial, tmp_path):
    s = Session.new(tutorial, tmp_path, "east", seed=3)
    s.choose("listen")
    info = saves.latest(tmp_path)
    assert info is not None and info.slot == s.autosave_name and info.steps == 1
    assert s.autosave_name.startswith("autosave-tutorial-")
    assert s.last_autosave is not None and s.last_autosave.error is None
    s.choose("share")
    assert saves.latest(tmp_path).steps == 2
    assert [o.choice for o in s.outcomes] == ["listen", "share"]


def test_a_preview_is_what_the_choice_gives_and_choose_takes_that_very_outcome(tutorial, tmp_path):
    s = Session.new(tutorial, tmp_path, "east", seed=3)
    s.choose("listen")
    before = s.state
    previews = {c: s.preview(c) for c in ("share", "build", "wait")}  # 'wait' has a chance outcome
    assert s.state is before and s.version == 1 and len(s.outcomes) == 1  # nothing was taken
    assert s.preview("nonexistent") is None  # the engine refuses it: no preview, nothing raised
    outcome = s.choose("wait")
    assert outcome is previews["wait"]
    again = Session.new(tutorial, tmp_path / "b", "east", seed=3)  # the same game, no preview
    again.choose("listen")
    assert again.choose("wait") == outcome and again.state == s.state


def test_quick_choices_on_a_slow_disk_write_only_the_newest_state(tmp_path, monkeypatch):
    """Choices made while an autosave is on its way replace one another: quitting (flush) waits for one
    write, not one per choice (under a slow disk ten fsyncs in a row held the quit for over 20 s)."""
    import threading

    from summit_game import engine as E
    from summit_game.pack import load_pack

    pack = load_pack(ROOT / "scenes" / "anchorage")
    real, release, steps = saves.save_game, threading.Event(), []

    def slow_save(folder, slot, pack_, state):
        release.wait(10)  # the disk is busy until the test lets it go
        steps.append(len(state.history))
        return real(folder, slot, pack_, state)

    monkeypatch.setattr(saves, "save_game", slow_save)
    s = Session.new(pack, tmp_path, next(iter(pack.roles)), seed=4)
    for _ in range(6):
        option = next(o for o in E.options(pack, s.state) if o.available)
        s.choose(option.id, background=True)
        if s.state.finished:
            break
    release.set()
    s.flush()
    made = len(s.state.history)
    assert steps == [1, made]  # the first write, then only the newest of those queued behind it
    assert saves.latest(tmp_path).steps == made
    s.choose(next(o for o in E.options(pack, s.state) if o.available).id, background=True)  # a new writer starts
    s.flush()
    assert steps[-1] == made + 1 and saves.latest(tmp_path).steps == made + 1


def test_session_reports_a_failed_save_and_goes_on(tutorial, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    s = Session.new(tutorial, blocker / "saves", "east", seed=3)
    s.choose("listen")  # the autosave fails; the game does not
    assert s.last_save is not None and s.last_save.error
    assert s.state.scene == "proposal"
    assert s.save("Bad Name").error  # slot names are checked


def test_session_load_round_trip(tutorial, tmp_path):
    s = Session.new(tutorial, tmp_path, "west", route="full", seed=5)
    s.choose("listen")
    s.save("mine")
    loaded, problem = Session.load(tutorial, tmp_path, "mine")
    assert problem is None
    assert loaded.state == s.state and len(loaded.outcomes) == 1


def test_source_label(tutorial):
    s = Session.new(tutorial, ROOT, "east", seed=1)
    q = tutorial.scenes["council"].cite[0]  # the memo quotes the council chair
    assert s.source_label(q) == "The council chair, as quoted in the memo (The summit-game authors, ¶2)"
    q = tutorial.scenes["proposal"].choices[0].cite[0]
    assert s.source_label(q) == f"The memo — The summit-game authors, ¶{q.paragraph}"
    assert s.source_kind == "memo"


def test_source_label_names_the_authors_and_the_kind():
    from summit_game.pack import load_pack

    pack = load_pack(ROOT / "scenes" / "anchorage")
    s = Session.new(pack, ROOT, "us_envoy", seed=1)
    q = next(q for q in pack.all_quotes() if not q.speaker)
    assert s.source_label(q) == f"The article — Gaskell & Gokay, ¶{q.paragraph}"


def test_when():
    now = datetime(2025, 8, 20, 12, 0, tzinfo=timezone.utc)
    assert when(None) == "time unknown"
    assert when(now - timedelta(seconds=5), now) == "just now"
    assert when(now - timedelta(minutes=5), now) == "5 min ago"
    assert when(now - timedelta(hours=3), now) == "3 h ago"
    assert when(now - timedelta(days=3), now)[:4] == "2025"


def test_page_markdown_and_voices(tutorial):
    from summit_game.tui.widgets.page import Page

    page = Page().markdown("Para with **bold** and *it*.\n\n- one\n- two long item\n\n# Head\n\n> quoted")
    text = page.visual().layout(20).plain.splitlines()
    assert text[0] == "Para with bold and"
    assert "• one" in text and "• two long item" in text
    assert "Head" in text and "│ quoted" in text
    q = tutorial.scenes["council"].cite[0]
    page = Page().model("The room relaxes.\n\nA second paragraph that wraps.").quote(q, "The article — Someone, ¶2", action="screen.x(0)")
    lines = page.visual().layout(24).plain.splitlines()
    assert lines[0] == "╎ The game's model:"
    assert all(line.startswith("╎ ") for line in lines[:5])  # every line of the model's voice carries its bar
    article = [line for line in lines if line.startswith("▌ ")]
    assert article[0] == "▌ The article — Someone,"  # wrapped, and the bar repeats
    assert "“the first step of a" in "\n".join(article)


def test_hanging_indent_keeps_continuation_lines_aligned():
    from textual.content import Content

    from summit_game.tui.widgets.hanging import Hanging

    h = Hanging([("▶ 1  ", Content("a long label that has to wrap")), ("     ", Content("second block"))])
    assert h.layout(17).plain.splitlines() == ["▶ 1  a long label", "     that has to", "     wrap", "     second block"]


def test_emphasis_is_linear_on_hostile_text():
    import time

    from summit_game.tui.widgets.page import inline

    start = time.perf_counter()
    inline("*" * 20000 + "x" * 20000)
    assert time.perf_counter() - start < 5  # generous: it is ~0.1 s; unbounded matching took minutes


def test_empty_markdown_makes_an_empty_page():
    """Found by a pack whose scenes have no text: the play screen crashed."""
    from summit_game.tui.widgets.page import Page, markdown_blocks

    assert markdown_blocks("") == [] and markdown_blocks("  \n\n ") == []
    Page().markdown("").visual()
