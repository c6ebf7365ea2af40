"""Guidance tracked across calls (``kpi_extract.track_guidance`` / ``guidance_history``).

End to end on the fictional calls in ``fixtures/guidance/`` (fed shuffled, no period hint):
Northwind Instruments (calendar year, 2024 Q1-Q4) and Fabrikam (fiscal year ending in
September, fiscal 2024 Q4 and fiscal 2025 Q1). Between them every revision kind and every
outcome occurs. The rules themselves are tested on small frames built from row dicts.
"""
from __future__ import annotations

import math
import random
from pathlib import Path

import pandas as pd
import pytest

import kpi_extract
from kpi_extract import SCHEMA, ConfigError, FrameError, InputTypeError, KpiExtractError
from kpi_extract.errors import PeriodWarning
from kpi_extract.analysis.guidance import REQUIRED_COLUMNS, classify_outcome, classify_revision
from kpi_extract.analysis.guidance_read import is_back_reference
from kpi_extract.schema import HISTORY_SCHEMA, OUTCOMES, REVISIONS, TRACK_SCHEMA

ROOT = Path(__file__).resolve().parents[1]
CALLS = ROOT / "fixtures" / "guidance"
NA = None


def _calls(prefix: str) -> list[tuple[str, str]]:
    files = sorted(CALLS.glob(f"{prefix}_*.txt"))
    random.Random(8).shuffle(files)
    return [(p.stem, p.read_bytes().decode("utf-8")) for p in files]


@pytest.fixture(scope="module")
def northwind() -> pd.DataFrame:
    return kpi_extract.extract_many(_calls("northwind"), progress=False)


@pytest.fixture(scope="module")
def fabrikam() -> pd.DataFrame:
    return kpi_extract.extract_many(_calls("fabrikam"), progress=False, fiscal_year_end_month=9)


@pytest.fixture(scope="module")
def tracked(northwind, fabrikam) -> pd.DataFrame:
    both = pd.concat([northwind.assign(company="northwind"), fabrikam.assign(company="fabrikam")], ignore_index=True)
    return kpi_extract.track_guidance(both, by="company")


# ------------------------------------------------------------ the fixtures end to end
@pytest.mark.parametrize("doc_id, year, period", [
    ("northwind_2024q1", 2024, "Q1"),   # "Northwind Instruments Q1 2024 Earnings Call"
    ("northwind_2024q2", 2024, "Q2"),
    ("northwind_2024q3", 2024, "Q3"),
    ("northwind_2024q4", 2024, "Q4"),
    ("fabrikam_fy2024q4", 2024, "Q4"),  # "Fabrikam Fiscal 2024 Fourth Quarter Results"
    ("fabrikam_fy2025q1", 2025, "Q1"),  # "... for the Quarter Ended December 31, 2024", September year end
])
def test_reporting_period_read_from_each_call(northwind, fabrikam, doc_id, year, period):
    df = pd.concat([northwind, fabrikam])
    rows = df[df["doc_id"] == doc_id]
    assert len(rows) > 0
    assert rows["report_fiscal_year"].tolist() == [year] * len(rows)
    assert rows["report_fiscal_period"].astype(str).tolist() == [period] * len(rows)


