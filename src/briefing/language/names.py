"""Names written in the text, without the entity stage: runs of proper nouns and their full forms.

A *name run* is a run of capitalised proper-noun tokens (STTS ``NE``, also ``FM`` inside the run) in
one sentence, not inside a prepositional phrase ("in Minsk", "aus dem Kreml" are places, not people
who act). A name's *full form* is the longest run of at most four words in the text that ends with it:
"Lukaschenko" -> "Alexander Lukaschenko" (:func:`full_forms`).

This is the fallback for callers that have no entities (a stage run on its own); with the entity
stage's output, its canonical names are the full forms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.language.tags import ADJ, DET, PREP, PROPER_NAME
from briefing.model import Span

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from briefing.model import Document, Token

_DET_ADJ = DET | ADJ  # what may stand between a preposition and its noun
_FULL_NAME_WORDS = 4  # a full form longer than this is a list of names, not one


def _capitalised(tok: Token) -> bool:
    first = tok.text[:1]
    return first.isupper() or first.isdigit()


def _in_prepositional_phrase(toks: Sequence[Token], k: int) -> bool:
    before = k - 1
    while before >= 0 and toks[before].pos in _DET_ADJ:
        before -= 1
    return before >= 0 and toks[before].pos in PREP


def name_runs(doc: Document) -> tuple[Span, ...]:
    """The name runs of ``doc`` in text order (see the module doc)."""
    out: list[Span] = []
    for sent in doc.sentences:
        toks = sent.tokens
        k = 0
        while k < len(toks):
            if toks[k].pos != "NE" or not _capitalised(toks[k]):
                k += 1
                continue
            j = k
            while j < len(toks) and toks[j].pos in PROPER_NAME and _capitalised(toks[j]):
                j += 1
            if not _in_prepositional_phrase(toks, k):
                start, end = toks[k].start, toks[j - 1].end
                out.append(Span(doc.text[start:end], start, end))
            k = j
    return tuple(out)


def word_suffixes(text: str) -> Iterator[str]:
    """What follows each space of ``text``: "Alexander G. Lukaschenko" -> "G. Lukaschenko",
    "Lukaschenko" (the names that ``text`` is a longer form of)."""
    at = text.find(" ")
    while at >= 0:
        yield text[at + 1 :]
        at = text.find(" ", at + 1)


def full_forms(runs: Iterable[Span]) -> dict[str, str]:
    """Name -> its full form, for every name that some of ``runs`` is a longer form of: the longest
    run of at most four words that ends with the name, the first of equally long ones
    ("Lukaschenko" -> "Alexander Lukaschenko"). Look a name up with ``.get(name, name)``.

    The runs are read once into the table, so a look-up costs a dictionary access, not a scan of
    every run.
    """
    longest: dict[str, str] = {}
    for run in runs:
        text = run.text
        if len(text.split()) > _FULL_NAME_WORDS:
            continue
        for name in word_suffixes(text):
            known = longest.get(name)
            if known is None or len(text) > len(known):
                longest[name] = text
    return longest


def people_by_name(runs: Sequence[Span], full: dict[str, str]) -> dict[str, list[int]]:
    """The people ``runs`` name, one per full form (``full``, from :func:`full_forms`):
    full name -> start offsets of its runs, in order of first mention."""
    people: dict[str, list[int]] = {}
    for run in runs:
        people.setdefault(full.get(run.text, run.text), []).append(run.start)
    return people
