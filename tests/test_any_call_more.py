"""Facts right on any company's call, continued (issue 14): guidance periods, values said in
words, units of totals, metrics of more industries and the links between them, through
``kpi_extract.extract``.

Every sentence is invented for these tests. Each case names one value by the text it is
written as (the first row whose ``value_text`` starts with that text) and what the contract
asks of that row. ``report`` is the reporting period the text is read in.
"""
from __future__ import annotations

import pytest

from any_call_rows import PCT, PP, SHARE, USD, na, value_row
from kpi_extract.pipeline.periods.grammar import PeriodGrammar
from kpi_extract.pipeline.values.component import KpiValues


# ---------------------------------------------------------------- guidance periods
@pytest.mark.parametrize("report, text, value_text, year, period", [
    ("2020Q4", "We are giving our initial 2021 guidance as follows: sales of $400 million to $420 million; "
               "interest expense of $10 million to $12 million; depreciation of $30 million to $32 million; "
               "research and development of $20 million to $25 million; capital spending of $15 million to "
               "$18 million; and adjusted earnings per share of $1.10 to $1.30.", "$1.30", 2021, "FY"),
    ("2020Q2", "We are confirming our 2020 earnings guidance, a range of $2.10 to $2.30 per diluted share.",
     "$2.10", 2020, "FY"),
    ("2021Q3", "For the quarter, we expect earnings per share in the range of $0.80 to $0.85.", "$0.80", 2021, "Q4"),
    ("2021Q4", "For the quarter, we expect revenue of $90 million to $95 million.", "$95 million", 2022, "Q1"),
    ("2021Q3", "We now see fourth quarter earnings of $0.40 to $0.45 per share, and full-year earnings "
               "of $2.00 to $2.05 per share.", "$2.00", 2021, "FY"),
    ("2021Q3", "We now see fourth quarter earnings of $0.40 to $0.45 per share, and full-year earnings "
               "of $2.00 to $2.05 per share.", "$0.45", 2021, "Q4"),
    ("2021Q2", "Earnings per share should be $3.00 to $3.20, up 5% to 12% from 2020's earnings of "
               "$2.85 per share.", "$2.85", 2020, "FY"),
    ("2020Q4", "Based on our 2020 results, we expect 2021 EBITDA of $300 million to $320 million.",
     "$300 million", 2021, "FY"),
    ("2021Q2", "We raise our sales outlook for the year to an increase over 2020 of 8% to 10%.", "8%", 2021, "FY"),
    # a past period in an outlook is what it is compared with, not the outlook's own period
    ("2021Q3", "We expect revenue growth of 20% to 24% versus fiscal 2020.", "20%", 2021, "FY"),
    ("2021Q3", "EPS growth is expected to be 6% to 8% over the $1.50 we earned in 2020.", "8%", 2021, "FY"),
    ("2021Q2", "Based on results through the first quarter of 2021, we raised our EPS guidance to $2.40 to $2.50.",
     "$2.40", 2021, "FY"),
    ("2020Q4", "We expect EBITDA of $90 million to $95 million, above the 2019 level.", "$95 million", 2021, "FY"),
    # "a strong start to the year" describes the results, it names no outlook period
    ("2021Q1", "With a strong start to the year, we continue to expect free cash flow of $300 million to "
               "$400 million.", "$300 million", 2021, "FY"),
])
def test_guidance_period(report, text, value_text, year, period):
    row = value_row(text, value_text, report)
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period)


def test_a_year_naming_a_plan_after_the_value_is_not_its_period():
    text = "We recorded $40 million of charges under the 2019 restructuring plan."
    assert (value_row(text, "$40 million", "2021Q1")[["fiscal_year", "fiscal_period"]].tolist()) == [2021, "Q1"]


