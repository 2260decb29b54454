"""Five phones in a real browser (Debian's headless chromium via playwright) vote in one room.

Each phone is its own browser context (its own cookies), 390x844 like a phone. The
server runs in this test's event loop, as it runs in the Textual app's. Skips, saying
why, when /usr/bin/chromium or playwright is missing (.ci/run installs chromium).
"""

from __future__ import annotations

import dataclasses
import os
import re
import time
from pathlib import Path

import pytest_asyncio

from summit_game.workshop import Phase, Room
from summit_game.workshop.server import POLL_MS, VoteServer

ROOT = Path(__file__).resolve().parent.parent
from browser_support import _chromium, browser, in_the_module_loop, playwright_api  # noqa: E402,F401

PIN = "3141"
# the phones here ask for the room's state five times as often as a real phone (POLL_MS): a test that waits for
# a page to learn of a change, or for three missed polls, waits a fifth as long. (One test keeps POLL_MS.)
FAST_POLL_MS = 300
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}


class Served:
    """One test's rooms, voting pages and phones: ``room()`` the tutorial's room, ``await start(room)`` its
    page, ``await phone()`` a phone (its own browser context) on the page started last. Every page is
    stopped after the test (the ``browser`` fixture closes the phones)."""

    def __init__(self, browser, tutorial) -> None:
        self.browser, self.tutorial = browser, tutorial
        self.servers: list[VoteServer] = []

    def room(self, **kw) -> Room:
        """The tutorial's room, seat 'east', seed 2, PIN, 60 s votes (each can be given)."""
        return Room.new(self.tutorial, "east", **{"seed": 2, "pin": PIN, "seconds": 60, "clock": time.monotonic, **kw})

    async def start(self, room, port: int = 0, poll_ms: int = FAST_POLL_MS) -> VoteServer:
        server = VoteServer(room, port=port, poll_ms=poll_ms)
        await server.start()
        self.servers.append(server)
        return server

    async def phone(self, join: bool = True, **context):
        """A new phone (390x844 unless told); ``join``: it has opened the join address (the QR code's)."""
        ctx = await self.browser.new_context(**{**PHONE, **context})
        page = await ctx.new_page()
        if join:
            await page.goto(self.servers[-1].join_url)
        return page


@pytest_asyncio.fixture(loop_scope="module")
async def served(browser, tutorial):
    s = Served(browser, tutorial)
    yield s
    for server in s.servers:
        await server.stop()  # (safe to call twice)


