"""The voting server over real HTTP on loopback (port 0), inside the test's own event loop."""

from __future__ import annotations

import dataclasses
import logging
import re

import aiohttp
import pytest
from yarl import URL

from summit_game.workshop import Limits, Phase, Room
from summit_game.workshop.server import COOKIE, ServerError, VoteServer

PIN = "2468"


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


@pytest.fixture
async def served(tutorial):
    room = Room.new(tutorial, "east", seed=5, pin=PIN, seconds=60, clock=FakeClock())
    server = VoteServer(room)
    await server.start()
    yield room, server
    await server.stop()


def phone() -> aiohttp.ClientSession:
    # unsafe=True: keep cookies from an IP address host (127.0.0.1), as a phone's browser does
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


def base(server: VoteServer) -> str:
    return server.page_url.rstrip("/")


async def join(session, server):
    async with session.get(server.join_url) as r:
        assert r.status == 200
        return await r.text()


async def vote(session, server, option, pin=PIN, decision=None, json=False, **kw):
    data = {"pin": pin, "option": option}
    if decision is not None:
        data["decision"] = str(decision)
    headers = {"Accept": "application/json"} if json else {}
    return await session.post(base(server) + "/vote", data=data, headers=headers, allow_redirects=False, **kw)


async def test_the_join_url_carries_the_pin_and_is_never_a_wildcard(served):
    room, server = served
    assert server.port > 0 and server.running
    assert server.join_url == f"http://127.0.0.1:{server.port}/?pin={PIN}"
    assert "0.0.0.0" not in server.join_url and "only this computer" in server.reach


async def test_without_a_pin_the_page_asks_for_one(served):
    room, server = served
    async with phone() as s:
        async with s.get(server.page_url) as r:
            text = await r.text()
            assert r.status == 200 and 'name="pin"' in text and 'inputmode="numeric"' in text
            assert 'name="viewport"' in text
        async with s.get(server.page_url, params={"pin": PIN}) as r:  # typed by hand
            assert r.status == 200 and "The spring council" in await r.text()
    assert room.joined == 1


async def test_wrong_pins_are_refused_and_change_nothing(served):
    room, server = served
    async with phone() as s:
        async with s.get(server.page_url, params={"pin": "1111"}) as r:
            assert r.status == 403 and "Wrong PIN" in await r.text()
        assert room.joined == 0
        await join(s, server)
        r = await vote(s, server, "listen", pin="0000")
        assert r.status == 403 and "Wrong PIN" in await r.text()
        r = await vote(s, server, "listen", pin="0000", json=True)
        assert r.status == 403 and (await r.json())["reason"] == "pin"
        async with s.get(base(server) + "/api/state", params={"pin": "9"}) as r:
            assert r.status == 403 and (await r.json())["reason"] == "pin"
    assert room.tally().total == 0


async def test_a_phone_past_the_wrong_pin_limit_waits_and_is_sent_to_the_pin_page(served):
    # after ten wrong PINs the right one got in at once (the limit told a guesser which guess was right),
    # and the refusal offered "Back to the vote" to a phone that had never got in
    room, server = served
    async with phone() as s:
        for _ in range(10):
            async with s.get(server.page_url, params={"pin": "1111"}) as r:
                assert r.status == 403
        for pin in ("1111", PIN):
            async with s.get(server.page_url, params={"pin": pin}) as r:
                text = await r.text()
            assert r.status == 429 and "Too many wrong PINs from this device; wait a minute" in text
            assert '<a href="/">Type the PIN again</a>' in text and "Back to the vote" not in text
        assert room.joined == 0
        room.clock.t += 10  # one more try has come back
        await join(s, server)
        assert room.joined == 1


