"""The optional parsers of ``kpi_extract[documents]``, imported on first use."""
from __future__ import annotations

import importlib
from types import ModuleType

from kpi_extract.errors import MissingDependencyError

__all__ = ["need", "EXTRA"]

#: the extra that brings the parsers
EXTRA = "documents"


def need(module: str, what: str) -> ModuleType:
    """``module`` imported, else a :class:`MissingDependencyError` naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        raise MissingDependencyError(
            f"reading {what} needs {top}: pip install 'kpi_extract[{EXTRA}]'") from exc
