"""Reading guides and actuals out of extracted rows, for :mod:`kpi_extract.analysis.guidance`.

Calls are ordered by reporting period (:func:`order_calls`); guidance rows become guides
``(low, high)`` per item (:func:`read_guides`), actual and change rows the candidate
actuals (:func:`read_actuals`). Two kinds of guidance rows restate a past guide rather
than give a new one:

* a *back-reference*, a value right after "<cue> ... <noun> of" in its sentence ("above
  the high end of our guidance range of $400 million to $415 million", "compared with our
  prior range of ..."); the cue and noun lists are data (``data/guidance.json``). These
  are left out: the pipeline often gives them the period of the outlook next to them.
* a *recalled* guide, for a period that has ended by the call's reporting period ("we had
  guided third-quarter revenue to $410 million to $425 million" in the Q3 call). It is kept only for an item no call guided ahead of time.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpi_extract.analysis.guidance_basis import TRACK_KEY, mark_bases
from kpi_extract.analysis.guidance_evidence import back_reference, is_comparison_base, read_mention, revises, settings
from kpi_extract.analysis.guidance_scope import (against_year, change_range, counterfactual, decade, directed,
                                                 effect_on_metric, elapsed_span, hypothetical, in_cause,
                                                 increment_after, other_year_before, part_modifier, part_subject,
                                                 range_end_after, signed, tolerance_of)
from kpi_extract.analysis.guidance_segments import (clause_of, period_said_after, proper_name, said_period_kind,
                                                    segment_said, year_said_after)
from kpi_extract.analysis.views import not_analyst
from kpi_extract.fiscal import period_end
from kpi_extract.phrases import alternation

__all__ = ["REQUIRED_COLUMNS", "OPTIONAL_COLUMNS", "Call", "Key", "item_key", "records", "order_calls", "read_guides", "read_actuals", "recalled_only",
           "is_back_reference"]

#: the columns of :func:`kpi_extract.extract`'s frame that the tracker reads
REQUIRED_COLUMNS = ("doc_id", "start", "value_text", "value", "unit", "metric", "segment", "adjusted", "role",
                    "comparison", "qualifier", "fiscal_year", "fiscal_period", "sentence", "report_fiscal_year",
                    "report_fiscal_period")

#: columns read when the frame has them (evidence for a guide: :mod:`~kpi_extract.analysis.guidance_evidence`;
#: the basis: :mod:`~kpi_extract.analysis.guidance_basis`)
OPTIONAL_COLUMNS = ("period_text", "section", "metric_text", "metric_start")

#: what may stand between the two ends of a range the pipeline gave as two points ("about $0.05
#: to $0.20", "$0.90 and to $1.00", "$0.90 up to $1.00", "down 3% to up 1%", "a decline of 1% to an increase of 1%")
_RANGE_GAP = re.compile(r"\s*(?:\[[^\]]{0,20}\]\s*)?(?:and\s+to|up\s+to|to\s+(?:up|down)|to|and|-|\u2013|\u2014)"
                        r"\s*(?:approximately\s+|about\s+|a\s+|an\s+)?(?:(?:decline|decrease|increase|growth|reduction)"
                        r"\s+of\s+)?$",
                        re.IGNORECASE)

#: "in the range of 23%, 24%": two values a comma joins are a range after a range word
_RANGE_COMMA = re.compile(r"\s*,\s*")
_RANGE_LEAD = re.compile(r"(?<![\w-])(?:range\s+of|between)\s*(?:approximately\s+|about\s+)?[$]?\s*$", re.IGNORECASE)

#: a comparison base right before an actual ("increased $0.98 from $5.67") and multi-year figures
_FROM_BASE = re.compile(r"(?<![\w-])from\s+(?:approximately\s+|about\s+|roughly\s+)?\$?\s*$", re.IGNORECASE)
_MULTI_YEAR = re.compile(rf"(?<![\w-])(?:{alternation(settings()['multi_year_words'])})(?![\w-])", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
Key = tuple[Any, ...]


@dataclass(frozen=True)
class Call:
    """One call: its ``doc_id``, reporting period (``None`` when unknown) and rank."""

    doc_id: str
    year: int | None
    period: str | None
    rank: int = -1

    @property
    def end(self) -> int | None:
        return None if self.year is None or self.period is None else period_end(self.year, self.period)


def records(df: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values, ``None`` for every kind of NA; an analyst's rows
    are left out (:func:`~kpi_extract.analysis.views.not_analyst`): neither guide nor actual.
    Each row gets its ``basis`` (:func:`~kpi_extract.analysis.guidance_basis.mark_bases`)."""
    wanted = list(dict.fromkeys((*columns, *(c for c in OPTIONAL_COLUMNS if c in df.columns))))
    sub = df.loc[not_analyst(df), wanted].astype(object)
    out = sub.where(sub.notna(), None).to_dict("records")
    for c in OPTIONAL_COLUMNS:
        if c not in df.columns:
            for r in out:
                r[c] = None
    mark_bases(out)
    return out


