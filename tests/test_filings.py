"""Table-driven tests of filing language (issue 15): metric phrase extent, parent metrics,
verbs, headings, quoted lines, "respectively" lists and "which resulted in".

Every sentence below is invented for these tests, in the style of a 10-K note. Each case
names one value of its text by ``value_text`` (the first row with that text) and the
``metric_text`` (and, for parent cases, ``parent_metric_text``) the contract asks of it:
the filing's whole noun phrase, not only the lexicon's words.
"""
from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

import kpi_extract
from kpi_extract import COLUMNS, SCHEMA

NA = None


@cache
def _extract(text: str) -> pd.DataFrame:
    return kpi_extract.extract(text, reporting_period="2021FY")


def _row(text: str, value_text: str) -> pd.Series:
    df = _extract(text)
    hits = df[df["value_text"] == value_text]
    assert len(hits), f"{value_text!r} not found; got {df['value_text'].tolist()}"
    return hits.iloc[0]


def _text(row: pd.Series, key: str) -> str | None:
    x = row[key]
    return None if x is None or pd.isna(x) else str(x)


def _describe(row: pd.Series) -> str:
    keys = ("metric", "metric_text", "parent_metric", "parent_metric_text", "role", "value", "unit")
    return ", ".join(f"{k}={row[k]!r}" for k in keys)


# ------------------------------------------------------------------ phrase extent
# pre-modifiers, compounds, "X and Y" coordinations, headings, post-modifiers of a subject
EXTENT = [
    ("Subscription fee revenue was $4.2 billion for fiscal 2021.", "$4.2 billion", "Subscription fee revenue"),
    ("As of December 31, 2021, we accrued interest payable of $120 million.", "$120 million", "interest payable"),
    ("The company wrote off $75 million of fully depreciated intangible assets.", "$75 million",
     "fully depreciated intangible assets"),
    ("The Company recorded after-tax charges of $1.1 billion in 2021.", "$1.1 billion", "after-tax charges"),
    ("Freight and delivery costs were $310 million in 2021.", "$310 million", "Freight and delivery costs"),
    ("Notes receivable and advances were $95 million at year end.", "$95 million", "Notes receivable and advances"),
    ("Restructuring and other charges were $48 million in 2021.", "$48 million", "Restructuring and other charges"),
    ("The provision for warranty claims was $52 million in 2021.", "$52 million", "provision for warranty claims"),
    ("Total expense for the retirement savings plans was $88 million in 2021.", "$88 million",
     "Total expense for the retirement savings plans"),
    ("Net gains on the related hedges were $14 million in 2021.", "$14 million", "Net gains on the related hedges"),
    ("The carrying value of this term loan was approximately $640 million at year end.", "$640 million",
     "carrying value of this term loan"),
    ("Compensation cost attributed to unvested awards in 2021 and 2020 was $12 million and $9 million, "
     "respectively.", "$12 million", "Compensation cost attributed to unvested awards"),
    # a booking participle closes the phrase ("allocated to", "recorded in"): the train split's convention
    ("Net income allocated to participating securities in 2021 was $12 million.", "$12 million", "Net income"),
    ("Software license revenue for 2021 and 2020 was $310 million and $280 million, respectively.",
     "$310 million", "Software license revenue"),
    ("Other (income) expense was $21 million in 2021.", "$21 million", "Other (income) expense"),
    ("The Company recorded a net reduction in sales of $65 million.", "$65 million", "net reduction in sales"),
    ("Short-Term Borrowings Short-term borrowings were $2.5 billion at year end.", "$2.5 billion",
     "Short-term borrowings"),
    ("Employee related severance costs were $19 million in 2021.", "$19 million", "Employee related severance costs"),
    # a post-modifier is the phrase's only in subject position, not after a value
    ("Restructuring expense was $30 million, related to the closure of two plants.", "$30 million",
     "Restructuring expense"),
]


@pytest.mark.parametrize("text, value_text, metric_text", EXTENT)
def test_metric_phrase_extent(text, value_text, metric_text):
    row = _row(text, value_text)
    assert _text(row, "metric_text") == metric_text, _describe(row)
    assert text[int(row["metric_start"]):int(row["metric_end"])] == metric_text


# ------------------------------------------------------------------ open vocabulary
# a phrase no lexicon entry names: the subject, over periods, participles and lists
OPEN = [
    ("The valuation reserve of $410 million related to foreign tax credits was unchanged.", "$410 million",
     "valuation reserve"),
    ("Cash payments for leases recorded in the balance sheet were $936 million and $914 million in 2021 and "
     "2020, respectively.", "$914 million", "Cash payments for leases"),
    ("Total lease cost for the year ended June 30, 2021 was $341 million.", "$341 million", "Total lease cost"),
    ("Membership deferrals for 2021 and 2020 were $123 million and $99 million, respectively.", "$123 million",
     "Membership deferrals"),
    ("The company made cash contributions of $15 million to the plans.", "$15 million", "cash contributions"),
    ("Acme capitalized $347 million and $314 million of internal-use software costs in 2021 and 2020, "
     "respectively.", "$314 million", "internal-use software costs"),
    ("In 2021 and 2020, $711 million and $625 million, respectively, of the reserves relate to litigation.",
     "$711 million", "reserves"),
    ("The settlement liability for the Consumer Privacy Act (CPA) of $650 million was paid in 2021.",
     "$650 million", "settlement liability for the Consumer Privacy Act"),
    ("Lease expense was $416 million in 2021 ($385 million in 2020 and $331 million in 2019).", "$385 million",
     "Lease expense"),
]


