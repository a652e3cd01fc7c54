"""Small layout faults a new user met in print (issue 21): one quotation-mark style per PDF, the
note on edited items on the page of the first asterisk, no running header on a handout article's
first page. Each PDF is opened with pypdf."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest
import yaml
from pypdf import PdfReader

from briefing import api, cli, formatting, handout, view

if TYPE_CHECKING:
    from pathlib import Path

from conftest import SAMPLE_MD

SWISS = """---
title: Steuerstreit in Bern
date: 2024-03-07
source: Testzeitung
---
Der Finanzminister Karl Keller sagte am Donnerstag in Bern: «Wir werden die Steuern nicht erhöhen.»
Die Opposition sprach von einem «Wahlkampfmanöver» und verlangte eine Abstimmung.
Keller entgegnete, er habe «nichts zu verbergen» und werde den Haushalt im Mai vorlegen.
"Das ist unser Versprechen", sagte Keller. Die Abgeordneten stimmten am Abend für den Plan.
"""


def pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("Er sprach von einem «Wahlkampfmanöver».", "Er sprach von einem „Wahlkampfmanöver“."),
        ("Er sprach von einem »Wahlkampfmanöver«.", "Er sprach von einem „Wahlkampfmanöver“."),
        ("Sie nannte es “fake news”.", "Sie nannte es „fake news“."),
        ("Er sagte: „Das ist ‹unser› Plan.“", "Er sagte: „Das ist ‚unser‘ Plan.“"),
        ('Er sagte: "Wir sind «bereit»."', "Er sagte: „Wir sind ‚bereit‘.“"),
        ("Es ist People’s Choice.", "Es ist People’s Choice."),
    ],
)
def test_formatting_german_quotes_writes_every_style_in_german(text: str, printed: str) -> None:
    assert formatting.german_quotes(text) == printed


def test_formatting_quote_style_keeps_the_length() -> None:
    text = 'Er sagte: «Wir sind "bereit".» Dann ging er, People’s Choice.'
    styled = formatting.quote_style(text)
    assert styled == "Er sagte: „Wir sind ‚bereit‘.“ Dann ging er, People’s Choice."
    assert len(styled) == len(text)


def test_view_quote_display_writes_inner_quotations_in_single_german_marks() -> None:
    assert view.quote_display("«Das ist ein «Wahlkampfmanöver».»", 600) == "Das ist ein ‚Wahlkampfmanöver‘."


def test_pdf_has_one_quotation_mark_style(tmp_path: Path) -> None:
    source = tmp_path / "bern.md"
    source.write_text(SWISS, encoding="utf-8")
    result = api.make(str(source), tmp_path / "bern.pdf")
    b = result.briefing
    assert any("«" in p.text for p in b.summary)  # the analysis keeps the article's marks …
    assert all(b.text[p.start : p.end] == p.text for p in b.summary)
    text = " ".join(pages(result.data))
    assert "«" not in text  # … the print has one style
    assert "»" not in text
    assert '"' not in text
    assert "„Wahlkampfmanöver“" in text
    assert "„Wir werden die Steuern nicht erhöhen" in text


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    target = tmp_path_factory.mktemp("analysis") / "analyse.yaml"
    assert cli.main(["analyze", str(SAMPLE_MD), "-o", str(target), "-q"]) == 0
    data: dict[str, object] = yaml.safe_load(target.read_text(encoding="utf-8"))
    return data


def test_edit_note_stands_on_the_page_of_the_first_asterisk(
    analysis: dict[str, object], tmp_path: Path
) -> None:
    data = dict(analysis)
    boxes = data["context"]
    assert isinstance(boxes, list)
    box = next(b for b in reversed(boxes) if b["facts"])
    box["facts"][0]["text"] = "Ein Satz, den die Redaktion neu geschrieben hat."
    source = tmp_path / "analyse.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cli.main(["render", str(source), "-q"]) == 0
    texts = pages((tmp_path / "analyse.pdf").read_bytes())
    assert len(texts) > 2
    edited = [i for i, t in enumerate(texts) if "Ein Satz, den die Redaktion neu geschrieben hat." in t]
    noted = [i for i, t in enumerate(texts) if "redaktionell bearbeitet" in t]
    assert edited == noted == [edited[0]]
    assert edited[0] < len(texts) - 1  # not the last page, where the note used to stand
    assert "hat. * * redaktionell" not in texts[edited[0]]
    assert texts[edited[0]].count("redaktionell bearbeitet") == 1


def test_handout_article_first_page_has_no_running_header(tmp_path: Path) -> None:
    body = SAMPLE_MD.read_text(encoding="utf-8").split("---\n", 2)[2]
    paths = []
    for number, title in enumerate(["Weißrussland rüstet auf", "Lukaschenko im Interview"], start=1):
        path = tmp_path / f"artikel-{number}.md"
        path.write_text(
            f'---\ntitle: "{title}"\ndate: 2023-02-1{number}\nsource: BBC\n---\n{body}', encoding="utf-8"
        )
        paths.append(path)
    result = handout.make([str(p) for p in paths], tmp_path / "mappe.pdf", api.MakeOptions(title="Mappe"))
    texts = pages(result.data)
    for title in ("Weißrussland rüstet auf", "Lukaschenko im Interview"):
        first = next(i for i, t in enumerate(texts) if i > 0 and title in t)
        assert texts[first].count(title) == 1, texts[first][:200]  # the masthead only, no header
        assert title in texts[first + 1]  # the next page is headed with the title
