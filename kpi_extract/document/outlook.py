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
Requires the text; gives the statements in text order. The period grammar is the
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

#: a sentence: up to a sentence end followed by a blank, or a line end
_SENTENCE = re.compile(r"[^\n]+?(?:[.!?:](?=\s)|$)", re.MULTILINE)
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
        self.nouns = re.compile(r"\b(?:%s)\b" % alternation(tuple(w.lower() for w in cues.get("outlook_nouns", ()))),
                                re.IGNORECASE) if cues.get("outlook_nouns") else None

    def __call__(self, text: str) -> list[OutlookStatement]:
        if self.outlook is None and self.lead is None:
            return []
        out: list[OutlookStatement] = []
        for m in _SENTENCE.finditer(text):
            sent = m.group()
            if len(sent) > MAX_STATEMENT_CHARS or not ((self.outlook and self.outlook.search(sent))
                                                       or (self.lead and self.lead.search(sent))):
                continue
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
            out.append(OutlookStatement(m.start(), m.end(), ref, sent[p["start"]:p["end"]]))
        return out

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


def read_outlooks(text: str) -> list[OutlookStatement]:
    """The outlook statements of ``text`` by the packaged cues (:class:`OutlookReader`)."""
    return _reader()(text)
