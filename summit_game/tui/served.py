"""One browser tab's game: the process that ``summit-game serve`` starts for each tab.

- ``GuardedParser``: Textual's key parser, with every sequence a browser (or anyone
  with a websocket) can send held to what a terminal can mean. In Textual 8.2 a
  14-byte ``ESC[999999999999A`` (OverflowError) or ``ESC[1114112u`` (ValueError)
  raises inside the parser, which kills its generator and the input thread with it:
  the game then never reads another key, nor the "quit" the server sends when the
  tab closes, and lives on. Out-of-range key codes are dropped here, mouse reports
  beyond any screen are dropped, resizes come only from the server's messages, and
  any other failure starts a fresh parser instead of ending input.
- ``GuardedWebDriver``: Textual's web driver with that parser, a UTF-8 decoder that
  replaces bad bytes, and resize messages checked (whole numbers only, clamped to
  ``serve.limits``).
- ``TabConfig`` / ``run_tab``: what every tab of one ``serve`` shares (pack, role,
  route and seed presets, the saves folder under which each team gets its own
  folder, the address the tabs are served at) and the app run with it.
"""

from __future__ import annotations

import json
import os
import sys
from codecs import getincrementaldecoder
from typing import Any, Iterable

from textual import events, log
from textual._xterm_parser import _re_extended_key, XTermParser
from textual.drivers._byte_stream import ByteStream
from textual.drivers.web_driver import WebDriver, _ExitInput
from textual.geometry import Size
from textual.keys import Keys
from textual.message import Message

from ..serve.config import TabConfig
from ..serve.limits import MAX_COLUMNS, MAX_ROWS, checked_size

MAX_CODEPOINT = 0x10FFFF
MAX_MODIFIERS = 1 + 0xFF  # the kitty protocol's eight modifier bits, plus one
MAX_POINTER = 10 * max(MAX_COLUMNS, MAX_ROWS)


def _is_surrogate(text: str | None) -> bool:
    return bool(text) and any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)  # type: ignore[union-attr]


def extended_key_in_range(sequence: str) -> bool:
    """Whether a kitty/xterm ``CSI ... u|~|A-S`` key sequence only carries numbers a key can have.

    Layout: ``CSI codepoint[:alternates];modifiers[:event];text-codepoints END``.
    """
    match = _re_extended_key.fullmatch(sequence)
    if match is None:
        return True  # not such a sequence: nothing to check here
    fields = match.group(1).split(";")
    for number, part in enumerate(fields):
        for digits in part.split(":"):
            if not digits:
                continue
            if not digits.isdecimal() or len(digits) > 7:
                return False
            value = int(digits)
            if number == 1:
                if value > MAX_MODIFIERS:
                    return False
            elif value > MAX_CODEPOINT or 0xD800 <= value <= 0xDFFF:
                return False
    return True


class GuardedParser(XTermParser):
    """XTermParser that never raises on input and never lets out an event no terminal could send."""

    def _parse_extended_key(self, sequence: str) -> list[events.Key] | None:  # type: ignore[override]
        if not extended_key_in_range(sequence):
            return [events.Key(Keys.Ignore, sequence)]
        try:
            return super()._parse_extended_key(sequence)
        except (ValueError, OverflowError):
            return [events.Key(Keys.Ignore, sequence)]

    def parse_mouse_code(self, code: str) -> Message | None:
        self.mouse_pixels = False  # sizes are the server's, in cells; never divide by a sent pixel size
        try:
            event = super().parse_mouse_code(code)
        except (ValueError, OverflowError, ZeroDivisionError):
            return None
        if isinstance(event, events.MouseEvent) and (abs(event.x) > MAX_POINTER or abs(event.y) > MAX_POINTER):
            return None
        return event

    def feed(self, data: str) -> Iterable[Message]:
        try:
            tokens = list(super().feed(data))
        except Exception as exc:  # noqa: BLE001 - a parser that raised is dead: start a fresh one
            log.warning(f"input dropped ({type(exc).__name__}: {exc}); the key parser starts again")
            XTermParser.__init__(self)
            return []
        return [t for t in tokens if self.allowed(t)]

    def tick(self) -> Iterable[Message]:
        try:
            tokens = list(super().tick())
        except Exception:  # noqa: BLE001
            XTermParser.__init__(self)
            return []
        return [t for t in tokens if self.allowed(t)]

    @staticmethod
    def allowed(token: Message) -> bool:
        if isinstance(token, events.Resize):
            return False  # a served game's size comes from the server's resize messages only
        if isinstance(token, events.Key):
            return not (_is_surrogate(token.key) or _is_surrogate(token.character))
        if isinstance(token, events.Paste):
            return not _is_surrogate(token.text)
        return True


