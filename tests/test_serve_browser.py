"""The editors' page in a real browser: Debian's headless Chromium driven by Playwright (issue 23).

Paste the reference article, switch one quote off, change a speaker, download the PDF: the PDF
shows the new speaker and the note "redaktionell bearbeitet", and prints the quote that was
switched off once less. Playwright never downloads a browser here: it starts /usr/bin/chromium
(installed by scripts/system-deps.sh).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from playwright.sync_api import sync_playwright

import serving
from serving import pdf_text, serve

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

    from serving import Server

CHROMIUM = Path(serving.CHROMIUM)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is missing: run scripts/system-deps.sh"
    ),
]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve("--workers", "1") as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # a new, empty profile each time (Playwright's own temporary --user-data-dir)
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=serving.CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _normalised(text: str) -> str:
    """PDF text with line-end hyphens joined and quotation marks left out, for counting a phrase."""
    return re.sub(r"[„“”\"»«]", "", re.sub(r"(\w)- (\w)", r"\1\2", text))


def _included_quotes(page: Page) -> list[int]:
    boxes = page.locator('input[type=checkbox][name^="quotes["]')
    found = []
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if box.is_checked():
            name = box.get_attribute("name") or ""
            found.append(int(name.split("[", 1)[1].split("]", 1)[0]))
    return found


def test_browser_edits_and_downloads_the_briefing(
    server: Server, browser: Browser, reference_text: str, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        page.fill("#text", reference_text)
        page.fill("#date", "2023-02-16")
        page.fill("#title", "Lukaschenko im Interview")
        page.click("#analyze")
        page.wait_for_selector("#edit-form", timeout=120_000)

        included = _included_quotes(page)
        assert len(included) >= 2
        dropped, changed = included[0], included[1]
        dropped_text = page.input_value(f'[name="quotes[{dropped}].text"]')
        page.uncheck(f'[name="quotes[{dropped}].include"]')
        page.fill(f'[name="quotes[{changed}].speaker"]', "Maria Musterfrau")

        # the live preview follows the edit
        preview = page.frame_locator("#preview")
        preview.get_by_text("Maria Musterfrau").first.wait_for(timeout=60_000)

        with page.expect_download(timeout=120_000) as pdf_download:
            page.click("#download-pdf")
        pdf_path = tmp_path / "briefing.pdf"
        pdf_download.value.save_as(pdf_path)
        with page.expect_download(timeout=120_000) as json_download:
            page.click("#download-json")
        json_path = tmp_path / "briefing.json"
        json_download.value.save_as(json_path)
    finally:
        context.close()

    edited = pdf_text(pdf_path.read_bytes())
    assert "Maria Musterfrau" in edited
    assert "redaktionell bearbeitet" in edited

    # the quote switched off is printed once less than in the unedited briefing (the article's
    # full text still has it)
    unedited = httpx.post(
        server.url + "/api/make",
        json={"text": reference_text, "date": "2023-02-16", "title": "Lukaschenko im Interview"},
        timeout=120,
    )
    words = _normalised(dropped_text).split()
    phrase = " ".join(words[1:6])
    assert _normalised(edited).count(phrase) == _normalised(pdf_text(unedited.content)).count(phrase) - 1

    doc = json.loads(json_path.read_text(encoding="utf-8"))
    assert doc["quotes"][dropped]["include"] is False
    assert doc["quotes"][changed]["speaker"] == "Maria Musterfrau"
    assert doc["quotes"][changed]["edited"] is True
