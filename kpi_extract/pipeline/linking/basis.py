"""A value's basis (adjusted or GAAP): its own (:func:`adjusted`: "adjusted EPS of $1.01",
"On an adjusted basis, we earned ..."), and one said once for several values of a sentence:
"adjusted and GAAP EPS were $0.42 and $0.29, respectively" (coordinated bases dealt out in
order), "record EPS of $2.36 compared with $0.85 last year, all on an adjusted basis" (a
closing basis for every value before it).

Requires the linked values of one :class:`SentenceContext` and its modifier spans; sets
``adjusted`` and ``basis_said`` on the values it reads. The words are data
(``data/modifiers.json``: ``respectively_words``, ``closing_basis_words``, ``pair_basis_words``).
"""
from __future__ import annotations

from typing import Any

from kpi_extract.pipeline.linking.context import MetricMention, SentenceContext

__all__ = ["adjusted", "announced_basis", "outlook_noun_basis", "apposition_adjusted", "closing_basis", "paired_basis", "phrase_basis", "respective_bases"]

_LABELS = ("adjusted", "gaap")


def apposition_adjusted(ctx: SentenceContext) -> None:
    """"net income on a non-GAAP basis was $94.8 million or $0.91 per diluted share": the
    per-share amount restating an adjusted value is adjusted too; then the bases said once for
    several values (below)."""
    lower, vals, metrics = ctx.lower, ctx.vals, ctx.lex.metrics
    for a, b in zip(vals, vals[1:]):
        if a.get("adjusted") and not b.get("adjusted") and a.get("metric") in metrics \
                and b.get("metric") == metrics[a["metric"]].per_share \
                and [w for w in lower[a["tok_end"]:b["tok_start"]] if w != ","] == ["or"]:
            b["adjusted"] = True
    respective_bases(ctx)
    closing_basis(ctx)
    paired_basis(ctx)


def respective_bases(ctx: SentenceContext) -> None:
    """"adjusted and GAAP EPS rose 11% and 43% to $0.42 and $0.29, respectively": two basis
    cues joined by "and" are dealt out in order to the values of each unit after them (n
    values of a unit: the first half takes the first basis, so ranges pair up too)."""
    words = ctx.lex.data["modifiers.json"].get("respectively_words") or ()
    lower = ctx.lower
    ends = sorted(ctx.first[w] for w in words if w in ctx.first)  # first[word]: its first position
    if not ends or len(ctx.mods) < 2:
        return
    mods = [sp for sp in ctx.mods if sp.label_ in _LABELS]
    for a, b in zip(mods, mods[1:]):
        if a.label_ == b.label_ or b.start != a.end + 1 or lower[a.end] != "and":
            continue
        stop = next((k for k in ends if k > b.end), None)
        if stop is None:
            continue
        by_unit: dict[str, list[dict[str, Any]]] = {}
        for v in ctx.vals:
            if b.end <= v["tok_start"] and v["tok_end"] <= stop:
                by_unit.setdefault(v["unit"], []).append(v)
        for group in by_unit.values():
            if len(group) % 2:
                continue
            half = len(group) // 2
            for i, v in enumerate(group):
                v["adjusted"] = (a if i < half else b).label_ == "adjusted"
                v["basis_said"] = True
        return


def closing_basis(ctx: SentenceContext) -> None:
    """"EPS of $2.36 compared with $0.85 last year, all on an adjusted basis": a basis phrase
    after a closing word (``closing_basis_words``: all, both) holds for every value before it
    that has no basis of its own."""
    words = ctx.lex.data["modifiers.json"].get("closing_basis_words") or ()
    lower, openers = ctx.lower, ctx.cues.basis_openers
    for sp in ctx.mods:
        if sp.label_ not in _LABELS or len(sp) < 2 or sp[0].lower_ not in openers \
                or sp.start == 0 or lower[sp.start - 1] not in words:
            continue
        for v in ctx.vals:
            if v["tok_end"] <= sp.start and not v.get("basis_said") and v.get("metric"):
                v["adjusted"] = sp.label_ == "adjusted"
                v["basis_said"] = True


def paired_basis(ctx: SentenceContext) -> None:
    """"$0.98 to $1.13 on a non-GAAP basis", "$0.90 versus $0.72 on an adjusted basis": a
    value with no basis of its own takes the basis said of the next value of its metric and
    unit when only a pair word (``pair_basis_words``; a range's "and") joins them."""
    words = ctx.lex.data["modifiers.json"].get("pair_basis_words") or ()
    lower, vals = ctx.lower, ctx.vals
    for i in range(len(vals) - 2, -1, -1):  # right to left: a basis passes down a chain
        a, b = vals[i], vals[i + 1]
        if a.get("basis_said") or not b.get("basis_said") or not a.get("metric") \
                or a.get("metric") != b.get("metric") or a["unit"] != b["unit"]:
            continue
        between = " ".join(lower[a["tok_end"]:b["tok_start"]])
        if between in words or (between == "and" and a.get("qualifier") == "range_low"):
            a["adjusted"], a["basis_said"] = b.get("adjusted", False), True


