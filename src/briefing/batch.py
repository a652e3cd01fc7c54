"""Batches: one PDF per input, rendered in parallel (``briefing make --each ... --out-dir out/``).

Inputs are files or folders (a folder gives its ``.txt``/``.md`` files, sorted). Work runs in a
``ProcessPoolExecutor`` (spawned workers, so no fork-with-threads hazards) whose initializer
loads the fonts, the hyphenation patterns and the text models once per worker. Each worker
returns the document bytes and its default name; the parent writes them atomically
(``render.save``) so name clashes are resolved in one place. A failing input is reported and
the batch goes on; :class:`BatchError` (exit 8) tells the caller that some inputs failed. Each
input's analysis has a wall-clock budget (``--deadline``, else ``document_seconds`` in
``data/limits.yaml``): past it, that input fails with exit code 12 and the worker goes on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from briefing import api, ingest, processes, profiles
from briefing.errors import EXIT_INTERNAL, BriefingError, OutputError
from briefing.limits import LIMITS
from briefing.logs import configure_logging
from briefing.resources import load_data

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from concurrent.futures import Future

log = logging.getLogger(__name__)


class Outcome(NamedTuple):
    """What a worker sends back for one input (picklable, small)."""

    source: str
    data: bytes | None = None
    name: str | None = None  # the default file name for the output
    pages: int | None = None
    error: str = ""
    exit_code: int = 0


@dataclass(frozen=True, slots=True)
class ItemResult:
    source: str
    path: Path | None = None  # where the output was written
    error: str | None = None  # one-line message when the input failed
    exit_code: int = 0  # the exit code `briefing make` would give for this input alone
    size: int = 0
    pages: int | None = None
    skipped: bool = False  # --skip-existing: the output was complete and newer than the input

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(slots=True)
class BatchResult:
    items: list[ItemResult] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1
    where: str = ""  # how it ran when not on the local pool: "queue, 2 workers"

    @property
    def failed(self) -> list[ItemResult]:
        return [item for item in self.items if not item.ok]

    def summary(self) -> str:
        """``20 inputs: 19 written, 1 failed in 12.3 s (2 jobs)``; ``…, 5 skipped, …`` when some were."""
        skipped = sum(1 for item in self.items if item.skipped)
        written = len(self.items) - len(self.failed) - skipped
        jobs = self.where or f"{self.jobs} job{'s' if self.jobs != 1 else ''}"
        return (
            f"{len(self.items)} input{'s' if len(self.items) != 1 else ''}: {written} written, "
            + (f"{skipped} skipped, " if skipped else "")
            + f"{len(self.failed)} failed in {self.seconds:.1f} s ({jobs})"
        )


def expand(inputs: Sequence[str]) -> list[str]:
    """Files as given, folders replaced by their article files (sorted); duplicates dropped.

    A path that does not exist is kept: it fails on its own, with the usual message.
    """
    suffixes = {s.lower() for s in _suffixes()}
    found: list[str] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.extend(
                str(p) for p in sorted(path.iterdir()) if p.is_file() and p.suffix.lower() in suffixes
            )
        else:
            found.append(item)
    return list(dict.fromkeys(found))


def default_jobs() -> int:
    """The CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def guard_worker() -> None:
    """First thing in a worker: ignore Ctrl-C (the parent stops the batch), die with the parent."""
    processes.become_child()


def init_worker(log_level: int = logging.WARNING, fmt: api.OutputFormat = "pdf") -> None:
    """Once per worker: logging like the CLI's, the text models and, for PDF, fonts + hyphenation."""
    if multiprocessing.parent_process() is not None:
        guard_worker()
    configure_logging(log_level)
    from briefing.pipeline import analyze  # noqa: PLC0415 - heavy, loaded in the worker only

    # one tiny briefing through every stage of the batch's format: SoMaJo and HanTa (and, for
    # PDF, WeasyPrint, the font configuration, the packaged faces, Pyphen's German patterns) are
    # then in memory for every input
    warm = analyze("Der Bundestag hat am Donnerstag in Berlin getagt.", title="Probe")
    api.produce(warm, api.MakeOptions(fmt=fmt))


