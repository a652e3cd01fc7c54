"""Batches on a job queue: RQ on Redis, workers on any number of machines.

``briefing make --each … --queue redis://HOST:PORT/DB`` puts one job per input on the queue
instead of the local process pool; ``briefing worker --queue redis://…`` (on any machine that
reaches Redis) takes jobs off it::

    make --each --queue URL                          worker --queue URL  (one or many, anywhere)
      reads each input file ──► job: its bytes, ──► Redis ──► analyse + render (batch.render_one)
                                options, KB                        │
      render.save (atomic) ◄── batch.Outcome: PDF bytes, name ◄────┘ (RQ's result store)

The job carries the input's bytes (not its path) and the result carries the PDF's bytes, so
workers need no shared folder, and the batch process stays the only writer: names, clashes and
atomic saves are handled exactly as for the local pool (``batch._store``). URL inputs are the
exception: the worker downloads them.

Fault tolerance: a busy worker renews its claim on the job (RQ's execution entry in the
``StartedJobRegistry``) every ``heartbeat`` seconds; a worker killed mid-job (SIGKILL, power
loss) stops renewing, and ``abandoned_after`` seconds later RQ's registry clean-up, which the
waiting batch runs on every poll, puts the job back on the queue for another worker (RQ's
``Retry``, at most ``retries`` times), then reports it failed. A killed worker never leaves a
partial file: it writes none.

Settings (retries, timeouts, TTLs, poll interval) are in ``data/queue.yaml``. RQ and redis-py
are the optional extra ``briefing[queue]`` and are imported only here, only when used.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import hashlib
import logging
import shutil
import tempfile
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from briefing import __version__, batch, ingest, settings
from briefing.errors import EXIT_INTERNAL, BriefingError, QueueError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from redis import Redis
    from rq import Queue

    from briefing import api

log = logging.getLogger(__name__)

SCHEMES = ("redis", "rediss", "unix")
JOB_PREFIX = "briefing-"
NO_KNOWLEDGE = b"[]\n"  # an empty knowledge base: workers never read one of their own machine


@dataclass(frozen=True, slots=True)
class QueueSettings:
    queue_name: str
    retries: int
    job_timeout: int
    heartbeat: float
    abandoned_after: int
    result_ttl: int
    poll_interval: float
    max_queued: int
    connect_timeout: float
    no_worker_warning: float


SETTINGS = settings.register(QueueSettings, "queue.yaml")


@dataclass(frozen=True, slots=True)
class Task:
    """One job: everything a worker needs to render one input, without access to the batch's files."""

    source: str  # the input as the user named it (errors and results carry it)
    name: str  # file name for the worker's copy: its suffix picks the format (.md, .html, …)
    data: bytes | None  # the input's bytes; None: the worker reads ``source`` itself (a URL)
    options: api.MakeOptions  # without ``context``: the knowledge base travels as ``knowledge``
    knowledge: bytes  # the knowledge base YAML (NO_KNOWLEDGE: none)
    version: str = __version__  # workers refuse jobs of another briefing version


@dataclass(slots=True)
class Stats:
    """What a queued batch saw: the workers that rendered its inputs, the jobs run more than once."""

    workers: set[str] = field(default_factory=set)
    retried: set[str] = field(default_factory=set)

    def describe(self) -> str:
        """``queue, 2 workers, 1 retried``."""
        n = len(self.workers)
        text = f"queue, {n} worker{'s' if n != 1 else ''}"
        return text + (f", {len(self.retried)} retried" if self.retried else "")


# --------------------------------------------------------------------------- connection


def check_url(url: str) -> str:
    """``url`` when it names a Redis (``redis://``, ``rediss://``, ``unix://``); ValueError if not."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise ValueError(f"{redact(url)!r}: use redis://HOST:PORT/DB (or rediss://, unix://)")
    if parts.scheme != "unix" and not parts.hostname:
        raise ValueError(f"{redact(url)!r}: no host (redis://HOST:PORT/DB)")
    return url


def redact(url: str) -> str:
    """``url`` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def connect(url: str) -> Redis:
    """A checked connection to the Redis at ``url``; :class:`QueueError` (exit 9) if unreachable."""
    try:
        import redis
        import rq  # noqa: F401
    except ImportError as exc:
        raise BriefingError(
            f"--queue needs RQ and redis ({exc.name} is not installed): pip install 'briefing[queue]'"
        ) from exc
    check_url(url)
    timeout = SETTINGS().connect_timeout
    try:
        connection = redis.Redis.from_url(url, socket_connect_timeout=timeout)
        connection.ping()
    except (redis.exceptions.RedisError, ValueError, OSError) as exc:
        raise QueueError(f"{redact(url)}: cannot reach the queue: {exc}") from exc
    return connection


