"""Parent metrics: the larger KPI a linked metric is part of, where the sentence says so.

Sets ``parent_metric`` (a lexicon id or None), ``parent_metric_text``, ``parent_metric_start``
and ``parent_metric_end`` on a value when

- a part cue (``cues.json`` ``parent_cues``: "of which", "including", "consisting of",
  "comprised of", "represents", "thereof"...) stands between a total and the value:
  "operating expenses were $5.1 billion, of which $1.2 billion related to research and
  development", "lease expense included $30 million of variable lease costs": the total
  (the metric phrase before the cue) is the parent, the item next to the value its metric;
- a value with an item of its own ("$15 million of stock-based compensation") is booked into
  a line ("was recorded in general and administrative expense", rule ``recorded_in``): the line
  is the parent and the item the metric.

The item is the noun phrase next to the value ("$V of X", "$V related to X", "X of $V");
a lexicon metric heading it gives ``metric``, else ``metric`` is None and ``metric_text``
names it (as the ``open`` rule does). Runs after :func:`~kpi_extract.pipeline.linking.extent.widen`.
"""
from __future__ import annotations

from typing import Any

from kpi_extract.pipeline.linking.context import SentenceContext
from kpi_extract.pipeline.linking.extent import phrase_bounds
from kpi_extract.pipeline.linking.finders import compatible

__all__ = ["assign_parents"]

#: the most tokens between a total and a part cue after it
TOTAL_REACH = 40


def _cue_at(ctx: SentenceContext, k: int) -> int:
    """Length of the part cue starting at token ``k`` (0: none)."""
    lower = ctx.lower
    for cue in ctx.cues.parent_cues:
        if tuple(lower[k:k + len(cue)]) == cue:
            return len(cue)
    return 0


_JOINERS = ("-", "/", "&")


def _joined_word(lower: list[str], k: int) -> bool:
    """Token ``k`` is inside a hyphenated compound ("mark-to-market", "market-related")."""
    return k > 0 and lower[k - 1] in _JOINERS


def _mention_at(ctx: SentenceContext, a: int, b: int) -> Any:
    """The lexicon mention heading the phrase ``[a, b)`` (ending at ``b``), or None."""
    return next((m for m in reversed(ctx.metrics.within(a, b)) if m.tok_end == b), None)


def _span(ctx: SentenceContext, a: int, b: int) -> tuple[int, int, str]:
    s, e = ctx.lower.idx[a], ctx.lower.ends[b - 1]
    return s, e, ctx.doc_text[s:e]


def _item(ctx: SentenceContext, v: dict[str, Any], blocked: set[int]) -> tuple[int, int] | None:
    """Token bounds of the item phrase next to the value: after it ("$V of X", "$V related
    to X", "$V in X") or before it ("X of $V")."""
    lower = ctx.lower
    s_start, s_end = ctx.bounds
    ve, vs = v["tok_end"], v["tok_start"]
    for link in ctx.cues.item_links:
        if tuple(lower[ve:ve + len(link)]) == link:
            j = ve + len(link)
            while j < s_end and lower[j] in ctx.cues.determiners:
                j += 1
            k = j
            while k < s_end and k not in blocked and (lower.alpha[k] or lower[k] in _JOINERS) \
                    and (lower[k] not in ctx.cues.phrase_stops or _joined_word(lower, k)):
                k += 1
            while k > j and (lower[k - 1] in _JOINERS or lower[k - 1] in ctx.cues.phrase_stops):
                k -= 1  # "market-" of "market-related": the joined word is a stop
            if k > j:
                return phrase_bounds(ctx, j, k, blocked, tail=True)
            return None
    if vs - 2 >= s_start and lower[vs - 1] == "of" and lower.alpha[vs - 2] \
            and lower[vs - 2] not in ctx.cues.phrase_stops:
        return phrase_bounds(ctx, vs - 2, vs - 1, blocked)
    return None


def _set_item(ctx: SentenceContext, v: dict[str, Any], item: tuple[int, int]) -> None:
    a, b = item
    m = _mention_at(ctx, a, b)
    c = compatible(ctx.lex.metrics[m.metric], v) if m is not None else None
    v["metric"] = c[0] if c else None
    v["metric_start"], v["metric_end"], v["metric_text"] = _span(ctx, a, b)


