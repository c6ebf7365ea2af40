"""Causal phrases around a value ("due to the strong quarter, we raise ...", "..., reflecting
the strength of the quarter"): a period said inside one is the cause's, not the value's.
The openers are data (``cause_openers`` of ``data/periods.json``)."""
from __future__ import annotations

from typing import Any

from kpi_extract import lexicon

__all__ = ["cause_after_comma", "in_cause"]

#: the openings of a causal phrase ("due to", "driven by": ``cause_openers`` of ``data/periods.json``),
#: as word tuples
_CAUSE = tuple(tuple(w.lower().split()) for w in lexicon.packaged("periods.json").get("cause_openers", ()))


def in_cause(lower: Any, p: dict[str, Any], bounds: tuple[int, int], until: int, preps: frozenset[str]) -> bool:
    """Whether the period ``p`` sits in a causal phrase that a comma closes before the token
    ``until`` ("due to the adjustments this quarter, we are raising our guidance ..."): it is the
    cause's period, not that of what is said after it. A period set off by commas after the
    cause ("Due to X, for the full year, we expect ...", a preposition of ``preps`` before it)
    opens the clause and is not one."""
    if "," not in lower[p["tok_end"]:until]:
        return False
    head = lower[bounds[0]:p["tok_start"]]
    if not any(tuple(head[k:k + len(c)]) == c for c in _CAUSE for k in range(len(head) - len(c) + 1)):
        return False
    k = p["tok_start"] - 1
    if k >= bounds[0] and lower[k] in preps:
        k -= 1
    return not ((k < bounds[0] or lower[k] == ",") and p["tok_end"] < until and lower[p["tok_end"]] == ",")


def cause_after_comma(words: list[str]) -> bool:
    """Whether a causal phrase opens after a comma in ``words`` (", reflecting the strength of")."""
    return any(words[k] == "," and tuple(words[k + 1:k + 1 + len(c)]) == c for c in _CAUSE for k in range(len(words)))
