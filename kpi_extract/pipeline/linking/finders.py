"""Rules that look for one value's metric: ``change_target``, ``inside``, ``following``,
``preceding_near`` / ``preceding``, ``following_far``, ``carry_over``, ``frame`` and
``per_share`` (docs/linking.md), and ``carried_head`` (a bare head noun of the carried metric). Each takes the sentence's context, the value and its rule
record (name, scope) and answers a :class:`Link`, an :class:`OpenPhrase` or None."""
from __future__ import annotations

from typing import Any

from kpi_extract.pipeline.linking.context import Choice, Link, MetricMention, OpenPhrase, SentenceContext
from kpi_extract.pipeline.linking.neighbours import joint_subject, parallel_items
from kpi_extract.pipeline.linking.role import change_words, past_comparison
from kpi_extract.pipeline.linking.rules import LinkRule
from kpi_extract.pipeline.metrics.lexicon import MetricInfo

__all__ = [
    "carried_head",
    "carry_over",
    "change_target",
    "compatible",
    "following",
    "following_far",
    "frame",
    "inside",
    "per_share",
    "preceding",
]


def compatible(info: MetricInfo, v: dict[str, Any]) -> tuple[str, str | None] | None:
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
        return (info.id, "change" if info.percent_change else None) if "percent" in kinds else (info.id, "change")
    if unit == "percentage_point":
        return (info.id, "change") if ("percent" in kinds or "ratio" in kinds) else None
    if unit == "multiple":
        return (info.id, None) if ("multiple" in kinds or "ratio" in kinds) else (info.id, "change")
    if unit == "count":
        return (info.id, None) if "count" in kinds else None
    return None



def _ok(ctx: SentenceContext, m: MetricMention, v: dict[str, Any]) -> tuple[str, str | None] | None:
    """``compatible``, except that a percent is a change of a non-percent metric only with
    a change cue ("20% of revenue" is a share, not a level or a change of revenue)."""
    c = compatible(ctx.lex.metrics[m.metric], v)
    if c and c[1] == "change" and v["unit"] == "percent" and "percent" not in ctx.lex.metrics[m.metric].kinds \
            and not change_words(ctx, v) and not _named_change(ctx, m) and not _changed_to(ctx, v):
        return None
    if c and _growth_of_another(ctx, m):
        return None
    return c


def _changed_to(ctx: SentenceContext, v: dict[str, Any]) -> bool:
    """"sales increased to 11%": a change verb and "to" before a percent of a metric that has
    no percent level (a money metric) say its change, not a level it cannot have."""
    vs, lower = v["tok_start"], ctx.lower
    return vs >= 2 and lower[vs - 1] == "to" and lower[vs - 2] in ctx.cues.change


def _growth_of_another(ctx: SentenceContext, m: MetricMention) -> bool:
    """A synonym that is a change itself ("organic growth") said of another metric named
    right before it or after "in" / "of" ("EBITDA organic growth", "organic growth in
    EBITDA") is that metric's, not its own."""
    lower, k = ctx.lower, m.tok_end
    if lower[k - 1] not in ctx.cues.after or k - m.tok_start < 2:
        return False
    if any(o.tok_end == m.tok_start for o in ctx.metrics.within(m.tok_start - ctx.longest, m.tok_start)):
        return True
    return k + 1 < len(lower) and lower[k] in ("in", "of") and any(
        o.tok_start == k + 1 for o in ctx.metrics.within(k + 1, k + 2))


#: change words that never take a metric as their object ("higher sales", "up revenue")
_NOT_VERBS = frozenset(("up", "down", "higher", "lower", "growth"))


def _named_change(ctx: SentenceContext, m: MetricMention) -> bool:
    """The metric is said with a change noun ("revenue growth to be 5% to 6%", "a sales
    decline of 3%"), is one ("organic growth of 5%"), or is the object of a change verb ("to
    grow sales 15% to 20%")."""
    k = m.tok_end
    if ctx.lower[k - 1] in ctx.cues.after:  # the synonym is a change itself: "organic growth"
        return True
    j = m.tok_start - 1
    while j >= 0 and ctx.lower[j] in ctx.cues.determiners:
        j -= 1
    if j >= 0 and ctx.lower[j] in ctx.cues.change and ctx.lower[j] not in _NOT_VERBS:
        return True  # a change verb taking the metric as its object: "to grow sales 15% to 20%"
    return k < len(ctx.lower) and ctx.lower[k] in ctx.cues.after and ctx.lower[k] not in ("more", "less")


