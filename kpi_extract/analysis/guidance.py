"""Guidance tracked across calls: what was promised, how it was revised, what came in.

:func:`track_guidance` takes the rows of several calls (``extract_many`` of a company's
transcripts, in any order) and gives one row per guided item, an item being
(:data:`~kpi_extract.schema.ITEM_KEY`) metric, segment, adjusted, unit, comparison, fiscal
year and period: a level ("revenue of $400 million to $415 million") or a change ("revenue
growth of 6% to 8%", comparison ``yoy``). :func:`guidance_history` gives one row per guide
per call, for plotting (:func:`kpi_extract.show.guidance_plot.plot_guidance`).

How the rows are read
---------------------
* Guides are rows with ``role == "guidance"``, a metric and a period. A ``range_low`` row
  followed by the ``range_high`` row of the same item is one range; any other row is a point
  guide (low = high; "about X" too). Restated past guides ("above our outlook of ...", a
  guide for a period the call reports) are set aside (:mod:`kpi_extract.analysis.guidance_read`).
* Calls are grouped by company (:func:`default_by`): with ``by=None`` a frame whose
  ``company`` column names one or more companies is tracked per company, so that one
  company's actual never closes another's guide; a frame without company names is one
  company. Calls of which some name a company and some do not are a
  :class:`~kpi_extract.errors.FrameError` rather than a guess.
* Calls are ordered by their reporting period (``report_fiscal_year`` / ``_period``); calls
  without one come after, by ``doc_id``, with a :class:`~kpi_extract.errors.PeriodWarning`.
  Within a call the best-evidenced mention of an item is kept (:func:`_finals`, weights in
  ``data/guidance.json``); every distinct range stays in the history with its sentence,
  evidence and rule, ``conflict`` marking a call that gave other values too. A prior
  outlook restated in the first call that guides an item is its previous guide.
* The actual of a level item is a row with ``role == "actual"``, of a change item a row with
  ``role == "change"`` and the same comparison; same metric, segment, adjusted, unit and
  period, from a call reporting that period or a later one. The call whose reporting period
  ends with the item's period is preferred (the Q4 call for a full-year item), then the
  earliest later call; within a call, the first mention. For a level, mentions within a
  factor :data:`PLAUSIBLE_RATIO` (2) of the latest guide's midpoint come first: a
  segment's revenue mislinked to the total ("our films business had revenue of $90
  million" against a $600 million guide) does not close the item when the total is said too.
"""
from __future__ import annotations

import math
import warnings
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import pandas as pd

from kpi_extract.errors import ConfigError, FrameError, InputTypeError, PeriodWarning
from kpi_extract.analysis.guidance_evidence import settings
from kpi_extract.analysis.guidance_read import (REQUIRED_COLUMNS, order_calls, read_actuals, read_guides,
                                                recalled_only, records)
from kpi_extract.fiscal import period_end, quarters_spanned
from kpi_extract.schema import HISTORY_SCHEMA, TRACK_SCHEMA, Schema
from kpi_extract.analysis.guidance_basis import TRACK_KEY
from kpi_extract.analysis.guidance_close import PLAUSIBLE_POINTS, PLAUSIBLE_RATIO, adjusted_twin, pick_actual

__all__ = ["track_guidance", "guidance_history", "classify_revision", "classify_outcome", "default_by",
           "REQUIRED_COLUMNS", "PLAUSIBLE_RATIO", "PLAUSIBLE_POINTS", "COMPANY"]

#: the column that names each call's company (``kpi_extract.extract``'s ``company``)
COMPANY = "company"

#: relative slack when comparing two guide ends (floats read from text: 1.6e9 vs 1.60e9)
_REL = 1e-9

Range = tuple[float, float]

def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_REL, abs_tol=1e-12)


