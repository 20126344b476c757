#!/usr/bin/env python3
"""Takes the README screenshot from a running demo with headless Chromium.

    make demo                      # in one terminal
    .venv/bin/python scripts/screenshot.py --url http://127.0.0.1:8000 --path /p/isisbury/

Signs in as a demo account and saves a PNG (default docs/images/home.png).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--path", default="/p/isisbury/")
    parser.add_argument("--email", default="admin@demo.example")
    parser.add_argument("--password", default="isisbury-admin")
    parser.add_argument("--out", default="docs/images/home.png")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=760)
    args = parser.parse_args()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height}, locale="en-GB")
        page.goto(f"{args.url}/account/sign-in/")
        page.get_by_label("Email address").fill(args.email)
        page.get_by_label("Password").fill(args.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")
        page.goto(f"{args.url}{args.path}")
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=args.out, full_page=False)
        browser.close()
    print(f"Saved {args.out}")


if __name__ == "__main__":
    main()