@pytest.mark.parametrize("text, year, period", [
    ("Our guidance includes the new dividend, which we will start paying to holders in the third quarter after the board "
     "approves it at its regular meeting.\nWe expect earnings per share of $1.50 to $1.60.", 2021, "FY"),
    ("Turning now to our guidance for the third quarter.\nWe expect earnings per share of $1.50 to $1.60.",
     2021, "Q3"),
])
def test_an_outlook_period_is_announced_near_an_outlook_word(text, year, period):
    assert (value_row(text, "$1.50", "2021Q2")[["fiscal_year", "fiscal_period"]].tolist()) == [year, period]


# ---------------------------------------------------------------- bare years as periods
@pytest.mark.parametrize("text, found", [
    ("our 2021 guidance", {2021}),
    ("2020's adjusted earnings", {2020}),
    ("we expect 2022 sales", {2022}),
    ("the 2025 senior notes", set()),
    ("from 2019 to 2021", set()),
    ("an increase over 2020 of 5%", set()),
    ("up 5% from 2020's earnings", {2020}),
    ("in 2020, 2019 and 2018 were $4 billion, $3 billion and $2 billion", set()),
])
def test_bare_year_as_a_period(text, found):
    refs = [p["ref"] for p in PeriodGrammar().find(text)]
    assert {r["y"] for r in refs if r.get("mod")} == found


# ---------------------------------------------------------------- values said in words
@pytest.mark.parametrize("text, value_text, value, unit, qualifier", [
    ("We expect organic sales to be flat to up 4% this year.", "flat", 0.0, PCT, "range_low"),
    ("We expect organic sales to be flat to up 4% this year.", "4%", 4.0, PCT, "range_high"),
    ("Price realization contributed about 2 points of growth.", "2 points", 2.0, PP, "approximately"),
    ("Net leverage was about 2.5 times at quarter end.", "2.5 times", 2.5, "multiple", "approximately"),
    ("Our coverage ratio stands at four times.", "four times", 4.0, "multiple", "exact"),
    ("Earnings per share rose a penny.", "a penny", 0.01, USD, "exact"),
    ("The quarterly dividend is 18 and a half cents.", "18 and a half cents", 0.185, USD, "exact"),
    ("We expect growth of nine to nine and a half percent.", "nine", 9.0, PCT, "range_low"),
    ("We expect growth of nine to nine and a half percent.", "nine and a half percent", 9.5, PCT, "range_high"),
    ("Margin was 12 and a quarter percent.", "12 and a quarter percent", 12.25, PCT, "exact"),
    # a range whose ends carry plus signs
    ("We expect sales to grow in the range of +6 to +8%.", "6", 6.0, PCT, "range_low"),
    ("We expect sales to grow in the range of +6 to +8%.", "8%", 8.0, PCT, "range_high"),
])
def test_values_in_words(text, value_text, value, unit, qualifier):
    values = KpiValues(None).find(text)
    hit = [v for v in values if text[v.start:v.end].startswith(value_text)]
    assert hit, [text[v.start:v.end] for v in values]
    v = hit[0]
    assert (float(v.reported[0]), v.family()[0], v.qualifier) == (pytest.approx(value), unit, qualifier)


def test_fractions_stay_exact():
    v = KpiValues(None).find("It rose 18 and a half cents.")[0]
    assert str(v.number) == "18.5"


# ---------------------------------------------------------------- units of totals
@pytest.mark.parametrize("text, value_text, metric, unit", [
    ("We paid $2.1 billion in dividends this year.", "$2.1 billion", "dividends_paid", USD),
    ("We returned $800 million in dividends and $400 million of share repurchases.", "$400 million",
     "share_repurchase_amount", USD),
    ("The board raised the quarterly dividend to $0.52 per share.", "$0.52", "dividend_per_share", SHARE),
    ("FFO was $150 million, or $1.20 per share.", "$150 million", "ffo", USD),
])
def test_units_of_totals(text, value_text, metric, unit):
    row = value_row(text, value_text)
    assert (na(row["metric"]), row["unit"]) == (metric, unit)