def _set_parent(v: dict[str, Any], metric: str | None, span: tuple[int, int, str]) -> None:
    if (span[0], span[1]) == (v.get("metric_start"), v.get("metric_end")):
        return
    v["parent_metric"] = metric
    v["parent_metric_start"], v["parent_metric_end"], v["parent_metric_text"] = span


def _total_before(ctx: SentenceContext, k: int, vals: list[dict[str, Any]],
                  blocked: set[int]) -> tuple[str | None, tuple[int, int, str]] | None:
    """The total a part cue at ``k`` divides: the metric phrase right before the cue, with
    only its values, periods and joining words (``parent_gap_words``) between ("X of $A,
    of which", "X for 2020 includes"); the linked metric of a value there, else a lexicon
    metric (widened to its phrase)."""
    lower, gap = ctx.lower, ctx.cues.parent_gap_words
    periods = ctx.period_tokens()
    j = k - 1
    while j >= ctx.bounds[0] and k - j <= TOTAL_REACH and (j in blocked or j in periods or lower[j] in gap
                                                            or lower[j].isdigit()):
        j -= 1
    if j < ctx.bounds[0]:
        return None
    for v in vals:
        if v["tok_end"] <= k and v.get("metric_start") is not None:
            a, b = lower.char_bounds(v["metric_start"], v["metric_end"])
            if a <= j < b:
                return v.get("metric"), (v["metric_start"], v["metric_end"], v["metric_text"])
    m = next((m for m in ctx.metrics.within(j - ctx.longest, j + 1) if m.tok_start <= j < m.tok_end), None)
    if m is None:  # a total the lexicon lacks ("Balance at December 31 includes $V ...")
        if not lower.alpha[j] or lower[j] in ctx.cues.phrase_stops or lower[j] in ctx.cues.generic_totals:
            return None
        a, b = phrase_bounds(ctx, j, j + 1, blocked)
        lo = a
        while lo > ctx.bounds[0] and lower[lo - 1] in ctx.cues.phrase_determiners:
            lo -= 1
        if lo > ctx.bounds[0] and not (lower[lo - 1] in ("(", ")", ":", ";", ",") or lower[lo - 1].isdigit()
                                       or lower[lo - 1].endswith(".") or ctx.doc[lo].text[:1].isupper()):
            return None  # a total the lexicon lacks opens its clause ("Balance at ... includes")
        if a == b - 1 and (lower[a] in ctx.cues.generic_totals or not ctx.doc[a].text[:1].isupper() and a > ctx.bounds[0]
                           and lower[a - 1] not in ctx.cues.determiners):
            return None  # a lone word that is no subject ("unallocated includes")
        return None, _span(ctx, a, b)
    a, b = phrase_bounds(ctx, m.tok_start, m.tok_end, blocked)
    if not a <= j < b:
        return None
    return m.metric, _span(ctx, a, b)


def _clause_comma(ctx: SentenceContext, j: int, blocked: set[int]) -> bool:
    """A comma that ends the parts: not followed by another part ("$A of X, $B of Y and $C")."""
    lower = ctx.lower
    return lower[j] == "," and j + 1 < ctx.bounds[1] and j + 1 not in blocked \
        and lower[j + 1] not in ("and", "or", "approximately", "about", "respectively") \
        and not (j + 2 < ctx.bounds[1] and lower[j + 1] in ("approximately", "about") and j + 2 in blocked)


def _part_unit(unit: str) -> bool:
    """A money amount or a count can be part of a total; a percent or a per-share amount is not."""
    return "/" not in unit and unit not in ("percent", "percentage_point", "multiple")


def _part_cue(ctx: SentenceContext, k: int) -> int:
    """Length of the part cue at ``k``; 0 for none, for a booking read the other way ("X is
    included in Y": Y holds X) and for a table ("consists of the following")."""
    lower = ctx.lower
    n = _cue_at(ctx, k) if lower[k] in ctx.cues.parent_heads else 0
    after = lower[k + n:k + n + 2]
    if n and (lower[k] in ("included", "include", "includes") and after[:1] and after[0] in ("in", "within", "as")
              or after in (["the", "following"], ["as", "follows"])):
        return 0
    return n


