"""How the linker reads a value: its comparison, period cue and segment (its role:
:mod:`~kpi_extract.pipeline.linking.role`; its adjusted flag:
:mod:`~kpi_extract.pipeline.linking.basis`), and what ranges and "from A to B" share
(functions over a :class:`SentenceContext`; docs/linking.md)."""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from spacy.tokens import Doc

from kpi_extract.pipeline.linking.causes import cause_after_comma, in_cause
from kpi_extract.pipeline.linking.context import MetricMention, SentenceContext
from kpi_extract.pipeline.linking.neighbours import quarter_talk
from kpi_extract.pipeline.metrics.component import segment_key

__all__ = [
    "SHARED",
    "as_named",
    "comparison",
    "from_to",
    "period",
    "said_after_value",
    "segment",
    "share_ranges",
]

_WORDS = re.compile(r"[a-z]+")
#: what the better linked end of a range gives the other
SHARED = ("metric", "metric_text", "metric_start", "metric_end", "segment", "adjusted", "role", "comparison",
          "period_ref", "period_text", "confidence", "rule")
#: how "this year" said after a value without a preposition starts ("$5 million this year")
_ADVERBIAL_YEAR = ("this", "current", "for", "in", "during", "over", "through", "by")
#: a year said alone after a preposition or "fiscal" ("in 2021", "in fiscal '21"), no "full year"
_BARE_YEAR = re.compile(r"(?:(?:in|during|of)\s+(?:fiscal\s+(?:year\s+)?)?|fiscal\s+(?:year\s+)?)(?:(?:19|20)\d\d|['’]\d\d)",
                        re.IGNORECASE)

#: links to a metric said before a value: a range's metric said right after it ("$A to $B of X") wins
_BEFORE_RULES = frozenset(("preceding_near", "preceding", "carry_over", "per_share", "open"))


def share_ranges(vals: list[dict[str, Any]]) -> None:
    """Both ends of a range ("$3.60 to $3.90 per share") read alike: the better linked end
    gives the other its metric, flags, period and per-share unit (the metric said right
    after the range, "$A to $B of X", over one said before it)."""
    for a, b in zip(vals, vals[1:]):
        if a["qualifier"] != "range_low" or b["qualifier"] != "range_high":
            continue
        src, dst = (a, b) if a.get("confidence", 0) >= b.get("confidence", 0) else (b, a)
        if b.get("rule") == "following" and a.get("rule") in _BEFORE_RULES:
            src, dst = b, a  # "..., we expect to deliver $330 million to $345 million of adjusted EBITDA"
        if src.get("metric") is None and src.get("metric_text") is None:
            continue
        adjusted_ = bool(a.get("adjusted") or b.get("adjusted"))  # "$3.00 to $3.25 on an adjusted basis"
        period_ = next(((e["period_ref"], e.get("period_text")) for e in (b, a) if "period_ref" in e), None)
        for key in SHARED:
            if key in src:
                dst[key] = src[key]
            else:
                dst.pop(key, None)
        if period_ is not None:
            for e in (a, b):
                e["period_ref"], e["period_text"] = period_
        if adjusted_:
            a["adjusted"] = b["adjusted"] = True
        if "/" in src["unit"] and "/" not in dst["unit"] and src["unit"].split("/")[0] == dst["unit"]:
            dst["unit"] = src["unit"]
        if src["unit"] == "percent" and dst["unit"] == "percentage_point" and src.get("role") == dst.get("role"):
            dst["unit"] = "percent"  # "35 to 45 basis points" of a ratio: both ends are levels
        if (src["value"] < 0) != (dst["value"] < 0) and src.get("metric") == dst.get("metric") \
                and not dst.get("sign_said"):
            dst["value"] = -dst["value"]


