"""The phones' voting page: a small aiohttp app run inside the caller's asyncio loop.

No thread, no second process: the Textual app starts it on mount and stops it on
exit, and every vote reaches the room (and its listeners, the projector) as it
arrives::

    server = VoteServer(room, lan.listen(host, use_lan), port=0)
    port = await server.start()        # the bound port (0 asks the system for a free one)
    server.join_url                    # http://192.168.1.23:8123/?pin=4821  (for the QR code)
    server.page_url                    # http://192.168.1.23:8123/           (type the PIN there)
    server.reach                       # who can open it, in words (from summit_game.lan)
    ...
    await server.stop()

``ServerError`` (for example a port in use) carries a message for the facilitator.
``server.room`` may be replaced by another Room (a new game) while it runs. It may start
with a ``Lobby`` (the projector at the role choice): phones join and wait, and the page
turns into the vote when the Room that shares the lobby's door takes its place.

Routes (everything but ``/`` needs the PIN; every vote needs it):

    GET  /?pin=PIN     the voting page (without a right PIN: the page to type it; a phone that has
                       joined already is sent back to its vote, 303 to the right PIN)
    POST /vote         form fields pin, option, decision; a plain form post answers 303 back to
                       the page, a script asking ``Accept: application/json`` gets JSON
    GET  /api/state    ?pin=PIN: the phone's view as JSON (what the script polls)

Each device gets one random token in a cookie (HttpOnly, SameSite=Strict); nothing else
about it is kept. A refusal (wrong PIN, flood, closed vote, unknown option, oversize body,
wrong method, unknown path) is a short page or JSON with the reason, a 4xx status, and
changes nothing. No access log is written (the facilitator's terminal is the projector).
Pack text is HTML-escaped everywhere, and the script only ever sets ``textContent``.
The article's verdict on the options is never on this page.
"""

from __future__ import annotations

import contextvars
import hmac
import html
import json
import secrets
from typing import Any

from aiohttp import web

from .. import lan
from .door import Lobby
from .room import Accepted, Phase, Refused, Room, Timer, new_token

COOKIE = "sg_token"
COOKIE_AGE = 12 * 3600
MAX_BODY = 2048  # a vote is three short fields
POLL_MS = 1500
# the CSP nonce of the request being handled (a context variable: aiohttp runs each request in its own task)
_NONCE: contextvars.ContextVar[str] = contextvars.ContextVar("summit_game_csp_nonce", default="")

STATUS = {"pin": 403, "closed": 409, "unknown_option": 400, "unavailable": 409, "flood": 429, "full": 503,
          "bad_token": 400, "bad_request": 400, "too_large": 413, "method": 405, "not_found": 404}


class ServerError(Exception):
    """The voting page could not start (the message says why and what to do)."""


# ---------------------------------------------------------------- the phone's view


WAITING_TITLE = "Waiting for the game to start"


def phone_view(room: "Room | Lobby", token: str | None) -> dict[str, Any]:
    """What a phone is shown now, as JSON-ready data (the page and the script both read this).

    Keys: ``phase`` ("waiting" before the game starts, then "open", "tie", "played", "ended"),
    ``number``, ``title``, ``text``, ``options`` ([{id, number, label, available, reason}]; once the
    vote closes each has ``votes``, its phones and hands), ``vote`` (this device's option id or null: on
    the open decision, and on the closed one while its result is shown), ``left`` (seconds or null),
    ``timer`` (idle/running/paused/done), ``chose`` and ``played`` (the label and id the room played,
    after the vote; ``picked``: true when the facilitator broke a tie), ``ending`` (its title, at the end), ``joined``, ``voted``, ``v`` (the room's
    version), ``seat`` (the title of the role the room plays, or null while it chooses: a phone in a
    student's hand says whose choice it votes on). No citations: no verdicts.
    """
    if isinstance(room, Lobby):  # the projector is at the role choice: the page waits, then turns into the vote
        return {"phase": "waiting", "number": None, "title": WAITING_TITLE, "text": "", "options": [], "vote": None,
                "left": None, "timer": "idle", "chose": None, "played": None, "ending": None,
                "joined": room.joined, "voted": 0, "v": room.version, "seat": None}
    d = room.decision
    left = room.time_left()
    view: dict[str, Any] = {
        "phase": str(room.phase),
        "number": d.number if d else None,
        "title": d.title if d else "",
        "text": d.text if d else "",
        "options": [{"id": o.id, "number": o.number, "label": o.label, "available": o.available,
                     "reason": o.reason} for o in d.options] if d else [],
        "vote": (room.vote_of(token) or room.closed_vote_of(token)) if token else None,
        "left": None if left is None else round(left, 1),
        "timer": room.timer.status,
        "chose": None,
        "played": None,
        "ending": None,
        "joined": room.joined,
        "voted": room.tally().voted,  # after the close: how many had voted on it
        "v": room.version,
        "seat": room.role_title,
    }
    if room.phase in (Phase.TIE, Phase.PLAYED):  # the split is on the projector now: the phones see it too
        tally = room.tally()
        for o in view["options"]:
            o["votes"] = tally.count(o["id"]).total
    if room.phase == Phase.PLAYED and room.last is not None:
        view["chose"], view["played"] = room.last.label, room.last.option
        view["picked"] = room.last.tie_pick  # a tie the facilitator broke: the phones are told so
    if room.phase == Phase.ENDED:
        ending = room.pack.endings.get(room.state.ending or "")
        view["ending"] = ending.title if ending else ""
        view["title"] = "The end"  # not "Vote" over a page with nothing left to vote on
    return view


