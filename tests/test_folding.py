"""Case folding: every look-up of a text a case-insensitive pattern matched folds it as
``re.IGNORECASE`` does (``kpi_extract.phrases.fold_key``), so "mİllion", "euroſ" and
"baſis points" read as "million", "euros" and "basis points" (issue 17, item 1)."""
from __future__ import annotations

import re
import sys
import warnings

import pytest

import kpi_extract
from kpi_extract.document.segments import read_segments
from kpi_extract.document.speakers import read_speakers
from kpi_extract.phrases import fold_key, lowered


def _odd_letters() -> list[tuple[str, str]]:
    """(non-ASCII character, the ASCII letter re.IGNORECASE matches it to), found by asking
    the regex engine about every code point (not a hand-made list)."""
    every = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    out = []
    for a in "abcdefghijklmnopqrstuvwxyz":
        out += [(m.group(), a) for m in re.finditer(a, every, re.IGNORECASE)]
    return out


ODD = _odd_letters()


def _swap(text: str, odd: str, letter: str) -> str:
    return re.sub(letter, odd, text, flags=re.IGNORECASE)


def _rows(text: str, **kw) -> list[tuple]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = kpi_extract.extract(text, **kw)
    assert all(text[s:e] == v for s, e, v in zip(df["start"], df["end"], df["value_text"]))
    return list(zip(df["value"], df["unit"], df["qualifier"]))


def test_the_regex_engine_folds_four_characters_to_ascii():
    """The table below is tried with each of them; a Python whose re folds more shows here."""
    assert sorted(ODD) == [("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k")]


@pytest.mark.parametrize("odd, letter", ODD)
def test_fold_key_reads_each_as_its_letter(odd, letter):
    assert fold_key(odd) == lowered(odd) == letter
    assert fold_key(f"Per  {odd.upper()}\u00a0x") == f"per {letter} x"  # blanks folded too


# one case per line: the text, then the value, unit and qualifier it gives
VALUES = [
    ("Revenue was $5 million.", 5e6, "USD", "exact"),                        # scale word
    ("Revenue was $5 MILLION.", 5e6, "USD", "exact"),
    ("Revenue was $5 mln.", 5e6, "USD", "exact"),
    ("Revenue was $5k.", 5e3, "USD", "exact"),                                # scale suffix
    ("Revenue was 5 million euros.", 5e6, "EUR", "exact"),                   # suffix currency
    ("Revenue was 5 million Swiss francs.", 5e6, "CHF", "exact"),
    ("Revenue was US$5 million.", 5e6, "USD", "exact"),                      # prefix currency
    ("Revenue was RMB 5 billion.", 5e9, "CNY", "exact"),
    ("Margin rose 50 basis points.", 0.5, "percentage_point", "exact"),      # unit words
    ("Margin rose 1.5 percentage points.", 1.5, "percentage_point", "exact"),
    ("Growth was 5 percent.", 5.0, "percent", "exact"),
    ("Growth was 5 per cent.", 5.0, "percent", "exact"),
    ("Diluted EPS was $0.12 per diluted share.", 0.12, "USD/share", "exact"),  # per unit
    ("Diluted EPS was $0.12.", 0.12, "USD/share", "exact"),                 # per-share cue
    ("Revenue was approximately $5 million.", 5e6, "USD", "approximately"),  # qualifiers
    ("Revenue was in excess of $5 million.", 5e6, "USD", "more_than"),
    ("Revenue was five million dollars.", 5e6, "USD", "exact"),              # number words
    ("Revenue was six hundred thousand dollars.", 6e5, "USD", "exact"),
    ("Revenue rose sixfold.", 6.0, "multiple", "exact"),                     # fold words
    ("Revenue quintupled.", 5.0, "multiple", "exact"),                       # multiple words
    ("We now serve 5,000 clients.", 5000.0, "count", "exact"),               # count nouns
    ("Revenue decreased by 5%.", -5.0, "percent", "exact"),                  # falling verb
    ("Revenue was $5 million, a 5% decline.", 5e6, "USD", "exact"),
]


