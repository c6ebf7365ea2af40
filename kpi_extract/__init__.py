"""kpi_extract: financial KPIs from earnings call transcripts as a tidy DataFrame.

>>> import kpi_extract
>>> df = kpi_extract.extract("Revenue was RMB 2.13 billion, up 7.9% year-over-year.")
>>> df[["value_text", "value", "unit"]].values.tolist()
[['RMB 2.13 billion', 2130000000.0, 'CNY'], ['7.9%', 7.9, 'percent']]
"""
from __future__ import annotations

from kpi_extract.show import accessor as _accessor  # noqa: F401  (registers the df.kpi accessor)
from kpi_extract.pipeline import extensions as _extensions
from kpi_extract.api import extract, extract_many, warmup
from kpi_extract.sources import SourceDocument, read
from kpi_extract.analysis.consistency import check
from kpi_extract.document.call import CallReading, read_call
from kpi_extract.errors import (ConfigError, FrameError, InputFileError, InputTypeError, KpiExtractError, LexiconError,
                                MissingDependencyError)
from kpi_extract.formatting import format_value
from kpi_extract.analysis.guidance import guidance_history, track_guidance
from kpi_extract.show.guidance_plot import plot_guidance
from kpi_extract.pipeline.build import default_pipeline, make_pipeline
from kpi_extract.show.render import render
from kpi_extract.schema import COLUMNS, SCHEMA, Schema
from kpi_extract.pipeline.values.component import KpiValues

__version__ = "0.1.0"
__all__ = [
    "extract", "extract_many", "warmup", "read", "SourceDocument", "make_pipeline", "default_pipeline", "COLUMNS", "SCHEMA", "Schema",
    "KpiValues", "render", "check", "read_call", "CallReading", "format_value", "track_guidance", "guidance_history", "plot_guidance",
    "KpiExtractError", "InputTypeError", "InputFileError", "LexiconError", "ConfigError", "FrameError",
    "MissingDependencyError", "__version__",
]

_extensions.install()
