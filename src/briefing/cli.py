"""The ``briefing`` command: parse options, call the library, map errors to exit codes.

Exit codes (also in README.md): 0 ok · 1 other error · 2 usage error · 3 input missing,
unreadable or empty · 4 input format · 5 validation · 6 rendering failed · 7 output not written ·
9 URL not fetched · 10 no article in the HTML · 11 unsupported format · 130 interrupted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.main

from briefing.errors import EXIT_INTERNAL, BatchError, BriefingError
from briefing.logs import configure_logging

if TYPE_CHECKING:
    from briefing.api import MakeOptions

app = typer.Typer(
    name="briefing",
    help="Turn a German news article into a print-ready PDF briefing.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXTRACT_MAX_BYTES = 256 * 1024 * 1024  # largest PDF `briefing extract` reads


# Options shared by several commands, declared once.
DateOption = Annotated[
    str | None, typer.Option("--date", help="Publication date YYYY-MM-DD (overrides the article).")
]
TitleOption = Annotated[str | None, typer.Option("--title", help="Title (overrides the article).")]
PaperOption = Annotated[str, typer.Option("--paper", help="Paper size: A4, A5 or letter.")]
LocaleOption = Annotated[str, typer.Option("--locale", help="Locale for dates and numbers.")]
FullTextOption = Annotated[
    bool, typer.Option("--full-text/--no-full-text", help="Append the article itself.")
]
SummaryPointsOption = Annotated[
    int | None,
    typer.Option("--summary-points", min=1, max=10, help="Number of summary points (default 3–5)."),
]
MaxBytesOption = Annotated[int, typer.Option("--max-bytes", min=1, help="Largest input accepted, in bytes.")]
QuietOption = Annotated[bool, typer.Option("-q", "--quiet", help="Print nothing but errors.")]
VerboseOption = Annotated[bool, typer.Option("-v", "--verbose", help="Print progress and details.")]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="Folder with your own briefing.html.j2, briefing.css, logo (sandboxed).",
    ),
]
DEFAULT_MAX_BYTES = 1_048_576


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


@app.command()
def make(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="INPUT...",
            help="Article(s): .txt, .md with front matter, or - for stdin. Several: one handout; "
            "with --each: files or folders, one output each.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Output file (default: <date>-<slug-of-title>.<format>)."),
    ] = None,
    date: DateOption = None,
    title: TitleOption = None,
    paper: PaperOption = "A4",
    fmt: Annotated[
        str, typer.Option("--format", help="pdf, html or json (json prints the analysis).")
    ] = "pdf",
    locale: LocaleOption = "de_DE",
    full_text: FullTextOption = True,
    summary_points: SummaryPointsOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    profile: Annotated[
        str, typer.Option("--profile", help="print (default), email (PDF/UA-1, small) or archive (PDF/A-3b).")
    ] = "print",
    bleed: Annotated[
        str | None, typer.Option("--bleed", help="Print shops: bleed around the page, e.g. 3mm.")
    ] = None,
    crop_marks: Annotated[bool, typer.Option("--crop-marks", help="Print shops: crop marks.")] = False,
    duplex: Annotated[
        bool, typer.Option("--duplex", help="Handouts: start every briefing on a right-hand page.")
    ] = False,
    each: Annotated[
        bool, typer.Option("--each", help="Batch: one output per INPUT (files or folders) in --out-dir.")
    ] = False,
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", help="Batch: folder for the outputs (default: .).")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Batch: parallel workers (default: CPU cores).")
    ] = None,
    context: Annotated[
        Path | None,
        typer.Option(
            "--context",
            help="Knowledge base YAML (default: $BRIEFING_CONTEXT, ~/.config/briefing/knowledge-base.yaml).",
        ),
    ] = None,
    timings: Annotated[
        bool, typer.Option("--timings", help="Print the time of each step to stderr.")
    ] = False,
    templates: TemplatesOption = None,
    queue: Annotated[
        str | None,
        typer.Option(
            "--queue", help="Batch: render on `briefing worker`s via Redis, e.g. redis://HOST:6379/0."
        ),
    ] = None,
    skip_existing: Annotated[
        bool,
        typer.Option("--skip-existing", help="Batch: skip inputs whose output is complete and newer."),
    ] = False,
) -> None:
    """Analyse an article and write its briefing (PDF by default).

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
    fmt_l = fmt.lower()
    if fmt_l not in {"pdf", "html", "json"}:
        raise typer.BadParameter(f"{fmt!r}: use pdf, html or json", param_hint="--format")
    paper_n = _check_paper_locale(paper, locale)

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
        )
        target = output if output is None or str(output) != "-" else None
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
            sys.stdout.write(result.data.decode("utf-8"))
            return
        if not quiet:
            _wrote(result.path, result.data, result.pages)


