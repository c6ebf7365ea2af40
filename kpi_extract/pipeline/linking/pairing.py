"""Rules that read a whole sentence at once: coordinated metrics and values paired in order
(``respectively``), values booked into a line (``recorded_in``), lists of values and comma
asides. The per-sentence rules answer for every value of the sentence before any value is
linked (``SentenceContext.prepared``)."""
from __future__ import annotations

from bisect import bisect_left
from typing import Any

from kpi_extract.pipeline.linking.context import Choice, Link, MetricMention, OpenPhrase, SentenceContext, Tokens
from kpi_extract.pipeline.linking.cues import Cues
from kpi_extract.pipeline.linking.finders import compatible
from kpi_extract.pipeline.linking.rules import LinkRule

__all__ = ["asides", "listed", "recorded_in", "respectively"]


def asides(lower: list[str], cues: Cues, s_start: int, vs: int) -> list[tuple[int, int]]:
    """Comma-delimited asides (", as measured in X minus Y,", ", net of tax,", an account's
    ", net," before a comma or a verb) between ``s_start`` and ``vs``: a metric inside one
    closed before a value is not the value's subject. ``lower`` is the sentence's
    :class:`~kpi_extract.pipeline.linking.context.Tokens` (its ``alpha`` flags are read)."""
    out, open_at = [], None
    openers = cues.aside_openers
    for k in range(s_start, vs):
        if lower[k] == ",":
            if open_at is not None:
                out.append((open_at, k))
                open_at = None
            if k + 1 < vs and (lower[k + 1] in openers or (k + 2 < vs and (
                    f"{lower[k + 1]} {lower[k + 2]}" in openers or (lower[k + 1] == "net" and (
                        not lower.alpha[k + 2] or lower[k + 2] in cues.copulas))))):
                # a two-word opener (", net of tax,"); an account's "net" before a comma or a verb
                # (", net, was", "other expense, net includes"); not ", net sales were"
                open_at = k + 1
    return out


def listed(ctx: SentenceContext) -> dict[int, dict[str, Any]]:
    """value id -> the value before it, for each value that follows another in a list: only
    list words, and the periods of each item, between them ("$A, $B and $C", "$87 million
    in 2020 and $92 million in 2019"), and units of one kind."""
    lower, vals = ctx.lower, ctx.vals
    coord, fillers = ctx.cues.list_words, ctx.cues.list_fillers
    out = {}
    for a, b in zip(vals, vals[1:]):
        if a["unit"].split("/")[0] != b["unit"].split("/")[0]:
            continue  # "$100 million, and 20% of revenue": not one list
        k = _past_reading(ctx, a["tok_end"], b["tok_start"])
        between = lower[k:b["tok_start"]]
        if k > a["tok_end"] and not (a["unit"] == b["unit"] == "percent"):
            continue  # a reading between is a list of changes only: "up 8% sequentially and 16% year-over-year"
        if between and all(w in coord or w in fillers or w.isdigit() for w in between) \
                and any(w in coord for w in between):
            out[id(b)] = a
        elif "(" in between and between.count("(") == 1 and ")" not in between \
                and all(w in fillers or w.isdigit() or w == "(" for w in between):
            out[id(b)] = a  # "$416 million in 2020 ($185 million in 2019 and ...)": the same metric
    return out


def _past_reading(ctx: SentenceContext, k: int, end: int) -> int:
    """The token after a comparison phrase ("year-over-year", "sequentially") or a basis
    phrase ("on a reported basis", "in constant currency") said right after the value ending
    at token ``k`` (before ``end``), else ``k``: "revenue increased 194% on a reported basis
    and 179% in constant currency" is one list of the revenue's changes."""
    for sp in ctx.mods.within(k, k + 1):
        if sp.end <= end:
            return sp.end
    if k >= end or not ctx.lower.alpha[k]:
        return k
    at = ctx.lower.idx[k] - ctx.base
    for pattern in (ctx.cues.yoy, ctx.cues.qoq):
        found = pattern.match(ctx.text, at)
        if found is not None:
            j = bisect_left(ctx.lower.idx, found.end() + ctx.base, k)
            return j if j <= end else k
    return k