def render_one(source: str, options: api.MakeOptions) -> Outcome:
    """Worker: analyse and render one input; errors become part of the outcome."""
    try:
        briefing = api.briefing_of(source, options)
        data, pages = api.produce(briefing, options)
        name = profiles.output_name(briefing, options.profile, options.fmt)
    except BriefingError as exc:
        return Outcome(source, error=" ".join(str(exc).split()), exit_code=exc.exit_code)
    except Exception as exc:  # a bug: reported for this input, the batch goes on
        log.debug("internal error on %s", source, exc_info=True)
        return Outcome(source, error=f"internal error: {type(exc).__name__}: {exc}", exit_code=EXIT_INTERNAL)
    return Outcome(source, data, name, pages)


def _unique(folder: Path, name: str, taken: set[str]) -> Path:
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{ext}"
    taken.add(candidate)
    return folder / candidate


def _results_serial(sources: Sequence[str], options: api.MakeOptions, log_level: int) -> Iterator[Outcome]:
    init_worker(log_level, options.fmt)
    for source in sources:
        yield render_one(source, options)


def _os_threads() -> int:
    """Threads of this process (Linux); 0 when unknown."""
    try:
        return sum(1 for _ in Path("/proc/self/task").iterdir())
    except OSError:
        return 0


def start_method() -> str:
    """``fork`` from a warmed-up parent when that is safe (Linux, one thread), else ``spawn``.

    Forked workers inherit the loaded fonts, patterns and models (one warm-up for all); spawned
    workers run :func:`init_worker` each. Python 3.12+ warns about forking a threaded process,
    and numpy's OpenBLAS starts a thread unless ``OPENBLAS_NUM_THREADS=1`` (the CLI sets it).
    """
    if "fork" in multiprocessing.get_all_start_methods() and _os_threads() == 1:
        return "fork"
    return "spawn"


def _results_parallel(futures: dict[Future[Outcome], str]) -> Iterator[Outcome]:
    pending = dict(futures)
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            source = pending.pop(future)
            try:
                yield future.result()
            except (BrokenProcessPool, OSError, RuntimeError) as exc:  # the worker died
                yield Outcome(source, error=f"worker failed: {type(exc).__name__}: {exc}", exit_code=1)


def run(
    inputs: Sequence[str],
    out_dir: Path,
    options: api.MakeOptions | None = None,
    *,
    jobs: int | None = None,
    progress: bool = False,
    on_result: Callable[[ItemResult], None] | None = None,
    queue: str | None = None,
    skip_existing: bool = False,
) -> BatchResult:
    """Render every input to its own file in ``out_dir`` (created when missing).

    ``jobs`` worker processes (default: CPU cores; 1 runs in this process). ``progress`` shows a
    rich progress bar on standard error. ``on_result`` is called for each finished input.
    ``queue``, a Redis URL, hands the inputs to ``briefing worker`` processes instead of the local
    pool (``jobqueue``). ``skip_existing`` skips inputs whose output is complete and newer.
    Failed inputs are in ``result.failed``; the CLI then raises :class:`BatchError` (exit 8).
    """
    opts = options or api.MakeOptions()
    if opts.deadline is None:  # a runaway input fails on its own instead of holding a worker
        opts = dataclasses.replace(opts, deadline=LIMITS().document_seconds)
    sources = expand(inputs)
    if not sources:
        raise BriefingError("no article files found (looked for " + ", ".join(_suffixes()) + ")")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output folder: {exc.strerror or exc}") from exc
    started = time.perf_counter()
    taken: set[str] = set()
    done = _skipped(sources, out_dir, opts, taken) if skip_existing else []
    todo = [source for source in sources if source not in {item.source for item in done}]
    workers = max(1, min(jobs or default_jobs(), len(todo)))
    log_level = logging.getLogger().getEffectiveLevel()
    result = BatchResult(jobs=workers)
    with contextlib.ExitStack() as stack:
        results: Iterator[Outcome]
        if not todo:
            results = iter(())
        elif queue is not None:
            from briefing import jobqueue  # noqa: PLC0415 - needs the optional extra

            stats = jobqueue.Stats()
            results = jobqueue.outcomes(queue, todo, opts, stats)
            stack.callback(lambda: setattr(result, "where", stats.describe()))
        elif workers == 1:
            results = _results_serial(todo, opts, log_level)
        else:
            method = start_method()
            # forked workers inherit the parent's warm state; spawned ones warm up themselves
            warm_up: dict[str, Any] = {"initializer": init_worker, "initargs": (log_level, opts.fmt)}
            if method == "fork":
                init_worker(log_level, opts.fmt)  # once, in the parent: the workers inherit it
                warm_up = {"initializer": guard_worker}
            pool = stack.enter_context(
                ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=multiprocessing.get_context(method),
                    **warm_up,
                )
            )
            stack.push(_stop_workers_on_error)  # before the first worker starts
            # every task is submitted (and every worker started) before the progress bar's thread;
            # workers start with SIGINT/SIGTERM held back until they have set their own handling,
            # and the pool's locks are never held when a signal interrupts the parent
            with processes.signals_blocked():
                futures = {pool.submit(render_one, source, opts): source for source in todo}
            results = _results_parallel(futures)
        with _Progress(len(sources), enabled=progress) as bar:
            for item in done:
                result.items.append(item)
                if on_result is not None:
                    on_result(item)
                bar.advance(Path(item.source).name)
            for outcome in results:
                item = _store(out_dir, outcome, taken)
                result.items.append(item)
                if on_result is not None:
                    on_result(item)
                bar.advance(Path(outcome.source).name)
    result.seconds = time.perf_counter() - started
    order = {source: i for i, source in enumerate(sources)}
    result.items.sort(key=lambda item: order[item.source])
    return result


