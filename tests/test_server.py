"""`briefing serve`: the real server in a subprocess, called over HTTP with httpx (issue 23).

Every endpoint with good and bad input: oversize, binary, wrong media type, invalid documents,
URLs without --allow-urls, cross-site posts, a missing or wrong token when bound elsewhere, a
full queue. Error bodies are JSON ``{error, field?, line?}``, never a traceback.
"""

from __future__ import annotations

import base64
import concurrent.futures
import copy
import html as html_lib
import json
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import yaml

from briefing import document, errors, webform
from conftest import SAMPLE_MD
from serving import free_port, pdf_text, serve

if TYPE_CHECKING:
    from collections.abc import Iterator

    from serving import Server

pytestmark = pytest.mark.slow
MAX_BYTES = 300_000
TIMEOUT = 120


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve("--workers", "1", "--max-bytes", str(MAX_BYTES)) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=TIMEOUT) as http:
        yield http


@pytest.fixture(scope="module")
def article(reference_text: str) -> dict[str, Any]:
    return {"text": reference_text, "date": "2023-02-16", "title": "Lukaschenko im Interview"}


@pytest.fixture(scope="module")
def analysis(client: httpx.Client, article: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/analyze", json=article)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """An error answer: the status, a JSON body with ``error``, no traceback."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    body: dict[str, Any] = response.json()
    assert isinstance(body["error"], str)
    assert body["error"]
    return body


# --------------------------------------------------------------------------- endpoints


def test_server_healthz_reports_warm_workers(client: httpx.Client) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["workers"] == 1
    assert body["capacity"] == 1 + 32  # workers + queue_size of data/server.yaml


def test_server_schema_is_the_document_schema(client: httpx.Client) -> None:
    assert client.get("/api/schema").json() == document.schema()


def test_server_openapi_lists_every_endpoint(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/analyze", "/api/render", "/api/make", "/api/schema", "/healthz"} <= set(paths)
    assert "multipart/form-data" in paths["/api/make"]["post"]["requestBody"]["content"]
    page = client.get("/docs")
    assert page.status_code == 200
    assert "POST /api/make" in page.text
    assert "cdn" not in page.text.lower()


def test_server_analyze_gives_the_editable_document(analysis: dict[str, Any]) -> None:
    assert analysis["briefing"] == document.FORMAT_VERSION
    assert analysis["meta"]["title"] == "Lukaschenko im Interview"
    assert analysis["meta"]["published"] == "2023-02-16"
    assert any(q["include"] for q in analysis["quotes"])
    document.validate(analysis, "analysis")  # what the server gives, `briefing render` takes


def test_server_analyze_as_yaml(client: httpx.Client, article: dict[str, Any]) -> None:
    response = client.post("/api/analyze", params={"format": "yaml"}, json=article)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/yaml")
    assert yaml.safe_load(response.text)["meta"]["published"] == "2023-02-16"


def test_server_make_answers_a_pdf(client: httpx.Client, article: dict[str, Any]) -> None:
    response = client.post("/api/make", json={**article, "source": "Testagentur", "paper": "A5"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert "2023-02-16-lukaschenko-im-interview.pdf" in response.headers["content-disposition"]
    assert int(response.headers["x-briefing-pages"]) >= 2
    text = pdf_text(response.content)
    assert "das wichtigste in kürze" in text.lower()
    assert "Testagentur" in text


def test_server_make_takes_a_multipart_upload(client: httpx.Client) -> None:
    files = {"file": ("lukaschenko.md", SAMPLE_MD.read_bytes(), "text/markdown")}
    response = client.post("/api/make", files=files, data={"profile": "email"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert "_briefing_" in response.headers["content-disposition"]  # the email profile's name
    assert "Lukaschenko" in pdf_text(response.content)


def test_server_render_prints_the_edits(client: httpx.Client, analysis: dict[str, Any]) -> None:
    doc = copy.deepcopy(analysis)
    on = [q for q in doc["quotes"] if q["include"]]
    dropped, changed = on[0], on[1]
    dropped["include"] = False
    changed["speaker"] = "Maria Musterfrau"
    doc["summary"][0]["text"] = "Lukaschenko sprach in Minsk mit der BBC."
    response = client.post("/api/render", json=doc)
    assert response.status_code == 200, response.text
    assert response.headers["x-briefing-edited"] == doc["summary"][0]["id"]
    text = pdf_text(response.content)
    assert "Maria Musterfrau" in text
    assert "redaktionell bearbeitet" in text
    assert "Lukaschenko sprach in Minsk mit der BBC." in text


def test_server_render_html_and_yaml(client: httpx.Client, analysis: dict[str, Any]) -> None:
    as_yaml = document.dump(analysis, "yaml")
    response = client.post(
        "/api/render",
        params={"format": "html"},
        content=as_yaml,
        headers={"content-type": "application/yaml"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "Das Wichtigste in Kürze" in response.text


def test_server_render_several_documents_make_a_handout(
    client: httpx.Client, analysis: dict[str, Any]
) -> None:
    one = client.post("/api/render", json=analysis)
    two = client.post("/api/render", json={"documents": [analysis, analysis]}, params={"title": "Mappe"})
    assert two.status_code == 200, two.text
    assert int(two.headers["x-briefing-pages"]) > int(one.headers["x-briefing-pages"])
    assert "briefing-mappe" in pdf_text(two.content).lower()
    files = [("file", (f"a{i}.json", json.dumps(analysis), "application/json")) for i in range(2)]
    upload = client.post("/api/render", files=files)
    assert upload.status_code == 200, upload.text
    assert upload.headers["x-briefing-pages"] == two.headers["x-briefing-pages"]


# --------------------------------------------------------------------------- bad input


def test_server_refuses_oversize_bodies(client: httpx.Client) -> None:
    body = _problem(client.post("/api/make", json={"text": "Wort " * MAX_BYTES}), 413)
    assert "limit" in body["error"]
    files = {"file": ("gross.txt", b"Wort " * MAX_BYTES, "text/plain")}
    _problem(client.post("/api/analyze", files=files), 413)


@pytest.mark.parametrize(
    ("files", "status", "code"),
    [
        ({"file": ("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "text/plain")}, 422, 3),
        ({"file": ("artikel.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf")}, 415, 11),
        ({"file": ("leer.txt", b"   \n", "text/plain")}, 422, 3),
    ],
    ids=["binary", "pdf", "empty"],
)
def test_server_refuses_unreadable_articles(
    client: httpx.Client, files: dict[str, Any], status: int, code: int
) -> None:
    assert _problem(client.post("/api/make", files=files), status)["exit_code"] == code


def test_server_refuses_other_media_types(client: httpx.Client) -> None:
    response = client.post(
        "/api/make", content=b"\x00\x01binary", headers={"content-type": "application/octet-stream"}
    )
    _problem(response, 415)
    _problem(client.post("/api/render", content=b"x", headers={"content-type": "image/png"}), 415)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "Ein Satz.", "date": "2023-13-01"}, "date"),
        ({"text": "Ein Satz.", "paper": "A3"}, "paper"),
        ({"text": "Ein Satz.", "colour": "rot"}, "colour"),
        ({"title": "Nur ein Titel"}, "text"),
    ],
)
def test_server_names_the_bad_field(client: httpx.Client, payload: dict[str, Any], field: str) -> None:
    assert _problem(client.post("/api/make", json=payload), 422)["field"] == field


def test_server_invalid_json_names_the_line(client: httpx.Client) -> None:
    body = _problem(
        client.post(
            "/api/analyze", content=b'{\n"text": "x",\n}', headers={"content-type": "application/json"}
        ),
        422,
    )
    assert body["line"] == 3


def test_server_invalid_document_names_field_and_line(client: httpx.Client, analysis: dict[str, Any]) -> None:
    doc = copy.deepcopy(analysis)
    doc["quotes"][0]["speaker"] = 5
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    body = _problem(
        client.post("/api/render", content=text, headers={"content-type": "application/json"}), 422
    )
    assert body["field"] == "quotes[0].speaker"
    assert body["exit_code"] == errors.ValidationError.exit_code
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"speaker": 5' in row)
    assert body["line"] == line
    bad_yaml = "briefing: 1\nmeta: [\n  title: x\n"
    body = _problem(
        client.post("/api/render", content=bad_yaml, headers={"content-type": "application/yaml"}), 422
    )
    assert body["line"] is not None
    assert body["exit_code"] == errors.InputFormatError.exit_code


def test_server_fetches_no_url_without_allow_urls(client: httpx.Client) -> None:
    body = _problem(client.post("/api/make", json={"url": "http://127.0.0.1:9/artikel.html"}), 403)
    assert body["field"] == "url"


def test_server_refuses_cross_site_posts(client: httpx.Client, article: dict[str, Any]) -> None:
    _problem(client.post("/api/make", json=article, headers={"origin": "https://evil.example"}), 403)


def test_server_unknown_paths_are_json_404(client: httpx.Client) -> None:
    _problem(client.get("/nothing-here"), 404)
    _problem(client.get("/static/../server.yaml"), 404)


# --------------------------------------------------------------------------- the web page


def test_server_page_edit_preview_download(client: httpx.Client, reference_text: str) -> None:
    index = client.get("/")
    assert index.status_code == 200
    assert 'action="/edit"' in index.text
    assert "content-security-policy" in index.headers
    assert client.get("/static/page.js").status_code == 200
    edit = client.post("/edit", files={"text": (None, reference_text), "date": (None, "2023-02-16")})
    assert edit.status_code == 200, edit.text
    assert 'name="quotes[0].speaker"' in edit.text
    form = _form_fields(edit.text)
    assert form["meta.published"] == "2023-02-16"
    preview = client.post("/preview", files={k: (None, v) for k, v in form.items()})
    assert preview.status_code == 200
    assert "Das Wichtigste in Kürze" in preview.text
    bad = {**form, "meta.published": "16.02.2023", "target": "pdf-print"}
    page = client.post("/download", files={k: (None, v) for k, v in bad.items()})
    assert page.status_code == 422
    assert 'data-error-for="meta.published">' in page.text
    assert "must be a date" in page.text.split('data-error-for="meta.published">', 1)[1][:200]
    pdf = client.post("/download", files={k: (None, v) for k, v in {**form, "target": "pdf-print"}.items()})
    assert pdf.headers["content-type"] == "application/pdf"
    yaml_doc = client.post("/download", files={k: (None, v) for k, v in {**form, "target": "yaml"}.items()})
    assert yaml.safe_load(yaml_doc.text)["meta"]["published"] == "2023-02-16"


def test_server_page_reports_bad_articles(client: httpx.Client) -> None:
    page = client.post("/edit", files={"text": (None, "")})
    assert page.status_code == 422
    assert 'class="error"' in page.text


def _form_fields(html: str) -> dict[str, str]:
    """The fields an edit page posts: its hidden document plus the checked and filled inputs."""

    fields: dict[str, str] = {}
    for tag in re.findall(r"<input [^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if name is None:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                fields[html_lib.unescape(name.group(1))] = "on"
            continue
        fields[html_lib.unescape(name.group(1))] = html_lib.unescape(value.group(1)) if value else ""
    areas = re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.DOTALL)
    for name, value in areas:
        fields[html_lib.unescape(name)] = html_lib.unescape(value)
    return fields


# --------------------------------------------------------------------------- token and back-pressure


def test_server_elsewhere_refuses_to_start_without_token() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "serve", "--host", "127.0.0.2", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != "BRIEFING_TOKEN"},
        check=False,
    )
    assert result.returncode == 2
    assert "BRIEFING_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def guarded() -> Iterator[Server]:
    """Bound to 127.0.0.2 (not the default), so a token is required; one worker and no queue."""
    with serve(
        "--workers", "1", "--queue-size", "0", host="127.0.0.2", env={"BRIEFING_TOKEN": "s3cret-token"}
    ) as s:
        yield s


def test_server_elsewhere_requires_the_token(guarded: Server, reference_text: str) -> None:
    with httpx.Client(base_url=guarded.url, timeout=TIMEOUT) as http:
        assert http.get("/healthz").status_code == 200  # open for load balancers
        missing = http.post("/api/analyze", json={"text": reference_text})
        _problem(missing, 401)
        assert "Bearer" in missing.headers["www-authenticate"]
        _problem(http.get("/", headers={"authorization": "Bearer wrong"}), 401)
        _problem(http.get("/api/schema", headers={"authorization": "Bearer s3cret-tokenX"}), 401)
        assert http.get("/api/schema", headers={"authorization": "Bearer s3cret-token"}).status_code == 200
        basic = base64.b64encode(b"redaktion:s3cret-token").decode()
        assert http.get("/", headers={"authorization": f"Basic {basic}"}).status_code == 200


def test_server_full_queue_answers_503_with_retry_after(guarded: Server, reference_text: str) -> None:
    headers = {"authorization": "Bearer s3cret-token"}

    def post(_: int) -> httpx.Response:
        with httpx.Client(base_url=guarded.url, timeout=TIMEOUT, headers=headers) as http:
            return http.post("/api/make", json={"text": reference_text})

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(post, range(4)))
    statuses = sorted(r.status_code for r in responses)
    assert 200 in statuses
    assert 503 in statuses, statuses
    busy = next(r for r in responses if r.status_code == 503)
    assert int(busy.headers["retry-after"]) >= 1
    _problem(busy, 503)


# --------------------------------------------------------------------------- in-process


def test_server_maps_every_exit_code_to_an_http_status() -> None:
    from briefing import server

    found: set[int] = set()
    stack: list[type[BaseException]] = [errors.BriefingError]
    while stack:
        cls = stack.pop()
        found.add(int(getattr(cls, "exit_code", 1)))
        stack.extend(cls.__subclasses__())
    assert found <= set(server.HTTP_STATUS)
    assert all(400 <= status < 600 for status in server.HTTP_STATUS.values())


def test_webform_fields_are_named_by_document_paths(analysis: dict[str, Any]) -> None:
    form = webform.fields(analysis)
    names = {f.name for section in form.sections for item in section.items for f in item.fields}
    assert "quotes[0].speaker" in names
    assert "timeline[0].date" in names


def test_webform_apply_switches_off_and_flags_speaker_changes(analysis: dict[str, Any]) -> None:
    posted = {f"quotes[{i}].include": "on" for i, q in enumerate(analysis["quotes"]) if q["include"]}
    first = next(i for i, q in enumerate(analysis["quotes"]) if q["include"])
    del posted[f"quotes[{first}].include"]
    second = next(i for i, q in enumerate(analysis["quotes"]) if q["include"] and i != first)
    posted[f"quotes[{second}].speaker"] = "Maria Musterfrau"
    posted[f"quotes[{second}].text"] = analysis["quotes"][second]["text"] + "  "  # whitespace only
    edited = webform.apply(analysis, posted)
    assert edited["quotes"][first]["include"] is False
    assert edited["quotes"][second]["speaker"] == "Maria Musterfrau"
    assert edited["quotes"][second]["edited"] is True
    assert edited["quotes"][second]["text"] == analysis["quotes"][second]["text"]
    assert "edited" not in edited["quotes"][first]
    assert analysis["quotes"][first]["include"] is True  # the original is not changed
    checked = document.validate(edited, "form")
    assert checked["quotes"][second]["edited"] is True


def test_server_analysis_past_its_deadline_answers_504(reference_text: str) -> None:
    with (
        serve("--workers", "1", "--deadline", "0.001") as s,
        httpx.Client(base_url=s.url, timeout=TIMEOUT) as http,
    ):
        for path in ("/api/make", "/api/analyze"):
            response = http.post(path, json={"text": reference_text})
            body = _problem(response, 504)
            assert body["exit_code"] == 12, body
        assert http.get("/healthz").status_code == 200  # the worker is still there
