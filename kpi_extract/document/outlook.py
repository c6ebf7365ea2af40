"""Outlook statements of a whole call: a sentence without a figure that announces the
period of the guidance after it ("Turning to our outlook for fiscal 2022.", "For the full
year, we now expect the following:", "Turning to the full year 2022.").

Calls put such a statement lines ahead of its figures, and the pipeline leaves out the
paragraphs without a value (:mod:`kpi_extract.pipeline.paragraphs`), so the linker never
sees it; the run carries its period to the guidance after it
(:func:`kpi_extract.run.documents.carry_guidance_periods`).

A sentence states an outlook when it holds an outlook word (``cues.json``:
``outlook_words``, word starts: "expect", "guidance", "outlook" ...) or a topic cue
(``topic_cues``: "turning to", "moving to" ...), names one period (several that differ are
no statement: "after a strong third quarter we raise our full year guidance") and holds no
figure besides that period's (a sentence with a value is read by the linker itself).
Requires the text; gives the statements in text order, read in the lines without a money
amount or a percentage (the lines the pipeline leaves out). The period grammar is the
pipeline's (:class:`~kpi_extract.pipeline.periods.grammar.PeriodGrammar`); the words are
the linker's cues, so a pipeline's ``extra_cues`` and this reader agree.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.phrases import alternation
from kpi_extract.pipeline.periods.grammar import PeriodGrammar

__all__ = ["OutlookStatement", "OutlookReader", "read_outlooks"]

_YEAR = re.compile(r"\b(?:19|20)\d\d\b|'\d\d\b")
#: a sentence end: a stop followed by a blank
_SENT_END = re.compile(r"[.!?:](?=\s)")
#: a slide or page number, no figure ("turning to slide 9, our 2024 outlook")
_SLIDE = re.compile(r"\b(?:slides?|pages?|charts?)\s+\d+\b", re.IGNORECASE)
#: a figure: a digit, a currency or percent sign, a scale word
_FIGURE = re.compile(r"[\d$%€£¥]|\b(?:percent|million|billion|thousand|cents?)\b", re.IGNORECASE)
#: longest statement (characters): a longer sentence is talk, not an announcement
MAX_STATEMENT_CHARS = 200
#: most words between a leading cue and the period ("outlook for the second half of")
LEAD_WORDS = 3
#: most words before a period that opens a statement ("Now for the full year, ...")
OPENING_WORDS = 3
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class OutlookStatement:
    """A statement's offsets in the text, its period ``ref`` (as
    :meth:`PeriodGrammar.find` gives it) and the period's words."""

    start: int
    end: int
    ref: dict[str, Any]
    text: str


