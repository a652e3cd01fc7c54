"""Context stage: background boxes, loaded terms, figures and the newsroom knowledge base."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
import yaml

import briefing
from briefing import context, entities, formatting, knowledge_base, quotes, text, view
from briefing.context import actors, facts, terms
from briefing.errors import ValidationError
from briefing.model import Document, Entity, Mention, Span, SpanIndex, SummaryPoint, Term, token_from
from briefing.pipeline import Options

if TYPE_CHECKING:
    from briefing.model import ContextBox, Document

from conftest import PUBLISHED, ROOT

SAMPLE_KB = ROOT / "samples" / "knowledge-base.yaml"

LUKASCHENKO = (
    "Nur wenige Menschen sind mit Wladimir Putin so vertraut wie Alexander Lukaschenko. "
    "Der autoritäre Herrscher von Weißrussland ist ein entschiedener Befürworter des Krieges. "
    "Allerdings beantwortete Lukaschenko heute in Minsk die Fragen ausländischer Journalisten. "
    "Alexander Lukaschenko wird von der EU nicht als rechtmäßiger Staatschef anerkannt. "
    "Im Jahr 2020 ließ er Proteste gegen seine Wiederwahl niederschlagen."
)


def entity(doc_text: str, ident: str, name: str, kind: str, *names: str, salience: float = 1.0) -> Entity:
    """An entity whose name mentions are every occurrence of ``names`` (longest first)."""
    mentions: list[Mention] = []
    for n in sorted(names or (name,), key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(n)}\b", doc_text):
            if not any(x.start <= m.start() < x.end for x in mentions):
                mentions.append(Mention(m.group(), m.start(), m.end()))
    mentions.sort(key=lambda m: m.start)
    aliases = tuple(n for n in names if n != name)
    return Entity(ident, name, kind, aliases=aliases, mentions=tuple(mentions), salience=salience)  # type: ignore[arg-type]


def term(doc_text: str, words: str, **kw: object) -> Term:
    start = doc_text.index(words)
    return Term(words, start, start + len(words), **kw)  # type: ignore[arg-type]


def build_context(
    doc: Document,
    ents: tuple[Entity, ...],
    terms: tuple[Term, ...],
    points: tuple[SummaryPoint, ...],
    knowledge: knowledge_base.KnowledgeBase | None = None,
) -> tuple[ContextBox, ...]:
    """The context stage over ``ents`` with the quote stage's real direct quotes for ``doc``."""
    return context.build(doc, ents, quotes.find_quotes(doc, ents)[0], terms, points, knowledge=knowledge)


def kb(*entries: dict[str, object]) -> knowledge_base.KnowledgeBase:
    return knowledge_base.parse_knowledge_base(list(entries), "kb.yaml")


def box(boxes: tuple[ContextBox, ...], title: str) -> ContextBox:
    return next(b for b in boxes if b.title == title)


def article_facts(boxes: tuple[ContextBox, ...]) -> list[tuple[str, int, int]]:
    return [(f.text, f.start, f.end) for b in boxes for f in b.facts if f.source == "article"]  # type: ignore[misc]


@pytest.fixture(scope="module")
def luka_doc() -> Document:
    return text.analyse(LUKASCHENKO)


@pytest.fixture(scope="module")
def luka(luka_doc: Document) -> Entity:
    """Lukaschenko as the entity stage finds him: with the references it resolves to him."""
    found = next(e for e in entities.find_entities(luka_doc) if e.name == "Alexander Lukaschenko")
    assert {r.kind for r in found.references} == {"pronoun", "description"}
    return dataclasses.replace(found, id="e1")


# -- knowledge base ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        [{"title": "Belarus", "aliases": ["Weißrussland"], "type": "LOC", "text": "Staat in Osteuropa."}],
        {"entries": [{"title": "Belarus", "text": "Staat in Osteuropa.", "updated": dt.date(2023, 2, 10)}]},
        {"entries": [{"title": "Belarus", "text": "Staat in Osteuropa.", "updated": "2023-02-10"}]},
    ],
)
def test_context_parse_knowledge_base_accepts_list_or_entries_mapping(data: object) -> None:
    parsed = knowledge_base.parse_knowledge_base(data, "kb.yaml")
    assert [e.title for e in parsed.entries] == ["Belarus"]
    assert parsed.entries[0].updated in (None, "2023-02-10")


