"""Values as people read them: ``"RMB 2.13bn"``, ``"$350.0m"``, ``"7.9%"``, ``"1.5 pp"``.

The symbols, scale suffixes and decimals are data (``kpi_extract/data/display.json``).

>>> format_value(2.131e9, "CNY")
'RMB 2.13bn'
>>> format_value(-6.7, "percentage_point", signed=True)
'-6.7 pp'
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from kpi_extract import lexicon
from kpi_extract.schema import is_missing

__all__ = ["format_value", "display_data", "is_money", "money_scale", "currency_prefix"]


@lru_cache(maxsize=1)
def display_data() -> dict[str, Any]:
    """The packaged ``display.json`` (read once; do not modify the returned dict)."""
    return lexicon.packaged("display.json")


def is_money(unit: str) -> bool:
    """``unit`` is an ISO 4217 code (``CNY``, ``USD``)."""
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


def currency_prefix(code: str) -> str:
    """What an amount in currency ``code`` is written after (``"RMB "``, ``"$"``; the code
    and a space when ``display.json`` names none)."""
    return display_data()["currency_prefix"].get(code, code + " ")


def money_scale(magnitude: float, scales_key: str = "money_scales") -> tuple[float, str, int | None]:
    """``(divisor, suffix, decimals)`` for an amount of this size (``(1e9, "bn", 2)``);
    ``(1, "", None)`` below every threshold."""
    for threshold, suffix, decimals in display_data()[scales_key]:
        if magnitude >= threshold:
            return float(threshold), suffix, int(decimals)
    return 1.0, "", None


def _plain(magnitude: float, decimals: int) -> str:
    """An amount below every scale threshold: ``decimals`` when whole, else two."""
    return f"{magnitude:,.{decimals}f}" if float(magnitude).is_integer() else f"{magnitude:,.2f}"


def _scaled(magnitude: float, scales_key: str, plain_decimals: int) -> str:
    divisor, suffix, decimals = money_scale(magnitude, scales_key)
    if decimals is None:
        return _plain(magnitude, plain_decimals)
    return f"{magnitude / divisor:,.{decimals}f}{suffix}"


def format_value(value: Any, unit: Any, *, signed: bool = False, qualifier: Any = None) -> str:
    """``value`` in ``unit`` (a contract unit: ISO code, ``percent``, ``percentage_point``,
    ``multiple``, ``count``, ``USD/share`` ...) as a short string.

    ``signed`` writes ``+`` before positive values (for changes); ``qualifier`` adds its
    mark (``approximately`` -> ``~``). A missing value gives ``""``; an unknown unit is
    written after the number (``"12.5 kWh"``).
    """
    if is_missing(value):
        return ""
    value = float(value)
    unit = "" if unit is None or unit is pd.NA else str(unit)
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    mag = abs(value)
    data = display_data()
    if is_money(unit):
        body = currency_prefix(unit) + _scaled(mag, "money_scales", data["money_decimals"])
    elif "/" in unit and is_money(unit.split("/", 1)[0]):
        code, per = unit.split("/", 1)
        body = f"{currency_prefix(code)}{mag:,.{data['per_unit_decimals']}f}/{per}"
    elif unit in data["ratio_units"]:
        spec = data["ratio_units"][unit]
        body = f"{mag:,.{spec['decimals']}f}{spec['suffix']}"
    elif unit == "count":
        body = _scaled(mag, "count_scales", data["count_decimals"])
    else:
        body = f"{mag:,.6g} {unit}".rstrip()
    mark = data["qualifier_marks"].get(str(qualifier), "") if qualifier is not None else ""
    return mark + sign + body
