"""German formatting with Babel, registered as Jinja filters by ``render``.

Dates ("Donnerstag, 16. Februar 2023"), the Chronologie's date labels ("Woche ab 20. Februar
2023", "Anfang März 2022"), numbers ("1.234,5"), figures ("3,2 Mio. €"), reading time, slugs.
This is the only place that formats for a locale: the analysis stages hand over values
(structured dates, figures), formatted here for the locale asked for.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_decimal, format_decimal, get_currency_symbol

from briefing import settings
from briefing.language import marks
from briefing.resources import load_data

if TYPE_CHECKING:
    from collections.abc import Iterable

    from briefing.model import CalendarDate, Figure, TimelineEntry

DEFAULT_LOCALE = "de_DE"
_TRANSLIT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _settings() -> dict[str, int]:
    settings: dict[str, int] = load_data("render.yaml")["formatting"]
    return settings


def long_date(value: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """``Donnerstag, 16. Februar 2023``."""
    return str(format_date(value, format="full", locale=locale))


def medium_date(value: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """``16. Februar 2023``."""
    return str(format_date(value, format="d. MMMM y", locale=locale))


@dataclass(frozen=True, slots=True)
class DateLabels:
    """``data/formatting/dates.yaml``: Babel formats and the words of a Chronologie label."""

    day_format: str
    month_skeleton: str
    week: str
    weekend: str
    decade: str
    century: str
    bc: str
    clock_time: str
    day_part: str
    seasons: dict[str, str]
    year_parts: dict[str, str]
    day_parts: dict[str, str]
    modifiers: dict[str, str]


DATE_LABELS = settings.register(DateLabels, "formatting/dates.yaml")


def date_label(date: CalendarDate, locale: str = DEFAULT_LOCALE) -> str:
    """A timeline date as printed: ``16. Februar 2023, 14:30 Uhr``, ``Woche ab 20. Februar 2023``,
    ``Anfang März 2022``, ``Frühjahr 2021``, ``1990er Jahre``, ``490 v. Chr.``."""
    words = DATE_LABELS()
    year = str(abs(date.year))
    label: str
    if date.precision in ("century", "decade"):
        if date.precision == "century":
            label = words.century.format(abs(date.year) // 100 + 1)
        else:  # the value's three digits, as printed so far: "0460er Jahre" for the 460s
            label = words.decade.format(f"{abs(date.year) // 10:03d}")
        label = words.bc.format(label) if date.bc else label
    elif date.precision == "year":
        label = words.bc.format(year) if date.bc else year
    elif date.precision == "season":
        label = f"{words.seasons[date.part or '']} {year}"
    elif date.precision == "year_part":
        label = f"{words.year_parts[date.part or '']} {year}"
    elif date.precision == "month":
        label = str(format_skeleton(words.month_skeleton, dt.date(date.year, date.month, 1), locale=locale))
    else:
        day = str(format_date(dt.date(date.year, date.month, date.day), words.day_format, locale=locale))
        if date.precision in ("week", "weekend"):
            label = (words.weekend if date.precision == "weekend" else words.week).format(day)
        elif date.time is None:
            label = day
        elif ":" in date.time:
            label = words.clock_time.format(day, date.time)
        else:
            label = words.day_part.format(day, words.day_parts[date.time])
    return words.modifiers.get(date.mod or "", "") + label


def timeline_label(entry: TimelineEntry, locale: str = DEFAULT_LOCALE) -> str:
    """The label of a Chronologie entry: the editor's words when a document fixed them, else its
    date formatted for ``locale``."""
    if entry.label is not None:
        return entry.label
    return date_label(entry.when, locale) if entry.when is not None else entry.date


def number(value: float, locale: str = DEFAULT_LOCALE) -> str:
    """``1.234,5`` (German grouping and decimal comma)."""
    return str(format_decimal(value, locale=locale))


def counted(value: int, one: str, other: str, locale: str = DEFAULT_LOCALE) -> str:
    """``1 Wort``, ``1.234 Wörter``: the number for ``locale`` and the word in the plural form
    the locale's rules choose (Babel's CLDR plural rules; ``one`` or else ``other``)."""
    form = Locale.parse(locale).plural_form(value)
    return f"{number(value, locale)} {one if form == 'one' else other}"


def compact_number(value: float, locale: str = DEFAULT_LOCALE) -> str:
    """``1.234,5``; from a million on the short form: ``3,2 Mio.``."""
    if value >= 1_000_000:
        return str(format_compact_decimal(value, locale=locale, fraction_digits=1))
    return number(value, locale)


def currency_symbol(code: str, locale: str = DEFAULT_LOCALE) -> str:
    """``€`` for ``EUR`` in German; the code itself where the locale has no symbol."""
    return str(get_currency_symbol(code, locale=locale))


def figure(value: Figure, locale: str = DEFAULT_LOCALE) -> str:
    """A figure for print: ``3,2 Mio. €``, ``12,5 %``, ``5.000 ukrainische Soldaten`` (de_DE)."""
    if value.written is not None:
        return value.written
    amount = compact_number(value.value, locale)
    if value.kind == "currency":
        return f"{amount}\u00a0{currency_symbol(value.unit, locale)}"
    if value.kind == "percent":
        return f"{amount}\u00a0%"
    return f"{amount} {value.unit}"


def figures_label(figures: Iterable[Figure], locale: str = DEFAULT_LOCALE) -> str | None:
    """The figures of one fact joined with " · ", or None when there are none."""
    return " · ".join(figure(f, locale) for f in figures) or None


def reading_minutes(words: int) -> int:
    """Whole minutes to read ``words`` words (at least 1)."""
    return max(1, math.ceil(words / _settings()["words_per_minute"]))


def slugify(title: str, max_length: int | None = None) -> str:
    """ASCII slug: ``"Weißrussland: Lukaschenko"`` -> ``"weissrussland-lukaschenko"``."""
    limit = max_length or _settings()["slug_max_length"]
    ascii_text = unicodedata.normalize("NFKD", title.translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    slug = _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


def css_string(value: str) -> str:
    """A CSS string literal for ``value``: quoted, with everything but letters, digits and
    spaces written as CSS hex escapes, so no text can end the string or the style block."""
    # the space after each escape ends it (CSS consumes one whitespace after a hex escape)
    return '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x} " for ch in value) + '"'


def german_quotes(text: str, *, nested: bool = False) -> str:
    """Article excerpts with German quotation marks only: „…“, and ‚…‘ inside them (or, with
    ``nested``, for an excerpt printed inside „…“ already, as under Zitate).

    Straight double quotes become typographic ones: whether a mark opens or closes is the language
    layer's rule (:func:`briefing.language.marks.straight_quote_opens`); a mark that re-opens an
    open quote (the broken marks of ``"Ja, ich bin bereit. "Ich bin …``) is dropped, a stray closing
    mark too, and a quote the excerpt cuts off is closed at its end. Then every quotation of
    another style («…», »…«, “…”, ‹…›) is written in the German one (:func:`quote_style`), so a
    PDF has one style. The words stay as they are.
    """
    if '"' in text:
        out: list[str] = []
        depth = 0
        for i, ch in enumerate(text):
            if ch != '"':
                out.append(ch)
                continue
            opening = marks.straight_quote_opens(text, i)
            if opening and depth == 0:
                out.append("„")
                depth = 1
            elif not opening and depth:
                while out and out[-1] == " ":
                    out.pop()
                out.append("“")
                depth = 0
        text = "".join(out) + ("“" if depth else "")
    return quote_style(text, 1 if nested else 0)


def quote_style(text: str, depth: int = 0) -> str:
    """``text`` with the marks of every quotation (as :func:`briefing.language.marks.pair_marks`
    pairs them) in German style: „…“ at ``depth`` 0, ‚…‘ inside a quotation and for single marks
    (‚…‘, ›…‹). One mark for one mark, so the length and every offset stay as they are ("Der
    Artikel im Wortlaut" prints the verbatim text, with its inline spans, this way)."""
    if not any(marks.is_paired_mark(ch) for ch in text):
        return text
    chars = list(text)
    for q in marks.pair_marks(text, [(0, len(text))]):
        if not q.closed and depth:
            continue  # a stray mark inside a quotation (broken source marks) stays as it is
        style = marks.GERMAN[min(depth + (text[q.start] in marks.SINGLE_OPENING), 1)]
        chars[q.start] = style[0]
        if q.closed:
            chars[q.end - 1] = style[1]
        if q.inner_end > q.inner_start:
            chars[q.inner_start : q.inner_end] = quote_style(text[q.inner_start : q.inner_end], depth + 1)
    return "".join(chars)


# a web address (scheme or "www.") or an e-mail address; quotation marks and trailing punctuation
# are the sentence's
_NOT_LINK = r"\s<>" + re.escape("".join(sorted(marks.QUOTATION_MARKS)))
_LINK = re.compile(
    rf"(?:https?://|www\.)[^{_NOT_LINK}]*[^{_NOT_LINK}.,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
)


def link_parts(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each ``(piece, is_link)``: web and e-mail addresses apart, so print
    can keep them from being hyphenated. The pieces joined are ``text``."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in _LINK.finditer(text):
        if m.start() > pos:
            parts.append((text[pos : m.start()], False))
        parts.append((m.group(), True))
        pos = m.end()
    if pos < len(text) or not parts:
        parts.append((text[pos:], False))
    return parts
