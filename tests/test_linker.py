"""Table-driven tests of metric linking (issue 4), through ``kpi_extract.extract``.

Every sentence below is invented for these tests. Each case names one value of its text by
``value_text`` (the first row with that text is checked) and what the contract
(shared/CONTRACT.md) asks of that row: ``metric`` and, where the rule is about them,
``role``, ``comparison``, ``adjusted``, ``segment``, ``value`` (its sign) and ``unit``.
Every text is extracted as if said in a 2022 Q4 call, so no period warning is raised.

Segments are compared the way ``tools/score_kpis.py`` compares them: the expected name,
lowercased, must occur in the row's lowercased segment ("enterprise cloud" matches
"enterprise cloud business"); ``None`` means the company total (``<NA>``).

Cases marked ``xfail(strict=True)`` state what the contract asks and the linker does not
do yet; remove the mark when the linker is fixed.
"""
from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

import kpi_extract

REPORT = "2022Q4"
NA = None
PCT, PP, USD, CNY, SHARE, COUNT = "percent", "percentage_point", "USD", "CNY", "USD/share", "count"
CASH, OPEX_ID = "cash_and_short_term_investments", "operating_expenses"
SM, GA = "selling_and_marketing_expenses", "general_and_administrative_expenses"
GM, OM, NM = "gross_margin", "operating_margin", "net_margin"
SAME = "compared with the same period last year"


@cache
def _extract(text: str) -> pd.DataFrame:
    return kpi_extract.extract(text, reporting_period=REPORT)


def _row(text: str, value_text: str) -> pd.Series:
    df = _extract(text)
    hits = df[df["value_text"] == value_text]
    assert len(hits), f"{value_text!r} not found; got {df['value_text'].tolist()}"
    return hits.iloc[0]


def _na(x: object) -> bool:
    return x is None or bool(pd.isna(x))


def _metric(row: pd.Series) -> str | None:
    return None if _na(row["metric"]) else row["metric"]


def _segment_ok(got: object, want: str | None) -> bool:
    if want is None:
        return _na(got)
    return not _na(got) and want.lower() in str(got).lower()


def _describe(row: pd.Series) -> str:
    keys = ("metric", "metric_text", "segment", "adjusted", "role", "comparison", "value", "unit", "confidence")
    return ", ".join(f"{k}={row[k]!r}" for k in keys)


# ------------------------------------------------------------------ level phrasings
# "X was / reached / came in at / totaled V", "V of X", "X of V", "X, at V,", "V in X"
LEVELS = [
    ("Revenue was $120 million in the quarter.", "$120 million", "revenue", 1.2e8, USD),
    ("Gross profit reached $40 million.", "$40 million", "gross_profit", 4e7, USD),
    ("Operating income came in at $12 million.", "$12 million", "operating_income", 1.2e7, USD),
    ("Total operating expenses totaled $30 million.", "$30 million", "operating_expenses", 3e7, USD),
    ("Total revenues came in at RMB 2.1 billion for the quarter.", "RMB 2.1 billion", "revenue", 2.1e9, CNY),
    ("Cost of revenue totaled $80 million.", "$80 million", "cost_of_revenue", 8e7, USD),
    ("Free cash flow was $22 million.", "$22 million", "free_cash_flow", 2.2e7, USD),
    ("ARR reached $150 million at year end.", "$150 million", "arr", 1.5e8, USD),
    ("Net revenue retention was 120%.", "120%", "net_revenue_retention", 120.0, PCT),
    ("Our effective tax rate was 21%.", "21%", "effective_tax_rate", 21.0, PCT),
    ("Share-based compensation expenses were $9 million.", "$9 million", "share_based_compensation", 9e6, USD),
    ("We recorded $94.9 million of listing expenses in the quarter.", "$94.9 million", "listing_expenses", 9.49e7, USD),
    ("We booked $12 million of new bookings during the quarter.", "$12 million", "bookings", 1.2e7, USD),
    ("We had revenue of $50 million.", "$50 million", "revenue", 5e7, USD),
    ("Operating cash flow of $40 million was a record.", "$40 million", "operating_cash_flow", 4e7, USD),
    ("Backlog of $800 million gives us visibility.", "$800 million", "backlog", 8e8, USD),
    ("We recorded a foreign exchange gain of $1 million.", "$1 million", "foreign_exchange_gain", 1e6, USD),
    ("Net income, at $8 million, beat our plan.", "$8 million", "net_income", 8e6, USD),
    ("Capital expenditure, at $15 million, was below plan.", "$15 million", "capital_expenditure", 1.5e7, USD),
    ("Bookings were $70 million, and backlog, at $800 million, grew further.", "$800 million", "backlog", 8e8, USD),
    ("We generated $5 million in revenue from the new product.", "$5 million", "revenue", 5e6, USD),
    ("We posted $3.5 million in net income.", "$3.5 million", "net_income", 3.5e6, USD),
    ("The company spent $7 million in research and development expenses.", "$7 million", "rd_expenses", 7e6, USD),
    ("We had $300 million in cash and short-term investments.", "$300 million", CASH, 3e8, USD),
    ("We added 1,200 new customers in the quarter.", "1,200 new customers", "new_customers", 1200.0, COUNT),
]


