"""Golden-file regression checks of extraction output: what the ``kpi_regression`` pytest
fixture (``pytest_kpi_extract``) runs.

A check extracts a text, turns its rows into plain records (sorted by offset, the
``sentence`` column left out, floats rounded) and compares them with a YAML golden file
written in pytest-regressions' ``data_regression`` format. The comparison is done here, fact
by fact: rows are matched on ``(start, end, value_text)``, numbers within per-column
tolerances (``value``: relative 1e-9) count as equal, and a failure lists the facts added,
removed and changed. pytest-regressions does the file handling: the golden file is created
when missing (the test fails once), and ``--force-regen`` / ``--regen-all`` rewrite it.

This module needs pytest, PyYAML and pytest-regressions (the ``pytest`` extra).
"""
from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from pytest_regressions.common import perform_regression_check
from pytest_regressions.data_regression import RegressionYamlDumper

from kpi_extract.api import extract
from kpi_extract.errors import ConfigError, InputFileError, InputTypeError
from kpi_extract.schema import COLUMNS, SCHEMA, is_missing

__all__ = ["KpiRegression", "FactDiff", "golden_records", "compare", "looks_like_path", "KEY", "NOT_IN_GOLDEN",
           "DEFAULT_TOLERANCES"]

#: the columns that identify a fact: a row of the golden file and a row of the extraction
#: with the same key are the same fact
KEY = ("start", "end", "value_text")
#: columns left out of golden files by default: ``sentence`` repeats a long stretch of the
#: text on every row, so the file would be mostly copied text and every change of sentence
#: splitting would rewrite dozens of rows and bury the real changes
NOT_IN_GOLDEN = ("sentence",)
#: per-column tolerances used unless ``check(tolerances=...)`` overrides a column
DEFAULT_TOLERANCES: dict[str, dict[str, float]] = {"value": {"rtol": 1e-9}}
#: at most this many facts are listed per section of a failure message
MAX_LISTED = 40

_FILE_SUFFIX = re.compile(r"\.[A-Za-z]\w{0,7}$")


def looks_like_path(name: str) -> bool:
    """One line ending in a file suffix, with no blank or with a folder: ``"acme_q3.txt"``,
    ``"calls/acme q3.txt"``; not ``"Revenue grew in the U.S"`` nor ``"It was $5.2bn"``."""
    if "\n" in name or not _FILE_SUFFIX.search(name):
        return False
    return not any(c.isspace() for c in name) or "/" in name or os.sep in name


def plain(value: Any, column: str) -> Any:
    """A cell as a YAML-friendly Python value: NA -> None, ``value`` to 12 significant digits
    (exact for every reported figure), ``confidence`` to 3 decimals, categories as str."""
    if is_missing(value):
        return None
    if column == "value":
        return float(f"{value:.12g}")
    if column == "confidence":
        return round(float(value), 3)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, (int, float)) or hasattr(value, "item"):
        return value.item() if hasattr(value, "item") else value
    return str(value)


