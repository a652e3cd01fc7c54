"""Rendering: the only module that imports WeasyPrint.

``html()`` fills the Jinja2 template (autoescaped, strict) from the presentation model;
``pdf()`` lays it out with WeasyPrint using only the packaged fonts and templates: the URL
fetcher serves files from those folders and refuses everything else (no network, no other files).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import logging
import os
import re
import stat
import sys
import tempfile
import warnings
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.sandbox
import markupsafe

from briefing import formatting, view
from briefing.errors import OutputError, RenderError
from briefing.resources import load_data, package_dir

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from briefing.document import Marks
    from briefing.model import Briefing
    from briefing.profiles import EmbeddedFile

log = logging.getLogger(__name__)
TEMPLATE = "briefing.html.j2"


def _folder(name: str) -> Path:
    return Path(str(package_dir(name))).resolve()


def _template_folders(user: str | None) -> list[Path]:
    """Where templates and stylesheets are looked up: the user's folder first, then the package's."""
    package = _folder("templates")
    if user is None:
        return [package]
    folder = Path(user).resolve()
    if not folder.is_dir():
        raise RenderError(f"{user}: template folder not found")
    return [folder, package]


def _stylesheet(name: str, user: str | None) -> str:
    for folder in _template_folders(user):
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    raise RenderError(f"stylesheet {name} not found")


@functools.cache
def _environment(user: str | None = None) -> jinja2.Environment:
    """The Jinja2 environment, once per process and template folder; compiled templates are cached
    on disk too. Sandboxed: a newsroom's own templates (``--templates``) cannot reach Python
    internals, and all article text is autoescaped."""
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f)) for f in _template_folders(user)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["long_date"] = formatting.long_date
    env.filters["number"] = formatting.number
    # css_string escapes every character that could end the string, so the result is safe
    env.filters["css_string"] = lambda value: markupsafe.Markup(formatting.css_string(str(value)))  # noqa: S704
    return env


def html(
    briefing: Briefing,
    options: view.RenderOptions | None = None,
    *,
    generated: dt.datetime | None = None,
    marks: Marks | None = None,
) -> str:
    """The briefing as a standalone HTML document (inline CSS, fonts from the package).

    ``marks`` flags edited items of a briefing rendered from an edited analysis document.
    """
    opts = options or view.RenderOptions()
    if opts.paper.upper() not in view.PAPER_SIZES:
        raise RenderError(f"unknown paper size {opts.paper!r} (use A4, A5 or letter)")
    now = generated or dt.datetime.now().astimezone()
    return fill(TEMPLATE, view.build(briefing, opts, now, marks), user=opts.templates)


def fill(
    template: str,
    context: dict[str, Any],
    stylesheets: tuple[str, ...] = ("briefing.css",),
    *,
    user: str | None = None,
) -> str:
    """A template (``briefing.html.j2``, ``handout.html.j2``) with the stylesheets and the font
    faces added to ``context`` as ``css`` and ``fonts``; ``user`` is the ``--templates`` folder."""
    full = {**context, "css": "\n".join(_stylesheet(name, user) for name in stylesheets), "fonts": _fonts()}
    try:
        return _environment(user).get_template(template).render(**full)
    except (jinja2.TemplateError, KeyError) as exc:
        raise RenderError(f"template error: {' '.join(str(exc).split())}") from exc


@functools.cache
def _fonts() -> tuple[dict[str, Any], ...]:
    """The packaged font faces with their file URLs (``data/render.yaml``)."""
    folder = _folder("fonts")
    return tuple(
        {**face, "url": (folder / face["file"]).as_uri()} for face in load_data("render.yaml")["fonts"]
    )


@functools.cache
def cache_dir() -> Path | None:
    """The user cache folder ``$XDG_CACHE_HOME/briefing`` (``~/.cache/briefing``), created when
    missing; None when it cannot be used.

    Caches are an optimisation only: without a home folder, with the folder read-only or a file
    in its way, there is no cache and nothing else changes. Said once, with ``-v``.
    """
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "briefing"
        folder.mkdir(parents=True, exist_ok=True)
        if not _writable(folder):
            raise PermissionError(errno.EACCES, "not writable", str(folder))
    except (OSError, RuntimeError) as exc:  # RuntimeError: Path.home() without HOME or user entry
        reason = f"{exc.filename}: {exc.strerror}" if isinstance(exc, OSError) and exc.strerror else str(exc)
        log.info("no cache folder (%s); running without caches", reason)
        return None
    return folder


def _writable(folder: Path) -> bool:
    """Whether this process may create files in ``folder`` (permission bits, read-only mounts)."""
    return os.access(folder, os.W_OK | os.X_OK)


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's file cache of compiled templates, for which a folder that cannot be read or
    written (made read-only or removed while running) or a damaged file only means a miss."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            log.debug("cannot write the template cache: %s", exc)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates in the user cache (keyed by template source checksum), if usable."""
    cache = cache_dir()
    if cache is None:
        return None
    folder = cache / "jinja"
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


