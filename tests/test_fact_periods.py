"""The period of a fact read in its context (issue 14, "Period in context"), through
``kpi_extract.extract``: a comparison's period is never the value's own, a past period
named beside guidance is what it is compared with, and a period opening the sentence before
("For the first half of 2021, ...") scopes a sentence that names none.

Every sentence is invented for these tests. Each case names one value by the text it is
written as (the first row whose ``value_text`` starts with that text), the reporting period
the text is read in and the (fiscal_year, fiscal_period) the row must have.
"""
from __future__ import annotations

import pytest

from any_call_rows import value_row
from kpi_extract.document.fronted import closing_period, fronted_period
from kpi_extract.pipeline.periods.reporting import resolve


# ---------------------------------------------------------------- a comparison's period
@pytest.mark.parametrize("report, text, value_text, year, period", [
    ("2020Q4", "Diluted earnings per share were $2.15, matching last year's fourth quarter.", "$2.15", 2020, "Q4"),
    ("2020Q4", "Net sales of $640 million matched the fourth quarter of 2019.", "$640 million", 2020, "Q4"),
    ("2020Q3", "Revenue came in at $215 million, flat to the prior quarter.", "$215 million", 2020, "Q3"),
    ("2019Q4", "Adjusted earnings per share were in line with the fourth quarter of 2018 at $0.61.", "$0.61", 2019, "Q4"),
    ("2020Q4", "Adjusted EPS for the quarter is $1.86, which favorably compares to last year's fourth quarter by $0.32.",
     "$1.86", 2020, "Q4"),
    ("2021Q3", "Total revenues of $329 million were below the prior year period.", "$329 million", 2021, "Q3"),
    # a period after "and" with the next item's value after it is that item's
    ("2021Q3", "For the fourth quarter, we expect recurring revenues of $415 million to $420 million and that full "
               "year revenue growth will be about 6%.", "$415 million", 2021, "Q4"),
    # the value's own period is still read
    ("2020Q4", "Revenue was $300 million in the fourth quarter of 2019.", "$300 million", 2019, "Q4"),
    ("2020Q4", "Revenue was $300 million in the fourth quarter, flat to the prior year.", "$300 million", 2020, "Q4"),
])
def test_comparison_period_is_not_the_values(report, text, value_text, year, period):
    row = value_row(text, value_text, report)
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period)


# ---------------------------------------------------------------- guidance beside a past period
@pytest.mark.parametrize("report, text, value_text, year, period", [
    # a past quarter an outlook is compared with: that quarter a year on
    ("2020Q4", "Looking ahead, we expect Q1 2020 revenue of $40 million to $44 million.", "$40 million", 2021, "Q1"),
    ("2020Q4", "We expect earnings per share of $0.40 to $0.44, which is double last year's first-quarter earnings "
               "per share.", "$0.40", 2021, "Q1"),
    ("2021Q2", "We expect revenue of $80 million to $85 million, well above the third quarter of last year.",
     "$80 million", 2021, "Q3"),
    ("2021Q2", "We expect third quarter 2020 revenue of $80 million to $85 million.",
     "$85 million", 2021, "Q3"),
    # a year-end call's own year is reported, not guided: the outlook is for the next year
    ("2021Q4", "Margin was 18.1% in fiscal 2021.\nWe expect earnings per share growth of 9% to 12%.", "9%", 2022, "FY"),
    ("2020Q4", "Full-year 2020 earnings are now expected to be $3.10 to $3.40 per diluted share.",
     "$3.10", 2021, "FY"),
    # a past year named beside guidance of a mid-year call keeps the year of the report
    ("2021Q2", "We expect revenue of $80 million to $85 million, up from 2020.", "$80 million", 2021, "FY"),
    # a quarter more than a year back is no outlook period
    ("2020Q4", "We expect EBITDA of $30 million to $35 million, above the third quarter of 2019.",
     "$30 million", 2021, "FY"),
])
def test_guidance_beside_a_past_period(report, text, value_text, year, period):
    row = value_row(text, value_text, report)
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period)


