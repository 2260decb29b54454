"""Browser play: the served page works offline (no external font link) and starts the game."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
textual_serve = pytest.importorskip("textual_serve")


def test_offline_templates_drop_the_web_font(tmp_path):
    from summit_game.tui.serve import offline_templates

    base = Path(textual_serve.__file__).resolve().parent
    assert "fonts.googleapis" in (base / "templates" / "app_index.html").read_text()  # what we remove
    out = offline_templates(base, tmp_path / "t")
    page = (out / "app_index.html").read_text()
    assert "fonts.googleapis" not in page and "http://fonts" not in page and "https://fonts" not in page
    assert "textual.js" in page  # the rest of the page is intact


def test_play_command_runs_this_python_and_pack(tmp_path):
    from summit_game.tui.serve import play_command

    cmd = play_command("tutorial", str(tmp_path))
    assert cmd.startswith(sys.executable) and " -m summit_game.cli play tutorial --saves " in cmd


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_loopback_without_external_links(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "summit_game.cli", "serve", "--port", str(port),
                             "--saves", str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        page = ""
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "textual.js" in page
        assert "googleapis" not in page
        assert f"ws://127.0.0.1:{port}/ws" in page
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_rejects_a_bad_port():
    r = subprocess.run([sys.executable, "-m", "summit_game.cli", "serve", "--port", "70000"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "not a port number" in r.stderr
