"""Golden-file regression checks of extraction output: what the ``kpi_regression`` pytest
fixture (``pytest_kpi_extract``) runs.

A check extracts a text, turns its rows into golden records and compares them, fact by fact,
with a YAML golden file written in pytest-regressions' ``data_regression`` format (the records
and the comparison: :mod:`kpi_extract.testing.facts`). pytest-regressions does the file
handling: the golden file is created when missing (the test fails once), and
``--force-regen`` / ``--regen-all`` rewrite it.

This module needs pytest, PyYAML and pytest-regressions (the ``pytest`` extra).
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from pytest_regressions.common import perform_regression_check
from pytest_regressions.data_regression import RegressionYamlDumper

from kpi_extract.api import extract
from kpi_extract.errors import ConfigError, InputFileError, InputTypeError
from kpi_extract.schema import COLUMNS, SCHEMA
from kpi_extract.testing.facts import DEFAULT_TOLERANCES, KEY, NOT_IN_GOLDEN, FactDiff, compare, golden_records

# the records and the comparison are re-exported: they were defined here before the split
__all__ = [
    "DEFAULT_TOLERANCES",
    "KEY",
    "NOT_IN_GOLDEN",
    "FactDiff",
    "KpiRegression",
    "compare",
    "golden_records",
    "looks_like_path",
]

_FILE_SUFFIX = re.compile(r"\.[A-Za-z]\w{0,7}$")


def looks_like_path(name: str) -> bool:
    """One line ending in a file suffix, with no blank or with a folder: ``"acme_q3.txt"``,
    ``"calls/acme q3.txt"``; not ``"Revenue grew in the U.S"`` nor ``"It was $5.2bn"``."""
    if "\n" in name or not _FILE_SUFFIX.search(name):
        return False
    return not any(c.isspace() for c in name) or "/" in name or os.sep in name


def _tolerances(given: Mapping[str, Mapping[str, float]] | None) -> dict[str, dict[str, float]]:
    out = {c: dict(t) for c, t in DEFAULT_TOLERANCES.items()}
    for col, tol in (given or {}).items():
        if col not in COLUMNS:
            raise ConfigError(f"tolerances: {col!r} is not a column; columns: {', '.join(COLUMNS)}")
        if not isinstance(tol, Mapping) or not tol or set(tol) - {"rtol", "atol"} or any(
                isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 for v in tol.values()):
            raise ConfigError(f"tolerances[{col!r}] must be a mapping with 'rtol' and/or 'atol' >= 0, not {tol!r}")
        out[col] = {k: float(v) for k, v in tol.items()}
    return out


def _columns(given: Sequence[str] | None) -> list[str] | None:
    if given is None:
        return None
    if isinstance(given, str) or not all(isinstance(c, str) for c in given):
        raise ConfigError(f"columns must be a list of column names, not {given!r}")
    unknown = [c for c in given if c not in COLUMNS]
    if unknown:
        raise ConfigError(f"columns: {', '.join(map(repr, unknown))} not among {', '.join(COLUMNS)}")
    return list(given)


def _dump(records: list[dict[str, Any]], filename: Path) -> None:
    """Write records as pytest-regressions' ``data_regression`` does, but with each record's
    keys in the frame's column order (``start``, ``end``, ``value_text`` ... together)."""
    filename.write_bytes(yaml.dump_all([records], Dumper=RegressionYamlDumper, default_flow_style=False,
                                       allow_unicode=True, indent=2, encoding="utf-8", sort_keys=False))


