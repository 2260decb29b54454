"""Generated 5,000-scene packs are settled: no SG108 on any of the generator's seeds 1-20.

The packs come from ``benchmarks/bench_load.py`` (the load benchmark's generator), written
``lean`` (the same game without its prose and citations, so loading them is quicker). Each
scene and ending of these packs can be reached, so ``check`` must find a witness for every one
of them: a played game, not a guess, whatever the state space (six meters of 0..10 over
5,000 scenes).

The 20 packs are generated, loaded and analysed once for the module, in two processes where
there are two cores (about 3.3 s each, one after another: a minute); each seed's test asserts
its own pack's warnings.
"""

from __future__ import annotations

import importlib.util
import os
import traceback
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

from summit_game.engine.analysis import analyse
from summit_game.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent
SEEDS = range(1, 21)


def _generator():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "benchmarks" / "bench_load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.make_pack


def _codes(folder: Path, seed: int) -> set[str] | str:
    """The codes of the warnings of seed's pack, or the traceback that stopped it (for its own test to show)."""
    try:
        pack = load_pack(_generator()(folder / f"synthetic-{seed}", 5000, per_file=100, seed=seed, lean=True))
        return {w.code for w in analyse(pack)}
    except Exception:  # noqa: BLE001 - reported by the seed's test, not as every seed's setup error
        return traceback.format_exc()


@pytest.fixture(scope="module")
def settled(tmp_path_factory) -> dict[int, set[str] | str]:
    folder = tmp_path_factory.mktemp("packs")
    workers = min(2, os.cpu_count() or 1)
    if workers == 1:
        return {seed: _codes(folder, seed) for seed in SEEDS}
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        return dict(zip(SEEDS, pool.map(_codes, [folder] * len(SEEDS), SEEDS)))


@pytest.mark.parametrize("seed", SEEDS)
def test_a_5000_scene_pack_is_settled_with_no_cap(settled, seed):
    # SG105 (no citations: the lean pack has none) is the only warning: every question is settled
    # (no SG108) and every scene and ending has a witness (no SG101, SG106)
    assert settled[seed] == {"SG105"}