# ---------------------------------------------------------------- a period opening the sentence before
@pytest.mark.parametrize("report, text, value_text, year, period", [
    ("2021Q2", "For the first half of 2021, net earnings were $120 million.\nEBITDA was $310 million.",
     "$310 million", 2021, "H1"),
    ("2020Q4", "For the full year, we reported net income of $2.1 billion.\nFree cash flow was $900 million.",
     "$900 million", 2020, "FY"),
    ("2020Q4", "And for fiscal 2020, revenue grew 8%.\nOperating margin was 14.2%.", "14.2%", 2020, "FY"),
    # the sentence names its own period
    ("2020Q4", "For the full year, we reported net income of $2.1 billion.\nFree cash flow was $900 million "
               "in the quarter.", "$900 million", 2020, "Q4"),
    # the period is not fronted: said inside the sentence, or with no comma after it
    ("2020Q4", "We had a strong finish to the full year.\nFree cash flow was $900 million.",
     "$900 million", 2020, "Q4"),
    ("2020Q4", "Revenue for the full year grew 6%.\nFree cash flow was $900 million.", "$900 million", 2020, "Q4"),
    # only the next sentence: two sentences on, the report's period
    ("2020Q4", "For the full year, revenue grew 6%.\nMargins widened.\nFree cash flow was $900 million.",
     "$900 million", 2020, "Q4"),
    # a quarter opening the sentence before is not carried
    ("2020Q4", "For the third quarter of 2020, revenue grew 6%.\nFree cash flow was $900 million.",
     "$900 million", 2020, "Q4"),
    # guidance reads its own outlook carry
    ("2021Q2", "For the full year 2020, revenue grew 6%.\nWe expect free cash flow of $800 million to "
               "$900 million.", "$800 million", 2021, "FY"),
])
def test_fronted_period_of_the_sentence_before(report, text, value_text, year, period):
    row = value_row(text, value_text, report)
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period)


# ---------------------------------------------------------------- a quarter and its year said apart
@pytest.mark.parametrize("report, text, value_text, year, period", [
    ("2021Q2", "Adjusted earnings per share were $0.82 in the current year quarter versus $0.52 in last year's "
               "second quarter.", "$0.82", 2021, "Q2"),
    ("2021Q2", "Adjusted earnings per share were $0.82 in the current year quarter versus $0.52 in last year's "
               "second quarter.", "$0.52", 2020, "Q2"),
    ("2021Q1", "First quarter sales decreased 12% to $190 million in fiscal '21 from $216 million in fiscal '20.",
     "$190 million", 2021, "Q1"),
    ("2021Q1", "First quarter sales decreased 12% to $190 million in fiscal '21 from $216 million in fiscal '20.",
     "$216 million", 2020, "Q1"),
    ("2022Q1", "Revenue for the first quarter was $5 million, and $20 million in 2021.", "$20 million", 2021, "FY"),
    ("2021Q1", "Earnings per share for the quarter in 2021 were $0.06, against a loss of $0.42 a year ago.", "$0.06",
     2021, "Q1"),
    # a year said as a noun after the value is not its period; one said as an adverb is
    ("2021Q4", "Revenue for the fourth quarter rose to $343 million, a strong end to our fiscal year.", "$343 million",
     2021, "Q4"),
    ("2021Q2", "We generated $5 million of free cash flow this year.", "$5 million", 2021, "FY"),
    ("2021Q4", "Revenue was $5 million for the full year.", "$5 million", 2021, "FY"),
    ("2021Q3", "Revenue in the final quarter of 2020 was $800 million.", "$800 million", 2020, "Q4"),
    # coordinated periods are dealt out to coordinated values in order
    ("2021Q4", "We achieved record fourth quarter and full year sales of $3.5 billion and $11.4 billion, respectively.",
     "$3.5 billion", 2021, "Q4"),
    ("2021Q4", "We achieved record fourth quarter and full year sales of $3.5 billion and $11.4 billion, respectively.",
     "$11.4 billion", 2021, "FY"),
    ("2021Q2", "Revenue for the second quarter and first half was $100 million and $190 million.", "$190 million",
     2021, "H1"),
    # one period and two values: no pairing
    ("2021Q2", "Revenue was $100 million and $90 million in the second quarter.", "$90 million", 2021, "Q2"),
])
def test_quarter_and_year_said_apart(report, text, value_text, year, period):
    row = value_row(text, value_text, report)
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period)