# company, metric, unit, comparison, fiscal year, period ->
#     latest_low, latest_high, n_revisions, last_revision, actual, outcome
EXPECTED = [
    ("northwind", "revenue", "USD", NA, 2024, "Q2", 400e6, 415e6, 0, NA, 420e6, "above"),
    ("northwind", "revenue", "USD", NA, 2024, "Q3", 410e6, 425e6, 0, NA, 418e6, "within"),
    ("northwind", "revenue", "USD", NA, 2024, "Q4", 430e6, 445e6, 0, NA, 428e6, "below"),
    ("northwind", "revenue", "USD", NA, 2024, "FY", 1.68e9, 1.72e9, 2, "narrowed", 1.66e9, "below"),
    ("northwind", "revenue", "percent", "yoy", 2024, "FY", 7, 9, 1, "raised", 8, "within"),
    ("northwind", "eps", "USD/share", NA, 2024, "FY", 2.40, 2.60, 2, "maintained", 2.52, "within"),
    ("northwind", "operating_margin", "percent", NA, 2024, "FY", 16.5, 17.5, 1, "lowered", 17.2, "within"),
    ("northwind", "capital_expenditure", "USD", NA, 2024, "FY", 110e6, 130e6, 1, "widened", 105e6, "below"),
    ("northwind", "revenue", "USD", NA, 2025, "Q1", 405e6, 420e6, 0, NA, NA, "pending"),
    ("northwind", "revenue", "USD", NA, 2025, "FY", 1.75e9, 1.80e9, 0, NA, NA, "pending"),
    ("northwind", "eps", "USD/share", NA, 2025, "FY", 2.70, 2.85, 0, NA, NA, "pending"),
    ("fabrikam", "revenue", "USD", NA, 2025, "Q1", 610e6, 630e6, 0, NA, 624e6, "within"),
    ("fabrikam", "eps", "USD/share", NA, 2025, "Q1", 0.85, 0.90, 0, NA, 0.93, "above"),
    ("fabrikam", "revenue", "USD", NA, 2025, "Q2", 640e6, 660e6, 0, NA, NA, "pending"),
    ("fabrikam", "revenue", "percent", "yoy", 2025, "FY", 4, 6, 1, "maintained", NA, "pending"),
]


def _item(tracked: pd.DataFrame, company, metric, unit, comparison, year, period) -> pd.Series:
    t = tracked.astype(object).where(tracked.notna(), None)
    mask = pd.Series(True, index=t.index)
    for col, want in (("company", company), ("metric", metric), ("unit", unit), ("comparison", comparison),
                      ("fiscal_year", year), ("fiscal_period", period)):
        mask &= t[col].isna() if want is None else t[col] == want
    hit = t[mask]
    assert len(hit) == 1, hit
    return hit.iloc[0]


@pytest.mark.parametrize("company, metric, unit, comparison, year, period, low, high, n, revision, actual, outcome",
                         EXPECTED)
def test_fixture_items(tracked, company, metric, unit, comparison, year, period, low, high, n, revision, actual,
                       outcome):
    row = _item(tracked, company, metric, unit, comparison, year, period)
    assert (row["latest_low"], row["latest_high"]) == pytest.approx((low, high))
    assert row["n_revisions"] == n
    assert row["last_revision"] == revision
    assert row["outcome"] == outcome
    if actual is None:
        assert row["actual"] is None or math.isnan(row["actual"])
    else:
        assert row["actual"] == pytest.approx(actual)


def test_fixtures_give_no_other_items(tracked):
    assert len(tracked) == len(EXPECTED)


def test_fixtures_hold_every_revision_kind_and_outcome():
    assert {e[9] for e in EXPECTED} - {NA} == set(REVISIONS)
    assert {e[11] for e in EXPECTED} == set(OUTCOMES)


def test_input_order_does_not_matter(northwind):
    shuffled = northwind.sample(frac=1, random_state=3).reset_index(drop=True)
    pd.testing.assert_frame_equal(kpi_extract.track_guidance(shuffled), kpi_extract.track_guidance(northwind))


def test_fabrikam_without_its_year_end_finds_no_actuals(fabrikam):
    """The Q1 call dates itself by "Quarter Ended December 31, 2024": with a December year
    end that is calendar Q4 2024, before the items' fiscal 2025 periods."""
    calendar = kpi_extract.extract_many(_calls("fabrikam"), progress=False)
    assert set(kpi_extract.track_guidance(calendar)["outcome"].astype(str)) == {"pending"}


def test_dtypes_and_columns(tracked, northwind):
    assert list(tracked.columns) == ["company", *TRACK_SCHEMA.names]
    assert tracked.dtypes.drop("company").to_dict() == TRACK_SCHEMA.dtypes
    history = kpi_extract.guidance_history(northwind)
    assert list(history.columns) == ["company", *HISTORY_SCHEMA.names]  # the company read from the calls
    assert set(history["company"]) == {"Northwind Instruments"}
    assert history.dtypes.drop("company").to_dict() == HISTORY_SCHEMA.dtypes


