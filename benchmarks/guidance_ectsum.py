"""Guidance tracking measured on ECTSum: the companies with several calls in a split.

    python benchmarks/guidance_ectsum.py /work/shared/dev/ectsum/val [--no-period-hint]
           [--items OUT.csv]

DIR holds ``transcripts/<TICKER>_q<N>_<YYYY>.txt`` (or ``.txt.gz``). The transcripts are
grouped by ticker; the tickers with two calls or more go through
:func:`kpi_extract.extract_many` (``reporting_period`` from the file name, ``YYYYQn``,
unless ``--no-period-hint``: ECTSum texts often lack the title line that names the
quarter) and :func:`kpi_extract.track_guidance` with ``by="ticker"``. Prints the
companies, calls, items tracked, items that met an actual, and the outcome and revision
counts; ``--items`` writes the tracker table (with the evidence sentence of each latest
guide and actual) for a hand check. The data is read where it lies, never copied.
"""
from __future__ import annotations

import argparse
import gzip
import re
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

import pandas as pd

import kpi_extract

NAME = re.compile(r"^(?P<ticker>[A-Z0-9.]+)_q(?P<q>[1-4])_(?P<y>\d{4})$")


def _read(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8")


def calls_by_ticker(folder: Path) -> dict[str, list[tuple[str, Path, str]]]:
    """ticker -> [(stem, path, "YYYYQn")] for the transcripts of ``folder/transcripts``."""
    found: dict[str, list[tuple[str, Path, str]]] = defaultdict(list)
    for path in sorted((folder / "transcripts").glob("*.txt*")):
        stem = path.name.split(".")[0]
        m = NAME.match(stem)
        if m:
            found[m["ticker"]].append((stem, path, f"{m['y']}Q{m['q']}"))
    return found


def run(folder: Path, *, hint: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows of every multi-call company's calls with a ``ticker`` column, tracker table)."""
    groups = {t: c for t, c in calls_by_ticker(folder).items() if len(c) >= 2}
    frames = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a call without a header: counted below, not shown one by one
        for ticker, calls in sorted(groups.items()):
            for stem, path, period in calls:
                df = kpi_extract.extract(_read(path), doc_id=stem, reporting_period=period if hint else None)
                frames.append(df.assign(ticker=ticker))
        rows = pd.concat(frames, ignore_index=True)
        rows["ticker"] = rows["ticker"].astype("string")
        tracked = kpi_extract.track_guidance(rows, by="ticker")
    return rows, tracked


def evidence(rows: pd.DataFrame, tracked: pd.DataFrame) -> pd.DataFrame:
    """The tracker with the sentence of each item's latest guide (its final mention in
    :func:`kpi_extract.guidance_history`) and of its actual (the row at ``actual_start``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        history = kpi_extract.guidance_history(rows, by="ticker")
    item = ["ticker", "metric", "segment", "adjusted", "basis", "unit", "comparison", "fiscal_year", "fiscal_period"]
    final = history[history["final"]].astype(object)
    final = final.where(final.notna(), None)
    said = {(*(getattr(h, c) for c in item), h.doc_id): h.sentence for h in final.itertuples(index=False)}
    cells = rows.astype(object).where(rows.notna(), None)
    at = {(r.doc_id, r.start): r.sentence for r in cells.itertuples(index=False)}
    items = tracked.astype(object).where(tracked.notna(), None)
    guide = [said.get((*(getattr(t, c) for c in item), t.latest_doc_id)) for t in items.itertuples(index=False)]
    actual = [None if t.actual is None else at.get((t.actual_doc_id, t.actual_start))
              for t in items.itertuples(index=False)]
    return tracked.assign(guide_sentence=guide, actual_sentence=actual)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="an ECTSum split, e.g. shared/dev/ectsum/val")
    parser.add_argument("--no-period-hint", action="store_true", help="read each call's period from its text only")
    parser.add_argument("--items", type=Path, metavar="OUT.csv", help="write the tracker table with evidence")
    args = parser.parse_args(argv)
    if not (args.folder / "transcripts").is_dir():
        parser.error(f"{args.folder}/transcripts is not a folder")
    t0 = time.perf_counter()
    rows, tracked = run(args.folder, hint=not args.no_period_hint)
    seconds = time.perf_counter() - t0
    calls = rows.groupby("ticker", observed=True)["doc_id"].nunique()
    undated = rows.loc[rows["report_fiscal_year"].isna(), "doc_id"].nunique()
    closed = tracked["actual"].notna()
    print(f"companies with >= 2 calls: {len(calls)} ({int(calls.sum())} calls, {undated} without a reporting period;"
          f" period hint from the file name: {'no' if args.no_period_hint else 'yes'}; {seconds:.0f} s)")
    print(f"guide rows: {int((rows['role'] == 'guidance').sum())}, items tracked: {len(tracked)}, "
          f"companies with an item: {tracked['ticker'].nunique()}")
    print(f"items guided in more than one call: {int((tracked['n_revisions'] > 0).sum())}")
    print(f"items with an actual: {int(closed.sum())}")
    print("outcomes:  " + ", ".join(f"{k} {v}" for k, v in tracked["outcome"].value_counts(sort=False).items()))
    print("revisions: " + ", ".join(f"{k} {v}" for k, v in tracked["last_revision"].value_counts(sort=False).items()))
    per = tracked.groupby("ticker", observed=True).agg(items=("metric", "size"), actual=("actual", "count"))
    print("per company (items / with actual): "
          + ", ".join(f"{t} {r['items']}/{r['actual']}" for t, r in per.iterrows()))
    if args.items:
        evidence(rows, tracked).to_csv(args.items, index=False)
        print(f"-> {args.items}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
