"""``df.kpi.check()``: arithmetic relations between the facts of one document."""
from __future__ import annotations

import json
from importlib import resources

import pytest

import kpi_extract
from kpi_extract import SCHEMA, FrameError, KpiExtractError
from kpi_extract.analysis.consistency import CHECK_COLUMNS, FINDINGS, half_unit, relations


def fact(metric, value, unit, text, role="actual", period="2022Q4", *, segment=None, adjusted=False,
         comparison=None, qualifier="exact", confidence=0.9, at=None, doc="d"):
    """One row of the contract, written short: ``period`` as ``"2022Q4"``."""
    return {"doc_id": doc, "metric": metric, "value": value, "unit": unit, "value_text": text, "role": role,
            "fiscal_year": int(period[:4]), "fiscal_period": period[4:], "segment": segment, "adjusted": adjusted,
            "comparison": comparison, "qualifier": qualifier, "confidence": confidence, "start": at}


def frame(*facts):
    """The rows as an extract() frame; a row without ``at`` stands 100 characters after the one before."""
    rows = []
    for i, f in enumerate(facts):
        f = dict(f)
        f["start"] = f["start"] if f["start"] is not None else 100 * i
        f["end"] = f["start"] + len(f["value_text"])
        rows.append(f)
    return SCHEMA.frame(rows)


REV = fact("revenue", 2.131e9, "CNY", "RMB 2,131 million")
GP = fact("gross_profit", 1.685e8, "CNY", "RMB 168.5 million")


def found(df, **kwargs):
    out = df.kpi.check(**kwargs)
    return [(k, s) for k, s in zip(out["kind"], out["status"])]