def test_history_of_the_full_year_revenue(northwind):
    h = kpi_extract.track_guidance(northwind, history=True)
    fy = h[(h["metric"] == "revenue") & (h["unit"] == "USD") & (h["fiscal_year"] == 2024)
           & (h["fiscal_period"] == "FY")]
    restated = fy[fy["prior"]]  # Q3's "compared with our prior range of": shown, never kept
    assert restated[["doc_id", "low", "high", "final"]].values.tolist() == [["northwind_2024q3", 1.65e9, 1.75e9, False]]
    fy = fy[~fy["prior"]]
    assert fy["doc_id"].tolist() == ["northwind_2024q1", "northwind_2024q2", "northwind_2024q3"]
    assert fy["revision"].astype(object).where(fy["revision"].notna(), None).tolist() == [None, "raised", "narrowed"]
    assert fy["actual"].tolist() == [1.66e9] * 3


# ------------------------------------------------------------ the rules, one by one
@pytest.mark.parametrize("before, after, kind", [
    ((400, 415), (400, 415), "maintained"),
    ((2.40, 2.60), (2.4, 2.6), "maintained"),
    ((120, 120), (120, 120), "maintained"),
    ((1650, 1750), (1680, 1720), "narrowed"),
    ((1600, 1700), (1600, 1650), "narrowed"),
    ((110, 130), (120, 120), "narrowed"),
    ((120, 120), (110, 130), "widened"),
    ((400, 415), (395, 415), "widened"),
    ((1600, 1700), (1650, 1750), "raised"),
    ((6, 8), (7, 9), "raised"),
    ((100, 100), (101, 101), "raised"),
    ((18, 19), (16.5, 17.5), "lowered"),
    ((-10, -5), (-12, -8), "lowered"),
    ((18, 19), (17.5, 18.8), "lowered"),
])
def test_classify_revision(before, after, kind):
    assert classify_revision(before, after) == kind


@pytest.mark.parametrize("actual, guide, tolerance, outcome", [
    (420, (400, 415), 0.0, "above"),
    (418, (410, 425), 0.0, "within"),
    (428, (430, 445), 0.0, "below"),
    (415, (400, 415), 0.0, "within"),
    (400, (400, 415), 0.0, "within"),
    (120, (120, 120), 0.0, "within"),
    (121, (120, 120), 0.0, "above"),
    (121, (120, 120), 0.01, "within"),
    (118.8, (120, 120), 0.01, "within"),
    (118, (120, 120), 0.01, "below"),
    (430, (400, 415), 0.5, "above"),
    (-9, (-10, -5), 0.0, "within"),
    (-4, (-5, -5), 0.1, "above"),
])
def test_classify_outcome(actual, guide, tolerance, outcome):
    assert classify_outcome(actual, guide, tolerance) == outcome


@pytest.mark.parametrize("before, restated", [
    ("Revenue was $420 million, above the high end of our outlook of ", True),
    ("Revenue of $420 million exceeded the high end of our guidance range of ", True),
    ("Full year revenue was $1.66 billion, slightly below our guidance of ", True),
    ("we now expect $1.68 billion to $1.72 billion, compared with our prior range of ", True),
    ("EPS of $0.71 was in line with our guidance of about ", True),
    ("Adjusted EPS came in at $0.93, ahead of our expectations of ", True),
    ("up from our previous guidance of ", True),
    ("Revenue was within our guidance range of ", True),
    ("For the second quarter, we expect revenue of ", False),
    ("We reaffirm our adjusted EPS guidance of ", False),
    ("We reaffirm our prior guidance of ", False),
    ("we are raising our revenue guidance to ", False),
    ("We are raising the low end of our full-year revenue guidance, and now expect revenue of ", False),
    ("Our guidance for the fourth quarter is revenue of approximately ", False),
    ("We expect revenue growth from our new products of ", False),
    ("Capital expenditures should be below ", False),
])
def test_back_references(before, restated):
    assert is_back_reference(before) is restated


