"""The ``KpiExtractError`` family: every error the library raises on purpose."""
from __future__ import annotations

__all__ = ["KpiExtractError", "InputTypeError", "InputFileError", "LexiconError", "ConfigError", "FrameError",
           "MissingDependencyError", "PeriodWarning", "DocumentWarning"]


class KpiExtractError(Exception):
    """Base class of every error raised by kpi_extract on purpose."""


class InputTypeError(KpiExtractError, TypeError):
    """An input has the wrong type: a text that is not a ``str`` (``None``, ``bytes``, a
    number ...), a frame that is not a ``pandas.DataFrame``."""


def check_text(text: object, what: str = "text") -> str:
    """``text`` when it is a str, else an :class:`InputTypeError` naming ``what`` (with a
    hint for bytes): the one input check of every entry point taking a text."""
    if isinstance(text, str):
        return text
    hint = " (decode bytes first: data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
    raise InputTypeError(f"{what} must be a str, not {type(text).__name__}{hint}")


class InputFileError(KpiExtractError, OSError):
    """A file named as input does not exist or cannot be read as UTF-8 text."""


class LexiconError(KpiExtractError, ValueError):
    """A rule, lexicon or unit file is malformed or names an unknown unit."""


class ConfigError(KpiExtractError, ValueError):
    """An option given to ``make_pipeline`` or ``extract`` is not valid."""


class FrameError(KpiExtractError, ValueError):
    """A DataFrame handed to kpi_extract (``df.kpi``, ``check``, ``track_guidance``) lacks
    columns it needs (``missing`` lists them), or holds nothing to show
    (``df.kpi.plot("revenue")`` on a frame without revenue)."""

    def __init__(self, message: str, *, missing: tuple[str, ...] = ()):
        super().__init__(message)
        self.missing = tuple(missing)


class MissingDependencyError(KpiExtractError, ImportError):
    """An optional dependency is not installed; the message names the extra that brings it
    (``pip install 'kpi_extract[plot]'``)."""


class PeriodWarning(UserWarning):
    """A document's reporting period could not be found: relative periods stay ``<NA>``."""


class DocumentWarning(UserWarning):
    """One document of a batch failed and gave no rows (``extract_many(on_error="warn")``).

    ``doc_id`` names the document and ``error`` holds the exception; the other documents'
    rows are all kept.
    """

    def __init__(self, message: str, *, doc_id: str | None = None, error: BaseException | None = None):
        super().__init__(message)
        self.doc_id = doc_id
        self.error = error
