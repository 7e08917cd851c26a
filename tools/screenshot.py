"""Take screenshots of pages of a running Leerplatform with headless Chromium.

.venv/bin/python tools/screenshot.py --login deelnemer@example.org /editions/x/dashboard/ out.png
options: --width 390 (phone) or 1280 (desktop, default), --lang nl|en, --full-page
"""

from __future__ import annotations

import argparse
import os

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("output")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--login", help="email of a demo account to log in with first")
    parser.add_argument("--password", default="leerplatform-demo")
    parser.add_argument("--lang", default="nl")
    parser.add_argument("--full-page", action="store_true")
    options = parser.parse_args()

    with sync_playwright() as p:
        launch = {"args": ARGS}
        if os.path.exists(CHROMIUM):
            launch["executable_path"] = CHROMIUM
        browser = p.chromium.launch(**launch)
        context = browser.new_context(
            viewport={"width": options.width, "height": options.height}, locale=options.lang
        )
        context.add_cookies(
            [{"name": "leerplatform_language", "value": options.lang, "url": options.base}]
        )
        page = context.new_page()
        if options.login:
            page.goto(options.base + "/accounts/login/")
            page.fill("input[name=login]", options.login)
            page.fill("input[name=password]", options.password)
            page.click("main button[type=submit]")
            page.wait_for_load_state()
        page.goto(options.base + options.path)
        page.screenshot(path=options.output, full_page=options.full_page)
        browser.close()


if __name__ == "__main__":
    main()
