"""Table-driven tests of period references and their resolution (issue 5).

Two levels: the grammar and resolver alone (``PeriodGrammar().find`` + ``resolve``,
``detect_reporting_period``; the calendar in tests/test_fiscal.py), and end to end through
``kpi_extract.extract``, where a value row must carry ``fiscal_year``, ``fiscal_period`` and
the ``period_text`` it was resolved from. Every sentence is invented for these tests.

Cases marked ``xfail(strict=True)`` state what the contract (shared/CONTRACT.md) and the
issue ask and the code does not do yet; remove the mark when it is fixed.
"""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

import kpi_extract
from kpi_extract import lexicon
from kpi_extract.errors import PeriodWarning
from kpi_extract.pipeline.periods.grammar import PeriodGrammar
from kpi_extract.pipeline.periods.reporting import detect_reporting_period, resolve

Q4_22 = (2022, "Q4")
Q1_23 = (2023, "Q1")
A, G, T = "actual", "guidance", "target"

_GRAMMAR = PeriodGrammar()


# --------------------------------------------------------- (a) grammar + resolver
# text, the period words find() must tag (contained in the span), report, role, expected
GRAMMAR = [
    ("Sales were $5 million in Q4 2022.", "Q4 2022", Q4_22, A, (2022, "Q4")),
    ("Sales were $5 million in 4Q22.", "4Q22", Q4_22, A, (2022, "Q4")),
    ("Sales were $5 million in Q3 2021.", "Q3 2021", Q1_23, A, (2021, "Q3")),
    ("Sales in the fourth quarter of 2022 were $5 million.", "fourth quarter of 2022", Q1_23, A, (2022, "Q4")),
    ("Sales in the fourth quarter were $5 million.", "the fourth quarter", Q4_22, A, (2022, "Q4")),
    ("Sales in the fourth quarter were $5 million.", "the fourth quarter", Q1_23, A, (2022, "Q4")),
    ("Sales in the fourth quarter of last year were $5 million.", "of last year", Q1_23, A, (2022, "Q4")),
    ("Sales in the second quarter last year were $5 million.", "second quarter last year", Q4_22, A, (2021, "Q2")),
    ("For the first quarter, we expect sales of $5 million.", "the first quarter", Q4_22, G, (2023, "Q1")),
    ("For the second quarter, we expect sales of $5 million.", "the second quarter", Q1_23, G, (2023, "Q2")),
    ("Sales for the full year 2022 were $20 million.", "full year 2022", Q4_22, A, (2022, "FY")),
    ("FY2022 sales were $20 million.", "FY2022", Q4_22, A, (2022, "FY")),
    ("Sales for fiscal 2023 should reach $25 million.", "fiscal 2023", Q4_22, G, (2023, "FY")),
    ("Sales in fiscal year 2022 were $20 million.", "fiscal year 2022", Q4_22, A, (2022, "FY")),
    ("Sales in the first half were $9 million.", "first half", Q4_22, A, (2022, "H1")),
    ("Sales in the first half were $9 million.", "first half", Q1_23, A, (2022, "H1")),
    ("For the first half, we expect sales of $11 million.", "first half", Q4_22, G, (2023, "H1")),
    ("Sales in H1 2023 should reach $11 million.", "H1 2023", Q4_22, G, (2023, "H1")),
    ("Sales in the second half of 2023 should reach $12 million.", "second half of 2023", Q4_22, G, (2023, "H2")),
    ("Sales for the nine months ended September 30, 2022 rose.", "nine months ended", Q4_22, A, (2022, "9M")),
    ("Sales for the six months ended June 30, 2023 were $10 million.", "six months ended", Q4_22, A, (2023, "H1")),
    ("Sales for the three months ended March 31 were $4 million.", "three months ended", Q1_23, A, (2023, "Q1")),
    ("Sales for the three months ended March 31 were $4 million.", "three months ended", Q4_22, A, (2022, "Q1")),
    ("For 2023, we expect sales of $26 million.", "2023", Q4_22, G, (2023, "FY")),
    ("Sales were $5 million this quarter.", "this quarter", Q4_22, A, (2022, "Q4")),
    ("Sales were $5 million this quarter.", "this quarter", Q1_23, A, (2023, "Q1")),
    ("Sales were $4 million last quarter.", "last quarter", Q4_22, A, (2022, "Q3")),
    ("Sales were $4 million last quarter.", "last quarter", Q1_23, A, (2022, "Q4")),
    ("Sales were $3 million in the same period last year.", "same period last year", Q4_22, A, (2021, "Q4")),
    ("Sales were $3 million in the same period last year.", "same period last year", Q1_23, A, (2022, "Q1")),
    ("Sales were $18 million in the prior year.", "prior year", Q4_22, A, (2021, "FY")),
    ("We expect sales of $6 million next quarter.", "next quarter", Q4_22, G, (2023, "Q1")),
    ("We expect sales of $26 million in the coming year.", "coming year", Q4_22, G, (2023, "FY")),
    ("We aim for sales of $40 million by the end of 2024.", "end of 2024", Q4_22, T, (2024, "FY")),
    ("We aim for sales of $40 million by 2025.", "2025", Q4_22, T, (2025, "FY")),
    ("Cash was $30 million as of December 31, 2022.", "December 31, 2022", Q4_22, A, (2022, "Q4")),
]

