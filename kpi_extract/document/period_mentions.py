"""Every mention of a quarter, a year or a quarter-end date in a whole call, with what its
context says about it (a comparison, a forward look, the report itself, a guidance year).

Hand-written regular expressions over the raw text rather than the ``kpi_periods``
component: the period stage reads only the sentences that hold a value, after
tokenizing, while the reporting period must be known before any sentence is linked and
weighs mentions anywhere in the call (a title line, "compared to the third quarter of
2020", "our 2021 guidance", "as of September 30, 2021"). The words come from
``data/periods.json`` (ordinals, months) and ``data/reporting.json`` (context cues).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from kpi_extract import lexicon
from kpi_extract.phrases import alternation, common_start, fold_key, leading, lowered, matches_from

__all__ = ["PeriodMention", "MentionGrammar"]


@dataclass(frozen=True)
class PeriodMention:
    """One mention: ``kind`` ``quarter`` (``number`` 1-4, ``year`` or ``relative_year``
    when said), ``span`` (a half or the first six or nine months: ``number`` is the quarter
    it ends with), ``year`` (a fiscal or calendar year alone) or ``date`` (``number`` is the
    month); ``context``: ``plain``, ``comparison``, ``forward``, ``report`` (the call's own
    results: "our second quarter 2021 results"), ``guide`` ("our 2021 guidance"),
    ``as_of`` (a balance-sheet date), ``comparison_two`` (a comparison said to reach two
    years back: "versus 2019, two years ago", "pre-pandemic levels"), ``past`` (said of
    something done: "launched in the fourth quarter of 2020", "since 2017", "2020 was"),
    ``ytd`` (the year under way: "year-to-date in 2021", "off to a good start in 2021");
    ``filing`` (a year naming an annual filing: "our 2020 annual report on Form 10-K");
    a year said with ``fiscal``, ``full`` or ``calendar`` before it joins that word to its
    context (``fiscal_forward``, ``full_plain``)."""

    kind: str
    number: int | None
    year: int | None
    relative_year: int | None
    context: str
    start: int
    end: int
    text: str


def _year(text: str | None) -> int | None:
    digits = re.sub(r"\D", "", text or "")
    if len(digits) == 2:
        return 2000 + int(digits)
    return int(digits) if len(digits) == 4 else None


class MentionGrammar:
    """The mention patterns, compiled once from the packaged data (or ``periods`` /
    ``reporting`` mappings of the same shape)."""

    def __init__(self, periods: dict[str, Any] | None = None, reporting: dict[str, Any] | None = None):
        p = lexicon.packaged("periods.json") if periods is None else lexicon.check("periods.json", periods, "periods data")
        r = lexicon.packaged("reporting.json") if reporting is None else \
            lexicon.check("reporting.json", reporting, "reporting data")
        self.data = r
        self.ordinals = {fold_key(k): int(v) for k, v in p["ordinals"].items()}
        self.months = {fold_key(m): _MONTH_NUMBER[m.lower()[:3]] for m in p["months"] if m.lower()[:3] in _MONTH_NUMBER}
        self.relative = {fold_key(k): int(v) for k, v in r["relative_years"].items()}
        o, rel, f = alternation(self.ordinals), alternation(self.relative), re.IGNORECASE
        yr = r"(?:fiscal\s+(?:year\s+)?|calendar\s+(?:year\s+)?|FY\s?|F)?'?(?P<y>(?:19|20)\d\d|\d\d)"
        # each pattern opens with a look-ahead on the first letters its matches can start with
        # (``_leading``): re tries the long alternations at far fewer places (same matches)
        self.quarter_re = re.compile(
            leading(self.ordinals, "fFqQ1234") + rf"(?:\b(?P<o>{o})[\s-]+(?:fiscal[\s-]+)?quarter(?:\s+and\s+(?:the\s+)?(?:full|fiscal)[\s-]+year)?"
            rf"(?:\s+(?:of|in|for|ended))?(?:\s+(?:the\s+)?(?:{yr}(?![\d%,.]\d)|(?P<rel>{rel})\s+(?:fiscal\s+)?year))?"
            rf"|(?<![\w$.])(?:fiscal\s+)?(?P<y2>(?:19|20)\d\d|FY\s?'?\d\d)\s+(?P<o2>{o})[\s-]+quarter"
            r"|(?<![\w-])Q(?P<q3>[1-4])(?:(?:\s*(?:of\s+)?(?:fiscal\s+(?:year\s+)?|FY|F)?\s?'?|,\s?')(?P<y3>(?:19|20)\d\d|\d\d)(?![\d%]))?"
            r"(?![\w-])"
            r"|(?<![\w-])(?P<q4>[1-4])Q\s?'?(?P<y4>(?:19|20)?\d\d)?(?![\w%-]))", f)
        self.year_re = re.compile(
            leading(r["year_prefixes"], "fF12") + rf"(?<![\w$.,/-])(?:(?P<pre>{alternation(r['year_prefixes'])})[\s-]+(?:year\s+)?|FY\s?'?)?"
            r"(?P<y>(?:19|20)\d\d)(?![\d%]|,\d|\.\d)"
            # two digits only after a fiscal marker: "fiscal '21", "fiscal year 22", "FY21", "F'22"
            r"|(?<![\w$.,/-])(?:(?P<pre2>fiscal)[\s-]+(?:year\s+)?'?|FY\s?'?|F')(?P<y2>\d\d)"
            r"(?![\w%'-]|[.,]\d|\s*(?:%|percent|million|billion|weeks|days|months))", f)
        self.span_re = re.compile(
            leading(("first", "second", "1st", "2nd", "the"), "") + r"\b(?:(?P<h>first|second|1st|2nd)\s+half|(?:the\s+)?first\s+(?:(?P<n>six|nine|6|9)\s+months|(?P<nq>two|three|2|3)\s+quarters))"
            rf"(?:\s+(?:of|in|for))?(?:\s+(?:the\s+)?(?:{yr}(?![\d%,.]\d)|(?P<rel>{rel})\s+(?:fiscal\s+)?year))?", f)
        self.date_re = re.compile(
            leading(self.months, "") + rf"\b(?P<m>{alternation(self.months)})\.?\s+(?:(?P<d>\d{{1,2}}),?\s+|of\s+)?(?P<y>(?:19|20)\d\d)\b", f)
        self.comparison = re.compile(
            rf"\b(?:{alternation(r['comparison_words'])})(?![\w-])(?:[^.;!?]|\.(?=\d)){{0,{int(r['comparison_reach'])}}}$", f)
        fye = r["fiscal_year_end_cues"]
        months = alternation(self.months)
        # "ended on May 31" first (rare, so found fast), then the quarter named before it
        # (no leading \b: it would keep re from skipping to the cue's first letter; checked in code)
        self.quarter_end_re = re.compile(rf"(?:{alternation(fye['quarter_end'])})\s+(?P<m>{months})\b", f)
        self.quarter_before_end_re = re.compile(
            rf"\b(?P<o>{o})[\s-]+(?:fiscal[\s-]+)?quarter(?:\s+of\s+(?:fiscal\s+)?(?:year\s+)?(?:19|20)\d\d)?,?"
            r"\s+(?:which\s+)?$", f)
        self.quarter_end_start, self.year_end_start = common_start(fye["quarter_end"]), common_start(fye["year_end"])
        self.year_end_re = re.compile(
            rf"(?:{alternation(fye['year_end'])})\s+(?:on\s+|in\s+)?(?P<m>{months})\b", f)
        self.two_year = re.compile(rf"(?<![\w-])(?:{alternation(r.get('two_year_words', ()))})(?![\w-])", f) \
            if r.get("two_year_words") else None
        self.comparison_word = re.compile(rf"\b(?:{alternation(r['comparison_words'])})(?![\w-])", f)
        between = int(r["forward_words_between"])
        self.forward = re.compile(
            rf"(?:\b(?:{alternation(r['forward_stems'])})\w*|\b(?:{alternation(r['forward_words'])})\b)"
            rf"\W*(?:\w+\W+){{0,{between}}}$", f)
        past_not = alternation(r.get("past_not", ())) or "(?!)"
        self.past = re.compile(
            rf"\b(?:{alternation(r['past_words'])}|(?!(?:{past_not})\b)[a-z]{{2,}}ed)\b[^\w.;!?]*"
            rf"(?:\w+[^\w.;!?]+){{0,{int(r['past_words_between'])}}}$", f) if r.get("past_words") else None
        self.past_after = re.compile(rf"^\W{{0,2}}(?:{alternation(r['past_after'])})\b", f) if r.get("past_after") else None
        self.forward_after = re.compile(rf"^\W{{0,2}}(?:{alternation(r['forward_after'])})\b", f) \
            if r.get("forward_after") else None
        self.ytd = re.compile(rf"\b(?:{alternation(r['ytd_words'])})\W+(?:\w+\W+){{0,2}}$", f) if r.get("ytd_words") else None
        self.report_after = re.compile(rf"^\W{{0,3}}(?:\w+\W+){{0,2}}?(?:{alternation(r['report_after'])})\b", f)
        self.report_before = re.compile(rf"\b(?:{alternation(r['report_before'])})\W+(?:\w+\W+){{0,3}}$", f)
        filing = r.get("filing_after") or ()
        self.filing_after = re.compile(rf"^\W{{0,3}}(?:\w+\W+){{0,2}}?(?:{alternation(filing)})\b", f) if filing else None
        self.guide_after = re.compile(rf"^\W{{0,3}}(?:\w+\W+){{0,2}}?(?:{alternation(r['guide_after'])})\b", f)
        self.as_of = re.compile(rf"\b(?:{alternation(r['as_of'])})\s+$", f)

    def fiscal_year_end(self, text: str) -> int | None:
        """The month the fiscal year ends in, when the text says it ("our second quarter,
        which ended on May 31", "the fiscal year ending in September") and every such
        statement agrees; else ``None``."""
        votes = set()
        low = lowered(text)
        for m in matches_from(self.quarter_end_re, text, low, self.quarter_end_start):
            q = self.quarter_before_end_re.search(text, max(0, m.start() - 60), m.start())
            if q is not None and (m.start() == 0 or not text[m.start() - 1].isalnum()):
                votes.add((self.months[fold_key(m["m"])] + 3 * (4 - self.ordinals[fold_key(q["o"])]) - 1) % 12 + 1)
        for m in matches_from(self.year_end_re, text, low, self.year_end_start):
            if m.start() == 0 or not text[m.start() - 1].isalnum():
                votes.add(self.months[fold_key(m["m"])])
        return votes.pop() if len(votes) == 1 else None

    def _context(self, text: str, start: int, end: int | None = None) -> str:
        before = text[max(0, start - 80):start]
        compared = self.comparison.search(before)
        forward = self.forward.search(before)
        ytd = self.ytd.search(before) if self.ytd is not None else None
        if compared and any(m is not None and m.start() > compared.start() for m in (forward, ytd)):
            compared = None  # "approaching pre-pandemic levels by the end of 2021": the nearer cue tells
        if compared:
            near = (max(0, start - 200), min(len(text), start + 120))
            if self.two_year is not None and self.two_year.search(text, *near):
                return "comparison_two"  # "versus the second quarter of 2019, two years ago"
            return "comparison"
        if ytd:
            return "ytd"
        if forward:
            return "forward"
        after = text[end:end + 20] if end is not None else ""
        if self.forward_after is not None and self.forward_after.search(after):
            return "forward"
        if self.past is not None and self.past.search(before):
            return "past"
        if self.past_after is not None and self.past_after.search(after):
            return "past"
        return "plain"

    def find(self, text: str) -> list[PeriodMention]:
        """The mentions of ``text``, quarters first, then dates, then years, each in text order."""
        out: list[PeriodMention] = []
        taken = _Taken()
        for m in self.quarter_re.finditer(text):
            g = m.groupdict()
            rel = None
            if g["o"]:
                q, y = self.ordinals[fold_key(g["o"])], _year(g["y"])
                rel = self.relative.get(fold_key(g["rel"] or "")) if g["rel"] else None
            elif g["o2"]:
                q, y = self.ordinals[fold_key(g["o2"])], _year(g["y2"])
            elif g["q3"]:
                q, y = int(g["q3"]), _year(g["y3"])
            else:
                q, y = int(g["q4"]), _year(g["y4"])
            ctx = self._context(text, m.start(), m.end())
            if ctx in ("plain", "past") and (self.report_after.search(text[m.end():m.end() + 40])
                                         or self.report_before.search(text[max(0, m.start() - 40):m.start()])):
                ctx = "report"
            out.append(PeriodMention("quarter", q, y, rel, ctx, m.start(), m.end(), m.group(0)))
            taken.add(m.start(), m.end())
        for m in self.span_re.finditer(text):
            if taken.covers(m.start()):
                continue
            h = fold_key(m["h"] or "")
            if h:
                ends = 2 if h in ("first", "1st") else 4
            else:
                ends = 2 if fold_key(m["n"] or m["nq"]) in ("six", "6", "two", "2") else 3
            rel = self.relative.get(fold_key(m["rel"])) if m["rel"] else None
            out.append(PeriodMention("span", ends, _year(m["y"]), rel, self._context(text, m.start(), m.end()), m.start(),
                                     m.end(), m.group(0)))
            taken.add(m.start(), m.end())
        for m in self.date_re.finditer(text):
            ctx = self._context(text, m.start())
            if ctx != "comparison" and self.as_of.search(text[max(0, m.start() - 20):m.start()]):
                ctx = "as_of"
            out.append(PeriodMention("date", self.months[fold_key(m["m"])], int(m["y"]), None, ctx, m.start(), m.end(),
                                     m.group(0)))
            taken.add(m.start(), m.end())
        for m in self.year_re.finditer(text):
            if taken.covers(m.start()):
                continue
            ctx = self._context(text, m.start(), m.end())
            if m["pre"] or m["pre2"]:
                ctx = f"{fold_key(m['pre'] or m['pre2'])}_{ctx}"
            if self.filing_after is not None and self.filing_after.search(text[m.end():m.end() + 40]):
                ctx = "filing"  # "our 2020 annual report on Form 10-K": the last year closed and filed
            elif ctx.rsplit("_", 1)[-1] in ("plain", "forward", "past", "ytd") \
                    and self.guide_after.search(text[m.end():m.end() + 30]):
                ctx = "guide"
            out.append(PeriodMention("year", None, _year(m["y"] or m["y2"]), None, ctx, m.start(), m.end(), m.group(0)))
        return out


class _Taken:
    """Character spans already read as a mention; :meth:`covers` by bisection (spans may
    arrive out of order and overlap)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def covers(self, at: int) -> bool:
        i = bisect_right(self.starts, at)
        # spans are short (a mention): only the few starting within reach can cover ``at``
        return any(self.ends[k] > at for k in range(max(0, i - 8), i))


_MONTH_NUMBER = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