@pytest.mark.parametrize("rows, expected", [
    # margins: profit / revenue against the stated margin
    ([REV, GP, fact("gross_margin", 7.9, "percent", "7.9%")], [("margin", "consistent")]),
    ([REV, GP, fact("gross_margin", 15.3, "percent", "15.3%")], [("margin", "contradiction")]),
    ([REV, GP, fact("gross_margin", 8.0, "percent", "8.0%")], [("margin", "contradiction")]),
    ([REV, GP, fact("gross_margin", 8.0, "percent", "8%")], [("margin", "consistent")]),
    ([fact("revenue", 3e6, "USD", "$3 million"), fact("operating_income", 1e6, "USD", "$1 million"),
      fact("operating_margin", 40.0, "percent", "40%")], [("margin", "consistent")]),
    ([fact("revenue", 3e6, "USD", "$3.00 million"), fact("operating_income", 1e6, "USD", "$1.00 million"),
      fact("operating_margin", 40.0, "percent", "40%")], [("margin", "contradiction")]),
    ([REV, fact("ebitda", -2.451e8, "CNY", "negative RMB 245.1 million", adjusted=True),
      fact("ebitda_margin", -11.5, "percent", "negative 11.5%", adjusted=True)], [("margin", "consistent")]),
    ([REV, fact("net_income", 1e8, "CNY", "RMB 100 million"), fact("net_margin", 9.0, "percent", "9%")],
     [("margin", "contradiction")]),
    # what must agree for a pairing: adjusted flag, period, segment, unit, document
    ([REV, GP, fact("gross_margin", 15.3, "percent", "15.3%", adjusted=True)], []),
    ([REV, GP, fact("gross_margin", 15.3, "percent", "15.3%", period="2022Q3")], []),
    ([REV, GP, fact("gross_margin", 15.3, "percent", "15.3%", segment="cloud")], []),
    ([fact("revenue", 2.131e9, "USD", "$2,131 million"), GP, fact("gross_margin", 15.3, "percent", "15.3%")], []),
    ([REV, GP, fact("gross_margin", 15.3, "percent", "15.3%", doc="other")], []),
    # rows that take no part: approximate, weakly linked, not actual
    ([REV, GP, fact("gross_margin", 15.3, "percent", "about 15.3%", qualifier="approximately")], []),
    ([REV, GP, fact("gross_margin", 15.3, "percent", "15.3%", confidence=0.3)], []),
    ([REV, GP, fact("gross_margin", 15.3, "percent", "15.3%", role="guidance")], []),
    # a fact said twice: one pairing that fits makes the relation consistent
    ([REV, GP, fact("gross_margin", 1.2, "percent", "1.2%"), fact("gross_margin", 7.9, "percent", "7.9%", at=900)],
     [("margin", "consistent")]),
    # changes against their two levels
    ([fact("idc_cost", -20, "percent", "20%", "change", comparison="yoy"),
      fact("idc_cost", 1.3219e9, "CNY", "RMB 1,321.9 million", period="2021Q4"),
      fact("idc_cost", 1.0576e9, "CNY", "RMB 1,057.6 million")], [("change", "consistent")]),
    ([fact("idc_cost", 35, "percent", "35%", "change", comparison="yoy"),
      fact("idc_cost", 1e8, "CNY", "RMB 100 million", period="2021Q4"),
      fact("idc_cost", 1.2e8, "CNY", "RMB 120 million")], [("change", "contradiction")]),
    ([fact("revenue", 10, "percent", "10%", "change", "2023Q1", comparison="qoq"),
      fact("revenue", 1e8, "USD", "$100 million", period="2022Q4"),
      fact("revenue", 1.1e8, "USD", "$110 million", period="2023Q1")], [("change", "consistent")]),
    ([fact("revenue", 10, "percent", "10%", "change", "2023Q1", comparison="yoy"),
      fact("revenue", 1e8, "USD", "$100 million", period="2022Q4"),
      fact("revenue", 1.1e8, "USD", "$110 million", period="2023Q1")], []),
    ([fact("gross_margin", 1.2, "percentage_point", "120 bps", "change", comparison="yoy"),
      fact("gross_margin", 6.7, "percent", "6.7%", period="2021Q4"), fact("gross_margin", 7.9, "percent", "7.9%")],
     [("change", "consistent")]),
    ([fact("gross_margin", 2.0, "percentage_point", "2.0 percentage points", "change", comparison="yoy"),
      fact("gross_margin", 6.7, "percent", "6.7%", period="2021Q4"), fact("gross_margin", 7.9, "percent", "7.9%")],
     [("change", "contradiction")]),
    ([fact("revenue", 1.8e8, "CNY", "RMB 180 million", "change", comparison="qoq"),
      fact("revenue", 6e8, "CNY", "RMB 600 million", period="2022Q3"), fact("revenue", 7.84e8, "CNY", "RMB 784 million")],
     [("change", "contradiction")]),
    ([fact("revenue", 1.84e8, "CNY", "RMB 184 million", "change", comparison="qoq"),
      fact("revenue", 6e8, "CNY", "RMB 600 million", period="2022Q3"), fact("revenue", 7.84e8, "CNY", "RMB 784 million")],
     [("change", "consistent")]),
    ([fact("net_income", 20, "percent", "20%", "change", comparison="yoy"),
      fact("net_income", -1e8, "CNY", "RMB -100 million", period="2021Q4"),
      fact("net_income", -8e7, "CNY", "RMB -80 million")], []),
    ([fact("gross_profit", 4, "multiple", "fourfold", "change", comparison="yoy"),
      fact("gross_profit", 4e7, "CNY", "RMB 40 million", period="2021Q4"), GP], []),
    # segment values against the total stated near them
    ([REV, fact("revenue", 1.34e9, "CNY", "RMB 1.34 billion", segment="public cloud"),
      fact("revenue", 7.859e8, "CNY", "RMB 785.9 million", segment="enterprise cloud")],
     [("segment_sum", "consistent")]),
    ([REV, fact("revenue", 1.34e9, "CNY", "RMB 1.34 billion", segment="public cloud"),
      fact("revenue", 9e8, "CNY", "RMB 900 million", segment="enterprise cloud")],
     [("segment_sum", "contradiction")]),
    ([REV, fact("revenue", 2.5e9, "CNY", "RMB 2.5 billion", segment="public cloud")],
     [("segment_sum", "contradiction")]),
    ([REV, fact("revenue", 2.5e9, "CNY", "RMB 2.5 billion", segment="public cloud", at=5000)], []),
    # a second, different total nearby (a misread period): the total that fits is taken, once
    ([REV, fact("revenue", 1.975e9, "CNY", "RMB 1,975 million"),
      fact("revenue", 1.34e9, "CNY", "RMB 1.34 billion", segment="public cloud"),
      fact("revenue", 7.859e8, "CNY", "RMB 785.9 million", segment="enterprise cloud")],
     [("segment_sum", "consistent")]),
    ([fact("revenue", 1.975e9, "CNY", "RMB 1,975 million"),
      fact("revenue", 1.34e9, "CNY", "RMB 1.34 billion", segment="public cloud"),
      fact("revenue", 7.859e8, "CNY", "RMB 785.9 million", segment="enterprise cloud")],
     [("segment_sum", "contradiction")]),
    ([fact("gross_margin", 7.9, "percent", "7.9%"), fact("gross_margin", 9.0, "percent", "9.0%", segment="cloud")],
     []),
    ([fact("operating_income", 5e7, "CNY", "RMB 50 million"),
      fact("operating_income", 9e7, "CNY", "RMB 90 million", segment="cloud")], []),
    ([REV, fact("revenue", 2.5e9, "CNY", "RMB 2.5 billion", segment="public cloud", adjusted=True)], []),
])
def test_relations(rows, expected):
    assert found(frame(*rows)) == expected


