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

from spacy import util
from spacy.language import Language
from spacy.tokens import Doc

from kpi_extract import lexicon
from kpi_extract.pipeline import extensions
from kpi_extract.pipeline.values.scanning import Scanner

__all__ = ["KpiValues", "make_kpi_values"]

_LEXICON_FILE = "values.json"


@Language.factory(
    "kpi_values",
    assigns=["doc.spans", "doc._.kpi_values"],
    default_config={"spans_key": "kpi_values", "values_lexicon": ""},
)
def make_kpi_values(nlp: Language, name: str, *, spans_key: str = "kpi_values",
                    values_lexicon: str = "") -> "KpiValues":
    """Factory of :class:`KpiValues` (``nlp.add_pipe("kpi_values")``).

    ``values_lexicon`` is JSON text of a mapping extending ``data/values.json``, as
    :func:`kpi_extract.lexicon.to_config` writes it (see there why not a plain config
    section); ``make_pipeline(values_lexicon=...)`` fills it in.
    """
    return KpiValues(nlp, name, spans_key=spans_key, values_lexicon=lexicon.from_config(values_lexicon, dict))


class KpiValues:
    """Tag money, percentages, percentage points, multiples and KPI counts.

    Parameters
    ----------
    spans_key : the span group written (``"kpi_values"``).
    values_lexicon : a mapping extending the packaged ``data/values.json`` (same keys:
        ``currency_prefix``, ``scale_words``, ``qualifiers`` ...), merged by
        :func:`kpi_extract.lexicon.merge`.

    Notes
    -----
    ``grammar`` is the :class:`~kpi_extract.pipeline.values.scanning.Scanner` of the lexicon.
    """

    def __init__(self, nlp: Language | None = None, name: str = "kpi_values", *,
                 spans_key: str = "kpi_values", values_lexicon: Mapping[str, Any] | None = None):
        extensions.install()
        self.name = name
        self.spans_key = spans_key
        if values_lexicon:
            lexicon.check(_LEXICON_FILE, values_lexicon, f"{name}: values_lexicon")
        self._load(lexicon.merge(lexicon.packaged(_LEXICON_FILE), values_lexicon))

    def _load(self, lex: dict[str, Any]) -> "KpiValues":
        self.lexicon = lexicon.check(_LEXICON_FILE, lex, f"{self.name}: values lexicon")
        self.grammar = Scanner(lex)
        return self

    #: values found by :meth:`find` for texts not yet made into a Doc: text -> (grammar, values)
    _kept: dict[str, tuple[Scanner, list[Any]]] | None = None
    _kept_chars = 0
    #: the texts kept hold at most this many characters in all (a safety net: a Doc that
    #: never comes leaves its values behind); past it the memo is emptied
    KEEP_CHARS = 4_000_000

    def find(self, text: str, *, keep: bool = True) -> list[Any]:
        """The values of ``text``. With ``keep``, those found are kept for the ``Doc`` of that
        very text, which :meth:`__call__` then takes instead of searching again; without it,
        ``text`` is only probed (for a caller that may never make a Doc of it).

        For a caller that must know a text's values before tokenizing it
        (:mod:`kpi_extract.pipeline.paragraphs` leaves the paragraphs without one out). A
        memo owned here, keyed by the text, rather than a ``Doc`` extension set by the
        caller: the caller needs to know nothing of how values reach the component, a Doc
        of a text never found simply searches, and values found with a grammar since
        replaced are ignored. Nothing is kept for a text without a value (a Doc is seldom
        made of one, and searching it again costs little), and the memo is emptied once the
        texts kept pass ``KEEP_CHARS`` characters (the paragraphs with values of a
        1,000,000-word call hold about 2,100,000), so texts found but never run cannot pile
        up; a text whose values were dropped is searched again. Threads sharing the
        component at most search a text twice: what is kept for a text is the same whoever
        found it."""
        found = self.grammar.find(text)
        if found and keep:
            self.keep(text, found)
        return found

    def keep(self, text: str, found: list[Any]) -> None:
        """Keep ``found``, the values :meth:`find` gave ``text`` when it only probed, for the
        ``Doc`` of ``text`` (as ``find(text, keep=True)`` would, without searching again)."""
        kept = self._kept
        if kept is None:
            kept = self._kept = {}
        elif self._kept_chars + len(text) > self.KEEP_CHARS:
            kept.clear()
            self._kept_chars = 0
        if text not in kept:
            self._kept_chars += len(text)
        kept[text] = (self.grammar, found)

    def __call__(self, doc: Doc) -> Doc:
        spans, records = [], []
        text = extensions.doc_text(doc)
        kept = self._kept.pop(text, None) if self._kept else None
        if kept is not None:
            self._kept_chars -= len(text)
        found = kept[1] if kept is not None and kept[0] is self.grammar else self.grammar.find(text)
        for m in found:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:  # pragma: no cover - expand always finds tokens
                continue
            value, unit = m.reported
            spans.append(span)
            record = {"start": m.start, "end": m.end, "value": value, "unit": unit,
                      "qualifier": m.qualifier, "form": m.form, "tok_start": span.start, "tok_end": span.end}
            if m.falling:
                record["falling"] = True  # signed by a falling verb: a list after it shares the sign
            records.append(record)
        doc.spans[self.spans_key] = spans
        doc._.kpi_values = records
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # ---------------------------------------------------------------- serialization
    # spaCy's serializers-dict pattern (as spacy/pipeline/span_ruler.py): the whole lexicon,
    # in the form of data/values.json, under "values.json" (``exclude=["values"]`` leaves it
    # out). Loading replaces the lexicon rather than merging into it.
    def _json(self) -> bytes:
        return json.dumps(self.lexicon, ensure_ascii=False).encode("utf-8")

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({_LEXICON_FILE: self._json}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "KpiValues":
        util.from_bytes(data, {_LEXICON_FILE: lambda b: self._load(json.loads(b))}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        util.to_disk(path, {_LEXICON_FILE: lambda p: p.write_bytes(self._json())}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "KpiValues":
        util.from_disk(path, {_LEXICON_FILE: lambda p: self._load(lexicon.read_saved(p, self.name))}, exclude)
        return self
