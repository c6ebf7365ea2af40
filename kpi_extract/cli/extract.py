"""``kpi-extract [extract] FILE...``: every financial value of the files, one table on
standard output (or ``-o OUT``) as a readable table, CSV, JSON records or Parquet. One file
goes through :func:`kpi_extract.extract`, several through :func:`kpi_extract.extract_many`."""
from __future__ import annotations

import argparse
import sys

import pandas as pd

from kpi_extract.cli.shared import (
    add_call_options,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    fmt_number,
    library_call,
    print_warnings,
    read_input,
    write_text,
)

__all__ = ["FORMATS", "TABLE_COLUMNS", "build", "run"]

FORMATS = ("table", "csv", "json", "parquet")

#: the columns ``--format table`` shows (``doc_id`` too when there are several documents)
TABLE_COLUMNS = ("start", "end", "value_text", "value", "unit", "metric", "segment", "role",
                 "comparison", "qualifier", "fiscal_year", "fiscal_period")


def build(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``extract`` (the default form)."""
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="transcript(s) to read, UTF-8 text; '-' reads standard input")
    parser.add_argument("-f", "--format", choices=FORMATS, default="table",
                        help="output format (default: table, a readable subset of the columns)")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write to OUT instead of standard output (required for parquet)")
    parser.add_argument("--linked-only", action="store_true",
                        help="keep only the values linked to a metric")
    parser.add_argument("--reporting-period", metavar="PERIOD",
                        help="the documents' reporting period, e.g. 2022Q4, 'Q4 2022', FY2022")
    add_call_options(parser)
    parser.add_argument("--encoding", default="utf-8", help="encoding of the input files (default: utf-8)")


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

    if args.format == "parquet" and args.output is None:
        raise CliError("--format parquet writes binary data: give an output file with -o OUT", EXIT_USAGE)
    if args.files.count("-") > 1:
        raise CliError("standard input ('-') can be read only once", EXIT_USAGE)
    docs = [read_input(name, args.encoding) for name in args.files]
    options = {"reporting_period": args.reporting_period, "linked_only": args.linked_only,
               "fiscal_year_end_month": args.fiscal_year_end_month, "company": args.company,
               "call_date": args.call_date, "fiscal_year_naming": args.fiscal_year_naming}
    with library_call() as caught:
        if len(docs) == 1:
            (doc_id, text), = docs
            df = kpi_extract.extract(text, doc_id=doc_id, **options)
        else:
            df = kpi_extract.extract_many(docs, progress=False, **options)
    print_warnings(caught)

    if args.format == "table":
        if df.empty:
            print(f"no values found in {len(docs)} document(s)", file=sys.stderr)
            return EXIT_OK
        write_text(table(df), args.output, sys.stdout)
    elif args.format == "csv":
        write_text(df.to_csv(index=False), args.output, sys.stdout)
    elif args.format == "json":
        write_text(df.to_json(orient="records", force_ascii=False) + "\n", args.output, sys.stdout)
    else:  # parquet
        try:
            df.to_parquet(args.output, index=False)
        except ImportError:
            raise CliError("--format parquet needs pyarrow: pip install 'kpi_extract[parquet]'", EXIT_USAGE) from None
    return EXIT_OK
