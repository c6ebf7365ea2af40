"""How much a guidance mention looks like the company's guide, and which mentions are none.

:func:`read_mention` reads one guidance row of :func:`kpi_extract.extract` (its sentence up
to the value, its qualifier, period, unit and section) and says what the mention is:

* ``guide``: a guide, with an evidence ``score`` and the ``rule`` naming what scored. The
  weights are data (``data/guidance.json``, ``weights``): a range, an outlook cue verb with
  the company as subject ("we now expect", "our guidance ... we see"), an outlook cue without
  one ("EPS is expected to be"), an outlook noun in the sentence, a period said in the
  sentence, the prepared remarks, a word of the whole company ("consolidated", "overall"). The tracker keeps, per call, the best-scored guide of an
  item rather than the last one said (:mod:`kpi_extract.analysis.guidance`).
* ``prior``: a past guide restated with a prior word ("up from our prior range of",
  "versus the previously estimated"), or the first range of "from $A to $B to (a new range
  of) $C to $D": the item's previous guide in that call.
* ``restated``: any other back-reference ("above the high end of our outlook of"): left out.
* ``not_guide``: a comparison base ("compared to full-year adjusted revenue of"; not
  "up versus 2020 and EBITDA to be between", an outlook link standing between), an
  impact, headwind or contribution ("a currency headwind of"), an increment said of a
  money level ("up $20 million"), or an estimate of a closed period ("estimated revenue
  of", no guidance noun in the sentence).

Hand-written regular expressions over the sentence rather than a parse: the tracker reads
frames, which keep the sentence but not its tokens; the word lists are data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.phrases import alternation

__all__ = ["Mention", "read_mention", "is_comparison_base", "back_reference", "settings", "LEVEL_UNITS_EXCLUDED"]

#: units in which a change word before the value does not make it an increment
LEVEL_UNITS_EXCLUDED = ("percent", "percentage_point", "multiple", "count")

_TO = re.compile(r"(?<![\w-])(?:to|into)\s+(?:a|the|our)?\s*(?:new\s+)?range\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[;:!?]|\.\s|\u2014|--")


@dataclass(frozen=True)
class Mention:
    """What one guidance row is: ``kind`` (``guide``, ``prior``, ``restated``, ``not_guide``),
    its evidence ``score`` and ``rule`` (the evidence, or why it is no guide)."""

    kind: str
    score: float = 0.0
    rule: str = ""


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """The packaged ``guidance.json`` (read once; never mutated)."""
    return lexicon.packaged("guidance.json")


def _words(key: str) -> str:
    return alternation(settings()[key])


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    d = settings()
    w = r"(?:\W+[\w'-]+)"
    plain = r"(?:[^\w,;]+[\w'.$-]+)"  # a word, not past a comma
    hedge = rf"(?:\s*(?:{_words('hedges')}))?"
    joined = rf"\s*(?:{_words('joiners')})?{hedge}\s*$"
    return {k: re.compile(p, re.IGNORECASE) for k, p in {
        "backref": rf"(?<![\w-])(?P<cue>{_words('backref_cues')})(?![\w-]){w}{{0,{int(d['max_words'])}}}?\W+"
                   rf"(?:{_words('guidance_nouns')}){joined}",
        "prior": rf"(?<![\w-])(?:{_words('prior_words')})(?![\w-])(?!\W+(?:{_words('prior_noun_guard')})\b)",
        "prior_before": rf"(?<![\w-])(?:{_words('prior_words')})(?![\w-])(?:\W+(?!(?:{_words('prior_noun_guard')})\b)"
                        rf"[\w'-]+)?{hedge}\W*$",
        "position": rf"^(?:{_words('position_cues')})$",
        "part": rf"(?<![\w-])(?:{_words('part_cues')})(?![\w-]){plain}{{0,2}}[^\w,;]*$",
        "result": rf"(?<![\w-])(?:{_words('result_verbs')})(?:\s+(?:{_words('result_joiners')}))*\s*\$?\s*$",
        "segment": rf"(?<![\w-])(?:{_words('segment_words')})(?![\w-]){plain}{{0,5}}[^\w,;]*$",
        "segment_subject": rf"(?<![\w-])(?:{_words('segment_words')})(?![\w-])"
                           rf"(?:[^\w,;]+(?!(?:and|or|with|while)\b)[\w'.$-]+){{1,3}}?\s+(?:is|are|will|should)"
                           rf"(?![\w-])",
        "segment_after": rf"^[^,;.]{{0,50}}?(?<![\w-])(?:{_words('segment_words')})(?![\w-])",
        "by": rf"(?<![\w-])by{hedge}\s*\$?\s*$",
        "after_change": rf"^[^\w,;]*(?:{_words('after_change')})(?![\w-])",
        "comparison": rf"(?<![\w-])(?P<cue>{_words('comparison_cues')})(?![\w-])"
                      rf"{plain}{{0,{int(d['comparison_words'])}}}[^\w,;]*?{hedge}\s*\$?\s*$",
        "impact": rf"(?<![\w-])(?:{_words('impact_nouns')})(?![\w-]){plain}{{0,{int(d['impact_words'])}}}[^\w,;]*$",
        "change_of": rf"(?<![\w-])(?:{_words('change_words')})\s+(?:of|in)\s+(?:[\w'-]+\s+){{0,4}}?(?:of|by){hedge}"
                     rf"\s*\$?\s*$",
        "change": rf"(?<![\w-])(?:{_words('change_words')})(?:\s+(?:{_words('change_joiners')}))*\s*$",
        "company_cue": rf"(?<![\w-])(?:{_words('subjects')})(?![\w-]){w}{{0,4}}?\W+(?:{_words('outlook_verbs')})(?![\w-])",
        "outlook_cue": rf"(?<![\w-])(?:{_words('outlook_verbs')})(?![\w-])",
        "outlook_noun": rf"(?<![\w-])(?:{_words('outlook_nouns')})(?![\w-])",
        "closed": rf"(?<![\w-])(?:{_words('closed_nouns')})(?![\w-])",
        "expected": rf"(?<![\w-])(?:{_words('expected_words')})\W*$",
        "to_be": rf"(?<![\w-])(?:{_words('outlook_links')})(?![\w-])",
        "from": rf"(?<![\w-])from{hedge}\s*\$?\s*$",
        "to_new": rf"^\s*,?\s*(?:to|into)\s+(?:(?:{_words('new_range_words')})\s+)*\(?[-+$\u20ac\u00a3]?\s*\d",
        "total": rf"(?<![\w-])(?:{_words('total_words')})(?![\w-])",
    }.items()}


def _clause(before: str) -> str:
    """The clause the value stands in, up to the value."""
    cuts = list(_CLAUSE.finditer(before))
    return before[cuts[-1].end():] if cuts else before


def back_reference(before: str) -> str | None:
    """``prior``, ``restated`` or ``None`` for the text right before a guided value:
    "... above our outlook of " -> ``restated``; "up from our prior range of " -> ``prior``;
    "we now expect to come in at the low end of our range of " -> ``None`` (a guide)."""
    tail = before[-200:]
    m = _patterns()["backref"].search(tail)
    if m is None or _TO.search(tail[m.end("cue"):]) or _patterns()["to_be"].search(tail[m.end("cue"):]):
        return None  # "... from operations to a range of", "EPS from continuing operations to be in the range of"
    if _patterns()["prior"].search(tail[m.start():]):
        return "prior"
    if _patterns()["position"].match(m["cue"]) and _patterns()["expected"].search(_clause(tail[:m.start()])):
        return None  # "growth is expected within a range of": the guide itself
    if not _patterns()["company_cue"].search(_clause(tail[:m.start()])):
        return "restated"  # "revenue came in above our outlook of"
    if _patterns()["position"].match(m["cue"]):
        return None  # "we now expect ... at the low end of the range of": the company's guide
    return "prior"  # "we are raising our guidance from a range of"


def is_comparison_base(before: str) -> bool:
    """Whether a value right after ``before`` is a comparison base ("compared to full-year
    2020 adjusted revenue of ", "up from "), no outlook of the company standing between."""
    p = _patterns()
    tail = before[-200:]
    m = p["comparison"].search(tail)
    return m is not None and not p["company_cue"].search(tail[m.start():])


def read_mention(before: str, row: dict[str, Any], *, is_range: bool, recalled: bool, after: str = "") -> Mention:
    """What the guidance ``row`` is, given its sentence up to the value (``before``) and
    after its last value (``after``)."""
    p = _patterns()
    back = back_reference(before)
    if back is not None:
        return Mention(back, rule="back_reference")
    tail = before[-200:]
    clause = _clause(tail)
    if p["prior_before"].search(tail):
        return Mention("prior", rule="prior_word")
    if p["from"].search(clause) and p["to_new"].match(after):
        return Mention("prior", rule="from_to")  # "narrowing growth from 12% to 16% to a new range of"
    m = p["comparison"].search(tail)
    if m is not None and not p["company_cue"].search(tail[m.start():]) and not p["to_be"].search(tail[m.end("cue"):]):
        return Mention("prior" if p["prior"].search(tail[m.start():]) else "not_guide", rule="comparison_base")
    if p["impact"].search(clause):
        return Mention("not_guide", rule="impact")
    if p["part"].search(clause):
        return Mention("not_guide", rule="part")
    if p["result"].search(clause):
        return Mention("not_guide", rule="result")
    if row.get("segment") is None and (p["segment"].search(clause) or p["segment_after"].search(after)
                                       or p["segment_subject"].search(clause)):
        return Mention("not_guide", rule="segment")
    level = row.get("comparison") is None and row.get("unit") not in LEVEL_UNITS_EXCLUDED
    if level and (p["change"].search(clause) or p["by"].search(clause) or p["after_change"].search(after[:60])
                  or p["change_of"].search(clause)):
        return Mention("not_guide", rule="increment")
    sentence = row.get("sentence") or ""
    if recalled and not p["closed"].search(sentence):
        return Mention("not_guide", rule="closed_period_estimate")
    weights = settings()["weights"]
    found = []
    if is_range:
        found.append("range")
    if p["company_cue"].search(tail):
        found.append("company_cue")
    elif p["outlook_cue"].search(sentence):
        found.append("outlook_cue")
    if p["outlook_noun"].search(sentence):
        found.append("outlook_noun")
    if p["total"].search(sentence):
        found.append("total")
    said = row.get("period_text")
    if said and said in sentence:
        found.append("stated_period")
    if row.get("section") == "prepared":
        found.append("prepared")
    return Mention("guide", float(sum(weights.get(f, 0) for f in found)), "+".join(found))
