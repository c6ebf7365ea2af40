"""From processed docs to rows of the output contract (see :mod:`kpi_extract.schema`)."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc

from kpi_extract.fiscal import QUARTERS, ends_year, last_quarter, last_quarter_of, shift_quarter
from kpi_extract.pipeline.periods.reporting import resolve

__all__ = ["doc_rows", "value_period"]

_DEFAULTS = {"role": "actual", "qualifier": "exact", "adjusted": False, "confidence": 0.0, "source": "text"}


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    if doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(0, len(doc.text))]


#: longest ``sentence`` cell; a longer sentence (a table flattened into one line, say) is
#: cut to a window around the value, marked with "…", so the column stays linear in size
MAX_SENTENCE_CHARS = 600


def _evidence(text: str, s0: int, s1: int, start: int, end: int) -> str:
    if s1 - s0 <= MAX_SENTENCE_CHARS:
        return text[s0:s1].strip()
    half = max(0, (MAX_SENTENCE_CHARS - (end - start)) // 2)
    lo, hi = max(s0, start - half), min(s1, end + half)
    return ("…" if lo > s0 else "") + text[lo:hi].strip() + ("…" if hi < s1 else "")


def value_period(v: dict[str, Any], report: tuple[int, str] | None, fye_month: int,
                 naming: str = "end") -> tuple[int | None, str | None]:
    """The value's absolute period: its own cue resolved against the report (a result's cue,
    "a strong start to the year", is none for guidance), else the
    report's period for actuals and changes, and the guided year for guidance."""
    role = v.get("role", "actual")
    ref = v.get("period_ref")
    if ref is not None and ref.get("results") and role in ("guidance", "target"):
        ref = None  # "with a strong start to the year, we expect ...": a result's period, not the outlook's
    if ref is not None:
        if role in ("guidance", "target") and ref.get("fy") == 0 and report and ends_year(report[1]):
            ref = {"fy": 1}  # "full year" guidance given in a year-end call is for the next year
        return resolve(ref, report, role=role, fye_month=fye_month, naming=naming)
    if report is None:
        return None, None
    if role == "guidance":
        return (report[0] + 1 if ends_year(report[1]) else report[0]), "FY"
    if role == "target":
        return None, None
    return report


def _guided_past(v: dict[str, Any], report: tuple[int, str] | None, fye_month: int, naming: str) -> bool:
    """Guidance whose period cue ends with or before the reported quarter: the cue names what the
    outlook is compared with ("$3.00 to $3.20, up 12% from 2020's", "growth
    of 5% to 7% versus fiscal 2020"), not the outlook's own period; a single level is
    that past year's result when the year names its metric ("2020's earnings of $2.85")."""
    if v.get("role") != "guidance" or v.get("period_ref") is None or report is None:
        return False
    fy, fp = value_period(v, report, fye_month, naming)
    last, now = last_quarter_of(fp), last_quarter_of(report[1])
    if fy is None or last is None or now is None:
        return False
    # a period ending with the reported quarter is reported, not guided: a year-end call's own
    # year ("up from 18.1% in fiscal year '21"), "in the second quarter" of a second-quarter call
    return (fy, last) <= (report[0], now)


def _year_on(v: dict[str, Any], report: tuple[int, str], fye_month: int, naming: str) -> dict[str, Any] | None:
    """The period of guidance compared with a past quarter ("EPS of $0.40 to $0.44, double
    last year's first-quarter EPS"): that quarter a year on, when it is one of the two
    quarters after the report (not "results through the first quarter" of a second-quarter
    call); else None (a past year or half names no outlook period)."""
    fy, fp = value_period(v, report, fye_month, naming)
    if fy is None or fp not in QUARTERS or (fy, fp) == tuple(report):
        return None
    ahead = [shift_quarter(report[0], last_quarter(report[1]), k) for k in range(1, 3)] if report[1] in QUARTERS else []
    if v["period_ref"].get("dy") == -1 and ends_year(report[1]):
        fy += 1  # a year-end call guiding the next year: its "last year" is the year just reported
    return {"y": fy + 1, "p": fp} if (fy + 1, fp) in ahead else None


