"""Which reported figure closes a guided item (:func:`pick_actual`), for :mod:`kpi_extract.analysis.guidance`.

* The reporting call's first mention, else the earliest later call's; a level far off the
  guide (:data:`PLAUSIBLE_RATIO`) or a percent change far off it (:data:`PLAUSIBLE_POINTS`)
  is another fact's.
* The basis of a guide said without one (:func:`adjusted_twin`): a company that reports a
  metric both as reported (GAAP) and adjusted, and guides it without saying which, guides
  the basis its own latest figures show. When the call that gave the kept guide reports the
  metric for its own period on both bases, gives no adjusted guide of the item, and the
  adjusted figure is at least twice as near the guide's midpoint as the reported one
  ("operating margin of about 24.5%" after a quarter at 23.9% reported and 24.3% adjusted),
  the guide is on the adjusted basis and the adjusted figure of the item's period closes it
  (none said: the item stays pending rather than closed by the reported figure).
  The evidence is the guide's own call, never the result being measured.
"""
from __future__ import annotations

from typing import Any

from kpi_extract.analysis.guidance_basis import TRACK_KEY
from kpi_extract.analysis.guidance_read import Call, Key
from kpi_extract.fiscal import period_end

__all__ = ["PLAUSIBLE_RATIO", "PLAUSIBLE_POINTS", "plausible", "pick_actual", "adjusted_twin"]

Range = tuple[float, float]

#: a reported level further than this factor from the guide's midpoint is a doubtful actual
PLAUSIBLE_RATIO = 2.0

#: a change (in percent) further than this many points from the guide's midpoint, and than
#: :data:`PLAUSIBLE_RATIO` times the midpoint's size, is another fact's ("revenue decreased by 75%" of one segment against a -5% guide)
PLAUSIBLE_POINTS = 20.0


def plausible(value: float, guide: Range) -> bool:
    """A level within a factor :data:`PLAUSIBLE_RATIO` of the guide's midpoint, same sign."""
    mid = (guide[0] + guide[1]) / 2
    return mid != 0 and 1 / PLAUSIBLE_RATIO <= value / mid <= PLAUSIBLE_RATIO


def pick_actual(key: Key, mentions: list[tuple[Call, int, float]], guide: Range,
                 guided: frozenset[int] = frozenset(),
                 recalled: frozenset[int] = frozenset()) -> tuple[Call, int, float] | None:
    """The mention ``(call, start, value)`` that closes the item: the reporting call's first
    mention, else the earliest later call's; calls that end
    before the item's period cannot report it. For a level, a mention off the guide by more
    than a factor :data:`PLAUSIBLE_RATIO` (a segment's revenue read as the total, say)
    comes after every plausible one, and closes nothing when the level is a total (money,
    a ratio: "$20 million" of capex against "$195 million"), nor a per-share one when the
    guide is $1 or more (a large beat on a small EPS guide may). A call that guided the item itself (the ranks in
    ``guided``) closes it only when it reports the item's own period: a later call that
    still restates the guide ("we had expected the year at ...") is no report of the result;
    a call whose guides of the item are all recalled (``recalled``: for a period it reports) none."""
    end = period_end(key[-2], key[-1])
    usable = [m for m in mentions if m[0].rank not in recalled and (m[0].end is None
              or (m[0].end >= end and (m[0].rank not in guided or m[0].end == end)))]
    if not usable:
        return None
    level = key[TRACK_KEY.index("comparison")] is None
    if not level and key[TRACK_KEY.index("unit")] == "percent":
        mid = (guide[0] + guide[1]) / 2
        usable = [m for m in usable if abs(m[2] - mid) <= max(PLAUSIBLE_POINTS, PLAUSIBLE_RATIO * abs(mid))]
        if not usable:
            return None
    if level and ("/" not in str(key[TRACK_KEY.index("unit")]) or min(map(abs, guide)) >= 1):
        usable = [m for m in usable if plausible(m[2], guide)]  # a total: a far-off figure is another fact
        if not usable:
            return None
    return min(usable, key=lambda m: (level and not plausible(m[2], guide), m[0].end != end, m[0].rank, m[1]))


def adjusted_twin(key: Key, kept: dict[str, Any], actuals: dict[Key, list[tuple[Call, int, float]]],
                  guides: dict[Key, list[dict[str, Any]]]) -> Key | None:
    """The adjusted item whose figures close the reported-basis item ``key`` (see the module
    docstring), else ``None``; ``kept`` is the item's kept guide, ``actuals`` and ``guides``
    the company's (:func:`~kpi_extract.analysis.guidance_read.read_actuals`, ``read_guides``)."""
    i_adj, i_cmp, i_unit = TRACK_KEY.index("adjusted"), TRACK_KEY.index("comparison"), TRACK_KEY.index("unit")
    call = kept["call"]
    if key[i_adj] or key[i_cmp] is not None or call.year is None or call.period is None:
        return None
    if key[i_unit] != "percent" and str(key[-1]).startswith("Q") != str(call.period).startswith("Q"):
        return None  # a year's EPS guide against the quarter's figures: no evidence either way
    twin = (*key[:i_adj], True, *key[i_adj + 1:])
    if any(g["call"].rank == call.rank and g["kind"] == "guide" for g in guides.get(twin, [])):
        return None  # the call guides the adjusted item itself: this one is the reported basis
    own = (key[:-2] + (call.year, call.period), twin[:-2] + (call.year, call.period))
    figures = [[v for c, _, v in actuals.get(k, []) if c.rank == call.rank] for k in own]
    if not all(figures):
        return None
    mid = (kept["low"] + kept["high"]) / 2
    reported, adjusted = (abs(f[0] - mid) for f in figures)
    return twin if 2 * adjusted <= reported else None  # no adjusted figure yet: pending, not the GAAP one