def change_target(ctx: SentenceContext, v: dict[str, Any], rule: LinkRule) -> Choice | None:
    """ "a $26 million increase to the tax liability", "an increase of $31 million to
    retained earnings", "a 30 basis point impact on operating margin": the change names its
    metric (or an open phrase) after "to" / "in" (after an effect noun: "on" / "to")."""
    lower, cues = ctx.lower, ctx.cues
    ve = v["tok_end"]
    k = past_comparison(ctx, ve)  # "a 74% year-over-year increase in backlog"
    if k < len(lower) and lower[k] == "net":
        k += 1
    preps: tuple[str, ...] = ("to", "in")
    if k < len(lower) and lower[k] in cues.after and lower[k] not in ("up", "down", "more", "less"):
        k += 1
    elif k < len(lower) and lower[k] in cues.effect_nouns:
        k, preps = k + 1, ("on", "to")  # "a 30 basis point impact on operating margin"
    elif not (v["tok_start"] >= 2 and lower[v["tok_start"] - 1] == "of"
              and lower[v["tok_start"] - 2] in cues.change):
        return None
    if k >= len(lower) or lower[k] not in preps:
        return None
    j = k + 1
    while j < len(lower) and lower[j] in ctx.cues.determiners:
        j += 1
    said = [p for p in ctx.periods.within(k, j + 1) if p["tok_end"] > j]
    if said and not ctx.metrics.within(said[-1]["tok_end"], said[-1]["tok_end"] + 2):
        return None  # "growth of 1.9% in the quarter": a period, not what changed
    if said:  # "a 19% increase in Q4 adjusted EBITDA": the period said of the metric after it
        j = said[-1]["tok_end"]
    e = j
    while e < min(len(lower), j + 6) and (lower.alpha[e] or lower[e] in ("&", "-", "/")) \
            and lower[e] not in cues.boundary and lower[e] not in cues.hard_stops:
        e += 1
    # the metric the phrase names, at its start or as its head ("a 7% decline in new vehicle revenue")
    target = next(iter(ctx.metrics.within(j, max(e, j + 1))), None)
    if target is not None:
        c = compatible(ctx.lex.metrics[target.metric], v)
        return Link(target, c[0], "change", rule.name) if c else None
    if e == j:
        return None
    sp = ctx.doc[j:e]
    return OpenPhrase(sp.start_char, sp.end_char, sp.text)


def inside(ctx: SentenceContext, v: dict[str, Any], rule: LinkRule) -> Choice | None:
    """The metric noun inside a count ("12,000 new customers"; ``new_X`` when the lexicon has it)."""
    vs, ve = v["tok_start"], v["tok_end"]
    for m in ctx.metrics.within(vs, ve):
        if vs <= m.tok_start and m.tok_end <= ve and (c := _ok(ctx, m, v)):
            metric_id = c[0]
            new_id = "new_" + metric_id
            if "new" in ctx.lower[vs:m.tok_start] and new_id in ctx.lex.metrics:
                metric_id = new_id
            return Link(m, metric_id, c[1], rule.name)
    return None


def following(ctx: SentenceContext, v: dict[str, Any], rule: LinkRule) -> Choice | None:
    """ "V of X", "V in (our) X", "V X": a metric within ``scope`` tokens after the value (a period and reading
    words not counted), only link words, fillers and readings between ("10.3% reported revenue growth": a change noun)."""
    lower, cues = ctx.lower, ctx.cues
    ve, reach = v["tok_end"], rule.scope
    links = cues.link_after
    if v["unit"] == "percentage_point":  # "a 50 basis point improvement on operating margin"
        links = links | frozenset(cues.data.get("link_words_after_points", ()))
    elif cues.spend_verbs.intersection(lower[max(0, v["tok_start"] - (8 if v["qualifier"] == "range_high" else 3)):
                                             v["tok_start"]]):  # a range's high end: the verb before its low end
        links = links | {"on"}  # "we expect to spend $40 million to $45 million on capital expenditures"
    readings, poss = cues.reading_words, (cues.link_possessives if v["unit"] != "percent" else ())  # not "20% of our X"
    for m in ctx.metrics.within(ve, ve + reach + 1 + _FREE_WORDS):
        lo = _past_period(ctx, ve, m.tok_start)  # "$1.2 billion in first quarter revenue"
        between = lower[ve:lo]
        # a period and reading words ("of non-GAAP", "in fully diluted") do not count toward the reach
        if sum(w not in readings for w in between) <= reach and all(
                w in links or w in cues.fillers or w in readings or w in cues.after
                or (w in poss and i and between[i - 1] in links) for i, w in enumerate(between)):
            c = _ok(ctx, m, v) or (m.tok_end < len(lower) and lower[m.tok_end] in cues.after
                                   and compatible(ctx.lex.metrics[m.metric], v))
            if c:
                return Link(m, c[0], c[1], rule.name)
    return None


