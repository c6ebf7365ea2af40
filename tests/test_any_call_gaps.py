"""Facts right on any company's call, continued (issue 14): a list member takes its head's
falling sign ("down 4% in the quarter and 2% for the year"), an amount heads a qualified
metric after it ("$365 million in recurring revenue"), "recurring" makes only earnings
adjusted ("recurring revenue" is revenue), and a speaker's statement that the call discusses
adjusted results holds although it names the items its measures exclude.

Every sentence is invented for these tests. Each case names one value by the text it is
written as (the first row whose ``value_text`` starts with that text) and what the contract
asks of that row. Texts are read as said in a 2021 Q3 call.
"""
from __future__ import annotations

import pytest

from any_call_rows import PCT, PP, USD, na, value_row

REPORT = "2021Q3"


# ---------------------------------------------------------------- a list shares its head's falling sign
@pytest.mark.parametrize("text, value_text, metric, unit, value", [
    ("Net sales were down 4% in the quarter and 2% for the full year.", "2%", "revenue", PCT, -2.0),
    ("Backlog decreased 6% sequentially and 3% year-over-year.", "3%", "backlog", PCT, -3.0),
    ("Operating income fell 9%, 7% and 5% in the three regions.", "5%", "operating_income", PCT, -5.0),
    ("Gross margin declined 40 basis points in the quarter and 20 basis points for the year.", "20 basis", "gross_margin",
     PP, -0.2),
])
def test_a_list_member_takes_its_heads_falling_sign(text, value_text, metric, unit, value):
    row = value_row(text, value_text, REPORT)
    assert (na(row["metric"]), row["role"], row["unit"], row["value"]) == (metric, "change", unit, value)


@pytest.mark.parametrize("text, value_text, value", [
    # a member with its own direction word keeps its own sign
    ("Net sales were down 4% in the quarter and up 2% for the full year.", "2%", 2.0),
    # a rising head gives its members nothing to flip
    ("Net sales grew 4% in the quarter and 2% for the full year.", "2%", 2.0),
    # a minus said as a sign is no falling verb
    ("Net sales growth was -4% in the quarter, and operating income grew 2%.", "2%", 2.0),
])
def test_a_list_member_keeps_its_own_sign(text, value_text, value):
    assert value_row(text, value_text, REPORT)["value"] == value


# ---------------------------------------------------------------- an amount heads a qualified metric after it
@pytest.mark.parametrize("text, value_text, metric, segment", [
    ("We ended the quarter with $365 million in recurring revenue.", "$365 million", "revenue", None),
    ("We delivered $48 million of subscription revenue this quarter.", "$48 million", "revenue", "subscription"),
    ("We returned $90 million in quarterly dividends to shareholders.", "$90 million", "dividends_paid", None),
    ("We spent $12 million of planned capital expenditures.", "$12 million", "capital_expenditure", None),
])
def test_an_amount_heads_a_qualified_metric_after_it(text, value_text, metric, segment):
    row = value_row(text, value_text, REPORT)
    assert (na(row["metric"]), na(row["segment"]), row["unit"]) == (metric, segment, USD)


@pytest.mark.parametrize("text, value_text", [
    # the phrase goes on after the metric: a market's sales of something, not the company's revenue
    ("There is still $2 billion in annual global sales of older products to win.", "$2 billion"),
    # more than two words qualify the noun: no head read through them
    ("We found $7 million in small but growing new revenue opportunities.", "$7 million"),
])
def test_no_qualified_head_read_through(text, value_text):
    assert na(value_row(text, value_text, REPORT)["metric"]) is None


# ---------------------------------------------------------------- "recurring" makes only earnings adjusted
@pytest.mark.parametrize("text, value_text, metric, adjusted", [
    ("Recurring revenue was $365 million, up 6%.", "$365 million", "revenue", False),
    ("Recurring revenue was $365 million, up 6%.", "6%", "revenue", False),
    ("We expect total recurring revenues of $330 million to $335 million next quarter.", "$330 million", "revenue", False),
    ("Recurring net income was $36 million.", "$36 million", "net_income", True),
    ("Recurring EPS was $1.05.", "$1.05", "eps", True),
    ("Recurring earnings of $0.76 per share were a record.", "$0.76", "eps", True),
])
def test_recurring_makes_only_earnings_adjusted(text, value_text, metric, adjusted):
    row = value_row(text, value_text, REPORT)
    assert (na(row["metric"]), bool(row["adjusted"])) == (metric, adjusted)


