"""Readings a value takes from the words and values around it, beyond its metric link:
an outlook announced for a period by a sentence without a value, a ratio said in basis points ("46 basis points of average loans"), a benefit booked on a
cost ("a net benefit of $93 million"), a headwind to a metric ("a $20 million headwind to
revenue"), a change said right after a per-share amount ("$0.61 per share, up 9%"), and one
amount said of two joined metrics ("listing expenses and disposal of assets of $12.5 million"),
and the parallel items of a list a semicolon splits ("revenue growth, staffing down 27%; Protiviti up 5%").

Each is a function over a :class:`SentenceContext`; the words are data (``data/cues.json``:
``ratio_in_basis_points``, ``benefit_words``, ``benefit_negates``, ``effect_nouns_negative``).
"""
from __future__ import annotations

from typing import Any

from kpi_extract.pipeline.linking.context import Layer, Link, MetricMention, SentenceContext, Tokens
from kpi_extract.pipeline.linking.cues import Cues

__all__ = ["basis_point_ratio", "benefit_sign", "effect_sign", "fell_to_sign", "joint_subject", "listed_sign", "outlook",
           "parallel_items", "per_share_change", "quarter_talk", "range_from"]

_BP = ("basis", "bp", "bps", "bips")


def _said_in_bps(ctx: SentenceContext, v: dict[str, Any]) -> bool:
    if v["unit"] != "percentage_point":
        return False
    words = ctx.text[v["start"] - ctx.base:v["end"] - ctx.base].lower().replace("-", " ").split()
    return any(w in _BP for w in words)


def basis_point_ratio(ctx: SentenceContext, v: dict[str, Any]) -> Link | None:
    """A level said in basis points of a ratio metric: "net charge-offs were $114 million or
    46 basis points of average loans", "charge-offs ... in the 35 to 45 basis point range".
    The value is the ratio (percent), linked to the ratio of the nearest metric before it
    that has one (``ratio_in_basis_points.metrics``); a change ("down 5 basis points") is not."""
    spec = ctx.cues.data.get("ratio_in_basis_points")
    if not spec or not _said_in_bps(ctx, v):
        return None
    lower, vs, ve = ctx.lower, v["tok_start"], v["tok_end"]
    ranged = v["qualifier"] in ("range_low", "range_high")
    of_base = ve < ctx.bounds[1] and lower[ve] == "of" and bool(
        set(lower[ve + 1:min(ve + 5, ctx.bounds[1])]) & set(spec.get("denominators", ())))
    if not (ranged or of_base):
        return None
    k = vs - 1
    while k >= ctx.bounds[0] and lower[k] in ctx.cues.fillers:
        k -= 1
    if k >= ctx.bounds[0] and (lower[k] in ctx.cues.change or lower[k] in ("by", "another")):
        return None
    ratio_of = spec.get("metrics", {})
    for m in reversed(ctx.metrics.within(ctx.bounds[0], vs)):
        target = ratio_of.get(m.metric) or (m.metric if m.metric in ratio_of.values() else None)
        if target and target in ctx.lex.metrics:
            v["unit"] = "percent"
            return Link(m, target, None, "preceding")
    return None


def listed_sign(ctx: SentenceContext) -> None:
    """A change listed after a change its falling verb made negative takes its sign ("down 4%
    in the quarter and 2% for the year": -2), when both read as changes of one metric and unit;
    a member with a direction word of its own ("and up 2%") is no list member
    (``SentenceContext.listed``)."""
    for v in ctx.vals:
        head = ctx.listed.get(id(v))
        if head is not None and head.get("falling") and head["value"] < 0 < v["value"] \
                and head.get("role") == v.get("role") == "change" and head["unit"] == v["unit"] \
                and head.get("metric") == v.get("metric"):
            v["value"], v["falling"] = -v["value"], True  # "down 3%, 2% and 1%": the next member too


def benefit_sign(ctx: SentenceContext, v: dict[str, Any]) -> None:
    """A positive amount said as a benefit of a cost metric ("our provision was a net
    benefit of $93 million", "a tax benefit of $5 million") is negative."""
    if v.get("metric") not in ctx.cues.data.get("benefit_negates", ()) or v["value"] <= 0 or v.get("role") == "change":
        return
    words = ctx.cues.data.get("benefit_words", ())
    lower, k = ctx.lower, v["tok_start"] - 1
    while k >= ctx.bounds[0] and k >= v["tok_start"] - 4:
        if lower[k] in words:
            v["value"] = -v["value"]
            return
        k -= 1