def seat_line(view: dict[str, Any]) -> str:
    """The seat the room plays, above the decision ('The room played: ...' once the game is over, as on the
    projector's ending; it said 'plays' over 'The end'). The script writes the same words."""
    if not view.get("seat"):
        return ""
    return f"The room {'played' if view['phase'] == 'ended' else 'plays'}: {view['seat']}"


def clock_text(view: dict[str, Any]) -> str:
    """The clock in the phone's top corner: the time left while the vote is open, "Closed" once it has
    closed (closed early by the facilitator it showed "00:00", a clock running out on a vote that was
    over), nothing while the room waits or after the end. The script writes the same words."""
    if view["phase"] in ("ended", "waiting"):
        return ""
    if view["phase"] in ("tie", "played"):
        return "Closed"
    return Timer.mmss(view["left"])


def clock_attributes(view: dict[str, Any]) -> str:
    """What a screen reader is told of the clock, as its attributes. A countdown (running, paused or not yet
    started) is a timer named "Time left"; "Closed" says itself; a vote with no countdown shows "--:--",
    which is hidden from it. (The clock kept aria-label="time left" on a plain span in every state, over
    "Closed" too, and a span's label is not read at all.) The script sets the same attributes."""
    if view["phase"] != "open":
        return ""
    if view["left"] is None:
        return ' aria-hidden="true"'
    return ' role="timer" aria-label="Time left"'


def status_line(view: dict[str, Any]) -> str:
    phase = view["phase"]
    if phase == "waiting":
        return ("You are in. The room is choosing whom it plays: keep this page open, the first vote appears "
                "here when it opens.")
    if phase == "open":
        # the page shows the full time, standing still, before the facilitator starts the countdown and
        # while it is paused: it says why (a phone could not tell it from a frozen page)
        clock = {"idle": " The countdown has not started yet.", "paused": " The countdown is paused."}.get(
            view["timer"], "") if view["left"] is not None else ""
        if view["vote"]:
            return "Your vote is in. You can change it until the vote closes." + clock
        return "Tap an option to vote. You can change it until the vote closes." + clock
    mine = next((o["label"] for o in view["options"] if o["id"] == view["vote"]), None)
    nobody = not any(o.get("votes") for o in view["options"])  # closed with no votes: level, but no tie
    if phase == "tie":
        if nobody:
            return "Vote closed: nobody voted. The facilitator decides."
        return "Vote closed: a tie. The facilitator decides." + (f" You voted: {mine}." if mine else "")
    if phase == "played":
        # "(you did not vote on this one)" after the option's name read as "not for this option", and
        # "A tie: the facilitator picked: X" stacked two colons
        if mine is None:
            voted = ". You did not vote on this decision"
        elif view["vote"] == view["played"]:
            voted = ", as you voted"
        else:
            voted = f". You voted: {mine}"
        chose = ("Nobody voted; the facilitator picked" if nobody else "After a tie, the facilitator picked") \
            if view.get("picked") else "The room chose"
        return (f"Vote closed. {chose}: {view['chose']}{voted}. Watch the screen; the next decision "
                "appears here.")
    return f"The game is over: {view['ending']}. Thank you for voting."


