"""The ``briefing`` command: parse options, call the library, map errors to exit codes.

Exit codes (also in README.md): 0 ok · 1 other error · 2 usage error · 3 input missing,
unreadable or empty · 4 input format · 5 validation · 6 rendering failed · 7 output not written ·
9 URL not fetched · 10 no article in the HTML · 11 unsupported format · 130 interrupted (SIGINT) ·
143 terminated (SIGTERM).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core
import typer.main

from briefing.errors import EXIT_INTERNAL, BatchError, BriefingError, OutputError
from briefing.logs import configure_logging

if TYPE_CHECKING:
    from typer import _click as click  # Typer's own copy of Click

    from briefing.api import MakeOptions

app = typer.Typer(
    name="briefing",
    help="Turn a German news article into a print-ready PDF briefing.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class HelpCommand(typer.core.TyperCommand):
    """Help laid out as the README: a plain usage line (``briefing make [OPTIONS] INPUT...``),
    arguments without a type placeholder, options in the README's groups (their ``rich_help_panel``;
    without one, "Options")."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        pieces += [_argument_name(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]
        return pieces

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments = [
            (_argument_name(p), getattr(p, "help", None) or "")
            for p in self.get_params(ctx)
            if p.param_type_name == "argument" and not getattr(p, "hidden", False)
        ]
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        groups: dict[str, list[tuple[str, str]]] = {"Options": []}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx) if param.param_type_name == "option" else None
            if record is not None:
                groups.setdefault(getattr(param, "rich_help_panel", None) or "Options", []).append(record)
        for title, records in groups.items():
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


def _argument_name(param: click.Parameter) -> str:
    """An argument as the usage line and help show it: its metavar (``INPUT...``), else its name."""
    return param.metavar or (param.name or "").upper()


def _count(number: int, one: str, many: str) -> str:
    """``1 quote``, ``2 quotes``: a count with the word in singular or plural."""
    return f"{number} {one if number == 1 else many}"


EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXTRACT_MAX_BYTES = 256 * 1024 * 1024  # largest PDF `briefing extract` reads


# Options shared by several commands, declared once.
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="Publication date (overrides the article's); anchors 'heute', 'vor einem Jahr'.",
    ),
]
TitleOption = Annotated[
    str | None, typer.Option("--title", metavar="TEXT", help="Title (overrides the article's).")
]
PaperOption = Annotated[str, typer.Option("--paper", metavar="A4|A5|letter", help="Paper size.")]
LocaleOption = Annotated[
    str, typer.Option("--locale", metavar="LOCALE", help="Babel locale for dates and numbers.")
]
FullTextOption = Annotated[
    bool, typer.Option("--full-text/--no-full-text", help="Append the article itself.")
]
SummaryPointsOption = Annotated[
    int | None,
    typer.Option(
        "--summary-points", metavar="N", min=1, max=10, help="Number of summary points (default 3–5)."
    ),
]
MaxBytesOption = Annotated[
    int, typer.Option("--max-bytes", metavar="N", min=1, help="Largest input accepted, in bytes.")
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        min=0.1,
        help="URL input: give up the download after this many seconds (default 30).",
    ),
]
QuietOption = Annotated[bool, typer.Option("-q", "--quiet", help="Print nothing but errors.")]
VerboseOption = Annotated[bool, typer.Option("-v", "--verbose", help="Print progress and details.")]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        metavar="DIR",
        help="Folder with your own briefing.html.j2, briefing.css, logo (sandboxed).",
    ),
]
DEFAULT_MAX_BYTES = 1_048_576
# option groups of `make --help`, as in the README
_PROFILES = "Output profiles"
_HANDOUTS = "Handouts (several INPUTs)"
_BATCHES = "Batches (--each)"
_KNOWLEDGE_BASE = "Knowledge base (Hintergrund)"


def _version(value: bool) -> None:
    if value:
        from briefing import __version__  # noqa: PLC0415

        typer.echo(f"briefing {__version__}")
        raise typer.Exit


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint="--date") from None


