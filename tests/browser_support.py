"""Debian's chromium for the browser tests, driven by playwright: one browser per test module.

Importing this skips the importing module when chromium is missing (.ci/run installs it; never a
downloaded browser) or playwright is not installed. A module's tests run in the module's event loop
(``in_the_module_loop``), which their servers run in too; each test opens its own contexts (tabs or
phones with their own cookies and caches), closed after it. Launching chromium once per module, not per
test, saved 0.7-1.6 s of each test's setup.
"""

from __future__ import annotations

import os

import pytest
import pytest_asyncio

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not os.path.exists(CHROMIUM):
    pytest.skip(f"Debian's chromium is not installed ({CHROMIUM} missing): apt-get install chromium "
                "(.ci/run does); never a downloaded browser", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.async_api",
                                     reason="playwright is in the test extra: pip install -e '.[test]'")

in_the_module_loop = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def _chromium():
    async with playwright_api.async_playwright() as p:
        b = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield b
        finally:
            await b.close()


@pytest_asyncio.fixture(loop_scope="module")
async def browser(_chromium):
    assert _chromium.contexts == []  # no tab or phone of an earlier test is still open
    yield _chromium
    for context in _chromium.contexts:
        await context.close()
