"""The ``kpi_metrics`` component: metric, modifier and segment mentions.

Requires: a tokenizer (``spacy.blank("en")`` is enough) and ``doc._.kpi_values`` (docs
without values are skipped unless ``all_docs``).
Assigns: ``doc.spans["kpi_metrics"]`` (metric mentions, label = metric id, longest match
wins), ``doc.spans["kpi_modifiers"]`` (label ``adjusted`` / ``organic`` / ``constant_currency``
/ ``gaap``) and ``doc.spans["kpi_segments"]`` (label ``segment``), plus
``doc._.kpi_metrics``: one dict per metric span (``metric``, ``negative``, char offsets).

Segments come from the lexicon (the prior) and from the document: ``doc._.kpi_doc_segments``,
the names the runner read from the whole text (:mod:`kpi_extract.document.segments`) and set
on each of its paragraphs' docs. Plain data on the doc rather than a per-document span group
or a matcher changed per document: the component is shared by every document (and thread) of
a run and is never changed by one; a list of strings travels with ``Doc.to_bytes`` (so with
``nlp.pipe(n_process=2)``); and ``nlp(text)`` on a doc without it reads the lexicon only. The
names' PhraseMatcher is built once per distinct name list and kept in a small memo (a pure
function of the names: any thread may build or reuse it).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from spacy import util
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kpi_extract import lexicon
from kpi_extract.errors import LexiconError
from kpi_extract.pipeline import extensions
from kpi_extract.pipeline.metrics.lexicon import FILES, MetricLexicon

__all__ = ["KpiMetrics", "make_kpi_metrics", "required_words", "segment_key", "segment_forms"]

#: how many document name lists keep their PhraseMatcher (documents come one after another)
DOC_MATCHERS = 16


def segment_key(name: str) -> str:
    """What makes two segment names one: case, "&" or "and", blanks ("Cards & Payments" and
    "cards and payments" -> "cards and payments")."""
    return " ".join("and" if w == "&" else w for w in name.lower().split())


def segment_forms(name: str) -> list[str]:
    """The ways ``name`` may be written (lowercased): as given and with "and" and "&" swapped."""
    key = segment_key(name)
    return sorted({name.lower(), key, " ".join("&" if w == "and" else w for w in key.split())})


def required_words(pattern: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """For a Matcher token pattern of ``LOWER`` tests: per token that must be there (no
    ``?``/``*`` operator, no ``{0,n}``), the words it may be. A text lacking every word of
    one of them cannot match, so the Matcher (which makes a Token object per token) is run
    only where each has one."""
    out = []
    for spec in pattern:
        op = str(spec.get("OP", "1"))
        if op in ("?", "*", "!") or op.startswith(("{0", "{,")):
            continue
        lower = spec.get("LOWER")
        if isinstance(lower, str):
            out.append((lower,))
        elif isinstance(lower, dict) and isinstance(lower.get("IN"), list):
            out.append(tuple(lower["IN"]))  # other tests (IS_DIGIT, REGEX...) narrow nothing here
    return out


@Language.factory(
    "kpi_metrics",
    assigns=["doc.spans", "doc._.kpi_metrics"],
    default_config={"extra_metrics": "", "extra_segments": "", "all_docs": False},
)
def make_kpi_metrics(nlp: Language, name: str, *, extra_metrics: str = "", extra_segments: str = "",
                     all_docs: bool = False) -> "KpiMetrics":
    """Factory of :class:`KpiMetrics` (``nlp.add_pipe("kpi_metrics")``).

    ``extra_metrics`` (a JSON object in the form of ``data/metrics.json``) and
    ``extra_segments`` (a JSON array of names) are JSON text, as
    :func:`kpi_extract.lexicon.to_config` writes it (see there why not plain config
    values); ``make_pipeline(extra_metrics=..., extra_segments=...)`` fills them in.
    """
    return KpiMetrics(nlp, name, extra_metrics=lexicon.from_config(extra_metrics, dict),
                      extra_segments=lexicon.from_config(extra_segments, list), all_docs=all_docs)


class KpiMetrics:
    """Tag metric, modifier and segment mentions with PhraseMatchers on lowercased tokens.

    ``extra_metrics`` adds metrics to the packaged lexicon (an entry with a known id replaces
    that metric), ``extra_segments`` segment names; the packaged data is untouched.
    """

    def __init__(self, nlp: Language, name: str = "kpi_metrics", *,
                 extra_metrics: Mapping[str, Any] | None = None, extra_segments: Iterable[str] = (),
                 all_docs: bool = False):
        extensions.install()
        self.nlp = nlp
        self.name = name
        self.all_docs = all_docs
        self.lexicon = MetricLexicon().extended(extra_metrics, extra_segments)
        self._build()

    def _build(self) -> None:
        lex = self.lexicon
        make = self.nlp.tokenizer.pipe
        self.metric_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._labels: dict[str, tuple[str, bool]] = {}
        by_key: dict[str, list[str]] = {}
        for phrase, (mid, negative) in lex.phrases.items():
            key = f"{mid}|neg" if negative else mid
            self._labels[key] = (mid, negative)
            by_key.setdefault(key, []).append(phrase)
        for key, phrases in by_key.items():
            self.metric_matcher.add(key, list(make(phrases)))
        self.mod_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        by_label: dict[str, list[str]] = {}
        for form, label in lex.modifiers.items():
            by_label.setdefault(label, []).append(form)
        for label, forms in by_label.items():
            self.mod_matcher.add(label, list(make(forms)))
        self.mod_token_matcher = Matcher(self.nlp.vocab)
        try:
            if lex.adjusted_patterns:
                self.mod_token_matcher.add("adjusted", lex.adjusted_patterns)
            # each word as the hash of a token's LOWER (what the Matcher compares)
            self._pattern_words = [[frozenset(map(get_string_id, words)) for words in required_words(p)]
                                   for p in lex.adjusted_patterns]
        except (ValueError, TypeError, KeyError) as exc:  # spaCy's pattern validation
            raise LexiconError(f"invalid adjusted_patterns in the modifiers: {exc}") from exc
        self.seg_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.seg_matcher.add("segment", list(make(lex.segments)))
        self._doc_matchers: dict[tuple[str, ...], PhraseMatcher] = {}

    def doc_matcher(self, names: tuple[str, ...]) -> PhraseMatcher:
        """The PhraseMatcher of a document's segment names (memoized, see the module docstring)."""
        matcher = self._doc_matchers.get(names)
        if matcher is None:
            matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
            matcher.add("segment", list(self.nlp.tokenizer.pipe(sorted({f for n in names for f in segment_forms(n)}))))
            if len(self._doc_matchers) >= DOC_MATCHERS:
                self._doc_matchers = {}
            self._doc_matchers[names] = matcher
        return matcher

    def __call__(self, doc: Doc) -> Doc:
        if not self.all_docs and not doc._.kpi_values:
            return doc  # nothing to link in this doc
        metrics = filter_spans(self.metric_matcher(doc, as_spans=True))
        records = []
        spans = []
        for sp in metrics:
            mid, negative = self._labels[sp.label_]
            spans.append(Span(doc, sp.start, sp.end, label=mid))
            records.append({"metric": mid, "negative": negative, "start": sp.start_char, "end": sp.end_char,
                            "tok_start": sp.start, "tok_end": sp.end})
        doc.spans["kpi_metrics"] = spans
        doc._.kpi_metrics = records
        lowers = set(doc.to_array(LOWER).tolist()) if self._pattern_words else set()
        token_spans = self.mod_token_matcher(doc, as_spans=True) if any(
            all(not words.isdisjoint(lowers) for words in pattern) for pattern in self._pattern_words) else []
        doc.spans["kpi_modifiers"] = filter_spans([*self.mod_matcher(doc, as_spans=True), *token_spans])
        segments = self.seg_matcher(doc, as_spans=True)
        if doc._.kpi_doc_segments:
            segments += self.doc_matcher(tuple(doc._.kpi_doc_segments))(doc, as_spans=True)
        doc.spans["kpi_segments"] = filter_spans(segments)
        return doc

    # ---------------------------------------------------------------- serialization
    # spaCy's serializers-dict pattern (as spacy/pipeline/span_ruler.py): one entry per data
    # file, each in the form of the packaged file of that name; ``exclude`` names the
    # entries to leave out ("metrics", "segments", "modifiers"). Loading replaces the lexicon.
    def _getters(self) -> dict[str, Any]:
        return {name: (lambda name=name: json.dumps(self.lexicon.data[name], ensure_ascii=False).encode("utf-8"))
                for name in FILES}

    def _loaded(self, parts: dict[str, Any]) -> "KpiMetrics":
        self.lexicon = MetricLexicon(parts)
        self._build()
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes(self._getters(), exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "KpiMetrics":
        parts = dict(self.lexicon.data)
        util.from_bytes(data, {name: (lambda b, name=name: parts.__setitem__(name, json.loads(b)))
                               for name in FILES}, exclude)
        return self._loaded(parts)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        getters = self._getters()
        util.to_disk(path, {name: (lambda p, name=name: p.write_bytes(getters[name]())) for name in FILES},
                     exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "KpiMetrics":
        parts = dict(self.lexicon.data)
        util.from_disk(path, {name: (lambda p, name=name: parts.__setitem__(name, lexicon.read_saved(p, self.name)))
                              for name in FILES}, exclude)
        return self._loaded(parts)
