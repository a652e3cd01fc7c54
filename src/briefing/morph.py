"""HanTa's per-word morphology, computed faster with the same model and the same results.

HanTa (the Hanover Tagger) finds a word's part of speech and lemma by running a Viterbi search
over the word's segmentations into morphemes. For every (position, state, segment, tag) it calls
``lp_m_t``, which looks the segment up in the tag's morpheme table and, failing that, guesses
from the segment's suffix. A 12-letter word not in HanTa's word cache costs a few thousand such
calls, which made the morphology of unseen words the largest cost of the analysis.

:class:`Morphology` asks the same question once per segment instead: which tags can this
segment have, with which log probability (an inverted morpheme index plus the suffix guess for
the open word classes). The search then visits states and tags in HanTa's own order and skips
only the tags whose probability HanTa would have computed as minus infinity, so every table
holds the same values in the same insertion order and the results are identical to HanTa's,
float for float. ``tests/test_text.py`` checks this against HanTa's own methods.
"""

from __future__ import annotations

import functools
import logging
import math
import operator
from typing import Any

from numpy import logaddexp

from briefing.limits import LIMITS

log = logging.getLogger(__name__)

# HanTa's reserved tag numbers (HanTa.HanoverTagger module constants) and its lower bound for a
# log probability worth keeping; also used by text's sentence tagger.
EMPTY, START, END, UNKNOWN, END_UNKNOWN = 0, 1, 2, 3, -3
LOWER_BOUND = -1e6
_ROW_BEAM = 3  # HanTa keeps states within 1 of the 4th best at each position
_WHOLE_WORD_PENALTY = 4.6  # HanTa's penalty for a guessed morpheme spanning the whole word
_SUFFIX_LENGTHS = (4, 3, 2, 1)
_LONG_FOLLOWUP = 16  # a state with more following tags visits only those the segment can have
_MAX_LENGTH = 24  # HanTa's morpheme length table stops here
_SUFFIX_CACHE_SIZE = 16_384  # word endings whose suffix guesses are kept

Row = dict[tuple[int, int], float]
Segment = dict[int, float]
# a state's following tags in HanTa's order; for a long list also tag -> rank
Followers = tuple[list[tuple[int, float]], dict[int, int] | None]


def reachability(tagger: Any) -> dict[int, frozenset[int]]:
    """HanTa's ``reachable()`` table: per final tag (negative), the tags with a path to it.

    HanTa builds it with a nested scan of all transitions per tag (quadratic, about 25 ms at
    every start); this walks a predecessor map instead. Same sets.
    """
    predecessors: dict[int, set[int]] = {}
    for (_, tag), followers in tagger.LP_trans.items():
        for follower in followers:
            predecessors.setdefault(follower, set()).add(tag)
    table: dict[int, frozenset[int]] = {}
    for final in tagger.int2tag:
        if final >= 0:
            continue
        seen: set[int] = set()
        todo = list(predecessors.get(final, ()))
        while todo:
            tag = todo.pop()
            if tag not in seen:
                seen.add(tag)
                todo.extend(predecessors.get(tag, ()))
        table[final] = frozenset(seen)
    return table


