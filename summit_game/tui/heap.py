"""When the garbage collector runs: while the player reads, not between a key and its frame.

CPython collects its youngest generation every 700 net allocations of container
objects. A choice allocates about 9,000 of them between the key and the consequence's
frame (styles, regions, strips), so about thirteen young collections, a middle one,
and now and then a full one (7-20 ms with the game's 35,000 live objects), fell inside
that one frame (measured in a pty, benchmarks/README.md).

While the game runs in the terminal, the young generation is collected every
``YOUNG`` allocations instead, and the game collects at moments it knows are idle: the
first scene has been drawn and the player reads it; a consequence has been drawn and
the next scene prepared under it. Each of those leaves the counts at zero, so the next
choice starts with room for ``YOUNG`` allocations and no collection falls inside it.
Every ``FULL_EVERY``-th idle collection is a full one, as CPython's own schedule would
have made, so garbage in cycles never builds up (a pack's objects are frozen after it
loads and are not scanned again).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

YOUNG = 20_000  # allocations between automatic young collections while the game runs (CPython: 700)
FULL_EVERY = 10  # idle collections between full ones (CPython's own third threshold)


@contextmanager
def paced_collector() -> Iterator[None]:
    """Young collections every ``YOUNG`` allocations inside the block; the thresholds restored after."""
    before = gc.get_threshold()
    gc.set_threshold(YOUNG, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def collect_while_reading() -> int:
    """Collect now (the player is reading): the young generations, and every so often all of them.

    Returns the generation collected. A no-op when the collector is disabled (a pack loading).
    """
    if not gc.isenabled():
        return -1
    generation = 2 if gc.get_count()[2] + 1 >= FULL_EVERY else 1
    gc.collect(generation)
    return generation
