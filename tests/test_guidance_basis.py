"""Issue 19, items a reader tells apart: organic / core / constant-currency guides and actuals
are their own items (basis), segments said by name ("the Films business", "in North
America") are segment items, an actual's period words must fit the item's period kind, and
further not-a-guide rules (long-term targets, shares, sequential changes, impacts after the
value, "respectively" lists, decade phrases).

Rules are read on sentences first, then end to end on short fictional calls (our own
sentences) through ``extract`` and the tracker.
"""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

import kpi_extract
from kpi_extract.analysis.guidance_basis import TRACK_KEY, basis_of, basis_phrases, mark_bases
from kpi_extract.analysis.guidance_evidence import read_mention
from kpi_extract.analysis.guidance_read import recalled_only
from kpi_extract.analysis.guidance_segments import period_said_after, said_period_kind, segment_said, year_said_after
from kpi_extract.schema import HISTORY_SCHEMA, ITEM_KEY, TRACK_SCHEMA

ROW = {"comparison": None, "unit": "USD", "sentence": "", "period_text": None, "section": None, "segment": None}


# ------------------------------------------------------------------ basis
@pytest.mark.parametrize("before, after, metric_text, basis", [
    ("We expect organic revenue growth of ", ".", "revenue growth", "organic"),
    ("We expect revenue growth of ", " on an organic basis.", "revenue growth", "organic"),
    ("Sales were up ", " organically.", "sales", "organic"),
    ("Revenue was down ", " in constant currency, an improvement.", "revenue", "constant_currency"),
    ("We expect currency-neutral growth of ", ".", "growth", "constant_currency"),
    ("We expect core growth of ", ".", "growth", "core"),
    ("Underlying sales should rise ", ".", "sales", "core"),
    ("We expect growth excluding acquisitions of ", ".", "growth", "organic"),
    ("Revenue of $1.5 billion, representing reported growth of ", ".", "revenue", None),
    ("Total organic revenue grew ", ".", "revenue", "organic"),
    ("Organic growth was strong; total revenue grew ", ".", "revenue", None),
    ("Revenue grew ", ", and 6% organically.", "revenue", None),
    ("Shipments declined by ", " for the comparable period.", "shipments", None),
    ("We expect sales growth of ", ".", "organic sales", "organic"),
    ("We expect revenue of ", ".", None, None),
    ("We project cash costs, excluding Ruritania, to be ", ".", "cash costs", "excluding Ruritania"),
    ("Cash costs were ", " excluding Ruritania in the quarter.", "cash costs", "excluding Ruritania"),
    ("Cash costs were ", " including Ruritania.", "cash costs", None),
])
def test_basis_of(before, after, metric_text, basis):
    assert basis_of(before, after, metric_text) == basis


def test_basis_phrases_are_read_from_both_data_files():
    phrases = basis_phrases()
    assert "organically" in phrases["organic"]  # data/modifiers.json, basis
    assert "core" in phrases["core"] and "comparable" in phrases["organic"]  # data/guidance.json, basis_words


def _rows(sentence: str, values: list[tuple[str, str | None]]) -> list[dict]:
    out, pos = [], 0
    for text, qualifier in values:
        pos = sentence.index(text, pos)
        out.append({"doc_id": "d", "sentence": sentence, "start": 1000 + pos, "value_text": text,
                    "qualifier": qualifier, "metric_text": None, "metric_start": None})
        pos += len(text)
    return out


@pytest.mark.parametrize("sentence, values, bases", [
    ("We expect sales to grow 4% to 6% organically.", [("4%", None), ("6%", None)], ["organic", "organic"]),
    ("We expect organic sales growth of 4% to 6%.", [("4%", None), ("6%", None)], ["organic", "organic"]),
    ("We see sales down 3% to up 1% in constant currency.", [("3%", None), ("1%", None)],
     ["constant_currency", "constant_currency"]),
    ("Reported growth of 20% to 22% and core growth of 15% to 17%.",
     [("20%", None), ("22%", None), ("15%", None), ("17%", None)], [None, None, "core", "core"]),
    ("Sales were up 23% overall and up 15% organically.", [("23%", None), ("15%", None)], [None, "organic"]),
])
def test_mark_bases_reads_a_sentence_together(sentence, values, bases):
    rows = _rows(sentence, values)
    mark_bases(rows)
    assert [r["basis"] for r in rows] == bases


def test_the_basis_is_a_tracker_column_not_a_frame_column():
    assert TRACK_KEY == (*ITEM_KEY[:3], "basis", *ITEM_KEY[3:])
    assert "basis" in TRACK_SCHEMA.names and "basis" in HISTORY_SCHEMA.names
    assert "basis" not in kpi_extract.schema.COLUMNS


