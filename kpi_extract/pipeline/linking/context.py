"""What the linking rules read about one sentence: its tokens, layers, values and cues.

The linker builds one :class:`SentenceContext` per sentence holding values and hands it to
every rule (``kpi_extract.pipeline.linking.rules`` / ``finders`` / ``reading``), so the
rules share no state but the context. A rule's answer is a :class:`Link` (a lexicon
metric) or an :class:`OpenPhrase` (a phrase the lexicon lacks).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, KeysView
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import IDX, IS_ALPHA, LENGTH, LOWER, SENT_START
from spacy.tokens import Doc

from kpi_extract.pipeline.linking.cues import Cues
from kpi_extract.pipeline.metrics.lexicon import MetricInfo, MetricLexicon

__all__ = [
    "Choice",
    "Layer",
    "Link",
    "MetricMention",
    "OpenPhrase",
    "SentenceContext",
    "SentenceValues",
    "Tokens",
    "read_tokens",
]


class Tokens(list):
    """Lowercased token texts of a doc, with ``alpha``: their IS_ALPHA flags, and ``idx`` /
    ``ends``: their character offsets."""

    alpha: list[int]
    idx: list[int]
    ends: list[int]

    def char_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The tokens covering characters ``[start, end)`` (as ``Doc.char_span(...,
        alignment_mode="expand")``, without making a Span)."""
        return bisect_right(self.idx, start) - 1, bisect_left(self.idx, end)


def read_tokens(doc: Doc, cache: dict[int, str]) -> tuple[Tokens, list[tuple[int, int]]]:
    """Lowercased token texts, IS_ALPHA flags and sentence token bounds, read through
    ``doc.to_array`` (making a ``Token`` object per token costs more than all linking);
    ``cache`` maps string hashes to strings across docs."""
    arr = doc.to_array([LOWER, IS_ALPHA, SENT_START, IDX, LENGTH])
    strings = doc.vocab.strings
    hashes = arr[:, 0].tolist()
    for h in set(hashes).difference(cache):
        cache[h] = strings[h]
    lower = Tokens(map(cache.__getitem__, hashes))
    starts = [0] + [i for i in numpy.flatnonzero(arr[:, 2] == 1).tolist() if i > 0]
    bounds = list(zip(starts, starts[1:] + [len(doc)]))
    lower.alpha = arr[:, 1].tolist()
    lower.idx = arr[:, 3].tolist()
    lower.ends = (arr[:, 3] + arr[:, 4]).tolist()
    return lower, bounds


class Layer(list):
    """Items sorted by token offset (``key``), sliced by bisection, so that every rule looks
    only at the items near a value and the linker stays linear in the sentence's length."""

    def __init__(self, items: Iterable[Any], key: Any, keys: list[int] | None = None):
        super().__init__(items if keys is not None else sorted(items, key=key))
        self.key = key
        self.keys = keys if keys is not None else [key(i) for i in self]

    def within(self, start: int, end: int) -> Layer:
        """The items whose key is in [start, end)."""
        keys = self.keys
        lo, hi = bisect_left(keys, start), bisect_left(keys, end)
        out = Layer.__new__(Layer)  # built without __init__: the linker slices layers tens of thousands of times
        out.extend(self[lo:hi])
        out.key, out.keys = self.key, keys[lo:hi]
        return out


class SentenceValues(list):
    """The values of one sentence (sorted), with bisection over their token offsets and
    the sentence's comma asides, so that no rule loops over all values per value."""

    def __init__(self, vals: list[dict[str, Any]], asides: list[tuple[int, int]]):
        super().__init__(vals)
        self.starts = [v["tok_start"] for v in vals]
        self.ends = [v["tok_end"] for v in vals]
        self.asides = asides
        self.aside_end: dict[int, int] = {}  # token -> end of its aside
        #: token -> where a walk back to a subject lands from inside its aside: two tokens
        #: before it (before its comma), past every aside ending right there ("X, or 5%, which
        #: was A, ..."); asides never overlap and are sorted, so each is read once (linear)
        self.aside_skip: dict[int, int] = {}
        for a, b in asides:
            land = self.aside_skip.get(a - 2, a - 2)
            for k in range(a, b + 1):
                self.aside_end[k] = b
                self.aside_skip[k] = land

    def starts_in(self, lo: int, hi: int) -> bool:
        """Some value starts in [lo, hi)."""
        return bisect_left(self.starts, hi) > bisect_left(self.starts, lo)

    def ends_in(self, lo: int, hi: int) -> bool:
        """Some value ends in [lo, hi)."""
        return bisect_left(self.ends, hi) > bisect_left(self.ends, lo)


