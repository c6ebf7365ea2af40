"""An amount per share whose earnings-per-share cue was said before its sentence: "This slide
shows adjusted earnings per share, and I'll focus on that. We generated $3.44 this quarter."

The linker reads one paragraph at a time, and a transcript often puts each sentence on its own
line, so the cue and the amount never meet there. This pass runs over a document's finished
rows (text order) with the document's text. A row qualifies when it has no metric, its unit is
a currency, its amount is under ``max_amount`` and said without a scale word, and it has no
phrase of its own, or one holding an outlook word ("our guidance range of $1.03 to $1.13"). It
becomes earnings per share (``eps``, unit ``<currency>/share``, ``metric_text`` the cue) when a
cue ends within ``reach`` characters before it and no row linked to another metric stands between; "adjusted" / "non-GAAP" in the cue make it
adjusted unless its own sentence said its basis; a loss cue makes it negative. The words are
data (``data/document.json`` ``share_cue_carry``). Hand-written: a rule over rows and text
that no matcher library states.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.phrases import phrase_regex

__all__ = ["carry_share_cues"]

_SCALED = re.compile(r"[a-z]", re.IGNORECASE)  # "$3.44" has no letters; "$3 million", "3.4B" do


class _ShareCues:
    def __init__(self) -> None:
        d = lexicon.packaged("document.json")["share_cue_carry"]
        self.reach, self.max_amount = int(d["reach"]), float(d["max_amount"])
        self.cues = phrase_regex(d["cues"])
        self.loss = phrase_regex(d["loss_words"])
        self.adjusted = phrase_regex(d["adjusted_words"])
        self.outlook = phrase_regex(d["outlook_words"])


@lru_cache(maxsize=1)
def _cues() -> _ShareCues:
    return _ShareCues()


def _qualifies(row: dict[str, Any], outlook: re.Pattern[str], max_amount: float) -> bool:
    unit = str(row.get("unit") or "")
    if row.get("metric") is not None or len(unit) != 3 or not unit.isupper():
        return False
    text = str(row.get("value_text") or "")
    if abs(row.get("value") or 0) >= max_amount or _SCALED.search(text.replace(unit, "")):
        return False
    phrase = row.get("metric_text")
    return phrase is None or bool(outlook.search(str(phrase)))


def carry_share_cues(rows: list[dict[str, Any]], text: str) -> None:
    """Read the rows (of one document, in text order) as described in the module docstring;
    ``text`` is the document's text (row offsets point into it)."""
    c = _cues()
    other = -1  # where the last row linked to another metric starts: a cue before it is stale
    for row in rows:
        start = row.get("start")
        if start is None:
            continue
        if row.get("metric") not in (None, "eps"):
            other = start
        if not _qualifies(row, c.outlook, c.max_amount):
            continue
        cue = None
        for cue in c.cues.finditer(text, max(0, start - c.reach, other), start):
            pass
        if cue is None:
            continue
        row.update(metric="eps", unit=row["unit"] + "/share", metric_text=cue.group(0),
                   metric_start=cue.start(), metric_end=cue.end())
        lead = text[max(0, cue.start() - 30):cue.end() + 25]  # "adjusted EPS", "EPS on a non-GAAP basis"
        if not row.get("basis_said") and c.adjusted.search(lead):
            row["adjusted"] = True
        if c.loss.search(cue.group(0)) and row["value"] > 0:
            row["value"] = -row["value"]
