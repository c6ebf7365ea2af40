"""``kpi-extract guidance FILE...``: calls (any order) through :func:`kpi_extract.extract_many`
and :func:`kpi_extract.track_guidance`; one row per guided item (``--history``: one per
guide per call) as a table, CSV or JSON records. The calls are tracked per company when
they name theirs (``--by company``, the default then); ``--company NAME`` names the company
of every file. See docs/guidance.md."""
from __future__ import annotations

import argparse
import sys

import pandas as pd

from kpi_extract.cli.shared import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    fmt_number,
    library_call,
    print_warnings,
    read_input,
    write_text,
)

__all__ = ["GUIDANCE_FORMATS", "build", "run"]

GUIDANCE_FORMATS = ("table", "csv", "json")


def build(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``guidance``."""
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="the calls, UTF-8 text, in any order (each file's stem is its doc_id)")
    parser.add_argument("-f", "--format", choices=GUIDANCE_FORMATS, default="table",
                        help="output format (default: table)")
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    parser.add_argument("--history", action="store_true",
                        help="one row per guide per call instead of one row per guided item")
    parser.add_argument("--by", action="append", metavar="COLUMN",
                        help="track each group of calls apart, e.g. --by company (repeat for several columns; "
                             "default: company when every call names its company, else no grouping)")
    parser.add_argument("--company", metavar="NAME",
                        help="the company of every file (default: read from each call's opening)")
    parser.add_argument("--tolerance", type=float, default=0.0, metavar="X",
                        help="relative margin around a point guide counted as within (0.01 = 1%%; default: 0)")
    parser.add_argument("--fiscal-year-end-month", type=int, default=None, metavar="MONTH",
                        help="month the company's fiscal year ends in, 1-12 (default: as the text says, else 12)")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the input files (default: utf-8)")


def run(args: argparse.Namespace) -> int:
    """Track the guidance of the calls named in ``args`` and write the table."""
    import kpi_extract

    if "-" in args.files:
        raise CliError("guidance reads files, not standard input ('-'): name each call's file", EXIT_USAGE)
    docs = [read_input(name, args.encoding) for name in args.files]
    stems = [doc_id for doc_id, _ in docs]
    if len(set(stems)) < len(stems):
        twice = sorted({s for s in stems if stems.count(s) > 1})
        raise CliError("two files have the same name (doc_id): " + ", ".join(twice), EXIT_USAGE)
    with library_call() as caught:
        df = kpi_extract.extract_many(docs, progress=False, fiscal_year_end_month=args.fiscal_year_end_month,
                                      company=args.company)
        table = kpi_extract.track_guidance(df, by=args.by, tolerance=args.tolerance, history=args.history)
    print_warnings(caught)
    if args.format == "table":
        if table.empty:
            print(f"no guidance found in {len(docs)} document(s)", file=sys.stderr)
            return EXIT_OK
        view = table.astype(object)
        view = view.where(view.notna(), "")
        for col in table.columns[table.dtypes == "float64"]:
            fmt = (lambda v: f"{v:+.1f}%") if col == "surprise_pct" else fmt_number
            view[col] = [fmt(v) if pd.notna(v) else "" for v in table[col]]
        with pd.option_context("display.max_colwidth", 80, "display.width", 10_000):
            write_text(view.to_string(index=False) + "\n", args.output, sys.stdout)
    elif args.format == "csv":
        write_text(table.to_csv(index=False), args.output, sys.stdout)
    else:
        write_text(table.to_json(orient="records", force_ascii=False) + "\n", args.output, sys.stdout)
    return EXIT_OK
