"""Takes the README's screenshot of `briefing serve` (docs/serve.jpg) with headless Chromium.

Starts the server on a free loopback port, uploads the sample article, analyses it, switches one
quote off, changes a speaker's role, waits for the live preview and saves a JPEG of the page.

    .venv/bin/python scripts/serve_screenshot.py [--out docs/serve.jpg]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import serving  # noqa: E402 - the tests' server starter and Chromium flags


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "serve.jpg")
    args = parser.parse_args()
    with serving.serve("--workers", "1") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=serving.CHROMIUM, args=serving.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 860}, locale="de-DE")
        page.goto(server.url + "/")
        page.set_input_files("#file", str(ROOT / "samples" / "lukaschenko-interview.md"))
        page.click("#analyze")
        page.wait_for_selector("#edit-form", timeout=120_000)
        checked = page.locator('input[type=checkbox][name^="quotes["]:checked')
        first, second = (checked.nth(i).get_attribute("name") or "" for i in range(2))
        page.uncheck(f'[name="{first}"]')
        page.fill(f'[name="{second.removesuffix(".include")}.role"]', "Präsident von Belarus")
        page.frame_locator("#preview").get_by_text("Präsident von Belarus").first.wait_for(timeout=60_000)
        page.locator("#preview").focus()
        page.evaluate("window.scrollTo(0, 0)")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if args.out.suffix.lower() == ".png":
            page.screenshot(path=str(args.out), type="png")
        else:
            page.screenshot(path=str(args.out), type="jpeg", quality=60)
        browser.close()
    sys.stdout.write(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
