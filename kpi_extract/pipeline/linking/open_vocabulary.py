"""Open vocabulary: the phrase a value is for when no lexicon metric fits (``metric`` stays
``<NA>``, ``metric_text`` names the phrase): the ``open`` rule (docs/linking.md)."""
from __future__ import annotations

from typing import Any

from kpi_extract.pipeline.linking.context import Choice, OpenPhrase, SentenceContext
from kpi_extract.pipeline.linking.rules import LinkRule

__all__ = ["open_phrase"]


def open_phrase(ctx: SentenceContext, v: dict[str, Any], rule: LinkRule) -> Choice | None:
    """The phrase the value is for: a list member's head's phrase; else the noun phrase
    after "V related to", before "of V" / "was V" (skipping asides) or after "V of" /
    "V in"; else after "V for" / "V from"; never a phrase that is a period ("in the quarter")."""
    head = ctx.listed.get(id(v))
    if head is not None and head.get("rule") == "open":
        return OpenPhrase(head["metric_start"], head["metric_end"], head["metric_text"])
    lower, cues = ctx.lower, ctx.cues
    s_start = ctx.bounds[0]
    k = v["tok_start"] - 1
    while k >= s_start and lower[k] in cues.fillers and lower[k] != "of":
        k -= 1
    x_of_v = k >= s_start and lower[k] == "of"
    noun_of_v = x_of_v and k > s_start and lower.alpha[k - 1] and lower[k - 1] not in cues.phrase_stops \
        and not cues.verb_form.fullmatch(lower[k - 1])
    span = _phrase_before(ctx, v) if noun_of_v else None  # "X of $V related to Y": X
    tail = ctx.list_tail(v)
    if span is None and tail is not v:  # "capitalized $A and $B of X", "$A and $B, respectively, of X"
        end = tail["tok_end"]
        while end < ctx.bounds[1] and lower[end] in (",", "respectively"):
            end += 1
        span = _phrase_after(ctx, {**tail, "tok_end": end}, (("of",),))
    if span is None and k > s_start and lower[k] == "in" and lower[k - 1] in cues.result_verbs:
        j = k - 2
        while j > s_start and lower[j] in (",", "which", "that"):
            j -= 1
        span = _phrase_before(ctx, {"tok_start": j + 1})  # "X, which resulted in a $V loss": X
    if span is None:
        span = _phrase_after(ctx, v, cues.open_links_related) \
            or (None if x_of_v else _phrase_after(ctx, v, cues.open_links_after))
    if span is None:
        span = _phrase_before(ctx, v)
    if span is None:
        span = _phrase_after(ctx, v, cues.open_links_last)
    if span is None or any(p["tok_start"] <= span[0] and span[1] <= p["tok_end"]
                           for p in ctx.periods.within(span[0] - 8, span[1])):
        return None  # "$0.88 in the quarter": a period, not a phrase the value is for
    sp = ctx.doc[span[0]:span[1]]
    if not sp.text.strip():
        return None
    return OpenPhrase(sp.start_char, sp.end_char, sp.text)