# fiscal years ending in September (9) and June (6): text, words, report, fye month, expected
GRAMMAR_FYE = [
    ("Cash was $30 million as of December 31, 2022.", "December 31, 2022", Q1_23, 9, (2023, "Q1")),
    ("Cash was $28 million as of September 30, 2022.", "September 30, 2022", Q1_23, 9, (2022, "Q4")),
    ("Sales for the nine months ended June 30, 2023 were $15 million.", "nine months ended", Q4_22, 9, (2023, "9M")),
    ("Sales for the six months ended March 31, 2023 were $10 million.", "six months ended", Q4_22, 9, (2023, "H1")),
    ("Sales for the three months ended March 31, 2023 were $4 million.", "three months ended", Q4_22, 6, (2023, "Q3")),
]


def _tagged(text: str, words: str) -> dict:
    found = [(text[p["start"]:p["end"]], p["ref"]) for p in _GRAMMAR.find(text)]
    hits = [ref for span, ref in found if words.lower() in span.lower()]
    assert hits, f"{words!r} not tagged; found {found}"
    return hits[0]


@pytest.mark.parametrize("text, words, report, role, expected", GRAMMAR)
def test_grammar_and_resolve(text, words, report, role, expected):
    ref = _tagged(text, words)
    assert resolve(ref, report, role=role) == expected, ref


@pytest.mark.parametrize("text, words, report, fye, expected", GRAMMAR_FYE)
def test_grammar_and_resolve_fiscal_year_end(text, words, report, fye, expected):
    ref = _tagged(text, words)
    assert resolve(ref, report, role=A, fye_month=fye) == expected, ref


@pytest.mark.parametrize("text", [
    "Revenue was $5 million, and we served 300 customers at 10:30.",
    "Please call 555-0100 for the replay of GPT 3.5 discussion.",
    "Section 4 of the agreement covers two things.",
])
def test_grammar_finds_no_period(text):
    assert _GRAMMAR.find(text) == []


@pytest.mark.parametrize("ref, report, expected", [
    ({"dq": 0}, None, (None, None)),
    ({"same": -1}, None, (None, None)),
    ({"y": 2021, "p": "Q2"}, None, (2021, "Q2")),
    (None, Q4_22, (None, None)),
])
def test_resolve_without_report(ref, report, expected):
    assert resolve(ref, report) == expected


@pytest.mark.parametrize("text, fye, expected", [
    ("Fourth Quarter and Full Year 2022 Earnings Call", 12, (2022, "Q4")),
    ("Welcome to the Fourth Quarter and Fiscal Year 2022 Earnings Conference Call.", 12, (2022, "Q4")),
    ("Acme Corp Q3 2021 earnings call transcript", 12, (2021, "Q3")),
    ("Thank you for joining our 2023 second quarter results call.", 12, (2023, "Q2")),
    ("We are pleased to report results for the quarter ended March 31, 2023.", 12, (2023, "Q1")),
    ("We are pleased to report results for the quarter ended March 31, 2023.", 6, (2023, "Q3")),
    ("We are pleased to report results for the quarter ended December 31, 2022.", 9, (2023, "Q1")),
    ("Earnings Conference Call for the Quarter Ended December 31, 2024", 9, (2025, "Q1")),
    ("Earnings Conference Call for the Quarter Ended December 31, 2024", 12, (2024, "Q4")),
    ("Results for the fiscal quarter ending June 30, 2024", 9, (2024, "Q3")),
    ("Results for the QUARTER ENDED March 31, 2024", 12, (2024, "Q1")),
    ("Acme Corp Q2 2024 Earnings Call", 12, (2024, "Q2")),
    ("Acme Corp reports second quarter fiscal 2024 results", 12, (2024, "Q2")),
    ("Fabrikam Fiscal 2024 Fourth Quarter Results Conference Call", 9, (2024, "Q4")),
    ("The quarter ended strongly; we thank our employees.", 12, None),
    ("Full Year 2022 results call", 12, (2022, "FY")),
    ("Hello and welcome, everyone. Revenue grew nicely.", 12, None),
])
def test_detect_reporting_period(text, fye, expected):
    assert detect_reporting_period(text, fye_month=fye) == expected


