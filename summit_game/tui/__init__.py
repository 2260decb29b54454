"""The Textual app: the only layer that imports Textual.

Modules are imported lazily: ``summit_game.tui.app`` imports only what the
title screen needs, and each screen imports its own widgets.
"""