#: words that may also join coordinated metrics ("adjusted and GAAP EPS", "total and non-GAAP")
_METRIC_JOINERS = frozenset(("adjusted", "non", "-", "gaap", "total"))


def _joined(lower: list[str], spans: list[tuple[int, int]], words: frozenset[str]) -> bool:
    """Whether only ``words`` stand between consecutive ``(start, end)`` token spans."""
    return all(all(w in words for w in lower[a_end:b_start]) for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


def respectively(ctx: SentenceContext, rule: LinkRule) -> dict[int, Choice]:
    """Coordinated metrics and values, paired in order ("X and Y were A and B,
    respectively"); coordinated segments likewise ("revenues from public cloud and
    enterprise cloud were A and B, respectively": the values' ``segment_pair``) and
    coordinated periods ("fourth quarter and full year sales of A and B": ``period_pair``),
    each within ``rule.scope`` tokens before the values."""
    lower, vals, ms, segs, lex = ctx.lower, ctx.vals, ctx.metrics, ctx.segs, ctx.lex
    coord = ctx.cues.list_words
    reach = rule.scope
    out: dict[int, Choice] = {}
    i = 0
    while i < len(vals):
        j = i
        while j + 1 < len(vals) and (all(w in coord for w in lower[vals[j]["tok_end"]:vals[j + 1]["tok_start"]])
                                     or _changes_joined(ctx, vals[j], vals[j + 1])):
            j += 1
        group = vals[i:j + 1]
        i = j + 1
        if len(group) < 2:
            continue
        g0 = group[0]["tok_start"]
        per_before = [p for p in ctx.periods.within(g0 - reach, g0) if p["tok_end"] <= g0]
        if len(per_before) >= len(group):  # "fourth quarter and full year sales of $A and $B"
            per_cand = per_before[-len(group):]
            if _joined(lower, [(p["tok_start"], p["tok_end"]) for p in per_cand], coord) \
                    and len({str(p["ref"]) for p in per_cand}) == len(group):
                for p, v in zip(per_cand, group):
                    v["period_pair"] = p
        seg_before = [sp for sp in segs.within(g0 - reach, g0) if sp.end <= g0]
        if len(seg_before) >= len(group):
            seg_cand = seg_before[-len(group):]
            if _joined(lower, [(sp.start, sp.end) for sp in seg_cand], coord):
                for sp, v in zip(seg_cand, group):
                    v["segment_pair"] = sp.text
        before = [m for m in ms.within(g0 - reach, g0) if m.tok_end <= g0]
        cand = before[-len(group):]
        if len(before) < len(group) or not _joined(lower, [(m.tok_start, m.tok_end) for m in cand],
                                                   coord | _METRIC_JOINERS):
            quoted = _quoted(ctx, max(ctx.bounds[0], g0 - reach), g0)
            if len(quoted) >= len(group):
                for (a, b), v in zip(quoted[-len(group):], group):  # "“Funds receivable” and “X” ... A and B"
                    sp = ctx.doc[a:b]
                    out[id(v)] = OpenPhrase(sp.start_char, sp.end_char, sp.text)
            continue
        for m, v in zip(cand, group):
            c = compatible(lex.metrics[m.metric], v)
            if c:
                out[id(v)] = Link(m, c[0], c[1], rule.name)
    return out


def _changes_joined(ctx: SentenceContext, a: dict[str, Any], b: dict[str, Any]) -> bool:
    """ "increased by $A and decreased by $B, respectively": two changes of one unit joined
    by "and <change word> by", the last followed by "respectively"."""
    lower = ctx.lower
    between = [w for w in lower[a["tok_end"]:b["tok_start"]] if w != ","]
    return a["unit"] == b["unit"] and len(between) == 3 and between[0] == "and" and between[1] in ctx.cues.change \
        and between[2] == "by" and "respectively" in lower[b["tok_end"]:b["tok_end"] + 3]


_OPEN_QUOTES = ("“", '"', "‘")
_CLOSE_QUOTES = ("”", '"', "’")


def _quoted(ctx: SentenceContext, lo: int, hi: int) -> list[tuple[int, int]]:
    """Token bounds of the quoted statement lines (“Funds receivable”) in ``[lo, hi)``,
    without the quotes and a comma before the closing one."""
    lower = ctx.lower
    out, open_at = [], None
    for k in range(lo, hi):
        w = lower[k]
        if open_at is None and w in _OPEN_QUOTES:
            open_at = k + 1
        elif open_at is not None and w in _CLOSE_QUOTES:
            end = k - 1 if k - 1 > open_at and lower[k - 1] == "," else k
            if end > open_at and end - open_at <= 12:
                out.append((open_at, end))
            open_at = None
    return out


def recorded_in(ctx: SentenceContext, rule: LinkRule) -> dict[int, Choice]:
    """Values said before "was recorded in X" / "are included in X" / "recognized as X"
    belong to X (the values of the clause since the previous such cue); X is a lexicon
    metric or, when none starts there, the phrase itself."""
    doc, lower, vals, ms, lex = ctx.doc, ctx.lower, ctx.vals, ctx.metrics, ctx.lex
    verbs, hard_stops, determiners = ctx.cues.record_verbs, ctx.cues.hard_stops, ctx.cues.determiners
    out: dict[int, Choice] = {}
    s_start, s_end = ctx.bounds
    if verbs.isdisjoint(lower[s_start:s_end - 1]):
        return out  # no booking verb in the sentence
    clause = s_start
    k = s_start
    while k < s_end - 1:
        if lower[k] in verbs and lower[k + 1] in ("in", "as", "within", "under", "to"):
            j = k + 2
            while j < s_end and lower[j] in determiners:
                j += 1
            target: MetricMention | None = next(iter(ms.within(j, j + 1)), None)
            booked: OpenPhrase | None = None
            if target is None:
                e = j
                while e < min(s_end, j + 8) and (lower.alpha[e] or lower[e] in ("&", "-", "(", ")", "/")) \
                        and lower[e] not in hard_stops and lower[e] not in ("for", "in", "at", "during", "as"):
                    e += 1
                if e > j:
                    sp = doc[j:e]
                    booked = OpenPhrase(sp.start_char, sp.end_char, ctx.doc_text[sp.start_char:sp.end_char])
            group = vals[bisect_left(vals.starts, clause):bisect_left(vals.starts, k)]
            if group and not _subject_group(ctx, lower, group, k):
                group = []
            for v in group:
                if target is not None:
                    c = compatible(lex.metrics[target.metric], v)
                    if c:
                        out[id(v)] = Link(target, c[0], c[1], rule.name)
                elif booked is not None:
                    out[id(v)] = booked
            clause = k + 2
        k += 1
    return out


def _subject_group(ctx: SentenceContext, lower: Tokens, group: list[dict[str, Any]], cue: int) -> bool:
    """The values open their clause ("approximately $15 million was recorded in ...") and
    only periods, verbs of being and list words stand between them and the cue."""
    s_start = ctx.bounds[0]
    fillers = ctx.cues.fillers
    k = group[0]["tok_start"] - 1
    while k >= s_start and (lower[k] in fillers and lower[k] not in ("of", "by")):
        k -= 1
    if k >= s_start and lower[k] not in (",", ";", ":", "(", ")", "and", "includes", "include", "included"):
        return False
    between = lower[group[-1]["tok_end"]:cue]
    booking = ctx.cues.booking_fillers
    return all(w in booking or w.isdigit() for w in between)