@in_the_module_loop
async def test_five_phones_vote_and_the_room_counts_them(served, tmp_path):
    room = served.room(route="quick", seconds=120)
    room.start_timer()
    await served.start(room)
    taps = ["build", "build", "wait", "build", "wait"]
    pages = []
    for option in taps:
        page = await served.phone(join=False, has_touch=True)
        errors: list[str] = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        await page.goto(served.servers[-1].join_url)
        await playwright_api.expect(page.locator("h1")).to_have_text("Three ways forward")
        button = page.locator(f'button.opt[value="{option}"]')
        await button.tap()
        # the script updates the page in place: this phone's vote is marked
        await playwright_api.expect(button).to_have_attribute("aria-pressed", "true")
        await playwright_api.expect(button).to_contain_text("Your vote")
        assert errors == []
        pages.append(page)
    t = room.tally()
    assert (t.joined, t.voted) == (5, 5)
    assert (t.count("build").phones, t.count("wait").phones, t.count("share").phones) == (3, 2, 0)
    # the unavailable option is shown, disabled, with its reason
    share = pages[0].locator('button.opt[value="share"]')
    await playwright_api.expect(share).to_be_disabled()
    await playwright_api.expect(share).to_contain_text("trust")
    # a phone changes its mind
    await pages[4].locator('button.opt[value="build"]').tap()
    await playwright_api.expect(pages[4].locator('button.opt[value="build"]')).to_have_attribute(
        "aria-pressed", "true")
    assert room.tally().count("build").phones == 4 and room.voted == 5
    await pages[0].screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    # the vote closes on the projector: every phone learns it without a reload
    room.skip()
    assert room.phase == Phase.PLAYED and room.last.option == "build"
    # ... and each still sees its own vote beside the room's choice (it saw nothing of its own once closed)
    final = ["build", "build", "wait", "build", "build"]
    for page, mine in zip(pages, final):
        await playwright_api.expect(page.locator("#status")).to_contain_text("The room chose", timeout=10_000)
        build = page.locator('button.opt[value="build"]')
        await playwright_api.expect(build).to_be_disabled()
        await playwright_api.expect(build).to_contain_text("the room's choice · 4 votes")
        await playwright_api.expect(page.locator(f'button.opt[value="{mine}"]')).to_contain_text("✓ Your vote")
        await playwright_api.expect(page.locator(f'button.opt[value="{mine}"]')).to_have_attribute(
            "aria-pressed", "true")
        await playwright_api.expect(page.locator('button.opt[value="wait"]')).to_contain_text("1 vote")
    await playwright_api.expect(pages[0].locator("#status")).to_contain_text(
        "The room chose: Build a second bridge, as you voted.")
    await playwright_api.expect(pages[2].locator("#status")).to_contain_text(
        "The room chose: Build a second bridge. You voted: Do nothing and wait.")
    await pages[2].screenshot(path=str(tmp_path / "closed.png"), full_page=True)
    # a reload keeps the phone in the room (same cookie), and shows the closed vote
    await pages[1].reload()
    await playwright_api.expect(pages[1].locator("#status")).to_contain_text("Vote closed")
    assert room.joined == 5
    shot = os.environ.get("SUMMIT_GAME_SHOTS")
    if shot:  # keep a phone's screenshot to look at: SUMMIT_GAME_SHOTS=/tmp/somewhere
        Path(shot).mkdir(parents=True, exist_ok=True)
        for name in ("phone.png", "closed.png"):
            (Path(shot) / name).write_bytes((tmp_path / name).read_bytes())


@in_the_module_loop
async def test_a_phone_without_javascript_votes_with_the_form(served):
    room = served.room()
    server = await served.start(room)
    page = await served.phone(join=False, viewport={"width": 360, "height": 640}, is_mobile=False,
                              java_script_enabled=False)
    await page.goto(server.page_url)
    await page.fill("#pin", PIN)  # typed by hand, as someone who cannot scan would
    await page.click("button.go")
    await page.click('button.opt[value="listen"]')
    await playwright_api.expect(page.locator('button.opt[value="listen"]')).to_contain_text("Your vote")
    assert re.search(r"/\?pin=3141$", page.url)
    assert room.tally().count("listen").phones == 1


def test_ci_installs_chromium_before_the_tests():
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    install = next(i for i, line in enumerate(ci)
                   if "apt-get install -y -q chromium" in line or "apt_install chromium" in line)
    tests = next(i for i, line in enumerate(ci) if "python -m pytest" in line)
    assert install < tests


