"""The work behind ``briefing serve``: jobs that run in a pool of warm worker processes.

Each job takes plain, picklable data (an article's bytes, a document's text) and returns bytes
or plain data; it calls the same library functions as the commands (``api``, ``document``,
``handout``). Nothing is written to disk: uploads, documents and results stay in memory.

:class:`Pool` starts the workers (spawned, so no fork of a threaded server), warms each one up
once (text models, WeasyPrint, fonts, hyphenation: ``batch.init_worker``) and bounds the work in
flight: ``workers`` jobs running plus ``queue_size`` waiting; one more raises :class:`Busy`, which
the server answers with 503 and ``Retry-After``.

The jobs that analyse (:func:`analyze`, :func:`make`) take the server's time bound per article
(``--deadline``, ``analyze(..., deadline=...)``); past it the request fails with 504.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from briefing.errors import BriefingError, RenderError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from briefing import api
    from briefing.document import DocumentFormat

log = logging.getLogger(__name__)
T = TypeVar("T")

RenderFormat = Literal["pdf", "html"]


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article as the server received it: a file's bytes, a pasted text, or a URL."""

    data: bytes = b""  # the article: an uploaded file, or pasted text as UTF-8
    name: str = "artikel.txt"  # a file name: its suffix decides the format (.txt, .md, .html, .json)
    url: str | None = None  # fetched instead of ``data`` (only when the server allows URLs)
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Output:
    """What to render: format, profile and paper (``briefing make --format/--profile/--paper``)."""

    fmt: RenderFormat = "pdf"
    profile: str = "print"
    paper: str = "A4"
    title: str | None = None  # a handout's title
    duplex: bool = False


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """An analysis document: its text (YAML or JSON, for line numbers in errors) or its data."""

    name: str
    text: str | None = None
    fmt: DocumentFormat = "json"
    data: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Rendered:
    data: bytes
    name: str  # the default file name (``profiles.output_name``)
    media_type: str
    pages: int | None = None
    edited: tuple[str, ...] = ()  # ids of edited items (documents only)


# --------------------------------------------------------------------------- the jobs (in workers)


def _options(
    output: Output | None = None, max_bytes: int | None = None, deadline: float | None = None
) -> api.MakeOptions:
    from briefing import api, ingest, view  # noqa: PLC0415 - loaded in the workers

    out = output or Output()
    return api.MakeOptions(
        fmt=out.fmt,
        profile=out.profile,
        paper=view.PAPER_SIZES.get(out.paper.upper(), out.paper),
        duplex=out.duplex,
        max_bytes=max_bytes or ingest.DEFAULT_MAX_BYTES,
        deadline=deadline,
    )


def _briefing(article: ArticleInput, options: api.MakeOptions) -> Any:
    """Read (from memory, or the URL) and analyse ``article`` with the caller's overrides."""
    from briefing import api, ingest  # noqa: PLC0415

    if article.url is not None:
        read = ingest.read(article.url, max_bytes=options.max_bytes)
    else:
        read = ingest.read_bytes(article.data, article.name)
    return api.briefing_of(read, _overrides(article, options))


def _overrides(article: ArticleInput, options: api.MakeOptions) -> api.MakeOptions:
    """``options`` with the request's title, date and source."""
    return dataclasses.replace(options, title=article.title, date=article.date, source=article.source)


def analyze(
    article: ArticleInput, fmt: DocumentFormat = "json", *, max_bytes: int, deadline: float | None = None
) -> Rendered:
    """``briefing analyze``: the editable document of ``article`` (JSON or YAML text)."""
    from briefing import document, profiles  # noqa: PLC0415

    briefing = _briefing(article, _options(max_bytes=max_bytes, deadline=deadline))
    name = profiles.output_name(briefing, "print", fmt)
    text = document.dump(document.build(briefing), fmt, name=name)
    media = "application/json" if fmt == "json" else "application/yaml"
    return Rendered(text.encode("utf-8"), name, media)


def make(article: ArticleInput, output: Output, *, max_bytes: int, deadline: float | None = None) -> Rendered:
    """``briefing make``: the briefing of ``article`` as PDF (or HTML)."""
    from briefing import api, profiles  # noqa: PLC0415

    options = _options(output, max_bytes, deadline)
    briefing = _briefing(article, options)
    data, pages = api.produce(briefing, options)
    return Rendered(
        data, profiles.output_name(briefing, options.profile, output.fmt), _media(output.fmt), pages
    )