def _queue(connection: Redis) -> Queue:
    from rq import Queue

    return Queue(SETTINGS().queue_name, connection=connection)


# --------------------------------------------------------------------------- worker side


def run_task(task: Task) -> batch.Outcome:
    """The job function: render one input in a worker, exactly as the local pool does."""
    if task.version != __version__:
        return batch.Outcome(
            task.source,
            error=f"the worker runs briefing {__version__}, the batch {task.version}: "
            "run the same version on every machine",
            exit_code=1,
        )
    options = dataclasses.replace(task.options, context=_knowledge_file(task.knowledge))
    if task.data is None:
        return _rename(batch.render_one(task.source, options), task.source, task.source)
    with tempfile.TemporaryDirectory(prefix="briefing-job-") as folder:
        copy = Path(folder) / (Path(task.name).name or "input")
        copy.write_bytes(task.data)
        return _rename(batch.render_one(str(copy), options), str(copy), task.source)


def _rename(outcome: batch.Outcome, copy: str, source: str) -> batch.Outcome:
    """The outcome as the batch knows the input: its own name in place of the worker's copy."""
    error = outcome.error.replace(copy, source)
    code = outcome.exit_code
    if code == EXIT_INTERNAL and "JobTimeoutException" in error:
        error, code = f"{source}: stopped after the job timeout of {SETTINGS().job_timeout} s", 1
    return outcome._replace(source=source, error=error, exit_code=code)


@functools.cache
def _jobs_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="briefing-worker-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _knowledge_file(data: bytes) -> Path:
    """The knowledge base of a job as a file, one per content: it is parsed once per worker."""
    path = _jobs_folder() / f"knowledge-{hashlib.sha256(data).hexdigest()[:16]}.yaml"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


def work(
    url: str,
    *,
    name: str | None = None,
    burst: bool = False,
    log_level: int = logging.WARNING,
    announce: Callable[[str], None] | None = None,
) -> None:
    """``briefing worker``: warm up once, then render jobs from the queue until stopped.

    ``burst``: stop when the queue is empty. SIGINT/SIGTERM finish the current job first (RQ).
    ``announce`` gets one line when the worker is ready.
    """
    connection = connect(url)
    batch.init_worker(log_level, "pdf")  # fonts, hyphenation and text models, once
    queue = _queue(connection)
    worker = _worker_class()(
        [queue],
        connection=connection,
        name=name,
        job_monitoring_interval=max(1, round(SETTINGS().heartbeat)),
    )
    if announce is not None:
        announce(f"worker {worker.name}: rendering jobs of {redact(url)} (queue {queue.name})")
    try:
        worker.work(burst=burst, logging_level=logging.getLevelName(max(log_level, logging.INFO)))
    except ValueError as exc:  # RQ: a live worker of that name exists
        raise QueueError(f"{redact(url)}: {exc}") from exc


def _worker_class() -> type[Any]:
    """RQ's ``SimpleWorker`` (jobs run in the warmed-up process, no fork per job) whose claim on a
    job is renewed by a heartbeat thread, so a dead worker's job is found within seconds."""
    from rq.worker import SimpleWorker, WorkerStatus

    class BriefingWorker(SimpleWorker):
        def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
            del job, working_time
            return SETTINGS().abandoned_after

        def execute_job(self, job: Any, queue: Any) -> None:
            execution = self.prepare_execution(job)
            stop = threading.Event()

            def beat() -> None:
                while not stop.wait(SETTINGS().heartbeat):
                    try:
                        self.maintain_heartbeats(job, execution)
                    except Exception:  # a missed beat is retried; the job goes on
                        log.debug("heartbeat failed", exc_info=True)

            thread = threading.Thread(target=beat, name="briefing-heartbeat", daemon=True)
            thread.start()
            try:
                self.perform_job(job, queue, execution)
            finally:
                stop.set()
                thread.join()
            self.set_state(WorkerStatus.IDLE)

    return BriefingWorker


