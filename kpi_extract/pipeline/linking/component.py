"""The ``kpi_linker`` component: each value tied to its metric, segment and reading.

Requires: ``doc._.kpi_values`` (``kpi_values``), ``doc._.kpi_metrics`` and the
``kpi_modifiers`` / ``kpi_segments`` span groups (``kpi_metrics``), sentence boundaries.
Assigns: on each dict of ``doc._.kpi_values``: ``metric``, ``metric_text``, ``metric_start``,
``metric_end``, ``segment``, ``adjusted``, ``role``, ``comparison``, ``confidence``, ``rule``;
``value`` and ``unit`` when the link fixes a sign ("net loss of") or a unit (``USD/share``).

Linking works like medspaCy's ConText: a value looks for a metric in its sentence in a
fixed order of rules, each with a direction and a scope in tokens, and never crosses the
sentence except by the carry-over rule ("It was up 5%" after a sentence naming the metric).
The rules and the confidence each gives (documented in docs/linking.md):

=================  ==========  ========================================================
rule               confidence  example
=================  ==========  ========================================================
respectively       0.85        "revenue and costs were $A and $B, respectively"
inside             0.9         "12,000 new customers" (the metric is in the value span)
following          0.85        "RMB 94.9 million of listing expenses", "$5M revenue"
preceding          0.9 / 0.75  "gross margin was 7.9%" (0.9 within 12 tokens)
following_far      0.6         "we delivered around RMB 784 million in the quarter in revenue"
carry_over         0.5         "... gross margin. It was up 120 bps."
change_target      0.8         "a $26 million increase to the tax liability"
recorded_in        0.8         "$15 million was recorded in research and development"
frame              0.6         a verb frame: "we bought back 12.3 million shares for $29.2 million"
per_share          0.4         a per-share amount in a sentence about earnings ("we earned $1.02 a share")
open               0.3         no lexicon metric fits: the phrase before the value
=================  ==========  ========================================================
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import IS_ALPHA, LOWER, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kpi_extract.pipeline import extensions
from kpi_extract.pipeline.linking.cues import Cues
from kpi_extract.pipeline.linking.open_vocabulary import OpenVocabulary
from kpi_extract.pipeline.linking.reading import ReadingRules
from kpi_extract.pipeline.linking.words import (CONFIDENCE, _ASIDE_OPENERS, _BOOKING_FILLERS, _BREAKS, _COORD, _COPULAS, _EARNINGS_WORDS,
                         _FIRM_RULES, _HARD_STOPS, _LIST_FILLERS, _LONGEST, _LOSS_WORDS, _NP_PREPS,
                         _READING_WORDS,
                         _RECORD_VERBS)
from kpi_extract.pipeline.metrics.component import KpiMetrics
from kpi_extract.pipeline.metrics.lexicon import MetricInfo, MetricLexicon

__all__ = ["KpiLinker", "make_kpi_linker", "CONFIDENCE"]



class _Layer(list):
    """Items sorted by token offset (``key``), sliced by bisection, so that every rule looks
    only at the items near a value and the linker stays linear in the sentence's length."""

    def __init__(self, items: Iterable[Any], key: Any, keys: list[int] | None = None):
        super().__init__(items if keys is not None else sorted(items, key=key))
        self.key = key
        self.keys = keys if keys is not None else [key(i) for i in self]

    def within(self, start: int, end: int) -> "_Layer":
        """The items whose key is in [start, end)."""
        keys = self.keys
        lo, hi = bisect_left(keys, start), bisect_left(keys, end)
        return _Layer(self[lo:hi], self.key, keys[lo:hi])