def _configure_logging(quiet: bool, verbose: bool) -> None:
    configure_logging(logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING)


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Turn a German news article into a print-ready PDF briefing."""


@app.command(cls=HelpCommand)
def make(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="INPUT...",
            help="Article file(s), http(s):// URL(s) or - for standard input (kinds above). Several: "
            "one handout; with --each: files or folders, one output each.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Output file (default: <date>-<slug>.<format>; - prints JSON).",
        ),
    ] = None,
    date: DateOption = None,
    title: TitleOption = None,
    paper: PaperOption = "A4",
    fmt: Annotated[
        str,
        typer.Option("--format", metavar="pdf|html|json", help="Output format (json prints the analysis)."),
    ] = "pdf",
    locale: LocaleOption = "de_DE",
    full_text: FullTextOption = True,
    summary_points: SummaryPointsOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    timeout: TimeoutOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    profile: Annotated[
        str,
        typer.Option(
            "--profile",
            metavar="print|email|archive",
            help="print: tagged PDF; email: PDF/UA-1, small; archive: PDF/A-3b with its analysis.",
            rich_help_panel=_PROFILES,
        ),
    ] = "print",
    bleed: Annotated[
        str | None,
        typer.Option(
            "--bleed",
            metavar="LENGTH",
            help="Print shops: bleed around the page, e.g. 3mm.",
            rich_help_panel=_PROFILES,
        ),
    ] = None,
    crop_marks: Annotated[
        bool, typer.Option("--crop-marks", help="Print shops: crop marks.", rich_help_panel=_PROFILES)
    ] = False,
    duplex: Annotated[
        bool,
        typer.Option(
            "--duplex", help="Start every briefing on a right-hand page.", rich_help_panel=_HANDOUTS
        ),
    ] = False,
    each: Annotated[
        bool,
        typer.Option(
            "--each", help="One output per INPUT (files or folders) in --out-dir.", rich_help_panel=_BATCHES
        ),
    ] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            metavar="DIR",
            help="Folder for the outputs (default: .).",
            rich_help_panel=_BATCHES,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=1,
            help="Parallel workers (default: CPU cores).",
            rich_help_panel=_BATCHES,
        ),
    ] = None,
    skip_existing: Annotated[
        bool,
        typer.Option(
            "--skip-existing",
            help="Skip inputs whose output is complete and newer than the input.",
            rich_help_panel=_BATCHES,
        ),
    ] = False,
    queue: Annotated[
        str | None,
        typer.Option(
            "--queue",
            metavar="URL",
            help="Render on `briefing worker`s through Redis, e.g. redis://HOST:6379/0.",
            rich_help_panel=_BATCHES,
        ),
    ] = None,
    context: Annotated[
        Path | None,
        typer.Option(
            "--context",
            metavar="FILE.yaml",
            help="The newsroom's knowledge base (default: $BRIEFING_CONTEXT, "
            "~/.config/briefing/knowledge-base.yaml).",
            rich_help_panel=_KNOWLEDGE_BASE,
        ),
    ] = None,
    timings: Annotated[
        bool, typer.Option("--timings", help="Print the time of each step to stderr.")
    ] = False,
    templates: TemplatesOption = None,
    deadline: Annotated[
        float | None,
        typer.Option(
            "--deadline",
            min=0.1,
            help="Seconds of analysis per article before it fails with exit 12 "
            "(default: none; with --each: 120, data/limits.yaml).",
        ),
    ] = None,
) -> None:
    """Analyse an article and write its briefing (PDF by default).

    \b
    INPUT is one of:
      artikel.txt         plain text; a headline first line is the title
      artikel.md          Markdown (CommonMark) with YAML front matter: title, date,
                          author, source, url
      artikel.html, .htm  an HTML page: main text and metadata (no JavaScript is run)
      artikel.json        a JSON article {"title", "text", "date", "author", "source",
                          "url"}; only text is required
      https://…, http://… downloaded, then read as HTML, JSON or text
      -                   standard input (text, Markdown with front matter, or HTML)

    Several INPUTs make one handout; --each makes one output per INPUT.
    """
    _configure_logging(quiet, verbose)
    if not sources:
        raise typer.BadParameter("give at least one article file (or - for stdin)", param_hint="INPUT")
    from briefing.profiles import PROFILES  # noqa: PLC0415

    profile_l = profile.lower()
    if profile_l not in PROFILES:
        raise typer.BadParameter(
            f"{profile!r}: use {', '.join(PROFILES[:-1])} or {PROFILES[-1]}", param_hint="--profile"
        )
    if (bleed is not None or crop_marks) and profile_l != "print":
        raise typer.BadParameter("--bleed and --crop-marks go with --profile print", param_hint="--bleed")
    if bleed is not None:
        from briefing.profiles import parse_bleed  # noqa: PLC0415

        try:
            bleed = parse_bleed(bleed)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--bleed") from None
    if each and output is not None:
        raise typer.BadParameter("with --each, name the folder with --out-dir", param_hint="-o")
    if not each and (out_dir is not None or jobs is not None):
        raise typer.BadParameter("--out-dir and --jobs go with --each", param_hint="--out-dir")
    _check_queue(queue, each=each, jobs=jobs, skip_existing=skip_existing)
    published = _parse_date(date)
    title = _utf8(title, "--title")
    fmt_l = fmt.lower()
    if fmt_l not in {"pdf", "html", "json"}:
        raise typer.BadParameter(f"{fmt!r}: use pdf, html or json", param_hint="--format")
    paper_n = _check_paper_locale(paper, locale)
    _refuse_binary_on_terminal(output, fmt_l)

    renderer = None
    if fmt_l == "pdf" and not each and len(sources) == 1:
        from briefing import render  # noqa: PLC0415

        # WeasyPrint starts in a forked child now, before this process loads the analysis
        renderer = render.background()
    with renderer if renderer is not None else contextlib.nullcontext():
        from briefing import api  # noqa: PLC0415 - keeps --help and --version fast

        options = api.MakeOptions(
            date=published,
            title=title,
            paper=paper_n,
            fmt=fmt_l,  # type: ignore[arg-type]
            locale=locale,
            full_text=full_text,
            summary_points=summary_points,
            max_bytes=max_bytes,
            profile=profile_l,
            bleed=bleed,
            crop_marks=crop_marks,
            duplex=duplex,
            context=context,
            templates=_template_folder(templates),
            timeout=timeout,
            deadline=deadline,
        )
        target = output  # Path("-"): standard output, in any format
        if each:
            _make_each(
                sources,
                out_dir or Path(),
                options,
                jobs=jobs,
                quiet=quiet,
                verbose=verbose,
                queue=queue,
                skip_existing=skip_existing,
            )
            return
        if len(sources) > 1:
            from briefing import handout  # noqa: PLC0415

            result = handout.make(sources, target, options)
        else:
            from briefing.timing import Timings  # noqa: PLC0415

            recorder = Timings() if timings else None
            result = api.make(sources[0], target, options, timings=recorder, renderer=renderer)
            if recorder is not None:
                typer.echo(recorder.report(), err=True)
        if result.path is None:
            _print_bytes(result.data)
            return
        if not quiet:
            _wrote(result.path, result.data, result.pages)


def _wrote(path: object, data: bytes, pages: int | None, extra: str = "") -> None:
    """The success line: ``wrote PATH (40 KB, 3 pages)``."""
    count = f", {_count(pages, 'page', 'pages')}" if pages else ""
    _say(f"wrote {path} ({len(data) / 1024:.0f} KB{count}{extra})")


def _say(line: str) -> None:
    """A report line on standard output; the output is written already, so a closed or broken
    standard output is no failure here (the line is dropped)."""
    try:
        typer.echo(line)
    except OSError:
        _silence_stdout()


def _print_bytes(data: bytes) -> None:
    """The output itself on standard output, as bytes: PDF, or UTF-8 text whatever the terminal's
    encoding. Closed or broken (EPIPE) standard output: :class:`OutputError` (exit 7)."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed (>&-)
        raise OutputError("cannot write to standard output: it is closed")
    try:
        stream.flush()
        binary = getattr(stream, "buffer", None)
        if binary is not None:
            binary.write(data)
            binary.flush()
        else:
            stream.write(data.decode("utf-8"))
            stream.flush()
    except (OSError, ValueError) as exc:  # ValueError: the stream was closed
        _silence_stdout()
        reason = getattr(exc, "strerror", None) or exc
        raise OutputError(f"cannot write to standard output: {reason}") from exc


