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


# ---------------------------------------------------------------- teams (summit-game serve)

TEAMS = "teams"
_SLUG_MAX = 32


def team_slug(name: str) -> str:
    """A team's folder name: lower-case ASCII letters, digits and '-', at most 32.

    Accents are dropped ("Équipe Bleue" -> "equipe-bleue"); a name with no Latin
    letter or digit at all gets ``team-`` and a hash of the name, so it still has one
    folder of its own, the same every time it is typed. Names that differ only in
    case, spacing or punctuation ("Blue", "BLUE!") are the same team.
    """
    import hashlib
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:_SLUG_MAX].strip("-")
    if not slug:
        folded = " ".join(name.casefold().split())
        slug = "team-" + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:10]
    return slug


def team_saves_dir(root: str | os.PathLike, name: str) -> Path:
    """The saves folder of one team under a served game's saves folder: ROOT/teams/SLUG."""
    return Path(root) / TEAMS / team_slug(name)
