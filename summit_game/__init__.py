"""summit-game: a terminal policy game with verified, source-grounded citations."""

__version__ = "0.1.0"
