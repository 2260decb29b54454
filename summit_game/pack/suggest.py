"""'Did you mean': the id an author most likely meant by one that names nothing.

Ids are words joined by ``_`` (``the_vote``, ``no_deal``), and an author's slips with them are of two
kinds: a letter wrong inside a word (``secnd`` for ``second``, ``god_end`` for ``good_end``), or a word
added or left out (``the_end`` for ``end``, ``vote`` for ``the_vote``). Swapping a word for a different
word is not a slip: it is another name. ``difflib``'s ratio counts letters in common over the whole
string, so it prefers ``the_vote`` for ``the_end`` (the shared ``the_`` outweighs ``end``): it cannot
tell a kept word from a few kept letters.

So ids are compared word by word: an edit distance over their words in which a word the same costs
nothing, a misspelt word (letters at least 60% alike) a little, a word added or left out one (half for a
small word such as ``the``), and a word replaced by another much more than a word left out. The
closest id within about one word's worth of edits is the suggestion; when none is, ``difflib`` decides
as before.
"""

from __future__ import annotations

import functools

from .._lazy import lazy

difflib = lazy("difflib")

SMALL_WORDS = frozenset({"a", "an", "the", "of", "to", "in", "on", "at", "and", "or", "for", "with", "by"})
SAME, MISSPELT, OTHER_WORD = 0.0, 0.3, 1.5


def _added(word: str) -> float:
    return 0.5 if word in SMALL_WORDS else 1.0


@functools.lru_cache(maxsize=65536)  # a pack's ids share their words: 5,000 scenes, a few hundred words
def _replaced(a: str, b: str) -> float:
    if a == b:
        return SAME
    if 2 * min(len(a), len(b)) < 0.6 * (len(a) + len(b)):  # the most the ratio can be, from lengths alone
        return OTHER_WORD
    m = difflib.SequenceMatcher(None, a, b)
    return MISSPELT if m.quick_ratio() >= 0.6 and m.ratio() >= 0.6 else OTHER_WORD


def word_distance(typed: str, known: str) -> float:
    """Edits, counted in words, that turn ``typed`` into ``known`` (see the module's docstring)."""
    a = [w for w in typed.split("_") if w]
    b = [w for w in known.split("_") if w]
    row = [0.0]
    for w in b:
        row.append(row[-1] + _added(w))
    for x in a:
        new = [row[0] + _added(x)]
        for j, y in enumerate(b, 1):
            new.append(min(row[j] + _added(x), new[j - 1] + _added(y), row[j - 1] + _replaced(x, y)))
        row = new
    return row[-1]


def closest_id(typed: str, known) -> str | None:
    """The id of ``known`` that ``typed`` most likely meant, or None when none is close."""
    known = sorted(set(known))
    if not known:
        return None
    words = max(1, typed.count("_") + 1)

    distances = [word_distance(typed, k) for k in known]
    distance = min(distances)
    if distance <= max(1.0, words / 2):  # the letters decide between the closest only (a ratio is dear)
        return min((-difflib.SequenceMatcher(None, typed, k).ratio(), k)
                   for k, d in zip(known, distances) if d == distance)[1]
    close = difflib.get_close_matches(typed, known, n=1)
    return close[0] if close else None


def unknown_id(what: str, typed: str, shown: str, known) -> str:
    """"unknown role 'Mayor' (did you mean 'mayor'?); this pack has: mayor, fisher": a ``--role`` or
    ``--route`` that names none of the pack's, with the likeliest one meant and all there are. ``shown``
    is ``typed`` as it may be printed (its escape sequences written out)."""
    have = list(known)
    close = closest_id(typed, have)
    meant = f" (did you mean '{close}'?)" if close else ""
    return f"unknown {what} '{shown}'{meant}; this pack has: {', '.join(have) or 'none'}"