# ---------------------------------------------------------------- metrics across industries, links
@pytest.mark.parametrize("text, value_text, metric, role", [
    ("Mortgage banking income was $45 million.", "$45 million", "mortgage_banking_income", "actual"),
    ("Mortgage fees were up 40% from a year ago.", "40%", "mortgage_banking_income", "change"),
    ("Trust and investment fees were $60 million.", "$60 million", "trust_and_investment_fees", "actual"),
    ("Card fees were $30 million, up 8%.", "$30 million", "card_fees", "actual"),
    ("Service charges on deposit accounts were $25 million.", "$25 million", "deposit_service_charges", "actual"),
    ("Investment banking and debt placement fees were $200 million.", "$200 million", "capital_markets_fees",
     "actual"),
    ("We are forecasting development starts of $1.0 billion to $1.5 billion.", "$1.0 billion",
     "development_starts", "guidance"),
    ("Net price realization was 3% in the quarter.", "3%", "price_realization", "actual"),
    ("Consumption grew 6% in the quarter.", "6%", "in_market_consumption", "change"),
    ("Gross margin was 40.1%, and we saw a 50 basis point improvement on operating margin.", "50 basis point",
     "operating_margin", "change"),
    ("Net interest margin was 2.9%. The margin declined 9 basis points.", "9 basis points",
     "net_interest_margin", "change"),
    ("We reported $1.2 billion in first quarter revenue.", "$1.2 billion", "revenue", "actual"),
    ("We reported $1.2 billion in fourth-quarter revenue.", "$1.2 billion", "revenue", "actual"),
    ("We reported $1.2 billion in quarterly revenue.", "$1.2 billion", "revenue", "actual"),
    ("We reported $0.59 of non-GAAP earnings per share.", "$0.59", "eps", "actual"),
    # a change said after a level of the same metric, past an opening period
    ("In Q3, net sales totaled $2.4 billion, up 9% as reported.", "9%", "revenue", "change"),
    # ", net of tax," is an aside; ", net sales ..." is not
    ("Operating income was $30 million, net of tax, up 4%.", "4%", "operating_income", "change"),
    ("Interest expense, net on our term loans outstanding at December 31, 2021, was $12 million.", "$12 million",
     "interest_expense", "actual"),
    ("Interest expense, net, was $12 million in the quarter.", "$12 million", "interest_expense", "actual"),
    # a comparative with "of" / "than" after a percent is a change
    ("Total revenue of $2.5 billion was 18% ahead of last year.", "18%", "revenue", "change"),
    ("We delivered record revenue, 31.5% greater than last year.", "31.5%", "revenue", "change"),
    ("Sales were 4% below the prior year.", "4%", "revenue", "change"),
    # "rose to N%" of a metric that has no percent level is its change; of a margin, its level
    ("In the quarter, sales increased to 11%, our fourth quarter of growth.", "11%", "revenue", "change"),
    ("Gross margin increased to 41%.", "41%", "gross_margin", "actual"),
    # a change said as a rate, and a change verb taking the metric as its object
    ("We expect adjusted earnings per share to grow at an 8% to 10% CAGR.", "8%", "eps", "guidance"),
    ("We are on track to grow sales 12% to 15% this year.", "12%", "revenue", "guidance"),
    ("Last year we managed to increase revenue 9% in a weak market.", "9%", "revenue", "change"),
    # a per-share amount after "generating" / "delivered" is earnings per share
    ("It was a strong quarter, generating $0.64 per share.", "$0.64", "eps", "actual"),
    # a signed percent is a change, even with no change word
    ("We expect total sales for the year to be in the range of +6 to +8%.", "6", "revenue", "guidance"),
    ("Net sales were +4% in the quarter.", "4%", "revenue", "change"),
    # a metric said with hyphens between its words
    ("We lowered our capital-spending forecast to $500 million.", "$500 million", "capital_expenditure", "guidance"),
    ("Free-cash-flow was $80 million.", "$80 million", "free_cash_flow", "actual"),
    # a range's metric said right after it wins over one said before it
    ("Excluding the inventory charge, we expect to deliver $330 million to $345 million of adjusted EBITDA.",
     "$330 million", "ebitda", "guidance"),
    # "reported" as a basis word is no past verb: a range after it is still an outlook
    ("This brings our total reported revenue growth to approximately 6.5% to 7.5%.", "6.5%", "revenue", "guidance"),
    ("We reported revenue between $5 million and $6 million.", "$5 million", "revenue", "actual"),
    # "spend $A to $B on X": the metric after "on"
    ("We expect to spend $40 million to $45 million on capital expenditures next year.", "$45 million",
     "capital_expenditure", "guidance"),
    # a past verb on an outlook's range ("increased our range to") still gives guidance
    ("We increased our adjusted earnings per share range to $4.50 to $4.70.", "$4.50", "eps", "guidance"),
    ("For the current quarter, we are estimating capital expenditures of about $180 million.", "$180 million",
     "capital_expenditure", "guidance"),
    # an outlook said as a plan or an expectation noun
    ("We are planning capital expenditures to be approximately $90 million this year.", "$90 million",
     "capital_expenditure", "guidance"),
    ("We are planning for capital expenditures of $300 million for the year.", "$300 million",
     "capital_expenditure", "guidance"),
    ("Our fourth quarter revenue expectation is approximately $800 million.", "$800 million", "revenue", "guidance"),
    ("Revenue of $800 million was in line with our expectations.", "$800 million", "revenue", "actual"),
    ("These factors drive our expectation of a gross margin of nearly 26% for this year.", "26%", "gross_margin",
     "guidance"),
    ("Gross margin of 25% exceeded our expectations of 24%.", "25%", "gross_margin", "actual"),
    ("We remain on track for generating at least $7.5 billion of cash flow from operations.", "$7.5 billion",
     "operating_cash_flow", "guidance"),
    # "return $X to shareholders" names its own metric, not the one said before it
    ("Cash flow from operations was $2 billion and we returned $1.2 billion to shareholders.", "$1.2 billion",
     "capital_returned", "actual"),
    ("We expect operating cash flow of $7.5 billion and to return $7 billion to our shareholders.", "$7 billion",
     "capital_returned", "guidance"),
    # a change verb before "in a range of"
    ("We expect total revenue to increase year-over-year in a range of 12% to 16%.", "12%", "revenue",
     "guidance"),
    ("Sales rose 5%, with 3% growth in services revenue.", "3%", "revenue", "change"),
    ("This was offset by a 7% decline in new vehicle revenue.", "7%", "revenue", "change"),
    # a value before its metric with a run-rate word between
    ("The acquired business adds $310 million in annual revenue.", "$310 million", "revenue", "actual"),
    ("The new contracts bring $45 million of annualized sales.", "$45 million", "revenue", "actual"),
    ("We expect $12 million of incremental revenue next year.", "$12 million", "revenue", "guidance"),
    # revenue growth said without the word revenue
    ("Organic growth was 6% in the quarter.", "6%", "revenue", "change"),
    ("We now expect organic growth of 4% to 5% for the year.", "4%", "revenue", "guidance"),
    ("Core growth was 9%.", "9%", "revenue", "change"),
    ("Underlying growth reached 3%.", "3%", "revenue", "change"),
    # a segment's margin is the operating margin, not the segment's operating income
    ("Segment operating income margin is expected to be 7% to 9%.", "7%", "operating_margin", "guidance"),
    ("Segment profit margin was 12.5% in the quarter.", "12.5%", "operating_margin", "actual"),
    ("Segment operating income was $40 million.", "$40 million", "operating_income", "actual"),
    # ... but growth said of another metric is that metric's, never revenue's
    ("Adjusted EBITDA organic growth was 5%.", "5%", None, "actual"),
    ("Organic growth in operating income was 5%.", "5%", None, "actual"),
])
def test_metric_links(text, value_text, metric, role):
    row = value_row(text, value_text)
    assert (na(row["metric"]), row["role"]) == (metric, role)