@functools.cache
def preload_hyphenation(lang: str = "de_DE") -> bool:
    """Load Pyphen's patterns for ``lang`` from a marshal cache in the user cache folder.

    Parsing the German patterns costs about 0.5 s on first use; the cached dict loads in a few
    milliseconds. The cache file name carries the dictionary's size, mtime and Pyphen's version,
    so it is rebuilt when any of them changes. Returns whether the patterns are in memory.
    """
    import marshal  # noqa: PLC0415

    import pyphen  # noqa: PLC0415

    fallback = pyphen.language_fallback(lang)
    if fallback is None:
        return False
    path = Path(pyphen.LANGUAGES[fallback])
    if path in pyphen.hdcache:
        return True
    info = path.stat()
    version = f"{info.st_size}-{info.st_mtime_ns}-pyphen{pyphen.__version__}"
    folder = cache_dir()
    cache = folder / f"hyph-{path.stem}-{version}.marshal" if folder is not None else None
    try:
        if cache is None:
            raise FileNotFoundError(errno.ENOENT, "no cache folder")
        # marshal (unlike pickle) cannot run code; the file lives in the user's own cache folder
        patterns, maxlen = marshal.loads(cache.read_bytes())  # noqa: S302
        hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hyph.patterns, hyph.cache, hyph.maxlen = patterns, {}, maxlen
    except (OSError, ValueError, EOFError, TypeError):
        hyph = pyphen.HyphDict(path)
        if cache is not None and all(type(v) is int for _, values in hyph.patterns.values() for v in values):
            try:
                save(marshal.dumps((hyph.patterns, hyph.maxlen)), cache)
            except OutputError:
                log.debug("cannot write the hyphenation cache %s", cache)
    pyphen.hdcache[path] = hyph
    return True


_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def _only_packaged_fonts() -> None:
    """Point fontconfig at the packaged fonts only, before WeasyPrint loads it.

    Without this, glyphs missing from our fonts (Arabic, emoji) silently come from system fonts
    such as DejaVu; with it, the PDF embeds fonts from ``fonts/`` only. A caller that set
    ``FONTCONFIG_FILE`` itself keeps its choice. Without a usable cache folder the configuration
    goes to a private folder of this user in the temporary folder.
    """
    if "FONTCONFIG_FILE" in os.environ:
        return
    cache = cache_dir() or _private_temp_folder()
    if cache is None:
        log.debug("no folder for fonts.conf; system fonts stay visible to fontconfig")
        return
    conf = cache / "fonts.conf"
    text = _FONTS_CONF.format(fonts=escape(str(_folder("fonts"))), cache=escape(str(cache / "fontconfig")))
    try:
        if not conf.is_file() or conf.read_text(encoding="utf-8") != text:
            save(text, conf)
    except (OSError, OutputError):
        log.debug("cannot write %s; system fonts stay visible to fontconfig", conf)
        return
    os.environ["FONTCONFIG_FILE"] = str(conf)


def _private_temp_folder() -> Path | None:
    """``$TMPDIR/briefing-UID``: created mode 0700, used only when it is ours and nobody else's
    to write (not a link, owned by this user, no group or other write permission)."""
    if not hasattr(os, "getuid"):  # not POSIX: no such folder
        return None
    uid = os.getuid()
    folder = Path(tempfile.gettempdir()) / f"briefing-{uid}"
    with contextlib.suppress(OSError):  # FileExistsError: made by an earlier run
        folder.mkdir(mode=0o700)
    try:
        info = folder.lstat()
    except OSError:
        return None
    mine = stat.S_ISDIR(info.st_mode) and info.st_uid == uid
    return folder if mine and not info.st_mode & 0o022 and _writable(folder) else None


@functools.cache
def _weasy() -> tuple[Any, Any, Any]:
    """WeasyPrint's HTML class, a shared FontConfiguration and the restricted fetcher (once)."""
    _only_packaged_fonts()
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as exc:  # missing Pango/HarfBuzz libraries
        raise RenderError(f"WeasyPrint cannot start ({exc}); run `make system-deps`") from exc

    preload_hyphenation("de_DE")
    allowed = (_folder("templates"), _folder("fonts"))

    class PackageFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
        """Serves files from the template and font folders (and, while a document made with
        ``--templates`` is laid out, that folder); refuses everything else."""

        extra_roots: tuple[Path, ...] = ()

        def fetch(self, url: str, headers: Any = None) -> Any:  # noqa: ARG002 - WeasyPrint's signature
            if url.startswith("file:"):
                from urllib.request import url2pathname  # noqa: PLC0415

                path = Path(url2pathname(url.removeprefix("file://").split("?")[0])).resolve()
                roots = (*allowed, *self.extra_roots)
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return weasyprint.urls.URLFetcherResponse(url, path.read_bytes())
            raise ValueError(f"briefing does not fetch {url[:80]!r}")

    if (message := subsetting_problem()) is not None:
        log.warning("%s", message)
    return weasyprint.HTML, FontConfiguration(), PackageFetcher()


