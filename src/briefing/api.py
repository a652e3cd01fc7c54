"""The library behind the CLI: read an article, analyse it, render it, write it.

``make()`` is what ``briefing make`` calls; it is usable from Python as well.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing import formatting, ingest
from briefing.pipeline import Options, analyze

if TYPE_CHECKING:
    import datetime as dt

    from briefing import view
    from briefing.model import Article, Briefing

OutputFormat = Literal["pdf", "html", "json"]


@dataclass(frozen=True, slots=True)
class MakeOptions:
    date: dt.date | None = None  # overrides the article's own date
    title: str | None = None  # overrides the article's own title
    paper: str = "A4"
    fmt: OutputFormat = "pdf"
    locale: str = formatting.DEFAULT_LOCALE
    full_text: bool = True
    summary_points: int | None = None
    max_bytes: int = ingest.DEFAULT_MAX_BYTES
    profile: str = "print"  # print | email | archive (see profiles.py)
    bleed: str | None = None  # e.g. "3mm": print-shop bleed around the trim box
    crop_marks: bool = False
    duplex: bool = False  # handouts: every briefing starts on a right-hand page


@dataclass(frozen=True, slots=True)
class MakeResult:
    path: Path | None  # None when the output went to standard output
    data: bytes
    briefing: Briefing
    pages: int | None = None


def load(source: str, options: MakeOptions) -> Article:
    """Read the article and apply the caller's overrides for title and date."""
    article = ingest.read(source, max_bytes=options.max_bytes)
    meta = article.meta
    if options.title is not None:
        meta = dataclasses.replace(meta, title=options.title)
    if options.date is not None:
        meta = dataclasses.replace(meta, published=options.date)
    return dataclasses.replace(article, meta=meta)


def default_output_name(
    briefing: Briefing, fmt: OutputFormat, today: dt.date | None = None, profile: str = "print"
) -> str:
    """``<date>-<slug-of-title>.<ext>`` in ASCII, e.g. ``2023-02-16-weissrussland.pdf``
    (profile ``email``: ``2023-02-16_briefing_weissrussland.pdf``)."""
    from briefing import profiles  # noqa: PLC0415

    return profiles.output_name(briefing, profile, fmt, today)


def briefing_of(source: str, options: MakeOptions) -> Briefing:
    """Read and analyse one article (``make`` without rendering)."""
    article = load(source, options)
    return analyze(
        article.text,
        published=article.meta.published,
        title=article.meta.title,
        meta=article.meta,
        options=Options(summary_points=options.summary_points),
    )


def render_options(options: MakeOptions) -> view.RenderOptions:
    """The presentation options for ``options`` (paper, locale, print-shop marks)."""
    from briefing import view  # noqa: PLC0415

    return view.RenderOptions(
        paper=options.paper,
        locale=options.locale,
        full_text=options.full_text,
        bleed=options.bleed,
        crop_marks=options.crop_marks,
    )


def produce(briefing: Briefing, options: MakeOptions) -> tuple[bytes, int | None]:
    """The output document as bytes in the requested format, and its page count (PDF only)."""
    if options.fmt == "json":
        return (json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"), None
    from briefing import profiles, render  # noqa: PLC0415 - rendering is only loaded when needed

    profile = profiles.get(options.profile)
    document = render.html(briefing, render_options(options))
    if options.fmt == "html":
        return document.encode("utf-8"), None
    data, pages = render.pdf(
        document, variant=profile.pdf_variant, attachments=profiles.attachments(profile, [briefing])
    )
    profiles.check_size(profile, len(data), pages, briefing.meta.title or "the briefing")
    return data, pages


def make(source: str, output: Path | None, options: MakeOptions | None = None) -> MakeResult:
    """Read ``source``, analyse, render and write to ``output`` (default name when None).

    With ``fmt == "json"`` and no ``output``, nothing is written: the caller prints ``data``.
    """
    opts = options or MakeOptions()
    briefing = briefing_of(source, opts)
    data, pages = produce(briefing, opts)
    if output is None and opts.fmt == "json":
        return MakeResult(path=None, data=data, briefing=briefing)
    target = (
        output if output is not None else Path(default_output_name(briefing, opts.fmt, profile=opts.profile))
    )
    from briefing import render  # noqa: PLC0415

    render.save(data, target, source=Path(source) if source != "-" else None)
    return MakeResult(path=target, data=data, briefing=briefing, pages=pages)