#: link words before a noun phrase whose head is the metric ("$365 million in recurring revenue")
_NP_LINKS = frozenset(("of", "in"))
#: the most words qualifying a metric between its link word and it
_QUALIFIERS = 2


def _qualified_head(ctx: SentenceContext, v: dict[str, Any], m: MetricMention, between: list[str]) -> bool:
    """ "$365 million in recurring revenue", "$40 million of subscription revenue": an amount
    of money, "in" / "of", at most two plain words (no stop word, value or period) and the
    metric that heads the phrase (nothing but punctuation or a stop word after it)."""
    unit = v["unit"]
    if not (len(unit) == 3 and unit.isupper()) or len(between) < 2:
        return False
    k = next((i for i, w in enumerate(between) if w in _NP_LINKS), None)
    if k is None or not 1 <= len(between) - k - 1 <= _QUALIFIERS:
        return False
    cues, lower = ctx.cues, ctx.lower
    if not all(w in cues.fillers or w in cues.reading_words for w in between[:k]):
        return False
    if not all(w.isalpha() and w not in cues.phrase_stops and w not in cues.link_after and w not in cues.change
               for w in between[k + 1:]):
        return False
    e = m.tok_end  # not "sales of older products": a head the words after it qualify again
    return e >= len(lower) or not lower.alpha[e] or (lower[e] in cues.phrase_stops or lower[e] in cues.link_after) \
        and lower[e] not in ("of", "from")


#: how many reading words and period tokens past its reach ``following`` looks
_FREE_WORDS = 6


def _past_period(ctx: SentenceContext, lo: int, at: int) -> int:
    """Where a period said right before the metric at token ``at`` starts ("in first quarter
    revenue", "of 2021 revenue"), else ``at``: the words up to there are the value's link words."""
    for p in ctx.periods.within(lo, at):
        if p["tok_end"] == at:
            return p["tok_start"]
    return at


def preceding(ctx: SentenceContext, v: dict[str, Any], rule: LinkRule) -> Choice | None:
    """ "X was V", "X increased by V": the nearest metric ending within ``scope`` tokens
    before the value, not inside a closed comma aside, not before a new subject or a break
    (``:`` / ``;``); the head of "X for Y was V" when X fits too; "X and Y of V": an open phrase."""
    lower, ms, cues = ctx.lower, ctx.metrics, ctx.cues
    vs, reach, longest = v["tok_start"], rule.scope, ctx.longest
    asides = ctx.vals.aside_end
    for m in reversed(ms.within(vs - reach - longest, vs)):
        if m.tok_end <= vs and vs - m.tok_end <= reach and (asides.get(m.tok_start, vs) >= vs
                                                            or _change_of_aside_value(ctx, asides[m.tok_start], vs)) \
                and not _new_subject(ctx, m.tok_end, vs) and parallel_items(ctx, m.tok_end, vs, cues.breaks) \
                and (c := _ok(ctx, m, v)):
            for m0 in (m0 for m0 in ms.within(m.tok_start - longest, m.tok_start) if m0.tok_end == m.tok_start - 1):
                if lower[m0.tok_end] in cues.np_preps and (c0 := _ok(ctx, m0, v)):
                    return Link(m0, c0[0], c0[1], rule.name)
                if lower[m0.tok_end] == "and" and _ok(ctx, m0, v) and joint_subject(ctx, v, m0, m):
                    sp = ctx.doc[m0.tok_start:m.tok_end]  # "listing expenses and disposal of assets of $V": their sum
                    return OpenPhrase(sp.start_char, sp.end_char, sp.text)
            return Link(m, c[0], c[1], rule.name)
    return None


def _change_of_aside_value(ctx: SentenceContext, end: int, vs: int) -> bool:
    """The aside closing at token ``end`` ends with a value and only change words stand
    between it and the value at ``vs`` (", which fueled our backlog to $3 billion, an increase
    of 63%"): the change is that value's, said of the aside's metric."""
    between = ctx.lower[end + 1:vs]
    return bool(between) and ctx.vals.ends_in(end, end + 1) and any(w in ctx.cues.change for w in between) \
        and all(w in ctx.cues.change or w in ctx.cues.fillers for w in between)


