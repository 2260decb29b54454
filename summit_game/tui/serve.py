"""Play in a browser tab: ``summit-game serve`` runs the game behind textual-serve.

Each browser tab gets its own game process. textual-serve's page template
links a web font from the internet; a workshop room may have no internet,
so the template is rewritten without that link (into a private folder) and
the page falls back to the browser's monospace font.
"""

from __future__ import annotations

import re
import shlex
import sys
import tempfile
from pathlib import Path

FONT_LINK = re.compile(r"<link\b[^>]*https?://fonts\.[^>]*>\s*", re.S)


def offline_templates(textual_serve_dir: Path, into: Path) -> Path:
    """A copy of textual-serve's templates with every external font link removed."""
    into.mkdir(parents=True, exist_ok=True)
    for template in (textual_serve_dir / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        (into / template.name).write_text(FONT_LINK.sub("", text), encoding="utf-8")
    return into


def play_command(pack: str | None, saves: str | None) -> str:
    parts = [sys.executable, "-m", "summit_game.cli", "play"]
    if pack:
        parts.append(str(Path(pack).resolve()) if Path(pack).exists() else pack)
    if saves:
        parts += ["--saves", str(Path(saves).resolve())]
    return shlex.join(parts)


def build_server(pack: str | None, host: str, port: int, saves: str | None, public_url: str | None = None):
    """The textual-serve Server for the game (not started)."""
    import textual_serve
    from textual_serve.server import Server

    base = Path(textual_serve.__file__).resolve().parent
    templates = offline_templates(base, Path(tempfile.mkdtemp(prefix="summit-game-serve-")))
    return Server(
        play_command(pack, saves),
        host=host,
        port=port,
        title="summit-game",
        public_url=public_url,
        statics_path=base / "static",
        templates_path=templates,
    )


def run_serve(pack: str | None, host: str, port: int, saves: str | None) -> int:
    try:
        server = build_server(pack, host, port, saves)
    except ImportError:
        print("summit-game serve needs textual-serve: pip install 'summit-game[serve]' "
              "(from a checkout: pip install '.[serve]')", file=sys.stderr)
        return 1
    print(f"Serving summit-game at http://{host}:{port} (each browser tab plays its own game). Ctrl+C stops.")
    try:
        server.serve()
    except OSError as exc:
        print(f"summit-game serve: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