def _stop_workers_on_error(exc_type: type[BaseException] | None, *_exc: object) -> None:
    """Leaving the pool early (interrupted, or an error in the parent): stop the workers now
    rather than let the pool wait for the inputs they are rendering. The pool then fails the
    futures left (cancelling them as well races with that: Python 3.11's pool thread raises
    InvalidStateError on a cancelled future)."""
    if exc_type is not None:
        processes.stop_children()


def _suffixes() -> list[str]:
    return list(load_data("render.yaml")["batch"]["suffixes"])


def _store(out_dir: Path, outcome: Outcome, taken: set[str]) -> ItemResult:
    source = outcome.source
    if outcome.data is None or outcome.name is None:
        return ItemResult(source, error=outcome.error or "failed", exit_code=outcome.exit_code or 1)
    from briefing import render  # noqa: PLC0415

    target = _unique(out_dir, outcome.name, taken)
    try:
        render.save(outcome.data, target, sources=[source])
    except BriefingError as exc:
        return ItemResult(source, error=" ".join(str(exc).split()), exit_code=exc.exit_code)
    return ItemResult(source, path=target, size=len(outcome.data), pages=outcome.pages)


class _Progress:
    """A rich progress bar on standard error, or nothing (not a TTY, ``--quiet``)."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console  # only for interactive batches
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[last]}"),
                console=Console(stderr=True),
                transient=True,
            )
            bar.start()
            self._task = bar.add_task("briefing", total=self.total, last="")
            self._bar = bar
        return self

    def advance(self, label: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=1, last=label)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def up_to_date(source: str, out_dir: Path, options: api.MakeOptions) -> Path | None:
    """The output of ``source`` in ``out_dir`` if it is complete and newer than the input, else None.

    The name is the default one, from the article's title and date (the input is read, not
    analysed). Outputs are only ever renamed into place complete (``render.save``); a PDF must
    also end with its ``%%EOF`` marker. Standard input and URLs have no date: never skipped.
    """
    if source == "-" or ingest.is_url(source):
        return None
    try:
        since = Path(source).stat().st_mtime
        article = api.load(source, options)
    except (OSError, BriefingError):  # it fails again when rendered, with its own message
        return None
    target = out_dir / profiles.meta_name(article.meta, options.profile, options.fmt)
    try:
        stat = target.stat()
    except OSError:
        return None
    if not target.is_file() or stat.st_size == 0 or stat.st_mtime < since:
        return None
    if options.fmt == "pdf" and not _pdf_complete(target):
        return None
    return target


def _pdf_complete(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            fh.seek(max(0, path.stat().st_size - 1024))
            return b"%%EOF" in fh.read()
    except OSError:
        return False


def _skipped(
    sources: Sequence[str], out_dir: Path, options: api.MakeOptions, taken: set[str]
) -> list[ItemResult]:
    """``--skip-existing``: the inputs whose outputs are up to date (their names are taken)."""
    done = []
    for source in sources:
        target = up_to_date(source, out_dir, options)
        if target is not None and target.name not in taken:
            taken.add(target.name)
            done.append(ItemResult(source, path=target, size=target.stat().st_size, skipped=True))
    return done
