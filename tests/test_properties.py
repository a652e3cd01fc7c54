"""Property-based tests: ``analyze()`` never raises and every offset points into the text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import briefing

# Pieces of German news text that exercise every stage: names, roles, quotes of every style,
# time expressions, numbers, abbreviations, pronouns, line and paragraph breaks.
PIECES = [
    "Der",
    "die",
    "Präsident",
    "Alexander",
    "Lukaschenko",
    "Angela Merkel",
    "sagte",
    "erklärte:",
    "er",
    "Sie",
    "Weißrussland",
    "Russlands",
    "EU",
    "USA",
    "BBC",
    "Bundesregierung",
    "GmbH",
    "vor einem Jahr",
    "am Donnerstag",
    "im März 2020",
    "16. Februar 2023",
    "heute",
    "seit 31 Jahren",
    "jedes Jahr",
    "Mitte der 90er Jahre",
    "1.234,5",
    "3,2 Millionen Euro",
    "40 Prozent",
    "z. B.",
    "Dr.",
    "„",
    "“",
    '"',
    "»",
    "«",
    "‚",
    "‘",
    "›",
    "‹",
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    ":",
    "?",
    "!",
    "–",
    "-",
    "…",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "🙂",
    "مرحبا",
    "\u200b",
    "\u00ad",
    "ß",
]

german_like = st.lists(st.sampled_from(PIECES), min_size=0, max_size=80).map(" ".join)
any_text = st.one_of(
    st.text(max_size=400), german_like, st.builds(lambda a, b: a + b, german_like, st.text(max_size=60))
)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))


def spans(data: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every dict in ``data`` that carries ``start``/``end`` offsets."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(data, dict):
        if isinstance(data.get("start"), int) and isinstance(data.get("end"), int):
            found.append((path, data))
        for key, value in data.items():
            if key != "meta":
                found.extend(spans(value, f"{path}.{key}"))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.extend(spans(value, f"{path}[{i}]"))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, published=dates)
def test_properties_analyze_offsets_always_match_the_text(text: str, published: dt.date | None) -> None:
    data = briefing.analyze(text, published=published).to_dict()
    assert data["text"] == text
    for path, item in spans(data):
        assert 0 <= item["start"] <= item["end"] <= len(text), path
        if isinstance(item.get("text"), str):
            assert text[item["start"] : item["end"]] == item["text"], path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=german_like)
def test_properties_analyze_output_is_plain_json(text: str) -> None:
    import json

    data = briefing.analyze(text, published=dt.date(2023, 2, 16), title="Titel").to_dict()
    assert json.loads(json.dumps(data)) == data


# ------------------------------------------------------------- indexes equal the scans they replace

span_list = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=6).map(
    lambda pairs: [(a, a + n) for a, n in pairs]
)


def _entity(i: int, names: list[tuple[int, int]], refs: list[tuple[int, int]]) -> Any:
    from briefing.model import Entity, Mention

    def mentions(pairs: list[tuple[int, int]], kind: Any) -> tuple[Mention, ...]:
        return tuple(Mention("x" * (b - a), a, b, kind) for a, b in pairs)

    return Entity(
        f"e{i}", f"n{i}", "PER", mentions=mentions(names, "name"), references=mentions(refs, "pronoun")
    )


@settings(max_examples=60, deadline=None)
@given(
    groups=st.lists(st.tuples(span_list, span_list), max_size=5),
    queries=st.lists(st.tuples(st.integers(-5, 75), st.integers(-2, 15)), min_size=1, max_size=20),
)
def test_properties_entity_at_is_the_best_overlap_of_all_mentions(
    groups: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]], queries: list[tuple[int, int]]
) -> None:
    from briefing.model import entity_at

    entities = tuple(_entity(i, names, refs) for i, (names, refs) in enumerate(groups))
    for start, length in queries:
        end = start + length
        best = None  # the definition: names over references, then the longest overlap, then the first
        for ent in entities:
            for rank, group in ((1, ent.mentions), (0, ent.references)):
                for m in group:
                    overlap = min(end, m.end) - max(start, m.start)
                    if overlap > 0 and (best is None or (rank, overlap) > best[:2]):
                        best = (rank, overlap, ent)
        assert entity_at(entities, start, end) is (best[2] if best else None)


@settings(max_examples=60, deadline=None)
@given(spans=span_list, queries=st.lists(st.tuples(st.integers(-5, 75), st.integers(1, 15)), max_size=20))
def test_properties_span_index_counts_the_overlapping_spans(
    spans: list[tuple[int, int]], queries: list[tuple[int, int]]
) -> None:
    from briefing.entities.candidates import Cand
    from briefing.model import SpanIndex, Token

    cands = [Cand([Token("x" * (b - a), a, b, "NE", "x")], 0) for a, b in spans]
    index = SpanIndex(cands)
    for start, length in queries:
        end = start + length
        assert index.overlapping(start, end) == sum(c.start < end and start < c.end for c in cands)
