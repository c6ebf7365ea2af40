"""``kpi_extract.read``: a path, bytes or a str to a :class:`SourceDocument`.

The kind comes from ``kind=``, else a path's suffix (``.txt``, ``.html`` / ``.htm``,
``.pdf``), else the content (``%PDF-`` bytes, markup that opens with a tag); anything else
is plain text, which needs no parser. Reading HTML or PDF needs the extra
``kpi_extract[documents]`` (lxml, pdfplumber).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from kpi_extract.errors import ConfigError, InputFileError, InputTypeError, check_text
from kpi_extract.sources.model import KINDS, SourceDocument

__all__ = ["read", "SUFFIXES", "as_source"]

#: file suffixes and the kind each is read as
SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
            ".pdf": "pdf"}
_MARKUP = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|div|p|table|h[1-6])\b",
                     re.I | re.S)
#: the longest str taken for a file name (a longer one is content)
_MAX_PATH = 4096


def _looks_like_path(s: str) -> bool:
    """A str naming a file: one line, a known suffix, and an existing file or no blank."""
    if len(s) >= _MAX_PATH or "\n" in s or "<" in s or Path(s).suffix.lower() not in SUFFIXES:
        return False
    return Path(s).is_file() or not any(c.isspace() for c in s)


def _kind_of(data: bytes) -> str:
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    return "html" if _MARKUP.match(data[:2000]) else "text"


def _decode(data: bytes, what: str) -> str:
    try:
        return check_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{what} is not UTF-8 text ({exc}); decode it and pass a str") from exc


def read(source: str | bytes | os.PathLike[str], *, kind: str | None = None) -> SourceDocument:
    """The document in ``source``: a path (a ``pathlib.Path``, or a str naming an existing
    ``.txt`` / ``.html`` / ``.htm`` / ``.pdf`` file), the file's bytes, or its content as a
    str. ``kind`` (``"text"``, ``"html"``, ``"pdf"``) overrides what the suffix or the
    content says. Offsets of everything read point into the returned ``doc.text``.

    Raises :class:`~kpi_extract.errors.InputFileError` for a missing or unreadable file, a
    PDF without text layer (no OCR) or an encrypted one; :class:`~kpi_extract.errors.
    MissingDependencyError` when HTML or PDF is read without ``kpi_extract[documents]``;
    :class:`~kpi_extract.errors.ConfigError` for an unknown ``kind``. Malformed HTML is
    read on a best-effort basis (``doc.warnings`` says what was lost), never an error."""
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"kind must be one of {', '.join(map(repr, KINDS))} or None, not {kind!r}")
    name = None
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
        name = path.stem
        kind = kind or SUFFIXES.get(path.suffix.lower()) or _kind_of(data)
        return _from_bytes(data, kind, name, str(path))
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return _from_bytes(data, kind or _kind_of(data), None, "the bytes")
    if isinstance(source, str):
        text = check_text(source)
        kind = kind or _kind_of(text[:2000].encode("utf-8", "replace"))
        if kind == "pdf":
            raise InputTypeError("a PDF must be given as bytes or a path, not a str")
        if kind == "html":
            from kpi_extract.sources.html import read_html
            return read_html(text)
        return SourceDocument(text, "text", None, _paragraphs(text))
    raise InputTypeError(f"read() takes a path, bytes or a str, not {type(source).__name__}")


def _from_bytes(data: bytes, kind: str, name: str | None, what: str) -> SourceDocument:
    if kind == "pdf":
        from kpi_extract.sources.pdf import read_pdf
        return read_pdf(data, name or None)
    if kind == "html":
        from kpi_extract.sources.html import read_html
        return read_html(data, name)
    text = _decode(data, what)
    return SourceDocument(text, "text", name, _paragraphs(text))


def _paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text))


def as_source(item: object) -> SourceDocument | None:
    """``item`` as a document when it is one or a path (``os.PathLike``); ``None`` for
    anything else (a str stays the text it is)."""
    if isinstance(item, SourceDocument):
        return item
    if isinstance(item, os.PathLike):
        return read(item)
    return None