def subsetting_problem() -> str | None:
    """Why WeasyPrint cannot subset fonts with HarfBuzz (then fontTools does it, about twice as slowly)."""
    from weasyprint.text import ffi

    if ffi.harfbuzz_subset is not None and ffi.harfbuzz.hb_version_atleast(4, 1, 0):
        return None
    return (
        "HarfBuzz font subsetting is not available (libharfbuzz-subset 4.1 or newer), so rendering "
        "takes about twice as long; fix: apt-get install libharfbuzz-subset0 (or run make system-deps)"
    )


def start() -> None:
    """Import WeasyPrint, register the fonts and load the hyphenation patterns (once)."""
    _weasy()


def pdf(
    document_html: str,
    *,
    variant: str | None = None,
    attachments: Sequence[EmbeddedFile] = (),
    templates: str | None = None,
) -> tuple[bytes, int]:
    """Lay out the HTML; return the PDF bytes and the number of pages.

    ``variant`` is WeasyPrint's ``pdf_variant`` (``"pdf/ua-1"``, ``"pdf/a-3b"``; see ``profiles``);
    ``attachments`` are embedded as (PDF/A-3: associated) files; ``templates`` is the user's
    template folder, whose files (a logo) may be loaded and against which relative URLs resolve.
    """
    html_class, font_config, fetcher = _weasy()
    folders = _template_folders(templates)
    fetcher.extra_roots = tuple(folders[:-1])
    try:
        doc = html_class(string=document_html, base_url=folders[0].as_uri() + "/", url_fetcher=fetcher)
        laid_out = doc.render(font_config=font_config, pdf_tags=True)
        files = [_attachment(item) for item in attachments]
        with warnings.catch_warnings():
            # WeasyPrint 70 opens its sRGB profile for PDF/A output intents and never closes it
            warnings.filterwarnings("ignore", r"unclosed file .*sRGB2014\.icc", ResourceWarning)
            data: bytes = laid_out.write_pdf(pdf_tags=True, pdf_variant=variant, attachments=files or None)
    except (ValueError, OSError, RuntimeError, AssertionError) as exc:
        raise RenderError(f"PDF rendering failed: {exc}") from exc
    finally:
        fetcher.extra_roots = ()
    return data, len(laid_out.pages)


def _attachment(item: EmbeddedFile) -> Any:
    import weasyprint  # loaded by _weasy() already

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # WeasyPrint writes it as UTC ("Z")
    return weasyprint.Attachment(
        string=item.data,
        name=item.name,
        description=item.description,
        relationship=item.relationship,
        created=now,
        modified=now,
    )


