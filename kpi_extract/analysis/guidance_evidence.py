"""How much a guidance mention looks like the company's guide, and which mentions are none.

:func:`read_mention` reads one guidance row of :func:`kpi_extract.extract` (its sentence up
to the value, its qualifier, period, unit and section) and says what the mention is:

* ``guide``: a guide, with an evidence ``score`` and the ``rule`` naming what scored. The
  weights are data (``data/guidance.json``, ``weights``): a range, an outlook cue verb with
  the company as subject ("we now expect", "our guidance ... we see"), an outlook cue without
  one ("EPS is expected to be"), an outlook noun in the sentence, a period said in the
  sentence, the prepared remarks, a word of the whole company ("consolidated", "overall"; more
  in the value's own words: "staffing up 23% to 26%, overall up 30% to 32%"); less
  for a segment named on a row without one (:func:`names_segment`) and for growth against an
  older year ("versus 2019" in a 2021 guide); more for the later range of a revision sentence
  (:func:`revises`). The tracker keeps, per call, the best-scored guide of an item rather
  than the last one said (:mod:`kpi_extract.analysis.guidance`).
* ``prior``: a past guide restated with a prior word ("up from our prior range of",
  "versus the previously estimated", "compares to our initial 2025 guidance of"), the first
  range of "from $A to $B to (a new range of) $C to $D" or the range after "raising ... to
  $C to $D from": the item's previous guide in that call.
* ``restated``: any other back-reference ("above the high end of our outlook of"): left out.
* ``not_guide``: a comparison base ("compared to full-year adjusted revenue of"; not
  "up versus 2020 and EBITDA to be between", an outlook link standing between), an
  impact, headwind or contribution ("a currency headwind of"), an increment said of a
  money level ("up $20 million", "a $40 million revenue decline", "incremental revenue of"),
  a period said only as a comparison base ("up from fiscal 2024"), a long-term or multi-year target ("our
  long-term algorithm of 2% to 3% growth", "a two-year compounded growth rate of"), or an estimate of a closed period ("estimated
  revenue of", no guidance noun in the sentence).

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
#: a comparison word right before a prior word: the prior guide is a base, even after a revision verb
_COMPARED = re.compile(r"(?<![\w-])(?:from|versus|vs\.?|compared\s+(?:to|with)|relative\s+to|than)\s+(?:the\s+|our\s+|its\s+)?$",
                       re.IGNORECASE)


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
        "long_term": rf"(?<![\w-])(?:{_words('long_term_words')}|{_words('multi_year_words')})(?![\w-])"
                     rf"(?!\s+(?:{_words('long_term_not_before')})\b)",
        "impact_after": rf"^\s*(?:of\s+)?(?:[a-z-]+\s+){{0,2}}(?:{_words('impact_nouns')})(?![\w-])",
        "sequential": rf"(?<![\w-])(?:{_words('sequential_words')})(?![\w-])|(?<![\w-])from\s+(?:these|this|the|our)\s+"
                      rf"(?:[\w-]+\s+)?quarter(?:'s)?\s+levels?(?![\w-])",
        "versus_guide": rf"^\s*(?:{_words('versus_guide_cues')})\s+(?:the\s+|our\s+)?(?:{_words('position_cues')}|"
                        rf"{_words('guidance_nouns')})(?![\w-])",
        "now": rf"(?<![\w-])(?:{_words('now_words')})(?![\w-])",
        "prior_before": rf"(?<![\w-])(?:{_words('prior_words')})(?![\w-])(?:\W+(?!(?:{_words('prior_noun_guard')})\b)"
                        rf"[\w'-]+)?{hedge}\W*$",
        "position": rf"^(?:{_words('position_cues')})$",
        "part": rf"(?<![\w-])(?:{_words('part_cues')})(?![\w-])(?!\s+in\b){plain}{{0,2}}[^\w,;]*$",
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
        "to_new": rf"^\s*,?\s*(?:(?:{_words('to_new_lead')})\s+)?(?:to|into)\s+(?:(?:{_words('new_range_words')})\s+)*\(?[-+$\u20ac\u00a3]?\s*\d",
        "total": rf"(?<![\w-])(?:{_words('total_words')})(?![\w-])",
        "own_total": rf"(?<![\w-])(?:{_words('own_total_words')})(?![\w-])",
        "prior_noun": rf"(?<![\w-])(?:{_words('prior_words')})(?![\w-])(?!\W+(?:{_words('prior_noun_guard')})\b){plain}{{0,{int(d['prior_noun_words'])}}}?\W+(?:{_words('guidance_nouns')})"
                      rf"(?![\w-])(?:\W+(?!(?:and|or|to|into|but|while|with)\b)[\w'.$-]+){{0,8}}?\W*$",
        "past_guide": rf"(?<![\w-])(?:{_words('outlook_nouns')})(?:\W+[\w'-]+){{0,8}}?\W+(?:{_words('past_guide_verbs')})"
                      rf"(?![\w-])(?!\s+(?:{_words('revision_verbs')}|raised|lowered|increased|revised|reaffirmed|maintained)\b)",
        "past_result": rf"(?<![\w-])(?:(?:we|we've|i)\s+(?:(?:also|again|have|had|did|then)\s+)*(?:{_words('past_result_verbs')})"
                       rf"|did\s+(?!not\b)[a-z]+)(?![\w-])(?![^,;]*?(?<![\w-])(?:{_words('outlook_nouns')}|{_words('guidance_nouns')})(?![\w-]))",
        "annualized": rf"(?<![\w-])(?:{_words('annualized_words')})(?![\w-])",
        "recalled": rf"(?<![\w-])(?:{_words('recall_cues')})(?![\w-])",
        "rest_of_year": rf"(?<![\w-])(?:{_words('rest_of_period_words')})(?![\w-])",
        "rest_frame": rf"^\W*(?:for|in|over|during)\s+(?:the\s+)?(?:{_words('rest_of_period_words')})(?![\w-])",
        "savings": rf"(?<![\w-])(?:{_words('savings_words')})(?![\w-])\D*$",
        "revising": rf"(?<![\w-])(?:{_words('revision_verbs')})(?![\w-])",
        "to_join": r"(?<![\w-])to(?![\w-])(?!\s+be\b)",
        "to_target": rf"(?<![\w-])to(?:\s+(?:{_words('new_range_words')})){{0,4}}{hedge}\s*\$?\s*$",
        "revised_from": rf"(?<![\w-])(?:{_words('revision_verbs')})(?![\w-]).*?(?<![\w-])to(?![\w-]).*(?<![\w-])from"
                        rf"{plain}{{0,4}}?{hedge}\s*\$?\s*$",
        "added_level": rf"(?<![\w-])(?:{_words('added_words')})(?:\s+[\w'-]+){{1,2}}\s+(?:of|by){hedge}\s*\$?\s*$",
        "base_year": rf"(?<![\w-])(?:{_words('comparison_period_cues')})\s+(?:(?:{_words('period_fillers')})\s+)*"
                     r"(?:FY\s*)?(?P<year>(?:19|20)\d\d)(?![\w-])",
        "kept_prior": rf"(?<![\w-])(?:{_words('revision_verbs')}|{_words('kept_cues')})(?![\w-])",
        "after_change_noun": rf"^\s*(?:(?!(?:an?|the|or|and|for|with|representing)\b)[\w'-]+\s+)?"
                             rf"(?:{_words('change_nouns')})(?![\w-])",
        "comparison_period": rf"(?<![\w-])(?:{_words('comparison_period_cues')})\s+(?:{_words('period_fillers')}\s+)*$",
    }.items()} | {"intro": re.compile(  # the name capitalized: case-sensitive but for the cue words
        rf"(?:^|[,;:]\s*)(?i:{_words('intro_cues')})\s+(?:(?i:the|our|its)\s+)?(?P<name>(?:[A-Z][\w&'.-]*\s*){{1,4}}),"
        rf"\s*(?i:{_words('subjects')})(?![\w-])")}


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


@lru_cache(maxsize=256)
def _named(names: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """(a name in a clause, a name right after a value: "... in North America") for a call's segment names."""
    if not names:
        return None
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    return (re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE),
            re.compile(rf"^[^,;.]{{0,40}}?(?<![\w-])(?:{_words('segment_after_cues')})\s+(?:(?:the|our|its)\s+)?"
                       rf"(?:{alt})(?![\w-])", re.IGNORECASE))