@in_the_module_loop
async def test_a_phone_shows_the_scene_only_while_there_is_one_and_no_clock_after_the_end(served):
    # At the ending the script left an empty "Read the scene" and a "--:--" clock on every phone;
    # a page served with no scene never showed one once the script had a decision to show (found
    # in a workshop with six phones).
    room = served.room(route="quick")
    await served.start(room)
    page = await served.phone()
    scene = page.locator("details")
    await playwright_api.expect(scene).to_be_visible()
    await page.locator("details summary").click()
    await playwright_api.expect(scene).to_contain_text(" ".join(room.decision.text.split()[:4]))
    for _ in range(30):  # a raised hand for the first option it can take, every decision, to the end
        if room.finished:
            break
        room.add_hands(next(o.id for o in room.decision.options if o.available))
        room.skip()
        room.next()
    assert room.finished
    await playwright_api.expect(page.locator("#status")).to_contain_text("The game is over", timeout=10_000)
    # headed "Vote" with "0 voted" under it, over a page with nothing to vote on (seen in a workshop)
    await playwright_api.expect(page.locator("h1")).to_have_text("The end")
    await playwright_api.expect(page.locator("#seat")).to_have_text(f"The room played: {room.role_title}")
    await playwright_api.expect(page.locator("#foot")).to_have_text(f"{room.joined} joined")
    await playwright_api.expect(scene).to_be_hidden()
    await playwright_api.expect(page.locator("#left")).to_have_text("")
    await page.wait_for_timeout(600)  # the clock ticks every 250 ms: it must not come back
    assert await page.locator("#left").text_content() == ""
    await page.reload()  # as the server draws it
    await playwright_api.expect(page.locator("#status")).to_contain_text("The game is over")
    await playwright_api.expect(page.locator("h1")).to_have_text("The end")
    await playwright_api.expect(page.locator("#seat")).to_have_text(f"The room played: {room.role_title}")
    await playwright_api.expect(page.locator("#foot")).to_have_text(f"{room.joined} joined")
    await playwright_api.expect(scene).to_be_hidden()
    await playwright_api.expect(page.locator("#left")).to_have_text("")
    assert "Read the scene" not in await page.locator("main").inner_text()


@in_the_module_loop
async def test_a_phone_whose_pin_is_gone_says_how_to_get_back_in_and_stops_asking(served):
    # After 'workshop --resume' the room has a new PIN (it is never stored). An open page kept
    # polling with the old one, and after ten polls told its owner, who had typed nothing:
    # "Too many wrong PINs from this device; wait a minute" (found with a real phone page and a
    # projector killed and resumed in tmux).
    server = await served.start(served.room(route="quick"))
    page = await served.phone()
    await playwright_api.expect(page.locator("#status")).to_contain_text("Tap an option")
    server.room = served.room(route="quick", pin="2718")
    status = page.locator("#status")
    await playwright_api.expect(status).to_contain_text("The PIN has changed", timeout=10_000)
    await playwright_api.expect(page.locator("#status a")).to_have_attribute("href", "/")
    for button in await page.locator("button.opt").all():
        await playwright_api.expect(button).to_be_disabled()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/api/state" in request.url else None)
    await page.wait_for_timeout(3 * FAST_POLL_MS)  # more than two polls' time
    assert asked == []
    await playwright_api.expect(status).to_contain_text("The PIN has changed")
    await page.locator("#status a").click()  # the PIN page: the new PIN typed by hand gets in
    await page.fill("#pin", "2718")
    await page.click("button.go")
    await playwright_api.expect(page.locator("#status")).to_contain_text("Tap an option")


@in_the_module_loop
async def test_a_phone_whose_vote_was_open_when_the_workshop_restarted_no_longer_shows_it_as_in(served):
    # Ctrl+Q in the middle of a vote, then 'workshop --resume': the room takes that vote afresh, and every
    # page left open still said "✓ Your vote" (its button pressed), "3 joined · 1 voted", and counted down,
    # under "The PIN has changed" (found running a workshop with three phones)
    room = served.room()
    room.start_timer()
    server = await served.start(room)
    voter, other = await served.phone(has_touch=True), await served.phone()
    listen = voter.locator('button.opt[value="listen"]')
    await listen.tap()
    await playwright_api.expect(listen).to_contain_text("Your vote")
    await playwright_api.expect(other.locator("#foot")).to_have_text("2 joined · 1 voted")
    server.room = served.room(pin="2718")  # resumed: the same decision open, no vote on it, a new PIN
    server.room.start_timer()
    for page in (voter, other):
        await playwright_api.expect(page.locator("#status")).to_contain_text("The PIN has changed", timeout=10_000)
        await playwright_api.expect(page.locator("h1")).to_have_text("The spring council")  # what it was about
        assert "Your vote" not in await page.locator("#opts").inner_text()
        assert await page.locator('button.opt[aria-pressed="true"]').count() == 0
        await playwright_api.expect(page.locator("#foot")).to_have_text("")
        await playwright_api.expect(page.locator("#left")).to_have_text("")  # no countdown runs on here
        await playwright_api.expect(page.locator(".meta")).to_match_aria_snapshot("- paragraph: Decision 1")
    await playwright_api.expect(voter.locator("#status")).to_contain_text(
        "Your vote on this decision was not kept: vote again once you are back in.")
    assert "not kept" not in await other.locator("#status").text_content()  # it had not voted
    await voter.locator("#status a").click()  # back in with the new PIN: the vote is open, no vote marked
    await voter.fill("#pin", "2718")
    await voter.click("button.go")
    await playwright_api.expect(voter.locator("#status")).to_contain_text("Tap an option")
    await playwright_api.expect(voter.locator('button.opt[value="listen"]')).to_have_attribute("aria-pressed", "false")


