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


# --- the count nouns' word prefilter (values grammar ``required_words``) -----------------

EXTRA_NOUNS = {"count_nouns": ["e-bikes", "charging points", "4G lines"]}


@pytest.mark.parametrize("text, value", [
    ("We sold 3,000 e-bikes in the quarter.", 3000),           # a hyphenated noun: each run is a word
    ("We now run 1,200 charging points.", 1200),               # a noun of two words
    ("We added 900 4G lines.", 900),                           # a run after a digit
    ("We now serve 5,000 CUSTOMERS.", 5000),                   # a packaged noun in capitals
    ("We now serve 5,000 cuſtomers.", 5000),                   # a letter re.IGNORECASE folds to ASCII
])
def test_count_nouns_are_found_past_the_word_prefilter(text, value):
    from kpi_extract.pipeline.values.component import KpiValues

    found = KpiValues(values_lexicon=EXTRA_NOUNS).grammar.find(text)
    assert [(float(m.number), m.unit) for m in found] == [(value, "count")]


def test_a_text_without_a_count_noun_is_not_scanned_for_counts():
    from kpi_extract.pipeline.values.component import KpiValues

    grammar = KpiValues(values_lexicon=EXTRA_NOUNS).grammar
    (runs,) = [r for r in grammar.required_words if r is not None]
    assert {b"bikes", b"charging", b"lines", b"customers"} <= runs
    assert grammar.find("We sold 3,000 bicycles.") == []


def test_a_count_noun_without_a_letter_turns_the_word_prefilter_off():
    from kpi_extract.pipeline.values.component import KpiValues

    grammar = KpiValues(values_lexicon={"count_nouns": ["件"]}).grammar
    assert all(r is None for r in grammar.required_words)
    assert [(float(m.number), m.unit) for m in grammar.find("We sold 700 件.")] == [(700, "count")]