def phrase_basis(ctx: SentenceContext) -> None:
    """"non-GAAP earnings are expected to be $0.85 to $0.88 per share": a basis word inside the
    value's widened metric phrase (linked through "per share" after the value) holds for it,
    when nothing else in the sentence said its basis. Runs after the phrase is widened."""
    text = ctx.doc_text
    for v in ctx.vals:
        if v.get("basis_said") or v.get("metric") is None or v.get("metric_start") is None:
            continue
        # a pre-modifier ("record non-GAAP earnings"), not a word after the head ("the margin
        # of the core business")
        labels = {sp.label_ for sp in ctx.mods if sp.label_ in _LABELS
                  and v["metric_start"] <= sp.start_char and sp.end_char <= v["metric_end"]
                  and len(text[v["metric_start"]:sp.start_char].split()) <= 2}
        if len(labels) == 1:
            v["adjusted"] = labels == {"adjusted"}
            v["basis_said"] = True


def announced_basis(ctx: SentenceContext) -> None:
    """After an outlook said on an adjusted basis ("Moving on to our non-GAAP guidance."), a
    guide of an ``outlook_basis_metrics`` metric whose sentence says no basis is adjusted."""
    if any(sp.label_ in _LABELS for sp in ctx.mods):
        return  # "an operating margin of 4% or an adjusted operating margin of 6%": the sentence tells
    for v in ctx.vals:
        if v.get("role") == "guidance" and not v.get("basis_said") and v.get("metric") in ctx.cues.outlook_basis_metrics:
            v["adjusted"] = True


_CONTRASTS = frozenset((";", "while", "whereas", "but"))


def adjusted(ctx: SentenceContext, m: MetricMention, v: dict[str, Any]) -> bool:
    """Adjusted (True) or GAAP (False) from, first match wins: a modifier right after the
    value with no other value between ("$1.01 on an adjusted basis"), one next to the
    metric ("adjusted gross margin", "GAAP EPS"), one opening the value's clause before a comma
    ("On an adjusted basis, we earned ..."), a sentence-wide one before the value
    ("excluding share-based compensation, ..."), an adjusted reading of the metric
    ("comparable EPS"); ``v["basis_said"]`` marks that one was found.
    A one-word GAAP cue after a subject or auxiliary (modifiers.json ``gaap_verb_subjects``:
    "we reported net income", "would have reported a loss") is the verb, not a basis."""
    said = True if _own_reading(ctx, v) else None  # "GAAP earnings of $0.62 and operating earnings of $0.69"
    if said is None:
        said = _basis_words(ctx, m, v) if ctx.mods else None  # none without a modifier in the sentence
    if said is None and _adjusted_reading(ctx, m, v):
        said = True
    if said is not None:
        v["basis_said"] = True  # the sentence says the basis: a call-level scope does not apply
    return bool(said)


def _basis_words(ctx: SentenceContext, m: MetricMention, v: dict[str, Any]) -> bool | None:
    """The basis the sentence's modifiers say of ``v`` (True: adjusted, False: GAAP), in the
    order :func:`adjusted` gives; None when none does."""
    mods, vals, cues, longest, lower = ctx.mods, ctx.vals, ctx.cues, ctx.longest, ctx.lower
    after = [sp for sp in mods.within(v["tok_end"], v["tok_end"] + 7) if len(sp) > 1
             and lower[sp.start] in cues.basis_openers
             and not vals.starts_in(v["tok_end"], sp.start)
             and not (sp.end < len(lower) and lower[sp.end] == ","  # "$0.04, or excluding X, about $0.28"
                      and vals.starts_in(sp.end, sp.end + 3))
             and not cues.clause_breaks.intersection(lower[v["tok_end"]:sp.start])]
    # "diluted EPS, adjusted for special items, was $0.78", "net income on a non-GAAP basis was"
    between = [sp for sp in mods.within(m.tok_end, v["tok_start"])
               if len(sp) > 1 and sp.end <= v["tok_start"] and not vals.starts_in(m.tok_end, v["tok_start"])]
    near = [sp for sp in mods.within(m.tok_start - longest, m.tok_end)
            if m.tok_start - 3 <= sp.end <= m.tok_start or m.tok_start <= sp.start < m.tok_end]
    wide = [sp for sp in mods.within(v["tok_start"] - 5 * longest, v["tok_start"])
            if lower[sp.start] in cues.wide_openers and sp.end <= v["tok_start"]]
    # a clause's basis said after the metric is nearer the value than the metric's own
    # ("adjusted EPS was $0.38, while on a GAAP basis, we had a loss of $0.95 per share")
    opened = [sp for sp in mods.within(m.tok_end, v["tok_start"]) if len(sp) > 1 and sp.end <= v["tok_start"]
              and lower[sp.start] in cues.basis_openers and not vals.starts_in(sp.end, v["tok_start"])
              and not vals.ends_in(sp.start - 1, sp.start + 1)]  # not the basis closing a value before it
    # "On an adjusted basis, income ... was $46.7 million or $0.69 per share": a basis phrase
    # opening a clause before a comma holds for the values after it up to a contrast
    fronted = [sp for sp in mods.within(v["tok_start"] - 8 * longest, v["tok_start"])
               if sp.end < v["tok_start"] and lower[sp.end] == "," and len(sp) > 1
               and lower[sp.start] in cues.basis_openers and (sp.start == ctx.bounds[0] or lower[sp.start - 1] in (",", "and", "but", "while"))
               and not _CONTRASTS.intersection(lower[sp.end:v["tok_start"]])][-1:]
    # "adjusted gross margin ... down 200 basis points on a reported basis and down 260 in
    # constant currency": "reported" set against a currency or organic basis is not GAAP
    currency = any(sp.label_ in ("constant_currency", "organic") for sp in mods)
    for group in (after, between, opened, near, fronted, wide):
        labels = {sp.label_ for sp in group if not (sp.label_ == "gaap" and len(sp) == 1
                                                    and ctx.after_verb_subject(sp.start))
                  and not (currency and sp.label_ == "gaap" and "reported" in lower[sp.start:sp.end])} & {"adjusted", "gaap"}
        if labels:
            return "adjusted" in labels
    return None


