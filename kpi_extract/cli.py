"""The ``kpi-extract`` command: transcripts in, one table of KPI values out.

Usage::

    kpi-extract FILE... [--format table|csv|json|parquet] [-o OUT] [--linked-only]
                        [--reporting-period 2022Q4] [--fiscal-year-end-month 12]
                        [--encoding utf-8]
    kpi-extract extract FILE...      # the same, spelled out
    kpi-extract corpus PATH_OR_GLOB -o OUT.parquet [--format parquet|csv] [--n-process N]
                       [--batch-size N] [--on-error raise|warn|skip] [--no-progress] ...
    kpi-extract guidance FILE... [--fiscal-year-end-month N] [--format table|csv|json]
                         [-o OUT] [--history] [--tolerance X]
    python -m kpi_extract FILE...    # the same, without the console script

``-`` reads standard input. Each file's stem is its ``doc_id`` (``stdin`` for ``-``);
several files go through :func:`kpi_extract.extract_many` and give one table. Offsets are
character offsets into the file as decoded, with line endings untouched (what
``open(path, encoding=..., newline="").read()`` returns).

``corpus`` reads every ``*.txt`` of a folder (or the files a glob such as
``'calls/**/*.txt'`` matches, quoted so that the shell leaves it alone), one document per
file with ``doc_id`` = the file's stem, through :func:`kpi_extract.extract_many` with a
progress bar, writes one table and ends with a one-line summary on stderr. A file that
cannot be read or decoded, or whose processing fails, is a warning and is left out
(``--on-error warn``, the default); ``--on-error raise`` stops at the first one.

``guidance`` reads the calls of one company (any order), runs
:func:`kpi_extract.track_guidance` on their rows and prints one row per guided item (with
``--history``, one row per guide per call); see docs/guidance.md.

Exit status: 0 on success (also when no value is found), 1 when an input cannot be read
or decoded, 2 for a usage error (unknown option, bad ``--reporting-period``, ``parquet``
without ``-o``), 130 on Ctrl-C.

Why the first argument is dispatched by hand, not by argparse subparsers
------------------------------------------------------------------------
The plain form ``kpi-extract FILE...`` must stay the default, while later releases add
subcommands (``kpi-extract corpus ...``, ``kpi-extract guidance ...``). argparse cannot
have an *optional* subcommand in front of a positional ``FILE...`` list: with
``add_subparsers`` the first file name would be read as a subcommand and rejected
("invalid choice: 'call.txt'"). So :func:`main` looks at the first argument itself: when
it names an entry of :data:`COMMANDS` that subcommand's own argparse parser takes the
rest, and anything else goes to the default ``extract`` parser. A new subcommand is one
more :class:`Command` in :data:`COMMANDS` (its parser builder and runner); nothing else
changes. A file whose name is a subcommand's is read with ``kpi-extract extract corpus``
or ``kpi-extract ./corpus``.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pandas as pd

from kpi_extract import __version__
from kpi_extract.errors import ConfigError, DocumentWarning, KpiExtractError

__all__ = ["main", "COMMANDS", "Command", "TABLE_COLUMNS"]

FORMATS = ("table", "csv", "json", "parquet")

#: the columns ``--format table`` shows (``doc_id`` too when there are several documents)
TABLE_COLUMNS = ("start", "end", "value_text", "value", "unit", "metric", "segment", "role",
                 "comparison", "qualifier", "fiscal_year", "fiscal_period")

#: exit statuses
EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class CliError(Exception):
    """An error reported as one line on stderr, with an exit status (no traceback)."""

    def __init__(self, message: str, status: int = EXIT_INPUT):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Command:
    """One subcommand: ``build`` adds its arguments to a parser, ``run`` executes it."""

    help: str
    build: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# ------------------------------------------------------------------ extract (the default)
def _build_extract(parser: argparse.ArgumentParser) -> None:
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
    parser.add_argument("--fiscal-year-end-month", type=int, default=12, metavar="MONTH",
                        help="month the fiscal year ends in, 1-12 (default: 12)")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the input files (default: utf-8)")


def _read(name: str, encoding: str) -> tuple[str, str]:
    """``(doc_id, text)`` of one input; ``CliError`` when it cannot be read or decoded."""
    if name == "-":
        stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
        data = stream.read() if stream is not None else sys.stdin.read().encode(encoding)
        doc_id, where = "stdin", "standard input"
    else:
        path = Path(name)
        doc_id, where = path.stem, name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CliError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise CliError(f"{name}: is a directory, not a text file") from None
        except OSError as exc:
            raise CliError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        return doc_id, data.decode(encoding)
    except LookupError:
        raise CliError(f"unknown encoding {encoding!r}", EXIT_USAGE) from None
    except UnicodeDecodeError as exc:
        raise CliError(f"{where}: not valid {encoding} text (byte {exc.start}: {exc.reason}); "
                       "use --encoding to name the file's encoding") from None


def _fmt_number(v: float) -> str:
    return f"{v:,.15g}"


def _table(df: pd.DataFrame) -> str:
    cols = (["doc_id"] if df["doc_id"].nunique() > 1 else []) + list(TABLE_COLUMNS)
    view = df[cols].astype(object)
    view = view.where(view.notna(), "")  # blank cells for <NA>, whatever the column's dtype
    view["value"] = df["value"].map(_fmt_number)
    with pd.option_context("display.max_colwidth", 80, "display.width", 10_000):
        return view.to_string(index=False) + "\n"


def _write_text(text: str, output: str | None, out: TextIO) -> None:
    if output is None:
        out.write(text)
        out.flush()
    else:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)


def _run_extract(args: argparse.Namespace) -> int:
    import kpi_extract  # the package root: its api, imported lazily so --help stays fast

    if args.format == "parquet" and args.output is None:
        raise CliError("--format parquet writes binary data: give an output file with -o OUT", EXIT_USAGE)
    if args.files.count("-") > 1:
        raise CliError("standard input ('-') can be read only once", EXIT_USAGE)
    docs = [_read(name, args.encoding) for name in args.files]
    options = {"reporting_period": args.reporting_period, "linked_only": args.linked_only,
               "fiscal_year_end_month": args.fiscal_year_end_month}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if len(docs) == 1:
                (doc_id, text), = docs
                df = kpi_extract.extract(text, doc_id=doc_id, **options)
            else:
                df = kpi_extract.extract_many(docs, progress=False, **options)
    except ConfigError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except KpiExtractError as exc:
        raise CliError(str(exc)) from None
    for message in dict.fromkeys(str(w.message) for w in caught):  # one line each, no source line
        print(f"kpi-extract: warning: {message}", file=sys.stderr)

    if args.format == "table":
        if df.empty:
            print(f"no values found in {len(docs)} document(s)", file=sys.stderr)
            return EXIT_OK
        _write_text(_table(df), args.output, sys.stdout)
    elif args.format == "csv":
        _write_text(df.to_csv(index=False), args.output, sys.stdout)
    elif args.format == "json":
        _write_text(df.to_json(orient="records", force_ascii=False) + "\n", args.output, sys.stdout)
    else:  # parquet
        try:
            df.to_parquet(args.output, index=False)
        except ImportError:
            raise CliError("--format parquet needs pyarrow: pip install 'kpi_extract[parquet]'", EXIT_USAGE) from None
    return EXIT_OK


# ------------------------------------------------------------------ corpus
CORPUS_FORMATS = ("parquet", "csv")


def _build_corpus(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="PATH_OR_GLOB",
                        help="a folder (its *.txt files), a glob (quote it: 'calls/**/*.txt') or one file")
    parser.add_argument("-o", "--output", metavar="OUT", required=True,
                        help="the table to write (OUT.parquet or OUT.csv)")
    parser.add_argument("-f", "--format", choices=CORPUS_FORMATS,
                        help="output format (default: from OUT's suffix, parquet unless it is .csv)")
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
    parser.add_argument("--fiscal-year-end-month", type=int, default=12, metavar="MONTH",
                        help="month the fiscal year ends in, 1-12 (default: 12)")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the input files (default: utf-8)")


def _corpus_files(source: str) -> list[Path]:
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.txt") if p.is_file())
        where = f"{source}: no .txt files in this folder"
    elif path.is_file():
        files, where = [path], ""
    else:
        files = sorted(Path(p) for p in glob.glob(source, recursive=True) if Path(p).is_file())
        where = f"{source}: no such folder or file, and no file matches it as a glob"
    if not files:
        raise CliError(where)
    return files


class _Corpus:
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

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for f in self.files:
            try:
                yield _read(str(f), self.encoding)
            except CliError as exc:
                if self.on_error == "raise" or exc.status == EXIT_USAGE:
                    raise
                warnings.warn(DocumentWarning(str(exc), doc_id=f.stem, error=exc))


def _run_corpus(args: argparse.Namespace) -> int:
    import kpi_extract

    fmt = args.format or ("csv" if args.output.lower().endswith(".csv") else "parquet")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise CliError("--format parquet needs pyarrow: pip install 'kpi_extract[parquet]' "
                           "(or write --format csv)", EXIT_USAGE) from None
    files = _corpus_files(args.source)
    t0 = time.perf_counter()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = _Corpus(files, args.encoding, args.on_error)
            # "skip" runs as "warn" here: the warnings are counted for the summary, not shown
            df = kpi_extract.extract_many(
                corpus, n_process=args.n_process, batch_size=args.batch_size,
                on_error="raise" if args.on_error == "raise" else "warn",
                progress=False if args.no_progress else None, reporting_period=args.reporting_period,
                linked_only=args.linked_only, fiscal_year_end_month=args.fiscal_year_end_month)
    except ConfigError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except KpiExtractError as exc:
        raise CliError(str(exc)) from None
    failed = sum(isinstance(w.message, DocumentWarning) for w in caught)
    shown = [w for w in caught if not (args.on_error == "skip" and isinstance(w.message, DocumentWarning))]
    for message in dict.fromkeys(str(w.message) for w in shown):
        print(f"kpi-extract: warning: {message}", file=sys.stderr)
    try:
        if fmt == "csv":
            df.to_csv(args.output, index=False)
        else:
            df.to_parquet(args.output, index=False)
    except OSError as exc:
        raise CliError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
    seconds = time.perf_counter() - t0
    linked = int(df["metric"].notna().sum())
    print(f"kpi-extract: {len(files) - failed} documents"
          + (f" ({failed} failed)" if failed else "")
          + f", {len(df)} values, {linked} linked, {seconds:.1f} s -> {args.output}", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------ guidance
GUIDANCE_FORMATS = ("table", "csv", "json")


def _build_guidance(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="the calls of one company, UTF-8 text, in any order (each file's stem is its doc_id)")
    parser.add_argument("-f", "--format", choices=GUIDANCE_FORMATS, default="table",
                        help="output format (default: table)")
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    parser.add_argument("--history", action="store_true",
                        help="one row per guide per call instead of one row per guided item")
    parser.add_argument("--tolerance", type=float, default=0.0, metavar="X",
                        help="relative margin around a point guide counted as within (0.01 = 1%%; default: 0)")
    parser.add_argument("--fiscal-year-end-month", type=int, default=12, metavar="MONTH",
                        help="month the company's fiscal year ends in, 1-12 (default: 12)")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the input files (default: utf-8)")


def _run_guidance(args: argparse.Namespace) -> int:
    import kpi_extract

    if "-" in args.files:
        raise CliError("guidance reads files, not standard input ('-'): name each call's file", EXIT_USAGE)
    docs = [_read(name, args.encoding) for name in args.files]
    stems = [doc_id for doc_id, _ in docs]
    if len(set(stems)) < len(stems):
        twice = sorted({s for s in stems if stems.count(s) > 1})
        raise CliError("two files have the same name (doc_id): " + ", ".join(twice), EXIT_USAGE)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            df = kpi_extract.extract_many(docs, progress=False, fiscal_year_end_month=args.fiscal_year_end_month)
            table = kpi_extract.track_guidance(df, tolerance=args.tolerance, history=args.history)
    except ConfigError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except KpiExtractError as exc:
        raise CliError(str(exc)) from None
    for message in dict.fromkeys(str(w.message) for w in caught):
        print(f"kpi-extract: warning: {message}", file=sys.stderr)
    if args.format == "table":
        if table.empty:
            print(f"no guidance found in {len(docs)} document(s)", file=sys.stderr)
            return EXIT_OK
        view = table.astype(object)
        view = view.where(view.notna(), "")
        for col in table.columns[table.dtypes == "float64"]:
            fmt = (lambda v: f"{v:+.1f}%") if col == "surprise_pct" else _fmt_number
            view[col] = [fmt(v) if pd.notna(v) else "" for v in table[col]]
        with pd.option_context("display.max_colwidth", 80, "display.width", 10_000):
            _write_text(view.to_string(index=False) + "\n", args.output, sys.stdout)
    elif args.format == "csv":
        _write_text(table.to_csv(index=False), args.output, sys.stdout)
    else:
        _write_text(table.to_json(orient="records", force_ascii=False) + "\n", args.output, sys.stdout)
    return EXIT_OK


#: subcommand name -> Command; ``kpi-extract NAME ...`` runs it, any other first argument
#: is the default ``extract`` form (see the module docstring)
COMMANDS: dict[str, Command] = {
    "extract": Command("every financial value of the FILEs, one table (the default)", _build_extract, _run_extract),
    "corpus": Command("a folder or glob of .txt files through batches, one table file, a summary",
                      _build_corpus, _run_corpus),
    "guidance": Command("the guidance of a company's calls tracked across them: revisions and outcomes, one table",
                        _build_guidance, _run_guidance),
}
DEFAULT_COMMAND = "extract"


def _parser(name: str | None) -> argparse.ArgumentParser:
    command = COMMANDS[name or DEFAULT_COMMAND]
    others = "\n".join(f"  {n:<10} {c.help}" for n, c in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="kpi-extract" if name is None else f"kpi-extract {name}",
        description="Financial KPI values of earnings call transcripts as one table." if name is None
        else command.help,
        epilog=f"commands (kpi-extract COMMAND --help):\n{others}" if name is None else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    command.build(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (``sys.argv[1:]`` when ``None``); returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    name = args[0] if args and args[0] in COMMANDS else None
    parser = _parser(name)
    try:
        ns = parser.parse_args(args[1:] if name else args)
    except SystemExit as exc:  # --help, --version, usage errors: argparse already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return COMMANDS[name or DEFAULT_COMMAND].run(ns)
    except CliError as exc:
        print(f"kpi-extract: error: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `kpi-extract call.txt | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
