"""Change facts right on any company's call (issue 14): the sign, metric, role and period of
"up 5%", "decreased 20 basis points", through ``kpi_extract.extract``.

Every sentence is invented for these tests. Each case names one value by the text it is
written as (the first row whose ``value_text`` starts with that text) and what the contract
asks of that row. Texts are read as said in a 2021 Q3 call.
"""
from __future__ import annotations

import pytest

from any_call_rows import PCT, PP, value_row

REPORT = "2021Q3"


# ---------------------------------------------------------------- sign
@pytest.mark.parametrize("text, value_text, unit, value", [
    # a comparison said between the falling verb and the value
    ("Gross margin decreased year-over-year by 40 basis points.", "40 basis points", PP, -0.4),
    ("Operating margin declined quarter-over-quarter by 25 basis points.", "25 basis points", PP, -0.25),
    ("Net sales decreased year-over-year by 6%.", "6%", PCT, -6.0),
    # a word grading the fall between the cue and the value
    ("Deposit costs came down another 3 basis points.", "3 basis points", PP, -0.03),
    ("Revenue was down a modest 2% in the quarter.", "2%", PCT, -2.0),
    ("Operating income was down a further 4% from last year.", "4%", PCT, -4.0),
    ("Net sales were lower by a slight 1% versus last year.", "1%", PCT, -1.0),
    # "declined to N%" of a metric with no percent level is a decline of N%
    ("Reported sales declined to 4% from the prior year.", "4%", PCT, -4.0),
    ("Net revenue fell to 7% below last year.", "7%", PCT, -7.0),
    # ... but a rate that falls stays what it is ("growth declined to 4%": still growing)
    ("Revenue growth declined to 4% in the quarter.", "4%", PCT, 4.0),
    ("Organic growth decreased to 5% in the quarter.", "5%", PCT, 5.0),
    ("Same-store sales fell to 3% in the quarter.", "3%", PCT, 3.0),
    ("Gross margin declined to 31% in the quarter.", "31%", PCT, 31.0),
    # rises keep their sign
    ("Gross margin increased year-over-year by 40 basis points.", "40 basis points", PP, 0.4),
    ("Revenue was up a modest 2% in the quarter.", "2%", PCT, 2.0),
    ("Revenue grew 5% year-over-year less than expected.", "5%", PCT, 5.0),
    ("We had a 3% year-over-year decline in revenue.", "3%", PCT, -3.0),
])
def test_change_sign(text, value_text, unit, value):
    row = value_row(text, value_text, REPORT)
    assert (row["unit"], row["value"]) == (unit, pytest.approx(value))


# ---------------------------------------------------------------- metric and role
@pytest.mark.parametrize("text, value_text, metric, role, comparison", [
    # a comparison said between the value and its change noun keeps the change and its object
    ("Strong orders resulted in a 74% year-over-year increase in our backlog.", "74%", "backlog", "change", "yoy"),
    ("Pricing drove a 12% sequential increase in revenue.", "12%", "revenue", "change", "qoq"),
    ("This was driven by a 9% year-on-year decline in operating income.", "9%", "operating_income", "change",
     "yoy"),
    ("We saw 5% annual growth in net sales.", "5%", "revenue", "change", "yoy"),
    ("Strong orders resulted in a 74% increase in our backlog.", "74%", "backlog", "change", "yoy"),
    # a level said with a comparison word after it is still a level
    ("Revenue was $40 million year-over-year in the quarter.", "$40 million", "revenue", "actual", None),
])
def test_change_metric_and_role(text, value_text, metric, role, comparison):
    row = value_row(text, value_text, REPORT)
    got = row["comparison"] if isinstance(row["comparison"], str) else None
    assert (row["metric"], row["role"], got) == (metric, role, comparison)


def test_a_decline_after_a_comparison_is_negative_in_its_metric():
    row = value_row("This was driven by a 9% year-on-year decline in operating income.", "9%", REPORT)
    assert row["value"] == pytest.approx(-9.0)


# ---------------------------------------------------------------- period
@pytest.mark.parametrize("text, value_text, year, period", [
    # the period after "relative to" is the change's comparison, not its own
    ("Same-store NOI rebounded in the quarter, increasing 11.5% relative to the second quarter of 2020.",
     "11.5%", 2021, "Q3"),
    ("Revenue increased 8% relative to the third quarter of 2020.", "8%", 2021, "Q3"),
    # a period said in the next item ("as well as ...") is that item's
    ("The decrease reflects a comparable sales decline of 24.9% as well as the impact of store closures "
     "in the year.", "24.9%", 2021, "Q3"),
    # a period said for the change itself still counts
    ("Revenue increased 8% in the first half of the year.", "8%", 2021, "H1"),
    ("Comparable sales declined 4.6% for the year.", "4.6%", 2021, "FY"),
])
def test_change_period(text, value_text, year, period):
    row = value_row(text, value_text, REPORT)
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period)
