"""The document stage: a call's reporting period read from its whole text, a call date, the
caller's period; the period mentions it weighs (table-driven, own short fixtures)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

import kpi_extract
from kpi_extract.document.call import read_call
from kpi_extract.document.period import PeriodModel
from kpi_extract.document.period_mentions import MentionGrammar
from kpi_extract.errors import ConfigError

GRAMMAR = MentionGrammar()


@pytest.mark.parametrize("text, kind, number, year, context", [
    ("Sales rose in the third quarter of 2021.", "quarter", 3, 2021, "plain"),
    ("up 5% compared to the third quarter of 2020", "quarter", 3, 2020, "comparison"),
    ("up 5% compared to the third quarter of 2019, two years ago", "quarter", 3, 2019, "comparison_two"),
    ("up 5% versus pre-pandemic levels in the third quarter of 2019", "quarter", 3, 2019, "comparison_two"),
    ("we expect growth in the fourth quarter of 2021", "quarter", 4, 2021, "forward"),
    ("We reported third quarter 2021 results today.", "quarter", 3, 2021, "report"),
    ("our fiscal 2022 first quarter", "quarter", 1, 2022, "report"),
    ("Q2 FY22 was strong", "quarter", 2, 2022, "past"),
    ("in Q2 FY22 sales rose", "quarter", 2, 2022, "plain"),
    ("the product launched in the fourth quarter of 2020", "quarter", 4, 2020, "past"),
    ("our best quarter since the second quarter of 2017", "quarter", 2, 2017, "past"),
    ("deposits were $1.5 billion below the first quarter of 2020", "quarter", 1, 2020, "comparison"),
    ("versus $113 million or $1.25 per share in the fourth quarter of 2019", "quarter", 4, 2019, "comparison"),
    ("2020 was a difficult year", "year", None, 2020, "past"),
    ("2022 will be a year of investment", "year", None, 2022, "forward"),
    ("we will open ten stores in 2023", "year", None, 2023, "forward"),
    ("we are off to a good start in 2024", "year", None, 2024, "ytd"),
    ("year-to-date in 2022 we repurchased shares", "year", None, 2022, "ytd"),
    ("the fund lowered its rate in January 2021", "date", 1, 2021, "past"),
    ("strong results in the first three quarters of 2021", "span", 3, 2021, "plain"),
    ("in the first two quarters of 2022 we grew", "span", 2, 2022, "plain"),
    ("traffic should approach pre-pandemic levels by the end of 2021", "year", None, 2021, "forward"),
    ("we expect costs to ease over the remainder of 2021", "year", None, 2021, "ytd"),
    ("let us turn to our updated 2021 guidance", "year", None, 2021, "guide"),
    ("if you go back a year earlier to Q4 2019, rates were higher", "quarter", 4, 2019, "comparison"),
    ("in 3Q21 we grew", "quarter", 3, 2021, "plain"),
    ("in the second quarter we grew", "quarter", 2, None, "plain"),
    ("We are raising our 2021 guidance.", "year", None, 2021, "guide"),
    ("for fiscal 2023 we see", "year", None, 2023, "fiscal_plain"),
    ("we expect fiscal 2023 sales to grow", "year", None, 2023, "fiscal_forward"),
    ("For the full year 2021, our tax rate was 21%", "year", None, 2021, "full_plain"),
    ("cash was $5 million as of September 30, 2021.", "date", 9, 2021, "as_of"),
    ("Revenue was $2,021 million.", None, None, None, None),
    ("we delivered strong fiscal '21 results", "year", None, 2021, "fiscal_past"),
    ("for fiscal year '23 we see", "year", None, 2023, "fiscal_plain"),
    ("in FY22 we grew", "year", None, 2022, "plain"),
    ("in F'24 we see", "year", None, 2024, "plain"),
    ("let us turn to our fiscal 22 outlook", "year", None, 2022, "guide"),
    ("in Q3, '21 we grew", "quarter", 3, 2021, "plain"),
    ("we gained share in fiscal 20% of our markets", None, None, None, None),
    ("the store runs fiscal 52 weeks", None, None, None, None),
    ("the F-22 program", None, None, None, None),
    ("see the risk factors in our 2020 annual report on Form 10-K", "year", None, 2020, "filing"),
    ("as described in our fiscal 2021 Form 10-K", "year", None, 2021, "filing"),
])
def test_period_mentions(text, kind, number, year, context):
    found = GRAMMAR.find(text)
    if kind is None:
        assert found == []
    else:
        m = found[0]
        assert (m.kind, m.number, m.year, m.context) == (kind, number, year, context)
        assert text[m.start:m.end] == m.text


def test_relative_year_of_a_quarter():
    m = GRAMMAR.find("the second quarter of last year")[0]
    assert (m.kind, m.number, m.year, m.relative_year) == ("quarter", 2, None, -1)


@pytest.mark.parametrize("text, year, period, source", [
    ("Welcome to the Acme Third Quarter 2021 Earnings Call.", 2021, "Q3", "title"),
    ("Globex Q2 FY2022 Results Conference Call\nOperator: Good day.", 2022, "Q2", "title"),
    ("Initech Earnings Call for the Quarter Ended March 31, 2023\nGood morning.", 2023, "Q1", "title"),
    ("Thanks. Sales in the second quarter rose 8% versus the second quarter of 2021, and we now expect "
     "fiscal 2022 revenue of $4 billion. Second quarter margins improved.", 2022, "Q2", "text"),
    ("Our fourth quarter results were solid. Fourth quarter revenue rose 9% from the fourth quarter of 2021. "
     "For 2023, we expect revenue growth of 4% to 6%. Looking at the full year 2022, revenue grew 7%.",
     2022, "Q4", "text"),
    ("Revenue grew 5% and margins improved.", None, None, None),       # no evidence
    ("Up 5% compared to the third quarter of 2020.", None, None, None),  # a comparison is no title
])
def test_read_call_from_the_text(text, year, period, source):
    r = read_call(text)
    assert (r.year, r.period, r.source) == (year, period, source)
    assert (r.note is None) == (year is not None)


def test_unknown_period_says_why():
    assert read_call("Revenue grew 5%.").note == "no quarter or year is mentioned"


def test_a_title_date_uses_the_fiscal_year_end():
    text = "Initech Earnings Call for the Quarter Ended December 31, 2024\nGood morning."
    assert (read_call(text).year, read_call(text).period) == (2024, "Q4")
    r = read_call(text, fiscal_year_end_month=9)
    assert (r.year, r.period) == (2025, "Q1")


@pytest.mark.parametrize("call_date, fye, naming, year, period", [
    ("2021-04-27", 12, "end", 2021, "Q1"),
    (dt.date(2021, 7, 29), 12, "end", 2021, "Q2"),
    (dt.datetime(2021, 10, 20, 8, 30), 12, "end", 2021, "Q3"),
    ("2022-02-03", 12, "end", 2021, "Q4"),
    ("2021-12-02", 10, "end", 2021, "Q4"),      # an October year end
    ("2021-03-03", 1, "end", 2021, "Q4"),       # a January year end, named by its end
    ("2021-03-03", 1, "start", 2020, "Q4"),     # ... or by its start, as many retailers do
    ("2021-06-01", 4, "end", 2021, "Q4"),       # an April year end
])
def test_call_date_gives_the_quarter_before(call_date, fye, naming, year, period):
    r = read_call("Revenue grew 5%.", call_date=call_date, fiscal_year_end_month=fye, fiscal_year_naming=naming)
    assert (r.year, r.period, r.source) == (year, period, "call_date")


def test_the_caller_wins_and_the_disagreement_is_noted():
    text = "Welcome to the Acme Third Quarter 2021 Earnings Call."
    r = read_call(text, call_date="2021-07-29")
    assert (r.year, r.period, r.source) == (2021, "Q2", "call_date")
    assert "2021 Q3" in r.note and "call date wins" in r.note
    r = read_call(text, reporting_period="2021Q2")
    assert (r.year, r.period, r.source, r.note) == (2021, "Q2", "given", None)


@pytest.mark.parametrize("bad", ["last week", "2021-13-01", 20210427, ["2021-04-27"]])
def test_bad_call_date_is_a_config_error(bad):
    with pytest.raises(ConfigError, match="call_date"):
        read_call("Revenue grew 5%.", call_date=bad)


def test_bad_naming_is_a_config_error():
    with pytest.raises(ConfigError, match="fiscal_year_naming"):
        read_call("Revenue grew 5%.", call_date="2021-04-27", fiscal_year_naming="middle")


def test_the_model_weights_are_data(tmp_path):
    """A model with no weights cannot tell candidates apart: it says so instead of guessing."""
    data = json.loads(json.dumps(PeriodModel().grammar.data))
    data["model"]["weights"] = {}
    text = ("Thanks. Sales in the second quarter rose 8% versus the second quarter of 2021, and we now expect "
            "fiscal 2022 revenue of $4 billion. Second quarter margins improved.")
    assert PeriodModel(data).read(text).found is False
    assert PeriodModel().read(text).found is True


def test_extract_reads_the_period_of_a_call_without_a_title():
    text = ("Thanks. Sales in the second quarter rose 8% versus the second quarter of 2021, and we now expect "
            "fiscal 2022 revenue of $4 billion. Second quarter margins improved.")
    df = kpi_extract.extract(text)
    assert set(zip(df["report_fiscal_year"], df["report_fiscal_period"])) == {(2022, "Q2")}


TITLE_Q3 = "Welcome to the Acme Third Quarter 2021 Earnings Call.\nRevenue was $5 million, up 3%."
PLAIN = "Revenue was $5 million, up 3%."


def _periods(df):
    return sorted(set(zip(df["doc_id"], df["report_fiscal_year"], df["report_fiscal_period"])))


def test_extract_call_date_and_naming():
    df = kpi_extract.extract(PLAIN, doc_id="a", call_date="2021-03-03", fiscal_year_end_month=1,
                             fiscal_year_naming="start")
    assert _periods(df) == [("a", 2020, "Q4")]


@pytest.mark.parametrize("n_process", [1, 2])
def test_extract_many_dict_items_carry_call_date_and_period(n_process):
    items = [{"doc_id": "a", "text": PLAIN, "call_date": "2021-07-28"},
             {"doc_id": "b", "text": PLAIN, "reporting_period": "2020Q4"},
             {"doc_id": "c", "text": PLAIN}]
    df = kpi_extract.extract_many(items, call_date=dt.date(2022, 2, 1), progress=False, n_process=n_process)
    assert _periods(df) == [("a", 2021, "Q2"), ("b", 2020, "Q4"), ("c", 2021, "Q4")]


def test_run_call_date_applies_to_items_without_their_own():
    items = [{"doc_id": "a", "text": PLAIN}, {"doc_id": "b", "text": PLAIN, "call_date": "2021-07-28"}]
    df = kpi_extract.extract_many(items, call_date="2022-02-01", progress=False)
    assert _periods(df) == [("a", 2021, "Q4"), ("b", 2021, "Q2")]


def test_unknown_period_warning_says_why():
    with pytest.warns(kpi_extract.errors.PeriodWarning, match=r"no quarter or year is mentioned"):
        kpi_extract.extract(PLAIN)


def test_caller_and_text_disagree_warning():
    with pytest.warns(kpi_extract.errors.PeriodWarning, match=r"gives 2021 Q2 but the text reads 2021 Q3"):
        df = kpi_extract.extract(TITLE_Q3, call_date="2021-07-28")
    assert set(df["report_fiscal_period"]) == {"Q2"}


@pytest.mark.parametrize("item, match", [
    ({"text": PLAIN, "call_date": "soon"}, "item 0: call_date"),
    ({"text": PLAIN, "reporting_period": "next"}, "item 0: cannot read reporting_period"),
])
def test_bad_item_metadata_is_an_input_type_error(item, match):
    with pytest.raises(kpi_extract.InputTypeError, match=match):
        kpi_extract.extract_many([item], progress=False)


@pytest.mark.parametrize("option, value", [("call_date", "soon"), ("fiscal_year_naming", "middle")])
def test_bad_options_are_config_errors(option, value):
    with pytest.raises(ConfigError):
        kpi_extract.extract(PLAIN, **{option: value})


@pytest.mark.parametrize("text, fye", [
    ("Our second quarter, which ended on May 31, 2021, was strong.", 11),
    ("The first quarter of fiscal 2022 ended October 31.", 7),
    ("We report for the fiscal year ending in September.", 9),
    ("The fourth quarter ended December 31.", 12),
    ("The third quarter ended September 30 and the fiscal year ending in June.", None),   # they disagree
    ("Revenue grew 5%.", None),
])
def test_fiscal_year_end_read_from_the_text(text, fye):
    assert GRAMMAR.fiscal_year_end(text) == fye


def test_the_texts_fiscal_year_end_places_dates_unless_given():
    text = ("Initech Earnings Call\nOur first quarter, which ended on April 30, 2022, was strong. "
            "Cash was $40 million as of January 31, 2022.")
    df = kpi_extract.extract(text, reporting_period="2022Q1")
    cash = df[df["value_text"] == "$40 million"].iloc[0]
    assert (cash["fiscal_year"], cash["fiscal_period"]) == (2022, "Q4")        # January 2022 ends fiscal 2022
    df = kpi_extract.extract(text, reporting_period="2022Q1", fiscal_year_end_month=12)
    cash = df[df["value_text"] == "$40 million"].iloc[0]
    assert (cash["fiscal_year"], cash["fiscal_period"]) == (2022, "Q1")        # the caller's calendar year wins
    assert read_call(text).fiscal_year_end_month == 1


@pytest.mark.parametrize("text, kind", [
    ("Unless otherwise noted, all per-share figures are on an adjusted basis.", "per_share"),
    ("Unless otherwise noted, all EPS figures are non-GAAP.", "per_share"),
    ("Our comments today will be on a non-GAAP basis.", "all"),
    ("During our discussion, our comments will be on a non-GAAP basis, unless they are called out as GAAP.", "all"),
    ("My remarks will be on an adjusted basis.", "all"),
    ("Our comments will be on both a GAAP and non-GAAP basis.", None),
    ("Unless stated otherwise, our remarks refer to adjusted results.", "all"),
    ("We will discuss non-GAAP measures, which are reconciled in our release.", None),  # an announcement
    ("Adjusted EPS was $1.20.", None),                                                   # one figure's basis
    ("Unless otherwise noted, growth rates are organic.", None),                         # not the adjusted flag
    ("As a reminder, I'll be referring to adjusted results today.", "all"),
    ("My remarks will focus on our as-adjusted results.", "all"),
    ("Today we will discuss non-GAAP basis figures throughout.", "all"),
    ("As used on this call, earnings means adjusted earnings.", "all"),
    ("When we say EBITDA, it means adjusted EBITDA.", "all"),
    ("I'll refer to both GAAP and non-GAAP results.", None),                            # both bases
    ("We present our results on both a GAAP and non-GAAP basis.", None),
    ("In addition to our reported results, we will also discuss our adjusted results.", None),
    ("I will speak to several adjusted amounts.", None),                                 # not all of them
    ("The table shows the breakdown of the adjusted earnings by segment.", None),         # no one speaking
    ("During the call we will refer to non-GAAP financial measures.", None),              # an announcement
])
def test_adjusted_scope_statements(text, kind):
    from kpi_extract.document.scope import read_adjusted_scope
    scope = read_adjusted_scope(text)
    assert (scope.kind if scope else None) == kind


@pytest.mark.parametrize("opening, expected", [
    ("Unless otherwise noted, all per-share figures are on an adjusted basis.",
     {"$1.20": True, "$0.90": False, "$5 billion": False, "12%": False}),
    ("Our comments today will be on an adjusted basis unless otherwise indicated.",
     {"$1.20": True, "$0.90": False, "$5 billion": False, "12%": True}),
    ("Good morning.", {"$1.20": False, "$0.90": False, "$5 billion": False, "12%": False}),
])
def test_a_scope_statement_sets_the_adjusted_flag_it_covers(opening, expected):
    text = opening + "\nEPS was $1.20. GAAP EPS was $0.90. Revenue was $5 billion. Operating margin was 12%."
    df = kpi_extract.extract(text, reporting_period="2021Q3")
    assert dict(zip(df["value_text"], df["adjusted"].astype(bool))) == expected


# ---------------------------------------------------------------- odd input (review findings)
def test_a_missing_call_date_is_no_date():
    import pandas as pd
    df = kpi_extract.extract_many([{"text": PLAIN, "doc_id": "a", "call_date": pd.NaT}], reporting_period="2021Q1",
                                  progress=False)
    assert _periods(df) == [("a", 2021, "Q1")]


def test_blank_text_gives_no_period_warning():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert kpi_extract.extract("   \n").empty


def test_a_documents_own_call_date_wins_over_the_runs_period():
    items = [{"doc_id": "a", "text": PLAIN, "call_date": "2021-04-27"}, {"doc_id": "b", "text": PLAIN}]
    df = kpi_extract.extract_many(items, reporting_period="2019Q1", progress=False)
    assert _periods(df) == [("a", 2021, "Q1"), ("b", 2019, "Q1")]


def test_the_runs_period_wins_over_the_runs_call_date():
    df = kpi_extract.extract(PLAIN, doc_id="a", reporting_period="2019Q1", call_date="2021-04-27")
    assert _periods(df) == [("a", 2019, "Q1")]


def test_start_naming_applies_to_the_texts_dates_too():
    text = ("Initech Earnings Call for the Quarter Ended October 30, 2021\n"
            "Cash was $40 million as of October 30, 2021.")
    r = read_call(text, fiscal_year_end_month=1, fiscal_year_naming="start")
    assert (r.year, r.period) == (2021, "Q3")
    df = kpi_extract.extract(text, fiscal_year_end_month=1, fiscal_year_naming="start")
    assert set(zip(df["fiscal_year"], df["fiscal_period"])) == {(2021, "Q3")}


@pytest.mark.parametrize("kwargs, error", [
    ({"text": None}, kpi_extract.InputTypeError),
    ({"text": b"Q3 2021"}, kpi_extract.InputTypeError),
    ({"text": "x", "fiscal_year_end_month": 13}, ConfigError),
    ({"text": "x", "fiscal_year_end_month": "9"}, ConfigError),
    ({"text": "x", "fiscal_year_naming": "middle"}, ConfigError),
])
def test_read_call_checks_its_input(kwargs, error):
    text = kwargs.pop("text")
    with pytest.raises(error):
        read_call(text, **kwargs)


def test_candidates_are_bounded_however_many_years_a_text_names():
    """A text naming every year from 1950 on: the candidates stay around the years said most
    (each scores every mention, so a candidate per year named made long texts quadratic)."""
    text = " ".join(f"In {y} sales grew. The third quarter of {y} was good." for y in range(1950, 2090))
    text += " The third quarter of 2021 was good." * 5
    mentions = GRAMMAR.find(text)
    cands = PeriodModel.candidates(mentions)
    assert len(cands) <= 4 * 3 * 4 and (2021, 3) in cands


_PAD = "Revenue grew this quarter and demand held up well. " * 300  # past the opening window


@pytest.mark.parametrize("statement, after, before", [
    ("Before I start, note that I'll be speaking primarily to non-GAAP results.", True, False),
    ("My remarks today will focus on our adjusted financial results.", True, False),
    ("I will be referring to non-GAAP numbers throughout.", True, False),
    ("We will discuss GAAP and non-GAAP results in the release.", False, False),
    ("Our adjusted EBITDA margin improved.", False, False),
])
def test_a_late_discussion_statement_covers_what_follows(statement, after, before):
    from kpi_extract.document.scope import read_adjusted_scope
    text = _PAD + statement + " EPS was $2.61."
    scope = read_adjusted_scope(text)
    row_after = {"unit": "USD/share", "metric": "eps", "start": len(text) - 6}
    row_before = {"unit": "USD/share", "metric": "eps", "start": 10}
    assert (scope is not None and scope.covers(row_after)) is after
    assert (scope is not None and scope.covers(row_before)) is before


@pytest.mark.parametrize("metric, unit, covered", [
    ("eps", "USD/share", True),
    ("dividend_per_share", "USD/share", False),
    ("book_value_per_share", "USD/share", False),
])
def test_a_scope_never_covers_a_dividend(metric, unit, covered):
    from kpi_extract.document.scope import read_adjusted_scope
    scope = read_adjusted_scope("Unless otherwise noted, all per-share figures are on an adjusted basis. EPS was $1.")
    assert scope.covers({"unit": unit, "metric": metric, "start": 80}) is covered


@pytest.mark.parametrize("metric, unit, covered", [
    ("operating_margin", "percent", True),
    ("net_income", "USD", False),  # named after "except for": as reported
    ("gross_margin", "percent", True),
])
def test_a_scope_leaves_out_the_metrics_it_excepts(metric, unit, covered):
    from kpi_extract.document.scope import read_adjusted_scope
    scope = read_adjusted_scope("All financial figures we will discuss today are non-GAAP except for revenues, net "
                                "income and RPO. Operating margin was 25%.")
    assert scope.covers({"unit": unit, "metric": metric, "start": 120}) is covered
