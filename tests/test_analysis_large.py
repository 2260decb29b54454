"""Generated 5,000-scene packs are settled: no SG108 on any of the generator's seeds 1-20.

The packs come from ``benchmarks/bench_load.py`` (the load benchmark's generator), written
``lean`` (the same game without its prose and citations, so loading them is quicker). Each
scene and ending of these packs can be reached, so ``check`` must find a witness for every one
of them: a played game, not a guess, whatever the state space (six meters of 0..10 over
5,000 scenes).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from summit_game.engine.analysis import analyse
from summit_game.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "benchmarks" / "bench_load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.make_pack


@pytest.mark.parametrize("seed", range(1, 21))
def test_a_5000_scene_pack_is_settled_with_no_cap(tmp_path, seed):
    folder = _generator()(tmp_path / "synthetic", 5000, per_file=100, seed=seed, lean=True)
    pack = load_pack(folder)
    codes = {w.code for w in analyse(pack)}
    # SG105 (no citations: the lean pack has none) is the only warning: every question is settled
    # (no SG108) and every scene and ending has a witness (no SG101, SG106)
    assert codes == {"SG105"}