def classify_revision(before: Range, after: Range) -> str:
    """How the guide ``after`` revises ``before`` (both ``(low, high)``), first match wins:
    ``maintained`` (same range), ``narrowed`` (inside it), ``widened`` (contains it), then
    ``raised`` / ``lowered`` by the midpoint."""
    (lo0, hi0), (lo1, hi1) = before, after
    if _same(lo0, lo1) and _same(hi0, hi1):
        return "maintained"
    if (lo1 > lo0 or _same(lo0, lo1)) and (hi1 < hi0 or _same(hi0, hi1)):
        return "narrowed"
    if (lo1 < lo0 or _same(lo0, lo1)) and (hi1 > hi0 or _same(hi0, hi1)):
        return "widened"
    return "raised" if lo1 + hi1 > lo0 + hi0 else "lowered"


def classify_outcome(actual: float, guide: Range, tolerance: float = 0.0) -> str:
    """``above``, ``within`` or ``below`` the guide ``(low, high)``: equal ends count as
    within; a point guide (low = high) is widened by ``tolerance`` x its absolute value."""
    lo, hi = guide
    if _same(lo, hi):
        slack = tolerance * abs(lo)
        lo, hi = lo - slack, hi + slack
    if actual > hi and not _same(actual, hi):
        return "above"
    if actual < lo and not _same(actual, lo):
        return "below"
    return "within"


