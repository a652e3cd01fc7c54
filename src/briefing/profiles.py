"""Output profiles: ``print`` (default), ``email`` (PDF/UA-1) and ``archive`` (PDF/A-3b).

A profile decides the PDF variant, what is embedded, the size budget and the default file
name; the settings live in ``data/render.yaml`` (``profiles:``). This module is pure: it
describes, ``render.pdf`` applies (WeasyPrint ``pdf_variant`` and ``attachments``).

Print-shop options (``--bleed 3mm --crop-marks``) are page settings, handled by ``view``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from briefing import formatting
from briefing.errors import RenderError
from briefing.resources import load_data

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.model import Briefing, Metadata

log = logging.getLogger(__name__)

PROFILES = ("print", "email", "archive")
DEFAULT_PROFILE = "print"
JSON_NAME = "briefing.json"
_LENGTH = re.compile(r"\A(\d+(?:\.\d+)?)(mm|cm|in|pt|px)\Z")
_MAX_BLEED_MM = 20.0
_MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}


class EmbeddedFile(NamedTuple):
    """A file carried inside the PDF (PDF/A-3 associated file)."""

    name: str
    data: bytes
    description: str
    relationship: str = "Data"  # ISO 32000-2 AFRelationship: the PDF shows what this file holds


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    pdf_variant: str | None = None  # WeasyPrint's pdf_variant, e.g. "pdf/ua-1", "pdf/a-3b"
    embed_json: str | None = None  # name of the embedded analysis JSON, or None
    file_name: str = "{date}-{slug}.{ext}"
    size_budget_kb: int | None = None
    size_budget_pages: int = 2


def get(name: str) -> Profile:
    """The profile called ``name`` (``print``, ``email`` or ``archive``)."""
    settings: dict[str, dict[str, Any]] = load_data("render.yaml")["profiles"]
    key = name.lower()
    if key not in settings:
        raise RenderError(f"unknown profile {name!r} (use {', '.join(PROFILES)})")
    return Profile(name=key, **settings[key])


def output_name(
    briefing: Briefing, profile: Profile | str, ext: str = "pdf", today: dt.date | None = None
) -> str:
    """The default file name in ASCII: print/archive ``2023-02-16-weissrussland.pdf``, email
    ``2023-02-16_briefing_weissrussland.pdf``. Non-PDF formats keep the plain pattern."""
    return meta_name(briefing.meta, profile, ext, today)


def meta_name(meta: Metadata, profile: Profile | str, ext: str = "pdf", today: dt.date | None = None) -> str:
    """:func:`output_name` from the article's metadata alone (``--skip-existing`` checks it before
    analysing)."""
    prof = get(profile) if isinstance(profile, str) else profile
    date = meta.published or today or dt.datetime.now().astimezone().date()
    return file_name(prof, formatting.slugify(meta.title or "") or "briefing", ext, date)


def file_name(profile: Profile, slug: str, ext: str, date: dt.date) -> str:
    """The profile's file-name pattern filled in; formats other than PDF use the default pattern."""
    pattern = profile.file_name if ext == "pdf" else get(DEFAULT_PROFILE).file_name
    return pattern.format(date=date.isoformat(), slug=slug, ext=ext)


def analysis_json(briefing: Briefing) -> bytes:
    """``Briefing.to_dict()`` as UTF-8 JSON, exactly what ``--format json`` prints."""
    return (json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def handout_json(briefings: Sequence[Briefing]) -> bytes:
    """Several analyses as ``{"handout": [Briefing.to_dict(), …]}``, UTF-8 JSON."""
    payload = {"handout": [b.to_dict() for b in briefings]}
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def attachments(profile: Profile, briefings: Sequence[Briefing]) -> list[EmbeddedFile]:
    """The files the profile embeds: the analysis JSON (a list of analyses for a handout)."""
    if not profile.embed_json or not briefings:
        return []
    if len(briefings) == 1:
        data = analysis_json(briefings[0])
        what = "Analyse des Artikels (Briefing.to_dict())"
    else:
        data = handout_json(briefings)
        what = f"Analysen der {len(briefings)} Artikel (Briefing.to_dict())"
    return [EmbeddedFile(profile.embed_json, data, what)]


def size_budget(profile: Profile, pages: int) -> int | None:
    """Bytes allowed for ``pages`` pages: e.g. 150 KB per 2 pages, at least one unit."""
    if profile.size_budget_kb is None:
        return None
    units = max(1.0, pages / profile.size_budget_pages)
    return int(profile.size_budget_kb * 1024 * units)


def check_size(profile: Profile, size: int, pages: int, label: str = "PDF") -> bool:
    """Log a warning when ``size`` bytes exceed the profile's budget; True when within it."""
    budget = size_budget(profile, pages)
    if budget is None or size <= budget:
        return True
    log.warning(
        "%s is %d KB, above the %s budget of %d KB for %d page%s",
        label,
        round(size / 1024),
        profile.name,
        budget // 1024,
        pages,
        "" if pages == 1 else "s",
    )
    return False


def parse_bleed(value: str) -> str:
    """Validate a CSS length for ``--bleed`` (``3mm``, ``0.125in``, ``9pt``); returns it normalised."""
    text = value.strip().lower().replace(" ", "")
    match = _LENGTH.match(text)
    if match is None:
        raise ValueError(f"{value!r} is not a length such as 3mm")
    mm = float(match.group(1)) * _MM_PER_UNIT[match.group(2)]
    if mm > _MAX_BLEED_MM:
        raise ValueError(f"{value!r} is more bleed than {_MAX_BLEED_MM:.0f}mm")
    return text