def period(ctx: SentenceContext, v: dict[str, Any]) -> None:
    """The period cue of a value: its place in coordinated periods ("fourth quarter and full
    year sales of $A and $B"), else the nearest one after it with no other value between
    (within ``near`` tokens), else the nearest one before it in the sentence. A change
    ignores cues that name its comparison period ("up 5% from the same period last year")."""
    lower, vals, compare = ctx.lower, ctx.vals, ctx.cues.compare_words
    paired = v.get("period_pair")
    if paired is not None:  # "fourth quarter and full year sales of $A and $B" (pairing.respectively)
        v["period_ref"], v["period_text"] = paired["ref"], paired["text"]
    if paired is not None or not ctx.periods:  # paired, or the sentence says no period
        return

    def usable(p: dict[str, Any]) -> bool:
        if v.get("role") != "change":
            return True
        ref = p["ref"]
        return not ("same" in ref or "same_year" in ref or ref.get("dq", 0) < 0 or ref.get("fy", 0) < 0 or ref.get("dy", 0) < 0)

    vs, ve = v["tok_start"], v["tok_end"]
    compared = any(w in compare for w in lower[max(0, vs - 3):vs])

    def own(p: dict[str, Any]) -> bool:
        """Not the comparison period of a value said before "compared to ..." (a level right
        before "from the prior quarter" is that quarter's: "... and 2.7% from the prior quarter")."""
        between = lower[ve:p["tok_start"]]
        if any(a in ctx.cues.subordinators and b in ctx.cues.subject_pronouns for a, b in zip(between, between[1:])):
            return False  # "EBIT of 1% as we will lap the surge in the second half": the clause's period
        if v.get("role") == "guidance" and cause_after_comma(between):
            return False  # "guidance for 2021 to $20.35, reflecting the strength of the quarter": the cause's
        if ";" in between or any(a == "," and b == "and" or (a, b, c) == ("as", "well", "as")  # "as well as": a new item
                                 for a, b, c in zip(between, between[1:], [*between[2:], ""])) or (
                (ctx.cues.next_item.intersection(between) or "and" in between)
                and vals.starts_in(p["tok_end"], p["tok_end"] + 8)):
            return False  # "$1.50 per share, and full-year EPS of", "$2.27 with Q4 EPS of", "$415 million
            # and that full year growth will be 6%": the next item's
        return compared or not any(w in compare for w in between) or (
            between == ["from"] and v.get("role") == "actual")

    def compared_to(p: dict[str, Any]) -> bool:
        """A period said as the comparison ("Compared to the fourth quarter, X decreased")."""
        return any(w in ctx.cues.compare_only for w in lower[max(ctx.bounds[0], p["tok_start"] - 2):p["tok_start"]])

    def introduced(p: dict[str, Any]) -> bool:
        """A bare "the first quarter" or "the fiscal year" after a value needs a preposition
        ("in the first quarter"), not a verb ("marking the first quarter of ...")."""
        if p["ref"] == {"fy": 0} and not p["text"].lower().startswith(_ADVERBIAL_YEAR):
            pass  # "a strong end to our fiscal year" names the year, not the value's period
        elif "explicit" not in p["ref"] or p["ref"]["explicit"]:
            return True
        return p["tok_start"] == ve or (p["tok_start"] > 0 and lower[p["tok_start"] - 1] in ctx.cues.period_preps)

    def claimed(p: dict[str, Any]) -> bool:
        """The period said right after another value between it and this one."""
        if p["tok_end"] > vs or p["ref"].get("mod") or not vals.ends_in(p["tok_start"] - 3, p["tok_start"] + 1):
            return False  # a bare year modifies the words after it ("from 2020's earnings of $A")
        lead = lower[max(0, p["tok_start"] - 3):p["tok_start"]]
        opens = (ctx.cues.next_item.intersection(lead) or "and" in lead) \
            and not vals.starts_in(p["tok_end"], vs - 3)  # "with Q4 EPS of", "14% and the second half up 9%"
        return not (";" in lead or opens or any(a == "," and b == "and" for a, b in zip(lead, lead[1:])))

    def causal(p: dict[str, Any]) -> bool:
        """A period inside a causal phrase before an outlook: the cause's, not the outlook's."""
        return v.get("role") == "guidance" and in_cause(lower, p, ctx.bounds, vs, ctx.cues.period_preps)

    periods = ctx.periods
    after = [p for p in periods.within(ve, ve + ctx.period_after + 1) if usable(p) and own(p) and not p["ref"].get("mod")
             and introduced(p) and not vals.starts_in(ve, p["tok_start"])]
    before = [p for p in periods.within(vs - 5 * ctx.longest, vs) if p["tok_end"] <= vs and usable(p)
              and not claimed(p) and not compared_to(p) and not causal(p) and not (
                  p["ref"].get("mod") and vs - p["tok_end"] > ctx.period_after and v.get("role") != "guidance")]
    if not after and not before and v.get("role") == "guidance":
        # "2021 guidance as follows: revenue of ...; capital expenditures of ...": a long list
        # of outlook items keeps the period said at its head
        before = [p for p in periods.within(ctx.bounds[0], vs - 5 * ctx.longest) if p["tok_end"] <= vs
                  and usable(p) and not claimed(p) and not compared_to(p) and not causal(p)]
    if not after and not before and v.get("role") == "guidance":
        # "EPS of $0.40 to $0.44, double last year's first-quarter EPS": an outlook compared with
        # a quarter of last year is for that quarter (run.rows reads it a year on)
        before = [p for p in periods.within(ctx.bounds[0], ctx.bounds[1]) if str(p["ref"].get("p", "")).startswith("Q")
                  and "y" not in p["ref"] and p["ref"].get("dy") == -1][-1:]
    if after and before and v.get("role") == "guidance" and "and" in lower[ve:after[0]["tok_start"]]:
        after = []  # "the third quarter ... margin to 21.7% and further improvement in the fourth quarter"
    chosen = after[0] if after else (before[-1] if before else None)
    if after and v.get("role") != "guidance":  # a period said after the value
        chosen = _quarter_of_comparison(ctx, chosen, after[1:2])
    if chosen is not None:
        v["period_ref"] = chosen["ref"]
        v["period_text"] = chosen["text"]
        if chosen["ref"] == {"fy": -1} and quarter_talk(ctx):
            v["period_ref"] = {"same": -1}  # "$931 million last year" beside "for the quarter"
        elif chosen["ref"] == {"fy": 0}:  # "For 2022, ... our full year guidance of $A": the year named
            named = [p for p in periods if p["ref"].get("p") == "FY" and "y" in p["ref"]]
            if len(named) == 1:
                v["period_ref"], v["period_text"] = named[0]["ref"], named[0]["text"]
        elif v.get("role") != "guidance" and "y" in chosen["ref"] and _BARE_YEAR.fullmatch(chosen["text"]):
            # "First quarter net sales were $1.8 billion in 2021 and $1.7 billion in 2020": the
            # quarter said before without a year, in the year said after the value (not an outlook's
            # year); the values between were each placed in a year too (in "Revenue for the first
            # quarter was $5 million, and $20 million in 2021" the quarter is the first value's)
            part = next((p for p in reversed(periods.within(ctx.bounds[0], vs)) if p["tok_end"] <= vs
                         and (p["ref"] == {"dq": 0} or str(p["ref"].get("p", "")).startswith(("Q", "H"))
                              and "y" not in p["ref"] and p["ref"].get("dy") == 0 and not p["ref"].get("explicit"))),
                        None)
            if part is not None and all("y" in x.get("period_ref", ()) or x.get("role") == "change" for x in vals
                                        if part["tok_end"] <= x["tok_start"] < vs):  # a change between is the level's
                v["period_ref"] = {"same_year": chosen["ref"]["y"]} if "dq" in part["ref"] else \
                    {"y": chosen["ref"]["y"], "p": part["ref"]["p"]}  # "for the quarter in 2021": the report's quarter
                lo, hi = ctx.lower.idx[part["tok_start"]] - ctx.base, ctx.lower.ends[chosen["tok_end"] - 1] - ctx.base
                v["period_text"] = ctx.text[lo:hi]  # the words from the quarter to the year


