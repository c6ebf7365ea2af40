"""How the linker reads a value's role: ``target``, ``guidance``, ``change`` or ``actual`` (:func:`role`),
and the change words around a value (:func:`change_words`), over a :class:`SentenceContext`
(docs/linking.md)."""
from __future__ import annotations

from bisect import bisect_left
from typing import Any

from kpi_extract.pipeline.linking.context import SentenceContext

__all__ = ["change_words", "past_comparison", "role"]


def _past_said(ctx: SentenceContext, at: int) -> bool:
    """A past verb (``range_past_words``) said before token ``at``; "reported" as a basis word
    ("our total reported revenue growth", "on a reported basis") is none."""
    first = ctx.first
    for w in ctx.cues.range_past:
        k = first.get(w, at)
        if k < at and not (w == "reported" and any(sp.start == k for sp in ctx.mods.within(k, k + 1))
                           and not ctx.after_verb_subject(k)):  # "we reported" is the verb
            return True
    return False


def role(ctx: SentenceContext, v: dict[str, Any], hint: str | None, floor: int = 0) -> str:
    """``target`` for a goal ("we aim to", "over the next three years", "by 2025") anywhere
    in the sentence, ``guidance`` after a forward-looking cue or for a range, else ``change`` or ``actual``
    (change words before ``floor``, the metric's end, are the metric's own)."""
    if ctx.target:
        return "target"
    if ctx.guidance_at is not None and ctx.guidance_at < v["start"] - ctx.base:
        return "guidance"
    if ctx.cues.revised_from is not None and ctx.cues.revised_from.match(ctx.text, v["end"] - ctx.base) \
            and not _past_said(ctx, v["tok_start"]):
        return "guidance"  # "$490 million, up from our previous forecast of $475 million" (not "was $490 million")
    if v["qualifier"] in ("range_low", "range_high") and not _past_said(ctx, v["tok_start"]):
        return "guidance"  # a result is said as one number; "$2.35 to $2.60" is an outlook (not "was between")
    if v["unit"] == "percentage_point" or hint == "change":
        return "change"
    if change_words(ctx, v, floor if floor <= v["tok_start"] else 0):
        return "change"
    return "actual"


#: sign words said before a value that make it a change
_SIGNS = frozenset(("+", "plus", "minus"))
#: what follows a comparative after a value that makes the value a change
_COMPARED = frozenset(("of", "than", "the", "last", "prior", "our", "a"))


def change_words(ctx: SentenceContext, v: dict[str, Any], floor: int = 0) -> bool:
    """A change verb right before the value ("rose 5%", "increased by 5%", "an increase
    of 5%"), a change noun right after it ("a 5% increase"), a comparative and "of" /
    "than" / "the" ... after it ("77% ahead of last year"), a rate ("grow at a 5% CAGR"), a plus sign ("+12%"), or "or" after a change ("up $312 million,
    or 20%"; not "grew to $1.10, or $1.01 adjusted")."""
    lower, cues = ctx.lower, ctx.cues
    vs, ve = v["tok_start"], v["tok_end"]
    if lower[vs].startswith("+") or lower[vs] in _SIGNS or (
            vs > 0 and lower[vs - 1] in _SIGNS and not ctx.vals.ends_in(vs - 1, vs)):
        return True  # a signed value is a change: "+12 to +13%", "plus 10% to plus 12%" (not "$5 million plus 10%")
    k, rough = vs - 1, cues.rough_levels
    while k >= 0 and (lower[k] in cues.fillers or lower[k] == "between" or lower[k] in rough or (
            lower[k] == "to" and k >= 1 and lower[k - 1] in rough and lower[k + 1] in rough)) and lower[k] not in ("by", "of"):
        k -= 1  # "up between 19% and 20%", "by mid to high 20%": a range's or a rough level's words
    prev = lower[k] if k >= 0 else ""
    if prev == "in" and ve < len(lower) and lower[ve] == "range" and any(w in cues.change for w in lower[max(floor, k - 4):k]):
        return True  # "to increase in the high 30% range"
    if prev in cues.change:
        return True
    if prev == "at" and k >= 1 and lower[k - 1] in cues.change:
        return True  # "to grow at an 11% to 14% CAGR"
    if prev in ("by", "of"):
        window = lower[max(floor, k - 4):k]  # never the metric's own words ("gain of RMB 5 million")
        if "range" in window:  # "to increase year-over-year in a range of 12% to 16%"
            window = lower[max(floor, k - 10):k]
        return any(w in cues.change for w in window)
    if prev == "or" and ctx.after_change:
        return True  # "up $312 million, or 20%"
    if ve + 1 < len(lower) and lower[ve] in cues.comparatives and lower[ve + 1] in _COMPARED:
        return True  # "77% ahead of last year", "75.2% greater than last year", "4% below the prior year"
    ve = past_comparison(ctx, ve)  # "a 74% year-over-year increase", "a 3% sequential decline"
    return ve < len(lower) and lower[ve] in cues.after and lower[ve] not in ("up", "down")


def past_comparison(ctx: SentenceContext, k: int) -> int:
    """The token after a comparison phrase (cues.json ``yoy`` / ``qoq``) starting at token ``k``
    when a change noun follows it ("a 74% year-over-year increase in backlog": "increase"),
    else ``k``."""
    lower = ctx.lower
    if k >= len(lower) or not lower.alpha[k]:
        return k
    at = lower.idx[k] - ctx.base
    for pattern in (ctx.cues.yoy, ctx.cues.qoq):
        found = pattern.match(ctx.text, at)
        if found is not None:
            j = bisect_left(lower.idx, found.end() + ctx.base, k)
            return j if j < len(lower) and lower[j] in ctx.cues.after else k
    return k