def test_opening_ordinals_have_a_number():
    data = lexicon.packaged("periods.json")
    assert set(data["opening_ordinals"]) <= set(data["ordinals"])


#: words added to the packaged opening_* lists, a text they announce a period in, and that period
@pytest.mark.parametrize("extra, text, expected", [
    ({}, "Results for the period ended March 31, 2023", None),
    ({"opening_quarter_ended": ["period ended"]}, "Results for the period ended March 31, 2023", (2023, "Q1")),
    ({}, "Full Year 2022 Conference Call", None),
    ({"opening_year_results": ["conference call"]}, "Full Year 2022 Conference Call", (2022, "FY")),
    ({}, "Our 3rd quarter 2023 call", None),
    ({"opening_ordinals": ["3rd"]}, "Our 3rd quarter 2023 call", (2023, "Q3")),
])
def test_detect_reporting_period_with_extended_words(extra, text, expected):
    grammar = PeriodGrammar(lexicon.merge(lexicon.packaged("periods.json"), extra))
    assert detect_reporting_period(text, grammar=grammar) == expected


# ------------------------------------------------------------------ (b) end to end
FROM_TO = "Gross profit decreased from $90 million in the same period last year to $80 million this quarter."
IDC = "IDC costs decreased by 20% year-over-year from RMB 1,321.9 million to RMB 1,057.6 million this quarter."
RANGE_Q1 = "For the first quarter, we expect revenue to be between $50 million and $54 million."
C22, C23 = "2022Q4", "2023Q1"  # the calls: a Q4 2022 call and a Q1 2023 call