def names_segment(before: str, after: str, names: tuple[str, ...]) -> bool:
    """Whether the clause of a value (up to it) names one of the call's segments ``names``
    ("For Clean Earth, we are guiding to"), no whole-company word ("total", "consolidated")
    standing between, or the value is followed by one ("... 20% to 25% in North America")."""
    pats = _named(names)
    clause = _clause(before[-200:])
    intro = _patterns()["intro"].search(clause)
    if intro is not None and not _period_words().search(intro["name"]):
        return True  # "Next, for Clean Earth, we are guiding to"
    if pats is None:
        return False
    hits = list(pats[0].finditer(clause))
    if hits and not _patterns()["total"].search(clause[hits[-1].end():]):
        return True
    return pats[1].search(after[:80]) is not None


@lru_cache(maxsize=1)
def _period_words() -> re.Pattern[str]:
    """Words of an intro that make it a period or the whole company ("For Q3,", "For the Full Year,")."""
    return re.compile(rf"(?<![\w-])(?:{_words('intro_not_names')})(?![\w-])|\d", re.IGNORECASE)


def compared_period(row: dict[str, Any]) -> bool:
    """Whether the row's period is said only as a comparison base ("up 8% versus 2019",
    "compared to fiscal 2020"): the period of the comparison, not of the guide."""
    said, sentence = row.get("period_text"), row.get("sentence") or ""
    if not said or not any(c.isdigit() for c in said):
        return False  # "compared to the second quarter of last year": the guide's own quarter
    starts = [i for i in range(len(sentence)) if sentence.startswith(said, i)]
    return bool(starts) and all(_patterns()["comparison_period"].search(sentence[max(0, i - 60):i]) for i in starts)


