"""``briefing extract``: the analysis JSON embedded in an archive PDF (``--profile archive``).

PDF parsing uses pypdf (pure Python, a pinned runtime dependency): PDFs from WeasyPrint keep
their dictionaries in compressed object streams, and an archive file may have been re-saved by
another tool, so a hand-written scanner would be fragile. pypdf is imported on use only.
"""

from __future__ import annotations

import io
import json

from briefing.errors import InputFormatError
from briefing.profiles import JSON_NAME


def embedded_files(data: bytes, name: str = "PDF") -> dict[str, bytes]:
    """Every embedded file of the PDF ``data``, by file name (the first copy of each)."""
    if not data.startswith(b"%PDF-"):
        raise InputFormatError(f"{name}: not a PDF file")
    from pypdf import PdfReader  # only `briefing extract` needs it
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        return {key: values[0] for key, values in reader.attachments.items() if values}
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise InputFormatError(f"{name}: cannot read the PDF: {exc}") from exc


def analysis_json(data: bytes, name: str = "PDF", file_name: str = JSON_NAME) -> bytes:
    """The embedded ``briefing.json`` of an archive PDF, byte for byte, checked to be a JSON object."""
    files = embedded_files(data, name)
    if file_name not in files:
        raise InputFormatError(f"{name}: no embedded {file_name} (render with --profile archive)")
    raw = files[file_name]
    try:
        loaded = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFormatError(f"{name}: the embedded {file_name} is not valid JSON: {exc}") from exc
    if not isinstance(loaded, dict):
        raise InputFormatError(f"{name}: the embedded {file_name} is not a JSON object")
    return raw