def _by_columns(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    if isinstance(by, Sequence) and all(isinstance(c, str) for c in by):
        return list(by)
    raise ConfigError(f"by must be a column name or a list of column names, not {by!r}")


def default_by(df: pd.DataFrame, what: str = "track_guidance") -> list[str]:
    """The grouping when the caller gives no ``by``: ``["company"]`` when the frame's
    ``company`` column names a company for every call, ``[]`` (one company) when it names
    none or the column is missing. Raises :class:`~kpi_extract.errors.FrameError` when some
    calls name a company and others do not: they cannot be told apart without a guess."""
    if COMPANY not in df.columns:
        return []
    calls = df[["doc_id", COMPANY]].drop_duplicates("doc_id")
    named = calls[COMPANY].notna()
    if not named.any():
        return []
    if not named.all():
        unnamed = [str(d) for d in calls.loc[~named, "doc_id"]]
        shown = ", ".join(unnamed[:5]) + (f" and {len(unnamed) - 5} more" if len(unnamed) > 5 else "")
        companies = ", ".join(sorted(map(str, calls.loc[named, COMPANY].unique())))
        raise FrameError(
            f"{what}: {len(unnamed)} call(s) name no company ({shown}) while the others are of {companies}; name "
            "them (extract_many(..., company=...) or dict items {'text': ..., 'company': ...}, or fill "
            "df['company']), or pass by=[] to track every call as one company's")
    return [COMPANY]


def _check(df: object, by: list[str], what: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise InputTypeError(f"{what} takes the DataFrame of kpi_extract.extract_many(), not {type(df).__name__}")
    missing = tuple(c for c in (*REQUIRED_COLUMNS, *by) if c not in df.columns)
    if missing:
        raise FrameError(f"{what}: the frame lacks the column(s) {', '.join(missing)} (it needs the columns of "
                         "kpi_extract.extract(); `by` names columns of the frame)", missing=missing)
    return df


def _finals(guides: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each call's kept guide of the item, in call order: its best-evidenced ``guide``
    mention (:func:`~kpi_extract.analysis.guidance_evidence.read_mention`; ties: the earlier
    mention, or the later with ``tie_break: "last"`` in ``data/guidance.json``). When the
    first call that guides the item also restates a prior outlook for it ("up from our
    prior range of ..."), that prior guide comes first: the call gives its own revision."""
    last = settings()["tie_break"] == "last"
    best: dict[int, dict[str, Any]] = {}
    prior: dict[int, dict[str, Any]] = {}
    for g in guides:
        rank = g["call"].rank
        if g["kind"] == "prior":
            prior.setdefault(rank, g)
            continue
        kept = best.get(rank)
        if kept is None or g["score"] > kept["score"] or (last and g["score"] == kept["score"]):
            best[rank] = g
    finals = [best[k] for k in sorted(best)]
    if finals and finals[0]["call"].rank in prior:
        finals.insert(0, prior[finals[0]["call"].rank])
    return finals


def _group_rows(rows: list[dict[str, Any]], tolerance: float) -> tuple[list[dict], list[dict], list[str]]:
    """Tracker rows and history rows of one company's calls, and its undated doc_ids."""
    calls, undated = order_calls(rows)
    actuals = read_actuals(rows, calls)
    track, history = [], []
    read = read_guides(rows, calls)
    for key, guides in read.items():
        finals = _finals(guides)
        if not any(f["kind"] == "guide" for f in finals):
            continue  # only prior outlooks restated: no guide of this item in these calls
        first, latest = finals[0], finals[-1]
        twin = adjusted_twin(key, latest, actuals, read)
        picked = None if latest["other_base"] else pick_actual(  # against an older year: no yoy result closes it
            key, actuals.get(twin or key, []), (latest["low"], latest["high"]),
            frozenset(g["call"].rank for g in guides if g["kind"] == "guide"), recalled_only(guides))
        item = dict(zip(TRACK_KEY, key))
        out = {**item, "first_doc_id": first["call"].doc_id, "first_low": first["low"], "first_high": first["high"],
               "latest_doc_id": latest["call"].doc_id, "latest_low": latest["low"], "latest_high": latest["high"],
               "n_revisions": len(finals) - 1, "outcome": "pending", "conflict": _conflict(guides, latest),
               "_order": (period_end(key[-2], key[-1]), quarters_spanned(key[-1]), first["call"].rank, first["start"])}
        if len(finals) > 1:
            before = finals[-2]
            out["last_revision"] = classify_revision((before["low"], before["high"]), (latest["low"], latest["high"]))
        if picked is not None:
            call, start, value = picked
            given = [f for f in finals if f["call"].rank <= call.rank] or finals
            ref = (given[-1]["low"], given[-1]["high"])
            mid = (ref[0] + ref[1]) / 2
            out.update(actual=value, actual_doc_id=call.doc_id, actual_start=start,
                       outcome=classify_outcome(value, ref, tolerance),
                       surprise_pct=(value - mid) / abs(mid) * 100 if mid != 0 else math.nan)
        track.append(out)
        history.extend(_history_rows(item, guides, finals, out))
    return track, history, undated


def _conflict(guides: list[dict[str, Any]], kept: dict[str, Any]) -> bool:
    """Whether the call of the ``kept`` guide gave the item another value as a guide too."""
    return any(g["kind"] == "guide" and g["call"].rank == kept["call"].rank
               and (g["low"], g["high"]) != (kept["low"], kept["high"]) for g in guides)


def _history_rows(item: dict[str, Any], guides: list[dict[str, Any]], finals: list[dict[str, Any]],
                  tracked: dict[str, Any]) -> Iterable[dict[str, Any]]:
    kept = {f["call"].rank: f for f in finals if f["kind"] == "guide"}
    previous = {f["call"].rank: finals[i - 1] for i, f in enumerate(finals) if i > 0 and f["kind"] == "guide"}
    seen: set[tuple[int, str, float, float]] = set()
    for g in guides:
        call = g["call"]
        final = kept.get(call.rank)
        if final is None or (call.rank, g["kind"], g["low"], g["high"]) in seen:
            continue  # the same range said again in the same call, or a prior outlook of a call without a guide
        seen.add((call.rank, g["kind"], g["low"], g["high"]))
        before = previous.get(call.rank)
        is_final = g["kind"] == "guide" and (g["low"], g["high"]) == (final["low"], final["high"])
        yield {**item, "doc_id": call.doc_id, "report_fiscal_year": call.year, "report_fiscal_period": call.period,
               "call_rank": call.rank, "start": g["start"], "low": g["low"], "high": g["high"], "final": is_final,
               "revision": None if before is None or g["kind"] == "prior"
               else classify_revision((before["low"], before["high"]), (g["low"], g["high"])),
               "prior": g["kind"] == "prior", "conflict": _conflict(guides, final), "evidence": g["score"],
               "rule": g["rule"], "sentence": g["sentence"],
               "actual": tracked.get("actual"), "actual_doc_id": tracked.get("actual_doc_id"),
               "_order": tracked["_order"]}


def _run(df: object, by: str | Sequence[str] | None, tolerance: float, what: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    cols = _by_columns(by)
    frame = _check(df, cols, what)
    if by is None:
        cols = default_by(frame, what)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not tolerance >= 0:
        raise ConfigError(f"tolerance must be a number >= 0 (a relative margin: 0.01 is 1%), not {tolerance!r}")
    groups: dict[tuple[Hashable, ...], list[dict[str, Any]]] = defaultdict(list)
    for r in records(frame, (*REQUIRED_COLUMNS, *cols)):
        groups[tuple(r[c] for c in cols)].append(r)
    track, history, undated = [], [], []
    for gkey, rows in groups.items():
        t, h, u = _group_rows(rows, float(tolerance))
        group = dict(zip(cols, gkey))
        track += [{**group, **r} for r in t]
        history += [{**group, **r} for r in h]
        undated += u
    if undated:
        warnings.warn(PeriodWarning(
            f"no reporting period for {len(undated)} call(s): {', '.join(undated)}; they are ordered by doc_id after "
            "the dated calls (pass reporting_period= to extract, or fix the transcript headers)"), stacklevel=3)
    return (_frame(track, TRACK_SCHEMA, frame, cols),
            _frame(history, HISTORY_SCHEMA, frame, cols, ("call_rank", "start")))


def _frame(rows: list[dict[str, Any]], schema: Schema, source: pd.DataFrame, by: list[str],
           then: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows sorted (group, item period, first mention) as a frame: ``by`` columns in their
    source dtype, then the schema's columns."""
    group_index = {}
    for r in rows:
        group_index.setdefault(tuple(r[c] for c in by), len(group_index))
    rows = sorted(rows, key=lambda r: (group_index[tuple(r[c] for c in by)], r["_order"], *(r[c] for c in then)))
    out = schema.frame(rows) if rows else schema.empty()
    for i, c in enumerate(by):
        out.insert(i, c, pd.Series([r[c] for r in rows], dtype=source[c].dtype))
    return out


def track_guidance(df: pd.DataFrame, *, by: str | Sequence[str] | None = None, tolerance: float = 0.0,
                   history: bool = False) -> pd.DataFrame:
    """One row per guided item of the calls in ``df`` (columns: ``kpi_extract.schema.TRACK_SCHEMA``).

    Parameters
    ----------
    df : rows of :func:`kpi_extract.extract_many` (or of several ``extract`` calls, concatenated)
        for the calls of one company, in any order; it needs :data:`REQUIRED_COLUMNS`.
    by : column(s) of ``df`` naming the company when it holds several; each group is tracked
        on its own and the ``by`` columns come first in the result. ``None`` (default):
        ``"company"`` when that column names the company of every call (one or several
        companies), no grouping when it names none (see :func:`default_by`); ``[]``: no
        grouping whatever the frame holds.
    tolerance : relative margin around a point guide (low = high) within which an actual is
        ``within`` (0.01: 1% of the guided value). Ranges are never widened.
    history : return :func:`guidance_history` instead.

    Returns
    -------
    pandas.DataFrame
        Sorted by group, item period and first mention: ``first_*`` and ``latest_*``
        guides, ``n_revisions``, ``last_revision`` (``maintained``, ``narrowed``,
        ``widened``, ``raised``, ``lowered``; ``<NA>`` when guided once), the ``actual`` and
        ``outcome`` (``above``, ``within``, ``below`` the latest guide given up to the
        actual's call, ``pending`` without an actual) and ``surprise_pct``. The frame of one
        call gives every item ``pending``.

    Raises
    ------
    FrameError
        When columns are missing or, with ``by=None``, when some calls name a company and
        others none.
    InputTypeError
        When ``df`` is no DataFrame.

    Warns
    -----
    PeriodWarning
        Naming calls without a reporting period.
    """
    track, hist = _run(df, by, tolerance, "track_guidance")
    return hist if history else track


def guidance_history(df: pd.DataFrame, *, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """One row per guide per call (columns: ``kpi_extract.schema.HISTORY_SCHEMA``): each
    distinct range a call gave for an item, with ``final`` marking the call's last word,
    ``revision`` against the previous call's final guide and the item's ``actual``. Same
    input, errors and warnings as :func:`track_guidance`."""
    return _run(df, by, 0.0, "guidance_history")[1]
