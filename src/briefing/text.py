"""Text stage: paragraphs, sentences and tokens with character offsets, POS tags and lemmas.

SoMaJo splits sentences and tokens (with offsets into the original text); HanTa adds STTS
part-of-speech tags and lemmas. Both models load once per process. HanTa's per-word analyses
are memoised, so a warm process tags known words without recomputing their morphology.
"""

from __future__ import annotations

import bisect
import functools
import logging
import math
import re
from typing import TYPE_CHECKING, Any

from briefing import limits
from briefing.language import marks
from briefing.layout import layout
from briefing.model import Document, Sentence, Token
from briefing.morph import EMPTY, END, LOWER_BOUND, START, UNKNOWN, Morphology, reachability

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

_FALLBACK_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)
_FALLBACK_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[" + re.escape("".join(sorted(marks.OPENING))) + "A-ZÄÖÜ0-9])"
)
_MAX_TAGGED_SENTENCE = 300  # tokens; longer "sentences" (lists, tables) are not POS-tagged
_SPLIT_AFTER = frozenset({",", ";", ":", "–", "—", "-"})  # safe points to split an overlong sentence
log = logging.getLogger(__name__)


@functools.cache
def _somajo() -> Any:
    from somajo import SoMaJo  # noqa: PLC0415 - loaded on first use, once

    tokenizer = SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)
    _skip_emoji_scan_without_emoji(tokenizer._tokenizer)
    _align_plainly_when_normalised()
    return tokenizer


def _skip_emoji_scan_without_emoji(tokenizer: Any) -> None:
    """SoMaJo looks for emoji by running a regex on every grapheme of every token, which is half
    of its time on news text. A token without any emoji character cannot yield an emoji token, so
    one search per token decides whether the grapheme scan runs at all (same tokens either way)."""
    import regex  # noqa: PLC0415 - SoMaJo's own regex engine, for the same Unicode properties

    emoji = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")
    scan = tokenizer._split_emojis

    def split_emojis(node: Any, token_class: str = "emoticon") -> None:  # noqa: S107 - not a password
        if emoji.search(node.value.text):
            scan(node, token_class)

    tokenizer._split_emojis = split_emojis


def _align_plainly_when_normalised() -> None:
    """SoMaJo's character offsets, computed without its NFC alignment tables when they are not needed.

    SoMaJo aligns every chunk with its NFC form through per-character dictionaries and then finds
    each token with ``raw[i:].startswith(token)``, copying the rest of the chunk per token. Most
    news text is already NFC, where that alignment is the identity: this finds the tokens with
    ``raw.startswith(token, i)`` instead. Any chunk that is XML, not NFC, or has a token that is
    not found right at the current position goes to SoMaJo's own code, so the offsets are the
    same either way (``tests/test_text.py`` compares them).
    """
    import unicodedata  # noqa: PLC0415 - only with SoMaJo

    import regex  # noqa: PLC0415 - SoMaJo's own regex engine, for the same whitespace class
    from somajo import alignment  # noqa: PLC0415 - loaded with SoMaJo

    original = alignment.token_offsets
    if getattr(original, "briefing_fast_path", False):
        return
    space = regex.compile(r"\s")

    def token_offsets(token_list: Any, raw: str, position: int, xml_input: bool, tokens: Any) -> Any:
        if xml_input or not unicodedata.is_normalized("NFC", raw):
            return original(token_list, raw, position, xml_input, tokens)
        plain = space.sub(" ", raw)
        offsets = []
        i = 0
        for token in tokens:
            text = token.text if token.original_spelling is None else token.original_spelling
            text = space.sub(" ", text)
            if not text:
                return original(token_list, raw, position, xml_input, tokens)
            if plain.startswith(text, i):
                start = i
            elif plain.startswith(" " + text, i):
                start = i + 1
            else:
                return original(token_list, raw, position, xml_input, tokens)
            i = start + len(text)
            offsets.append((start + position, i + position))
        return offsets

    token_offsets.briefing_fast_path = True  # type: ignore[attr-defined]
    token_offsets.__wrapped__ = original  # type: ignore[attr-defined]
    alignment.token_offsets = token_offsets


