"""Quote stage: direct speech in every quotation style, speaker cues and resolution, terms, key quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

import briefing
from briefing import quotes, text
from briefing.model import Entity, Mention

if TYPE_CHECKING:
    from briefing.model import Quote, Term


def run(article: str, entities: tuple[Entity, ...] = ()) -> tuple[tuple[Quote, ...], tuple[Term, ...]]:
    return quotes.find_quotes(text.analyse(article), entities)


def mention(article: str, needle: str, kind: str = "name", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = article.index(needle, start + 1)
    return Mention(needle, start, start + len(needle), kind)  # type: ignore[arg-type]


def assert_offsets(article: str, found: tuple[Quote, ...]) -> None:
    for q in found:
        assert article[q.start : q.end] == q.text
        if q.speaker_mention is not None:
            m = q.speaker_mention
            assert article[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("article", "quoted"),
    [
        (
            "Die Ministerin sagte: „Wir werden die Schulen offen halten.“",
            "„Wir werden die Schulen offen halten.“",
        ),
        (
            'Die Ministerin sagte: "Wir werden die Schulen offen halten."',
            '"Wir werden die Schulen offen halten."',
        ),
        (
            "Die Ministerin sagte: »Wir werden die Schulen offen halten.«",
            "»Wir werden die Schulen offen halten.«",
        ),
        (
            "Die Ministerin sagte: «Wir werden die Schulen offen halten.»",
            "«Wir werden die Schulen offen halten.»",
        ),
        (
            "Die Ministerin sagte: ‚Wir werden die Schulen offen halten.‘",
            "‚Wir werden die Schulen offen halten.‘",
        ),
        (
            "Die Ministerin sagte: ›Wir werden die Schulen offen halten.‹",
            "›Wir werden die Schulen offen halten.‹",
        ),
        (
            'Die Ministerin sagte: "Wir werden die Schulen offen halten. "',
            '"Wir werden die Schulen offen halten. "',
        ),
    ],
    ids=[
        "german",
        "straight",
        "chevrons-in",
        "chevrons-out",
        "single-german",
        "single-chevrons",
        "space-before",
    ],
)
def test_quotes_every_quotation_style_is_speech_with_its_marks(article: str, quoted: str) -> None:
    found, terms = run(article)
    assert [q.text for q in found] == [quoted]
    assert found[0].speaker == "Ministerin"
    assert terms == ()
    assert_offsets(article, found)


@pytest.mark.parametrize(
    ("article", "speaker", "cue"),
    [
        (
            "Bundeskanzler Olaf Scholz erklärte: „Die Lage ist ernst, aber beherrschbar.“",
            "Olaf Scholz",
            "erklärte",
        ),
        (
            "„Die Lage ist ernst, aber beherrschbar“, sagte Olaf Scholz am Montag in Berlin.",
            "Olaf Scholz",
            "sagte",
        ),
        ("„Die Lage ist ernst, aber beherrschbar“, so der Feuerwehrsprecher.", "Feuerwehrsprecher", "so"),
        ("„Die Lage ist ernst, aber beherrschbar“, hatte Scholz in einem Interview erklärt.", "Scholz", None),
        ("Laut Olaf Scholz ist die Lage „ernst, aber beherrschbar“.", "Olaf Scholz", "Laut"),
        ("Der Polizei zufolge war der Täter „völlig außer sich“.", "Polizei", "zufolge"),
        ("Nach Angaben der Feuerwehr war der Brand „nur schwer zu löschen“.", "Feuerwehr", "nach Angaben"),
        (
            "Die Ministerin wird mit den Worten zitiert: „Wir lassen niemanden zurück.“",
            "Ministerin",
            "zitiert",
        ),
        (
            "Der Staatsanwalt sagte, der Angeklagte habe „kaltblütig und geplant“ gehandelt.",
            "Staatsanwalt",
            "sagte",
        ),
        (
            "Die Stadt baut eine neue Brücke. Bürgermeisterin Anna Berger: „Wir fangen im Mai an.“",
            "Anna Berger",
            ":",
        ),
        (
            "Der Verband hat einen Brief geschrieben. In dem Schreiben heißt es: „Wir fordern eine Antwort.“",
            "Schreiben",
            "heißt",
        ),
        (
            "Auch die Sprecherin der Stadt, Anna Berger, äußerte sich: „Wir sind sehr froh darüber.“",
            "Anna Berger",
            "äußerte",
        ),
        (
            "Die Opposition kritisierte den Plan scharf: So sagte Tom Weber: „Das ist ein schwerer Fehler.“",
            "Tom Weber",
            "sagte",
        ),
        (
            "Sängerin Nina Berger zu ihrer neuen Heimat: „Die meisten Sachen sind schon umgezogen.“",
            "Nina Berger",
            ":",
        ),
        (
            "Im Schreiben, das der Redaktion vorliegt, heißt es: „Wir fordern eine schnelle Antwort.“",
            "Schreiben",
            "heißt",
        ),
        (
            "Wie die Sprecherin der Stadt, Anna Berger, ausführte, sei die Brücke „nicht mehr sicher“.",
            "Anna Berger",
            "ausführte",
        ),
        (
            "„Wir brauchen nur noch ein Unentschieden“, zeigte sich Trainer Tom Weber danach zufrieden.",
            "Tom Weber",
            "zeigte",
        ),
        (
            "Das Gericht machte klar, dass „die Zeugin keine Interviews gegeben hatte“.",
            "Gericht",
            "machte klar",
        ),
        (
            "Das Tor war sehr bitter: „So zu verlieren ist richtig ärgerlich“, sagte Stürmer Tom Weber.",
            "Tom Weber",
            "sagte",
        ),
        (
            "Die Schließung des Bades begründe sich laut dem Betreiber durch „massive Schäden am Dach“.",
            "Betreiber",
            "laut",
        ),
        (
            (
                "Doch sei der Plan, so der Autor Tom Weber in einem Blogeintrag, längst gescheitert. "
                "Deshalb müsse „die Stadt endlich umdenken“."
            ),
            "Tom Weber",
            None,
        ),
        (
            "Als ein Gast helfen wollte, biss der Mann den Schaffner und rief: „Lasst mich sofort raus!“",
            "Mann",
            "rief",
        ),
        (
            (
                "Damit fällt die Marke, die Tom Weber im Jahr 2010 (damals Minister) zum Ziel erklärt hatte: "
                "„Wir schaffen das bis zum Ende des Jahres.“"
            ),
            "Tom Weber",
            "erklärt",
        ),
        (
            "Nach den Worten der Sprecherin der Stadt, Anna Berger, sei die Brücke „nicht mehr sicher“.",
            "Anna Berger",
            "nach Worten",
        ),
        (
            (
                "Wie die Sportzeitung „Le Monde“ berichtete, soll Tom Weber zu seinem Trainer gesagt haben: "
                "„Das lasse ich mir nicht gefallen.“"
            ),
            "Tom Weber",
            "gesagt",
        ),
    ],
    ids=[
        "colon",
        "after-verb",
        "so",
        "aux-participle",
        "laut",
        "zufolge",
        "nach-angaben",
        "zitiert",
        "verb-before",
        "colon-without-verb",
        "in-x-heisst-es",
        "focus-adverb-before-subject",
        "colon-after-a-colon",
        "name-and-topic-before-colon",
        "heisst-es-after-relative-clause",
        "wie-x-ausfuehrte",
        "any-verb-after-a-statement",
        "separable-klarmachen",
        "reporting-verb-after-beats-any-verb-before-colon",
        "source-phrase-beats-a-description-before-the-verb",
        "so-x-with-a-prepositional-phrase-in-the-sentence-before",
        "second-of-two-coordinated-verbs",
        "relative-clause-with-parenthesis-and-auxiliary",
        "nach-den-worten",
        "colon-clause-after-a-wie-clause",
    ],
)
def test_quotes_cue_patterns_name_the_speaker(article: str, speaker: str, cue: str | None) -> None:
    found, _ = run(article)
    assert len(found) == 1
    assert found[0].speaker == speaker
    if cue is not None:
        assert found[0].cue is not None
        assert found[0].cue.startswith(cue)
    assert found[0].confidence > 0.5
    assert_offsets(article, found)


def test_quotes_interrupted_quote_gives_two_quotes_of_one_speaker() -> None:
    article = (
        "„Wir haben alles versucht“, sagte die Bürgermeisterin Anna Weber, „aber das Wasser kam zu schnell.“"
    )
    found, _ = run(article)
    assert [q.text for q in found] == ["„Wir haben alles versucht“", "„aber das Wasser kam zu schnell.“"]
    assert {q.speaker for q in found} == {"Anna Weber"}


def test_quotes_quote_over_several_sentences_and_paragraphs() -> None:
    article = (
        "Der Trainer Jan Kowalski sagte nach dem Spiel: „Wir waren heute nicht gut genug. Die Mannschaft hat "
        "zu viele Fehler gemacht.\n\n„Nächste Woche müssen wir uns steigern. Das weiß jeder.“\n\n"
        "Das nächste Spiel findet am Samstag statt."
    )
    found, _ = run(article)
    assert len(found) == 1
    q = found[0]
    assert q.text.startswith("„Wir waren heute")
    assert q.text.endswith("Das weiß jeder.“")
    assert q.speaker == "Jan Kowalski"
    assert_offsets(article, found)


def test_quotes_paragraph_opening_with_a_mark_continues_the_speaker() -> None:
    article = (
        "Die Ministerin Petra Lang warnte, wenn nichts geschehe, „werden die Kosten explodieren“.\n\n"
        "„Deshalb müssen wir jetzt handeln. Später wird es teurer.“"
    )
    found, _ = run(article)
    assert len(found) == 2
    assert [q.speaker for q in found] == ["Petra Lang", "Petra Lang"]


def test_quotes_editorial_brackets_stay_inside_the_quote() -> None:
    article = "Er antwortete: „Wir werden [das Gebiet] nicht aufgeben.“"
    found, _ = run(article)
    assert found[0].text == "„Wir werden [das Gebiet] nicht aufgeben.“"


def test_quotes_broken_straight_marks_make_one_quote() -> None:
    article = 'Lukaschenko antwortete: "Ja, ich bin bereit. "Ich bin bereit, noch einmal zu helfen. "'
    found, _ = run(article)
    assert len(found) == 1
    assert found[0].text == '"Ja, ich bin bereit. "Ich bin bereit, noch einmal zu helfen. "'


@pytest.mark.parametrize(
    ("article", "term", "kind"),
    [
        ("Die SPD fordert die so genannte „Reichensteuer“ für hohe Einkommen.", "Reichensteuer", "term"),
        ("Die Forscher entdeckten einen sogenannten „Ur-Fisch“ in Kanada.", "Ur-Fisch", "term"),
        ("Am Abend lief der Film „Eine unbequeme Wahrheit“ im Kino.", "Eine unbequeme Wahrheit", "title"),
        ("Das berichtete die Zeitung „Financial Times“ am Montag.", "Financial Times", "name"),
        ("Laut „Reuters“ fielen mehrere Schüsse.", "Reuters", "name"),
        ("In der „Trostrunde“ schieden die Frauen früh aus.", "Trostrunde", "term"),
    ],
)
def test_quotes_terms_titles_and_names_are_not_speech(article: str, term: str, kind: str) -> None:
    found, terms = run(article)
    assert found == ()
    assert [(t.text, t.kind) for t in terms] == [(term, kind)]
    assert article[terms[0].start : terms[0].end] == term


def test_quotes_loaded_term_is_attributed_to_who_uses_it() -> None:
    article = 'Er unterstützt die "spezielle Militäroperation", wie Wladimir Putin sie nennt, seit Beginn.'
    found, terms = run(article)
    assert found == ()
    assert terms[0].text == "spezielle Militäroperation"
    assert terms[0].attributed_to == "Wladimir Putin"
    assert terms[0].context is not None
    assert terms[0].context.start <= terms[0].start < terms[0].end <= terms[0].context.end


def test_quotes_speaker_resolves_to_entity_name_and_role() -> None:
    article = "Scholz traf am Montag die Minister. Er sagte: „Wir werden die Hilfen verlängern.“"
    scholz = Entity(
        id="e1",
        name="Olaf Scholz",
        type="PER",
        roles=("Bundeskanzler",),
        mentions=(mention(article, "Scholz"),),
        references=(mention(article, "Er", "pronoun"),),
    )
    found, _ = run(article, (scholz,))
    q = found[0]
    assert (q.speaker, q.speaker_role, q.entity) == ("Olaf Scholz", "Bundeskanzler", "e1")
    assert q.speaker_mention is not None
    assert q.speaker_mention.text == "Er"


def test_quotes_description_resolves_through_entity_reference() -> None:
    article = (
        "Anna Weber besuchte das Hochwassergebiet. Die Bürgermeisterin sagte: „Wir brauchen jetzt Hilfe.“"
    )
    weber = Entity(
        id="e7",
        name="Anna Weber",
        type="PER",
        roles=("Bürgermeisterin",),
        mentions=(mention(article, "Anna Weber"),),
        references=(mention(article, "Die Bürgermeisterin", "description"),),
    )
    found, _ = run(article, (weber,))
    assert (found[0].speaker, found[0].entity) == ("Anna Weber", "e7")


def test_quotes_pronoun_without_entities_takes_preceding_full_name() -> None:
    article = (
        "Alexander Lukaschenko empfing ausländische Journalisten. "
        "Später traf Lukaschenko die Presse in Minsk. "
        "Er sagte: „Ich bin zu Gesprächen bereit.“"
    )
    found, _ = run(article)
    assert found[0].speaker == "Alexander Lukaschenko"


def test_quotes_key_quotes_are_statements_without_duplicates() -> None:
    article = (
        "Die Ministerin Petra Lang erklärte: „Wir werden die Förderung für Schulen deutlich erhöhen.“\n\n"
        "„Wir werden die Förderung für Schulen deutlich erhöhen“, wiederholte sie später.\n\n"
        "Der Oppositionsführer Max Bauer sagte: „Das Geld kommt viel zu spät bei den Kindern an.“\n\n"
        "Die Gewerkschaft sprach von einem „Tropfen auf den heißen Stein“.\n\n"
        "Der Elternverband Hessen erklärte: „Wir begrüßen jeden Euro für die Bildung ausdrücklich.“"
    )
    found, _ = run(article)
    key = [q for q in found if q.key]
    assert 3 <= len(key) <= 5
    assert "„Tropfen auf den heißen Stein“" not in [q.text for q in key]
    assert sum(1 for q in key if "Förderung" in q.text) == 1


def test_quotes_to_dict_lists_quotes_in_text_order(reference_briefing: briefing.Briefing) -> None:
    data = reference_briefing.to_dict()["quotes"]
    assert [q["start"] for q in data] == sorted(q["start"] for q in data)
    for q in data:
        assert set(q) >= {
            "text",
            "start",
            "end",
            "speaker",
            "speaker_role",
            "cue",
            "speaker_mention",
            "confidence",
        }
        assert reference_briefing.text[q["start"] : q["end"]] == q["text"]


def test_quotes_reference_article_lukaschenko_statements(reference_briefing: briefing.Briefing) -> None:
    found = reference_briefing.quotes
    openings = ("Ja, ich bin bereit", "werdet ihr Atomwaffen", "Ich lade [Präsident Biden]")
    for opening in openings:
        q = next(q for q in found if opening in q.text)
        assert q.speaker == "Alexander Lukaschenko"
    assert all("Militäroperation" not in q.text for q in found)
    term = next(t for t in reference_briefing.terms if "Militäroperation" in t.text)
    assert term.attributed_to is not None
    assert "Putin" in term.attributed_to
    assert 1 <= len(reference_briefing.key_quotes) <= 5


@pytest.mark.parametrize(
    "article",
    [
        "„Das ist“, so Lindner weiter, „ein guter Kompromiss.“",
        "„Wir kommen“, sagte Scholz am Abend, „morgen wieder.“",
        "»Die Lage«, erklärte die Ministerin, »ist ernst.«",
    ],
)
def test_quotes_short_second_half_of_interrupted_quote_is_speech(article: str) -> None:
    found, terms = run(article)
    assert len(found) == 2
    assert found[0].speaker == found[1].speaker
    assert found[1].speaker is not None
    assert terms == ()


@pytest.mark.parametrize(
    ("article", "speaker"),
    [
        (
            "Ein Sprecher sagte der Nachrichtenagentur Reuters: „Die Lage ist angespannt, aber stabil.“",
            "Sprecher",
        ),
        ("Die Ministerin sagte dem Sender: „Wir bleiben hier in Berlin.“", "Ministerin"),
        ("Der Trainer erklärte den Reportern: „Wir haben verdient gewonnen.“", "Trainer"),
    ],
)
def test_quotes_addressee_after_the_verb_is_not_the_speaker(article: str, speaker: str) -> None:
    found, terms = run(article)
    assert [q.speaker for q in found] == [speaker]
    assert terms == ()


def test_quotes_key_quotes_prefer_whole_statements_to_fragments() -> None:
    article = (
        "Der Minister warnte, wenn nichts geschehe, „werden wir alle den Preis dafür zahlen müssen“.\n"
        "„Wir haben lange verhandelt und sind zu einem Ergebnis gekommen, das alle tragen können.“, "
        "sagte er am Abend.\n"
        "„Die Einigung ist ein wichtiger Schritt für die Region und ihre Menschen.“, fügte er hinzu.\n"
        "„Jetzt beginnt die eigentliche Arbeit, und die wird nicht leicht.“, sagte er zum Schluss."
    )
    found, _ = run(article)
    assert len(found) == 4
    keys = [q for q in found if q.key]
    assert len(keys) == 3
    assert not found[0].key  # the fragment inside the reporter's sentence


@pytest.mark.parametrize(
    ("article", "phrase", "is_name"),
    [
        (
            "Ministerin Ursula von der Leyen besuchte das Werk. Von der Leyen sagte etwas.",
            "Von der Leyen",
            True,
        ),
        ("Der Sprecher äußerte sich nicht zu dem Fall.", "zu dem Fall", False),
        ("Die Polizei berichtete von der Festnahme am Montag.", "von der Festnahme", False),
    ],
)
def test_quotes_name_particle_is_a_name_only_before_a_proper_name(
    article: str, phrase: str, is_name: bool
) -> None:
    from briefing.quotes import phrases, tokens

    tv = tokens.token_view(text.analyse(article), ())
    start = tv.index(article.rindex(phrase))
    m = phrases.noun_phrase(tv, start, len(tv.toks))
    assert (m is not None and m.kind == "name" and m.end == start + 3) == is_name


def test_quotes_von_der_name_at_sentence_start_is_the_speaker() -> None:
    article = (
        "Bundesministerin Ursula von der Leyen besuchte das Werk. "
        "Von der Leyen betonte, die Beschäftigten würden „nicht im Stich gelassen“."
    )
    found, _ = run(article)
    assert [q.speaker for q in found] == ["Von der Leyen"]


# --------------------------------------------------------------------- speakers through the shared resolver
def analysed_quotes(article: str) -> tuple[Quote, ...]:
    """The quotes of the whole analysis: the entity stage resolves, the quote stage reads it."""
    from briefing import analyze

    return analyze(article).quotes


@pytest.mark.parametrize(
    ("article", "speaker"),
    [
        (
            "Peter Müller traf Maria Schmidt in Bonn. „Wir brauchen mehr Geld für die Schulen“, sagte er.",
            "Peter Müller",
        ),
        (
            "Maria Schmidt traf Peter Müller in Bonn. „Wir brauchen mehr Geld für die Schulen“, sagte sie.",
            "Maria Schmidt",
        ),
    ],
)
def test_quotes_pronoun_after_two_people_is_the_one_of_its_gender(article: str, speaker: str) -> None:
    (q,) = analysed_quotes(article)
    assert q.speaker == speaker
    assert q.entity is not None
    assert q.speaker_mention is not None
    assert q.speaker_mention.text in ("er", "sie")


@pytest.mark.parametrize(
    "article",
    [
        "Peter Müller traf die Vertreter der Gewerkschaften. „Wir wollen mehr Geld“, sagten sie.",
        "Peter Müller traf die Vertreter der Gewerkschaften. Sie sagten: „Wir wollen mehr Geld.“",
    ],
)
def test_quotes_plural_sie_after_a_group_is_no_single_person(article: str) -> None:
    (q,) = analysed_quotes(article)
    assert q.speaker is None
    assert q.entity is None
    assert q.speaker_mention is not None
    assert q.speaker_mention.text.lower() == "sie"


def test_quotes_description_resolves_to_the_named_minister() -> None:
    article = (
        "Bundesfinanzminister Christian Lindner stellte am Montag den Haushalt vor. "
        "„Wir müssen in allen Ressorts sparen“, sagte der Minister."
    )
    (q,) = analysed_quotes(article)
    assert (q.speaker, q.speaker_role) == ("Christian Lindner", "Bundesfinanzminister")
    assert q.speaker_mention is not None
    assert q.speaker_mention.text == "der Minister"


def test_quotes_unresolved_pronoun_takes_the_person_spoken_of_last() -> None:
    # "Er" lies beyond the resolver's pronoun window: the quote stage asks who was spoken of last
    article = (
        "Olaf Scholz kam am Morgen an. Es regnete. Es war kalt. Der Zug war voll. Niemand sprach. "
        "Er sagte: „Wir werden die Hilfen verlängern.“"
    )
    scholz = Entity(id="e1", name="Olaf Scholz", type="PER", mentions=(mention(article, "Olaf Scholz"),))
    found, _ = run(article, (scholz,))
    assert (found[0].speaker, found[0].entity) == ("Olaf Scholz", "e1")


def test_quotes_name_takes_the_entity_stage_canonical_name() -> None:
    article = "Alexander Lukaschenko empfing Journalisten. „Ich bin bereit“, sagte Lukaschenko."
    luka = Entity(
        id="e1",
        name="Alexander Lukaschenko",
        type="PER",
        aliases=("Lukaschenko",),
        mentions=(mention(article, "Alexander Lukaschenko"),),
    )
    found, _ = run(article, (luka,))
    assert found[0].speaker == "Alexander Lukaschenko"


@pytest.mark.parametrize(
    ("article", "speaker"),
    [
        (
            (
                "Nach Ansicht von Ministerpräsident Stephan Weil ist die Lage unklar. "
                "„Wir warten die Prüfung ab.“"
            ),
            "Stephan Weil",
        ),
        ("Laut Bürgermeisterin Anna Berger fehlt noch Geld. „Wir brauchen Hilfe vom Land.“", "Anna Berger"),
    ],
)
def test_quotes_source_phrase_of_the_sentence_before_names_the_speaker(article: str, speaker: str) -> None:
    found, _ = run(article)
    assert [q.speaker for q in found] == [speaker]


def test_quotes_a_doubtful_speaker_is_never_a_key_quote() -> None:
    from briefing.model import Quote
    from briefing.quotes.key import choose_key

    first = "„Wir haben alles getan, was in unserer Macht stand, und wir werden weiter helfen.“"
    second = "„Die Brücke bleibt bis zum Frühjahr gesperrt, eine Umleitung ist ausgeschildert.“"
    sure = Quote(first, 0, len(first), "Anna Berger", None, "sagte", None, 0.95, None)
    doubtful = Quote(second, 100, 100 + len(second), None, None, None, None, 0.3, None)
    chosen = choose_key([sure, doubtful], {0, 100})
    assert [q.key for q in chosen] == [True, False]


@pytest.mark.parametrize(
    ("article", "name"),
    [
        ("Das sagte der Minister der „BILD am Sonntag“.", "BILD am Sonntag"),
        ("Die Sprecherin sagte, man habe bei „YouTube“ Beschwerde eingelegt.", "YouTube"),
        ("Der Chef der „Partei der Arbeit“ sagte, er trete zurück.", "Partei der Arbeit"),
    ],
)
def test_quotes_an_organisation_in_quotation_marks_is_a_name_not_speech(article: str, name: str) -> None:
    """The entity stage knows the organisation, so its name in quotation marks is no quote."""
    result = briefing.analyze(article)
    assert result.quotes == ()
    assert [(t.text, t.kind) for t in result.terms] == [(name, "name")]


def test_quotes_seiner_ansicht_nach_names_the_owner_of_the_opinion() -> None:
    article = (
        "Minister Tom Weber sprach von einem schweren Tag. "
        "Seiner Ansicht nach „sind wir heute Zeugen eines schwarzen Tages für das ganze Land“."
    )
    (quote,) = briefing.analyze(article).quotes
    assert (quote.speaker, quote.cue) == ("Tom Weber", "Ansicht nach")
    assert quote.speaker_mention is not None
    assert quote.speaker_mention.text == "Seiner"


@pytest.mark.parametrize(
    "article",
    [
        "„Wir haben davon nichts bemerkt“, erklärte Henk Jaap Meijer.",
        "Das Fazit von Sandra Boser: „Wir haben davon nichts bemerkt.“",
    ],
    ids=["first-name", "statement-noun"],
)
def test_quotes_a_role_needs_a_role_noun(article: str) -> None:
    """The words before a name are its role only when they state one (a role noun)."""
    (quote,) = briefing.analyze(article).quotes
    assert quote.speaker is not None
    assert quote.speaker_role is None


@pytest.mark.parametrize(
    ("article", "name"),
    [
        ("Laut Polizei seien auch Helfer von „Ärzte ohne Grenzen“ vor Ort gewesen.", "Ärzte ohne Grenzen"),
        ("Nach Angaben der Stadt habe „Kinder für Kinder“ das Fest organisiert.", "Kinder für Kinder"),
    ],
)
def test_quotes_a_capitalised_name_with_a_preposition_is_a_name_not_speech(article: str, name: str) -> None:
    """ "Ärzte ohne Grenzen" in quotation marks is the name of an organisation, even in reported
    speech (data/quotes/cues.yaml: ``name_prepositions``)."""
    result = briefing.analyze(article)
    assert result.quotes == ()
    assert [(t.text, t.kind) for t in result.terms] == [(name, "name")]