# --------------------------------------------------------------------------- batch side


def outcomes(
    url: str, sources: Sequence[str], options: api.MakeOptions, stats: Stats
) -> Iterator[batch.Outcome]:
    """Render ``sources`` on the queue at ``url``; yield each input's outcome as it finishes.

    Inputs are read here (an unreadable one is an outcome at once) and enqueued at most
    ``max_queued`` at a time. Leaving early (an error, Ctrl-C) deletes this batch's jobs.
    """
    connection = connect(url)
    knowledge = _knowledge(options)
    templates = options.templates.resolve() if options.templates is not None else None
    bare = dataclasses.replace(options, context=None, templates=templates)  # the same path on workers

    def tasks() -> Iterator[Task | batch.Outcome]:
        for source in sources:
            try:
                yield _task(source, bare, knowledge)
            except BriefingError as exc:
                yield batch.Outcome(source, error=" ".join(str(exc).split()), exit_code=exc.exit_code)

    yield from _Run(url, connection, stats).outcomes(tasks())


def render_remote(url: str, data: bytes, name: str, options: api.MakeOptions) -> batch.Outcome:
    """One input rendered by a queue worker (for ``briefing serve``): ``data`` is the article,
    ``name`` its file name (the suffix picks the format). Waits for the result."""
    task = Task(name, name, data, dataclasses.replace(options, context=None), _knowledge(options))
    connection = connect(url)
    return next(iter(_Run(url, connection, Stats()).outcomes([task])))


def _knowledge(options: api.MakeOptions) -> bytes:
    """The knowledge base the batch would use, checked here once, as bytes for the jobs."""
    path = ingest.knowledge_base_path(options.context)
    if path is None:
        return NO_KNOWLEDGE
    ingest.read_knowledge_base(path, max_bytes=options.max_bytes)  # a bad file stops the batch (exit 5)
    data, _ = ingest.read_source(str(path), max_bytes=options.max_bytes)
    return data


def _task(source: str, options: api.MakeOptions, knowledge: bytes) -> Task:
    if ingest.is_url(source):
        return Task(source, "", None, options, knowledge)
    data, _ = ingest.read_source(source, max_bytes=options.max_bytes)
    name = "stdin" if source == "-" else Path(source).name
    return Task(source, name, data, options, knowledge)