# ---------------------------------------------------------------- a discussion statement naming excluded items
_LATER = " ".join(["We had a good quarter with strong demand across our markets."] * 260)


@pytest.mark.parametrize("statement, adjusted", [
    ("I will be speaking primarily to non-GAAP results, which exclude amortization and certain other items.", True),
    ("I will be speaking to non-GAAP results today, which exclude several charges.", True),
    # only some figures are adjusted: no scope
    ("I will be referring to certain non-GAAP results today.", False),
    ("We will discuss some of our non-GAAP results.", False),
    # a reconciliation anywhere in the sentence: no scope
    ("I will be speaking to non-GAAP results, reconciled in our release.", False),
])
def test_a_discussion_statement_naming_excluded_items(statement, adjusted):
    text = _LATER + "\n" + statement + "\nEarnings per share were $2.53 in the third quarter."
    assert bool(value_row(text, "$2.53", REPORT)["adjusted"]) is adjusted


# ---------------------------------------------------------------- a value's own adjusted earnings phrase
@pytest.mark.parametrize("text, value_text, adjusted", [
    ("We reported GAAP earnings of $0.62 per share and operating earnings of $0.69 per share.", "$0.69", True),
    ("We reported GAAP earnings of $0.62 per share and operating earnings of $0.69 per share.", "$0.62", False),
    ("We reaffirm our operating earnings guidance of $2.40 to $2.60 per share for the year.", "$2.40", True),
    ("We reaffirm our operating earnings guidance of $2.40 to $2.60 per share for the year.", "$2.60", True),
    # a basis said before the reading word, or a GAAP cue after the value, wins
    ("GAAP operating earnings were $0.50 per share.", "$0.50", False),
    ("Operating earnings were $0.69 per share on a GAAP basis.", "$0.69", False),
    # a basis phrase said without its article
    ("Earnings per share were $0.13 on a GAAP basis and $0.70 on adjusted basis.", "$0.70", True),
    ("Earnings per share were $0.70 on adjusted basis and $0.13 on GAAP basis.", "$0.13", False),
])
def test_a_values_own_adjusted_earnings_phrase(text, value_text, adjusted):
    assert bool(value_row(text, value_text, REPORT)["adjusted"]) is adjusted


# ---------------------------------------------------------------- an outlook's period: negated statements, a period said of a metric
_OUTLOOK = ("Now moving to our outlook for the fourth quarter.\nRevenue is expected to be $5.0 billion to $5.4 billion.\n"
            "{aside}\nNet income is expected to be $99 million to $110 million.")


@pytest.mark.parametrize("aside, period", [
    # a negated outlook word announces nothing: the fourth quarter's outlook goes on
    ("At this time, we no longer expect the change to occur within our fiscal 2021.", (2021, "Q4")),
    ("We do not expect the charge to recur in fiscal 2022.", (2021, "Q4")),
    # an announcement for another period takes over
    ("Turning to our outlook for fiscal 2022.", (2022, "FY")),
])
def test_a_negated_outlook_word_announces_no_period(aside, period):
    row = value_row(_OUTLOOK.format(aside=aside), "$99 million", REPORT)
    assert (row["role"], row["fiscal_year"], row["fiscal_period"]) == ("guidance", *period)


@pytest.mark.parametrize("text, value_text, metric, period", [
    ("We are forecasting a 19% to 48% increase in Q4 adjusted EBITDA to a range of $45 million to $56 million.", "19%",
     "ebitda", (2021, "Q4")),
    ("We are forecasting a 19% to 48% increase in Q4 adjusted EBITDA to a range of $45 million to $56 million.",
     "$45 million", "ebitda", (2021, "Q4")),
    ("We expect a 5% increase in fourth quarter revenue.", "5%", "revenue", (2021, "Q4")),
])
def test_a_change_in_a_metric_said_with_its_period(text, value_text, metric, period):
    row = value_row(text, value_text, REPORT)
    assert (na(row["metric"]), row["role"], (row["fiscal_year"], row["fiscal_period"])) == (metric, "guidance", period)