@in_the_module_loop
async def test_a_phone_that_cannot_reach_the_laptop_says_so_and_comes_back(served):
    # A phone that lost the room's Wi-Fi (or a workshop that stopped) kept showing the last state with
    # live-looking buttons, and said nothing: its taps went nowhere (found dropping a phone in a workshop).
    room = served.room()
    server = await served.start(room)
    page = await served.phone()
    await playwright_api.expect(page.locator("h1")).to_have_text("The spring council")
    await server.stop()
    status = page.locator("#status")
    await playwright_api.expect(status).to_contain_text("cannot reach the voting page", timeout=15_000)
    assert await page.locator("button.opt").first.is_disabled()
    await served.start(room, port=server.port)  # back on the same address
    await playwright_api.expect(status).to_contain_text("Tap an option to vote", timeout=15_000)
    assert await page.locator("button.opt").first.is_enabled()


@in_the_module_loop
async def test_a_phone_that_waits_while_the_room_chooses_names_the_seat_once_it_is_chosen(served, tutorial,
                                                                                          tmp_path):
    # The phone page never said whose choice the room votes on: a student holding it saw options with no
    # seat. Joined while the projector is at the role choice, the page names none; once the room has
    # chosen, the script's next poll names the seat above the decision, without a reload.
    from summit_game.workshop import Lobby
    from summit_game.workshop.door import Door

    lobby = Lobby(tutorial, Door(time.monotonic, pin=PIN))
    server = await served.start(lobby)
    page = await served.phone()
    await playwright_api.expect(page.locator("h1")).to_have_text("Waiting for the game to start")
    await playwright_api.expect(page.locator("#seat")).to_be_hidden()
    server.room = served.room(route="quick", door=lobby.door)
    title = tutorial.roles["east"].title
    await playwright_api.expect(page.locator("#seat")).to_have_text(f"The room plays: {title}", timeout=10_000)
    await playwright_api.expect(page.locator("h1")).to_have_text("Three ways forward")
    seat, heading = page.locator("#seat"), page.locator("h1")
    assert (await seat.bounding_box())["y"] < (await heading.bounding_box())["y"]
    await page.screenshot(path=str(tmp_path / "phone.png"))