# ---------------------------------------------------------------- guidance naming the reported quarter
@pytest.mark.parametrize("report, ref, year, period", [
    ("2021Q2", {"p": "Q2", "dy": 0, "explicit": False}, 2021, "Q2"),
    ("2021Q2", {"p": "H1", "dy": 0, "explicit": False}, 2021, "H1"),
    ("2021Q2", {"p": "Q1", "dy": 0, "explicit": False}, 2022, "Q1"),
    ("2021Q2", {"p": "Q3", "dy": 0, "explicit": False}, 2021, "Q3"),
    ("2021Q4", {"p": "Q4", "dy": 0, "explicit": False}, 2022, "Q4"),
    ("2021Q4", {"p": "Q1", "dy": 0, "explicit": False}, 2022, "Q1"),
])
def test_guidance_bare_quarter(report, ref, year, period):
    assert resolve(ref, (int(report[:4]), report[4:]), role="guidance") == (year, period)


@pytest.mark.parametrize("report, text, value_text, year, period", [
    # a past-tense line naming the reported quarter starts no carry: the outlook after it is the year's
    ("2021Q2", "In the second quarter, our outlook let us raise the dividend to $1.13 per share.\nWe expect "
               "earnings per share of $4.15 to $4.35.", "$4.15", 2021, "FY"),
    # an outlook for the quarter ahead still carries
    ("2021Q2", "For the third quarter, we expect revenue of $80 million to $85 million.\nWe expect earnings per "
               "share of $0.40 to $0.45.", "$0.40", 2021, "Q3"),
    # "the final quarter" is the fourth
    ("2021Q3", "Now, turning to our expectations for the final quarter of this fiscal year.\nLet me give some "
               "specifics.\nTotal revenue is estimated to be in the $950 million to $1 billion range.",
     "$950 million", 2021, "Q4"),
])
def test_guidance_carry_source(report, text, value_text, year, period):
    row = value_row(text, value_text, report)
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period)


# ---------------------------------------------------------------- the period a sentence opens with
@pytest.mark.parametrize("sentence, ref", [
    ("For the first half of 2021, net earnings were $120 million.", {"y": 2021, "p": "H1"}),
    ("And for fiscal 2020, revenue grew 8%.", {"y": 2020, "p": "FY"}),
    ("For the full year, revenue grew 6%.", {"fy": 0}),
    ("So in 2019, margins widened.", {"y": 2019, "p": "FY"}),
    ("Revenue for the full year grew 6%.", None),
    ("For the third quarter of 2020, revenue grew 6%.", None),
    ("For the full year we expect growth.", None),
    ("Last year, revenue grew 6%.", None),
])
def test_fronted_period(sentence, ref):
    found = fronted_period(sentence)
    assert (found["ref"] if found else None) == ref



# ---------------------------------------------------------------- a period inside a causal phrase
@pytest.mark.parametrize("report, text, value_text, year, period", [
    # the cause's period is not the outlook's: the outlook is for the year
    ("2021Q2", "Given the contract adjustments this quarter, we are raising our revenue guidance to $290 million "
               "to $310 million.", "$290 million", 2021, "FY"),
    ("2021Q2", "Due to stronger orders and better pricing in the quarter, we now expect sales of $1.2 billion.",
     "$1.2 billion", 2021, "FY"),
    ("2021Q2", "Driven by the recovery this quarter, we are raising full-year EPS guidance to $2.10.", "$2.10", 2021, "FY"),
    # the outlook sentence after it takes no quarter from it either
    ("2021Q2", "Because of strong demand this quarter, we are raising our guidance.\nWe now expect revenue of "
               "$500 million to $520 million.", "$500 million", 2021, "FY"),
    # a period set off by commas after the cause scopes the outlook
    ("2021Q2", "Due to strong demand, for the third quarter, we expect revenue of $300 million.", "$300 million",
     2021, "Q3"),
    # an actual keeps the cause's period
    ("2021Q2", "Due to strong demand in the quarter, revenue grew 5% to $300 million.", "$300 million", 2021, "Q2"),
])
def test_period_inside_a_causal_phrase(report, text, value_text, year, period):
    row = value_row(text, value_text, report)
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period)


