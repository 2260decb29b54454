import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "scenes"

# The same examples on every run, so a run fails only for a change in the code (a fresh clone has no
# example database to replay a failure from); SG_HYPOTHESIS_RANDOM=1 draws new ones to hunt for bugs.
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          derandomize=not os.environ.get("SG_HYPOTHESIS_RANDOM"))
settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolate(monkeypatch, tmp_path_factory):
    """No test touches a real home folder or inherits the user's terminal settings."""
    monkeypatch.setenv("SUMMIT_GAME_SAVES", str(tmp_path_factory.mktemp("saves")))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)


@pytest.fixture(scope="session")
def tutorial():
    from summit_game.pack import load_pack

    return load_pack(SCENES / "tutorial")
