"""What a new user sees first (issue 21): help texts and usage lines, plurals, default names."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from briefing import api, cli, formatting

if TYPE_CHECKING:
    from briefing.model import Briefing

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def readme_table(heading: str) -> list[list[str]]:
    """The rows of the first Markdown table after the line starting with ``heading``."""
    after = README[README.index(heading) :]
    rows = re.findall(r"^\|(.+)\|$", after, re.MULTILINE)
    table: list[list[str]] = []
    for line in after.splitlines()[1:]:
        if not line.startswith("|") and table:
            break
        if line.startswith("|") and not line.startswith("|---"):
            table.append([cell.strip() for cell in line.strip("|").split(" | ")])
    assert rows, heading
    return table[1:]  # without the header row


def test_cli_make_help_lists_every_input_kind_of_the_readme(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "make", "--help")
    assert code == 0
    block = out[out.index("INPUT is one of:") : out.index("Arguments:")]
    kinds = [
        kind.strip("`") for row in readme_table("Input (`INPUT`):") for kind in re.findall(r"`[^`]+`", row[0])
    ]
    assert {"artikel.txt", "artikel.md", ".htm", "artikel.json", "https://…", "-"} <= set(kinds)
    listed = [line.split() for line in block.splitlines()]
    for kind in kinds:
        assert any(kind in (word.rstrip(",") for word in words) for words in listed), kind


def test_cli_make_help_has_a_clean_usage_line(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "make", "--help")
    assert out.splitlines()[0] == "Usage: briefing make [OPTIONS] INPUT..."
    assert "<list" not in out
    assert "[INPUT" not in out
    for command, usage in [
        ("analyze", "Usage: briefing analyze [OPTIONS] INPUT"),
        ("render", "Usage: briefing render [OPTIONS] FILE"),
        ("extract", "Usage: briefing extract [OPTIONS] FILE.pdf"),
    ]:
        _, out, _ = run(capsys, command, "--help")
        assert out.splitlines()[0] == usage
        assert "{" not in out.splitlines()[0]
        assert not re.search(r"<(str|path|int range)>", out), out


def test_cli_make_help_lists_every_option_of_the_readme_in_its_group(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "make", "--help")
    options = [
        option
        for row in readme_table("Options of `briefing make`:")
        for option in re.findall(r"(?<![\w-])--?[a-z][a-z-]*", row[0])
    ]
    assert "--each" in options
    assert "--full-text" in options
    for option in options:
        if option == "--version":  # an option of `briefing` itself
            _, top, _ = run(capsys, "--help")
            assert option in top
            continue
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", out), option
    groups = re.findall(r"^(\S[^\n:]*):$", out, re.MULTILINE)
    assert groups[:2] == ["Arguments", "Options"]
    assert groups[2:] == [
        "Output profiles",
        "Handouts (several INPUTs)",
        "Batches (--each)",
        "Knowledge base (Hintergrund)",
    ]
    for group in groups[2:]:
        assert group.split(" (")[0] in README, group


def test_cli_analyze_counts_in_singular_and_plural(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Der Bundestag hat am Donnerstag den Haushalt beschlossen. Finanzminister Christian Lindner "
        "sagte: „Das ist ein solides Fundament.“ Die Opposition kritisierte die Schulden.\n",
        encoding="utf-8",
    )
    original = api.analyze_document

    def one_each(*args: Any, **kwargs: Any) -> api.AnalyzeResult:
        result = original(*args, **kwargs)
        b: Briefing = result.briefing
        one = dataclasses.replace(
            b, summary=b.summary[:1] * 1, quotes=b.quotes[:1], timeline=b.timeline[:1], context=b.context[:1]
        )
        assert (len(one.summary), len(one.quotes), len(one.timeline), len(one.context)) == (1, 1, 1, 1)
        return dataclasses.replace(result, briefing=one)

    monkeypatch.setattr(api, "analyze_document", one_each)
    code, out, err = run(
        capsys, "analyze", str(article), "-o", str(tmp_path / "a.yaml"), "--date", "2024-11-21"
    )
    assert code == 0, err
    assert out.strip().endswith("(1 summary point, 1 quote, 1 timeline entry, 1 context box)")


@pytest.mark.parametrize(
    ("count", "locale", "expected"),
    [
        (1, "de_DE", "1 Wort"),
        (2, "de_DE", "2 Wörter"),
        (1234, "de_DE", "1.234 Wörter"),
        (1, "en_US", "1 Wort"),
    ],
)
def test_formatting_counted_words_follow_the_plural_rules(count: int, locale: str, expected: str) -> None:
    assert formatting.counted(count, "Wort", "Wörter", locale) == expected


def test_cli_plain_text_headline_ending_in_a_question_mark_names_the_briefing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "frage.txt").write_text(
        "Wer zahlt die Rechnung?\nDer Bundestag hat am Donnerstag den Haushalt beschlossen.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "make", "frage.txt", "--date", "2024-11-21", "--format", "html")
    assert code == 0, err
    page = (tmp_path / "2024-11-21-wer-zahlt-die-rechnung.html").read_text(encoding="utf-8")
    assert "<h1>Wer zahlt die Rechnung?</h1>" in page
    assert "wer-zahlt-die-rechnung" in out
    assert "1 Wort<" not in page
