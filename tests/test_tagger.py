"""The trained name tagger: tag helpers, deterministic retraining, lazy loading, the shipped wheel."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import entities, text
from briefing.entities import tagger

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "ner-mini"


def _train_module() -> object:
    spec = importlib.util.spec_from_file_location("train_ner", ROOT / "scripts" / "train_ner.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spans_reads_bio_tags_and_a_stray_inside_tag_starts_a_name() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-ORG", "I-LOC"]
    assert tagger.spans(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 7, "ORG"), (7, 8, "LOC")]
    assert tagger.spans([]) == []


def test_bio_tags_of_character_spans() -> None:
    doc = text.analyse("Gestern traf Anna Berger in Bad Kesselau ein.")
    toks = doc.sentences[0].tokens
    found = [(13, 24, "PER"), (28, 40, "LOC")]
    assert tagger.bio_tags(toks, found) == ["O", "O", "B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O", "O"]


def test_the_features_are_the_same_for_the_same_sentence() -> None:
    doc = text.analyse("Der Deutsche Wetterdienst warnt in Berlin vor Sturm.")
    toks = doc.sentences[0].tokens
    lex = entities.entity_lexicon()
    rules = ["O"] * len(toks)
    first = tagger.sentence_features(toks, rules, lex)
    assert first == tagger.sentence_features(toks, rules, lex)
    assert len(first) == len(toks)
    assert "w=berlin" in first[5]
    assert "-1w=in" in first[5]
    assert "g=B-LOC" in first[5]  # the gazetteer
    assert "rh=wetterdienst" in first[1]  # the head of the capitalised run


def test_retraining_on_a_small_corpus_is_deterministic(tmp_path: Path) -> None:
    train_ner = _train_module()
    one, two = tmp_path / "one.crfsuite", tmp_path / "two.crfsuite"
    done = train_ner.train(MINI, one, jobs=1)  # type: ignore[attr-defined]
    train_ner.train(MINI, two, jobs=1)  # type: ignore[attr-defined]
    assert done["documents"] == 16
    assert done["sentences"] == 16
    assert one.read_bytes() == two.read_bytes()
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(str(one))
    assert set(crf.labels()) >= {"O", "B-PER", "I-PER", "B-LOC", "B-ORG", "I-ORG"}


def test_training_refuses_a_missing_corpus(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_ner.py"), "--corpus", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"train_ner: corpus folder {tmp_path / 'none'} not found"


def test_the_model_is_loaded_only_when_the_entity_stage_runs() -> None:
    code = (
        "import sys, briefing, briefing.cli, briefing.entities\n"
        "assert 'pycrfsuite' not in sys.modules, 'loaded at import'\n"
        "briefing.analyze('Anna Berger wohnt in Berlin.')\n"
        "assert 'pycrfsuite' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.slow
def test_the_model_loads_from_an_installed_wheel_in_a_clean_directory(tmp_path: Path) -> None:
    wheels, site, clean = tmp_path / "wheels", tmp_path / "site", tmp_path / "clean"
    clean.mkdir()
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("briefing-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "-q", "--target", str(site), str(wheel)], check=True)
    code = (
        "import briefing\n"
        "from briefing.entities import tagger\n"
        f"assert briefing.__file__.startswith({str(site)!r}), briefing.__file__\n"
        "print(sorted(tagger.model().labels()))\n"
        "found = briefing.analyze('Der Deutsche Wetterdienst warnt in Hamburg vor Sturm.').to_dict()\n"
        "print(sorted((e['name'], e['type']) for e in found['entities']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=clean, env=env, capture_output=True, text=True, check=True
    )
    labels, found = result.stdout.splitlines()
    assert "B-ORG" in labels
    assert "('Hamburg', 'LOC')" in found
