"""The basis a guide or an actual is said on: organic, constant currency, or as reported.

"Organic revenue growth of 4% to 6%" and "revenue growth of 7% to 9%" are two guides of one
call, and "sales were up 23%, or 15% organically" two actuals: the tracker keeps each basis
as its own item (``basis`` in :data:`TRACK_KEY`), so that a reported guide is never closed by
an organic figure, nor one basis's range kept in place of the other's.

:func:`mark_bases` gives every row a ``basis``: the label (``organic``,
``constant_currency``) of the basis phrase nearest the value in its reading, else ``None``
(as reported). The reading is the row's ``metric_text``, the words right before its metric
mention and between that mention (or the previous value of the sentence) and the value, and
the words right after the value up to a comma, a conjunction or the next value ("up 15%
organically", "down 6% in constant currency"). The two ends of a range share one basis
("4% to 6% organically"). The phrases are data: the ``basis`` modifiers of
``data/modifiers.json`` plus ``basis_words`` of ``data/guidance.json`` ("core", "underlying",
"comparable"...); ``reported_words`` ("reported", "total") said nearer the value than a
basis phrase make it as reported ("reported growth of 20% and core growth of 15%"); an
``exclusion_words`` word before a capitalized name is a basis of its own ("cash costs,
excluding Libya" -> ``excluding Libya``); a phrase right before a
``basis_not_before`` word is none ("the comparable period").

Hand-written over the sentence text rather than a parse: the tracker reads frames, which
keep the sentence and character offsets but not the tokens.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.analysis.guidance_evidence import settings
from kpi_extract.phrases import alternation
from kpi_extract.schema import ITEM_KEY

__all__ = ["TRACK_KEY", "basis_phrases", "basis_of", "mark_bases"]

#: the tracker's item key: the extract frame's :data:`~kpi_extract.schema.ITEM_KEY` and the basis
TRACK_KEY: tuple[str, ...] = (*ITEM_KEY[:3], "basis", *ITEM_KEY[3:])

#: what joins the two ends of a range the pipeline gave as two rows
_RANGE_JOIN = re.compile(r"^\s*(?:and\s+|up\s+)?(?:to|and|-|\u2013|\u2014)\s*(?:up\s+|down\s+)?(?:approximately\s+|about\s+)?$",
                         re.IGNORECASE)
#: where the reading after a value stops
_AFTER_STOP = re.compile(r"[,;:()]|\.\s|\.$|\s(?:and|while|but|versus|vs\.?|compared|or)\s|\d", re.IGNORECASE)


@lru_cache(maxsize=1)
def basis_phrases() -> dict[str, tuple[str, ...]]:
    """``label -> phrases``: ``data/modifiers.json``'s ``basis`` lists, then ``data/guidance.json``'s
    ``basis_words`` (read once; never mutated)."""
    out: dict[str, list[str]] = defaultdict(list)
    for source in (lexicon.packaged("modifiers.json").get("basis", {}), settings().get("basis_words", {})):
        for label, forms in source.items():
            out[label].extend(f for f in forms if f not in out[label])
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    groups = [rf"(?P<{label}>{alternation(forms)})" for label, forms in basis_phrases().items()]
    groups.append(rf"(?P<reported>{alternation(settings().get('reported_words', []))})")
    groups.append(rf"(?P<excl>(?:{alternation(settings().get('exclusion_words', []))})\s+"
                  rf"(?P<xname>(?-i:[A-Z][\w&'-]*)(?:\s+(?-i:[A-Z][\w&'-]*))*))")
    guard = alternation(settings().get("basis_not_before", [])) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{'|'.join(groups)})(?![\w-])(?!\s+(?:{guard})(?![\w-]))", re.IGNORECASE)


def _label(m: re.Match[str]) -> str | None:
    label = m.lastgroup
    if label == "excl":
        return f"excluding {m['xname']}"  # "cash costs, excluding Libya": its own reading
    return None if label == "reported" else label


def basis_of(before: str, after: str, metric_text: str | None = None) -> str | None:
    """The basis of a value read between ``before`` (its reading up to the value) and
    ``after`` (the words after it): the phrase nearest the value, after it first
    ("15% organically"), then before it; ``metric_text`` ("organic sales") when neither says one.
    ``None``: as reported."""
    stop = _AFTER_STOP.search(after)
    hit = _pattern().search(after[:stop.start() if stop else 60][:60])
    if hit is not None:
        return _label(hit)
    hits = list(_pattern().finditer(before))
    if hits:
        return _label(hits[-1])
    hit = _pattern().search(metric_text or "")
    return None if hit is None else _label(hit)


def _positions(rows: list[dict[str, Any]]) -> tuple[list[int], int | None]:
    """Where each row's value stands in their shared sentence (-1 when it cannot be found),
    and the sentence's offset in the call (``None`` when no value is said once)."""
    sentence = rows[0]["sentence"] or ""
    offset = None
    for r in rows:
        words = r["value_text"] or ""
        if words and sentence.count(words) == 1:
            offset = int(r["start"]) - sentence.find(words)
            break
    out = []
    for r in rows:
        words = r["value_text"] or ""
        pos = int(r["start"]) - offset if offset is not None else sentence.find(words)
        out.append(pos if words and sentence.startswith(words, max(pos, 0)) and pos >= 0 else -1)
    return out, offset


def _before(r: dict[str, Any], sentence: str, pos: int, previous_end: int, offset: int | None) -> str:
    """The reading before a value: from a few words before its metric mention (when that is
    in the sentence, after the previous value) or from the previous value, up to the value."""
    start = previous_end
    m = r.get("metric_start")
    if offset is not None and m is not None:
        m = int(m) - offset
        if previous_end <= m < pos:
            start = max(previous_end, m - int(settings().get("basis_lead_chars", 40)))
    return sentence[start:pos]


def mark_bases(rows: list[dict[str, Any]]) -> None:
    """Set ``r["basis"]`` on every row (see the module docstring); the rows of one sentence
    are read together, so that the two ends of a range share their basis."""
    groups: dict[tuple[Any, Any], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r["doc_id"], r["sentence"])].append(r)
    for (_, sentence), members in groups.items():
        sentence = sentence or ""
        members.sort(key=lambda r: int(r["start"]))
        positions, offset = _positions(members)
        previous_end = 0
        ends = []
        for r, pos in zip(members, positions):
            if pos < 0:
                r["basis"] = basis_of("", "", r.get("metric_text"))
                ends.append(None)
                continue
            end = pos + len(r["value_text"] or "")
            r["basis"] = basis_of(_before(r, sentence, pos, previous_end, offset), sentence[end:],
                                  r.get("metric_text"))
            ends.append((pos, end))
            previous_end = end
        for i in range(len(members) - 1):  # "4% to 6% organically": both ends
            a, b = members[i], members[i + 1]
            if ends[i] is None or ends[i + 1] is None or a["basis"] == b["basis"]:
                continue
            if _RANGE_JOIN.match(sentence[ends[i][1]:ends[i + 1][0]]) or (
                    a["qualifier"] == "range_low" and b["qualifier"] == "range_high"):
                a["basis"] = b["basis"] = a["basis"] or b["basis"]
