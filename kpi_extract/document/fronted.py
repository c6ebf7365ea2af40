"""A period that opens a sentence and scopes what follows: "For the first half of 2021, the
company reported ...", "And for fiscal 2020, ...".

:func:`fronted_period` reads one sentence: the period it opens with (after connectives and a
preposition, before a comma), when that period is a year, a half or "the full year" (a
quarter opening a sentence is mostly the report's own). The run carries it to the sentence
after (:func:`kpi_extract.run.fronted.carry_fronted_periods`). The period grammar is the
pipeline's (:class:`~kpi_extract.pipeline.periods.grammar.PeriodGrammar`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.phrases import alternation
from kpi_extract.pipeline.periods.grammar import PeriodGrammar

__all__ = ["closing_period", "fronted_period", "period_grammar"]

#: the words before a period that opens a sentence ("And for the full year, ...")
_CONNECT = r"(?:(?:and|so|now|then|also)\W+){0,2}"
_FRONTED = re.compile(_CONNECT + r"(?:for|in|during|over)\s+(?:the\s+)?", re.IGNORECASE)
#: the connectives alone, before a period that holds its preposition ("And for fiscal 2020")
_CONNECTIVES = re.compile(_CONNECT, re.IGNORECASE)
#: a sentence that may open with a period: connectives, then a preposition
_OPENS = re.compile(_CONNECT + r"(?:for|in|during|over)\b", re.IGNORECASE)
#: "for" (and "the") right before a period that closes a sentence ("highlights for the full year.")
_FOR_BEFORE = re.compile(r"\bfor\s+(?:the\s+)?\Z", re.IGNORECASE)
#: a figure outside a period: a digit, a currency or percent sign
_FIGURE = re.compile(r"[\d$%€£¥]")
#: what a line announces for a period ("highlights", "results": ``announce_nouns`` of ``data/periods.json``)
_ANNOUNCED = re.compile(r"\b(?:%s)\b" % alternation(tuple(lexicon.packaged("periods.json").get("announce_nouns", ()))),
                        re.IGNORECASE)
#: an outlook word: a line saying what is expected for a period announces no results
_OUTLOOK = re.compile(r"\b(?:%s)" % alternation(tuple(lexicon.packaged("cues.json").get("outlook_words", ()))),
                      re.IGNORECASE)
#: longest figure-free sentence that announces a period (characters)
_ANNOUNCE = 160
#: how far into a sentence a fronted period may end (characters)
_HEAD = 80


@lru_cache(maxsize=1)
def period_grammar() -> PeriodGrammar:
    """The packaged period grammar, built once."""
    return PeriodGrammar()


def _scoping(ref: dict[str, Any]) -> bool:
    """A period that scopes a following sentence: a year, a half, "the full year"."""
    return ref.get("fy") == 0 or (ref.get("p") in ("FY", "H1", "H2") and "y" in ref and not ref.get("mod"))


def fronted_period(sentence: str, grammar: PeriodGrammar | None = None) -> dict[str, Any] | None:
    """The period ``sentence`` opens with, before a comma, when it scopes (a dict of
    :meth:`PeriodGrammar.find` with its ``text``); else None. ``grammar`` defaults to the
    packaged one."""
    if not sentence or sentence[0] == "…" or not _OPENS.match(sentence):
        return None  # most sentences open with no preposition: the grammar is not run on them
    found = (grammar or period_grammar()).find(sentence[:_HEAD])
    if not found:
        return None
    p = found[0]
    head = sentence[:p["start"]]
    said = sentence[p["start"]:p["end"]].split(maxsplit=1)[0].lower()  # "for the year" holds its preposition
    if not (_FRONTED.fullmatch(head) or (_CONNECTIVES.fullmatch(head) and said in ("for", "in", "during", "over"))):
        return None
    if not sentence[p["end"]:].lstrip().startswith(",") or not _scoping(p["ref"]):
        return None
    return {**p, "text": sentence[p["start"]:p["end"]]}


def closing_period(sentence: str, grammar: PeriodGrammar | None = None) -> dict[str, Any] | None:
    """The period a short sentence without a figure or an outlook word closes on after "for"
    ("announce_nouns" before it: "highlights", "results"), when it scopes
    and is the only period of its clause ("Here are a few highlights for the full year.",
    "Before the quarter's detail, here are the highlights for fiscal 2021:"; not "our results
    for the quarter and our outlook for 2021."): it announces the period of the sentence
    after; else None."""
    sentence = sentence.strip()
    if not sentence or len(sentence) > _ANNOUNCE or sentence[-1] not in ".:" or "$" in sentence or "%" in sentence:
        return None
    found = (grammar or period_grammar()).find(sentence)
    if not found:
        return None
    p = found[-1]
    said = sentence[p["start"]:p["end"]]
    if any(q["ref"] != p["ref"] and "," not in sentence[q["end"]:p["start"]] for q in found) or sentence[p["end"]:].strip() not in (".", ":") \
            or not _scoping(p["ref"]) \
            or _FIGURE.search(sentence[:p["start"]]) or not _ANNOUNCED.search(sentence, 0, p["start"]) \
            or _OUTLOOK.search(sentence) or not (
                _FOR_BEFORE.search(sentence, 0, p["start"]) or said.split(maxsplit=1)[0].lower() == "for"):
        return None
    return {**p, "text": said}