class OutlookReader:
    """The statements of a text, by the cues of ``cues`` (a mapping in the form of
    ``data/cues.json``; the packaged cues when None): ``outlook_nouns`` and ``topic_cues``
    lead to the period ("our outlook for fiscal 2022", "turning to the full year", "our
    2022 guidance": the noun within ``LEAD_WORDS`` words of it), or the sentence opens on
    the period and holds an ``outlook_words`` word ("For the full year, we now expect the
    following:"). A period said inside other talk ("costs are expected to rise in the first
    half") is no statement."""

    def __init__(self, cues: Mapping[str, Any] | None = None, grammar: PeriodGrammar | None = None):
        cues = lexicon.packaged("cues.json") if cues is None else cues
        self.grammar = grammar or PeriodGrammar()
        words = tuple(w.lower() for w in cues.get("outlook_words", ()))
        leads = tuple(w.lower() for w in (*cues.get("outlook_nouns", ()), *cues.get("topic_cues", ())))
        self.outlook = re.compile(r"\b(?:%s)" % alternation(words), re.IGNORECASE) if words else None
        self.lead = re.compile(r"\b(?:%s)\b" % alternation(leads), re.IGNORECASE) if leads else None
        #: what the text is scanned for: each cue's first five letters (a shorter first
        #: word: the whole cue), at a word start
        self.scan = _scan_literals((*words, *leads))
        self.period_words = tuple(w.lower() for w in cues.get("outlook_period_words", ()))
        self.nouns = re.compile(r"\b(?:%s)\b" % alternation(tuple(w.lower() for w in cues.get("outlook_nouns", ()))),
                                re.IGNORECASE) if cues.get("outlook_nouns") else None

    def __call__(self, text: str, windows: list[tuple[int, int]] | None = None) -> list[OutlookStatement]:
        """The statements of ``text`` (of its ``windows``, character bounds, when given: a
        run reads only the text before guidance without a period)."""
        if not self.scan:
            return []
        out: list[OutlookStatement] = []
        for lo, hi in self._candidates(text, [(0, len(text))] if windows is None else windows):
            sent = text[lo:hi]
            periods = _one_period(self.grammar.find(sent))
            if not periods:
                continue
            bare = sent
            for p in sorted(periods, key=lambda p: -p["start"]):
                bare = bare[:p["start"]] + " " + bare[p["end"]:]
            if _FIGURE.search(_SLIDE.sub(" ", bare)) or not any(
                    self._announces(sent, p["start"], p["end"], bool(p["ref"].get("mod"))) for p in periods):
                continue
            p = periods[0]
            ref = {k: v for k, v in p["ref"].items() if k != "mod"}
            out.append(OutlookStatement(lo, hi, ref, sent[p["start"]:p["end"]]))
        return out

    def _candidates(self, text: str, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The bounds of the short sentences in ``windows`` holding a cue's first letters
        (``scan``, found by ``str.find``: a case-blind regex alternation over a whole call
        would cost it a tenth of its extraction time), a period word (``outlook_period_words``
        or a year) and no money amount or percentage; the cues themselves are read in the
        few sentences found (:meth:`_announces`)."""
        found: set[tuple[int, int]] = set()
        for lo, hi in windows:
            found.update(_sentence_at(text, lo + at) for at in _cue_starts(text[lo:hi].lower(), self.scan))
        return sorted(b for b in found if b[1] - b[0] <= MAX_STATEMENT_CHARS and self._plain(text[b[0]:b[1]]))

    def _plain(self, sent: str) -> bool:
        """No money amount or percentage, and a period word."""
        if "$" in sent or "%" in sent:
            return False
        low = sent.lower()
        return any(w in low for w in self.period_words) or _YEAR.search(sent) is not None

    def _announces(self, sent: str, lo: int, hi: int, modifier: bool) -> bool:
        """Whether the period at ``sent[lo:hi]`` is what the sentence announces; a year said
        as a ``modifier`` only of an outlook noun ("our 2024 outlook", not "2023's results")."""
        tail = sent[hi:]
        if self.nouns is not None and any(len(_WORD.findall(tail[:c.start()])) <= 2 for c in self.nouns.finditer(tail)):
            return True  # "our 2021 outlook"
        if modifier:
            return False
        head = _WORD.findall(sent[:lo])
        if len(head) <= OPENING_WORDS and self.outlook is not None and self.outlook.search(sent, hi):
            return True  # "For the full year, we now expect the following:"
        if self.lead is not None and any(len(_WORD.findall(sent[c.end():lo])) <= LEAD_WORDS
                                         for c in self.lead.finditer(sent, 0, lo)):
            return True  # "Turning to our outlook for fiscal 2022."
        return False


def _scan_literals(cues: tuple[str, ...]) -> tuple[str, ...]:
    """The literals that find every cue: its first five letters, or the whole cue when its
    first word is shorter ("on to"); none that holds another."""
    lits = {c.split()[0][:5] if len(c.split()[0]) >= 5 else c for c in cues if c.strip()}
    return tuple(sorted(w for w in lits if not any(o != w and o in w for o in lits)))


def _cue_starts(low: str, literals: tuple[str, ...]) -> set[int]:
    """Where a literal starts a word in the lowered text ``low``."""
    found = set()
    for lit in literals:
        at = low.find(lit)
        while at >= 0:
            if at == 0 or not low[at - 1].isalnum():
                found.add(at)
            at = low.find(lit, at + len(lit))
    return found


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    """The bounds of the sentence holding ``text[pos]``: within its line, from after the last
    sentence end before ``pos`` (blanks skipped) to the first one at or after it."""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    hi = len(text) if hi < 0 else hi
    for m in _SENT_END.finditer(text, lo, pos):
        lo = m.end()
    m = _SENT_END.search(text, pos, hi)
    hi = m.end() if m else hi
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _one_period(periods: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``periods`` when they name one period (a year said as a modifier and "the full year"
    are one: "for the full year, our 2023 guidance"), the named one first; else []."""
    refs = {repr(sorted((k, v) for k, v in p["ref"].items() if k != "mod")) for p in periods}
    if len(refs) == 1:
        return periods
    years = {p["ref"].get("y") for p in periods if p["ref"].get("p") == "FY" and "y" in p["ref"]}
    if len(years) == 1 and all(p["ref"].get("p") == "FY" or p["ref"] == {"fy": 0} for p in periods):
        return sorted(periods, key=lambda p: "y" not in p["ref"])
    return []


@lru_cache(maxsize=1)
def _reader() -> OutlookReader:
    return OutlookReader()


def read_outlooks(text: str, windows: list[tuple[int, int]] | None = None) -> list[OutlookStatement]:
    """The outlook statements of ``text`` (or of its ``windows``) by the packaged cues
    (:class:`OutlookReader`)."""
    return _reader()(text, windows)