def row(doc: str, start: int, value: float, *, metric: str | None = "revenue", role: str = "guidance",
        q: str = "exact", year: int | None = 2024, period: str | None = "FY", unit: str = "USD",
        comparison: str | None = None, report: tuple[int, str] | None = (2024, "Q1"),
        segment: str | None = None, adjusted: bool = False, sentence: str = "") -> dict:
    return {"doc_id": doc, "start": start, "end": start + 3, "value_text": "x", "value": value, "unit": unit,
            "metric": metric, "segment": segment, "adjusted": adjusted, "role": role, "comparison": comparison,
            "qualifier": q, "fiscal_year": year, "fiscal_period": period, "sentence": sentence, "confidence": 1.0,
            "report_fiscal_year": report[0] if report else None, "report_fiscal_period": report[1] if report else None}


def frame(*rows: dict) -> pd.DataFrame:
    return SCHEMA.frame(rows)


def one(df: pd.DataFrame, **kw) -> dict:
    t = kpi_extract.track_guidance(df, **kw)
    assert len(t) == 1, t
    r = t.iloc[0]
    return {k: (None if pd.isna(v) else v) for k, v in r.items()}


Q1, Q2, Q3, Q4 = (2024, "Q1"), (2024, "Q2"), (2024, "Q3"), (2024, "Q4")


def test_one_call_gives_pending_items_without_revisions():
    df = frame(row("a", 0, 100, q="range_low"), row("a", 10, 110, q="range_high"),
               row("a", 20, 2.5, metric="eps", unit="USD/share", q="approximately"))
    t = kpi_extract.track_guidance(df)
    assert t["outcome"].astype(str).tolist() == ["pending", "pending"]
    assert t["last_revision"].isna().all()
    assert t["n_revisions"].tolist() == [0, 0]
    assert t[["latest_low", "latest_high"]].values.tolist() == [[100, 110], [2.5, 2.5]]


def test_conflicting_guides_in_one_call_equal_evidence_the_first_wins_both_in_history():
    df = frame(row("a", 0, 100, q="range_low"), row("a", 10, 110, q="range_high"),
               row("a", 50, 100, q="range_low"), row("a", 60, 110, q="range_high"),  # said again: no new row
               row("a", 90, 102, q="range_low"), row("a", 99, 108, q="range_high"))
    item = one(df)
    assert (item["latest_low"], item["latest_high"], item["n_revisions"], item["conflict"]) == (100, 110, 0, True)
    h = kpi_extract.guidance_history(df)
    assert h[["low", "high"]].values.tolist() == [[100, 110], [102, 108]]
    assert h["final"].tolist() == [True, False]
    assert h["conflict"].tolist() == [True, True]


def test_a_range_said_again_last_in_a_call_wins_again():
    df = frame(row("a", 0, 100, q="range_low"), row("a", 10, 110, q="range_high"),
               row("a", 90, 102, q="range_low"), row("a", 99, 108, q="range_high"),
               row("a", 200, 100, q="range_low"), row("a", 210, 110, q="range_high"))
    assert (one(df)["latest_low"], one(df)["latest_high"]) == (100, 110)
    assert kpi_extract.guidance_history(df)["final"].tolist() == [True, False]


def test_revision_is_against_the_previous_calls_final_guide():
    df = frame(row("a", 0, 100, q="range_low"), row("a", 5, 110, q="range_high"),
               row("a", 50, 104, q="range_low"), row("a", 55, 106, q="range_high"),
               row("b", 0, 104, q="range_low", report=Q2), row("b", 5, 108, q="range_high", report=Q2))
    item = one(df)
    assert (item["first_low"], item["first_high"]) == (100, 110)  # equal evidence: the call's first mention
    assert item["last_revision"] == "narrowed"


