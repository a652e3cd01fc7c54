"""Handouts: several articles in one PDF for the editorial meeting.

A cover page (title, date, the articles with their page numbers via CSS ``target-counter``),
then each briefing on a new page (a right-hand page with ``duplex``); PDF bookmarks come from
the headings (``bookmark-level``). Each briefing's body is the one ``render.html`` produces for a
single article, so the handout never drifts from the single briefing's layout.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markupsafe

from briefing import api, formatting, profiles, view
from briefing.errors import RenderError
from briefing.resources import load_data

if TYPE_CHECKING:
    from collections.abc import Sequence

    from briefing.model import Briefing

TEMPLATE = "handout.html.j2"
STYLESHEETS = ("briefing.css", "handout.css")
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL)
_IDS = re.compile(r'\b(id|aria-labelledby|href)="#?')


def _settings() -> dict[str, Any]:
    settings: dict[str, Any] = load_data("render.yaml")["handout"]
    return settings


def article_body(document_html: str, anchor: str) -> markupsafe.Markup:
    """The inside of ``<body>`` of a rendered briefing, its ids prefixed with ``anchor``.

    The input is ``render.html`` output: article text in it is escaped (no raw ``id="``), so the
    prefixing only touches the template's own attributes.
    """
    match = _BODY.search(document_html)
    if match is None:
        raise RenderError("template error: the briefing has no <body>")

    def prefix(m: re.Match[str]) -> str:
        return f"{m.group(0)}{anchor}-"

    body = _IDS.sub(prefix, match.group(1).strip())
    return markupsafe.Markup(body)  # noqa: S704 - rendered and escaped by our own template


def build(
    briefings: Sequence[Briefing],
    options: view.RenderOptions,
    *,
    title: str | None = None,
    date: dt.date | None = None,
    duplex: bool = False,
    generated: dt.datetime | None = None,
) -> dict[str, Any]:
    """The handout's presentation model: cover, table of contents and article bodies."""
    from briefing import render  # noqa: PLC0415 - rendering is only loaded when needed

    now = generated or dt.datetime.now().astimezone()
    day = date or now.date()
    locale = options.locale
    heading = title or _settings()["default_title"]
    words = sum(b.word_count for b in briefings)
    count = len(briefings)
    toc, articles = [], []
    for number, b in enumerate(briefings, start=1):
        anchor = f"artikel-{number}"
        meta = b.meta
        facts = [
            meta.source,
            formatting.medium_date(meta.published, locale) if meta.published else None,
            f"Lesezeit: {formatting.reading_minutes(b.word_count)} Min.",
        ]
        toc.append(
            {"anchor": anchor, "title": meta.title or f"Artikel {number}", "facts": [f for f in facts if f]}
        )
        articles.append(
            {"anchor": anchor, "body": article_body(render.html(b, options, generated=now), anchor)}
        )
    return {
        **view.page(options, now),
        "duplex": duplex,
        "kicker": "Briefing-Mappe",
        "title": heading,
        "document_title": heading if title else f"{heading} vom {formatting.medium_date(day, locale)}",
        "description": formatting.counted(count, "Briefing", "Briefings", locale)
        + ": "
        + "; ".join(str(entry["title"]) for entry in toc),
        "facts_line": [
            formatting.long_date(day, locale),
            f"{count} Artikel",
            f"Lesezeit zusammen: {formatting.reading_minutes(words)} Min.",
        ],
        "author": "",
        "running_header": None,  # each page shows its article's title (CSS string(article-title))
        "toc": toc,
        "articles": articles,
    }


def html(
    briefings: Sequence[Briefing],
    options: view.RenderOptions | None = None,
    *,
    title: str | None = None,
    date: dt.date | None = None,
    duplex: bool = False,
    generated: dt.datetime | None = None,
) -> str:
    """The handout as one standalone HTML document."""
    from briefing import render  # noqa: PLC0415

    if not briefings:
        raise RenderError("a handout needs at least one article")
    opts = options or view.RenderOptions()
    context = build(briefings, opts, title=title, date=date, duplex=duplex, generated=generated)
    return render.fill(TEMPLATE, context, STYLESHEETS, user=opts.templates)


def output_name(title: str | None, profile: str, ext: str, day: dt.date) -> str:
    """Default file name: the profile's pattern with the handout's title as the slug."""
    slug = formatting.slugify(title or _settings()["default_title"]) or "briefing-mappe"
    return profiles.file_name(profiles.get(profile), slug, ext, day)


def produce(
    briefings: Sequence[Briefing], options: api.MakeOptions, *, title: str | None = None
) -> tuple[bytes, int | None]:
    """The handout as bytes (``pdf``, ``html``, or ``json`` with every analysis) and its page count."""
    if options.fmt == "json":
        return profiles.handout_json(briefings), None
    from briefing import render  # noqa: PLC0415

    profile = profiles.get(options.profile)
    rendering = api.render_options(options)
    document = html(briefings, rendering, title=title, date=options.date, duplex=options.duplex)
    if options.fmt == "html":
        return document.encode("utf-8"), None
    data, pages = render.pdf(
        document,
        variant=profile.pdf_variant,
        attachments=profiles.attachments(profile, briefings),
        templates=rendering.templates,
    )
    profiles.check_size(profile, len(data), pages, "the handout")
    return data, pages


def make(
    sources: Sequence[str], output: Path | None, options: api.MakeOptions | None = None
) -> api.MakeResult:
    """Read, analyse and render several articles into one handout; write it to ``output``.

    ``options.title`` is the handout's title (the articles keep their own); ``options.date`` is the
    cover date and, as for a single article, the publication date of every article.
    """
    opts = options or api.MakeOptions()
    article_options = dataclasses.replace(opts, title=None)
    briefings = [api.briefing_of(source, article_options) for source in sources]
    data, pages = produce(briefings, opts, title=opts.title)
    if output is None and opts.fmt == "json":
        return api.MakeResult(path=None, data=data, briefing=briefings[0], pages=None)
    day = opts.date or dt.datetime.now().astimezone().date()
    target = output if output is not None else Path(output_name(opts.title, opts.profile, opts.fmt, day))
    from briefing import render  # noqa: PLC0415

    render.save(data, target, sources=sources)
    return api.MakeResult(path=target, data=data, briefing=briefings[0], pages=pages)
