"""Period references: the ``kpi_periods`` component.

Requires: a tokenizer. Assigns: ``doc.spans["kpi_periods"]`` and ``doc._.kpi_periods`` (one
dict per span: char and token offsets, ``text`` and ``ref``, a small dict saying what the
words mean, absolute or relative to the reporting period):

=================================  ===========================================
words                              ref
=================================  ===========================================
``Q4 2022``, ``fourth quarter of   ``{"y": 2022, "p": "Q4"}``
2022``, ``4Q22``, ``FY2022``
``the fourth quarter``             ``{"p": "Q4", "dy": 0}`` (year of the report)
``the second quarter last year``   ``{"p": "Q2", "dy": -1}``
``this quarter`` / ``last quarter``  ``{"dq": 0}`` / ``{"dq": -1}``
``same period last year``          ``{"same": -1}``
``the same period of 2021``        ``{"same_year": 2021}`` (the report's period, that year)
``full year`` / ``next year``      ``{"fy": 0}`` / ``{"fy": 1}``
``as of December 31, 2022``        ``{"date": [2022, 12]}`` (the fiscal quarter holding it)
``our 2022 guidance``, ``2021's``  ``{"y": 2022, "p": "FY", "mod": True}`` (a bare year as a modifier)
=================================  ===========================================

The patterns are :class:`~kpi_extract.pipeline.periods.grammar.PeriodGrammar`'s, built from
``data/periods.json``. Resolution
(:func:`~kpi_extract.pipeline.periods.reporting.resolve`) needs the document's reporting
period and fiscal year end, so it runs when rows are built.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kpi_extract.pipeline import extensions
from kpi_extract.pipeline.periods.grammar import PeriodGrammar

__all__ = ["KpiPeriods", "make_kpi_periods"]


@Language.factory("kpi_periods", assigns=["doc.spans", "doc._.kpi_periods"], default_config={"all_docs": False})
def make_kpi_periods(nlp: Language, name: str, *, all_docs: bool = False) -> "KpiPeriods":
    """Factory of :class:`KpiPeriods` (``nlp.add_pipe("kpi_periods")``). Unless ``all_docs``,
    docs without values are skipped and, where sentences are set, only the sentences holding
    a value are read."""
    return KpiPeriods(nlp, name, all_docs=all_docs)


class KpiPeriods:
    """Tag period references (see the module docstring)."""

    def __init__(self, nlp: Language | None = None, name: str = "kpi_periods", *, all_docs: bool = False):
        extensions.install()
        self.name = name
        self.all_docs = all_docs
        self.grammar = PeriodGrammar()

    def __call__(self, doc: Doc) -> Doc:
        if not self.all_docs and not doc._.kpi_values:
            return doc  # nothing to link in this doc
        spans, records = [], []
        text = extensions.doc_text(doc)
        for p in self.grammar.find(text, None if self.all_docs else _value_sentences(doc, text)):
            span = doc.char_span(p["start"], p["end"], alignment_mode="expand")
            if span is None:  # pragma: no cover
                continue
            spans.append(span)
            records.append({**p, "text": text[p["start"]:p["end"]], "tok_start": span.start,
                            "tok_end": span.end})
        doc.spans["kpi_periods"] = spans
        doc._.kpi_periods = records
        return doc


def _value_sentences(doc: Doc, text: str) -> list[tuple[int, int]] | None:
    """Character bounds of the sentences holding a value and of the sentence before each
    (the linker reads a value's period in its sentence, and an outlook's period in the one
    before: "Turning to the third quarter. We expect revenue of ..."), or None (the whole
    text) when the doc has no sentence boundaries; ``text`` is the doc's text, read once by the caller."""
    if not doc.has_annotation("SENT_START"):
        return None
    starts = [v["tok_start"] for v in doc._.kpi_values or []]
    out: list[tuple[int, int]] = []
    i = 0
    prev: tuple[int, int] | None = None
    for sent in doc.sents:
        while i < len(starts) and starts[i] < sent.start:
            i += 1
        bounds = (sent.start_char, sent.end_char)
        if i < len(starts) and starts[i] < sent.end:
            if prev is not None and (not out or out[-1] != prev):
                out.append(prev)
            out.append(bounds)
        prev = bounds
    return _joined(out, text)


def _joined(windows: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """``windows`` with neighbours that only blanks separate read as one (one scan of the
    period patterns instead of one per sentence)."""
    out: list[tuple[int, int]] = []
    for lo, hi in windows:
        if out and not text[out[-1][1]:lo].strip():
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out