def following_far(ctx: SentenceContext, v: dict[str, Any], rule: LinkRule) -> Choice | None:
    """ "RMB 784 million in the quarter in revenue": a metric after a link word within
    ``scope`` tokens after the value (not "doubled the number of X"), or heading the phrase
    after it ("$365 million in recurring revenue")."""
    lower = ctx.lower
    ve, reach = v["tok_end"], rule.scope
    for m in ctx.metrics.within(ve, ve + reach + 1):
        if ve <= m.tok_start <= ve + reach and m.tok_start > 0 and (
                (lower[m.tok_start - 1] in ctx.cues.link_after and lower[m.tok_start - 2:m.tok_start - 1] != ["number"])
                or _qualified_head(ctx, v, m, lower[ve:m.tok_start])) and (c := _ok(ctx, m, v)):
            return Link(m, c[0], c[1], rule.name)
    return None


def _new_subject(ctx: SentenceContext, lo: int, vs: int) -> bool:
    """A new clause with its own subject between a metric and the value: ", and
    accumulated amortization was $14.2 billion" is not about the metric before it."""
    lower, cues = ctx.lower, ctx.cues
    k = vs - 1
    while k > lo and (lower[k] in cues.fillers or lower[k] in ("approximately", "about")):
        k -= 1
    if k <= lo or lower[k] not in cues.copulas:
        return False
    j = k - 1
    words = 0
    while j > lo and lower.alpha[j] and lower[j] not in cues.boundary:
        j -= 1
        words += 1
    if words == 0 or j <= lo:
        return False
    return lower[j] in (";", "while", "whereas", "but") or (lower[j] == "and" and lower[j - 1] == ",")


def carry_over(ctx: SentenceContext, v: dict[str, Any], rule: LinkRule) -> Choice | None:
    """The metric of the sentences before ("It was up 5%"): the value is within ``scope``
    tokens of its sentence's start, which opens with a carry cue, and no metric is said
    before it in its sentence."""
    if ctx.carry is None or ctx.metrics.within(0, v["tok_start"]):
        return None
    s_start = ctx.bounds[0]
    head = ctx.doc[s_start:min(v["tok_start"], s_start + rule.scope)].text
    if not (v["tok_start"] - s_start <= rule.scope and ctx.cues.carry.match(head.lstrip())):
        return None
    m, info = ctx.carry
    c = compatible(info, v)
    return Link(m, c[0], c[1], rule.name) if c else None


def frame(ctx: SentenceContext, v: dict[str, Any], rule: LinkRule) -> Choice | None:
    """Verb frames (``cues.json`` "frames"): "we bought back 12.3 million shares for $29.2
    million" gives the count and the amount of a repurchase without a metric noun; the
    metric words are the frame's cue ("bought")."""
    first, lower = ctx.first, ctx.lower
    vs = v["tok_start"]
    words = set(lower[vs:v["tok_end"]])
    for f in ctx.cues.frames:
        cue_at = min((first[w] for w in f["cues"] if first.get(w, vs) < vs), default=None)
        if cue_at is None:
            continue
        unit = v["unit"]
        target = f.get("count") if unit == "count" and words & f.get("count_nouns", set()) else \
            f.get("money") if len(unit) == 3 and unit.isupper() else None
        if target in ctx.lex.metrics:
            cue = ctx.doc[cue_at]
            m = MetricMention(target, False, cue.idx, cue.idx + len(cue.text), cue_at, cue_at + 1)
            return Link(m, target, None, rule.name)
    return None


def per_share(ctx: SentenceContext, v: dict[str, Any], rule: LinkRule) -> Choice | None:
    """A per-share amount in a sentence about earnings ("we earned $1.02 a share") is EPS
    (a loss per share after a loss word)."""
    vs = v["tok_start"]
    if not (v["unit"].endswith(("/share", "/ADS")) and "eps" in ctx.lex.metrics
            and ctx.said_before(ctx.cues.earnings_words, vs)):
        return None
    m = MetricMention("eps", ctx.said_before(ctx.cues.loss_words, vs), v["start"], v["end"], vs, v["tok_end"])
    return Link(m, "eps", None, rule.name)


def carried_head(ctx: SentenceContext, v: dict[str, Any], choice: Choice | None) -> Link | None:
    """"Net interest margin was 2.9%. The margin declined 9 basis points": a bare head noun
    (one word, no lexicon metric) naming the head of the metric the sentences before were
    about is that metric (the ``carry_over`` rule's link)."""
    if ctx.carry is None or not isinstance(choice, OpenPhrase):
        return None
    words = [w for w in choice.text.lower().split() if w not in ctx.cues.determiners]
    m, info = ctx.carry
    carried = ctx.doc_text[m.start:m.end].lower().split()
    if len(words) != 1 or len(carried) < 2 or carried[-1] != words[0]:
        return None
    c = compatible(info, v)
    return Link(m, c[0], c[1], "carry_over") if c else None
