"""Bounded work on hostile input (issue 22): linear growth per input class, the caps of
``data/limits.yaml``, and the wall-clock budget of one analysis (exit 12).

The growth test compares the CPU time of two sizes of each input class in one run with a generous
factor (4 times the text may take at most 10 times the time; quadratic work would take 16 times);
``bench/bench_hostile.py`` measures the same classes at 10 KB, 100 KB and 1 MB.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import TYPE_CHECKING

import numpy as np
import pytest

import briefing
from briefing import cli, formatting, limits, summary, text
from briefing.errors import DeadlineError
from briefing.morph import UNKNOWN

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

PUBLISHED = dt.date(2024, 5, 2)
MARKS = "\"'„“”‚‘’»«›‹"
GOOD = "Der Bundestag hat am Donnerstag den Haushalt beschlossen. Die Opposition kritisierte das.\n"
SENTENCE = (
    "Der Minister sagte am Montag in Berlin er werde die Lage in der kommenden Woche mit den Ländern "
    "beraten und die Ergebnisse dem Parlament vorlegen "
)


def _random(alphabet: str, seed: int) -> Callable[[int], str]:
    def make(chars: int) -> str:
        rng = random.Random(seed)  # noqa: S311 - reproducible test input, not a secret
        return "".join(rng.choice(alphabet) for _ in range(chars))

    return make


def _cycle(unit: str) -> Callable[[int], str]:
    return lambda chars: (unit * (chars // len(unit) + 1))[:chars]


# the input classes of issue 22 (bench_hostile.py has the same ones and real text)
CLASSES: dict[str, Callable[[int], str]] = {
    "quote-marks": _random(MARKS, 1),
    "quote-mix": _random(MARKS + "abcXY", 2),
    "digits": _random("0123456789", 3),
    "dates": _cycle("12.03.2021 "),
    "clause": _cycle("am Montag, dem 3. März, sagte er: „"),
    "no-punct": _cycle(SENTENCE),
}


def _cpu(article: str) -> float:
    start = time.process_time()
    briefing.analyze(article, published=PUBLISHED)
    return time.process_time() - start


@pytest.mark.parametrize("name", list(CLASSES))
def test_limits_hostile_input_grows_linearly(name: str) -> None:
    make = CLASSES[name]
    briefing.analyze(make(300), published=PUBLISHED)  # models, word caches
    small = _cpu(make(1_500))
    large = _cpu(make(6_000))
    assert large < 10 * max(small, 0.02), f"{name}: 1.5 KB {small:.3f} s, 6 KB {large:.3f} s"


def test_limits_long_sentence_is_split_at_a_comma_before_tagging() -> None:
    cfg = limits.LIMITS()
    article = ("Der Präsident sagte am Montag in Berlin, dass alles gut werde, und " * 200).strip()
    doc = text.analyse(article)
    assert len(doc.sentences) > 1
    assert all(len(s.tokens) <= cfg.sentence_tokens for s in doc.sentences)
    assert all(s.text == article[s.start : s.end] for s in doc.sentences)
    assert all(s.tokens[-1].text == "," for s in doc.sentences[:-1])  # split after a comma
    tokens = [t for s in doc.sentences for t in s.tokens]
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)  # every token once, in order


def test_limits_sentence_without_any_safe_point_is_split_at_the_bound() -> None:
    cfg = limits.LIMITS()
    doc = text.analyse(_cycle(SENTENCE)(20_000))
    assert max(len(s.tokens) for s in doc.sentences) == cfg.sentence_tokens
    assert all(s.end - s.start <= cfg.sentence_chars for s in doc.sentences)


def test_limits_real_sentences_stay_whole() -> None:
    # 139 tokens and 720 characters, as the longest sentence of the corpora
    article = "Er sagte, es gehe um viel. " + ", ".join(["Dann kam der nächste Punkt"] * 27) + "."
    doc = text.analyse(article)
    assert [s.text for s in doc.sentences] == ["Er sagte, es gehe um viel.", article[27:]]


def test_limits_many_paragraphs_reach_somajo_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    words = "".join(c if c.isalnum() else " " for c in SENTENCE).split()
    article = "\n\n".join(f"{words[i % len(words)]} {i}. Ja." if i % 3 else words[i % 20] for i in range(60))
    alone = dataclasses.replace(limits.LIMITS(), many_paragraphs=1_000)
    batched = dataclasses.replace(limits.LIMITS(), many_paragraphs=10, batch_chars=200)
    monkeypatch.setattr(limits, "LIMITS", lambda: alone)
    one_by_one = text.analyse(article)
    monkeypatch.setattr(limits, "LIMITS", lambda: batched)
    together = text.analyse(article)
    assert [(s.start, s.end, s.paragraph) for s in together.sentences] == [
        (s.start, s.end, s.paragraph) for s in one_by_one.sentences
    ]
    assert [t.text for s in together.sentences for t in s.tokens] == [
        t.text for s in one_by_one.sentences for t in s.tokens
    ]


def test_limits_run_without_spaces_is_tokenised_in_pieces() -> None:
    cfg = limits.LIMITS()
    run = "1234567890" * 1_000
    start = time.process_time()
    doc = text.analyse(f"Die Zahl {run} ist lang.")
    assert time.process_time() - start < 5  # whole: SoMaJo takes about 6 s on 10,000 digits
    tokens = [t for s in doc.sentences for t in s.tokens]
    assert "".join(t.text for t in tokens if t.text.isdigit()) == run
    assert max(len(t.text) for t in tokens) <= cfg.run_chars


def test_limits_morph_leaves_very_long_tokens_unanalysed() -> None:
    tagger = text._hanta()
    word = "x" * (limits.LIMITS().token_chars + 1)
    assert tagger.analyze_forward(word) == [(UNKNOWN, 0)]
    assert tagger.analyze_viterbi(word, -1)[-1][1] == len(word) + 1


def test_limits_sparse_summary_vectors_are_the_dense_ones() -> None:
    from conftest import ROOT

    article = (ROOT / "samples" / "lukaschenko-interview.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    doc = text.analyse(article)
    info = summary._Info.of(doc, summary._config())
    dense = summary._vectors(info)
    sparse = summary._sparse_vectors(info.lemmas)
    for i in range(len(sparse)):
        for j in range(len(sparse)):
            assert sparse[i] @ sparse[j] == pytest.approx(float(dense[i] @ dense[j]), abs=1e-12)


def test_limits_summary_of_many_sentences_uses_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    small = dataclasses.replace(limits.LIMITS(), summary_sentences=10)
    monkeypatch.setattr(limits, "LIMITS", lambda: small)
    article = " ".join(
        f"Der Minister Nummer {i} sprach am Montag in Berlin über den Haushalt." for i in range(35)
    )
    doc = briefing.analyze(article, published=PUBLISHED)
    info = summary._Info.of(doc.document, summary._config())
    vectors, central = summary._similarities(info, summary._config())
    assert len(vectors) == len(central) == len(doc.document.sentences)
    assert isinstance(central, np.ndarray)
    assert 1 <= len(doc.summary) <= 5


def test_limits_deadline_stops_the_analysis() -> None:
    with pytest.raises(DeadlineError, match="budget of 1e-06 s") as caught:
        briefing.analyze(GOOD, published=PUBLISHED, deadline=1e-6)
    assert caught.value.exit_code == 12
    assert briefing.analyze(GOOD, published=PUBLISHED, deadline=600).summary  # plenty of time: a result


def test_limits_deadline_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        briefing.analyze(GOOD, deadline=0)


def test_limits_inner_budget_cannot_extend_the_outer_one(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]
    monkeypatch.setattr(limits, "clock", lambda: now[0])
    with limits.budget(5), limits.budget(100):
        now[0] = 6.0
        with pytest.raises(DeadlineError, match="budget of 5 s"):
            limits.check("test")
    limits.check("test")  # no budget outside


def test_limits_cli_deadline_fails_with_exit_12(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = iter(range(0, 10_000, 10))  # every look at the clock: 10 s later
    monkeypatch.setattr(limits, "clock", lambda: float(next(ticks)))
    source = tmp_path / "a.txt"
    source.write_text(GOOD, encoding="utf-8")
    code = cli.main(["make", str(source), "--format", "json", "--deadline", "5"])
    _, err = capsys.readouterr()
    assert code == 12, err
    assert err.startswith("briefing: error:")
    assert "budget of 5 s" in err
    assert len(err.strip().splitlines()) == 1


# ------------------------------------------------------------------------------------------ rendering


def test_limits_print_breaks_long_runs_and_keeps_real_words() -> None:
    from briefing import view

    run = "„»x«“" * 5_000
    parts = view.text_parts(f"Er schrieb {run} und ging.", nowrap_chars=100)
    long = [p for p in parts if p["long"]]
    assert len(long) == 1
    assert long[0]["text"].replace("\u200b", "") == run
    assert max(len(piece) for piece in long[0]["text"].split("\u200b")) <= 40
    normal = "Die Adresse https://example.org/ein/pfad steht hier."
    assert "".join(p["text"] for p in view.text_parts(normal, nowrap_chars=100)) == normal


def test_limits_link_search_is_linear_in_a_run_of_digits() -> None:
    start = time.process_time()
    assert formatting.link_parts("1" * 50_000) == [("1" * 50_000, False)]
    assert time.process_time() - start < 1  # an unbounded local part: about 20 s
    assert formatting.link_parts("an presse@example.org.") == [
        ("an ", False),
        ("presse@example.org", True),
        (".", False),
    ]


def test_limits_many_paragraphs_are_printed_together() -> None:
    from briefing import view

    paragraphs = [f"Absatz{i}" for i in range(2_500)]
    printed = view.print_paragraphs(paragraphs, 1_000)
    assert len(printed) <= 1_000
    assert " ¶ ".join(printed) == " ¶ ".join(paragraphs)
    assert view.print_paragraphs(paragraphs[:50], 1_000) == paragraphs[:50]


def test_limits_batch_gives_each_input_the_default_budget(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = iter(range(0, 100_000, 1_000))  # every look at the clock: 1,000 s later
    monkeypatch.setattr(limits, "clock", lambda: float(next(ticks)))
    source = tmp_path / "a.txt"
    source.write_text(GOOD, encoding="utf-8")
    code = cli.main(["make", "--each", str(source), "--out-dir", str(tmp_path / "out"), "--jobs", "1"])
    _, err = capsys.readouterr()
    assert code == 8, err  # the batch reports its failed input
    budget = limits.LIMITS().document_seconds
    assert f"budget of {budget:g} s" in err
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_limits_run_without_spaces_is_opaque_pieces_not_prose() -> None:
    size = limits.LIMITS().run_chars
    run = "„x“»Y«‚a‘" * (size // 3)  # quotation marks and letters, no space: not prose
    source = f"Er sagte: „Gut.“ {run} Das war alles."
    doc = text.analyse(source)
    inside = [
        t
        for s in doc.sentences
        for t in s.tokens
        if source.index(run) <= t.start < source.index(run) + len(run)
    ]
    assert [t.text for t in inside] == [run[k : k + size] for k in range(0, len(run), size)]
    assert [t.text for t in doc.sentences[0].tokens] == ["Er", "sagte", ":", "„", "Gut", ".", "“"]