def order_calls(rows: list[dict[str, Any]]) -> tuple[dict[str, Call], list[str]]:
    """``doc_id -> Call`` with ranks (dated calls by reporting period, then the undated by
    doc_id) and the undated doc_ids."""
    seen: dict[str, Call] = {}
    for r in rows:
        doc = str(r["doc_id"])
        call = seen.get(doc)
        if call is None or (call.year is None and r["report_fiscal_year"] is not None):
            seen[doc] = Call(doc, r["report_fiscal_year"], r["report_fiscal_period"])
    dated = sorted((c for c in seen.values() if c.end is not None), key=lambda c: (c.end, c.doc_id))
    undated = sorted((c for c in seen.values() if c.end is None), key=lambda c: c.doc_id)
    calls = {c.doc_id: Call(c.doc_id, c.year, c.period, i) for i, c in enumerate(dated + undated)}
    return calls, [c.doc_id for c in undated]


def item_key(r: dict[str, Any]) -> Key:
    """The tracker's item of a row (:data:`~kpi_extract.analysis.guidance_basis.TRACK_KEY`)."""
    return tuple(bool(r[k]) if k == "adjusted" else r.get(k) for k in TRACK_KEY)


def is_back_reference(before: str) -> bool:
    """Whether the text right before a guided value restates a past guide ("... above our
    outlook of " -> True, "we now expect revenue of " -> False)."""
    return back_reference(before) is not None


def _text_before(r: dict[str, Any], earlier_same: int) -> str:
    """The sentence up to the value (its ``earlier_same``-th repeat when the value's words
    occur several times); ``""`` when the words cannot be found."""
    sentence, words = r["sentence"] or "", r["value_text"] or ""
    pos = -1
    for _ in range(earlier_same + 1):
        pos = sentence.find(words, pos + 1)
        if pos < 0 or not words:
            return ""
    return sentence[:pos]


def _text_after(r: dict[str, Any], repeats: dict[tuple[Any, ...], list[int]]) -> str:
    """The sentence after the value ``r`` (``""`` when its words cannot be found)."""
    before = _text_before(r, repeats[(r["doc_id"], r["sentence"], r["value_text"])].index(r["start"]))
    if not before and not (r["sentence"] or "").startswith(r["value_text"] or "\0"):
        return ""
    return (r["sentence"] or "")[len(before) + len(r["value_text"] or ""):]


def _pairs(r: dict[str, Any], nxt: dict[str, Any] | None, gap: str) -> bool:
    """Whether ``r`` and the next guidance row are the two ends of one range: the pipeline's
    ``range_low`` / ``range_high``, or two values of the item joined by "to" / "-" in one
    sentence ("about $0.05 to $0.20", each end read as a point)."""
    if nxt is None or nxt["doc_id"] != r["doc_id"] or item_key(nxt) != item_key(r):
        return False
    if r["qualifier"] == "range_low" and nxt["qualifier"] == "range_high":
        return True
    return (nxt["sentence"] == r["sentence"] and r["qualifier"] not in ("range_low", "range_high")
            and nxt["qualifier"] not in ("range_low", "range_high") and _RANGE_GAP.fullmatch(gap) is not None)