def _silence_stdout() -> None:
    """Point a broken standard output at /dev/null, so the interpreter's last flush stays quiet."""
    try:
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
    except (AttributeError, OSError, ValueError):  # closed, or not a real file (tests)
        return
    os.dup2(devnull, fd)
    os.close(devnull)


def _refuse_binary_on_terminal(output: Path | None, fmt: str) -> None:
    """``-o -`` with a PDF while standard output is a terminal would fill it with binary noise."""
    if output is not None and str(output) == "-" and fmt == "pdf" and sys.stdout is not None:
        isatty = getattr(sys.stdout, "isatty", None)
        if isatty is not None and isatty():
            raise OutputError(
                "refusing to write a PDF to the terminal; redirect it (> file.pdf) or use -o FILE"
            )


def _utf8(value: str | None, option: str) -> str | None:
    """An option's text must be valid UTF-8 (undecodable bytes in argv become lone surrogates)."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise typer.BadParameter("not valid UTF-8 text", param_hint=option) from None
    return value


def _check_queue(queue: str | None, *, each: bool, jobs: int | None, skip_existing: bool) -> None:
    """Usage errors of ``--queue`` and ``--skip-existing`` (batch options)."""
    if (queue is not None or skip_existing) and not each:
        raise typer.BadParameter("--queue and --skip-existing go with --each", param_hint="--queue")
    if queue is None:
        return
    if jobs is not None:
        raise typer.BadParameter(
            "with --queue, the workers are `briefing worker` processes", param_hint="--jobs"
        )
    _check_queue_url(queue)


def _check_queue_url(queue: str) -> None:
    """A usage error (exit 2) unless ``queue`` names a Redis."""
    from briefing.jobqueue import check_url  # noqa: PLC0415

    try:
        check_url(queue)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--queue") from None


def _make_each(
    sources: list[str],
    out_dir: Path,
    options: MakeOptions,
    *,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
    queue: str | None = None,
    skip_existing: bool = False,
) -> None:
    """``make --each``: the batch, its per-file errors, a summary line, exit 8 if any failed."""
    from briefing import batch  # noqa: PLC0415

    def report(item: batch.ItemResult) -> None:
        if item.error is not None:
            where = "" if item.error.startswith(item.source) else f"{item.source}: "
            typer.echo(f"briefing: error: {where}{item.error}", err=True)
        elif verbose and item.skipped:
            typer.echo(f"skipped {item.source}: {item.path} is up to date")
        elif verbose:
            _say(f"wrote {item.path} ({item.size / 1024:.0f} KB, {_count(item.pages or 0, 'page', 'pages')})")

    result = batch.run(
        sources,
        out_dir,
        options,
        jobs=jobs,
        progress=not quiet and sys.stderr.isatty(),
        on_result=report,
        queue=queue,
        skip_existing=skip_existing,
    )
    if not quiet:
        _say(result.summary())
    if result.failed:
        raise BatchError(f"{len(result.failed)} of {_count(len(result.items), 'input', 'inputs')} failed")


@app.command(cls=HelpCommand)
def worker(
    queue: Annotated[
        str,
        typer.Option(
            "--queue",
            metavar="URL",
            help="The Redis of the batches, e.g. redis://HOST:6379/0.",
            show_default=False,
        ),
    ],
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="Worker name (default: a random id).")
    ] = None,
    burst: Annotated[bool, typer.Option("--burst", help="Stop when the queue is empty.")] = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Render the jobs of `make --each --queue` batches, on this or any machine (until stopped)."""
    _configure_logging(quiet, verbose)
    from briefing import jobqueue  # noqa: PLC0415

    try:
        jobqueue.check_url(queue)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--queue") from None
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    jobqueue.work(queue, name=name, burst=burst, log_level=level, announce=None if quiet else _stderr_line)


