"""Writing a command's text: a stream that cannot take it is said plainly, never a traceback.

``summit-game ... > /dev/full`` (or a full disk, or a terminal that went away) refuses a write
with an OSError that names no file; reported as such it read "cannot use: No space left on
device". ``Out`` wraps a stream so the refusal becomes ``OutputFailed`` (which stream, why); the
command line says it and exits non-zero. A reader that went away (``| head``) stays a
``BrokenPipeError``: the command ends quietly, as commands in a pipe do.
"""

from __future__ import annotations

import os
from typing import Any, TextIO


class OutputFailed(Exception):
    """A write to ``stream`` ("standard output") was refused; ``reason`` says why."""

    def __init__(self, stream: str, reason: str):
        super().__init__(f"{stream}: {reason}")
        self.stream, self.reason = stream, reason


def stream_name(out: TextIO) -> str:
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):
        return "the output"
    return {1: "standard output", 2: "standard error"}.get(fd, "the output")


class Out:
    """``out`` with write and flush that raise OutputFailed; everything else is ``out``'s own."""

    def __init__(self, out: TextIO, name: str | None = None):
        self._out = out
        self.name_in_words = name or stream_name(out)

    def _do(self, call, *args):
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(self.name_in_words, exc.strerror or str(exc)) from None

    def write(self, text: str) -> int:
        return self._do(self._out.write, text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._do(self._out.flush)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._out, name)


def silence(out: Any) -> None:
    """After a refused write: point the stream's descriptor at the null device, so the text still
    buffered is not written again (and refused again, "Exception ignored ...") as Python exits."""
    try:
        fd = out.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except (AttributeError, OSError, ValueError):
        pass
