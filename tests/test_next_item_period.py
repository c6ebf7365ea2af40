"""A period said after a value but opening the next item ("$2.07 to $2.27, with fourth-quarter
EPS of 53 to 59 cents") is that item's, not the value's (own sentences; issue 19)."""
from __future__ import annotations

import pytest

import kpi_extract


def period_of(text: str, value: float) -> str:
    df = kpi_extract.extract(text, reporting_period="2024Q3")
    rows = df[(df["value"] - value).abs() < 1e-9]
    assert len(rows) >= 1, df[["value", "metric", "fiscal_year", "fiscal_period"]].to_string()
    return f"{rows.iloc[0]['fiscal_year']}{rows.iloc[0]['fiscal_period']}"


@pytest.mark.parametrize("text, value, period", [
    ("We still expect full-year adjusted EPS of $3.10 to $3.30 with fourth-quarter adjusted EPS of 80 to 90 cents.",
     3.10, "2024FY"),
    ("We still expect full-year adjusted EPS of $3.10 to $3.30 with fourth-quarter adjusted EPS of 80 to 90 cents.",
     0.80, "2024Q4"),
    ("We expect full-year revenue of $5 billion, with fourth quarter revenue of $1.3 billion.", 5e9, "2024FY"),
    ("We expect full-year revenue of $5 billion, with fourth quarter revenue of $1.3 billion.", 1.3e9, "2024Q4"),
    ("Annual gross margin should be about 60%, while fourth quarter gross margin should be about 58%.", 58.0,
     "2024Q4"),
    ("We expect revenue of $5 billion to $5.2 billion with strong growth in the fourth quarter.", 5e9, "2024Q4"),
    ("Revenue was $5 billion in 2023, while 2024 revenue should be $6 billion.", 5e9, "2023FY"),
    ("We expect total revenue to be up 11% to 13%, with the first half up 12% to 14% and the second half up 9% to "
     "11%.", 13.0, "2024FY"),
    ("We expect total revenue to be up 11% to 13%, with the first half up 12% to 14% and the second half up 9% to "
     "11%.", 9.0, "2024H2"),
])
def test_a_period_opening_the_next_item_is_that_items(text, value, period):
    assert period_of(text, value) == period
