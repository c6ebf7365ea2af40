"""Units and scales through one private pint registry.

The registry is built once from ``data/units.txt`` (currencies as their own dimensions,
scale words as dimensionless units, ``percentage_point`` apart from ``percent``). pint is
asked once per (unit, scale) pair for the conversion factor to the reported unit; the
factor is cached as a :class:`~decimal.Decimal`, so normalizing a value is exact Decimal
arithmetic and never parses text with pint on the hot path.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from importlib import resources

import pint

from kpi_extract.errors import LexiconError

__all__ = ["registry", "reported_unit", "factor", "normalize"]

#: units whose magnitude is reported in another unit (``US_cent`` -> ``USD``)
_REPORTED = {"percent": "percent", "multiple": "multiple", "count": "count",
             "basis_point": "percentage_point", "percentage_point": "percentage_point"}


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The package's own registry: nothing but ``data/units.txt``."""
    ureg = pint.UnitRegistry(None, on_redefinition="raise", autoconvert_offset_to_baseunit=False)
    ureg.load_definitions(str(resources.files("kpi_extract") / "data" / "units.txt"))
    return ureg


@lru_cache(maxsize=None)
def reported_unit(unit: str) -> str:
    """The unit a value is reported in: the ISO code for money (``US_cent`` -> ``USD``),
    ``percentage_point`` for basis points, the unit itself otherwise."""
    if unit in _REPORTED:
        return _REPORTED[unit]
    ureg = registry()
    try:
        dims = ureg.get_dimensionality(unit)
    except (pint.UndefinedUnitError, AttributeError) as exc:
        raise LexiconError(f"unit {unit!r} is not defined in units.txt") from exc
    for dim in dims:
        if dim.startswith("[currency_"):
            return dim[len("[currency_"):-1]
    raise LexiconError(f"unit {unit!r} has no reported unit (not money, percent, count or multiple)")


@lru_cache(maxsize=None)
def factor(unit: str, scale: str | None = None) -> Decimal:
    """Exact factor taking one ``scale`` ``unit`` to :func:`reported_unit` (cached)."""
    ureg = registry()
    target = reported_unit(unit)
    try:
        q = ureg.Quantity(1, unit)
        if unit == "percent":
            mag = 1.0
        else:
            mag = q.to(target).magnitude
        if scale:
            mag *= ureg.Quantity(1, scale).to("dimensionless").magnitude
    except pint.errors.PintError as exc:
        raise LexiconError(f"cannot convert {scale or ''} {unit} to {target}: {exc}") from exc
    return Decimal(repr(float(mag)))


def normalize(number: Decimal, unit: str, scale: str | None = None) -> tuple[float, str]:
    """``(Decimal("2.131"), "CNY", "billion")`` -> ``(2131000000.0, "CNY")``."""
    return float(number * factor(unit, scale)), reported_unit(unit)