def test_context_parse_knowledge_base_accepts_empty_file() -> None:
    assert knowledge_base.parse_knowledge_base(None, "kb.yaml").entries == ()


BELARUS = {"title": "Belarus", "text": "Staat in Osteuropa."}
WHERE = "kb.yaml: entry 1 (Belarus)"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            [{"title": "A", "text": "x"}, {"title": "B", "text": "y"}, {**BELARUS, "updated": "10.02.2023"}],
            "kb.yaml: entry 3 (Belarus): updated: must be a date YYYY-MM-DD",
        ),
        ([{**BELARUS, "updated": "2023-02-30"}], f"{WHERE}: updated: must be a date YYYY-MM-DD"),
        ([{"text": "Staat in Osteuropa."}], "kb.yaml: entry 1: title: required"),
        ([{"title": "Belarus"}], f"{WHERE}: text: required"),
        ([{**BELARUS, "type": "LAND"}], f"{WHERE}: type: must be one of PER, LOC, ORG, MISC, TERM"),
        ([{**BELARUS, "aliases": "Weißrussland"}], f"{WHERE}: aliases: must be a list of names"),
        ([{**BELARUS, "quelle": "Archiv"}], f"{WHERE}: quelle: unknown field"),
        (["Belarus"], "kb.yaml: entry 1: must be a mapping with title and text"),
        (
            [BELARUS, {"title": "Weißrussland", "text": "z", "aliases": ["Belarus"]}],
            "kb.yaml: entry 2 (Weißrussland): aliases: 'Belarus' is already used by entry 1 (Belarus)",
        ),
        ({"eintraege": []}, "kb.yaml: must be a list of entries or a mapping with one key 'entries'"),
    ],
)
def test_context_parse_knowledge_base_names_file_entry_and_field(data: object, message: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        knowledge_base.parse_knowledge_base(data, "kb.yaml")
    assert str(excinfo.value).startswith(message)
    assert "\n" not in str(excinfo.value)
    assert excinfo.value.exit_code != 0


def test_context_sample_knowledge_base_is_valid() -> None:
    parsed = knowledge_base.parse_knowledge_base(
        yaml.safe_load(SAMPLE_KB.read_text(encoding="utf-8")), str(SAMPLE_KB)
    )
    titles = {e.title for e in parsed.entries}
    assert {
        "Alexander Lukaschenko",
        "Belarus",
        "Wladimir Putin",
        "Spezielle Militäroperation",
        "BBC",
    } <= titles
    assert all(e.source and e.updated for e in parsed.entries)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("speziellen Militäroperation", "Spezielle Militäroperation"),
        ("Putins", "Putin"),
        ("Weißrusslands", "WEISSRUSSLAND"),
        ("des Vereinigten Königreichs", "des Vereinigten Königreich"),
    ],
)
def test_context_normalise_name_ignores_case_and_inflection(a: str, b: str) -> None:
    assert knowledge_base.normalise_name(a) == knowledge_base.normalise_name(b)


@pytest.mark.parametrize("name", ["Weißrussland", "weissrussland", "Republik Belarus", "Belarus"])
def test_context_knowledge_base_matches_title_alias_and_equivalent(name: str) -> None:
    base = kb({"title": "Republik Belarus", "aliases": ["Belarus"], "type": "LOC", "text": "Staat."})
    entry = base.lookup([name], kind="entity", entity_type="LOC")
    assert entry is not None
    assert entry.title == "Republik Belarus"


def test_context_knowledge_base_keeps_terms_and_entities_apart() -> None:
    base = kb({"title": "Militäroperation", "type": "TERM", "text": "Begriff."})
    assert base.lookup(["Militäroperation"], kind="entity") is None
    assert base.lookup(["Militäroperationen"], kind="term") is not None


# -- entity boxes -----------------------------------------------------------------------------


def test_context_entity_box_prefers_background_over_news(luka_doc: Document, luka: Entity) -> None:
    s = luka_doc.sentences[1]  # the description, printed as a summary point: not repeated
    boxes = build_context(luka_doc, (luka,), (), (SummaryPoint(s.text, s.start, s.end, 1.0),))
    facts = [f.text for f in box(boxes, "Alexander Lukaschenko").facts]
    assert len(facts) == 2  # at most two facts a box
    assert any("anerkannt" in f for f in facts)
    assert any(f.startswith("Im Jahr 2020") for f in facts)  # "er" resolved to him
    assert not any("heute" in f for f in facts)  # today's news is not background
    assert box(boxes, "Alexander Lukaschenko").entity == "e1"


