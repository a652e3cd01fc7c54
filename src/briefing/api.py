"""The library behind the CLI: read an article, analyse it, render it, write it.

``make()`` is what ``briefing make`` calls; it is usable from Python as well.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing import formatting, ingest
from briefing.pipeline import Options, analyze

if TYPE_CHECKING:
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


def default_output_name(briefing: Briefing, fmt: OutputFormat, today: dt.date | None = None) -> str:
    """``<date>-<slug-of-title>.<ext>`` in ASCII, e.g. ``2023-02-16-weissrussland.pdf``."""
    date = briefing.meta.published or today or dt.datetime.now().astimezone().date()
    slug = formatting.slugify(briefing.meta.title or "") or "briefing"
    return f"{date.isoformat()}-{slug}.{fmt}"


def produce(briefing: Briefing, options: MakeOptions) -> tuple[bytes, int | None]:
    """The output document as bytes in the requested format, and its page count (PDF only)."""
    if options.fmt == "json":
        return (json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"), None
    from briefing import render, view  # noqa: PLC0415 - rendering is only loaded when needed

    render_options = view.RenderOptions(
        paper=options.paper, locale=options.locale, full_text=options.full_text
    )
    document = render.html(briefing, render_options)
    if options.fmt == "html":
        return document.encode("utf-8"), None
    return render.pdf(document)


def make(source: str, output: Path | None, options: MakeOptions | None = None) -> MakeResult:
    """Read ``source``, analyse, render and write to ``output`` (default name when None).

    With ``fmt == "json"`` and no ``output``, nothing is written: the caller prints ``data``.
    """
    opts = options or MakeOptions()
    article = load(source, opts)
    briefing = analyze(
        article.text,
        published=article.meta.published,
        title=article.meta.title,
        meta=article.meta,
        options=Options(summary_points=opts.summary_points),
    )
    data, pages = produce(briefing, opts)
    if output is None and opts.fmt == "json":
        return MakeResult(path=None, data=data, briefing=briefing)
    target = output if output is not None else Path(default_output_name(briefing, opts.fmt))
    from briefing import render  # noqa: PLC0415

    render.save(data, target, source=Path(source) if source != "-" else None)
    return MakeResult(path=target, data=data, briefing=briefing, pages=pages)
