"""The ``kpi-extract`` command: transcripts in, one table of KPI values out.

Usage::

    kpi-extract [FILE...] [--format table|csv|json|jsonl|parquet] [-o OUT] [--quiet] [--linked-only]
                          [--reporting-period 2022Q4] [--fiscal-year-end-month 12]
                          [--company NAME] [--call-date YYYY-MM-DD] [--fiscal-year-naming end|start]
                          [--encoding utf-8]
    kpi-extract extract FILE...      # the same, spelled out
    kpi-extract corpus PATH_OR_GLOB -o OUT.parquet [--format parquet|csv|json|jsonl] [--n-process N]
                       [--batch-size N] [--on-error raise|warn|skip] [--no-progress] [--quiet] ...
    kpi-extract guidance FILE... [--fiscal-year-end-month N] [--format table|csv|json|jsonl|parquet]
                         [-o OUT] [--history] [--tolerance X] [--by company] [--company NAME] [--quiet]
    python -m kpi_extract FILE...    # the same, without the console script

``-`` reads standard input, and so does ``kpi-extract`` without a FILE when text is piped
in. Each file's stem is its ``doc_id`` (``stdin`` for ``-``); several files go through
:func:`kpi_extract.extract_many` and give one table. Offsets are character offsets into
the file as decoded, with line endings untouched (what ``open(path, encoding=...,
newline="").read()`` returns).

The output format is ``--format``, else OUT's suffix (``.csv``, ``.json``, ``.jsonl``,
``.parquet``), else the command's default; ``-o -`` is standard output. OUT is replaced
atomically, only once the new table is complete: a failed run leaves the old one as it
was (:mod:`kpi_extract.cli.output`). Warnings speak in options (``--reporting-period
2022Q4``, not ``reporting_period=``); ``--quiet`` silences them, the progress bar and the
summary.

``corpus`` reads every ``*.txt`` of a folder (or the files a glob such as
``'calls/**/*.txt'`` matches, quoted so that the shell leaves it alone), one document per
file with ``doc_id`` = the file's stem, through :func:`kpi_extract.extract_many` with a
progress bar, writes one table and ends with a one-line summary on stderr. A file that
cannot be read or decoded, or whose processing fails, is a warning and is left out
(``--on-error warn``, the default); ``--on-error raise`` stops at the first one.

``guidance`` reads calls (any order), runs :func:`kpi_extract.track_guidance` on their rows
and prints one row per guided item (with ``--history``, one row per guide per call), per
company when the calls name theirs (``--by company``); see docs/guidance.md. ``--company
NAME`` (every command) names the company of every document instead of reading it from
each text.

Exit status: 0 on success (also when no value is found), 1 when an input cannot be read
or decoded or the output cannot be written, 2 for a usage error (unknown option, bad
``--reporting-period``, ``parquet`` without ``-o``, a suffix that contradicts
``--format``), 130 on Ctrl-C, 143 on SIGTERM (worker processes end with the command).

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

The package: this module holds :func:`main`, the parser and :data:`COMMANDS`; each
subcommand is a module with its ``build`` and ``run`` (:mod:`kpi_extract.cli.extract`,
:mod:`~kpi_extract.cli.corpus`, :mod:`~kpi_extract.cli.guidance`); what they share (exit
statuses, :class:`~kpi_extract.cli.shared.CliError`, reading an input, writing the output,
the library call) is :mod:`kpi_extract.cli.shared`.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from kpi_extract import __version__
from kpi_extract.cli import corpus, extract, guidance
from kpi_extract.cli.extract import TABLE_COLUMNS
from kpi_extract.cli.shared import EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE, CliError, Command
from kpi_extract.run.lifetime import forget_closed_wakeups

__all__ = ["COMMANDS", "TABLE_COLUMNS", "Command", "Terminated", "main"]

#: subcommand name -> Command; ``kpi-extract NAME ...`` runs it, any other first argument
#: is the default ``extract`` form (see the module docstring)
COMMANDS: dict[str, Command] = {
    "extract": Command("every financial value of the FILEs, one table (the default)", extract.build, extract.run),
    "corpus": Command("a folder or glob of .txt files through batches, one table file, a summary",
                      corpus.build, corpus.run),
    "guidance": Command("the guidance of calls tracked across them, per company: revisions and outcomes, one table",
                        guidance.build, guidance.run),
}
DEFAULT_COMMAND = "extract"


def _parser(name: str | None) -> argparse.ArgumentParser:
    """The parser of subcommand ``name`` (``None``: the plain form, whose epilog lists the commands)."""
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


class Terminated(BaseException):
    """SIGTERM arrived: raised where the command is, so that its ``finally`` blocks run
    (worker processes terminated, a temporary output file removed)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` inside (in the main thread; the handler before is
    put back after)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


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
        with _sigterm_raises():
            return COMMANDS[name or DEFAULT_COMMAND].run(ns)
    except CliError as exc:
        print(f"kpi-extract: error: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        forget_closed_wakeups()
        return EXIT_INTERRUPTED
    except Terminated:
        forget_closed_wakeups()
        return EXIT_TERMINATED
    except BrokenPipeError:  # `kpi-extract call.txt | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
