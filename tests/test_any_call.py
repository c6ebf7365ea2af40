"""Facts right on any company's call (issue 14): one table per error kind (role, sign,
period in context, values, metrics across industries), through ``kpi_extract.extract``.

Every sentence is invented for these tests. Each case names one value by the text it is
written as (the first row whose ``value_text`` starts with that text) and what the contract asks of
that row. Texts are read as said in a 2021 Q1 call (``reporting_period="2021Q1"``).
"""
from __future__ import annotations

import pytest

from any_call_rows import PCT, PP, na, value_row


# ---------------------------------------------------------------- role
@pytest.mark.parametrize("text, value_text, metric, role", [
    ("We are forecasting revenue of $410 million to $430 million.", "$410 million", "revenue", "guidance"),
    ("Revenue will range between $1.2 billion and $1.3 billion.", "$1.3 billion", "revenue", "guidance"),
    ("We're anticipating $2.0 billion to $2.2 billion of revenue.", "$2.0 billion", "revenue", "guidance"),
    ("This gives an earnings per share range of $1.10 to $1.25.", "$1.10", "eps", "guidance"),
    ("Our expectation for net income is now $80 million.", "$80 million", "net_income", "guidance"),
    ("We expect revenue to range from $555 million to $580 million.", "$555 million", "revenue", "guidance"),
    ("Gross margin was between 40% and 42%.", "40%", "gross_margin", "actual"),
    ("As we expected, revenue rose 2% in the quarter.", "2%", "revenue", "change"),
    ("We expect revenue growth to be between 4% and 6%.", "4%", "revenue", "guidance"),
    ("Revenue growth was 5% in the quarter.", "5%", "revenue", "change"),
    ("Revenue of $5 million came in ahead of our outlook.", "$5 million", "revenue", "actual"),
    ("Revenue rose 6% to $40 million, above our guidance range.", "6%", "revenue", "change"),
    ("We beat our outlook, with net income of $7 million.", "$7 million", "net_income", "actual"),
    ("We expect revenue of $9 million, above our prior guidance.", "$9 million", "revenue", "guidance"),
    # a value revised from the previous outlook is the new outlook; a result said so is not
    ("Operating income of $490 million, up from our previous forecast of $475 million.", "$490 million",
     "operating_income", "guidance"),
    ("Net income was $5 million, up from our prior outlook of $4 million.", "$5 million", "net_income", "actual"),
    ("We're now targeting full year net sales of $3.4 billion.", "$3.4 billion", "revenue", "guidance"),
    # a rate of change by definition (metrics with percent_change): never a level
    ("We delivered same-store sales growth of 23%.", "23%", "same_store_sales", "change"),
    ("Comp sales were 5% in the quarter.", "5%", "same_store_sales", "change"),
    ("Our comparable sales increase was 8.1%.", "8.1%", "same_store_sales", "change"),
    ("Same-store NOI growth was 3.2%.", "3.2%", "same_property_noi", "change"),
    ("Net unit growth was 4.5% for the year.", "4.5%", "net_unit_growth", "change"),
    ("We expect comparable sales of 3% to 5%.", "3%", "same_store_sales", "guidance"),
    ("Same-store NOI was $50 million.", "$50 million", "same_property_noi", "actual"),
])
def test_role(text, value_text, metric, role):
    row = value_row(text, value_text)
    assert (na(row["metric"]), row["role"]) == (metric, role)


# ---------------------------------------------------------------- sign
@pytest.mark.parametrize("text, value_text, metric, value", [
    ("Our provision for credit losses was a net benefit of $40 million.", "$40 million",
     "provision_for_credit_losses", -40e6),
    ("Income tax expense was a benefit of $12 million this quarter.", "$12 million", "income_tax_expense", -12e6),
    ("Our provision for credit losses was $55 million.", "$55 million", "provision_for_credit_losses", 55e6),
    ("Net charge-offs were $80 million.", "$80 million", "net_charge_offs", 80e6),
    ("FX was a $20 million headwind to revenue.", "$20 million", "revenue", -20e6),
    ("Currency was a $20 million headwind.", "$20 million", None, 20e6),  # no metric it lowers: as said
    ("Pricing was a 2% benefit to sales.", "2%", "revenue", 2.0),
])
def test_sign(text, value_text, metric, value):
    row = value_row(text, value_text)
    assert (na(row["metric"]), row["value"]) == (metric, pytest.approx(value))