def effect_sign(ctx: SentenceContext, v: dict[str, Any]) -> None:
    """A change linked through a negative effect noun after it (``effect_nouns_negative``:
    "a $20 million headwind to revenue", the ``change_target`` rule) lowers its metric:
    negative."""
    if v.get("rule") != "change_target" or v["value"] <= 0:
        return
    lower, k = ctx.lower, v["tok_end"]
    if k < len(lower) and lower[k] == "net":
        k += 1
    if k < len(lower) and lower[k] in ctx.cues.effect_nouns_negative:
        v["value"] = -v["value"]


def fell_to_sign(ctx: SentenceContext, v: dict[str, Any]) -> None:
    """A percent read as the change of a metric that has no percent level after a falling verb
    and "to" ("reported sales declined to 4% from the prior year": a 4% decline) is negative;
    "margin declined to 4%" is a level (role ``actual``) and keeps its sign, and so does a rate
    that falls ("revenue growth declined to 4%", "comparable sales fell to 3%": still up)."""
    vs, lower = v["tok_start"], ctx.lower
    if not (v.get("role") == "change" and v["unit"] == "percent" and v["value"] > 0 and vs - 2 >= ctx.bounds[0]
            and lower[vs - 1] == "to" and lower[vs - 2] in ctx.cues.down
            and lower[vs - 2] not in ("down", "lower")):  # "now down to 5.3%" names a level
        return
    link = ctx.chosen.get(id(v))
    if link is None or ctx.lex.metrics[v["metric"]].percent_change \
            or any(w in ctx.cues.after for w in lower[link.mention.tok_start:vs - 2]):
        return
    v["value"] = -v["value"]


def per_share_change(ctx: SentenceContext) -> None:
    """"net income of $0.61 per share, up 9% from the prior quarter": a change said right
    after a per-share amount (only a comma and change words between) is the per-share
    metric's change, not the total's."""
    vals, lower, cues = ctx.vals, ctx.lower, ctx.cues
    for a, b in zip(vals, vals[1:]):
        if b.get("role") != "change" or not a.get("metric") or b.get("metric") == a["metric"]:
            continue
        info = ctx.lex.metrics.get(b.get("metric") or "")
        if info is None or info.per_share != a["metric"] or not str(a["unit"]).endswith("/share"):
            continue
        between = [w for w in lower[a["tok_end"]:b["tok_start"]] if w not in (",", "or")]
        if between and all(w in cues.change or w in cues.fillers for w in between):
            for key in ("metric", "metric_text", "metric_start", "metric_end", "adjusted"):
                if key in a:
                    b[key] = a[key]


def range_from(ctx: SentenceContext) -> None:
    """"revenue to range from $555 million to $595 million": "from A to B" after a range
    word is a range (low, high), not a change from one level to another; so is "minus 1% to
    plus 1%" (signed ends)."""
    lower, words = ctx.lower, ctx.cues.data.get("range_from_words", ())
    for a, b in zip(ctx.vals, ctx.vals[1:]):
        k = a["tok_start"]
        if a["unit"] == b["unit"] and a["qualifier"] == b["qualifier"] == "exact" and a["value"] <= b["value"] \
                and lower[a["tok_end"]:b["tok_start"]] in (["to", "plus"], ["to", "minus"]):
            a["qualifier"], b["qualifier"] = "range_low", "range_high"  # "minus 1% to plus 1%"
            a["sign_said"] = b["sign_said"] = True  # each end keeps its own sign (reading.share_ranges)
            continue
        if k >= 2 and lower[k - 1] == "from" and lower[k - 2] in words and a["unit"] == b["unit"] \
                and lower[a["tok_end"]:b["tok_start"]] == ["to"] and a["qualifier"] == b["qualifier"] == "exact":
            a["qualifier"], b["qualifier"] = "range_low", "range_high"


def quarter_talk(ctx: SentenceContext) -> bool:
    """The sentence speaks of a quarter and names no full year: its "last year" / "the prior
    year" is the same quarter a year ago."""
    if not any(w in ctx.first for w in ("quarter", "quarterly", "q1", "q2", "q3", "q4")):
        return False
    return not any(p["ref"].get("fy", -1) >= 0 or p["ref"].get("p") == "FY" for p in ctx.periods)