def test_context_entity_role_comes_from_description_when_the_entity_stage_has_none(
    luka_doc: Document, luka: Entity
) -> None:
    luka = dataclasses.replace(luka, roles=())
    subtitle = box(build_context(luka_doc, (luka,), (), ()), "Alexander Lukaschenko").subtitle
    assert subtitle == "Person · autoritärer Herrscher von Weißrussland"


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("US-Präsident Joe Biden war im Jahr 2009 Vizepräsident geworden.", "Joe Biden", "US-Präsident"),
        (
            "Der russische Präsident Wladimir Putin regiert seit dem Jahr 2000.",
            "Wladimir Putin",
            "russischer Präsident",
        ),
    ],
)
def test_context_entity_role_from_title_before_name(sentence: str, name: str, role: str) -> None:
    doc = text.analyse(sentence)
    ent = entity(sentence, "e1", name, "PER")
    assert box(build_context(doc, (ent,), (), ()), name).subtitle == f"Person · {role}"


def test_context_entity_role_from_entity_stage_wins(luka_doc: Document, luka: Entity) -> None:
    luka = dataclasses.replace(luka, roles=("Präsident von Belarus",))
    assert box(build_context(luka_doc, (luka,), (), ()), "Alexander Lukaschenko").subtitle == (
        "Person · Präsident von Belarus"
    )


def test_context_entity_facts_skip_summary_points(luka_doc: Document, luka: Entity) -> None:
    s = luka_doc.sentences[3]
    point = SummaryPoint(s.text, s.start, s.end, 1.0)
    facts = box(build_context(luka_doc, (luka,), (), (point,)), "Alexander Lukaschenko").facts
    assert facts
    assert all(
        f.end is not None and (f.end <= s.start or (f.start is not None and f.start >= s.end)) for f in facts
    )


def test_context_entity_facts_skip_direct_speech() -> None:
    article = (
        'Der frühere Minister Karl Berger sagte: "Ich war im Jahr 1998 Minister und gelte als Reformer." '
        "Karl Berger gilt als Vater der Rentenreform."
    )
    doc = text.analyse(article)
    boxes = build_context(
        doc,
        (entity(article, "e1", "Karl Berger", "PER", "Karl Berger"),),
        (),
        (),
    )
    assert [f.text for f in box(boxes, "Karl Berger").facts] == [
        "Karl Berger gilt als Vater der Rentenreform."
    ]


def test_context_main_actor_without_background_gets_a_box_but_a_place_does_not() -> None:
    article = (
        "Bürgermeisterin Anna Roth eröffnete heute in Lindau das neue Rathaus. "
        "Anna Roth sagte, sie freue sich."
    )
    doc = text.analyse(article)
    boxes = build_context(
        doc,
        (entity(article, "e1", "Anna Roth", "PER", salience=2.0), entity(article, "e2", "Lindau", "LOC")),
        (),
        (),
    )
    assert [(b.title, b.subtitle, b.facts) for b in boxes] == [("Anna Roth", "Person · Bürgermeisterin", ())]


def test_context_equivalent_names_share_one_box_with_knowledge_base_entry() -> None:
    article = (
        "Die militärische Zusammenarbeit zwischen Russland und Weißrussland hat zugenommen. "
        "Belarus grenzt an die Ukraine."
    )
    doc = text.analyse(article)
    ents = (
        entity(article, "e1", "Weißrussland", "LOC", salience=2.0),
        entity(article, "e2", "Belarus", "LOC", salience=1.0),
    )
    base = kb(
        {"title": "Belarus", "type": "LOC", "text": "Binnenstaat in Osteuropa.", "updated": "2023-02-10"}
    )
    boxes = build_context(doc, ents, (), (), knowledge=base)
    assert [b.title for b in boxes] == ["Weißrussland"]
    assert boxes[0].subtitle == "Ort · auch: Belarus"
    kb_facts = [f for f in boxes[0].facts if f.source == "knowledge-base"]
    assert [(f.text, f.updated) for f in kb_facts] == [("Binnenstaat in Osteuropa.", "2023-02-10")]