@functools.cache
def _hanta() -> Any:
    from HanTa import HanoverTagger  # noqa: PLC0415 - loaded on first use, once

    class Tagger(HanoverTagger.HanoverTagger):  # type: ignore[misc]  # HanTa has no type hints
        def reachable(self) -> None:
            self.reachability = reachability(self)  # same table, built without HanTa's nested scan

    tagger = Tagger("morphmodel_ger.pgz")
    # HanTa's per-word morphology, computed faster with identical results (briefing.morph)
    morphology = Morphology(tagger)
    tagger.analyze_viterbi = morphology.viterbi
    # Memoise the two per-word analyses; both are pure functions of their arguments.
    tagger.analyze_forward = functools.lru_cache(maxsize=200_000)(morphology.forward)
    tagger._analyze = functools.lru_cache(maxsize=200_000)(tagger._analyze)
    return tagger


def _squeeze(token: str) -> str:
    return "".join(token.split())


def _somajo_paragraphs(text: str, spans: list[tuple[int, int]]) -> list[list[list[tuple[int, int]]]]:
    """Token spans per sentence per paragraph, one SoMaJo call per paragraph.

    SoMaJo reads each paragraph with two-character quotation marks written as one
    (:func:`_single_marks`), and a sentence break inside a quotation that the sentence goes on after
    is undone (:func:`_join_inside_quotations`). A paragraph whose offsets do not point at SoMaJo's
    tokens comes back empty (the caller then uses the regex fallback).
    """
    tokenizer = _somajo()
    if len(spans) > limits.LIMITS().many_paragraphs:
        return _somajo_batched(text, spans)
    out: list[list[list[tuple[int, int]]]] = []
    for p_start, p_end in spans:
        groups: list[list[tuple[int, int]]] = []
        for start, end, opaque in _pieces(text, p_start, p_end):
            if opaque:  # a piece of an overlong run without whitespace: one token, its own sentence
                groups.append([(start, end)])
                continue
            piece = _somajo_piece(tokenizer, text[start:end])
            if piece is None:
                groups = []
                break
            groups.extend([[(start + s, start + e) for s, e in group] for group in piece])
        out.append(groups)
    return out


def _somajo_piece(tokenizer: Any, piece: str) -> list[list[tuple[int, int]]] | None:
    """Token spans per sentence of one piece of a paragraph, relative to the piece (None: the
    offsets do not point at SoMaJo's tokens)."""
    chunk, starts, ends = _single_marks(piece)
    groups: list[list[tuple[int, int]]] = []
    for sentence in tokenizer.tokenize_text([chunk]):
        local = [tok.character_offset for tok in sentence]
        # the offsets must point at the token SoMaJo saw (it may only drop whitespace inside)
        if any(
            _squeeze(chunk[s:e]) != _squeeze(tok.text) for tok, (s, e) in zip(sentence, local, strict=True)
        ):
            return None
        if local:
            groups.append(local)
    groups = _join_inside_quotations(chunk, groups)
    return [[(starts[s], ends[e - 1]) for s, e in group] for group in groups]


# Quotation marks typed as two characters: ,,Wort'' and ''Wort'' (``Wort'' from TeX habits).
# SoMaJo takes them for punctuation, so a sentence may end inside them or run on after them.
_TWO_CHARACTER_MARKS = re.compile(r"(?<!,),,(?=[^\W_])|(?<!')''(?!')|(?<!`)``(?!`)")