def make_on_queue(
    queue: str, article: ArticleInput, output: Output, *, max_bytes: int, deadline: float | None = None
) -> Rendered:
    """:func:`make` by a ``briefing worker`` of the job queue at ``queue`` (``serve --queue``):
    the article's bytes go into the job, the PDF's bytes come back; this worker waits for them."""
    from briefing import jobqueue  # noqa: PLC0415 - needs the queue extra
    from briefing.errors import BriefingError  # noqa: PLC0415

    options = _overrides(article, _options(output, max_bytes, deadline))
    outcome = jobqueue.render_remote(queue, article.data, article.name, options)
    if outcome.data is None or outcome.name is None:
        error = BriefingError(outcome.error or "the queue's worker gave no result")
        error.exit_code = outcome.exit_code or 1
        raise error
    return Rendered(outcome.data, outcome.name, _media(output.fmt), outcome.pages)


def _load(doc: DocumentInput) -> Any:
    from briefing import document  # noqa: PLC0415
    from briefing.errors import ValidationError  # noqa: PLC0415

    if doc.text is not None:
        return document.load(doc.text, doc.name, doc.fmt)
    if not isinstance(doc.data, dict):
        raise ValidationError(
            f"{doc.name}: (document): must be a mapping with briefing, meta, text, summary, …"
        )
    return document.to_briefing(document.validate(doc.data, doc.name))


def render(docs: Sequence[DocumentInput], output: Output) -> Rendered:
    """``briefing render``: one edited document as PDF/HTML, several as one handout."""
    from briefing import api, handout, profiles  # noqa: PLC0415

    if not docs:
        raise BriefingError("no document to render")
    edited = [_load(doc) for doc in docs]
    options = _options(output)
    ids = tuple(i for e in edited for i in e.edited_ids)
    if len(edited) == 1:
        data, pages = api.produce(edited[0].briefing, options, marks=edited[0].marks)
        name = profiles.output_name(edited[0].briefing, options.profile, output.fmt)
    else:
        briefings = [e.briefing for e in edited]
        data, pages = handout.produce(briefings, options, title=output.title, marks=[e.marks for e in edited])
        day = briefings[0].meta.published or dt.datetime.now().astimezone().date()
        name = handout.output_name(output.title, options.profile, output.fmt, day)
    return Rendered(data, name, _media(output.fmt), pages, ids)


def document_text(doc: DocumentInput, fmt: DocumentFormat) -> Rendered:
    """A (web-edited) document checked and written out as YAML or JSON, with its ``edited`` flags."""
    from briefing import document, profiles  # noqa: PLC0415

    edited = _load(doc)
    name = profiles.output_name(edited.briefing, "print", fmt)
    text = document.dump(edited.data, fmt, name=name)
    media = "application/json" if fmt == "json" else "application/yaml"
    return Rendered(text.encode("utf-8"), name, media, None, edited.edited_ids)


def _media(fmt: str) -> str:
    return "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"


def ping() -> int:
    """A job that does nothing: the worker's process id once it is warm."""
    return os.getpid()


def _exit_with(parent: int) -> None:
    """End this worker when the server is gone (killed without shutting the pool down)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def init_worker(log_level: int) -> None:
    """Once per worker: leave Ctrl-C to the server (it shuts the pool down), end with the server,
    then warm up (``batch.init_worker``: text models, WeasyPrint, fonts, hyphenation)."""
    from briefing import batch  # noqa: PLC0415

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True, name="briefing-watch").start()
    batch.init_worker(log_level, "pdf")


# --------------------------------------------------------------------------- the pool (in the server)


class Busy(Exception):  # noqa: N818 - a state, not a failure of the caller
    """Every worker is busy and the queue is full."""


class Pool:
    """Warm worker processes with a bounded queue in front of them."""

    def __init__(self, workers: int, queue_size: int, *, log_level: int = logging.WARNING) -> None:
        self.workers = workers
        self.capacity = workers + queue_size
        self.active = 0  # jobs running or waiting
        self.ready = False
        self._log_level = log_level
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker,
            initargs=(self._log_level,),
        )

    async def warm_up(self) -> None:
        """Start every worker and wait until each has loaded everything (fonts, models)."""
        loop = asyncio.get_running_loop()
        pids = await asyncio.gather(
            *(loop.run_in_executor(self._executor, ping) for _ in range(self.workers))
        )
        self.ready = True
        log.info("%d warm workers: %s", self.workers, ", ".join(map(str, sorted(set(pids)))))

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` in a worker; :class:`Busy` when the queue is full."""
        if self.active >= self.capacity:
            raise Busy
        self.active += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))
        except BrokenProcessPool:
            log.exception("a worker process died; starting new workers")
            broken, self._executor = self._executor, self._start()
            broken.shutdown(wait=False, cancel_futures=True)
            raise RenderError("the worker process ended unexpectedly; try again") from None
        finally:
            self.active -= 1

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
