"""What a load leaves the garbage collector (summit_game/pack/loader.py, ``paused_gc``).

Behaviour only, never a time (benchmarks/bench_load.py measures that): where the objects of a
new pack are in the collector's generations, and what is left frozen or switched off.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from summit_game.pack import load_pack

TUTORIAL = Path(__file__).resolve().parent.parent / "scenes" / "tutorial"


def _in_generation(obj, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation))


@pytest.fixture
def collector_on(monkeypatch):
    """The collector on, and nothing frozen (an earlier test's game may have frozen the heap, which
    the loader then leaves alone: ``test_a_frozen_heap_stays_frozen``)."""
    from summit_game.pack import loader

    was = gc.isenabled()
    gc.enable()
    gc.unfreeze()
    monkeypatch.setattr(loader, "_heap_frozen", False)  # as gc.unfreeze() left it; put back after the test
    yield
    if not was:
        gc.disable()


def test_the_next_young_collection_does_not_scan_the_new_pack(collector_on):
    """Switched back on, the collector does not scan the whole new pack at its next young collection
    (6.8 ms after a 1,000-scene load): the load's objects are already in the oldest generation, which
    only a full collection scans."""
    from summit_game.pack.compiled import Pack

    load_pack(TUTORIAL)  # the first load also compiles and caches what every load shares
    gc.collect()
    young: list[bool] = []  # per young collection: was a Pack among what it scanned?

    def watch(phase, info):
        if phase == "start" and info["generation"] < 2:
            young.append(any(type(o) is Pack for g in range(info["generation"] + 1) for o in gc.get_objects(g)))

    gc.callbacks.append(watch)
    try:
        pack = load_pack(TUTORIAL)
        junk = [[] for _ in range(5 * gc.get_threshold()[0])]  # enough allocations for young collections
    finally:
        gc.callbacks.remove(watch)
    assert young, "no young collection ran"
    assert not any(young)
    assert _in_generation(pack, 2) and _in_generation(pack.scenes, 2)
    assert gc.get_freeze_count() == 0  # moved, not left frozen
    del junk


def test_a_load_makes_no_garbage_cycles(collector_on):
    """What makes moving the load's objects unscanned cost nothing: none of them is a cycle left behind."""
    load_pack(TUTORIAL)  # the first load also compiles and caches what every load shares
    gc.collect()
    load_pack(TUTORIAL)
    assert gc.collect() == 0


def test_a_frozen_heap_stays_frozen(collector_on):
    """A forked game process shares its warm parent's frozen heap: a load must not unfreeze it."""
    from summit_game.pack import loader

    kept = [[]]  # stands for the parent's heap
    loader.freeze_heap()
    try:
        assert loader.heap_frozen()
        pack = load_pack(TUTORIAL)
        assert gc.is_tracked(kept)
        assert not any(_in_generation(kept, g) for g in range(3))  # still frozen
        assert gc.get_freeze_count() > 0
        assert not _in_generation(pack, 2)  # the new pack is left where the collector puts it
    finally:
        gc.unfreeze()


def test_a_load_never_counts_the_frozen_heap(monkeypatch):
    """gc.get_freeze_count() walks every frozen object (11 ms with a game's heap frozen): a load, made
    again and again under --watch, by the title and by the fuzz tests, never calls it."""
    calls = []
    real = gc.get_freeze_count
    monkeypatch.setattr(gc, "get_freeze_count", lambda: calls.append(1) or real())
    load_pack(TUTORIAL)
    assert calls == []


def test_a_collector_switched_off_stays_off():
    was = gc.isenabled()
    gc.disable()
    try:
        load_pack(TUTORIAL)
        assert not gc.isenabled()
        assert gc.get_freeze_count() == 0
    finally:
        if was:
            gc.enable()
