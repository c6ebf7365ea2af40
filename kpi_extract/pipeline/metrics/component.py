"""The metric lexicon and the ``kpi_metrics`` component.

Requires: a tokenizer (``spacy.blank("en")`` is enough).
Assigns: ``doc.spans["kpi_metrics"]`` (metric mentions, label = metric id, longest match
wins), ``doc.spans["kpi_modifiers"]`` (label ``adjusted`` / ``organic`` / ``constant_currency``
/ ``gaap``) and ``doc.spans["kpi_segments"]`` (label ``segment``), plus
``doc._.kpi_metrics``: one dict per metric span (``metric``, ``negative``, char offsets).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, filter_spans

from kpi_extract.pipeline import extensions
from kpi_extract import lexicon
from kpi_extract.errors import LexiconError

__all__ = ["MetricInfo", "MetricLexicon", "KpiMetrics", "make_kpi_metrics"]

KINDS = {"money", "percent", "count", "per_share", "multiple", "ratio"}
_FILES = ("metrics.json", "segments.json", "modifiers.json")


@dataclass(frozen=True)
class MetricInfo:
    """One metric of the lexicon."""

    id: str
    kinds: frozenset[str]
    margin_of: str | None = None
    industry: str = "general"
    per_share: str | None = None
    synonyms: tuple[str, ...] = field(default=(), compare=False)
    negative_synonyms: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_ratio(self) -> bool:
        return "percent" in self.kinds or "ratio" in self.kinds


def inflections(phrase: str) -> set[str]:
    """A phrase and the plural of its last word (``cost`` -> ``costs``, ``company`` ->
    ``companies``). Lexicon phrases are singular; a last word ending in ``s`` is left alone
    (``sales`` must not become ``sale``), irregular forms belong in the lexicon itself."""
    phrase = " ".join(phrase.lower().split())
    head, _, last = phrase.rpartition(" ")
    pre = head + " " if head else ""
    forms = {phrase}
    if last.endswith("ss"):
        forms.add(pre + last + "es")  # loss -> losses
        return forms
    if not last.replace("-", "").isalpha() or len(last) < 3 or last.endswith("s") or last.isupper():
        return forms
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        forms.add(pre + last[:-1] + "ies")
    elif last.endswith(("x", "ch", "sh")):
        forms.add(pre + last + "es")
    else:
        forms.add(pre + last + "s")
    return forms


class MetricLexicon:
    """Metrics, segments and modifiers, from the packaged data files plus user extras.

    ``extra_metrics`` follows ``data/metrics.json``: ``{"metrics": [{"id": ..., "kinds": [...],
    "synonyms": [...]}]}``; an entry with an existing id replaces that metric.
    """

    def __init__(self, data: Mapping[str, Any] | None = None):
        self.data = {name: lexicon.packaged(name) for name in _FILES} if data is None else \
            {k: lexicon.load(v) for k, v in data.items()}
        self._index()

    def extend(self, extra_metrics: Mapping[str, Any] | str | Path | None = None,
               extra_segments: Iterable[str] | None = None) -> None:
        if extra_metrics is not None:
            extra = lexicon.load(extra_metrics)
            try:
                new = {m["id"]: m for m in extra.get("metrics", [])}
            except (KeyError, TypeError) as exc:
                raise LexiconError(f"invalid metric lexicon: every metric needs an id ({exc!r})") from exc
            old = [m for m in self.data["metrics.json"]["metrics"] if m["id"] not in new]
            self.data["metrics.json"]["metrics"] = old + list(new.values())
        if extra_segments:
            segs = self.data["segments.json"]["segments"]
            segs.extend(s for s in extra_segments if s not in segs)
        self._index()

    def _index(self) -> None:
        self.metrics: dict[str, MetricInfo] = {}
        self.phrases: dict[str, tuple[str, bool]] = {}
        try:
            for m in self.data["metrics.json"]["metrics"]:
                kinds = frozenset(m["kinds"])
                if not kinds or kinds - KINDS:
                    raise LexiconError(f"metric {m['id']!r}: kinds must be among {sorted(KINDS)}")
                info = MetricInfo(m["id"], kinds, m.get("margin_of"), m.get("industry", "general"),
                                  m.get("per_share"), tuple(m.get("synonyms", ())),
                                  tuple(m.get("negative_synonyms", ())))
                self.metrics[info.id] = info
                for negative, forms in ((False, info.synonyms), (True, info.negative_synonyms)):
                    for form in forms:
                        for f in inflections(form):
                            self.phrases.setdefault(f, (info.id, negative))
            self.segments = sorted({s.lower() for s in self.data["segments.json"]["segments"]})
            self.modifiers: dict[str, str] = {}
            mods = self.data["modifiers.json"]
            for form in mods.get("adjusted", []):
                self.modifiers[form.lower()] = "adjusted"
            for form in mods.get("gaap", []):
                self.modifiers.setdefault(form.lower(), "gaap")
            for label, forms in mods.get("basis", {}).items():
                for form in forms:
                    self.modifiers.setdefault(form.lower(), label)
            #: spaCy Matcher token patterns read as "adjusted" ("excluding these items")
            self.adjusted_patterns: list[list[dict[str, Any]]] = list(mods.get("adjusted_patterns", []))
        except (KeyError, TypeError) as exc:
            raise LexiconError(f"invalid metric lexicon: {exc!r}") from exc
        for info in self.metrics.values():
            for ref in (info.margin_of, info.per_share):
                if ref and ref not in self.metrics:
                    raise LexiconError(f"metric {info.id!r}: {ref!r} (margin_of / per_share) is not a metric id")


def _required_words(pattern: list[dict[str, Any]]) -> list[tuple[str, ...]]:
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
    default_config={"extra_metrics": None, "all_docs": False},
)
def make_kpi_metrics(nlp: Language, name: str, *, extra_metrics: str | None = None,
                     all_docs: bool = False) -> "KpiMetrics":
    """Factory of :class:`KpiMetrics` (``nlp.add_pipe("kpi_metrics")``). Docs without values
    are skipped unless ``all_docs``."""
    comp = KpiMetrics(nlp, name, all_docs=all_docs)
    if extra_metrics:
        comp.extend(extra_metrics)
    return comp


class KpiMetrics:
    """Tag metric, modifier and segment mentions with PhraseMatchers on lowercased tokens."""

    def __init__(self, nlp: Language, name: str = "kpi_metrics", *, all_docs: bool = False):
        extensions.install()
        self.nlp = nlp
        self.name = name
        self.all_docs = all_docs
        self.lexicon = MetricLexicon()
        self._build()

    def extend(self, extra_metrics: Mapping[str, Any] | str | Path | None = None,
               extra_segments: Iterable[str] | None = None) -> None:
        """Add or override metrics (and segments) at run time; packaged data is untouched."""
        self.lexicon.extend(extra_metrics, extra_segments)
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
            self._pattern_words = [_required_words(p) for p in lex.adjusted_patterns]
        except (ValueError, TypeError, KeyError) as exc:  # spaCy's pattern validation
            raise LexiconError(f"invalid adjusted_patterns in the modifiers: {exc}") from exc
        self.seg_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.seg_matcher.add("segment", list(make(lex.segments)))

    def __call__(self, doc: Doc) -> Doc:
        if not self.all_docs and not doc._.kpi_values:
            return doc  # nothing to link in this doc
        metrics = filter_spans([Span(doc, s, e, label=k) for k, s, e in
                                ((self.nlp.vocab.strings[m], s, e) for m, s, e in self.metric_matcher(doc))])
        records = []
        spans = []
        for sp in metrics:
            mid, negative = self._labels[sp.label_]
            spans.append(Span(doc, sp.start, sp.end, label=mid))
            records.append({"metric": mid, "negative": negative, "start": sp.start_char, "end": sp.end_char,
                            "tok_start": sp.start, "tok_end": sp.end})
        doc.spans["kpi_metrics"] = spans
        doc._.kpi_metrics = records
        low = extensions.doc_text(doc).lower()
        token_spans = self.mod_token_matcher(doc, as_spans=True) if any(
            all(any(w in low for w in words) for words in pattern) for pattern in self._pattern_words) else []
        doc.spans["kpi_modifiers"] = filter_spans([*self.mod_matcher(doc, as_spans=True), *token_spans])
        doc.spans["kpi_segments"] = filter_spans(self.seg_matcher(doc, as_spans=True))
        return doc

    # ---------------------------------------------------------------- serialization
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.lexicon.data, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "KpiMetrics":
        self.lexicon = MetricLexicon(json.loads(data.decode("utf-8")))
        self._build()
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "lexicon.json").write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "KpiMetrics":
        return self.from_bytes((ensure_path(path) / "lexicon.json").read_bytes())
