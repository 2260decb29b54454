"""What every tab of one ``summit-game serve`` plays with (no Textual: the front builds it)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class TabConfig:
    saves_root: str  # each team's saves go to a folder under it (paths.team_saves_dir)
    public_url: str = ""  # where the tabs are served, as other devices open it: the debrief links
    pack: str | None = None  # a pack folder: every tab plays it
    role: str | None = None  # presets for every game
    route: str | None = None
    seed: int | None = None
    hide_verdicts: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "TabConfig":
        return cls(**json.loads(text))