class Morphology:
    """Drop-in replacements for ``HanoverTagger.analyze_forward`` and ``analyze_viterbi``."""

    def __init__(self, tagger: Any) -> None:
        self._nonfinal: dict[tuple[int, int], list[tuple[int, float]]] = tagger.LP_trans_nonfinal
        self._final: dict[tuple[int, int], list[tuple[int, float]]] = tagger.LP_trans_final
        self._reachability: dict[int, frozenset[int]] = tagger.reachability
        self._follow_cache: dict[tuple[tuple[int, int], int | None], Followers] = {}
        self._strict: bool = tagger.strict
        # HanTa's search is quadratic in the word's length: longer tokens (a run of digits or
        # letters without a space) are left unanalysed, as HanTa leaves a word it cannot segment
        self._max_chars = LIMITS().token_chars
        known: dict[str, Segment] = {}
        for tag, morphemes in tagger.LP_m_t.items():
            for morpheme, lp in morphemes.items():
                known.setdefault(morpheme, {})[tag] = lp
        self._known = known
        # Tags HanTa guesses for unknown morphemes: per capped length the part of the guess
        # that does not depend on the suffix, and an index suffix -> [(tag number, log p)].
        guessed = [tag for tag in tagger.LP_m_t if tag in tagger.LP_hapax_t and tag in tagger.LP_s_t]
        self._guessed = tuple(guessed)
        self._by_length = [
            [tagger.Int_t + tagger.LP_hapax_t[tag] + tagger.LP_len_t[tag][length] for tag in guessed]
            for length in range(_MAX_LENGTH + 1)
        ]
        self._suffix_defaults = [tagger.LP_s_t[tag][""] for tag in guessed]
        self._suffix_index: dict[str, list[tuple[int, float]]] = {}
        for k, tag in enumerate(guessed):
            for suffix, lp in tagger.LP_s_t[tag].items():
                if suffix:
                    self._suffix_index.setdefault(suffix, []).append((k, lp))
        # bounded: a long-running process must not grow with every new word ending
        self._suffixes = functools.lru_cache(maxsize=_SUFFIX_CACHE_SIZE)(self._suffix_guess)
        tags_used = {tag for follow in self._nonfinal.values() for tag, _ in follow}
        if not tags_used <= set(tagger.LP_m_t):
            msg = "HanTa model has transitions to tags without a morpheme table"
            raise RuntimeError(msg)  # not a tagging error: the caller must not fall back silently

    def _segments(self, word: str, i: int, strict: bool) -> list[Segment]:
        """Per segment ``word[i:j]`` (j = i+1 .. len(word)): tag -> log p(segment | tag), for
        every tag where HanTa's ``lp_m_t`` is not -inf."""
        wlen = len(word)
        known_get = self._known.get
        if strict:
            return [known_get(word[i:j]) or {} for j in range(i + 1, wlen + 1)]
        out: list[Segment] = []
        for j in range(i + 1, wlen + 1):
            segment = word[i:j]
            known = known_get(segment)
            mlen = j - i
            if wlen >= 4 and mlen <= 2:  # HanTa guesses only longer morphemes of longer words
                out.append(known or {})
                continue
            # the guess depends on the last four characters (all of a shorter segment) and
            # on the length capped at 24
            guessed = (
                self._guess(word[j - 4 : j], min(mlen, _MAX_LENGTH))
                if mlen > 4
                else self._guess(segment, mlen)
            )
            if mlen == wlen:
                guessed = {tag: lp - _WHOLE_WORD_PENALTY for tag, lp in guessed.items()}
            out.append(guessed | known if known else guessed)  # a known morpheme is never guessed
        return out

    def _guess(self, tail: str, length: int) -> Segment:
        """HanTa's suffix guess per open word class for a segment of ``length`` ending in ``tail``."""
        # same operands in the same order as HanTa: (Int_t + hapax + length) + suffix
        return dict(
            zip(
                self._guessed,
                map(operator.add, self._by_length[length], self._suffixes(tail, length > 4)),
                strict=True,
            )
        )

    def _suffix_guess(self, tail: str, long_tail: bool) -> list[float]:
        """Per guessed tag, log p of the longest suffix of ``tail`` in its table (HanTa tries
        lengths 4, 3, 2, 1 in turn; 4 only in a segment longer than that)."""
        found: list[float | None] = [None] * len(self._suffix_defaults)
        for n in _SUFFIX_LENGTHS:
            if long_tail or len(tail) > n:
                for k, lp in self._suffix_index.get(tail[-n:], ()):
                    if found[k] is None:
                        found[k] = lp
        return [d if lp is None else lp for lp, d in zip(found, self._suffix_defaults, strict=True)]

    def forward(self, word: str) -> list[tuple[int, float]]:
        """``analyze_forward``: (POS tag, log probability) pairs, best first."""
        wlen = len(word)
        if self._too_long(word):
            return [(UNKNOWN, 0)]
        table: list[Row] = [{(EMPTY, START): 0.0}] + [{} for _ in range(wlen + 1)]
        self._fill(word, table, None, None, self._strict)
        last = table[-1]
        results: dict[int, float] = {}
        for state, lp in table[-2].items():
            for tag1, lpt in self._final.get(state, []):
                lp1 = lp + lpt
                if lp1 > LOWER_BOUND:
                    newstate = (state[1], tag1)
                    if newstate not in last or lp1 > last[newstate]:
                        last[newstate] = lp1
        for state, lp in last.items():
            if lp == -math.inf:
                continue
            pos = -state[1]
            results[pos] = logaddexp(results[pos], lp) if pos in results else lp
        best: list[tuple[int, float]] = sorted(results.items(), key=operator.itemgetter(1), reverse=True)
        return best or [(UNKNOWN, 0)]  # HanTa's int 0

    def viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        """``analyze_viterbi``: the best morpheme path to ``targetpos`` as (tag, end) pairs."""
        wlen = len(word)
        if self._too_long(word):
            return [(UNKNOWN, wlen), (END_UNKNOWN, wlen + 1)]
        for strict in (True, False):
            table: list[Row] = [{(EMPTY, START): 0.0}] + [{} for _ in range(wlen + 1)]
            backpointer: list[dict[tuple[int, int], tuple[tuple[int, int], int]]] = [
                {} for _ in range(wlen + 2)
            ]
            self._fill(word, table, targetpos, backpointer, strict)
            last = table[-1]
            for state, lp in table[-2].items():
                for tag1, lpt in self._final.get(state, []):
                    if tag1 == targetpos:
                        lp1 = lp + lpt
                        newstate = (state[1], tag1)
                        if lp1 > LOWER_BOUND and (newstate not in last or lp1 > last[newstate]):
                            last[newstate] = lp1
                            backpointer[-1][newstate] = (state, wlen)
                        break
            if last:
                break
        pmax, beststate = -math.inf, (EMPTY, EMPTY)
        for state, lp in last.items():
            if lp > pmax:
                pmax, beststate = lp, state
        i = len(backpointer) - 1
        if beststate == (EMPTY, EMPTY):
            return [(UNKNOWN, i - 1), (END_UNKNOWN, i)]
        states = [(beststate, i)]
        state = beststate
        while i > 0:
            state, i = backpointer[i][state]
            states.append((state, i))
        return [(s[1], k) for s, k in states[:-1][::-1]]

    def _too_long(self, word: str) -> bool:
        """Whether ``word`` is beyond ``token_chars`` (``data/limits.yaml``); logged at debug level."""
        if len(word) <= self._max_chars:
            return False
        log.debug("morph: a token of %d characters is not segmented (limit %d)", len(word), self._max_chars)
        return True

    def _followers(self, state: tuple[int, int], targetpos: int | None) -> Followers:
        """HanTa's non-final transitions from ``state`` (only those that can reach ``targetpos``).

        For a state with many of them, also tag -> rank, to visit just a segment's tags.
        """
        key = (state, targetpos)
        cached = self._follow_cache.get(key)
        if cached is None:
            followup = self._nonfinal.get(state, [])
            if targetpos is not None:
                reachable = self._reachability.get(targetpos, frozenset())
                followup = [(t, p) for t, p in followup if t in reachable]
            ranked = {t: k for k, (t, _) in enumerate(followup)} if len(followup) > _LONG_FOLLOWUP else None
            cached = self._follow_cache[key] = (followup, ranked)
        return cached

    def _fill(
        self,
        word: str,
        table: list[Row],
        targetpos: int | None,
        backpointer: list[dict[tuple[int, int], tuple[tuple[int, int], int]]] | None,
        strict: bool,
    ) -> None:
        """The morpheme lattice up to the last position (HanTa's main loop).

        A state with many following tags (the word start has 74) looks up the segment's few
        possible tags instead, and visits them in HanTa's order.
        """
        wlen = len(word)
        for i in range(wlen + 1):
            row = table[i]
            if not row:
                continue
            rowbound = (
                sorted(row.values(), reverse=True)[_ROW_BEAM] - 1 if len(row) > _ROW_BEAM else LOWER_BOUND
            )
            segments: list[Segment] | None = None
            for state, lp in row.items():
                if lp < rowbound:
                    continue
                followup, ranked = self._followers(state, targetpos)
                if not followup:
                    continue
                if segments is None:
                    segments = self._segments(word, i, strict)
                s1 = state[1]
                # HanTa adds lp + lpt + m: the first sum is fixed per state and tag
                bases = [(tag1, lp + lpt, (s1, tag1)) for tag1, lpt in followup]
                pointer = (state, i)
                for j, probs in enumerate(segments, start=i + 1):
                    if not probs:
                        continue
                    if ranked is not None:
                        hits = [bases[k] for k in sorted(ranked[t] for t in probs if t in ranked)]
                    else:
                        hits = bases
                    target = table[j]
                    for tag1, base, newstate in hits:
                        m = probs.get(tag1)
                        if m is not None:
                            lp1 = base + m
                            if lp1 > LOWER_BOUND and (newstate not in target or lp1 > target[newstate]):
                                target[newstate] = lp1
                                if backpointer is not None:
                                    backpointer[j][newstate] = pointer
