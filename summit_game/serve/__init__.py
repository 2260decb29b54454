"""``summit-game serve``: the game in browser tabs, for a room.

- ``web``: the aiohttp front (the page, the websocket per tab, the teams' debrief
  downloads, the cap on games, the clean stop). No Textual.
- ``games``: a game process per tab, its pipes and textual-serve's packet protocol,
  and the two ways to start one (a fresh process for a tab alone, a fork of the warm
  parent once tabs share one).
- ``tab``: a tab's game as a fresh process (OpenSSL kept out, dies with the server).
- ``zygote``: the warm parent: imports and packs loaded once, no threads, forks a
  game per tab.
- ``limits``: the bounds every message from a browser is held to.

The game process itself (Textual, the guarded input driver, the team prompt) is
``summit_game.tui.served``.
"""