class GuardedWebDriver(WebDriver):
    """Textual's web driver with guarded input: keys, packets and resizes cannot stop it."""

    def __init__(self, app: Any, *, debug: bool = False, mouse: bool = True, size: tuple[int, int] | None = None):
        if size is None:
            size = checked_size(_env_int("COLUMNS", 80), _env_int("ROWS", 24))
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self.browser_focused = False  # the page's last word: "focus" or "blur" (SummitApp._on_app_blur)

    def run_input_thread(self) -> None:
        """Like WebDriver's, but no packet, byte or sequence can end the loop."""
        input_reader = self._input_reader
        parser = GuardedParser()
        decode = getincrementaldecoder("utf-8")(errors="replace").decode
        byte_stream = ByteStream()
        try:
            for data in input_reader:
                if data:
                    try:
                        packets = list(byte_stream.feed(data))
                    except Exception:  # noqa: BLE001 - a broken frame: nothing after it can be trusted
                        log.error("protocol error in the stream from the server; input ends")
                        break
                    for packet_type, payload in packets:
                        if packet_type == "D":
                            for event in parser.feed(decode(payload)):
                                self.process_message(event)
                        else:
                            self._on_meta(packet_type, payload)
                for event in parser.tick():
                    self.process_message(event)
        except _ExitInput:
            pass
        finally:
            input_reader.close()
            if not self.exit_event.is_set():
                # input is over (the server's pipe closed, or a broken frame): the game ends too
                from textual import messages

                self._app.post_message(messages.ExitApp())

    def _on_meta(self, packet_type: str, payload: bytes) -> None:
        try:
            data = json.loads(payload)
        except ValueError:
            log.error("protocol error: a meta packet that is not JSON")
            return
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            log.error("protocol error: a meta packet without a type")
            return
        try:
            self.on_meta(data["type"], data)
        except _ExitInput:
            raise
        except Exception as exc:  # noqa: BLE001
            log.error(f"protocol error in a {data['type']!r} packet: {exc}")

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type == "resize":
            size = checked_size(payload.get("width"), payload.get("height"))
            if size is None:
                log.error(f"a resize that is not two whole numbers was refused: {payload!r:.80}")
                return
            self._size = size
            self._app.post_message(events.Resize(Size(*size), Size(*size)))
            return
        if packet_type in ("focus", "blur"):
            self.browser_focused = packet_type == "focus"
        super().on_meta(packet_type, payload)


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


# ---------------------------------------------------------------- the tab's game


_PARSED_CSS: dict[tuple, list] = {}


def share_parsed_css() -> None:
    """Every stylesheet of this process reuses the rules already parsed from the same CSS.

    Textual keeps its parse cache per ``Stylesheet`` and its start-up reparse builds a
    fresh one, so each app parses every widget's and screen's CSS again: a third of a
    tab's start. The warm parent parses them once (its own warm-up app) and every fork
    starts with the rules in memory it shares. The key holds everything the rules
    depend on: the CSS, where it was read from, its place and scope, and the variables
    (the theme) substituted into it. Parsed rules are only read after parsing, as
    Textual's own cache already relies on.
    """
    from textual.css.stylesheet import Stylesheet

    parse_rules = Stylesheet._parse_rules
    if getattr(parse_rules, "shared", False):
        return

    def _parse_rules(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        rules = _PARSED_CSS.get(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            _PARSED_CSS[key] = rules
        return rules

    _parse_rules.shared = True  # type: ignore[attr-defined]
    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]


def warm_up_app(config: TabConfig, entries: list | None = None) -> None:
    """Run one tab's app headless until its first screen is drawn, then end it (the warm parent's last step).

    What a tab's start does for the first time in a process, the forks then find done:
    Textual's lazy imports, its caches, and (with ``share_parsed_css``) every CSS rule
    of the first screens parsed. Its saves folder is a temporary one, removed after;
    no thread outlives it (the headless driver starts none).
    """
    import asyncio
    import dataclasses
    import tempfile

    from .screens.team import TeamScreen

    share_parsed_css()

    async def run(saves: str) -> None:
        app = make_app(dataclasses.replace(config, saves_root=saves), entries)
        async with app.run_test(size=(100, 32)) as pilot:
            for _ in range(200):
                if isinstance(app.screen, TeamScreen) and app.screen.is_mounted:
                    break
                await pilot.pause(0.01)
            app.read_all_styles()  # what each tab reads after its first frame, parsed here once
            await pilot.pause()

    with tempfile.TemporaryDirectory(prefix="summit-game-warm-") as saves:
        asyncio.run(run(saves))


def make_app(config: TabConfig, entries: list | None = None):
    """The app one tab runs: asks the team's name first, then plays with the presets."""
    from ..pack.bundled import resolve_pack
    from .app import SummitApp

    folder = resolve_pack(config.pack) if config.pack else None
    app = SummitApp(pack_path=folder, role=config.role, route=config.route, seed=config.seed,
                    saves=config.saves_root, hide_verdicts=config.hide_verdicts, entries=entries, served=config)
    app.driver_class = GuardedWebDriver
    return app


def run_tab(config: TabConfig, entries: list | None = None) -> int:
    """Run one tab's game on this process's stdin/stdout (textual-serve's packet protocol)."""
    from .heap import paced_collector

    app = make_app(config, entries)
    with paced_collector():  # as in the terminal game: no collection between a key and its frame
        result = app.run()
    app.flush_saves()
    if app.failure:
        print(app.failure, file=sys.stderr)
        return result if isinstance(result, int) and result else 1
    return result if isinstance(result, int) else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m summit_game.tui.served CONFIG_JSON``: one tab in this process.

    ``serve`` starts a fresh tab as ``python -m summit_game.serve.tab``, which keeps OpenSSL
    out and ties the game to the server before it comes here.
    """
    argv = sys.argv[1:] if argv is None else argv
    return run_tab(TabConfig.from_json(argv[0]))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