# text, reporting period, value_text, fiscal_year, fiscal_period, words in period_text (None: no cue)
E2E = [
    ("Revenue was $50 million in Q4 2022.", C22, "$50 million", 2022, "Q4", "Q4 2022"),
    ("Revenue was $50 million in 4Q22.", C22, "$50 million", 2022, "Q4", "4Q22"),
    ("Revenue for the fourth quarter of 2022 was $50 million.", C22, "$50 million", 2022, "Q4", "quarter of 2022"),
    ("Revenue in the fourth quarter was $50 million.", C22, "$50 million", 2022, "Q4", "fourth quarter"),
    ("Revenue for the full year 2022 was $200 million.", C22, "$200 million", 2022, "FY", "full year 2022"),
    ("FY2022 revenue was $200 million.", C22, "$200 million", 2022, "FY", "FY2022"),
    ("Revenue for fiscal 2023 is expected to be $250 million.", C22, "$250 million", 2023, "FY", "fiscal 2023"),
    ("Revenue in the first half was $90 million.", C22, "$90 million", 2022, "H1", "first half"),
    ("We expect revenue of $120 million in H1 2023.", C22, "$120 million", 2023, "H1", "H1 2023"),
    ("Revenue for the nine months ended September 30, 2022 was $150 million.", C22, "$150 million", 2022, "9M", "nine"),
    ("Revenue for the three months ended March 31 was $45 million.", C23, "$45 million", 2023, "Q1", "three months"),
    ("For 2023, we expect revenue of $260 million.", C22, "$260 million", 2023, "FY", "2023"),
    ("Revenue was $50 million this quarter.", C22, "$50 million", 2022, "Q4", "this quarter"),
    ("Revenue was $48 million last quarter.", C22, "$48 million", 2022, "Q3", "last quarter"),
    ("Revenue was $40 million in the same period last year.", C22, "$40 million", 2021, "Q4", "same period last year"),
    ("Revenue was $180 million in the prior year.", C22, "$180 million", 2021, "FY", "prior year"),
    ("We expect revenue of $55 million next quarter.", C22, "$55 million", 2023, "Q1", "next quarter"),
    ("We expect revenue to reach $260 million in the coming year.", C22, "$260 million", 2023, "FY", "coming year"),
    ("We aim to reach revenue of $400 million by the end of 2024.", C22, "$400 million", 2024, "FY", "end of 2024"),
    ("We aim to reach 10,000 customers by 2025.", C22, "10,000 customers", 2025, "FY", "2025"),
    ("Cash was $300 million as of December 31, 2022.", C22, "$300 million", 2022, "Q4", "December 31, 2022"),
    ("Revenue for the quarter ended June 30, 2022 was $45 million.", C22, "$45 million", 2022, "Q2", "June 30, 2022"),
    # no period words: the reporting period for actuals and changes
    ("Revenue was $50 million.", C22, "$50 million", 2022, "Q4", None),
    ("Revenue increased by 10% year-over-year.", C22, "10%", 2022, "Q4", None),
    # a year boundary: a Q1 2023 call
    ("Revenue in the fourth quarter of last year was $60 million.", C23, "$60 million", 2022, "Q4", "of last year"),
    ("Revenue was $60 million in the fourth quarter.", C23, "$60 million", 2022, "Q4", "fourth quarter"),
    ("Revenue was $61 million last quarter.", C23, "$61 million", 2022, "Q4", "last quarter"),
    ("Revenue was $55 million in the same period last year.", C23, "$55 million", 2022, "Q1", "same period last year"),
    ("Revenue was $60 million in the first half.", C23, "$60 million", 2022, "H1", "first half"),
    # guidance in a Q4 call is for next year
    ("For the first quarter, we expect revenue of $52 million.", C22, "$52 million", 2023, "Q1", "first quarter"),
    (RANGE_Q1, C22, "$54 million", 2023, "Q1", "first quarter"),
    ("For the full year, we expect revenue of $240 million.", C22, "$240 million", 2023, "FY", "full year"),
    ("For the first half, we expect revenue of $110 million.", C22, "$110 million", 2023, "H1", "first half"),
    # "full year" actuals in a Q4 call
    ("Revenue for the full year was $200 million.", C22, "$200 million", 2022, "FY", "full year"),
    # from A in the same period last year to B this quarter; a change gets the later period
    (FROM_TO, C22, "$90 million", 2021, "Q4", "same period last year"),
    (FROM_TO, C22, "$80 million", 2022, "Q4", "this quarter"),
    (IDC, C22, "20%", 2022, "Q4", None),
    (IDC, C22, "RMB 1,321.9 million", 2021, "Q4", None),
    (IDC, C22, "RMB 1,057.6 million", 2022, "Q4", "this quarter"),
    ("Gross margin was 42%, up from 39% a year ago.", C22, "39%", 2021, "Q4", "a year ago"),
    # a lone "from A" right after a change: A is the comparison period's level
    ("Revenue was $11 million, up 8% year-over-year from $10.2 million.", C22, "$10.2 million", 2021, "Q4", None),
    ("Revenue was $11 million, up 8% year-over-year from $10.2 million.", C22, "$11 million", 2022, "Q4", None),
    ("Net income decreased 5% sequentially from $4.0 million.", C22, "$4.0 million", 2022, "Q3", None),
    ("Revenue rose 12% from $10.0 million in 2020.", C22, "$10.0 million", 2020, "FY", "in 2020"),
    ("Revenue rose 12%, and gross profit was $3 million, up from $2 million.", C22, "$2 million", 2022, "Q4", None),
    # ... not a "from" that belongs to something else
    ("Revenue grew 12% year-over-year, benefiting from $50 million of new contracts.", C22, "$50 million", 2022,
     "Q4", None),
    ("Revenue rose 5% sequentially, excluding a gain from $3 million of asset sales.", C22, "$3 million", 2022,
     "Q4", None),
    # a range for the quarter ahead is its outlook, not last year's quarter ...
    ("The revenue range for the second quarter is between $270 million and $300 million.", C23, "$270 million",
     2023, "Q2", "the second quarter"),
    ("For the first quarter, revenue is between $50 million and $55 million.", C22, "$55 million", 2023, "Q1",
     "first quarter"),
    # ... but not a range for a quarter behind, nor a level
    ("In the fourth quarter, gross margin was between 40% and 42%.", C23, "40%", 2022, "Q4", "fourth quarter"),
    ("Revenue in the second quarter was $60 million.", C23, "$60 million", 2022, "Q2", "second quarter"),
    # an outlook announced for one period in a sentence of its own (or a paragraph of its own)
    ("Turning to our outlook for the first quarter. We expect revenue of $52 million.", C22, "$52 million",
     2023, "Q1", "the first quarter"),
    ("Turning to our outlook for the first quarter.\nWe expect revenue of $52 million.", C22, "$52 million",
     2023, "Q1", "the first quarter"),
    ("We had a good year. Turning to our outlook for the first quarter.\n\nWe expect revenue of $52 million.", C22,
     "$52 million", 2023, "Q1", "the first quarter"),
    # ... for two periods it says nothing about either
    ("Our outlook covers the first quarter and the full year. We expect revenue of $52 million.", C22,
     "$52 million", 2023, "FY", None),
    # ... and a level is not guidance
    ("Turning to our outlook for the first quarter. Revenue was $48 million.", C22, "$48 million", 2022, "Q4",
     None),
    # a year's quarter said in other words ("this year's third quarter", "Q1 of 2022", "2021's fourth quarter")
    ("EPS was $1.44 in this year's third quarter.", C22, "$1.44", 2022, "Q3", "this year's third quarter"),
    ("EPS was $0.87 in last year's fourth quarter.", C22, "$0.87", 2021, "Q4", "last year's fourth quarter"),
    ("EPS was $0.87 in 2021's fourth quarter.", C22, "$0.87", 2021, "Q4", "2021's fourth quarter"),
    ("For Q1 of 2022, we reported revenue of $609 million.", C22, "$609 million", 2022, "Q1", "Q1 of 2022"),
    ("For Q2 of '22, we reported revenue of $609 million.", C22, "$609 million", 2022, "Q2", "Q2 of '22"),
    ("3Q revenue is expected to be $70 million.", C22, "$70 million", 2023, "Q3", "3Q"),
    # a quarter said without its year before the value, the year after it
    ("First quarter net sales were $1.8 billion in 2022 and $1.7 billion in 2021.", C22, "$1.7 billion", 2021, "Q1",
     "First quarter net sales were $1.8 billion in 2022 and $1.7 billion in 2021"),
    ("In the second half, revenue was $9 million in 2021.", C22, "$9 million", 2021, "H2", "second half, revenue"),
    ("First quarter revenue was $9 million during fiscal 2021.", C22, "$9 million", 2021, "Q1",
     "First quarter revenue was $9 million during fiscal 2021"),
    # ... not when a value between took the quarter ("the first quarter" is the $5 million's)
    ("Revenue for the first quarter was $5 million, and $20 million in 2021.", C22, "$20 million", 2021, "FY",
     "in 2021"),
    # ... nor for an outlook: a year said with guidance is the year's
    ("Revenue for the first quarter was $5 million, and we expect $20 million in 2023.", C22, "$20 million", 2023,
     "FY", "in 2023"),
    # a speaker's correction: the period said second is meant
    ("We expect capex of $90 million to $110 million this quarter -- this year, sorry, for the project.", C22,
     "$90 million", 2023, "FY", "this year"),
    ("We expect capex of $100 million this quarter, I mean this year.", C22, "$100 million", 2023, "FY", "this year"),
    # a period said after "and" of an outlook that names its own: the next item's
    ("We expect our 2023 third quarter gross margin to be approximately 21.7% and further improvement in the fourth "
     "quarter.", C22, "21.7%", 2023, "Q3", "2023 third quarter"),
    # a causal phrase after an outlook: its period is the cause's
    ("We are raising our EPS guidance for full-year 2023 to $4.10, reflecting the strength of the quarter.", C22,
     "$4.10", 2023, "FY", "full-year 2023"),
    ("We now expect 2023 revenue of $9 billion, driven by demand in the second quarter.", C22, "$9 billion", 2023, "FY",
     "2023"),
    # a period that runs past a sentence break the sentencizer makes ("SEPT." ends a sentence)
    ("Cash was $2.1 billion as of SEPT. 30, 2022, and debt was $1 billion.", C22, "$2.1 billion", 2022, "Q3",
     "as of SEPT. 30, 2022"),
]

