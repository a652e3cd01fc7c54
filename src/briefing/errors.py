"""One exception hierarchy; the CLI maps each class to an exit code.

    BriefingError                 any failure the user can act on     (exit 1)
    ├── InputError                input missing, unreadable, empty    (exit 3)
    │   ├── InputFormatError      bad front matter, invalid YAML/JSON (exit 4)
    │   │   ├── UnsupportedFormatError  a file type briefing cannot read (exit 11)
    │   │   └── NoArticleError    HTML without an article in it       (exit 10)
    │   └── FetchError            a URL could not be downloaded       (exit 9)
    ├── ValidationError           an edited briefing or knowledge base
    │                             that breaks its schema              (exit 5)
    ├── RenderError               HTML/PDF could not be produced      (exit 6)
    ├── OutputError               the output could not be written     (exit 7)
    ├── BatchError                a batch ran, some inputs failed     (exit 8)
    ├── DeadlineError             the analysis ran past its wall-clock
    │                             budget (``analyze(deadline=…)``)    (exit 12)
    └── QueueError                the job queue (Redis) is unreachable (exit 9)

Usage errors (bad options) are Typer's and exit with 2; a bug (any other exception) exits
with ``EXIT_INTERNAL`` (70, EX_SOFTWARE), SIGINT with 130 and SIGTERM with 143 (``processes``).
"""

from __future__ import annotations

EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in briefing


class BriefingError(Exception):
    """Base class: ``str(error)`` is a one-line message for the user.

    ``field`` and ``line``, when known, say where in a document the problem is
    (``quotes[0].speaker``, line 40); the HTTP API returns them beside the message.
    """

    exit_code = 1

    def __init__(self, message: str = "", *, field: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.line = line


class InputError(BriefingError):
    exit_code = 3


class InputFormatError(InputError):
    exit_code = 4


class ValidationError(BriefingError):
    exit_code = 5


class RenderError(BriefingError):
    exit_code = 6


class OutputError(BriefingError):
    exit_code = 7


class UnsupportedFormatError(InputFormatError):
    """A file type briefing does not read (``.pdf``, ``.docx``, a ``.txt`` given to ``render``)."""

    exit_code = 11


class FetchError(InputError):
    """An ``http(s)://`` input could not be downloaded: unreachable, timeout, HTTP error, too large."""

    exit_code = 9


class NoArticleError(InputFormatError):
    """HTML in which no article text was found (a front page, a list of links, a login form)."""

    exit_code = 10


class BatchError(BriefingError):
    """The batch ran to the end but at least one input failed (each was reported)."""

    exit_code = 8


class DeadlineError(BriefingError):
    """The analysis of one document took longer than its wall-clock budget (``analyze(deadline=…)``,
    the batch workers' ``document_seconds`` in ``data/limits.yaml``); nothing was produced for it."""

    exit_code = 12


class QueueError(BriefingError):
    """The job queue (``--queue redis://…``) could not be reached or was lost (exit 9, like a URL)."""

    exit_code = 9