def read_guides(rows: list[dict[str, Any]], calls: dict[str, Call]) -> dict[Key, list[dict[str, Any]]]:
    """item key -> its guides ``{call, start, low, high, recalled, kind, score, rule, sentence}``
    in call order, then text order (``kind``: ``guide`` or ``prior``, see
    :func:`~kpi_extract.analysis.guidance_evidence.read_mention`). Restated guides and
    mentions that are no guide are left out; recalled guides are kept only for items no
    call guided ahead."""
    repeats: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: (str(r["doc_id"]), r["start"])):
        repeats[(r["doc_id"], r["sentence"], r["value_text"])].append(r["start"])
    mine = sorted((r for r in rows if r["role"] == "guidance" and r["metric"] is not None
                   and r["fiscal_year"] is not None and r["fiscal_period"] is not None),
                  key=lambda r: (calls[str(r["doc_id"])].rank, r["start"]))
    names = _segment_names(rows)
    items: dict[Key, list[dict[str, Any]]] = defaultdict(list)
    i = 0
    while i < len(mine):
        r, key = mine[i], item_key(mine[i])
        nxt = mine[i + 1] if i + 1 < len(mine) else None
        before = _text_before(r, repeats[(r["doc_id"], r["sentence"], r["value_text"])].index(r["start"]))
        gap = ""
        if nxt is not None and nxt["sentence"] == r["sentence"] and before:
            after = (r["sentence"] or "")[len(before) + len(r["value_text"] or ""):]
            gap = after[:max(0, after.find(nxt["value_text"] or "\0"))] if (nxt["value_text"] or "") in after else "x"
        is_range = _pairs(r, nxt, gap) or (_pairs(r, nxt, "to") and _RANGE_COMMA.fullmatch(gap) is not None
                                           and _RANGE_LEAD.search(before[-40:]) is not None)
        tolerance = not is_range and tolerance_of(r, nxt, gap)
        last = nxt if is_range or tolerance else r
        if is_range:
            low, high = sorted((float(r["value"]), float(nxt["value"])))
            i += 2
        elif tolerance:  # "$1.3 billion, plus or minus $20 million"
            low, high = float(r["value"]) - abs(float(nxt["value"])), float(r["value"]) + abs(float(nxt["value"]))
            i += 2
        else:
            low, high = decade(before, float(r["value"]))
            i += 1
        call = calls[str(r["doc_id"])]
        recalled = call.end is not None and period_end(key[-2], key[-1]) <= call.end
        after, segments = _text_after(last, repeats), tuple(sorted(names[str(r["doc_id"])]))
        said_years = _YEAR.findall(year_said_after(after))
        if said_years and str(key[-2]) not in said_years:
            continue  # "growth to $2.6 billion free cash flow in 2020" on a 2021 row: not the 2021 guide
        if period_said_after(after) not in (None, "quarter" if str(key[-1]).startswith("Q") else "span"):
            continue  # "$60 million to $80 million ... for fiscal year 2021" read as a quarter's: not its guide
        other_base, clause = False, clause_of(before)
        if key[TRACK_KEY.index("comparison")] is not None:  # "400 basis points higher than", "a contraction of 7% ..."
            # "Q3 inventory up around 10% versus 2019" in 2021: a guide no year-over-year result closes
            other_base = against_year(after, key[-2], change=True, own=True)
            low, high = change_range(low, high, clause, after)
        named = _named_segment(r, before, after, segments)
        if named == "":
            continue  # a segment's guide, the segment unnamed ("for this segment, we expect")
        if named is not None:
            r = {**r, "segment": named}
            key = item_key(r)
        seen = read_mention(before, r, is_range=is_range, recalled=recalled, after=after, segments=segments)
        if seen.kind not in ("guide", "prior") or seen.kind == "guide" and (effect_on_metric(clause) or in_cause(clause) or (
                "outlook" not in seen.rule and "company_cue" not in seen.rule and elapsed_span(clause, after))):
            continue  # "the impact ... will decrease revenue by", "... to $916 million over the past 12 months"
        items[key].append({"call": call, "start": int(r["start"]), "low": low, "high": high, "recalled": recalled,
                           "before": before, "other_base": other_base,
                           "kind": seen.kind, "score": seen.score, "rule": seen.rule, "sentence": r["sentence"]})
    for gs in items.values():
        _later_revision(gs)
        _respectively(gs)
    return {k: [g for g in gs if not g["recalled"]] or gs for k, gs in items.items()}