def _parts_end(ctx: SentenceContext, start: int, blocked: set[int]) -> int:
    """Where the parts after a cue end: a break, a colon, a new subject (a pronoun, or words
    after "and" / a comma before a verb of being), a clause comma or the next part cue."""
    lower, cues = ctx.lower, ctx.cues
    joined = False  # an "and" or comma since the last value
    for j in range(start, ctx.bounds[1]):
        w = lower[j]
        if j in blocked:
            joined = False
        elif w in ("and", ","):
            joined = True
        if w in cues.breaks or w.endswith(":") or w in cues.subject_pronouns or _clause_comma(ctx, j, blocked) \
                or (joined and w in cues.copulas and j - 1 not in blocked and lower.alpha[j - 1]) \
                or _part_cue(ctx, j):
            return j
    return ctx.bounds[1]


def _booked_line(ctx: SentenceContext, v: dict[str, Any], blocked: set[int]) -> tuple[str | None, tuple[int, int, str]] | None:
    """ "$15 million of X was recorded in Y": the line Y the value's item is booked into."""
    lower, cues = ctx.lower, ctx.cues
    a, k = lower.char_bounds(v["metric_start"], v["metric_end"])
    if a < v["tok_end"]:
        return None
    while k < ctx.bounds[1] and lower[k] in cues.copulas | {"been", "be", "also"}:
        k += 1
    if not (k + 1 < ctx.bounds[1] and lower[k] in cues.record_verbs and lower[k + 1] in ("in", "within", "as")):
        return None
    j = k + 2
    while j < ctx.bounds[1] and lower[j] in cues.phrase_determiners:
        j += 1
    m = next(iter(ctx.metrics.within(j, j + 1)), None)
    end = m.tok_end if m is not None else j
    while m is None and end < ctx.bounds[1] and lower.alpha[end] and lower[end] not in cues.phrase_stops:
        end += 1
    if end == j:
        return None
    a, b = phrase_bounds(ctx, j, end, blocked)
    return (m.metric if m is not None else None), _span(ctx, a, b)


def assign_parents(ctx: SentenceContext) -> None:
    """Set the parent-metric keys on the sentence's values (module docstring)."""
    vals = ctx.vals
    if not vals:
        return
    cues = ctx.cues
    s_start, s_end = ctx.bounds
    blocked = ctx.value_tokens()
    first = ctx.first
    booking = not first.keys().isdisjoint(cues.record_verbs)
    # values booked into a line: the line is the parent of the item next to the value
    for v in vals if booking else ():
        if v.get("metric_start") is None or not _part_unit(v["unit"]):
            continue
        if v.get("rule") == "recorded_in":
            item = _item(ctx, v, blocked)
            if item is not None:
                line = (v["metric_start"], v["metric_end"], v["metric_text"])
                parent = v.get("metric")
                _set_item(ctx, v, item)
                _set_parent(v, parent, line)
        elif (booked := _booked_line(ctx, v, blocked)) is not None:
            _set_parent(v, *booked)
    if first.keys().isdisjoint(cues.parent_keys):
        return
    k = s_start
    while k < s_end:
        n = _part_cue(ctx, k)
        if not n:
            k += 1
            continue
        total = _total_before(ctx, k, vals, blocked)
        stop = _parts_end(ctx, k + n, blocked)
        if total is not None:
            for v in vals:
                if not (k + n <= v["tok_start"] < stop) or not _part_unit(v["unit"]):
                    continue
                same = (v.get("metric_start"), v.get("metric_end")) == total[1][:2]
                if v.get("metric_start") is None or same or v["metric_start"] < total[1][1]:
                    item = _item(ctx, v, blocked)
                    if item is None:
                        continue
                    _set_item(ctx, v, item)
                _set_parent(v, total[0], total[1])
        k = max(stop, k + n)
