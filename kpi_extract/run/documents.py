"""One document during a run: its reporting period, the rows of its paragraphs so far, its
fault; and its finished rows, with an outlook's period carried to later guidance."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kpi_extract.document.call import reading_for

__all__ = ["Document", "GUIDANCE_CARRY_CHARS", "carry_guidance_periods"]

#: how far (characters) an outlook's period carries to later guidance without one
GUIDANCE_CARRY_CHARS = 1000


@dataclass
class Document:
    """``report`` is the reporting period given for the run, or else the one read from
    ``text`` (``{}`` when neither): see :meth:`read`."""

    doc_id: str
    text: str
    report: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    error: Exception | None = None

    @classmethod
    def read(cls, doc_id: str, text: str, given: dict[str, Any], fye_month: int) -> "Document":
        return cls(doc_id, text, reading_for(text, given=given, fye_month=fye_month).report)

    @property
    def unknown(self) -> bool:
        """Whether the document has text but no reporting period, given or found."""
        return not self.report and bool(self.text.strip())

    def finished_rows(self) -> Iterator[dict[str, Any]]:
        """The document's rows, in text order, once its last paragraph is done."""
        return carry_guidance_periods(self.rows)


def carry_guidance_periods(rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """``rows`` (of one document, in text order), guidance without a period taking the period
    of the guidance before it within ``GUIDANCE_CARRY_CHARS``, across sentences and
    paragraphs: "For the third quarter, we expect revenue of $A. Non-GAAP EPS is expected
    to be $B." gives $B the third quarter. The rows are updated in place."""
    last: dict[str, Any] | None = None
    for row in rows:
        if row.get("role") == "guidance":
            if row.get("period_text") is not None:
                last = row
            elif last is not None and row["start"] - last["end"] <= GUIDANCE_CARRY_CHARS:
                row.update(fiscal_year=last["fiscal_year"], fiscal_period=last["fiscal_period"],
                           period_text=last["period_text"])
                last = row
        yield row