# -- term boxes -------------------------------------------------------------------------------


TERM_ARTICLE = (
    'Lukaschenko ist ein Befürworter der "speziellen Militäroperation", wie Putin sie nennt, '
    "die von der Mehrheit der übrigen Welt als Russlands Konflikt in der Ukraine bezeichnet wird."
)


def test_context_term_box_has_base_form_owner_and_framing() -> None:
    doc = text.analyse(TERM_ARTICLE)
    boxes = build_context(doc, (), (term(TERM_ARTICLE, "speziellen Militäroperation"),), ())
    (b,) = boxes
    assert (b.kind, b.title, b.subtitle) == ("term", "spezielle Militäroperation", "Begriff von Putin")
    assert b.facts[0].text.startswith('"speziellen Militäroperation", wie Putin sie nennt')
    assert b.facts[0].text.endswith("bezeichnet wird.")


def test_context_term_box_uses_quote_stage_attribution_and_knowledge_base() -> None:
    doc = text.analyse(TERM_ARTICLE)
    t = term(TERM_ARTICLE, "speziellen Militäroperation", attributed_to="Wladimir Putin")
    base = kb({"title": "Spezielle Militäroperation", "type": "TERM", "text": "Russische Bezeichnung."})
    (b,) = build_context(doc, (), (t,), (), knowledge=base)
    assert (b.title, b.subtitle) == ("Spezielle Militäroperation", "Begriff von Wladimir Putin")
    assert [f.source for f in b.facts] == ["article", "knowledge-base"]


def test_context_titles_and_names_in_quotes_get_no_term_box() -> None:
    article = 'Die Zeitung "Nasha Niva" wurde im Jahr 2021 verboten.'
    doc = text.analyse(article)
    assert build_context(doc, (), (term(article, "Nasha Niva", kind="name"),), ()) == ()


# -- figures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Die Regierung stellt 3,2 Millionen Euro für den Wiederaufbau bereit.", "3,2\xa0Mio.\xa0€"),
        ("Der Konzern machte einen Umsatz von 1.234,5 Mio. Euro.", "1,2\xa0Mrd.\xa0€"),
        ("Die Arbeitslosenquote stieg auf 12,5 Prozent.", "12,5\xa0%"),
        ("Rund 5000 Soldaten sind an der Grenze stationiert.", "5.000 Soldaten"),
        ("Das Land hat 9.200.000 Einwohner.", "9,2\xa0Mio. Einwohner"),
        ("Zehntausende Menschen demonstrierten in Minsk.", "Zehntausende Menschen"),
    ],
)
def test_context_figures_box_labels_numbers_with_babel(sentence: str, label: str) -> None:
    article = sentence + " Die Inflation lag zuletzt bei 8 Prozent."
    doc = text.analyse(article)
    (b,) = build_context(doc, (), (), ())
    assert (b.kind, b.title) == ("figures", "Zahlen & Fakten")
    assert formatting.figures_label(b.facts[0].figures) == label
    assert b.facts[0].text == sentence  # the fact itself stays verbatim
    assert b.facts[0].label is None  # the stage returns values; the presentation layer formats them


