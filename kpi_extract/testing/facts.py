"""Golden records and their comparison, fact by fact: the core of the ``kpi_regression``
fixture (:mod:`kpi_extract.testing.regression`), usable without pytest.

:func:`golden_records` turns an extraction's rows into plain records (sorted by offset, the
``sentence`` column left out, floats rounded); :func:`compare` matches golden records with
obtained ones on ``(start, end, value_text)``, counts numbers within per-column tolerances
(``value``: relative 1e-9) as equal, and returns a :class:`FactDiff` listing the facts
added, removed and changed. Needs no pytest: only kpi_extract's own dependencies.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kpi_extract.schema import is_missing

__all__ = [
    "DEFAULT_TOLERANCES",
    "KEY",
    "MAX_LISTED",
    "NOT_IN_GOLDEN",
    "FactDiff",
    "compare",
    "golden_records",
    "plain",
]

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