def _phrase_after(ctx: SentenceContext, v: dict[str, Any], links: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """ "$601 million of restructuring expenses" -> "restructuring expenses"; ``links`` are
    the word sequences allowed between the value and the phrase."""
    lower = ctx.lower
    ve = v["tok_end"]
    if v["unit"] == "percent":
        return None
    link = next((w for w in links if tuple(lower[ve:ve + len(w)]) == w), None)
    if link is None:
        return None
    j = ve + len(link)
    determiners = ctx.cues.determiners
    while j < len(lower) and lower[j] in determiners:
        j += 1
    k = j
    boundary = ctx.cues.boundary
    while k < min(len(lower), j + 6) and (lower.alpha[k] or lower[k] in ("&", "-", "/")) and lower[k] not in boundary:
        k += 1
    return (j, k) if k > j else None


def _phrase_before(ctx: SentenceContext, v: dict[str, Any]) -> tuple[int, int] | None:
    """ "Proceeds from the sale of the business were $45 million" -> the whole subject."""
    lower, cues = ctx.lower, ctx.cues
    s_start = ctx.bounds[0]
    year = cues.year_token.fullmatch
    vs = v["tok_start"]
    k = vs - 1
    aside_end, aside_skip = ctx.vals.aside_end, ctx.vals.aside_skip
    period_start = ctx.period_starts()
    while k >= s_start:
        if aside_end.get(k, vs) < vs:  # in an aside closed before the value
            k = aside_skip[k]  # jump over ", including X and Y," (and asides before it) to the subject
        elif lower[k] == ")" and "(" in lower[max(s_start, k - 6):k]:
            k -= lower[max(s_start, k - 6):k][::-1].index("(") + 2  # "settlement for the Act (BIPA) of $V"
        elif k in period_start:
            k = period_start[k] - 1  # "X for the year ended June 30, 2019 was $V": over the period
        elif lower[k] in cues.period_preps and (k + 1) in period_start and lower[k] not in (",", "and"):
            k -= 1  # "X at December 31, 2020 was $V"
        elif lower[k] in ("and", ",") and k > s_start and (year(lower[k - 1]) or (k - 1) in period_start):
            k -= 1  # "X for 2020 and 2019 was $A and $B"
        elif lower[k] in ("tax", "taxes") and lower[k - 2:k] == ["net", "of"]:
            k -= 3  # ", net of tax of $439 million": the gain, not the tax
        elif lower[k] in ("which", "that") and k > s_start and lower[k - 1] == ",":
            k -= 2  # "those projects, which total $3 million": the antecedent
        elif lower[k] in cues.level or lower[k] in cues.change \
                or lower[k] in cues.fillers or lower[k] in (",", "by") or lower[k] in cues.copulas \
                or year(lower[k]) or (lower[k] in ("for", "in", "during", "fiscal")
                                      and k + 1 < vs and year(lower[k + 1])):
            k -= 1  # "X, net, for 2020, 2019 and 2018 includes $A, $B and $C"
        else:
            break
    if any(w in cues.copulas for w in lower[k + 1:vs]):
        k = _before_participle(ctx, k)  # "X recorded in Y were $V"
    j = k
    while j >= s_start and j > k - 8 and (lower.alpha[j] or lower[j] in ("&", "-", "/", "(", ")", "'s")) \
            and lower[j] not in cues.hard_stops:
        j -= 1
    lo, hi = j + 1, k + 1
    while lo < hi and (lower[lo] in cues.boundary or lower[lo] in ("(", ")")):
        lo += 1
    while hi > lo and (lower[hi - 1] in cues.boundary or cues.verb_form.fullmatch(lower[hi - 1])):
        hi -= 1  # "PayPal capitalized $347 million": the verb is not the metric
    return (lo, hi) if hi > lo else None


def _before_participle(ctx: SentenceContext, k: int) -> int:
    """ "cash payments for leases recorded in the balance sheet were $V": the phrase ending at
    ``k`` is the participle's complement; the subject ends before the participle."""
    lower, cues = ctx.lower, ctx.cues
    s_start = ctx.bounds[0]
    j = k
    while j >= s_start and j > k - 6 and lower.alpha[j] and lower[j] not in cues.hard_stops \
            and not (lower[j] in ("in", "on", "within", "under", "to", "by") and j > s_start
                     and (lower[j - 1] in cues.record_verbs or cues.verb_form.fullmatch(lower[j - 1]))):
        j -= 1
    if j > s_start + 1 and j > k - 6 and lower[j] in ("in", "on", "within", "under", "to", "by") \
            and (lower[j - 1] in cues.record_verbs or cues.verb_form.fullmatch(lower[j - 1])) \
            and lower.alpha[j - 2] and lower[j - 2] not in cues.hard_stops and lower[j - 2] not in cues.boundary:
        return j - 2
    return k