@pytest.mark.parametrize(
    ("locale", "label"),
    [("de_DE", "3,2\xa0Mio.\xa0€ · 8\xa0%"), ("en_US", "3.2M\xa0€ · 8\xa0%")],
)
def test_context_figures_are_formatted_for_the_locale_when_printed(locale: str, label: str) -> None:
    article = "Die Regierung stellt 3,2 Millionen Euro bereit. Die Inflation lag zuletzt bei 8 Prozent."
    analysed = briefing.analyze(article)  # its summary prints both sentences: the box is built without
    b = dataclasses.replace(analysed, context=build_context(analysed.document, (), (), ()))
    shown = view.build(b, view.RenderOptions(locale=locale), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    (box,) = [x for x in shown["boxes"] if x["kind"] == "figures"]
    assert box["subtitle"] == label


@pytest.mark.parametrize(
    "article",
    [
        "Im Jahr 2020 gingen die Menschen auf die Straße. Er wird in dreißig Minuten in Minsk sein.",
        "Seit 2014 Präsident, reiste er am 16. Februar 2023 nach Minsk. Das dauerte drei Stunden.",
        "Ein Soldat wurde verletzt. Zwei Tage später kam er zurück.",
    ],
)
def test_context_figures_box_ignores_years_dates_and_durations(article: str) -> None:
    assert build_context(text.analyse(article), (), (), ()) == ()


# -- output -----------------------------------------------------------------------------------


def test_context_to_dict_marks_knowledge_base_facts(luka_doc: Document, luka: Entity) -> None:
    base = kb(
        {
            "title": "Alexander Lukaschenko",
            "type": "PER",
            "text": "Präsident von Belarus seit 1994.",
            "source": "Redaktionsarchiv",
            "updated": "2023-02-10",
        }
    )
    data = box(
        build_context(luka_doc, (luka,), (), (), knowledge=base),
        "Alexander Lukaschenko",
    ).to_dict()
    assert data["kind"] == "entity"
    assert data["entity"] == "e1"
    first, last = data["facts"][0], data["facts"][-1]
    assert set(first) == {"text", "start", "end"}
    assert LUKASCHENKO[first["start"] : first["end"]] == first["text"]
    assert last == {
        "text": "Präsident von Belarus seit 1994.",
        "source": "knowledge-base",
        "updated": "2023-02-10",
        "reference": "Redaktionsarchiv",
    }


# -- reference article ------------------------------------------------------------------------


def test_context_reference_facts_are_verbatim_spans(reference_briefing: briefing.Briefing) -> None:
    facts = article_facts(reference_briefing.context)
    assert facts
    for fact_text, start, end in facts:
        assert reference_briefing.text[start:end] == fact_text


@pytest.fixture(scope="module")
def reference_with_kb(reference_text: str) -> briefing.Briefing:
    base = knowledge_base.parse_knowledge_base(
        yaml.safe_load(SAMPLE_KB.read_text(encoding="utf-8")), "kb.yaml"
    )
    return briefing.analyze(reference_text, published=PUBLISHED, options=Options(knowledge=base))


def test_context_reference_article_boxes(reference_with_kb: briefing.Briefing) -> None:
    boxes = reference_with_kb.context
    luka = box(boxes, "Alexander Lukaschenko")
    assert luka.subtitle is not None
    assert re.search(r"Präsident|Herrscher", luka.subtitle)
    luka_facts = " ".join(f.text for f in luka.facts if f.source == "article")
    assert "anerkannt" in luka_facts
    assert "2020" in luka_facts
    belarus = next(b for b in boxes if b.title in ("Weißrussland", "Belarus"))
    assert "Belarus" in f"{belarus.title} {belarus.subtitle}"
    (op,) = [b for b in boxes if b.kind == "term"]
    assert op.title.casefold() == "spezielle militäroperation"
    assert op.subtitle is not None
    assert "Putin" in op.subtitle
    assert "Mehrheit der übrigen Welt" in op.facts[0].text
    for b in (luka, belarus, op):
        kb_facts = [f for f in b.facts if f.source == "knowledge-base"]
        assert len(kb_facts) == 1
        assert kb_facts[0].updated is not None
        assert dt.date.fromisoformat(kb_facts[0].updated)
    for fact_text, start, end in article_facts(boxes):
        assert reference_with_kb.text[start:end] == fact_text


@pytest.mark.parametrize(
    ("article", "name", "expected"),
    [
        (
            "Karl Berger, der frühere Finanzminister, eröffnet die Messe. Die Messe dauert bis Sonntag.",
            "Karl Berger",
            "Karl Berger, der frühere Finanzminister, eröffnet die Messe.",
        ),
        (
            "Karl Berger, Vorsitzender der Partei, eröffnet die Messe. Die Messe dauert bis Sonntag.",
            "Karl Berger",
            "Karl Berger, Vorsitzender der Partei, eröffnet die Messe.",
        ),
        (
            "König Karl, Königin Anna, Minister und Gäste nahmen an der Feier teil. Es regnete.",
            "Königin Anna",
            None,
        ),
    ],
)
def test_context_apposition_describes_but_a_list_of_names_does_not(
    article: str, name: str, expected: str | None
) -> None:
    doc = text.analyse(article)
    sent = doc.sentences[0]
    end = article.index(name) + len(name)
    assert facts.apposition_after(sent.tokens, token_from(sent.tokens, end)) is (expected is not None)
    if expected:
        boxes = build_context(doc, (entity(article, "e1", name, "PER"),), (), ())
        assert [f.text for b in boxes for f in b.facts] == [expected]


def test_context_simple_past_is_no_background_when_the_article_narrates_in_it() -> None:
    article = (
        "Die Feuerwehr rückte am Morgen aus. Das Feuer zerstörte zwei Häuser. "
        "Bürgermeister Hans Otto besuchte die Brandstelle. Die Polizei ermittelte."
    )
    doc = text.analyse(article)
    assert facts.narrates_in_past(doc)
    ws = facts.Workspace(doc=doc, speech=SpanIndex(()), blocked=SpanIndex(()), past_weight=0.0)
    otto = entity(article, "e1", "Hans Otto", "PER")
    assert facts.entity_facts(ws, [(m.start, m.end, "name") for m in otto.mentions]) == []  # no background


@pytest.mark.parametrize(
    ("article", "words", "title"),
    [
        (
            'Er lobte die "speziellen Militäroperation", wie Putin sie nennt, seit Monaten.',
            "speziellen Militäroperation",
            "spezielle Militäroperation",
        ),
        (
            'Er sprach von "ausländischen Agenten", wie die Regierung sie nennt.',
            "ausländischen Agenten",
            "ausländischen Agenten",
        ),
        (
            'Die Bank hält an "per saldo 1.920 wegfallenden Stellen" fest, so der Vorstand.',
            "per saldo 1.920 wegfallenden Stellen",
            "per saldo 1.920 wegfallenden Stellen",
        ),
    ],
)
def test_context_term_title_changes_only_singular_adjective_noun_terms(
    article: str, words: str, title: str
) -> None:
    assert terms.term_title(text.analyse(article), term(article, words)) == title


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(0, 5, False), (5, 11, True), (12, 14, True), (31, 35, True), (29, 31, True), (40, 50, False)],
)
def test_context_speech_spans_overlap_like_a_scan_over_all_spans(
    start: int, end: int, expected: bool
) -> None:
    spans = [(20, 30), (10, 40), (12, 13)]  # nested and unsorted, as quotes may come
    assert (SpanIndex(Span("", s, e) for s, e in spans).overlapping(start, end) > 0) is expected
    assert any(s < end and start < e for s, e in spans) is expected