def test_undated_calls_warn_and_come_last():
    df = frame(row("zeta", 0, 90, report=None), row("alpha", 0, 100, report=None), row("b", 0, 80, report=Q2))
    with pytest.warns(PeriodWarning, match=r"2 call\(s\): alpha, zeta"):
        h = kpi_extract.guidance_history(df)
    assert h["doc_id"].tolist() == ["b", "alpha", "zeta"]
    assert h["call_rank"].tolist() == [0, 1, 2]


@pytest.mark.parametrize("rows, actual, outcome", [
    # the reporting call's first mention wins over a later call's and over its own second mention
    ([row("q3", 0, 430, period="Q4", report=Q3), row("q4", 0, 428, role="actual", period="Q4", report=Q4),
      row("q4", 9, 999, role="actual", period="Q4", report=Q4),
      row("q5", 0, 431, role="actual", period="Q4", report=(2025, "Q1"))], 428, "below"),
    # a full-year item closes in the Q4 call
    ([row("q1", 0, 100, report=Q1), row("q4", 0, 101, role="actual", report=Q4)], 101, "above"),
    # a call reporting an earlier quarter cannot hold the actual
    ([row("q1", 0, 100, report=Q1), row("q2", 0, 90, role="actual", report=Q2)], None, "pending"),
    # no reporting call: the first later call
    ([row("q1", 0, 100, period="Q2", report=Q1), row("q4", 0, 100, role="actual", period="Q2", report=Q4),
      row("q3", 0, 99, role="actual", period="Q2", report=Q3)], 99, "below"),
    # other segment, adjusted flag or unit: not this item's actual
    ([row("q1", 0, 100, report=Q1), row("q4", 0, 90, role="actual", report=Q4, segment="cloud"),
      row("q4", 5, 91, role="actual", report=Q4, adjusted=True),
      row("q4", 9, 92, role="actual", unit="EUR", report=Q4)],
     None, "pending"),
    # a change item closes with a change of the same comparison, not a level
    ([row("q1", 0, 6, q="range_low", unit="percent", comparison="yoy", report=Q1),
      row("q1", 5, 8, q="range_high", unit="percent", comparison="yoy", report=Q1),
      row("q4", 0, 9, role="actual", unit="percent", report=Q4),
      row("q4", 5, 5, role="change", unit="percent", comparison="qoq", report=Q4),
      row("q4", 9, 7.5, role="change", unit="percent", comparison="yoy", report=Q4)], 7.5, "within"),
    # a level far off the guide (a segment's figure read as the total) yields to a plausible one ...
    ([row("q1", 0, 600, q="range_low", report=Q1), row("q1", 5, 620, q="range_high", report=Q1),
      row("q4", 0, 90, role="actual", report=Q4), row("q4", 9, 640, role="actual", report=Q4)], 640, "above"),
    # ... also in a later call; a per-share beat far off a small guide is kept
    ([row("q1", 0, 100, report=Q1), row("q4", 0, 30, role="actual", report=Q4),
      row("q5", 0, 98, role="actual", report=(2025, "Q1"))], 98, "below"),
    ([row("q1", 0, 0.10, period="Q4", report=Q1, unit="USD/share"),
      row("q4", 0, 0.25, role="actual", period="Q4", report=Q4, unit="USD/share")], 0.25, "above"),
    # a total far off the guide and nothing plausible: another fact, the item stays pending
    ([row("q1", 0, 20, report=Q1), row("q4", 0, 195, role="actual", report=Q4)], None, "pending"),
    # changes are not held to it: growth of -10% against a guide of 2%
    ([row("q1", 0, 2, unit="percent", comparison="yoy", report=Q1),
      row("q4", 0, -10, role="change", unit="percent", comparison="yoy", report=Q4),
      row("q4", 9, 2.5, role="change", unit="percent", comparison="yoy", report=Q4)], -10, "below"),
    # the outcome is against the latest guide given up to the actual's call
    ([row("q1", 0, 100, period="Q2", report=Q1), row("q2", 0, 103, role="actual", period="Q2", report=Q2),
      row("q3", 0, 110, period="Q2", report=Q3)], 103, "above"),
])
def test_actual_and_outcome(rows, actual, outcome):
    item = one(frame(*rows))
    assert item["actual"] == actual
    assert item["outcome"] == outcome


