"""Change facts right on any company's call, continued (issue 14): growth said with a grading
word ("declined only 2%", "in the high 20% range", "plus 10% to plus 12%"), lists of changes
read on several bases ("up 8% sequentially and 16% year-over-year"), a change said after a
level closing an aside, and the period words a change or an outlook does not own ("in the
quarter" is no metric; "as we lap ... in the second half" is the clause's period).

Every sentence is invented for these tests. Each case names one value by the text it is
written as (the first row whose ``value_text`` starts with that text) and what the contract
asks of that row. Texts are read as said in a 2021 Q3 call.
"""
from __future__ import annotations

import pytest

from any_call_rows import PCT, USD, na, value_row

REPORT = "2021Q3"


# ---------------------------------------------------------------- grading words before a change
@pytest.mark.parametrize("text, value_text, metric, role, value", [
    ("Net revenue of $2.1 billion declined only 2% from last year's sales.", "2%", "revenue", "change", -2.0),
    ("Backlog grew only 3% in the quarter.", "3%", "backlog", "change", 3.0),
    ("Net sales are expected to increase in the high 20% range next year.", "20%", "revenue", "guidance", 20.0),
    ("Net sales are expected to increase by mid to high 10% for the year.", "10%", "revenue", "guidance", 10.0),
    ("We expect reported sales to grow in the 6% range this year.", "6%", "revenue", "guidance", 6.0),
    # a sign word before the value makes it a change of a money metric
    ("We expect total sales for the year to be in the range of plus 3% to plus 5%.", "3%", "revenue", "guidance", 3.0),
    ("We expect operating income of minus 2% to plus 1% for the year.", "minus 2%", "operating_income", "guidance",
     -2.0),
])
def test_grading_words_before_a_change(text, value_text, metric, role, value):
    row = value_row(text, value_text, REPORT)
    assert (na(row["metric"]), row["role"], row["unit"], row["value"]) == (metric, role, PCT, value)


@pytest.mark.parametrize("text, value_text", [
    # "plus" after an amount adds a second thing: no change of the amount's metric
    ("Revenue was $5 million plus 10% of royalties.", "10%"),
    # a level said in a range word is no change ("20% of revenue")
    ("Services were 20% of revenue in the quarter.", "20%"),
])
def test_grading_words_need_a_change(text, value_text):
    assert value_row(text, value_text, REPORT)["role"] != "change"


def test_signed_range_keeps_each_sign():
    text = "We expect operating income of minus 2% to plus 1% for the year."
    low, high = value_row(text, "minus 2%", REPORT), value_row(text, "1%", REPORT)
    assert (low["qualifier"], low["value"], high["qualifier"], high["value"]) == ("range_low", -2.0, "range_high", 1.0)


# ---------------------------------------------------------------- lists of changes on several bases
@pytest.mark.parametrize("text, value_text, metric, value", [
    ("Our backlog grew by 8% sequentially and 16% year-over-year.", "16%", "backlog", 16.0),
    ("Net sales increased 12% on a reported basis and 9% in constant currency.", "9%", "revenue", 9.0),
    ("Revenue rose 7% organically and 10% on a reported basis.", "10%", "revenue", 10.0),
    ("Orders were up 4% quarter-over-quarter and 2% year-over-year.", "2%", "bookings", 2.0),
])
def test_list_of_changes_on_several_bases(text, value_text, metric, value):
    row = value_row(text, value_text, REPORT)
    assert (na(row["metric"]), row["role"], row["value"]) == (metric, "change", value)


@pytest.mark.parametrize("text, value_text", [
    # a level after a change and its comparison is a new item, not a list member
    ("Revenue was up 5% year-over-year and gross margin was 40%.", "40%"),
    # a percent level of its own metric after a change on a basis
    ("Revenue grew 5% in constant currency and operating margin was 12%.", "12%"),
])
def test_a_list_of_changes_needs_percents(text, value_text):
    assert na(value_row(text, value_text, REPORT)["metric"]) != "revenue"


# ---------------------------------------------------------------- a change after an aside's level
@pytest.mark.parametrize("text, value_text, metric, value", [
    ("Orders rose, which lifted our backlog to $3 billion, an increase of 40% year-over-year.", "40%", "backlog",
     40.0),
    ("Demand was strong, which took revenue to $900 million, up 12% from last year.", "12%", "revenue", 12.0),
])
def test_change_of_the_level_closing_an_aside(text, value_text, metric, value):
    row = value_row(text, value_text, REPORT)
    assert (na(row["metric"]), row["role"], row["value"]) == (metric, "change", value)


def test_an_aside_without_a_level_keeps_its_metric_apart():
    text = "Demand, which lifted revenue, was strong, and costs rose 4%."
    assert na(value_row(text, "4%", REPORT)["metric"]) != "revenue"


# ---------------------------------------------------------------- period words a value does not own
@pytest.mark.parametrize("text, value_text, metric, year, period", [
    # "growth of N% in the quarter": the quarter is the period, the metric is said before
    ("We delivered revenue growth of 3% in the quarter.", "3%", "revenue", 2021, "Q3"),
    ("We delivered net sales growth of 4% in the third quarter.", "4%", "revenue", 2021, "Q3"),
])
def test_change_in_a_period_is_no_metric_phrase(text, value_text, metric, year, period):
    row = value_row(text, value_text, REPORT)
    assert (na(row["metric"]), row["role"], row["fiscal_year"], row["fiscal_period"]) == (
        metric, "change", year, period)