def test_a_contradiction_names_its_rows_and_numbers():
    df = frame(REV, GP, fact("gross_margin", 15.3, "percent", "15.3%"))
    out = df.kpi.check()
    row = out.iloc[0]
    assert row["rows"] == [2, 1, 0]  # the margin, the profit, the revenue
    assert row["found"] == 15.3
    assert row["expected"] == pytest.approx(100 * 1.685e8 / 2.131e9)
    assert row["rel_error"] == pytest.approx((15.3 - row["expected"]) / row["expected"])
    assert 0.05 < row["tolerance"] < 0.06
    assert (row["metric"], row["fiscal_year"], row["fiscal_period"]) == ("gross_margin", 2022, "Q4")
    assert "contradicts" in row["message"] and "RMB 168.5 million" in row["message"]


def test_the_nearest_pairing_is_shown_when_none_fits():
    """Two wrong margins: the finding shows the one nearer to the profit."""
    df = frame(REV, GP, fact("gross_margin", 12.0, "percent", "12.0%"),
               fact("gross_margin", 15.3, "percent", "15.3%", at=5000))
    assert df.kpi.check()["found"].tolist() == [12.0]


def test_contradictions_only():
    df = frame(REV, GP, fact("gross_margin", 15.3, "percent", "15.3%"),
               fact("revenue", 1.34e9, "CNY", "RMB 1.34 billion", segment="public cloud"))
    assert found(df) == [("margin", "contradiction"), ("segment_sum", "consistent")]
    assert found(df, contradictions_only=True) == [("margin", "contradiction")]


def test_min_confidence_lets_weak_links_in():
    df = frame(REV, GP, fact("gross_margin", 15.3, "percent", "15.3%", confidence=0.3))
    assert found(df) == []
    assert found(df, min_confidence=0.3) == [("margin", "contradiction")]


def test_findings_have_the_findings_dtypes():
    out = frame(REV, GP, fact("gross_margin", 7.9, "percent", "7.9%")).kpi.check()
    assert tuple(out.columns) == FINDINGS.names
    assert out.dtypes.to_dict() == FINDINGS.dtypes
    empty = SCHEMA.empty().kpi.check()
    assert len(empty) == 0 and empty.dtypes.to_dict() == FINDINGS.dtypes


def test_index_labels_are_the_rows():
    """``rows`` holds index labels, so ``df.loc[rows]`` works on a filtered frame too."""
    df = frame(fact("listing_expenses", 1e6, "CNY", "RMB 1 million"), REV, GP,
               fact("gross_margin", 7.9, "percent", "7.9%")).iloc[1:]
    rows = df.kpi.check()["rows"].iloc[0]
    assert sorted(rows) == [1, 2, 3]
    assert set(df.loc[rows, "metric"]) == {"revenue", "gross_profit", "gross_margin"}


@pytest.mark.parametrize("missing", ["metric", "fiscal_period", "confidence", "start"])
def test_missing_column_is_a_frame_error(missing):
    df = frame(REV, GP).drop(columns=[missing])
    with pytest.raises(FrameError, match=missing) as info:
        df.kpi.check()
    assert isinstance(info.value, KpiExtractError) and isinstance(info.value, ValueError)


def test_check_function_rejects_a_non_frame():
    with pytest.raises(FrameError, match="DataFrame"):
        kpi_extract.check([{"metric": "revenue"}])


def test_value_text_is_optional():
    """Without ``value_text`` the precision is read from the value's own digits."""
    df = frame(REV, GP, fact("gross_margin", 7.9, "percent", "7.9%")).drop(columns=["value_text"])
    assert found(df) == [("margin", "consistent")]