# ------------------------------------------------------------------ segments said by name
@pytest.mark.parametrize("before, after, names, metric_word, segment", [
    ("We are raising our motorcycle segment revenue growth to be ", "", (), "revenue", "motorcycle"),
    ("We now expect Irrigation segment sales to grow ", "", (), "sales", "Irrigation"),
    ("Next, our Films business should deliver revenue of ", ".", (), "revenue", "Films"),
    ("For Harbor Logistics, we expect revenue of ", ".", (), "revenue", "Harbor Logistics"),
    ("We expect Q3 revenue to be down ", " in North America.", (), "revenue", "North America"),
    ("We estimate that Ruritania will see revenue decline by ", ".", (), "revenue", "Ruritania"),
    ("We anticipate that 2025 Clean Energy revenue will approach ", ".", (), "revenue", "Clean Energy"),
    ("Global Print third-quarter revenues should decline ", ".", (), "revenues", "Global Print"),
    ("The Lighting Group posted revenue of ", ".", (), "revenue", "Lighting"),
    ("We expect revenue in the motorcycles segment of ", ".", ("Motorcycles",), "revenue", "Motorcycles"),
    ("Revenue in this segment was ", ".", (), "Revenue", ""),
    ("We expect segment operating margin of ", ".", (), "operating", ""),
    ("We expect revenue of ", " in fiscal 2025.", (), "revenue", None),
    ("We expect EBITDA to be ", ".", (), "EBITDA", None),
    ("We expect our business to grow ", ".", (), None, None),
    ("We expect consolidated revenue of ", ", with the Harbor segment growing faster.", (), "revenue", None),
    ("Fourth-quarter revenue was ", ".", (), "revenue", None),
    ("We expect Q3 revenue in the range of ", " in Q3.", (), "revenue", None),
    ("We expect total company revenue of ", ".", ("Harbor",), "revenue", None),
])
def test_segment_said(before, after, names, metric_word, segment):
    at = before.find(metric_word) if metric_word else None
    assert segment_said(before, after, names, at) == segment


def test_a_name_leading_the_metric_words():
    assert segment_said("", " in the quarter.", (), 0, "Semi-cap revenues were up") == "Semi-cap"
    assert segment_said("", " in the quarter.", (), 0, "Total revenues") is None


# ------------------------------------------------------------------ period kinds
@pytest.mark.parametrize("before, after, kind", [
    ("Our tax rate for quarter four of 2025 was ", ".", "quarter"),
    ("For the full year, revenue was ", ".", "span"),
    ("We generated ", " for the six months.", "span"),
    ("We generated $400 million in the second quarter and ", " for the six months.", "span"),
    ("We generated $400 million for the year and ", " in the quarter.", "quarter"),
    ("Revenue was ", ", up 5% year-over-year.", None),
    ("Revenue was ", ".", None),
])
def test_said_period_kind(before, after, kind):
    assert said_period_kind(before, after) == kind


@pytest.mark.parametrize("after, kind", [
    (" of cash flow from operations for fiscal year 2025, and capex", "span"),
    (" in the fourth quarter.", "quarter"),
    (" for the full year", "span"),
    (" per share is unchanged from the prior quarter", None),
    (" in 2025", None),
])
def test_period_said_after(after, kind):
    assert period_said_after(after) == kind


@pytest.mark.parametrize("after, said", [
    (" free cash flow in 2024.", "2024."),
    (" in the fourth quarter of 2023.", "the fourth quarter of 2023."),
    (" for 2025 compared to 2024", "2025"),
    (" in 11.5% over 2024", "11.5"),
    (", up from 2024", ""),
])
def test_year_said_after(after, said):
    assert year_said_after(after) == said


# ------------------------------------------------------------------ more not-a-guide rules
@pytest.mark.parametrize("before, after, extra, kind, rule", [
    ("Our long-term algorithm calls for sales growth of ", ".", {"comparison": "yoy", "unit": "percent"},
     "not_guide", "long_term"),
    ("We expect EBITDA of $4.1 billion, reflecting a two-year compounded growth rate of ", ".",
     {"comparison": "yoy", "unit": "percent"}, "not_guide", "long_term"),
    ("We expect sales growth of 2% on a two-year stack basis and EPS of ", ".", {"unit": "USD/share"}, "guide",
     "range+company_cue"),
    ("We expect approximately ", " of incremental revenue to flow through.", {"unit": "percent"}, "not_guide",
     "share"),
    ("We expect an increase of ", " in sales from these second quarter levels.",
     {"comparison": "yoy", "unit": "percent"}, "not_guide", "sequential"),
    ("We expect sales to grow ", " year-over-year.", {"comparison": "yoy", "unit": "percent"}, "guide",
     "range+company_cue"),
    ("LIFO is expected to be a ", " headwind to EPS.", {"unit": "USD/share"}, "not_guide", "impact"),
    ("We expect EPS to be lower as a result of a ", " sequential headwind.", {"unit": "USD/share"}, "not_guide",
     "impact"),
    ("We expect to build on our record of ", " CAGR growth in free cash flow.",
     {"comparison": "yoy", "unit": "percent"}, "not_guide", "long_term"),
    ("We expect currency to be a tailwind to revenue growth of approximately ", ".",
     {"comparison": "yoy", "unit": "percent"}, "not_guide", "impact"),
    ("We now expect revenue of ", ".", {}, "guide", "range+company_cue+now"),
    ("Gross margins were within our range, but approximately ", " below the midpoint of our expectations.",
     {"unit": "percentage_point"}, "not_guide", "versus_guide"),
    ("Growth is expected to be ", " above the high end of our original outlook.",
     {"comparison": "yoy", "unit": "percent"}, "guide", "range+outlook_cue+outlook_noun"),
])
def test_read_mention_more_rules(before, after, extra, kind, rule):
    row = {**ROW, "sentence": before + "$30 million to $35 million" + after, **extra}
    seen = read_mention(before, row, is_range=True, recalled=False, after=after)
    assert (seen.kind, seen.rule) == (kind, rule)