@in_the_module_loop
async def test_a_vote_closed_before_its_countdown_ends_says_closed_not_a_clock_at_zero(served):
    # The facilitator closed the vote with 50 seconds still to run: every phone's clock jumped to "00:00",
    # a countdown running out on a vote that was already over (found with phones in a workshop).
    room = served.room()
    room.start_timer()
    await served.start(room)
    page = await served.phone(has_touch=True)
    clock = page.locator("#left")
    await playwright_api.expect(clock).to_have_text(re.compile(r"^00:[56]\d$"))
    await page.locator('button.opt[value="listen"]').tap()
    await playwright_api.expect(page.locator('button.opt[value="listen"]')).to_contain_text("Your vote")
    room.skip()
    await playwright_api.expect(page.locator("#status")).to_contain_text("The room chose", timeout=10_000)
    await playwright_api.expect(clock).to_have_text("Closed")
    await page.wait_for_timeout(600)  # the clock ticks every 250 ms: no countdown comes back
    assert await clock.text_content() == "Closed"
    await page.reload()  # as the server draws it
    await playwright_api.expect(page.locator("#status")).to_contain_text("The room chose")
    assert await clock.text_content() == "Closed"
    room.next()  # the next decision opens: a clock again
    await playwright_api.expect(clock).to_have_text(re.compile(r"^01:00$"), timeout=10_000)


@in_the_module_loop
async def test_a_long_word_in_a_pack_title_wraps_on_a_phone_with_large_text(served, monkeypatch):
    # A role or option title with a long word (a compound, a URL) ran off the buttons' right edge and made the
    # page scroll sideways on a phone whose text is at 200% (half the width in CSS pixels: 195 of 390).
    word = "Intergovernmental-Verification-Commission-Representative"
    monkeypatch.setattr(Room, "role_title", property(lambda self: word))
    room = served.room()
    d = room.decision
    room.decision = dataclasses.replace(d, title=word, options=tuple(o.replace(label=word) for o in d.options))
    await served.start(room)
    for width, height in ((390, 844), (195, 422)):
        page = await served.phone(viewport={"width": width, "height": height})
        await playwright_api.expect(page.locator("#seat")).to_have_text(f"The room plays: {word}")
        # a phone's browser widens the page to its content: the page is as wide as the screen, no wider
        assert await page.evaluate("document.documentElement.scrollWidth") == width
        # each item's right edge, and whether its text fits it, read in one go: the script draws the buttons
        # anew at every poll, and a button read in two steps (found, then measured) could be gone by the second
        items = await page.evaluate("""() => [...document.querySelectorAll('#seat, h1, button.opt')].map(
            e => ({right: e.getBoundingClientRect().right, fits: e.scrollWidth <= e.clientWidth}))""")
        assert len(items) == 2 + len(room.decision.options)
        for item in items:
            assert item["right"] <= width
            assert item["fits"]
        await page.context.close()


@in_the_module_loop
async def test_a_page_left_open_after_the_game_ends_says_the_workshop_is_over_not_check_the_wifi(served):
    # The facilitator closed the workshop after the debrief: every phone still open on "The game is over"
    # turned into "This phone cannot reach the voting page: check it is on the room's Wi-Fi" (found
    # with a phone left on the table after a workshop).
    room = served.room(route="quick")
    server = await served.start(room)
    page = await served.phone()
    while not room.finished:
        room.add_hands(next(o.id for o in room.decision.options if o.available))
        room.skip()
        room.next()
    status = page.locator("#status")
    await playwright_api.expect(status).to_contain_text("The game is over", timeout=10_000)
    ending = await status.text_content()
    await server.stop()
    await playwright_api.expect(status).to_contain_text("The voting page has closed", timeout=15_000)
    assert ending in await status.text_content()  # the ending is still said
    assert "Wi-Fi" not in await status.text_content()
    # the same workshop starting a new game on the same address: the page follows it again
    await served.start(served.room(route="quick"), port=server.port)
    await playwright_api.expect(status).to_contain_text("Tap an option to vote", timeout=15_000)


