"""``briefing serve``: the editors' web page and the HTTP API for the CMS (FastAPI on uvicorn).

Thin by design: every route parses the request, hands the work to a warm worker process
(:mod:`briefing.jobs`, which calls the library) and answers. Errors are the library's
:class:`~briefing.errors.BriefingError` classes, answered as JSON ``{error, field?, line?,
exit_code}`` with the HTTP status of :data:`HTTP_STATUS` (one table, keyed by exit code).

Security (see README): bound to 127.0.0.1 by default; anywhere else only with a token
(``BRIEFING_TOKEN``, sent as ``Authorization: Bearer …``, or as the password of HTTP Basic for
browsers; compared in constant time); request bodies above ``--max-bytes`` get 413 before any
parsing; a cross-site ``Origin`` gets 403; URLs are fetched only with ``--allow-urls``; uploads
are parsed in memory and nothing is written to disk; rendering keeps its restricted fetcher and
template sandbox. A full queue answers 503 with ``Retry-After``.
"""

import base64
import binascii
import contextlib
import datetime as dt
import functools
import hmac
import json
import logging
import os
from collections.abc import AsyncIterator, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlsplit

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as ModelError
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser
from starlette.types import ASGIApp, Receive, Scope, Send

from briefing import __version__, jobs, limits, settings, webform
from briefing.errors import EXIT_INTERNAL, BriefingError, InputError, InputFormatError, ValidationError
from briefing.resources import package_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """The defaults in ``data/server.yaml``."""

    host: str
    port: int
    workers: int
    queue_size: int
    retry_after_seconds: int
    max_bytes: int
    max_files: int
    max_fields: int
    local_hosts: frozenset[str]
    token_variable: str
    preview_delay_ms: int


SETTINGS = settings.register(ServerSettings, "server.yaml")

# HTTP status of each error, by the exit code `briefing` gives it (README: Exit codes).
HTTP_STATUS: dict[int, int] = {
    1: 400,  # BriefingError: any other error the caller can act on
    3: 422,  # InputError: empty or binary article (a body above --max-bytes gets 413 earlier)
    4: 422,  # InputFormatError: invalid front matter, JSON or YAML
    5: 422,  # ValidationError: the document breaks its schema
    6: 500,  # RenderError: HTML/PDF could not be made
    7: 500,  # OutputError: not raised by the server (nothing is written)
    8: 500,  # BatchError: not raised by the server
    9: 502,  # FetchError: the article's URL could not be downloaded
    10: 422,  # NoArticleError: HTML without an article
    11: 415,  # UnsupportedFormatError: PDF, Word, … uploads
    12: 504,  # DeadlineError (issue 22): the analysis took longer than allowed
    EXIT_INTERNAL: 500,  # a bug
}
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_STATIC = {"page.css": "text/css; charset=utf-8", "page.js": "text/javascript; charset=utf-8"}
_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (
        b"content-security-policy",
        (
            b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        ),
    ),
]
_OPEN_PATHS = frozenset({"/healthz"})  # answered without a token (load balancers)


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """``briefing serve``'s options; ``None`` takes the default of ``data/server.yaml``."""

    host: str | None = None
    port: int | None = None
    workers: int | None = None
    queue_size: int | None = None
    max_bytes: int | None = None
    allow_urls: bool = False
    token: str | None = None  # default: the BRIEFING_TOKEN environment variable
    deadline: float | None = None  # seconds of analysis per article (default: data/limits.yaml)
    queue: str | None = None  # a Redis URL: POST /api/make is rendered by `briefing worker`s there
    log_level: int = logging.WARNING

    def resolved(self) -> "ServeOptions":
        cfg = SETTINGS()
        token = self.token if self.token is not None else os.environ.get(cfg.token_variable) or None
        return ServeOptions(
            host=self.host or cfg.host,
            port=self.port if self.port is not None else cfg.port,
            workers=self.workers or cfg.workers,
            queue_size=self.queue_size if self.queue_size is not None else cfg.queue_size,
            max_bytes=self.max_bytes or cfg.max_bytes,
            allow_urls=self.allow_urls,
            token=token,
            deadline=self.deadline or limits.LIMITS().document_seconds,
            queue=self.queue,
            log_level=self.log_level,
        )