def golden_records(df: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The rows of an extraction as plain dicts, sorted by offset (``start``, ``end``).

    ``columns``: the columns to keep (the key columns are always kept); every column but
    ``sentence`` by default. Returns one dict per row, keys in column order.
    """
    keep = [c for c in df.columns if c not in NOT_IN_GOLDEN] if columns is None else \
        [c for c in df.columns if c in set(columns) | set(KEY)]
    df = df.sort_values(["start", "end"], kind="stable").reset_index(drop=True)
    return [{c: plain(row[c], c) for c in keep} for row in df.to_dict("records")]


@dataclass
class FactDiff:
    """What differs between golden records and obtained ones.

    ``added``: obtained records whose key is not in the golden file; ``removed``: golden
    records not obtained; ``changed``: ``(golden record, [(column, old, new), ...])`` for
    facts found on both sides whose other columns differ; ``same``: facts equal within the
    tolerances.
    """

    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], list[tuple[str, Any, Any]]]] = field(default_factory=list)
    same: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def report(self, limit: int = MAX_LISTED) -> str:
        """The differences as readable lines: ``+`` added, ``-`` removed, ``~`` changed."""
        counts = f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"
        lines = [f"{counts} ({self.same} unchanged)"]
        sections = (
            ("added (extracted now, not in the golden file)", "+", [_fact(r) for r in self.added]),
            ("removed (in the golden file, not extracted now)", "-", [_fact(r) for r in self.removed]),
            ("changed (same value mention, other columns differ)", "~",
             [f"{_where(r)}: " + "; ".join(f"{c}: {_show(a)} -> {_show(b)}" for c, a, b in cols)
              for r, cols in self.changed]),
        )
        for title, mark, items in sections:
            if not items:
                continue
            lines.append(f"{title}:")
            lines += [f"  {mark} {item}" for item in items[:limit]]
            if len(items) > limit:
                lines.append(f"  ... and {len(items) - limit} more")
        return "\n".join(lines)


_ABSENT = object()


def _show(value: Any) -> str:
    return "(absent)" if value is _ABSENT else "<NA>" if value is None else repr(value)


def _where(r: Mapping[str, Any]) -> str:
    return f"[{r.get('start')}:{r.get('end')}] {r.get('value_text')!r}"


def _fact(r: Mapping[str, Any]) -> str:
    """One record in a line: where, the number, and what it was linked to."""
    parts = [_where(r)]
    if "value" in r:
        parts.append(f"= {r['value']!r} {r.get('unit') or ''}".rstrip())
    for col in ("metric", "segment", "role", "comparison"):
        if r.get(col) is not None:
            parts.append(f"{col}={r[col]}")
    if r.get("fiscal_year") is not None or r.get("fiscal_period") is not None:
        parts.append(f"period={r.get('fiscal_year') or ''} {r.get('fiscal_period') or ''}".rstrip())
    return " ".join(parts)


def _keyed(records: Iterable[Mapping[str, Any]]) -> dict[tuple[Any, ...], Mapping[str, Any]]:
    """Records by ``KEY`` plus an occurrence number (a mention found twice stays two facts)."""
    out: dict[tuple[Any, ...], Mapping[str, Any]] = {}
    seen: dict[tuple[Any, ...], int] = {}
    for r in records:
        key = tuple(r.get(c) for c in KEY)
        n = seen[key] = seen.get(key, -1) + 1
        out[key + (n,)] = r
    return out


def _equal(a: Any, b: Any, tol: Mapping[str, float] | None) -> bool:
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))
    if numbers:
        return math.isclose(a, b, rel_tol=tol.get("rtol", 0.0), abs_tol=tol.get("atol", 0.0)) if tol else a == b
    return type(a) is type(b) and a == b


def compare(expected: Sequence[Mapping[str, Any]], obtained: Sequence[Mapping[str, Any]],
            tolerances: Mapping[str, Mapping[str, float]] | None = None) -> FactDiff:
    """Golden records against obtained ones, fact by fact (matched on ``KEY``).

    ``tolerances``: ``{column: {"rtol": r, "atol": a}}``; numbers of such a column are equal
    when ``math.isclose`` says so, every other cell must be equal. Returns a
    :class:`FactDiff` (false when nothing differs).
    """
    tolerances = DEFAULT_TOLERANCES if tolerances is None else tolerances
    old, new = _keyed(expected), _keyed(obtained)
    diff = FactDiff(added=[r for k, r in new.items() if k not in old],
                    removed=[r for k, r in old.items() if k not in new])
    for key, before in old.items():
        after = new.get(key)
        if after is None:
            continue
        cols = [c for c in dict.fromkeys([*before, *after]) if c not in KEY]
        changes = [(c, before.get(c, _ABSENT), after.get(c, _ABSENT)) for c in cols
                   if c not in before or c not in after or not _equal(before[c], after[c], tolerances.get(c))]
        if changes:
            diff.changed.append((before, changes))
        else:
            diff.same += 1
    return diff


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
    """Write records exactly as pytest-regressions' ``data_regression`` does."""
    filename.write_bytes(yaml.dump_all([records], Dumper=RegressionYamlDumper, default_flow_style=False,
                                       allow_unicode=True, indent=2, encoding="utf-8"))


def _load(filename: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(filename.read_text(encoding="utf-8"))
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise AssertionError(f"{filename} is not a kpi_regression golden file (a YAML list of rows); "
                             "regenerate it with --force-regen")
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
            (``tests/test_x/<basename>.yml``); the file's stem, or the test's name.
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
        if basename is None and path is not None:
            basename = path.stem
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
            diff = compare(_load(expected), _load(obtained), tol)
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
