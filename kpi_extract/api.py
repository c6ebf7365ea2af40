"""``extract`` and ``extract_many``: text in, one DataFrame of KPI rows out.

Texts are cut into paragraphs (at line breaks; very long paragraphs at sentence ends)
and piped through spaCy: the tokenizer's cache works per short text, and no text meets
spaCy's ``max_length``. Offsets are shifted back, so ``text[start:end] == value_text``.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd
from spacy.language import Language

from .errors import InputTypeError
from .frame import doc_rows
from .periods_input import parse_reporting_period
from .pipeline import MAX_CHUNK_CHARS, default_pipeline
from .schema import SCHEMA

__all__ = ["extract", "extract_many", "chunks"]

_SENT_END = re.compile(r"[.!?]\s+")


def _check_text(text: object, what: str = "text") -> str:
    if isinstance(text, str):
        return text
    kind = type(text).__name__
    hint = " (decode bytes first: data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
    raise InputTypeError(f"{what} must be a str, not {kind}{hint}")


def chunks(text: str, max_chars: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, paragraph)`` pairs covering every non-blank line of ``text``."""
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        if not line.strip():
            continue
        while len(line) > max_chars:
            cut = max((m.end() for m in _SENT_END.finditer(line, 0, max_chars)), default=max_chars)
            yield start, line[:cut]
            start, line = start + cut, line[cut:]
        yield start, line


def _doc_id(text: str) -> str:
    return "doc-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _items(texts: Iterable[Any]) -> Iterator[tuple[str, str]]:
    if isinstance(texts, (str, bytes)):
        raise InputTypeError("extract_many takes an iterable of texts or (doc_id, text) pairs, not one "
                             f"{type(texts).__name__}; use extract() for a single text")
    for i, item in enumerate(texts):
        if isinstance(item, tuple) and len(item) == 2:
            doc_id, text = item
            yield str(doc_id), _check_text(text, f"text of item {i} ({doc_id!r})")
        else:
            text = _check_text(item, f"item {i}")
            yield _doc_id(text), text


def _rows(nlp: Language, items: Iterable[tuple[str, str]], report: dict[str, Any],
          batch_size: int) -> Iterator[dict[str, Any]]:
    def pieces() -> Iterator[tuple[str, tuple[str, int]]]:
        for doc_id, text in items:
            for offset, chunk in chunks(text):
                yield chunk, (doc_id, offset)

    for doc, (doc_id, offset) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        yield from doc_rows(doc, doc_id=doc_id, offset=offset, report=report)


def _finish(rows: Iterable[dict[str, Any]], linked_only: bool) -> pd.DataFrame:
    df = SCHEMA.frame(rows)
    if linked_only:
        df = df[df["metric"].notna()].reset_index(drop=True)
    return df


def extract(text: str, *, doc_id: str | None = None, reporting_period: str | None = None,
            linked_only: bool = False, nlp: Language | None = None) -> pd.DataFrame:
    """Every financial value of ``text`` as one row of the contract (``kpi_extract.COLUMNS``).

    Parameters
    ----------
    text : the transcript, filing or press release.
    doc_id : fills the ``doc_id`` column; derived from the text's hash when omitted.
    reporting_period : the document's period when known (``"2022Q4"``, ``"FY2022"``).
    linked_only : keep only rows linked to a metric.
    nlp : a pipeline from :func:`make_pipeline`; the cached default otherwise.

    Returns an empty frame with every column for empty or blank text. Raises
    :class:`~kpi_extract.errors.InputTypeError` (a ``TypeError``) when ``text`` is not a str.
    """
    text = _check_text(text)
    report = parse_reporting_period(reporting_period)
    ident = doc_id if doc_id is not None else _doc_id(text)
    return _finish(_rows(nlp or default_pipeline(), [(str(ident), text)], report, 64), linked_only)


def extract_many(texts: Iterable[str | tuple[str, str]], *, reporting_period: str | None = None,
                 linked_only: bool = False, batch_size: int = 64, nlp: Language | None = None) -> pd.DataFrame:
    """:func:`extract` over many texts (strings or ``(doc_id, text)`` pairs), one frame."""
    report = parse_reporting_period(reporting_period)
    return _finish(_rows(nlp or default_pipeline(), _items(texts), report, batch_size), linked_only)