# -- issue 19: boxes worth their space ----------------------------------------------------------


def test_context_scare_quotes_without_attribution_get_no_term_box() -> None:
    article = 'Der Stadtrat hält die neue Umgehungsstraße für "unnötig" und lehnt sie ab.'
    assert build_context(text.analyse(article), (), (term(article, "unnötig"),), ()) == ()


@pytest.mark.parametrize(
    ("article", "words", "who"),
    [
        (
            'Der Konzern plant einen "sozialverträglichen Umbau", wie der Vorstand es nennt.',
            "sozialverträglichen Umbau",
            "Vorstand",
        ),
        (
            'Die Gewerkschaft kritisiert, was Ministerin Berger als "maßvolle Reform" bezeichnet.',
            "maßvolle Reform",
            "Ministerin Berger",
        ),
        (
            'Die Opposition spricht von einem "kalten Putsch" in der Hauptstadt.',
            "kalten Putsch",
            "Die Opposition",
        ),
    ],
)
def test_context_attributed_term_gets_a_box_in_base_form(article: str, words: str, who: str) -> None:
    (b,) = build_context(text.analyse(article), (), (term(article, words),), ())
    assert (b.kind, b.subtitle) == ("term", f"Begriff von {who}")
    assert b.title == terms.term_title(text.analyse(article), term(article, words))


def test_context_term_box_without_attribution_comes_from_the_knowledge_base() -> None:
    article = 'Das Land nennt den Einsatz offiziell "Friedensmission".'
    base = kb({"title": "Friedensmission", "type": "TERM", "text": "Amtliche Bezeichnung des Einsatzes."})
    (b,) = build_context(text.analyse(article), (), (term(article, "Friedensmission"),), (), base)
    assert b.title == "Friedensmission"
    assert any(f.source == "knowledge-base" for f in b.facts)