@pytest.mark.parametrize("text, value_text, metric, value, unit", LEVELS)
def test_level(text, value_text, metric, value, unit):
    row = _row(text, value_text)
    got = (_metric(row), row["role"], row["value"], row["unit"])
    assert got == (metric, "actual", value, unit), _describe(row)
    assert _na(row["comparison"]), _describe(row)


# ------------------------------------------------------------------------- changes
# role change, sign from the verb, comparison from the words after it
CHANGES = [
    ("Revenue increased by 12% year-over-year.", "12%", "revenue", 12.0, "yoy"),
    ("Revenue rose by 4% year-over-year.", "4%", "revenue", 4.0, "yoy"),
    (f"Operating expenses grew by 6% {SAME}.", "6%", OPEX_ID, 6.0, "yoy"),
    (f"Operating expenses decreased by 5% {SAME}.", "5%", OPEX_ID, -5.0, "yoy"),
    ("Net income fell by 12% year-over-year.", "12%", "net_income", -12.0, "yoy"),
    ("Gross profit grew by 3% sequentially.", "3%", "gross_profit", 3.0, "qoq"),
    ("Revenue declined by 2% sequentially.", "2%", "revenue", -2.0, "qoq"),
    ("Net income declined by 8% quarter-over-quarter.", "8%", "net_income", -8.0, "qoq"),
    ("Free cash flow increased by 30% quarter-over-quarter.", "30%", "free_cash_flow", 30.0, "qoq"),
    ("Revenue reached $300 million, up 15% year-over-year.", "15%", "revenue", 15.0, "yoy"),
    ("Revenue grew 25% year-over-year to $500 million.", "25%", "revenue", 25.0, "yoy"),
    ("North America revenue grew by 9% year-over-year.", "9%", "revenue", 9.0, "yoy"),
]


@pytest.mark.parametrize("text, value_text, metric, value, comparison", CHANGES)
def test_change(text, value_text, metric, value, comparison):
    row = _row(text, value_text)
    got = (_metric(row), row["role"], row["value"], row["unit"], row["comparison"])
    assert got == (metric, "change", value, PCT, comparison), _describe(row)


# "from A to B": A and B are levels, the change is the change (three rows, as in CONTRACT)
FROM_TO = "Fulfillment costs decreased by 20% year-over-year from $1,321.9 million to $1,057.6 million this quarter."
FROM_TO_2 = "Revenue increased by 10% year-over-year from $100 million to $110 million."
FROM_TO_3 = "Gross profit decreased from $90 million in the same period last year to $80 million this quarter."