# a fiscal year ending in September: December 2022 is Q1 of fiscal 2023 (same columns)
E2E_FYE9 = [
    ("Revenue was $50 million this quarter.", C23, "$50 million", 2023, "Q1", "this quarter"),
    ("Cash was $30 million as of December 31, 2022.", C23, "$30 million", 2023, "Q1", "December 31, 2022"),
    ("Cash was $28 million as of September 30, 2022.", C23, "$28 million", 2022, "Q4", "September 30, 2022"),
    ("Revenue for the quarter ended December 31, 2022 was $5 million.", None, "$5 million", 2023, "Q1", "December 31"),
]

# the reporting period read from the text: text, value_text, fiscal_year, fiscal_period, words
HEAD_Q4 = "Fourth Quarter and Full Year 2022 Earnings Call\n"
HEAD_Q1 = "First Quarter 2023 Earnings Call\n"
HEAD_MAR = "We report results for the quarter ended March 31, 2023.\n"
MAR_SENT = "Revenue was $50 million, compared with $44 million last quarter."
E2E_FOUND = [
    (HEAD_Q4 + "Revenue was $50 million this quarter.", "$50 million", 2022, "Q4", "this quarter"),
    (HEAD_Q4 + "For the first quarter, we expect revenue of $52 million.", "$52 million", 2023, "Q1", "first quarter"),
    (HEAD_Q1 + "Revenue in the fourth quarter of last year was $6 million.", "$6 million", 2022, "Q4", "of last year"),
    (HEAD_Q1 + "Revenue was $60 million in the fourth quarter.", "$60 million", 2022, "Q4", "fourth quarter"),
    (HEAD_MAR + MAR_SENT, "$44 million", 2022, "Q4", "last quarter"),
    (HEAD_MAR + MAR_SENT, "$50 million", 2023, "Q1", None),
]


