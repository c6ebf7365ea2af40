"""What a value is said *of*, beyond its metric: a part of the company, an elapsed span, a
hypothetical, an effect on the metric, another year. For :mod:`~kpi_extract.analysis.guidance_read`
and :mod:`~kpi_extract.analysis.guidance_evidence`.

* :func:`part_subject`: the clause before a value names a part of the company ("Our software
  businesses in this segment were up 4%", "revenue for the division grew"): a determiner
  (``part_determiners``) before a bare segment noun (``segment_bare_nouns``), or "our" /
  "its" and a modifier (no ``segment_name_lead`` word) before ``part_nouns``. Such a figure
  never closes the company total.
* :func:`elapsed_span`: a span that is no reporting period ("over the past 12 months", "in
  four months", "since February"): ``span_leads`` + an optional count + ``span_units``, a
  count + units after "in", or "since" + a month, a year or ``since_words``. A result over
  such a span neither closes an item nor is a guide.
* :func:`hypothetical`: the clause opens with an exclusion ("Excluding the timing shift,
  operating margin was ..."; ``hypothetical_leads``): not the reported figure.
* :func:`effect_on_metric`: an impact acting on the metric ("the net impact of the
  disposals will decrease revenue by", "we expect currency to reduce sales by"):
  ``effect_verbs`` + the metric + "by", after an ``impact_nouns`` word or a subject that is
  not the company's. Not a guide of the metric's level or growth.
* :func:`against_year`: the value is compared with its own item's year after it ("$7.5
  million, which is above the 2020 amount"): the value is of another period; so is a value
  right after another year (:func:`other_year_before`: "exceeding fiscal 2020's total of"); a
  change compared with a year other than the one before ("up 25% versus 2019" in 2021) is no
  year-over-year change of the item.
* :func:`directed`: a change said with its direction right after it ("400 basis points higher
  than Q4 of the prior year": ``higher_words`` / ``lower_words``) has that sign.
* :func:`increment_after`: a money figure followed by a comparison ("$1.1 million or 26% higher
  than") is an increment, not a level; :func:`said_down`: the nearest direction word before a
  change in its clause is a decline word ("sales contraction of 7% ... and 5% organically",
  "down in the high 20 percentage range"; ``down_words`` / ``up_words``).
* :func:`part_modifier`: a revenue mention with a modifier that is no generic word ("soup sales",
  "aftermarket parts consumables revenue"; not "net sales", "total revenue": ``generic_modifiers``)
  is a part's: the modifier is its segment, for guides and actuals alike.
* :func:`signed`: an earnings figure right after a loss word ("we had a loss of $0.95 per
  share", ``loss_words``, ``loss_sign_metrics``) is negative.

Hand-written regular expressions over the sentence, as the rest of the tracker (frames keep
sentences, not tokens); every word list is data (``data/guidance.json``).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from kpi_extract.analysis.guidance_evidence import settings
from kpi_extract.phrases import alternation

__all__ = ["part_subject", "elapsed_span", "hypothetical", "effect_on_metric", "against_year", "other_year_before", "signed", "directed",
           "increment_after", "said_down", "change_range", "part_modifier", "range_end_after",
           "decade", "tolerance_of", "counterfactual", "in_cause"]

#: a value of a list and what joins it to the next ("3.5% in 2021 and ")
_LISTED = re.compile(r"\$?\d[\d.,]*\s*(?:%|percent|million|billion)?[^;]{0,30}?(?:,|\band|\bor)\s*"
                     r"(?:approximately\s+|about\s+)?$", re.IGNORECASE)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    d = settings()
    w = alternation
    lead = w(d["segment_name_lead"])
    count = rf"(?:\d+|{w(d['count_words'])})"
    units = w(d["span_units"])
    hedge = rf"(?:\s*(?:{w(d['hedges'])}))?"
    return {k: re.compile(p, re.IGNORECASE) for k, p in {
        "part": rf"(?<![\w-])(?:(?:{w(d['part_determiners'])})\s+(?:{w(d['segment_bare_nouns'])})s?"
                rf"|(?:our|its)\s+(?:(?!(?:{lead})\b)[\w&-]+\s+){{1,2}}(?:{w(d['part_nouns'])}))(?![\w-])",
        "total": rf"(?<![\w-])(?:{w(d['total_words'])})(?![\w-])",
        "span": rf"(?<![\w-])(?:(?:{w(d['span_leads'])})\s+(?:{count}[-\s]+)?(?:{units})"
                rf"|in\s+(?:just\s+|only\s+)?{count}[-\s]+(?:{units})"
                rf"|since\s+(?:(?:the|our)\s+)?(?:{w(_MONTHS)}|(?:19|20)\d\d|{w(d['since_words'])}))(?![\w-])",
        "hypothetical": rf"^\s*(?:and\s+|but\s+|so\s+)?(?:{w(d['hypothetical_leads'])})(?![\w-])[^,;]{{1,80}},",
        "counterfactual": rf"(?<![\w-])(?:{w(d['counterfactual_words'])})(?![\w-])",
        "cause": rf"(?<![\w-])(?:{w(d['cause_words'])})(?![\w-])",
        "verb": rf"(?<![\w-])(?:{w(d['outlook_verbs'])}|{w(d['outlook_nouns'])})(?![\w-])|,\s*(?:{w(d['subjects'])})(?![\w-])",
        "effect": rf"(?<![\w-])(?:{w(d['effect_verbs'])})\s+(?:(?:our|the|its)\s+)?(?:[\w'&-]+\s+){{1,4}}?by{hedge}"
                  rf"\s*\$?\s*$",
        "impact": rf"(?<![\w-])(?:{w(d['impact_nouns'])})(?![\w-])",
        "own": rf"(?:^|\s)(?:{w(d['subjects'])}|{w(d['outlook_verbs'])})\s+(?:(?:will|would|should|could|may|to)\s+)?$",
        "base": rf"(?<![\w-])(?:{w([*d['comparison_period_cues'], *d['above_below']])})\s+"
                rf"(?:(?:{w(d['period_fillers'])})\s+)*(?:FY\s*)?(?P<year>(?:19|20)\d\d)(?![\w-])",
    }.items()}


def part_subject(clause: str) -> bool:
    """Whether ``clause`` (a value's clause, up to the value) names a part of the company,
    no whole-company word after it."""
    p = _patterns()
    hits = list(p["part"].finditer(clause))
    return bool(hits) and not p["total"].search(clause[hits[-1].end():])


def elapsed_span(before: str, after: str) -> bool:
    """Whether a value is said over an elapsed span: in its clause ``before`` it with no other
    number between, or in ``after`` it before any other number or the clause's end."""
    p = _patterns()["span"]
    if any(not re.search(r"\d", before[m.end():]) for m in p.finditer(before)):
        return True
    m = p.search(after[:100])
    return m is not None and not re.search(r"\d|[;:]|\.\s", after[:m.start()])


def hypothetical(clause: str) -> bool:
    """Whether ``clause`` opens with an exclusion ("Excluding the timing shift, ...")."""
    return _patterns()["hypothetical"].search(clause) is not None


def counterfactual(clause: str) -> bool:
    """Whether a value's clause says it as what would have been ("organic sales would have been up")."""
    return _patterns()["counterfactual"].search(clause) is not None


def in_cause(clause: str) -> bool:
    """Whether a value stands in a causal phrase with no outlook verb after its opener ("...
    positioned to achieve this due to our backlog of over 10,000 homes, representing $4.3
    billion"): the cause, a fact, not what is expected ("Due to demand, we expect $5 billion", "As a
    result of X, we have increased our outlook to"; an outlook verb or noun, or a clause with its own
    subject, after the opener)."""
    p = _patterns()
    causes = list(p["cause"].finditer(clause))
    return bool(causes) and p["verb"].search(clause, causes[-1].end()) is None


def effect_on_metric(clause: str) -> bool:
    """Whether a value right after ``clause`` is an effect on the metric: "<effect verb> <metric>
    by" after an impact noun, or after a subject other than the company ("currency to reduce
    sales by"; "we expect to grow revenue by" is the company's own guide)."""
    p = _patterns()
    m = p["effect"].search(clause)
    for _ in range(3):  # "... by approximately 3.5% in 2021 and 6% in the second quarter": the list's later values
        if m is not None:
            break
        clause, cut = _LISTED.subn("", clause)
        m = p["effect"].search(clause) if cut else None
    if m is None:
        return False
    head = clause[:m.start()]
    return p["impact"].search(head) is not None or p["own"].search(head) is None and bool(
        re.search(r"(?:will|would|should|could|may|to)\s+$", head, re.IGNORECASE))


#: where a value's own words after it end: the next amount, or ", and" opening the next item
_OWN_AFTER = re.compile(r"\$|\d+(?:\.\d+)?\s*%|,\s*and\b")


def against_year(after: str, year: object, change: bool = False, own: bool = False) -> bool:
    """Whether ``after`` (the words after a value, up to the clause's end; with ``own``, up to
    the next amount or ", and") compares the value with the item's own ``year`` ("which is above
    the 2020 amount"); for a ``change``, with a year other than the one before ("revenue up 25%
    versus 2019" in 2021: no year-over-year change)."""
    text = re.split(r"[;:]|\.\s", after[:100])[0]
    if own:
        text = _OWN_AFTER.split(text, maxsplit=1)[0]
    said = [m["year"] for m in _patterns()["base"].finditer(text)]
    if change:
        return any(y != str(int(str(year)) - 1) for y in said)
    return str(year) in said


#: a year said right before a value ("fiscal 2020's total of", "2020 revenue was")
_YEAR_BEFORE = re.compile(r"(?<![\d$.,])(?P<year>(?:19|20)\d\d)(?:'s)?\s+(?:[\w&-]+\s+){0,3}\$?\s*$")


def other_year_before(before: str, year: object) -> bool:
    """Whether the words right before a value name a year other than the item's ``year``."""
    said = _YEAR_BEFORE.search(before[-40:])
    return said is not None and said["year"] != str(year)


@lru_cache(maxsize=1)
def _loss() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{alternation(settings()['loss_words'])})\s+(?:of\s+)?(?:approximately\s+|"
                      r"about\s+|around\s+)?\(?\$?\s*$", re.IGNORECASE)


