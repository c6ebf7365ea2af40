"""Every ``Doc`` extension kpi_extract sets, installed once (idempotent).

Values stored are plain, msgpack-friendly (dicts of str/float/int), so ``doc.to_bytes()``
and ``nlp.pipe(n_process=2)`` carry them.
"""
from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["install", "DOC_EXTENSIONS", "doc_text"]

#: name -> meaning; every one defaults to ``None``
DOC_EXTENSIONS = {
    "kpi_values": "list of dicts, one per value span in doc.spans['kpi_values'] (same order): "
                  "start, end (exact char offsets), value, unit, qualifier, form",
    "kpi_metrics": "list of dicts, one per span in doc.spans['kpi_metrics']: metric, negative, start, end, "
                   "tok_start, tok_end",
    "kpi_periods": "list of dicts, one per span in doc.spans['kpi_periods']: start, end, tok_start, tok_end, "
                   "text, ref (what the words mean; see kpi_extract.pipeline.periods.component); by default only in the "
                   "sentences that hold a value",
    "kpi_text": "the doc's text, cached while the pipeline runs (Doc.text rebuilds it from every token); "
                "set by kpi_extract.extract, cleared by kpi_linker",
    "kpi_doc_segments": "list of the segment names read from the whole document the doc was cut from "
                        "(kpi_extract.document.segments); set by the runner, tagged by kpi_metrics",
    "kpi_offset": "character offset of this doc in the text it was cut from (0 when whole)",
}


def install() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc while the pipeline runs (cached in ``doc._.kpi_text``)."""
    text = doc._.kpi_text
    if text is None:
        text = doc._.kpi_text = doc.text
    return text
