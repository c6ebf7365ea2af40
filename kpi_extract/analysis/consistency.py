"""``df.kpi.check()``: facts of one document that contradict each other, by arithmetic.

Four relations, named in ``kpi_extract/data/relations.json``:

``margin``
    a ratio metric against numerator / denominator (gross margin = gross profit / revenue),
    for one document, period, segment and adjusted flag (the revenue may be unadjusted).
``change``
    a year-over-year or sequential change against the two levels it compares: a percent
    change against ``later / earlier - 1``, a percentage-point change of a margin against
    the difference of the two margins, a money or count change against the difference.
``segment_sum``
    segment values of an additive metric that add up to more than the company total
    stated near them (within ``segment_window_chars``).
``same_fact``
    one fact in a sentence and a table, or in two tables (:mod:`kpi_extract.analysis.same_fact`).

Which rows take part (conservative, so that a reading error is not reported as the
company contradicting itself): linked rows (``metric`` set) whose ``confidence`` is at
least ``min_confidence``, with ``qualifier`` ``exact`` (an "about RMB 784 million" has no
stated precision), a resolved period, role ``actual`` for levels and ``change`` for
changes. A relation is anchored on one row (the numerator, the change, the total); when a
fact is stated more than once, the ``candidates`` nearest mentions (by character distance
in the document) of each other fact (and of the total itself, for segment sums) are tried,
and the relation is ``consistent`` when one pairing fits; otherwise it is a
``contradiction`` shown with the nearest pairing. So each anchor gives at most one finding
(two anchors that settle on the same rows give one) and the pairings stay few.

Tolerance comes from the precision each number is stated with: half a unit in its last
written digit (``RMB 1,321.9 million`` -> 0.05 million; ``7.9%`` -> 0.05), the inputs'
halves carried through the arithmetic to first order.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any, NamedTuple

import pandas as pd

from kpi_extract import lexicon
from kpi_extract.fiscal import comparison_period
from kpi_extract.formatting import format_value, is_money
from kpi_extract.analysis.same_fact import same_fact_pairs
from kpi_extract.schema import CHECK_KINDS, FINDINGS, SCHEMA, is_missing

__all__ = ["check", "FINDINGS", "CHECK_COLUMNS", "relations", "half_unit"]

#: columns of the input that check() reads
CHECK_COLUMNS = ("doc_id", "start", "value", "unit", "metric", "segment", "adjusted", "role", "comparison",
                 "qualifier", "fiscal_year", "fiscal_period", "confidence")

@lru_cache(maxsize=1)
def relations() -> dict[str, Any]:
    """The packaged ``relations.json`` (read once; do not modify)."""
    return lexicon.packaged("relations.json")


_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def half_unit(value: float, value_text: Any = None) -> float:
    """Half a unit in the last digit ``value`` was stated with, in ``value``'s unit.

    Read from ``value_text`` when it holds digits (``"RMB 1,321.9 million"`` with value
    1.3219e9 -> 5e4; ``"120 bps"`` with 1.2 -> 0.005); else from the significant digits of
    ``value`` itself (7.9 -> 0.05, 1.2e9 -> 5e7)."""
    m = _NUMBER.search(value_text) if isinstance(value_text, str) else None
    if m is not None:
        written = float(m.group(0).replace(",", ""))
        decimals = len(m.group(1) or "")
        scale = abs(value) / written if written and value else 1.0
        return 0.5 * 10.0 ** -decimals * scale
    if not value:
        return 0.5
    digits = f"{abs(value):.12e}".split("e")
    mantissa = digits[0].rstrip("0").rstrip(".")
    places = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return 0.5 * 10.0 ** (int(digits[1]) - places)


class _Fact(NamedTuple):
    idx: Any
    doc: str
    start: int
    metric: str
    segment: str | None
    adjusted: bool
    role: str
    comparison: str | None
    unit: str
    year: int
    period: str
    value: float
    half: float
    text: str  # as written (value_text), else formatted


def _facts(df: pd.DataFrame, min_confidence: float) -> list[_Fact]:
    texts = df["value_text"] if "value_text" in df.columns else pd.Series([None] * len(df), index=df.index)
    out = []
    cols = [df[c].tolist() for c in CHECK_COLUMNS]
    for idx, text, (doc, start, value, unit, metric, segment, adjusted, role, comparison, qualifier, year,
                    period, confidence) in zip(df.index, texts.tolist(), zip(*cols)):
        if any(map(is_missing, (metric, year, period, value, unit))) or not math.isfinite(value):
            continue
        if role not in ("actual", "change") or qualifier != "exact":
            continue
        if is_missing(confidence) or confidence < min_confidence:
            continue
        out.append(_Fact(idx, "" if is_missing(doc) else str(doc), 0 if is_missing(start) else int(start), str(metric),
                         None if is_missing(segment) else str(segment), False if is_missing(adjusted) else bool(adjusted),
                         str(role), None if is_missing(comparison) else str(comparison), str(unit), int(year), str(period),
                         float(value), half_unit(float(value), None if is_missing(text) else text),
                         format_value(value, unit) if is_missing(text) else str(text)))
    return out


@dataclass
class _Finding:
    kind: str
    ok: bool
    anchor: _Fact
    rows: list[Any]
    expected: float
    found: float
    tolerance: float
    unit: str
    message: str
    metric: str | None = None


class _Index:
    """Actual facts by (doc, metric, segment, adjusted, year, period), nearest first on demand."""

    def __init__(self, facts: list[_Fact], k: int):
        self.k = k
        self.by_key: dict[tuple[Any, ...], list[_Fact]] = {}
        for f in facts:
            if f.role == "actual":
                self.by_key.setdefault((f.doc, f.metric, f.segment, f.adjusted, f.year, f.period), []).append(f)

    def near(self, anchor: _Fact, metric: str, segment: str | None, adjusted: tuple[bool, ...],
             period: tuple[int, str], units: Any) -> list[_Fact]:
        found = [f for adj in adjusted
                 for f in self.by_key.get((anchor.doc, metric, segment, adj, period[0], period[1]), ())
                 if f is not anchor and units(f.unit)]
        return sorted(found, key=lambda f: abs(f.start - anchor.start))[:self.k]


def _best(anchor: _Fact, options: list[tuple[Any, ...]], evaluate: Any) -> _Finding | None:
    """The nearest pairing that fits, else the nearest one (a contradiction)."""
    first = None
    for combo in sorted(options, key=lambda c: sum(abs(f.start - anchor.start) for f in c)):
        finding = evaluate(*combo)
        if finding is None:
            continue
        if finding.ok:
            return finding
        first = first or finding
    return first


def _fits(expected: float, found: float, tolerance: float) -> bool:
    # the slack covers floating-point error in the arithmetic, not rounding in the text
    return abs(found - expected) <= tolerance * (1 + 1e-9) + 1e-12 * abs(expected)


def _signed(x: float, unit: str) -> str:
    if unit == "percent":
        return f"{x:+.2f}%"
    if unit == "percentage_point":
        return f"{x:+.2f} pp"
    return format_value(x, unit, signed=True)


def _tolerance(tol: float, unit: str) -> str:
    if unit in ("percent", "percentage_point"):
        return f"±{tol:.2f} pp"
    return "±" + format_value(tol, unit)


# ---------------------------------------------------------------------- relations
def _margins(facts: list[_Fact], index: _Index) -> list[_Finding]:
    out = []
    for spec in relations()["ratios"]:
        for p in (f for f in facts if f.role == "actual" and f.metric == spec["numerator"] and is_money(f.unit)):
            period = (p.year, p.period)
            ms = index.near(p, spec["metric"], p.segment, (p.adjusted,), period, lambda u: u == "percent")
            rs = index.near(p, spec["denominator"], p.segment, tuple(dict.fromkeys((False, p.adjusted))), period,
                            lambda u, unit=p.unit: u == unit)

            def evaluate(m: _Fact, r: _Fact, p: _Fact = p, spec: dict[str, str] = spec) -> _Finding | None:
                if r.value <= 0:
                    return None
                expected = 100 * p.value / r.value
                tol = m.half + 100 * (p.half / r.value + abs(p.value) * r.half / r.value ** 2)
                ok = _fits(expected, m.value, tol)
                msg = (f"{spec['metric']} {m.text} {'matches' if ok else 'contradicts'} "
                       f"{spec['numerator']} / {spec['denominator']} = {p.text} / {r.text} = {expected:.2f}% "
                       f"({_tolerance(tol, 'percent')})")
                return _Finding("margin", ok, p, [m.idx, p.idx, r.idx], expected, m.value, tol, "percent", msg,
                                metric=spec["metric"])

            if (found := _best(p, list(product(ms, rs)), evaluate)) is not None:
                out.append(found)
    return out


def _changes(facts: list[_Fact], index: _Index) -> list[_Finding]:
    out = []
    for c in (f for f in facts if f.role == "change" and f.comparison in ("yoy", "qoq")):
        before = comparison_period(c.year, c.period, c.comparison)
        if before is None or c.unit == "multiple":
            continue  # "a fourfold increase" may be x4 or +300%: not checked
        if c.unit == "percent":
            def level_unit(u: str) -> bool:
                return u not in ("percent", "percentage_point", "multiple")
        elif c.unit == "percentage_point":
            def level_unit(u: str) -> bool:
                return u == "percent"
        else:
            def level_unit(u: str, unit: str = c.unit) -> bool:
                return u == unit
        later = index.near(c, c.metric, c.segment, (c.adjusted,), (c.year, c.period), level_unit)
        earlier = index.near(c, c.metric, c.segment, (c.adjusted,), before, level_unit)

        def evaluate(b: _Fact, a: _Fact, c: _Fact = c) -> _Finding | None:
            if a.unit != b.unit:
                return None
            if c.unit == "percent":
                if a.value <= 0 or b.value < 0:
                    return None  # the percent change of a loss has no agreed sign
                expected = 100 * (b.value / a.value - 1)
                tol = c.half + 100 * (b.half / a.value + b.value * a.half / a.value ** 2)
            else:
                expected = b.value - a.value
                tol = c.half + a.half + b.half
            ok = _fits(expected, c.value, tol)
            msg = (f"{c.metric} {c.comparison} change {format_value(c.value, c.unit, signed=True)} "
                   f"{'matches' if ok else 'contradicts'} {a.text} ({a.year} {a.period}) -> "
                   f"{b.text} ({b.year} {b.period}) = {_signed(expected, c.unit)} "
                   f"({_tolerance(tol, c.unit)})")
            return _Finding("change", ok, c, [c.idx, b.idx, a.idx], expected, c.value, tol, c.unit, msg)

        if (found := _best(c, list(product(later, earlier)), evaluate)) is not None:
            out.append(found)
    return out


def _segment_sums(facts: list[_Fact], index: _Index) -> list[_Finding]:
    out = []
    additive = set(relations()["additive"])
    window = relations()["segment_window_chars"]
    segments: dict[tuple[Any, ...], list[_Fact]] = {}
    for f in facts:
        if f.role == "actual" and f.segment is not None and f.metric in additive:
            segments.setdefault((f.doc, f.metric, f.adjusted, f.unit, f.year, f.period), []).append(f)
    for t in (f for f in facts if f.role == "actual" and f.segment is None and f.metric in additive and f.value > 0):
        nearest: dict[str, _Fact] = {}
        for f in segments.get((t.doc, t.metric, t.adjusted, t.unit, t.year, t.period), ()):
            if abs(f.start - t.start) <= window:
                key = f.segment.casefold()
                if key not in nearest or abs(f.start - t.start) < abs(nearest[key].start - t.start):
                    nearest[key] = f
        parts = sorted(nearest.values(), key=lambda f: f.start)
        if not parts or any(f.value < 0 for f in parts):
            continue
        # the total said again nearby with another value: the pairing that fits wins
        totals = [t] + [f for f in index.near(t, t.metric, None, (t.adjusted,), (t.year, t.period),
                                             lambda u, unit=t.unit: u == unit) if abs(f.start - t.start) <= window]

        def evaluate(total: _Fact, t: _Fact = t, parts: list[_Fact] = parts) -> _Finding:
            found = sum(f.value for f in parts)
            tol = total.half + sum(f.half for f in parts)
            ok = found <= total.value + tol * (1 + 1e-9)
            names = " + ".join(f"{f.segment} {f.text}" for f in parts)
            msg = (f"{t.metric} segments {names} = {format_value(found, t.unit)} "
                   f"{'within' if ok else 'exceed'} the total {total.text} ({_tolerance(tol, t.unit)})")
            return _Finding("segment_sum", ok, t, [total.idx] + [f.idx for f in parts], total.value, found, tol,
                            t.unit, msg)

        out.append(_best(t, [(total,) for total in totals], evaluate))
    return out


def _same_facts(facts: list[_Fact], df: pd.DataFrame) -> list[_Finding]:
    out = []
    for p in same_fact_pairs(facts, df, relations()["share_bases"], _fits):
        a, b = p.anchor, p.other
        msg = (f"{a.metric} {a.text} {'matches' if p.ok else 'contradicts'} {b.text} in {p.where} "
               f"({_tolerance(p.tolerance, a.unit)})")
        out.append(_Finding("same_fact", p.ok, a, [a.idx, b.idx], b.value, a.value, p.tolerance, a.unit, msg))
    return out


# ---------------------------------------------------------------------- entry point
def check(df: pd.DataFrame, *, contradictions_only: bool = False, min_confidence: float = 0.5) -> pd.DataFrame:
    """Every relation of ``relations.json`` found among the rows of ``df`` (a frame from
    :func:`kpi_extract.extract`; needs the columns ``CHECK_COLUMNS``, and reads
    ``value_text`` for the stated precision when present), one row per relation with the
    columns of ``FINDINGS`` (``status`` consistent or contradiction; ``rows`` lists the
    index labels involved, so ``df.loc[finding.rows]`` shows the evidence).

    ``contradictions_only`` keeps the contradictions; ``min_confidence`` is the least
    linking confidence of a row that takes part. Raises
    :class:`~kpi_extract.errors.FrameError` when a column is missing.
    """
    SCHEMA.require(df, CHECK_COLUMNS, what="df.kpi.check()")
    facts = _facts(df, float(min_confidence))
    index = _Index(facts, int(relations()["candidates"]))
    found = _margins(facts, index) + _changes(facts, index) + _segment_sums(facts, index) + _same_facts(facts, df)
    found.sort(key=lambda f: (f.anchor.doc, CHECK_KINDS.index(f.kind), f.anchor.start))
    seen: set[tuple[str, frozenset[Any]]] = set()  # two anchors that settled on the same rows: one finding
    found = [f for f in found if not ((f.kind, frozenset(f.rows)) in seen or seen.add((f.kind, frozenset(f.rows))))]
    if contradictions_only:
        found = [f for f in found if not f.ok]
    records = []
    for f in found:
        a = f.anchor
        records.append({
            "kind": f.kind, "status": "consistent" if f.ok else "contradiction", "doc_id": a.doc,
            "metric": f.metric or a.metric, "segment": a.segment,
            "adjusted": a.adjusted, "fiscal_year": a.year, "fiscal_period": a.period,
            "comparison": a.comparison if f.kind == "change" else None, "unit": f.unit,
            "expected": f.expected, "found": f.found, "tolerance": f.tolerance,
            "rel_error": (f.found - f.expected) / abs(f.expected) if f.expected else math.nan,
            "rows": f.rows, "message": f.message,
        })
    return FINDINGS.frame(records)
