"""``kpi-extract corpus PATH_OR_GLOB -o OUT``: every ``*.txt`` (and ``.html``, ``.htm``,
``.pdf``, read by :func:`kpi_extract.read`) of a folder (or the files a
glob matches), one document per file, through :func:`kpi_extract.extract_many` in batches
with a progress bar; one table file (Parquet, CSV, JSON or JSON lines: ``--format`` or
OUT's suffix; ``-o -`` writes CSV to standard output) and a one-line summary on stderr. A
file that cannot be read or processed is a warning and is left out (``--on-error warn``),
silently left out (``skip``) or stops the run (``raise``). The documents without a
reporting period are named in one warning at the end, not one per document."""
from __future__ import annotations

import argparse
import glob
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kpi_extract.cli.extract import DOCUMENT_SUFFIXES, read_document
from kpi_extract.cli.output import check_output, choose_format, is_stdout, write_table
from kpi_extract.cli.shared import EXIT_OK, EXIT_USAGE, CliError, add_call_options, library_call, print_warnings, say
from kpi_extract.errors import DocumentWarning

__all__ = ["CORPUS_FORMATS", "Corpus", "build", "corpus_files", "run"]

CORPUS_FORMATS = ("parquet", "csv", "json", "jsonl")


def build(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``corpus``."""
    parser.add_argument("source", metavar="PATH_OR_GLOB",
                        help="a folder (its *.txt, *.html, *.htm and *.pdf files), a glob (quote it: 'calls/**/*.txt') or one file")
    parser.add_argument("-o", "--output", metavar="OUT", required=True,
                        help="the table to write (OUT.parquet, .csv, .json or .jsonl; replaced only once the new "
                             "table is complete); '-': standard output (CSV unless --format says)")
    parser.add_argument("-f", "--format", choices=CORPUS_FORMATS,
                        help="output format (default: from OUT's suffix, parquet for any other suffix)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no warnings, progress bar or summary on stderr (errors are still shown)")
    parser.add_argument("-n", "--n-process", type=int, default=1, metavar="N",
                        help="worker processes (default: 1; -1: one per CPU)")
    parser.add_argument("--batch-size", type=int, default=64, metavar="N",
                        help="paragraphs handed to spaCy at a time (default: 64)")
    parser.add_argument("--on-error", choices=("raise", "warn", "skip"), default="warn",
                        help="a file that cannot be read or processed: stop (raise), leave it out with a "
                             "warning (warn, the default) or silently (skip)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--linked-only", action="store_true", help="keep only the values linked to a metric")
    parser.add_argument("--reporting-period", metavar="PERIOD",
                        help="one reporting period for every document (default: read from each text)")
    add_call_options(parser)
    parser.add_argument("--encoding", default="utf-8", help="encoding of the input files (default: utf-8)")


def corpus_files(source: str) -> list[Path]:
    """The files of ``source``: a folder's ``*.txt``, one file, or a glob's matches, sorted;
    ``CliError`` when there are none."""
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".txt", *DOCUMENT_SUFFIXES))
        where = f"{source}: no .txt files (nor .html, .htm, .pdf) in this folder"
    elif path.is_file():
        files, where = [path], ""
    else:
        files = sorted(Path(p) for p in glob.glob(source, recursive=True) if Path(p).is_file())
        where = f"{source}: no such folder or file, and no file matches it as a glob"
    if not files:
        raise CliError(where)
    return files


class Corpus:
    """``(doc_id, text)`` of each file, read lazily (one file in memory at a time); a file
    that cannot be read is a :class:`DocumentWarning` and is left out, or stops the run
    under ``raise``."""

    def __init__(self, files: list[Path], encoding: str, on_error: str):
        self.files, self.encoding, self.on_error = files, encoding, on_error
        stems: dict[str, Path] = {}
        for f in files:
            if f.stem in stems:
                warnings.warn(f"{stems[f.stem]} and {f} have the same doc_id {f.stem!r}")
            stems.setdefault(f.stem, f)

    def __len__(self) -> int:
        return len(self.files)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        for f in self.files:
            try:
                yield read_document(str(f), self.encoding)
            except CliError as exc:
                if self.on_error == "raise" or exc.status == EXIT_USAGE:
                    raise
                warnings.warn(DocumentWarning(str(exc), doc_id=f.stem, error=exc))


def run(args: argparse.Namespace) -> int:
    """Extract the corpus named in ``args``, write the table, print the summary."""
    import kpi_extract

    fmt = choose_format(args.output, args.format, default="csv" if is_stdout(args.output) else "parquet",
                        allowed=CORPUS_FORMATS)
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise CliError("--format parquet needs pyarrow: pip install 'kpi_extract[parquet]' "
                           "(or write --format csv)", EXIT_USAGE) from None
    check_output(args.output)
    files = corpus_files(args.source)
    t0 = time.perf_counter()
    with library_call() as caught:
        corpus = Corpus(files, args.encoding, args.on_error)
        # "skip" runs as "warn" here: the warnings are counted for the summary, not shown
        df = kpi_extract.extract_many(
            corpus, n_process=args.n_process, batch_size=args.batch_size,
            on_error="raise" if args.on_error == "raise" else "warn",
            progress=False if args.no_progress or args.quiet else None, reporting_period=args.reporting_period,
            linked_only=args.linked_only, fiscal_year_end_month=args.fiscal_year_end_month, company=args.company,
            call_date=args.call_date, fiscal_year_naming=args.fiscal_year_naming)
    failed = sum(isinstance(w.message, DocumentWarning) for w in caught)  # one warning per failed document
    print_warnings((w for w in caught if not (args.on_error == "skip" and isinstance(w.message, DocumentWarning))),
                   args)
    write_table(df, args.output, fmt)
    seconds = time.perf_counter() - t0
    linked = int(df["metric"].notna().sum())
    # every file counts, the failed ones too: "101 documents (1 failed)"
    say(args, f"kpi-extract: {len(files)} documents" + (f" ({failed} failed)" if failed else "")
        + f", {len(df)} values, {linked} linked, {seconds:.1f} s -> "
        + ("standard output" if is_stdout(args.output) else args.output))
    return EXIT_OK