def save(data: bytes | str, target: Path, *, sources: Iterable[str | Path] = ()) -> None:
    """Write ``data`` to ``target`` atomically: a temporary file in the same folder, then rename.

    ``target`` must be a regular file or a new name: a symbolic link, device, FIFO, socket or
    folder there is refused (:class:`OutputError`), never replaced or written through. On any
    error the previous file at ``target`` is untouched and no temporary file is left; one left by
    a process killed at the rename (``.NAME.briefing-PID-XXXX.tmp`` whose PID is gone) is removed
    by the next save into that folder. Refuses to overwrite any of the input ``sources`` (``-``,
    standard input, is skipped).
    """
    folder = target.parent  # at least Path('.')
    _check_target(target)
    if target.exists():
        for source in sources:
            path = Path(source)
            if str(source) != "-" and path.exists() and target.samefile(path):
                raise OutputError(f"{target}: refusing to overwrite the input article")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    _remove_stale_temp_files(folder)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name[:150]}.briefing-{os.getpid()}-", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.chmod(0o644)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_NODE_KINDS = (
    (stat.S_ISLNK, "a symbolic link (give the file it points to, or another name)"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def _check_target(target: Path) -> None:
    """Refuse anything at ``target`` but a regular file (the rename would replace the node)."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:  # a path through a file ("a.txt/out.pdf"), too long, no permission
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    for test, kind in _NODE_KINDS:
        if test(mode):
            hint = "; use -o - for standard output" if test is stat.S_ISCHR else ""
            raise OutputError(f"{target}: is {kind}, not a regular file{hint}")
    if not stat.S_ISREG(mode):
        raise OutputError(f"{target}: not a regular file")


_TEMP_FILE = re.compile(r"\..+\.briefing-(\d+)-[0-9a-z_]+\.tmp")
_SWEPT: set[Path] = set()  # folders already cleaned by this process


def _remove_stale_temp_files(folder: Path) -> None:
    """Remove temporary files of :func:`save` whose process is gone (killed at the rename), once
    per folder and process. A file whose PID is alive, or that cannot be removed, stays."""
    try:
        key = folder.resolve()
    except OSError:
        return
    if key in _SWEPT:
        return
    _SWEPT.add(key)
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        match = _TEMP_FILE.fullmatch(name)
        if match is None or _running(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            (folder / name).unlink()
            log.debug("removed %s, left by a process that ended while writing", folder / name)


def _running(pid: int) -> bool:
    """Whether a process with this PID exists (ours, or another user's, counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


class Renderer:
    """Makes PDFs; ``background()`` gives one that warms WeasyPrint up in a forked process.

    Importing WeasyPrint, registering fonts and loading hyphenation take about half a second,
    as long as analysing an article. A background renderer forks right away, loads WeasyPrint in
    the child while the parent analyses, and then lays out the HTML it is sent. Where ``fork``
    is not available it renders in-process. Always ``close()`` it (or use ``with``).
    """

    def __init__(self, conn: Any = None, proc: Any = None) -> None:
        self._conn = conn  # a multiprocessing Connection to the forked child, or None
        self._proc = proc
        self._sent = False

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(at_once=exc_type is not None)

    def pdf(
        self,
        document_html: str,
        *,
        variant: str | None = None,
        attachments: Sequence[EmbeddedFile] = (),
        templates: str | None = None,
    ) -> tuple[bytes, int]:
        if self._conn is None:
            return pdf(document_html, variant=variant, attachments=attachments, templates=templates)
        try:
            self._sent = True
            self._conn.send((document_html, variant, tuple(attachments), templates))
            ok, payload = self._conn.recv()
        except (EOFError, OSError) as exc:
            self.close()
            raise RenderError("the PDF renderer process ended unexpectedly") from exc
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): stop the child at once
            self.close(at_once=True)
            raise
        self.close()
        if not ok:
            raise payload
        data, pages = payload
        return data, pages

    def close(self, *, at_once: bool = False) -> None:
        """End the child: at once when it got no document or the caller failed or was interrupted,
        else once it is done (a child that outstays ``stop_grace_seconds`` is killed)."""
        from briefing.processes import SETTINGS  # noqa: PLC0415

        conn, proc, self._conn, self._proc = self._conn, self._proc, None, None
        if conn is not None:
            conn.close()
        if proc is not None:
            if at_once or not self._sent:
                proc.terminate()
            proc.join(timeout=SETTINGS().stop_grace_seconds)
            if proc.is_alive():
                proc.kill()
                proc.join()


def background() -> Renderer:
    """A renderer whose WeasyPrint start-up runs in a forked child, in parallel with the caller."""
    import multiprocessing  # noqa: PLC0415

    if (
        "weasyprint" in sys.modules  # already started in this process: nothing to win
        or "fork" not in multiprocessing.get_all_start_methods()
        or multiprocessing.parent_process() is not None  # a worker already
    ):
        return Renderer()
    from briefing import processes  # noqa: PLC0415

    cache_dir()  # looked up (and any problem with it reported) once, for the child too
    ctx = multiprocessing.get_context("fork")
    parent_conn, child_conn = ctx.Pipe()
    proc = ctx.Process(target=_serve, args=(child_conn, parent_conn), daemon=True, name="briefing-render")
    with processes.signals_blocked():  # the child sets its own signal handling first
        proc.start()
    child_conn.close()
    return Renderer(parent_conn, proc)


def _serve(conn: Any, parent_end: Any) -> None:
    """The forked child: start WeasyPrint, then lay out one document and send the result back.

    It ignores Ctrl-C and dies with the parent (``processes.become_child``); a parent that went
    away while the PDF was laid out is not an error worth a traceback.
    """
    from briefing import processes  # noqa: PLC0415

    processes.become_child()
    parent_end.close()  # the child's copy of the parent's end, or the pipe never reports EOF
    with contextlib.suppress(RenderError):  # reported when the document arrives: pdf() raises it again
        start()
    try:
        document_html, variant, attachments, templates = conn.recv()
    except (EOFError, OSError):
        return  # the parent gave up (bad input): nothing to render
    try:
        answer: tuple[bool, Any] = (
            True,
            pdf(document_html, variant=variant, attachments=attachments, templates=templates),
        )
    except RenderError as exc:
        answer = (False, exc)
    except Exception as exc:  # noqa: BLE001 - any failure must reach the parent as one error
        answer = (False, RenderError(f"PDF rendering failed: {type(exc).__name__}: {exc}"))
    try:
        conn.send(answer)
    except OSError:  # the parent is gone (BrokenPipeError): nobody to tell
        return
    finally:
        conn.close()
