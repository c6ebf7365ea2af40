"""A period that opens a sentence scopes the next one: "For the first half of 2021, the
company reported net earnings of $A. EBITDA was $B." gives $B the first half of 2021.

The linker reads one sentence at a time, and a call puts each sentence on its own line (a
paragraph of its own, :mod:`kpi_extract.pipeline.paragraphs`), so the run carries such a
period over the rows of a whole document (:func:`carry_fronted_periods`). Only a year, a
half or "the full year" fronted by a preposition and followed by a comma carries (a quarter
opening a sentence is mostly the report's own), only to the sentence right after, and only
to actuals and changes of a sentence that names no period itself.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from kpi_extract.pipeline.periods.grammar import PeriodGrammar
from kpi_extract.run.rows import value_period

__all__ = ["carry_fronted_periods"]

#: the words before a period that opens a sentence ("And for the full year, ...")
_CONNECT = r"(?:(?:and|so|now|then|also)\W+){0,2}"
_FRONTED = re.compile(_CONNECT + r"(?:for|in|during|over)\s+(?:the\s+)?", re.IGNORECASE)
#: the connectives alone, before a period that holds its preposition ("And for fiscal 2020")
_CONNECTIVES = re.compile(_CONNECT, re.IGNORECASE)
#: a sentence that may open with a period: connectives, then a preposition
_OPENS = re.compile(_CONNECT + r"(?:for|in|during|over)\b", re.IGNORECASE)
#: how far into a sentence a fronted period may end (characters)
_HEAD = 80


def _scoping(ref: dict[str, Any]) -> bool:
    """A period that scopes a following sentence: a year, a half, "the full year"."""
    return ref.get("fy") == 0 or (ref.get("p") in ("FY", "H1", "H2") and "y" in ref and not ref.get("mod"))


def _fronted(sentence: str, grammar: PeriodGrammar) -> dict[str, Any] | None:
    """The period ``sentence`` opens with, before a comma, when it scopes; else None."""
    if not sentence or sentence[0] == "…" or not _OPENS.match(sentence):
        return None  # most sentences open with no preposition: the grammar is not run on them
    found = grammar.find(sentence[:_HEAD])
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


@lru_cache(maxsize=1)
def _grammar() -> PeriodGrammar:
    return PeriodGrammar()


def carry_fronted_periods(rows: list[dict[str, Any]], text: str, report: tuple[int, str] | None,
                          fye_month: int = 12, naming: str = "end",
                          grammar: PeriodGrammar | None = None) -> Iterable[dict[str, Any]]:
    """``rows`` (of one document, in text order, ``text`` its text), an actual or change
    without a period in the sentence right after one that opens with a scoping period taking
    that period (resolved against ``report``); updated in place. ``grammar`` defaults to the
    packaged period grammar."""
    grammar = grammar or _grammar()
    where: dict[str, int] = {}  # a sentence's offset in the text, found once
    opened: dict[int, dict[str, Any] | None] = {}
    named: dict[int, bool] = {}

    def start_of(row: dict[str, Any]) -> int:
        sent = row.get("sentence") or ""
        if sent not in where:
            where[sent] = -1 if not sent or sent[0] == "…" else text.rfind(sent, 0, row["start"] + len(sent))
        return where[sent]

    prev: tuple[int, str] | None = None  # the last sentence before the current one: (start, text)
    cur: tuple[int, str] | None = None
    for row in rows:
        s0 = start_of(row)
        sent = row.get("sentence") or ""
        if cur is None or s0 != cur[0]:
            prev, cur = cur, (s0, sent)
        if row.get("period_text") is not None or row.get("role") not in ("actual", "change") \
                or prev is None or s0 < 0 or prev[0] < 0 or text[prev[0] + len(prev[1]):s0].strip():
            continue
        if prev[0] not in opened:
            opened[prev[0]] = _fronted(prev[1], grammar)
        scope = opened[prev[0]]
        if scope is None:
            continue
        if s0 not in named:
            named[s0] = bool(grammar.find(sent))
        if named[s0]:
            continue
        row["fiscal_year"], row["fiscal_period"] = value_period(
            {"role": row["role"], "period_ref": scope["ref"]}, report, fye_month, naming)
        row["period_text"] = scope["text"]
    return rows