# ---------------------------------------------------------------- a line closing on a period
@pytest.mark.parametrize("sentence, ref", [
    ("Here are a few highlights for the full year.", {"fy": 0}),
    ("Before I get to the quarter, here are the highlights for the full-year.", {"fy": 0}),
    ("Let me walk through our results for fiscal 2021:", {"y": 2021, "p": "FY"}),
    ("Let me walk through our results for the quarter.", None),  # a quarter is mostly the report's own
    ("We are proud of what the team did this year.", None),  # no "for": said of something else
    ("Next, Jane will cover results for the fourth quarter and full year and our outlook for 2022.", None),
    ("Revenue grew 4% for the full year.", None),  # a figure: the linker reads it
    ("Here are a few highlights for the full year, and then the details.", None),  # not its end
    ("We still expect raw material costs to be neutral for the full year.", None),  # an outlook
    ("Every practice recorded double-digit growth for the year.", None),  # a result, not an announcement
    ("Let me give you a brief summary for 2021.", {"y": 2021, "p": "FY"}),
])
def test_closing_period(sentence, ref):
    found = closing_period(sentence)
    assert (found and {k: v for k, v in found["ref"].items() if k != "mod"}) == (ref or None)


@pytest.mark.parametrize("report, text, value_text, year, period", [
    ("2020Q4", "Here are a few highlights for the full year.\nCore income was $700 million, or $2.60 per share.",
     "$2.60", 2020, "FY"),
    # the sentence names the same period again: still the year's
    ("2020Q4", "Here are a few highlights for the full year.\nCore income was $700 million, and net income for the "
               "year was $650 million.", "$700 million", 2020, "FY"),
    # another period of its own: not carried
    ("2020Q4", "Here are a few highlights for the full year.\nRevenue was $700 million in the fourth quarter.",
     "$700 million", 2020, "Q4"),
    # only the line right after
    ("2020Q4", "Here are a few highlights for the full year.\nCore income was $700 million.\nRevenue was $90 million.",
     "$90 million", 2020, "Q4"),
    # a line naming several periods announces none
    ("2020Q4", "Jane will cover results for the fourth quarter and full year and our outlook for 2021.\n"
               "Sales of $400 million were up 1%.", "$400 million", 2020, "Q4"),
])
def test_period_closing_the_line_before(report, text, value_text, year, period):
    row = value_row(text, value_text, report)
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period)


# ---------------------------------------------------------------- a year compared with a quarter
@pytest.mark.parametrize("report, text, value_text, year, period", [
    ("2021Q4", "Diluted earnings were $0.75 per share in 2021 as compared to $0.11 for the quarter in 2020.",
     "$0.75", 2021, "Q4"),
    ("2021Q4", "Diluted earnings were $0.75 per share in 2021 as compared to $0.11 for the quarter in 2020.",
     "$0.11", 2020, "Q4"),
    ("2021Q4", "Adjusted EPS was $0.87 in the current year versus $0.49 in last year's fourth quarter.", "$0.87", 2021, "Q4"),
    ("2021Q4", "Revenue was $5 million in 2021 compared to $4 million in the same quarter last year.", "$5 million",
     2021, "Q4"),
    # compared with a year: the year
    ("2021Q4", "Adjusted EPS was $3.10 in 2021 versus $2.50 in 2020.", "$3.10", 2021, "FY"),
    ("2021Q4", "Adjusted EPS was $3.10 in 2021 versus $2.50 in 2020.", "$2.50", 2020, "FY"),
])
def test_year_compared_with_a_quarter(report, text, value_text, year, period):
    row = value_row(text, value_text, report)
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period)
