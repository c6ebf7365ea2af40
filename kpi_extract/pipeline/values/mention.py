"""One value found in a text (:class:`Mention`), as the scanner and its context readers
(:mod:`~kpi_extract.pipeline.values.scanning`, :mod:`~kpi_extract.pipeline.values.unsaid`)
pass it on, before it becomes a span and a row."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kpi_extract.pipeline.values import units

__all__ = ["Mention", "MAX_GAP"]

#: the longest text between two values joined as a range or an apposition ("  to  ", ", or ")
MAX_GAP = 24


@dataclass
class Mention:
    """One value found in a text, before it becomes a span and a row."""

    start: int
    end: int
    number: Decimal
    unit: str  # a name from units.txt
    form: str
    scale: str | None = None
    per: str | None = None
    negative: bool = False
    qualifier: str = "exact"
    falling: bool = False  # made negative by a falling change verb ("decreased by 20%")
    bare: bool = False  # money said without a currency ("revenue was 4.8 billion")

    @property
    def reported(self) -> tuple[float, str]:
        value, unit = units.normalize(self.number, self.unit, self.scale)
        if self.negative:
            value = -value
        return value, (f"{unit}/{self.per}" if self.per else unit)

    def family(self) -> tuple[str, str | None]:
        return units.reported_unit(self.unit), self.per