def option_note(option: dict[str, Any], mine: bool, played: str | None) -> str:
    """The small line under an option's button: this phone's vote, the room's choice and, once the vote
    has closed, its votes; why it is unavailable. (The script writes the same words.)"""
    parts = []
    if mine:
        parts.append("✓ Your vote")
    if played is not None and option["id"] == played:
        parts.append("◀ the room's choice")
    if "votes" in option:
        n = option["votes"]
        parts.append(f"{n} vote{'' if n == 1 else 's'}")
    if not option["available"] and option["reason"]:
        parts.append(option["reason"])
    return " · ".join(parts)


# ---------------------------------------------------------------- HTML

CSS = """
*{box-sizing:border-box}body{margin:0;font:18px/1.4 system-ui,sans-serif;background:#fff;color:#000;
overflow-wrap:break-word;overflow-wrap:anywhere}
main{max-width:34rem;margin:0 auto;padding:12px}h1{font-size:1.4rem;margin:.2em 0 .4em}
.meta{display:flex;justify-content:space-between;font-weight:700;margin:0}
#left{font-variant-numeric:tabular-nums;font-size:1.3rem}
.status{background:#eee;border-left:6px solid #000;padding:8px 10px;margin:8px 0}
.err{background:#fff0f0;border-left-color:#b00000}
button.opt{display:block;width:100%;min-height:64px;margin:10px 0;padding:12px;text-align:left;
font:inherit;font-weight:600;background:#fff;color:#000;border:3px solid #000;border-radius:10px}
button.opt[aria-pressed=true]{background:#000;color:#fff}button.opt:disabled{border-style:dashed;color:#555}
button.opt[aria-pressed=true]:disabled{color:#fff}button.opt.won{border-style:solid;border-width:5px;color:#000}
button.opt.won[aria-pressed=true]{color:#fff}
button.opt small{display:block;font-weight:400}.n{display:inline-block;min-width:1.6em}
input[type=text]{font:inherit;font-size:2rem;width:8ch;padding:6px;border:3px solid #000;letter-spacing:.2em}
.go{font:inherit;font-weight:700;min-height:56px;padding:0 24px;border:3px solid #000;background:#000;color:#fff;border-radius:10px}
.seat{margin:.3em 0 0;color:#333}.foot{color:#333;font-size:.9rem}details{margin-top:14px}a{color:#00e}
"""

