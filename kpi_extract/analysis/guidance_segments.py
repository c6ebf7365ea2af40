"""The segment a guide or an actual without one is said of: "Irrigation segment sales to grow
45% to 50%", "revenue down 20% to 25% in North America", "For Clean Earth, we are guiding
to", "we estimate that Italy will decline 7% to 12%", "2021 Clean Energy revenue of".

The pipeline tags the segments the call's document reading knows (``segment`` column); the
tracker reads these other namings so that a segment's guide is its own item rather than the
company total, and a segment's figure never closes the total. :func:`segment_said` gives the
name, ``""`` for a segment meant but not named ("revenue in this segment was"), or ``None``
(the company total). Patterns, first match wins, each on the value's clause:

* a name before a segment noun (``segment_nouns``: "the Motorcycles segment's revenue",
  "our Films business") of the value's own reading (right before or after its metric
  mention); "segment" and "division" mean a segment even without a name, "business" only
  with one;
* one of the call's segment names (the ``segment`` values of its rows) in the clause, no
  whole-company word after it;
* an intro ("For Clean Earth, we"; at the sentence's start any "For AeroTech," opener), a capitalized name after the value ("... in North
  America"; ``name_after_cues``), a capitalized name right before the metric mention
  ("Clean Energy revenue", "ICS recurring revenue rose", "the Films Group posted revenue of":
  ``name_verbs`` may stand between), a capitalized name as the subject after an outlook verb ("we
  expect that Italy will").

Capitalized names hold no ``intro_not_names`` / ``name_not_words`` word (periods, bases,
"Total", "Company", "GAAP"...) and never overlap the metric mention. Hand-written regular
expressions, as in :mod:`~kpi_extract.analysis.guidance_evidence`: frames keep sentences, not tokens.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kpi_extract.analysis.guidance_evidence import settings
from kpi_extract.phrases import alternation

__all__ = ["segment_said", "proper_name", "clause_of", "said_period_kind", "period_said_after", "year_said_after"]

#: a preposition phrase right after a value ("... for fiscal year 2021", "in the fourth quarter of 2019")
_AFTER_PERIOD = re.compile(r"^[^,;.\d]{0,40}?(?<![\w-])(?:for|in|during)\s+(?P<rest>[^,;%$]{0,35})", re.IGNORECASE)
#: a period said between a name and its metric ("Global Print third-quarter revenues")
_PERIOD = r"(?i:(?:first|second|third|fourth)[-\s]quarter|q[1-4]|full[-\s]year|(?:fiscal\s+)?(?:19|20)\d\d|fy\s*'?\d\d)"
_CLAUSE = re.compile(r"[;:!?]|\.\s|\u2014|--")
_NAME = r"[A-Z][\w&'.-]*(?:\s+(?:&\s+|and\s+|of\s+)?(?:[A-Z][\w&'.-]*|\d+))*"


def clause_of(before: str) -> str:
    """The clause a value stands in, up to the value (at most 200 characters)."""
    tail = before[-200:]
    cuts = list(_CLAUSE.finditer(tail))
    return tail[cuts[-1].end():] if cuts else tail


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    d = settings()
    nouns = alternation(d["segment_nouns"])
    lead = alternation(d["segment_name_lead"])
    return {
        "noun": re.compile(rf"(?:^|(?<=[\s,(]))(?P<name>(?:(?!(?:{lead})\b)[\w&'.-]+\s+){{0,3}}?)"
                           rf"(?P<noun>{nouns})(?:'s|s)?(?![\w-])(?P<rest>(?:\W+[\w'.$-]+){{0,10}}?\W*)$",
                           re.IGNORECASE),
        "intro": re.compile(rf"(?:^|[,;:]\s*)(?i:{alternation(d['intro_cues'])})\s+(?:(?i:the|our|its)\s+)?"
                            rf"(?P<name>{_NAME}),\s*(?i:{alternation(d['subjects'])})(?![\w-])"),
        "lower_opener": re.compile(rf"^\s*(?i:{alternation(d['lower_intro_cues'])})\s+(?:(?:the|our|its)\s+)?"
                                  rf"(?P<name>[a-z][\w&'-]*(?:\s+[a-z][\w&'-]*){{0,2}}),"),
        "opener": re.compile(rf"^\s*(?i:{alternation(d['intro_cues'])})\s+(?:(?i:the|our|its)\s+)?(?P<name>{_NAME}),"),
        "after": re.compile(rf"^[^,;.]{{0,25}}?(?<![\w-])(?i:{alternation(d['name_after_cues'])})\s+"
                            rf"(?:(?i:the|our|its|both)\s+){{0,2}}(?P<name>{_NAME})"),
        "subject": re.compile(rf"(?<![\w-])(?i:{alternation(d['outlook_verbs'])})\s+(?:(?i:that)\s+)?"
                              rf"(?P<name>{_NAME})\s+(?i:{alternation(d['subject_verbs'])})(?![\w-])"),
        "before_metric": re.compile(rf"(?:^|(?<=\s))(?P<name>{_NAME})\s+(?:{_PERIOD}\s+)?"
                                    rf"(?:(?i:{alternation(d['name_verbs'])})\s+)?$"),
        "total": re.compile(rf"(?<![\w-])(?:{alternation(d['total_words'])})(?![\w-])", re.IGNORECASE),
        "for_name": re.compile(rf"\s+for\s+(?:(?i:the|our|its)\s+)?(?P<name>{_NAME})\s+"
                               rf"(?i:{alternation(d['for_name_verbs'])})(?![\w-])"),
        "not_name": re.compile(rf"(?<![\w-])(?:{alternation([*d['intro_not_names'], *d['name_not_words']])}"
                               rf"|(?:fy|q[1-4]|h[12])'?\d*|(?:19|20)\d\d)(?![\w-])", re.IGNORECASE),
        "verb": re.compile(rf"(?:{alternation(d['outlook_verbs'])})", re.IGNORECASE),
        "bare": re.compile(rf"^(?:{alternation(d['segment_bare_nouns'])})$", re.IGNORECASE),
    }


@lru_cache(maxsize=256)
def _named(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?P<name>{alt})(?![\w-])", re.IGNORECASE)


def _not_name(name: str) -> bool:
    """Whether a word of ``name`` (hyphenated parts too: "Fourth-quarter") is a period,
    basis, metric or company word."""
    words = (w.strip(".,'()").removesuffix("'s") for w in re.split(r"[\s/-]+", name))
    return any(_patterns()["not_name"].fullmatch(w) for w in words if w)


def _proper(name: str) -> str | None:
    """A capitalized name that is no period, basis or company word ("North America"), else None."""
    name = name.strip(" .,'")
    return None if not name or _not_name(name) else name


def proper_name(name: str) -> str | None:
    """``name`` stripped when it is a capitalized name and no period, basis or company word, else ``None``."""
    return _proper(name) if name[:1].isupper() else None


def _of_metric(m: re.Match[str], start: int, metric_at: int | None) -> bool:
    """Whether a segment noun belongs to the value's own reading: at most two words before its
    metric mention ("segment operating income", "Irrigation segment sales") or after the
    mention ("revenue for the segment of"); without a mention in the sentence, at most five
    words before the value."""
    rest_words = len(m["rest"].split())
    if metric_at is None or metric_at < start:
        return rest_words <= 5
    gap = metric_at - (start + m.end("noun"))
    if gap >= 0:
        return len(m["rest"][:gap].split()) <= 2
    return rest_words <= 6


def _last_name(words: str) -> str:
    """The name right before a segment noun: the run of capitalized words at the end of
    ``words`` ("we expect Oil and Gas" -> "Oil and Gas"), else its last word ("electricity");
    ``""`` when that is a period, basis or company word."""
    ws = words.split()
    run: list[str] = []
    for w in reversed(ws):
        if w[:1].isupper() or (run and w.lower() in ("and", "&", "of") and len(run) < len(ws)):
            run.insert(0, w)
        else:
            break
    while run and run[0].lower() in ("and", "&", "of"):
        run.pop(0)
    name = " ".join(run) if run else (ws[-1] if ws else "")
    if not run and re.search(r"(?:ed|ing)$", name) or _patterns()["verb"].fullmatch(name):
        return ""  # "we expect segment margin", "improved segment EBITDA": no name
    return "" if not name or _not_name(name) else name.strip(" .,'")


def _canonical(name: str, names: tuple[str, ...]) -> str:
    """The call's own spelling of a said name ("motorcycles" -> "Motorcycles"), else the words as said."""
    for n in names:
        if n.lower().rstrip("s") == name.lower().rstrip("s"):
            return n
    return name