async def test_the_page_sets_one_private_cookie_and_shows_the_decision(served):
    room, server = served
    async with phone() as s:
        async with s.get(server.join_url) as r:
            text = await r.text()
            cookie = r.headers["Set-Cookie"]
        assert cookie.startswith(COOKIE + "=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert "Ask the other side what they need" in text and "Recount who built the bridge" in text
        assert '<form id="vote" method="post" action="/vote">' in text
        assert len(text.encode()) < 12_000  # a few KB, no framework
        assert not re.search(r'(src|href)="https?://', text)  # no external asset
        # the article's verdict on each option is not on the phone while voting
        for option in room.decision.options:
            for quote in option.cite:
                assert quote.quote not in text
        await join(s, server)  # a reload keeps the same token
    assert room.joined == 1


async def test_a_form_post_without_javascript_votes_and_comes_back(served):
    room, server = served
    async with phone() as s:
        await join(s, server)
        r = await vote(s, server, "listen", decision=1)
        assert r.status == 303 and r.headers["Location"] == f"/?pin={PIN}"
        assert room.tally().count("listen").phones == 1
        async with s.get(base(server) + r.headers["Location"]) as page:
            text = await page.text()
        assert "✓ Your vote" in text and "Your vote is in" in text


async def test_one_vote_per_token_and_a_change_replaces_it(served):
    room, server = served
    async with phone() as s:
        await join(s, server)
        for option in ("listen", "listen", "history"):
            r = await vote(s, server, option, json=True)
            assert r.status == 200 and (await r.json())["ok"]
        body = await (await vote(s, server, "history", json=True)).json()
        assert body["changed"] is False and body["state"]["vote"] == "history"
    t = room.tally()
    assert (t.voted, t.count("history").phones, t.count("listen").phones) == (1, 1, 0)


async def test_a_phone_that_reconnects_keeps_its_vote(served):
    room, server = served
    async with phone() as s:
        await join(s, server)
        await vote(s, server, "history")
        token = s.cookie_jar.filter_cookies(URL(server.page_url))[COOKIE].value
    jar = aiohttp.CookieJar(unsafe=True)
    jar.update_cookies({COOKIE: token}, response_url=URL(server.page_url))
    async with aiohttp.ClientSession(cookie_jar=jar) as again:  # a new connection, the same cookie
        text = await join(again, server)
        assert "✓ Your vote" in text
        async with again.get(base(server) + "/api/state", params={"pin": PIN}) as r:
            state = await r.json()
    assert state["vote"] == "history" and state["phase"] == "open" and state["number"] == 1
    assert room.joined == 1 and room.voted == 1


async def test_a_phone_that_joined_and_opens_the_page_again_is_back_at_its_vote(served):
    # a phone that typed a wrong PIN first, then the right one, and votes: Back (or the address typed
    # again, a restored tab) opened "/?pin=WRONG" or "/" and showed "Wrong PIN" or the PIN page over
    # a vote that was in. Now it goes back to its vote; a phone that never joined is asked as before.
    room, server = served
    async with phone() as s:
        async with s.get(server.page_url, params={"pin": "1357"}) as r:
            assert r.status == 403 and "Wrong PIN" in await r.text()
        async with s.get(server.page_url, params={"pin": PIN}) as r:
            assert r.status == 200
        await vote(s, server, "history")
        for params in ({"pin": "1357"}, {}, {"pin": ""}):
            async with s.get(server.page_url, params=params, allow_redirects=False) as r:
                assert r.status == 303 and r.headers["Location"] == f"/?pin={PIN}"
            async with s.get(server.page_url, params=params) as r:
                text = await r.text()
                assert r.status == 200 and "Wrong PIN" not in text
                assert "✓ Your vote" in text and "Your vote is in" in text
    assert room.joined == 1 and room.voted == 1
    async with phone() as other:  # never joined: the PIN page, and a wrong PIN is still wrong
        async with other.get(server.page_url) as r:
            assert r.status == 200 and 'name="pin"' in await r.text()
        async with other.get(server.page_url, params={"pin": "1357"}, allow_redirects=False) as r:
            assert r.status == 403 and "Wrong PIN" in await r.text()
    assert room.joined == 1


async def test_a_closed_decision_refuses_and_changes_nothing(served):
    room, server = served
    async with phone() as s:
        await join(s, server)
        await vote(s, server, "listen")
        room.skip()
        assert room.phase == Phase.PLAYED
        closed = room.tally()
        r = await vote(s, server, "history")
        assert r.status == 409 and "closed" in (await r.text())
        assert room.tally() == closed
        async with s.get(base(server) + "/api/state", params={"pin": PIN}) as st:
            view = await st.json()
        assert view["phase"] == "played" and view["chose"] == "Ask the other side what they need"
        # the phone sees what it chose beside the room's choice (a form post, no script: the page says it)
        assert view["vote"] == "listen" and view["played"] == "listen"
        assert [o["votes"] for o in view["options"] if o["id"] == "listen"] == [1]
        async with s.get(base(server) + "/", params={"pin": PIN}) as page:
            text = await page.text()
        assert "The room chose: Ask the other side what they need, as you voted." in text
        assert "✓ Your vote · ◀ the room&#x27;s choice · 1 vote</small>" in text
        room.next()
        r = await vote(s, server, "build", decision=1, json=True)  # a stale form for decision 1
        body = await r.json()
        assert r.status == 409 and body["reason"] == "closed" and body["state"]["number"] == 2
        assert room.tally().total == 0
        r = await vote(s, server, "build", decision=2, json=True)
        assert r.status == 200


async def test_a_phone_is_told_when_the_facilitator_broke_a_tie(served):
    room, server = served
    async with phone() as s, phone() as t:
        await join(s, server)
        await join(t, server)
        await vote(s, server, "listen")
        await vote(t, server, "history")
        room.skip()
        assert room.phase == Phase.TIE and room.pick("history").ok
        async with s.get(base(server) + "/", params={"pin": PIN}) as page:
            text = await page.text()
        assert ("Vote closed. After a tie, the facilitator picked: Recount who built the bridge. You voted: Ask the "
                "other side what they need.") in text


async def test_the_phone_says_when_the_countdown_has_not_started_or_is_paused(served):
    # the page showed "01:00" standing still before the facilitator pressed space, and while paused,
    # with nothing to say why
    room, server = served

    async def status(s):
        async with s.get(base(server) + "/api/state", params={"pin": PIN}) as r:
            return (await r.json())["status"]

    async with phone() as s:
        await join(s, server)
        assert room.timer.status == "idle"
        assert await status(s) == ("Tap an option to vote. You can change it until the vote closes. "
                                   "The countdown has not started yet.")
        room.start_timer()
        assert await status(s) == "Tap an option to vote. You can change it until the vote closes."
        await vote(s, server, "listen")
        room.pause_timer()
        assert await status(s) == ("Your vote is in. You can change it until the vote closes. "
                                   "The countdown is paused.")
        async with s.get(server.join_url) as r:  # the page without the script says the same
            assert "The countdown is paused." in await r.text()


async def test_a_vote_nobody_took_part_in_is_not_called_a_tie_on_the_phones(served):
    # closed with no votes, the room "tied" at nought: the phones said "a tie", then "A tie: the
    # facilitator picked", to a room that had not voted at all
    room, server = served
    async with phone() as s:
        await join(s, server)
        room.skip()
        assert room.phase == Phase.TIE
        async with s.get(base(server) + "/api/state", params={"pin": PIN}) as r:
            status = (await r.json())["status"]
        assert status == "Vote closed: nobody voted. The facilitator decides."
        assert room.pick("history").ok
        async with s.get(base(server) + "/api/state", params={"pin": PIN}) as r:
            status = (await r.json())["status"]
        assert "tie" not in status.lower()
        assert status.startswith("Vote closed. Nobody voted; the facilitator picked: Recount who built the bridge")


async def test_a_phone_that_did_not_vote_is_told_so_about_the_decision_not_the_option(served):
    # "The room chose: Ask the other side what they need (you did not vote on this one)" read as "you
    # did not vote for this option"
    room, server = served
    async with phone() as s, phone() as t:
        await join(s, server)
        await join(t, server)
        await vote(t, server, "listen")
        room.skip()
        async with s.get(base(server) + "/api/state", params={"pin": PIN}) as r:
            status = (await r.json())["status"]
    assert status == ("Vote closed. The room chose: Ask the other side what they need. You did not vote on this "
                      "decision. Watch the screen; the next decision appears here.")


async def test_unknown_options_and_bad_fields_are_refused(served):
    room, server = served
    async with phone() as s:
        await join(s, server)
        r = await vote(s, server, "repairs", json=True)
        assert r.status == 400 and (await r.json())["reason"] == "unknown_option"
        r = await s.post(base(server) + "/vote", data={"pin": PIN}, allow_redirects=False)
        assert r.status == 400
        r = await vote(s, server, "listen", decision="two")
        assert r.status == 400
    async with phone() as nocookie:  # no cookie: refused, not counted under a throwaway token
        r = await vote(nocookie, server, "listen")
        assert r.status == 400 and "cookie" in await r.text()
    assert room.tally().total == 0


async def test_an_oversize_body_is_refused(served):
    room, server = served
    async with phone() as s:
        await join(s, server)
        r = await s.post(base(server) + "/vote", data={"pin": PIN, "option": "listen", "pad": "x" * 10_000},
                         allow_redirects=False)
        assert r.status == 413 and "Too much data" in await r.text()
    assert room.tally().total == 0


async def test_a_flood_is_refused(tutorial):
    room = Room.new(tutorial, "east", seed=5, pin=PIN, clock=FakeClock(),
                    limits=Limits(token_burst=3, token_rate=0.001, address_burst=8, address_rate=0.001))
    server = VoteServer(room)
    await server.start()
    try:
        async with phone() as s:
            await join(s, server)
            statuses = [(await vote(s, server, ("listen", "history")[i % 2], json=True)).status for i in range(5)]
            assert statuses == [200, 200, 200, 429, 429]
            assert room.vote_of(s.cookie_jar.filter_cookies(URL(server.page_url))[COOKIE].value) == "listen"
            for _ in range(3):
                async with s.get(server.join_url) as r:
                    pass
            assert r.status == 429 and r.headers["Retry-After"]
    finally:
        await server.stop()


async def test_bad_methods_and_paths_get_a_clear_refusal(served):
    room, server = served
    async with phone() as s:
        async with s.get(base(server) + "/vote") as r:
            assert r.status == 405 and "GET is not accepted" in await r.text()
        async with s.put(server.page_url) as r:
            assert r.status == 405
        async with s.get(base(server) + "/admin") as r:
            assert r.status == 404 and "no such page" in await r.text()
        async with s.get(base(server) + "/favicon.ico") as r:
            assert r.status == 204
        async with s.get(base(server) + "/api/nothing") as r:
            assert r.status == 404 and (await r.json())["reason"] == "not_found"


async def test_pack_text_is_escaped_everywhere(served, monkeypatch):
    room, server = served
    hostile = '<script>alert("x")</script> & <b>'
    monkeypatch.setattr(type(room), "role_title", property(lambda self: hostile + " seat"))  # the role's title too
    d = room.decision
    room.decision = dataclasses.replace(
        d, title=hostile, text=hostile,
        options=tuple(o.replace(label=hostile + o.id) for o in d.options))
    async with phone() as s:
        text = await join(s, server)
        async with s.get(base(server) + "/api/state", params={"pin": PIN}) as r:
            state = await r.json()
    assert "<script>alert" not in text and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in text
    assert ('<p id="seat" class="seat">The room plays: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; '
            '&lt;b&gt; seat</p>') in text
    assert state["seat"] == hostile + " seat"
    assert state["title"] == hostile  # JSON carries the text; the page's script sets textContent only
    assert "innerHTML" not in text


async def test_every_vote_reaches_the_room_listeners_and_no_access_log(served, caplog):
    room, server = served
    seen = []
    room.subscribe(lambda ev: seen.append(ev.kind))
    with caplog.at_level(logging.DEBUG, logger="aiohttp.access"):
        async with phone() as s:
            await join(s, server)
            await vote(s, server, "listen")
    assert seen == ["joined", "vote"]
    assert not [r for r in caplog.records if r.name == "aiohttp.access"]


async def test_security_headers(served):
    room, server = served
    async with phone() as s:
        async with s.get(server.join_url) as r:
            h = r.headers
    assert "default-src 'none'" in h["Content-Security-Policy"] and h["Referrer-Policy"] == "no-referrer"
    assert h["X-Content-Type-Options"] == "nosniff" and h["Cache-Control"] == "no-store"


async def test_a_port_in_use_is_a_clear_error(served, tutorial):
    room, server = served
    other = VoteServer(room, port=server.port)
    with pytest.raises(ServerError, match=f"port {server.port}.*--port"):
        await other.start()
    assert not other.running


async def test_joined_is_the_phones_in_the_room(served):
    from summit_game.workshop.door import AWAY

    # A room of 6 showed "7 joined" after a phone dropped and came back with a new page (its cookie lost)
    room, server = served
    phones = [phone() for _ in range(6)]
    try:
        for s in phones:
            await join(s, server)
        await join(phones[0], server)  # a reload keeps its cookie: the same phone
        assert room.joined == 6
        await phones[5].close()
        phones[5] = phone()  # the dropped phone comes back without its cookie
        await join(phones[5], server)
        assert room.joined == 7  # for now: the old page has not been silent long
        room.clock.t += 20  # the six pages poll on; the lost one has said nothing for 20 s
        for s in phones:
            async with s.get(base(server) + "/api/state", params={"pin": PIN}) as r:
                view = await r.json()
        assert view["joined"] == 7 and room.present == 6  # a locked screen is silent too: not gone yet
        room.clock.t += AWAY  # five minutes on: the lost page has left the room
        for s in phones:
            async with s.get(base(server) + "/api/state", params={"pin": PIN}) as r:
                view = await r.json()
        assert view["joined"] == 6 and room.joined == 6 and room.present == 6
    finally:
        for s in phones:
            await s.close()


async def test_the_phone_names_the_seat_the_room_plays(served):
    # A student holding a phone saw the decision and its options but not whose choice it was: the seat
    # the room plays is named on the page and in the state its script polls
    room, server = served
    title = room.pack.roles["east"].title
    async with phone() as s:
        text = await join(s, server)
        async with s.get(base(server) + "/api/state", params={"pin": PIN}) as r:
            state = await r.json()
    assert f'<p id="seat" class="seat">The room plays: {title}</p>' in text
    assert text.index('id="seat"') < text.index('id="title"')  # above the decision's title
    assert state["seat"] == title
    assert 'seat.textContent=st.seat?(st.phase==="ended"?"The room played: ":"The room plays: ")+st.seat:""' \
        in text  # the script keeps it in step


async def test_once_the_game_is_over_the_phone_says_whom_the_room_played(served):
    # Over 'The end' the page said 'The room plays: ...' (the projector's ending says 'The room played')
    room, server = served
    title = room.pack.roles["east"].title
    for _ in range(30):  # a raised hand for the first option it can take, every decision, to the end
        if room.finished:
            break
        room.add_hands(next(o.id for o in room.decision.options if o.available))
        room.skip()
        room.next()
    assert room.finished
    async with phone() as s:
        text = await join(s, server)
    assert f'<p id="seat" class="seat">The room played: {title}</p>' in text and "<h1 id=\"title\">The end</h1>" in text


async def test_while_the_room_chooses_its_seat_the_phone_names_none(tutorial):
    from summit_game.workshop import Lobby
    from summit_game.workshop.door import Door

    lobby = Lobby(tutorial, Door(FakeClock(), pin=PIN))
    server = VoteServer(lobby)
    await server.start()
    try:
        async with phone() as s:
            text = await join(s, server)
            async with s.get(base(server) + "/api/state", params={"pin": PIN}) as r:
                state = await r.json()
    finally:
        await server.stop()
    assert state["phase"] == "waiting" and state["seat"] is None
    assert '<p id="seat" class="seat" hidden></p>' in text and "The room plays" not in text.split("<script")[0]


async def test_a_vote_closed_early_shows_closed_where_the_clock_was(served):
    # closed by the facilitator with 50 s left, the page's clock read "00:00"
    room, server = served
    room.start_timer()
    room.clock.t = 10.0
    async with phone() as s:
        page = await join(s, server)
        assert '<span id="left" role="timer" aria-label="Time left">00:50</span>' in page
        room.skip()
        page = await join(s, server)
        assert '<span id="left">Closed</span>' in page
        assert "00:00" not in page


async def test_the_clock_is_named_for_a_screen_reader_only_while_it_counts_down(tutorial):
    # it kept aria-label="time left" on a plain span in every state: over "Closed", over "--:--" (no
    # countdown) and over nothing at the end; a reader that reads a span's label read "time left" for "Closed"
    async def clock(room):
        server = VoteServer(room)
        await server.start()
        try:
            async with phone() as s:
                return re.search(r'<span id="left"[^>]*>[^<]*</span>', await join(s, server)).group(0)
        finally:
            await server.stop()

    room = Room.new(tutorial, "east", route="quick", seed=5, pin=PIN, seconds=60, clock=FakeClock())
    assert await clock(room) == '<span id="left" role="timer" aria-label="Time left">01:00</span>'  # not started
    room.start_timer()
    room.clock.t = 12.5
    room.pause_timer()
    assert await clock(room) == '<span id="left" role="timer" aria-label="Time left">00:48</span>'  # paused
    while not room.finished:
        assert room.add_hands(next(o.id for o in room.decision.options if o.available))
        assert room.skip() and room.phase == Phase.PLAYED
        assert await clock(room) == '<span id="left">Closed</span>'
        assert room.next()
    assert await clock(room) == '<span id="left"></span>'
    untimed = Room.new(tutorial, "east", seed=5, pin=PIN, seconds=None, clock=FakeClock())
    assert await clock(untimed) == '<span id="left" aria-hidden="true">--:--</span>'  # said by no reader