@pytest.mark.parametrize("value, text, expected", [
    (1.3219e9, "RMB 1,321.9 million", 5e4),
    (2.131e9, "RMB 2,131 million", 5e5),
    (1.34e9, "RMB 1.34 billion", 5e6),
    (7.9, "7.9%", 0.05),
    (-11.5, "negative 11.5%", 0.05),
    (20.0, "20%", 0.5),
    (400.08, "400.08%", 0.005),
    (1.2, "120 bps", 0.005),
    (2.92e7, "US$29.2 million", 5e4),
    (0.0, "0.0%", 0.05),
    (4.0, "fourfold", 0.5),
    (7.9, None, 0.05),
    (1.2e9, None, 5e7),
    (2131.0, None, 0.5),
    (0.125, None, 0.0005),
])
def test_half_unit(value, text, expected):
    assert half_unit(value, text) == pytest.approx(expected)


def test_ratios_agree_with_the_metric_lexicon():
    """Every ratio's numerator is its metric's ``margin_of`` in metrics.json; every id exists."""
    metrics = {m["id"]: m for m in json.loads(
        (resources.files("kpi_extract") / "data" / "metrics.json").read_text(encoding="utf-8"))["metrics"]}
    for spec in relations()["ratios"]:
        assert metrics[spec["metric"]]["margin_of"] == spec["numerator"], spec
        assert spec["denominator"] in metrics
    assert set(relations()["additive"]) <= set(metrics)
    assert all("money" in metrics[m]["kinds"] or "count" in metrics[m]["kinds"] for m in relations()["additive"])


def test_check_columns_are_contract_columns():
    assert set(CHECK_COLUMNS) <= set(SCHEMA.names)


# ---------------------------------------------------------------- through extract()
CALL = "Fourth Quarter 2022 Earnings Call. "


@pytest.mark.parametrize("text, expected", [
    (("Total revenue was RMB 2,000 million this quarter. Gross profit was RMB 300.0 million, and gross margin "
      "was 15.0%."), [("margin", "consistent")]),
    (("Total revenue was RMB 2,000 million this quarter. Gross profit was RMB 300.0 million, and gross margin "
      "was 12.0%."), [("margin", "contradiction")]),
    ("IDC costs increased by 20% year-over-year from RMB 100.0 million to RMB 120.0 million this quarter.",
     [("change", "consistent")]),
    ("IDC costs increased by 30% year-over-year from RMB 100.0 million to RMB 120.0 million this quarter.",
     [("change", "contradiction")]),
    ("Adjusted gross margin was 7.9% this quarter, up 2.5 percentage points from 6.7% in the same period last year.",
     [("change", "contradiction")]),
    (("Total revenue was RMB 2,000 million this quarter. Revenue from public cloud services was RMB 1,500 million. "
      "Revenue from enterprise cloud was RMB 800 million."), [("segment_sum", "contradiction")]),
    (("Total revenue was RMB 2,000 million this quarter. Revenue from public cloud services was RMB 1,200 million. "
      "Revenue from enterprise cloud was RMB 800 million."), [("segment_sum", "consistent")]),
])
def test_short_texts(text, expected):
    assert found(kpi_extract.extract(CALL + text)) == expected


# ---------------------------------------------------------------- the seed call
def test_seed_call_relations_are_found(seed_frame):
    out = seed_frame.kpi.check()
    relations_found = set(zip(out["kind"], out["metric"]))
    assert {("margin", "gross_margin"), ("margin", "ebitda_margin"), ("change", "idc_cost"),
            ("change", "depreciation_and_amortization"), ("segment_sum", "revenue")} <= relations_found
    gross = out[(out["kind"] == "margin") & (out["metric"] == "gross_margin")].iloc[0]
    assert set(seed_frame.loc[gross["rows"], "value_text"]) == {"7.9%", "RMB 168.5 million", "RMB 2,131 million"}


def test_seed_call_has_no_contradiction(seed_frame):
    out = seed_frame.kpi.check()
    assert (out["status"] == "consistent").all(), out.loc[out["status"] != "consistent", "message"].tolist()
    assert len(seed_frame.kpi.check(contradictions_only=True)) == 0


def test_seed_call_weak_links_would_add_no_contradiction(seed_frame):
    """Even with every linked row taking part, the seed call contradicts itself nowhere."""
    out = seed_frame.kpi.check(min_confidence=0.0)
    assert (out["status"] == "consistent").all(), out.loc[out["status"] != "consistent", "message"].tolist()