def check_binding(options: ServeOptions) -> None:
    """Refuse to serve beyond this machine without a token (``ValueError`` says why)."""
    cfg = SETTINGS()
    if options.host not in cfg.local_hosts and not options.token:
        raise ValueError(
            f"binding to {options.host} needs a token: set {cfg.token_variable} (clients send "
            "'Authorization: Bearer <token>')"
        )


class HTTPProblem(Exception):  # noqa: N818 - an answer, not a bug
    """A request the server answers itself with ``status`` and ``{error, field?}``."""

    def __init__(
        self, status: int, message: str, field: str | None = None, headers: dict[str, str] | None = None
    ):
        super().__init__(message)
        self.status = status
        self.field = field
        self.headers = headers or {}


def error_body(exc: BaseException) -> tuple[int, dict[str, Any]]:
    """The HTTP status and JSON body of an error."""
    if isinstance(exc, HTTPProblem):
        body: dict[str, Any] = {"error": str(exc)}
        if exc.field:
            body["field"] = exc.field
        return exc.status, body
    if isinstance(exc, BriefingError):
        body = {"error": " ".join(str(exc).split()), "exit_code": exc.exit_code}
        if exc.field:
            body["field"] = exc.field
        if exc.line is not None:
            body["line"] = exc.line
        return HTTP_STATUS.get(exc.exit_code, 400), body
    if isinstance(exc, jobs.Busy):
        return 503, {"error": "all workers are busy and the queue is full; try again shortly"}
    return 500, {"error": f"internal error ({type(exc).__name__}); the server log has the details"}


def _problem_response(exc: BaseException) -> JSONResponse:
    status, body = error_body(exc)
    headers = dict(exc.headers) if isinstance(exc, HTTPProblem) else {}
    if isinstance(exc, jobs.Busy):
        headers["Retry-After"] = str(SETTINGS().retry_after_seconds)
    return JSONResponse(body, status_code=status, headers=headers)


# --------------------------------------------------------------------------- the guard (ASGI)