def _older_base(year: Any, text: str) -> bool:
    """Whether ``text`` compares with a year before the one preceding ``year`` ("versus
    2019" of a 2021 growth guide): a change from that base, not year over year."""
    if not isinstance(year, int):
        return False
    return any(int(m["year"]) < year - 1 for m in _patterns()["base_year"].finditer(text))


def revises(sentence: str, before_old: str, before_new: str) -> bool:
    """Whether the later of two guides of an item in one ``sentence`` (the text before each:
    ``before_old``, ``before_new``) revises the earlier: the sentence has a revision verb
    ("raising ... from A to B to C to D"), "to" joins the two, and the earlier is not itself
    the target of a "to" ("raising EPS to A from B": the earlier is the new guide)."""
    p = _patterns()
    between = before_new[len(before_old):]
    return (p["revising"].search(sentence) is not None and p["to_join"].search(between) is not None
            and p["to_target"].search(before_old[-80:]) is None)


def _own_words(before: str, after: str) -> str:
    """The words a value shares with no other value of its sentence: since the figure or
    comma before it, and up to the comma or figure after it ("with $45 million in structural and")."""
    return re.split(r"\d[\d.,]*", before)[-1].rsplit(",", 1)[-1] + " " + re.split(r"\$?\d|,", after[:80])[0]


