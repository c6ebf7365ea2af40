"""The ``KpiExtractError`` family: every error the library raises on purpose."""
from __future__ import annotations

import re

__all__ = ["KpiExtractError", "InputTypeError", "InputFileError", "LexiconError", "ConfigError", "FrameError",
           "MissingDependencyError", "PeriodWarning", "DocumentWarning"]


class KpiExtractError(Exception):
    """Base class of every error raised by kpi_extract on purpose."""


class InputTypeError(KpiExtractError, TypeError):
    """An input has the wrong type: a text that is not a ``str`` (``None``, ``bytes``, a
    number ...), a frame that is not a ``pandas.DataFrame``."""


#: a UTF-16 surrogate code point: a str holds one only by mistake (a JSON "\\ud800" escape,
#: bytes decoded with ``errors="surrogateescape"``), and no encoder (spaCy's included) takes it
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text: object, what: str = "text") -> str:
    """``text`` when it is a str, else an :class:`InputTypeError` naming ``what`` (with a
    hint for bytes): the one input check of every entry point taking a text.

    A lone surrogate (``"\\ud800"``) becomes U+FFFD, the replacement character: one
    character for one, so every offset into ``text`` stays true (``text[start:end] ==
    value_text``), and the rest of the text is read as ever; a text that cannot be encoded
    as UTF-8 is not a reason to lose its values. ``sentence`` and ``metric_text`` show
    U+FFFD where the text had the surrogate; a ``doc_id`` derived from the text hashes the
    repaired text."""
    if isinstance(text, str):
        if text.isascii():
            return text
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return _SURROGATE.sub("\ufffd", text)
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