def outlook(lower: Tokens, cues: Cues, periods: Layer, bounds: tuple[int, int]) -> tuple[dict[str, Any], str] | None:
    """(period ref, period words) of a sentence without a value that announces an outlook
    for one period ("Turning to our guidance for the third quarter.", "In the first quarter, we
    expect ..."): an outlook word within ``outlook_reach`` tokens of the period, not negated
    (``negations``: "we no longer expect ... within fiscal 2021"), else None ("our guidance
    ... the dividends which we will initiate in the second quarter" is not one)."""
    if len(periods) != 1:
        return None
    p = periods[0]
    reach = cues.data.get("outlook_reach", 8)
    lo, hi = max(bounds[0], p["tok_start"] - reach), min(bounds[1], p["tok_end"] + reach)
    if not any(lower[k].startswith(cues.outlook_words) and cues.negations.isdisjoint(lower[max(bounds[0], k - 2):k])
               for k in range(lo, hi)):
        return None  # none, or negated: "we no longer expect the change to occur within fiscal 2021"
    return p["ref"], p["text"]


def outlook_basis(lower: Tokens, cues: Cues, mods: list[Any], bounds: tuple[int, int]) -> bool:
    """Whether a sentence without a value says the outlook's basis is adjusted: an adjusted
    cue right before an outlook word ("Moving on to our non-GAAP guidance."), an adjusted
    basis phrase beside one ("All of our guidance is on a non-GAAP basis.") or an
    ``outlook_basis_words`` word right after one ("Our guidance excludes ..."); never when it
    names a GAAP basis too."""
    labels = {sp.label_ for sp in mods}
    at = [k for k in range(bounds[0], bounds[1]) if lower[k].startswith(cues.outlook_words)]
    if "gaap" in labels or not at:
        return False
    if any(cues.outlook_basis_words.intersection(lower[k + 1:min(k + 4, bounds[1])]) or any(
            lower[j] in cues.outlook_basis_negated and lower[j - 1] in ("not", "n't") for j in range(k + 2, min(k + 5, bounds[1])))
           for k in at):
        return True  # "Our guidance excludes the costs of the merger."
    return "adjusted" in labels and any(sp.label_ == "adjusted" and (any(0 <= k - sp.end <= 3 for k in at) or (
        len(sp) > 1 and sp[0].lower_ in cues.basis_openers)) for sp in mods)


def joint_subject(ctx: SentenceContext, v: dict[str, Any], m0: MetricMention, m: MetricMention) -> bool:
    """ "X and Y of V" names one amount for two metrics (their sum) when V is a single amount
    (``m0`` fits it too): money or a count (a rate said of both is each one's: "orders and sales
    were down 10%"), not a list ("X and Y of $A and $B"), no "respectively" in the sentence;
    and X has no figure of its own (no value just before it: "$475 million in revenues and
    EPS of $0.70"; no value linked to it; not "no X and Y of V")."""
    unit = v["unit"]
    if m0.metric == m.metric or not (unit == "count" or (len(unit) == 3 and unit.isupper())) \
            or ctx.list_tail(v) is not v or id(v) in ctx.listed or "respectively" in ctx.first \
            or (m0.tok_start > ctx.bounds[0] and ctx.lower[m0.tok_start - 1] == "no"):
        return False
    if any(m0.tok_start - 6 <= x["tok_end"] <= m0.tok_start for x in ctx.vals):
        return False
    return not any(c.mention == m0 for c in ctx.chosen.values())


def parallel_items(ctx: SentenceContext, lo: int, vs: int, breaks: frozenset[str] | set[str]) -> bool:
    """Whether no break (``breaks``: ":", ";") stands between a metric ending at token ``lo``
    and the value at ``vs``, or only parallel list items across semicolons ("Revenue growth
    ..., staffing down 27% to 30%; Protiviti up 5% to 7%; overall down 21% to 23%"): the
    first item holds a value, and every item after a semicolon opens with at most three
    words and a change word right before its value."""
    lower, cues = ctx.lower, ctx.cues
    words = lower[lo:vs]
    said = breaks.intersection(words)
    if not said:
        return True
    if said != {";"}:
        return False
    cuts = [lo + k for k, w in enumerate(words) if w == ";"]
    if not ctx.vals.starts_in(lo, cuts[0]):
        return False
    for k, cut in enumerate(cuts):
        end = cuts[k + 1] if k + 1 < len(cuts) else vs
        first = next((x["tok_start"] for x in ctx.vals if cut < x["tok_start"] <= end), None)
        if first is None or not 1 <= first - cut - 1 <= 4 or lower[first - 1] not in cues.change \
                or not all(lower.alpha[j] for j in range(cut + 1, first)):
            return False
    return True

