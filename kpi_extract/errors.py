"""The ``KpiExtractError`` family: every error the library raises on purpose."""
from __future__ import annotations

__all__ = ["KpiExtractError", "InputTypeError", "LexiconError", "ConfigError", "PeriodWarning"]


class KpiExtractError(Exception):
    """Base class of every error raised by kpi_extract on purpose."""


class InputTypeError(KpiExtractError, TypeError):
    """The text given is not a ``str`` (``None``, ``bytes``, a number ...)."""


class LexiconError(KpiExtractError, ValueError):
    """A rule, lexicon or unit file is malformed or names an unknown unit."""


class ConfigError(KpiExtractError, ValueError):
    """An option given to ``make_pipeline`` or ``extract`` is not valid."""


class PeriodWarning(UserWarning):
    """A document's reporting period could not be found: relative periods stay ``<NA>``."""
