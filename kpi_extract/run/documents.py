"""One document during a run: its reporting period and company, the rows of its paragraphs so
far, its fault; and its finished rows, with an outlook's period carried to later guidance."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kpi_extract.document.call import reading_for
from kpi_extract.document.company import read_company
from kpi_extract.document.outlook import MAX_STATEMENT_CHARS, read_outlooks
from kpi_extract.document.scope import AdjustedScope, read_adjusted_scope
from kpi_extract.document.segments import read_segments
from kpi_extract.document.share_carry import carry_share_cues
from kpi_extract.document.speakers import Speakers, read_speakers
from kpi_extract.document.topic_carry import carry_segment_topics
from kpi_extract.fiscal import last_quarter_of
from kpi_extract.run.fronted import carry_fronted_periods
from kpi_extract.run.rows import value_period

__all__ = ["Document", "GUIDANCE_CARRY_CHARS", "carry_guidance_periods", "company_of"]

#: how far (characters) an outlook's period carries to later guidance without one
GUIDANCE_CARRY_CHARS = 1000


@dataclass
class Document:
    """``report`` is what every row of the document gets: the reporting period given for the
    run, or else the one read from ``text`` (no key when neither), and the ``company``
    (:func:`company_of`): see :meth:`read`."""

    doc_id: str
    text: str
    report: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    error: Exception | None = None
    #: why the reporting period is unknown, or how the caller's and the text's disagree
    note: str | None = None
    #: the month the document's fiscal year ends in (given, else read from the text, else 12)
    fye_month: int = 12
    #: the text's turns and sections (:func:`~kpi_extract.document.speakers.read_speakers`)
    speakers: Speakers = field(default_factory=Speakers)
    #: the segment names read from the whole text, for its paragraphs' docs (``doc._.kpi_doc_segments``)
    segments: list[str] = field(default_factory=list)
    #: "unless otherwise noted, all per-share figures are adjusted" (:mod:`kpi_extract.document.scope`)
    adjusted_scope: AdjustedScope | None = None
    #: how fiscal years are named (``"end"`` / ``"start"``), for the outlooks' periods
    naming: str = "end"

    @classmethod
    def read(cls, doc_id: str, text: str, given: dict[str, Any], fye_month: int | None,
             meta: dict[str, Any] | None = None, naming: str = "end") -> "Document":
        """The document with its reporting period (``meta``'s ``report`` or ``call_date``
        first, then the run's ``given``, then the text: :func:`kpi_extract.document.call.reading_for`)
        and its company (``meta``'s ``company``, else the text's); its segment names
        (:func:`~kpi_extract.document.segments.read_segments`)."""
        meta = meta or {}
        own_date = meta.get("call_date")  # a document's own call date wins over the run's period
        call = reading_for(text, given=meta.get("report") or (None if own_date is not None else given),
                           call_date=own_date if own_date is not None else meta.get("run_call_date"),
                           fye_month=fye_month, naming=naming)
        company = company_of(text, meta.get("company"))
        return cls(doc_id, text, {**call.report, "company": company}, note=call.note,
                   fye_month=call.fiscal_year_end_month, speakers=read_speakers(text),
                   segments=read_segments(text, company or ""), adjusted_scope=read_adjusted_scope(text),
                   naming=naming)

    @property
    def unknown(self) -> bool:
        """Whether the document has text but no reporting period, given or found."""
        return self.report.get("report_fiscal_year") is None and bool(self.text.strip())

    @property
    def reported(self) -> tuple[int, str] | None:
        """The reporting period as ``(fiscal_year, fiscal_period)``, or None when unknown."""
        if self.report.get("report_fiscal_year") is None:
            return None
        return self.report["report_fiscal_year"], self.report["report_fiscal_period"]

    def finished_rows(self, linked: bool = True) -> Iterator[dict[str, Any]]:
        """The document's rows, in text order, once its last paragraph is done, each with the
        ``section`` and ``speaker_role`` of the turn it stands in, and ``adjusted`` where a
        call-level scope statement covers a row whose sentence says no basis. Read across
        sentences first: amounts per share whose cue was said before their sentence
        (:func:`~kpi_extract.document.share_carry.carry_share_cues`; only when ``linked``, the
        pipeline links values, so that a row without a metric is one the linker could not
        link), a period fronted in the sentence before (:mod:`kpi_extract.run.fronted`), a
        segment topic carried past its paragraph (:mod:`kpi_extract.document.topic_carry`; only
        when ``linked``) and an outlook's period carried to later guidance."""
        scope = self.adjusted_scope
        if linked:
            carry_share_cues(self.rows, self.text)
        rp = self.reported
        carry_fronted_periods(self.rows, self.text, rp, self.fye_month, self.naming)
        if linked:
            carry_segment_topics(self.rows, self.text, self.segments)
        for row in carry_guidance_periods(self.rows, self.outlook_anchors(self.rows), rp):
            row.update(self.speakers.at(row["start"]))
            if scope is not None and row.get("metric") is not None and not row.get("adjusted") \
                    and not row.get("basis_said") and scope.covers(row):
                row["adjusted"] = True
            yield row


    def outlook_anchors(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The outlook statements (:mod:`kpi_extract.document.outlook`) in reach of a
        guidance row of ``rows`` without a period, as carry anchors (``start``, ``end``, ``fiscal_year``,
        ``fiscal_period``, ``period_text``), their periods resolved as guidance against the
        report; one whose period is not ahead of the reported quarter (a past-tense results
        line: "our first quarter results were better than we anticipated") is none."""
        rp = self.reported
        windows: list[tuple[int, int]] = []
        for row in rows:
            if row.get("role") == "guidance" and row.get("period_text") is None:
                lo = max(0, row["start"] - GUIDANCE_CARRY_CHARS - MAX_STATEMENT_CHARS)
                if windows and lo <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], row["start"])
                else:
                    windows.append((lo, row["start"]))
        out: list[dict[str, Any]] = []
        for st in read_outlooks(self.text, windows) if windows else ():
            if not _forward_ref(st.ref):
                continue
            fy, fp = value_period({"role": "guidance", "period_ref": st.ref}, rp, self.fye_month, self.naming)
            # a bare quarter or half ("the third quarter") is the one ahead of the reported
            # quarter, or in a year-end call the next year's; one not ahead is a results line
            bare = "p" in st.ref and "y" not in st.ref and not st.ref.get("explicit", True) and not st.ref.get("dy")
            if _ahead(fy, fp, rp) and not (bare and rp is not None and rp[1] != "Q4"
                                           and (last_quarter_of(st.ref["p"]) or 0) <= (last_quarter_of(rp[1]) or 4)):
                out.append({"start": st.start, "end": st.end, "fiscal_year": fy, "fiscal_period": fp,
                            "period_text": st.text})
        return out


def _forward_ref(ref: dict[str, Any]) -> bool:
    """A period an outlook can be for: a named quarter, half or year, "the full year", "next
    quarter"; not "the quarter", "last year", "the same period last year"."""
    if "y" in ref or "p" in ref:
        return ref.get("dy", 0) >= 0
    return ref.get("fy", -1) >= 0 or ref.get("dq", 0) > 0


def _ahead(fy: int | None, fp: str | None, report: tuple[int, str] | None) -> bool:
    """Whether the period ``(fy, fp)`` (a quarter, half or full year) ends after the
    reported quarter ``report`` (any such period when the report is unknown)."""
    last = last_quarter_of(fp) if fy is not None else None
    if last is None:
        return False
    return report is None or (fy, last) > (report[0], last_quarter_of(report[1]) or 4)


def company_of(text: str, given: str | None) -> str | None:
    """The document's company: the caller's ``given`` name wins over the one read from the
    text's opening (:func:`~kpi_extract.document.company.read_company`); ``None`` when neither."""
    return given if given is not None else read_company(text)


def carry_guidance_periods(rows: list[dict[str, Any]], anchors: list[dict[str, Any]] = (),  # type: ignore[assignment]
                           report: tuple[int, str] | None = None) -> Iterator[dict[str, Any]]:
    """``rows`` (of one document, in text order), guidance without a period taking the period
    of the guidance or outlook statement (``anchors``: :meth:`Document.outlook_anchors`)
    before it within ``GUIDANCE_CARRY_CHARS`` of the last one, across sentences and
    paragraphs: "For the third quarter, we expect revenue of $A. Non-GAAP EPS is expected
    to be $B." gives $B the third quarter; "Turning to the full year 2022. [a line without
    figures] We project EPS of $A." gives $A fiscal 2022. The carry ends at the next
    statement or guidance with its own period, or past that many characters; guidance whose
    own period is not ahead of the ``report`` (a past-tense line: "in the second quarter, we
    raised our outlook"), ends the carry without starting one; one that names no metric ("75% of
    our earnings are expected in the second half") starts none and ends one of another period. The rows are updated in place."""
    last: dict[str, Any] | None = None
    i = 0
    for row in rows:
        while i < len(anchors) and anchors[i]["start"] < row["start"]:
            last = anchors[i]
            i += 1
        if row.get("role") == "guidance":
            if row.get("period_text") is not None:
                own = (row.get("fiscal_year"), row.get("fiscal_period"))
                if row.get("metric") is None:  # names no metric: starts no carry, ends another period's
                    if last is not None and (last.get("fiscal_year"), last.get("fiscal_period")) != own:
                        last = None
                else:
                    last = row if report is None or _ahead(*own, report) else None
            elif last is not None and row["start"] - last["end"] <= GUIDANCE_CARRY_CHARS:
                row.update(fiscal_year=last["fiscal_year"], fiscal_period=last["fiscal_period"],
                           period_text=last["period_text"])
                if "role" in last:  # a statement reaches only as far as itself: no chain from its rows
                    last = row
        yield row