def signed(value: float, metric: object, before: str) -> float:
    """``value`` negative when it is an earnings figure said right after a loss word."""
    if value > 0 and metric in settings()["loss_sign_metrics"] and _loss().search(before[-40:]):
        return -value
    return value


@lru_cache(maxsize=1)
def _direction() -> re.Pattern[str]:
    d = settings()
    return re.compile(rf"^\s*(?:basis\s+points?|bps|percentage\s+points?|points?|percent|%)?\s*(?:(?P<up>"
                      rf"{alternation(d['higher_words'])})|(?P<down>{alternation(d['lower_words'])}))(?![\w-])", re.IGNORECASE)


def directed(low: float, high: float, after: str) -> tuple[float, float]:
    """A change's ``(low, high)`` with the sign its direction words right ``after`` it say."""
    m = _direction().match(after[:60])
    if m is None or (m["up"] and low >= 0) or (m["down"] and high <= 0):
        return low, high
    ends = sorted((abs(low), abs(high)))
    return (ends[0], ends[1]) if m["up"] else (-ends[1], -ends[0])


@lru_cache(maxsize=1)
def _moves() -> dict[str, re.Pattern[str]]:
    d = settings()
    return {"increment": re.compile(rf"^\s*(?:million|billion|thousand|basis\s+points)?\s*(?:or\s+\S+\s+)?"
                                    rf"(?:{alternation(d['higher_words'])}|{alternation(d['lower_words'])})(?![\w-])",
                                    re.IGNORECASE),
            "way": re.compile(rf"(?<![\w-])(?:(?P<down>{alternation(d['down_words'])})|(?P<up>{alternation(d['up_words'])}))"
                              rf"(?![\w-])", re.IGNORECASE)}