class _Run:
    """Enqueue tasks, poll their status, collect results, recover jobs of dead workers."""

    def __init__(self, url: str, connection: Redis, stats: Stats) -> None:
        self.url = url
        self.connection = connection
        self.queue = _queue(connection)
        self.stats = stats
        self.prefix = f"{JOB_PREFIX}{uuid.uuid4().hex[:12]}-"
        self.pending: dict[str, str] = {}  # job id -> source
        self.count = 0
        self.started = time.monotonic()
        self.warned = False

    def outcomes(self, tasks: Iterable[Task | batch.Outcome]) -> Iterator[batch.Outcome]:
        import redis

        cfg = SETTINGS()
        waiting: deque[Task | batch.Outcome] = deque()
        todo = iter(tasks)
        exhausted = False
        try:
            while True:
                while not exhausted and len(self.pending) + len(waiting) < cfg.max_queued:
                    item = next(todo, None)
                    if item is None:
                        exhausted = True
                    else:
                        waiting.append(item)
                ready = [item for item in waiting if isinstance(item, batch.Outcome)]
                self._enqueue([item for item in waiting if isinstance(item, Task)])
                waiting.clear()
                yield from ready
                if exhausted and not self.pending:
                    return
                yield from self._poll()
                if self.pending:
                    time.sleep(cfg.poll_interval)
        except redis.exceptions.RedisError as exc:
            raise QueueError(f"{redact(self.url)}: lost the queue: {exc}") from exc
        finally:
            self._cancel()

    def _enqueue(self, tasks: list[Task]) -> None:
        if not tasks:
            return
        from rq import Queue, Retry

        cfg = SETTINGS()
        jobs = []
        for task in tasks:
            job_id = f"{self.prefix}{self.count}"
            self.count += 1
            self.pending[job_id] = task.source
            jobs.append(
                Queue.prepare_data(
                    run_task,
                    args=(task,),
                    job_id=job_id,
                    timeout=cfg.job_timeout,
                    result_ttl=cfg.result_ttl,
                    failure_ttl=cfg.result_ttl,
                    retry=Retry(max=cfg.retries, enqueue_at_front=True) if cfg.retries > 0 else None,
                    description=task.source,
                )
            )
        with self.connection.pipeline() as pipe:
            self.queue.enqueue_many(jobs, pipeline=pipe)
            pipe.execute()

    def _poll(self) -> Iterator[batch.Outcome]:
        from rq.job import Job, JobStatus
        from rq.registry import StartedJobRegistry

        # a job whose worker stopped renewing its claim goes back on the queue (or fails)
        StartedJobRegistry(queue=self.queue).cleanup()
        ids = list(self.pending)
        with self.connection.pipeline(transaction=False) as pipe:
            for job_id in ids:
                pipe.hmget(Job.key_for(job_id), "status", "worker_name", "retries_left")
            rows = pipe.execute()
        for job_id, (status, worker, retries_left) in zip(ids, rows, strict=True):
            if retries_left is not None and int(retries_left) < SETTINGS().retries:
                self.stats.retried.add(job_id)
            state = status.decode() if status is not None else None
            if state == JobStatus.FINISHED:
                yield self._finished(job_id, worker)
            elif state is None or state in {JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}:
                yield self._failed(job_id, state)
        self._warn_without_workers()

    def _finished(self, job_id: str, worker: bytes | None) -> batch.Outcome:
        from rq.job import Job

        source = self.pending.pop(job_id)
        job = Job.fetch(job_id, connection=self.connection)
        outcome = job.return_value()
        _delete(job)
        if worker:
            self.stats.workers.add(worker.decode())
        if not isinstance(outcome, batch.Outcome):
            return batch.Outcome(source, error=f"{source}: the worker sent no result", exit_code=1)
        return outcome

    def _failed(self, job_id: str, state: str | None) -> batch.Outcome:
        from rq.exceptions import NoSuchJobError
        from rq.job import Job

        source = self.pending.pop(job_id)
        if state is None:
            return batch.Outcome(source, error=f"{source}: the job vanished from the queue", exit_code=1)
        reason = state
        try:
            job = Job.fetch(job_id, connection=self.connection)
        except NoSuchJobError:
            return batch.Outcome(source, error=f"{source}: the job vanished from the queue", exit_code=1)
        result = job.latest_result()
        text = (result.exc_string or "").strip() if result is not None else ""
        if "AbandonedJobError" in text:
            tries = SETTINGS().retries + 1
            reason = f"its worker died ({tries} tries)"
        elif text:
            reason = text.splitlines()[-1]
        _delete(job)
        return batch.Outcome(source, error=f"{source}: worker failed: {reason}", exit_code=1)

    def _warn_without_workers(self) -> None:
        from rq.worker import Worker

        if self.warned or time.monotonic() - self.started < SETTINGS().no_worker_warning:
            return
        self.warned = True
        if Worker.count(queue=self.queue) == 0:
            log.warning(
                "no worker listens on %s (queue %s); start one with: briefing worker --queue %s",
                redact(self.url),
                self.queue.name,
                redact(self.url),
            )

    def _cancel(self) -> None:
        """Delete this run's unfinished jobs (Ctrl-C, an error): nothing renders for nobody."""
        if not self.pending:
            return
        from rq.job import Job

        try:
            for job in Job.fetch_many(list(self.pending), connection=self.connection):
                if job is not None:
                    _delete(job)
        except Exception:  # the queue may be the thing that failed
            log.debug("could not delete the batch's jobs", exc_info=True)
        self.pending.clear()


def _delete(job: Any) -> None:
    """Delete a job with its result. Its list of executions goes first: RQ keeps a dead worker's
    execution listed for a minute after the execution itself expired, and ``Job.delete`` would
    fail looking it up."""
    job.connection.delete(job.execution_registry.key)
    job.delete()
