"""The metric lexicon: metrics, segments and modifiers from ``data/metrics.json``,
``segments.json`` and ``modifiers.json``, indexed for the ``kpi_metrics`` matchers and the
linker. Each synonym is matched with the plural of its last word (:func:`inflections`) and
with hyphens between its words ("capital-spending"), unless another metric lists that form.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.errors import LexiconError

__all__ = ["MetricInfo", "MetricLexicon", "inflections", "packaged_lexicon", "KINDS", "FILES"]

#: the unit kinds a metric's level may take
KINDS = {"money", "percent", "count", "per_share", "multiple", "ratio"}
#: the packaged data files a metric lexicon is made of
FILES = ("metrics.json", "segments.json", "modifiers.json")


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
    #: its percent values are rates of change (comparable sales, same-store NOI growth)
    percent_change: bool = False

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
        self.data = {name: lexicon.packaged(name) for name in FILES} if data is None else \
            {k: lexicon.load(v, k if k in FILES else None, f"metric lexicon {k}") for k, v in data.items()}
        self._index()

    def extended(self, extra_metrics: Mapping[str, Any] | None = None,
                 extra_segments: Iterable[str] = ()) -> "MetricLexicon":
        """A new lexicon: this one plus ``extra_metrics`` (an entry with a known id replaces
        that metric) and ``extra_segments``; this one is left as it is."""
        data = copy.deepcopy(self.data)
        if extra_metrics:
            new = {m["id"]: m for m in lexicon.check("metrics.json", extra_metrics, "extra_metrics").get("metrics", [])}
            old = [m for m in data["metrics.json"]["metrics"] if m["id"] not in new]
            data["metrics.json"]["metrics"] = old + copy.deepcopy(list(new.values()))
        if isinstance(extra_segments, (str, Mapping)):
            raise LexiconError(f"extra_segments must be a list of segment names, not {type(extra_segments).__name__}")
        names = lexicon.check("segments.json", {"segments": list(extra_segments)}, "extra_segments")["segments"]
        segs = data["segments.json"]["segments"]
        segs.extend(s for s in names if s not in segs)
        out = MetricLexicon.__new__(MetricLexicon)  # this lexicon's data and the extras are checked already
        out.data = data
        out._index()
        return out

    def _index(self) -> None:
        self.metrics: dict[str, MetricInfo] = {}
        self.phrases: dict[str, tuple[str, bool]] = {}
        hyphenated: list[tuple[str, tuple[str, bool]]] = []
        try:
            for m in self.data["metrics.json"]["metrics"]:
                kinds = frozenset(m["kinds"])
                if not kinds or kinds - KINDS:
                    raise LexiconError(f"metric {m['id']!r}: kinds must be among {sorted(KINDS)}")
                info = MetricInfo(m["id"], kinds, m.get("margin_of"), m.get("industry", "general"),
                                  m.get("per_share"), tuple(m.get("synonyms", ())),
                                  tuple(m.get("negative_synonyms", ())), bool(m.get("percent_change")))
                self.metrics[info.id] = info
                for negative, forms in ((False, info.synonyms), (True, info.negative_synonyms)):
                    for form in forms:
                        for f in inflections(form):
                            self.phrases.setdefault(f, (info.id, negative))
                            if " " in f:
                                hyphenated.append((f.replace(" ", "-"), (info.id, negative)))
            for f, ref in hyphenated:  # "capital-spending", "gross-margin": after every listed form
                self.phrases.setdefault(f, ref)
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


@lru_cache(maxsize=1)
def packaged_lexicon() -> MetricLexicon:
    """The lexicon of the packaged data alone, built once and shared: read it, never change it
    (:meth:`MetricLexicon.extended` gives a new lexicon with extras)."""
    return MetricLexicon()
