"""`pip install .` (not editable) must still find the bundled packs."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_bundled_packs(tmp_path):
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                        str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    [wheel] = tmp_path.glob("summit_game-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in (ROOT / "scenes").glob("*/pack.yaml"):
        folder = pack.parent
        for f in folder.rglob("*"):
            if f.is_file():
                rel = f.relative_to(ROOT / "scenes").as_posix()
                assert f"summit_game/scenes/{rel}" in names, rel
    assert any(n.startswith("summit_game/tui/") for n in names) or not (ROOT / "summit_game" / "tui").exists()
    # data files the code reads beside itself (styles, the shape validator's schema, serve's page) ship too
    for f in (ROOT / "summit_game").rglob("*"):
        if f.is_file() and f.suffix in (".json", ".tcss", ".html"):  # .html: serve's page
            assert f.relative_to(ROOT).as_posix() in names, f
    assert "summit_game/pack/bundled_index.py" in names  # the title screen's list of the bundled packs


def test_the_language_server_install_is_never_committed():
    # Each worktree links .ci/lsp/node_modules to the main checkout's install; the ignore rule matched only a
    # directory ('node_modules/'), so 'git add -A' committed the link, and landing it turned the main
    # checkout's install into a link to itself.
    git = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--", ".ci/lsp"], capture_output=True, text=True)
    if git.returncode != 0:
        import pytest
        pytest.skip("not a git checkout")
    assert sorted(git.stdout.split()) == [".ci/lsp/package-lock.json", ".ci/lsp/package.json"]
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "--no-index", "-q", ".ci/lsp/node_modules"])
    assert ignored.returncode == 0  # a link or a folder
