"""Ranges said as "from/between A and/to B": the linker's range rules never crash and lose no row.

Regression (issue 19): ``extract`` raised ``KeyError('period_text')`` in the linker's
share-ranges rule on "prices have risen from the $A to $B range", where the "from A to B"
rule had set an end's ``period_ref`` without its ``period_text``; one such sentence gave a
call no rows at all. The property test builds such sentences from several value forms,
units, metrics and tenses and checks that every value gives its row.
"""
from __future__ import annotations

import os
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpi_extract
from kpi_extract.pipeline.linking.reading import share_ranges


def _extract(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return kpi_extract.extract(text, reporting_period="2023Q2")


@pytest.mark.parametrize("sentence, values", [
    ("Prices have risen from the $3 to $4 range over the quarter.", [3.0, 4.0]),
    ("Average selling prices have risen from the $30 to $40 range.", [30.0, 40.0]),
    ("Fuel prices rose from the $2.10 to $2.40 range last quarter.", [2.10, 2.40]),
    ("Rates moved from the 4% to 5% range in the second quarter.", [4.0, 5.0]),
])
def test_from_the_a_to_b_range_gives_its_rows(sentence, values):
    df = _extract(sentence)
    assert sorted(df["value"].round(6)) == values


@pytest.mark.parametrize("low_extra, high_extra", [
    ({"period_ref": (2023, "Q2")}, {}),
    ({}, {"period_ref": (2023, "Q2")}),
    ({"period_ref": (2023, "Q2"), "period_text": "the second quarter"}, {}),
])
def test_share_ranges_with_a_period_but_no_period_text(low_extra, high_extra):
    low = {"qualifier": "range_low", "value": 3.0, "unit": "USD", "confidence": 0.9, "metric": "revenue",
           "metric_text": "revenue", **low_extra}
    high = {"qualifier": "range_high", "value": 4.0, "unit": "USD", "confidence": 0.5, **high_extra}
    share_ranges([low, high])
    assert low["period_ref"] == high["period_ref"] == (2023, "Q2")
    assert high["metric"] == "revenue"


VALUES = {  # (low text, high text, how many values the pair gives)
    "usd": ("$3", "$4"), "usd_cents": ("$2.15", "$2.35"), "millions": ("$400 million", "$415 million"),
    "billions": ("$1.2 billion", "$1.4 billion"), "bare_millions": ("$400", "$415 million"),
    "percent": ("6%", "8%"), "percent_words": ("6 percent", "8 percent"), "rmb": ("RMB 10 million", "RMB 12 million"),
    "per_share": ("$1.10", "$1.25 per share"),
}
METRICS = ["prices", "revenue", "adjusted EBITDA", "gross margin", "operating expenses", "earnings per share",
           "average selling prices", "free cash flow"]
FRAMES = [
    "{m} {verb} from the {a} to {b} range{tail}.",
    "{m} {verb} from {a} to {b}{tail}.",
    "We expect {m} to be between {a} and {b}{tail}.",
    "{m} {verb} between {a} and {b}{tail}.",
    "{m} should come in from {a} to {b}{tail}.",
    "For the full year, {m} of {a} to {b} is what we see{tail}.",
]
VERBS = ["have risen", "rose", "will rise", "are expected to range", "ranged", "moved"]
TAILS = ["", " last quarter", " in the second quarter", " for fiscal 2024", " year-over-year", " over time"]


@settings(deadline=None, max_examples=50, derandomize=bool(os.environ.get("CI")),
          suppress_health_check=[HealthCheck.too_slow])
@given(frame=st.sampled_from(FRAMES), metric=st.sampled_from(METRICS), verb=st.sampled_from(VERBS),
       pair=st.sampled_from(sorted(VALUES)), tail=st.sampled_from(TAILS))
def test_range_sentences_raise_nothing_and_lose_no_value(frame, metric, verb, pair, tail):
    a, b = VALUES[pair]
    text = frame.format(m=metric, verb=verb, a=a, b=b, tail=tail)
    text = text[0].upper() + text[1:]
    df = _extract(text)
    said = [text[r.start:r.end] for r in df.itertuples(index=False)]
    assert said == [r.value_text for r in df.itertuples(index=False)]
    for words in (a, b):  # each end gives one row
        start = text.index(words)
        assert any(r.start >= start and r.end <= start + len(words) for r in df.itertuples(index=False)), (text, said)


@pytest.mark.parametrize("sentence, qualifiers, unit", [
    ("Full-year earnings are expected to be in the range of $3.10 and to $3.40 per diluted share.",
     ["range_low", "range_high"], "USD/share"),
    ("We expect the EPS range to be $0.90 up to $1.00.", ["range_low", "range_high"], "USD/share"),
    ("We are raising organic growth from 9% to 10% up to 11% to 12%.", ["exact", "exact", "range_low", "range_high"],
     "percent"),
])
def test_and_to_and_up_to_join_a_range(sentence, qualifiers, unit):
    df = _extract(sentence).sort_values("start")
    assert df["qualifier"].tolist() == qualifiers
    assert set(df["unit"]) == {unit}
