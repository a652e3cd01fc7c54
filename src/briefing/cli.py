"""The ``briefing`` command: parse options, call the library, map errors to exit codes.

Exit codes (also in README.md): 0 ok · 1 other error · 2 usage error · 3 input missing,
unreadable or empty · 4 input format · 5 validation · 6 rendering failed · 7 output not written ·
130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path  # noqa: TC003 - Typer reads the annotations at run time
from typing import Annotated

import typer
import typer.main

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
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in briefing


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
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(level=level, format="briefing: %(levelname)s: %(message)s", stream=sys.stderr)
    if not verbose:  # WeasyPrint's own chatter is not for editors
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Turn a German news article into a print-ready PDF briefing."""


@app.command()
def make(
    source: Annotated[
        str, typer.Argument(metavar="INPUT", help="Article: .txt, .md with front matter, or - for stdin.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Output file (default: <date>-<slug-of-title>.<format>)."),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Publication date YYYY-MM-DD (overrides the article).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title (overrides the article).")] = None,
    paper: Annotated[str, typer.Option("--paper", help="Paper size: A4, A5 or letter.")] = "A4",
    fmt: Annotated[
        str, typer.Option("--format", help="pdf, html or json (json prints the analysis).")
    ] = "pdf",
    locale: Annotated[str, typer.Option("--locale", help="Locale for dates and numbers.")] = "de_DE",
    full_text: Annotated[
        bool, typer.Option("--full-text/--no-full-text", help="Append the article itself.")
    ] = True,
    summary_points: Annotated[
        int | None,
        typer.Option("--summary-points", min=1, max=10, help="Number of summary points (default 3–5)."),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Largest input accepted, in bytes.")
    ] = 1_048_576,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print nothing but errors.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Print progress and details.")] = False,
) -> None:
    """Analyse an article and write its briefing (PDF by default)."""
    _configure_logging(quiet, verbose)
    published = _parse_date(date)
    fmt_l = fmt.lower()
    if fmt_l not in {"pdf", "html", "json"}:
        raise typer.BadParameter(f"{fmt!r}: use pdf, html or json", param_hint="--format")
    if paper.upper() not in {"A4", "A5", "LETTER"}:
        raise typer.BadParameter(f"{paper!r}: use A4, A5 or letter", param_hint="--paper")
    try:
        from babel import Locale, UnknownLocaleError  # noqa: PLC0415

        Locale.parse(locale)
    except (ValueError, UnknownLocaleError):
        raise typer.BadParameter(f"{locale!r} is not a known locale", param_hint="--locale") from None

    from briefing import api  # noqa: PLC0415 - keeps --help and --version fast

    options = api.MakeOptions(
        date=published,
        title=title,
        paper="letter" if paper.upper() == "LETTER" else paper.upper(),
        fmt=fmt_l,  # type: ignore[arg-type]
        locale=locale,
        full_text=full_text,
        summary_points=summary_points,
        max_bytes=max_bytes,
    )
    result = api.make(source, output if output is None or str(output) != "-" else None, options)
    if result.path is None:
        sys.stdout.write(result.data.decode("utf-8"))
        return
    if not quiet:
        size_kb = len(result.data) / 1024
        pages = f", {result.pages} page{'s' if result.pages != 1 else ''}" if result.pages else ""
        typer.echo(f"wrote {result.path} ({size_kb:.0f} KB{pages})")


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning every error into one line on stderr and an exit code."""
    from briefing.errors import BriefingError  # noqa: PLC0415

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
