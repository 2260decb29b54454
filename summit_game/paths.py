"""The one module that owns paths: where saves and exports go.

Order: ``--saves DIR`` on the command line, then ``$SUMMIT_GAME_SAVES``,
then ``./saves`` when the working folder has one (a checkout of this repo),
else the user data folder from platformdirs.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_SAVES = "SUMMIT_GAME_SAVES"


def saves_dir(override: str | os.PathLike | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_SAVES)
    if env:
        return Path(env).expanduser()
    local = Path.cwd() / "saves"
    if local.is_dir():
        return local
    from platformdirs import user_data_path

    return user_data_path("summit-game", appauthor=False) / "saves"