@pytest.mark.parametrize(
    ("name", "known", "base"),
    [
        ("Arnsbergs", {"Arnsberg"}, "Arnsberg"),
        ("Peter Arnsbergs", {"Arnsberg"}, "Peter Arnsberg"),
        ("Markus", {"Klaus"}, "Markus"),  # no "Marku" in the article
        ("Strauss", {"Straus"}, "Strauss"),
    ],
)
def test_context_base_name_drops_a_genitive_s_the_article_writes_without(
    name: str, known: set[str], base: str
) -> None:
    assert actors.base_name(name, known) == base


def test_context_genitive_and_surname_entities_share_the_full_names_box() -> None:
    article = (
        "Der Tischler Peter Arnsberg wurde 1960 in Kassel geboren. "
        "Arnsbergs Werkstatt gilt als älteste der Stadt. Die Werkstatt wurde 1890 gegründet."
    )
    doc = text.analyse(article)
    full = entity(article, "e1", "Peter Arnsberg", "PER", salience=3.0)
    genitive = entity(article, "e2", "Arnsbergs", "PER", salience=1.0)
    boxes = build_context(doc, (full, genitive), (), ())
    assert [b.title for b in boxes if b.kind == "entity"] == ["Peter Arnsberg"]


def test_context_boxes_show_people_first_and_the_top_organisation_always() -> None:
    article = (
        "Die Firma Nordwerk baut in Kassel ein neues Werk. Nordwerk gilt als größter Arbeitgeber der Region. "
        "Nordwerk wurde 1950 gegründet. Betriebsrat Jan Ohl begrüßte die Pläne."
    )
    doc = text.analyse(article)
    ents = (
        entity(article, "e1", "Nordwerk", "ORG", salience=5.0),
        entity(article, "e2", "Kassel", "LOC", salience=4.0),
        entity(article, "e3", "Jan Ohl", "PER", salience=2.0),
    )
    boxes = build_context(doc, ents, (), ())
    assert [b.title for b in boxes if b.kind == "entity"][:2] == ["Jan Ohl", "Nordwerk"]


def test_context_no_fact_repeats_a_key_quote_or_a_summary_point_or_another_box() -> None:
    article = (
        "Die Stadt Lindau wurde im Jahr 800 gegründet. "
        "Lindau gilt als Perle am Bodensee. "
        "Die Stadt Lindau zählt seit 1950 mehr als 25.000 Einwohner und 3000 Betriebe."
    )
    doc = text.analyse(article)
    s = doc.sentences[1]
    boxes = build_context(
        doc, (entity(article, "e1", "Lindau", "LOC"),), (), (SummaryPoint(s.text, s.start, s.end, 1.0),)
    )
    spans = [(f.start, f.end) for b in boxes for f in b.facts if f.start is not None]
    assert spans
    assert len(spans) == len(set(spans))
    assert all(e <= s.start or st >= s.end for st, e in spans if e is not None)
    assert all(len([f for f in b.facts if f.source == "article"]) <= 2 for b in boxes if b.kind == "entity")


def test_context_reference_article_boxes_the_issue_names(reference_text: str) -> None:
    """Issue 19: Lukaschenko (weißrussischer Präsident), Putin (russischer Präsident), Weißrussland
    (also Belarus) and "spezielle Militäroperation" as Putin's term, without the knowledge base and
    under the article's own title. Putin is only spoken about (no key quote), and the term's sentence
    is a summary point: neither may cost a box; no box repeats a summary point."""
    analysed = briefing.analyze(
        reference_text,
        published=dt.date(2023, 2, 16),
        title="Lukaschenko: Bereit, an der Seite Russlands zu kämpfen",
    )
    boxes = analysed.context
    assert (box(boxes, "Alexander Lukaschenko").subtitle or "").endswith("weißrussischer Präsident")
    assert (box(boxes, "Wladimir Putin").subtitle or "").endswith("russischer Präsident")
    assert "Belarus" in (box(boxes, "Weißrussland").subtitle or "")
    (op,) = [b for b in boxes if b.kind == "term"]
    assert (op.title, op.subtitle) == ("spezielle Militäroperation", "Begriff von Wladimir Putin")
    printed = [(p.start, p.end) for p in analysed.summary]
    for _, start, end in article_facts(boxes):
        assert not any(s < end and start < e for s, e in printed)
