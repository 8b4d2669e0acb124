"""Open the built documentation site in a real (headless) browser and check it works.

    python scripts/check_site.py site/

Serves ``site/`` on a loopback port, drives the system Chromium (``/usr/bin/chromium``,
installed from Debian's packages by ``.ci/run`` when missing) with Playwright's Python
package, and checks that the home page, the tutorial and an API page render, that the
site's search finds "nghiệm thu", and keeps a screenshot of the tutorial in
``site/screenshots/tutorial.png``. Exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {
    "home": ("", "khcn"),
    "tutorial": ("tutorial/", "Tutorial"),
    "api": ("reference/api/", "parse_money"),
}
SEARCH_TERM = "nghiệm thu"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("check_site: no Chromium found (apt-get install chromium)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args(argv)
    site: Path = args.site.resolve()
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    failures: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, (path, expected) in PAGES.items():
                response = page.goto(base + path, wait_until="load", timeout=30_000)
                status = response.status if response else 0
                body = page.inner_text("body")
                if status != 200 or expected not in body:
                    failures.append(f"{name}: HTTP {status}, {expected!r} not on the page")
                else:
                    print(f"check_site: {name} page OK ({base + path})")
                if name == "tutorial":
                    shots = site / "screenshots"
                    shots.mkdir(exist_ok=True)
                    page.screenshot(path=str(shots / "tutorial.png"), full_page=False)
            page.goto(base, wait_until="networkidle")
            page.keyboard.press("/")  # Material's shortcut that opens the search
            page.keyboard.type(SEARCH_TERM, delay=20)
            try:
                page.wait_for_selector(".md-search-result__item", timeout=15_000)
                hits = page.locator(".md-search-result__item").count()
                print(f"check_site: search for {SEARCH_TERM!r} found {hits} result(s)")
            except Exception as err:  # playwright's TimeoutError
                meta = page.inner_text(".md-search-result__meta")
                failures.append(f"search for {SEARCH_TERM!r} found nothing ({meta!r}): {err}")
            browser.close()
    finally:
        server.shutdown()
    for failure in failures:
        print(f"check_site: FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