def _own_words(before: str, after: str) -> str:
    """The words of a value's own reading: from the number before it to the number after it."""
    return re.split(r"\d[\d.,]*|\band\b", clause_of(before))[-1] + " " + re.split(r"\d|\band\b", after[:60])[0]


def _period_fits(before: str, after: str, period: str) -> bool:
    """Whether the period word of an actual's value (:func:`~kpi_extract.analysis.
    guidance_segments.said_period_kind`: right after it, else nearest before it) is of the kind
    of its ``period``: a quarter's word for ``Q1``-``Q4``, a year's (or half's, nine months')
    for the others; no word fits any."""
    said = said_period_kind(before, after)
    return said is None or (said == "quarter") == str(period).startswith("Q")


def _segment_names(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    """doc_id -> the segment names its rows carry, and the proper names (capitalized, no
    period or company word) of the segments the company's other calls carry: a segment the
    pipeline tagged in one call ("Research") is one in the next ("research revenues grew")."""
    names: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r["segment"] is not None:
            names[str(r["doc_id"])].add(str(r["segment"]))
    company = {n for ns in names.values() for n in ns if n[:1].isupper() and proper_name(n) == n}
    out: dict[str, set[str]] = defaultdict(lambda: set(company))
    out.update({doc: ns | company for doc, ns in names.items()})
    return out


def _named_segment(r: dict[str, Any], before: str, after: str, segments: tuple[str, ...]) -> str | None:
    """The segment a row without one is said of (:func:`~kpi_extract.analysis.guidance_segments.segment_said`,
    else a part its metric words name: :func:`~kpi_extract.analysis.guidance_scope.part_modifier`)."""
    if r["segment"] is not None:
        return None
    at = r.get("metric_start")
    if at is not None:
        at = int(at) - (int(r["start"]) - len(before))
    part = part_modifier(r["metric"], r.get("metric_text"), before[:at] if at is not None and at >= 0 else "")
    if part is not None:
        return part
    return segment_said(before, after, segments, at, r.get("metric_text"))


def recalled_only(guides: list[dict[str, Any]]) -> frozenset[int]:
    """Ranks of the calls whose guides of an item all restate it for a period they report."""
    ranks = {g["call"].rank for g in guides if g["kind"] == "guide"}
    return frozenset(r for r in ranks if all(g["recalled"] for g in guides if g["call"].rank == r))


def _later_revision(guides: list[dict[str, Any]]) -> None:
    """Of two guides of an item in one sentence that revises a guide ("raising EPS from A to B
    to C to D", "GAAP EPS of A and adjusted EPS of B to GAAP EPS of C and ..."), the later
    ones score ``later_revision`` more: the new guide is said after the old."""
    first: dict[tuple[int, str], dict[str, Any]] = {}
    bonus = float(settings()["weights"].get("later_revision", 0))
    for g in guides:
        if g["kind"] != "guide":
            continue
        where = (g["call"].rank, g["sentence"])
        old = first.setdefault(where, g)
        if old is not g and revises(g["sentence"] or "", old["before"], g["before"]):
            g["score"] += bonus
            g["rule"] = f"{g['rule']}+later_revision" if g["rule"] else "later_revision"


def _respectively(guides: list[dict[str, Any]]) -> None:
    """Of several guides of an item in one "respectively" sentence ("segment and overall
    margins of 11% to 12% and 15% to 16%, respectively"), all but the last score
    ``respectively_other`` (negative): the values are dealt out in the order of the readings,
    and the item's own reading, nearest the values, is named last."""
    said = re.compile(rf"(?<![\w-])(?:{alternation(settings()['respectively_words'])})(?![\w-])", re.IGNORECASE)
    weight = float(settings()["weights"].get("respectively_other", 0))
    together: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for g in guides:
        if g["kind"] == "guide" and said.search(g["sentence"] or ""):
            together[(g["call"].rank, g["sentence"])].append(g)
    for gs in together.values():
        if len({(g["low"], g["high"]) for g in gs}) < 2:
            continue
        for g in gs[:-1]:
            g["score"] += weight
            g["rule"] = f"{g['rule']}+respectively_other" if g["rule"] else "respectively_other"


def read_actuals(rows: list[dict[str, Any]], calls: dict[str, Call]) -> dict[Key, list[tuple[Call, int, float]]]:
    """item key -> the actual mentions ``(call, start, value)`` that could close it: actual
    rows for levels, change rows (by their comparison) for changes; a comparison figure
    ("compared to $1.2 billion last year", "up from $80 million") is never one, even when
    the pipeline gave it the item's period."""
    found: dict[Key, list[tuple[Call, int, float]]] = defaultdict(list)
    names = _segment_names(rows)
    for r in rows:
        if r["metric"] is None or r["fiscal_year"] is None or r["fiscal_period"] is None:
            continue
        if r["role"] == "actual":
            key = item_key({**r, "comparison": None})
        elif r["role"] == "change" and r["comparison"] is not None:
            key = item_key(r)
        else:
            continue
        before = _text_before(r, 0)
        after = (r["sentence"] or "")[len(before) + len(r["value_text"] or ""):]
        if is_comparison_base(before) or is_back_reference(range_end_after(before)) or (
                r["role"] == "actual" and r["unit"] != "percent" and increment_after(after)):
            continue  # "above our guidance range of $371 million", "$1.1 million or 26% higher than": no result
        years = _YEAR.findall(r.get("period_text") or "") or _YEAR.findall(year_said_after(after))
        if years and str(r["fiscal_year"]) not in years:
            continue  # "in the fourth quarter of 2019" given the item's 2020: its own words say another year
        if other_year_before(before, r["fiscal_year"]):
            continue  # "exceeding fiscal 2020's total of $1.8 billion" on a 2021 row: the other year's figure
        if _FROM_BASE.search(before[-40:]) or _MULTI_YEAR.search(_own_words(before, after)):
            continue  # "increased $0.98 from $5.67", "or 3% on a two-year basis": no actual of the item
        if not _period_fits(before, after, r["fiscal_period"]):
            continue  # "our tax rate for quarter four was" read as the year's: not the year's actual
        named = _named_segment(r, before, after, tuple(sorted(names[str(r["doc_id"])]))) if before else None
        clause = clause_of(before)
        if named == "" or named is None and r["segment"] is None and part_subject(clause):
            continue  # a segment's figure, the segment unnamed ("our software businesses in this segment"): never the total's
        if elapsed_span(clause, after) or against_year(after, r["fiscal_year"], r["role"] == "change") or (
                counterfactual(clause) or hypothetical(clause) and not r["adjusted"] and r.get("basis") is None):
            continue  # "up 9% in four months", "above the 2020 amount", "Excluding the shift, margin was", "would have been"
        if named is not None:
            key = item_key({**r, "segment": named, "comparison": key[TRACK_KEY.index("comparison")]})
        value = signed(float(r["value"]), r["metric"], before)
        if r["role"] == "change":
            value = directed(value, value, after)[0]
        found[key].append((calls[str(r["doc_id"])], int(r["start"]), value))
    return found