def _quarter_of_comparison(ctx: SentenceContext, chosen: dict[str, Any], nxt: list[dict[str, Any]]) -> dict[str, Any]:
    """A year said of a value (a bare year, "this year", "the current year") compared with a
    level of a quarter ("in the fourth quarter", "for the quarter in 2020", "in Q3 of 2019")
    is the report's quarter of that year: "$0.75 per share in 2021 as compared to $0.11 for
    the quarter in 2020"; and "for the quarter in 2020" is the report's quarter of 2020.
    ``nxt`` is the period said right after ``chosen``."""
    lower, ref, said = ctx.lower, chosen["ref"], chosen["text"].lower()
    if ref.get("dq") == 0 and len(ref) == 1 and nxt and nxt[0]["tok_start"] - chosen["tok_end"] <= 1 \
            and _BARE_YEAR.fullmatch(nxt[0]["text"]):  # "for the quarter in 2020"
        return {**chosen, "ref": {"same_year": nxt[0]["ref"]["y"]}, "tok_end": nxt[0]["tok_end"]}
    year = ref.get("y") if ref.get("p") == "FY" and _BARE_YEAR.fullmatch(said) else 0 if ref == {"fy": 0} and (
        "this" in said or "current" in said) else None
    other = next((w for w in ctx.vals if w["tok_start"] >= chosen["tok_end"]), None) if year is not None else None
    if other is None or not ctx.cues.compare_words.intersection(lower[chosen["tok_end"]:other["tok_start"]]):
        return chosen
    # the level compared with, said right before its quarter ("versus $0.49 in last year's fourth quarter")
    p = next((p for p in ctx.periods.within(other["tok_end"], other["tok_end"] + 3)), None)
    if p is not None and lower[p["tok_start"] - 1] in ctx.cues.period_preps and (
            "quarter" in p["text"].lower() or str(p["ref"].get("p", "")).startswith("Q")):
        return {**chosen, "ref": {"same_year": year} if year else {"dq": 0}}
    return chosen