def increment_after(after: str) -> bool:
    """Whether a level's words right after it make it an increment ("$1.1 million or 26% higher than")."""
    return _moves()["increment"].match(after[:60]) is not None


def said_down(clause: str) -> bool:
    """Whether the nearest direction word in ``clause`` (a change's, up to it) is a decline word."""
    hits = list(_moves()["way"].finditer(clause))
    return bool(hits) and hits[-1].lastgroup == "down"


def change_range(low: float, high: float, clause: str, after: str) -> tuple[float, float]:
    """A change guide's ``(low, high)`` with the sign its words say: :func:`directed` by the words
    after it, else negative when :func:`said_down` reads a decline word nearest before it and the
    value is no level it moves to or from ("decline to 5%")."""
    if _direction().match(after[:60]):
        return directed(low, high, after)
    level = re.search(r"(?<![\w-])(?:to|from|at)\s+(?:approximately\s+|about\s+|around\s+)?$", clause, re.IGNORECASE)
    return (-high, -low) if low >= 0 and level is None and said_down(clause) else (low, high)  # not "decline to 5%"


@lru_cache(maxsize=1)
def _heads() -> tuple[re.Pattern[str], frozenset[str]]:
    d = settings()
    generic = {w.lower() for w in (*d["generic_modifiers"], *d["name_not_words"], *d["intro_not_names"])}
    return re.compile(rf"(?<![\w-])(?:{alternation(d['part_heads'])})(?![\w-])", re.IGNORECASE), frozenset(generic)


