"""Documents as users get them (kpi_extract.read, kpi_extract.sources): the release fixture's
tables as rows, compared with a hand-written expected table; the PDF gives the same rows."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import kpi_extract

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "releases"
RELEASE_HTML = HERE / "northwind_fy23q3_release.html"
RELEASE_PDF = HERE / "northwind_fy23q3_release.pdf"
CALL_HTML = HERE / "northwind_fy23q3_call.html"

Q3_23, Q3_22, M9_23, M9_22 = (2023, "Q3"), (2022, "Q3"), (2023, "9M"), (2022, "9M")
#: income statement (table-1, in millions, except per share data): label, metric, unit, scale, the four columns
INCOME = """\
Revenue                              | revenue            | USD       | 1e6 | 2131  | 1973  | 6240  | 5712
Cost of revenue                      | cost_of_revenue    | USD       | 1e6 | 1236  | 1164  | 3619  | 3370
Gross profit                         | gross_profit       | USD       | 1e6 | 895   | 809   | 2621  | 2342
Research and development             | rd_expenses        | USD       | 1e6 | 214   | 198   | 640   | 581
Selling, general and administrative  | sga_expenses       | USD       | 1e6 | 283   | 265   | 851   | 790
Total operating expenses             | operating_expenses | USD       | 1e6 | 497   | 463   | 1491  | 1371
Operating income                     | operating_income   | USD       | 1e6 | 398   | 346   | 1130  | 971
Other income (expense), net          | other_income       | USD       | 1e6 | -12   | 4     | -21   | -
Income before income taxes           | pretax_income      | USD       | 1e6 | 386   | 350   | 1109  | 971
Provision for income taxes           | income_tax_expense | USD       | 1e6 | 81    | 74    | 233   | 204
Net income                           | net_income         | USD       | 1e6 | 305   | 276   | 876   | 767
Basic                                | eps                | USD/share | 1   | 1.52  | 1.36  | 4.37  | 3.78
Diluted                              | eps                | USD/share | 1   | 1.50  | 1.34  | 4.31  | 3.73
Basic                                | shares_outstanding | count     | 1e6 | 200.6 | 202.9 | 200.4 | 202.9
Diluted                              | shares_outstanding | count     | 1e6 | 203.3 | 205.9 | 203.2 | 205.6"""
#: segment table (table-2, in millions): label, metric, segment, then Q3 2023, Q3 2022, % change, 9M 2023, 9M 2022, % change
SEGMENTS = """\
Industrial Sensors     | revenue          | Industrial Sensors  | 1254 | 1140 | 10 | 3650 | 3298 | 11
Lab Systems            | revenue          | Lab Systems         | 877  | 833  | 5  | 2590 | 2414 | 7
Total revenue          | revenue          |                     | 2131 | 1973 | 8  | 6240 | 5712 | 9
Industrial Sensors     | operating_income | Industrial Sensors  | 301  | 262  | 15 | 872  | 751  | 16
Lab Systems            | operating_income | Lab Systems         | 139  | 124  | 12 | 385  | 342  | 13
Corporate and other    | operating_income | Corporate and other | -42  | -40  | -  | -127 | -122 | -
Total operating income | operating_income |                     | 398  | 346  | 15 | 1130 | 971  | 16"""

COLUMNS = ["table_id", "row_label", "metric", "segment", "value", "unit", "role", "comparison", "fiscal_year",
           "fiscal_period", "column_label"]


def _expected() -> pd.DataFrame:
    rows = []
    heads = ["Three Months Ended March 31, 2023", "Three Months Ended March 31, 2022",
             "Nine Months Ended March 31, 2023", "Nine Months Ended March 31, 2022"]
    for line in INCOME.splitlines():
        label, metric, unit, scale, *cells = (c.strip() for c in line.split("|"))
        for cell, (year, period), head in zip(cells, (Q3_23, Q3_22, M9_23, M9_22), heads):
            if cell != "-":
                rows.append(("table-1", label, metric, None, float(cell) * float(scale), unit, "actual", None,
                             year, period, head))
    change_heads = ["Three Months Ended March 31, % Change", "Nine Months Ended March 31, % Change"]
    for line in SEGMENTS.splitlines():
        label, metric, segment, *cells = (c.strip() for c in line.split("|"))
        for k, (year, period) in enumerate((Q3_23, M9_23)):
            now, before, change = cells[3 * k:3 * k + 3]
            rows.append(("table-2", label, metric, segment or None, float(now) * 1e6, "USD", "actual", None,
                         year, period, heads[2 * k]))
            rows.append(("table-2", label, metric, segment or None, float(before) * 1e6, "USD", "actual", None,
                         year - 1, period, heads[2 * k + 1]))
            if change != "-":
                rows.append(("table-2", label, metric, segment or None, float(change), "percent", "change", "yoy",
                             year, period, change_heads[k]))
    return pd.DataFrame(rows, columns=COLUMNS)


def _tables(df: pd.DataFrame) -> pd.DataFrame:
    got = df[(df["source"] == "table") & df["table_id"].isin(["table-1", "table-2"])][COLUMNS]
    got = got.astype(object).where(got.notna(), None)
    key = ["table_id", "column_label", "row_label", "metric", "value"]
    return got.sort_values(key).reset_index(drop=True)


@pytest.fixture(scope="module")
def html_rows() -> pd.DataFrame:
    return kpi_extract.extract(RELEASE_HTML)


def test_every_numeric_cell_of_income_statement_and_segment_table_is_its_expected_row(html_rows):
    want = _expected().sort_values(["table_id", "column_label", "row_label", "metric", "value"]).reset_index(drop=True)
    got = _tables(html_rows)
    assert len(got) == len(want) == 59 + 40
    pd.testing.assert_frame_equal(got, want.astype(object).where(want.notna(), None), check_dtype=False)


def test_pdf_gives_the_same_rows_as_html(html_rows):
    pdf = kpi_extract.extract(RELEASE_PDF)
    cols = [c for c in pdf.columns if c not in ("start", "end", "metric_start", "metric_end", "sentence")]
    pd.testing.assert_frame_equal(pdf[cols], html_rows[cols])


@pytest.mark.parametrize("path", [RELEASE_HTML, RELEASE_PDF, CALL_HTML])
def test_offsets_point_into_the_documents_text(path):
    doc = kpi_extract.read(path)
    df = kpi_extract.extract(doc)
    assert len(df) > 0
    assert [doc.text[s:e] for s, e in zip(df["start"], df["end"])] == df["value_text"].tolist()
    linked = df[df["metric_start"].notna()]
    assert [doc.text[int(s):int(e)] for s, e in zip(linked["metric_start"], linked["metric_end"])] \
        == linked["metric_text"].tolist()


@pytest.mark.parametrize("table_id, row_label, column_label, value, unit", [
    ("table-3", "GAAP operating income", "Three Months Ended March 31, 2023", 398_214_000.0, "USD"),  # in thousands
    ("table-3", "Non-GAAP diluted net income per share", "Nine Months Ended March 31, 2023", 4.92, "USD/share"),
])
def test_reconciliation_in_thousands(html_rows, table_id, row_label, column_label, value, unit):
    hit = html_rows[(html_rows["table_id"] == table_id) & (html_rows["row_label"] == row_label)
                    & (html_rows["column_label"] == column_label)]
    assert hit[["value", "unit"]].values.tolist() == [[value, unit]]


def test_non_gaap_rows_are_adjusted(html_rows):
    t3 = html_rows[html_rows["table_id"] == "table-3"]
    assert set(t3.loc[t3["row_label"].str.startswith("Non-GAAP"), "adjusted"]) == {True}
    assert set(t3.loc[t3["row_label"].str.startswith("GAAP"), "adjusted"]) == {False}


def test_text_rows_and_table_rows_share_one_frame(html_rows):
    assert set(html_rows["source"]) == {"text", "table"}
    text = html_rows[html_rows["source"] == "text"]
    assert text["table_id"].isna().all() and text["row_label"].isna().all()
    assert html_rows["start"].is_monotonic_increasing
    # the fiscal year ends in June (nine months ended March 31): the prose's quarter is fiscal Q3 2023
    periods = {v: (int(y), p) for v, y, p in zip(text["value_text"], text["fiscal_year"], text["fiscal_period"])}
    assert periods == {"$2.13 billion": (2023, "Q3"), "8%": (2023, "Q3"), "$1.50": (2023, "Q3"),
                       "$1.34": (2022, "Q3")}


def test_transcript_html_speakers_and_sections_from_markup():
    df = kpi_extract.extract(CALL_HTML)
    by_text = dict(zip(df["value_text"], zip(df["section"], df["speaker_role"])))
    assert by_text["$2.1 billion"] == ("prepared", "company")
    assert by_text["5%"] == ("qa", "analyst")
    assert set(df["source"]) == {"text"}


def test_check_finds_the_agreements_and_the_planted_contradiction():
    df = kpi_extract.extract_many([RELEASE_HTML, CALL_HTML], company="Northwind Instruments")
    found = df.kpi.check()
    same = found[found["kind"] == "same_fact"]
    call = same[same["doc_id"] == "northwind_fy23q3_call"]
    assert dict(zip(call["metric"], call["status"])) == {
        "revenue": "consistent", "operating_income": "contradiction", "eps": "consistent", "rd_expenses": "consistent"}
    # $2.1 billion against the table's 2,131 (in millions): consistent within rounding
    revenue = call[(call["metric"] == "revenue") & (call["unit"] == "USD")].iloc[0]
    assert (revenue["found"], revenue["expected"]) == (2.1e9, 2.131e9)
    # the planted contradiction is the only one, across every relation
    assert found.loc[found["status"] == "contradiction", "metric"].tolist() == ["operating_income"]
    assert (found["status"] == "consistent").sum() >= 40


def test_extract_many_keeps_input_order_and_path_doc_ids():
    df = kpi_extract.extract_many([CALL_HTML, RELEASE_HTML, {"text": "Revenue was $5 million.", "reporting_period": "2023Q3"}])
    assert list(dict.fromkeys(df["doc_id"]))[:2] == ["northwind_fy23q3_call", "northwind_fy23q3_release"]
    assert df["doc_id"].nunique() == 3
