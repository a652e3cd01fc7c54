"""STTS tag groups the language layer and the stages share (tags as HanTa gives them)."""

from __future__ import annotations

DET = frozenset({"ART", "PDAT", "PIAT", "PIDAT", "PPOSAT", "PWAT"})  # articles and determiners
ADJ = frozenset({"ADJA", "ADJD", "CARD"})  # adjectives and numbers before a noun
NOMINAL = frozenset({"NN", "NNA", "NE", "FM", "XY", "TRUNC"})
PROPER_NAME = frozenset({"NE", "FM"})
PREP = frozenset({"APPR", "APPRART", "APPO", "APZR"})