def test_recalled_only_names_calls_that_only_restate():
    class C:
        def __init__(self, rank):
            self.rank = rank
    guides = [{"call": C(0), "kind": "guide", "recalled": False}, {"call": C(1), "kind": "guide", "recalled": True},
              {"call": C(2), "kind": "guide", "recalled": True}, {"call": C(2), "kind": "guide", "recalled": False}]
    assert recalled_only(guides) == frozenset({1})


# ------------------------------------------------------------------ fictional calls end to end
def _frame(*texts: tuple[str, str, str]) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pd.concat([kpi_extract.extract(t, doc_id=d, reporting_period=p) for d, p, t in texts],
                         ignore_index=True)


def _track(*texts: tuple[str, str, str]) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return kpi_extract.track_guidance(_frame(*texts))


BOTH_BASES = ("For fiscal 2025, we expect revenue growth of 7% to 9% and organic revenue growth of 4% to 6%.")
BOTH_ACTUALS = "For fiscal 2025, revenue grew 10%, and 5% organically."


def test_a_reported_and_an_organic_guide_are_two_items_each_kept():
    t = _track(("acme_2025q1", "2025Q1", BOTH_BASES))
    growth = t[(t["metric"] == "revenue") & (t["comparison"] == "yoy")]
    got = {(None if pd.isna(b) else b): (lo, hi) for b, lo, hi in
           growth[["basis", "latest_low", "latest_high"]].itertuples(index=False)}
    assert got == {None: (7.0, 9.0), "organic": (4.0, 6.0)}


def test_each_basis_is_closed_by_its_own_actual():
    t = _track(("acme_2025q1", "2025Q1", BOTH_BASES), ("acme_2025q4", "2025Q4", BOTH_ACTUALS))
    growth = t[(t["metric"] == "revenue") & (t["comparison"] == "yoy")]
    got = {(None if pd.isna(b) else b): (a, o) for b, a, o in growth[["basis", "actual", "outcome"]].itertuples(index=False)}
    assert got == {None: (10.0, "above"), "organic": (5.0, "within")}


SEGMENT_GUIDE = ("For fiscal 2025, we expect revenue of $400 million to $420 million. "
                 "We expect Harbor segment revenue of $90 million to $95 million for fiscal 2025.")


def test_a_named_segment_guide_is_its_own_item():
    t = _track(("acme_2025q1", "2025Q1", SEGMENT_GUIDE))
    rev = t[(t["metric"] == "revenue") & (t["unit"] == "USD")]
    got = {(None if pd.isna(s) else s): (lo, hi) for s, lo, hi in
           rev[["segment", "latest_low", "latest_high"]].itertuples(index=False)}
    assert got == {None: (4.0e8, 4.2e8), "Harbor": (9.0e7, 9.5e7)}


def test_a_quarter_figure_never_closes_the_year():
    t = _track(("acme_2025q3", "2025Q3", "For fiscal 2025, we expect capital expenditures of $80 million to "
                                         "$90 million."),
               ("acme_2025q4", "2025Q4", "Capital expenditures were $30 million for the fourth quarter."))
    item = t[(t["metric"] == "capital_expenditure") & (t["fiscal_period"] == "FY")]
    assert len(item) == 1 and item["actual"].isna().all() and (item["outcome"] == "pending").all()


def test_the_year_figure_closes_the_year():
    t = _track(("acme_2025q3", "2025Q3", "For fiscal 2025, we expect capital expenditures of $80 million to "
                                         "$90 million."),
               ("acme_2025q4", "2025Q4", "Capital expenditures were $84 million for the full year 2025."))
    item = t[(t["metric"] == "capital_expenditure") & (t["fiscal_period"] == "FY")]
    assert item[["actual", "outcome"]].values.tolist() == [[8.4e7, "within"]]


def test_a_decade_phrase_is_a_range():
    t = _track(("acme_2025q2", "2025Q2", "We expect non-interest income to be in the high $70 million area for the "
                                         "third quarter."))
    item = t[t["metric"] == "non_interest_income"]
    assert item[["latest_low", "latest_high"]].values.tolist() == [[7.7e7, 8.0e7]]
