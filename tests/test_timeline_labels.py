"""The Chronologie's printed texts on the 700 articles of quotes-train (issue 18): every label is a
short, self-contained event phrase.

Runs the real :func:`briefing.analyze` over ``../shared/corpora/quotes-train`` in two worker
processes; skipped when ``../shared`` is absent. A label (``display`` when given, else ``text``) has
at most ``label_max_words`` words, does not start with a subordinator or a bare pronoun or
demonstrative, has a finite verb, and does not end inside a subordinate or relative clause whose
verb it left out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from briefing.language import clauses
from briefing.language.lexicon import pronouns
from briefing.model import FINITE_VERB_TAGS
from briefing.timeline import SETTINGS
from conftest import analyse_article, map_quotes_train

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from briefing.model import Sentence, Token

_BRACKET = re.compile(r"\s*\[[^\]]*\]")
_NOT_OPENING = frozenset(
    {"APPR", "APPRART", "APPO", "KOKOM", "PWAV", "PROAV", "ADV"}
)  # "seit 1971", "als Präsident"


def words(label: str) -> int:
    return sum(1 for w in label.split() if any(c.isalnum() for c in w))


def shown(label: str, tokens: Sequence[Token]) -> list[Token]:
    """The source tokens (of the entry's span, in order) that the label prints: a token is printed
    when it comes next in the label, after nothing but spaces and "…" (bracketed referents aside)."""
    plain = _BRACKET.sub(" ", label)
    out: list[Token] = []
    pos = 0
    for tok in tokens:
        j = plain.find(tok.text, pos)
        if j >= 0 and not plain[pos:j].replace("…", "").strip():
            out.append(tok)
            pos = j + len(tok.text)
    return out


def problems(label: str, sentences: Sequence[Sentence], tokens: Sequence[Token]) -> list[str]:
    """What is wrong with one printed label ([] when nothing); ``tokens`` are those of its source span
    (tags in context), ``sentences`` those holding them."""
    found = []
    if words(label) > SETTINGS().label_max_words:
        found.append("long")
    toks = shown(label, tokens)
    if not toks:
        return [*found, "empty"]
    first = toks[0]
    low = first.text.lower()
    lex = clauses.connectives()
    if (low in lex.subordinators or low in lex.infinitive_subordinators) and first.pos not in _NOT_OPENING:
        found.append("subordinator")
    parts = label.lstrip("… ").split()
    bracketed = len(parts) > 1 and parts[1].startswith("[")
    bare = low in pronouns().third_person or low in pronouns().demonstratives
    if first.pos in ("PPER", "PDS") and bare and not bracketed:
        found.append("pronoun")
    # a verb-final finite verb may be tagged as an infinitive ("dass sie … gegenüberstehen")
    verbs = [t for t in toks if t.pos in FINITE_VERB_TAGS or t.pos in ("VAINF", "VMINF", "VVINF")]
    if not verbs:
        found.append("no finite verb")
    last = toks[-1]
    sentence = next(s for s in sentences if s.start <= last.start < s.end)
    clause = clauses.clause_at(sentence, last.start)
    opened = clauses.after_connectives(clause.tokens, 0, len(clause.tokens)) > 0 or clauses.is_relative(
        clause.tokens, 0, len(clause.tokens)
    )
    in_clause = [t for t in toks if clause.start <= t.start < clause.end]
    if opened and not any(t.pos.startswith("V") for t in in_clause):
        found.append("clause cut before its verb")
    return found


def _labels(path: Path) -> list[tuple[str, list[str]]]:
    doc, b = analyse_article(path)
    out = []
    for e in b.timeline:
        assert doc["text"][e.start : e.end] == e.text
        sentences = [s for s in b.document.sentences if s.start < e.end and e.start < s.end]
        tokens = [t for s in sentences for t in s.tokens if e.start <= t.start < e.end]
        label = e.display or e.text
        out.append((label, problems(label, sentences, tokens)))
    return out


@pytest.mark.slow
def test_timeline_labels_on_the_train_corpus_are_short_self_contained_events() -> None:
    results = [item for found in map_quotes_train(_labels) for item in found]
    bad = [(label, why) for label, why in results if why]
    counts: dict[str, int] = {}
    for _, why in bad:
        for w in why:
            counts[w] = counts.get(w, 0) + 1
    print(
        f"\n{len(results)} labels, {len(bad)} with problems: {counts}"
    )  # the figures for the closing note (-s)
    assert not bad, "\n".join(f"{why}: {label}" for label, why in bad[:40])