@pytest.mark.parametrize("text, value_text, metric, role, value, unit", [
    (FROM_TO, "20%", "fulfillment_cost", "change", -20.0, PCT),
    (FROM_TO, "$1,321.9 million", "fulfillment_cost", "actual", 1.3219e9, USD),
    (FROM_TO, "$1,057.6 million", "fulfillment_cost", "actual", 1.0576e9, USD),
    (FROM_TO_2, "10%", "revenue", "change", 10.0, PCT),
    (FROM_TO_2, "$100 million", "revenue", "actual", 1e8, USD),
    (FROM_TO_2, "$110 million", "revenue", "actual", 1.1e8, USD),
    (FROM_TO_3, "$90 million", "gross_profit", "actual", 9e7, USD),
    (FROM_TO_3, "$80 million", "gross_profit", "actual", 8e7, USD),
])
def test_from_to(text, value_text, metric, role, value, unit):
    row = _row(text, value_text)
    assert (_metric(row), row["role"], row["value"], row["unit"]) == (metric, role, value, unit), _describe(row)


# ------------------------------------------------------------------------- margins
# a percent after a margin metric is its level; a margin change is percentage_point
MARGINS = [
    ("Gross margin was 35.2% in the quarter.", "35.2%", GM, "actual", 35.2, PCT, NA),
    ("Net margin was 8.5%.", "8.5%", NM, "actual", 8.5, PCT, NA),
    ("Operating margin came in at 12.4%.", "12.4%", OM, "actual", 12.4, PCT, NA),
    ("EBITDA was $60 million and EBITDA margin was 20%.", "20%", "ebitda_margin", "actual", 20.0, PCT, NA),
    ("Gross margin was 42%, up from 39% a year ago.", "42%", GM, "actual", 42.0, PCT, NA),
    ("Gross margin was 42%, up from 39% a year ago.", "39%", GM, "actual", 39.0, PCT, NA),
    ("Gross margin increased by 2.1% year-over-year.", "2.1%", GM, "change", 2.1, PP, "yoy"),
    (f"Gross margin increased by 1.5% {SAME}.", "1.5%", GM, "change", 1.5, PP, "yoy"),
    ("Operating margin expanded by 150 bps year-over-year.", "150 bps", OM, "change", 1.5, PP, "yoy"),
    ("Operating margin decreased by 80 bps sequentially.", "80 bps", OM, "change", -0.8, PP, "qoq"),
    ("Net margin fell by 50 basis points sequentially.", "50 basis points", NM, "change", -0.5, PP, "qoq"),
    ("Gross margin grew 3.2 percentage points year-over-year.", "3.2 percentage points", GM, "change", 3.2, PP, "yoy"),
    ("Gross margin fell 1.2 percentage points sequentially.", "1.2 percentage points", GM, "change", -1.2, PP, "qoq"),
]


@pytest.mark.parametrize("text, value_text, metric, role, value, unit, comparison", MARGINS)
def test_margin(text, value_text, metric, role, value, unit, comparison):
    row = _row(text, value_text)
    got = (_metric(row), row["role"], row["value"], row["unit"], None if _na(row["comparison"]) else row["comparison"])
    assert got == (metric, role, value, unit, comparison), _describe(row)


# ------------------------------------------------------------- lists, "respectively"
# pairwise: the n-th value takes the n-th metric or the n-th segment
PUB_ENT = "Revenue from public cloud and enterprise cloud were RMB 1,200 million and RMB 800 million, respectively."
REGIONS = "Revenues from North America and Europe were $60 million and $40 million, respectively."
COSTS = "Fulfillment costs and other costs were $30 million and $12 million, respectively."
REV_GP = "Revenue and gross profit were $100 million and $30 million, respectively."
OPEX = ("Selling and marketing expenses and general and administrative expenses were $15 million and $9 million, "
        "respectively.")


