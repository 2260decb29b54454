"""Who speaks in a quotation: the one place every front end gets a quote's label from.

The game keeps voices apart. A quote of the source's own words is labelled
with the source and its authors::

    The article — Gaskell & Gokay, ¶3

A quote of someone the source itself quotes (``speaker:`` in the pack) is
that person's words, reported by the source, never the authors' argument::

    Keir Starmer, as quoted in the article (Gaskell & Gokay, ¶1)

The TUI, plain mode, the debrief (screen and Markdown), the workshop and
the source viewer all call ``quote_label``; ``split`` sorts a list of quotes
into what the source argued and what it reported.

No Textual here (the pack layer never imports it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from .citations import Quote

if TYPE_CHECKING:
    from .compiled import Pack

PILCROW = "¶"
PARAGRAPH = "paragraph "  # for plain mode and text read aloud


def authors_short(authors: Sequence[str]) -> str:
    """'Gaskell & Gokay' for two authors, the full name for one, 'Gaskell et al.' for more."""
    authors = [a for a in authors if a.strip()] or ["unknown author"]
    if len(authors) == 1:
        return authors[0]
    surnames = [a.split()[-1] for a in authors]
    return f"{surnames[0]} & {surnames[1]}" if len(authors) == 2 else f"{surnames[0]} et al."


def source_voice(pack: "Pack", source_id: str) -> str:
    """'The article — Gaskell & Gokay': the source's own voice."""
    source = pack.sources[source_id]
    return f"The {source.kind} — {authors_short(source.model.authors)}"


def quote_label(pack: "Pack", quote: Quote, paragraph: str | None = PILCROW) -> str:
    """Who speaks in ``quote`` and where it is, e.g. 'The article — Gaskell & Gokay, ¶3'.

    ``paragraph`` is how the paragraph number is introduced: '¶' (the default),
    'paragraph ' (plain mode), or None to leave the place out. A paragraph with its
    own reference in the source ({5.89.1}) is named by it, as it is: '..., 5.89.1'.
    """
    source = pack.sources[quote.source]
    who = authors_short(source.model.authors)
    ref = getattr(quote, "ref", None)
    if paragraph is None:
        at = ""
    elif ref and ref != str(quote.paragraph):
        at = ref  # a reference that is the paragraph's own number ({3} on the third) is named as a number
    else:
        at = f"{paragraph}{quote.paragraph}" if quote.paragraph else ""
    if quote.speaker:
        inner = f"{who}, {at}" if at else who
        return f"{quote.speaker}, as quoted in the {source.kind} ({inner})"
    return f"The {source.kind} — {who}" + (f", {at}" if at else "")


def is_reported(quote: Quote) -> bool:
    """Someone else's words, as quoted in the source."""
    return bool(quote.speaker)


def split(quotes: Iterable[Quote]) -> tuple[tuple[Quote, ...], tuple[Quote, ...]]:
    """(what the source argued, what it reported): its own words, then others' it quotes."""
    argued: list[Quote] = []
    reported: list[Quote] = []
    for q in quotes:
        (reported if is_reported(q) else argued).append(q)
    return tuple(argued), tuple(reported)


def reported_heading(kind: str) -> str:
    """The heading over others' words: 'Reported in the article'."""
    return f"Reported in the {kind}"


__all__ = ["PARAGRAPH", "PILCROW", "authors_short", "is_reported", "quote_label", "reported_heading",
           "source_voice", "split"]
