"""What the subcommands of ``kpi-extract`` share: the exit statuses, :class:`CliError`
(one line on stderr, no traceback), the :class:`Command` record, reading one input file
(or standard input), the output and ``--quiet`` options, and calling the library with its
warnings (in command-line words) and errors turned into command-line messages. Writing
the output is :mod:`kpi_extract.cli.output`."""
from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kpi_extract.errors import ConfigError, KpiExtractError

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "CliError",
    "Command",
    "add_output_options",
    "cli_words",
    "fmt_number",
    "input_names",
    "library_call",
    "print_warnings",
    "read_input",
    "say",
]

#: exit statuses (130 and 143: killed by SIGINT / SIGTERM, as a shell reports them)
EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143


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


def read_input(name: str, encoding: str) -> tuple[str, str]:
    """``(doc_id, text)`` of one input (``-``: standard input); ``CliError`` when it cannot
    be read or decoded."""
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


def input_names(files: list[str]) -> list[str]:
    """The inputs to read: ``files``, or ``["-"]`` (standard input) when none is named and
    standard input is not a terminal (text piped in); a usage error when none is named at
    a terminal, or ``-`` twice."""
    if not files:
        try:
            piped = not sys.stdin.isatty()
        except (AttributeError, ValueError):  # stdin closed or replaced
            piped = False
        if not piped:
            raise CliError("no FILE given: name the transcript(s) to read, or pipe text into standard input", EXIT_USAGE)
        return ["-"]
    if files.count("-") > 1:
        raise CliError("standard input ('-') can be read only once", EXIT_USAGE)
    return files


def fmt_number(v: float) -> str:
    """A number of a table cell: thousands separators, up to 15 significant digits."""
    return f"{v:,.15g}"


def add_output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...], default: str) -> None:
    """``-f/--format``, ``-o/--output`` and ``-q/--quiet``."""
    parser.add_argument("-f", "--format", choices=formats, default=None,
                        help=f"output format (default: from OUT's suffix .csv/.json/.jsonl/.parquet, else {default})")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write to the file OUT (replaced only once the new table is complete) "
                             "instead of standard output ('-')")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no warnings, progress bar or summary on stderr (errors are still shown)")


def say(args: argparse.Namespace, message: str) -> None:
    """``message`` on stderr, unless ``--quiet``."""
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr)


@contextmanager
def library_call() -> Iterator[list[warnings.WarningMessage]]:
    """Run the library call inside: yields the list its warnings are recorded in (every
    one, for :func:`print_warnings`); a :class:`~kpi_extract.errors.ConfigError` becomes a
    usage error, any other :class:`~kpi_extract.errors.KpiExtractError` an input error."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield caught
    except ConfigError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except KpiExtractError as exc:
        raise CliError(str(exc)) from None


#: ``name='value'`` or ``name=`` in a library message (a keyword argument to pass)
_KEYWORD = re.compile(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)=(?:'([^']*)'|\"([^\"]*)\"|(?![\w'\"]))")


def cli_words(message: str, args: argparse.Namespace) -> str:
    """``message`` with each keyword argument that is an option of this command in its
    command-line spelling: "pass reporting_period='2022Q4'" -> "pass --reporting-period 2022Q4"."""
    options = set(vars(args))

    def option(m: re.Match[str]) -> str:
        name, value = m.group(1), m.group(2) if m.group(2) is not None else m.group(3)
        if name not in options:
            return m.group(0)
        return "--" + name.replace("_", "-") + (f" {value}" if value else "")

    return _KEYWORD.sub(option, message)


def print_warnings(caught: Iterable[warnings.WarningMessage], args: argparse.Namespace) -> None:
    """Each distinct warning message once, one line on stderr (no source line), in the
    command's words (:func:`cli_words`); nothing under ``--quiet``."""
    if getattr(args, "quiet", False):
        return
    for message in dict.fromkeys(cli_words(str(w.message), args) for w in caught):
        print(f"kpi-extract: warning: {message}", file=sys.stderr)


def add_call_options(parser: argparse.ArgumentParser) -> None:
    """What the caller knows of every document: ``--fiscal-year-end-month``, ``--company``,
    ``--call-date`` and ``--fiscal-year-naming``."""
    parser.add_argument("--fiscal-year-end-month", type=int, default=None, metavar="MONTH",
                        help="month the fiscal year ends in, 1-12 (default: as the text says, else 12)")
    parser.add_argument("--company", metavar="NAME",
                        help="the company of every document (default: read from each text's opening)")
    parser.add_argument("--call-date", metavar="YYYY-MM-DD",
                        help="the day of the call: the reporting period is the last fiscal quarter ended before it "
                             "(unless --reporting-period is given)")
    parser.add_argument("--fiscal-year-naming", choices=("end", "start"), default="end",
                        help="fiscal years are named by the calendar year they end in (end, default) or start in "
                             "(start, as many retailers with a January year end do)")