class _Values(list):
    """The values of one sentence (sorted), with bisection over their token offsets and
    the sentence's comma asides, so that no rule loops over all values per value."""

    def __init__(self, vals: list[dict[str, Any]], asides: list[tuple[int, int]]):
        super().__init__(vals)
        self.starts = [v["tok_start"] for v in vals]
        self.ends = [v["tok_end"] for v in vals]
        self.asides = asides
        self.aside_end = {k: b for a, b in asides for k in range(a, b + 1)}  # token -> end of its aside

    def starts_in(self, lo: int, hi: int) -> bool:
        """Some value starts in [lo, hi)."""
        return bisect_left(self.starts, hi) > bisect_left(self.starts, lo)

    def ends_in(self, lo: int, hi: int) -> bool:
        """Some value ends in [lo, hi)."""
        return bisect_left(self.ends, hi) > bisect_left(self.ends, lo)


class _Tokens(list):
    """Lowercased token texts of a doc, with ``alpha``: their IS_ALPHA flags."""

    alpha: list[int]


@dataclass
class _Metric:
    metric: str
    negative: bool
    start: int  # char offsets
    end: int
    tok_start: int
    tok_end: int


@Language.factory(
    "kpi_linker",
    assigns=["doc._.kpi_values"],
    requires=["doc._.kpi_values", "doc._.kpi_metrics"],
    default_config={"scope": 40, "near": 12},
)
def make_kpi_linker(nlp: Language, name: str, *, scope: int = 40, near: int = 12) -> "KpiLinker":
    """Factory of :class:`KpiLinker` (``nlp.add_pipe("kpi_linker")`` after ``kpi_metrics``)."""
    return KpiLinker(nlp, name, scope=scope, near=near)


