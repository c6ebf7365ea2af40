"""Reading a reporting period given by the caller (``"2022Q4"``, ``"FY2022"``, ``"Q4 2022"``)."""
from __future__ import annotations

import re

from kpi_extract.errors import ConfigError

__all__ = ["parse_reporting_period"]

_FORMS = [
    re.compile(r"(?P<y>\d{4})\s*-?\s*(?P<p>Q[1-4]|H[12]|9M|FY)", re.I),
    re.compile(r"(?P<p>Q[1-4]|H[12]|9M|FY)\s*-?\s*(?P<y>\d{4})", re.I),
    re.compile(r"(?P<y>\d{4})", re.I),
]


def parse_reporting_period(spec: str | None) -> dict[str, object]:
    """``"2022Q4"`` -> ``{"report_fiscal_year": 2022, "report_fiscal_period": "Q4"}``;
    a bare year means the full fiscal year. ``None`` gives ``{}``."""
    if spec is None:
        return {}
    if not isinstance(spec, str):
        raise ConfigError(f"reporting_period must be a string like '2022Q4' or 'FY2022', not {type(spec).__name__}")
    s = spec.strip()
    for form in _FORMS:
        m = form.fullmatch(s)
        if m:
            period = (m.groupdict().get("p") or "FY").upper()
            return {"report_fiscal_year": int(m["y"]), "report_fiscal_period": period}
    raise ConfigError(f"cannot read reporting_period {spec!r}: use '2022Q4', 'Q4 2022', 'FY2022' or '2022H1'")
