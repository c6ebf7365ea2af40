"""The literal prefilters of :mod:`kpi_extract.phrases`: ``matches_from`` gives exactly the
matches ``Pattern.finditer`` gives, for any text, so a reader using it finds what the
pattern alone would (a speed-up never changes a result)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi_extract.phrases import alternation, common_start, lowered, matches_from

QUARTER_END = ("ended", "ending", "ends", "ended on", "ending on")
YEAR_END = ("fiscal year ended", "fiscal year ending", "fiscal year that ended")
MONTHS = r"(?P<m>january|march|may|june|september|sept|december)\b"
PATTERNS = [re.compile(rf"(?:{alternation(forms)})\s+{MONTHS}", re.IGNORECASE) for forms in (QUARTER_END, YEAR_END)]


@pytest.mark.parametrize("forms, start", [
    (QUARTER_END, "end"),
    (YEAR_END, "fiscal"),  # up to the first blank: inner blanks match any run of them
    (("ended", "closed"), ""),  # nothing shared: the pattern runs alone
    (("Ended", "ENDING"), "end"),  # lowercase
    ((" ended", " ending"), ""),  # a leading blank is no literal start
])
def test_common_start(forms, start):
    assert common_start(forms) == start


@pytest.mark.parametrize("text", [
    "Our second quarter, which ended on June 30, was strong.",
    "The quarter ENDED SEPT 30 and the fiscal year ending in December.",
    "the fiscal\nyear ended March 31",  # a line break inside the phrase
    "attended March meetings; ends May",  # inside a word, as finditer matches it
    "ended ended June",  # overlapping tries: one match, as finditer
    "The quarter endſ June 30",  # long s folds to s in both
    "nothing to see here",
    "",
])
def test_matches_from_is_finditer(text):
    for pattern, forms in zip(PATTERNS, (QUARTER_END, YEAR_END)):
        got = [m.span() for m in matches_from(pattern, text, lowered(text), common_start(forms))]
        assert got == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["ended", "Ending", "ends", " on ", " ", "\n", "June", "may", "fiscal year ",
                                 "FISCAL YEAR that ", "x", "attend", "endſ", "İ", "."]), max_size=14))
def test_matches_from_is_finditer_generated(parts):
    text = "".join(parts)
    for pattern, forms in zip(PATTERNS, (QUARTER_END, YEAR_END)):
        got = [m.span() for m in matches_from(pattern, text, lowered(text), common_start(forms))]
        assert got == [m.span() for m in pattern.finditer(text)]