def _single_marks(chunk: str) -> tuple[str, list[int], list[int]]:
    """``chunk`` with each two-character quotation mark written as one („ for ,, and " for '' or
    ``), and per character of the result its start and end offset in ``chunk``."""
    if "''" not in chunk and ",," not in chunk and "``" not in chunk:
        return chunk, list(range(len(chunk))), list(range(1, len(chunk) + 1))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _TWO_CHARACTER_MARKS.finditer(chunk):
        pieces.append(chunk[pos : m.start()])
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        pieces.append("„" if m.group() == ",," else '"')
        starts.append(m.start())
        ends.append(m.end())
        pos = m.end()
    pieces.append(chunk[pos:])
    starts.extend(range(pos, len(chunk)))
    ends.extend(range(pos + 1, len(chunk) + 1))
    return "".join(pieces), starts, ends


_GOES_ON = re.compile(r"[ \t]*[^\W\d_]")  # after a closing mark: the sentence continues with a word


def _join_inside_quotations(chunk: str, groups: list[list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """Join the sentences SoMaJo split inside a quotation when the sentence goes on after it in
    lower case: ``auf der Seite „HRS.freie. Wähler“ um Hinweise`` is one sentence."""
    if len(groups) < 2 or not any(marks.is_paired_mark(ch) for ch in chunk):
        return groups
    inside: list[tuple[int, int]] = []
    for q in marks.pair_marks(chunk, [(0, len(chunk))]):
        after = _GOES_ON.match(chunk, q.end)
        if q.closed and after is not None and chunk[after.end() - 1].islower():
            inside.append((q.start, q.end))
    if not inside:
        return groups
    joined = [groups[0]]
    for group in groups[1:]:
        if any(q_start < group[0][0] < q_end for q_start, q_end in inside):
            joined[-1] = joined[-1] + group
        else:
            joined.append(group)
    return joined


def _somajo_batched(text: str, spans: list[tuple[int, int]]) -> list[list[list[tuple[int, int]]]]:
    """:func:`_somajo_paragraphs` for a text of more than ``many_paragraphs`` paragraphs
    (``data/limits.yaml``; articles have a few dozen). SoMaJo's cost per call (about 1 ms, its 64
    pattern passes) made 100,000 one-word paragraphs take 100 s, so consecutive paragraphs reach
    it together, up to ``batch_chars`` characters, and its sentences are cut at the paragraph
    bounds; a batch with a token outside its paragraphs is tokenised paragraph by paragraph."""
    size = limits.LIMITS().batch_chars
    log.debug("text: %d paragraphs reach SoMaJo in batches of up to %d characters", len(spans), size)
    out: list[list[list[tuple[int, int]]]] = []
    i = 0
    while i < len(spans):
        j = i + 1
        while j < len(spans) and spans[j][1] - spans[i][0] <= size:
            j += 1
        batch = spans[i:j]
        together = _somajo_batch(text, batch) if j - i > 1 else None
        if together is None:
            limit = limits.LIMITS().many_paragraphs
            together = [
                g for k in range(0, len(batch), limit) for g in _somajo_paragraphs(text, batch[k : k + limit])
            ]
        out.extend(together)
        i = j
    return out


def _somajo_batch(text: str, batch: list[tuple[int, int]]) -> list[list[list[tuple[int, int]]]] | None:
    """Token spans per sentence per paragraph of ``batch`` from one SoMaJo call (None: a token does
    not fit the text or lies outside the paragraphs)."""
    lo, hi = batch[0][0], batch[-1][1]
    starts = [s for s, _ in batch]
    out: list[list[list[tuple[int, int]]]] = [[] for _ in batch]
    for sentence in _somajo().tokenize_text([text[lo:hi]]):
        current = -1
        for tok in sentence:
            s, e = lo + tok.character_offset[0], lo + tok.character_offset[1]
            k = bisect.bisect_right(starts, s) - 1
            if k < 0 or e > batch[k][1] or _squeeze(text[s:e]) != _squeeze(tok.text):
                return None
            if k != current:
                out[k].append([])
                current = k
            out[k][-1].append((s, e))
    return out


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The paragraph ``[start, end)`` as SoMaJo gets it: whole, or, around a run of more than
    ``run_chars`` characters without whitespace (``data/limits.yaml``), the text before it and the
    text after it. Such a run is no prose (the longest in the corpora is a 91-character web
    address); it comes in pieces of ``run_chars`` marked opaque (``True``), each one token of its
    own sentence, which SoMaJo never sees: some of its patterns take time quadratic in a run's
    length (10,000 digits: 6 s), and 100 KB of quotation marks made some 50,000 tokens."""
    size = limits.LIMITS().run_chars
    pieces: list[tuple[int, int, bool]] = []
    pos = start
    for run in re.compile(rf"\S{{{size + 1},}}").finditer(text, start, end):
        log.debug(
            "text: a run of %d characters without a space is kept in opaque pieces", run.end() - run.start()
        )
        if run.start() > pos:
            pieces.append((pos, run.start(), False))
        pieces.extend((k, min(k + size, run.end()), True) for k in range(run.start(), run.end(), size))
        pos = run.end()
    if pos < end or not pieces:
        pieces.append((pos, end, False))
    return pieces


def _fallback_sentences(text: str, start: int, end: int) -> Iterator[list[tuple[int, int]]]:
    """Regex tokens and sentences, used only when SoMaJo's offsets do not fit the text."""
    pos = start
    chunk = text[start:end]
    bounds = [m.start() for m in _FALLBACK_SENTENCE_END.finditer(chunk)] + [len(chunk)]
    for b in bounds:
        seg_end = start + b
        spans = [m.span() for m in _FALLBACK_TOKEN.finditer(text, pos, seg_end)]  # offsets into text
        if spans:
            yield spans
        pos = seg_end


def _valid(text: str, spans: Sequence[tuple[int, int]], lo: int, hi: int) -> bool:
    prev = lo
    for s, e in spans:
        if not (prev <= s < e <= hi) or not text[s:e].strip():
            return False
        prev = e
    return True


_BEAM = 5  # states kept per word, as in HanTa


@functools.lru_cache(maxsize=50_000)
def _word_tags(tagger: Any, word: str, casesensitive: bool) -> dict[int, float]:
    """HanTa's tag -> log probability for a word in a sentence ({} for an unknown word); read only."""
    wprobs = dict(tagger._tag_word(word, cutoff=5, casesensitive=casesensitive, conditional=True))
    return {} if len(wprobs) == 1 and UNKNOWN in wprobs else wprobs


def _viterbi(tagger: Any, words: list[str]) -> list[int]:
    """HanTa's sentence Viterbi (``tag_sent_viterbi``) over the same model, faster.

    HanTa loops over every tag the transition table allows and then drops those the word cannot
    have; this loops over the word's few candidate tags instead. Same probabilities, same beam.
    """
    trans = tagger.LP_trans_word
    prev: dict[tuple[int, int], float] = {(EMPTY, START): 0.0}
    back: list[dict[tuple[int, int], tuple[int, int]]] = []
    for i, word in enumerate(words):
        wprobs = _word_tags(tagger, word, i > 0)
        bound = sorted(prev.values(), reverse=True)[_BEAM] - 1 if len(prev) > _BEAM else LOWER_BOUND
        row: dict[tuple[int, int], float] = {}
        pointers: dict[tuple[int, int], tuple[int, int]] = {}
        for state, lp0 in prev.items():
            if lp0 < bound:
                continue
            lp_t = trans[state]
            candidates = lp_t.items() if not wprobs else ((c, lp_t[c]) for c in wprobs if c in lp_t)
            for c, lp_tc in candidates:
                if c == END:
                    continue
                lp = lp0 + lp_tc + (wprobs[c] if wprobs else 0.0)
                new = (state[1], c)
                if lp > LOWER_BOUND and (new not in row or lp > row[new]):
                    row[new] = lp
                    pointers[new] = state
        if not row:
            raise ValueError("no tag sequence")
        back.append(pointers)
        prev = row
    best_state, best = None, -math.inf
    for state, lp0 in prev.items():
        lp = lp0 + trans[state].get(END, -math.inf)
        if lp > best:
            best_state, best = state, lp
    if best_state is None:
        raise ValueError("no tag sequence")
    tags = []
    state = best_state
    for pointers in reversed(back):
        tags.append(state[1])
        state = pointers[state]
    return tags[::-1]


@functools.cache
def _stts(hanta_tag: str) -> str:
    """HanTa writes STTS tags with brackets ("VV(FIN)", "ADJ(A)"); tokens carry plain STTS ("VVFIN")."""
    return hanta_tag.replace("(", "").replace(")", "")


def _tag(words: list[str]) -> list[tuple[str, str]]:
    """(POS, lemma) per word; words HanTa cannot handle get a shape-based tag."""
    if words and len(words) <= _MAX_TAGGED_SENTENCE:
        tagger = _hanta()  # a model that does not load is an error, not a reason for shape tags
        try:
            tags = _viterbi(tagger, words)
            return [
                (_stts(tagger.int2tag[t]), tagger._analyze(w, t, taglevel=1)[0])
                for w, t in zip(words, tags, strict=True)
            ]
        except (ValueError, KeyError, IndexError, ZeroDivisionError):
            pass  # characters HanTa was not trained on: shape-based tags below
    return [(_shape_tag(w), w) for w in words]


def _shape_tag(word: str) -> str:
    if not any(c.isalnum() for c in word):
        return "$."
    if word[:1].isdigit():
        return "CARD"
    return "NE" if word[:1].isupper() else "XY"


def _bounded(text: str, spans: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    """``spans`` (one sentence's tokens) in pieces of at most ``sentence_tokens`` tokens and
    ``sentence_chars`` characters (``data/limits.yaml``), so that the tagger and the stages never
    see a 200 KB "sentence" without punctuation. A piece ends after the last comma, semicolon,
    colon or dash within ``split_window`` tokens of the bound, else at the bound. Real sentences
    stay whole (the longest in the corpora is well below both bounds)."""
    cfg = limits.LIMITS()
    start = 0
    n = len(spans)
    while n - start > cfg.sentence_tokens or spans[-1][1] - spans[start][0] > cfg.sentence_chars:
        end = min(n, start + cfg.sentence_tokens)
        while end - start > 1 and spans[end - 1][1] - spans[start][0] > cfg.sentence_chars:
            end -= 1  # within the character bound (a single overlong token stands alone)
        cut = next(
            (
                k + 1
                for k in range(end - 1, max(start, end - cfg.split_window) - 1, -1)
                if text[spans[k][0] : spans[k][1]] in _SPLIT_AFTER
            ),
            end,
        )
        if cut >= n:
            break
        log.debug("text: a sentence of %d tokens split after token %d", n - start, cut - start)
        yield spans[start:cut]
        start = cut
    yield spans[start:]


def analyse(text: str) -> Document:
    """Split ``text`` into paragraphs, sentences and tagged tokens, with offsets into ``text``."""
    paragraphs = layout(text).paragraphs
    sentences: list[Sentence] = []
    spans = [(p.start, p.end) for p in paragraphs]
    per_paragraph = _somajo_paragraphs(text, spans)
    for p_index, (p_start, p_end) in enumerate(spans):
        groups = per_paragraph[p_index]
        if not groups or not all(_valid(text, g, p_start, p_end) for g in groups):
            groups = list(_fallback_sentences(text, p_start, p_end))
        for token_spans in (piece for group in groups for piece in _bounded(text, group)):
            limits.check("text")
            words = [text[s:e] for s, e in token_spans]
            tags = _tag(words)
            tokens = tuple(
                Token(w, s, e, pos, lemma)
                for (s, e), w, (pos, lemma) in zip(token_spans, words, tags, strict=True)
            )
            s0, s1 = token_spans[0][0], token_spans[-1][1]
            sentences.append(Sentence(text[s0:s1], s0, s1, len(sentences), p_index, tokens))
    return Document(text=text, paragraphs=paragraphs, sentences=tuple(sentences))