@in_the_module_loop
async def test_a_phone_unlocked_shows_where_the_room_is_at_once(served):
    # A locked phone's timers sleep; unlocked, it showed the decision it had left, with live buttons, until
    # its next poll (a minute, once the browser throttles a hidden page), and a tap there was refused as
    # closed. The page's timers are frozen here: only its coming back into view can make it ask.
    room = served.room()
    server = await served.start(room)
    page = await served.phone(join=False)
    await page.clock.install(time=1_800_000_000_000)
    await page.goto(server.join_url)
    status = page.locator("#status")
    await playwright_api.expect(status).to_contain_text("Tap an option")
    await page.clock.pause_at(1_800_000_600_000)  # timers due by then fire once, then none
    # a poll those timers sent is answered (by the server, in this loop) before the room moves on;
    # answered after, it drew decision 2 by itself
    await page.wait_for_timeout(600)
    room.add_hands("listen")
    room.skip()
    room.next()
    await page.wait_for_timeout(300)  # (the page's own clock is frozen: no poll comes by itself)
    await playwright_api.expect(page.locator("h1")).to_have_text("The spring council")
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # the screen wakes
    await playwright_api.expect(page.locator("h1")).to_have_text("Three ways forward")
    await playwright_api.expect(page.locator("#num")).to_have_text("Decision 2")


@in_the_module_loop
async def test_two_quick_taps_mark_the_vote_the_room_holds(served):
    # Two taps in quick succession: the answer to the first came back last and marked it "Your vote",
    # while the room held the second. Here the first answer is held back until the second is drawn.
    import asyncio

    room = served.room()
    # the phone's own poll (a real phone's interval: a sooner one would redraw a wrong mark before it is read)
    server = await served.start(room, poll_ms=POLL_MS)
    page = await served.phone(join=False, has_touch=True)
    second_drawn = asyncio.Event()
    answers = []

    async def hold_the_first(route):
        response = await route.fetch()  # the server counts the vote now, in the order tapped
        answers.append(response)
        if len(answers) == 1:
            await second_drawn.wait()
        await route.fulfill(response=response)
        fulfilled.append(response)

    fulfilled = []
    await page.route("**/vote", hold_the_first)
    await page.goto(server.join_url)
    history, listen = page.locator('button.opt[value="history"]'), page.locator('button.opt[value="listen"]')
    await history.tap()
    while len(answers) < 1:
        await asyncio.sleep(0.05)
    await listen.tap()
    await playwright_api.expect(listen).to_have_attribute("aria-pressed", "true")
    second_drawn.set()
    while len(fulfilled) < 2:
        await asyncio.sleep(0.05)
    await page.wait_for_timeout(300)  # the first answer reaches the script now
    t = room.tally()
    assert (t.count("history").phones, t.count("listen").phones) == (0, 1)  # the room holds the second
    # read at once (a poll 1.5 s later draws the room's state again, and would hide a wrong mark)
    assert [await history.get_attribute("aria-pressed"), await listen.get_attribute("aria-pressed")] == [
        "false", "true"]


@in_the_module_loop
async def test_a_screen_reader_hears_the_clock_as_time_left_only_while_it_counts_down(served):
    # The clock kept aria-label="time left" on a plain span in every state: a screen reader was told "time
    # left" over "Closed" (and over "--:--" with no countdown), and no reader knew it for a timer.
    room = served.room()
    room.start_timer()
    server = await served.start(room)
    page = await served.phone()
    meta = page.locator(".meta")
    await playwright_api.expect(meta).to_match_aria_snapshot(
        '- paragraph:\n  - text: Decision 1\n  - timer "Time left": /00:[56]\\d/')
    room.add_hands("listen")
    room.skip()  # the script redraws it closed
    await playwright_api.expect(meta).to_match_aria_snapshot("- paragraph: Decision 1 Closed", timeout=10_000)
    assert await page.locator("#left").get_attribute("aria-label") is None
    room.next()
    await playwright_api.expect(meta).to_match_aria_snapshot(
        '- paragraph:\n  - text: Decision 2\n  - timer "Time left": /01:00/', timeout=10_000)
    await page.context.close()
    server.room = served.room(seconds=None)
    page = await served.phone()
    await playwright_api.expect(page.locator("#left")).to_have_text("--:--")
    await playwright_api.expect(page.locator(".meta")).to_match_aria_snapshot("- paragraph: Decision 1")
