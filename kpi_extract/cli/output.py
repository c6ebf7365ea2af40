"""Where a command's table goes, and how it gets there.

* The format: ``--format``, else the suffix of ``-o OUT`` (:data:`SUFFIX_FORMATS`: ``.csv``,
  ``.json``, ``.jsonl``, ``.parquet``), else the command's default; a known suffix that
  contradicts ``--format`` is a usage error (``-o t.csv --format json``). An unknown
  suffix (``.txt``, ``.out``) takes ``--format`` or the default.
* ``-o -`` (or no ``-o``) is standard output; Parquet, being binary, needs a file.
* An output file is checked before the work starts (its folder exists, it is no folder,
  the folder is writable), so that a long run does not fail at its end for a typo.
* Writing is atomic: the table goes to a temporary file in the output's folder, which
  replaces ``OUT`` (``os.replace``) only once it is complete and flushed to disk. A full
  disk, a file size limit or a kill mid-write leaves an existing ``OUT`` as it was (and no
  temporary file, except after a kill). The convention for an existing ``OUT``: it is
  replaced, as ``pandas``, ``sort -o`` and ``curl -o`` do; refusing would make a rerun
  fail after its work is done, and the atomic replace already keeps a failed run from
  destroying it.

Hand-written rather than a library (``atomicwrites`` is unmaintained): ``tempfile.mkstemp``
plus ``os.replace`` is the whole recipe.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import pandas as pd

from kpi_extract.analysis.views import records
from kpi_extract.cli.shared import EXIT_OK, EXIT_USAGE, CliError, say

__all__ = ["STDIO", "SUFFIX_FORMATS", "choose_format", "check_output", "replace_atomically", "write_table",
           "is_stdout"]

#: the name of standard input / output
STDIO = "-"
#: output suffix -> format
SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".parquet": "parquet"}


def is_stdout(output: str | None) -> bool:
    """``output`` names standard output (no ``-o``, or ``-o -``)."""
    return output is None or output == STDIO


def choose_format(output: str | None, given: str | None, *, default: str, allowed: tuple[str, ...]) -> str:
    """The format of ``output`` (see the module docstring); ``CliError`` (usage) when
    ``given`` contradicts the suffix, or the result is not ``allowed`` or is binary on
    standard output."""
    suffix = None if is_stdout(output) else SUFFIX_FORMATS.get(Path(str(output)).suffix.lower())
    if given is not None and suffix is not None and given != suffix:
        raise CliError(f"--format {given} does not match the output file {output} (a .{suffix} name); "
                       f"name it with the suffix of its format, or leave --format out", EXIT_USAGE)
    fmt = given or suffix or default
    if fmt not in allowed:
        raise CliError(f"{output}: this command writes {', '.join(allowed)}, not {fmt}", EXIT_USAGE)
    if fmt == "parquet" and is_stdout(output):
        raise CliError("--format parquet writes binary data: give an output file with -o OUT", EXIT_USAGE)
    return fmt


def check_output(output: str | None) -> None:
    """``CliError`` (status 1) when the file ``output`` cannot be written: its folder is
    missing or no folder, it is a folder itself, or the folder is not writable. Nothing
    for standard output."""
    if is_stdout(output):
        return
    path = Path(str(output))
    folder = path.parent
    if path.is_dir():
        raise CliError(f"{output}: is a directory; give a file name")
    if not folder.exists():
        raise CliError(f"{output}: cannot write: no such folder {str(folder)!r}")
    if not folder.is_dir():
        raise CliError(f"{output}: cannot write: {str(folder)!r} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CliError(f"{output}: cannot write: permission denied in folder {str(folder)!r}")


def _mode(target: Path) -> int:
    """The permissions the new file gets: the replaced file's, else what ``open`` would give."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def replace_atomically(output: str, write: Callable[[str], None]) -> None:
    """Call ``write(path)`` on a temporary file beside ``output`` and move it onto
    ``output`` once done and synced; ``CliError`` (status 1, the temporary file removed)
    when any of that fails, ``output`` left untouched."""
    check_output(output)
    target = Path(output)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise CliError(f"{output}: cannot write: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise CliError(f"{output}: cannot write: {exc.strerror or exc}") from None
        raise


def _text(df: pd.DataFrame, fmt: str, render: Callable[[pd.DataFrame], str] | None) -> str:
    if fmt == "csv":
        return df.to_csv(index=False)
    if fmt == "json":
        return json.dumps(records(df), ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(df))
    if fmt == "table" and render is not None:
        return render(df)
    raise ValueError(f"no text for format {fmt!r}")


def write_table(df: pd.DataFrame, output: str | None, fmt: str,
                render: Callable[[pd.DataFrame], str] | None = None) -> None:
    """``df`` in ``fmt`` (``table``: ``render(df)``; ``csv``, ``json`` (one array of
    records), ``jsonl`` (one record a line), ``parquet``) to standard output or, atomically,
    to the file ``output``. JSON has ``null`` for every missing value
    (:func:`kpi_extract.analysis.views.records`)."""
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise CliError("--format parquet needs pyarrow: pip install 'kpi_extract[parquet]' "
                           "(or write csv, json or jsonl)", EXIT_USAGE) from None
        replace_atomically(str(output), lambda tmp: df.to_parquet(tmp, index=False))
        return
    text = _text(df, fmt, render)
    if is_stdout(output):
        sys.stdout.write(text)
        sys.stdout.flush()
        return

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)

    replace_atomically(str(output), write)


def write_result(df: pd.DataFrame, args: argparse.Namespace, fmt: str, render: Callable[[pd.DataFrame], str],
                 nothing: str) -> int:
    """A command's last step: ``df`` written as :func:`write_table` does, or, for an empty
    ``table``, the line ``nothing`` on stderr (unless ``--quiet``); the exit status."""
    if fmt == "table" and df.empty:
        say(args, nothing)
        return EXIT_OK
    write_table(df, args.output, fmt, render=render)
    return EXIT_OK