@pytest.mark.parametrize("text, value_text, metric, segment", [
    (PUB_ENT, "RMB 1,200 million", "revenue", "public cloud"),
    (PUB_ENT, "RMB 800 million", "revenue", "enterprise cloud"),
    (REGIONS, "$60 million", "revenue", "north america"),
    (REGIONS, "$40 million", "revenue", "europe"),
    (COSTS, "$30 million", "fulfillment_cost", NA),
    (COSTS, "$12 million", "other_cost", NA),
    (REV_GP, "$100 million", "revenue", NA),
    (REV_GP, "$30 million", "gross_profit", NA),
    (OPEX, "$15 million", SM, NA),
    (OPEX, "$9 million", GA, NA),
])
def test_respectively(text, value_text, metric, segment):
    row = _row(text, value_text)
    assert _metric(row) == metric, _describe(row)
    assert _segment_ok(row["segment"], segment), _describe(row)


# ------------------------------------------------------------------------ carry-over
# "It was up V", "This represents V" in the next sentence refer to the previous metric
GP_CARRY = "Gross profit was $30 million. This represents an increase of 12% year-over-year."


@pytest.mark.parametrize("text, value_text, metric, role, comparison", [
    ("Net income was $5 million. It was up 10% year-over-year.", "10%", "net_income", "change", "yoy"),
    ("Operating income was $10 million. It was up 25% year-over-year.", "25%", "operating_income", "change", "yoy"),
    (GP_CARRY, "12%", "gross_profit", "change", "yoy"),
    ("Revenue was $100 million. It grew 8% sequentially.", "8%", "revenue", "change", "qoq"),
])
def test_carry_over(text, value_text, metric, role, comparison):
    row = _row(text, value_text)
    assert (_metric(row), row["role"], row["comparison"]) == (metric, role, comparison), _describe(row)


# --------------------------------------------------------------- unit compatibility
# a money value never links to a margin; a percent never to revenue as a level


@pytest.mark.parametrize("text, value_text, forbidden, allowed", [
    ("Gross margin of $5 million was reported.", "$5 million", "gross_margin", {"gross_profit", None}),
    ("Our gross margin was strong at $5 million.", "$5 million", "gross_margin", {"gross_profit", None}),
    ("Gross margin improved, with gross profit of $5 million.", "$5 million", "gross_margin", {"gross_profit"}),
    ("Operating margin came in at $14 million.", "$14 million", "operating_margin", {"operating_income", None}),
    ("Marketing spend was 20% of revenue.", "20%", "revenue", None),
    ("Operating expenses were 20% of revenue.", "20%", "revenue", None),
    ("Selling and marketing expenses were 15% of total revenue.", "15%", "revenue", None),
    ("About 20% of revenue came from new customers.", "20%", "revenue", None),
    ("Revenue was $100 million, and 20% of revenue was overseas.", "20%", "revenue", None),
])
def test_unit_compatibility(text, value_text, forbidden, allowed):
    row = _row(text, value_text)
    if forbidden == "revenue":  # a percent may still be a revenue *change*, never a level
        assert not (_metric(row) == "revenue" and row["role"] == "actual"), _describe(row)
    else:
        assert _metric(row) != forbidden, _describe(row)
    if allowed is not None:
        assert _metric(row) in allowed, _describe(row)


# ------------------------------------------------------------- change readings
@pytest.mark.parametrize("text, value_text, metric, role", [
    ("We expect Q2 sales to be up between 19% and 20%.", "19%", "revenue", "guidance"),
    ("We expect Q2 sales to be up between 19% and 20%.", "20%", "revenue", "guidance"),
    ("Revenue of $2.9 billion represents 10.3% reported revenue growth.", "10.3%", "revenue", "change"),
    ("We delivered 5% organic sales growth in the quarter.", "5%", "revenue", "change"),
    ("Gross margin was between 40% and 42%.", "40%", "gross_margin", "actual"),
    ("Marketing spend was 20% of revenue.", "20%", None, "actual"),  # a share, not a change
])
def test_change_readings(text, value_text, metric, role):
    row = _row(text, value_text)
    assert (_metric(row), row["role"]) == (metric, role), _describe(row)


