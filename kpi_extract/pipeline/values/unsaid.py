"""Units a value's own words do not say, read from the words around it.

* Per share: an amount without a scale after "EPS" / "per diluted share" / an earnings word in
  its sentence, or before "of/in ... earnings per share", is an amount per share (the linker then
  links it to EPS); see ``per_share_cues`` and ``per_unit_modifiers`` in ``data/values.json``.
* Bare money: "operating income was 182 million" names no currency; the amount is money in the
  currency said last before it (the lexicon's default currency when none), unless a count word
  comes just before it or a count joins it ("2 million and 3 million shares"); see
  ``bare_money`` in ``data/values.json``.

Functions of the :class:`~kpi_extract.pipeline.values.grammar.Grammar` rather than more
:class:`~kpi_extract.pipeline.values.scanning.Scanner` methods: the scanner finds values, this
module reads what their context says of their unit.
"""
from __future__ import annotations

import re

from kpi_extract.phrases import fold_key
from kpi_extract.pipeline.values import units
from kpi_extract.pipeline.values.grammar import Grammar
from kpi_extract.pipeline.values.mention import MAX_GAP, Mention

__all__ = ["per_from_cue", "bare_money", "bare_currency", "PER_CUE_REACH", "PER_AFTER_REACH"]


#: right before a bare amount, what may be a currency the lexicon does not know ("SFr. 12 million",
#: "R 40 million"): a short capitalized word, or a symbol that is no punctuation
_CURRENCY_LIKE = re.compile(r"(?:\b[A-Z][A-Za-z]{0,3}\.?|[^\w\s,.;:!?()\[\]'\"“”‘’/&%*-])[ \t\u00a0]$")
#: how far before an unscaled amount a per-share cue ("EPS", "per diluted share", "earnings") counts
PER_CUE_REACH = 250
#: how far after an unscaled amount "of/in ... earnings per share" is looked for
PER_AFTER_REACH = 80


def per_from_cue(g: Grammar, text: str, values: list[Mention]) -> None:
    """An amount with no scale after "EPS" / "loss per ADS" in the same clause, and since
    the last amount, is per share / per ADS ("Diluted EPS was $(0.12)"); accounting
    parentheses there default to per share. One below ``per_share_max`` is per share before
    "of/in ... earnings per share" ("$1.10 in adjusted earnings per share"), and, said with
    cents, after an earnings word ("adjusted earnings were $1.10") or a per-share amount of
    the same sentence ("EPS was $0.12 reported and $0.15 adjusted"); a filing's "$630"
    (in millions) after "earnings" is none."""
    prev: Mention | None = None
    for v in values:
        if v.form in ("money", "paren") and v.per is None and v.scale is None:
            lo = max(prev.end if prev else 0, v.start - PER_CUE_REACH)
            cue = g.per_cue_re.search(text, lo, v.start)
            if cue:
                v.per = g.per_cues[fold_key(cue["cue"])]
            elif v.form == "paren":
                v.per = "share"
            elif v.number < g.per_share_max:
                cents = v.number.as_tuple().exponent < 0 or units.reported_unit(v.unit) != v.unit
                v.per = _earnings_per(g, text, lo, v, cents) or (  # "$0.13 per share on a GAAP basis and $0.70 ..."
                    prev.per if cents and prev and prev.per and prev.scale is None and g.clause_re.fullmatch(
                        text, prev.end, v.start) else None)
        if v.form in ("money", "paren"):
            prev = v


def bare_money(g: Grammar, text: str, values: list[Mention]) -> list[Mention]:
    """Bare amounts that are no money: after a count word ("shares outstanding were 179
    million") or what may be an unknown currency ("SFr. 12 million") they are dropped;
    joined to a count ("2 million and 3 million shares") they are counts."""
    out: list[Mention] = []
    for i, v in enumerate(values):
        if v.bare:
            if g.bare_count_re.search(text, max(0, v.start - 60), v.start) \
                    or _CURRENCY_LIKE.search(text, max(0, v.start - 6), v.start):
                continue
            nxt = values[i + 1] if i + 1 < len(values) else None
            if nxt is not None and nxt.unit == "count" and nxt.start - v.end <= MAX_GAP \
                    and g.connector_re.fullmatch(text, v.end, nxt.start):
                v.unit, v.form, v.bare = "count", "count", False
        out.append(v)
    return out


def bare_currency(values: list[Mention]) -> None:
    """Money said without a currency is in the currency of the last money said before it
    ("RMB 1.8 to 2.0 billion"; the default currency when there is none)."""
    currency = None
    for v in values:
        if v.form != "money":
            continue
        if v.bare:
            v.unit = currency or v.unit
        elif units.reported_unit(v.unit) == v.unit:
            currency = v.unit


def _earnings_per(g: Grammar, text: str, lo: int, v: Mention, cents: bool) -> str | None:
    if cents and (cue := g.earn_cue_re.search(text, lo, v.start)) is not None:
        return g.per_share_cues[fold_key(cue["cue"])]
    if (after := g.per_after_re.match(text, v.end, v.end + PER_AFTER_REACH)) is None:
        return None
    return g.per_of(after["per"]) if after["per"] else g.per_cues[fold_key(after["cue"])]