class KpiLinker(ReadingRules, OpenVocabulary):
    """Link values to metrics (see the module docstring for the rules)."""

    def __init__(self, nlp: Language, name: str = "kpi_linker", *, scope: int = 40, near: int = 12):
        extensions.install()
        self.nlp, self.name, self.scope, self.near = nlp, name, scope, near
        self.cues = Cues()
        self._strings: dict[int, str] = {}

    def _arrays(self, doc: Doc) -> tuple["_Tokens", list[tuple[int, int]]]:
        """Lowercased token texts, IS_ALPHA flags and sentence token bounds, read through
        ``doc.to_array`` (making a ``Token`` object per token costs more than all linking)."""
        arr = doc.to_array([LOWER, IS_ALPHA, SENT_START])
        cache, strings = self._strings, doc.vocab.strings
        hashes = arr[:, 0].tolist()
        for h in set(hashes).difference(cache):
            cache[h] = strings[h]
        lower = _Tokens(map(cache.__getitem__, hashes))
        starts = [0] + [i for i in numpy.flatnonzero(arr[:, 2] == 1).tolist() if i > 0]
        bounds = list(zip(starts, starts[1:] + [len(doc)]))
        lower.alpha = arr[:, 1].tolist()
        return lower, bounds

    def _lexicon(self) -> MetricLexicon:
        for _, pipe in self.nlp.pipeline:
            if isinstance(pipe, KpiMetrics):
                return pipe.lexicon
        return MetricLexicon()

    def __call__(self, doc: Doc) -> Doc:
        values = doc._.kpi_values
        if not values:
            doc._.kpi_text = None
            return doc
        lex = self._lexicon()
        metrics = [_Metric(**{k: m[k] for k in ("metric", "negative", "start", "end", "tok_start", "tok_end")})
                   for m in (doc._.kpi_metrics or [])]
        lower, sents = self._arrays(doc)
        carry: tuple[_Metric, dict[str, Any]] | None = None
        topic: str | None = None
        layers = {"metrics": _Layer(metrics, lambda m: m.tok_start),
                  "periods": _Layer(list(doc._.kpi_periods or []), lambda p: p["tok_start"]),
                  "mods": _Layer(list(doc.spans.get("kpi_modifiers", [])), lambda sp: sp.start),
                  "segs": _Layer(list(doc.spans.get("kpi_segments", [])), lambda sp: sp.start)}
        vi = 0
        outlook: tuple[dict[str, Any], str] | None = None
        for s_start, s_end in sents:
            topic = self._topic(doc, lower, layers["segs"].within(s_start, s_end), (s_start, s_end), topic)
            sent_vals = []
            while vi < len(values) and values[vi]["tok_start"] < s_end:
                sent_vals.append(values[vi])
                vi += 1
            if not sent_vals:
                if layers["metrics"].within(s_start, s_end):
                    carry = None
                outlook = self._outlook(lower, layers["periods"].within(s_start, s_end), (s_start, s_end)) or outlook
                continue
            carry = self._sentence(doc, lower, lex, (s_start, s_end), sent_vals,
                                   layers, carry, topic)
            if outlook is not None:
                for v in sent_vals:
                    if v.get("role") == "guidance" and "period_ref" not in v:
                        v["period_ref"], v["period_text"] = outlook
        doc._.kpi_text = None  # a cache for the pipeline only: not serialized with the doc
        return doc

    # ------------------------------------------------------------------ one sentence
    def _sentence(self, doc: Doc, lower: list[str], lex: MetricLexicon, bounds: tuple[int, int],
                  vals: list[dict[str, Any]], layers: dict[str, "_Layer"], carry: Any, topic: str | None) -> Any:
        s_start, s_end = bounds
        sent = doc[s_start:s_end]
        base, end = sent.start_char, sent.end_char
        text = extensions.doc_text(doc)[base:end]  # Span.text would join the tokens anew
        for v in vals:
            v["sent_start"], v["sent_end"] = base, end
        words = set(lower[s_start:s_end])
        guidance_at = self._first(self.cues.guidance, text, exclude=self.cues.not_guidance) \
            if words & self.cues.guidance_heads else None
        target = words & self.cues.target_heads and self._first(self.cues.target, text) is not None
        vals = _Values(vals, self._asides(lower, s_start, s_end))
        cmp_cache: dict[str, Any] = {}
        first: dict[str, int] = {}  # first position of each word of the sentence
        for k in range(s_end - 1, s_start - 1, -1):
            first[lower[k]] = k

        def said_before(words: Any, at: int) -> bool:
            return any(first.get(w, at) < at for w in words)
        ms = layers["metrics"].within(s_start, s_end)
        periods = layers["periods"].within(s_start, s_end)
        mods = layers["mods"].within(s_start, s_end)
        segs = layers["segs"].within(s_start, s_end)
        paired = self._respectively(doc, lower, vals, ms, segs, lex)
        paired.update(self._recorded_in(doc, lower, vals, ms, lex, (s_start, s_end)))
        listed = {id(b): a for a, b in zip(vals, vals[1:]) if self._listed(lower, a, b)}
        chosen: dict[int, Any] = {}
        last: Any = None
        for i, v in enumerate(vals):
            if i and vals[i - 1].get("role") == "change":
                v["_after_change"] = True
            choice = paired.get(id(v)) or self._change_target(doc, lower, v, ms, lex) \
                or self._choose(lower, v, ms, lex, vals.aside_end)
            if choice is not None and choice[2] in ("preceding", "preceding_near"):
                # "Operating cash flow was $60 million, and we repurchased $25 million": a verb
                # frame between the metric and the value speaks for the value
                framed = self._frame(lower, v, first, doc, lex)
                if framed is not None and framed[0].tok_start >= choice[0].tok_end:
                    choice = framed
            if choice is not None and choice[0] == "open":  # booked into a line the lexicon lacks
                _, booked, booked_text = choice
                v.update(metric_text=booked_text, metric_start=booked.start, metric_end=booked.end,
                         confidence=CONFIDENCE["open"], rule="open")
                v.setdefault("role", self._role(lower, v, None, guidance_at, target, base))
                self._period(lower, v, periods, vals)
                continue
            head = listed.get(id(v))
            own = choice is not None and choice[0] != "open" and choice[2] in _FIRM_RULES
            if head is not None and not own:
                # "$A, $B and $C", "$A in 2020 and $B in 2019": a list shares its first value's link
                if id(head) in chosen and self._compatible(lex.metrics[chosen[id(head)][0].metric], v):
                    choice = chosen[id(head)]
                elif head.get("rule") == "open":
                    choice = None
            if choice is None and carry is not None and not ms.within(0, v["tok_start"]) \
                    and self._carry_ok(doc, v, s_start):
                m, info = carry
                choice = (m, self._compatible(info, v), "carry_over")
                if choice[1] is None:
                    choice = None
            if choice is None:
                choice = self._frame(lower, v, first, doc, lex)
            if choice is None and v["unit"].endswith(("/share", "/ADS")) and "eps" in lex.metrics \
                    and said_before(_EARNINGS_WORDS, v["tok_start"]):
                m = _Metric("eps", said_before(_LOSS_WORDS, v["tok_start"]), v["start"], v["end"],
                            v["tok_start"], v["tok_end"])
                choice = (m, ("eps", None), "per_share")
            if choice is None:
                if head is not None and head.get("rule") == "open":
                    v.update({k: head[k] for k in ("metric_text", "metric_start", "metric_end", "confidence", "rule")})
                else:
                    self._open(doc, lower, v, s_start, vals)
                v.setdefault("role", self._role(lower, v, None, guidance_at, target, base))
                self._period(lower, v, periods, vals)
                continue
            chosen[id(v)] = choice
            m, (metric_id, role_hint), rule = choice
            info = lex.metrics[metric_id]
            v.update(metric=metric_id, metric_text=extensions.doc_text(doc)[m.start:m.end], metric_start=m.start,
                     metric_end=m.end, confidence=CONFIDENCE[rule], rule=rule)
            role = self._role(lower, v, role_hint, guidance_at, target, base, m.tok_end)
            v["role"] = role
            if role == "change" or (role in ("guidance", "target") and (role_hint == "change" or
                                                                         v["unit"] == "percentage_point")):
                v["comparison"] = self._comparison(text, v["start"] - base, cmp_cache)
            if m.negative and v["value"] > 0 and role != "change":
                v["value"] = -v["value"]
            if "per_share" in info.kinds and "/" not in v["unit"] and len(v["unit"]) == 3:
                v["unit"] = v["unit"] + "/share"
            v["adjusted"] = self._adjusted(mods, m, v, vals)
            seg = v.pop("segment_pair", None) or self._segment(doc, lower, segs, m, v, topic)
            if seg:
                v["segment"] = seg
            self._period(lower, v, periods, vals)
            last = (m, info)
        self._from_to(lower, text, base, vals, cmp_cache)
        self._share_ranges(vals)
        self._apposition_adjusted(lower, vals, lex)
        for v in vals:
            v.pop("_after_change", None)
        return last or carry


    def _outlook(self, lower: "_Tokens", periods: list[dict[str, Any]], bounds: tuple[int, int]) -> Any:
        """(period ref, period words) of a sentence without a value that announces an outlook
        for one period ("Turning to our guidance for the third quarter."), else None."""
        if len(periods) != 1:
            return None
        words = lower[bounds[0]:bounds[1]]
        if not any(w.startswith(self.cues.outlook_words) for w in words):
            return None
        return periods[0]["ref"], periods[0]["text"]

    @staticmethod
    def _first(pattern: Any, text: str, exclude: Any = None) -> int | None:
        blocked = [mm.span() for mm in exclude.finditer(text)] if exclude else []
        for mm in pattern.finditer(text):
            if not any(a <= mm.start() < b for a, b in blocked):
                return mm.start()
        return None

    # ------------------------------------------------------------------ choosing a metric
    def _compatible(self, info: MetricInfo, v: dict[str, Any]) -> tuple[str, str | None] | None:
        """(metric id, role hint) when a value of this unit can describe the metric."""
        unit = v["unit"]
        kinds = info.kinds
        if "/" in unit:
            if unit.endswith(("/share", "/ADS")):
                if "per_share" in kinds:
                    return info.id, None
                return (info.per_share, None) if info.per_share else None  # "net income ... or $0.12 per share"
            return (info.id, None) if "money" in kinds else None
        if len(unit) == 3 and unit.isupper():  # ISO currency
            if "money" in kinds or "per_share" in kinds:
                return info.id, None
            return (info.margin_of, None) if info.margin_of else None
        if unit == "percent":
            return (info.id, None) if "percent" in kinds else (info.id, "change")
        if unit == "percentage_point":
            return (info.id, "change") if ("percent" in kinds or "ratio" in kinds) else None
        if unit == "multiple":
            return (info.id, None) if ("multiple" in kinds or "ratio" in kinds) else (info.id, "change")
        if unit == "count":
            return (info.id, None) if "count" in kinds else None
        return None

    def _choose(self, lower: list[str], v: dict[str, Any], ms: "_Layer", lex: MetricLexicon,
                asides: dict[int, int]) -> tuple[_Metric, tuple[str, str | None], str] | None:
        vs, ve = v["tok_start"], v["tok_end"]
        changed = self._change_words(lower, v)

        def ok(m: _Metric) -> tuple[str, str | None] | None:
            c = self._compatible(lex.metrics[m.metric], v)
            if c and c[1] == "change" and v["unit"] == "percent" and not changed:
                return None  # "20% of revenue" is a share, not a level or a change of revenue
            return c

        for m in ms.within(vs, ve):  # the metric noun inside a count ("12,000 new customers")
            if vs <= m.tok_start and m.tok_end <= ve and (c := ok(m)):
                new_id = "new_" + c[0]
                if "new" in lower[vs:m.tok_start] and new_id in lex.metrics:
                    c = (new_id, c[1])
                return m, c, "inside"
        for m in ms.within(ve, ve + 4):  # "V of X", "V in X", "V X"
            if ve <= m.tok_start <= ve + 3 and all(
                    w in self.cues.link_after or w in self.cues.fillers or w in _READING_WORDS
                    for w in lower[ve:m.tok_start]):
                # "10.3% reported revenue growth": a change noun after the metric makes it a change
                c = ok(m) or (m.tok_end < len(lower) and lower[m.tok_end] in self.cues.after
                              and self._compatible(lex.metrics[m.metric], v))
                if c:
                    return m, c, "following"
        for m in reversed(ms.within(vs - self.scope - _LONGEST, vs)):  # "X was V", "X increased by V"
            if m.tok_end <= vs and vs - m.tok_end <= self.scope and asides.get(m.tok_start, vs) >= vs \
                    and not self._new_subject(lower, m.tok_end, vs) and not _BREAKS & set(lower[m.tok_end:vs]) \
                    and (c := ok(m)):
                rule = "preceding_near" if vs - m.tok_end <= self.near else "preceding"
                for m0 in ms.within(m.tok_start - _LONGEST, m.tok_start):  # the head of "X for Y was V"
                    if m0.tok_end == m.tok_start - 1 and lower[m0.tok_end] in _NP_PREPS and (c0 := ok(m0)):
                        return m0, c0, rule
                return m, c, rule
        for m in ms.within(ve, ve + 9):  # "RMB 784 million in the quarter in revenue" (not "doubled the number of X")
            if ve <= m.tok_start <= ve + 8 and m.tok_start > 0 and lower[m.tok_start - 1] in self.cues.link_after \
                    and lower[m.tok_start - 2:m.tok_start - 1] != ["number"] and (c := ok(m)):
                return m, c, "following_far"
        return None

    def _new_subject(self, lower: "_Tokens", lo: int, vs: int) -> bool:
        """A new clause with its own subject between a metric and the value: ", and
        accumulated amortization was $14.2 billion" is not about the metric before it."""
        k = vs - 1
        while k > lo and (lower[k] in self.cues.fillers or lower[k] in ("approximately", "about")):
            k -= 1
        if k <= lo or lower[k] not in _COPULAS:
            return False
        j = k - 1
        words = 0
        while j > lo and lower.alpha[j] and lower[j] not in self.cues.boundary:
            j -= 1
            words += 1
        if words == 0 or j <= lo:
            return False
        return lower[j] in (";", "while", "whereas", "but") or (lower[j] == "and" and lower[j - 1] == ",")

    @staticmethod
    def _asides(lower: list[str], s_start: int, vs: int) -> list[tuple[int, int]]:
        """Comma-delimited asides (", as measured in X minus Y,") between ``s_start`` and
        ``vs``: a metric inside one closed before a value is not the value's subject."""
        out, open_at = [], None
        for k in range(s_start, vs):
            if lower[k] == ",":
                if open_at is not None:
                    out.append((open_at, k))
                    open_at = None
                if k + 1 < vs and lower[k + 1] in _ASIDE_OPENERS:
                    open_at = k + 1
        return out

    def _recorded_in(self, doc: Doc, lower: "_Tokens", vals: "_Values", ms: list[_Metric], lex: MetricLexicon,
                     bounds: tuple[int, int]) -> dict[int, Any]:
        """Values said before "was recorded in X" / "are included in X" / "recognized as X"
        belong to X (the values of the clause since the previous such cue)."""
        out: dict[int, Any] = {}
        s_start, s_end = bounds
        clause = s_start
        k = s_start
        while k < s_end - 1:
            if lower[k] in _RECORD_VERBS and lower[k + 1] in ("in", "as", "within", "under", "to"):
                j = k + 2
                while j < s_end and lower[j] in ("the", "our", "its", "their"):
                    j += 1
                target = next(iter(ms.within(j, j + 1)), None)
                if target is None:
                    e = j
                    while e < min(s_end, j + 8) and (lower.alpha[e] or lower[e] in ("&", "-", "(", ")", "/")) \
                            and lower[e] not in _HARD_STOPS and lower[e] not in ("for", "in", "at", "during", "as"):
                        e += 1
                    if e > j:
                        text = extensions.doc_text(doc)
                        sp = doc[j:e]
                        target = _Metric("", False, sp.start_char, sp.end_char, j, e)
                        target_text = text[sp.start_char:sp.end_char]
                group = vals[bisect_left(vals.starts, clause):bisect_left(vals.starts, k)]
                if group and not self._subject_group(lower, group, k, s_start):
                    group = []
                for v in group:
                    if target is not None:
                        if target.metric:
                            c = self._compatible(lex.metrics[target.metric], v)
                            if c:
                                out[id(v)] = (target, c, "recorded_in")
                        else:
                            out[id(v)] = ("open", target, target_text)
                clause = k + 2
            k += 1
        return out

    def _listed(self, lower: "_Tokens", a: dict[str, Any], b: dict[str, Any]) -> bool:
        """b follows a in a list: only list words, and the periods of each item, between."""
        between = lower[a["tok_end"]:b["tok_start"]]
        if a["unit"].split("/")[0] != b["unit"].split("/")[0]:
            return False  # "$100 million, and 20% of revenue": not one list
        return bool(between) and all(w in _COORD or w in _LIST_FILLERS or w.isdigit() for w in between) \
            and any(w in _COORD for w in between)

    def _change_target(self, doc: Doc, lower: "_Tokens", v: dict[str, Any], ms: list[_Metric],
                       lex: MetricLexicon) -> Any:
        """ "a $26 million increase to the tax liability", "an increase of $31 million to
        retained earnings": the change names its metric after "to" / "in"."""
        ve = v["tok_end"]
        k = ve
        if k < len(lower) and lower[k] == "net":
            k += 1
        if k < len(lower) and lower[k] in self.cues.after and lower[k] not in ("up", "down", "more", "less"):
            k += 1
        elif not (v["tok_start"] >= 2 and lower[v["tok_start"] - 1] == "of"
                  and lower[v["tok_start"] - 2] in self.cues.change):
            return None
        if k >= len(lower) or lower[k] not in ("to", "in"):
            return None
        j = k + 1
        while j < len(lower) and lower[j] in ("the", "our", "its", "their"):
            j += 1
        target = next(iter(ms.within(j, j + 1)), None)
        if target is not None:
            c = self._compatible(lex.metrics[target.metric], v)
            return (target, (c[0], "change"), "change_target") if c else None
        e = j
        while e < min(len(lower), j + 6) and (lower.alpha[e] or lower[e] in ("&", "-", "/")) \
                and lower[e] not in self.cues.boundary and lower[e] not in _HARD_STOPS:
            e += 1
        if e == j:
            return None
        sp = doc[j:e]
        return ("open", _Metric("", False, sp.start_char, sp.end_char, j, e), sp.text)

    def _subject_group(self, lower: "_Tokens", group: list[dict[str, Any]], cue: int, s_start: int) -> bool:
        """The values open their clause ("approximately $15 million was recorded in ...") and
        only periods, verbs of being and list words stand between them and the cue."""
        k = group[0]["tok_start"] - 1
        while k >= s_start and (lower[k] in self.cues.fillers and lower[k] not in ("of", "by")):
            k -= 1
        if k >= s_start and lower[k] not in (",", ";", ":", "(", ")", "and", "includes", "include", "included"):
            return False
        between = lower[group[-1]["tok_end"]:cue]
        return all(w in _BOOKING_FILLERS or w.isdigit() for w in between)

    def _respectively(self, doc: Doc, lower: list[str], vals: list[dict[str, Any]], ms: list[_Metric],
                      segs: list[Any], lex: MetricLexicon) -> dict[int, Any]:
        """Coordinated metrics and values, paired in order ("X and Y were A and B,
        respectively"); coordinated segments likewise ("revenues from public cloud and
        enterprise cloud were A and B, respectively": the values' ``segment``)."""
        out: dict[int, Any] = {}
        i = 0
        while i < len(vals):
            j = i
            while j + 1 < len(vals) and all(w in _COORD for w in lower[vals[j]["tok_end"]:vals[j + 1]["tok_start"]]):
                j += 1
            group = vals[i:j + 1]
            i = j + 1
            if len(group) < 2:
                continue
            g0 = group[0]["tok_start"]
            seg_before = [sp for sp in segs.within(g0 - 4 * _LONGEST, g0) if sp.end <= g0]
            if len(seg_before) >= len(group):
                seg_cand = seg_before[-len(group):]
                if all(all(w in _COORD for w in lower[a.end:b.start]) for a, b in zip(seg_cand, seg_cand[1:])):
                    for sp, v in zip(seg_cand, group):
                        v["segment_pair"] = sp.text
            before = [m for m in ms.within(g0 - 4 * _LONGEST, g0) if m.tok_end <= g0]
            if len(before) < len(group):
                continue
            cand = before[-len(group):]
            if not all(all(w in _COORD or w in ("adjusted", "non", "-", "gaap", "total")
                           for w in lower[a.tok_end:b.tok_start]) for a, b in zip(cand, cand[1:])):
                continue
            for m, v in zip(cand, group):
                c = self._compatible(lex.metrics[m.metric], v)
                if c:
                    out[id(v)] = (m, c, "respectively")
        return out

    def _frame(self, lower: list[str], v: dict[str, Any], first: dict[str, int], doc: Doc,
               lex: MetricLexicon) -> Any:
        """Verb frames (``cues.json`` "frames"): "we bought back 12.3 million shares for $29.2
        million" gives the count and the amount of a repurchase without a metric noun; the
        metric words are the frame's cue ("bought")."""
        inside = set(lower[v["tok_start"]:v["tok_end"]])
        for frame in self.cues.frames:
            cue_at = min((first[w] for w in frame["cues"] if first.get(w, v["tok_start"]) < v["tok_start"]),
                         default=None)
            if cue_at is None:
                continue
            unit = v["unit"]
            target = frame.get("count") if unit == "count" and inside & frame.get("count_nouns", set()) else \
                frame.get("money") if len(unit) == 3 and unit.isupper() else None
            if target in lex.metrics:
                cue = doc[cue_at]
                m = _Metric(target, False, cue.idx, cue.idx + len(cue.text), cue_at, cue_at + 1)
                return m, (target, None), "frame"
        return None

    def _carry_ok(self, doc: Doc, v: dict[str, Any], s_start: int) -> bool:
        head = doc[s_start:min(v["tok_start"], s_start + 8)].text
        return v["tok_start"] - s_start <= 8 and bool(self.cues.carry.match(head.lstrip()))

    # ------------------------------------------------------------------ reading


    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)