def _check_period(text, reporting_period, fye, value_text, year, period, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error", PeriodWarning)  # every case has a reporting period
        df = kpi_extract.extract(text, reporting_period=reporting_period, fiscal_year_end_month=fye)
    hits = df[df["value_text"] == value_text]
    assert len(hits), f"{value_text!r} not found; got {df['value_text'].tolist()}"
    row = hits.iloc[0]
    shown = row[["metric", "role", "fiscal_year", "fiscal_period", "period_text"]].to_dict()
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, period), shown
    if words is None:
        assert pd.isna(row["period_text"]), shown
    else:
        assert not pd.isna(row["period_text"]) and words.lower() in row["period_text"].lower(), shown
        assert row["period_text"] in text, shown


@pytest.mark.parametrize("text, reporting_period, value_text, year, period, words", E2E)
def test_extract_period(text, reporting_period, value_text, year, period, words):
    _check_period(text, reporting_period, 12, value_text, year, period, words)


@pytest.mark.parametrize("text, reporting_period, value_text, year, period, words", E2E_FYE9)
def test_extract_period_fiscal_year_end_september(text, reporting_period, value_text, year, period, words):
    _check_period(text, reporting_period, 9, value_text, year, period, words)


@pytest.mark.parametrize("text, value_text, year, period, words", E2E_FOUND)
def test_extract_period_report_from_text(text, value_text, year, period, words):
    _check_period(text, None, 12, value_text, year, period, words)


@pytest.mark.parametrize("text, report", [
    ("Fourth Quarter and Full Year 2022 Earnings Call\nRevenue was $50 million this quarter.", (2022, "Q4")),
    ("We report results for the quarter ended March 31, 2023.\nRevenue was $50 million.", (2023, "Q1")),
    ("Second Quarter 2022 Earnings Call\nRevenue was $50 million. Gross margin was 40%.", (2022, "Q2")),
])
def test_extract_reads_reporting_period(text, report):
    df = kpi_extract.extract(text)
    assert len(df)
    assert set(zip(df["report_fiscal_year"], df["report_fiscal_period"])) == {report}


@pytest.mark.parametrize("text, value_text", [
    ("Revenue was $50 million this quarter.", "$50 million"),
    ("Revenue was $50 million, up 5% from last quarter.", "5%"),
    ("Revenue was $40 million in the same period last year.", "$40 million"),
    ("Revenue was $50 million. Net income was $6 million.", "$6 million"),
])
def test_no_period_anywhere(text, value_text):
    with pytest.warns(PeriodWarning) as record:
        df = kpi_extract.extract(text)
    assert sum(issubclass(w.category, PeriodWarning) for w in record) == 1  # warned once
    row = df[df["value_text"] == value_text].iloc[0]
    assert pd.isna(row["fiscal_year"])
    assert df["report_fiscal_year"].isna().all()