@pytest.mark.parametrize("rows, expected", [
    # a range's two ends, one item
    ([row("a", 0, 400, q="range_low"), row("a", 5, 415, q="range_high")], [(400, 415)]),
    # ends given high first
    ([row("a", 0, 415, q="range_low"), row("a", 5, 400, q="range_high")], [(400, 415)]),
    # ends of two metrics: two point guides
    ([row("a", 0, 400, q="range_low"), row("a", 5, 2.5, q="range_high", metric="eps", unit="USD/share")],
     [(400, 400), (2.5, 2.5)]),
    # "about", "more than": point guides
    ([row("a", 0, 120, q="approximately"), row("a", 9, 3, q="more_than", metric="eps", unit="USD/share")],
     [(120, 120), (3, 3)]),
    # rows without metric or period, and other roles, are no guides
    ([row("a", 0, 1, metric=None), row("a", 5, 2, year=None), row("a", 9, 3, period=None),
      row("a", 12, 4, role="target"), row("a", 15, 5, role="actual")], []),
])
def test_guides_read_from_rows(rows, expected):
    t = kpi_extract.track_guidance(frame(*rows))
    assert list(zip(t["latest_low"], t["latest_high"])) == expected


def test_back_reference_rows_are_no_guides():
    sentence = "Revenue was $420 million, above the high end of our outlook of $400 million to $415 million."
    rows = [row("q1", 0, 400, q="range_low", period="Q2"), row("q1", 9, 415, q="range_high", period="Q2"),
            {**row("q2", 0, 420, role="actual", period="Q2", report=Q2), "value_text": "$420 million"},
            {**row("q2", 30, 400, q="range_low", year=2025, period="Q2", report=Q2), "value_text": "$400 million"},
            {**row("q2", 45, 415, q="range_high", year=2025, period="Q2", report=Q2), "value_text": "$415 million"}]
    t = kpi_extract.track_guidance(frame(*[{**r, "sentence": sentence} if r["doc_id"] == "q2" else r for r in rows]))
    assert t[["fiscal_year", "n_revisions", "outcome"]].astype(object).values.tolist() == [[2024, 0, "above"]]


@pytest.mark.parametrize("rows, doc_ids, low", [
    # a guide for the quarter the call reports, restated there: not a revision
    ([row("q1", 0, 100, period="Q2", report=Q1), row("q2", 0, 104, period="Q2", report=Q2)], ["q1"], 100),
    # a full-year guide in the Q4 call: the year is over
    ([row("q3", 0, 100, report=Q3), row("q4", 0, 99, report=Q4)], ["q3"], 100),
    # kept when no call guided the item ahead of time
    ([row("q3", 0, 410, period="Q3", report=Q3, sentence="We had guided revenue to x."),
      row("q3", 9, 418, role="actual", period="Q3", report=Q3)], ["q3"], 410),
])
def test_recalled_guides(rows, doc_ids, low):
    h = kpi_extract.guidance_history(frame(*rows))
    assert h["doc_id"].tolist() == doc_ids
    assert kpi_extract.track_guidance(frame(*rows))["latest_low"].tolist() == [low]


def test_tolerance_for_point_guides():
    df = frame(row("q1", 0, 120, q="approximately", report=Q1), row("q4", 0, 121, role="actual", report=Q4))
    assert one(df)["outcome"] == "above"
    assert one(df, tolerance=0.01)["outcome"] == "within"
    assert one(df)["surprise_pct"] == pytest.approx(100 / 120)


def test_by_tracks_each_company_apart():
    df = frame(row("a1", 0, 100, report=Q1), row("a4", 0, 105, role="actual", report=Q4),
               row("b1", 0, 200, report=Q1), row("b2", 0, 210, report=Q2))
    df["ticker"] = pd.Series(["A", "A", "B", "B"], dtype="string")
    t = kpi_extract.track_guidance(df, by="ticker")
    assert t["ticker"].tolist() == ["A", "B"]
    assert t["ticker"].dtype == "string"
    assert t["outcome"].astype(str).tolist() == ["above", "pending"]
    assert t["last_revision"].astype(object).where(t["last_revision"].notna(), None).tolist() == [None, "raised"]


