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

From the process's start to its first frame there is no collection at all
(``pause_for_start``, ``resume_after_start``): importing Textual and building the
title allocate a few hundred thousand objects that live on, and CPython's schedule
scanned them about 75 times on the way (67-70 young and 6 middle collections; a bare
Textual app runs as many): 2.7% of the instructions to the first frame, about 5% of its
CPU time (the scans miss the caches; benchmarks/README.md). What was allocated goes to
the oldest generation unscanned, as after a pack load (``pack.loader.paused_gc``); the
first full collection (the pack's, once it has loaded in the background) looks at it once.
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


_paused_for_start = False


def pause_for_start() -> None:
    """No collection until ``resume_after_start``: for the terminal game's own process (the console
    script), called before it imports Textual. A no-op if the collector is already off."""
    global _paused_for_start
    if gc.isenabled():
        gc.disable()
        _paused_for_start = True


def resume_after_start() -> bool:
    """The collector back on, if ``pause_for_start`` switched it off (else nothing: True if it did).

    What the pause allocated goes to the oldest generation without a scan (a freeze and an unfreeze
    are two list splices), so the next young collection does not scan it all at once; skipped if
    something else froze the heap, which ``unfreeze`` would undo."""
    global _paused_for_start
    if not _paused_for_start:
        return False
    _paused_for_start = False
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
    gc.enable()
    return True


def collect_while_reading() -> int:
    """Collect now (the player is reading): the young generations, and every so often all of them.

    Returns the generation collected. A no-op when the collector is disabled (a pack loading).
    """
    if not gc.isenabled():
        return -1
    generation = 2 if gc.get_count()[2] + 1 >= FULL_EVERY else 1
    gc.collect(generation)
    return generation
