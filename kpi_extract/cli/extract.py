"""``kpi-extract [extract] [FILE...]``: every financial value of the files (or of the text
piped into standard input), one table on standard output or in ``-o OUT``: a readable
table, CSV, JSON records, JSON lines or Parquet (the format from ``--format`` or OUT's
suffix: :mod:`kpi_extract.cli.output`). One file goes through :func:`kpi_extract.extract`,
several through :func:`kpi_extract.extract_many`."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from kpi_extract.cli.output import check_output, choose_format, write_result
from kpi_extract.cli.shared import (
    EXIT_USAGE,
    CliError,
    add_call_options,
    add_output_options,
    fmt_number,
    input_names,
    library_call,
    print_warnings,
    read_input,
)

__all__ = ["FORMATS", "TABLE_COLUMNS", "DOCUMENT_SUFFIXES", "build", "run", "table", "read_document"]

#: input files read as documents (:func:`kpi_extract.read`: their tables give rows too)
DOCUMENT_SUFFIXES = (".html", ".htm", ".pdf")

FORMATS = ("table", "csv", "json", "jsonl", "parquet")

#: the columns ``--format table`` shows (``doc_id`` too when there are several documents)
TABLE_COLUMNS = ("start", "end", "value_text", "value", "unit", "metric", "segment", "role",
                 "comparison", "qualifier", "fiscal_year", "fiscal_period")


def build(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``extract`` (the default form)."""
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="transcript(s) or release(s) to read: UTF-8 text, or .html/.htm/.pdf (with "
                             "kpi_extract[documents]); '-' (or none, with text piped in) reads standard input")
    add_output_options(parser, FORMATS, "table, a readable subset of the columns")
    parser.add_argument("--linked-only", action="store_true",
                        help="keep only the values linked to a metric")
    parser.add_argument("--reporting-period", metavar="PERIOD",
                        help="the documents' reporting period, e.g. 2022Q4, 'Q4 2022', FY2022")
    add_call_options(parser)
    parser.add_argument("--encoding", default="utf-8", help="encoding of the input files (default: utf-8)")


def read_document(name: str, encoding: str) -> tuple[str, Any]:
    """``(doc_id, text or document)`` of one input: an HTML or PDF file read by
    :func:`kpi_extract.read`, anything else as text (:func:`~kpi_extract.cli.shared.read_input`);
    ``CliError`` when it cannot be read (a usage error when the extra is missing)."""
    if name == "-" or Path(name).suffix.lower() not in DOCUMENT_SUFFIXES:
        return read_input(name, encoding)
    from kpi_extract.errors import KpiExtractError, MissingDependencyError
    from kpi_extract.sources.reading import read

    try:
        return Path(name).stem, read(Path(name))
    except MissingDependencyError as exc:
        raise CliError(f"{name}: {exc}", EXIT_USAGE) from None
    except KpiExtractError as exc:
        raise CliError(f"{name}: {exc}") from None


def table(df: pd.DataFrame) -> str:
    """The ``--format table`` text of a frame: :data:`TABLE_COLUMNS`, blank missing cells."""
    cols = (["doc_id"] if df["doc_id"].nunique() > 1 else []) + list(TABLE_COLUMNS)
    view = df[cols].astype(object)
    view = view.where(view.notna(), "")  # blank cells for <NA>, whatever the column's dtype
    view["value"] = df["value"].map(fmt_number)
    with pd.option_context("display.max_colwidth", 80, "display.width", 10_000):
        return view.to_string(index=False) + "\n"


def run(args: argparse.Namespace) -> int:
    """Extract the files named in ``args`` and write the table; returns the exit status."""
    import kpi_extract  # the package root: its api, imported lazily so --help stays fast

    fmt = choose_format(args.output, args.format, default="table", allowed=FORMATS)
    check_output(args.output)
    names = input_names(args.files)
    docs = [read_document(name, args.encoding) for name in names]
    options = {"reporting_period": args.reporting_period, "linked_only": args.linked_only,
               "fiscal_year_end_month": args.fiscal_year_end_month, "company": args.company,
               "call_date": args.call_date, "fiscal_year_naming": args.fiscal_year_naming}
    with library_call() as caught:
        if len(docs) == 1:
            (doc_id, text), = docs
            df = kpi_extract.extract(text, doc_id=doc_id, **options)
        else:
            df = kpi_extract.extract_many(docs, progress=False, **options)
    print_warnings(caught, args)
    return write_result(df, args, fmt, table, f"kpi-extract: no values found in {len(docs)} document(s)")