@pytest.mark.parametrize("text, value, unit, qualifier", VALUES)
def test_values_read_the_same_with_every_folded_letter(text, value, unit, qualifier):
    plain = _rows(text)
    assert (value, unit, qualifier) in plain
    for odd, letter in ODD:
        swapped = _swap(text, odd, letter)
        if swapped != text:
            assert _rows(swapped) == plain, (odd, swapped)


@pytest.mark.parametrize("text, expected", [
    ("Revenue was $5 mİllion.", (5e6, "USD", "exact")),     # was 5.0 USD: the scale word dropped
    ("Revenue was 5 million euroſ.", (5e6, "EUR", "exact")),  # was a KeyError
    ("Margin rose 5 baſis points.", (0.05, "percentage_point", "exact")),  # was 5.0 percent
    ("EPS was $0.12 per  share.", (0.12, "USD/share", "exact")),  # two blanks: was a KeyError
    ("EPS was $0.12 per\nshare.", (0.12, "USD/share", "exact")),
])
def test_the_issue_examples(text, expected):
    assert _rows(text) == [expected]


# one case per line: a period phrase, then the fiscal year and period of "$5 million" in it
PERIODS = [
    ("Revenue was $5 million in the first quarter of 2022.", 2022, "Q1"),     # ordinals
    ("Revenue was $5 million in the 2021 second quarter.", 2021, "Q2"),
    ("Revenue was $5 million in the fourth quarter.", 2022, "Q4"),             # the reporting year
    ("Revenue was $5 million in the first half of 2022.", 2022, "H1"),         # halves
    ("Revenue was $5 million in the second half of last year.", 2021, "H2"),
    ("Revenue was $5 million in the third quarter of last year.", 2021, "Q3"),
    ("Revenue was $5 million for the six months ended June 30, 2022.", 2022, "H1"),
    ("Cash was $5 million as of August 31, 2022.", 2022, "Q3"),                # months (dateparser)
    ("Revenue was $5 million in fiscal year 2022.", 2022, "FY"),
]


@pytest.mark.parametrize("text, year, period", PERIODS)
def test_periods_read_the_same_with_every_folded_letter(text, year, period):
    def cells(t):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = kpi_extract.extract(t, reporting_period="2022Q4")
        return [(None if y is None or y != y else int(y), None if p is None or p != p else p)
                for y, p in zip(df["fiscal_year"].astype(object), df["fiscal_period"].astype(object))]

    plain = cells(text)
    assert (year, period) in plain
    for odd, letter in ODD:
        swapped = _swap(text, odd, letter)
        if swapped != text:
            assert cells(swapped) == plain, (odd, swapped)


@pytest.mark.parametrize("odd, letter", ODD)
def test_the_reporting_period_is_read_with_every_folded_letter(odd, letter):
    text = "Welcome to the Acme first quarter 2022 earnings call. Revenue was $5 million."
    reading = kpi_extract.read_call(_swap(text, odd, letter))
    assert (reading.year, reading.period) == (2022, "Q1")


@pytest.mark.parametrize("text, names", [
    ("We report five segments: Cloud, Retail, Ads, Devices and Health. Revenue was $5 million.",
     ["Cloud", "Retail", "Ads", "Devices", "Health"]),
    ("We report six segments: Cloud, Retail, Ads, Devices, Health and Home. Revenue was $5 million.",
     ["Cloud", "Retail", "Ads", "Devices", "Health", "Home"]),
])
def test_a_counted_segment_list_is_read_with_every_folded_letter(text, names):
    assert read_segments(text) == names
    for odd, letter in ODD:
        cue = text.split(":")[0]
        swapped = _swap(cue, odd, letter) + text[len(cue):]
        assert read_segments(swapped) == names, swapped


@pytest.mark.parametrize("name", ["Operator", "MODERATOR", "Coordinator", "Conference Operator"])
def test_the_operator_is_known_with_every_folded_letter(name):
    for odd, letter in [("", ""), *ODD]:
        line = _swap(name, odd, letter) if odd else name
        turns = read_speakers(f"John Doe -- CFO: Revenue was $4 billion.\n{line}: Next question, please.").turns
        assert [t.role for t in turns] == ["company", "operator"], line