def _stderr_line(text: str) -> None:
    typer.echo(text, err=True)


@app.command(cls=HelpCommand)
def extract(
    pdf: Annotated[str, typer.Argument(metavar="FILE.pdf", help="A PDF made with --profile archive.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Write the JSON here (default: standard output)."
        ),
    ] = None,
) -> None:
    """Print the analysis (briefing.json) embedded in an archive PDF."""
    from briefing import extract as extracting  # noqa: PLC0415
    from briefing import ingest  # noqa: PLC0415

    data, name = ingest.read_source(pdf, max_bytes=EXTRACT_MAX_BYTES)
    payload = extracting.analysis_json(data, name)
    if output is None or str(output) == "-":
        _print_bytes(payload)
        return
    from briefing import render  # noqa: PLC0415

    render.save(payload, output, sources=[pdf])


def _template_folder(folder: Path | None) -> Path | None:
    if folder is not None and not folder.is_dir():
        raise typer.BadParameter(f"{folder}: not a folder", param_hint="--templates")
    return folder


def _check_paper_locale(paper: str, locale: str) -> str:
    """The paper size as RenderOptions wants it; usage errors for unknown sizes and locales."""
    from briefing.view import PAPER_SIZES  # noqa: PLC0415 - not needed for --help

    if paper.upper() not in PAPER_SIZES:
        raise typer.BadParameter(f"{paper!r}: use A4, A5 or letter", param_hint="--paper")
    try:
        from babel import Locale, UnknownLocaleError  # noqa: PLC0415

        Locale.parse(locale)
    except (ValueError, UnknownLocaleError):
        raise typer.BadParameter(f"{locale!r} is not a known locale", param_hint="--locale") from None
    return PAPER_SIZES[paper.upper()]


