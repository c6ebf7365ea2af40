"""The ``kpi_sentences`` component: sentence boundaries where they are needed.

Requires: ``doc._.kpi_values``. Assigns: ``Token.is_sent_start`` (spaCy's rule-based
Sentencizer) on docs that hold values; docs without values are left as they are. Most
paragraphs of a call carry no figure, and sentence splitting costs as much as tokenizing,
so splitting only where the linker and the ``sentence`` column need it halves the work.
Set ``all_docs=True`` to split every doc (for instance to render whole transcripts).
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

__all__ = ["KpiSentences", "make_kpi_sentences"]


@Language.factory("kpi_sentences", assigns=["token.is_sent_start"], requires=["doc._.kpi_values"],
                  default_config={"all_docs": False})
def make_kpi_sentences(nlp: Language, name: str, *, all_docs: bool = False) -> "KpiSentences":
    """Factory of :class:`KpiSentences` (``nlp.add_pipe("kpi_sentences")`` after ``kpi_values``)."""
    return KpiSentences(name, all_docs=all_docs)


class KpiSentences:
    """Split sentences with spaCy's Sentencizer, only in docs with values (unless ``all_docs``)."""

    def __init__(self, name: str = "kpi_sentences", *, all_docs: bool = False):
        self.name = name
        self.all_docs = all_docs
        self._splitter = Sentencizer()

    def __call__(self, doc: Doc) -> Doc:
        if self.all_docs or doc._.kpi_values:
            self._splitter(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)
