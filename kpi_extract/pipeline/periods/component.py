"""Period references: the ``kpi_periods`` component and their resolution to fiscal periods.

Requires: a tokenizer. Assigns: ``doc.spans["kpi_periods"]`` and ``doc._.kpi_periods`` (one
dict per span: char and token offsets, ``text`` and ``ref``, a small dict saying what the
words mean, absolute or relative to the reporting period):

=================================  ===========================================
words                              ref
=================================  ===========================================
``Q4 2022``, ``fourth quarter of   ``{"y": 2022, "p": "Q4"}``
2022``, ``4Q22``, ``FY2022``
``the fourth quarter``             ``{"p": "Q4", "dy": 0}`` (year of the report)
``the second quarter last year``   ``{"p": "Q2", "dy": -1}``
``this quarter`` / ``last quarter``  ``{"dq": 0}`` / ``{"dq": -1}``
``same period last year``          ``{"same": -1}``
``the same period of 2021``        ``{"same_year": 2021}`` (the report's period, that year)
``full year`` / ``next year``      ``{"fy": 0}`` / ``{"fy": 1}``
``as of December 31, 2022``        ``{"date": [2022, 12]}`` (the fiscal quarter holding it)
=================================  ===========================================

The patterns are built from ``data/periods.json``; explicit dates are read by dateparser
(languages and settings fixed, results cached). Resolution (:func:`resolve`) needs the
document's reporting period and fiscal year end, so it runs when rows are built.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kpi_extract.pipeline import extensions
from kpi_extract import lexicon
from kpi_extract.phrases import lowered, required

__all__ = ["PeriodGrammar", "KpiPeriods", "make_kpi_periods", "resolve", "detect_reporting_period",
           "fiscal_quarter"]

_YEAR = r"(?:fiscal\s+(?:year\s+)?)?(?P<y>(?:19|20)\d\d|FY\s?'?\d\d|'\d\d)"


def _alt(forms: Iterable[str]) -> str:
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(set(forms), key=len, reverse=True))


def _year(text: str | None) -> int | None:
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) == 2:
        return 2000 + int(digits)
    return int(digits) if len(digits) == 4 else None


@lru_cache(maxsize=4096)
def _parse_date(text: str) -> tuple[int | None, int] | None:
    """(year or None, month) of an explicit date, through dateparser (cached)."""
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={
        "PREFER_DATES_FROM": "past", "RELATIVE_BASE": _dt.datetime(1900, 1, 1),
        "PREFER_DAY_OF_MONTH": "last", "REQUIRE_PARTS": ["month"]})
    if parsed is None:
        return None
    has_year = re.search(r"\d{4}", text) is not None
    return (parsed.year if has_year else None), parsed.month


def fiscal_quarter(year: int | None, month: int, fye_month: int = 12) -> tuple[int | None, str]:
    """The fiscal (year, quarter) holding a calendar month; fiscal years are named by the
    calendar year they end in (a September year end puts December 2022 in Q1 of 2023)."""
    start = fye_month % 12 + 1
    q = ((month - start) % 12) // 3 + 1
    fy = None if year is None else (year if month <= fye_month else year + 1)
    return fy, f"Q{q}"


#: literals (lowercase) one of which every match of a pattern kind contains
#: a literal (lowercase) every match of a pattern kind contains; kinds built from word lists
#: of ``periods.json`` take theirs from the data (see :func:`kpi_extract.phrases.required`)
_TRIGGERS = {
    "months_ended": ("month",), "quarter_year": ("quarter",), "q_code": ("q",), "half": ("half",),
    "h_code": ("h1", "h2", "1h", "2h"), "fy": ("fy", "full", "fiscal"), "same_year": ("same",),
    "year": ("19", "20"),
}


#: how far past the end of a window a period reference that starts in it may run
PERIOD_REACH = 80


class PeriodGrammar:
    """Period patterns compiled from ``data/periods.json``."""

    def __init__(self, data: dict[str, Any] | None = None):
        d = lexicon.packaged("periods.json") if data is None else data
        self.ordinals = {k.lower(): v for k, v in d["ordinals"].items()}
        self.halves = {k.lower(): v for k, v in d["halves"].items()}
        ords = _alt(self.ordinals)
        halves = _alt(self.halves)
        months = _alt(d["months"])
        rel = {name: _alt(d[name]) for name in ("this_quarter", "last_quarter", "next_quarter",
                                                "same_period_last_year", "this_year", "last_year", "next_year")}
        date = rf"(?P<date>(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?|(?:{months})\.?\s+(?:19|20)\d\d)"
        f = re.IGNORECASE
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            ("months_ended", re.compile(
                rf"\b(?P<n>three|six|nine|twelve|3|6|9|12)[\s-]+months?\s+(?:ended|ending)\s+{date}", f)),
            ("asof", re.compile(rf"\b(?:as\s+(?:of|at)|ended|ending|end\s+of|by)\s+{date}", f)),
            ("quarter_year", re.compile(
                rf"\b(?:the\s+)?(?:fiscal\s+)?(?P<o>{ords})[\s-]+(?:fiscal\s+)?quarter(?:\s+(?:of|in|for))?"
                rf"(?:\s+(?:the\s+)?(?:(?P<ly>last|prior|previous|this|next)\s+(?:fiscal\s+)?year|{_YEAR}))?", f)),
            ("quarter_year", re.compile(
                rf"\b{_YEAR}\s+(?P<o>{ords})[\s-]+quarter\b", f)),
            ("q_code", re.compile(
                r"(?<![\w-])(?:Q(?P<q>[1-4])(?:\s*(?:FY|F)?\s?'?(?P<y>(?:19|20)\d\d|\d\d)(?![\d%]))?|"
                r"(?P<q2>[1-4])Q\s?(?:FY)?'?(?P<y2>(?:19|20)?\d\d)(?![\d%])|"
                r"(?P<y3>(?:19|20)\d\d)\s*Q(?P<q3>[1-4]))(?![\w-])", f)),
            ("half", re.compile(
                rf"\b(?:the\s+)?(?P<h>{halves})\s+half(?:\s+of)?(?:\s+(?:the\s+)?(?:(?P<ly>last|this|next)\s+year|{_YEAR}))?", f)),
            ("h_code", re.compile(r"(?<![\w-])(?:H(?P<h>[12])|(?P<h2>[12])H)\s?'?(?P<y>(?:19|20)\d\d|\d\d)?(?![\w-])", f)),
            ("fy", re.compile(
                r"(?<![\w-])(?:(?:full|fiscal)[\s-]+(?:year\s+)?(?P<y>(?:19|20)\d\d|'\d\d)|FY\s?'?(?P<y2>(?:19|20)\d\d|\d\d)|"
                r"(?:full|fiscal)\s+year\s+(?:of\s+)?(?P<y3>(?:19|20)\d\d)|(?P<y4>(?:19|20)\d\d)\s+full[\s-]+year)(?![\w-])", f)),
            ("same_year", re.compile(r"(?<![\w-])(?:the\s+)?same\s+(?:period|quarter)\s+(?:of|in)\s+(?P<y>(?:19|20)\d\d)\b", f)),
            ("same", re.compile(rf"(?<![\w-])(?:the\s+)?(?:{rel['same_period_last_year']})(?![\w-])", f)),
            ("dq0", re.compile(rf"(?<![\w-])(?:{rel['this_quarter']})(?![\w-])", f)),
            ("dq-1", re.compile(rf"(?<![\w-])(?:{rel['last_quarter']})(?![\w-])", f)),
            ("dq1", re.compile(rf"(?<![\w-])(?:{rel['next_quarter']})(?![\w-])", f)),
            ("fy-1", re.compile(rf"(?<![\w-])(?:{rel['last_year']})(?![\w-])", f)),
            ("fy1", re.compile(rf"(?<![\w-])(?:{rel['next_year']})(?![\w-])", f)),
            ("fy0", re.compile(rf"(?<![\w-])(?:{rel['this_year']})(?![\w-])", f)),
            ("year", re.compile(r"\b(?:in|for|during|of|by\s+the\s+end\s+of|end\s+of|by|through|since)\s+"
                                r"(?:fiscal\s+(?:year\s+)?|calendar\s+(?:year\s+)?)?(?P<y>(?:19|20)\d\d)(?![\d%,.]\d)", f)),
        ]
        data_kinds = {"asof": d["months"], "same": d["same_period_last_year"], "dq0": d["this_quarter"],
                      "dq-1": d["last_quarter"], "dq1": d["next_quarter"], "fy-1": d["last_year"],
                      "fy1": d["next_year"], "fy0": d["this_year"]}
        self.required = [_TRIGGERS[k] if k in _TRIGGERS else required(data_kinds[k]) for k, _ in self.patterns]

    def find(self, text: str, windows: Iterable[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
        """Period references in ``text`` (or only inside the ``(start, end)`` character
        ``windows``), sorted by offset, the longest kept where two overlap."""
        found = []
        # a reference starting in a window may run past its end ("as of SEPT. 30, 2022": the
        # sentencizer ends a sentence after "SEPT."), so each window is read PERIOD_REACH further
        bounds = [(0, len(text))] if windows is None else windows
        spans = [(lo, hi, min(len(text), hi + PERIOD_REACH)) for lo, hi in bounds]
        lows = [lowered(text[lo:reach]) for lo, _, reach in spans]
        for (kind, pattern), needed in zip(self.patterns, self.required):
            for (lo, hi, reach), low in zip(spans, lows):
                if not any(t in low for t in needed):
                    continue  # a literal every match of this kind contains is absent
                for m in pattern.finditer(text, lo, reach):
                    if m.start() >= hi:
                        break
                    ref = self._ref(kind, m)
                    if ref is not None:
                        found.append({"start": m.start(), "end": m.end(), "ref": ref})
        # longest first: "the full year 2021" beats "the full year"
        found.sort(key=lambda p: (-(p["end"] - p["start"]), p["start"]))
        kept: list[dict[str, Any]] = []
        for p in found:
            if any(p["start"] < k["end"] and k["start"] < p["end"] for k in kept):
                continue
            kept.append(p)
        kept.sort(key=lambda p: p["start"])
        return kept

    def _ref(self, kind: str, m: re.Match[str]) -> dict[str, Any] | None:
        g = m.groupdict()
        if kind in ("months_ended", "asof"):
            parsed = _parse_date(g["date"])
            if parsed is None:
                return None
            ref: dict[str, Any] = {"date": [parsed[0], parsed[1]]}
            if kind == "months_ended":
                n = {"three": 3, "six": 6, "nine": 9, "twelve": 12}.get(g["n"].lower(), None) or int(g["n"])
                ref["months"] = n
            return ref
        if kind == "quarter_year":
            p = f"Q{self.ordinals[g['o'].lower()]}"
            y = _year(g.get("y"))
            if y:
                return {"y": y, "p": p}
            ly = (g.get("ly") or "").lower()
            return {"p": p, "dy": {"last": -1, "prior": -1, "previous": -1, "next": 1}.get(ly, 0), "explicit": bool(ly)}
        if kind == "q_code":
            q = g.get("q") or g.get("q2") or g.get("q3")
            y = _year(g.get("y") or g.get("y2") or g.get("y3"))
            return {"y": y, "p": f"Q{q}"} if y else {"p": f"Q{q}", "dy": 0, "explicit": False}
        if kind == "half":
            h = self.halves[g["h"].lower()]
            y = _year(g.get("y"))
            if y:
                return {"y": y, "p": h}
            ly = (g.get("ly") or "").lower()
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
        if kind.startswith("fy"):
            return {"fy": int(kind[2:])}
        if kind == "year":
            return {"y": _year(g["y"]), "p": "FY"}
        raise AssertionError(kind)  # pragma: no cover


@Language.factory("kpi_periods", assigns=["doc.spans", "doc._.kpi_periods"], default_config={"all_docs": False})
def make_kpi_periods(nlp: Language, name: str, *, all_docs: bool = False) -> "KpiPeriods":
    """Factory of :class:`KpiPeriods` (``nlp.add_pipe("kpi_periods")``). Unless ``all_docs``,
    docs without values are skipped and, where sentences are set, only the sentences holding
    a value are read."""
    return KpiPeriods(nlp, name, all_docs=all_docs)


class KpiPeriods:
    """Tag period references (see the module docstring)."""

    def __init__(self, nlp: Language | None = None, name: str = "kpi_periods", *, all_docs: bool = False):
        extensions.install()
        self.name = name
        self.all_docs = all_docs
        self.grammar = PeriodGrammar()

    def __call__(self, doc: Doc) -> Doc:
        if not self.all_docs and not doc._.kpi_values:
            return doc  # nothing to link in this doc
        spans, records = [], []
        text = extensions.doc_text(doc)
        for p in self.grammar.find(text, None if self.all_docs else _value_sentences(doc)):
            span = doc.char_span(p["start"], p["end"], alignment_mode="expand")
            if span is None:  # pragma: no cover
                continue
            spans.append(span)
            records.append({**p, "text": text[p["start"]:p["end"]], "tok_start": span.start,
                            "tok_end": span.end})
        doc.spans["kpi_periods"] = spans
        doc._.kpi_periods = records
        return doc


def _value_sentences(doc: Doc) -> list[tuple[int, int]] | None:
    """Character bounds of the sentences holding a value and of the sentence before each
    (the linker reads a value's period in its sentence, and an outlook's period in the one
    before: "Turning to the third quarter. We expect revenue of ..."), or None (the whole
    text) when the doc has no sentence boundaries."""
    if not doc.has_annotation("SENT_START"):
        return None
    starts = [v["tok_start"] for v in doc._.kpi_values or []]
    out: list[tuple[int, int]] = []
    i = 0
    prev: tuple[int, int] | None = None
    for sent in doc.sents:
        while i < len(starts) and starts[i] < sent.start:
            i += 1
        bounds = (sent.start_char, sent.end_char)
        if i < len(starts) and starts[i] < sent.end:
            if prev is not None and (not out or out[-1] != prev):
                out.append(prev)
            out.append(bounds)
        prev = bounds
    return out


# ---------------------------------------------------------------------- resolution
#: the fiscal quarter each period ends with
_LAST_QUARTER = {"Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4, "H1": 2, "H2": 4, "9M": 3, "FY": 4}


def _shift_quarter(year: int, q: int, dq: int) -> tuple[int, str]:
    idx = year * 4 + (q - 1) + dq
    return idx // 4, f"Q{idx % 4 + 1}"


def resolve(ref: dict[str, Any] | None, report: tuple[int, str] | None, *, role: str = "actual",
            fye_month: int = 12) -> tuple[int | None, str | None]:
    """Absolute (fiscal_year, fiscal_period) of a period ``ref`` given the reporting period
    ``(year, "Q4")``; ``(None, None)`` when it cannot be known."""
    ry, rp = report if report else (None, None)
    if ref is None:
        return (None, None)
    if "date" in ref:
        y, month = ref["date"]
        fy, q = fiscal_quarter(y, month, fye_month)
        if fy is None and ry is not None:
            fy = ry  # a month without a year: the report's year
        if ref.get("months") == 9:
            return fy, "9M"
        if ref.get("months") == 6:
            return fy, "H1" if q == "Q2" else "H2"
        if ref.get("months") == 12:
            return fy, "FY"
        return fy, q
    if "y" in ref:
        return ref["y"], ref["p"]
    if ry is None:
        return (None, ref["p"]) if "p" in ref else (None, None)
    if "p" in ref:
        y = ry + ref["dy"]
        p = ref["p"]
        if not ref.get("explicit") and p != "FY":
            last, now = _LAST_QUARTER[p], (int(rp[1]) if rp and rp.startswith("Q") else _LAST_QUARTER.get(rp, 4))
            if role in ("actual", "change") and last > now:
                y -= 1  # a Q1 call speaking of "the fourth quarter" or "the first half" means last year's
            elif role == "guidance" and last <= now:
                y += 1  # a Q4 call guiding "the first quarter" or "the first half" means next year's
        return y, p
    if "same" in ref:
        return ry + ref["same"], rp
    if "same_year" in ref:
        return ref["same_year"], rp
    if "dq" in ref:
        if rp and rp.startswith("Q"):
            return _shift_quarter(ry, int(rp[1]), ref["dq"])
        return _shift_quarter(ry, 4, ref["dq"])
    if "fy" in ref:
        return ry + ref["fy"], "FY"
    return (None, None)  # pragma: no cover


_REPORT_PATTERNS = [
    re.compile(r"\b(?P<o>first|second|third|fourth)[\s-]+(?:fiscal\s+)?quarter(?:\s+(?:and|&)\s+(?:the\s+)?"
               r"(?:full|fiscal)[\s-]+year)?(?:\s+of)?\s+(?:fiscal\s+(?:year\s+)?)?(?P<y>(?:19|20)\d\d)", re.I),
    re.compile(r"\b(?:fiscal\s+)?(?P<y>(?:19|20)\d\d)\s+(?P<o>first|second|third|fourth)[\s-]+quarter", re.I),
    re.compile(r"(?<![\w-])Q(?P<q>[1-4])\s*(?:FY)?\s?'?(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?i:quarter\s+end(?:ed|ing))\s+(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},?\s+(?:19|20)\d\d)"),
    re.compile(r"\b(?:full|fiscal)[\s-]+year\s+(?P<fy>(?:19|20)\d\d)\s+(?:earnings|results|financial)", re.I),
]
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def detect_reporting_period(text: str, *, fye_month: int = 12, head: int = 3000) -> tuple[int, str] | None:
    """The reporting period a call or release announces in its opening text
    ("Fourth Quarter and Full Year 2022 Earnings Call", "quarter ended March 31, 2023")."""
    opening = text[:head]
    best = None
    for pattern in _REPORT_PATTERNS:
        m = pattern.search(opening)
        if not m or (best is not None and m.start() >= best[0]):
            continue
        g = m.groupdict()
        if g.get("date"):
            parsed = _parse_date(g["date"])
            if parsed is None or parsed[0] is None:
                continue
            fy, q = fiscal_quarter(parsed[0], parsed[1], fye_month)
            best = (m.start(), (fy, q))
        elif g.get("fy"):
            best = (m.start(), (int(g["fy"]), "FY"))
        else:
            q = int(g["q"]) if g.get("q") else _ORD[g["o"].lower()]
            best = (m.start(), (int(g["y"]), f"Q{q}"))
    return best[1] if best else None