def from_to(ctx: SentenceContext) -> None:
    """"from A to B": A is the level of the comparison period (a year ago for a
    year-over-year change, the last quarter for a sequential one) unless a cue says;
    so is a lone "from A" right after a change of the same metric ("up 7.9%
    year-over-year from RMB 1,975 million")."""
    lower, text, base, vals, cues = ctx.lower, ctx.text, ctx.base, ctx.vals, ctx.cues

    def after_from(v: dict[str, Any]) -> bool:
        k = v["tok_start"] - 1
        while k >= 0 and lower[k] in cues.fillers and lower[k] not in ("by", "of"):
            k -= 1
        return k >= 0 and lower[k] == "from"

    for a, b in zip(vals, vals[1:]):
        if not after_from(a) or "period_ref" in a or a.get("metric") != b.get("metric") or a["qualifier"] == "range_low":
            continue
        if "to" not in lower[a["tok_end"]:b["tok_start"]]:
            continue
        a["period_ref"] = {"same": -1} if comparison(ctx, a["start"] - base) == "yoy" else {"dq": -1}

    def right_after(change: dict[str, Any], level: dict[str, Any]) -> bool:
        """Only comparison words, fillers and punctuation before the "from" ("up 8%
        year-over-year from $A"; not "grew 12%, benefiting from $A")."""
        between = text[change["end"] - base:level["start"] - base].lower()
        cut = between.rfind("from")
        if cut < 0:
            return False
        rest = cues.qoq.sub(" ", cues.yoy.sub(" ", between[:cut]))
        return all(w in cues.fillers for w in _WORDS.findall(rest))

    for change, level in zip(vals, vals[1:]):
        if change.get("role") == "change" and level.get("role") == "actual" and "period_ref" not in level \
                and level.get("metric") is not None and level.get("metric") == change.get("metric") \
                and change.get("comparison") in ("yoy", "qoq") and after_from(level) \
                and right_after(change, level):
            level["period_ref"] = {"same": -1} if change["comparison"] == "yoy" else {"dq": -1}