def _range_for_next_quarter(v: dict[str, Any], report: tuple[int, str] | None) -> bool:
    """A range read as a level for "the fourth quarter" in a third-quarter call ("the
    revenue range for the fourth quarter is between $270 million and $300 million") is the
    outlook for the quarter ahead: a level is not given as a range, and a bare quarter name
    one quarter ahead of the report is that quarter, not the same quarter a year ago."""
    ref = v.get("period_ref")
    if v.get("role", "actual") != "actual" or v.get("qualifier") not in ("range_low", "range_high") \
            or report is None or not report[1].startswith("Q") or not ref \
            or ref.get("dy") != 0 or ref.get("explicit") or not str(ref.get("p", "")).startswith("Q"):
        return False
    return shift_quarter(report[0], int(report[1][1]), 1)[1] == ref["p"]


def doc_rows(doc: Doc, *, doc_id: str, offset: int = 0, report: dict[str, Any] | None = None,
             fye_month: int = 12, text: str | None = None, naming: str = "end") -> Iterator[dict[str, Any]]:
    """One row dict per value of ``doc`` (``doc._.kpi_values``), offsets shifted by ``offset``;
    ``report`` holds ``report_fiscal_year`` / ``report_fiscal_period`` when known; ``text`` is
    ``doc.text`` when the caller has it (``Doc.text`` joins every token anew).

    Columns the pipeline does not fill stay absent (``<NA>`` in the frame)."""
    report = report or {}
    rp = (report["report_fiscal_year"], report["report_fiscal_period"]) if report.get("report_fiscal_year") else None
    values = doc._.kpi_values or []
    if not values:
        return
    if text is None:
        text = doc.text
    bounds: list[tuple[int, int]] = []
    starts: list[int] = []
    for v in values:
        if "sent_start" in v:  # set by the linker
            s0, s1 = v["sent_start"], v["sent_end"]
        else:  # a pipeline without the linker: find the sentence here, once per doc
            if not bounds:
                bounds = _sentence_bounds(doc)
                starts = [b[0] for b in bounds]
            s0, s1 = bounds[max(0, bisect_right(starts, v["start"]) - 1)]
        row = dict(_DEFAULTS)
        row.update(report)
        if _range_for_next_quarter(v, rp):
            v = {**v, "role": "guidance"}
        if _guided_past(v, rp, fye_month, naming):
            if v["period_ref"].get("mod") and v.get("qualifier") not in ("range_low", "range_high"):
                v = {**v, "role": "actual"}  # one level of a past year's metric ("from 2020's earnings of $2.85")
            else:  # the outlook's period is not the one it is compared with
                on = _year_on(v, rp, fye_month, naming) if rp is not None else None
                v = {k: x for k, x in v.items() if k not in ("period_ref", "period_text")}
                if on is not None:
                    v["period_ref"] = on
        row["fiscal_year"], row["fiscal_period"] = value_period(v, rp, fye_month, naming)
        row.update(
            doc_id=doc_id, start=v["start"] + offset, end=v["end"] + offset,
            value_text=text[v["start"]:v["end"]], value=v["value"], unit=v["unit"],
            qualifier=v["qualifier"], sentence=_evidence(text, s0, s1, v["start"], v["end"]),
        )
        for key in ("metric", "metric_text", "metric_start", "metric_end", "segment", "adjusted", "role",
                    "comparison", "period_text", "confidence", "basis_said", "parent_metric", "parent_metric_text",
                    "parent_metric_start", "parent_metric_end"):
            if key in v:
                row[key] = v[key]
        for key in ("metric_start", "metric_end", "parent_metric_start", "parent_metric_end"):
            if row.get(key) is not None:
                row[key] += offset
        yield row