def _adjusted_reading(ctx: SentenceContext, m: MetricMention, v: dict[str, Any]) -> bool:
    """"comparable earnings per share", "operating earnings per share": a word of a group
    of ``adjusted_readings`` right before a metric the group lists (over its ``between``
    words) says the adjusted measure ("comparable sales" is a metric of its own); the value's
    own earnings phrase ("operating earnings of $0.76 per share") is :func:`_own_reading`."""
    lower = ctx.lower
    for r in ctx.lex.data["modifiers.json"].get("adjusted_readings") or ():
        words, metrics = r.get("words") or (), r.get("metrics") or ()
        if m.metric in metrics:
            k = m.tok_start - 1
            while k >= 0 and m.tok_start - k <= 4 and lower[k] in (r.get("between") or ()):
                k -= 1
            if k >= 0 and lower[k] in words:
                return True
    return False


def _own_reading(ctx: SentenceContext, v: dict[str, Any]) -> bool:
    """The value's own earnings phrase said with a word of an ``adjusted_readings`` group
    listing its metric ("operating earnings of $0.76 per share", "our operating earnings
    guidance of $2.40 to $2.60 per share"), and no basis word right before that word ("GAAP
    operating earnings") nor a GAAP cue after the value ("... per share on a GAAP basis")."""
    lower, vs = ctx.lower, v["tok_start"]
    k = vs - 1
    while k >= 0 and vs - k <= 4 and (lower[k] in _LINKING or lower[k] in ctx.cues.outlook_nouns):
        k -= 1
    if k < 1 or lower[k] not in _EARNINGS_HEADS:
        return False
    for r in ctx.lex.data["modifiers.json"].get("adjusted_readings") or ():
        if v.get("metric") in (r.get("metrics") or ()) and lower[k - 1] in (r.get("words") or ()):
            return not any((sp.end == k - 1 and not (len(sp) == 1 and ctx.after_verb_subject(sp.start)))  # "we reported"
                           or (sp.label_ == "gaap" and sp.start >= v["tok_end"] and len(sp) > 1
                               and lower[sp.start] in ctx.cues.basis_openers)  # "... on a GAAP basis"
                           for sp in ctx.mods.within(k - 1 - ctx.longest, v["tok_end"] + 7))
    return False


#: words between an earnings phrase and its amount ("operating earnings of / were $0.76 per share")
_LINKING = frozenset(("of", "was", "were", "to", "be", "at", "approximately", "about"))
#: heads of an earnings phrase said before a per-share amount
_EARNINGS_HEADS = frozenset(("earnings", "income"))


#: words that may stand between a basis word and the outlook noun it modifies ("adjusted full-year guidance")
_OUTLOOK_FILLERS = frozenset(("full", "year", "full-year", "-", "fiscal", "annual", "quarterly", "quarter", "eps",
                              "earnings", "per", "share"))


def outlook_noun_basis(ctx: SentenceContext) -> None:
    """"we are reaffirming our adjusted full year guidance of $2.85 to $2.87 per share": a basis
    word before an outlook noun (``outlook_nouns``: guidance, outlook, forecast ...) holds for
    the guides after the noun whose sentence gives them no basis of their own."""
    lower, nouns = ctx.lower, ctx.cues.outlook_nouns
    said = []
    for sp in ctx.mods:
        if sp.label_ not in _LABELS:
            continue
        k = sp.end
        while k < len(lower) and k < sp.end + 4 and lower[k] in _OUTLOOK_FILLERS:
            k += 1
        if k < len(lower) and lower[k] in nouns:
            said.append((k, sp.label_ == "adjusted"))
    for k, flag in said:
        for v in ctx.vals:
            if v["tok_start"] > k and v.get("role") == "guidance" and v.get("metric") and not v.get("basis_said"):
                v["adjusted"], v["basis_said"] = flag, True
