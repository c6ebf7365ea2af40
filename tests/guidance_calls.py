"""Shared by the guidance tests: fictional calls through ``extract`` and the tracker."""
from __future__ import annotations

import warnings

import pandas as pd

import kpi_extract


def track(*texts: tuple[str, str, str]) -> pd.DataFrame:
    """``track_guidance`` of the calls ``(doc_id, reporting period, text)``, warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = pd.concat([kpi_extract.extract(t, doc_id=d, reporting_period=p) for d, p, t in texts],
                       ignore_index=True)
        return kpi_extract.track_guidance(df)
