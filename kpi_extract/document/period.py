"""The reporting period of a call, read from its whole text.

A title line ("Welcome to the Acme Fourth Quarter 2022 Earnings Call") settles it. Most
transcripts have none, so every quarter, year and date mention of the call is weighed
(:mod:`kpi_extract.document.period_mentions`): each candidate period (a fiscal year and
quarter) is scored by a log-linear model over how the mentions sit relative to it ("the
third quarter of 2020" after "compared to" is a year before the candidate; "our 2021
guidance" in a first-quarter call is its own year; the quarter said most often is
usually the call's). The weights are data (``data/reporting.json``), fitted on
development calls by ``benchmarks/fit_reporting_period.py``. Hand-written scoring rather
than a trained classifier library: the model is a dot product over a few hundred sparse
features, and the package stays free of model files and heavy dependencies.

A candidate wins only by ``min_margin``; otherwise the period stays unknown and
:attr:`PeriodReading.reason` says why (a confident wrong period would mislabel every row).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kpi_extract import lexicon
from kpi_extract.fiscal import fiscal_quarter
from kpi_extract.document.period_mentions import MentionGrammar, PeriodMention
from kpi_extract.phrases import alternation
from kpi_extract.pipeline.periods.reporting import detect_reporting_period

__all__ = ["PeriodReading", "PeriodModel"]


@dataclass(frozen=True)
class PeriodReading:
    """What the text says about its reporting period: ``year`` and ``period`` (``None``
    when unknown), ``source`` (``title``, ``text`` or ``None``), ``margin`` (how far the
    winner scored above the runner-up), ``runner_up``, ``reason`` (why unknown) and the
    mentions weighed (``evidence``)."""

    year: int | None
    period: str | None
    source: str | None = None
    margin: float | None = None
    runner_up: tuple[int, str] | None = None
    reason: str | None = None
    evidence: tuple[PeriodMention, ...] = field(default=(), repr=False)

    @property
    def found(self) -> bool:
        return self.year is not None and self.period is not None


class PeriodModel:
    """Scores candidate reporting periods from a call's period mentions."""

    def __init__(self, data: dict[str, Any] | None = None, grammar: MentionGrammar | None = None):
        d = lexicon.packaged("reporting.json") if data is None else lexicon.check("reporting.json", data, "reporting data")
        self.grammar = grammar or MentionGrammar(reporting=d)
        model = d["model"]
        self.weights: dict[str, float] = {k: float(v) for k, v in model["weights"].items()}
        self.max_offset = int(model["max_offset"])
        self.early_chars = int(model["early_chars"])
        self.min_margin = float(model["min_margin"])
        self.title_chars = int(d["title_chars"])
        self.title_words = re.compile(rf"\b(?:{alternation(d['title_words'])})\b", re.IGNORECASE)
        self.title_stops = re.compile(rf"(?<![\w-])(?:{alternation(d['title_stop_words'])})(?![\w-])", re.IGNORECASE)
        self.quarter_and_year = re.compile(r"\b(?:fourth\s+quarter|Q4)\s+and\s+(?:the\s+)?(?:full|fiscal)[\s-]", re.IGNORECASE)

    # ------------------------------------------------------------------ features
    def _table_offset(self, m: PeriodMention, year: int, quarter: int, fye_month: int = 12,
                      naming: str = "end") -> tuple[str, int]:
        """The feature table of a mention and its offset from the candidate ``(year, quarter)``:
        in quarters for a quarter or a date (the fiscal quarter holding it), in years for a year."""
        index = year * 4 + quarter
        if m.kind == "quarter":
            if m.year is not None:
                return f"quarter:{m.context}", m.year * 4 + m.number - index
            if m.relative_year is not None:
                return f"quarter:{m.context}", (year + m.relative_year) * 4 + m.number - index
            return f"bare:{m.context}", (m.number - quarter) % 4
        if m.kind == "span":
            if m.year is not None or m.relative_year is not None:
                y = m.year if m.year is not None else year + m.relative_year
                return f"span:{m.context}", y * 4 + m.number - index
            return f"span_bare:{m.context}", (m.number - quarter) % 4
        if m.kind == "date":
            fy, q = fiscal_quarter(m.year, m.number, fye_month, naming)
            return f"date:{m.context}", fy * 4 + int(q[1]) - index
        return f"year:{m.context}:{'q4' if quarter == 4 else 'q123'}", m.year - year

    def features(self, mentions: list[PeriodMention], year: int, quarter: int,
                 fye_month: int = 12, naming: str = "end") -> dict[str, float]:
        """The candidate's features: per table and offset, log(1 + count) and presence."""
        counts: Counter[str] = Counter()
        for m in mentions:
            table, off = self._table_offset(m, year, quarter, fye_month, naming)
            key = f"{table}|{off if abs(off) <= self.max_offset else 'far'}"
            counts[key] += 1
            if m.kind != "year" and m.start < self.early_chars:
                counts[f"{table}:early|{off if abs(off) <= self.max_offset else 'far'}"] += 1
        out: dict[str, float] = {}
        for key, n in counts.items():
            out[key + "|log"] = math.log1p(n)
            out[key + "|any"] = 1.0
        return out

    @staticmethod
    def candidates(mentions: list[PeriodMention], most: int = 4) -> list[tuple[int, int]]:
        """Fiscal (year, quarter) pairs around the ``most`` years said most often with a
        quarter, a half or a date, and the ``most`` said most often alone: each of them, the
        year before and the year after. A bounded set, so that a long text naming many years
        stays linear."""
        dated = Counter(m.year for m in mentions if m.year is not None and m.kind != "year")
        alone = Counter(m.year for m in mentions if m.year is not None and m.kind == "year")
        years = sorted({y + d for c in (dated, alone) for y, _ in c.most_common(most) for d in (-1, 0, 1)})
        return [(y, q) for y in years for q in (1, 2, 3, 4)]

    def scores(self, mentions: list[PeriodMention], fye_month: int = 12,
               naming: str = "end") -> list[tuple[float, int, int]]:
        """``(score, year, quarter)`` of every candidate, best first."""
        w = self.weights
        out = [(sum(w.get(k, 0.0) * v for k, v in self.features(mentions, y, q, fye_month, naming).items()), y, q)
               for y, q in self.candidates(mentions)]
        out.sort(key=lambda s: (-s[0], -s[1], -s[2]))
        return out

    # ------------------------------------------------------------------ reading
    def title(self, text: str, fye_month: int = 12, naming: str = "end") -> tuple[int, str] | None:
        """The period a title sentence in the opening announces ("Welcome to the Acme Fourth
        Quarter 2022 Earnings Call", "Q3 2021 Results"): the first sentence of the opening
        ``title_chars`` that holds a title word ("call", "results", "quarter ended" ...) and
        no comparison, forward or filing word ("will", "guidance", "Form 10-Q" ...)."""
        head = text[:self.title_chars]
        for sentence in re.split(r"(?<=[.!?])\s+|\n", head):
            if self.title_words.search(sentence) is None or self.grammar.comparison_word.search(sentence) \
                    or self.title_stops.search(sentence):
                continue
            found = detect_reporting_period(sentence, fye_month=fye_month, naming=naming, head=len(sentence))
            if found is not None and found[1] == "FY" and self.quarter_and_year.search(sentence):
                return found[0], "Q4"  # "our fourth quarter and full year 2020 results": a Q4 call
            if found is not None:
                return found
        return None

    def read(self, text: str, fye_month: int = 12, naming: str = "end") -> PeriodReading:
        """The reporting period of ``text`` (see the module docstring); ``fye_month`` places
        dates in fiscal quarters."""
        title = self.title(text, fye_month, naming)
        if title is not None:
            return PeriodReading(title[0], title[1], source="title")
        mentions = self.grammar.find(text)
        scored = self.scores(mentions, fye_month, naming)
        if not scored:
            return PeriodReading(None, None, reason="no quarter or year is mentioned", evidence=tuple(mentions))
        best, y, q = scored[0]
        runner = scored[1] if len(scored) > 1 else None
        margin = best - runner[0] if runner else math.inf
        second = (runner[1], f"Q{runner[2]}") if runner else None
        if margin < self.min_margin:
            return PeriodReading(None, None, margin=margin, runner_up=second, evidence=tuple(mentions),
                                 reason=f"the text does not settle it: {y} Q{q} and {second[0]} {second[1]} "
                                        f"fit almost equally (margin {margin:.1f} < {self.min_margin})")
        return PeriodReading(y, f"Q{q}", source="text", margin=margin, runner_up=second, evidence=tuple(mentions))
