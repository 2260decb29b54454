"""A source's one-line reference, in a module of its own.

The title screen names each pack's sources before any pack is loaded; importing
``citations`` for this one function (its dataclasses and patterns) cost 3.9 ms of
the first frame (``python -X importtime``).
"""

from __future__ import annotations


def reference(authors: list[str], title: str, publisher: str, date: str, url: str) -> str:
    """A source's one-line reference: 'A and B, "Title", Publisher, date. url'."""
    who = " and ".join(authors) if len(authors) <= 2 else ", ".join(authors[:-1]) + " and " + authors[-1]
    return f'{who}, "{title}", {publisher}, {date}. {url}'