def comparison(ctx: SentenceContext, at: int) -> str:
    """``qoq`` or ``yoy`` from the nearest comparison cue (one before the value counts
    three times its distance); ``yoy`` when the sentence has none. The cues of a sentence
    are found once (``ctx.cmp_cache``) and looked up by bisection."""
    cache = ctx.cmp_cache
    if "cues" not in cache:
        found = sorted((mm.start(), mm.end(), label) for label, pattern in
                       (("qoq", ctx.cues.qoq), ("yoy", ctx.cues.yoy)) for mm in pattern.finditer(ctx.text))
        cache["cues"], cache["starts"] = found, [f[0] for f in found]
        cache["ends"] = sorted((f[1], f[2]) for f in found)
    cues, starts, ends = cache["cues"], cache["starts"], cache["ends"]
    best, dist = "yoy", None
    i = bisect_left(starts, at)
    if i < len(cues):
        best, dist = cues[i][2], cues[i][0] - at
    j = bisect_left(ends, (at + 1,)) - 1
    if j >= 0 and ends[j][0] <= at and (dist is None or (at - ends[j][0]) * 3 < dist):
        best = ends[j][1]
    return best


def segment(ctx: SentenceContext, m: MetricMention, v: dict[str, Any]) -> str | None:
    """The segment of a value, first match wins: "revenue(s) from (our) X" (the whole
    phrase), a segment right before the metric ("public cloud revenue") or between the
    metric and the value ("revenue in North America was"), adjacent segment words read as
    one ("public cloud services"); else the topic the document turned to ("Moving on to
    enterprise cloud.") unless the metric is said to be the total."""
    doc, lower, cues, tpc = ctx.doc, ctx.lower, ctx.cues, ctx.topic
    k = m.tok_end
    if k < len(lower) and lower[k] == "from":
        k += 1
        while k < len(lower) and lower[k] in cues.segment_determiners:
            k += 1
        j = k
        while j < min(len(lower), k + 4) and j < v["tok_start"] and lower.alpha[j] \
                and lower[j] not in cues.level and lower[j] not in cues.change \
                and lower[j] not in cues.boundary:
            j += 1
        if j > k and lower[k] not in ("this", "that"):
            return as_named(doc, doc[k:j].text)
        if j > k:
            return tpc  # "revenues from this business"
    best = None
    segs = ctx.segs.within(m.tok_start - 4 * ctx.longest, max(v["tok_start"], m.tok_start))  # "$5 million of X revenue"
    for i, sp in enumerate(segs):
        if sp.end == m.tok_start or (m.tok_end <= sp.start and sp.end <= v["tok_start"]
                                     and not said_after_value(ctx, sp.start)):
            lo = sp.start
            while i > 0 and segs[i - 1].end == lo:
                i -= 1
                lo = segs[i].start
            best = (lo, sp.end)
    if best is not None:
        hi = best[1]
        for sp in segs.within(hi, v["tok_start"]):
            if sp.start == hi and sp.end <= v["tok_start"] and not (m.tok_start <= sp.start < m.tok_end):
                hi = sp.end
        return as_named(doc, doc[best[0]:hi].text)
    if tpc and not any(w in ctx.cues.total_words for w in lower[max(0, m.tok_start - 3):m.tok_start]):
        return tpc
    return None


def said_after_value(ctx: SentenceContext, at: int) -> bool:
    """The segment starting at token ``at`` is said right after another value, only words of
    cues.json's ``segment_after_value`` between ("$3.0 billion for the Aerospace segment, $2
    million for ..."; not "up 6% and International up 3%"): that value's, not a later one's."""
    words = ctx.cues.data.get("segment_after_value", ())
    k = at
    while k > 0 and ctx.lower[k - 1] in words and at - k < 3:
        k -= 1
    return k < at and ctx.vals.ends_in(k, k + 1)


def as_named(doc: Doc, text: str) -> str:
    """``text`` as the document names that segment (``doc._.kpi_doc_segments``: "cards and
    payments" -> "Cards & Payments"), so that a segment has one name per document."""
    names = doc._.kpi_doc_segments
    if names:
        key = segment_key(text)
        for name in names:
            if segment_key(name) == key:
                return name
    return text