SCRIPT = r"""
(function(){
var f=document.getElementById("vote");if(!f||!window.fetch||!window.URLSearchParams)return;
var pin=f.elements.pin.value,last=null,left=null,at=0,running=false,ended=false,closed=false,over=false,said="",taps=0,busy=false,gone=false,missed=0;
function $(i){return document.getElementById(i)}
function mmss(s){if(s===null)return"--:--";s=Math.max(0,Math.ceil(s));var m=Math.floor(s/60),r=s%60;
return(m<10?"0":"")+m+":"+(r<10?"0":"")+r}
function tick(){var s=left;if(s!==null&&running)s=left-(Date.now()-at)/1000;$("left").textContent=ended?"":closed?"Closed":mmss(s)}
function clock(open){var c=$("left"),timer=open&&left!==null;
 if(timer){c.setAttribute("role","timer");c.setAttribute("aria-label","Time left")}else{c.removeAttribute("role");c.removeAttribute("aria-label")}
 if(open&&left===null)c.setAttribute("aria-hidden","true");else c.removeAttribute("aria-hidden")}
function render(st,err){
 last=st;left=st.left;at=Date.now();running=st.phase==="open"&&st.timer==="running";ended=st.phase==="ended"||st.phase==="waiting";
 closed=st.phase==="tie"||st.phase==="played";over=st.phase==="ended";said=st.status;tick();clock(st.phase==="open");
 $("num").textContent=st.number?"Decision "+st.number:"";$("title").textContent=st.title||"Vote";
 var seat=$("seat");seat.textContent=st.seat?(st.phase==="ended"?"The room played: ":"The room plays: ")+st.seat:"";seat.hidden=!st.seat;
 f.elements.decision.value=st.number||"";
 var box=$("opts"),open=st.phase==="open";while(box.firstChild)box.removeChild(box.firstChild);
 if(st.phase!=="ended")st.options.forEach(function(o){
  var b=document.createElement("button");b.className=st.played!==null&&o.id===st.played?"opt won":"opt";
  b.name="option";b.value=o.id;
  var mine=st.vote===o.id;b.setAttribute("aria-pressed",mine?"true":"false");b.disabled=!open||!o.available;
  var n=document.createElement("span");n.className="n";n.textContent=o.number+".";b.appendChild(n);
  b.appendChild(document.createTextNode(" "+o.label));
  var note=[];if(mine)note.push("\u2713 Your vote");if(st.played!==null&&o.id===st.played)note.push("\u25c0 the room's choice");
  if(o.votes!==undefined)note.push(o.votes+(o.votes===1?" vote":" votes"));if(!o.available&&o.reason)note.push(o.reason);
  if(note.length){var s=document.createElement("small");s.textContent=note.join(" \u00b7 ");b.appendChild(s)}
  box.appendChild(b)});
 var p=$("status");p.textContent=err||st.status;p.className=err?"status err":"status";
 $("foot").textContent=st.joined+" joined"+(st.phase==="waiting"||st.phase==="ended"?"":" \u00b7 "+st.voted+" voted");
 var t=$("text");t.textContent="";(st.text||"").split("\n\n").forEach(function(x){x=x.trim();
  if(x){var q=document.createElement("p");q.textContent=x;t.appendChild(q)}});
 $("scene").hidden=!st.text;
}
function poll(){if(gone)return;fetch("/api/state?pin="+encodeURIComponent(pin),{credentials:"same-origin",cache:"no-store"})
 .then(function(r){return r.json()}).then(function(st){missed=0;if(busy)return;if(st.phase)render(st);else if(st.reason==="pin")lost();
 else if(st.message)say(st.message)})
 .catch(function(){
  // the laptop cannot be reached (this phone left the Wi-Fi, the workshop stopped): say so, keep trying;
  // the next answer draws the page again
  // after the end, the workshop closing its page is no Wi-Fi trouble: the page keeps the ending and says so
  if(++missed===3&&over){var p=$("status");p.textContent=said+" The voting page has closed.";return}
  if(missed===3){say("This phone cannot reach the voting page: check it is on the room's Wi-Fi. "+
   "It keeps trying, and shows the vote again when it can.");
   var bs=document.querySelectorAll("button.opt");for(var i=0;i<bs.length;i++)bs[i].disabled=true}})}
function lost(){
 // the PIN this page holds is no longer the room's (the workshop was restarted with --resume): stop
 // asking with it (each try counts against this phone's wrong-PIN limit) and say how to get back in
 gone=true;
 // the restarted room takes the open vote afresh: this phone's vote on it, the room's count and the clock
 // are gone with it (the page went on saying "Your vote", "1 voted" and counting down)
 var had=last&&last.phase==="open"&&last.vote!==null;
 if(last&&last.phase==="open"){last.vote=null;render(last);ended=true;running=false;tick();clock(false);$("foot").textContent=""}
 var p=$("status"),a=document.createElement("a");a.href="/";a.textContent="type the new PIN";
 p.textContent="The PIN has changed (the workshop was restarted): scan the code on the screen again, or ";
 p.appendChild(a);p.appendChild(document.createTextNode("."+(had?" Your vote on this decision was not kept: vote again once you are back in.":"")));
 p.className="status err";
 var bs=document.querySelectorAll("button.opt");for(var i=0;i<bs.length;i++)bs[i].disabled=true}
function say(m){var p=$("status");p.textContent=m;p.className="status err"}
f.addEventListener("click",function(e){
 var b=e.target.closest?e.target.closest("button.opt"):null;if(!b||b.disabled)return;e.preventDefault();
 var d=new URLSearchParams();d.append("pin",pin);d.append("decision",f.elements.decision.value);d.append("option",b.value);
 // two taps in quick succession: only the answer to the last one is drawn (answers can come back out of order,
 // and the earlier one marked a vote the room no longer held)
 busy=true;var mine=++taps;fetch("/vote",{method:"POST",body:d,credentials:"same-origin",headers:{"Accept":"application/json"}})
 .then(function(r){return r.json()}).then(function(j){if(mine!==taps)return;busy=false;
 if(j.state)render(j.state,j.ok?null:j.message);else if(j.reason==="pin")lost();else say(j.message)})
 .catch(function(){if(mine!==taps)return;busy=false;f.submit()})});
// a phone unlocked (or this tab shown again) asks at once: its timers slept while it was hidden, and a tap on
// the decision it still showed was refused as closed when the room had moved on
document.addEventListener("visibilitychange",function(){if(!document.hidden)poll()});
window.addEventListener("pageshow",function(e){if(e.persisted)poll()});
setInterval(tick,250);setInterval(poll,POLL);poll();
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_e(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _page(title: str, body: str, nonce: str, script: str = "", refresh: bool = False) -> str:
    head_extra = '<noscript><meta http-equiv="refresh" content="5"></noscript>' if refresh else ""
    js = f'<script nonce="{nonce}">{script}</script>' if script else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{_e(title)}</title><style nonce=\"{nonce}\">{CSS}</style>{head_extra}</head>"
            f"<body><main>{body}</main>{js}</body></html>")


def vote_page(room: Room, token: str | None, nonce: str, error: str | None = None, poll_ms: int = POLL_MS) -> str:
    view = phone_view(room, token)
    open_ = view["phase"] == "open"
    buttons = []
    if view["phase"] != "ended":
        for o in view["options"]:
            mine = view["vote"] == o["id"]
            note = option_note(o, mine, view["played"])
            disabled = "" if open_ and o["available"] else " disabled"
            buttons.append(
                f'<button class="opt{" won" if o["id"] == view["played"] else ""}" name="option" value="{_e(o["id"])}"'
                f' aria-pressed="{"true" if mine else "false"}"'
                f'{disabled}><span class="n">{o["number"]}.</span> {_e(o["label"])}'
                + (f"<small>{_e(note)}</small>" if note else "") + "</button>")
    status = error or status_line(view)
    number = f"Decision {view['number']}" if view["number"] else ""
    body = (
        f'<p class="meta"><span id="num">{_e(number)}</span>'
        f'<span id="left"{clock_attributes(view)}>{_e(clock_text(view))}</span></p>'
        f'<p id="seat" class="seat"{"" if view["seat"] else " hidden"}>{_e(seat_line(view))}</p>'
        f'<h1 id="title">{_e(view["title"] or "Vote")}</h1>'
        f'<p id="status" class="status{" err" if error else ""}" role="status">{_e(status)}</p>'
        f'<form id="vote" method="post" action="/vote">'
        f'<input type="hidden" name="pin" value="{_e(room.pin)}">'
        f'<input type="hidden" name="decision" value="{_e(view["number"] or "")}">'
        f'<div id="opts">{"".join(buttons)}</div></form>'
        # always there (hidden while there is no scene: the script shows it when a decision opens)
        + f'<details id="scene"{"" if view["text"] else " hidden"}><summary>Read the scene</summary>'
          f'<div id="text">{_paragraphs(view["text"])}</div></details>'
        + f'<p id="foot" class="foot">{view["joined"]} joined'
        + ("" if view["phase"] in ("waiting", "ended") else f' · {view["voted"]} voted') + "</p>"
    )
    script = SCRIPT.replace("POLL", str(poll_ms))
    return _page(f"Vote: {room.pack.title}", body, nonce, script, refresh=True)


def pin_page(nonce: str, error: str | None = None) -> str:
    body = (
        "<h1>Join the vote</h1>"
        + (f'<p class="status err" role="alert">{_e(error)}</p>' if error else "")
        + '<form method="get" action="/"><p><label for="pin">Type the PIN shown on the screen:</label></p>'
        '<p><input type="text" id="pin" name="pin" inputmode="numeric" pattern="[0-9]*" maxlength="8" '
        'autocomplete="off" autofocus> <button class="go" type="submit">Join</button></p></form>'
        '<p class="foot">Nothing about you is stored: your phone keeps a random token so your vote can be changed.</p>'
    )
    return _page("Join the vote", body, nonce)


def refusal_page(nonce: str, message: str, back: str | None = "/") -> str:
    # a phone that never got in goes back to the PIN page, not "to the vote"
    words = "Type the PIN again" if back == "/" else "Back to the vote"
    link = f'<p><a href="{_e(back)}">{words}</a></p>' if back else ""
    return _page("Not accepted", f'<h1>Not accepted</h1><p class="status err" role="alert">{_e(message)}</p>{link}',
                 nonce)


# ---------------------------------------------------------------- the app


def _csp(nonce: str) -> str:
    return (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class VoteServer:
    """The voting page for ``room``, listening where ``listen`` says (loopback by default)."""

    def __init__(self, room: "Room | Lobby", listen: lan.Listen | None = None, port: int = 0, *,
                 max_body: int = MAX_BODY, poll_ms: int = POLL_MS):
        self.room = room
        self.poll_ms = poll_ms  # how often a page's script asks for the room's state (tests ask sooner)
        self.listen = listen or lan.listen(None, False)
        self.port = port
        self.max_body = max_body
        self._runner: web.AppRunner | None = None
        self.app = self._make_app()

    # ------------------------------------------------------------ addresses

    @property
    def reach(self) -> str:
        return self.listen.reach

    @property
    def reaches(self) -> tuple[str, ...]:
        """Who can open the page, each wording, longest first (``reach`` is the first)."""
        return self.listen.reaches

    @property
    def only_here(self) -> bool:
        """Listening on loopback: only this computer can open the page (no --lan)."""
        return self.listen.only_here

    @property
    def page_url(self) -> str:
        """The page's address without the PIN (for typing it in by hand)."""
        return self.listen.url(self.port, "/")

    @property
    def join_url(self) -> str:
        """The address that joins in one step (the QR code carries it)."""
        return self.listen.url(self.port, f"/?pin={self.room.pin}")

    # ------------------------------------------------------------ running

    async def start(self) -> int:
        """Start listening in the running loop; returns the bound port."""
        if self._runner is not None:
            return self.port
        runner = web.AppRunner(self.app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.listen.bind, self.port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            what = f"port {self.port}" if self.port else "a port"
            raise ServerError(f"cannot open the voting page on {self.listen.bind}, {what}: "
                              f"{exc.strerror or exc}. Choose another with --port, or another --host.") from None
        self._runner = runner
        self.port = runner.addresses[0][1]
        return self.port

    async def stop(self) -> None:
        """Stop listening and close every connection (safe to call twice)."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    @property
    def running(self) -> bool:
        return self._runner is not None

    # ------------------------------------------------------------ handlers

    def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=self.max_body, middlewares=[self._guard])
        app.router.add_get("/", self._index)
        app.router.add_post("/vote", self._vote)
        app.router.add_get("/api/state", self._state)
        app.router.add_get("/favicon.ico", self._no_icon)  # browsers ask; answer without a refusal page
        return app

    @staticmethod
    def _wants_json(request: web.Request) -> bool:
        return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")

    def _refuse(self, request: web.Request, reason: str, message: str, nonce: str,
                token: str | None = None) -> web.Response:
        status = STATUS.get(reason, 400)
        headers = {"Retry-After": "5"} if reason == "flood" else None
        if self._wants_json(request):
            body: dict[str, Any] = {"ok": False, "reason": reason, "message": message}
            if token is not None and reason not in ("pin", "flood"):
                body["state"] = self._view(token)
            return web.json_response(body, status=status, headers=headers)
        if reason == "pin":
            return web.Response(text=pin_page(nonce, message), status=status, content_type="text/html",
                                headers=headers)
        if token is not None and reason in ("closed", "unknown_option", "unavailable"):
            return web.Response(text=vote_page(self.room, token, nonce, message, self.poll_ms), status=status,
                                content_type="text/html")
        back = f"/?pin={self.room.pin}" if token is not None else "/"
        return web.Response(text=refusal_page(nonce, message, back), status=status, content_type="text/html",
                            headers=headers)

    @web.middleware
    async def _guard(self, request: web.Request, handler) -> web.StreamResponse:
        nonce = secrets.token_urlsafe(12)
        _NONCE.set(nonce)
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            reason, message = {
                404: ("not_found", "There is no such page here."),
                405: ("method", f"{request.method} is not accepted here."),
                413: ("too_large", "Too much data was sent; a vote is a few short fields."),
            }.get(exc.status, ("bad_request", "This request was not understood."))
            response = self._refuse(request, reason, message, nonce)
            if exc.status == 405 and "Allow" in exc.headers:
                response.headers["Allow"] = exc.headers["Allow"]
        response.headers.setdefault("Content-Security-Policy", _csp(nonce))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"  # the URL carries the PIN
        response.headers["Cache-Control"] = "no-store"
        return response

    def _view(self, token: str | None) -> dict[str, Any]:
        view = phone_view(self.room, token)
        view["status"] = status_line(view)
        return view

    @staticmethod
    def _token(request: web.Request) -> str | None:
        # read our one cookie straight from the header: http.cookies' parser costs more than the vote itself
        token = None
        for part in request.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE:
                token = value.strip('"')
                break
        if token and 16 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token):
            return token
        return None

    @staticmethod
    def _set_cookie(response: web.StreamResponse, token: str) -> None:
        response.set_cookie(COOKIE, token, max_age=COOKIE_AGE, path="/", httponly=True, samesite="Strict")

    def _is_pin(self, pin: str | None) -> bool:
        return pin is not None and hmac.compare_digest(pin.strip().encode(), self.room.pin.encode())

    async def _no_icon(self, request: web.Request) -> web.StreamResponse:
        return web.Response(status=204)

    async def _index(self, request: web.Request) -> web.StreamResponse:
        nonce = _NONCE.get()
        pin = request.query.get("pin")
        address = request.remote
        token = self._token(request)
        if token is not None and self.room.door.knows(token) and not self._is_pin(pin):
            # a phone that joined with this room's PIN opens the page again without it, or with a PIN it
            # mistyped first (Back, the address typed again, a tab restored): back to its vote, not to
            # the PIN page ("Wrong PIN" over a vote that is in). A new door (--resume) knows no phone.
            admitted = self.room.admit(address)
            if not admitted:
                return self._refuse(request, admitted.reason, admitted.message, nonce)
            raise web.HTTPSeeOther(location=f"/?pin={self.room.pin}")
        if pin is None:
            admitted = self.room.admit(address)
            if not admitted:
                return self._refuse(request, admitted.reason, admitted.message, nonce)
            return web.Response(text=pin_page(nonce), content_type="text/html")
        fresh = token is None
        token = token or new_token()
        joined = self.room.join(token, pin, address)
        if not joined:
            return self._refuse(request, joined.reason, joined.message, nonce)
        response = web.Response(text=vote_page(self.room, token, nonce, poll_ms=self.poll_ms), content_type="text/html")
        if fresh:
            self._set_cookie(response, token)
        return response

    async def _state(self, request: web.Request) -> web.StreamResponse:
        nonce = _NONCE.get()
        token = self._token(request)
        if token is None:
            return self._refuse(request, "bad_token", "This phone did not send its cookie back: allow cookies "
                                "for this page and open the join address again.", nonce)
        joined = self.room.join(token, request.query.get("pin", ""), request.remote)
        if not joined:
            return self._refuse(request, joined.reason, joined.message, nonce)
        return web.json_response(self._view(token))

    async def _vote(self, request: web.Request) -> web.StreamResponse:
        nonce = _NONCE.get()
        if request.content_length is not None and request.content_length > self.max_body:
            raise web.HTTPRequestEntityTooLarge(max_size=self.max_body, actual_size=request.content_length)
        form = await request.post()
        pin = form.get("pin")
        option = form.get("option")
        decision_raw = form.get("decision")
        token = self._token(request)
        if not isinstance(pin, str) or not isinstance(option, str) or len(option) > 64:
            return self._refuse(request, "bad_request", "A vote needs the PIN and one option.", nonce)
        if token is None:
            admitted = self.room.check_pin(pin, request.remote)
            if not admitted:
                return self._refuse(request, admitted.reason, admitted.message, nonce)
            return self._refuse(request, "bad_token", "This phone did not send its cookie back: allow cookies "
                                "for this page and open the join address again.", nonce)
        decision: int | None = None
        if isinstance(decision_raw, str) and decision_raw.strip():
            if not decision_raw.strip().isdigit() or len(decision_raw) > 6:
                return self._refuse(request, "bad_request", "The decision number is not a number.", nonce)
            decision = int(decision_raw)
        result: Accepted | Refused = self.room.vote(token, option, pin, decision, request.remote)
        if not result:
            assert isinstance(result, Refused)
            known = token if result.reason not in ("pin", "flood") else None
            return self._refuse(request, result.reason, result.message, nonce, known)
        if self._wants_json(request):
            return web.json_response({"ok": True, "changed": result.changed, "state": self._view(token)})
        raise web.HTTPSeeOther(location=f"/?pin={self.room.pin}")