def part_modifier(metric: object, metric_text: object, said_before: str = "") -> str | None:
    """The part a mention of a ``part_metrics`` metric names by a modifier before its head word
    ("soup sales grew" -> "soup"), or by a ``part_words_before`` word right before the mention
    (``said_before``, the sentence up to it: "we expect recurring | revenue growth" -> "recurring");
    ``None`` when its modifiers are generic or it has none."""
    if metric not in settings()["part_metrics"] or not isinstance(metric_text, str):
        return None
    last = said_before.split()[-1:] if said_before[-1:].isspace() else []
    if last and last[0].lower() in settings()["part_words_before"]:
        return last[0].lower()
    head, generic = _heads()
    hits = list(head.finditer(metric_text))
    if not hits:
        return None
    words = [w for w in re.split(r"\s+", metric_text[:hits[0].start()].strip()) if w]
    kept = [w for w in words if w.lower().strip(".,'") not in generic and not any(c.isdigit() for c in w)]
    return " ".join(kept).lower() if kept and all(w[:1].islower() for w in kept) else None


def range_end_after(before: str) -> str:
    """``before`` without a range's first value and joiner at its end ("... range of $371 million
    to " -> "... range of "): the second end of a range is read as the first is."""
    return re.sub(r"\$?\s*[\d.,]+\s*(?:%|million|billion|thousand)?\s*(?:to|and|-)\s*\$?\s*$", "", before)


def decade(before: str, value: float) -> tuple[float, float]:
    """A point guide's ``(low, high)``; "in the high $70 million area" (a ``decade_words`` word
    right before a round value) is the part of the decade it names: (77, 80) million."""
    m = re.search(rf"(?<![\w-])(?P<w>{alternation(settings()['decade_words'])})[-\s]+\$?\s*$", before[-30:],
                  re.IGNORECASE)
    if m is None or value <= 0:
        return value, value
    step = 10.0 ** math.floor(math.log10(value))
    if not math.isclose(value / step, round(value / step)):
        return value, value
    lo, hi = settings()["decade_words"][m["w"].lower()]
    return value + lo * step, value + hi * step


#: "$1.3 billion, plus or minus $20 million": the tolerance of a point guide (``tolerance_words``)
_TOLERANCE_GAP = re.compile(rf"\s*,?\s*(?:{alternation(settings()['tolerance_words'])})\s*", re.IGNORECASE)


def tolerance_of(r: dict[str, Any], nxt: dict[str, Any] | None, gap: str) -> bool:
    """Whether the next guidance row is the tolerance of ``r`` ("$1.3 billion, plus or minus
    $20 million", "22.7%, plus or minus 40 basis points"): the same sentence and metric, a
    tolerance phrase between, an amount of ``r``'s unit (points for a percent)."""
    if nxt is None or nxt["sentence"] != r["sentence"] or nxt["metric"] != r["metric"] or not _TOLERANCE_GAP.fullmatch(gap):
        return False
    return nxt["unit"] == r["unit"] or (r["unit"] == "percent" and nxt["unit"] == "percentage_point")