@app.command("analyze", cls=HelpCommand)
def analyze_cmd(
    source: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="Article: .txt, .md, .html/.htm, .json, an http(s):// URL, or - for standard input "
            "(as for `briefing make`).",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Document to write: .yaml/.yml or .json (default: <date>-<slug>.yaml; - prints).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", metavar="yaml|json", help="Document format (default: from the -o suffix, else yaml)."
        ),
    ] = None,
    date: DateOption = None,
    title: TitleOption = None,
    summary_points: SummaryPointsOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    timeout: TimeoutOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Analyse an article and write the editable analysis document (YAML or JSON).

    Edit it (speakers, texts, include: false), then print it with `briefing render`.
    """
    _configure_logging(quiet, verbose)
    published = _parse_date(date)
    title = _utf8(title, "--title")
    fmt_l = fmt.lower() if fmt is not None else None
    if fmt_l is not None and fmt_l not in {"yaml", "json"}:
        raise typer.BadParameter(f"{fmt!r}: use yaml or json", param_hint="--format")
    if output is not None and str(output) != "-" and fmt_l is None:
        from briefing.document import fmt_for  # noqa: PLC0415

        if fmt_for(output.name) is None:
            raise typer.BadParameter(
                f"{output}: the analysis document is .yaml, .yml or .json", param_hint="-o"
            )

    from briefing import api  # noqa: PLC0415

    options = api.MakeOptions(
        date=published, title=title, summary_points=summary_points, max_bytes=max_bytes, timeout=timeout
    )
    result = api.analyze_document(source, output, options, fmt=fmt_l)  # type: ignore[arg-type]
    if result.path is None:
        _print_bytes(result.data)
        return
    if not quiet:
        b = result.briefing
        counts = (
            _count(len(b.summary), "summary point", "summary points"),
            _count(len(b.quotes), "quote", "quotes"),
            _count(len(b.timeline), "timeline entry", "timeline entries"),
            _count(len(b.context), "context box", "context boxes"),
        )
        _say(f"wrote {result.path} ({', '.join(counts)})")


@app.command("render", cls=HelpCommand)
def render_cmd(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="Analysis document (.yaml, .yml, .json) from `briefing analyze`, or -."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Output file (default: FILE with .pdf or .html)."
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="pdf|html", help="Output format.")] = "pdf",
    paper: PaperOption = "A4",
    locale: LocaleOption = "de_DE",
    full_text: FullTextOption = True,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", metavar="N", min=1, help="Largest document accepted, in bytes.")
    ] = 4_194_304,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    templates: TemplatesOption = None,
) -> None:
    """Render an (edited) analysis document to PDF or HTML; invalid documents write nothing."""
    _configure_logging(quiet, verbose)
    fmt_l = fmt.lower()
    if fmt_l not in {"pdf", "html"}:
        raise typer.BadParameter(f"{fmt!r}: use pdf or html", param_hint="--format")
    paper_n = _check_paper_locale(paper, locale)

    from briefing import api  # noqa: PLC0415

    options = api.MakeOptions(
        paper=paper_n,
        fmt=fmt_l,  # type: ignore[arg-type]
        locale=locale,
        full_text=full_text,
        max_bytes=max_bytes,
        templates=_template_folder(templates),
    )
    _refuse_binary_on_terminal(output, fmt_l)
    result = api.render_document(source, output, options)
    if result.path is None:
        _print_bytes(result.data)
        return
    if not quiet:
        edited = result.edited.edited_ids
        _wrote(result.path, result.data, result.pages, f"; edited: {', '.join(edited)}" if edited else "")


@app.command("schema", cls=HelpCommand)
def schema_cmd() -> None:
    """Print the JSON Schema of the analysis document."""
    from briefing import document  # noqa: PLC0415

    _print_bytes(document.schema_text().encode("utf-8"))


@app.command("serve")
def serve_cmd(
    host: Annotated[
        str | None,
        typer.Option("--host", help="Address to bind (default 127.0.0.1; elsewhere needs BRIEFING_TOKEN)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=0, max=65535, help="TCP port (default 8000).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Warm worker processes that render (default 2).")
    ] = None,
    queue_size: Annotated[
        int | None,
        typer.Option("--queue-size", min=0, help="Requests that may wait; more get 503 (default 32)."),
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", min=1, help="Largest request body, in bytes (default 4 MiB).")
    ] = None,
    allow_urls: Annotated[
        bool, typer.Option("--allow-urls", help="Let requests name an http(s) URL for the server to fetch.")
    ] = False,
    deadline: Annotated[
        float | None,
        typer.Option(
            "--deadline",
            min=0.001,
            help="Seconds of analysis per article before the request fails with 504 "
            "(default 120, data/limits.yaml).",
        ),
    ] = None,
    queue: Annotated[
        str | None,
        typer.Option(
            "--queue",
            metavar="URL",
            help="Redis URL: POST /api/make is rendered by `briefing worker`s on that queue.",
        ),
    ] = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Serve the editors' web page and the HTTP API (needs the serve extra: pip install 'briefing[serve]')."""
    _configure_logging(quiet, verbose)
    try:
        from briefing import server  # noqa: PLC0415
    except ImportError as exc:
        raise BriefingError(
            f"briefing serve needs the serve extra: pip install 'briefing[serve]' ({exc})"
        ) from None

    if queue is not None:
        _check_queue_url(queue)
    options = server.ServeOptions(
        host=host,
        port=port,
        workers=workers,
        queue_size=queue_size,
        max_bytes=max_bytes,
        allow_urls=allow_urls,
        deadline=deadline,
        queue=queue,
        log_level=logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING,
    )
    shown = options.resolved()

    def ready() -> None:
        if not quiet:
            where = f"[{shown.host}]" if ":" in (shown.host or "") else shown.host
            typer.echo(
                f"briefing: serving http://{where}:{shown.port}/ ({shown.workers} workers; Ctrl-C stops)"
            )

    try:
        server.run(options, on_ready=ready)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--host") from None


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning every error into one line on stderr and an exit code."""
    # A one-shot process that builds large, long-lived tables (tokenizer rules, tagger model, word
    # lists): collecting young objects less often saves about 7 % of the start-up. Not a leak risk:
    # the process ends after one command.
    gc.set_threshold(50_000, 20, 20)
    _tolerant_stdout()
    from briefing import processes  # noqa: PLC0415

    with processes.handle_signals():
        return _run_command(argv)


def _tolerant_stdout() -> None:
    """Text the terminal's encoding cannot show (help in a Latin-1 terminal, a file name with
    undecodable bytes) is escaped like on standard error (``\\u2013``), never an internal error.
    The output itself is written as bytes (:func:`_print_bytes`)."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None and getattr(sys.stdout, "errors", "") == "strict":
        with contextlib.suppress(ValueError, OSError):  # closed or detached
            reconfigure(errors="backslashreplace")


