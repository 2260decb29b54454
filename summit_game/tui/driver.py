"""The terminal driver of the game and the projector: Textual's, with input no byte can stop.

Textual's ``LinuxDriver`` decodes what the terminal sends as strict UTF-8, in its input thread: one
byte that is not (a terminal that sends Alt+key as a byte with its high bit set, a paste from a
Latin-1 file, line noise on a serial console) raised ``UnicodeDecodeError`` there, and the game
stopped with Textual's traceback and exit code 0, the crash not said (seeded random input in tmux,
every seed within 300 inputs). Here such a byte reads as U+FFFD, a key that does nothing; and any
other failure of the input thread ends the game as a crash (exit 70 and where the autosave is),
never as a clean quit.

Imported only where ``LinuxDriver`` is the driver (termios: not on Windows).
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from .guards import CRASHED


class GuardedLinuxDriver(LinuxDriver):
    """``LinuxDriver`` whose input is decoded with replacement, and whose input thread's failure is a crash."""

    def _run_input_thread(self) -> None:
        try:
            self.run_input_thread()
        except BaseException:  # noqa: BLE001 - as Textual's: the thread must not die silently
            import rich.traceback

            # Textual's own called app.panic, which leaves the exit code 0: a crash read as a quit
            self._app.call_later(self._app.exit, None, CRASHED, rich.traceback.Traceback())

    def run_input_thread(self) -> None:
        """Textual 8.2's, but for the decoder: ``errors="replace"``."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        EVENT_READ = selectors.EVENT_READ
        parser = XTermParser(self._debug)
        feed = parser.feed
        tick = parser.tick
        decode = getincrementaldecoder("utf-8")(errors="replace").decode
        read = os.read

        def process_selector_events(selector_events, final: bool = False) -> None:
            for last, (_selector_key, mask) in loop_last(selector_events):
                if mask & EVENT_READ:
                    unicode_data = decode(read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:
                        break  # stdin is piped
                    for event in feed(unicode_data):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in feed(""):
                    pass
            except (EOFError, ParseError):
                pass