def segment_said(before: str, after: str, names: tuple[str, ...] = (), metric_at: int | None = None,
                 metric_text: str | None = None) -> str | None:
    """The segment named for a value (see the module docstring): ``before`` is its sentence up
    to the value, ``after`` the text after it, ``names`` the call's segment names and
    ``metric_at`` where the row's metric mention starts in the sentence (``None``: not in it),
    ``metric_text`` its words (a name leading them: "Semi-cap revenues")."""
    p = _patterns()
    clause = clause_of(before)
    start = len(before) - len(clause)
    m = p["noun"].search(clause)
    if m is not None and not p["total"].search(m["rest"]) and _of_metric(m, start, metric_at):
        words = _last_name(m["name"])
        if words:
            return _canonical(words, names)
        if p["bare"].match(m["noun"]):
            return ""  # "revenue in this segment was": a segment, unnamed
    pat = _named(names)
    if pat is not None:
        hits = list(pat.finditer(clause))
        if hits and not p["total"].search(clause[hits[-1].end():]):
            return _canonical(hits[-1]["name"], names)
    for key, text in (("intro", clause), ("opener", before), ("lower_opener", before), ("subject", clause),
                      ("after", after[:80])):
        m = p[key].search(text)
        if m is not None and (key == "after" or metric_at is None or not start + m.start("name") <= metric_at
                              < start + m.end("name")):
            name = _proper(m["name"])
            if name:
                return _canonical(name, names)
    m = re.match(rf"(?P<name>{_NAME})\s+\S", metric_text or "")
    if m is not None and _proper(m["name"]):
        return _canonical(_proper(m["name"]), names)  # "Semi-cap revenues were up"
    if metric_at is not None and metric_text and start <= metric_at:  # "Sales for Aero Group were $982 million"
        m = p["for_name"].search(before, metric_at)  # the metric's words may run on to the name ("Sales for X")
        if m is not None and m.start() <= metric_at + len(metric_text) and _proper(m["name"]):
            return _canonical(_proper(m["name"]), names)
    if metric_at is not None and start < metric_at <= len(before):
        m = p["before_metric"].search(before[start:metric_at])
        if m is not None:
            name = _proper(m["name"])
            if name:
                return _canonical(name, names)
    if pat is not None:
        m = pat.search(after[:80])
        if m is not None and re.match(rf"^[^,;.]{{0,40}}?(?i:{alternation(settings()['segment_after_cues'])})\s+"
                                      rf"(?:(?i:the|our|its)\s+)?$", after[:m.start()]):
            return _canonical(m["name"], names)
    return None


