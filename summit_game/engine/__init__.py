"""Play rules: pure Python over immutable state. Never imports Textual."""

from .core import (
    Advance,
    Change,
    Clamp,
    EngineError,
    Option,
    Outcome,
    Replay,
    State,
    Step,
    advance,
    choose,
    current_ending,
    current_scene,
    ending_text,
    good_for,
    options,
    replay,
    scene_text,
    shown,
    start,
)

__all__ = [
    "Advance", "Change", "Clamp", "EngineError", "Option", "Outcome", "Replay", "State", "Step",
    "advance", "choose", "current_ending", "current_scene", "ending_text", "good_for", "options", "replay",
    "scene_text", "shown", "start",
]
