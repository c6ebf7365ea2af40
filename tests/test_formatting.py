"""``format_value``: a value and its unit as people read them (``data/display.json``)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from kpi_extract import format_value
from kpi_extract.formatting import currency_prefix, display_data, is_money, money_scale


@pytest.mark.parametrize("value, unit, expected", [
    (2.131e9, "CNY", "RMB 2.13bn"),
    (1.2e9, "USD", "$1.20bn"),
    (3.5e8, "USD", "$350.0m"),
    (9.49e7, "CNY", "RMB 94.9m"),
    (1.5e12, "USD", "$1.50tn"),
    (4.5e4, "EUR", "€45.0k"),
    (512, "GBP", "£512"),
    (0.5, "CHF", "CHF 0.50"),
    (2.5e6, "XYZ", "XYZ 2.5m"),
    (-2.451e8, "CNY", "-RMB 245.1m"),
    (7.9, "percent", "7.9%"),
    (-11.5, "percent", "-11.5%"),
    (400.08, "percent", "400.1%"),
    (1.5, "percentage_point", "1.5 pp"),
    (2, "multiple", "2.0x"),
    (0.12, "USD/share", "$0.12/share"),
    (1.02, "CNY/ADS", "RMB 1.02/ADS"),
    (30, "USD/user", "$30.00/user"),
    (30, "count", "30"),
    (1000, "count", "1,000"),
    (1.23e7, "count", "12.3m"),
    (2.5, "count", "2.50"),
    (12.5, "kWh", "12.5 kWh"),
])
def test_format_value(value, unit, expected):
    assert format_value(value, unit) == expected


@pytest.mark.parametrize("value, unit, expected", [
    (6.7, "percentage_point", "+6.7 pp"),
    (-20, "percent", "-20.0%"),
    (0, "percent", "0.0%"),
    (1.8e8, "CNY", "+RMB 180.0m"),
])
def test_format_value_signed(value, unit, expected):
    assert format_value(value, unit, signed=True) == expected


@pytest.mark.parametrize("qualifier, expected", [
    ("exact", "RMB 784.0m"),
    ("approximately", "~RMB 784.0m"),
    ("more_than", ">RMB 784.0m"),
    ("less_than", "<RMB 784.0m"),
    ("range_low", "RMB 784.0m"),
    (None, "RMB 784.0m"),
])
def test_format_value_qualifier_mark(qualifier, expected):
    assert format_value(7.84e8, "CNY", qualifier=qualifier) == expected


@pytest.mark.parametrize("missing", [None, pd.NA, math.nan])
def test_missing_value_is_empty(missing):
    assert format_value(missing, "CNY") == ""


@pytest.mark.parametrize("unit, expected", [
    ("CNY", True), ("USD", True), ("percent", False), ("USD/share", False), ("count", False), ("usd", False),
])
def test_is_money(unit, expected):
    assert is_money(unit) is expected


@pytest.mark.parametrize("code, expected", [
    ("USD", "$"),
    ("CNY", "RMB "),
    ("EUR", "€"),
    ("CHF", "CHF "),
])
def test_currency_prefix(code, expected):
    assert currency_prefix(code) == expected


@pytest.mark.parametrize("magnitude, key, expected", [
    (2.131e9, "money_scales", (1e9, "bn", 2)),
    (3.5e8, "money_scales", (1e6, "m", 1)),
    (1e12, "money_scales", (1e12, "tn", 2)),
    (999.0, "money_scales", (1.0, "", None)),
    (5e5, "count_scales", (1.0, "", None)),
    (2.5e6, "count_scales", (1e6, "m", 1)),
])
def test_money_scale(magnitude, key, expected):
    assert money_scale(magnitude, key) == expected


def test_every_currency_of_the_lexicon_has_a_symbol_or_its_code():
    """Symbols are keyed by ISO code; each key is a currency the units file defines."""
    from kpi_extract.pipeline.values.units import registry
    for code in display_data()["currency_prefix"]:
        assert code in registry(), code


def test_scales_are_largest_first():
    for key in ("money_scales", "count_scales"):
        thresholds = [t for t, _, _ in display_data()[key]]
        assert thresholds == sorted(thresholds, reverse=True)
