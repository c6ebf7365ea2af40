"""The ``kpi_values`` component: every financial value of a text, normalized.

Requires: nothing (runs on ``spacy.blank("en")``).
Assigns: ``doc.spans[spans_key]`` (one span per value, expanded to token boundaries) and
``doc._.kpi_values`` (same order: exact ``start``/``end`` character offsets, ``value`` in the
base unit, ``unit``, ``qualifier``, the grammar ``form`` that matched and the span's token
offsets ``tok_start``/``tok_end``).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

from kpi_extract.pipeline import extensions
from kpi_extract import lexicon
from kpi_extract.pipeline.values.scanning import Scanner

__all__ = ["KpiValues", "make_kpi_values"]

_LEXICON_FILE = "values.json"


@Language.factory(
    "kpi_values",
    assigns=["doc.spans", "doc._.kpi_values"],
    default_config={"spans_key": "kpi_values", "lexicon_path": None},
)
def make_kpi_values(nlp: Language, name: str, *, spans_key: str = "kpi_values",
                    lexicon_path: str | None = None) -> "KpiValues":
    """Factory of :class:`KpiValues` (``nlp.add_pipe("kpi_values")``)."""
    return KpiValues(nlp, name, spans_key=spans_key, lexicon_path=lexicon_path)


class KpiValues:
    """Tag money, percentages, percentage points, multiples and KPI counts.

    Parameters
    ----------
    spans_key : the span group written (``"kpi_values"``).
    lexicon_path : a JSON file extending the packaged ``data/values.json``
        (same keys: ``currency_prefix``, ``scale_words``, ``qualifiers`` ...).
    """

    def __init__(self, nlp: Language | None = None, name: str = "kpi_values", *,
                 spans_key: str = "kpi_values", lexicon_path: str | None = None,
                 extra: Mapping[str, Any] | None = None):
        extensions.install()
        self.name = name
        self.spans_key = spans_key
        self.lexicon = lexicon.packaged(_LEXICON_FILE)
        if lexicon_path:
            self.lexicon = lexicon.merge(self.lexicon, lexicon.load(lexicon_path))
        self.lexicon = lexicon.merge(self.lexicon, extra)
        self.grammar = Scanner(self.lexicon)

    def add_lexicon(self, extra: Mapping[str, Any] | str | Path) -> None:
        """Extend this component's lexicon (a mapping or a JSON path); packaged data untouched."""
        self.lexicon = lexicon.merge(self.lexicon, lexicon.load(extra))
        self.grammar = Scanner(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        spans, records = [], []
        found = doc._.kpi_found
        if found is None:
            found = self.grammar.find(extensions.doc_text(doc))
        else:
            doc._.kpi_found = None  # found by the batch runner with this grammar (kpi_extract.run.runner)
        for m in found:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:  # pragma: no cover - expand always finds tokens
                continue
            value, unit = m.reported
            spans.append(span)
            records.append({"start": m.start, "end": m.end, "value": value, "unit": unit,
                            "qualifier": m.qualifier, "form": m.form,
                            "tok_start": span.start, "tok_end": span.end})
        doc.spans[self.spans_key] = spans
        doc._.kpi_values = records
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # ---------------------------------------------------------------- serialization
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.lexicon, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "KpiValues":
        self.lexicon = json.loads(data.decode("utf-8"))
        self.grammar = Scanner(self.lexicon)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / _LEXICON_FILE).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "KpiValues":
        return self.from_bytes((ensure_path(path) / _LEXICON_FILE).read_bytes())