@lru_cache(maxsize=1)
def _kinds() -> re.Pattern[str]:
    d = settings()
    return re.compile(rf"(?<![\w-])(?:(?P<quarter>{alternation(d['quarter_words'])})|(?P<span>{alternation(d['span_words'])}))"
                      rf"(?![\w-])", re.IGNORECASE)


def said_period_kind(before: str, after: str = "") -> str | None:
    """``quarter`` or ``span`` (a year, half, nine months, year to date): the period word right
    after a value (up to a comma, a conjunction or a number), else the nearest before it in its clause, at most ``period_kind_chars`` before it ("our tax rate for quarter four of 2020 is" -> ``quarter``,
    "for the full year, revenue was" -> ``span``), ``None`` when the clause says neither."""
    stop = re.search(r"[,;:]|\.\s|\s(?:and|while|but|compared|versus|up|down)\s|\d", after)
    m = _kinds().search(after[:stop.start() if stop else 40][:40])
    if m is not None:
        return m.lastgroup  # "$700 million for the six months"
    hits = list(_kinds().finditer(clause_of(before)[-int(settings()["period_kind_chars"]):]))
    return hits[-1].lastgroup if hits else None


def year_said_after(after: str) -> str:
    """The period phrase after a value ("... in the fourth quarter of 2019" -> "fourth quarter of
    2019"): a preposition within a few words after it, up to a comma; ``""`` when none."""
    m = _AFTER_PERIOD.match(after)
    return "" if m is None else re.split(r"\s(?:over|versus|vs\.?|compared|from|than|against)\s", m["rest"])[0]


def period_said_after(after: str) -> str | None:
    """``quarter`` or ``span`` when a period follows a value as its own ("$60 million to $80
    million for fiscal year 2021", "... in the fourth quarter"): a preposition within a few
    words after it, then the period words; else ``None``."""
    m = re.match(r"^[^,;.\d]{0,40}?(?<![\w-])(?:for|in|during|over)\s+(?:(?:our|its|this)\s+)*"
                 r"(?P<rest>[^,;]{0,25})", after, re.IGNORECASE)
    hit = None if m is None else _kinds().search(m["rest"])
    return None if hit is None else hit.lastgroup
