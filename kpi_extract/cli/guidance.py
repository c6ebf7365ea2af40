"""``kpi-extract guidance FILE...``: calls (any order) through :func:`kpi_extract.extract_many`
and :func:`kpi_extract.track_guidance`; one row per guided item (``--history``: one per
guide per call) as a table (values as people read them: ``$1.60bn``, ``7.9%``), CSV, JSON
records, JSON lines or Parquet. The calls are tracked per company when they name theirs
(``--by company``, the default then); ``--company NAME`` names the company of every file.
See docs/guidance.md."""
from __future__ import annotations

import argparse

import pandas as pd

from kpi_extract.cli.output import check_output, choose_format, write_result
from kpi_extract.cli.shared import (
    EXIT_USAGE,
    CliError,
    add_output_options,
    library_call,
    print_warnings,
    read_input,
)
from kpi_extract.formatting import format_value

__all__ = ["GUIDANCE_FORMATS", "build", "run", "table", "explain"]

GUIDANCE_FORMATS = ("table", "csv", "json", "jsonl", "parquet")


def build(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``guidance``."""
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="the calls, UTF-8 text, in any order (each file's stem is its doc_id)")
    add_output_options(parser, GUIDANCE_FORMATS, "table")
    parser.add_argument("--history", action="store_true",
                        help="one row per guide per call instead of one row per guided item")
    parser.add_argument("--explain", action="store_true",
                        help="print, per call and item, the kept guide, the competing mentions and the rule that "
                             "chose (text; other options of the output are ignored)")
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


def table(frame: pd.DataFrame) -> str:
    """The ``--format table`` text of a guidance table: amounts and ratios in their unit
    (:func:`kpi_extract.format_value`: ``$1.60bn``, ``7.9%``), ``surprise_pct`` signed
    (``+3.1%``), blank missing cells."""
    view = frame.astype(object)
    view = view.where(view.notna(), "")
    units = frame["unit"] if "unit" in frame.columns else pd.Series(None, index=frame.index)
    for col in frame.columns[frame.dtypes == "float64"]:
        if col == "surprise_pct":
            view[col] = [f"{v:+.1f}%" if pd.notna(v) else "" for v in frame[col]]
        else:
            view[col] = [format_value(v, u) for v, u in zip(frame[col], units)]
    with pd.option_context("display.max_colwidth", 80, "display.width", 10_000):
        return view.to_string(index=False) + "\n"


def explain(history: pd.DataFrame) -> str:
    """The ``--explain`` text of a history frame (:func:`kpi_extract.guidance_history`): per
    call, per item, the kept guide (``*``), then the competing mentions and prior outlooks,
    each with its evidence, the rule that scored it and its sentence."""
    out: list[str] = []
    group = [c for c in history.columns[: list(history.columns).index("metric")]]
    for (doc, *_), rows in history.groupby(["doc_id", *group], sort=False, dropna=False):
        out.append(f"== {doc}")
        items = rows.groupby(["metric", "segment", "adjusted", "basis", "unit", "comparison", "fiscal_year",
                              "fiscal_period"], sort=False, dropna=False)
        for key, mentions in items:
            metric, segment, adjusted, basis, unit, comparison, year, period = key
            name = " ".join(str(x) for x in (metric, None if pd.isna(segment) else f"[{segment}]",
                                              "adjusted" if adjusted else None, None if pd.isna(basis) else basis,
                                              None if pd.isna(comparison) else comparison, f"{year}{period}")
                            if x is not None)
            flag = " (conflict)" if mentions["conflict"].any() else ""
            out.append(f"  {name}{flag}")
            for m in mentions.sort_values(["final", "evidence"], ascending=False).itertuples(index=False):
                rng = format_value(m.low, unit) if m.low == m.high else \
                    f"{format_value(m.low, unit)} to {format_value(m.high, unit)}"
                mark = "*" if m.final else ("prior" if m.prior else "-")
                out.append(f"    {mark:5} {rng:24} evidence {m.evidence:g} [{m.rule}] {m.sentence}")
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    """Track the guidance of the calls named in ``args`` and write the table."""
    import kpi_extract

    fmt = choose_format(args.output, args.format, default="table", allowed=GUIDANCE_FORMATS)
    check_output(args.output)
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
        tracked = kpi_extract.track_guidance(df, by=args.by, tolerance=args.tolerance,
                                             history=args.history or args.explain)
    print_warnings(caught, args)
    if args.explain:
        print(explain(tracked) if len(tracked) else f"kpi-extract: no guidance found in {len(docs)} document(s)",
              end="" if len(tracked) else "\n")
        return 0
    return write_result(tracked, args, fmt, table, f"kpi-extract: no guidance found in {len(docs)} document(s)")