def _run_command(argv: list[str] | None) -> int:
    from briefing.processes import Interrupted  # noqa: PLC0415

    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="briefing", standalone_mode=False)
    except Interrupted as exc:  # SIGINT (130) or SIGTERM (143): children stopped, temp files gone
        _stop_children()
        typer.echo(f"briefing: {exc.message}", err=True)
        return exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.TyperException as exc:  # usage errors (exit 2) and other Click-level errors
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            typer.echo(ctx.get_help())
            return 0
        name = ctx.command_path if ctx is not None else "briefing"
        hint = f" (see: {name} --help)" if exc.exit_code == EXIT_USAGE else ""
        typer.echo(f"briefing: error: {' '.join(exc.format_message().split())}{hint}", err=True)
        return int(exc.exit_code)
    except BriefingError as exc:
        typer.echo(f"briefing: error: {' '.join(str(exc).split())}", err=True)
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        _stop_children()
        typer.echo("briefing: interrupted", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: still one line for the user, details with -v
        logging.getLogger("briefing").debug("internal error", exc_info=True)
        typer.echo(
            f"briefing: internal error: {type(exc).__name__}: {exc} (run with -v for details)", err=True
        )
        return EXIT_INTERNAL
    if code == EXIT_INTERRUPTED:  # Typer turns a KeyboardInterrupt into this return value
        _stop_children()
        typer.echo("briefing: interrupted", err=True)
        return EXIT_INTERRUPTED
    return code if isinstance(code, int) else 0


def _stop_children() -> None:
    from briefing import processes  # noqa: PLC0415

    processes.stop_children()


def run() -> None:
    """Console-script wrapper."""
    sys.exit(main())
