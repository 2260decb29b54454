"""Play rules: pure Python over immutable state. Never imports Textual."""

from .core import (
    Change,
    EngineError,
    Option,
    Outcome,
    Replay,
    State,
    Step,
    choose,
    current_ending,
    current_scene,
    options,
    replay,
    start,
)

__all__ = [
    "Change", "EngineError", "Option", "Outcome", "Replay", "State", "Step",
    "choose", "current_ending", "current_scene", "options", "replay", "start",
]