@pytest.mark.parametrize("text, value_text, year, period", [
    # a period inside a clause with its own subject after the value is that clause's
    ("We expect operating income of $40 million to $45 million as we lap the launch costs in the second half "
     "of last year.", "$45 million", 2021, "FY"),
    ("We expect revenue of $80 million to $85 million because we complete the plant in the fourth quarter.",
     "$85 million", 2021, "FY"),
    # a period said after the value without a clause of its own is the value's
    ("We expect revenue of $80 million in the fourth quarter as planned.", "$80 million", 2021, "Q4"),
])
def test_period_of_a_subordinate_clause_is_not_the_outlooks(text, value_text, year, period):
    row = value_row(text, value_text, REPORT)
    assert (row["role"], row["unit"], row["fiscal_year"], row["fiscal_period"]) == ("guidance", USD, year, period)


# ---------------------------------------------------------------- one amount for two joined metrics
@pytest.mark.parametrize("text, value_text, metric, metric_text", [
    # "X and Y of $V": their sum, neither's own figure: an open phrase naming both
    ("Excluding listing expenses and disposal of fixed assets of $12.5 million, costs rose.", "$12.5",
     None, "listing expenses and disposal of fixed assets"),
    ("Direct operating expenses and SG&A were $13 million in the quarter.", "$13", None,
     "Direct operating expenses and SG&A"),
    # X has its own figure: Y's value is Y's
    ("We reported $475 million in total revenues and diluted earnings per share of $0.70.", "$0.70", "eps",
     "diluted earnings per share"),
    ("We expect $1.2 billion in operating cash flow and free cash flow of $900 million.", "$900", "free_cash_flow",
     "free cash flow"),
    # a per-share amount cannot be a sum with revenue; a rate said of both is each one's
    ("Revenue and diluted earnings per share of $0.77 were records.", "$0.77", "eps",
     "diluted earnings per share"),
    ("Orders and sales were down 10% in the quarter.", "10%", "revenue", "sales"),
    # "no X and Y of V", a list, or "respectively": not one joint amount
    ("We have no debt and cash and short-term investments of $473 million.", "$473", "cash_and_short_term_investments",
     "cash and short-term investments"),
    ("Net income and free cash flow were $5 million and $4 million.", "$4", "free_cash_flow", "free cash flow"),
    ("Net income and free cash flow fell by $5 million and $4 million, respectively.", "$5", "net_income",
     "Net income"),
])
def test_one_amount_for_two_joined_metrics(text, value_text, metric, metric_text):
    row = value_row(text, value_text, REPORT)
    assert (na(row["metric"]), row["metric_text"]) == (metric, metric_text)


# ---------------------------------------------------------------- a result said against the guidance
@pytest.mark.parametrize("text, value_text, role", [
    ("In line with our guidance, gross margin was 41.5% in the quarter.", "41.5%", "actual"),
    ("Consistent with the guidance we gave, operating margin was 12.5% this quarter.", "12.5%", "actual"),
    ("Net income was $5 million, at the high end of our guidance range.", "$5", "actual"),
    ("Revenue of $80 million was within our outlook.", "$80", "actual"),
    ("We finished near the high end of the range of our outlook, with revenue of $265 million.", "$265", "actual"),
    # an outlook cue of its own, or the guide itself after "guidance range of": still guidance
    ("We expect revenue of $5 billion in 2022, in line with our prior guidance.", "$5", "guidance"),
    ("Volume rose 11%, which was within our guidance range of up 10% to 12%.", "10%", "guidance"),
])
def test_a_result_said_against_the_guidance(text, value_text, role):
    assert value_row(text, value_text, REPORT)["role"] == role


# ---------------------------------------------------------------- parallel items a semicolon splits
@pytest.mark.parametrize("text, value_text, metric", [
    ("Revenue growth year on year, staffing down 27% to 30%; consulting up 5% to 7%; overall down 21% to 23%.", "21%",
     "revenue"),
    ("Revenue growth year on year, staffing down 27% to 30%; consulting up 5% to 7%; overall down 21% to 23%.", "5%",
     "revenue"),
    # not parallel: a clause of its own after the semicolon
    ("Revenue grew 5%; we also repurchased 2% of our shares.", "2%", None),
])
def test_parallel_items_across_semicolons_share_the_metric(text, value_text, metric):
    assert na(value_row(text, value_text, REPORT)["metric"]) == metric


# ---------------------------------------------------------------- "V in our X"
@pytest.mark.parametrize("text, value_text, metric", [
    ("We expect $55 million in our cost savings for the year.", "$55", "cost_savings"),
    ("We generated $40 million of our free cash flow in the fourth quarter.", "$40", "free_cash_flow"),
    # a possessive after a clause break is no link word's
    ("Results were worse by $70 million, and our pre-tax margin fell.", "$70", None),
])
def test_a_value_in_our_metric(text, value_text, metric):
    assert na(value_row(text, value_text, REPORT)["metric"]) == metric


def test_a_share_of_our_metric_is_no_link():
    row = value_row("Residential pest control, which made up 47% of our revenue, was up 10.5%.", "47%", REPORT)
    assert na(row["metric"]) is None