# ------------------------------------------------------------ grouping by company
@pytest.fixture(scope="module")
def two_companies() -> pd.DataFrame:
    """Two calls each of Contoso and Tailspin Toys (``fixtures/guidance/``), the same quarters
    and item (2023 Q2 revenue), the company read from each call's opening."""
    return kpi_extract.extract_many(_calls("contoso") + _calls("tailspin"), progress=False)


def test_two_companies_are_tracked_apart_by_default(two_companies):
    calls = two_companies.drop_duplicates("doc_id").set_index("doc_id")["company"].to_dict()
    assert calls == {"contoso_2023q1": "Contoso", "contoso_2023q2": "Contoso",
                     "tailspin_2023q1": "Tailspin Toys", "tailspin_2023q2": "Tailspin Toys"}
    t = kpi_extract.track_guidance(two_companies)
    got = t[["company", "fiscal_period", "latest_low", "latest_high", "actual", "actual_doc_id", "outcome"]]
    assert got.astype(object).where(got.notna(), None).values.tolist() == [
        ["Contoso", "Q2", 100e6, 110e6, 105e6, "contoso_2023q2", "within"],
        ["Contoso", "Q3", 108e6, 114e6, None, None, "pending"],
        ["Tailspin Toys", "Q2", 200e6, 210e6, 195e6, "tailspin_2023q2", "below"],
        ["Tailspin Toys", "Q3", 205e6, 215e6, None, None, "pending"],
    ]
    # never one company's actual for the other's guide, nor its guide as a revision
    closed = t[t["actual_doc_id"].notna()]
    for item in closed.itertuples():  # actual_start is where the closing value stands in its call
        row = two_companies[(two_companies["doc_id"] == item.actual_doc_id) & (two_companies["start"] == item.actual_start)]
        assert row["value"].tolist() == [item.actual]
    assert (closed["actual_doc_id"].str.split("_").str[0] == closed["company"].str.split().str[0].str.lower()).all()
    assert t["n_revisions"].tolist() == [0, 0, 0, 0]
    history = kpi_extract.guidance_history(two_companies)
    assert history.groupby("company")["doc_id"].agg(lambda d: sorted(set(d))).to_dict() == {
        "Contoso": ["contoso_2023q1", "contoso_2023q2"], "Tailspin Toys": ["tailspin_2023q1", "tailspin_2023q2"]}


def test_by_none_is_what_by_company_gives(two_companies):
    pd.testing.assert_frame_equal(kpi_extract.track_guidance(two_companies),
                                  kpi_extract.track_guidance(two_companies, by="company"))


def test_by_empty_tracks_all_calls_as_one_company(two_companies):
    """What the tracker did before the company column: the two companies mixed."""
    t = kpi_extract.track_guidance(two_companies, by=[])
    assert "company" not in t.columns
    q2 = t[t["fiscal_period"] == "Q2"].iloc[0]
    assert (q2["n_revisions"], q2["actual_doc_id"], q2["outcome"]) == (1, "contoso_2023q2", "below")


def test_calls_without_company_names_are_one_company(northwind):
    t = kpi_extract.track_guidance(northwind.assign(company=pd.NA))
    assert "company" not in t.columns and len(t) == len(kpi_extract.track_guidance(northwind))
    assert "company" not in kpi_extract.track_guidance(northwind.drop(columns="company")).columns


