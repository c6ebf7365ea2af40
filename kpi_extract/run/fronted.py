"""A period that opens a sentence scopes the next one: "For the first half of 2021, the
company reported net earnings of $A. EBITDA was $B." gives $B the first half of 2021.

The linker reads one sentence at a time, and a call puts each sentence on its own line (a
paragraph of its own, :mod:`kpi_extract.pipeline.paragraphs`), so the run carries such a
period over the rows of a whole document (:func:`carry_fronted_periods`): the period is
read by :func:`kpi_extract.document.fronted.fronted_period` and reaches only the sentence
right after, only its actuals and changes, and only when that sentence names no other period.
So does the period a short line without a figure closes on ("Here are a few highlights for
the full year."; :func:`kpi_extract.document.fronted.closing_period`).
"""
from __future__ import annotations

from typing import Any

from kpi_extract.document.fronted import closing_period, fronted_period, period_grammar
from kpi_extract.pipeline.periods.grammar import PeriodGrammar
from kpi_extract.run.rows import value_period

__all__ = ["carry_fronted_periods"]


def carry_fronted_periods(rows: list[dict[str, Any]], text: str, report: tuple[int, str] | None,
                          fye_month: int = 12, naming: str = "end",
                          grammar: PeriodGrammar | None = None) -> list[dict[str, Any]]:
    """``rows`` (of one document, in text order, ``text`` its text), an actual or change
    without a period in the sentence right after one that opens with a scoping period taking
    that period (resolved against ``report``); updated in place and returned. ``grammar``
    defaults to the packaged period grammar."""
    grammar = grammar or period_grammar()
    where: dict[str, int] = {}  # a sentence's offset in the text
    opened: dict[int, dict[str, Any] | None] = {}
    named: dict[int, bool] = {}

    def start_of(row: dict[str, Any]) -> int:
        sent = row.get("sentence") or ""
        if not sent or sent[0] == "…":
            return -1
        at = where.get(sent, -1)
        if not (0 <= at <= row["start"] < at + len(sent)):  # not found yet, or a sentence said again
            at = where[sent] = text.rfind(sent, 0, row["start"] + len(sent))
        return at

    prev: tuple[int, str] | None = None  # the sentence before the current one: (start, text)
    cur: tuple[int, str] | None = None
    for row in rows:
        s0 = start_of(row)
        sent = row.get("sentence") or ""
        if cur is None or s0 != cur[0]:
            prev, cur = cur, (s0, sent)
        if row.get("period_text") is not None or row.get("role") not in ("actual", "change") or s0 < 0:
            continue
        if s0 not in opened:
            opened[s0] = _scope_before(text, s0, prev, grammar)
        scope = opened[s0]
        if scope is None:
            continue
        if s0 not in named:  # a period of its own other than the scope's: the sentence is not in it
            named[s0] = any(p["ref"] != scope["ref"] for p in grammar.find(sent))
        if named[s0]:
            continue
        row["fiscal_year"], row["fiscal_period"] = value_period(
            {"role": row["role"], "period_ref": scope["ref"]}, report, fye_month, naming)
        row["period_text"] = scope["text"]
    return rows


def _scope_before(text: str, s0: int, prev: tuple[int, str] | None, grammar: PeriodGrammar) -> dict[str, Any] | None:
    """The scoping period of the sentence right before the one at ``s0``: the one ``prev``
    (the sentence of the rows before) opens with, when it is right before; else the one the
    line right before closes on when it holds no figure ("Here are the highlights for the
    full year.")."""
    if prev is not None and prev[0] >= 0 and not text[prev[0] + len(prev[1]):s0].strip():
        return fronted_period(prev[1], grammar)
    end = s0
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0 or "\n" not in text[end:s0]:
        return None
    line = text[text.rfind("\n", 0, end) + 1:end]
    return closing_period(line, grammar)