# ------------------------------------------------------------------- verb frames
@pytest.mark.parametrize("text, value_text, metric", [
    ("We bought back 12.3 million shares for $29.2 million.", "12.3 million shares", "shares_repurchased"),
    ("We bought back 12.3 million shares for $29.2 million.", "$29.2 million", "share_repurchase_amount"),
    # a frame between a metric and the value speaks for the value ...
    ("Operating cash flow was $60 million, and we repurchased $25 million of our shares.", "$25 million",
     "share_repurchase_amount"),
    ("Operating cash flow was $60 million, and we repurchased $25 million of our shares.", "$60 million",
     "operating_cash_flow"),
    ("Free cash flow reached $80 million; we also bought back $30 million of stock.", "$30 million",
     "share_repurchase_amount"),
    # ... a frame before the metric does not
    ("After we repurchased shares, revenue was $50 million.", "$50 million", "revenue"),
])
def test_verb_frames(text, value_text, metric):
    row = _row(text, value_text)
    assert _metric(row) == metric, _describe(row)


# ---------------------------------------------------------------------------- signs
@pytest.mark.parametrize("text, value_text, metric, value", [
    ("We reported a net loss of RMB 200 million.", "RMB 200 million", "net_income", -2e8),
    ("Net loss was RMB 50 million.", "RMB 50 million", "net_income", -5e7),
    ("We had an operating loss of $3 million.", "$3 million", "operating_income", -3e6),
    ("Operating loss narrowed to $4 million.", "$4 million", "operating_income", -4e6),
    ("Net loss was $15 million, compared with a net loss of $20 million.", "$20 million", "net_income", -2e7),
    ("We had a loss on disposal of assets of $2 million.", "$2 million", "loss_on_disposal_of_assets", 2e6),
    ("Net income was $5 million in the quarter.", "$5 million", "net_income", 5e6),
])
def test_sign(text, value_text, metric, value):
    row = _row(text, value_text)
    assert (_metric(row), row["value"]) == (metric, value), _describe(row)


# ------------------------------------------------------------------------ per share
NI_EPS = "We reported net income of $25 million, or $0.69 per diluted share."
GAAP_ADJ = "GAAP EPS was $1.05 and adjusted EPS was $1.20."


@pytest.mark.parametrize("text, value_text, metric, value, unit, adjusted", [
    (NI_EPS, "$25 million", "net_income", 2.5e7, USD, False),
    (NI_EPS, "$0.69 per diluted share", "eps", 0.69, SHARE, False),
    (GAAP_ADJ, "$1.05", "eps", 1.05, SHARE, False),
    (GAAP_ADJ, "$1.20", "eps", 1.20, SHARE, True),
    ("Diluted EPS was $0.45.", "$0.45", "eps", 0.45, SHARE, False),
    ("Adjusted EPS came in at $1.01.", "$1.01", "eps", 1.01, SHARE, True),
    ("Diluted EPS was $1.01 on an adjusted basis.", "$1.01", "eps", 1.01, SHARE, True),
    ("We earned $1.01 per share on an adjusted basis.", "$1.01 per share", "eps", 1.01, SHARE, True),
    ("We earned $2.10 per diluted share on a non-GAAP basis.", "$2.10 per diluted share", "eps", 2.10, SHARE, True),
    ("Net loss per share was $0.12.", "$0.12", "eps", -0.12, SHARE, False),
    ("We declared a dividend of $0.25 per share.", "$0.25 per share", "dividend_per_share", 0.25, SHARE, False),
])
def test_per_share(text, value_text, metric, value, unit, adjusted):
    row = _row(text, value_text)
    got = (_metric(row), row["value"], row["unit"], bool(row["adjusted"]))
    assert got == (metric, value, unit, adjusted), _describe(row)


