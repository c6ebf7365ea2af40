"""Shared by the any-call tables (``test_any_call*.py``): one extracted row per case, named
by the text its value is written as, in a call of a given reporting period."""
from __future__ import annotations

from functools import cache

import pandas as pd

import kpi_extract

REPORT = "2021Q1"
PCT, PP, USD, SHARE = "percent", "percentage_point", "USD", "USD/share"


@cache
def extract(text: str, report: str = REPORT) -> pd.DataFrame:
    """``kpi_extract.extract`` of ``text`` in a call reporting ``report`` (cached per case)."""
    return kpi_extract.extract(text, reporting_period=report)


def value_row(text: str, value_text: str, report: str = REPORT) -> pd.Series:
    """The first row whose ``value_text`` starts with ``value_text``."""
    df = extract(text, report)
    hit = df[df["value_text"].str.startswith(value_text)]
    assert len(hit), f"{value_text!r} not found in {list(df['value_text'])}"
    return hit.iloc[0]


def na(x):
    """``None`` for a missing cell, else the cell."""
    return None if pd.isna(x) else x
