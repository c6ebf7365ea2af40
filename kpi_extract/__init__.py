"""kpi_extract: financial KPIs from earnings call transcripts as a tidy DataFrame.

>>> import kpi_extract
>>> df = kpi_extract.extract("Revenue was RMB 2.13 billion, up 7.9% year-over-year.")
>>> df[["value_text", "value", "unit"]].values.tolist()
[['RMB 2.13 billion', 2130000000.0, 'CNY'], ['7.9%', 7.9, 'percent']]
"""
from __future__ import annotations

from . import accessor as _accessor  # noqa: F401  (registers the df.kpi accessor)
from . import extensions as _extensions
from .api import extract, extract_many
from .check import check
from .errors import (ConfigError, FrameError, InputFileError, InputTypeError, KpiExtractError, LexiconError,
                     MissingDependencyError)
from .formatting import format_value
from .guidance import guidance_history, track_guidance
from .guidance_plot import plot_guidance
from .pipeline import default_pipeline, make_pipeline
from .rendering import render
from .schema import COLUMNS, SCHEMA, Schema
from .values import KpiValues

__version__ = "0.1.0"
__all__ = [
    "extract", "extract_many", "make_pipeline", "default_pipeline", "COLUMNS", "SCHEMA", "Schema",
    "KpiValues", "render", "check", "format_value", "track_guidance", "guidance_history", "plot_guidance",
    "KpiExtractError", "InputTypeError", "InputFileError", "LexiconError", "ConfigError", "FrameError",
    "MissingDependencyError", "__version__",
]

_extensions.install()
