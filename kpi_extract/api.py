"""``extract`` and ``extract_many``: text in, one DataFrame of KPI rows out.

Texts are cut into paragraphs (at line breaks; very long paragraphs at sentence ends; see
:mod:`kpi_extract.pipeline.paragraphs`) and piped through spaCy: the tokenizer's cache works
per short text, and no text meets spaCy's ``max_length``. Offsets are shifted back, so
``text[start:end] == value_text``. The batch machinery (paragraph streams, isolated faults,
worker processes, progress) is in :mod:`kpi_extract.run` (:class:`~kpi_extract.run.runner.Runner`
picks the in-process run or worker processes).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd
from spacy.language import Language

from kpi_extract.errors import ConfigError, InputFileError, InputTypeError, check_text
from kpi_extract.fiscal import check_fiscal_year_end_month, parse_call_date, parse_reporting_period
from kpi_extract.pipeline.build import default_pipeline
from kpi_extract.pipeline.paragraphs import chunks
from kpi_extract.run.documents import GUIDANCE_CARRY_CHARS
from kpi_extract.run.runner import Runner
from kpi_extract.schema import SCHEMA
from kpi_extract.sources.document_rows import document_table_rows, merge_rows, tables_fye_month
from kpi_extract.sources.reading import as_source

__all__ = ["extract", "extract_many", "warmup", "chunks", "GUIDANCE_CARRY_CHARS", "ITEM_KEYS", "WARMUP_TEXT"]

#: the keys a dict item of :func:`extract_many` may have (``text`` is required)
ITEM_KEYS = ("text", "doc_id", "company", "call_date", "reporting_period")


def _doc_id(text: str) -> str:
    return "doc-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _check_company(company: object, what: str, error: type[Exception] = ConfigError) -> str | None:
    if company is None or (isinstance(company, str) and company.strip()):
        return company
    raise error(f"{what} must be a non-blank str or None, not {company!r}")


def _unpack(i: int, item: Any) -> tuple[str | None, Any, dict[str, Any], str]:
    """``(doc_id or None, text, the item's own metadata, what the text is called)`` of one
    item; a bad dict raises :class:`InputTypeError` (its text is checked by the caller)."""
    if isinstance(item, tuple) and len(item) == 2:
        return str(item[0]), item[1], {}, f"text of item {i} ({str(item[0])!r})"
    if not isinstance(item, dict):
        return None, item, {}, f"item {i}"
    unknown = [k for k in item if k not in ITEM_KEYS]
    if unknown or "text" not in item:
        problem = f"unknown key(s) {', '.join(map(repr, unknown))}" if unknown else "no 'text'"
        raise InputTypeError(f"item {i} is a dict with {problem}; a dict item has the keys "
                             f"{', '.join(map(repr, ITEM_KEYS))} ('text' required)")
    doc_id = None if item.get("doc_id") is None else str(item["doc_id"])
    meta: dict[str, Any] = {}
    try:
        if item.get("company") is not None:
            meta["company"] = _check_company(item["company"], f"the company of item {i}", InputTypeError)
        if item.get("call_date") is not None:
            meta["call_date"] = parse_call_date(item["call_date"])
        if item.get("reporting_period") is not None:
            meta["report"] = parse_reporting_period(item["reporting_period"])
    except ConfigError as exc:
        raise InputTypeError(f"item {i}: {exc}") from exc
    return doc_id, item["text"], meta, f"text of item {i}" + (f" ({doc_id!r})" if doc_id is not None else "")


def _items(texts: Iterable[Any], on_error: str, defaults: dict[str, Any],
           sources: list[tuple[str, Any, dict[str, Any]]] | None = None) -> Iterator[tuple[str, str | Exception, dict]]:
    """``(doc_id, text, metadata)`` per item, the item's own metadata before ``defaults``;
    a bad item raises under ``on_error="raise"`` and is ``(doc_id, InputTypeError, {})``
    otherwise (``doc_id`` = ``"item N"`` when the item has none). A document or path
    (:func:`kpi_extract.read`) gives its prose; ``sources`` gets ``(doc_id, document or None,
    metadata)`` of every good item, in input order, for the documents' table rows."""
    for i, item in enumerate(texts):
        doc_id = None
        try:
            doc_id, text, own, what = _unpack(i, item)
            source = as_source(text)
            if source is not None:
                text = source.prose
                doc_id = doc_id if doc_id is not None else (source.name or _doc_id(source.text))
            text = check_text(text, what)
        except (InputTypeError, InputFileError) as exc:
            if on_error == "raise":
                raise
            yield (doc_id if doc_id is not None else f"item {i}"), exc, {}
            continue
        doc_id = doc_id if doc_id is not None else _doc_id(text)
        if sources is not None:
            sources.append((doc_id, source, {**defaults, **own}))
        yield doc_id, text, {**defaults, **own}


def _with_tables(rows: Iterable[dict[str, Any]], sources: list[tuple[str, Any, dict[str, Any]]],
                 **options: Any) -> list[dict[str, Any]]:
    """The text rows of each document merged with its tables' rows, documents in input order."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_id"], []).append(row)
    out: list[dict[str, Any]] = []
    for doc_id, source, meta in sources:
        tables = [] if source is None else document_table_rows(source, doc_id=doc_id, meta=meta, **options)
        out.extend(merge_rows(by_doc.pop(doc_id, []), tables))
    for rest in by_doc.values():
        out.extend(rest)
    return out


def _pipeline(nlp: object) -> Language:
    """``nlp`` when it is a spaCy ``Language`` (the default pipeline for ``None``), else a ConfigError."""
    if nlp is None:
        return default_pipeline()
    if not isinstance(nlp, Language):
        raise ConfigError(f"nlp must be a spaCy Language (from kpi_extract.make_pipeline), not {type(nlp).__name__}")
    return nlp


def _finish(rows: Iterable[dict[str, Any]], linked_only: bool) -> pd.DataFrame:
    df = SCHEMA.frame(rows)
    if linked_only:
        df = df[df["metric"].notna()].reset_index(drop=True)
    return df


def extract(text: str, *, doc_id: str | None = None, reporting_period: str | None = None,
            linked_only: bool = False, fiscal_year_end_month: int | None = None, company: str | None = None,
            call_date: Any = None, fiscal_year_naming: str = "end", nlp: Language | None = None) -> pd.DataFrame:
    """Every financial value of ``text`` as one row of the contract (``kpi_extract.COLUMNS``).

    Parameters
    ----------
    text : the transcript, filing or press release. A lone surrogate code point (text
        decoded with ``errors="surrogateescape"``) is read as U+FFFD, one character for
        one, so offsets stay true.
    doc_id : fills the ``doc_id`` column; derived from the text's hash when omitted.
    reporting_period : the document's period when known (``"2022Q4"``, ``"FY2022"``); read
        from the text otherwise ("Fourth Quarter and Full Year 2022 Earnings Call"). When
        neither gives one, rows without an explicit period keep ``<NA>`` and a
        :class:`~kpi_extract.errors.PeriodWarning` is issued once.
    linked_only : keep only rows linked to a metric.
    fiscal_year_end_month : month the company's fiscal year ends in (9 for a September year
        end, whose fiscal Q1 is October-December); ``None`` (default): as the text says it
        ("our second quarter, which ended on May 31", "the fiscal year ending in
        September"), else 12.
    company : fills the ``company`` column; read from the text's opening otherwise ("Welcome
        to the Acme Fourth Quarter 2022 Earnings Call", "Investor Relations at Acme": see
        :func:`kpi_extract.document.company.read_company`), ``<NA>`` when it names none.
    call_date : the day of the call (a date or ``"2021-04-27"``, from file metadata, say):
        without ``reporting_period``, the reporting period is the last fiscal quarter ended
        before it (with ``fiscal_year_end_month``); the text is still read, and a
        :class:`~kpi_extract.errors.PeriodWarning` says when it names another period.
    fiscal_year_naming : ``"end"`` (fiscal years named by the calendar year they end in, most
        companies) or ``"start"`` (by the year they start in, as many retailers with a January
        year end do); used to name the quarter a ``call_date`` or a date falls in.
    nlp : a pipeline from :func:`make_pipeline`; the cached default otherwise.

    Returns
    -------
    pandas.DataFrame
        One row per value; an empty frame with every column for empty or blank text.

    Raises
    ------
    InputTypeError
        (a ``TypeError``) When ``text`` is not a str, document or path.

    ``text`` may also be a document from :func:`kpi_extract.read` (or a ``pathlib.Path``,
    read by it): its prose goes through the pipeline, each numeric cell of its tables
    gives a row with ``source`` = ``table``, and every offset points into ``doc.text``.
    """
    source = as_source(text)
    text = check_text(source.prose if source is not None else text)
    report = parse_reporting_period(reporting_period)
    fye = check_fiscal_year_end_month(fiscal_year_end_month)
    if source is not None:
        fye = fye or tables_fye_month(source)
        doc_id = doc_id if doc_id is not None else (source.name or _doc_id(source.text))
    meta = _defaults(company, call_date)
    ident = doc_id if doc_id is not None else _doc_id(text)
    runner = Runner(_pipeline(nlp), given=report, fye_month=fye, naming=fiscal_year_naming)
    rows = runner.rows([(str(ident), text, meta)])
    if source is not None and source.tables:
        rows = merge_rows(list(rows), document_table_rows(source, doc_id=str(ident), given=report, fye_month=fye,
                                                          meta=meta, naming=fiscal_year_naming))
    return _finish(rows, linked_only)


def extract_many(texts: Iterable[str | tuple[str, str] | dict[str, Any]], *, n_process: int = 1,
                 batch_size: int = 64, progress: bool | None = None, on_error: str = "raise",
                 reporting_period: str | None = None, linked_only: bool = False,
                 fiscal_year_end_month: int | None = None,
                 company: str | None = None, call_date: Any = None, fiscal_year_naming: str = "end",
                 nlp: Language | None = None) -> pd.DataFrame:
    """:func:`extract` over many texts, one frame, rows in input order.

    Parameters
    ----------
    texts : an iterable (a list, a generator, ...) of strings, documents from
        :func:`kpi_extract.read` or paths (a document's tables give rows too; a path's
        ``doc_id`` is its file's stem), ``(doc_id, text)`` pairs or
        dicts ``{"text": ..., "doc_id": ..., "company": ..., "call_date": ...,
        "reporting_period": ...}`` (:data:`ITEM_KEYS`; only ``text`` required) carrying a
        document's own metadata, which wins over the options below; a ``doc_id`` left out is
        derived from the text's hash. Read lazily, once.
    n_process : worker processes (``-1``: one per CPU), each taking whole documents and
        running the pipeline on them (see :mod:`kpi_extract.run.parallel`); worth it from a few
        hundred thousand words on. Each worker starts with a copy of the pipeline (or builds
        the default one). The frame is the same whatever ``n_process`` is.
    batch_size : paragraphs handed to spaCy at a time. Every text is cut into paragraphs
        and those holding a value go through one ``nlp.pipe`` stream (one per worker
        process with ``n_process > 1``).
    progress : a tqdm bar on stderr counting documents, with words/s and values found.
        ``None`` (default) shows it when stderr is a terminal or in a notebook; ``True``
        always; ``False`` never.
    on_error : what a failing document does: ``"raise"`` (default) stops the batch with its
        exception; ``"warn"`` issues a :class:`~kpi_extract.errors.DocumentWarning`
        naming its ``doc_id`` and the error (``.doc_id``, ``.error``), and the document
        gives no rows; ``"skip"`` the same, silently. Every other document's rows are kept.
        A document fails when its item is not a str (``None``, ``bytes``: an
        :class:`~kpi_extract.errors.InputTypeError` under ``"raise"``) or a dict with an
        unknown key, no ``"text"`` or a company that is no str, or when the pipeline
        raises on one of its paragraphs. Isolation costs nothing while nothing fails: the
        batched stream runs on; after a fault, the documents of the batches in flight
        are run again one at a time (see :mod:`kpi_extract.run.serial`). An exception raised
        by the iterable ``texts`` itself always propagates.
    reporting_period : applies to every text; leave it out to read each one's own.
    company : the company of every text whose dict item names none; leave it out to read
        each one's own from its text (a dict item's ``company`` wins, then this, then the text).
    call_date : the call date of every text whose dict item gives none.
    linked_only, fiscal_year_end_month, fiscal_year_naming, nlp : as for :func:`extract`.

    Raises
    ------
    InputTypeError
        When ``texts`` is one str or bytes, or no iterable (``None``, a number).
    ConfigError
        For a bad option (an ``nlp`` that is no spaCy ``Language``).
    """
    if isinstance(texts, (str, bytes)) or not isinstance(texts, Iterable):
        raise InputTypeError("extract_many takes an iterable of texts, (doc_id, text) pairs or dicts, not "
                             + (f"one {type(texts).__name__}; use extract() for a single text"
                                if isinstance(texts, (str, bytes)) else f"{type(texts).__name__}"))
    report = parse_reporting_period(reporting_period)
    fye = check_fiscal_year_end_month(fiscal_year_end_month)
    meta = _defaults(company, call_date)
    if progress not in (None, True, False):
        raise ConfigError(f"progress must be None, True or False, not {progress!r}")
    total = len(texts) if hasattr(texts, "__len__") else None  # type: ignore[arg-type]
    runner = Runner(_pipeline(nlp), given=report, fye_month=fye, batch_size=batch_size,
                    n_process=n_process, on_error=on_error, progress=progress, total=total, naming=fiscal_year_naming)
    sources: list[tuple[str, Any, dict[str, Any]]] = []
    rows = list(runner.rows(_items(texts, on_error, meta, sources)))
    if any(s is not None and s.tables for _, s, _ in sources):
        rows = _with_tables(rows, sources, given=report, fye_month=fye, naming=fiscal_year_naming)
    return _finish(rows, linked_only)


def _defaults(company: object, call_date: object) -> dict[str, Any]:
    """The metadata options of a run, checked (a :class:`ConfigError` when bad)."""
    meta: dict[str, Any] = {}
    if company is not None:
        meta["company"] = _check_company(company, "company")
    if call_date is not None:  # the run's: a document's own call date or period wins over it
        meta["run_call_date"] = parse_call_date(call_date)
    return meta



#: a short made-up call that goes through every part loaded on first use: the title line and
#: the reporting-period model, the company and speaker readers, segments, a date read by
#: dateparser, ranges and guidance
WARMUP_TEXT = (
    "Welcome to the Example Corp Fourth Quarter 2022 Earnings Call.\n"
    "Jane Doe -- Chief Financial Officer\n"
    "Total revenue was $2.1 billion, up 7.9% year-over-year, and revenue from our cloud segment was "
    "$785.9 million. Gross margin expanded by 120 basis points to 41.2%.\n"
    "As of December 31, 2022, cash and equivalents were $1.5 billion.\n"
    "For the first quarter of 2023, we expect revenue between $1.85 billion and $2.05 billion.\n"
    "Question-and-Answer Session\nOperator\nOur first question comes from an analyst.\n"
)


def warmup(nlp: Language | None = None) -> Language:
    """Load everything the first request would: the pipeline (``nlp``, else the cached
    default) and what its parts load on first use (dateparser and its language data, the
    period and company readers), by running :data:`WARMUP_TEXT` through it once. Call it
    when a service starts; returns the pipeline, for ``extract(..., nlp=...)``."""
    nlp = nlp or default_pipeline()
    extract(WARMUP_TEXT, doc_id="warmup", nlp=nlp)
    return nlp
