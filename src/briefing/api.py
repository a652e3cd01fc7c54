"""The library behind the CLI: read an article, analyse it, render it, write it.

``make()`` is what ``briefing make`` calls; it is usable from Python as well.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing import formatting, ingest, profiles
from briefing.pipeline import Options, analyze
from briefing.timing import step

if TYPE_CHECKING:
    import datetime as dt

    from briefing import render, view
    from briefing.document import DocumentFormat, EditedBriefing, Marks
    from briefing.model import Article, Briefing
    from briefing.timing import Timings

OutputFormat = Literal["pdf", "html", "json"]
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MakeOptions:
    date: dt.date | None = None  # overrides the article's own date
    title: str | None = None  # overrides the article's own title
    source: str | None = None  # overrides the article's own source (publication)
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
    context: Path | None = None  # knowledge base (default: ingest.knowledge_base_path)
    templates: Path | None = None  # the newsroom's own template folder (sandboxed), for the PDF/HTML
    timeout: float | None = None  # URL inputs: seconds for the whole download (default: data/ingest)
    deadline: float | None = None  # seconds of analysis per article, then DeadlineError (exit 12)


def is_stdout(output: Path | None) -> bool:
    """``-o -``: the output goes to standard output (the caller prints ``data``)."""
    return output is not None and str(output) == "-"


@dataclass(frozen=True, slots=True)
class MakeResult:
    path: Path | None  # None when the output went to standard output
    data: bytes
    briefing: Briefing
    pages: int | None = None


def load(source: str | Article, options: MakeOptions) -> Article:
    """Read the article (or take one already read, e.g. an upload) and apply the caller's
    overrides for title, date and source."""
    article = (
        ingest.read(source, max_bytes=options.max_bytes, timeout=options.timeout)
        if isinstance(source, str)
        else source
    )
    meta = article.meta
    if options.title is not None:
        meta = dataclasses.replace(meta, title=options.title)
    if options.date is not None:
        meta = dataclasses.replace(meta, published=options.date)
    if options.source is not None:
        meta = dataclasses.replace(meta, source=options.source)
    return dataclasses.replace(article, meta=meta)


def briefing_of(source: str | Article, options: MakeOptions, *, timings: Timings | None = None) -> Briefing:
    """Read and analyse one article (``make`` without rendering)."""
    with step(timings, "read"):
        article = load(source, options)
        kb_path = ingest.knowledge_base_path(options.context)
        knowledge = ingest.read_knowledge_base(kb_path, max_bytes=options.max_bytes) if kb_path else None
    briefing = analyze(
        article.text,
        meta=article.meta,
        options=Options(summary_points=options.summary_points, knowledge=knowledge),
        timings=timings,
        structure=article.structure,
        deadline=options.deadline,
    )
    warn_undated(briefing, article.origin)
    return briefing


def warn_undated(briefing: Briefing, name: str) -> bool:
    """Log one warning when the article has no publication date and time expressions were left
    undated for want of one (the briefing prints a note under the Chronologie); True if it did."""
    if briefing.meta.published is not None or not briefing.undated:
        return False
    from briefing import view  # noqa: PLC0415 - the view is loaded only when needed

    count = len(briefing.undated)
    examples = view.undated_examples(briefing.undated, view.CHRONOLOGIE_NOTES().max_examples, ('"', '"'))
    log.warning(
        "%s: no publication date, so %d time expression%s (%s) could not be dated; "
        "give the date with --date YYYY-MM-DD",
        name,
        count,
        "" if count == 1 else "s",
        examples,
    )
    return True


def render_options(options: MakeOptions) -> view.RenderOptions:
    """The presentation options for ``options`` (paper, locale, print-shop marks)."""
    from briefing import view  # noqa: PLC0415

    return view.RenderOptions(
        paper=options.paper,
        locale=options.locale,
        full_text=options.full_text,
        bleed=options.bleed,
        crop_marks=options.crop_marks,
        templates=str(options.templates) if options.templates is not None else None,
    )


def produce(
    briefing: Briefing,
    options: MakeOptions,
    *,
    marks: Marks | None = None,
    timings: Timings | None = None,
    renderer: render.Renderer | None = None,
) -> tuple[bytes, int | None]:
    """The output document as bytes in the requested format, and its page count (PDF only).

    ``marks`` flags the edited items of a briefing from an edited analysis document.
    """
    if options.fmt == "json":
        return profiles.analysis_json(briefing), None
    from briefing import render  # noqa: PLC0415 - rendering is only loaded when needed

    profile = profiles.get(options.profile)
    rendering = render_options(options)
    with step(timings, "html"):
        document = render.html(briefing, rendering, marks=marks)
    if options.fmt == "html":
        return document.encode("utf-8"), None
    attachments = profiles.attachments(profile, [briefing])
    templates = rendering.templates
    if renderer is not None:  # WeasyPrint started in the background while the article was analysed
        with step(timings, "pdf (weasyprint started in parallel)"):
            data, pages = renderer.pdf(
                document, variant=profile.pdf_variant, attachments=attachments, templates=templates
            )
    else:
        with step(timings, "weasyprint start"):
            render.start()
        with step(timings, "pdf"):
            data, pages = render.pdf(
                document, variant=profile.pdf_variant, attachments=attachments, templates=templates
            )
    profiles.check_size(profile, len(data), pages, briefing.meta.title or "the briefing")
    return data, pages


def make(
    source: str,
    output: Path | None,
    options: MakeOptions | None = None,
    *,
    timings: Timings | None = None,
    prefork: bool = False,
    renderer: render.Renderer | None = None,
) -> MakeResult:
    """Read ``source``, analyse, render and write to ``output`` (default name when None).

    With ``output`` ``Path("-")``, or ``fmt == "json"`` and no ``output``, nothing is written: the
    caller prints ``data`` (``path`` is None).
    ``timings``, when given, records the wall time of each step. ``prefork`` (for one-shot
    processes such as the CLI) starts WeasyPrint in a forked child while the article is analysed;
    ``renderer`` is such a child started earlier by the caller (used for this one PDF, then closed).
    """
    opts = options or MakeOptions()
    if opts.fmt == "pdf" and (prefork or renderer is not None):
        from briefing import render  # noqa: PLC0415 - rendering is only loaded when needed

        with renderer if renderer is not None else render.background() as active:
            briefing = briefing_of(source, opts, timings=timings)
            data, pages = produce(briefing, opts, timings=timings, renderer=active)
    else:
        briefing = briefing_of(source, opts, timings=timings)
        data, pages = produce(briefing, opts, timings=timings)
    if is_stdout(output) or (output is None and opts.fmt == "json"):
        return MakeResult(path=None, data=data, briefing=briefing, pages=pages)
    target = output if output is not None else Path(profiles.output_name(briefing, opts.profile, opts.fmt))
    from briefing import render  # noqa: PLC0415

    with step(timings, "write"):
        render.save(data, target, sources=[source])
    return MakeResult(path=target, data=data, briefing=briefing, pages=pages)


# --------------------------------------------------------------------------- editorial round trip


@dataclass(frozen=True, slots=True)
class AnalyzeResult:
    path: Path | None  # None when the document went to standard output
    data: bytes
    briefing: Briefing


def analyze_document(
    source: str, output: Path | None, options: MakeOptions | None = None, *, fmt: DocumentFormat | None = None
) -> AnalyzeResult:
    """``briefing analyze``: read and analyse ``source``; write the editable document.

    ``fmt`` is ``yaml`` or ``json``; by default the suffix of ``output`` decides (YAML otherwise).
    ``output`` None: ``<date>-<slug>.yaml`` in the current folder; ``Path("-")``: nothing is
    written, the caller prints ``data``.
    """
    from briefing import document, profiles, render  # noqa: PLC0415

    opts = options or MakeOptions()
    to_stdout = is_stdout(output)
    named = document.fmt_for(output.name) if output is not None and not to_stdout else None
    doc_fmt: DocumentFormat = fmt or named or "yaml"
    briefing = briefing_of(source, opts)
    target = output if output is not None else Path(profiles.output_name(briefing, "print", doc_fmt))
    shown_name = f"briefing.{doc_fmt}" if to_stdout else target.name
    text = document.dump(document.build(briefing), doc_fmt, name=shown_name)
    data = text.encode("utf-8")
    if to_stdout:
        return AnalyzeResult(path=None, data=data, briefing=briefing)
    render.save(data, target, sources=[source])
    return AnalyzeResult(path=target, data=data, briefing=briefing)


@dataclass(frozen=True, slots=True)
class RenderResult:
    path: Path | None  # None when the output went to standard output (``-o -``)
    data: bytes
    edited: EditedBriefing
    pages: int | None = None


def render_document(source: str, output: Path | None, options: MakeOptions | None = None) -> RenderResult:
    """``briefing render``: validate an edited analysis document and write its PDF (or HTML).

    Nothing is written when the document is invalid. The default output is the document's own
    name with ``.pdf``/``.html`` (``<date>-<slug>.pdf`` for standard input).
    """
    from briefing import document, render  # noqa: PLC0415
    from briefing.errors import UnsupportedFormatError  # noqa: PLC0415

    opts = options or MakeOptions()
    data, name = ingest.read_source(source, max_bytes=opts.max_bytes)
    text = ingest.decode(data, name)
    doc_fmt = document.fmt_for(source) if source != "-" else ("json" if text.lstrip()[:1] == "{" else "yaml")
    if doc_fmt is None:
        suffix = Path(source).suffix or "(no suffix)"
        raise UnsupportedFormatError(
            f"{source}: unsupported format {suffix}: render reads the .yaml, .yml or .json document "
            "written by `briefing analyze`"
        )
    edited = document.load(text, name, doc_fmt)
    out, pages = produce(edited.briefing, opts, marks=edited.marks)
    if is_stdout(output):
        return RenderResult(path=None, data=out, edited=edited, pages=pages)
    if output is not None:
        target = output
    elif source == "-":
        target = Path(profiles.output_name(edited.briefing, opts.profile, opts.fmt))
    else:
        target = Path(source).with_suffix(f".{opts.fmt}")
    render.save(out, target, sources=[source])
    return RenderResult(path=target, data=out, edited=edited, pages=pages)
