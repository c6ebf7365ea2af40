"""What the subcommands of ``kpi-extract`` share: the exit statuses, :class:`CliError`
(one line on stderr, no traceback), the :class:`Command` record, reading one input file,
writing text output, and calling the library with its warnings and errors turned into
command-line messages."""
from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kpi_extract.errors import ConfigError, KpiExtractError

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "CliError",
    "Command",
    "fmt_number",
    "library_call",
    "print_warnings",
    "read_input",
    "write_text",
]

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


def fmt_number(v: float) -> str:
    """A number of a table cell: thousands separators, up to 15 significant digits."""
    return f"{v:,.15g}"


def write_text(text: str, output: str | None, out: TextIO) -> None:
    """``text`` to the file ``output`` (UTF-8, line endings untouched), or to ``out``."""
    if output is None:
        out.write(text)
        out.flush()
    else:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)


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


def print_warnings(caught: Iterable[warnings.WarningMessage]) -> None:
    """Each distinct warning message once, one line on stderr (no source line)."""
    for message in dict.fromkeys(str(w.message) for w in caught):
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