# ------------------------------------------------------------------------- adjusted
@pytest.mark.parametrize("text, value_text, metric, adjusted", [
    ("Adjusted gross margin was 40.1%.", "40.1%", "gross_margin", True),
    ("Non-GAAP operating income was $25 million.", "$25 million", "operating_income", True),
    ("We expect adjusted EBITDA margin of approximately 15% for the full year.", "15%", "ebitda_margin", True),
    ("Gross margin was 35.2% in the quarter.", "35.2%", "gross_margin", False),
    ("Diluted EPS was $1.01 on an adjusted basis.", "$1.01", "eps", True),
    # a modifier between the metric and the value
    ("For the quarter, diluted earnings per share, adjusted for special items, was $0.78.", "$0.78", "eps", True),
    ("Net income on a non-GAAP basis in the second quarter was $94.8 million.", "$94.8 million", "net_income",
     True),
    # ... and the per-share amount restating it
    ("Net income on a non-GAAP basis was $94.8 million or $0.91 per diluted share.", "$0.91 per diluted share",
     "eps", True),
    ("Net income was $8 million, or $0.40 per share.", "$0.40 per share", "eps", False),
    # a sentence-wide modifier before the value (token patterns in modifiers.json)
    ("Excluding these items, EPS was $1.10.", "$1.10", "eps", True),
    ("Excluding the two special charges, operating income was $9 million.", "$9 million", "operating_income", True),
    ("After adjusting for the impairment, net earnings totaled $62 million.", "$62 million", "net_income", True),
    ("Net of this adjusting item, earnings per share in the quarter were $6.86.", "$6.86", "eps", True),
    # both ends of a range said on an adjusted basis
    ("We expect EPS of $2.85 to $3.10, or $3.00 to $3.25 on an adjusted basis.", "$3.00", "eps", True),
    ("We expect EPS of $2.85 to $3.10, or $3.00 to $3.25 on an adjusted basis.", "$3.10", "eps", False),
    # a modifier starting the next clause is not about the value before it
    ("Net income was $5 million, and excluding these items, it would have been $7 million.", "$5 million",
     "net_income", False),
    ("GAAP EPS was $1.05 and adjusted EPS was $1.20.", "$1.05", "eps", False),
])
def test_adjusted(text, value_text, metric, adjusted):
    row = _row(text, value_text)
    assert (_metric(row), bool(row["adjusted"])) == (metric, adjusted), _describe(row)


# ------------------------------------------------------------------ open vocabulary
SALE = "proceeds from the sale of the business"


@pytest.mark.parametrize("text, value_text, metric_text", [
    ("Proceeds from the sale of the business were $45 million.", "$45 million", SALE),
    ("The increase was driven by proceeds from the sale of the business of $45 million.", "$45 million", SALE),
    ("Consulting fees paid to advisers were $3 million.", "$3 million", "consulting fees"),
])
def test_open_vocabulary(text, value_text, metric_text):
    row = _row(text, value_text)
    assert _na(row["metric"]), _describe(row)
    assert not _na(row["metric_text"]) and row["metric_text"].strip(), _describe(row)
    assert metric_text in row["metric_text"].lower(), _describe(row)
    assert text[row["metric_start"]:row["metric_end"]] == row["metric_text"]


# ---------------------------------------------------------------- guidance, target
APPROX = "approximately"
RANGE = "We expect revenue to be between $1.8 billion and $2.0 billion."
RANGE_2 = "We expect total revenue to be in the range of $500 million to $520 million."
Q1_RANGE = "For the first quarter, we expect revenue to be between RMB 1.8 billion and RMB 2.0 billion."
DOUBLE = "We plan to double revenue to $500 million over the next three years."