# ---------------------------------------------------------------- period in context
@pytest.mark.parametrize("text, value_text, year, period", [
    ("Expenses for the quarter were $500 million compared to $450 million last year.", "$450 million", 2020, "Q1"),
    ("Compared to the fourth quarter, net interest income decreased by $20 million.", "$20 million", 2021, "Q1"),
    ("The margin was 2.9% for the first quarter compared to 3.2% a year ago and 3.0% from the prior quarter.",
     "3.0%", 2020, "Q4"),
    ("It was a strong start to the year, with earnings of $0.75 per share.", "$0.75", 2021, "Q1"),
    ("For 2022, we are confirming our full year guidance of $3.10 to $3.20 per share.", "$3.10", 2022, "FY"),
    ("Revenue for the full year was $9 billion, up from $8 billion last year.", "$8 billion", 2020, "FY"),
])
def test_period_in_context(text, value_text, year, period):
    row = value_row(text, value_text)
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period)


# ---------------------------------------------------------------- values, units
@pytest.mark.parametrize("text, value_text, metric, value, unit, role", [
    ("Net charge-offs were $90 million or 38 basis points of average loans.", "38 basis points",
     "net_charge_off_ratio", 0.38, PCT, "actual"),
    ("Non-performing loans were $600 million or 65 basis points of period-end loans.", "65 basis points",
     "npl_ratio", 0.65, PCT, "actual"),
    ("We now expect net charge-offs to be in the 30 to 40-basis-point range for the year.", "40-basis-point",
     "net_charge_off_ratio", 0.40, PCT, "guidance"),
    ("Operating margin declined 25 basis points.", "25 basis points", "operating_margin", -0.25, PP, "change"),
])
def test_values_and_units(text, value_text, metric, value, unit, role):
    row = value_row(text, value_text)
    assert (na(row["metric"]), row["value"], row["unit"], row["role"]) == (metric, pytest.approx(value), unit, role)


# ---------------------------------------------------------------- metrics across industries
@pytest.mark.parametrize("text, value_text, metric, role", [
    ("Net income was $300 million or $0.52 per share, up 12% from the prior quarter.", "12%", "eps", "change"),
    ("Net income was $300 million, up 12% from the prior quarter.", "12%", "net_income", "change"),
    ("For 2022, we are confirming our guidance of $3.10 to $3.20 per share.", "$3.20", "eps", "guidance"),
    ("We are guiding constant currency revenue growth to be between 5% and 7%.", "7%", "revenue", "guidance"),
    # a list member takes its own form of the head's metric (net income -> EPS)
    ("Net income was $104 million, $1.11 per share.", "$1.11 per share", "eps", "actual"),
    ("We reported a net loss of $31 million, $0.33 a share.", "$0.33 a share", "eps", "actual"),
    # ... and a bare amount in a list of per-share values stays per share
    ("We expect earnings of $1.90 to $2.10 per diluted share for 2022, $2.20 to $2.40 in 2023.", "$2.20", "eps",
     "guidance"),
    # a per-share amount said as results is EPS
    ("GAAP results for the quarter were $1.14 per share.", "$1.14 per share", "eps", "actual"),
    # an effect said after the value names its metric after "on" / "to" (a headwind lowers it)
    ("This had a 30 basis point impact on operating margin.", "30 basis point", "operating_margin", "change"),
    ("FX was a $20 million headwind to revenue.", "$20 million", "revenue", "change"),
    ("The acquisition had a $5 million impact on the quarter.", "$5 million", None, "actual"),
    # retail transactions
    ("Average ticket rose 4% while transactions declined 2%.", "2%", "transactions", "change"),
])
def test_metric_links(text, value_text, metric, role):
    row = value_row(text, value_text)
    assert (na(row["metric"]), row["role"]) == (metric, role)
