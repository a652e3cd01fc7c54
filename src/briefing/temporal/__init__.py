"""Temporal stage: German time expressions normalised to TIMEX3 values.

One compiled regex per rule (templates in ``data/temporal/patterns.yaml``, vocabulary in
``data/temporal/lexicon.yaml``) scans the text; overlapping candidates are resolved longest
first, then each expression is normalised in text order so that relative ones can be anchored
(:mod:`~briefing.temporal.tagger`):

* news mode (a publication date is given): deictic expressions ("heute", "letztes Jahr",
  "am Donnerstag", "vor einem Jahr") resolve against the publication date; the tense of the
  clause decides past or future for a bare weekday or month (:mod:`~briefing.temporal.anchoring`).
* anaphoric expressions ("am selben Tag", "ein Jahr zuvor", "im folgenden Jahr") and, without a
  publication date, all relative ones resolve against the last mentioned date (narrative mode).
* with no anchor at all the value stays undetermined ("XXXX-03", ``PRESENT_REF``); without a
  publication date, :func:`~briefing.temporal.tagger.tag_and_undated` also names the expressions one would
  have dated ("gestern", "am Dienstag", "vor zwei Jahren"), so that the briefing can say so.

Each rule's handler lives in the module of its kind (:mod:`~briefing.temporal.registry` lists
them): ``dates``, ``years``, ``times``, ``relative`` ("vor einem Jahr"), ``durations``; value
helpers in ``values``.
"""

from __future__ import annotations

from briefing.temporal.tagger import tag, tag_and_undated

__all__ = ["tag", "tag_and_undated"]