@pytest.mark.parametrize("what", [kpi_extract.track_guidance, kpi_extract.guidance_history])
def test_some_calls_without_a_company_raise(two_companies, what):
    df = two_companies.copy()
    df.loc[df["doc_id"] == "tailspin_2023q2", "company"] = pd.NA
    with pytest.raises(FrameError, match=r"1 call\(s\) name no company \(tailspin_2023q2\) while the others "
                                         r"are of Contoso, Tailspin Toys"):
        what(df)
    assert len(what(df, by=[])) > 0  # the way out: one company, as the caller says
    assert set(what(df.dropna(subset=["company"]))["company"]) == {"Contoso", "Tailspin Toys"}


def test_empty_frame_gives_empty_tracker():
    t = kpi_extract.track_guidance(SCHEMA.empty())
    assert t.empty and t.dtypes.to_dict() == TRACK_SCHEMA.dtypes


# ------------------------------------------------------------ bad input
@pytest.mark.parametrize("drop", ["report_fiscal_year", "role", "qualifier"])
def test_missing_columns_raise_frame_error_naming_them(drop):
    df = frame(row("a", 0, 100)).drop(columns=[drop])
    with pytest.raises(FrameError, match=drop) as info:
        kpi_extract.track_guidance(df)
    assert info.value.missing == (drop,)
    assert isinstance(info.value, KpiExtractError)


def test_missing_by_column_raises_frame_error():
    with pytest.raises(FrameError, match="ticker"):
        kpi_extract.track_guidance(frame(row("a", 0, 100)), by="ticker")


@pytest.mark.parametrize("bad", [None, "a,b", [1, 2], {"doc_id": []}])
def test_non_frames_raise_input_type_error(bad):
    with pytest.raises(InputTypeError):
        kpi_extract.track_guidance(bad)


@pytest.mark.parametrize("kw", [{"tolerance": -0.1}, {"tolerance": "1%"}, {"tolerance": True}, {"by": 3},
                                {"by": ["a", 3]}])
def test_bad_options_raise_config_error(kw):
    with pytest.raises(ConfigError):
        kpi_extract.track_guidance(frame(row("a", 0, 100)), **kw)


def test_required_columns_are_contract_columns():
    assert set(REQUIRED_COLUMNS) <= set(SCHEMA.names)


# ------------------------------------------------------------ docs
@pytest.mark.parametrize("schema", [TRACK_SCHEMA, HISTORY_SCHEMA], ids=["track", "history"])
def test_docs_show_the_output_columns(schema):
    """docs/guidance.md holds ``schema.to_markdown()`` as it is: paste it again after a change."""
    page = (ROOT / "docs" / "guidance.md").read_text(encoding="utf-8")
    assert schema.to_markdown() in page


def test_docs_two_companies_example_is_what_the_tracker_gives(two_companies):
    page = (ROOT / "docs" / "guidance.md").read_text(encoding="utf-8")
    t = kpi_extract.track_guidance(two_companies)[["company", "fiscal_period", "latest_low", "latest_high", "actual",
                                                   "actual_doc_id", "outcome"]]
    assert [line for line in t.to_string().splitlines() if line.rstrip() not in page] == []


def test_docs_worked_example_is_what_the_tracker_gives(northwind, fabrikam):
    page = (ROOT / "docs" / "guidance.md").read_text(encoding="utf-8")
    shown = ["metric", "unit", "fiscal_year", "fiscal_period", "latest_low", "latest_high", "n_revisions",
             "last_revision", "actual", "outcome"]
    t = kpi_extract.track_guidance(northwind)
    fab = kpi_extract.track_guidance(fabrikam)[["metric", "unit", "comparison", "fiscal_year", "fiscal_period",
                                                "latest_low", "latest_high", "last_revision", "actual", "outcome"]]
    for table in (t[shown].to_string(), t.loc[3].to_string(), fab.to_string()):
        missing = [line for line in table.splitlines() if line.rstrip() not in page]
        assert missing == []


# ------------------------------------------------------------ the df.kpi accessor
def test_accessor_guidance_track_is_track_guidance(northwind):
    pd.testing.assert_frame_equal(northwind.kpi.guidance_track(), kpi_extract.track_guidance(northwind))
    pd.testing.assert_frame_equal(northwind.kpi.guidance_track(history=True), kpi_extract.guidance_history(northwind))
