"""The period grammar: the patterns of period references, built from ``data/periods.json``.

:class:`PeriodGrammar` finds period references in a text and says what each means (the
``ref`` dicts listed in :mod:`kpi_extract.pipeline.periods.component`); it also holds the
patterns by which a call's opening text announces its reporting period
(:func:`kpi_extract.pipeline.periods.reporting.detect_reporting_period`). Explicit dates
are read by dateparser (:func:`parse_date`).
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.phrases import FOLD_TO_ASCII, alternation, fold_key, leading, lowered, required

__all__ = ["PeriodGrammar", "parse_date", "PERIOD_REACH"]

_YEAR = r"(?:fiscal\s+(?:year\s+)?)?(?P<y>(?:19|20)\d\d|FY\s?'?\d\d|'\d\d)"


def _year(text: str | None) -> int | None:
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) == 2:
        return 2000 + int(digits)
    return int(digits) if len(digits) == 4 else None


@lru_cache(maxsize=4096)
def parse_date(text: str) -> tuple[int | None, int] | None:
    """(year or None, month) of an explicit date ("March 31, 2023", "Sept. 30"), through
    dateparser (languages and settings fixed, so the result does not depend on today's date;
    cached). dateparser is imported on first use: it is slow to import."""
    import dateparser

    if not text.isascii():
        text = text.translate(FOLD_TO_ASCII)  # "Auguſt 31" as the month pattern read it
    parsed = dateparser.parse(text, languages=["en"], settings={
        "PREFER_DATES_FROM": "past", "RELATIVE_BASE": _dt.datetime(1900, 1, 1),
        "PREFER_DAY_OF_MONTH": "last", "REQUIRE_PARTS": ["month"]})
    if parsed is None:
        return None
    has_year = re.search(r"\d{4}", text) is not None
    return (parsed.year if has_year else None), parsed.month


#: a literal (lowercase) every match of a pattern kind contains; kinds built from word lists
#: of ``periods.json`` take theirs from the data (see :func:`kpi_extract.phrases.required`)
_TRIGGERS = {
    "months_ended": ("month",), "quarter_year": ("quarter",),
    # "year's" / "2020's": the possessive alone (a looser test than one literal per letter, far cheaper)
    "quarter_of_year": ("'s", "’s"), "q_code": ("q",), "half": ("half",),
    "h_code": ("h1", "h2", "1h", "2h"), "fy": ("fy", "full", "fiscal"), "same_year": ("same",),
    "year": ("19", "20"), "year_mod": ("19", "20"),
}


#: how far past the end of a window a period reference that starts in it may run
PERIOD_REACH = 80


class PeriodGrammar:
    """Period patterns compiled from ``data/periods.json`` (or ``data``, a mapping of the same
    keys): ``patterns`` (kind, pattern) of period references, read by :meth:`find`, and
    ``report_patterns``, the opening text's announcements of the reporting period."""

    def __init__(self, data: dict[str, Any] | None = None):
        d = lexicon.packaged("periods.json") if data is None else lexicon.check("periods.json", data, "periods data")
        self.ordinals = {fold_key(k): v for k, v in d["ordinals"].items()}
        self.halves = {fold_key(k): v for k, v in d["halves"].items()}
        ords = alternation(self.ordinals)
        halves = alternation(self.halves)
        months = alternation(d["months"])
        results = d.get("results_quarter") or ["\x00"]  # "a strong start to the year" (optional list)
        rel = {name: alternation(d[name]) for name in ("this_quarter", "last_quarter", "next_quarter",
                                                       "same_period_last_year", "this_year", "last_year", "next_year")}
        date = rf"(?P<date>(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?|(?:{months})\.?\s+(?:19|20)\d\d)"
        f = re.IGNORECASE
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            ("months_ended", re.compile(
                leading(("three", "six", "nine", "twelve", "3", "6", "9", "12")) + rf"\b(?P<n>three|six|nine|twelve|3|6|9|12)[\s-]+months?\s+(?:ended|ending)\s+{date}", f)),
            ("asof", re.compile(leading(("as", "ended", "ending", "end", "by")) + rf"\b(?:as\s+(?:of|at)|ended|ending|end\s+of|by)\s+{date}", f)),
            ("quarter_year", re.compile(
                leading(self.ordinals, "tf") + rf"\b(?:the\s+)?(?:fiscal\s+)?(?P<o>{ords})[\s-]+(?:fiscal\s+)?quarter(?:\s+(?:of|in|for))?"
                rf"(?:\s+(?:the\s+)?(?:(?P<ly>last|prior|previous|this|next)\s+(?:fiscal\s+)?year|{_YEAR}))?", f)),
            ("quarter_year", re.compile(
                leading((), "f12'") + rf"\b{_YEAR}\s+(?P<o>{ords})[\s-]+quarter\b", f)),
            # "this year's third quarter", "last year's fourth quarter", "2020's first quarter"
            ("quarter_of_year", re.compile(
                leading(("last", "prior", "previous", "this", "next", "current"), "12")
                + rf"\b(?:(?P<ly>last|prior|previous|this|next|current)\s+(?:fiscal\s+)?year|(?P<y>(?:19|20)\d\d))['’]s\s+"
                rf"(?:fiscal\s+)?(?P<o>{ords})[\s-]+(?:fiscal\s+)?quarter\b", f)),
            ("q_code", re.compile(
                leading((), "q1234") + r"(?<![\w-])(?:Q(?P<q>[1-4])(?:(?:\s+of\s+(?:fiscal\s+(?:year\s+)?)?(?=['’]\d\d\b|(?:19|20)\d\d\b)|\s*(?:FY|F)?\s?)['’]?"
                r"(?P<y>(?:19|20)\d\d|\d\d)(?![\d%]))?|"
                r"(?P<q2>[1-4])Q(?:\s?(?:FY)?'?(?P<y2>(?:19|20)?\d\d)(?![\d%]))?|"
                r"(?P<y3>(?:19|20)\d\d)\s*Q(?P<q3>[1-4]))(?![\w-])", f)),
            ("half", re.compile(
                leading(self.halves, "t") + rf"\b(?:the\s+)?(?P<h>{halves})\s+half(?:\s+of)?(?:\s+(?:the\s+)?(?:(?P<ly>last|this|next)\s+year|{_YEAR}))?", f)),
            ("h_code", re.compile(leading((), "h12") + r"(?<![\w-])(?:H(?P<h>[12])|(?P<h2>[12])H)\s?'?(?P<y>(?:19|20)\d\d|\d\d)?(?![\w-])", f)),
            ("fy", re.compile(
                leading(("full", "fiscal", "fy"), "12") + r"(?<![\w-])(?:(?:full|fiscal)[\s-]+(?:year\s+)?(?P<y>(?:19|20)\d\d|'\d\d)|FY\s?'?(?P<y2>(?:19|20)\d\d|\d\d)|"
                r"(?:full|fiscal)\s+year\s+(?:of\s+)?(?P<y3>(?:19|20)\d\d)|(?P<y4>(?:19|20)\d\d)\s+full[\s-]+year)(?![\w-])", f)),
            ("same_year", re.compile(leading(("the", "same")) + r"(?<![\w-])(?:the\s+)?same\s+(?:period|quarter)\s+(?:of|in)\s+(?P<y>(?:19|20)\d\d)\b", f)),
            ("same", re.compile(leading(d["same_period_last_year"], "t") + rf"(?<![\w-])(?:the\s+)?(?:{rel['same_period_last_year']})(?![\w-])", f)),
            ("dq0", re.compile(leading(d["this_quarter"]) + rf"(?<![\w-])(?:{rel['this_quarter']})(?![\w-])", f)),
            ("results", re.compile(leading(results) + rf"(?<![\w-])(?:{alternation(results)})(?![\w-])", f)),
            ("dq-1", re.compile(leading(d["last_quarter"]) + rf"(?<![\w-])(?:{rel['last_quarter']})(?![\w-])", f)),
            ("dq1", re.compile(leading(d["next_quarter"]) + rf"(?<![\w-])(?:{rel['next_quarter']})(?![\w-])", f)),
            ("fy-1", re.compile(leading(d["last_year"]) + rf"(?<![\w-])(?:{rel['last_year']})(?![\w-])", f)),
            ("fy1", re.compile(leading(d["next_year"]) + rf"(?<![\w-])(?:{rel['next_year']})(?![\w-])", f)),
            ("fy0", re.compile(leading(d["this_year"]) + rf"(?<![\w-])(?:{rel['this_year']})(?![\w-])", f)),
            # "our 2021 guidance", "2020's adjusted earnings", "expect 2021 sales of": a bare year
            # said as a modifier; the span is the year ("yy"); "mod" marks it (a weak cue, see
            # linking.reading.period)
            ("year_mod", re.compile(
                r"(?=[12][09]\d\d)(?:"  # a cheap test first: the lookbehinds run only before a year
                + "".join(rf"(?<!\b{re.escape(w)}\s)" for w in d.get("year_modifier_not_after", ()))
                + rf"(?<![\w$.,/-])(?P<yy>(?P<y>(?:19|20)\d\d)(?:['’]s)?)"
                rf"\s+(?!(?:{alternation(d.get('year_modifier_stops', ()))})\b)(?=[a-z])"
                r"|(?<![\w$.,/-])(?P<yy2>(?P<y2>(?:19|20)\d\d)['’]s)\s+(?=[a-z]))", f)),  # "from 2020's earnings"
            ("year", re.compile(leading(("in", "for", "during", "of", "by", "end", "through", "since"))
                                + r"\b(?:in|for|during|of|by\s+the\s+end\s+of|end\s+of|by|through|since)\s+"
                                r"(?:fiscal\s+(?:year\s+)?|calendar\s+(?:year\s+)?)?(?P<y>(?:19|20)\d\d)(?![\d%,.]\d)", f)),
        ]
        data_kinds = {"asof": d["months"], "same": d["same_period_last_year"], "dq0": d["this_quarter"], "results": results,
                      "dq-1": d["last_quarter"], "dq1": d["next_quarter"], "fy-1": d["last_year"],
                      "fy1": d["next_year"], "fy0": d["this_year"]}
        # "this quarter -- this year, sorry": a speaker's correction replaces the period before it
        fix = alternation(d.get("correction_words", ()))
        self.correction_re = re.compile(
            rf"\s*(?:--|\u2014|\u2013|,|;)?\s*(?:(?:{fix})\s*,?\s*)?", re.IGNORECASE) if fix else None
        self.corrected_re = re.compile(rf"\s*,?\s*(?:{fix})\b", re.IGNORECASE) if fix else None
        self.required = [_TRIGGERS[k] if k in _TRIGGERS else required(data_kinds[k]) for k, _ in self.patterns]
        self._required_sets = [frozenset(r) for r in self.required]
        self._literals = tuple(sorted({t for r in self.required for t in r}))
        # the opening text's announcement of the reporting period (see reporting.detect_reporting_period)
        o = alternation(d["opening_ordinals"])
        self.report_patterns: list[re.Pattern[str]] = [
            re.compile(rf"\b(?P<o>{o})[\s-]+(?:fiscal\s+)?quarter(?:\s+(?:and|&)\s+(?:the\s+)?"
                       rf"(?:full|fiscal)[\s-]+year)?(?:\s+of)?\s+(?:fiscal\s+(?:year\s+)?)?(?P<y>(?:19|20)\d\d)", f),
            re.compile(rf"\b(?:fiscal\s+)?(?P<y>(?:19|20)\d\d)\s+(?P<o>{o})[\s-]+quarter", f),
            re.compile(r"(?<![\w-])Q(?P<q>[1-4])\s*(?:FY)?\s?'?(?P<y>(?:19|20)\d\d)\b", f),
            re.compile(rf"\b(?i:{alternation(d['opening_quarter_ended'])})"
                       r"\s+(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},?\s+(?:19|20)\d\d)"),
            re.compile(rf"\b(?:full|fiscal)[\s-]+year\s+(?P<fy>(?:19|20)\d\d)\s+(?:{alternation(d['opening_year_results'])})", f),
        ]

    def find(self, text: str, windows: Iterable[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
        """Period references in ``text`` (or only inside the ``(start, end)`` character
        ``windows``), sorted by offset, the longest kept where two overlap."""
        found = []
        # a reference starting in a window may run past its end ("as of SEPT. 30, 2022": the
        # sentencizer ends a sentence after "SEPT."), so each window is read PERIOD_REACH further
        bounds = [(0, len(text))] if windows is None else windows
        spans = [(lo, hi, min(len(text), hi + PERIOD_REACH)) for lo, hi in bounds]
        lows = [lowered(text[lo:reach]) for lo, _, reach in spans]
        literals = self._literals
        present = [{t for t in literals if t in low} for low in lows]  # each literal once per window
        for (kind, pattern), needed in zip(self.patterns, self._required_sets):
            for (lo, hi, reach), here in zip(spans, present):
                if needed.isdisjoint(here):
                    continue  # a literal every match of this kind contains is absent
                for m in pattern.finditer(text, lo, reach):
                    if m.start() >= hi:
                        break
                    ref = self._ref(kind, m)
                    if ref is not None:
                        span = m.span("yy" if m["yy"] else "yy2") if kind == "year_mod" else m.span()
                        found.append({"start": span[0], "end": span[1], "ref": ref})
        # longest first: "the full year 2021" beats "the full year"
        found.sort(key=lambda p: (-(p["end"] - p["start"]), p["start"]))
        kept: list[dict[str, Any]] = []
        for p in found:
            if any(p["start"] < k["end"] and k["start"] < p["end"] for k in kept):
                continue
            kept.append(p)
        kept.sort(key=lambda p: p["start"])
        return self._corrected(text, kept)

    def _corrected(self, text: str, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``found`` without each period a speaker corrects right away ("this quarter -- this
        year, sorry", "this quarter, I mean this year": ``correction_words``): the second is meant."""
        if self.correction_re is None or len(found) < 2:
            return found
        out = []
        for p, q in zip(found, found[1:]):
            gap = self.correction_re.fullmatch(text, p["end"], q["start"])
            said = gap is not None and (gap.group().strip(" ,;-\u2014\u2013") or self.corrected_re.match(text, q["end"]))
            if not said or q["end"] - p["start"] > 80:
                out.append(p)
        out.append(found[-1])
        return out

    def _ref(self, kind: str, m: re.Match[str]) -> dict[str, Any] | None:
        g = m.groupdict()
        if kind in ("months_ended", "asof"):
            parsed = parse_date(g["date"])
            if parsed is None:
                return None
            ref: dict[str, Any] = {"date": [parsed[0], parsed[1]]}
            if kind == "months_ended":
                n = {"three": 3, "six": 6, "nine": 9, "twelve": 12}.get(fold_key(g["n"]), None) or int(g["n"])
                ref["months"] = n
            return ref
        if kind in ("quarter_year", "quarter_of_year"):
            p = f"Q{self.ordinals[fold_key(g['o'])]}"
            y = _year(g.get("y"))
            if y:
                return {"y": y, "p": p}
            ly = fold_key(g.get("ly") or "")
            return {"p": p, "dy": {"last": -1, "prior": -1, "previous": -1, "next": 1}.get(ly, 0), "explicit": bool(ly)}
        if kind == "q_code":
            q = g.get("q") or g.get("q2") or g.get("q3")
            y = _year(g.get("y") or g.get("y2") or g.get("y3"))
            return {"y": y, "p": f"Q{q}"} if y else {"p": f"Q{q}", "dy": 0, "explicit": False}
        if kind == "half":
            h = self.halves[fold_key(g["h"])]
            y = _year(g.get("y"))
            if y:
                return {"y": y, "p": h}
            ly = fold_key(g.get("ly") or "")
            return {"p": h, "dy": {"last": -1, "next": 1}.get(ly, 0), "explicit": bool(ly)}
        if kind == "h_code":
            h = f"H{g.get('h') or g.get('h2')}"
            y = _year(g.get("y"))
            return {"y": y, "p": h} if y else {"p": h, "dy": 0, "explicit": False}
        if kind == "fy":
            return {"y": _year(g.get("y") or g.get("y2") or g.get("y3") or g.get("y4")), "p": "FY"}
        if kind == "same":
            return {"same": -1}
        if kind == "same_year":
            return {"same_year": int(g["y"])}
        if kind.startswith("dq"):
            return {"dq": int(kind[2:])}
        if kind == "results":
            return {"dq": 0, "results": True}  # the reported quarter; no outlook's period (rows.value_period)
        if kind.startswith("fy"):
            return {"fy": int(kind[2:])}
        if kind == "year":
            return {"y": _year(g["y"]), "p": "FY"}
        if kind == "year_mod":
            return {"y": _year(g["y"] or g["y2"]), "p": "FY", "mod": True}
        raise AssertionError(kind)  # pragma: no cover