@dataclass(slots=True)
class MetricMention:
    """A metric said in the text (``metric`` empty for a phrase the lexicon lacks)."""

    metric: str
    negative: bool
    start: int  # char offsets
    end: int
    tok_start: int
    tok_end: int


@dataclass(slots=True)
class Link:
    """A value linked to lexicon metric ``metric_id`` named by ``mention`` under ``rule``;
    ``hint`` is ``"change"`` when the link reads the value as a change of the metric."""

    mention: MetricMention
    metric_id: str
    hint: str | None
    rule: str


@dataclass(slots=True)
class OpenPhrase:
    """A value booked into a phrase no lexicon metric names (rule ``open``)."""

    start: int  # char offsets
    end: int
    text: str


Choice = Link | OpenPhrase


@dataclass
class SentenceContext:
    """One sentence holding values, and what the linker knows while linking it.

    ``lower`` covers the whole doc (token offsets are doc offsets); ``bounds`` are the
    sentence's; ``base`` / ``text`` its character offset and text, ``doc_text`` the doc's text. The layers hold the
    sentence's metric mentions, period cues, modifier and segment spans. ``first`` maps each
    word to its first position in the sentence. ``carry`` is the last link of the sentences
    before ((mention, info) or None), ``topic`` the segment the talk turned to.
    """

    doc: Doc
    lower: Tokens
    lex: MetricLexicon
    cues: Cues
    bounds: tuple[int, int]
    base: int
    text: str
    doc_text: str
    vals: SentenceValues
    metrics: Layer
    periods: Layer
    mods: Layer
    segs: Layer
    guidance_at: int | None
    target: bool
    first: dict[str, int]
    carry: tuple[MetricMention, MetricInfo] | None
    topic: str | None
    period_after: int
    longest: int
    #: a per-sentence rule's answers (its name -> value id -> choice), set by
    #: ``sentence.link_sentence`` before any value is linked
    prepared: dict[str, dict[int, Choice]] = field(default_factory=dict)
    #: a list member's head (value id -> the value before it in the list)
    listed: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: the lexicon link given to each value so far (value id -> link)
    chosen: dict[int, Link] = field(default_factory=dict)
    #: the value before the one being linked was read as a change ("up $312 million, or 20%")
    after_change: bool = False
    #: the comparison cues of the sentence, found once (reading.comparison)
    cmp_cache: dict[str, Any] = field(default_factory=dict)
    _value_tokens: set[int] | None = None
    _list_tails: dict[int, dict[str, Any]] | None = None
    _period_starts: dict[int, int] | None = None

    def after_verb_subject(self, k: int) -> bool:
        """Whether the word before token ``k`` is a verb's subject or auxiliary (modifiers.json
        ``gaap_verb_subjects``: "we reported", "would have reported"): the word at ``k`` is
        then a verb, not a basis word."""
        return k > 0 and self.lower[k - 1] in (self.lex.data["modifiers.json"].get("gaap_verb_subjects") or ())

    def value_tokens(self) -> set[int]:
        """The token offsets of the sentence's values (found once)."""
        if self._value_tokens is None:
            self._value_tokens = {k for v in self.vals for k in range(v["tok_start"], v["tok_end"])}
        return self._value_tokens

    def list_tail(self, v: dict[str, Any]) -> dict[str, Any]:
        """The last member of the list ``v`` heads ("$A, $B and $C": $C for $A), or ``v``
        (all found once per sentence, after ``listed`` is set)."""
        if self._list_tails is None:
            following = {id(head): m for m in self.vals if (head := self.listed.get(id(m))) is not None}
            tails: dict[int, dict[str, Any]] = {}
            for x in reversed(self.vals):
                n = following.get(id(x))
                tails[id(x)] = x if n is None else tails.get(id(n), n)
            self._list_tails = tails
        return self._list_tails.get(id(v), v)

    def period_tokens(self) -> KeysView[int]:
        """The token offsets of the sentence's period cues (a set-like view of
        :meth:`period_starts`, found once)."""
        return self.period_starts().keys()

    def period_starts(self) -> dict[int, int]:
        """Each token of the sentence's period cues -> where its cue starts (found once)."""
        if self._period_starts is None:
            starts: dict[int, int] = {}
            for p in self.periods:
                for k in range(p["tok_start"], p["tok_end"]):
                    starts[k] = min(starts.get(k, p["tok_start"]), p["tok_start"])
            self._period_starts = starts
        return self._period_starts

    def said_before(self, words: Iterable[str], at: int) -> bool:
        """One of ``words`` is said in the sentence before token ``at``."""
        first = self.first
        return any(first.get(w, at) < at for w in words)
