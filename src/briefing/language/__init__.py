"""The shared German language layer: each linguistic idea defined once, used by every stage.

Stages (entities, quotes, temporal, timeline, summary, context) never define quotation marks,
speech verbs, pronouns, clause bounds, tense or reference resolution themselves; they import them
from here.
"""