def _load(filename: Path, shown: Path | None = None) -> list[dict[str, Any]]:
    """The records of a golden file; an ``AssertionError`` naming the file (``shown``: the
    source of pytest-regressions' copy), so that ``--force-regen`` rewrites it, when it is not
    UTF-8, not YAML or not a list of rows."""
    __tracebackhide__ = True
    name = shown or filename
    regen = "rerun with --force-regen to write it again from the extraction (and read its diff)"
    try:
        data = yaml.safe_load(filename.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise AssertionError(f"kpi_regression: the golden file {name} is not UTF-8 text ({exc}); {regen}") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where is not None else ""
        problem = getattr(exc, "problem", None) or exc
        raise AssertionError(f"kpi_regression: the golden file {name} is not valid YAML{at}: {problem}; "
                             f"{regen}") from None
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise AssertionError(f"kpi_regression: {name} is not a kpi_regression golden file (a YAML list of rows); "
                             f"{regen}")
    return data


class KpiRegression:
    """The ``kpi_regression`` fixture: ``check`` a text's extraction against a golden file.

    Built on pytest-regressions' ``data_regression`` fixture, whose data directory (the
    folder named after the test module, beside it), ``--force-regen`` and ``--regen-all``
    it shares.
    """

    def __init__(self, data_regression: Any, request: pytest.FixtureRequest):
        self.data_regression = data_regression
        self.request = request

    def check(self, path_or_text: str | os.PathLike[str], *, doc_id: str | None = None,
              basename: str | None = None, columns: Sequence[str] | None = None,
              tolerances: Mapping[str, Mapping[str, float]] | None = None,
              **extract_kwargs: Any) -> pd.DataFrame:
        """Extract ``path_or_text`` and compare the rows with the golden file.

        Parameters
        ----------
        path_or_text : a file to read (UTF-8): a ``Path``, or a str naming an existing file
            or looking like a path (one line ending in a file suffix, with no blank or with a
            folder: ``"fixtures/acme_q3.txt"``), looked up from the current directory, the
            rootdir and the test file's folder; any other str is the text itself.
        doc_id : the ``doc_id`` column; the file's stem, or the golden file's basename.
        basename : the golden file's name without ``.yml``, in the test module's data folder
            (``tests/test_x/<basename>.yml``). By default the test's name, as pytest-regressions
            names files (``test_acme``, ``test_call_acme_q3_`` for a parametrized one; with
            ``--with-test-class-names``, the class name first): each test has its own file,
            so two tests of one transcript (one with ``linked_only=True``) do not overwrite
            each other's. Tests that should share one file name it (``basename="acme_q3"``).
        columns : the columns written to the golden file (``start``, ``end`` and
            ``value_text`` always are); every column but ``sentence`` by default.
        tolerances : ``{column: {"rtol": r, "atol": a}}`` for numeric columns, over the
            default ``{"value": {"rtol": 1e-9}}``; other cells must be equal.
        **extract_kwargs : passed to :func:`kpi_extract.extract` (``reporting_period``,
            ``linked_only``, ``fiscal_year_end_month``, ``nlp``).

        Returns the extracted frame. The test fails, listing the facts added, removed and
        changed, when the rows differ from the golden file; it fails once, writing the file,
        when the file does not exist. Raises :class:`~kpi_extract.errors.InputFileError`
        for a missing file, :class:`~kpi_extract.errors.ConfigError` for bad ``columns``
        or ``tolerances``.
        """
        __tracebackhide__ = True
        tol = _tolerances(tolerances)
        keep = _columns(columns)
        text, path = self._source(path_or_text)
        if basename is not None and (not isinstance(basename, str) or not re.fullmatch(r"[\w.-]+", basename)):
            raise ConfigError(f"basename must be a file name without folder or suffix (letters, digits, '_', "
                              f"'-', '.'), not {basename!r}")
        if doc_id is None:
            doc_id = path.stem if path is not None else basename or re.sub(r"\W", "_", self.request.node.name)
        df = extract(text, doc_id=doc_id, **extract_kwargs)
        if tuple(df.columns) != COLUMNS or df.dtypes.to_dict() != SCHEMA.dtypes:
            raise AssertionError(f"the frame breaks the schema: columns {list(df.columns)}, dtypes "
                                 f"{df.dtypes.to_dict()}; expected {list(COLUMNS)}, {SCHEMA.dtypes}")
        records = golden_records(df, keep)
        source = str(path) if path is not None else f"the text given to {self.request.node.name}"

        def check_fn(obtained: Path, expected: Path) -> None:
            __tracebackhide__ = True
            diff = compare(_load(expected, dr.original_datadir / expected.name), _load(obtained), tol)
            if diff:
                raise AssertionError(
                    f"kpi_regression: the facts extracted from {source} differ from the golden file "
                    f"{expected.name}:\n{diff.report()}\nIf the change is intended, rerun with --force-regen "
                    f"and read the diff of the golden file before committing it.")

        dr = self.data_regression
        perform_regression_check(
            datadir=dr.datadir, original_datadir=dr.original_datadir, request=self.request,
            check_fn=check_fn, dump_fn=lambda filename: _dump(records, filename), extension=".yml",
            basename=basename, force_regen=dr.force_regen, with_test_class_names=dr.with_test_class_names)
        return df

    def _source(self, path_or_text: str | os.PathLike[str]) -> tuple[str, Path | None]:
        """``(text, path)``; ``path`` is ``None`` when the argument is the text itself."""
        if isinstance(path_or_text, os.PathLike):
            name = os.fspath(path_or_text)
        elif isinstance(path_or_text, str):
            name = path_or_text
            if not self._names_a_file(name):
                return name, None
        else:
            raise InputTypeError(f"kpi_regression.check takes a path or a str, not {type(path_or_text).__name__}")
        path = self._find(name)
        if path is None:
            raise InputFileError(f"kpi_regression.check: no file {name!r} (looked from the current directory, "
                                 f"{self.request.config.rootpath} and {self.request.path.parent})")
        try:
            return path.read_bytes().decode("utf-8"), path
        except (OSError, UnicodeDecodeError) as exc:
            raise InputFileError(f"kpi_regression.check: cannot read {path} as UTF-8 text: {exc}") from exc

    def _names_a_file(self, name: str) -> bool:
        """A str names a file when it looks like a path or names an existing file."""
        one_line = "\n" not in name and len(name) <= 4096
        return one_line and (looks_like_path(name) or self._find(name) is not None)

    def _find(self, name: str) -> Path | None:
        path = Path(name)
        bases = [Path.cwd(), self.request.config.rootpath, self.request.path.parent]
        found = [p for p in ([path] if path.is_absolute() else [b / path for b in bases]) if p.is_file()]
        return found[0] if found else None