@pytest.mark.parametrize("text, value_text, metric_text", OPEN)
def test_open_vocabulary_phrase(text, value_text, metric_text):
    row = _row(text, value_text)
    assert _text(row, "metric_text") == metric_text, _describe(row)


# ------------------------------------------------------------------ parent metrics
# (value, metric_text, parent_metric_text)
PARENTS = [
    ("Operating expenses were $5.1 billion, of which $1.2 billion related to research and development.",
     "$1.2 billion", "research and development", "Operating expenses"),
    ("The Company retired $576 million of fully depreciated intangible assets, of which $485 million were "
     "included in developed technology, $57 million in customer relationships and $34 million in other.",
     "$57 million", "customer relationships", "fully depreciated intangible assets"),
    ("Lease expense was $416 million in 2021, including $237 million in variable lease expense.",
     "$237 million", "variable lease expense", "Lease expense"),
    ("Held-for-sale assets of $272 million, consisting of $142 million of inventories and $130 million of "
     "receivables, were reclassified.", "$130 million", "receivables", "Held-for-sale assets"),
    ("Other expense, net includes $81 million of financing costs for a terminated acquisition.", "$81 million",
     "financing costs for a terminated acquisition", "Other expense, net"),
    ("The balance at December 31, 2021 includes $148 million of accrued penalties.", "$148 million",
     "accrued penalties", "balance"),
    ("Approximately $15 million of stock-based compensation was recorded in research and development expense.",
     "$15 million", "stock-based compensation", "research and development expense"),
    ("Cost of revenues was RMB 1.3 billion, of which IDC costs were RMB 800 million.", "RMB 800 million",
     "IDC costs", "Cost of revenues"),
]


@pytest.mark.parametrize("text, value_text, metric_text, parent_text", PARENTS)
def test_parent_metric(text, value_text, metric_text, parent_text):
    row = _row(text, value_text)
    assert _text(row, "metric_text") == metric_text, _describe(row)
    assert _text(row, "parent_metric_text") == parent_text, _describe(row)
    assert text[int(row["parent_metric_start"]):int(row["parent_metric_end"])] == parent_text


# no parent where the sentence says no part: a booking read the other way, a table, a
# restatement, a per-share amount, a clause of its own
NO_PARENT = [
    ("Collateral received is included in accrued liabilities and totaled $35 million.", "$35 million"),
    ("Revenue by region consists of the following (in millions): U.S. revenue was $36.2 billion.", "$36.2 billion"),
    ("The net loss of $112 million represented a loss of $1.46 per share.", "$1.46 per share"),
    ("Net income was $40 million, including a $12 million gain, and we repaid $300 million of notes.",
     "$300 million"),
    ("Total liquidity was $900 million, including cash of $500 million, and capital spending was $80 million.",
     "$80 million"),
    ("Revenue was $500 million in 2021.", "$500 million"),
]


@pytest.mark.parametrize("text, value_text", NO_PARENT)
def test_no_parent_metric(text, value_text):
    row = _row(text, value_text)
    assert _text(row, "parent_metric_text") is None, _describe(row)
    assert pd.isna(row["parent_metric_start"]) and pd.isna(row["parent_metric_end"])


def test_parent_of_a_lexicon_item_keeps_both_ids():
    row = _row("Cost of revenues was RMB 1.3 billion, of which IDC costs were RMB 800 million.", "RMB 800 million")
    assert (row["metric"], row["parent_metric"]) == ("idc_cost", "cost_of_revenue"), _describe(row)


# ------------------------------------------------------------------ verbs, headings, lists, "resulted in"
CARRIERS = [
    # verbs carry the metric (a repurchase frame)
    ("We repurchased 12 million shares for $1.2 billion in fiscal 2021.", "$1.2 billion", "repurchased"),
    # quoted statement lines paired by "respectively"
    ("Lines affected were “Funds receivable” and “Funds payable,” which increased by $9 million and decreased "
     "by $49 million, respectively.", "$9 million", "Funds receivable"),
    ("Lines affected were “Funds receivable” and “Funds payable,” which increased by $9 million and decreased "
     "by $49 million, respectively.", "$49 million", "Funds payable"),
    # "respectively" lists of lexicon metrics keep their pairs
    ("Fulfillment costs and other costs were $155 million and $48 million, respectively.", "$48 million",
     "other costs"),
    # a subject far to the left through "which resulted in"
    ("In 2021 we unwound hedges of our equity securities, which resulted in a $902 million loss.",
     "$902 million", "hedges of our equity securities"),
]


@pytest.mark.parametrize("text, value_text, metric_text", CARRIERS)
def test_metric_carriers(text, value_text, metric_text):
    row = _row(text, value_text)
    assert _text(row, "metric_text") == metric_text, _describe(row)


# ------------------------------------------------------------------ the columns
def test_parent_columns_in_the_contract():
    for name, dtype in (("parent_metric", "string"), ("parent_metric_text", "string"),
                        ("parent_metric_start", "Int64"), ("parent_metric_end", "Int64")):
        assert name in COLUMNS
        assert str(SCHEMA.dtypes[name]) == dtype
    df = _extract("Revenue was $500 million in 2021.")
    assert [c for c in df.columns if c.startswith("parent_")] == [
        "parent_metric", "parent_metric_text", "parent_metric_start", "parent_metric_end"]
    assert str(df["parent_metric_start"].dtype) == "Int64"


def test_transcript_metric_text_keeps_its_reading():
    """A lexicon metric widened to its phrase keeps its id and reading (transcripts too)."""
    row = _row("Adjusted gross profit was RMB 150 million this quarter.", "RMB 150 million")
    assert row["metric"] == "gross_profit" and bool(row["adjusted"]) is True
    assert _text(row, "metric_text") == "Adjusted gross profit"