def _wrote(path: object, data: bytes, pages: int | None, extra: str = "") -> None:
    """The success line: ``wrote PATH (40 KB, 3 pages)``."""
    count = f", {pages} page{'s' if pages != 1 else ''}" if pages else ""
    typer.echo(f"wrote {path} ({len(data) / 1024:.0f} KB{count}{extra})")


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
            typer.echo(f"wrote {item.path} ({item.size / 1024:.0f} KB, {item.pages} pages)")

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
        typer.echo(result.summary())
    if result.failed:
        raise BatchError(f"{len(result.failed)} of {len(result.items)} inputs failed")


@app.command()
def worker(
    queue: Annotated[
        str,
        typer.Option(
            "--queue", help="The Redis of the batches, e.g. redis://HOST:6379/0.", show_default=False
        ),
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Worker name (default: host and process id).")
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


@app.command()
def extract(
    pdf: Annotated[str, typer.Argument(metavar="FILE.pdf", help="A PDF made with --profile archive.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the JSON here (default: standard output).")
    ] = None,
) -> None:
    """Print the analysis (briefing.json) embedded in an archive PDF."""
    from briefing import extract as extracting  # noqa: PLC0415
    from briefing import ingest  # noqa: PLC0415

    data, name = ingest.read_source(pdf, max_bytes=EXTRACT_MAX_BYTES)
    payload = extracting.analysis_json(data, name)
    if output is None or str(output) == "-":
        sys.stdout.write(payload.decode("utf-8"))
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


@app.command("analyze")
def analyze_cmd(
    source: Annotated[
        str,
        typer.Argument(
            metavar="INPUT", help="Article: .txt, .md, .html, .json, an http(s):// URL, or - for stdin."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Document to write: .yaml/.yml or .json (default: <date>-<slug>.yaml; - prints).",
        ),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="yaml or json (default: from the -o suffix, else yaml).")
    ] = None,
    date: DateOption = None,
    title: TitleOption = None,
    summary_points: SummaryPointsOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Analyse an article and write the editable analysis document (YAML or JSON).

    Edit it (speakers, texts, include: false), then print it with `briefing render`.
    """
    _configure_logging(quiet, verbose)
    published = _parse_date(date)
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

    options = api.MakeOptions(date=published, title=title, summary_points=summary_points, max_bytes=max_bytes)
    result = api.analyze_document(source, output, options, fmt=fmt_l)  # type: ignore[arg-type]
    if result.path is None:
        sys.stdout.write(result.data.decode("utf-8"))
        return
    if not quiet:
        b = result.briefing
        typer.echo(
            f"wrote {result.path} ({len(b.summary)} summary points, {len(b.quotes)} quotes, "
            f"{len(b.timeline)} timeline entries, {len(b.context)} context boxes)"
        )


@app.command("render")
def render_cmd(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="Analysis document (.yaml, .yml, .json) from `briefing analyze`, or -."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Output file (default: FILE with .pdf or .html)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="pdf or html.")] = "pdf",
    paper: PaperOption = "A4",
    locale: LocaleOption = "de_DE",
    full_text: FullTextOption = True,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Largest document accepted, in bytes.")
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
    result = api.render_document(source, output, options)
    if not quiet:
        edited = result.edited.edited_ids
        _wrote(result.path, result.data, result.pages, f"; edited: {', '.join(edited)}" if edited else "")


@app.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the analysis document."""
    from briefing import document  # noqa: PLC0415

    sys.stdout.write(document.schema_text())


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning every error into one line on stderr and an exit code."""
    # A one-shot process that builds large, long-lived tables (tokenizer rules, tagger model, word
    # lists): collecting young objects less often saves about 7 % of the start-up. Not a leak risk:
    # the process ends after one command.
    gc.set_threshold(50_000, 20, 20)
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="briefing", standalone_mode=False)
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
        typer.echo("briefing: interrupted", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: still one line for the user, details with -v
        logging.getLogger("briefing").debug("internal error", exc_info=True)
        typer.echo(
            f"briefing: internal error: {type(exc).__name__}: {exc} (run with -v for details)", err=True
        )
        return EXIT_INTERNAL
    return 0


def run() -> None:
    """Console-script wrapper."""
    sys.exit(main())