def read_mention(before: str, row: dict[str, Any], *, is_range: bool, recalled: bool, after: str = "",
                 segments: tuple[str, ...] = ()) -> Mention:
    """What the guidance ``row`` is, given its sentence up to the value (``before``), after
    its last value (``after``) and the segment names of its call (``segments``)."""
    p = _patterns()
    back = back_reference(before)
    if back is not None:
        return Mention(back, rule="back_reference")
    tail = before[-200:]
    clause = _clause(tail)
    if p["prior_before"].search(tail):
        return Mention("prior", rule="prior_word")
    m = p["prior_noun"].search(clause)
    if m is not None and (not p["kept_prior"].search(clause[:m.start()]) or _COMPARED.search(clause[:m.start()])):
        return Mention("prior", rule="prior_noun")  # "raising ... to 8% to 10%, up from our prior guidance of"  # "compares to our initial 2021 guidance of EPS of"
    if p["past_guide"].search(clause) and not p["now"].search(clause):
        return Mention("prior", rule="past_guide")  # "The guidance provided on our last call was revenue of"
    if p["recalled"].search(tail) and not p["now"].search(tail):
        return Mention("prior", rule="recalled")  # "Back in February, recall that we issued guidance of"
    if p["revised_from"].search(_clause(before)):  # the whole clause: the verb may open a long sentence
        return Mention("prior", rule="revised_from")  # "raising EPS guidance to $5.50 to $5.65 from "
    if p["from"].search(clause) and p["to_new"].match(after):
        return Mention("prior", rule="from_to")  # "narrowing growth from 12% to 16% to a new range of"
    m = p["comparison"].search(tail)
    if m is not None and not p["company_cue"].search(tail[m.start():]) and not p["to_be"].search(tail[m.end("cue"):]):
        return Mention("prior" if p["prior"].search(tail[m.start():]) else "not_guide", rule="comparison_base")
    if row.get("comparison") == "yoy" and p["sequential"].search(re.split(r"[,;]", after[:80])[0]):
        return Mention("not_guide", rule="sequential")  # "a 25% increase from these second quarter levels"
    if p["versus_guide"].match(after[:60]) and not p["outlook_cue"].search(clause):
        return Mention("not_guide", rule="versus_guide")  # "80 basis points below the midpoint of our outlook"
    if row.get("unit") == "percent" and re.match(r"\s*of\s+(?!the\s+(?:year|quarter))", after):
        return Mention("not_guide", rule="share")  # "50% of incremental revenue to flow through"
    if p["impact"].search(clause) or p["impact_after"].match(after[:40]):
        return Mention("not_guide", rule="impact")  # "a currency headwind of", "a $0.13 headwind to EPS"
    if p["long_term"].search(re.split(r"\d[\d.,]*|\band\b", clause)[-1]) or p["long_term"].match(
            re.split(r"[,;]|\d", after[:40])[0].strip()):  # since the last number or "and"; "14% CAGR"
        return Mention("not_guide", rule="long_term")  # "our long-term algorithm of 2% to 3% growth"
    m = None
    for m in p["outlook_cue"].finditer(clause):
        pass
    if p["past_result"].search(clause[m.end() if m else 0:]):
        return Mention("not_guide", rule="past_result")  # "... than we forecasted and we did manage costs down"
    if p["annualized"].search(re.split(r"\d[\d.,]*", clause)[-1]) or p["annualized"].search(re.split(r"[,;]|\d", after[:40])[0]):
        return Mention("not_guide", rule="annualized")  # "expected to generate $3.7 billion in annualized revenues"
    if p["rest_frame"].search(before) or p["rest_of_year"].search(clause.rsplit(",", 1)[-1]) \
            or p["rest_of_year"].search(re.split(r"[,;.]", after[:80])[0]):
        return Mention("not_guide", rule="rest_of_year")  # "For the remainder of the year, we project ... about 20%"
    if p["savings"].search(tail[-80:]) and "saving" not in str(row.get("metric") or ""):
        return Mention("not_guide", rule="savings")  # "will allow us to save, going forward, about 60 million"
    if p["part"].search(clause):
        return Mention("not_guide", rule="part")
    if p["result"].search(clause):
        return Mention("not_guide", rule="result")
    if row.get("segment") is None and (p["segment"].search(clause) or p["segment_after"].search(after)
                                       or p["segment_subject"].search(clause)):
        return Mention("not_guide", rule="segment")
    level = row.get("comparison") is None and row.get("unit") not in LEVEL_UNITS_EXCLUDED
    if level and (p["change"].search(clause) or p["by"].search(clause) or p["after_change"].search(after[:60])
                  or p["change_of"].search(clause) or p["after_change_noun"].search(after[:60])
                  or p["added_level"].search(clause)):
        return Mention("not_guide", rule="increment")
    sentence = row.get("sentence") or ""
    if recalled and not p["closed"].search(sentence):
        return Mention("not_guide", rule="closed_period_estimate")
    if compared_period(row):
        return Mention("not_guide", rule="comparison_period")
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
    if p["now"].search(clause):
        found.append("now")  # "we're now raising ... to": the call's current word, not an earlier step
    if p["total"].search(sentence):
        found.append("total")
    if p["own_total"].search(_own_words(before, after)):
        found.append("own_total")  # "staffing up 23% to 26%, ..., overall up 30% to 32%": the whole's figure
    if row.get("segment") is None and names_segment(before, after, segments):
        found.append("segment_named")
    if row.get("comparison") == "yoy" and _older_base(row.get("fiscal_year"), re.split(r"[,;]", after[:60])[0]):
        found.append("older_base")  # "growth of 6% to 7% versus 2019" in a 2021 guide: not against last year
    said = row.get("period_text")
    if said and said in sentence:
        found.append("stated_period")
    if row.get("section") == "prepared":
        found.append("prepared")
    return Mention("guide", float(sum(weights.get(f, 0) for f in found)), "+".join(found))