@pytest.mark.parametrize("text, value_text, metric, role, qualifier", [
    (RANGE, "$1.8 billion", "revenue", "guidance", "range_low"),
    (RANGE, "$2.0 billion", "revenue", "guidance", "range_high"),
    (RANGE_2, "$500 million", "revenue", "guidance", "range_low"),
    (RANGE_2, "$520 million", "revenue", "guidance", "range_high"),
    (Q1_RANGE, "RMB 2.0 billion", "revenue", "guidance", "range_high"),
    ("We expect adjusted EBITDA margin of about 15% for the year.", "15%", "ebitda_margin", "guidance", APPROX),
    ("We aim to reach 10,000 customers by 2025.", "10,000 customers", "customers", "target", "exact"),
    ("By 2025, we aim to have 10,000 customers.", "10,000 customers", "customers", "target", "exact"),
    ("We aim to reach 10,000 customers over the next three years.", "10,000 customers", "customers", "target", "exact"),
    ("Our long-term target is an operating margin of 25%.", "25%", "operating_margin", "target", "exact"),
    ("We aim to reach revenue of $400 million by the end of 2024.", "$400 million", "revenue", "target", "exact"),
    (DOUBLE, "$500 million", "revenue", "target", "exact"),
    ("Revenue was $120 million in the quarter.", "$120 million", "revenue", "actual", "exact"),
])
def test_forward_looking(text, value_text, metric, role, qualifier):
    row = _row(text, value_text)
    assert (_metric(row), row["role"], row["qualifier"]) == (metric, role, qualifier), _describe(row)


# ------------------------------------------------------------------------- segments
ENT = "enterprise cloud"


@pytest.mark.parametrize("text, value_text, metric, segment", [
    ("Public cloud revenue was RMB 1,200 million.", "RMB 1,200 million", "revenue", "public cloud"),
    ("Public cloud revenue grew by 12% year-over-year.", "12%", "revenue", "public cloud"),
    ("Enterprise cloud revenue was RMB 800 million.", "RMB 800 million", "revenue", "enterprise cloud"),
    ("Revenue from our enterprise cloud business was RMB 800 million.", "RMB 800 million", "revenue", ENT),
    ("Revenue from our payments business was $20 million.", "$20 million", "revenue", "payments"),
    ("Revenue from our advertising business grew by 15% year-over-year.", "15%", "revenue", "advertising"),
    ("Revenue from the Asia Pacific region was $40 million.", "$40 million", "revenue", "asia pacific"),
    ("Total revenues came in at RMB 2.1 billion for the quarter.", "RMB 2.1 billion", "revenue", NA),
])
def test_segment(text, value_text, metric, segment):
    row = _row(text, value_text)
    assert _metric(row) == metric, _describe(row)
    assert _segment_ok(row["segment"], segment), _describe(row)


# ----------------------------------------------------------------------- confidence
@pytest.mark.parametrize("text, direct, carried", [
    ("Net income was $5 million. It was up 10% year-over-year.", "$5 million", "10%"),
    ("Operating income was $10 million. It was up 25% year-over-year.", "$10 million", "25%"),
    (GP_CARRY, "$30 million", "12%"),
])
def test_confidence_direct_above_carried(text, direct, carried):
    d, c = _row(text, direct), _row(text, carried)
    assert _metric(d) == _metric(c) is not None, (_describe(d), _describe(c))
    assert 0.0 <= c["confidence"] < d["confidence"] <= 1.0


def _all_texts() -> list[str]:
    texts = {case[0] for case in LEVELS + CHANGES + MARGINS}
    texts |= {FROM_TO, FROM_TO_2, FROM_TO_3, PUB_ENT, REGIONS, COSTS, REV_GP, OPEX, NI_EPS, GAAP_ADJ, RANGE, RANGE_2,
              GP_CARRY, Q1_RANGE}
    return sorted(texts)


@pytest.mark.parametrize("text", _all_texts())
def test_row_invariants(text):
    """Confidence in [0, 1] on every row; ``metric_text`` is the text at its offsets."""
    df = _extract(text)
    assert len(df)
    for _, row in df.iterrows():
        assert 0.0 <= row["confidence"] <= 1.0, _describe(row)
        if not _na(row["metric_text"]):
            assert text[row["metric_start"]:row["metric_end"]] == row["metric_text"], _describe(row)