class Guard:
    """Before any route: the token, the same-origin rule for posts, the body size limit (413).

    The body is read here (at most ``max_bytes``) and replayed to the app, so no route ever sees
    more, and multipart uploads are parsed from memory. Adds the security headers to every answer.
    """

    def __init__(self, app: ASGIApp, *, token: str | None, max_bytes: int) -> None:
        self.app = app
        self.token = token
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_SECURITY_HEADERS]
            await send(message)

        headers = Headers(scope=scope)
        problem = self._refusal(scope, headers)
        if problem is None and scope["method"] in _BODY_METHODS:
            body, problem = await self._read_body(headers, receive)
            if problem is None:
                receive = _replay(body, receive)
        if problem is not None:
            await _problem_response(problem)(scope, receive, secured)
            return
        await self.app(scope, receive, secured)

    def _refusal(self, scope: Scope, headers: Headers) -> HTTPProblem | None:
        if self.token and scope["path"] not in _OPEN_PATHS and not _authorised(headers, self.token):
            return HTTPProblem(
                401,
                "missing or wrong token: send 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": 'Bearer realm="briefing", Basic realm="briefing"'},
            )
        origin = headers.get("origin")
        cross_site = origin and origin != "null" and urlsplit(origin).netloc != headers.get("host", "")
        if scope["method"] in _BODY_METHODS and cross_site:
            return HTTPProblem(403, f"cross-site request from {origin} refused")
        return None

    async def _read_body(self, headers: Headers, receive: Receive) -> tuple[bytes, HTTPProblem | None]:
        too_large = HTTPProblem(
            413, f"the request is larger than the limit of {self.max_bytes:,} bytes (--max-bytes)"
        )
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            return b"", too_large
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return b"", too_large
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks), None


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> MutableMapping[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _authorised(headers: Headers, token: str) -> bool:
    """A bearer token, or HTTP Basic with the token as password (browsers), equal to ``token``."""
    scheme, _, value = headers.get("authorization", "").partition(" ")
    given = value.strip()
    if scheme.lower() == "basic":
        try:
            given = base64.b64decode(given, validate=True).decode("utf-8").partition(":")[2]
        except (binascii.Error, UnicodeDecodeError):
            return False
    elif scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


# --------------------------------------------------------------------------- request bodies


class ArticleRequest(BaseModel):
    """An article for ``/api/analyze`` and ``/api/make`` (JSON, or the fields of a multipart form
    whose ``file`` field is the article file)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The article: plain text, Markdown with front matter or HTML.")
    url: str | None = Field(
        None, description="An http(s) address to fetch instead (server started with --allow-urls)."
    )
    title: str | None = Field(None, description="Title of the briefing (overrides the article).")
    date: dt.date | None = Field(None, description="Publication date YYYY-MM-DD (overrides the article).")
    source: str | None = Field(None, description="Source line, e.g. the agency (overrides the article).")
    profile: Literal["print", "email", "archive"] = Field("print", description="Output profile of the PDF.")
    paper: Literal["A4", "A5", "letter"] = Field("A4", description="Paper size.")


class _MemoryMultiPartParser(MultiPartParser):
    """Starlette's parser with uploads kept in memory: the Guard has bounded the body already, so
    nothing of an article or document is ever spooled to disk."""

    spool_max_size = 1 << 62


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def _form(request: Request) -> FormData:
    kind = _media_type(request)
    cfg = SETTINGS()
    try:
        if kind == "multipart/form-data":
            parser = _MemoryMultiPartParser(
                request.headers,
                request.stream(),
                max_files=cfg.max_files,
                max_fields=cfg.max_fields,
                max_part_size=request.app.state.options.max_bytes,
            )
            return await parser.parse()
        return await FormParser(request.headers, request.stream()).parse()
    except MultiPartException as exc:
        raise HTTPProblem(422, f"invalid form data: {exc.message}") from None


def _json(body: bytes, name: str) -> Any:
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InputFormatError(
            f"{name}: invalid JSON: {exc.msg} (line {exc.lineno})", line=exc.lineno
        ) from None


def _strings(form: FormData, skip: frozenset[str]) -> dict[str, str]:
    """The non-empty text fields of a form (HTML forms send empty inputs as empty strings)."""
    return {k: v for k, v in form.multi_items() if isinstance(v, str) and v != "" and k not in skip}


def _model_problem(exc: ModelError) -> HTTPProblem:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or None
    message = first["msg"] if first["type"] != "extra_forbidden" else "unknown field"
    return HTTPProblem(422, f"{where}: {message}" if where else message, field=where)


async def _article(request: Request, *, file_field: str = "file") -> tuple[jobs.ArticleInput, ArticleRequest]:
    """The article of a JSON or form request, checked; 415 for any other body."""
    kind = _media_type(request)
    upload: UploadFile | None = None
    if kind == "application/json":
        payload = _json(await request.body(), "request")
        if not isinstance(payload, dict):
            raise HTTPProblem(422, "the request must be a JSON object {text, title?, date?, …}")
        fields: dict[str, Any] = payload
    elif kind in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        form = await _form(request)
        found = form.get(file_field)
        upload = found if isinstance(found, UploadFile) and found.filename else None
        fields = _strings(form, frozenset({file_field}))
    else:
        raise HTTPProblem(
            415, f"send the article as application/json or multipart/form-data, not {kind or 'nothing'}"
        )
    try:
        model = ArticleRequest.model_validate(fields)
    except ModelError as exc:
        raise _model_problem(exc) from None
    given = [name for name, value in (("text", model.text), ("file", upload), ("url", model.url)) if value]
    if len(given) != 1:
        raise HTTPProblem(422, "give the article once: as text, as a file upload or as a url", field="text")
    if model.url and not request.app.state.options.allow_urls:
        raise HTTPProblem(403, "URL input is off: the server was started without --allow-urls", field="url")
    if model.url and not model.url.lower().startswith(("http://", "https://")):
        raise HTTPProblem(422, "url: only http:// and https:// addresses are fetched", field="url")
    if upload is not None:
        data, name = await upload.read(), Path(upload.filename or "artikel.txt").name
        await upload.close()
    else:
        data, name = (model.text or "").encode("utf-8"), "artikel.txt"
    article = jobs.ArticleInput(
        data=data, name=name, url=model.url, title=model.title, date=model.date, source=model.source
    )
    return article, model


def _document_inputs(body: bytes, kind: str) -> list[jobs.DocumentInput]:
    """The documents of a JSON or YAML ``/api/render`` body."""
    if kind == "application/json":
        data = _json(body, "document.json")
        if isinstance(data, dict) and isinstance(data.get("documents"), list):
            return [jobs.DocumentInput(f"documents[{i}]", data=d) for i, d in enumerate(data["documents"])]
        return [jobs.DocumentInput("document.json", text=body.decode("utf-8"), fmt="json")]
    try:
        return [jobs.DocumentInput("document.yaml", text=body.decode("utf-8"), fmt="yaml")]
    except UnicodeDecodeError:
        raise InputError("document.yaml: not UTF-8 text") from None


def _attachment(rendered: jobs.Rendered, *, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    headers = {
        "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(rendered.name)}",
        "Cache-Control": "no-store",
    }
    if rendered.pages is not None:
        headers["X-Briefing-Pages"] = str(rendered.pages)
    if rendered.edited:
        headers["X-Briefing-Edited"] = ",".join(rendered.edited)
    return Response(rendered.data, media_type=rendered.media_type, headers=headers)


# --------------------------------------------------------------------------- the web page


@functools.cache
def _pages() -> jinja2.Environment:
    """The page templates (``templates/web/``): autoescaped, strict; they format, they do not decide."""
    folder = Path(str(package_dir("templates"))) / "web"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    options: ServeOptions = request.app.state.options
    html = (
        _pages()
        .get_template(template)
        .render(
            version=__version__,
            allow_urls=options.allow_urls,
            preview_delay_ms=SETTINGS().preview_delay_ms,
            **context,
        )
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


# the download buttons of the edit page
_RENDER_TARGETS = {
    "pdf-print": jobs.Output(fmt="pdf", profile="print"),
    "pdf-email": jobs.Output(fmt="pdf", profile="email"),
    "pdf-archive": jobs.Output(fmt="pdf", profile="archive"),
    "html": jobs.Output(fmt="html"),
}
_DOCUMENT_TARGETS: dict[str, Literal["yaml", "json"]] = {"yaml": "yaml", "json": "json"}


async def _edited(request: Request) -> tuple[dict[str, Any], dict[str, str], jobs.DocumentInput]:
    form = await _form(request)
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    original = webform.original(fields)
    data = webform.apply(original, fields)
    return original, fields, jobs.DocumentInput("Formular", data=data)


# --------------------------------------------------------------------------- the app


def create_app(options: ServeOptions, on_ready: Callable[[], None] | None = None) -> FastAPI:
    """The ASGI app; ``on_ready`` is called once the workers are warm."""
    opts = options.resolved()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = jobs.Pool(opts.workers or 1, opts.queue_size or 0, log_level=opts.log_level)
        app.state.pool = pool
        try:
            await pool.warm_up()
            if on_ready is not None:
                on_ready()
            yield
        finally:
            pool.close()

    app = FastAPI(
        title="briefing",
        version=__version__,
        description="Turns a German news article into a print-ready PDF briefing: analyse, edit, render.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's docs page loads scripts from a CDN; /docs is our own page
        redoc_url=None,
    )
    app.state.options = opts
    app.add_middleware(Guard, token=opts.token, max_bytes=opts.max_bytes or SETTINGS().max_bytes)

    async def on_error(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, (BriefingError, HTTPProblem, jobs.Busy)):
            log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return _problem_response(exc)

    async def on_http(_request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        return JSONResponse({"error": str(getattr(exc, "detail", "error"))}, status_code=status)

    async def on_invalid(_request: Request, exc: Exception) -> Response:
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"][1:]) or None
        body = {"error": f"{where}: {first['msg']}" if where else str(first["msg"])}
        if where:
            body["field"] = where
        return JSONResponse(body, status_code=422)

    for error_class in (BriefingError, HTTPProblem, jobs.Busy, Exception):
        app.add_exception_handler(error_class, on_error)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_invalid)
    _api_routes(app)
    _page_routes(app)
    return app


def _pool(request: Request) -> jobs.Pool:
    pool: jobs.Pool = request.app.state.pool
    return pool


_ARTICLE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticleRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "a .txt, .md, .html or .json article",
                        },
                        **ArticleRequest.model_json_schema()["properties"],
                    },
                }
            },
        },
    }
}
_PROBLEM = {"description": "the request could not be served: {error, field?, line?, exit_code?}"}
_PROBLEMS: dict[int | str, dict[str, Any]] = dict.fromkeys((401, 403, 413, 415, 422, 502, 503), _PROBLEM)


def _api_routes(app: FastAPI) -> None:
    @app.get("/healthz", tags=["server"])
    async def healthz(request: Request) -> dict[str, Any]:
        """Whether the server is up and its workers are warm."""
        pool = _pool(request)
        return {
            "status": "ok" if pool.ready else "starting",
            "version": __version__,
            "workers": pool.workers,
            "jobs": pool.active,
            "capacity": pool.capacity,
        }

    @app.get("/api/schema", tags=["api"])
    async def schema() -> dict[str, Any]:
        """The JSON Schema of the editable analysis document (``briefing schema``)."""
        from briefing import document  # noqa: PLC0415

        return document.schema()

    @app.post(
        "/api/analyze",
        tags=["api"],
        openapi_extra=_ARTICLE_BODY,
        responses={
            200: {"description": "the editable document", "content": {"application/yaml": {}}},
            **_PROBLEMS,
        },
    )
    async def analyze(
        request: Request,
        fmt: Annotated[Literal["json", "yaml"], Query(alias="format", description="json or yaml")] = "json",
    ) -> Response:
        """Article → editable analysis document (``briefing analyze``)."""
        article, _ = await _article(request)
        rendered = await _pool(request).run(jobs.analyze, article, fmt, **_bounds(request))
        return Response(rendered.data, media_type=rendered.media_type, headers={"Cache-Control": "no-store"})

    @app.post(
        "/api/make",
        tags=["api"],
        openapi_extra=_ARTICLE_BODY,
        responses={200: {"description": "the briefing", "content": {"application/pdf": {}}}, **_PROBLEMS},
        response_class=Response,
    )
    async def make(request: Request) -> Response:
        """Article → PDF briefing (``briefing make``); ``profile`` and ``paper`` as fields."""
        article, model = await _article(request)
        output = jobs.Output(fmt="pdf", profile=model.profile, paper=model.paper)
        queue = request.app.state.options.queue
        if queue is not None and article.url is None:  # the pool's worker waits for the queue's
            rendered = await _pool(request).run(
                jobs.make_on_queue, queue, article, output, **_bounds(request)
            )
        else:
            rendered = await _pool(request).run(jobs.make, article, output, **_bounds(request))
        return _attachment(rendered)

    @app.post(
        "/api/render",
        tags=["api"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "description": "a document (/api/schema) or {documents: [doc, …]}: a handout"
                        }
                    },
                    "application/yaml": {"schema": {"type": "string"}},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "file": {
                                    "type": "array",
                                    "items": {"type": "string", "format": "binary"},
                                    "description": "one document (.yaml/.json), or several for a handout",
                                }
                            },
                        }
                    },
                },
            }
        },
        responses={
            200: {"description": "the briefing", "content": {"application/pdf": {}, "text/html": {}}},
            **_PROBLEMS,
        },
        response_class=Response,
    )
    async def render(
        request: Request,
        *,
        fmt: Annotated[Literal["pdf", "html"], Query(alias="format")] = "pdf",
        profile: Annotated[Literal["print", "email", "archive"], Query()] = "print",
        paper: Annotated[Literal["A4", "A5", "letter"], Query()] = "A4",
        title: Annotated[str | None, Query(description="a handout's title")] = None,
        duplex: Annotated[bool, Query(description="handouts: every briefing on a right-hand page")] = False,
    ) -> Response:
        """Edited document(s) → PDF or HTML (``briefing render``); several documents make a handout."""
        kind = _media_type(request)
        if kind == "multipart/form-data":
            form = await _form(request)
            docs = []
            for upload in form.getlist("file"):
                if not isinstance(upload, UploadFile):
                    continue
                name = Path(upload.filename or "document.yaml").name
                doc_fmt: Literal["json", "yaml"] = "json" if name.lower().endswith(".json") else "yaml"
                if not name.lower().endswith((".json", ".yaml", ".yml")):
                    raise HTTPProblem(
                        415, f"{name}: render reads .yaml, .yml or .json documents", field="file"
                    )
                try:
                    text = (await upload.read()).decode("utf-8")
                except UnicodeDecodeError:
                    raise InputError(f"{name}: not UTF-8 text") from None
                docs.append(jobs.DocumentInput(name, text=text, fmt=doc_fmt))
            if not docs:
                raise HTTPProblem(422, "no document: send it as the form field 'file'", field="file")
        elif kind in {"application/json", "application/yaml", "application/x-yaml", "text/yaml"}:
            docs = _document_inputs(await request.body(), kind)
        else:
            raise HTTPProblem(
                415, f"send the document as JSON, YAML or multipart/form-data, not {kind or 'nothing'}"
            )
        output = jobs.Output(fmt=fmt, profile=profile, paper=paper, title=title, duplex=duplex)
        rendered = await _pool(request).run(jobs.render, docs, output)
        return _attachment(rendered, inline=fmt == "html")


def _page_routes(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index(request: Request) -> HTMLResponse:
        return _page(request, "index.html.j2", error=None, values={})

    @app.post("/edit", response_class=HTMLResponse, include_in_schema=False)
    async def edit(request: Request) -> HTMLResponse:
        try:
            article, _ = await _article(request)
            rendered = await _pool(request).run(jobs.analyze, article, "json", **_bounds(request))
        except (BriefingError, HTTPProblem) as exc:
            status, body = error_body(exc)
            return _page(request, "index.html.j2", status, error=body["error"], values={})
        document = json.loads(rendered.data)
        return _page(request, "edit.html.j2", form=webform.fields(document), name=rendered.name)

    @app.post("/preview", include_in_schema=False)
    async def preview(request: Request) -> Response:
        _, _, doc = await _edited(request)
        rendered = await _pool(request).run(jobs.render, [doc], jobs.Output(fmt="html"))
        return Response(rendered.data, media_type=rendered.media_type, headers={"Cache-Control": "no-store"})

    @app.post("/download", include_in_schema=False)
    async def download(request: Request) -> Response:
        original, fields, doc = await _edited(request)
        target = fields.get("target", "")
        if target not in _RENDER_TARGETS and target not in _DOCUMENT_TARGETS:
            raise HTTPProblem(422, "unknown download", field="target")
        try:
            if target in _DOCUMENT_TARGETS:
                rendered = await _pool(request).run(jobs.document_text, doc, _DOCUMENT_TARGETS[target])
            else:
                rendered = await _pool(request).run(jobs.render, [doc], _RENDER_TARGETS[target])
        except ValidationError as exc:  # shown next to its field on the edit page
            edited = webform.apply(original, fields)
            return _page(request, "edit.html.j2", 422, form=webform.fields(edited, exc), name="")
        return _attachment(rendered)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        return _page(request, "docs.html.j2", openapi=app.openapi())

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        media = _STATIC.get(name)
        if media is None:
            raise StarletteHTTPException(404, "not found")
        folder = Path(str(package_dir("templates"))) / "web"
        return Response(
            (folder / name).read_bytes(), media_type=media, headers={"Cache-Control": "max-age=300"}
        )


def _bounds(request: Request) -> dict[str, Any]:
    """The per-request bounds the analysing jobs take: body size and analysis deadline."""
    return {"max_bytes": max_bytes(request), "deadline": request.app.state.options.deadline}


def max_bytes(request: Request) -> int:
    limit: int = request.app.state.options.max_bytes
    return limit


def run(options: ServeOptions, *, on_ready: Callable[[], None] | None = None) -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM): uvicorn, one process, the worker pool beside it.

    Raises ``ValueError`` when the address needs a token and none is set."""
    import uvicorn  # noqa: PLC0415

    opts = options.resolved()
    check_binding(opts)
    app = create_app(opts, on_ready)
    uvicorn.run(
        app,
        host=opts.host or "127.0.0.1",
        port=opts.port or 8000,
        log_config=None,
        log_level=opts.log_level,
        access_log=opts.log_level <= logging.INFO,
        server_header=False,
        date_header=True,
    )
